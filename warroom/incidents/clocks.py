"""Response clocks: what is due when, computed from the timeline, the plan and the time.

A clock is a pure function of an incident's timeline entries, its plan and
`now`, so it survives a restart and two laptops holding the same entries show
the same clocks.  Three kinds:

- response: the plan's target per severity level ("level 4: acknowledge within
  10 min, holding statement within 60 min").  The deadline is the earliest of
  (time the incident reached level L + L's target) over the levels it reached,
  so raising the level tightens a running clock and lowering it never relaxes
  it.  Acknowledge is met by an `acknowledged` entry; the holding statement by
  the first public message sent (holding statement, apology, update or
  correction; a template the plan no longer knows counts too).
- step: a checklist step of the incident's scenario with `due_minutes`, due
  that long after opening, met when the step is first ticked done.
- escalation: tier N contacts not acknowledging within the rule's minutes
  make tier N+1 due.  Tier N's clock starts when it became due (the incident
  reached the rule's level, for the first rule; tier N-1's deadline passed
  unmet, for the next) or when a tier-N contact was first contacted, if earlier.

A clock is running (due ahead, not met), met (in time), breached (deadline
passed unmet) or late (met after its deadline).  A closed incident's clocks
stop at closing: a deadline after it is never breached.

`record_breaches` writes each newly breached clock once as a `clock_breached`
entry keyed by the clock's key, at the deadline; two laptops that both wrote
one while apart hold two entries with the same key after sync, and
`breach_entries` keeps the first per key, so every reader counts it once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.incidents import timeline
from warroom.plan import model as m
from warroom.store.models import Contact, Incident, PlanVersion, TimelineEntry, utcnow

BREACH_KIND = "clock_breached"
ACK_KIND = "acknowledged"
CLOCK_AUTHOR = "clock"
PUBLIC_PURPOSES = ("holding_statement", "apology", "update", "correction")
ACTION_LABELS = {"acknowledge": "Acknowledge", "holding_statement": "Holding statement"}


class EntryLike(Protocol):
    kind: str
    occurred_at: datetime
    data: dict[str, Any]


@dataclass(frozen=True)
class Clock:
    """One deadline of an incident.  `tier`: for escalation, the tier that is due on breach."""

    key: str
    kind: str  # response, step, escalation
    label: str
    started_at: datetime
    due_at: datetime
    met_at: datetime | None
    level: int | None = None
    tier: int | None = None
    owner: str = ""  # the role that owns a step
    minutes: int | None = None  # the target or rule's minutes
    text: dict[str, str] = field(default_factory=dict, compare=False)  # a step's text by language

    def state(self, now: datetime) -> str:
        if self.met_at is not None:
            return "met" if self.met_at <= self.due_at else "late"
        return "breached" if now >= self.due_at else "running"

    def remaining(self, now: datetime) -> timedelta:
        """Time left to the deadline (negative: overdue by that much)."""
        return self.due_at - now

    def breached(self, now: datetime) -> bool:
        return self.state(now) in ("breached", "late")


@dataclass(frozen=True)
class IncidentFacts:
    """What clocks need of an incident beyond its timeline."""

    opened_at: datetime
    closed_at: datetime | None
    scenario_key: str
    contact_tiers: dict[str, int]


def level_history(
    entries: Iterable[EntryLike], opened_at: datetime, current: int
) -> list[tuple[datetime, int]]:
    """(time, level) from the `opened` entry and each severity change, in time order."""
    steps: list[tuple[datetime, int]] = []
    for e in entries:
        if e.kind == "opened" and isinstance(e.data.get("severity_level"), int):
            steps.append((e.occurred_at, int(e.data["severity_level"])))
        elif e.kind == "severity" and isinstance(e.data.get("to"), int):
            steps.append((e.occurred_at, int(e.data["to"])))
    if not steps:
        steps.append((opened_at, current))
    return sorted(steps, key=lambda s: s[0])


def _first(entries: Sequence[EntryLike], match: Any) -> datetime | None:
    return next((e.occurred_at for e in entries if match(e)), None)


def _purposes(plan: m.Plan) -> dict[str, str]:
    return {f"{s.key}/{msg.key}": msg.purpose for s in plan.scenarios for msg in s.messages}


def compute(
    entries: Sequence[EntryLike], plan: m.Plan, facts: IncidentFacts, *, current_level: int = 1
) -> list[Clock]:
    """Every clock of the incident, ordered by deadline (entries in time order)."""
    ordered = sorted(entries, key=lambda e: e.occurred_at)
    until = facts.closed_at
    levels = level_history(ordered, facts.opened_at, current_level)
    clocks: list[Clock] = []
    purposes = _purposes(plan)

    def public(e: EntryLike) -> bool:
        if e.kind != "message":
            return False
        return purposes.get(str(e.data.get("template", "")), "holding_statement") in PUBLIC_PURPOSES

    met_by = {
        "acknowledge": _first(ordered, lambda e: e.kind == ACK_KIND),
        "holding_statement": _first(ordered, public),
    }
    for action in m.CLOCK_ACTIONS:
        best: tuple[datetime, datetime, int, int] | None = None
        for at, level in levels:
            target = plan.response.target(level)
            minutes = target.minutes(action) if target is not None else None
            if minutes is None or (until is not None and at > until):
                continue
            due = at + timedelta(minutes=minutes)
            if best is None or due < best[1]:
                best = (at, due, level, minutes)
        if best is not None:
            at, due, level, minutes = best
            clocks.append(
                Clock(
                    key=action,
                    kind="response",
                    label=f"{ACTION_LABELS[action]} within {minutes} min (level {level})",
                    started_at=at,
                    due_at=due,
                    met_at=met_by[action],
                    level=level,
                    minutes=minutes,
                )
            )
    scenario = plan.scenario(facts.scenario_key) if facts.scenario_key else None
    for step in scenario.steps if scenario is not None else []:
        if step.due_minutes is None:
            continue
        step_key = f"{scenario.key}/{step.key}" if scenario is not None else step.key
        clocks.append(
            Clock(
                key=f"step:{step_key}",
                kind="step",
                label="Step: " + (step.text.get("en") or next(iter(step.text.values()), step.key)),
                started_at=facts.opened_at,
                due_at=facts.opened_at + timedelta(minutes=step.due_minutes),
                met_at=_first(
                    ordered,
                    lambda e, k=step_key: (
                        e.kind == "step" and e.data.get("step") == k and e.data.get("done") is True
                    ),
                ),
                owner=step.owner,
                minutes=step.due_minutes,
                text=dict(step.text),
            )
        )
    clocks.extend(_escalation(ordered, plan, facts, levels))
    if until is not None:
        clocks = [c for c in clocks if c.due_at <= until or c.met_at is not None]
    return sorted(clocks, key=lambda c: c.due_at)


def _escalation(
    entries: Sequence[EntryLike],
    plan: m.Plan,
    facts: IncidentFacts,
    levels: list[tuple[datetime, int]],
) -> list[Clock]:
    out: list[Clock] = []
    previous: Clock | None = None
    for rule in plan.response.escalation:
        reached = next((at for at, level in levels if level >= rule.min_level), None)
        if reached is None:
            previous = None
            continue

        def of_tier(e: EntryLike, event: str, tier: int = rule.tier) -> bool:
            return (
                e.kind == "contact"
                and e.data.get("event") == event
                and facts.contact_tiers.get(str(e.data.get("contact", ""))) == tier
            )

        contacted = _first(entries, lambda e: of_tier(e, "contacted"))
        if previous is None:
            became_due: datetime | None = reached
        elif previous.tier == rule.tier and (
            previous.met_at is None or previous.met_at > previous.due_at
        ):
            became_due = previous.due_at
        else:
            became_due = None
        starts = [t for t in (became_due, contacted) if t is not None]
        if not starts:
            previous = None
            continue
        start = max(min(starts), reached)
        clock = Clock(
            key=f"escalate:tier{rule.tier}",
            kind="escalation",
            label=f"Tier {rule.tier} acknowledges within {rule.after_minutes} min "
            f"(else tier {rule.tier + 1} is due)",
            started_at=start,
            due_at=start + timedelta(minutes=rule.after_minutes),
            met_at=_first(entries, lambda e: of_tier(e, "acknowledged")),
            tier=rule.tier + 1,
            minutes=rule.after_minutes,
        )
        out.append(clock)
        previous = clock
    return out


def next_due(clocks: Sequence[Clock], now: datetime) -> Clock | None:
    """The running clock with the nearest deadline."""
    running = [c for c in clocks if c.state(now) == "running"]
    return min(running, key=lambda c: c.due_at) if running else None


def escalation_due(clocks: Sequence[Clock], now: datetime) -> set[int]:
    """Contact tiers due to be escalated to: tier N+1 for each breached tier-N clock."""
    return {
        c.tier for c in clocks if c.kind == "escalation" and c.tier is not None and c.breached(now)
    }


def breach_entries(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """The `clock_breached` entries, the first per clock key (team sync may hold two)."""
    seen: set[str] = set()
    out: list[TimelineEntry] = []
    for e in sorted(entries, key=lambda e: (e.occurred_at, e.origin, e.seq)):
        key = str(e.data.get("clock", ""))
        if e.kind == BREACH_KIND and key not in seen:
            seen.add(key)
            out.append(e)
    return out


# --- reading an incident's clocks from the store --------------------------------------

_plans: dict[tuple[str, datetime | None], m.Plan] = {}
_plans_lock = threading.Lock()


def incident_plan(session: Session, incident: Incident) -> m.Plan | None:
    """The plan version the incident follows (else the active plan), parsed once per version."""
    from warroom.plan.store import active_plan, load_plan

    version = (
        session.get(PlanVersion, incident.plan_version_id) if incident.plan_version_id else None
    )
    if version is None:
        version = active_plan(session)
    if version is None:
        return None
    key = (version.id, version.updated_at)
    with _plans_lock:
        found = _plans.get(key)
    if found is None:
        found = load_plan(version)
        with _plans_lock:
            if len(_plans) > 8:
                _plans.clear()
            _plans[key] = found
    return found


def facts_of(session: Session, incident: Incident) -> IncidentFacts:
    tiers = {
        cid: int(tier) for cid, tier in session.execute(select(Contact.id, Contact.escalation_tier))
    }
    return IncidentFacts(incident.opened_at, incident.closed_at, incident.scenario_key, tiers)


def incident_clocks(
    session: Session, incident: Incident, entries: Sequence[TimelineEntry] | None = None
) -> list[Clock]:
    """The incident's clocks (none without a plan)."""
    plan = incident_plan(session, incident)
    if plan is None:
        return []
    found = entries if entries is not None else timeline.entries(session, incident.id)
    return compute(found, plan, facts_of(session, incident), current_level=incident.severity_level)


_recording = threading.Lock()


def record_breaches(
    session: Session, incident: Incident, *, origin: str, now: datetime | None = None
) -> list[TimelineEntry]:
    """Write each newly breached clock on the timeline once; the new entries."""
    moment = now or utcnow()
    with _recording:
        entries = timeline.entries(session, incident.id)
        written = {str(e.data.get("clock", "")) for e in entries if e.kind == BREACH_KIND}
        added: list[TimelineEntry] = []
        for clock in incident_clocks(session, incident, entries):
            if clock.key in written or not clock.breached(moment) or clock.due_at > moment:
                continue
            added.append(
                timeline.append(
                    session,
                    incident_id=incident.id,
                    origin=origin,
                    kind=BREACH_KIND,
                    author=CLOCK_AUTHOR,
                    text=f"Clock breached: {clock.label.rstrip('.')}; "
                    f"due {clock.due_at:%Y-%m-%d %H:%M} UTC",
                    data={
                        "clock": clock.key,
                        "clock_kind": clock.kind,
                        "label": clock.label,
                        "started_at": clock.started_at.isoformat(),
                        "due_at": clock.due_at.isoformat(),
                        "level": clock.level,
                        "escalate_to_tier": clock.tier,
                    },
                    at=clock.due_at,
                )
            )
            written.add(clock.key)
        return added


def describe(clock: Clock, now: datetime) -> str:
    """One line for people: state, label, deadline and time left or overdue."""
    state = clock.state(now)
    due = f"due {clock.due_at:%Y-%m-%d %H:%M} UTC"
    if state == "running":
        return f"running   {clock.label}; {due}, {format_span(clock.remaining(now))} left"
    if state == "breached":
        return f"BREACHED  {clock.label}; {due}, overdue by {format_span(-clock.remaining(now))}"
    met = clock.met_at
    assert met is not None
    if state == "late":
        return f"BREACHED  {clock.label}; {due}, met {format_span(met - clock.due_at)} late"
    return f"met       {clock.label}; met {met:%Y-%m-%d %H:%M} UTC, {due}"


def format_span(span: timedelta) -> str:
    """'4 min', '1 h 05 min', '2 d 3 h': what a clock shows."""
    seconds = max(0, int(span.total_seconds()))
    minutes, sec = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min"
    return f"{sec} s"

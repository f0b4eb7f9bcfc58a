"""The drill engine: a scenario replayed into a drill store on a virtual clock.

`start_drill()` creates the marked drill store, copies the team's plan (with
its approvals), contacts and brand from the real store opened read-only
(the default plan and the demo team when there is no real store yet), loads
the scenario's pre-crisis history at once and returns a `Drill`.
`Drill.advance(now)` feeds the mentions due by `now` through the normal
writer (analysis, FTS, rollup), plays due injects and, when asked, the
scenario's scripted team actions, and runs the detector and alerts as ingest
does.  `run_headless()` drives it to the end at a speed (1, 10, 60… or None
for as fast as possible) with `warroom.clock` following the drill's clock,
so every timestamp in the drill store is scenario time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from warroom import clock, paths
from warroom.detection import monitor
from warroom.drills import injects
from warroom.drills import store as drill_store
from warroom.drills.scenarios import Inject, Scenario, TeamAction, read_only
from warroom.errors import UserError
from warroom.incidents import service as incidents
from warroom.store.db import Store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import Brand, Contact, MessageTemplate, Source, utcnow

SCRIPT_AUTHOR = "Drill script (scripted team action)"
SCAN_EVERY = timedelta(minutes=1)  # the detector runs once per scenario minute, as ingest would
HISTORY_BATCH = 2000

Progress = Callable[[float, float], bool]  # (scenario minute, duration) -> keep going?


def speed_label(speed: float | None) -> str:
    return "max" if speed is None else f"{speed:g}"


def parse_speed(text: str) -> float | None:
    if text.strip().lower() in ("max", "fast", "0"):
        return None
    try:
        value = float(text.rstrip("xX×"))
    except ValueError:
        raise UserError(
            f"speed must be a number such as 1, 10 or 60, or max; not {text!r}"
        ) from None
    if not 0.1 <= value <= 3600:
        raise UserError(f"speed {text} is out of range (0.1 to 3600, or max)")
    return value


@dataclass
class Drill:
    store: Store
    scenario: Scenario
    info: drill_store.DrillInfo
    source_id: str
    scripted_team: bool = False
    fed: int = 0  # rows of scenario.rows already written
    pending: list[tuple[float, dict[str, Any]]] = field(default_factory=list)  # inject bursts
    injects_done: int = 0
    script_done: int = 0
    last_scan: datetime | None = None
    alerts: int = 0

    @property
    def anchor(self) -> datetime:
        return self.info.anchor_at

    def minute(self, moment: datetime) -> float:
        return (moment - self.anchor).total_seconds() / 60.0

    def at(self, minute: float) -> datetime:
        return self.anchor + timedelta(minutes=minute)

    @property
    def end(self) -> datetime:
        return self.at(self.scenario.duration_minutes)

    def finished(self, moment: datetime) -> bool:
        return moment >= self.end

    # feeding -----------------------------------------------------------------------

    def _write(self, rows: list[tuple[float, dict[str, Any]]]) -> int:
        if not rows:
            return 0
        from warroom.analysis.pipeline import score_mentions
        from warroom.plan.store import active_plan

        prepared = [
            {**row, "published_at": self.at(minute), "source_id": self.source_id}
            for minute, row in rows
        ]
        with self.store.session() as session:
            score_mentions(prepared, plan=active_plan(session), languages=self._languages())
            return store_mentions(session, prepared, origin=self.store.origin)

    def _languages(self) -> list[str]:
        return list(self.scenario.brand.get("languages") or ["en", "ms"])

    def load_history(self, progress: Progress | None = None) -> int:
        """Write the rows before minute 0 (the baseline the detector learns from)."""
        history = [item for item in self.scenario.rows if item[0] < 0]
        written = 0
        for offset in range(0, len(history), HISTORY_BATCH):
            written += self._write(history[offset : offset + HISTORY_BATCH])
            if progress is not None and not progress(offset, max(1, len(history))):
                break
        self.fed = len(history)
        return written

    def advance(self, moment: datetime) -> list[str]:
        """Everything due by `moment` (scenario time); returns new alert ids.

        A jump of several minutes (a slow tick, the clock moved forward) is
        played minute by minute, so the detector and the script see the same
        order of events as at real speed.
        """
        found: list[str] = []
        step = (self.last_scan or self.anchor) + SCAN_EVERY
        while step < moment:
            found += self._advance(step)
            step += SCAN_EVERY
        return found + self._advance(moment)

    def _advance(self, moment: datetime) -> list[str]:
        minute = self.minute(moment)
        due: list[tuple[float, dict[str, Any]]] = []
        rows = self.scenario.rows
        while self.fed < len(rows) and rows[self.fed][0] <= minute:
            due.append(rows[self.fed])
            self.fed += 1
        while self.injects_done < len(self.scenario.injects):
            inject = self.scenario.injects[self.injects_done]
            if inject.at > minute:
                break
            self.injects_done += 1
            self._play(inject, self.at(inject.at))
        if self.scripted_team:
            while self.script_done < len(self.scenario.team_script):
                action = self.scenario.team_script[self.script_done]
                if action.at > minute:
                    break
                self.script_done += 1
                self._act(action, self.at(action.at))
        ready = [item for item in self.pending if item[0] <= minute]
        self.pending = [item for item in self.pending if item[0] > minute]
        self._write(sorted(due + ready, key=lambda item: item[0]))
        if self.last_scan is None or moment - self.last_scan >= SCAN_EVERY:
            return self.scan(moment)
        return []

    def scan(self, moment: datetime, *, journal: bool = True) -> list[str]:
        from warroom.alerts import watch

        since = max(self.anchor, (self.last_scan or self.anchor) - monitor.DEFAULT_BUCKET)
        self.last_scan = moment
        found = watch(self.store, since=since, now=moment)
        if found and journal:
            self.alerts += len(found)
            from warroom.store.models import Alert

            with self.store.session() as session:
                for alert in session.scalars(select(Alert).where(Alert.id.in_(found))):
                    drill_store.log_event(
                        session, moment, "alert", alert.message, alert=alert.id, series=alert.series
                    )
        return found

    # injects and the team script ------------------------------------------------------

    def inject(self, inject: Inject, moment: datetime) -> None:
        """A facilitator's inject, by hand or from the script, at `moment`."""
        self._play(inject, moment)

    def _play(self, inject: Inject, moment: datetime) -> None:
        injects.record(self.store, inject, moment)
        serial = self.injects_done + len(self.pending) + 1
        self.pending.extend(injects.burst_rows(self.scenario, inject, self.minute(moment), serial))
        self.pending.sort(key=lambda item: item[0])

    def _act(self, action: TeamAction, moment: datetime) -> None:
        run_team_action(self.store, self.scenario, action, moment)


def run_team_action(store: Store, scenario: Scenario, action: TeamAction, at: datetime) -> None:
    """One scripted team action (a demonstration of the debrief, marked as scripted)."""
    origin, who = store.origin, SCRIPT_AUTHOR
    args = action.args
    with store.session() as session:
        drill_store.log_event(session, at, "script", f"{action.action} {args}")
        current = incidents.current_incident(session)
        if action.action == "open_incident":
            if current is None:
                current = incidents.open_incident(
                    session,
                    origin=origin,
                    title=f"DRILL: {scenario.label()}",
                    author=who,
                    crisis_type=scenario.crisis_type,
                    scenario_key=scenario.plan_scenario,
                    severity_level=int(args.get("level", 3)),
                    at=at,
                )
                incidents.adopt_alerts(session, current, origin=origin)
            return
        if current is None:
            return  # the script acts on the open incident only
        if action.action == "stage":
            incidents.set_stage(
                session, current, str(args["stage"]), origin=origin, author=who, at=at
            )
        elif action.action == "level":
            incidents.set_severity(
                session, current, int(args["level"]), origin=origin, author=who, at=at
            )
        elif action.action == "tick":
            from warroom.incidents import timeline
            from warroom.store.models import StepTick

            key = f"{current.scenario_key}/{args['step']}"
            session.add(
                StepTick(
                    origin=origin, incident_id=current.id, step_key=key, done=True, by=who, at=at
                )
            )
            timeline.append(
                session,
                incident_id=current.id,
                origin=origin,
                kind="step",
                author=who,
                at=at,
                text=f"Step done: {args['step']}",
                data={"step": key, "done": True},
            )
        elif action.action == "send":
            ref = f"{current.scenario_key}/{args['message']}"
            incidents.record_message_sent(session, current, ref, origin=origin, author=who, at=at)
        elif action.action == "acknowledge":
            incidents.acknowledge(session, current, origin=origin, author=who, at=at)
        elif action.action == "contact":
            group = str(args.get("group", ""))
            event = str(args.get("event", "contacted"))  # contacted | acknowledged
            for contact in session.scalars(select(Contact).where(Contact.group == group)):
                incidents.record_contact(
                    session, current, contact.id, event, origin=origin, author=who, at=at
                )
        elif action.action == "note":
            incidents.add_note(
                session, current, str(args.get("text", "")), origin=origin, author=who, at=at
            )


# --- starting a drill --------------------------------------------------------------------


def anchor_for(moment: datetime) -> datetime:
    """Scenario minute 0: `moment` floored to the detector's bucket, so buckets line up."""
    return monitor.floor_bucket(moment, monitor.DEFAULT_BUCKET)


def start_drill(
    scenario: Scenario,
    *,
    speed: float | None,
    scripted_team: bool = False,
    facilitator: str = "",
    real_store_path: Path | None = None,
    drill_path: Path | None = None,
    progress: Progress | None = None,
) -> Drill:
    """A new drill store set up from the team's plan and contacts, history loaded."""
    real = real_store_path or paths.database_path()
    anchor = anchor_for(clock.wall_now())
    info = drill_store.DrillInfo(
        drill_id=drill_store.new_drill_id(),
        scenario=scenario.key,
        title=scenario.label(),
        crisis_type=scenario.crisis_type,
        speed=speed_label(speed),
        anchor=anchor.isoformat(),
        started_at=clock.wall_now().isoformat(),
        scripted_team=scripted_team,
        facilitator=facilitator,
        extra={
            "kind": scenario.kind,
            "plan_scenario": scenario.plan_scenario,
            "spike_at": scenario.spike_at,
            "skipped": scenario.skipped,
        },
    )
    store = drill_store.create_drill_store(info, drill_path)
    with clock.run_virtual(clock.VirtualClock(anchor, None)):
        source_id = _set_up(store, scenario, real, anchor)
        drill = Drill(store, scenario, info, source_id, scripted_team=scripted_team)
        drill.load_history(progress)
        drill.scan(anchor, journal=False)  # the baseline: the history's alerts are not the drill's
    return drill


def _set_up(store: Store, scenario: Scenario, real: Path, anchor: datetime) -> str:
    """Plan, approvals, contacts and brand copied from the real store (read-only)."""
    from warroom.plan.store import active_plan as plan_of
    from warroom.plan.store import ensure_default_plan, export_version, import_plan

    plan_text, approved, contacts, brands = None, [], [], []
    if real.is_file():
        with read_only(real) as session:
            version = plan_of(session)
            if version is not None:
                plan_text = export_version(version)
                for sc in version.scenarios:
                    for msg in sc.messages:
                        if msg.status == "approved":
                            approved.append((sc.key, msg.key, msg.approved_by))
            contacts = [
                {c: getattr(row, c) for c in _CONTACT_FIELDS}
                for row in session.scalars(select(Contact))
            ]
            brands = [
                {"name": b.name, "keywords": b.keywords, "languages": b.languages}
                for b in session.scalars(select(Brand))
            ]
    if plan_text is not None:
        import_plan(store, plan_text, source_file="copied from the real store", imported_by="drill")
    else:
        ensure_default_plan(store)
    from warroom.plan import approval

    with store.session() as session:
        version = plan_of(session)
        assert version is not None
        for sc in version.scenarios:
            for msg in sc.messages:
                wanted = (
                    any(a[0] == sc.key and a[1] == msg.key for a in approved)
                    if plan_text is not None
                    else msg.purpose in ("holding_statement", "reply")  # as the demo plan has it
                )
                if wanted and msg.status != "approved":
                    by = (
                        next((a[2] for a in approved if a[:2] == (sc.key, msg.key)), "")
                        or "Plan owner"
                    )
                    approval.submit(msg, "drill setup", now=anchor - timedelta(days=2))
                    approval.approve(
                        msg,
                        by,
                        "approved in the team's plan (copied for the drill)",
                        now=anchor - timedelta(days=1),
                    )
        if not contacts:
            from warroom.demo import CONTACTS

            contacts = [dict(c) for c in CONTACTS]
        for data in contacts:
            session.add(Contact(origin=store.origin, **data))
        brand = brands[0] if brands else scenario.brand
        session.add(
            Brand(
                origin=store.origin,
                name=str(brand.get("name") or "Drill brand"),
                keywords=list(brand.get("keywords") or []),
                languages=list(brand.get("languages") or ["en", "ms"]),
            )
        )
        source = Source(
            origin=store.origin,
            name=f"Drill replay: {scenario.label()}"[:200],
            kind="file",
            base_url="",
            enabled=False,  # never polled: the replay feeds it
            options={"drill": True},
            interval_s=300,
            health="ok",
            last_success_at=anchor,
        )
        session.add(source)
        session.flush()
        return source.id


_CONTACT_FIELDS = (
    "name",
    "group",
    "role",
    "phone",
    "email",
    "escalation_tier",
    "availability",
    "timezone",
    "notes",
)


def run_headless(
    drill: Drill,
    speed: float | None,
    *,
    until_minute: float | None = None,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> float:
    """Replay to the end (or `until_minute`) at `speed`; returns the wall seconds it took."""
    end_minute = drill.scenario.duration_minutes if until_minute is None else until_minute
    virtual = clock.VirtualClock(drill.anchor, None)
    started = time.monotonic()
    with clock.run_virtual(virtual):
        step = 0
        while True:
            step += 1
            minute = min(float(step), end_minute)
            if speed is not None:
                wait = started + minute * 60.0 / speed - time.monotonic()
                if wait > 0:
                    sleep(wait)
            virtual.advance_to(drill.at(minute))
            drill.advance(drill.at(minute))
            if progress is not None and not progress(minute, end_minute):
                break
            if minute >= end_minute:
                break
    drill_store.update_info(drill.store, ended_at=clock.wall_now().isoformat())
    return time.monotonic() - started


def utc_now() -> datetime:
    return utcnow()


__all__ = ["Drill", "MessageTemplate", "parse_speed", "run_headless", "start_drill"]

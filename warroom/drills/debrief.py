"""The drill's scored debrief: how fast the team saw, acknowledged and answered.

Computed from the drill store alone (its journal, alerts, incidents,
timeline, ticks, messages and contact events), on the drill's clock:

- time from the first spike to detection (the first alert the detector
  raised after minute 0), to acknowledgement (the drill incident opened), to
  the first approved holding statement sent, and to each stage;
- checklist steps with a due time: done on time, done late, missed (due
  before the drill ended and not done) or not yet due;
- messages recorded without an approval; first-tier contacts not reached.

A missing figure stays missing ("not reached"), never zero.  The score
(0-100) weighs those five; `compare` sets it beside the team's previous
drills of the same scenario.  `write_debrief_pdf` lays it out with the
incident report's machinery, with the DRILL banner on every page.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from warroom.drills import store as drill_store
from warroom.errors import UserError
from warroom.store.db import Store
from warroom.store.models import (
    Contact,
    ContactEvent,
    Incident,
    MessageSent,
    MessageTemplate,
    StepTick,
    StoreInfo,
    TimelineEntry,
)

ACK_TARGET_MIN = 15.0  # acknowledgement within 15 min of detection scores in full
STATEMENT_TARGET_MIN = 60.0  # first approved holding statement within an hour of the spike


@dataclass
class StepResult:
    key: str
    title: str
    stage: str
    due_at: str | None
    done_at: str | None
    state: str  # on time, late, missed, not due, no due time


@dataclass
class Debrief:
    drill_id: str
    scenario: str
    title: str
    speed: str
    scripted_team: bool
    anchor: str
    ended_at: str  # scenario time the drill stopped
    first_spike_at: str | None
    detected_at: str | None
    acknowledged_at: str | None
    statement_at: str | None
    stages: list[tuple[str, str]] = field(default_factory=list)  # (stage, at)
    steps: list[StepResult] = field(default_factory=list)
    unapproved_messages: list[str] = field(default_factory=list)
    contacts_not_reached: list[str] = field(default_factory=list)
    contacts_expected: int = 0
    alerts: int = 0
    injects: list[tuple[str, str]] = field(default_factory=list)  # (at, text)
    # response clocks breached by the drill's end: (label, due at), the plan's targets
    clock_breaches: list[tuple[str, str]] = field(default_factory=list)
    mentions: int = 0
    score: int = 0
    previous: list[dict[str, Any]] = field(default_factory=list)

    def minutes(self, moment: str | None) -> float | None:
        """Minutes from the first spike to `moment` (None when either is missing)."""
        if moment is None or self.first_spike_at is None:
            return None
        span = datetime.fromisoformat(moment) - datetime.fromisoformat(self.first_spike_at)
        return span.total_seconds() / 60.0

    @property
    def on_time(self) -> int:
        return sum(1 for s in self.steps if s.state == "on time")

    @property
    def late(self) -> int:
        return sum(1 for s in self.steps if s.state == "late")

    @property
    def missed(self) -> int:
        return sum(1 for s in self.steps if s.state == "missed")

    def figures(self) -> dict[str, Any]:
        """The headline figures (minutes from the first spike; None: not reached)."""
        return {
            "detection_min": self.minutes(self.detected_at),
            "acknowledgement_min": self.minutes(self.acknowledged_at),
            "statement_min": self.minutes(self.statement_at),
            "steps_on_time": self.on_time,
            "steps_late": self.late,
            "steps_missed": self.missed,
            "unapproved_messages": len(self.unapproved_messages),
            "contacts_not_reached": len(self.contacts_not_reached),
            "clock_breaches": len(self.clock_breaches),
            "score": self.score,
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def compute(store: Store, *, ended_at: datetime | None = None) -> Debrief:
    """The debrief of the drill in `store` (raises UserError for a real store)."""
    with store.session() as session:
        info = drill_store.drill_info(session)
        if info is None:
            raise UserError("this store is not a drill store: only a drill has a debrief")
        anchor = info.anchor_at
        journal = drill_store.events(session)
        end = ended_at or max([anchor] + [e["at"] for e in journal])
        alerts = [e for e in journal if e["kind"] == "alert" and e["at"] >= anchor]
        spike_at = info.extra.get("spike_at")
        first_spike = anchor + timedelta(minutes=float(spike_at)) if spike_at is not None else None
        if first_spike is None and alerts:
            first_spike = alerts[0]["at"]  # a recording: the spike is what the detector caught
        detected = alerts[0]["at"] if alerts else None
        incident = session.scalars(select(Incident).order_by(Incident.opened_at)).first()
        acknowledged = incident.opened_at if incident is not None else None
        statement = None
        stages: list[tuple[str, str]] = []
        steps: list[StepResult] = []
        unapproved: list[str] = []
        not_reached: list[str] = []
        expected = list(session.scalars(select(Contact).where(Contact.escalation_tier == 1)))
        breaches: list[tuple[str, str]] = []
        if incident is not None:
            breaches = _clock_breaches(session, incident, end)
            sent = session.execute(
                select(MessageSent, MessageTemplate.purpose)
                .outerjoin(MessageTemplate, MessageTemplate.id == MessageSent.template_id)
                .where(MessageSent.incident_id == incident.id)
                .order_by(MessageSent.sent_at)
            ).all()
            for message, purpose in sent:
                if message.approval_id is None:
                    unapproved.append(f"{message.template_key or 'free text'} on {message.channel}")
                elif purpose == "holding_statement" and statement is None:
                    statement = message.sent_at
            for entry in session.scalars(
                select(TimelineEntry)
                .where(TimelineEntry.incident_id == incident.id, TimelineEntry.kind == "stage")
                .order_by(TimelineEntry.occurred_at)
            ):
                stages.append((str(entry.data.get("to", "")), entry.occurred_at.isoformat()))
            steps = _steps(session, incident, end)
            reached = set(
                session.scalars(
                    select(ContactEvent.contact_id).where(ContactEvent.incident_id == incident.id)
                )
            )
            not_reached = [f"{c.name} ({c.role})" for c in expected if c.id not in reached]
        else:
            not_reached = [f"{c.name} ({c.role})" for c in expected]
        from warroom.store.mention_writer import mention_count

        debrief = Debrief(
            drill_id=info.drill_id,
            scenario=info.scenario,
            title=info.title,
            speed=info.speed,
            scripted_team=info.scripted_team,
            anchor=info.anchor,
            ended_at=end.isoformat(),
            first_spike_at=_iso(first_spike),
            detected_at=_iso(detected),
            acknowledged_at=_iso(acknowledged),
            statement_at=_iso(statement),
            stages=stages,
            steps=steps,
            unapproved_messages=unapproved,
            contacts_not_reached=not_reached,
            contacts_expected=len(expected),
            alerts=len(alerts),
            injects=[(e["at"].isoformat(), e["text"]) for e in journal if e["kind"] == "inject"],
            clock_breaches=breaches,
            mentions=mention_count(session),
        )
    debrief.score = score(debrief)
    return debrief


def _clock_breaches(session: Any, incident: Incident, end: datetime) -> list[tuple[str, str]]:
    """Each response clock breached by `end`: those written on the timeline (once each)
    and those that ran out before the drill ended without a poll writing them."""
    from warroom.incidents import clocks, timeline

    entries = timeline.entries(session, incident.id)
    found: dict[str, tuple[str, str]] = {}
    for entry in clocks.breach_entries(entries):
        data = entry.data
        due = str(data.get("due_at") or entry.occurred_at.isoformat())
        found[str(data.get("clock", ""))] = (str(data.get("label", entry.text)), due)
    for clock in clocks.incident_clocks(session, incident, entries):
        if clock.key not in found and clock.breached(end) and clock.due_at <= end:
            found[clock.key] = (clock.label, clock.due_at.isoformat())
    return sorted(found.values(), key=lambda item: item[1])


def _steps(session: Any, incident: Incident, end: datetime) -> list[StepResult]:
    from warroom.plan.store import active_plan

    version = active_plan(session)
    if version is None or not incident.scenario_key:
        return []
    scenario = next((s for s in version.scenarios if s.key == incident.scenario_key), None)
    if scenario is None:
        return []
    done: dict[str, datetime] = {}
    for tick in session.scalars(
        select(StepTick).where(StepTick.incident_id == incident.id).order_by(StepTick.at)
    ):
        if tick.done:
            done.setdefault(tick.step_key, tick.at)
        else:
            done.pop(tick.step_key, None)
    results = []
    for step in scenario.steps:
        if step.stage == "preparation":
            continue  # done before a crisis, not timed during one
        key = f"{scenario.key}/{step.key}"
        due = (
            incident.opened_at + timedelta(minutes=step.due_minutes)
            if step.due_minutes is not None
            else None
        )
        at = done.get(key)
        if due is None:
            state = "done" if at is not None else "no due time"
        elif at is not None:
            state = "on time" if at <= due else "late"
        else:
            state = "missed" if due <= end else "not due"
        title = (step.text or {}).get("en", step.key) if isinstance(step.text, dict) else step.key
        results.append(StepResult(key, str(title), step.stage, _iso(due), _iso(at), state))
    return results


def score(debrief: Debrief) -> int:
    """0-100: acknowledgement 25, holding statement 25, steps 25, contacts 15, approvals 10."""
    points = 0.0
    detected = debrief.minutes(debrief.detected_at)
    ack = debrief.minutes(debrief.acknowledged_at)
    if ack is not None:
        late_by = max(0.0, ack - (detected or 0.0))
        points += 25.0 * max(0.0, 1.0 - max(0.0, late_by - ACK_TARGET_MIN) / ACK_TARGET_MIN / 2)
    statement = debrief.minutes(debrief.statement_at)
    if statement is not None:
        over = max(0.0, statement - STATEMENT_TARGET_MIN)
        points += 25.0 * max(0.0, 1.0 - over / STATEMENT_TARGET_MIN)
    timed = [s for s in debrief.steps if s.state in ("on time", "late", "missed")]
    if timed:
        points += 25.0 * (debrief.on_time + 0.5 * debrief.late) / len(timed)
    if debrief.contacts_expected:
        reached = debrief.contacts_expected - len(debrief.contacts_not_reached)
        points += 15.0 * reached / debrief.contacts_expected
    if debrief.acknowledged_at is not None and not debrief.unapproved_messages:
        points += 10.0
    return int(round(points))


def save(store: Store, debrief: Debrief) -> None:
    """Keep the debrief in the drill store (drill history reads it from there)."""
    value = json.dumps(asdict(debrief))
    with store.session() as session:
        row = session.scalar(select(StoreInfo).where(StoreInfo.key == drill_store.DEBRIEF_KEY))
        if row is None:
            session.add(StoreInfo(key=drill_store.DEBRIEF_KEY, value=value))
        else:
            row.value = value


def compare(debrief: Debrief, history: list[dict[str, Any]]) -> None:
    """Fill `previous` with the team's earlier drills of the same scenario (newest first)."""
    debrief.previous = [
        item
        for item in history
        if item.get("scenario") == debrief.scenario and item.get("drill_id") != debrief.drill_id
    ][:8]


# --- PDF -----------------------------------------------------------------------------


def _minutes_text(value: float | None) -> str:
    if value is None:
        return "not reached"
    return f"{value:.0f} min"


def debrief_html(debrief: Debrief) -> str:
    from warroom.reports.pdf import CSS, _e, _t, _table

    def at(value: str | None) -> str:
        return _t(datetime.fromisoformat(value)) if value else "—"

    out = [f"<html><head><style>{CSS}</style></head><body>"]
    out.append('<p style="font-size:12pt; color:#b03a2e"><b>DRILL — NOT A REAL INCIDENT</b></p>')
    out.append(f"<h1>Drill debrief: {_e(debrief.title)}</h1>")
    scripted = (
        " Team actions in this drill were <b>scripted</b> (a demonstration), not a team's."
        if debrief.scripted_team
        else ""
    )
    out.append(
        f'<p class="small">Scenario {_e(debrief.scenario)} · speed {_e(debrief.speed)}× · '
        f"scenario minute 0 at {at(debrief.anchor)} · drill id {_e(debrief.drill_id)} · "
        f"{debrief.mentions:,} mentions · {debrief.alerts} alerts.{scripted} Times are on the "
        "drill's clock (scenario time).</p>"
    )
    out.append(f"<h2>Score: {debrief.score} / 100</h2>")
    rows = [
        ["First spike", at(debrief.first_spike_at), "—"],
        [
            "Detection (first alert)",
            at(debrief.detected_at),
            _minutes_text(debrief.minutes(debrief.detected_at)),
        ],
        [
            "Acknowledgement (incident opened)",
            at(debrief.acknowledged_at),
            _minutes_text(debrief.minutes(debrief.acknowledged_at)),
        ],
        [
            "First approved holding statement",
            at(debrief.statement_at),
            _minutes_text(debrief.minutes(debrief.statement_at)),
        ],
    ]
    for stage, when in debrief.stages:
        rows.append([f"Stage: {_e(stage)}", at(when), _minutes_text(debrief.minutes(when))])
    out.append(_table(["Milestone", "When", "From the first spike"], rows, [44, 30, 26]))
    out.append("<h2>Checklist steps</h2>")
    if debrief.steps:
        counts = (
            f"{debrief.on_time} on time · {debrief.late} late · {debrief.missed} missed · "
            f"{sum(1 for s in debrief.steps if s.state == 'not due')} not yet due"
        )
        out.append(f"<p>{counts}</p>")
        out.append(
            _table(
                ["Step", "Stage", "Due", "Done", "Result"],
                [
                    [
                        _e(s.title),
                        _e(s.stage),
                        at(s.due_at),
                        at(s.done_at),
                        f'<span class="warn">{_e(s.state)}</span>'
                        if s.state in ("late", "missed")
                        else _e(s.state),
                    ]
                    for s in debrief.steps
                ],
                [36, 14, 18, 18, 14],
            )
        )
    else:
        out.append("<p>No incident was opened in the drill, so no checklist was run.</p>")
    out.append(f"<h2>Response clocks breached ({len(debrief.clock_breaches)})</h2>")
    if debrief.clock_breaches:
        out.append(
            _table(
                ["Target (from the plan)", "Due"],
                [
                    [f'<span class="warn">{_e(label)}</span>', at(due)]
                    for label, due in debrief.clock_breaches
                ],
                [70, 30],
            )
        )
    elif debrief.acknowledged_at is None:
        out.append("<p>No clock ran: no incident was opened.</p>")
    else:
        out.append("<p>None: every response target of the plan was met.</p>")
    out.append("<h2>Messages sent without approval</h2>")
    if debrief.unapproved_messages:
        out.append(
            "<ul>"
            + "".join(f'<li class="warn">{_e(m)}</li>' for m in debrief.unapproved_messages)
            + "</ul>"
        )
    elif debrief.acknowledged_at is None:
        out.append("<p>None (no message was sent: no incident was opened).</p>")
    else:
        out.append("<p>None: every message sent had an approval.</p>")
    out.append(
        f"<h2>First-tier contacts not reached ({len(debrief.contacts_not_reached)} of "
        f"{debrief.contacts_expected})</h2>"
    )
    if debrief.contacts_not_reached:
        out.append(
            "<ul>" + "".join(f"<li>{_e(c)}</li>" for c in debrief.contacts_not_reached) + "</ul>"
        )
    else:
        out.append("<p>All first-tier contacts were reached.</p>")
    out.append("<h2>Injects</h2>")
    if debrief.injects:
        out.append(
            _table(["When", "Inject"], [[at(w), _e(t)] for w, t in debrief.injects], [26, 74])
        )
    else:
        out.append("<p>No injects were played.</p>")
    out.append("<h2>Compared with previous drills of this scenario</h2>")
    if debrief.previous:
        out.append(
            _table(
                ["Drill started", "Speed", "Detection", "Ack.", "Statement", "Score"],
                [
                    [
                        _e(str(p.get("started_at", ""))[:16].replace("T", " ")),
                        _e(p.get("speed", "")),
                        _minutes_text(p.get("detection_min")),
                        _minutes_text(p.get("acknowledgement_min")),
                        _minutes_text(p.get("statement_min")),
                        _e(p.get("score", "—")),
                    ]
                    for p in debrief.previous
                ]
                + [
                    [
                        "this drill",
                        _e(debrief.speed),
                        _minutes_text(debrief.minutes(debrief.detected_at)),
                        _minutes_text(debrief.minutes(debrief.acknowledged_at)),
                        _minutes_text(debrief.minutes(debrief.statement_at)),
                        str(debrief.score),
                    ]
                ],
            )
        )
    else:
        out.append("<p>This is the team's first drill of this scenario.</p>")
    out.append("</body></html>")
    return "\n".join(out)


def write_debrief_pdf(debrief: Debrief, output: Path, *, page_size: str = "A4") -> tuple[Path, int]:
    """The debrief as a PDF with the DRILL banner on every page; written atomically."""
    from PySide6 import QtCore, QtGui

    from warroom.reports.fonts import register_fonts, report_font
    from warroom.reports.pdf import LAYOUT_DPI, _writer, paint_document

    output = Path(output)
    if output.suffix.lower() != ".pdf":
        raise UserError(f"the debrief file must end in .pdf: {output}")
    if not output.parent.is_dir():
        raise UserError(f"folder {output.parent} does not exist")
    register_fonts()
    fd, temp_name = tempfile.mkstemp(prefix=".debrief-", suffix=".pdf", dir=output.parent)
    os.close(fd)
    try:
        writer = _writer(temp_name, page_size, f"DRILL debrief: {debrief.title}")
        scale = writer.resolution() / LAYOUT_DPI
        document = QtGui.QTextDocument()
        document.setDefaultFont(report_font())
        document.setDocumentMargin(0)
        document.setPageSize(QtCore.QSizeF(writer.width() / scale, 1000))
        document.setHtml(debrief_html(debrief))
        footer = f"DRILL debrief · {debrief.title[:60]} · drill {debrief.drill_id[:8]}"
        pages = paint_document(document, writer, footer, banner=drill_store.BANNER)
        del writer
        os.replace(temp_name, output)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return output, pages

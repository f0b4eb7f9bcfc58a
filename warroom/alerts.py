"""From spikes to decisions: alerts on the timeline, the scenario to open, the level.

After each ingest batch `watch()` runs the causal spike detector over the
rollup, records new alerts (once per series and bucket), writes each on the
open incident's timeline, and names the plan scenario their risk terms point
to.  `proposal_for()` gives what the alert banner offers: the scenario, its
first checklist steps and its approved holding statements (never an
unapproved one).  `assess_level()` turns the last hour of mentions into the
plan's severity level 1–5; `watch()` also raises a `level` alert when that
assessed level rises above the open incident's level (or above level 1 with
no incident open), at most once per level in `LEVEL_MEMORY`, and only on
`LEVEL_MIN_MENTIONS` or more scored mentions (one angry post is not a
crisis level).  `after_poll()` runs after every poll, whatever it brought:
with an incident open it raises a `silent:<source>` alert, once per silence,
for a source that has returned nothing for 30 min although it usually brings
plenty (warroom.sources.coverage), and writes newly breached response clocks
on the incident's timeline (warroom.incidents.clocks).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from warroom.analysis.proposal import Proposal, propose_scenarios
from warroom.analysis.severity import LevelAssessment, incident_level
from warroom.detection import monitor
from warroom.incidents import service as incidents
from warroom.plan.store import active_plan
from warroom.store.db import Store
from warroom.store.models import Alert, Mention, utcnow

DETECTOR = incidents.DETECTOR
LEVEL_SERIES = "level"
LEVEL_WINDOW = timedelta(hours=1)
LEVEL_MEMORY = timedelta(hours=6)  # a level already announced is not announced again
LEVEL_MIN_MENTIONS = 10
LEVEL_NAMES = {1: "Low", 2: "Guarded", 3: "Elevated", 4: "High", 5: "Critical"}


@dataclass
class AlertView:
    """What the app shows for one alert."""

    alert_id: str
    message: str
    series: str
    proposals: list[Proposal] = field(default_factory=list)
    incident_id: str | None = None
    level: int | None = None  # the assessed level, for a level alert
    incident_level: int | None = None  # the open incident's level now


def _term(series: str) -> str:
    return series.removeprefix("term:") if series.startswith("term:") else ""


_watching = threading.Lock()  # sources poll in parallel; alerts are recorded one scan at a time


def watch(store: Store, *, since: datetime | None = None, now: datetime | None = None) -> list[str]:
    """Detect and record new alerts; log them on the open incident. Returns new alert ids."""
    with _watching:
        return _watch(store, since=since, now=now)


def _watch(store: Store, *, since: datetime | None, now: datetime | None) -> list[str]:

    def scenario_for(alert: monitor.DetectedAlert) -> str:
        term = _term(alert.series)
        if not term:
            return ""
        with store.session() as session:
            found = propose_scenarios(session, risk_terms=[term], limit=1)
        return found[0].scenario_key if found else ""

    new_ids = monitor.scan(store, since=since, now=now, scenario_for=scenario_for)
    level_alert = check_level(store, now=now)
    if level_alert is not None:
        new_ids.append(level_alert)
    return _log_on_incident(store, new_ids)


def _log_on_incident(store: Store, new_ids: list[str]) -> list[str]:
    if not new_ids:
        return []
    with store.session() as session:
        incident = incidents.current_incident(session)
        if incident is not None:
            for alert in session.scalars(
                select(Alert).where(Alert.id.in_(new_ids)).order_by(Alert.bucket_start)
            ):
                incidents.log_alert(session, alert, incident.id, origin=store.origin)
    return new_ids


SILENT_PREFIX = "silent:"


def after_poll(store: Store, *, now: datetime | None = None) -> list[str]:
    """Silent-source alerts and clock breaches for the open incident; new alert ids."""
    from warroom.incidents import clocks
    from warroom.sources.coverage import silent_sources

    moment = now or utcnow()
    with _watching:
        with store.session() as session:
            incident = incidents.current_incident(session)
            if incident is None:
                return []
            clocks.record_breaches(session, incident, origin=store.origin, now=moment)
            silences = silent_sources(session, moment)
        detected = [
            monitor.DetectedAlert(
                series=SILENT_PREFIX + silence.source,
                bucket_start=monitor.floor_bucket(silence.since, timedelta(minutes=1)),
                score=0.0,
                value=0.0,
                expected=silence.usual_per_hour,
                text=silence.message(moment),
            )
            for silence in silences
        ]
        created = monitor.record_alerts(store, detected) if detected else []
        return _log_on_incident(store, created)


def check_level(store: Store, *, now: datetime | None = None) -> str | None:
    """Record a `level` alert if the assessed level rose; returns its id (None: no rise).

    The reference is the open incident's level (the team's own assessment),
    or 1 with none open, raised to the highest level already announced in
    the last `LEVEL_MEMORY`: a level is announced once, a further rise again.
    """
    moment = now or utcnow()
    assessment = assess_level(store, window=LEVEL_WINDOW, now=moment)
    if assessment.mentions < LEVEL_MIN_MENTIONS:
        return None
    with store.session() as session:
        incident = incidents.current_incident(session)
        incident_level = incident.severity_level if incident is not None else None
        reference = incident_level or 1
        announced = session.scalar(
            select(func.max(Alert.value)).where(
                Alert.series == LEVEL_SERIES, Alert.bucket_start > moment - LEVEL_MEMORY
            )
        )
    if announced is not None:
        reference = max(reference, int(announced))
    if assessment.level <= reference:
        return None
    share = 100 * assessment.negative / max(1, assessment.mentions)
    text = (
        f"Severity rose to level {assessment.level} ({LEVEL_NAMES.get(assessment.level, '?')}): "
        f"aggregate {assessment.score:.0f}/100 over the last hour, "
        f"{assessment.mentions} mentions, {share:.0f}% negative"
    )
    if incident_level is not None:
        text += f"; the incident is at level {incident_level}"
    detected = monitor.DetectedAlert(
        series=LEVEL_SERIES,
        bucket_start=monitor.floor_bucket(moment, timedelta(minutes=1)),
        score=assessment.score,
        value=float(assessment.level),
        expected=float(reference),
        text=text,
    )
    created = monitor.record_alerts(store, [detected], scenario_for=_scenario_of_recent(store))
    return created[0] if created else None


def _scenario_of_recent(store: Store) -> monitor.ScenarioFor:
    """The scenario the last hour's risk terms point to (a level has no term of its own)."""

    def scenario_for(alert: monitor.DetectedAlert) -> str:
        with store.session() as session:
            recent = _recent_terms(session, alert.bucket_start)
            found = propose_scenarios(session, recent, limit=1)
        return found[0].scenario_key if found else ""

    return scenario_for


def _recent_terms(session: Any, moment: datetime) -> list[dict[str, Any]]:
    """Risk terms of mentions within an hour either side of `moment`."""
    found: list[list[Any]] = list(
        session.scalars(
            select(Mention.risk_terms)
            .where(
                Mention.published_at >= moment - timedelta(hours=1),
                Mention.published_at < moment + timedelta(hours=1),
            )
            .limit(5000)
        )
    )
    return [{"risk_terms": terms} for terms in found if terms]


def proposal_for(store: Store, alert_id: str) -> AlertView | None:
    """The alert with the scenarios it proposes (best first)."""
    with store.session() as session:
        alert = session.get(Alert, alert_id)
        if alert is None:
            return None
        term = _term(alert.series)
        recent = _recent_terms(session, alert.bucket_start)
        proposals = propose_scenarios(session, recent, risk_terms=[term] if term else [])
        if alert.scenario_key and all(p.scenario_key != alert.scenario_key for p in proposals):
            proposals = propose_scenarios(session, risk_terms=[term]) + proposals
        incident = incidents.current_incident(session)
        return AlertView(
            alert.id,
            alert.message,
            alert.series,
            proposals,
            incident.id if incident is not None else None,
            level=int(alert.value) if alert.series == LEVEL_SERIES else None,
            incident_level=incident.severity_level if incident is not None else None,
        )


def assess_level(
    store: Store, *, window: timedelta = timedelta(hours=1), now: datetime | None = None
) -> LevelAssessment:
    """The severity level 1–5 of the last `window` of mentions, by the plan's thresholds."""
    moment = now or utcnow()
    with store.session() as session:
        version = active_plan(session)
        levels: dict[Any, Any] = (
            dict((version.settings or {}).get("severity_levels") or {}) if version else {}
        )
        rows = session.execute(
            select(Mention.severity, Mention.sentiment).where(
                Mention.published_at >= moment - window, Mention.published_at < moment
            )
        ).all()
    return incident_level([{"severity": s, "sentiment": t} for s, t in rows], levels or None)

"""From spikes to decisions: alerts on the timeline, the scenario to open, the level.

After each ingest batch `watch()` runs the causal spike detector over the
rollup, records new alerts (once per series and bucket), writes each on the
open incident's timeline, and names the plan scenario their risk terms point
to.  `proposal_for()` gives what the alert banner offers: the scenario, its
first checklist steps and its approved holding statements (never an
unapproved one).  `assess_level()` turns the last hour of mentions into the
plan's severity level 1–5.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from warroom.analysis.proposal import Proposal, propose_scenarios
from warroom.analysis.severity import LevelAssessment, incident_level
from warroom.detection import monitor
from warroom.incidents import service as incidents
from warroom.incidents import timeline
from warroom.plan.store import active_plan
from warroom.store.db import Store
from warroom.store.models import Alert, Mention, utcnow

DETECTOR = "detector"


@dataclass
class AlertView:
    """What the app shows for one alert."""

    alert_id: str
    message: str
    series: str
    proposals: list[Proposal] = field(default_factory=list)
    incident_id: str | None = None


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
    if not new_ids:
        return []
    with store.session() as session:
        incident = incidents.current_incident(session)
        if incident is not None:
            for alert in session.scalars(
                select(Alert).where(Alert.id.in_(new_ids)).order_by(Alert.bucket_start)
            ):
                alert.incident_id = incident.id
                timeline.append(
                    session,
                    incident_id=incident.id,
                    origin=store.origin,
                    kind="alert",
                    author=DETECTOR,
                    text=alert.message,
                    data={
                        "alert": alert.id,
                        "series": alert.series,
                        "score": round(alert.score, 2),
                        "scenario": alert.scenario_key,
                    },
                )
    return new_ids


def proposal_for(store: Store, alert_id: str) -> AlertView | None:
    """The alert with the scenarios it proposes (best first)."""
    with store.session() as session:
        alert = session.get(Alert, alert_id)
        if alert is None:
            return None
        term = _term(alert.series)
        since = alert.bucket_start - timedelta(hours=1)
        found: list[list[Any]] = list(
            session.scalars(
                select(Mention.risk_terms)
                .where(
                    Mention.published_at >= since,
                    Mention.published_at < alert.bucket_start + timedelta(hours=1),
                )
                .limit(5000)
            )
        )
        recent = [{"risk_terms": terms} for terms in found if terms]
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

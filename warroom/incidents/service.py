"""Opening, moving and closing incidents; every change lands on the timeline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.errors import UserError
from warroom.incidents import timeline
from warroom.incidents.stages import CRISIS_TYPES, STAGES
from warroom.store.models import Incident, utcnow


def open_incident(
    session: Session,
    *,
    origin: str,
    title: str,
    author: str,
    crisis_type: str = "reputation",
    scenario_key: str = "",
    stage: str = "detection",
    severity_level: int = 1,
    at: datetime | None = None,
) -> Incident:
    title = title.strip()
    if not title:
        raise UserError("an incident needs a title")
    if crisis_type not in CRISIS_TYPES:
        raise UserError(
            f"unknown crisis type {crisis_type!r} (expected one of {', '.join(CRISIS_TYPES)})"
        )
    if stage not in STAGES:
        raise UserError(f"unknown stage {stage!r} (expected one of {', '.join(STAGES)})")
    opened = at or utcnow()
    incident = Incident(
        origin=origin,
        title=title,
        crisis_type=crisis_type,
        scenario_key=scenario_key,
        stage=stage,
        severity_level=severity_level,
        owner=author,
        opened_by=author,
        opened_at=opened,
    )
    session.add(incident)
    session.flush()
    timeline.append(
        session,
        incident_id=incident.id,
        origin=origin,
        kind="opened",
        author=author,
        text=f"Incident opened: {title}",
        data={
            "crisis_type": crisis_type,
            "scenario": scenario_key,
            "stage": stage,
            "severity_level": severity_level,
        },
        at=opened,
    )
    return incident


def set_stage(
    session: Session,
    incident: Incident,
    stage: str,
    *,
    origin: str,
    author: str,
    at: datetime | None = None,
) -> None:
    if stage not in STAGES:
        raise UserError(f"unknown stage {stage!r} (expected one of {', '.join(STAGES)})")
    if stage == incident.stage:
        return
    previous = incident.stage
    incident.stage = stage
    when = at or utcnow()
    if stage == "closed":
        incident.closed_at = when
    timeline.append(
        session,
        incident_id=incident.id,
        origin=origin,
        kind="stage",
        author=author,
        text=f"Stage: {previous} → {stage}",
        data={"from": previous, "to": stage},
        at=when,
    )


def set_severity(
    session: Session,
    incident: Incident,
    level: int,
    *,
    origin: str,
    author: str,
    reason: str = "",
    at: datetime | None = None,
) -> None:
    if not 1 <= level <= 5:
        raise UserError(f"severity level must be 1 to 5, not {level}")
    if level == incident.severity_level:
        return
    previous = incident.severity_level
    incident.severity_level = level
    timeline.append(
        session,
        incident_id=incident.id,
        origin=origin,
        kind="severity",
        author=author,
        text=f"Severity level {previous} → {level}" + (f": {reason}" if reason else ""),
        data={"from": previous, "to": level},
        at=at,
    )


def current_incident(session: Session) -> Incident | None:
    """The most recently opened incident that is not closed."""
    return session.scalar(
        select(Incident)
        .where(Incident.stage != "closed")
        .order_by(Incident.opened_at.desc())
        .limit(1)
    )

"""Opening, moving and closing incidents; every change lands on the timeline.

Opening an incident adopts the alerts raised in the `ALERT_LOOKBACK` before
it that no incident holds yet: they go on its timeline at the time they were
raised, so the log (and the report's detection times) starts with what the
detector saw, not with the moment someone clicked.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.errors import UserError
from warroom.incidents import chain, timeline
from warroom.incidents.chain import ChainProblem
from warroom.incidents.stages import CRISIS_TYPES, STAGES
from warroom.store.models import (
    Alert,
    Approval,
    Contact,
    ContactEvent,
    Incident,
    Mention,
    MessageSent,
    MessageTemplate,
    PinnedMention,
    TimelineEntry,
    utcnow,
)


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
    plan_version_id: str | None = None
    if scenario_key:
        from warroom.plan.store import active_plan

        plan = active_plan(session)
        known = [s.key for s in plan.scenarios] if plan is not None else []
        if scenario_key not in known:
            raise UserError(
                f"no scenario {scenario_key!r} in the active plan"
                + (f" (scenarios: {', '.join(known)})" if known else "")
            )
        plan_version_id = plan.id if plan is not None else None
    opened = at or utcnow()
    incident = Incident(
        origin=origin,
        plan_version_id=plan_version_id,
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
    adopt_alerts(session, incident, origin=origin)
    return incident


ALERT_LOOKBACK = timedelta(hours=24)
DETECTOR = "detector"  # the author of alert entries


def log_alert(
    session: Session, alert: Alert, incident_id: str, *, origin: str, at: datetime | None = None
) -> None:
    """The incident holds `alert`, and its timeline says so (as the detector)."""
    alert.incident_id = incident_id
    timeline.append(
        session,
        incident_id=incident_id,
        origin=origin,
        kind="alert",
        author=DETECTOR,
        text=alert.message,
        data={
            "alert": alert.id,
            "series": alert.series,
            "score": round(alert.score, 2),
            "scenario": alert.scenario_key,
        },
        at=at,
    )


def adopt_alerts(session: Session, incident: Incident, *, origin: str) -> int:
    """Put the alerts of the day before the incident, held by no incident, on its timeline."""
    opened = incident.opened_at
    found = session.scalars(
        select(Alert)
        .where(
            Alert.incident_id.is_(None),
            Alert.created_at >= opened - ALERT_LOOKBACK,
            Alert.created_at <= opened,
            # raised lately about lately: a catch-up scan's alerts on old buckets stay out
            Alert.bucket_start >= opened - ALERT_LOOKBACK,
        )
        .order_by(Alert.created_at, Alert.bucket_start)
    ).all()
    for alert in found:
        log_alert(session, alert, incident.id, origin=origin, at=alert.created_at)
    return len(found)


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


# --- finding incidents --------------------------------------------------------------


def get_incident(session: Session, ref: str) -> Incident:
    """The incident whose id is `ref`, or whose id starts with it (at least 4 characters)."""
    ref = ref.strip()
    if not ref:
        raise UserError("give an incident id (see: warroom incident list)")
    found = session.get(Incident, ref)
    if found is not None:
        return found
    if len(ref) >= 4:
        matches = list(
            session.scalars(select(Incident).where(Incident.id.startswith(ref, autoescape=True)))
        )
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UserError(f"incident id {ref!r} is ambiguous ({len(matches)} incidents match)")
    raise UserError(f"no incident {ref!r} (see: warroom incident list)")


def list_incidents(session: Session) -> list[Incident]:
    """Every incident, newest first."""
    return list(session.scalars(select(Incident).order_by(Incident.opened_at.desc())))


def verify_incident(
    session: Session, incident: Incident
) -> tuple[ChainProblem | None, list[TimelineEntry]]:
    """Check the incident's timeline chains; the first broken entry (or None) and the entries."""
    found = timeline.entries(session, incident.id)
    return chain.verify(found), found


# --- what happens during an incident ----------------------------------------------


def _need_open(incident: Incident) -> None:
    if incident.stage == "closed":
        raise UserError(f"incident {incident.id[:8]} is closed; nothing more can be recorded")


def add_note(
    session: Session,
    incident: Incident,
    text: str,
    *,
    origin: str,
    author: str,
    corrects: str | None = None,
    at: datetime | None = None,
) -> TimelineEntry:
    """A free note; with `corrects`, a correction of an earlier entry (never an edit of it)."""
    text = text.strip()
    if not text:
        raise UserError("the note is empty")
    data: dict[str, Any] = {}
    kind = "note"
    if corrects:
        target = _entry(session, incident, corrects)
        data = {"corrects": target.id}
        kind = "correction"
    return timeline.append(
        session,
        incident_id=incident.id,
        origin=origin,
        kind=kind,
        author=author,
        text=text,
        data=data,
        at=at,
    )


def _entry(session: Session, incident: Incident, ref: str) -> TimelineEntry:
    matches = [e for e in timeline.entries(session, incident.id) if e.id.startswith(ref.strip())]
    if len(matches) != 1 or len(ref.strip()) < 4:
        raise UserError(f"no single timeline entry {ref!r} in incident {incident.id[:8]}")
    return matches[0]


def close_incident(
    session: Session,
    incident: Incident,
    *,
    origin: str,
    author: str,
    at: datetime | None = None,
) -> None:
    if incident.stage == "closed":
        raise UserError(f"incident {incident.id[:8]} is already closed")
    set_stage(session, incident, "closed", origin=origin, author=author, at=at)


def pin_mention(
    session: Session,
    incident: Incident,
    mention_id: str,
    *,
    origin: str,
    author: str,
    note: str = "",
    at: datetime | None = None,
) -> PinnedMention:
    """Pin a mention as key evidence of the incident."""
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise UserError(f"no mention {mention_id!r}")
    exists = session.scalar(
        select(PinnedMention).where(
            PinnedMention.incident_id == incident.id, PinnedMention.mention_id == mention.id
        )
    )
    if exists is not None:
        raise UserError(f"mention {mention_id[:8]} is already pinned to this incident")
    pin = PinnedMention(
        origin=origin, incident_id=incident.id, mention_id=mention.id, pinned_by=author, note=note
    )
    session.add(pin)
    excerpt = mention.text if len(mention.text) <= 140 else mention.text[:139] + "…"
    timeline.append(
        session,
        incident_id=incident.id,
        origin=origin,
        kind="pin",
        author=author,
        text=f"Pinned mention by {mention.author or mention.author_handle or 'unknown'}: {excerpt}",
        data={"mention": mention.id, "note": note},
        at=at,
    )
    return pin


def _template(session: Session, ref: str) -> MessageTemplate:
    found = session.get(MessageTemplate, ref)
    if found is not None:
        return found
    from warroom.plan.store import active_plan

    plan = active_plan(session)
    if plan is not None:
        scenario_key, _, key = ref.partition("/")
        for scenario in plan.scenarios:
            for message in scenario.messages:
                if (key and scenario.key == scenario_key and message.key == key) or (
                    not key and message.key == ref
                ):
                    return message
    raise UserError(f"no message template {ref!r} in the active plan (use SCENARIO/KEY)")


def record_message_sent(
    session: Session,
    incident: Incident,
    template_ref: str,
    *,
    origin: str,
    author: str,
    channel: str = "",
    body: str | None = None,
    in_reply_to: str | None = None,
    at: datetime | None = None,
) -> MessageSent:
    """Record that an approved template went out; unapproved templates are refused."""
    from warroom.plan import approval

    _need_open(incident)
    template = _template(session, template_ref)
    when = at or utcnow()
    label = f"{template.scenario.key}/{template.key}"
    if not approval.is_approved(template, when):
        state = approval.approval_state(template, when)
        raise UserError(f"message template {label} is not approved ({state}); it cannot be sent")
    approved = session.scalar(
        select(Approval)
        .where(
            Approval.message_id == template.id,
            Approval.action == "approved",
            Approval.at == template.approved_at,
        )
        .limit(1)
    )
    sent = MessageSent(
        origin=origin,
        incident_id=incident.id,
        template_key=label,
        template_id=template.id,
        approval_id=approved.id if approved is not None else None,
        channel=channel or template.channel,
        language=template.language,
        body=template.body if body is None else body,
        in_reply_to=in_reply_to,
        sent_by=author,
        sent_at=when,
    )
    session.add(sent)
    session.flush()
    timeline.append(
        session,
        incident_id=incident.id,
        origin=origin,
        kind="message",
        author=author,
        text=(
            f"Message sent: {label} on {sent.channel} ({sent.language}), "
            f"approved by {template.approved_by}"
        ),
        data={
            "message_sent": sent.id,
            "template": label,
            "channel": sent.channel,
            "approval": sent.approval_id,
            "approved_by": template.approved_by,
        },
        at=when,
    )
    return sent


CONTACT_KINDS = ("contacted", "acknowledged")


def _contact(session: Session, ref: str) -> Contact:
    found = session.get(Contact, ref)
    if found is not None:
        return found
    matches = list(session.scalars(select(Contact).where(Contact.name == ref)))
    if len(matches) == 1:
        return matches[0]
    raise UserError(f"no single contact {ref!r} on the contact sheet (give the exact name or id)")


def record_contact(
    session: Session,
    incident: Incident,
    contact_ref: str,
    kind: str = "contacted",
    *,
    origin: str,
    author: str,
    channel: str = "",
    at: datetime | None = None,
) -> ContactEvent:
    """A stakeholder contacted, or acknowledging, with the time."""
    if kind not in CONTACT_KINDS:
        raise UserError(f"contact event must be one of {', '.join(CONTACT_KINDS)}, not {kind!r}")
    _need_open(incident)
    contact = _contact(session, contact_ref)
    when = at or utcnow()
    event = ContactEvent(
        origin=origin,
        incident_id=incident.id,
        contact_id=contact.id,
        kind=kind,
        by=author,
        channel=channel,
        at=when,
    )
    session.add(event)
    session.flush()
    verb = "Contacted" if kind == "contacted" else "Acknowledged by"
    timeline.append(
        session,
        incident_id=incident.id,
        origin=origin,
        kind="contact",
        author=author,
        text=f"{verb} {contact.name} ({contact.role})" + (f" via {channel}" if channel else ""),
        data={"contact": contact.id, "event": kind, "channel": channel},
        at=when,
    )
    return event


def acknowledge(
    session: Session,
    incident: Incident,
    *,
    origin: str,
    author: str,
    at: datetime | None = None,
) -> TimelineEntry:
    """Someone takes the incident on: meets the plan's acknowledge clock (once is enough)."""
    _need_open(incident)
    return timeline.append(
        session,
        incident_id=incident.id,
        origin=origin,
        kind="acknowledged",
        author=author,
        text=f"Incident acknowledged by {author}",
        at=at,
    )


def set_lessons_learned(
    session: Session, incident: Incident, text: str, *, origin: str, author: str
) -> None:
    """Replace the lessons learned (the previous text stays on the timeline)."""
    incident.lessons_learned = text.strip()
    timeline.append(
        session,
        incident_id=incident.id,
        origin=origin,
        kind="lessons",
        author=author,
        text=f"Lessons learned: {text.strip()}",
    )


POST_CRISIS_KEYS = (
    "situation_assessment",
    "communication_plan",
    "stakeholder_communication",
    "reputation_monitoring",
)


def set_post_crisis(
    session: Session, incident: Incident, key: str, text: str, *, origin: str, author: str
) -> None:
    """Fill one post-crisis step (situation assessment, communication plan, …)."""
    if key not in POST_CRISIS_KEYS:
        raise UserError(f"post-crisis step must be one of {', '.join(POST_CRISIS_KEYS)}")
    incident.post_crisis = {**(incident.post_crisis or {}), key: text.strip()}
    timeline.append(
        session,
        incident_id=incident.id,
        origin=origin,
        kind="post_crisis",
        author=author,
        text=f"Post-crisis, {key.replace('_', ' ')}: {text.strip()}",
        data={"step": key},
    )

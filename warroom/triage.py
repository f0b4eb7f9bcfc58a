"""Triage of mentions: status, assignee, tags — one or many at a time.

Every triage action on mentions while an incident is open is written on that
incident's timeline (who, when, how many, which), so the decision log shows
how the team worked the feed.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from warroom.errors import UserError
from warroom.incidents import timeline
from warroom.store.models import Mention, utcnow

STATUSES: tuple[str, ...] = ("new", "triaged", "responding", "resolved", "ignored")
MAX_TAG = 40


def _log(
    session: Session,
    *,
    incident_id: str | None,
    origin: str,
    actor: str,
    text: str,
    data: dict[str, object],
) -> None:
    if incident_id:
        timeline.append(
            session,
            incident_id=incident_id,
            origin=origin,
            kind="triage",
            author=actor,
            text=text,
            data=data,
        )


def _ids(mention_ids: Sequence[str]) -> list[str]:
    ids = list(dict.fromkeys(mention_ids))
    if not ids:
        raise UserError("select at least one mention")
    return ids


def set_status(
    session: Session,
    mention_ids: Sequence[str],
    status: str,
    *,
    actor: str,
    origin: str,
    incident_id: str | None = None,
) -> int:
    """Set the triage status of mentions; returns how many changed."""
    if status not in STATUSES:
        raise UserError(f"unknown status {status!r} (expected one of {', '.join(STATUSES)})")
    ids = _ids(mention_ids)
    result = session.execute(
        update(Mention)
        .where(Mention.id.in_(ids), Mention.status != status)
        .values(status=status, updated_at=utcnow())
    )
    changed = int(getattr(result, "rowcount", 0) or 0)
    _log(
        session,
        incident_id=incident_id,
        origin=origin,
        actor=actor,
        text=f"{changed} mention(s) set to {status}",
        data={"status": status, "mentions": ids[:50]},
    )
    return changed


def assign(
    session: Session,
    mention_ids: Sequence[str],
    assignee: str,
    *,
    actor: str,
    origin: str,
    incident_id: str | None = None,
) -> int:
    """Assign mentions to a team member ('' unassigns)."""
    ids = _ids(mention_ids)
    assignee = assignee.strip()
    result = session.execute(
        update(Mention).where(Mention.id.in_(ids)).values(assignee=assignee, updated_at=utcnow())
    )
    changed = int(getattr(result, "rowcount", 0) or 0)
    what = f"assigned to {assignee}" if assignee else "unassigned"
    _log(
        session,
        incident_id=incident_id,
        origin=origin,
        actor=actor,
        text=f"{changed} mention(s) {what}",
        data={"assignee": assignee, "mentions": ids[:50]},
    )
    return changed


def add_tag(
    session: Session,
    mention_ids: Sequence[str],
    tag: str,
    *,
    actor: str,
    origin: str,
    incident_id: str | None = None,
) -> int:
    """Add a tag to mentions (kept once, in order)."""
    tag = " ".join(tag.split())
    if not tag:
        raise UserError("a tag cannot be empty")
    if len(tag) > MAX_TAG:
        raise UserError(f"a tag is at most {MAX_TAG} characters")
    ids = _ids(mention_ids)
    changed = 0
    now = utcnow()
    for mention in session.scalars(select(Mention).where(Mention.id.in_(ids))):
        if tag not in (mention.tags or []):
            mention.tags = [*(mention.tags or []), tag]
            mention.updated_at = now
            changed += 1
    _log(
        session,
        incident_id=incident_id,
        origin=origin,
        actor=actor,
        text=f"{changed} mention(s) tagged {tag!r}",
        data={"tag": tag, "mentions": ids[:50]},
    )
    return changed


def pin(
    session: Session, incident_id: str, mention_ids: Sequence[str], *, actor: str, origin: str
) -> int:
    """Pin mentions to the incident as evidence, each once; returns how many were new."""
    from warroom.incidents import service
    from warroom.store.models import PinnedMention

    incident = service.get_incident(session, incident_id)
    ids = _ids(mention_ids)
    already = set(
        session.scalars(
            select(PinnedMention.mention_id).where(
                PinnedMention.incident_id == incident.id, PinnedMention.mention_id.in_(ids)
            )
        )
    )
    fresh = [i for i in ids if i not in already]
    for mention_id in fresh:
        service.pin_mention(session, incident, mention_id, origin=origin, author=actor)
    return len(fresh)


def record_reply(
    session: Session,
    *,
    incident_id: str,
    mention_id: str,
    message_id: str,
    body: str,
    actor: str,
    origin: str,
) -> str:
    """Log a reply to a mention sent with an approved template; returns the MessageSent id.

    The template must be approved now (warroom.incidents.service refuses a
    draft, submitted, rejected, expired or changed one); the mention moves to
    "responding".
    """
    from warroom.incidents import service

    incident = service.get_incident(session, incident_id)
    sent = service.record_message_sent(
        session,
        incident,
        message_id,
        origin=origin,
        author=actor,
        body=body,
        in_reply_to=mention_id,
    )
    set_status(session, [mention_id], "responding", actor=actor, origin=origin)
    return sent.id

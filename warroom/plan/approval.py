"""The approval workflow of draft messages (MessageTemplate rows).

States: draft → submitted → approved, or rejected.  Every action appends an
`Approval` row with the SHA-256 of the body it applied to.  Editing the body
of a submitted, approved or rejected message returns it to draft.  A message
counts as approved (`is_approved`) only while its status is approved, its
approval has not expired and its body still has the hash that was approved,
so a body changed behind the workflow's back is never shown as approved.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from warroom.errors import UserError
from warroom.store.models import Approval, MessageTemplate, StoreInfo

DRAFT = "draft"
SUBMITTED = "submitted"
APPROVED = "approved"
REJECTED = "rejected"


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("use a timezone-aware time")
    return now


def _session(msg: MessageTemplate) -> Session:
    session = object_session(msg)
    if session is None:
        raise ValueError("the message is not attached to a session")
    return session


def _origin(session: Session) -> str:
    value = session.scalar(select(StoreInfo.value).where(StoreInfo.key == "origin"))
    return value or ""


def _record(msg: MessageTemplate, action: str, actor: str, comment: str, at: datetime) -> Approval:
    session = _session(msg)
    row = Approval(
        message_id=msg.id,
        action=action,
        actor=actor,
        comment=comment,
        body_hash=body_hash(msg.body),
        at=at,
        origin=_origin(session),
    )
    session.add(row)
    session.flush()
    return row


def _need_actor(actor: str) -> str:
    if not actor.strip():
        raise UserError("say who is acting: the approval log needs a name")
    return actor.strip()


def _clear(msg: MessageTemplate) -> None:
    msg.approved_by = ""
    msg.approved_at = None
    msg.expires_at = None


def submit(msg: MessageTemplate, actor: str, *, now: datetime | None = None) -> Approval:
    """Ask for approval of a draft or rejected message, or again of one whose
    approval expired or no longer matches its body."""
    actor = _need_actor(actor)
    if msg.status == APPROVED and approval_state(msg, now) in ("expired", "changed"):
        msg.status = DRAFT
    if msg.status not in (DRAFT, REJECTED):
        raise UserError(f"message '{msg.key}' is {msg.status}; only a draft can be submitted")
    msg.status = SUBMITTED
    _clear(msg)
    return _record(msg, "submitted", actor, "", _now(now))


def approve(
    msg: MessageTemplate,
    actor: str,
    comment: str = "",
    expires_at: datetime | None = None,
    *,
    now: datetime | None = None,
) -> Approval:
    """Approve the current body of a draft or submitted message, optionally until `expires_at`."""
    actor = _need_actor(actor)
    at = _now(now)
    if msg.status not in (DRAFT, SUBMITTED):
        raise UserError(
            f"message '{msg.key}' is {msg.status}; only a draft or submitted one can be approved"
        )
    if expires_at is not None:
        if expires_at.tzinfo is None:
            raise ValueError("use a timezone-aware expiry time")
        if expires_at <= at:
            raise UserError("the approval would already have expired")
    if not msg.body.strip():
        raise UserError(f"message '{msg.key}' is empty")
    msg.status = APPROVED
    msg.approved_by = actor
    msg.approved_at = at
    msg.expires_at = expires_at
    return _record(msg, "approved", actor, comment, at)


def reject(
    msg: MessageTemplate, actor: str, comment: str, *, now: datetime | None = None
) -> Approval:
    """Reject a message (draft, submitted or approved), saying why."""
    actor = _need_actor(actor)
    if not comment.strip():
        raise UserError("say why the message is rejected")
    if msg.status == REJECTED:
        raise UserError(f"message '{msg.key}' is already rejected")
    msg.status = REJECTED
    _clear(msg)
    return _record(msg, "rejected", actor, comment, _now(now))


def edit_body(
    msg: MessageTemplate, new_body: str, actor: str, *, now: datetime | None = None
) -> Approval | None:
    """Change the body; anything but a draft returns to draft.  None if unchanged."""
    actor = _need_actor(actor)
    if new_body == msg.body:
        return None
    previous = msg.status
    msg.body = new_body
    msg.status = DRAFT
    _clear(msg)
    action = "edited" if previous == DRAFT else "reset"
    return _record(msg, action, actor, f"was {previous}", _now(now))


def is_approved(msg: MessageTemplate, now: datetime | None = None) -> bool:
    """True only for an approved, unexpired message whose body is the one approved."""
    at = _now(now)
    if msg.status != APPROVED or msg.approved_at is None or not msg.approved_by:
        return False
    if msg.expires_at is not None and at >= msg.expires_at:
        return False
    session = object_session(msg)
    if session is None:
        return False
    rows = session.scalars(
        select(Approval).where(
            Approval.message_id == msg.id,
            Approval.action == "approved",
            Approval.actor == msg.approved_by,
        )
    ).all()
    current = body_hash(msg.body)
    return any(row.body_hash == current and row.at == msg.approved_at for row in rows)


def approval_state(msg: MessageTemplate, now: datetime | None = None) -> str:
    """What to show: approved, expired, changed (body edited outside), submitted, rejected or draft."""
    at = _now(now)
    if is_approved(msg, at):
        return APPROVED
    if msg.status == APPROVED:
        if msg.expires_at is not None and at >= msg.expires_at:
            return "expired"
        return "changed"
    return msg.status if msg.status in (SUBMITTED, REJECTED) else DRAFT


def history(msg: MessageTemplate) -> list[Approval]:
    """The message's approval log, oldest first."""
    session = _session(msg)
    return list(
        session.scalars(
            select(Approval)
            .where(Approval.message_id == msg.id)
            .order_by(Approval.at, Approval.created_at)
        )
    )

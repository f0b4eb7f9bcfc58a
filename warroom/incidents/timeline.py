"""Appending to and reading an incident's timeline (the decision log).

Entries are only ever inserted: a correction is a new entry that refers to the
one it corrects.  Appends lock the incident row's chain by reading this
laptop's last entry in the same transaction; the unique (incident, origin,
seq) key makes a concurrent double append fail instead of forking the chain.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom.incidents.chain import entry_hash
from warroom.store.models import TimelineEntry, utcnow


def append(
    session: Session,
    *,
    incident_id: str,
    origin: str,
    kind: str,
    author: str,
    text: str = "",
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> TimelineEntry:
    """Append one entry to this laptop's chain for the incident."""
    session.flush()
    last = session.execute(
        select(TimelineEntry.seq, TimelineEntry.hash)
        .where(TimelineEntry.incident_id == incident_id, TimelineEntry.origin == origin)
        .order_by(TimelineEntry.seq.desc())
        .limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, "")
    occurred_at = at or utcnow()
    payload = dict(data or {})
    entry = TimelineEntry(
        incident_id=incident_id,
        origin=origin,
        seq=seq,
        kind=kind,
        author=author,
        occurred_at=occurred_at,
        text=text,
        data=payload,
        prev_hash=prev_hash,
        hash=entry_hash(
            incident_id=incident_id,
            origin=origin,
            seq=seq,
            kind=kind,
            author=author,
            occurred_at=occurred_at,
            text=text,
            data=payload,
            prev_hash=prev_hash,
        ),
    )
    session.add(entry)
    session.flush()
    return entry


def entries(session: Session, incident_id: str) -> list[TimelineEntry]:
    """All entries of an incident in time order (ties broken by laptop and seq)."""
    return list(
        session.scalars(
            select(TimelineEntry)
            .where(TimelineEntry.incident_id == incident_id)
            .order_by(TimelineEntry.occurred_at, TimelineEntry.origin, TimelineEntry.seq)
        )
    )


def count(session: Session, incident_id: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(TimelineEntry)
            .where(TimelineEntry.incident_id == incident_id)
        )
        or 0
    )

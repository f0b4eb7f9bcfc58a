"""Drill stores: separate SQLite files, marked as drills, never the real store.

A drill store has the same schema as the real store (the same migrations)
and a `drill` row in `store_info` holding the drill's facts as JSON.  That
marker is what the team sync refuses (`warroom.sync.engine.Syncer`), what
the window and every exported file show as a DRILL banner, and what
`drill history` reads.  The drill's own journal (when the detector fired,
each inject) is kept in `store_info` rows `drill:event:NNNNNN`, outside the
tables the team sync knows.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom import paths
from warroom.errors import UserError
from warroom.store.db import Store, open_store
from warroom.store.models import StoreInfo, new_id

DRILL_KEY = "drill"
DEBRIEF_KEY = "drill:debrief"
EVENT_PREFIX = "drill:event:"
BANNER = "DRILL — NOT A REAL INCIDENT"
BANNER_MS = "LATIHAN — BUKAN INSIDEN SEBENAR"


@dataclass
class DrillInfo:
    """What a drill store says about itself."""

    drill_id: str
    scenario: str  # a shipped scenario key, a file name or "incident:<id>"
    title: str
    crisis_type: str
    speed: str  # "1", "10", "60" or "max"
    anchor: str  # ISO time of scenario minute 0 on the drill clock
    started_at: str  # wall clock, ISO
    scripted_team: bool = False
    facilitator: str = ""
    ended_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def anchor_at(self) -> datetime:
        return datetime.fromisoformat(self.anchor)


def drills_dir() -> Path:
    path = paths.data_dir() / "drills"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _check_not_real(path: Path) -> None:
    real = paths.database_path().resolve()
    if path.resolve() == real:
        raise UserError(f"{path} is the real store: a drill never writes to it")


def create_drill_store(info: DrillInfo, path: Path | None = None) -> Store:
    """A new, marked drill store (refuses the real store's path and existing files)."""
    path = path or drills_dir() / f"{info.drill_id}.sqlite3"
    _check_not_real(path)
    if path.exists():
        raise UserError(f"drill store {path} already exists")
    store = open_store(path)
    with store.session() as session:
        session.add(StoreInfo(key=DRILL_KEY, value=json.dumps(asdict(info))))
    return store


def new_drill_id() -> str:
    return new_id()


def drill_info(session: Session) -> DrillInfo | None:
    """The drill facts of the store this session is on (None: a real store)."""
    value = session.scalar(select(StoreInfo.value).where(StoreInfo.key == DRILL_KEY))
    if value is None:
        return None
    return _info(value)


def _info(value: str) -> DrillInfo:
    data = json.loads(value)
    known = set(DrillInfo.__dataclass_fields__)
    return DrillInfo(**{k: v for k, v in data.items() if k in known})


def is_drill(store: Store) -> bool:
    with store.session() as session:
        return drill_info(session) is not None


def update_info(store: Store, **changes: Any) -> DrillInfo:
    with store.session() as session:
        row = session.scalar(select(StoreInfo).where(StoreInfo.key == DRILL_KEY))
        if row is None:
            raise UserError("this store is not a drill store")
        info = _info(row.value)
        for key, value in changes.items():
            setattr(info, key, value)
        row.value = json.dumps(asdict(info))
        return info


def log_event(session: Session, at: datetime, kind: str, text: str, **data: Any) -> None:
    """Append one entry to the drill's journal (detections, injects, speed changes)."""
    count = len(
        list(session.scalars(select(StoreInfo.id).where(StoreInfo.key.like(f"{EVENT_PREFIX}%"))))
    )
    payload = {"at": at.isoformat(), "kind": kind, "text": text, **data}
    session.add(StoreInfo(key=f"{EVENT_PREFIX}{count + 1:06d}", value=json.dumps(payload)))


def events(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(StoreInfo.value)
        .where(StoreInfo.key.like(f"{EVENT_PREFIX}%"))
        .order_by(StoreInfo.key)
    )
    found = [json.loads(value) for value in rows]
    for item in found:
        item["at"] = datetime.fromisoformat(item["at"])
    return found


def read_marker(path: Path) -> tuple[DrillInfo, dict[str, Any] | None] | None:
    """A drill file's facts and saved debrief, read-only without migrating it (history)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error:
        return None
    try:
        rows = dict(
            conn.execute(
                "SELECT key, value FROM store_info WHERE key IN (?, ?)", (DRILL_KEY, DEBRIEF_KEY)
            ).fetchall()
        )
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if DRILL_KEY not in rows:
        return None
    debrief = json.loads(rows[DEBRIEF_KEY]) if DEBRIEF_KEY in rows else None
    return _info(rows[DRILL_KEY]), debrief

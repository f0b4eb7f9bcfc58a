"""Opening the store: engine, SQLite pragmas, migrations, refusal of newer files.

`open_store()` is the one way in.  It applies pending Alembic migrations on
start, refuses a database written by a newer Warroom without touching it, and
turns environment problems (locked, read-only, corrupt, disk full) into a
`StoreError` with one plain line.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from warroom import paths
from warroom.errors import StoreError, StoreTooNewError
from warroom.store.models import StoreInfo, new_id
from warroom.store.schema_version import HEAD_REVISION, KNOWN_REVISIONS


@dataclass
class Store:
    """An open store: its engine, a session factory and this laptop's id."""

    engine: Engine
    sessions: sessionmaker[Session]
    path: Path | None
    origin: str

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # 64 MB of page cache (the default is 2 MB): the random-keyed indexes of a store of
    # a million mentions (canonical URL, cluster) stay in memory between commits, which
    # took a 1,000,000-row import from 112 s to 102 s; it only grows as pages are read
    cursor.execute("PRAGMA cache_size=-65536")
    # copy the WAL into the database every 32 MB instead of every 4 MB: an index page
    # touched by consecutive commits (the canonical-URL index is touched at random) is
    # copied back once per checkpoint, not once per commit, and the checkpoint's fsyncs
    # come less often; the checkpoint runs in whichever thread commits past the mark
    # (almost always a poll's committer), so it stays small enough (about 0.1 s) not to
    # be felt when it is the window's turn; the file is cut back to 64 MB afterwards
    cursor.execute("PRAGMA wal_autocheckpoint=8192")
    cursor.execute("PRAGMA journal_size_limit=67108864")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _current_revision(engine: Engine) -> str | None:
    """The stored Alembic revision, read without importing Alembic (fast start)."""
    with engine.connect() as conn:
        try:
            row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        except (OperationalError, DatabaseError) as exc:
            if "no such table" in str(exc) or "does not exist" in str(exc):
                conn.rollback()
                return None
            raise
    return row[0] if row else None


def migrate(engine: Engine) -> None:
    """Bring the schema to the program's head revision with Alembic."""
    from warroom.store.migrate import upgrade_to_head

    upgrade_to_head(engine)


def open_store(path: Path | None = None, *, url: str | None = None) -> Store:
    """Open (creating or upgrading) the store at `path` or `url`.

    Raises StoreTooNewError for a database written by a newer program, and
    StoreError for one that cannot be read or written.
    """
    if url is None:
        path = path or paths.database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        url = sqlite_url(path)
    where = str(path) if path else url.split("@")[-1]
    engine = make_engine(url)
    try:
        revision = _current_revision(engine)
        if revision is not None and revision not in KNOWN_REVISIONS:
            engine.dispose()
            raise StoreTooNewError(
                f"{where} was written by a newer Warroom (schema {revision}); "
                "this version cannot open it. Install the newer Warroom, or use another data "
                "folder (WARROOM_HOME)."
            )
        if revision != HEAD_REVISION:
            migrate(engine)
        sessions = sessionmaker(engine, expire_on_commit=False)
        origin = _ensure_origin(sessions)
    except (StoreTooNewError, StoreError):
        raise
    except (OperationalError, DatabaseError, sqlite3.Error) as exc:
        engine.dispose()
        raise StoreError(f"cannot open the store {where}: {_plain(exc)}") from None
    return Store(engine=engine, sessions=sessions, path=path, origin=origin)


def _ensure_origin(sessions: sessionmaker[Session]) -> str:
    with sessions.begin() as session:
        info = session.scalar(select(StoreInfo).where(StoreInfo.key == "origin"))
        if info is None:
            info = StoreInfo(key="origin", value=new_id())
            session.add(info)
            session.flush()
            info.origin = info.value
        return info.value


def _plain(exc: BaseException) -> str:
    """The driver's message without SQL or parameters (they may hold user text)."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc)
    return text.splitlines()[0] if text else "the database gave no reason"

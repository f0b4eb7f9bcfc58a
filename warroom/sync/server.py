"""Talking to the team server: connecting, its change log, LISTEN/NOTIFY.

The team server holds the same schema as every laptop (the same Alembic
migrations, run on PostgreSQL) plus sync's own bookkeeping, created here if
missing:

* `warroom_sync_log (table_name, row_id, seq, pushed_by)`: per row, the
  server-side change sequence of its last push.  Every push takes one
  transaction-scoped advisory lock, so sequence numbers become visible in
  order and "everything after seq N" is exact: laptops' clocks play no part
  in what a pull fetches.
* `warroom_sync_meta`: the server's id (a new database is a new peer).

Every push ends with NOTIFY on the channel `warroom_sync` (delivered at
commit); `Listener` waits for them.  Errors never carry the password: a
`ServerUnreachable` names host, port and database only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from warroom.errors import UserError

if TYPE_CHECKING:  # psycopg is imported when a team server is used, not on every start
    import psycopg
    from psycopg import sql

CHANNEL = "warroom_sync"
LOCK_KEY = 0x5741_5252_4F4F_4D  # "WARROOM": one advisory lock for every push
SERVER_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS warroom_sync_meta (key text PRIMARY KEY, value text NOT NULL)",
    "INSERT INTO warroom_sync_meta (key, value) VALUES ('server_id', gen_random_uuid()::text) "
    "ON CONFLICT (key) DO NOTHING",
    "CREATE SEQUENCE IF NOT EXISTS warroom_sync_seq",
    "CREATE TABLE IF NOT EXISTS warroom_sync_log ("
    " table_name text NOT NULL, row_id text NOT NULL, seq bigint NOT NULL,"
    " pushed_by text NOT NULL, PRIMARY KEY (table_name, row_id))",
    "CREATE INDEX IF NOT EXISTS ix_warroom_sync_log_seq ON warroom_sync_log (table_name, seq)",
)


class ServerUnreachable(UserError):
    """The team server cannot be reached (network, server down, refused)."""


class TeamUrlError(UserError):
    """The team server URL is not a usable PostgreSQL URL."""


@dataclass(frozen=True)
class TeamUrl:
    """A parsed team server URL; `password` is never printed."""

    url: URL

    @classmethod
    def parse(cls, text: str) -> TeamUrl:
        text = text.strip()
        try:
            url = make_url(text)
        except ArgumentError:
            raise TeamUrlError(
                "the team server must be a PostgreSQL URL like postgresql://user@host:5432/warroom"
            ) from None
        if url.get_backend_name() not in ("postgresql", "postgres"):
            raise TeamUrlError(
                f"the team server must be a PostgreSQL URL (postgresql://…), not {url.drivername}://"
            )
        if not url.host or not url.database:
            raise TeamUrlError(
                "the team server URL needs a host and a database: postgresql://user@host:5432/db"
            )
        # a password may also come as ?password=… (libpq style): move it where it is
        # kept out of settings and messages, like user:password@host
        query = dict(url.query)
        in_query = [query.pop(key) for key in ("password", "sslpassword") if key in query]
        if in_query:
            if url.password or len(in_query) > 1:
                raise TeamUrlError(
                    "give the team server password once (user:password@host), not twice"
                )
            value = in_query[0]
            url = url.set(query=query)._replace(
                password=value if isinstance(value, str) else value[0]
            )
        return cls(url.set(drivername="postgresql+psycopg"))

    @property
    def password(self) -> str | None:
        return self.url.password if self.url.password else None

    def without_password(self) -> str:
        """The URL to keep in settings: postgresql://user@host:port/db?…"""
        url = self.url.set(drivername="postgresql")._replace(password=None)
        return url.render_as_string(hide_password=False)

    def with_password(self, password: str | None) -> TeamUrl:
        # URL.set() ignores None: replace the field to really drop a password
        return TeamUrl(self.url._replace(password=password or None))

    def where(self) -> str:
        """host:port/db, for messages."""
        return f"{self.url.host}:{self.url.port or 5432}/{self.url.database}"

    def sqlalchemy_url(self) -> str:
        return self.url.render_as_string(hide_password=False)

    def conninfo(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "host": self.url.host,
            "port": self.url.port or 5432,
            "dbname": self.url.database,
        }
        if self.url.username:
            info["user"] = self.url.username
        if self.url.password:
            info["password"] = self.url.password
        for key, value in self.url.query.items():
            info[key] = value if isinstance(value, str) else value[-1]
        return info


def connect(
    team: TeamUrl, *, timeout: float = 3.0, autocommit: bool = False
) -> psycopg.Connection[Any]:
    """A connection in UTC, or ServerUnreachable with one plain line."""
    import psycopg

    try:
        conn = psycopg.connect(
            **team.conninfo(),
            connect_timeout=max(1, int(timeout)),
            autocommit=autocommit,
            application_name="warroom-sync",
        )
    except psycopg.OperationalError as exc:
        raise ServerUnreachable(
            f"team server {team.where()} is unreachable: {plain(exc, team)}"
        ) from None
    with conn.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")
    if not autocommit:
        conn.commit()
    return conn


def plain(exc: BaseException, team: TeamUrl | None = None) -> str:
    """The first line of a driver message, with any password blanked out."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else "no reason given"
    if team is not None and team.password:
        text = text.replace(team.password, "***").replace(quote(team.password, safe=""), "***")
    return text


def ensure_schema(conn: psycopg.Connection[Any], team: TeamUrl) -> str:
    """Migrate the server's schema and create sync's bookkeeping; returns the server id."""
    from warroom.store.schema_version import HEAD_REVISION

    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('alembic_version') IS NOT NULL")
        row = cur.fetchone()
        revision = None
        if row and row[0]:
            cur.execute("SELECT version_num FROM alembic_version")
            found = cur.fetchone()
            revision = found[0] if found else None
    conn.commit()
    if revision != HEAD_REVISION:
        from warroom.store.db import open_store

        opened = open_store(url=team.sqlalchemy_url())  # same migrations as every laptop
        opened.close()
    with conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        for statement in SERVER_SCHEMA:
            cur.execute(statement.encode())
        cur.execute("SELECT value FROM warroom_sync_meta WHERE key = 'server_id'")
        found = cur.fetchone()
    conn.commit()
    assert found is not None
    return str(found[0])


@contextmanager
def push_transaction(
    conn: psycopg.Connection[Any], origin: str
) -> Iterator[tuple[psycopg.Cursor[Any], list[str]]]:
    """One push: the advisory lock, the caller's writes, NOTIFY, commit.

    The caller adds the names of the tables it wrote to the yielded list; the
    other laptops are notified only when it is not empty.
    """
    changed: list[str] = []
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        yield cur, changed
        if changed:
            cur.execute(
                "SELECT pg_notify(%s, %s)",
                (CHANNEL, json.dumps({"origin": origin, "tables": sorted(set(changed))})),
            )


def log_changes(cur: psycopg.Cursor[Any], table: str, ids: list[str], origin: str) -> None:
    """Give the pushed rows the next change sequence numbers."""
    if not ids:
        return
    cur.execute(
        "INSERT INTO warroom_sync_log (table_name, row_id, seq, pushed_by) "
        "SELECT %s, x, nextval('warroom_sync_seq'), %s FROM unnest(%s::text[]) AS x "
        "ON CONFLICT (table_name, row_id) DO UPDATE "
        "SET seq = EXCLUDED.seq, pushed_by = EXCLUDED.pushed_by",
        (table, origin, ids),
    )


def columns_sql(columns: list[str], prefix: str = "") -> sql.Composed:
    from psycopg import sql

    if prefix:
        return sql.SQL(", ").join(sql.Identifier(prefix, c) for c in columns)
    return sql.SQL(", ").join(sql.Identifier(c) for c in columns)


class Listener:
    """A LISTEN connection: `wait(timeout)` returns the origins that pushed."""

    def __init__(self, team: TeamUrl, *, timeout: float = 3.0) -> None:
        self.team = team
        from psycopg import sql

        self.conn = connect(team, timeout=timeout, autocommit=True)
        self.conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))

    def wait(self, timeout: float) -> list[str]:
        """Origins of the pushes announced within `timeout` seconds (empty if none)."""
        import psycopg

        origins: list[str] = []
        try:
            for note in self.conn.notifies(timeout=timeout, stop_after=1):
                origins.append(_origin(note.payload))
            # drain whatever else is already queued
            for note in self.conn.notifies(timeout=0.01):
                origins.append(_origin(note.payload))
        except psycopg.OperationalError as exc:
            raise ServerUnreachable(
                f"team server {self.team.where()} is unreachable: {plain(exc, self.team)}"
            ) from None
        return origins

    def close(self) -> None:
        self.conn.close()


def _origin(payload: str) -> str:
    try:
        data = json.loads(payload)
    except ValueError:
        return ""
    return str(data.get("origin", "")) if isinstance(data, dict) else ""

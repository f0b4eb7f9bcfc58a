"""One sync round between this laptop's store and the team server.

A round pushes, then pulls:

1. Mutable rows (incidents, contacts, sources, plan rows, brands) this laptop
   changed since they were last exchanged are merged with the server's copy,
   field group by field group, against the base both started from (the last
   version this laptop exchanged, kept in store_info).  A group changed on one
   side only takes that side; changed on both, the later edit wins and the
   conflict is appended to the incident's timeline (kind "conflict").
2. Append-only rows (mentions, timeline entries, approvals…) newer than the
   push mark (SQLite rowid, never a clock) are copied to the server with
   ON CONFLICT DO NOTHING.  A mention another laptop already stored under
   its own id (same source and external id) is renamed here to the server's id.
3. Rows the server logged after this laptop's pull mark (the server's change
   sequence) are pulled from one snapshot, parents before children; pulled
   mentions go through `store_mentions`, so the FTS index and the per-minute
   rollup cover them.

Every mark moves in the same local transaction as the rows it describes, and
every server write is idempotent, so a round killed at any point loses
nothing and duplicates nothing: the next round resends what was not
recorded.  Laptop clocks only ever decide which edit of a conflict wins.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Json
from sqlalchemy import (
    JSON,
    RowMapping,
    Select,
    Table,
    and_,
    delete,
    func,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from warroom import events
from warroom.errors import UserError
from warroom.incidents import timeline
from warroom.incidents.service import current_incident
from warroom.store.db import Store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import Mention, StoreInfo, SyncState, UTCDateTime, utcnow
from warroom.sync import server as srv
from warroom.sync.tables import (
    APPEND_ONLY,
    MENTION_REFERENCES,
    MUTABLE,
    SOURCE_REFERENCES,
    TABLES,
    TableSpec,
)

log = logging.getLogger(__name__)
_INFO: Table = StoreInfo.__table__  # type: ignore[assignment]

PUSH_CHUNK = 20_000
PULL_CHUNK = 5_000
SQLITE_IDS = 500
PEER_KEY = "sync:peer"
OFFLINE_KEY = "sync:offline_since"
AUTHOR = "team sync"
STATE_EVERY = timedelta(seconds=60)


class SyncError(UserError):
    """The server refused what we sent (schema mismatch, constraint…)."""


@dataclass(frozen=True)
class Conflict:
    """Both laptops changed the same field group of a row; `kept` won."""

    table: str
    row_id: str
    label: str
    group: str
    kept: dict[str, Any]
    lost: dict[str, Any]
    kept_origin: str
    lost_origin: str

    def describe(self) -> str:
        kept = ", ".join(f"{k}={_show(v)}" for k, v in self.kept.items())
        lost = ", ".join(f"{k}={_show(v)}" for k, v in self.lost.items())
        return (
            f"Conflict on {self.table[:-1] if self.table.endswith('s') else self.table} "
            f"{self.label!r} ({self.group}): kept {kept} from laptop {self.kept_origin[:8]}, "
            f"discarded {lost} from laptop {self.lost_origin[:8]}"
        )


@dataclass
class RoundReport:
    """What one round moved each way, per table."""

    pushed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pulled: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    conflicts: list[Conflict] = field(default_factory=list)
    renamed: int = 0

    @property
    def moved(self) -> int:
        return sum(self.pushed.values()) + sum(self.pulled.values())

    def lines(self) -> list[str]:
        def part(counts: Mapping[str, int]) -> str:
            items = [f"{n} {t}" for t, n in counts.items() if n]
            return ", ".join(items) if items else "nothing"

        lines = [f"pushed: {part(self.pushed)}", f"pulled: {part(self.pulled)}"]
        if self.conflicts:
            lines.append(
                f"conflicts: {len(self.conflicts)} (resolved last-writer-wins, logged on the "
                "incident timeline)"
            )
            lines += [f"  {c.describe()}" for c in self.conflicts]
        return lines


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar and `team show` say about sync."""

    peer: str | None
    last_sync: datetime | None
    offline_since: datetime | None
    pending: dict[str, int]

    @property
    def waiting(self) -> int:
        return sum(self.pending.values())


# --- local bookkeeping (store_info) -----------------------------------------------------


def _info_get(session: Session, key: str) -> str | None:
    return session.scalar(select(StoreInfo.value).where(StoreInfo.key == key))


def _info_set(session: Session, values: Mapping[str, str]) -> None:
    if not values:
        return
    now = utcnow()
    stmt = sqlite_insert(_INFO)
    stmt = stmt.on_conflict_do_update(
        index_elements=["key"], set_={"value": stmt.excluded.value, "updated_at": now}
    )
    session.execute(
        stmt,
        [{"key": k, "value": v, "created_at": now, "updated_at": now} for k, v in values.items()],
    )


def _info_delete(session: Session, keys: Iterable[str]) -> None:
    for key in keys:
        session.execute(delete(StoreInfo).where(StoreInfo.key == key))


def _mark_key(peer: str, kind: str, table: str) -> str:
    return f"sync:{peer[:12]}:{kind}:{table}"


def _base_key(peer: str, table: str, row_id: str) -> str:
    return f"sync:{peer[:12]}:base:{table}:{row_id}"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _norm(value: Any) -> Any:
    if isinstance(value, datetime):
        return _iso(value)
    return value


def _version(row: Mapping[str, Any] | RowMapping) -> list[str]:
    return [_iso(row["updated_at"]), str(row["origin"])]


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value[:60] + ("…" if len(value) > 60 else ""))
    shown = json.dumps(_norm(value), ensure_ascii=False)
    return shown[:60] + ("…" if len(shown) > 60 else "")


def _json_columns(table: Table) -> set[str]:
    return {c.name for c in table.columns if isinstance(c.type, JSON)}


def _max_rowid(session: Session, table: Table) -> int:
    stmt: Select[tuple[Any]] = select(func.coalesce(func.max(literal_column("rowid")), 0))
    stmt = stmt.select_from(table)
    return int(session.scalar(stmt) or 0)


def _load_bases(session: Session, peer: str, table: str) -> dict[str, dict[str, Any]]:
    prefix = _base_key(peer, table, "")
    rows = session.execute(
        select(StoreInfo.key, StoreInfo.value).where(StoreInfo.key.startswith(prefix))
    )
    return {key[len(prefix) :]: json.loads(value) for key, value in rows}


def _base_value(spec: TableSpec, row: Mapping[str, Any]) -> str:
    values = {c: _norm(row[c]) for cols in spec.field_groups().values() for c in cols}
    return json.dumps({"v": _version(row), "values": values}, ensure_ascii=False, sort_keys=True)


# --- the merge --------------------------------------------------------------------------


def merge(
    spec: TableSpec,
    local: Mapping[str, Any],
    server: Mapping[str, Any],
    base: Mapping[str, Any] | None,
) -> tuple[dict[str, Any], list[Conflict]]:
    """Three-way merge of one row per field group; returns merged values and conflicts.

    The merged values cover the field-group columns only; a group both sides
    changed goes to the later edit (updated_at, then laptop id breaks ties).
    """
    base_values = base["values"] if base else None
    local_newer = (local["updated_at"], str(local["origin"])) > (
        server["updated_at"],
        str(server["origin"]),
    )
    merged: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for group, cols in spec.field_groups().items():
        lv = {c: _norm(local[c]) for c in cols}
        sv = {c: _norm(server[c]) for c in cols}
        bv = {c: base_values.get(c) for c in cols} if base_values is not None else None
        if lv == sv or (bv is not None and sv == bv):
            take = local
        elif bv is not None and lv == bv:
            take = server
        else:
            take = local if local_newer else server
            winner, loser = (local, server) if local_newer else (server, local)
            conflicts.append(
                Conflict(
                    table=spec.name,
                    row_id=str(local["id"]),
                    label=str(local.get(spec.label, "") or local["id"])
                    if spec.label
                    else str(local["id"]),
                    group=group,
                    kept={c: winner[c] for c in cols},
                    lost={c: loser[c] for c in cols},
                    kept_origin=str(winner["origin"]),
                    lost_origin=str(loser["origin"]),
                )
            )
        for c in cols:
            merged[c] = take[c]
    return merged, conflicts


# --- the syncer -------------------------------------------------------------------------


class DrillStoreError(SyncError):
    """A drill store never syncs: nothing of a rehearsal may reach the team server."""


def refuse_drill(store: Store) -> None:
    """Raise DrillStoreError if `store` is marked as a drill store (warroom.drills.store)."""
    from warroom.drills.store import DRILL_KEY

    with store.session() as session:
        marked = _info_get(session, DRILL_KEY) is not None
    if marked:
        raise DrillStoreError(
            f"{store.path or 'this store'} is a drill store: drills never sync with the team server"
        )


class Syncer:
    """Syncs one store with one team server; `run_round()` does one round.

    Keeps one server connection open between rounds.  Not for concurrent use:
    callers run one round at a time.
    """

    def __init__(self, store: Store, team: srv.TeamUrl, *, timeout: float = 3.0) -> None:
        refuse_drill(store)
        self.store = store
        self.team = team
        self.timeout = timeout
        self._conn: psycopg.Connection[Any] | None = None
        self.peer: str | None = None

    # connection -------------------------------------------------------------------

    def connection(self) -> psycopg.Connection[Any]:
        refuse_drill(self.store)  # checked again before every connection, not only once
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        self.close()
        conn = srv.connect(self.team, timeout=self.timeout)
        try:
            self.peer = srv.ensure_schema(conn, self.team)
        except psycopg.OperationalError as exc:
            conn.close()
            raise self._unreachable(exc) from None
        except BaseException:
            conn.close()
            raise
        with self.store.session() as session:
            _info_set(session, {PEER_KEY: self.peer})
        self._conn = conn
        return conn

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def _unreachable(self, exc: BaseException) -> srv.ServerUnreachable:
        return srv.ServerUnreachable(
            f"team server {self.team.where()} is unreachable: {srv.plain(exc, self.team)}"
        )

    # the round --------------------------------------------------------------------

    def run_round(self) -> RoundReport:
        """Push, then pull.  Raises ServerUnreachable (and records "offline since")."""
        try:
            report = self._round()
        except srv.ServerUnreachable:
            self._record_offline()
            raise
        except psycopg.OperationalError as exc:
            self.close()
            self._record_offline()
            raise self._unreachable(exc) from None
        except SQLAlchemyError as exc:
            raise SyncError(
                f"team sync could not update the local store: {_plain_local(exc)}"
            ) from None
        except psycopg.Error as exc:
            self.close()
            raise SyncError(
                f"team sync with {self.team.where()} failed: {srv.plain(exc, self.team)}"
            ) from None
        return report

    def _round(self) -> RoundReport:
        conn = self.connection()
        assert self.peer is not None
        report = RoundReport()
        self._push_mutable(conn, self.peer, report)
        self._push_append(conn, self.peer, report)
        self._pull(conn, self.peer, report)
        self._record_done(conn, report)
        return report

    def _record_offline(self) -> None:
        with self.store.session() as session:
            if _info_get(session, OFFLINE_KEY) is None:
                _info_set(session, {OFFLINE_KEY: _iso(utcnow())})

    def _record_done(self, conn: psycopg.Connection[Any], report: RoundReport) -> None:
        """Clear "offline since"; note the server time in sync_state (at most once a minute
        when nothing moved, so idle rounds write nothing)."""
        assert self.peer is not None
        with self.store.session() as session:
            offline = _info_get(session, OFFLINE_KEY) is not None
            states = {
                s.table_name: s
                for s in session.scalars(select(SyncState).where(SyncState.peer == self.peer))
            }
            oldest = min((s.pulled_until for s in states.values() if s.pulled_until), default=None)
            fresh = oldest is not None and utcnow() - oldest < STATE_EVERY
            if not (report.moved or report.renamed or offline or not fresh):
                return
            with conn.cursor() as cur:
                cur.execute("SELECT now()")
                row = cur.fetchone()
            conn.commit()
            now = row[0] if row else utcnow()
            _info_delete(session, [OFFLINE_KEY])
            for spec in TABLES:
                state = states.get(spec.name)
                if state is None:
                    state = SyncState(
                        peer=self.peer, table_name=spec.name, origin=self.store.origin
                    )
                    session.add(state)
                state.pushed_until = now
                state.pulled_until = now

    # push: mutable ----------------------------------------------------------------

    def _changed_rows(
        self, session: Session, peer: str, spec: TableSpec
    ) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
        bases = _load_bases(session, peer, spec.name)
        changed = []
        for row in session.execute(select(spec.table)).mappings():
            base = bases.get(row["id"])
            if base is None or base["v"] != _version(row):
                changed.append(dict(row))
        return changed, bases

    def _reconcile_sources(self, cur: psycopg.Cursor[Any], report: RoundReport) -> None:
        """Sources are one per name across the team: take the server's id for ours."""
        cur.execute("SELECT id, name FROM sources")
        on_server = {name: sid for sid, name in cur.fetchall()}
        with self.store.session() as session:
            local = session.execute(text("SELECT id, name FROM sources")).all()
            mapping: dict[str, str] = {
                str(lid): str(on_server[name])
                for lid, name in local
                if name in on_server and on_server[name] != lid
            }
            if mapping:
                _rename(session, "sources", SOURCE_REFERENCES, mapping)
                report.renamed += len(mapping)

    def _push_mutable(self, conn: psycopg.Connection[Any], peer: str, report: RoundReport) -> None:
        origin = self.store.origin
        with self.store.session() as session:
            if not any(self._changed_rows(session, peer, spec)[0] for spec in MUTABLE):
                return
        with srv.push_transaction(conn, origin) as (cur, notify):
            self._reconcile_sources(cur, report)
            plans: list[
                tuple[
                    TableSpec,
                    list[dict[str, Any]],
                    list[tuple[dict[str, Any], dict[str, Any] | None, list[Conflict]]],
                ]
            ] = []
            with self.store.session() as session:
                work = {spec.name: self._changed_rows(session, peer, spec) for spec in MUTABLE}
            for spec in MUTABLE:
                changed, bases = work[spec.name]
                if not changed:
                    continue
                cols = spec.columns
                cur.execute(
                    sql.SQL("SELECT {} FROM {} WHERE id = ANY(%s) FOR UPDATE").format(
                        srv.columns_sql(cols), sql.Identifier(spec.name)
                    ),
                    ([r["id"] for r in changed],),
                )
                fetched = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
                on_server = {r["id"]: r for r in fetched}
                to_server: list[dict[str, Any]] = []
                outcomes: list[tuple[dict[str, Any], dict[str, Any] | None, list[Conflict]]] = []
                for local in changed:
                    remote = on_server.get(local["id"])
                    if remote is None:
                        to_server.append(local)
                        outcomes.append((local, None, []))
                        continue
                    if _version(remote) == _version(local):
                        outcomes.append((local, None, []))
                        continue
                    values, conflicts = merge(spec, local, remote, bases.get(local["id"]))
                    groups = [c for cols_ in spec.field_groups().values() for c in cols_]
                    local_same = all(_norm(values[c]) == _norm(local[c]) for c in groups)
                    server_same = all(_norm(values[c]) == _norm(remote[c]) for c in groups)
                    result: dict[str, Any] | None
                    if local_same and server_same:
                        result = None  # only this laptop's own state differs: nothing to move
                    elif server_same:
                        # the server already holds the result: adopt it and its version
                        result = {**local, **{c: remote[c] for c in groups}}
                        result["updated_at"], result["origin"] = (
                            remote["updated_at"],
                            remote["origin"],
                        )
                    elif local_same:
                        result = None
                        to_server.append(local)
                    else:
                        result = {**local, **values}
                        result["updated_at"] = max(
                            local["updated_at"], remote["updated_at"]
                        ) + timedelta(microseconds=1)
                        result["origin"] = origin
                        to_server.append(result)
                    outcomes.append((local, result, conflicts))
                if to_server:
                    _upsert(cur, spec, to_server)
                    srv.log_changes(cur, spec.name, [r["id"] for r in to_server], origin)
                    report.pushed[spec.name] += len(to_server)
                    notify.append(spec.name)
                plans.append((spec, changed, outcomes))
            # the server commits here; the local store follows (a crash in between is
            # repaired by the next round: the versions match, or the merge repeats)
        self._apply_merges(peer, plans, report)

    def _apply_merges(
        self,
        peer: str,
        plans: Sequence[
            tuple[
                TableSpec,
                list[dict[str, Any]],
                list[tuple[dict[str, Any], dict[str, Any] | None, list[Conflict]]],
            ]
        ],
        report: RoundReport,
    ) -> None:
        changed_incidents: set[str] = set()
        contacts_changed = False
        with self.store.session() as session:
            bases: dict[str, str] = {}
            for spec, _changed, outcomes in plans:
                for local, result, conflicts in outcomes:
                    final = local
                    if result is not None:
                        values = {c: result[c] for c in spec.columns if c != "id"}
                        done = session.execute(
                            update(spec.table)
                            .where(
                                and_(
                                    spec.table.c.id == local["id"],
                                    spec.table.c.updated_at == local["updated_at"],
                                    spec.table.c.origin == local["origin"],
                                )
                            )
                            .values(**values)
                        )
                        if getattr(done, "rowcount", 0) != 1:
                            continue  # edited again meanwhile: the next round merges it
                        final = result
                        if spec.name == "incidents":
                            changed_incidents.add(str(local["id"]))
                        contacts_changed = contacts_changed or spec.name == "contacts"
                    bases[_base_key(peer, spec.name, str(local["id"]))] = _base_value(spec, final)
                    for conflict in conflicts:
                        self._log_conflict(session, conflict)
                        report.conflicts.append(conflict)
                        if conflict.table == "incidents":
                            changed_incidents.add(conflict.row_id)
            _info_set(session, bases)
        for incident_id in changed_incidents:
            events.publish(events.INCIDENT_CHANGED, incident_id=incident_id, via="sync")
        if contacts_changed:
            events.publish(events.CONTACTS_CHANGED, via="sync")

    def _log_conflict(self, session: Session, conflict: Conflict) -> None:
        if conflict.table == "incidents":
            incident_id: str | None = conflict.row_id
        else:
            current = current_incident(session)
            incident_id = current.id if current else None
        if incident_id is None:
            log.info("sync conflict with no open incident to log it on: %s", conflict.describe())
            return
        timeline.append(
            session,
            incident_id=incident_id,
            origin=self.store.origin,
            kind="conflict",
            author=AUTHOR,
            text=conflict.describe(),
            data={
                "table": conflict.table,
                "row_id": conflict.row_id,
                "group": conflict.group,
                "kept": {k: _norm(v) for k, v in conflict.kept.items()},
                "discarded": {k: _norm(v) for k, v in conflict.lost.items()},
                "kept_origin": conflict.kept_origin,
                "discarded_origin": conflict.lost_origin,
            },
        )

    # push: append-only ------------------------------------------------------------

    def _push_append(self, conn: psycopg.Connection[Any], peer: str, report: RoundReport) -> None:
        origin = self.store.origin
        renamed: dict[str, str] = {}
        with self.store.session() as session:  # one look at every table: idle rounds are cheap
            marks = {
                spec.name: (
                    int(_info_get(session, _mark_key(peer, "pushed", spec.name)) or 0),
                    _max_rowid(session, spec.table),
                )
                for spec in APPEND_ONLY
            }
        for spec in APPEND_ONLY:
            key = _mark_key(peer, "pushed", spec.name)
            mark, top = marks[spec.name]
            if mark == top:
                continue
            if mark > top:  # the store was rebuilt (demo reloaded): resend, the server dedupes
                mark = 0
            cols = spec.columns
            stamps = [
                i for i, c in enumerate(spec.table.columns) if isinstance(c.type, UTCDateTime)
            ]
            refs = [cols.index(c) for c in MENTION_REFERENCES.get(spec.name, ())]
            names = ", ".join('"' + c + '"' for c in cols)  # names from the schema only
            query = (
                f'SELECT rowid, {names} FROM "{spec.name}" WHERE rowid > ? ORDER BY rowid LIMIT ?'  # noqa: S608
            )
            while True:
                # Raw rows as SQLite holds them (JSON as text, UTC times without zone):
                # COPY takes them as they are, which is several times cheaper than
                # decoding and re-encoding every value.
                with self.store.engine.connect() as local:
                    fetched = local.exec_driver_sql(query, (mark, PUSH_CHUNK)).fetchall()
                if not fetched:
                    break
                last = int(fetched[-1][0])
                rows = [list(r[1:]) for r in fetched]
                for row in rows:
                    for i in stamps:
                        if row[i] is not None:
                            row[i] = f"{row[i]}+00"
                    for i in refs:
                        if row[i] in renamed:
                            row[i] = renamed[row[i]]
                with srv.push_transaction(conn, origin) as (cur, notify):
                    inserted = _copy_insert(cur, spec, rows)
                    if inserted:
                        notify.append(spec.name)
                    srv.log_changes(cur, spec.name, inserted, origin)
                    found: dict[str, str] = {}
                    if spec.name == "mentions" and len(inserted) < len(rows):
                        cur.execute(
                            "SELECT t.id, m.id FROM _push t JOIN mentions m "
                            "ON m.source_id = t.source_id AND m.external_id = t.external_id "
                            "WHERE m.id <> t.id"
                        )
                        found = {a: b for a, b in cur.fetchall()}
                with self.store.session() as session:
                    if found:
                        _rename(session, "mentions", MENTION_REFERENCES, found)
                        renamed.update(found)
                        report.renamed += len(found)
                    _info_set(session, {key: str(last)})
                report.pushed[spec.name] += len(inserted)
                mark = last

    # pull ---------------------------------------------------------------------------

    def _pull(self, conn: psycopg.Connection[Any], peer: str, report: RoundReport) -> None:
        origin = self.store.origin
        touched_incidents: set[str] = set()
        kinds: set[str] = set()
        seen_key = _mark_key(peer, "pulled", "*")
        with self.store.session() as session:
            seen = int(_info_get(session, seen_key) or 0)
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            # The sequence is not transactional: if it has not moved past what we
            # have seen, nothing was pushed since (the common, idle case: one read).
            cur.execute("SELECT last_value, is_called FROM warroom_sync_seq")
            last = cur.fetchone()
            if last is not None and last[1] and int(last[0]) <= seen:
                return
            tops: dict[str, int] = {}
            for spec in TABLES:
                cur.execute(
                    "SELECT max(seq) FROM warroom_sync_log WHERE table_name = %s", (spec.name,)
                )
                top = cur.fetchone()
                if top is not None and top[0] is not None:
                    tops[spec.name] = int(top[0])
            for spec in TABLES:
                key = _mark_key(peer, "pulled", spec.name)
                with self.store.session() as session:
                    mark = int(_info_get(session, key) or 0)
                top = tops.get(spec.name, 0)
                if top <= mark:
                    continue
                cols = spec.columns
                query = sql.SQL(
                    "SELECT l.seq, {cols} FROM warroom_sync_log l JOIN {t} t ON t.id = l.row_id "
                    "WHERE l.table_name = %s AND l.seq > %s AND l.seq <= %s {mine} "
                    "ORDER BY l.seq LIMIT %s"
                ).format(
                    cols=srv.columns_sql(cols, "t"),
                    t=sql.Identifier(spec.name),
                    mine=sql.SQL("" if spec.mutable else "AND l.pushed_by <> %s"),
                )
                while True:
                    params: tuple[Any, ...] = (
                        (spec.name, mark, top, PULL_CHUNK)
                        if spec.mutable
                        else (spec.name, mark, top, origin, PULL_CHUNK)
                    )
                    cur.execute(query, params)
                    fetched = cur.fetchall()
                    rows = [dict(zip(cols, r[1:], strict=True)) for r in fetched]
                    new_mark = int(fetched[-1][0]) if len(fetched) == PULL_CHUNK else top
                    with self.store.session() as session:
                        if spec.mutable:
                            count = self._apply_mutable(session, peer, spec, rows)
                        else:
                            count = self._apply_append(session, peer, spec, rows)
                        _info_set(session, {key: str(new_mark)})
                    if count:
                        report.pulled[spec.name] += count
                        kinds.add(spec.name)
                        if spec.name in ("timeline_entries", "incidents"):
                            touched_incidents.update(
                                str(
                                    r["incident_id"] if spec.name == "timeline_entries" else r["id"]
                                )
                                for r in rows
                            )
                    mark = new_mark
                    if mark >= top:
                        break
            if tops:  # the highest change visible in this snapshot: all pulled now
                with self.store.session() as session:
                    _info_set(session, {seen_key: str(max(tops.values()))})
        self._announce(report, kinds, touched_incidents)

    def _apply_mutable(
        self, session: Session, peer: str, spec: TableSpec, rows: list[dict[str, Any]]
    ) -> int:
        if not rows:
            return 0
        table = spec.table
        bases = _load_bases(session, peer, spec.name)
        if spec.name == "sources":  # same name, other id: take the server's id first
            local_names: dict[str, str] = {
                str(name): str(sid)
                for name, sid in session.execute(text("SELECT name, id FROM sources")).all()
            }
            mapping = {
                local_names[r["name"]]: r["id"]
                for r in rows
                if r["name"] in local_names and local_names[r["name"]] != r["id"]
            }
            if mapping:
                _rename(session, "sources", SOURCE_REFERENCES, mapping)
        ids = [r["id"] for r in rows]
        local = {
            r["id"]: dict(r)
            for chunk in _chunks(ids, SQLITE_IDS)
            for r in session.execute(select(table).where(table.c.id.in_(chunk))).mappings()
        }
        new_bases: dict[str, str] = {}
        count = 0
        for row in rows:
            mine = local.get(row["id"])
            if mine is None:
                session.execute(table.insert(), [row])
                count += 1
            elif _version(mine) == _version(row):
                pass
            else:
                base = bases.get(row["id"])
                if base is None or base["v"] != _version(mine):
                    continue  # changed here too: the next push merges it
                values = {c: row[c] for c in spec.columns if c != "id" and c not in spec.local}
                session.execute(update(table).where(table.c.id == row["id"]).values(**values))
                count += 1
            new_bases[_base_key(peer, spec.name, row["id"])] = _base_value(spec, row)
        _info_set(session, new_bases)
        return count

    def _apply_append(
        self, session: Session, peer: str, spec: TableSpec, rows: list[dict[str, Any]]
    ) -> int:
        if not rows:
            return 0
        table = spec.table
        have: set[str] = set()
        for chunk in _chunks([r["id"] for r in rows], SQLITE_IDS):
            have.update(session.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
        fresh = [r for r in rows if r["id"] not in have]
        if not fresh:
            return 0
        push_key = _mark_key(peer, "pushed", spec.name)
        before = _max_rowid(session, table)
        caught_up = int(_info_get(session, push_key) or 0) == before
        if spec.name == "mentions":
            count = store_mentions(session, fresh, origin=self.store.origin)
            if count < len(fresh):
                self._adopt_mention_ids(session, fresh)
        else:
            session.execute(sqlite_insert(table).on_conflict_do_nothing(), fresh)
            count = int(
                session.scalar(
                    select(func.count()).select_from(table).where(literal_column("rowid") > before)
                )
                or 0
            )
        if caught_up:  # what we just pulled is on the server already: no need to push it back
            _info_set(session, {push_key: str(_max_rowid(session, table))})
        return count

    def _adopt_mention_ids(self, session: Session, pulled: list[dict[str, Any]]) -> None:
        """Our own copy of a pulled mention (same source and external id) takes its id."""
        table = Mention.__table__
        wanted = {(r["source_id"], r["external_id"]): r["id"] for r in pulled}
        mapping: dict[str, str] = {}
        by_source: dict[str, list[str]] = defaultdict(list)
        for source_id, external_id in wanted:
            by_source[source_id].append(external_id)
        for source_id, externals in by_source.items():
            for chunk in _chunks(externals, SQLITE_IDS):
                found = session.execute(
                    select(table.c.id, table.c.external_id).where(
                        table.c.source_id == source_id, table.c.external_id.in_(chunk)
                    )
                )
                for local_id, external_id in found:
                    server_id = wanted[(source_id, external_id)]
                    if local_id != server_id:
                        mapping[str(local_id)] = server_id
        if mapping:
            _rename(session, "mentions", MENTION_REFERENCES, mapping)

    def _announce(self, report: RoundReport, kinds: set[str], incidents: set[str]) -> None:
        if "mentions" in kinds:
            events.publish(
                events.MENTIONS_ADDED, count=report.pulled["mentions"], source="team", via="sync"
            )
        for incident_id in sorted(incidents):
            if "incidents" in kinds:
                events.publish(events.INCIDENT_CHANGED, incident_id=incident_id, via="sync")
            if "timeline_entries" in kinds:
                events.publish(
                    events.TIMELINE_APPENDED, incident_id=incident_id, entry_id="", via="sync"
                )
        if "contacts" in kinds or "contact_events" in kinds:
            events.publish(events.CONTACTS_CHANGED, via="sync")
        if kinds & {
            "plan_versions",
            "scenarios",
            "checklist_steps",
            "message_templates",
            "approvals",
        }:
            events.publish(events.PLAN_CHANGED, version=0, via="sync")


# --- helpers ---------------------------------------------------------------------------


def _plain_local(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    message = str(orig if orig is not None else exc).strip()
    return message.splitlines()[0] if message else "no reason given"


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _adapt(table: Table, row: Mapping[str, Any], cols: list[str]) -> list[Any]:
    json_cols = _json_columns(table)
    return [Json(row[c]) if c in json_cols and row[c] is not None else row[c] for c in cols]


def _upsert(cur: psycopg.Cursor[Any], spec: TableSpec, rows: list[dict[str, Any]]) -> None:
    cols = spec.columns
    stmt = sql.SQL(
        "INSERT INTO {t} ({cols}) VALUES ({vals}) ON CONFLICT (id) DO UPDATE SET {sets}"
    ).format(
        t=sql.Identifier(spec.name),
        cols=srv.columns_sql(cols),
        vals=sql.SQL(", ").join(sql.Placeholder() for _ in cols),
        sets=sql.SQL(", ").join(
            sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(c)) for c in cols if c != "id"
        ),
    )
    cur.executemany(stmt, [_adapt(spec.table, r, cols) for r in rows])


def _copy_insert(cur: psycopg.Cursor[Any], spec: TableSpec, rows: list[list[Any]]) -> list[str]:
    """COPY raw rows (in column order) into a temp table, insert the new ones; their ids."""
    cols = spec.columns
    cur.execute(
        sql.SQL("CREATE TEMP TABLE _push (LIKE {t}) ON COMMIT DROP").format(
            t=sql.Identifier(spec.name)
        )
    )
    with cur.copy(sql.SQL("COPY _push ({}) FROM STDIN").format(srv.columns_sql(cols))) as copy:
        for row in rows:
            copy.write_row(row)
    cur.execute(
        sql.SQL(
            "INSERT INTO {t} ({cols}) SELECT {cols} FROM _push ON CONFLICT DO NOTHING RETURNING id"
        ).format(t=sql.Identifier(spec.name), cols=srv.columns_sql(cols))
    )
    return [r[0] for r in cur.fetchall()]


def _rename(
    session: Session,
    table: str,
    references: Mapping[str, Sequence[str]],
    mapping: Mapping[str, str],
) -> None:
    """Give rows of `table` new ids, and every reference to them (foreign keys deferred)."""
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    for ref_table, columns in references.items():
        for column in columns:
            session.execute(
                text(f'UPDATE "{ref_table}" SET "{column}" = :new WHERE "{column}" = :old'),  # noqa: S608 - names from the schema
                [{"new": new, "old": old} for old, new in mapping.items()],
            )
    session.execute(
        text(f'UPDATE "{table}" SET id = :new WHERE id = :old'),  # noqa: S608 - name from the schema
        [{"new": new, "old": old} for old, new in mapping.items()],
    )


# --- status -----------------------------------------------------------------------------


def pending_changes(store: Store) -> dict[str, int]:
    """Local changes not yet on the team server, per table (all rows before a first sync)."""
    result: dict[str, int] = {}
    with store.session() as session:
        peer = _info_get(session, PEER_KEY) or "none"
        for spec in TABLES:
            if spec.mutable:
                bases = _load_bases(session, peer, spec.name)
                rows = session.execute(
                    select(spec.table.c.id, spec.table.c.updated_at, spec.table.c.origin)
                ).mappings()
                count = sum(1 for r in rows if (bases.get(r["id"]) or {}).get("v") != _version(r))
            else:
                mark = int(_info_get(session, _mark_key(peer, "pushed", spec.name)) or 0)
                count = int(
                    session.scalar(
                        select(func.count())
                        .select_from(spec.table)
                        .where(literal_column("rowid") > mark)
                    )
                    or 0
                )
            if count:
                result[spec.name] = count
    return result


def status(store: Store) -> SyncStatus:
    with store.session() as session:
        peer = _info_get(session, PEER_KEY)
        offline = _info_get(session, OFFLINE_KEY)
        last = (
            session.scalar(select(func.max(SyncState.pulled_until)).where(SyncState.peer == peer))
            if peer
            else None
        )
    return SyncStatus(
        peer=peer,
        last_sync=last,
        offline_since=datetime.fromisoformat(offline) if offline else None,
        pending=pending_changes(store),
    )

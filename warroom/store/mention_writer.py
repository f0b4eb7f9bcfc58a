"""Storing batches of mentions: dedupe, full-text index, per-minute rollup.

One batch is one transaction: rows go in with SQLAlchemy Core executemany and
ON CONFLICT DO NOTHING on (source, external id), so a mention fetched twice is
stored once; the FTS5 index is filled once per transaction, as it commits, with
INSERT … SELECT over the new rowids (a per-row trigger costs 3–4× more); the
per-minute volume rollup is computed in Python and upserted once per batch.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, SessionTransaction

from warroom.store.models import Mention, VolumeBucket, new_id, utcnow

NEGATIVE_BELOW = -0.05
POSITIVE_ABOVE = 0.05

_COLUMNS = {c.name for c in Mention.__table__.columns}


def sentiment_class(sentiment: float | None) -> str:
    if sentiment is None:
        return "neutral"
    if sentiment <= NEGATIVE_BELOW:
        return "negative"
    if sentiment >= POSITIVE_ABOVE:
        return "positive"
    return "neutral"


def _insert(session: Session) -> Any:
    return sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert


_DEFAULTS: tuple[tuple[str, Any], ...] = (
    ("canonical_url", ""),
    ("author", ""),
    ("author_handle", ""),
    ("author_reach", 0),
    ("engagement", 0),
    ("text", ""),
    ("language", ""),
    ("sentiment", None),
    ("source_sentiment", None),
    ("severity", None),
    ("severity_parts", {}),
    ("risk_terms", []),
    ("cluster_id", None),
    ("duplicate_of_id", None),
    ("status", "new"),
    ("assignee", ""),
    ("tags", []),
    ("raw", {}),
)
SQLITE_COLUMNS = _ORDER = tuple(c.name for c in Mention.__table__.columns)
_JSON = frozenset(c.name for c in Mention.__table__.columns if c.type.__class__.__name__ == "JSON")
_TIMES = frozenset(("created_at", "updated_at", "published_at", "fetched_at"))
_GETTER = itemgetter(*_ORDER)
_COMPACT = json.JSONEncoder(separators=(",", ":"))


def _compact_dumps() -> Any:
    """`_COMPACT.encode` without building the C encoder again for every value.

    The standard library makes a new C encoder on each `encode` call; made once here it
    saves about 0.8 µs a value, three values a mention.  No circular-reference check:
    the values are parsed payloads and the analysis's lists and dicts, never cyclic.
    """
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the plain encoder
        return _COMPACT.encode
    chunks = make(
        None, _COMPACT.default, encoder.encode_basestring_ascii, None, ":", ",", False, False, True
    )
    return lambda value: "".join(chunks(value, 0))


_DUMPS = _compact_dumps()
_JSON_AT = tuple(i for i, name in enumerate(_ORDER) if name in _JSON)
_TIME_AT = tuple(i for i, name in enumerate(_ORDER) if name in _TIMES)
# column names come from the model, never from input
_SQLITE_INSERT = (
    "INSERT INTO mentions ({}) VALUES ({}) ON CONFLICT (source_id, external_id) DO NOTHING".format(  # noqa: S608
        ", ".join(_ORDER), ", ".join("?" * len(_ORDER))
    )
)
_UUID_STATE = {"last_ms": 0, "seq": 0}


def time_ordered_id() -> str:
    """A UUIDv7-shaped key: time-ordered, so the primary-key index is appended to.

    Random (v4) keys scatter inserts over the whole index; ordered keys keep a
    batch of new mentions in a few pages (the issue measured 5x).
    """
    return _time_ordered_ids(1)[0]


def _time_ordered_ids(count: int) -> list[str]:
    """`count` UUIDv7-shaped keys: one clock read and one random draw per batch."""
    ms = time.time_ns() // 1_000_000
    if ms <= _UUID_STATE["last_ms"]:
        ms = _UUID_STATE["last_ms"] + 1  # strictly after the previous batch
    _UUID_STATE["last_ms"] = ms + (count >> 12)
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 40) - 1)
    base = (ms << 80) | (0x7 << 76) | (0b10 << 62) | (rand << 22)
    ids = []
    for n in range(count):
        # 12-bit counter in rand_a, overflow into the timestamp; 22-bit counter in rand_b
        value = base + ((n >> 12) << 80) + ((n & 0xFFF) << 64) + (n & 0x3FFFFF)
        text = f"{value:032x}"
        ids.append(f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}")
    return ids


def _sqlite_time(value: datetime) -> str:
    """The text SQLAlchemy's SQLite DateTime stores: naive UTC with microseconds."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the store; use UTC-aware times")
    v = value.astimezone(UTC)
    return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (  # noqa: UP031 - hot path
        v.year,
        v.month,
        v.day,
        v.hour,
        v.minute,
        v.second,
        v.microsecond,
    )


def prepare_rows(rows: Iterable[Mapping[str, Any]], origin: str) -> list[dict[str, Any]]:
    """Mention dicts completed with keys, times, origin and column defaults."""
    now = utcnow()
    # one dict merge per row: the defaults first, the row's own values over them
    template = {**dict(_DEFAULTS), "created_at": now, "updated_at": now, "fetched_at": now}
    template["origin"] = origin
    prepared: list[dict[str, Any]] = []
    columns = _COLUMNS
    for row in rows:
        if row.keys() <= columns:
            record = {**template, **row}
        else:
            record = {**template, **{k: v for k, v in row.items() if k in columns}}
        prepared.append(record)
    missing = [r for r in prepared if "id" not in r]
    for record, key in zip(missing, _time_ordered_ids(len(missing)), strict=True):
        record["id"] = key
    return prepared


def _link_duplicates(session: Session, prepared: list[dict[str, Any]]) -> None:
    """The same canonical URL already stored from another source: link, don't count twice."""
    urls = sorted({r["canonical_url"] for r in prepared if r["canonical_url"]})
    if not urls:
        return
    originals: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if session.get_bind().dialect.name == "sqlite":
        # one statement, the URLs as one JSON parameter: one index probe per URL
        driver = session.connection().connection.driver_connection
        assert driver is not None
        found_rows: Iterable[Any] = driver.execute(
            "SELECT canonical_url, id, source_id FROM mentions WHERE duplicate_of_id IS NULL "
            "AND canonical_url IN (SELECT value FROM json_each(?))",
            (json.dumps(urls),),
        ).fetchall()
    else:
        table = Mention.__table__
        found_rows = []
        for start in range(0, len(urls), 500):
            found_rows.extend(
                session.execute(
                    select(table.c.canonical_url, table.c.id, table.c.source_id).where(
                        table.c.canonical_url.in_(urls[start : start + 500]),
                        table.c.duplicate_of_id.is_(None),
                    )
                )
            )
    for url, mention_id, source_id in found_rows:
        originals[str(url)].append((str(mention_id), str(source_id)))
    if not originals:
        return
    for record in prepared:
        for mention_id, source_id in originals.get(record["canonical_url"], ()):
            if source_id != record["source_id"] and record["duplicate_of_id"] is None:
                record["duplicate_of_id"] = mention_id
                break


def store_mentions(session: Session, rows: Iterable[Mapping[str, Any]], *, origin: str) -> int:
    """Insert new mentions (dicts of Mention columns); returns how many were new.

    Rows already stored (same source and external id) are skipped; a row whose
    canonical URL is already stored from another source is linked to it
    (`duplicate_of_id`) and left out of the volume rollup.  Must run inside
    the caller's transaction, together with the source cursor update.
    """
    prepared = prepare_rows(rows, origin)
    if not prepared:
        return 0
    _link_duplicates(session, prepared)
    if session.get_bind().dialect.name != "sqlite":
        stmt = _insert(session)(Mention.__table__).on_conflict_do_nothing(
            index_elements=["source_id", "external_id"]
        )
        stmt = stmt.returning(Mention.__table__.c.id)
        inserted_ids = set(session.scalars(stmt, prepared))
        new_rows = [r for r in prepared if r["id"] in inserted_ids]
    else:
        new_rows = _sqlite_insert(session, prepared)
    add_to_rollup(session, [r for r in new_rows if r["duplicate_of_id"] is None], origin=origin)
    return len(new_rows)


def _sqlite_insert(session: Session, prepared: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """executemany straight on the driver, values pre-converted as SQLAlchemy would store them.

    Bypassing the per-value type processing keeps most of the raw sqlite3
    rate; FTS is filled once per batch with INSERT ... SELECT over new rowids.
    """
    values = sqlite_values(prepared)
    driver = session.connection().connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        changes = driver.total_changes
        cursor.executemany(_SQLITE_INSERT, values)
        inserted = driver.total_changes - changes
        # read under the write lock the insert took (another writer may have committed
        # before it): the new rows hold the `inserted` rowids after `before`, in a row
        last = cursor.execute("SELECT coalesce(max(rowid), 0) FROM mentions").fetchone()[0]
        before = last - inserted
        if inserted == len(prepared):
            new_rows = prepared
        else:
            new_ids = {
                r[0] for r in cursor.execute("SELECT id FROM mentions WHERE rowid > ?", (before,))
            }
            new_rows = [r for r in prepared if r["id"] in new_ids]
        if new_rows:
            after = session.info.get(_INDEX_AFTER)
            if after is None or before < after:
                session.info[_INDEX_AFTER] = before
    finally:
        cursor.close()
    return new_rows


# session.info key: the rowid after which this transaction's new mentions await the
# full-text index, filled with one INSERT ... SELECT when the transaction commits (in
# whichever thread commits it: a poll's committer thread fills it while the poll goes on)
_INDEX_AFTER = "warroom.index_after"


@event.listens_for(Session, "before_commit")
def _index_new_mentions(session: Session) -> None:
    after = session.info.pop(_INDEX_AFTER, None)
    if after is not None:
        driver = session.connection().connection.driver_connection
        assert driver is not None
        driver.execute(
            "INSERT INTO mentions_fts(rowid, text, author) "
            "SELECT rowid, text, author FROM mentions WHERE rowid > ?",
            (after,),
        )


@event.listens_for(Session, "after_transaction_end")
def _forget_new_mentions(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction, not a savepoint inside it
        session.info.pop(_INDEX_AFTER, None)


def sqlite_values(prepared: list[dict[str, Any]]) -> list[list[Any]]:
    """Rows as the driver takes them, in `SQLITE_COLUMNS` order, stored as SQLAlchemy would."""
    dumps = _DUMPS
    get = _GETTER
    json_at, time_at = _JSON_AT, _TIME_AT
    times: dict[datetime, str] = {}
    values = []
    for record in prepared:
        value = list(get(record))
        for i in json_at:
            item = value[i]
            value[i] = "{}" if item == {} else "[]" if item == [] else dumps(item)
        for i in time_at:
            moment = value[i]
            if moment is not None:
                stored = times.get(moment)
                if stored is None:
                    stored = times[moment] = _sqlite_time(moment)
                value[i] = stored
        values.append(value)
    return values


_SQLITE_ROLLUP = (
    "INSERT INTO volume_buckets (id, created_at, updated_at, origin, bucket_start, source_id, "
    "total, negative, neutral, positive, severity_sum, reach_sum) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (bucket_start, source_id) DO UPDATE SET "
    "total = total + excluded.total, negative = negative + excluded.negative, "
    "neutral = neutral + excluded.neutral, positive = positive + excluded.positive, "
    "severity_sum = severity_sum + excluded.severity_sum, "
    "reach_sum = reach_sum + excluded.reach_sum, updated_at = excluded.updated_at"
)


def add_to_rollup(session: Session, rows: Iterable[Mapping[str, Any]], *, origin: str) -> None:
    """Add new mentions to the per-minute, per-source volume buckets."""
    sums: dict[tuple[datetime, str], list[float]] = {}
    for row in rows:
        published = row["published_at"]
        key = (published.replace(second=0, microsecond=0), row["source_id"])
        acc = sums.get(key)
        if acc is None:
            acc = sums[key] = [0, 0, 0, 0, 0.0, 0]
        acc[0] += 1
        sentiment = row.get("sentiment")
        if sentiment is None:
            acc[2] += 1
        else:
            acc[1 if sentiment <= NEGATIVE_BELOW else 3 if sentiment >= POSITIVE_ABOVE else 2] += 1
        acc[4] += float(row.get("severity") or 0.0)
        acc[5] += int(row.get("author_reach") or 0)
    if not sums:
        return
    now = utcnow()
    if session.get_bind().dialect.name == "sqlite":
        stamp = _sqlite_time(now)
        driver = session.connection().connection.driver_connection
        assert driver is not None
        driver.executemany(
            _SQLITE_ROLLUP,
            [
                (
                    new_id(),
                    stamp,
                    stamp,
                    origin,
                    _sqlite_time(bucket),
                    source_id,
                    int(acc[0]),
                    int(acc[1]),
                    int(acc[2]),
                    int(acc[3]),
                    float(acc[4]),
                    int(acc[5]),
                )
                for (bucket, source_id), acc in sums.items()
            ],
        )
        return
    values = [
        {
            "id": new_id(),
            "created_at": now,
            "updated_at": now,
            "origin": origin,
            "bucket_start": bucket,
            "source_id": source_id,
            "total": int(acc[0]),
            "negative": int(acc[1]),
            "neutral": int(acc[2]),
            "positive": int(acc[3]),
            "severity_sum": float(acc[4]),
            "reach_sum": int(acc[5]),
        }
        for (bucket, source_id), acc in sums.items()
    ]
    table = VolumeBucket.__table__
    stmt = _insert(session)(table)
    excluded = stmt.excluded
    stmt = stmt.on_conflict_do_update(
        index_elements=["bucket_start", "source_id"],
        set_={
            "total": table.c.total + excluded.total,
            "negative": table.c.negative + excluded.negative,
            "neutral": table.c.neutral + excluded.neutral,
            "positive": table.c.positive + excluded.positive,
            "severity_sum": table.c.severity_sum + excluded.severity_sum,
            "reach_sum": table.c.reach_sum + excluded.reach_sum,
            "updated_at": excluded.updated_at,
        },
    )
    session.execute(stmt, values)


def mention_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Mention)) or 0


def release_duplicates(session: Session, doomed: Any, *, origin: str) -> int:
    """Before deleting mentions, free the copies linked to them (duplicate_of_id).

    `doomed` is a SELECT of the ids about to go.  The copies become mentions in
    their own right and enter the volume counts they were kept out of, so the
    graph and the detector lose nothing.
    """
    doomed = doomed.correlate(None)  # the same table is queried outside: never correlate
    copies = list(session.scalars(select(Mention).where(Mention.duplicate_of_id.in_(doomed))))
    for copy in copies:
        copy.duplicate_of_id = None
    add_to_rollup(
        session,
        [
            {
                "published_at": c.published_at,
                "source_id": c.source_id,
                "sentiment": c.sentiment,
                "severity": c.severity,
                "author_reach": c.author_reach,
            }
            for c in copies
        ],
        origin=origin,
    )
    session.flush()
    return len(copies)

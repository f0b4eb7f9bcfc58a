"""Team sync: first sync of a big store, idle rounds, write-to-other-laptop latency.

Starts its own PostgreSQL server on 127.0.0.1 (tests/pg_fixtures.py) and
removes it afterwards.  Laptop A holds 100,000 mentions and 10,000 timeline
entries; its first sync pushes them, laptop B's first sync pulls them into an
empty store (FTS index and per-minute rollup included).  References, measured
in the same run: a plain psycopg COPY of the same rows into bare tables (the
floor for pushing), and a plain fetch plus sqlite3 executemany into a bare
table (the floor for pulling).  Steady state: a note written on A, A's round
pushes it, B hears the NOTIFY and pulls it; reference: a bare NOTIFY → LISTEN
round trip.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.registry import Figure

MENTIONS = 100_000
ENTRIES = 10_000
INCIDENTS = 10
LATENCY_RUNS = 20


def _fill(store: Any) -> None:
    from sqlalchemy import insert

    from warroom.incidents.chain import entry_hash
    from warroom.store.mention_writer import store_mentions
    from warroom.store.models import Incident, Source, TimelineEntry, utcnow

    start = utcnow() - timedelta(days=1)
    with store.session() as session:
        source = Source(origin=store.origin, name="bench-rss", kind="rss")
        session.add(source)
        session.flush()
        source_id = source.id
    for first in range(0, MENTIONS, 10_000):
        rows = [
            {
                "source_id": source_id,
                "external_id": f"m{i}",
                "canonical_url": f"https://news.example/item/{i}",
                "author": f"user{i % 997}",
                "text": f"Kopi Harimau batch {i} recalled after contamination rumour, refund?",
                "language": "en",
                "published_at": start + timedelta(seconds=i),
                "sentiment": ((i % 7) - 3) / 3,
                "severity": (i % 10) / 10,
                "author_reach": i % 5000,
                "risk_terms": ["recall"] if i % 3 == 0 else [],
            }
            for i in range(first, min(first + 10_000, MENTIONS))
        ]
        with store.session() as session:
            store_mentions(session, rows, origin=store.origin)
    with store.session() as session:
        incidents = [Incident(origin=store.origin, title=f"Incident {n}") for n in range(INCIDENTS)]
        session.add_all(incidents)
        session.flush()
        rows = []
        for incident in incidents:
            prev = ""
            for seq in range(1, ENTRIES // INCIDENTS + 1):
                at = start + timedelta(seconds=seq)
                content = {
                    "incident_id": incident.id,
                    "origin": store.origin,
                    "seq": seq,
                    "kind": "note",
                    "author": "Bench",
                    "occurred_at": at,
                    "text": f"Decision {seq}: holding statement reviewed",
                    "data": {"n": seq},
                    "prev_hash": prev,
                }
                prev = entry_hash(**content)
                rows.append({**content, "hash": prev, "created_at": at, "updated_at": at})
        session.execute(insert(TimelineEntry), rows)


def _reference_push(team: Any, store: Any) -> float:
    """Read the same rows raw from SQLite and COPY them into bare tables (no keys, no log)."""
    from warroom.sync.server import connect

    start = time.perf_counter()
    conn = connect(team)
    with conn.transaction(), conn.cursor() as cur:
        for table in ("mentions", "timeline_entries"):
            with store.engine.connect() as local:
                result = local.exec_driver_sql(f"SELECT * FROM {table}")  # noqa: S608 - fixed
                names = list(result.keys())
                rows = result.fetchall()
            stamps = [i for i, n in enumerate(names) if n.endswith("_at")]
            cur.execute(f"CREATE TEMP TABLE bare_{table} (LIKE {table})")
            columns = ", ".join(f'"{n}"' for n in names)
            with cur.copy(f"COPY bare_{table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    values = list(row)
                    for i in stamps:
                        if values[i] is not None:
                            values[i] = f"{values[i]}+00"
                    copy.write_row(values)
    conn.close()
    return time.perf_counter() - start


def _reference_pull(team: Any, folder: Path) -> float:
    """Fetch the same rows with psycopg and executemany them into a bare SQLite table."""
    from warroom.sync.server import connect

    start = time.perf_counter()
    conn = connect(team)
    lite = sqlite3.connect(folder / "bare.sqlite3")
    for table in ("mentions", "timeline_entries"):
        with conn.cursor() as cur:
            cur.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            names = [d.name for d in cur.description or []]
            rows = [tuple(str(v) if v is not None else None for v in r) for r in cur.fetchall()]
        lite.execute(f"CREATE TABLE {table} ({', '.join(names)})")
        lite.executemany(
            f"INSERT INTO {table} VALUES ({', '.join('?' for _ in names)})",  # noqa: S608
            rows,
        )
        lite.commit()
    conn.commit()
    conn.close()
    lite.close()
    return time.perf_counter() - start


def _notify_round_trip(team: Any) -> float:
    from warroom.sync.server import CHANNEL, Listener, connect

    listener = Listener(team)
    sender = connect(team, autocommit=True)
    times = []
    for _ in range(LATENCY_RUNS):
        start = time.perf_counter()
        sender.execute("SELECT pg_notify(%s, %s)", (CHANNEL, '{"origin": "bench"}'))
        listener.wait(5.0)
        times.append(time.perf_counter() - start)
    sender.close()
    listener.close()
    return statistics.median(times)


def figures() -> Iterator[Figure]:
    from tests.pg_fixtures import start_server
    from warroom.incidents import timeline
    from warroom.store.db import open_store
    from warroom.store.models import TimelineEntry
    from warroom.sync import engine
    from warroom.sync.server import Listener, TeamUrl

    server = start_server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            a = open_store(folder / "a.sqlite3")
            b = open_store(folder / "b.sqlite3")
            _fill(a)
            team = TeamUrl.parse(server.fresh_database())
            sync_a, sync_b = engine.Syncer(a, team), engine.Syncer(b, team)
            sync_a.connection()
            sync_b.connection()

            start = time.perf_counter()
            pushed = sync_a.run_round()
            push_s = time.perf_counter() - start
            start = time.perf_counter()
            pulled = sync_b.run_round()
            pull_s = time.perf_counter() - start
            assert pushed.pushed["mentions"] == MENTIONS == pulled.pulled["mentions"]
            assert pulled.pulled["timeline_entries"] == ENTRIES
            ref_push = _reference_push(team, a)
            ref_pull = _reference_pull(team, folder)
            yield Figure(
                "sync.first_push",
                push_s,
                "s",
                ref_push,
                "s",
                f"{MENTIONS:,} mentions + {ENTRIES:,} timeline entries; reference: COPY into bare tables",
            )
            yield Figure(
                "sync.first_pull",
                pull_s,
                "s",
                ref_pull,
                "s",
                "into an empty store with FTS and rollup; reference: fetch + sqlite executemany, bare table",
            )
            yield Figure(
                "sync.first_sync_total",
                push_s + pull_s,
                "s",
                30.0,
                "s",
                "push on A + pull on B; reference is the target (≤ 30 s)",
            )

            times = []
            for _ in range(10):
                start = time.perf_counter()
                sync_a.run_round()
                times.append(time.perf_counter() - start)
            ping = []
            conn = sync_a.connection()
            for _ in range(10):
                start = time.perf_counter()
                conn.execute("SELECT 1").fetchone()
                ping.append(time.perf_counter() - start)
            conn.commit()
            yield Figure(
                "sync.idle_round",
                statistics.median(times) * 1000,
                "ms",
                statistics.median(ping) * 1000,
                "ms",
                "a round with nothing to move (what the app runs each second); reference: SELECT 1",
            )

            with a.session() as session:
                incident_id = session.query(TimelineEntry.incident_id).limit(1).scalar()
            listener = Listener(team)
            latencies = []
            for n in range(LATENCY_RUNS):
                start = time.perf_counter()
                with a.session() as session:
                    entry = timeline.append(
                        session,
                        incident_id=incident_id,
                        origin=a.origin,
                        kind="note",
                        author="Bench",
                        text=f"live note {n}",
                    )
                    entry_id = entry.id
                sync_a.run_round()
                while a.origin not in listener.wait(5.0):
                    pass
                sync_b.run_round()
                with b.session() as session:
                    assert session.get(TimelineEntry, entry_id) is not None
                latencies.append(time.perf_counter() - start)
            listener.close()
            yield Figure(
                "sync.write_to_other_laptop",
                statistics.median(latencies) * 1000,
                "ms",
                _notify_round_trip(team) * 1000,
                "ms",
                f"median of {LATENCY_RUNS}: note on A, A pushes, B hears NOTIFY and pulls "
                "(the app adds ≤ 100 ms debounce); reference: bare NOTIFY→LISTEN",
            )
            sync_a.close()
            sync_b.close()
            a.close()
            b.close()
    finally:
        server.cleanup()

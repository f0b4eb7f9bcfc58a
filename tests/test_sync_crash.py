"""kill -9 in the middle of a sync round loses nothing and duplicates nothing.

A child process runs the round (in small chunks, so it is caught half way);
the test kills it with SIGKILL once the first rows have moved, then lets a
normal round finish the job and counts every row on the server and on both
laptops.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from sqlalchemy import func, select, text

from tests.pg_fixtures import pg_server, team_db  # noqa: F401 - fixtures
from tests.test_sync_engine import make_source, mention_rows, note, open_incident, sync
from warroom.incidents import chain, timeline
from warroom.store.db import open_store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import Mention, VolumeBucket
from warroom.sync import engine
from warroom.sync.server import TeamUrl

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import sys
from pathlib import Path
from warroom.store.db import open_store
from warroom.sync import engine
from warroom.sync.server import TeamUrl
engine.PUSH_CHUNK = engine.PULL_CHUNK = 250
store = open_store(Path(sys.argv[1]))
print("ready", flush=True)
engine.Syncer(store, TeamUrl.parse(sys.argv[2])).run_round()
print("finished", flush=True)
"""
MENTIONS = 5_000
NOTES = 150


def kill_when(db: Path, url: str, started: Callable[[], bool]) -> bool:
    """Run a round in a child; SIGKILL it once `started()`. True if it was killed mid-way."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    deadline = time.monotonic() + 60
    while not started() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    alive = child.poll() is None
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    return alive


def server_mentions(team: TeamUrl) -> int:
    with psycopg.connect(**team.conninfo()) as conn:
        row = conn.execute("SELECT count(*) FROM mentions").fetchone()
    return int(row[0]) if row else 0


def local_mentions(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute("SELECT count(*) FROM mentions").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def test_kill_9_during_push_and_pull_loses_and_duplicates_nothing(
    tmp_path: Path,
    team_db: str,  # noqa: F811 - fixture
) -> None:
    team = TeamUrl.parse(team_db)
    db_a, db_b = tmp_path / "a" / "warroom.sqlite3", tmp_path / "b" / "warroom.sqlite3"
    a = open_store(db_a)
    incident_id = open_incident(a)
    source_id = make_source(a)
    with a.session() as session:
        store_mentions(session, mention_rows(source_id, range(MENTIONS)), origin=a.origin)
    for i in range(NOTES):
        note(a, incident_id, f"decision {i}")
    a.close()

    killed_push = kill_when(db_a, team_db, lambda: server_mentions(team) > 0)
    assert killed_push, "the push finished before it could be killed"
    assert 0 < server_mentions(team) < MENTIONS

    a = open_store(db_a)
    sync(a, team)
    assert server_mentions(team) == MENTIONS
    assert engine.pending_changes(a) == {}

    b = open_store(db_b)
    b.close()
    killed_pull = kill_when(db_b, team_db, lambda: local_mentions(db_b) > 0)
    assert killed_pull, "the pull finished before it could be killed"
    assert 0 < local_mentions(db_b) < MENTIONS

    b = open_store(db_b)
    sync(b, team)
    assert server_mentions(team) == MENTIONS
    for store in (a, b):
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(Mention)) == MENTIONS
            assert session.scalar(select(func.sum(VolumeBucket.total))) == MENTIONS
            fts = session.execute(text("SELECT count(*) FROM mentions_fts")).scalar_one()
            assert fts == MENTIONS
            log = timeline.entries(session, incident_id)
        assert len(log) == NOTES + 1
        assert chain.verify(log) is None
        assert engine.pending_changes(store) == {}
    a.close()
    b.close()

"""kill -9 in the middle of ingest, restart, and nothing is lost or duplicated."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.sources_fixtures import (  # noqa: F401 - the service fixture
    FakeService,
    Reply,
    Request,
    reddit_listing,
    reddit_post,
    service_fixture,
)
from warroom.sources.ingest import add_source
from warroom.store.db import Store

ROOT = Path(__file__).resolve().parent.parent
PAGES = 12


def _serve_slow_listing(service: FakeService) -> list[str]:
    posts = [reddit_post(n, n) for n in range(PAGES * 100)]

    @service.route("/search.json")
    def search(request: Request) -> Reply:
        start = 0
        if request.arg("after"):
            start = int(request.arg("after").removeprefix("t3_p")) + 1
        page = posts[start : start + 100]
        after = page[-1]["data"]["name"] if start + 100 < len(posts) else None
        return Reply(200, reddit_listing(page, after), delay=0.25)

    return [p["data"]["name"] for p in posts]


def _stored(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT external_id FROM mentions")]


def test_kill_minus_nine_mid_ingest_then_restart_loses_and_duplicates_nothing(
    store: Store, service: FakeService, warroom_home: Path
) -> None:
    expected = _serve_slow_listing(service)
    add_source(
        store,
        kind="reddit",
        name="slow",
        url=service.url,
        query="kopi",
        options={"backfill": "100"},
    )
    assert store.path is not None
    env = {**os.environ, "WARROOM_HOME": str(warroom_home), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "warroom", "ingest", "--once", "--source", "slow"]
    child = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_stored(store.path)) < 300:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    partial = _stored(store.path)
    assert 300 <= len(partial) < len(expected), "the kill came mid-way"
    assert len(partial) % 100 == 0, "only whole pages are ever committed"

    finished = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    stored = _stored(store.path)
    assert sorted(stored) == sorted(expected)  # nothing lost, nothing twice
    assert len(stored) == len(set(stored))
    with sqlite3.connect(store.path) as conn:
        fts = conn.execute(
            "SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'recall'"
        ).fetchone()[0]
        total = conn.execute("SELECT sum(total) FROM volume_buckets").fetchone()[0]
    assert fts == len(expected) and total == len(expected)

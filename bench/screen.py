"""The war-room screen at full scale: 1,000,000 mentions in the store, offscreen.

Figures: feed first paint after start, page-scroll step (median and 95th
percentile) beside a plain QTableView over an in-memory list of 1,000,000
rows measured in the same run, UI-thread time to insert 1,000 live mentions
at the top, an FTS query, graph redraw over 30 days of per-minute buckets,
and resident memory.

The 1M-mention store is built once into bench/out/ (ignored by git) with
plain sqlite3 for speed, then reused.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.registry import Figure

MENTIONS = 1_000_000
DAYS = 30
OUT = Path(__file__).resolve().parent / "out"
# a Zipf-like vocabulary: common words often, crisis words rarely (a few % of mentions)
COMMON = ("the kopi kita and to is a of my in for this at with it latte today so not was "
          "yang dan di ini tak ke saya nak dah je").split()
RARE = ("recall boycott sedap teruk keracunan makanan refund outlet staff hospital saman "
        "service delay apology terima kasih sakit perut app crash queue price").split()
WORDS = COMMON + RARE + [f"w{n}" for n in range(3000)]
WEIGHTS = [1.0 / (rank + 1) for rank in range(len(WORDS))]


def _build(path: Path) -> None:
    from warroom.store.db import open_store

    store = open_store(path)
    origin = store.origin
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    start = now - timedelta(days=DAYS)
    stamp = now.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    sources = []
    for n in range(4):
        sid = str(uuid.uuid4())
        sources.append(sid)
        conn.execute(
            "INSERT INTO sources (id, created_at, updated_at, origin, name, kind, base_url, query, "
            "interval_s, options, enabled, cursor, health, last_error, items_fetched) "
            "VALUES (?, ?, ?, ?, ?, 'rss', '', '', 300, '{}', 0, '{}', 'ok', '', 0)",
            (sid, stamp, stamp, origin, f"bench-{n}"),
        )
    rng = random.Random(7)
    step = DAYS * 86400 / MENTIONS
    batch = []
    for i in range(MENTIONS):
        published = (start + timedelta(seconds=i * step)).replace(tzinfo=None)
        text = " ".join(rng.choices(WORDS, weights=WEIGHTS, k=18))
        sentiment = round(rng.uniform(-1, 1), 3)
        batch.append((
            str(uuid.uuid4()), stamp, stamp, origin, sources[i % 4], f"m{i}", f"https://x.example/{i}",
            f"user{i % 5000}", "", rng.randint(0, 50000), rng.randint(0, 200), text, "en",
            published.isoformat(sep=" ", timespec="microseconds"), stamp, sentiment,
            round(rng.uniform(0, 100), 1),
        ))
        if len(batch) == 50_000:
            _insert(conn, batch)
            batch = []
    if batch:
        _insert(conn, batch)
    conn.execute("INSERT INTO mentions_fts(rowid, text, author) SELECT rowid, text, author FROM mentions")
    conn.execute(
        "INSERT INTO volume_buckets (id, created_at, updated_at, origin, bucket_start, source_id, total, "
        "negative, neutral, positive, severity_sum, reach_sum) "
        "SELECT lower(hex(randomblob(16))), ?, ?, ?, strftime('%Y-%m-%d %H:%M:00.000000', published_at), "
        "source_id, count(*), sum(sentiment <= -0.05), sum(sentiment > -0.05 AND sentiment < 0.05), "
        "sum(sentiment >= 0.05), sum(severity), sum(author_reach) FROM mentions "
        "GROUP BY strftime('%Y-%m-%d %H:%M', published_at), source_id",
        (stamp, stamp, origin),
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _insert(conn: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    conn.executemany(
        "INSERT INTO mentions (id, created_at, updated_at, origin, source_id, external_id, "
        "canonical_url, author, author_handle, author_reach, engagement, text, language, "
        "published_at, fetched_at, sentiment, severity, severity_parts, risk_terms, status, "
        "assignee, tags, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'{}','[]','new','','[]','{}')",
        rows,
    )


def _store_path() -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"screen-{MENTIONS}.sqlite3"
    if not path.exists():
        tmp = path.with_suffix(".building")
        for leftover in OUT.glob(tmp.name + "*"):
            leftover.unlink()
        _build(tmp)
        tmp.rename(path)
    return path


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _scroll_steps(app: object, view: object, steps: int = 120) -> list[float]:
    bar = view.verticalScrollBar()  # type: ignore[attr-defined]
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
    return times


def figures() -> Iterator[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    source = _store_path()
    with tempfile.TemporaryDirectory() as home:
        os.environ["WARROOM_HOME"] = home
        target = Path(home) / "warroom.sqlite3"
        target.write_bytes(source.read_bytes())
        from ui.qt import QtCore, QtWidgets

        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
        from ui.main_window import MainWindow
        from warroom.store.db import open_store
        from warroom.store.mention_writer import store_mentions

        start = time.perf_counter()
        store = open_store(target)
        window = MainWindow(store, "bench")
        window.resize(1600, 900)
        window.show()
        window.feed.table.viewport().repaint()
        first_paint = time.perf_counter() - start
        app.processEvents()
        yield Figure("screen_feed_first_paint", first_paint * 1000, "ms",
                     note=f"{window.feed.model.count_matching():,} mentions in the store; goal < 1000 ms")

        # reference: a plain QTableView over an in-memory list of 1,000,000 rows
        class ListModel(QtCore.QAbstractTableModel):
            def __init__(self, rows: list[tuple[str, ...]]) -> None:
                super().__init__()
                self.rows = rows

            def rowCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
                return 0 if parent.isValid() else len(self.rows)

            def columnCount(self, parent: QtCore.QModelIndex = QtCore.QModelIndex()) -> int:  # noqa: B008
                return 8

            def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
                return self.rows[index.row()][index.column()] if role == 0 else None

        reference_rows = [(f"29 Nov {i % 24:02d}:00", "source", "author (1.2k)", "text " * 20, "en",
                           "▼ negative -0.50", "50 high", "new") for i in range(MENTIONS)]
        reference = QtWidgets.QTableView()
        reference.setModel(ListModel(reference_rows))
        reference.resize(window.feed.table.size())
        reference.verticalHeader().setDefaultSectionSize(22)
        reference.show()
        app.processEvents()
        ours = _scroll_steps(app, window.feed.table)
        theirs = _scroll_steps(app, reference)
        reference.close()
        del reference_rows
        q95 = statistics.quantiles(ours, n=20)[-1]
        yield Figure("screen_scroll_step_median", statistics.median(ours), "ms",
                     statistics.median(theirs), "ms", "goal < 16 ms")
        yield Figure("screen_scroll_step_p95", q95, "ms", statistics.quantiles(theirs, n=20)[-1], "ms")

        with store.session() as session:
            source_id = session.execute(  # any source
                __import__("sqlalchemy").text("SELECT id FROM sources LIMIT 1")).scalar_one()
            now = datetime.now(UTC)
            store_mentions(session, [
                {"source_id": source_id, "external_id": f"live-{n}", "text": f"live mention {n}",
                 "published_at": now, "sentiment": -0.4, "severity": 40.0} for n in range(1000)
            ], origin=store.origin)
        start = time.perf_counter()
        window.feed.on_event_mentions_added(1000)
        window.feed.table.viewport().repaint()
        yield Figure("screen_insert_1000_live", (time.perf_counter() - start) * 1000, "ms",
                     note="UI thread: model insert at the top + repaint; goal < 50 ms")

        from ui import tasks

        tasks.wait_all()  # the background total count of the previous step
        window.feed.table.scrollToTop()
        start = time.perf_counter()
        window.feed.search.setText("keracunan")
        window.feed.apply_filter()
        window.feed.table.viewport().repaint()
        elapsed = time.perf_counter() - start
        hits = window.feed.model.count_matching()
        tasks.wait_all()
        yield Figure("screen_fts_query", elapsed * 1000, "ms",
                     note=f"{hits:,} hits, newest first; goal < 100 ms")
        window.feed.search.clear()
        window.feed.apply_filter()

        window.graph.load()
        window.graph.bucket.setCurrentIndex(window.graph.bucket.findData(60))
        app.processEvents()
        item = window.graph.plot.getPlotItem()
        redraws = []
        for _ in range(10):
            start = time.perf_counter()
            window.graph.plot.viewport().repaint()
            redraws.append((time.perf_counter() - start) * 1000)
        yield Figure("screen_graph_redraw_30d_minutes", statistics.median(redraws), "ms",
                     note=f"{len(item.listDataItems())} curves over {DAYS} days of per-minute buckets; goal < 16 ms")
        start = time.perf_counter()
        window.graph.refresh()
        yield Figure("screen_graph_requery_30d_minutes", (time.perf_counter() - start) * 1000, "ms",
                     note="SQL aggregation of the rollup + curve rebuild (live updates, at most every 2 s)")
        yield Figure("screen_rss", _rss_mb(), "MB", note="goal < 500 MB")
        window.persist_layout = False
        window.close()
        store.close()

"""PDF incident report for an incident with 100,000 mentions, beside a plain QTextDocument → PDF.

Setup (not timed): a fresh store with the default plan, one source and
100,000 mentions over 48 hours (a spike in the middle), an incident with 40
timeline entries.  Timed: `write_report` end to end (SQL aggregates over the
volume rollup, chart image, layout, PDF).  Reference, in the same run: a
plain QTextDocument of as many pages (paragraphs of text, no data, no chart)
printed to a QPdfWriter with the same fonts.  Budget: ≤ 3 s.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from bench.registry import Figure

MENTIONS = 100_000
RUNS = 3


def _setup(home: str) -> tuple[object, str]:
    os.environ["WARROOM_HOME"] = home
    from warroom.incidents import service, timeline
    from warroom.plan.store import ensure_default_plan
    from warroom.store.db import open_store
    from warroom.store.mention_writer import store_mentions
    from warroom.store.models import Brand, Source, utcnow

    store = open_store()
    ensure_default_plan(store)
    now = utcnow().replace(microsecond=0)
    start = now - timedelta(hours=48)
    with store.session() as session:
        session.add(Brand(origin=store.origin, name="Bench brand"))
        source = Source(origin=store.origin, name="bench", kind="rss")
        session.add(source)
        session.flush()
        source_id = source.id
    batch: list[dict[str, object]] = []
    step = 48 * 3600 / MENTIONS
    for n in range(MENTIONS):
        batch.append(
            {
                "source_id": source_id,
                "external_id": f"m{n}",
                "author": f"user{n % 997}",
                "text": f"Keracunan makanan selepas minum latte #{n} — not ok",
                "language": "ms" if n % 3 else "en",
                "published_at": start + timedelta(seconds=n * step),
                "sentiment": -0.6 if n % 4 else 0.3,
                "severity": float(n % 100),
                "author_reach": n % 5000,
            }
        )
        if len(batch) == 5000:
            with store.session() as session:
                store_mentions(session, batch, origin=store.origin)
            batch = []
    with store.session() as session:
        incident = service.open_incident(
            session,
            origin=store.origin,
            title="Bench incident",
            author="bench",
            scenario_key="food_safety",
            at=start + timedelta(hours=24),
        )
        for n in range(40):
            timeline.append(
                session,
                incident_id=incident.id,
                origin=store.origin,
                kind="note",
                author="bench",
                text=f"Decision {n}: keep monitoring and update the holding statement",
                at=start + timedelta(hours=24, minutes=10 * n),
            )
        return store, incident.id


def _plain(pages: int, path: Path) -> float:
    """A plain QTextDocument with at least `pages` pages printed to a PDF; seconds."""
    from PySide6 import QtCore, QtGui

    from warroom.reports.fonts import report_font
    from warroom.reports.pdf import _writer, paint_document

    began = time.perf_counter()
    writer = _writer(str(path), "A4", "plain")
    scale = writer.resolution() / 96.0
    document = QtGui.QTextDocument()
    document.setDefaultFont(report_font())
    document.setPageSize(QtCore.QSizeF(writer.width() / scale, writer.height() / scale - 28))
    paragraph = "<p>" + "Plain text for the reference document, laid out and printed. " * 8 + "</p>"
    body = []
    while True:
        body.append(paragraph * 10)
        document.setHtml("".join(body))
        if document.pageCount() >= pages:
            break
    paint_document(document, writer, "plain")
    del writer
    return time.perf_counter() - began


def figures() -> Iterator[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from warroom.reports.fonts import register_fonts
    from warroom.reports.pdf import write_report

    register_fonts()
    with tempfile.TemporaryDirectory() as home:
        store, incident_id = _setup(home)
        out = Path(home) / "report.pdf"
        times: list[float] = []
        refs: list[float] = []
        pages = 0
        for _ in range(RUNS):
            began = time.perf_counter()
            _path, pages, _head = write_report(store, incident_id, out)  # type: ignore[arg-type]
            times.append(time.perf_counter() - began)
            refs.append(_plain(pages, Path(home) / "plain.pdf"))
        store.close()  # type: ignore[attr-defined]
    yield Figure(
        "report_pdf_100k_mentions",
        statistics.median(times),
        "s",
        statistics.median(refs),
        "s",
        f"median of {RUNS}; {pages} pages; reference: plain QTextDocument of {pages} pages → PDF; budget 3 s",
    )

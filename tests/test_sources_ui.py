"""Sources dialog, the background poller and the import dialog, against real servers and files."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from tests.sources_fixtures import (
    FakeService,
    Reply,
    ago,
    iso,
    reddit_listing,
    reddit_post,
    service_fixture,  # noqa: F401 - the service fixture
)
from ui.import_dialog import ImportDialog
from ui.ingest_poller import IngestPoller
from ui.sources_dialog import SourcesDialog
from warroom.sources.ingest import add_source
from warroom.store.db import Store
from warroom.store.models import Mention, Source, VolumeBucket


def _count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Mention)) or 0


def test_sources_dialog_adds_tests_and_shows_health(
    qtbot: QtBot, store: Store, service: FakeService
) -> None:
    service.route("/search.json")(
        lambda r: Reply(
            200,
            reddit_listing([reddit_post(n) for n in range(4)], None),
            {"x-ratelimit-remaining": "42", "x-ratelimit-reset": "30"},
        )
    )
    dialog = SourcesDialog(store)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentText("reddit")
    dialog.name.setText("reddit-main")
    dialog.url.setText(service.url)
    dialog.query.setText("kopi kita")
    dialog.add_source()
    assert dialog.error.text() == ""
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "new"
    dialog.name.setText("reddit-main")
    dialog.add_source()
    assert "exists already" in dialog.error.text()

    dialog.table.selectRow(0)
    dialog.test_selected()
    qtbot.waitUntil(lambda: "connected" in dialog.status.text(), timeout=10000)
    assert "4 items in the first page" in dialog.status.text()
    assert _count(store) == 0  # a test stores nothing

    poller = IngestPoller(store, tick_ms=60000)
    with qtbot.waitSignal(poller.polled, timeout=15000) as signal:
        poller.poll_now("reddit-main")
    assert signal.args[0] == "reddit-main" and signal.args[1].stored == 4
    qtbot.waitUntil(lambda: dialog.table.item(0, 2).text() == "ok", timeout=5000)

    assert dialog.table.item(0, 4).text() == "4"
    assert dialog.table.item(0, 5).text().startswith("42")
    dialog.reject()


def test_test_connection_failure_is_shown_in_plain_words(
    qtbot: QtBot, store: Store, service: FakeService
) -> None:
    add_source(store, kind="rss", name="feed", url=f"{service.url}/missing.xml")
    dialog = SourcesDialog(store)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    dialog.test_selected()
    qtbot.waitUntil(lambda: "HTTP 404" in dialog.status.text(), timeout=10000)
    assert "'feed'" in dialog.status.text()
    dialog.reject()


def test_poller_polls_due_sources_on_their_interval(
    qtbot: QtBot, store: Store, service: FakeService
) -> None:
    service.route("/search.json")(lambda r: Reply(200, reddit_listing([reddit_post(1)], None)))
    add_source(store, kind="reddit", name="a", url=service.url, query="k", interval_s=3600)
    add_source(store, kind="reddit", name="b", url=service.url, query="k", interval_s=3600)
    with store.session() as session:
        session.scalars(select(Source).where(Source.name == "b")).one().enabled = False
    poller = IngestPoller(store, tick_ms=50)
    polled: list[str] = []
    poller.polled.connect(lambda name, _result: polled.append(name))
    poller.start()
    qtbot.waitUntil(lambda: polled == ["a"], timeout=10000)
    qtbot.wait(300)  # several ticks: not due again for an hour
    poller.stop()
    assert polled == ["a"]
    assert len(service.requests) == 1


def _csv(path: Path, rows: int) -> Path:
    lines = ["id,date,author,text,sentiment"]
    lines += [f"r{n},{iso(ago(n / 60))},poster{n},kopi kita {n},negative" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_dialog_imports_with_progress(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    dialog = ImportDialog(store)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=20000) as signal:
        dialog.start_import(str(_csv(tmp_path / "export.csv", 12000)))
    assert signal.args == [12000]
    assert dialog.progress.value() == 100
    assert "Imported 12000 new mentions" in dialog.message.text()
    assert _count(store) == 12000


def test_cancelled_import_leaves_nothing_behind(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    dialog = ImportDialog(store)
    qtbot.addWidget(dialog)
    dialog.start_import(str(_csv(tmp_path / "export.csv", 12000)))
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert dialog.result is not None and dialog.result.cancelled
    assert "nothing was kept" in dialog.message.text()
    assert _count(store) == 0
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(VolumeBucket)) == 0
        assert session.scalar(select(func.count()).select_from(Source)) == 0
    with store.engine.connect() as conn:
        hits = conn.exec_driver_sql(
            "SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'kopi'"
        ).scalar()
    assert hits == 0


def test_import_dialog_reports_a_bad_mapping(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    dialog = ImportDialog(store)
    qtbot.addWidget(dialog)
    dialog.mapping.setText("created_at=Posted")
    dialog.start_import(str(_csv(tmp_path / "export.csv", 3)))
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert "Posted" in dialog.message.text() and "no such column" in dialog.message.text()
    assert _count(store) == 0

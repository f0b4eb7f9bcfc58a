"""The war-room window: four panes filled from the demo, layout kept across restarts."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.qt import Qt, QtWidgets
from warroom.store.db import Store, open_store


def _window(
    qtbot: QtBot, store: Store, *, restored: bool = False, graph: bool = True
) -> MainWindow:
    window = MainWindow(store, "Test Operator")
    qtbot.addWidget(window)
    if not restored:
        window.resize(1600, 900)
    window.show()
    qtbot.waitExposed(window)
    if graph:
        window.graph.load()
    return window


def test_the_window_shows_four_panes_filled_from_the_demo(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    assert set(window.docks) == {"feed", "graph", "plan", "contacts"}
    for dock in window.docks.values():
        assert dock.isVisible() and dock.width() > 150, dock.objectName()
    # side by side: four docks left to right
    xs = [dock.geometry().x() for dock in window.docks.values()]
    assert xs == sorted(xs) and len(set(xs)) == 4

    feed = window.feed.model
    assert 300 < feed.rowCount() <= feed.count_matching()  # copies collapsed into clusters
    window.feed.collapse.setChecked(False)
    assert feed.count_matching() > 2000
    first = window.feed.model.index(0, 3).data()
    assert isinstance(first, str) and first
    assert window.graph.loaded
    assert len(window.graph.plot.listDataItems()) >= 3  # negative, neutral, positive layers
    assert "peak" in window.graph.legend.text()
    assert window.plan.scenario.count() >= 4
    assert window.plan.scenario.currentData() == "food_safety"
    assert window.plan.steps.model().rowCount() == 4  # the four stages
    assert window.plan.messages.count() > 0
    assert window.contacts.model.rowCount() >= 10

    bar = window.incident_bar
    assert "Food poisoning" in bar.title.text()
    assert bar.level.text().startswith("Level 4")
    assert "Intervention" in bar.stage.text()
    assert bar.elapsed.text().startswith("Open 12h")
    status = window.status.sources.text()
    assert "5 sources" in status


def test_newest_mentions_come_first(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    model = window.feed.model
    times = [model.row(i).published for i in range(0, 50)]
    assert times == sorted(times, reverse=True)


def test_search_filters_the_feed_through_full_text(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    total = window.feed.model.rowCount()
    window.feed.search.setText("keracunan")
    window.feed.apply_filter()
    hits = window.feed.model.rowCount()
    assert 0 < hits < total
    for row in range(min(hits, 30)):
        assert "keracunan" in window.feed.model.index(row, 3).data().lower()
    window.feed.search.setText('"); DROP TABLE mentions; --')
    window.feed.apply_filter()  # FTS syntax from the user is quoted, never interpreted
    window.feed.search.clear()
    window.feed.apply_filter()
    assert window.feed.model.rowCount() == total


def test_detail_pane_escapes_untrusted_text(qtbot: QtBot, demo_store: Store) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import select

    from warroom.store.mention_writer import store_mentions
    from warroom.store.models import Source

    with demo_store.session() as session:
        source = session.scalars(select(Source)).first()
        assert source is not None
        store_mentions(
            session,
            [
                {
                    "source_id": source.id,
                    "external_id": "evil",
                    "author": "<b>Mallory</b>",
                    "text": "<img src=x onerror=alert(1)><a href='javascript:x'>click</a>",
                    "published_at": datetime.now(UTC),
                }
            ],
            origin=demo_store.origin,
        )
    window = _window(qtbot, demo_store)
    window.feed.refresh()
    window.feed.table.selectRow(0)
    shown = window.feed.detail.toPlainText()
    assert "<img src=x onerror=alert(1)>" in shown
    assert "<b>Mallory</b>" in shown
    rendered = window.feed.detail.toHtml()
    assert "<img" not in rendered and "javascript:" not in rendered.replace(
        "&lt;a href='javascript:x'&gt;", ""
    )


def test_layout_and_geometry_persist_across_restarts(qtbot: QtBot, demo_store: Store) -> None:
    # the offscreen screen is 800x800 and Qt keeps restored windows on screen,
    # so this uses a window narrower than that (no plot: its axes need room)
    window = _window(qtbot, demo_store, graph=False)
    window.docks["contacts"].hide()
    window.docks["plan"].hide()
    window.timeline_dock.hide()
    qtbot.wait(20)  # let the layout lower the window's minimum size first
    window.resize(700, 560)
    window.close()

    reopened = _window(qtbot, demo_store, restored=True, graph=False)
    assert not reopened.docks["contacts"].isVisible()
    assert not reopened.docks["plan"].isVisible()
    assert reopened.docks["feed"].isVisible()
    assert (reopened.size().width(), reopened.size().height()) == (700, 560)
    reopened.reset_layout()
    assert reopened.docks["contacts"].isVisible()


def test_ticking_a_step_records_who_and_when_on_the_timeline(
    qtbot: QtBot, demo_store: Store
) -> None:
    from warroom.incidents import chain, timeline
    from warroom.incidents import service as incidents

    window = _window(qtbot, demo_store)
    stage = window.plan.steps.model().item(0)
    step = stage.child(0)
    step.setCheckState(Qt.CheckState.Checked)
    with demo_store.session() as session:
        incident = incidents.current_incident(session)
        assert incident is not None
        entries = timeline.entries(session, incident.id)
        last = entries[-1]
        assert last.kind == "step" and last.author == "Test Operator" and last.data["done"] is True
        assert chain.verify(entries) is None


def test_first_start_on_an_empty_store_offers_demo_plan_and_source(
    qtbot: QtBot, store: Store
) -> None:
    from ui.app import _welcome

    window = _window(qtbot, store)
    assert window.store_is_empty()
    _welcome(window)
    dialog = window.findChild(QtWidgets.QDialog, "welcomeDialog")
    assert dialog is not None and dialog.isVisible()
    labels = [b.text() for b in dialog.findChildren(QtWidgets.QPushButton)]
    assert any("demo" in t for t in labels)
    assert any("plan" in t for t in labels)
    assert any("source" in t for t in labels)
    with qtbot.waitSignal(window.demo_loaded, timeout=60_000):
        dialog.demo_button.click()
    assert window.feed.model.rowCount() > 300
    assert "Food poisoning" in window.incident_bar.title.text()


def test_layout_file_lives_in_the_data_folder(
    qtbot: QtBot, demo_store: Store, warroom_home
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo_store)
    window.close()
    assert (warroom_home / "ui-state.ini").exists()


def test_store_path_is_inside_warroom_home(warroom_home) -> None:  # type: ignore[no-untyped-def]
    store = open_store()
    assert store.path is not None and store.path.parent == warroom_home
    store.close()

"""The at-a-glance strip and top narratives through the real window (ui/glance_strip.py)."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ui.main_window import MainWindow
from ui.models.mention_model import MentionIdRole
from ui.qt import Qt, QtWidgets
from warroom import glance as engine
from warroom.store.db import Store
from warroom.store.models import Mention, utcnow


def _window(qtbot: QtBot, store: Store, size: tuple[int, int] = (1366, 768)) -> MainWindow:
    window = MainWindow(store, "Test Operator")
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def _computed(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.glance.updated, timeout=20000):
        window.glance.start()


def _feed_ids(window: MainWindow) -> list[str]:
    model = window.feed.model
    while model.canFetchMore():
        model.fetchMore()
    return [str(model.index(r, 0).data(MentionIdRole)) for r in range(model.rowCount())]


def test_strip_shows_the_stores_figures_and_a_click_filters_the_feed(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store)
    now = utcnow()
    window.glance.now = lambda: now
    _computed(qtbot, window)
    with demo_store.session() as session:
        expected = engine.glance(session, now)
    strip = window.glance_strip
    assert expected.last_hour is not None and expected.level is not None
    assert strip.buttons["last_hour"].figure.value == str(expected.last_hour)
    assert strip.buttons["last_hour"].value_label.text() == str(expected.last_hour)
    assert strip.buttons["last_15"].figure.value == str(expected.last_15)
    assert strip.buttons["level"].figure.value.startswith(str(expected.level))
    assert strip.buttons["alerts"].figure.value == str(expected.open_alerts)
    share = round(100 * (expected.negative_share or 0))
    assert strip.buttons["negative"].figure.value.startswith(f"{share}%")
    assert strip.buttons["statement"].figure.value == "—"  # the demo sent no statement yet
    assert strip.buttons["statement"].toolTip()  # …and says why

    qtbot.mouseClick(strip.buttons["last_hour"], Qt.MouseButton.LeftButton)
    assert window.feed.range_chip.isVisible()
    window.feed.collapse.setChecked(False)  # every copy, to count them
    ids = _feed_ids(window)
    assert len(ids) == expected.last_hour
    with demo_store.session() as session:
        times = session.scalars(select(Mention.published_at).where(Mention.id.in_(ids))).all()
    assert all(t >= now - timedelta(hours=1) for t in times)

    qtbot.mouseClick(strip.buttons["negative"], Qt.MouseButton.LeftButton)
    window.feed.collapse.setChecked(False)
    with demo_store.session() as session:
        found = session.scalars(select(Mention.sentiment).where(Mention.id.in_(_feed_ids(window))))
        assert all(s is not None and s <= -0.05 for s in found)
    qtbot.mouseClick(window.feed.range_chip, Qt.MouseButton.LeftButton)  # back to everything
    assert not window.feed.range_chip.isVisible()
    assert window.feed.sentiment.currentData() in ("", None)


def test_no_data_is_a_dash_with_a_reason_never_zero(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store)
    _computed(qtbot, window)
    for key in ("level", "last_15", "last_hour", "negative", "statement", "next"):
        button = window.glance_strip.buttons[key]
        assert button.figure.value == "—", key
        assert button.toolTip(), key
    assert window.narratives.empty.isVisibleTo(window.narratives)


def test_a_narrative_click_filters_the_feed_to_its_cluster(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    _computed(qtbot, window)
    panel = window.narratives
    assert panel.list.count() >= 3
    top = panel.narratives[0]
    assert top.count >= panel.narratives[1].count
    item = panel.list.item(0)
    assert str(top.count) in item.text() and "\n“" in item.text()
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    ids = _feed_ids(window)
    assert len(ids) >= top.count
    with demo_store.session() as session:
        clusters = set(session.scalars(select(Mention.cluster_id).where(Mention.id.in_(ids))))
    assert clusters == {top.cluster_id}


def test_events_are_coalesced(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    _computed(qtbot, window)
    runs = window.glance.runs
    for _ in range(20):
        window.glance.request()
    with qtbot.waitSignal(window.glance.updated, timeout=20000):
        pass
    qtbot.wait(300)
    assert window.glance.runs == runs + 1


def test_wall_mode_shows_the_strip_and_narratives_without_mouse_controls(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store, (1280, 720))
    _computed(qtbot, window)
    window.toggle_wall_mode()
    try:
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(1280, 720)
        qtbot.wait(50)
        assert window.glance_strip.isVisible()
        assert window.narratives_dock.isVisible() and window.narratives.list.isVisible()
        assert window.docks["graph"].isVisible() and window.docks["feed"].isVisible()
        assert not window.docks["plan"].isVisible() and not window.docks["contacts"].isVisible()
        assert not window.menuBar().isVisible()
        assert window.feed.min_severity.value() == window.WALL_SEVERITY
        for kind in (QtWidgets.QPushButton, QtWidgets.QComboBox, QtWidgets.QLineEdit):
            shown = [
                w.objectName() or type(w).__name__
                for w in window.feed.findChildren(kind) + window.graph.findChildren(kind)
                if w.isVisible()
            ]
            assert shown == [], shown
        for dock in (*window.docks.values(), window.narratives_dock):
            assert dock.features() == QtWidgets.QDockWidget.DockWidgetFeature.NoDockWidgetFeatures
        assert window.minimumSizeHint().width() <= 1280  # no overflow on a 1280×720 projector
        strip_font = window.glance_strip.buttons["level"].value_label.font().pointSizeF()
        assert strip_font >= 1.8 * 1.6 * 9
    finally:
        window.toggle_wall_mode()
    assert window.menuBar().isVisible() and window.feed.search.isVisible()
    assert window.docks["plan"].isVisible()

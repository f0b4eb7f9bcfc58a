"""The war-room screen at the sizes war rooms use (issue 16): at 1366x768 and
1920x1080, in English and Malay, the mention text, the checklist text and each
contact's state can be read without opening anything or scrolling sideways; in
wall mode at 1280x720 the strip's figures are whole and the feed is readable.

Checked through the real widgets after the same steps `warroom gui --screenshot`
takes (a first start of that size), not by counting pixels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ui import i18n
from ui.main_window import MainWindow
from ui.models.contact_model import ContactIdRole
from ui.models.mention_model import Column
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from warroom.store.db import Store

NORMAL = [(1366, 768), (1920, 1080)]
LANGUAGES = ["en", "ms"]
ELLIPSIS = "…"


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QtWidgets.QApplication) -> Iterator[str]:
    chosen = str(request.param)
    assert i18n.install(qapp, chosen)
    yield chosen
    i18n.install(qapp, "en")


def _settle(qapp: QtWidgets.QApplication, window: MainWindow) -> None:
    for _ in range(5):
        qapp.processEvents()
    window.grab()  # a first render lets rows fit the fonts painted, as on screen
    for _ in range(5):
        qapp.processEvents()


def _window(
    qtbot: QtBot, qapp: QtWidgets.QApplication, store: Store, size: tuple[int, int]
) -> MainWindow:
    window = MainWindow(store, "Test Operator")
    qtbot.addWidget(window)
    window.persist_layout = False
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.graph.load()
    _settle(qapp, window)
    window.apply_default_proportions()  # a first start of this size
    _settle(qapp, window)
    return window


def _feed_first_lines(window: MainWindow, rows: int = 5) -> list[str]:
    """The first body line each of the first rows paints (the card's own wrapping)."""
    table = window.feed.table
    width = table.columnWidth(Column.TEXT) - 12  # the card's padding
    font = table.font()
    lines = []
    for row in range(min(rows, window.feed.model.rowCount())):
        text = str(window.feed.model.index(row, Column.TEXT).data() or "")
        wrapped = window.feed.card.wrapped(text, font, width)
        lines.append(wrapped[0] if wrapped else "")
    return lines


def _assert_feed_text_readable(window: MainWindow) -> None:
    table = window.feed.table
    assert table.isVisible()
    assert not table.isColumnHidden(Column.TEXT)
    viewport = table.viewport().width()
    assert table.columnViewportPosition(Column.TEXT) + table.columnWidth(Column.TEXT) <= (
        viewport + 1
    ), "the mention text runs behind the right edge"
    for line in _feed_first_lines(window):
        # a sentence, not "×3 Sarapan der": at least six words on the first line
        assert len(line.split()) >= 6, line


def _step_items(window: MainWindow) -> list[QtGui.QStandardItem]:
    model = window.plan.steps.model()
    assert isinstance(model, QtGui.QStandardItemModel)
    items = []
    for row in range(model.rowCount()):
        stage = model.item(row)
        assert stage is not None
        for child in range(stage.rowCount()):
            item = stage.child(child)
            assert item is not None
            items.append(item)
    return items


def _assert_checklist_readable(window: MainWindow) -> None:
    tree = window.plan.steps
    assert tree.isVisible()
    assert tree.horizontalScrollBar().maximum() == 0, "the checklist scrolls sideways"
    viewport = tree.viewport().rect()
    shown = 0
    for item in _step_items(window):
        index = item.index()
        rect = tree.visualRect(index)
        if not rect.isValid() or not rect.intersects(viewport):
            continue
        shown += 1
        text = item.text()
        assert text.strip()
        # the step's whole text fits its row at the width the row has (no "…")
        indicator = tree.style().pixelMetric(QtWidgets.QStyle.PixelMetric.PM_IndicatorWidth)
        width = max(10, rect.width() - indicator - 16)
        needed = tree.fontMetrics().boundingRect(
            QtCore.QRect(0, 0, width, 1 << 20), int(Qt.TextFlag.TextWordWrap), text
        )
        assert rect.height() >= needed.height(), (text, rect.height(), needed.height())
        assert rect.right() <= viewport.right() + 1
    assert shown >= 2, "no checklist step is on screen"


def _assert_contact_state_readable(window: MainWindow) -> None:
    pane = window.contacts
    table = pane.table
    assert table.isVisible()
    assert table.horizontalScrollBar().maximum() == 0, "the contact sheet scrolls sideways"
    # the first stakeholder reached and acknowledged: the state carries times now
    column = next(c for c in range(pane.proxy.columnCount()) if not table.isColumnHidden(c))
    first_id = pane.proxy.data(pane.proxy.index(0, column), ContactIdRole)
    for kind in ("contacted", "acknowledged"):
        row = next(
            r
            for r in range(pane.proxy.rowCount())
            if pane.proxy.data(pane.proxy.index(r, column), ContactIdRole) == first_id
        )
        table.setCurrentIndex(pane.proxy.index(row, column))
        pane.log(kind)  # what the Contacted and Acknowledged buttons do
    width = table.columnWidth(column) - 12
    assert table.columnViewportPosition(column) + table.columnWidth(column) <= (
        table.viewport().width() + 1
    )
    reached = next(
        r
        for r in range(pane.proxy.rowCount())
        if pane.proxy.data(pane.proxy.index(r, column), ContactIdRole) == first_id
    )
    table.scrollTo(pane.proxy.index(reached, column))
    rows = 0
    for row in range(pane.proxy.rowCount()):
        index = pane.proxy.index(row, column)
        if not table.visualRect(index).intersects(table.viewport().rect()):
            continue
        rows += 1
        body = pane._card_body(pane.proxy.mapToSource(index))
        lines = pane.card.wrapped(body, table.font(), width)
        state = body.split("\n")[-1]
        assert state in lines, (state, lines)  # the whole state line, never cut
        assert not any(line.endswith(ELLIPSIS) for line in lines), lines
    assert rows >= 3
    reached_body = pane._card_body(pane.proxy.mapToSource(pane.proxy.index(reached, column)))
    assert reached_body.count("✓") == 2  # contacted and acknowledged, with their times


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
@pytest.mark.parametrize("size", NORMAL, ids=lambda s: f"{s[0]}x{s[1]}")
def test_mention_checklist_and_contact_state_readable_at_laptop_and_desktop_sizes(
    qtbot: QtBot,
    qapp: QtWidgets.QApplication,
    demo_store: Store,
    size: tuple[int, int],
    language: str,
) -> None:
    window = _window(qtbot, qapp, demo_store, size)
    for key in ("feed", "graph", "plan", "contacts"):
        assert window.docks[key].isVisible(), key
    _assert_feed_text_readable(window)
    _assert_checklist_readable(window)
    _assert_contact_state_readable(window)
    for button in window.glance_strip.buttons.values():
        assert button.isVisible()
        assert ELLIPSIS not in button.value_label.text(), button.key


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_wall_mode_at_projector_size_keeps_figures_whole_and_mentions_readable(
    qtbot: QtBot, qapp: QtWidgets.QApplication, demo_store: Store, language: str
) -> None:
    from ui import theme

    window = _window(qtbot, qapp, demo_store, (1280, 720))
    try:
        window.toggle_wall_mode(full_screen=False)
        window.resize(1280, 720)
        _settle(qapp, window)
        assert window.in_wall_mode
        assert window.docks["graph"].isVisible() and window.narratives_dock.isVisible()
        assert not window.docks["plan"].isVisible() and not window.menuBar().isVisible()
        for button in window.glance_strip.buttons.values():
            for label in (button.value_label, button.caption_label):
                assert ELLIPSIS not in label.text(), (button.key, label.text())
        _assert_feed_text_readable(window)
    finally:
        if window.in_wall_mode:
            window.toggle_wall_mode()
        theme.apply(qapp, "light")


def test_screenshot_command_takes_size_wall_language_and_theme(
    warroom_home: Path, tmp_path: Path
) -> None:
    from tests.test_cli import run

    assert run("demo", home=warroom_home).returncode == 0
    shots = {}
    for name, extra in (
        ("light", ["--lang", "ms", "--theme", "light"]),
        ("dark", ["--lang", "ms", "--theme", "dark", "--wall"]),
    ):
        shot = tmp_path / f"{name}.png"
        result = run(
            "gui", "--screenshot", str(shot), "--size", "1280x720", *extra, home=warroom_home
        )
        assert result.returncode == 0, result.stderr
        image = QtGui.QImage(str(shot))
        assert (image.width(), image.height()) == (1280, 720)
        shots[name] = image

    # the dark wall is mostly dark, the light window mostly light
    def mean_lightness(image: QtGui.QImage) -> float:
        values = [
            QtGui.QColor(image.pixel(x, y)).lightnessF()
            for x in range(0, image.width(), 20)
            for y in range(0, image.height(), 20)
        ]
        return sum(values) / len(values)

    assert mean_lightness(shots["dark"]) < 0.35 < 0.6 < mean_lightness(shots["light"])
    bad = run("gui", "--screenshot", str(tmp_path / "x.png"), "--lang", "fr", home=warroom_home)
    assert bad.returncode != 0 and "--lang" in bad.stderr

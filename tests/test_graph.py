"""The severity graph: stacked volume from the rollup, markers, range selection filters the feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.panes.graph import stage_and_alert_markers, volume_series
from ui.qt import QtWidgets
from warroom.incidents import service as incidents
from warroom.store.db import Store
from warroom.store.mention_writer import mention_count


def test_series_add_up_to_the_stored_mentions(demo_store: Store) -> None:
    for bucket in (60, 900, 3600):
        series = volume_series(demo_store, bucket)
        with demo_store.session() as session:
            assert int(series["total"].sum()) == mention_count(session)
        stacked = series["negative"] + series["neutral"] + series["positive"]
        assert (stacked == series["total"]).all()
        assert ((series["severity"] >= 0) & (series["severity"] <= 100)).all()
        assert (series["t"] % bucket == 0).all()


def test_markers_show_the_incident_stages(demo_store: Store) -> None:
    with demo_store.session() as session:
        incident = incidents.current_incident(session)
        assert incident is not None
        incident_id = incident.id
    labels = [
        label
        for _at, label, kind in stage_and_alert_markers(demo_store, incident_id)
        if kind == "stage"
    ]
    assert labels == ["opened", "intervention"]


def test_selecting_a_range_on_the_graph_filters_the_feed(qtbot: QtBot, demo_store: Store) -> None:
    window = MainWindow(demo_store, "Test Operator")
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    window.graph.load()
    total = window.feed.model.rowCount()
    until = datetime.now(UTC) - timedelta(hours=10)
    since = until - timedelta(hours=3)
    window.graph.select_range(since, until)
    selected = window.feed.model.rowCount()
    assert 0 < selected < total
    assert window.feed.range_chip.isVisible()
    window.graph.select.setChecked(False)
    assert window.feed.model.rowCount() == total
    window.graph.bucket.setCurrentIndex(window.graph.bucket.findData(3600))
    assert "per hour" in window.graph.plot.getPlotItem().getAxis("left").labelText


def _graph_window(qtbot: QtBot, store: Store, size: tuple[int, int] = (1366, 768)) -> MainWindow:
    window = MainWindow(store, "Test Operator")
    qtbot.addWidget(window)
    window.persist_layout = False
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.graph.load()
    window.apply_default_proportions()
    for _ in range(5):
        QtWidgets.QApplication.processEvents()
    window.graph.refresh()  # the labels laid out at the pane's final size
    return window


def test_default_view_fits_the_incident_and_fit_all_shows_the_history(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _graph_window(qtbot, demo_store)
    graph = window.graph
    vb = graph.plot.getPlotItem().vb
    times = graph._series["t"]
    markers = graph._markers
    opened = min(at for at, _label, kind in markers if kind == "stage")
    first_alert = min(
        at for at, _label, kind in markers if kind == "alert" and at >= opened - 86_400
    )
    left, right = vb.viewRange()[0]
    start = min(opened, first_alert) - 3 * 3600
    span = right - left
    assert abs(left - start) <= 0.02 * span + 1  # a few hours before the first alert ...
    assert right >= datetime.now(UTC).timestamp() - 60  # ... to now
    assert left > times[0] + 6 * 3600  # the quiet first day is not in view
    graph.fit.click()  # Fit all
    all_left, all_right = vb.viewRange()[0]
    assert all_left <= times[0] and all_right - all_left > 1.5 * span
    graph.fit_incident_button.click()
    assert abs(vb.viewRange()[0][0] - left) < 60


def test_a_user_zoom_survives_live_updates(qtbot: QtBot, demo_store: Store) -> None:
    window = _graph_window(qtbot, demo_store)
    graph = window.graph
    vb = graph.plot.getPlotItem().vb
    left, right = vb.viewRange()[0]
    vb.setXRange(left, left + 3600, padding=0)
    vb.sigRangeChangedManually.emit([True, False])  # what a mouse drag emits
    graph.refresh()  # a live update
    assert graph.view == "manual"
    assert abs(vb.viewRange()[0][1] - (left + 3600)) < 60


def test_marker_labels_never_overlap(qtbot: QtBot, demo_store: Store) -> None:
    for size in ((1366, 768), (1920, 1080)):
        window = _graph_window(qtbot, demo_store, size)
        graph = window.graph
        labels = [label for label in graph.labels if label.isVisible()]
        assert len(labels) >= 2
        rects = [label.sceneBoundingRect() for label in labels]
        for i, one in enumerate(rects):
            for other in rects[i + 1 :]:
                assert not one.intersects(other), (size, one, other)
        plot_rect = graph.plot.getPlotItem().vb.sceneBoundingRect()
        for rect in rects:
            assert plot_rect.adjusted(-2, -2, 2, 2).contains(rect), (size, rect, plot_rect)
        shown = " ".join(label.textItem.toPlainText() for label in labels)
        assert "Opened" in shown and "alerts" in shown
        window.close()


def test_an_alert_marker_names_its_series_in_words(qtbot: QtBot, demo_store: Store) -> None:
    window = _graph_window(qtbot, demo_store, (1366, 768))
    graph = window.graph
    assert graph.marker_text("⚠ level", "alert") == "⚠ level rise"
    assert graph.marker_text("⚠ volume", "alert") == "⚠ mention spike"
    assert graph.marker_text("⚠ negative", "alert") == "⚠ negative surge"
    assert graph.marker_text("⚠ boikot", "alert") == "⚠ boikot"  # a risk term as typed
    assert graph.marker_text("⚠ 11 alerts", "alert") == "⚠ 11 alerts"
    window.close()


def test_many_markers_fold_into_one_label_whose_tooltip_lists_them(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _graph_window(qtbot, demo_store)
    graph = window.graph
    left, right = graph.plot.getPlotItem().vb.viewRange()[0]
    middle = (left + right) / 2
    graph.set_markers([(middle + n, f"⚠ term{n}", "alert") for n in range(8)])
    labels = graph.labels
    assert 1 <= len(labels) <= 3
    tips = "\n".join(label.toolTip() for label in labels)
    assert all(f"term{n}" in tips for n in range(8))  # folded, never lost
    assert any("+" in label.textItem.toPlainText() for label in labels)


def test_time_axis_says_the_hour_and_the_axes_wear_their_series_colours(
    qtbot: QtBot, demo_store: Store
) -> None:
    import re

    from ui.panes.graph import SEVERITY_COLOUR, VOLUME_AXIS_COLOUR

    window = _graph_window(qtbot, demo_store)
    item = window.graph.plot.getPlotItem()
    axis = item.getAxis("bottom")
    left, right = item.vb.viewRange()[0]
    levels = axis.tickValues(left, right, item.vb.width())
    strings = [s for spacing, values in levels for s in axis.tickStrings(values, 1.0, spacing)]
    assert any(re.fullmatch(r"\d\d:\d\d", s) for s in strings), strings
    right_axis = item.getAxis("right")
    assert right_axis.pen().color().getRgb()[:3] == SEVERITY_COLOUR
    assert right_axis.textPen().color().getRgb()[:3] == SEVERITY_COLOUR
    severity_curve = window.graph.severity_view.addedItems
    pens = [c.opts["pen"].color().getRgb()[:3] for c in severity_curve if hasattr(c, "opts")]
    assert SEVERITY_COLOUR in pens  # the line the right axis measures
    assert item.getAxis("left").pen().color().getRgb()[:3] == VOLUME_AXIS_COLOUR


def test_a_source_outage_is_a_gap_not_zero(demo_store: Store) -> None:
    import math

    from sqlalchemy import select

    from ui.panes.graph import source_gaps
    from warroom.store.models import PollLog, Source

    plain = volume_series(demo_store, 900)
    quiet = [i for i, total in enumerate(plain["total"]) if total == 0]
    assert quiet  # the demo has quiet buckets: those are zero mentions, known
    down_at = datetime.fromtimestamp(float(plain["t"][len(plain["t"]) // 2]), tz=UTC)
    with demo_store.session() as session:
        source = session.scalars(select(Source).where(Source.kind != "file")).first()
        assert source is not None
        for at, ok in ((down_at, False), (down_at + timedelta(hours=1), True)):
            session.add(
                PollLog(
                    origin=demo_store.origin,
                    source_id=source.id,
                    started_at=at,
                    finished_at=at + timedelta(seconds=1),
                    ok=ok,
                    error="" if ok else "the API answered 503",
                )
            )
        for other in session.scalars(select(Source)):
            other.enabled = False  # no polls after: no trailing gap to today
    gaps = source_gaps(demo_store)
    assert gaps
    series = volume_series(demo_store, 900, gaps)
    index = int((down_at.timestamp() - series["t"][0]) // 900)
    assert all(math.isnan(series["total"][i]) for i in range(index, index + 4))
    assert math.isnan(series["severity"][index])
    before = [i for i in quiet if i < index - 1]
    assert before and series["total"][before[0]] == 0  # still known zero outside it
    assert int(sum(v for v in series["total"] if not math.isnan(v))) < int(plain["total"].sum())

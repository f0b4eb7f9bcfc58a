"""The severity graph: stacked volume from the rollup, markers, range selection filters the feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.panes.graph import stage_and_alert_markers, volume_series
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

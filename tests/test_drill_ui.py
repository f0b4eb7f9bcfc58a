"""Drill mode through the real window, offscreen: start, replay, inject, end, debrief.

The real window sets itself aside (hidden, no polling, no sync, deaf to the
drill's engine events) while a second main window runs on the drill store
with the DRILL bar; ending the drill scores it and brings the real window back
with its store untouched.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ui.main_window import MainWindow
from ui.qt import QtWidgets
from warroom import clock
from warroom.drills import history
from warroom.drills.scenarios import make_inject
from warroom.store.db import Store
from warroom.store.models import Alert, Mention


def _count(store: Store, model: object) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_a_drill_runs_in_the_window_and_the_real_window_comes_back_untouched(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    real = MainWindow(demo_store, "Test Operator")
    qtbot.addWidget(real)
    real.resize(1366, 768)
    real.show()
    qtbot.waitExposed(real)
    assert real.menuBar().findChildren(QtWidgets.QMenu)  # the Drill menu is there
    assert any(a.text() == "&Start a drill…" for a in real.findChildren(type(real.action_demo)))

    from ui.drill_mode import start_drill

    start_drill(real, ("food_safety", 60.0, False))
    qtbot.waitUntil(lambda: getattr(real, "drill_window", None) is not None, timeout=30000)
    window = real.drill_window
    try:
        _drill_in_the_window(qtbot, real, window, demo_store, tmp_path)
    finally:
        if window.drill_controller is not None:  # a failed assertion: end without asking
            window.screenshot_mode = True
            window.drill_controller.end(ask=False)
            qtbot.waitUntil(lambda: real.isVisible(), timeout=20000)


def _drill_in_the_window(
    qtbot: QtBot, real: MainWindow, window: MainWindow, demo_store: Store, tmp_path: Path
) -> None:
    real_mentions, real_alerts = _count(demo_store, Mention), _count(demo_store, Alert)
    qtbot.waitExposed(window)
    assert not real.isVisible()
    assert window.windowTitle().startswith("DRILL")
    bar = window.findChild(QtWidgets.QFrame, "drillBar")
    assert bar is not None and bar.isVisible()
    assert "DRILL" in bar.findChild(QtWidgets.QLabel, "drillBannerText").text()
    assert window.sync_status is None and window.poller is None  # never syncs nor polls
    controller = window.drill_controller
    drill = controller.drill
    # the clock runs the drill's time: jump to minute 16, past the first complete bucket
    controller.clock.advance_to(drill.at(16))
    qtbot.waitUntil(lambda: drill.alerts > 0, timeout=20000)
    assert drill.minute(clock.now()) >= 16  # the window's "now" is the drill's
    controller.inject(make_inject("call", "Reporter from Berita Semasa on line 2"))
    qtbot.waitUntil(lambda: window.feed.model.rowCount() > 0, timeout=10000)
    time_label = bar.findChild(QtWidgets.QLabel, "drillTime")
    qtbot.waitUntil(lambda: "minute 1" in time_label.text(), timeout=10000)
    # the drill window showed the drill's alert; the hidden real window heard none of it
    qtbot.waitUntil(lambda: window.incident_bar.banner.full_text() != "", timeout=10000)
    assert real.incident_bar.banner.full_text() == ""
    window.screenshot_mode = True
    controller.end(ask=False)
    qtbot.waitUntil(lambda: real.isVisible(), timeout=20000)
    assert controller.debrief is not None
    figures = controller.debrief.figures()
    assert figures["detection_min"] is not None and figures["acknowledgement_min"] is None
    pdf = controller.debrief_dialog.save_pdf(str(tmp_path / "debrief.pdf"))
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    assert "DRILL — NOT A REAL INCIDENT" in text and "Reporter from Berita Semasa" in text
    assert clock.now() <= clock.wall_now()  # the wall clock is back
    assert _count(demo_store, Mention) == real_mentions
    assert _count(demo_store, Alert) == real_alerts
    assert [d["scenario"] for d in history.drills()] == ["food_safety"]
    from ui.drill_mode import show_history

    real.screenshot_mode = True
    show_history(real)
    table = real.drill_history_dialog.findChild(QtWidgets.QTableWidget, "drillHistoryTable")
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "Food poisoning claims after the Gula Melaka Latte"
    assert table.item(0, 4).text() == "not reached"  # nobody acknowledged: not "0 min"
    # back in the real window, engine events reach it again
    from warroom import events

    events.publish(events.ALERT_RAISED, alert_id="none", message="real alert")
    qtbot.waitUntil(lambda: "real alert" in real.incident_bar.banner.full_text(), timeout=5000)

"""Clocks, recovery and coverage through the real window, rendered offscreen."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from ui.clocks_strip import OverdueRole
from ui.coverage_dialog import CoverageDialog
from ui.main_window import MainWindow
from ui.panes.plan import StepKeyRole
from ui.qt import Qt, QtGui, QtWidgets
from ui.recovery_dialog import RecoveryDialog
from warroom.incidents import clocks, timeline
from warroom.incidents import service as svc
from warroom.plan.store import ensure_default_plan
from warroom.store.db import Store
from warroom.store.models import Contact, Incident, PollLog, Source, utcnow


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(store, "Test Operator")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _open(store: Store, minutes_ago: float, level: int = 4) -> str:
    ensure_default_plan(store)
    with store.session() as session:
        session.add_all(
            [
                Contact(
                    origin=store.origin, name="Lead One", group="crisis_team", escalation_tier=1
                ),
                Contact(
                    origin=store.origin, name="Director Two", group="executives", escalation_tier=2
                ),
            ]
        )
        incident = svc.open_incident(
            session,
            origin=store.origin,
            title="Food poisoning claims",
            author="Aisyah",
            scenario_key="food_safety",
            severity_level=level,
            at=utcnow() - timedelta(minutes=minutes_ago),
        )
        return incident.id


def _step_items(window: MainWindow) -> list[object]:
    model = window.plan.steps.model()
    items = []
    for row in range(model.rowCount()):
        stage = model.item(row)
        for child in range(stage.rowCount()):
            items.append(stage.child(child))
    return items


def test_running_clock_then_overdue_in_red_and_acknowledge(qtbot: QtBot, store: Store) -> None:
    _open(store, minutes_ago=3)
    window = _window(qtbot, store)
    strip = window.clocks_strip
    assert strip.isVisible()
    assert strip.next_label.text().startswith("⏱ Acknowledge within 10 min in 6 min")
    assert not strip.overdue_label.isVisible()
    assert strip.ack_button.isVisible()
    qtbot.mouseClick(strip.ack_button, Qt.MouseButton.LeftButton)
    assert not strip.ack_button.isVisible()  # met: no need to acknowledge again
    assert not window.escalation_banner.isVisible()


def test_breached_clocks_are_shown_marked_and_logged_once(qtbot: QtBot, store: Store) -> None:
    incident_id = _open(store, minutes_ago=35)
    window = _window(qtbot, store)
    strip = window.clocks_strip
    assert strip.overdue_label.isVisible()
    # acknowledge (10 min), tier 1 (15 min), two steps due at 30 min
    assert strip.overdue_label.text() == "⚠ 4 overdue"
    assert "#b71c1c" in strip.overdue_label.styleSheet()
    overdue = [i for i in _step_items(window) if i.data(OverdueRole) == "overdue"]  # type: ignore[attr-defined]
    assert len(overdue) == 2
    assert all(i.font().bold() for i in overdue)  # type: ignore[attr-defined]
    assert window.escalation_banner.isVisible()
    assert window.escalation_banner.text() == "⚠ Escalate to tier 2: Director Two"
    assert "Director\xa0Two" in window.escalation_banner.toolTip()  # plain(): non-breaking spaces
    window.clocks.refresh()  # a second reading writes nothing new
    with store.session() as session:
        kinds = [
            e.data.get("clock")
            for e in timeline.entries(session, incident_id)
            if e.kind == clocks.BREACH_KIND
        ]
    assert len(kinds) == 4 and len(set(kinds)) == 4
    # ticking an overdue step takes its mark off
    item = next(i for i in _step_items(window) if i.data(OverdueRole))  # type: ignore[attr-defined]
    key = item.data(StepKeyRole)  # type: ignore[attr-defined]
    assert key and key.startswith("food_safety/")
    item.setCheckState(Qt.CheckState.Checked)  # type: ignore[attr-defined]

    def marked() -> list[str]:  # the pane refills: read the new items each time
        return [i.data(StepKeyRole) for i in _step_items(window) if i.data(OverdueRole)]  # type: ignore[attr-defined]

    qtbot.waitUntil(lambda: len(marked()) == 1)
    assert key not in marked()


def test_wall_mode_draws_the_clocks_large(qtbot: QtBot, store: Store) -> None:
    _open(store, minutes_ago=35)
    window = _window(qtbot, store)
    normal = window.clocks_strip.overdue_label.font().pointSizeF()
    app = QtWidgets.QApplication.instance()
    assert isinstance(app, QtWidgets.QApplication)
    look = (app.styleSheet(), app.palette().color(QtGui.QPalette.ColorRole.Window).name())
    window.toggle_wall_mode()
    try:
        assert window.in_wall_mode
        assert window.clocks_strip.overdue_label.font().pointSizeF() >= 1.5 * normal
    finally:
        window.toggle_wall_mode()
    assert window.clocks_strip.overdue_label.font().pointSizeF() == normal
    # F11 again leaves the wall look too (whether or not the platform went full screen)
    assert not window.in_wall_mode
    assert (app.styleSheet(), app.palette().color(QtGui.QPalette.ColorRole.Window).name()) == look


def test_coverage_dialog_shows_each_source_and_its_gaps(qtbot: QtBot, store: Store) -> None:
    now = utcnow()
    with store.session() as session:
        source = Source(origin=store.origin, name="Bluesky", kind="bluesky", interval_s=300)
        session.add(source)
        session.flush()
        source.rate_limit_remaining = 2990
        source.rate_limit_reset_at = now + timedelta(minutes=4)
        for minutes, ok in ((50, False), (20, True)):
            at = now - timedelta(minutes=minutes)
            session.add(
                PollLog(
                    origin=store.origin,
                    source_id=source.id,
                    started_at=at,
                    finished_at=at,
                    ok=ok,
                    error="" if ok else "Bluesky answered 503 <b>Service</b> Unavailable",
                )
            )
    dialog = CoverageDialog(store)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == "Bluesky"
    assert table.item(0, 4).text().startswith("2990 calls, resets ")
    assert "–" in table.item(0, 5).text()  # the outage from the failed poll to the next success
    assert (
        table.item(0, 6).text() == "1 failed polls: Bluesky answered 503 <b>Service</b> Unavailable"
    )
    assert "1 of 1 sources need attention" in dialog.summary.text()


def test_recovery_dialog_saves_post_crisis_steps_on_the_timeline(
    qtbot: QtBot, store: Store
) -> None:
    incident_id = _open(store, minutes_ago=60)
    dialog = RecoveryDialog(store, incident_id, "Aisyah")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.criteria.rowCount() == 3
    assert dialog.criteria.item(0, 1).text().startswith("unknown")  # no baseline in this store
    assert dialog.chart.image is not None and not dialog.chart.image.isNull()
    assert "Owner: Crisis lead" in dialog.step_labels["situation_assessment"].text()
    dialog.step_edits["situation_assessment"].setPlainText("Two outlets, 14 cases")
    dialog.lessons.setPlainText("Keep batch records one click away")
    dialog.save()
    assert dialog.step_labels["situation_assessment"].text().startswith("✔ ")
    with store.session() as session:
        incident = session.get_one(Incident, incident_id)
        assert incident.post_crisis["situation_assessment"] == "Two outlets, 14 cases"
        assert incident.lessons_learned == "Keep batch records one click away"
        kinds = [e.kind for e in timeline.entries(session, incident_id)]
    assert kinds.count("post_crisis") == 1 and kinds.count("lessons") == 1
    dialog.save()  # nothing changed: nothing more on the timeline
    with store.session() as session:
        assert len(timeline.entries(session, incident_id)) == len(kinds)

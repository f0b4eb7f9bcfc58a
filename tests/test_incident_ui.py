"""Incidents in the window: open one, move its stage and level, notes and corrections."""

from __future__ import annotations

import sqlite3

from pytestqt.qtbot import QtBot

from ui.incident_dialog import IncidentDialog
from ui.main_window import MainWindow
from ui.panes.timeline import EntryIdRole, TimelineModel
from warroom.incidents import chain, timeline
from warroom.incidents import service as incidents
from warroom.store.db import Store


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(store, "Test Operator")
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    return window


def test_open_an_incident_from_a_scenario(qtbot: QtBot, store: Store) -> None:
    from warroom.plan.store import ensure_default_plan

    ensure_default_plan(store)
    dialog = IncidentDialog(store, "Ana", title="Data leak rumours", scenario_key="data_breach")
    qtbot.addWidget(dialog)
    assert dialog.crisis_type.currentData() == "cybersecurity"  # follows the scenario
    dialog.open_incident()
    assert dialog.incident_id is not None
    with store.session() as session:
        incident = incidents.get_incident(session, dialog.incident_id)
        assert (incident.title, incident.scenario_key, incident.crisis_type) == (
            "Data leak rumours",
            "data_breach",
            "cybersecurity",
        )
    empty = IncidentDialog(store, "Ana", title="  ")
    qtbot.addWidget(empty)
    empty.open_incident()
    assert empty.incident_id is None and "title" in empty.error.text()


def test_stage_level_and_notes_from_the_window(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    window.change_level(1)
    assert window.incident_bar.level.text().startswith("Level 5")
    window.change_level(1)  # stays at 5
    window.next_stage()
    assert "Improvement" in window.incident_bar.stage.text()
    window.next_stage()  # never closes by itself
    assert "Improvement" in window.incident_bar.stage.text()
    window.timeline.note.setText("Decided to extend refunds to all outlets")
    assert window.timeline.add_note()
    last = window.timeline.model.rowCount() - 1
    assert window.timeline.model.index(last, 3).data() == "Decided to extend refunds to all outlets"
    assert window.timeline.model.index(last, 1).data() == "Test Operator"
    assert "intact" in window.timeline.chain.text()


def test_a_correction_is_a_new_entry(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    pane = window.timeline
    count = pane.model.rowCount()
    pane.table.selectRow(1)
    corrected = pane.model.index(1, 0).data(EntryIdRole)
    pane.note.setText("Correction: the batch was GM-1127")
    pane.add_correction()
    assert pane.model.rowCount() == count + 1
    with demo_store.session() as session:
        incident = incidents.current_incident(session)
        assert incident is not None
        entries = timeline.entries(session, incident.id)
        assert entries[-1].kind == "correction" and entries[-1].data["corrects"] == corrected
        assert chain.verify(entries) is None


def test_a_tampered_log_is_shown_as_altered(qtbot: QtBot, demo_store: Store) -> None:
    with demo_store.session() as session:
        incident = incidents.current_incident(session)
        assert incident is not None
        victim = timeline.entries(session, incident.id)[2].id
        incident_id = incident.id
    assert demo_store.path is not None
    conn = sqlite3.connect(demo_store.path)
    conn.execute("UPDATE timeline_entries SET author = 'Mallory' WHERE id = ?", (victim,))
    conn.commit()
    conn.close()
    model = TimelineModel(demo_store)
    model.load(incident_id)
    assert model.problem is not None and model.problem.entry_id == victim
    window = _window(qtbot, demo_store)
    assert "altered" in window.timeline.chain.text() and victim in window.timeline.chain.text()


def test_timeline_model(qtbot: QtBot, qtmodeltester, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    model = TimelineModel(demo_store)
    with demo_store.session() as session:
        incident = incidents.current_incident(session)
        assert incident is not None
        model.load(incident.id)
    qtmodeltester.check(model, force_py=True)

"""The plan pane's messages: filled from the incident, counted, copied, approval shown loudly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from ui.panes.plan import MessageIdRole, PlanPane
from ui.qt import QtWidgets
from warroom.incidents import service as incidents
from warroom.plan import approval
from warroom.store.db import Store
from warroom.store.models import MessageTemplate


@pytest.fixture
def pane(qtbot: QtBot, demo_store: Store) -> Iterator[PlanPane]:
    widget = PlanPane(demo_store, "Test Operator")
    qtbot.addWidget(widget)
    with demo_store.session() as session:
        incident = incidents.current_incident(session)
        assert incident is not None
        widget.set_incident(incident.id, incident.scenario_key)
    widget.show()
    yield widget


from ui.panes.badges import BadgeRole  # noqa: E402
from warroom.plan.labels import message_label  # noqa: E402


def _select(pane: PlanPane, channel: str, purpose: str) -> None:
    for row in range(pane.messages.count()):
        text = pane.messages.item(row).text()
        if text == message_label(channel, purpose, pane.language):
            pane.messages.setCurrentRow(row)
            return
    raise AssertionError(f"no {channel} {purpose} message")


def test_an_approved_holding_statement_is_filled_counted_and_copied(pane: PlanPane) -> None:
    _select(pane, "x", "holding_statement")
    panel = pane.message_view
    assert panel.banner.text().startswith("APPROVED by Aisyah Rahman")
    text = panel.text.toPlainText()
    assert "1-800-88-5674" in text and "{hotline}" not in text  # the brand's hotline
    assert "Gula Melaka Latte" in text and "{product}" not in text  # the incident's product
    count, limit = panel.count.text().split(" characters")[0].split(" / ")
    assert int(count) == len(text) and int(limit) == 280
    assert panel.copy() is True
    assert QtWidgets.QApplication.clipboard().text() == text


def test_a_draft_is_never_shown_as_approved_and_copy_asks_first(
    pane: PlanPane, monkeypatch: pytest.MonkeyPatch
) -> None:
    _select(pane, "sms", "update")
    panel = pane.message_view
    assert "NOT APPROVED" in panel.banner.text()
    assert "not approved" in str(pane.messages.currentItem().data(BadgeRole))
    asked = []

    def refuse(*args: object, **kwargs: object) -> QtWidgets.QMessageBox.StandardButton:
        asked.append(args)
        return QtWidgets.QMessageBox.StandardButton.No

    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", refuse)
    QtWidgets.QApplication.clipboard().setText("before")
    assert panel.copy() is False
    assert asked and QtWidgets.QApplication.clipboard().text() == "before"


def test_editing_an_approved_message_returns_it_to_draft(pane: PlanPane, demo_store: Store) -> None:
    _select(pane, "x", "holding_statement")
    message_id = pane.messages.currentItem().data(MessageIdRole)
    pane.message_view._act(lambda m: approval.edit_body(m, m.body + " Updated.", "Test Operator"))
    assert "DRAFT — NOT APPROVED" in pane.message_view.banner.text()
    assert "not approved" in str(pane.messages.currentItem().data(BadgeRole))
    with demo_store.session() as session:
        message = session.get(MessageTemplate, message_id)
        assert message is not None and not approval.is_approved(message)
    pane.message_view.submit()
    assert "WAITING FOR APPROVAL" in pane.message_view.banner.text()
    pane.message_view._act(lambda m: approval.approve(m, "Aisyah Rahman", "ok"))
    assert pane.message_view.banner.text().startswith("APPROVED by Aisyah Rahman")


def test_the_count_turns_red_over_the_channel_limit(pane: PlanPane) -> None:
    _select(pane, "x", "holding_statement")
    panel = pane.message_view
    panel.text.setPlainText("x" * 281)
    assert panel.count.text().startswith("281 / 280")
    assert "b71c1c" in panel.count.styleSheet()


def test_malay_plan_shows_malay_messages(pane: PlanPane) -> None:
    pane.lang.setCurrentIndex(pane.lang.findData("ms"))
    assert pane.messages.count() > 0
    _select(pane, "x", "holding_statement")
    assert pane.message_view.banner.text().startswith("APPROVED")
    assert pane.scenario.currentData() == "food_safety"


def test_the_editor_changes_a_step_and_keeps_the_plan_valid(
    qtbot: QtBot, demo_store: Store
) -> None:
    from ui.plan_editor import PlanEditor
    from warroom.plan.store import export_plan

    editor = PlanEditor(demo_store, "Test Operator", "food_safety")
    qtbot.addWidget(editor)
    before = editor.steps.rowCount()
    editor.add_step()
    row = editor.steps.rowCount() - 1
    editor.steps.item(row, 4).setText("Brief the night shift on the recall")
    editor.steps.item(row, 5).setText("Taklimat syif malam tentang penarikan balik")
    assert editor.save(), editor.error.text()
    assert editor.steps.rowCount() == before + 1
    exported = export_plan(demo_store)
    assert "Brief the night shift on the recall" in exported
    assert "Taklimat syif malam" in exported


def test_an_invalid_edit_changes_nothing_and_says_where(qtbot: QtBot, demo_store: Store) -> None:
    from ui.plan_editor import PlanEditor
    from warroom.plan.store import export_plan

    before = export_plan(demo_store)
    editor = PlanEditor(demo_store, "Test Operator", "food_safety")
    qtbot.addWidget(editor)
    editor.steps.item(0, 1).setText("panic")
    assert not editor.save()
    assert "checklist row 1" in editor.error.text() and "panic" in editor.error.text()
    editor.load()
    editor.steps.item(0, 2).setText("no_such_role")
    assert not editor.save()
    assert "owner" in editor.error.text() or "role" in editor.error.text()
    assert export_plan(demo_store) == before


def test_editing_a_message_body_in_the_editor_resets_its_approval(
    qtbot: QtBot, demo_store: Store
) -> None:
    from ui.plan_editor import PlanEditor

    editor = PlanEditor(demo_store, "Test Operator", "food_safety")
    qtbot.addWidget(editor)
    for row in range(editor.messages.rowCount()):
        if editor.messages.item(row, 1).text() == "holding_statement":
            editor.messages.setCurrentCell(row, 0)
            key = editor.messages.item(row, 0).text()
            break
    editor.body.setPlainText(editor.body.toPlainText() + " More soon.")
    assert editor.save(), editor.error.text()
    from warroom.plan.store import active_plan

    with demo_store.session() as session:
        plan = active_plan(session)
        assert plan is not None
        scenario = next(s for s in plan.scenarios if s.key == "food_safety")
        message = next(m for m in scenario.messages if m.key == key)
        assert message.body.endswith("More soon.")
        assert approval.approval_state(message) == "draft"

"""Editing the active plan in the app: a scenario's texts, its checklist and its messages.

Changes are made to the active plan version's rows in one transaction and
validated as a whole plan before they are kept (the same rules as a plan
file); an invalid edit changes nothing and says what is wrong.  A message
whose body changes goes back to draft through the approval workflow.
"""

from __future__ import annotations

from typing import Any

from ui.qt import Qt, QtWidgets
from warroom import events
from warroom.errors import UserError
from warroom.plan import approval
from warroom.plan import model as plan_model
from warroom.plan.store import active_plan, export_version
from warroom.plan.validate import parse_plan
from warroom.store.db import Store
from warroom.store.models import ChecklistStep, MessageTemplate, Scenario

STEP_COLUMNS = ("key", "stage", "owner", "due_minutes", "en", "ms")
MESSAGE_COLUMNS = ("key", "purpose", "channel", "language")


def _cell(value: object) -> QtWidgets.QTableWidgetItem:
    return QtWidgets.QTableWidgetItem("" if value is None else str(value))


class PlanEditor(QtWidgets.QDialog):
    """Edit one scenario of the active plan (choose it at the top)."""

    def __init__(
        self,
        store: Store,
        author: str,
        scenario_key: str = "",
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planEditor")
        self.setWindowTitle(self.tr("Edit crisis plan"))
        self.store = store
        self.author = author
        self._bodies: dict[int, str] = {}

        self.scenario = QtWidgets.QComboBox(self)
        self.title_en = QtWidgets.QLineEdit(self)
        self.title_ms = QtWidgets.QLineEdit(self)
        self.approach_en = QtWidgets.QPlainTextEdit(self)
        self.approach_ms = QtWidgets.QPlainTextEdit(self)
        for edit in (self.approach_en, self.approach_ms):
            edit.setMaximumHeight(70)
        self.steps = QtWidgets.QTableWidget(0, len(STEP_COLUMNS), self)
        self.steps.setObjectName("editorSteps")
        self.steps.setHorizontalHeaderLabels(
            [
                self.tr("Key"),
                self.tr("Stage"),
                self.tr("Owner role"),
                self.tr("Due (min)"),
                self.tr("Step (English)"),
                self.tr("Step (Malay)"),
            ]
        )
        self.steps.horizontalHeader().setStretchLastSection(True)
        self.messages = QtWidgets.QTableWidget(0, len(MESSAGE_COLUMNS), self)
        self.messages.setObjectName("editorMessages")
        self.messages.setHorizontalHeaderLabels(
            [self.tr("Key"), self.tr("Purpose"), self.tr("Channel"), self.tr("Language")]
        )
        self.messages.horizontalHeader().setStretchLastSection(True)
        self.body = QtWidgets.QPlainTextEdit(self)
        self.body.setObjectName("editorBody")
        self.error = QtWidgets.QLabel(self)
        self.error.setObjectName("editorError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b71c1c;")

        scenario_tab = QtWidgets.QWidget(self)
        form = QtWidgets.QFormLayout(scenario_tab)
        form.addRow(self.tr("Title (English)"), self.title_en)
        form.addRow(self.tr("Title (Malay)"), self.title_ms)
        form.addRow(self.tr("Approach (English)"), self.approach_en)
        form.addRow(self.tr("Approach (Malay)"), self.approach_ms)
        steps_tab = self._with_buttons(self.steps, self.add_step, self.remove_step)
        messages_tab = QtWidgets.QWidget(self)
        messages_layout = QtWidgets.QVBoxLayout(messages_tab)
        messages_layout.addWidget(
            self._with_buttons(self.messages, self.add_message, self.remove_message)
        )
        messages_layout.addWidget(
            QtWidgets.QLabel(self.tr("Body (placeholders like {brand}, {hotline})"), self)
        )
        messages_layout.addWidget(self.body)
        tabs = QtWidgets.QTabWidget(self)
        tabs.addTab(scenario_tab, self.tr("Scenario"))
        tabs.addTab(steps_tab, self.tr("Checklist"))
        tabs.addTab(messages_tab, self.tr("Messages"))
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Close,
            self,
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.scenario)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(900, 600)

        with store.session() as session:
            plan = active_plan(session)
            for scenario in plan.scenarios if plan else []:
                self.scenario.addItem(str(scenario.title.get("en") or scenario.key), scenario.key)
        index = self.scenario.findData(scenario_key)
        self.scenario.setCurrentIndex(max(index, 0))
        self.scenario.currentIndexChanged.connect(self.load)
        self.messages.currentCellChanged.connect(self._message_selected)
        self.body.textChanged.connect(self._body_changed)
        self.load()

    def _with_buttons(
        self, table: QtWidgets.QTableWidget, add: Any, remove: Any
    ) -> QtWidgets.QWidget:
        box = QtWidgets.QWidget(self)
        layout = QtWidgets.QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table)
        row = QtWidgets.QHBoxLayout()
        add_button = QtWidgets.QPushButton(self.tr("Add"), box)
        remove_button = QtWidgets.QPushButton(self.tr("Remove"), box)
        add_button.clicked.connect(add)
        remove_button.clicked.connect(remove)
        row.addWidget(add_button)
        row.addWidget(remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    # --- loading ----------------------------------------------------------------------

    def _current(self, session: Any) -> Scenario | None:
        plan = active_plan(session)
        key = self.scenario.currentData()
        if plan is None or key is None:
            return None
        return next((s for s in plan.scenarios if s.key == key), None)

    def load(self) -> None:
        self.error.clear()
        with self.store.session() as session:
            scenario = self._current(session)
            if scenario is None:
                return
            self.title_en.setText(str(scenario.title.get("en", "")))
            self.title_ms.setText(str(scenario.title.get("ms", "")))
            self.approach_en.setPlainText(str(scenario.approach.get("en", "")))
            self.approach_ms.setPlainText(str(scenario.approach.get("ms", "")))
            self.steps.setRowCount(0)
            for step in scenario.steps:
                self._append_step(
                    step.key,
                    step.stage,
                    step.owner_role,
                    step.due_minutes,
                    step.text.get("en", ""),
                    step.text.get("ms", ""),
                )
            self.messages.setRowCount(0)
            self._bodies.clear()
            for message in scenario.messages:
                row = self.messages.rowCount()
                self.messages.insertRow(row)
                for column, value in enumerate(
                    (message.key, message.purpose, message.channel, message.language)
                ):
                    self.messages.setItem(row, column, _cell(value))
                self._bodies[row] = message.body
        if self.messages.rowCount():
            self.messages.setCurrentCell(0, 0)

    def _append_step(self, *values: object) -> None:
        row = self.steps.rowCount()
        self.steps.insertRow(row)
        for column, value in enumerate(values):
            self.steps.setItem(row, column, _cell(value))

    def _message_selected(self, row: int, *_: int) -> None:
        self.body.blockSignals(True)
        self.body.setPlainText(self._bodies.get(row, ""))
        self.body.blockSignals(False)

    def _body_changed(self) -> None:
        row = self.messages.currentRow()
        if row >= 0:
            self._bodies[row] = self.body.toPlainText()

    # --- editing ----------------------------------------------------------------------

    def add_step(self) -> None:
        self._append_step(
            f"step_{self.steps.rowCount() + 1}", "intervention", "crisis_lead", 60, "", ""
        )
        self.steps.setCurrentCell(self.steps.rowCount() - 1, 4)

    def remove_step(self) -> None:
        if self.steps.currentRow() >= 0:
            self.steps.removeRow(self.steps.currentRow())

    def add_message(self) -> None:
        row = self.messages.rowCount()
        self.messages.insertRow(row)
        for column, value in enumerate((f"message_{row + 1}", "update", "x", "en")):
            self.messages.setItem(row, column, _cell(value))
        self._bodies[row] = ""
        self.messages.setCurrentCell(row, 0)

    def remove_message(self) -> None:
        row = self.messages.currentRow()
        if row < 0:
            return
        self.messages.removeRow(row)
        self._bodies = {
            (r if r < row else r - 1): body for r, body in self._bodies.items() if r != row
        }

    def _text(self, table: QtWidgets.QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text().strip() if item is not None else ""

    def save(self) -> bool:
        """Apply the edits in one transaction, validated as a whole plan."""
        try:
            with self.store.session() as session:
                scenario = self._current(session)
                if scenario is None:
                    return False
                self._apply(session, scenario)
                plan = active_plan(session)
                assert plan is not None
                session.flush()
                session.expire(plan)
                parse_plan(export_version(plan), self.tr("edited plan"))
        except (UserError, ValueError) as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        events.publish(events.PLAN_CHANGED)
        self.load()
        return True

    def _apply(self, session: Any, scenario: Scenario) -> None:
        scenario.title = {"en": self.title_en.text().strip(), "ms": self.title_ms.text().strip()}
        scenario.approach = {
            "en": self.approach_en.toPlainText().strip(),
            "ms": self.approach_ms.toPlainText().strip(),
        }
        existing = {step.key: step for step in scenario.steps}
        kept: list[ChecklistStep] = []
        for row in range(self.steps.rowCount()):
            key = self._text(self.steps, row, 0)
            due_text = self._text(self.steps, row, 3)
            try:
                due = int(due_text) if due_text else None
            except ValueError:
                raise UserError(
                    f"checklist row {row + 1}: due minutes must be a whole number, not {due_text!r}"
                ) from None
            stage = self._text(self.steps, row, 1)
            if stage not in plan_model.STAGES:
                raise UserError(
                    f"checklist row {row + 1}: unknown stage {stage!r} (expected one of {', '.join(plan_model.STAGES)})"
                )
            step = existing.pop(key, None) or ChecklistStep(origin=self.store.origin, key=key)
            step.stage, step.owner_role, step.due_minutes, step.position = (
                stage,
                self._text(self.steps, row, 2),
                due,
                row,
            )
            step.text = {"en": self._text(self.steps, row, 4), "ms": self._text(self.steps, row, 5)}
            kept.append(step)
        scenario.steps = kept
        messages = {message.key: message for message in scenario.messages}
        kept_messages: list[MessageTemplate] = []
        for row in range(self.messages.rowCount()):
            key = self._text(self.messages, row, 0)
            message = messages.pop(key, None)
            body = self._bodies.get(row, "")
            if message is None:
                message = MessageTemplate(
                    origin=self.store.origin, key=key, body=body, status="draft"
                )
            elif body != message.body:
                approval.edit_body(message, body, self.author)
            message.purpose = self._text(self.messages, row, 1)
            message.channel = self._text(self.messages, row, 2)
            message.language = self._text(self.messages, row, 3)
            message.position = row
            kept_messages.append(message)
        scenario.messages = kept_messages
        session.flush()

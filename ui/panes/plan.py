"""The scenario plan pane: scenario → stage → checklist, and its draft messages.

Ticking a step while an incident is open records who and when on the
incident's timeline.  Messages show their approval state loudly: an
unapproved message is never presented as approved.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from ui.panes.badges import BADGE_COLOURS, BadgeColourRole, BadgeDelegate, BadgeRole
from ui.panes.message_panel import MessagePanel
from ui.panes.wrap_delegate import WrapDelegate
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from warroom.incidents import timeline
from warroom.incidents.stages import stage_title
from warroom.plan import labels
from warroom.plan.approval import approval_state
from warroom.store.db import Store
from warroom.store.models import Incident, PlanVersion, Scenario, StepTick, utcnow

STAGE_ORDER = ("preparation", "detection", "intervention", "improvement")
StepKeyRole = Qt.ItemDataRole.UserRole + 1
MessageIdRole = Qt.ItemDataRole.UserRole + 2
StepTextRole = Qt.ItemDataRole.UserRole + 3  # the step's own words (for the timeline)


def _text(value: dict[str, Any] | None, language: str) -> str:
    if not value:
        return ""
    return str(value.get(language) or value.get("en") or next(iter(value.values()), ""))


class PlanPane(QtWidgets.QWidget):
    """Signals: step_toggled(step_key, done)."""

    step_toggled = QtCore.Signal(str, bool)
    language_changed = QtCore.Signal(str)

    def __init__(self, store: Store, author: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planPane")
        self.store = store
        self.author = author
        from warroom import settings

        prefs = settings.Settings()
        if prefs.is_set(settings.PLAN_LANGUAGE):
            self.language = prefs.get(settings.PLAN_LANGUAGE)
        else:  # until chosen, the plan reads in the interface's language
            from ui import i18n

            self.language = i18n.current_language()
        if self.language not in ("en", "ms"):
            self.language = "en"
        self.incident_id: str | None = None
        self.overdue: dict[str, datetime] = {}  # step key -> deadline, from the clocks
        self._filling = False

        self.scenario = QtWidgets.QComboBox(self)
        self.scenario.setObjectName("scenarioChooser")
        self.scenario.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scenario.setMinimumContentsLength(14)
        self.lang = QtWidgets.QComboBox(self)
        self.lang.addItem("English", "en")
        self.lang.addItem("Bahasa Melayu", "ms")
        self.lang.setCurrentIndex(max(self.lang.findData(self.language), 0))
        self.approach = QtWidgets.QLabel(self)
        self.approach.setWordWrap(True)
        self.approach.setTextFormat(Qt.TextFormat.PlainText)
        self.approach.setSizePolicy(  # never clipped: the checklist gives way instead
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Minimum
        )

        self.steps = QStandardTree(self)
        self.steps.setObjectName("planSteps")
        self.messages = QtWidgets.QListWidget(self)
        self.messages.setObjectName("planMessages")
        self.messages.setItemDelegate(BadgeDelegate(self.messages))
        self.message_view = MessagePanel(store, author, self)
        self.message_view.changed.connect(self._refresh_messages)

        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.scenario, 3)
        top.addWidget(self.lang, 1)
        self.edit_button = QtWidgets.QToolButton(self)
        self.edit_button.setText(self.tr("Edit…"))
        self.edit_button.setToolTip(self.tr("Edit this scenario's texts, checklist and messages"))
        self.edit_button.clicked.connect(self.edit_plan)
        top.addWidget(self.edit_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.approach)
        split = QtWidgets.QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.steps)
        messages_box = QtWidgets.QWidget(self)
        messages_layout = QtWidgets.QVBoxLayout(messages_box)
        messages_layout.setContentsMargins(0, 0, 0, 0)
        messages_layout.addWidget(QtWidgets.QLabel(self.tr("Draft messages"), messages_box))
        messages_layout.addWidget(self.messages)
        messages_layout.addWidget(self.message_view)
        split.addWidget(messages_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self._split = split
        self._split_sized = False
        layout.addWidget(split)

        self.scenario.currentIndexChanged.connect(self._fill)
        self.lang.currentIndexChanged.connect(self._language_changed)
        self.steps.model().itemChanged.connect(self._item_changed)
        self.messages.currentRowChanged.connect(self._show_message)
        self.reload(fill=False)  # set_incident() fills it; scenarios are listed now

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        # docks ignore height-for-width: give the wrapped approach the lines it needs
        needed = self.approach.heightForWidth(max(self.approach.width(), 50))
        self.approach.setMinimumHeight(max(0, needed))  # -1: no text to wrap yet

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if not self._split_sized:  # the checklist first: three fifths of the height
            self._split_sized = True
            total = max(sum(self._split.sizes()), 1)
            self._split.setSizes([total * 3 // 5, total - total * 3 // 5])

    # --- loading ----------------------------------------------------------------------

    def set_incident(self, incident_id: str | None, scenario_key: str) -> None:
        self.incident_id = incident_id
        self.message_view.set_incident(incident_id)
        index = self.scenario.findData(scenario_key)
        if index >= 0:
            self.scenario.blockSignals(True)  # filled once, below
            self.scenario.setCurrentIndex(index)
            self.scenario.blockSignals(False)
        self._fill()

    def reload(self, *, fill: bool = True) -> None:
        current = self.scenario.currentData()
        self.scenario.blockSignals(True)
        self.scenario.clear()
        with self.store.session() as session:
            plan = session.scalar(select(PlanVersion).where(PlanVersion.active.is_(True)))
            scenarios = list(plan.scenarios) if plan else []
            for scenario in scenarios:
                self.scenario.addItem(_text(scenario.title, self.language), scenario.key)
        if current is not None:
            index = self.scenario.findData(current)
            if index >= 0:
                self.scenario.setCurrentIndex(index)
        self.scenario.blockSignals(False)
        if fill:
            self._fill()

    def _language_changed(self) -> None:
        from warroom import settings

        self.language = self.lang.currentData()
        settings.Settings().set(settings.PLAN_LANGUAGE, self.language)
        self.reload()
        self.language_changed.emit(self.language)

    def _fill(self) -> None:
        key = self.scenario.currentData()
        model = self.steps.model()
        self._filling = True
        model.clear()
        self.messages.clear()
        self.message_view.show_message(None)
        self.approach.clear()
        if key is None:
            self._filling = False
            return
        with self.store.session() as session:
            scenario = session.scalar(
                select(Scenario)
                .join(PlanVersion)
                .where(PlanVersion.active.is_(True), Scenario.key == key)
            )
            if scenario is None:
                self._filling = False
                return
            ticked = self._ticked(session)
            language = self.language
            channels = ", ".join(labels.channel_label(c, language) for c in scenario.channels)
            channels_label = self.tr("Channels")
            self.approach.setText(
                f"{labels.crisis_type_label(scenario.crisis_type, language)} — "
                f"{_text(scenario.approach, language)}\n{channels_label}: {channels}"
            )
            roles = self._role_titles(session)
            opened = self._opened_at(session)
            for stage in STAGE_ORDER:
                steps = [s for s in scenario.steps if s.stage == stage]
                if not steps:
                    continue
                done = sum(1 for s in steps if f"{key}/{s.key}" in ticked)
                stage_item = QtGui.QStandardItem(
                    f"{stage_title(stage, self.language)}  ({done}/{len(steps)})"
                )
                stage_item.setEditable(False)
                font = stage_item.font()
                font.setBold(True)
                stage_item.setFont(font)
                for step in steps:
                    step_key = f"{key}/{step.key}"
                    facts = [roles.get(step.owner_role, step.owner_role.replace("_", " "))]
                    if step.due_minutes is not None:
                        due = labels.offset_label(step.due_minutes)
                        if opened is not None:
                            moment = opened + timedelta(minutes=step.due_minutes)
                            due += f" ({moment.astimezone():%H:%M})"
                        facts.append(labels.step_state_label("due", language) % due)
                    if step_key in ticked:
                        facts.append("✓ " + labels.step_state_label("done", language))
                    item = QtGui.QStandardItem(
                        f"{_text(step.text, language)}\n" + "  ·  ".join(f for f in facts if f)
                    )
                    item.setData(_text(step.text, language), StepTextRole)
                    item.setEditable(False)
                    item.setCheckable(self.incident_id is not None)
                    item.setData(step_key, StepKeyRole)
                    item.setCheckState(
                        Qt.CheckState.Checked if step_key in ticked else Qt.CheckState.Unchecked
                    )
                    item.setToolTip(html.escape(_text(step.text, self.language)))
                    stage_item.appendRow(item)
                model.appendRow(stage_item)
            self._fill_messages(scenario)
        self.steps.expandAll()
        self._filling = False
        self.set_overdue(self.overdue)

    def _role_titles(self, session: Any) -> dict[str, str]:
        """Role key -> its title in the plan's language, from the active plan."""
        from warroom.plan.store import active_plan

        version = active_plan(session)
        if version is None:
            return {}
        # read from the stored rows as they are (validating the whole plan for its role
        # titles cost a quarter of a second on every start); a role row that is not
        # what a plan holds is passed over, and its steps show the role's key
        titles: dict[str, str] = {}
        for role in (version.settings or {}).get("roles") or []:
            if not isinstance(role, dict) or not isinstance(role.get("key"), str):
                continue
            title = role.get("title")
            if isinstance(title, dict):
                titles[role["key"]] = _text(title, self.language)
            elif isinstance(title, str):
                titles[role["key"]] = title
        return titles

    def _opened_at(self, session: Any) -> datetime | None:
        if self.incident_id is None:
            return None
        incident = session.get(Incident, self.incident_id)
        if incident is None:
            return None
        opened: datetime = incident.opened_at
        return opened if opened.tzinfo else opened.replace(tzinfo=UTC)

    def set_overdue(self, overdue: dict[str, datetime]) -> None:
        """Mark the steps whose response clock is breached (ui.clocks_strip drives this)."""
        from ui.clocks_strip import mark_overdue_steps

        self.overdue = dict(overdue)
        self._filling = True  # marking changes items; it is not a tick
        try:
            mark_overdue_steps(self.steps.model(), self.overdue)
        finally:
            self._filling = False

    def _fill_messages(self, scenario: Scenario) -> None:
        current = self.message_view.message_id
        self.messages.clear()
        for message in scenario.messages:
            if message.language != self.language:
                continue
            status = approval_state(message)
            item = QtWidgets.QListWidgetItem(
                labels.message_label(message.channel, message.purpose, self.language)
            )
            item.setData(MessageIdRole, message.id)
            item.setData(BadgeRole, labels.approval_label(status, self.language))
            item.setData(BadgeColourRole, BADGE_COLOURS.get(status, BADGE_COLOURS["draft"]))
            item.setToolTip(
                html.escape(f"{item.text()}: {labels.approval_label(status, self.language)}")
            )
            self.messages.addItem(item)
            if message.id == current:
                self.messages.setCurrentItem(item)

    def _refresh_messages(self) -> None:
        key = self.scenario.currentData()
        with self.store.session() as session:
            scenario = session.scalar(
                select(Scenario)
                .join(PlanVersion)
                .where(PlanVersion.active.is_(True), Scenario.key == key)
            )
            if scenario is not None:
                self.messages.blockSignals(True)
                self._fill_messages(scenario)
                self.messages.blockSignals(False)

    def _ticked(self, session: Any) -> set[str]:
        if self.incident_id is None:
            return set()
        state: dict[str, bool] = {}
        for tick in session.scalars(
            select(StepTick).where(StepTick.incident_id == self.incident_id).order_by(StepTick.at)
        ):
            state[tick.step_key] = tick.done
        return {key for key, done in state.items() if done}

    # --- actions ----------------------------------------------------------------------

    def _item_changed(self, item: QtGui.QStandardItem) -> None:
        if self._filling or self.incident_id is None:
            return
        step_key = item.data(StepKeyRole)
        if not step_key:
            return
        done = item.checkState() == Qt.CheckState.Checked
        with self.store.session() as session:
            now = utcnow()
            session.add(
                StepTick(
                    origin=self.store.origin,
                    incident_id=self.incident_id,
                    step_key=step_key,
                    done=done,
                    by=self.author,
                    at=now,
                )
            )
            timeline.append(
                session,
                incident_id=self.incident_id,
                origin=self.store.origin,
                kind="step",
                author=self.author,
                at=now,
                text=("Step done: " if done else "Step reopened: ")
                + str(item.data(StepTextRole) or item.text()),
                data={"step": step_key, "done": done},
            )
        # after this slot returns: listeners refill the model, which deletes `item`
        # while Qt is still inside its setData (a crash when done synchronously)
        QtCore.QTimer.singleShot(0, self, lambda: self.step_toggled.emit(step_key, done))
        QtCore.QTimer.singleShot(0, self._fill)

    def edit_plan(self) -> None:
        from ui.plan_editor import PlanEditor

        PlanEditor(self.store, self.author, self.scenario.currentData() or "", self).exec()
        self.reload()

    def _show_message(self, row: int) -> None:
        item = self.messages.item(row)
        self.message_view.show_message(None if item is None else item.data(MessageIdRole))


class QStandardTree(QtWidgets.QTreeView):
    """A tree view that owns a QStandardItemModel."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(QtGui.QStandardItemModel(self))
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(WrapDelegate(self))

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # wrapped rows take the new width

    def model(self) -> QtGui.QStandardItemModel:
        model = super().model()
        assert isinstance(model, QtGui.QStandardItemModel)
        return model

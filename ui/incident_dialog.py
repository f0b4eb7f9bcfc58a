"""Opening an incident: by hand, from a scenario, or from an alert's proposal."""

from __future__ import annotations

from ui.qt import Qt, QtWidgets
from warroom.errors import UserError
from warroom.incidents import service as incidents
from warroom.incidents.stages import CRISIS_TYPES
from warroom.plan.store import active_plan
from warroom.store.db import Store


class IncidentDialog(QtWidgets.QDialog):
    """Title, crisis type and scenario; `incident_id` is set once opened."""

    def __init__(
        self,
        store: Store,
        author: str,
        *,
        title: str = "",
        scenario_key: str = "",
        severity_level: int = 2,
        language: str = "en",
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDialog")
        self.setWindowTitle(self.tr("Open an incident"))
        self.store, self.author = store, author
        self.incident_id: str | None = None
        self.title = QtWidgets.QLineEdit(title, self)
        self.scenario = QtWidgets.QComboBox(self)
        self.scenario.addItem(self.tr("(no scenario)"), ("", ""))
        with store.session() as session:
            plan = active_plan(session)
            for scenario in plan.scenarios if plan else []:
                label = str(
                    scenario.title.get(language) or scenario.title.get("en") or scenario.key
                )
                self.scenario.addItem(label, (scenario.key, scenario.crisis_type))
        for index in range(self.scenario.count()):
            if self.scenario.itemData(index)[0] == scenario_key:
                self.scenario.setCurrentIndex(index)
        self.crisis_type = QtWidgets.QComboBox(self)
        for key, names in CRISIS_TYPES.items():
            self.crisis_type.addItem(names.get(language, names["en"]), key)
        self.level = QtWidgets.QSpinBox(self)
        self.level.setRange(1, 5)
        self.level.setValue(severity_level)
        self.error = QtWidgets.QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b71c1c;")
        form = QtWidgets.QFormLayout(self)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Scenario"), self.scenario)
        form.addRow(self.tr("Crisis type"), self.crisis_type)
        form.addRow(self.tr("Severity level"), self.level)
        form.addRow(self.error)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Open incident")
        )
        buttons.accepted.connect(self.open_incident)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.scenario.currentIndexChanged.connect(self._scenario_changed)
        self._scenario_changed()

    def _scenario_changed(self) -> None:
        _key, crisis_type = self.scenario.currentData()
        if crisis_type:
            self.crisis_type.setCurrentIndex(max(self.crisis_type.findData(crisis_type), 0))

    def open_incident(self) -> None:
        key, _type = self.scenario.currentData()
        try:
            with self.store.session() as session:
                incident = incidents.open_incident(
                    session,
                    origin=self.store.origin,
                    title=self.title.text(),
                    author=self.author,
                    crisis_type=self.crisis_type.currentData(),
                    scenario_key=key,
                    severity_level=self.level.value(),
                )
                self.incident_id = incident.id
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

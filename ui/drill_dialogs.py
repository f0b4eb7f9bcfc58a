"""The drill's dialogs: start a drill, inject an event by hand, the scored debrief."""

from __future__ import annotations

from typing import Any

from ui.qt import Qt, QtCore, QtWidgets, plain

SPEEDS = (1.0, 10.0, 60.0)
INJECT_KINDS = (
    ("call", QtCore.QT_TRANSLATE_NOOP("InjectDialog", "A journalist's call")),
    ("document", QtCore.QT_TRANSLATE_NOOP("InjectDialog", "A leaked document")),
    ("term", QtCore.QT_TRANSLATE_NOOP("InjectDialog", "A spike on a new risk term")),
    ("note", QtCore.QT_TRANSLATE_NOOP("InjectDialog", "A facilitator's note")),
)


class StartDrillDialog(QtWidgets.QDialog):
    """Choose what to replay (shipped scenario, past incident, exported file) and the speed."""

    def __init__(
        self,
        shipped: list[tuple[str, str, str, str]],
        incidents: list[tuple[str, str]],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startDrillDialog")
        self.setWindowTitle(self.tr("Start a drill"))
        intro = QtWidgets.QLabel(
            self.tr(
                "A drill replays a crisis into a separate drill store: the real store and "
                "the team server are never touched. Live monitoring and team sync pause "
                "until the drill ends."
            )
        )
        intro.setWordWrap(True)
        self.scenarios = QtWidgets.QListWidget()
        self.scenarios.setObjectName("drillScenarios")
        for key, title, crisis_type, form in shipped:
            item = QtWidgets.QListWidgetItem(self.tr("%s — %s, %s") % (title, crisis_type, form))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.scenarios.addItem(item)
        for ref, title in incidents:
            item = QtWidgets.QListWidgetItem(self.tr("Past incident: %s") % title)
            item.setData(Qt.ItemDataRole.UserRole, f"incident:{ref}")
            self.scenarios.addItem(item)
        self.scenarios.setCurrentRow(0)
        self.file_button = QtWidgets.QPushButton(self.tr("Replay an exported &file…"))
        self.file_button.clicked.connect(self._choose_file)
        self.speed = QtWidgets.QComboBox()
        self.speed.setObjectName("drillSpeed")
        for speed in SPEEDS:
            self.speed.addItem(self.tr("%s× real time") % f"{speed:g}", speed)
        self.speed.setCurrentIndex(2)
        self.scripted = QtWidgets.QCheckBox(
            self.tr("Play the scenario's scripted team actions (a demonstration)")
        )
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("&Speed:"), self.speed)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Start &drill"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.scenarios.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.scenarios, 1)
        layout.addWidget(self.file_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self.scripted)
        layout.addWidget(buttons)
        self.chosen_file = ""
        self.resize(560, 420)

    def _choose_file(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self,
            self.tr("Replay an exported mention file"),
            "",
            self.tr("Mention exports (*.jsonl *.ndjson *.json *.csv);;All files (*)"),
        )
        if path:
            self.chosen_file = path
            self.accept()

    def choice(self) -> tuple[str, float, bool]:
        """(what to replay, speed, scripted team actions)."""
        item = self.scenarios.currentItem()
        what = self.chosen_file or (str(item.data(Qt.ItemDataRole.UserRole)) if item else "")
        return what, float(self.speed.currentData()), self.scripted.isChecked()


class InjectDialog(QtWidgets.QDialog):
    """The facilitator adds an event by hand: what happened, and a burst for a spike."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("injectDialog")
        self.setWindowTitle(self.tr("Inject an event"))
        self.kind = QtWidgets.QComboBox()
        for key, title in INJECT_KINDS:
            self.kind.addItem(QtCore.QCoreApplication.translate("InjectDialog", title), key)
        self.text = QtWidgets.QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("What happens, as the team would hear of it"))
        self.term = QtWidgets.QLineEdit()
        self.term.setPlaceholderText(self.tr("the new risk term, e.g. lipas"))
        self.count = QtWidgets.QSpinBox()
        self.count.setRange(0, 2000)
        self.count.setValue(30)
        self.count.setSuffix(self.tr(" mentions"))
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("&Event:"), self.kind)
        form.addRow(self.tr("&What happens:"), self.text)
        form.addRow(self.tr("Risk &term:"), self.term)
        form.addRow(self.tr("&Burst:"), self.count)
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("injectError")
        self.error.setStyleSheet("color: #b03a2e")
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Inject"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._kind_changed()
        self.inject: Any = None

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.term.setEnabled(kind == "term")
        self.count.setEnabled(kind in ("document", "term"))

    def _accept(self) -> None:
        from warroom.drills.scenarios import make_inject
        from warroom.errors import UserError

        kind = str(self.kind.currentData())
        try:
            self.inject = make_inject(
                kind,
                self.text.toPlainText().strip(),
                term=self.term.text().strip(),
                count=self.count.value() if kind in ("document", "term") else 0,
            )
        except UserError as exc:
            self.error.setText(plain(str(exc)))
            return
        self.accept()


class DebriefDialog(QtWidgets.QDialog):
    """The scored debrief on screen, with the PDF export and the previous drills."""

    def __init__(self, debrief: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefDialog")
        self.debrief = debrief
        self.setWindowTitle(self.tr("Drill debrief"))
        banner = QtWidgets.QLabel(self.tr("DRILL — NOT A REAL INCIDENT"))
        banner.setObjectName("drillBanner")
        banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        banner.setStyleSheet(BANNER_STYLE)
        title = QtWidgets.QLabel(plain(debrief.title))
        title.setStyleSheet("font-size: 15pt; font-weight: bold")
        title.setWordWrap(True)
        score = QtWidgets.QLabel(self.tr("Score: %d / 100") % debrief.score)
        score.setObjectName("debriefScore")
        score.setStyleSheet("font-size: 14pt; font-weight: bold")
        figures = debrief.figures()
        self.table = QtWidgets.QTableWidget(0, 2)
        self.table.setObjectName("debriefFigures")
        self.table.setHorizontalHeaderLabels([self.tr("Measure"), self.tr("Result")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        rows = [
            (self.tr("First spike → detection"), self._minutes(figures["detection_min"])),
            (
                self.tr("First spike → acknowledgement"),
                self._minutes(figures["acknowledgement_min"]),
            ),
            (
                self.tr("First spike → approved holding statement"),
                self._minutes(figures["statement_min"]),
            ),
        ]
        from ui.i18n import current_language
        from warroom.incidents.stages import stage_title

        language = current_language()
        for stage, when in debrief.stages:
            stage = stage_title(stage, language)
            rows.append(
                (self.tr("First spike → stage %s") % stage, self._minutes(debrief.minutes(when)))
            )
        rows += [
            (
                self.tr("Checklist steps"),
                self.tr("%d on time, %d late, %d missed")
                % (debrief.on_time, debrief.late, debrief.missed),
            ),
            (self.tr("Messages sent without approval"), str(len(debrief.unapproved_messages))),
            (self.tr("Response clocks breached"), str(len(debrief.clock_breaches))),
            (
                self.tr("First-tier contacts not reached"),
                self.tr("%d of %d")
                % (len(debrief.contacts_not_reached), debrief.contacts_expected),
            ),
            (self.tr("Previous drills of this scenario"), str(len(debrief.previous))),
        ]
        for measure, result in rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QtWidgets.QTableWidgetItem(measure))
            self.table.setItem(row, 1, QtWidgets.QTableWidgetItem(result))
        self.table.resizeColumnToContents(0)
        note = QtWidgets.QLabel(
            self.tr("Team actions were scripted (a demonstration).")
            if debrief.scripted_team
            else ""
        )
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(
            self.tr("Save debrief &PDF…"), QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.clicked.connect(self.save_pdf)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addWidget(title)
        layout.addWidget(score)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        self.resize(640, 560)

    def _minutes(self, value: float | None) -> str:
        return self.tr("not reached") if value is None else self.tr("%s min") % f"{value:.0f}"

    def save_pdf(self, path: str = "") -> str:
        from pathlib import Path

        from warroom.drills.debrief import write_debrief_pdf
        from warroom.errors import UserError

        if not path:
            path, _ = QtWidgets.QFileDialog.getSaveFileName(
                self, self.tr("Save the drill debrief"), "drill-debrief.pdf", self.tr("PDF (*.pdf)")
            )
        if not path:
            return ""
        try:
            written, _pages = write_debrief_pdf(self.debrief, Path(path))
        except (UserError, OSError) as exc:
            QtWidgets.QMessageBox.warning(self, self.tr("Drill debrief"), plain(str(exc)))
            return ""
        return str(written)


BANNER_STYLE = (
    "background-color: #b03a2e; color: white; font-weight: bold; padding: 6px; letter-spacing: 1px"
)

"""The Recovery tracker dialog: is the brand back to normal after the crisis?

Tab "Back to normal": the daily curve of mention volume, negative share and
mean sentiment against their pre-crisis baseline bands (the report's chart)
and each criterion of the plan with its band, today's value and the day it
was met.  Tab "Post-crisis": the seed's post-crisis steps as a checklist with
their owners (a step is done once what was done is recorded) and the lessons
learned; saving writes each change on the timeline.
"""

from __future__ import annotations

from datetime import datetime

from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal, plain
from warroom.errors import UserError
from warroom.incidents import clocks, recovery
from warroom.incidents import service as incidents
from warroom.plan.model import PostCrisisStep
from warroom.store.db import Store
from warroom.store.models import Incident

CRITERIA_COLUMNS = (
    QtCore.QT_TRANSLATE_NOOP("RecoveryDialog", "Criterion"),
    QtCore.QT_TRANSLATE_NOOP("RecoveryDialog", "Baseline band"),
    QtCore.QT_TRANSLATE_NOOP("RecoveryDialog", "Today"),
    QtCore.QT_TRANSLATE_NOOP("RecoveryDialog", "Met on"),
)
MET = "#2e7d32"


class ChartView(QtWidgets.QWidget):
    """Paints an image scaled to fit, keeping its proportions."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QtGui.QImage | None = None

    def set_image(self, image: QtGui.QImage) -> None:
        self.image = image
        self.update()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        if self.image is None or self.image.isNull():
            return
        painter = QtGui.QPainter(self)
        try:
            painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform)
            size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (self.width() - size.width()) // 2
            painter.drawImage(QtCore.QRect(x, 0, size.width(), size.height()), self.image)
        finally:
            painter.end()


class RecoveryDialog(QtWidgets.QDialog):
    """Signals:
    saved(): post-crisis notes or lessons were written on the timeline.
    """

    saved = Signal()

    def __init__(
        self,
        store: Store,
        incident_id: str,
        author: str,
        language: str = "en",
        parent: QtWidgets.QWidget | None = None,
        *,
        now: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.tr("Recovery tracker"))
        self.store = store
        self.incident_id = incident_id
        self.author = author
        self.language = language  # the plan's text (criteria, steps) follows the plan pane
        from ui.i18n import current_language

        self.ui_language = current_language()  # the chart's titles follow the interface
        self.now = now  # None: the current time
        self.tabs = QtWidgets.QTabWidget(self)

        normal = QtWidgets.QWidget(self)
        self.verdict = QtWidgets.QLabel(normal)
        self.verdict.setObjectName("recoveryVerdict")
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setWordWrap(True)
        self.chart = ChartView(normal)
        self.chart.setObjectName("recoveryChart")
        self.chart.setMinimumHeight(220)
        self.chart.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Expanding
        )
        self.criteria = QtWidgets.QTableWidget(0, len(CRITERIA_COLUMNS), normal)
        self.criteria.setObjectName("recoveryCriteria")
        self.criteria.setHorizontalHeaderLabels([self.tr(c) for c in CRITERIA_COLUMNS])
        self.criteria.horizontalHeader().setSectionResizeMode(
            0, QtWidgets.QHeaderView.ResizeMode.Stretch
        )
        self.criteria.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.criteria.verticalHeader().hide()
        self.criteria.setMaximumHeight(150)
        normal_layout = QtWidgets.QVBoxLayout(normal)
        normal_layout.addWidget(self.verdict)
        normal_layout.addWidget(self.chart, 1)
        normal_layout.addWidget(self.criteria)
        self.tabs.addTab(normal, self.tr("Back to normal"))

        post = QtWidgets.QWidget(self)
        self.steps_form = QtWidgets.QFormLayout()
        self.step_edits: dict[str, QtWidgets.QPlainTextEdit] = {}
        self.step_labels: dict[str, QtWidgets.QLabel] = {}
        self.lessons = QtWidgets.QPlainTextEdit(post)
        self.lessons.setObjectName("lessonsLearned")
        self.lessons.setPlaceholderText(self.tr("What will the team do differently next time?"))
        self.lessons.setMaximumHeight(90)
        post_layout = QtWidgets.QVBoxLayout(post)
        post_layout.addLayout(self.steps_form)
        post_layout.addWidget(QtWidgets.QLabel(self.tr("Lessons learned"), post))
        post_layout.addWidget(self.lessons)
        self.tabs.addTab(post, self.tr("Post-crisis"))

        self.save_button = QtWidgets.QPushButton(self.tr("Save"), self)
        self.save_button.setShortcut(QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Save))
        self.save_button.setToolTip(self.tr("Write the changes on the timeline (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        close = QtWidgets.QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(buttons)
        self.resize(900, 640)
        self._filled: dict[str, str] = {}
        self._lessons = ""
        self.load()

    def load(self) -> None:
        with self.store.session() as session:
            incident = session.get_one(Incident, self.incident_id)
            plan = clocks.incident_plan(session, incident)
            state = (
                recovery.track(session, incident, plan, now=self.now) if plan is not None else None
            )
            self._filled = {k: str(v) for k, v in (incident.post_crisis or {}).items()}
            self._lessons = incident.lessons_learned
            roles = {r.key: r.title for r in plan.roles} if plan is not None else {}
            steps = list(plan.post_crisis) if plan is not None else []
        self._show_state(state)
        self._show_steps(steps, roles)
        self.lessons.setPlainText(self._lessons)

    def _show_state(self, state: recovery.Recovery | None) -> None:
        if state is None:
            self.verdict.setText(self.tr("No plan: no back-to-normal criteria to track."))
            return
        peak = f"{state.peak_day:%Y-%m-%d}" if state.peak_day else self.tr("none yet")
        if state.recovered_on is not None:
            verdict = self.tr("Back to normal since %s.") % f"{state.recovered_on:%Y-%m-%d}"
        else:
            verdict = self.tr("Not back to normal yet.")
        self.verdict.setText(
            self.tr("Baseline %s to %s · peak day %s · %s")
            % (
                f"{state.baseline_start:%Y-%m-%d}",
                f"{state.baseline_end - recovery.DAY:%Y-%m-%d}",
                peak,
                verdict,
            )
        )
        from warroom.reports.recovery_chart import render_recovery_chart

        self.chart.set_image(render_recovery_chart(state, 1500, 900, self.ui_language))
        self.criteria.setRowCount(len(state.criteria))
        for row, status in enumerate(state.criteria):
            title = status.title.get(self.language) or status.title.get("en") or status.key
            met = (
                f"{status.met_on:%Y-%m-%d}"
                if status.met_on
                else self.tr("not yet (%d of %d days)") % (status.streak, status.days)
            )
            cells = [
                title,
                recovery.format_band(status.band)
                if status.band
                else self.tr("unknown (too little baseline data)"),
                recovery.format_value(status.metric, status.today)
                if status.today is not None
                else self.tr("no data"),
                met,
            ]
            for column, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setToolTip(plain(text))
                if column == 3 and status.met_on:
                    item.setForeground(QtGui.QBrush(QtGui.QColor(MET)))
                self.criteria.setItem(row, column, item)
        self.criteria.resizeColumnsToContents()
        self.criteria.horizontalHeader().setSectionResizeMode(
            0, QtWidgets.QHeaderView.ResizeMode.Stretch
        )

    def _show_steps(self, steps: list[PostCrisisStep], roles: dict[str, dict[str, str]]) -> None:
        for step in steps:
            key, title, owner = step.key, step.title, step.owner
            owner_title = (roles.get(owner) or {}).get(self.language) or owner or "—"
            done = bool(self._filled.get(key))
            label = QtWidgets.QLabel(self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setText(
                ("✔ " if done else "☐ ")
                + (title.get(self.language) or title.get("en") or key)
                + "\n"
                + self.tr("Owner: %s") % owner_title
            )
            explanation = step.explanation
            label.setToolTip(plain(explanation.get(self.language) or explanation.get("en", "")))
            edit = QtWidgets.QPlainTextEdit(self)
            edit.setObjectName(f"postCrisis_{key}")
            edit.setPlaceholderText(self.tr("What was done (marks the step done)"))
            edit.setPlainText(self._filled.get(key, ""))
            edit.setMaximumHeight(64)
            edit.setReadOnly(key not in incidents.POST_CRISIS_KEYS)
            self.steps_form.addRow(label, edit)
            self.step_edits[key] = edit
            self.step_labels[key] = label

    def save(self) -> None:
        """Write changed post-crisis steps and lessons on the timeline."""
        changed = 0
        try:
            with self.store.session() as session:
                incident = session.get_one(Incident, self.incident_id)
                for key, edit in self.step_edits.items():
                    text = edit.toPlainText().strip()
                    if (
                        text != self._filled.get(key, "").strip()
                        and key in incidents.POST_CRISIS_KEYS
                    ):
                        incidents.set_post_crisis(
                            session,
                            incident,
                            key,
                            text,
                            origin=self.store.origin,
                            author=self.author,
                        )
                        changed += 1
                lessons = self.lessons.toPlainText().strip()
                if lessons != self._lessons.strip():
                    incidents.set_lessons_learned(
                        session, incident, lessons, origin=self.store.origin, author=self.author
                    )
                    changed += 1
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, self.tr("Recovery tracker"), plain(str(exc)))
            return
        if changed:
            self.saved.emit()
        while self.steps_form.rowCount():
            self.steps_form.removeRow(0)
        self.step_edits.clear()
        self.step_labels.clear()
        self.load()

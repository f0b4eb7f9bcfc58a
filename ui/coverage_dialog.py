"""The Source coverage dialog: what the war room is blind to.

One row per polled source: last successful fetch, mentions in the last hour
against the usual rate, rate-limit budget left and its reset, the last day's
gaps (times a source was down: drawn as gaps on the severity graph, never as
zero) and errors in plain words.  A source whose rate has collapsed or that
is failing is shown in red.  Refreshes on demand (F5) and when a source's
health changes.
"""

from __future__ import annotations

from datetime import datetime

from ui.bridge import EngineBridge
from ui.qt import Qt, QtCore, QtGui, QtWidgets, plain
from warroom.sources import coverage
from warroom.store.db import Store
from warroom.store.models import utcnow

COLUMNS = (
    QtCore.QT_TRANSLATE_NOOP("CoverageDialog", "Source"),
    QtCore.QT_TRANSLATE_NOOP("CoverageDialog", "Last fetch"),
    QtCore.QT_TRANSLATE_NOOP("CoverageDialog", "Last hour"),
    QtCore.QT_TRANSLATE_NOOP("CoverageDialog", "Usual"),
    QtCore.QT_TRANSLATE_NOOP("CoverageDialog", "Budget left"),
    QtCore.QT_TRANSLATE_NOOP("CoverageDialog", "Gaps (24 h)"),
    QtCore.QT_TRANSLATE_NOOP("CoverageDialog", "Errors"),
)
PROBLEM = "#b71c1c"


class CoverageDialog(QtWidgets.QDialog):
    """Signals: none; reads warroom.sources.coverage."""

    def __init__(
        self,
        store: Store,
        parent: QtWidgets.QWidget | None = None,
        *,
        bridge: EngineBridge | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("coverageDialog")
        self.setWindowTitle(self.tr("Source coverage"))
        self.store = store
        self.summary = QtWidgets.QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("coverageTable")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        refresh = QtWidgets.QPushButton(self.tr("Refresh"), self)
        refresh.setShortcut(QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Refresh))
        refresh.clicked.connect(self.refresh)
        close = QtWidgets.QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.resize(980, 420)
        if bridge is not None:
            bridge.source_health.connect(lambda *_args: self.refresh())
        self.refresh()

    def _when(self, moment: datetime | None, now: datetime) -> str:
        if moment is None:
            return self.tr("never")
        minutes = int((now - moment).total_seconds() // 60)
        ago = (
            self.tr("%d min ago") % minutes
            if minutes < 120
            else self.tr("%d h ago") % (minutes // 60)
        )
        return f"{moment:%Y-%m-%d %H:%M} UTC\n{ago}"

    def refresh(self) -> None:
        now = utcnow()
        with self.store.session() as session:
            rows = coverage.coverage(session, now)
        self.table.setRowCount(len(rows))
        blind = 0
        for r, row in enumerate(rows):
            usual = (
                self.tr("unknown")
                if row.usual_per_hour is None
                else self.tr("%s/h") % f"{row.usual_per_hour:.0f}"
            )
            last_hour = self.tr("no data") if row.last_hour is None else str(row.last_hour)
            if row.rate_limit_remaining is None:
                budget = self.tr("unknown")
            elif row.rate_limit_reset_at is not None:
                budget = self.tr("%d calls, resets %s UTC") % (
                    row.rate_limit_remaining,
                    f"{row.rate_limit_reset_at:%H:%M}",
                )
            else:
                budget = self.tr("%d calls") % row.rate_limit_remaining
            gaps = (
                "\n".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in row.gaps[:6])
                if row.gaps
                else self.tr("none")
            )
            errors = ""
            if row.error:
                errors = self.tr("%d failed polls: %s") % (row.failed_polls_24h, row.error)
            name = row.name + ("" if row.enabled else "  " + self.tr("(disabled)"))
            quiet = (
                row.usual_per_hour is not None
                and row.last_hour is not None
                and row.usual_per_hour >= 4
                and row.last_hour < row.usual_per_hour / 4
            )
            problem = bool(row.error) or bool(row.gaps) or quiet or row.last_hour is None
            blind += problem
            cells = [
                name,
                self._when(row.last_success_at, now),
                last_hour,
                usual,
                budget,
                gaps,
                errors,
            ]
            for c, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setToolTip(plain(text))
                if problem and c in (0, 2, 5, 6):
                    item.setForeground(QtGui.QBrush(QtGui.QColor(PROBLEM)))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for column, widest in ((0, 240), (6, 300)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        self.table.resizeRowsToContents()
        if not rows:
            self.summary.setText(self.tr("No polled sources. Add one under File → Sources…"))
        elif blind:
            self.summary.setText(
                self.tr(
                    "%d of %d sources need attention: gaps, errors or far below their usual rate."
                )
                % (blind, len(rows))
            )
        else:
            self.summary.setText(self.tr("Every source is delivering at its usual rate."))

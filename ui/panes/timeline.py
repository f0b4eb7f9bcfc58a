"""The incident's decision log: every entry with author and time, notes, the chain check.

Entries are append-only: a correction is a new entry pointing at the one it
corrects.  The pane shows whether the hash chain verifies, so a tampered log
is visible at once.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal, plain
from warroom.errors import UserError
from warroom.incidents import chain, timeline
from warroom.incidents import service as incidents
from warroom.store.db import Store


class Column(IntEnum):
    TIME = 0
    AUTHOR = 1
    KIND = 2
    TEXT = 3


HEADERS = (
    QtCore.QT_TRANSLATE_NOOP("TimelineModel", "Time"),
    QtCore.QT_TRANSLATE_NOOP("TimelineModel", "Who"),
    QtCore.QT_TRANSLATE_NOOP("TimelineModel", "What"),
    QtCore.QT_TRANSLATE_NOOP("TimelineModel", "Entry"),
)
EntryIdRole = Qt.ItemDataRole.UserRole + 1


class TimelineModel(QtCore.QAbstractTableModel):
    """An incident's entries in time order (a few thousand at most)."""

    def __init__(self, store: Store, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.incident_id: str | None = None
        self._rows: list[tuple[str, str, str, str, str]] = []
        self.problem: chain.ChainProblem | None = None

    def load(self, incident_id: str | None) -> None:
        self.beginResetModel()
        self.incident_id = incident_id
        self._rows = []
        self.problem = None
        if incident_id:
            with self._store.session() as session:
                entries = timeline.entries(session, incident_id)
                self.problem = chain.verify(entries)
                self._rows = [
                    (
                        e.id,
                        e.occurred_at.astimezone().strftime("%d %b %H:%M"),
                        e.author,
                        e.kind,
                        e.text,
                    )
                    for e in entries
                ]
        self.endResetModel()

    def rowCount(
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = QtCore.QModelIndex()
    ) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = QtCore.QModelIndex()
    ) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return QtCore.QCoreApplication.translate("TimelineModel", HEADERS[section])
        return None

    def data(
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry_id, when, author, kind, text = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (when, author, kind, " ".join(text.split()))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == Column.TEXT:
            import html

            return f"<p>{html.escape(text)}</p>"
        if role == EntryIdRole:
            return entry_id
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and self.problem
            and entry_id == self.problem.entry_id
        ):
            return QtGui.QBrush(QtGui.QColor("#b71c1c"))
        return None


class TimelinePane(QtWidgets.QWidget):
    """Signals: appended() after a note is written."""

    appended = Signal()

    def __init__(
        self, store: Store, author: str = "", parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePane")
        self.store = store
        self.author = author
        self.model = TimelineModel(store, self)
        self.table = QtWidgets.QTableView(self)
        self.table.setObjectName("timelineTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().resizeSection(Column.TIME, 92)
        self.chain = QtWidgets.QLabel(self)
        self.chain.setObjectName("chainStatus")
        self.chain.setTextFormat(Qt.TextFormat.PlainText)
        self.note = QtWidgets.QLineEdit(self)
        self.note.setObjectName("timelineNote")
        self.note.setPlaceholderText(self.tr("Write a note or decision and press Enter"))
        self.note.returnPressed.connect(self.add_note)
        self.correct = QtWidgets.QToolButton(self)
        self.correct.setText(self.tr("Correct selected…"))
        self.correct.setToolTip(self.tr("Entries are never edited: a correction is a new entry"))
        self.correct.clicked.connect(self.add_correction)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.correct)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)
        layout.addWidget(self.chain)
        layout.addLayout(row)
        self.set_incident(None)

    def set_incident(self, incident_id: str | None) -> None:
        self.model.load(incident_id)
        self.note.setEnabled(incident_id is not None)
        self.correct.setEnabled(incident_id is not None)
        self.table.scrollToBottom()
        if incident_id is None:
            self.chain.setText(self.tr("No open incident"))
            self.chain.setStyleSheet("")
        elif self.model.problem is None:
            self.chain.setText(self.tr("✔ Decision log intact (hash chain verified)"))
            self.chain.setStyleSheet("color: #2e7d32;")
        else:
            self.chain.setText(self.tr("✖ Decision log altered: %s") % self.model.problem)
            self.chain.setStyleSheet("color: #b71c1c; font-weight: bold;")

    def refresh(self) -> None:
        self.set_incident(self.model.incident_id)

    def on_event_timeline_appended(self, incident_id: str) -> None:
        if incident_id == self.model.incident_id:
            self.refresh()

    def add_note(self, corrects: str | None = None) -> bool:
        text = self.note.text().strip()
        incident_id = self.model.incident_id
        if not text or incident_id is None:
            return False
        try:
            with self.store.session() as session:
                incident = incidents.get_incident(session, incident_id)
                incidents.add_note(
                    session,
                    incident,
                    text,
                    origin=self.store.origin,
                    author=self.author,
                    corrects=corrects,
                )
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, self.tr("Timeline"), plain(str(exc)))
            return False
        self.note.clear()
        self.refresh()
        self.appended.emit()
        return True

    def add_correction(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        entry_id = self.model.data(index, EntryIdRole)
        if not self.note.text().strip():
            self.note.setFocus()
            self.note.setPlaceholderText(
                self.tr("Write the correction here, then press Correct again")
            )
            return
        self.add_note(corrects=entry_id)

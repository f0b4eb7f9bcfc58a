"""The mention feed's item model: a lazy window over the store.

It never loads every mention.  It keeps the ordered ids of the rows that match
the current filter (newest first) as a compact integer array of SQLite rowids,
and fetches rows in blocks of BLOCK when the view asks for them, keeping a
bounded number of blocks.  Filtering and sorting happen in SQL, not in a proxy
model.  New mentions are inserted at the top with beginInsertRows, so the view
keeps the user's selection and scroll position.
"""

from __future__ import annotations

import html
from array import array
from collections import OrderedDict
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from ui.qt import Qt, QtCore, QtGui
from warroom.store.db import Store
from warroom.store.mention_writer import sentiment_class

BLOCK = 256
MAX_BLOCKS = 64


class Column(IntEnum):
    TIME = 0
    SOURCE = 1
    AUTHOR = 2
    TEXT = 3
    LANGUAGE = 4
    SENTIMENT = 5
    SEVERITY = 6


HEADERS = {
    Column.TIME: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Time"),
    Column.SOURCE: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Source"),
    Column.AUTHOR: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Author (reach)"),
    Column.TEXT: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Text"),
    Column.LANGUAGE: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Lang"),
    Column.SENTIMENT: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Sentiment"),
    Column.SEVERITY: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Severity"),
}

SENTIMENT_LABEL = {"negative": "▼ negative", "neutral": "● neutral", "positive": "▲ positive"}
SENTIMENT_COLOUR = {"negative": "#c62828", "neutral": "#616161", "positive": "#2e7d32"}

MentionIdRole = Qt.ItemDataRole.UserRole + 1
SeverityRole = Qt.ItemDataRole.UserRole + 2

_ROW_SQL = (
    "SELECT m.rowid, m.id, m.published_at, s.name, m.author, m.author_reach, m.text, "
    "m.language, m.sentiment, m.severity, m.canonical_url "
    "FROM mentions m JOIN sources s ON s.id = m.source_id WHERE m.rowid IN ({marks})"
)


def format_reach(reach: int) -> str:
    if reach >= 1_000_000:
        return f"{reach / 1_000_000:.1f}M"
    if reach >= 1_000:
        return f"{reach / 1_000:.1f}k"
    return str(reach)


def severity_band(severity: float | None) -> str:
    if severity is None:
        return "—"
    if severity >= 70:
        return "critical"
    if severity >= 45:
        return "high"
    if severity >= 20:
        return "medium"
    return "low"


def _parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return None


class MentionModel(QtCore.QAbstractTableModel):
    """Lazy table model over the mentions of the store, newest first."""

    def __init__(self, store: Store, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._ids = array("q")
        self._blocks: OrderedDict[int, dict[int, tuple[Any, ...]]] = OrderedDict()
        self._where = ""
        self._params: dict[str, Any] = {}
        self._newest_rowid = 0
        self.reload()

    # --- loading ---------------------------------------------------------------------

    def set_filter(self, where: str, params: dict[str, Any]) -> None:
        """Restrict to mentions matching a SQL condition on alias m (built by the pane)."""
        self._where, self._params = where, params
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._blocks.clear()
        sql = "SELECT m.rowid FROM mentions m"
        if self._where:
            sql += f" WHERE {self._where}"
        sql += " ORDER BY m.published_at DESC, m.rowid DESC"
        with self._store.engine.connect() as conn:
            rowids = [r[0] for r in conn.exec_driver_sql(sql, self._params)]
            newest = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM mentions").scalar()
        self._ids = array("q", rowids)
        self._newest_rowid = int(newest or 0)
        self.endResetModel()

    def insert_new(self) -> int:
        """Put mentions stored since the last look at the top; returns how many."""
        sql = "SELECT m.rowid FROM mentions m WHERE m.rowid > :newest"
        if self._where:
            sql += f" AND ({self._where})"
        sql += " ORDER BY m.published_at ASC, m.rowid ASC"
        with self._store.engine.connect() as conn:
            fresh = [
                r[0]
                for r in conn.exec_driver_sql(sql, {**self._params, "newest": self._newest_rowid})
            ]
            newest = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM mentions").scalar()
        self._newest_rowid = int(newest or 0)
        if not fresh:
            return 0
        self.beginInsertRows(QtCore.QModelIndex(), 0, len(fresh) - 1)
        self._ids = array("q", reversed(fresh)) + self._ids
        self._blocks.clear()
        self.endInsertRows()
        return len(fresh)

    def _row(self, row: int) -> tuple[Any, ...] | None:
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            block = self._fetch_block(block_no)
        else:
            self._blocks.move_to_end(block_no)
        return block.get(self._ids[row])

    def _fetch_block(self, block_no: int) -> dict[int, tuple[Any, ...]]:
        ids = self._ids[block_no * BLOCK : (block_no + 1) * BLOCK]
        marks = ",".join("?" * len(ids))
        with self._store.engine.connect() as conn:
            rows = conn.exec_driver_sql(_ROW_SQL.format(marks=marks), tuple(ids)).all()
        block = {r[0]: tuple(r) for r in rows}
        self._blocks[block_no] = block
        while len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    # --- Qt model interface ----------------------------------------------------------

    def rowCount(
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = QtCore.QModelIndex()
    ) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = QtCore.QModelIndex()
    ) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(Column):
                return QtCore.QCoreApplication.translate("MentionModel", HEADERS[Column(section)])
        return None

    def data(
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        (
            _rowid,
            mention_id,
            published,
            source,
            author,
            reach,
            text,
            lang,
            sentiment,
            severity,
            _url,
        ) = row
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.TIME:
                moment = _parse_time(published)
                return moment.astimezone().strftime("%d %b %H:%M") if moment else ""
            if column == Column.SOURCE:
                return source
            if column == Column.AUTHOR:
                return f"{author} ({format_reach(int(reach or 0))})"
            if column == Column.TEXT:
                return " ".join(str(text).split())
            if column == Column.LANGUAGE:
                return lang or "?"
            if column == Column.SENTIMENT:
                if sentiment is None:
                    return "—"
                return f"{SENTIMENT_LABEL[sentiment_class(sentiment)]} {sentiment:+.2f}"
            if column == Column.SEVERITY:
                return "—" if severity is None else f"{severity:.0f} {severity_band(severity)}"
        elif role == Qt.ItemDataRole.ToolTipRole and column == Column.TEXT:
            return f"<p>{html.escape(str(text))}</p>"  # untrusted: escaped, never rich text
        elif (
            role == Qt.ItemDataRole.ForegroundRole
            and column == Column.SENTIMENT
            and sentiment is not None
        ):
            return QtGui.QBrush(QtGui.QColor(SENTIMENT_COLOUR[sentiment_class(sentiment)]))
        elif (
            role == Qt.ItemDataRole.ForegroundRole
            and column == Column.SEVERITY
            and severity is not None
        ):
            if severity >= 45:
                return QtGui.QBrush(QtGui.QColor("#b71c1c"))
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == Column.SEVERITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == MentionIdRole:
            return mention_id
        elif role == SeverityRole:
            return severity
        return None

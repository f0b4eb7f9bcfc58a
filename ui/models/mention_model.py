"""The mention feed's item model: a lazy window over the store.

It never loads every mention.  It keeps the ordered ids of the rows that match
the current filter (newest first) as a compact integer array of SQLite rowids,
and fetches rows in blocks of BLOCK when the view asks for them, keeping a
bounded number of blocks.  Filtering and sorting happen in SQL (and FTS5),
not in a proxy model.  New mentions are inserted at the top with
beginInsertRows, so the view keeps the user's selection and scroll position.
"""

from __future__ import annotations

import html
from array import array
from collections import OrderedDict
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any, NamedTuple

from ui.models.feed_filter import FeedFilter, fts_query
from ui.qt import Qt, QtCore, QtGui
from warroom.store.db import Store
from warroom.store.mention_writer import sentiment_class

BLOCK = 256
MAX_BLOCKS = 64
FIRST_PAGE = 2_000  # ids loaded at once; more are fetched as the user scrolls
NEXT_PAGE = 10_000
FTS_BY_TIME_ABOVE = 5_000  # search hits above which the time index drives the query


class Column(IntEnum):
    TIME = 0
    SOURCE = 1
    AUTHOR = 2
    TEXT = 3
    LANGUAGE = 4
    SENTIMENT = 5
    SEVERITY = 6
    STATUS = 7


HEADERS = {
    Column.TIME: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Time"),
    Column.SOURCE: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Source"),
    Column.AUTHOR: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Author (reach)"),
    Column.TEXT: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Text"),
    Column.LANGUAGE: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Lang"),
    Column.SENTIMENT: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Sentiment"),
    Column.SEVERITY: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Severity"),
    Column.STATUS: QtCore.QT_TRANSLATE_NOOP("MentionModel", "Status"),
}

SENTIMENT_LABEL = {
    "negative": QtCore.QT_TRANSLATE_NOOP("MentionModel", "▼ negative"),
    "neutral": QtCore.QT_TRANSLATE_NOOP("MentionModel", "● neutral"),
    "positive": QtCore.QT_TRANSLATE_NOOP("MentionModel", "▲ positive"),
}
SENTIMENT_COLOUR = {"negative": "#c62828", "neutral": "#616161", "positive": "#2e7d32"}
SEVERITY_BANDS = (
    (70.0, QtCore.QT_TRANSLATE_NOOP("MentionModel", "critical")),
    (45.0, QtCore.QT_TRANSLATE_NOOP("MentionModel", "high")),
    (20.0, QtCore.QT_TRANSLATE_NOOP("MentionModel", "medium")),
    (0.0, QtCore.QT_TRANSLATE_NOOP("MentionModel", "low")),
)
STATUS_LABEL = {
    "new": QtCore.QT_TRANSLATE_NOOP("MentionModel", "new"),
    "triaged": QtCore.QT_TRANSLATE_NOOP("MentionModel", "triaged"),
    "responding": QtCore.QT_TRANSLATE_NOOP("MentionModel", "responding"),
    "resolved": QtCore.QT_TRANSLATE_NOOP("MentionModel", "resolved"),
    "ignored": QtCore.QT_TRANSLATE_NOOP("MentionModel", "ignored"),
}

MentionIdRole = Qt.ItemDataRole.UserRole + 1
SeverityRole = Qt.ItemDataRole.UserRole + 2
UrlRole = Qt.ItemDataRole.UserRole + 3
ClusterSizeRole = Qt.ItemDataRole.UserRole + 4

_DISPLAY = Qt.ItemDataRole.DisplayRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ROLES = frozenset(
    {_DISPLAY, _FOREGROUND, _ALIGN, _TOOLTIP, MentionIdRole, SeverityRole, UrlRole, ClusterSizeRole}
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_SENTIMENT_BRUSHES = {k: QtGui.QBrush(QtGui.QColor(v)) for k, v in SENTIMENT_COLOUR.items()}
_SEVERE_BRUSH = QtGui.QBrush(QtGui.QColor("#b71c1c"))

_ROW_SQL = (
    "SELECT m.rowid, m.id, m.published_at, s.name, m.author, m.author_reach, m.text, "
    "m.language, m.sentiment, m.severity, m.canonical_url, m.status, m.assignee, "
    "CASE WHEN m.cluster_id IS NULL THEN 1 ELSE "
    "(SELECT count(*) FROM mentions c WHERE c.cluster_id = m.cluster_id) END "
    "FROM mentions m JOIN sources s ON s.id = m.source_id WHERE m.rowid IN ({marks})"
)


class Row(NamedTuple):
    rowid: int
    id: str
    published: Any
    source: str
    author: str
    reach: int
    text: str
    language: str
    sentiment: float | None
    severity: float | None
    url: str
    status: str
    assignee: str
    cluster_size: int


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("MentionModel", text)


def format_reach(reach: int) -> str:
    if reach >= 1_000_000:
        return f"{reach / 1_000_000:.1f}M"
    if reach >= 1_000:
        return f"{reach / 1_000:.1f}k"
    return str(reach)


def severity_band(severity: float | None) -> str:
    if severity is None:
        return "—"
    return next(_tr(label) for floor, label in SEVERITY_BANDS if severity >= floor)


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
        self._blocks: OrderedDict[int, dict[int, tuple[Row, tuple[str, ...]]]] = OrderedDict()
        self.filter = FeedFilter()
        self._newest_rowid = 0
        self._last_key: tuple[Any, int] | None = None
        self._exhausted = False
        self._fts_by_time = False
        self.reload()

    # --- loading ---------------------------------------------------------------------

    def set_filter(self, feed_filter: FeedFilter) -> None:
        self.filter = feed_filter
        self._choose_fts_plan()
        self.reload()

    def _where(self) -> tuple[str, dict[str, Any]]:
        return self.filter.sql(fts_by_time=self._fts_by_time)

    def _choose_fts_plan(self) -> None:
        """Many search hits: walk the time index and probe the hit list (stops at a page);
        few: read the hits and sort them.  Counting FTS hits takes milliseconds."""
        self._fts_by_time = False
        query = fts_query(self.filter.search)
        if query:
            with self._store.engine.connect() as conn:
                hits = conn.exec_driver_sql(
                    "SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH ?", (query,)
                ).scalar()
            self._fts_by_time = int(hits or 0) > FTS_BY_TIME_ABOVE

    def reload(self) -> None:
        """Start again from the newest mentions matching the filter (first page only)."""
        self.beginResetModel()
        self._blocks.clear()
        self._ids = array("q")
        self._last_key = None
        self._take(self._next_page(FIRST_PAGE), FIRST_PAGE)
        with self._store.engine.connect() as conn:
            newest = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM mentions").scalar()
        self._newest_rowid = int(newest or 0)
        self.endResetModel()

    def _next_page(self, size: int) -> list[tuple[int, Any]]:
        """The next `size` (rowid, published_at) in feed order: keyset paging, no OFFSET scans."""
        where, params = self._where()
        clauses = [where] if where else []
        if self._last_key is not None:
            clauses.append("(m.published_at, m.rowid) < (:last_at, :last_rowid)")
            params = {**params, "last_at": self._last_key[0], "last_rowid": self._last_key[1]}
        sql = "SELECT m.rowid, m.published_at FROM mentions m"
        if clauses:
            sql += " WHERE " + " AND ".join(f"({c})" for c in clauses)
        sql += f" ORDER BY m.published_at DESC, m.rowid DESC LIMIT {int(size)}"
        with self._store.engine.connect() as conn:
            return [(int(r[0]), r[1]) for r in conn.exec_driver_sql(sql, params).all()]

    def _take(self, rows: list[tuple[int, Any]], size: int) -> None:
        self._ids.extend(rowid for rowid, _ in rows)
        if rows:
            self._last_key = (rows[-1][1], rows[-1][0])
        self._exhausted = len(rows) < size

    def canFetchMore(
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = QtCore.QModelIndex()
    ) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(
        self, parent: QtCore.QModelIndex | QtCore.QPersistentModelIndex = QtCore.QModelIndex()
    ) -> None:
        if parent.isValid() or self._exhausted:
            return
        rows = self._next_page(NEXT_PAGE)
        if not rows:
            self._exhausted = True
            return
        first = len(self._ids)
        self.beginInsertRows(QtCore.QModelIndex(), first, first + len(rows) - 1)
        self._take(rows, NEXT_PAGE)
        self.endInsertRows()

    def count_matching(self) -> int:
        """How many mentions match the filter in all (may take a moment on big stores)."""
        where, params = self._where()
        # `where` is built by FeedFilter from constants; values travel as parameters
        sql = "SELECT count(*) FROM mentions m" + (f" WHERE {where}" if where else "")  # noqa: S608
        with self._store.engine.connect() as conn:
            return int(conn.exec_driver_sql(sql, params).scalar() or 0)

    @property
    def complete(self) -> bool:
        """True when every matching mention is loaded."""
        return self._exhausted

    def refresh_rows(self) -> None:
        """Forget cached rows (after triage) and repaint what is visible."""
        self._blocks.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(Column) - 1))

    def insert_new(self) -> int:
        """Put mentions stored since the last look at the top; returns how many."""
        where, params = self._where()
        # driven by the rowid range (new rows only), sorted here: no walk of the time index
        sql = "SELECT m.rowid, m.published_at FROM mentions m WHERE m.rowid > :newest"
        if where:
            sql += f" AND ({where})"
        with self._store.engine.connect() as conn:
            fresh = conn.exec_driver_sql(sql, {**params, "newest": self._newest_rowid}).all()
            newest = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM mentions").scalar()
        self._newest_rowid = int(newest or 0)
        if not fresh:
            return 0
        fresh.sort(key=lambda r: (r[1], r[0]), reverse=True)
        self.beginInsertRows(QtCore.QModelIndex(), 0, len(fresh) - 1)
        self._ids[0:0] = array("q", (int(r[0]) for r in fresh))
        self._blocks.clear()
        self.endInsertRows()
        return len(fresh)

    def row(self, row: int) -> Row | None:
        entry = self._entry(row)
        return entry[0] if entry is not None else None

    def _entry(self, row: int) -> tuple[Row, tuple[str, ...]] | None:
        """A row and its display texts (formatted once per block fetch, not per paint)."""
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            block = self._fetch_block(block_no)
        else:
            self._blocks.move_to_end(block_no)
        return block.get(self._ids[row])

    def _fetch_block(self, block_no: int) -> dict[int, tuple[Row, tuple[str, ...]]]:
        ids = self._ids[block_no * BLOCK : (block_no + 1) * BLOCK]
        marks = ",".join("?" * len(ids))
        with self._store.engine.connect() as conn:
            rows = conn.exec_driver_sql(_ROW_SQL.format(marks=marks), tuple(ids)).all()
        block = {}
        for raw in rows:
            row = Row(*raw)
            block[row.rowid] = (row, tuple(self._display(row, column) for column in Column))
        self._blocks[block_no] = block
        while len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    def mention_ids(self, rows: list[int]) -> list[str]:
        return [r.id for r in (self.row(i) for i in rows) if r is not None]

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
                return _tr(HEADERS[Column(section)])
        return None

    def data(
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        # hot path: a repaint asks ~10 roles of every visible cell; answer the
        # display text from the block cache and drop unhandled roles at once
        if role not in _ROLES:
            return None
        entry = self._entry(index.row()) if 0 <= index.row() < len(self._ids) else None
        if entry is None:
            return None
        row, texts = entry
        column = index.column()
        if role == _DISPLAY:
            return texts[column]
        if role == _FOREGROUND:
            if column == Column.SENTIMENT and row.sentiment is not None:
                return _SENTIMENT_BRUSHES[sentiment_class(row.sentiment)]
            if column == Column.SEVERITY and row.severity is not None and row.severity >= 45:
                return _SEVERE_BRUSH
            return None
        if role == _ALIGN:
            return _RIGHT if column == Column.SEVERITY else None
        if role == _TOOLTIP:
            if column == Column.TEXT:
                return f"<p>{html.escape(row.text)}</p>"  # untrusted: escaped, never rich text
            if column == Column.STATUS and row.assignee:
                return html.escape(_tr("Assigned to %s") % row.assignee)
            return None
        if role == MentionIdRole:
            return row.id
        if role == SeverityRole:
            return row.severity
        if role == UrlRole:
            return row.url
        if role == ClusterSizeRole:
            return row.cluster_size
        return None

    def _display(self, row: Row, column: Column) -> str:
        if column == Column.TIME:
            moment = _parse_time(row.published)
            return moment.astimezone().strftime("%d %b %H:%M") if moment else ""
        if column == Column.SOURCE:
            return row.source
        if column == Column.AUTHOR:
            return f"{row.author} ({format_reach(int(row.reach or 0))})"
        if column == Column.TEXT:
            text = " ".join(str(row.text).split())
            if self.filter.collapse_duplicates and row.cluster_size > 1:
                return f"×{row.cluster_size}  {text}"
            return text
        if column == Column.LANGUAGE:
            return row.language or "?"
        if column == Column.SENTIMENT:
            if row.sentiment is None:
                return "—"
            label = _tr(SENTIMENT_LABEL[sentiment_class(row.sentiment)])
            return f"{label} {row.sentiment:+.2f}"
        if column == Column.SEVERITY:
            return (
                "—" if row.severity is None else f"{row.severity:.0f} {severity_band(row.severity)}"
            )
        if column == Column.STATUS:
            label = _tr(STATUS_LABEL.get(row.status, row.status))
            return f"{label} · {row.assignee}" if row.assignee else label
        return ""


def meta_colour(model: QtCore.QAbstractItemModel, index: QtCore.QModelIndex) -> QtGui.QColor | None:
    """The colour a card's meta piece takes from the model (None: the muted default)."""
    brush = model.data(index, _FOREGROUND)
    return brush.color() if isinstance(brush, QtGui.QBrush) else None

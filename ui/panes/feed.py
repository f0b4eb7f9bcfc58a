"""The mention feed pane: search and filters over a lazy table, and a detail view."""

from __future__ import annotations

import html
from typing import Any

from ui.models.mention_model import Column, MentionIdRole, MentionModel, format_reach
from ui.qt import Qt, QtCore, QtWidgets
from warroom.store.db import Store


def fts_query(text: str) -> str:
    """User words → an FTS5 query of quoted prefix terms (no FTS syntax injection)."""
    terms = [word.replace('"', '""') for word in text.split()]
    return " ".join(f'"{term}"*' for term in terms if term)


class FeedPane(QtWidgets.QWidget):
    """Mention feed: search box, sentiment and severity filters, table, detail."""

    def __init__(self, store: Store, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedPane")
        self.store = store
        self.model = MentionModel(store, self)

        self.search = QtWidgets.QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search mentions (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.sentiment = QtWidgets.QComboBox(self)
        for label, value in (
            (self.tr("All sentiment"), ""),
            (self.tr("Negative"), "negative"),
            (self.tr("Neutral"), "neutral"),
            (self.tr("Positive"), "positive"),
        ):
            self.sentiment.addItem(label, value)
        self.min_severity = QtWidgets.QSpinBox(self)
        self.min_severity.setRange(0, 100)
        self.min_severity.setSingleStep(10)
        self.min_severity.setPrefix(self.tr("Severity ≥ "))
        self.count_label = QtWidgets.QLabel(self)

        self.table = QtWidgets.QTableView(self)
        self.table.setObjectName("feedTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setHorizontalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.TEXT, 420)
        for column, width in (
            (Column.TIME, 92),
            (Column.SOURCE, 110),
            (Column.AUTHOR, 140),
            (Column.LANGUAGE, 40),
            (Column.SENTIMENT, 105),
            (Column.SEVERITY, 80),
        ):
            header.resizeSection(column, width)
        header.setMinimumSectionSize(36)
        # What a crisis team reads first: when, how bad, which way, what was said.
        for visual, column in enumerate(
            (
                Column.TIME,
                Column.SEVERITY,
                Column.SENTIMENT,
                Column.TEXT,
                Column.SOURCE,
                Column.AUTHOR,
            )
        ):
            header.moveSection(header.visualIndex(column), visual)
        header.setSectionsMovable(True)

        self.detail = QtWidgets.QTextBrowser(self)
        self.detail.setObjectName("feedDetail")
        self.detail.setOpenExternalLinks(True)
        self.detail.setMaximumHeight(140)
        self.detail.setPlaceholderText(self.tr("Select a mention to see it whole."))

        filters = QtWidgets.QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.sentiment, 1)
        filters.addWidget(self.min_severity, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.count_label)
        splitter = QtWidgets.QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        layout.addWidget(splitter)

        self._debounce = QtCore.QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.sentiment.currentIndexChanged.connect(self.apply_filter)
        self.min_severity.valueChanged.connect(self._debounce.start)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self._update_count()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def apply_filter(self) -> None:
        clauses: list[str] = []
        params: dict[str, Any] = {}
        query = fts_query(self.search.text())
        if query:
            clauses.append(
                "m.rowid IN (SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH :q)"
            )
            params["q"] = query
        mood = self.sentiment.currentData()
        if mood == "negative":
            clauses.append("m.sentiment <= -0.05")
        elif mood == "positive":
            clauses.append("m.sentiment >= 0.05")
        elif mood == "neutral":
            clauses.append("(m.sentiment IS NULL OR (m.sentiment > -0.05 AND m.sentiment < 0.05))")
        if self.min_severity.value() > 0:
            clauses.append("m.severity >= :min_severity")
            params["min_severity"] = self.min_severity.value()
        self.model.set_filter(" AND ".join(clauses), params)
        self._update_count()

    def refresh(self) -> None:
        self.model.reload()
        self._update_count()

    def on_event_mentions_added(self, _count: int) -> None:
        self.model.insert_new()
        self._update_count()

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(
            self.tr("1 mention") if count == 1 else self.tr("%d mentions") % count
        )

    def _show_detail(self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        mention_id = self.model.data(current, MentionIdRole)
        with self.store.engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT m.text, m.author, m.author_handle, m.author_reach, m.canonical_url, "
                "m.severity, m.severity_parts, s.name FROM mentions m "
                "JOIN sources s ON s.id = m.source_id WHERE m.id = ?",
                (mention_id,),
            ).first()
        if row is None:
            return
        text, author, handle, reach, url, severity, parts, source = row
        esc = html.escape
        link = ""
        if url and str(url).startswith(("https://", "http://")):
            link = f'<a href="{esc(url, quote=True)}">{esc(url)}</a>'
        parts_text = ""
        if parts:
            import json

            breakdown = json.loads(parts) if isinstance(parts, str) else parts
            parts_text = ", ".join(f"{esc(str(k))} {float(v):.0f}" for k, v in breakdown.items())
        self.detail.setHtml(
            f"<p>{esc(text)}</p>"
            f"<p><b>{esc(author)}</b> {esc(handle or '')} · {esc(format_reach(int(reach or 0)))} "
            f"{esc(self.tr('reach'))} · {esc(source)}</p>"
            f"<p>{link}</p>"
            + (
                f"<p>{esc(self.tr('Severity'))} {float(severity):.0f}: {parts_text}</p>"
                if severity is not None
                else ""
            )
        )

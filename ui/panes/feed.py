"""The mention feed pane: filters over a lazy table, triage actions, a detail view."""

from __future__ import annotations

import html
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ui.models.feed_filter import FeedFilter
from ui.models.mention_model import (
    Column,
    MentionIdRole,
    MentionModel,
    UrlRole,
    format_reach,
    meta_colour,
)
from ui.panes.card_delegate import CardDelegate, Piece
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal, plain
from ui.tasks import Operation
from warroom import events, triage
from warroom.errors import UserError
from warroom.store.db import Store
from warroom.store.models import Contact, Source

STATUS_SHORTCUTS = (
    ("new", "Ctrl+1"),
    ("triaged", "Ctrl+2"),
    ("responding", "Ctrl+3"),
    ("resolved", "Ctrl+4"),
    ("ignored", "Ctrl+5"),
)


class FeedPane(QtWidgets.QWidget):
    """Mention feed.

    Signals:
        triaged(): mentions were triaged (the timeline may have grown).
    """

    triaged = Signal()

    def __init__(
        self, store: Store, author: str = "", parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("feedPane")
        self.store = store
        self.author = author
        self.incident_id: str | None = None
        self.scenario_key = ""
        self.model = MentionModel(store, self)
        self._filter = FeedFilter()
        self._count_generation = 0
        self._quick = False  # the chip shows a quick filter (show_only), not a graph range

        self.search = QtWidgets.QLineEdit(self)
        self.search.setObjectName("feedSearch")
        self.search.setPlaceholderText(self.tr("Search mentions (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.sentiment = self._combo(
            "feedSentiment",
            [
                (self.tr("All sentiment"), ""),
                (self.tr("Negative"), "negative"),
                (self.tr("Neutral"), "neutral"),
                (self.tr("Positive"), "positive"),
            ],
        )
        self.min_severity = QtWidgets.QSpinBox(self)
        self.min_severity.setRange(0, 100)
        self.min_severity.setSingleStep(10)
        self.min_severity.setPrefix(self.tr("Severity ≥ "))
        self.source = self._combo("feedSource", [(self.tr("All sources"), "")])
        self.language = self._combo(
            "feedLanguage",
            [
                (self.tr("All languages"), ""),
                ("English", "en"),
                ("Bahasa Melayu", "ms"),
                ("Bahasa Indonesia", "id"),
                ("中文", "zh"),
                ("தமிழ்", "ta"),
                ("العربية", "ar"),
            ],
        )
        self.status = self._combo(
            "feedStatus",
            [
                (self.tr("Any status"), ""),
                (self.tr("New"), "new"),
                (self.tr("Triaged"), "triaged"),
                (self.tr("Responding"), "responding"),
                (self.tr("Resolved"), "resolved"),
                (self.tr("Ignored"), "ignored"),
            ],
        )
        self.risk_term = self._combo("feedRiskTerm", [(self.tr("Any risk term"), "")])
        self.collapse = QtWidgets.QCheckBox(self.tr("Collapse copies"), self)
        self.collapse.setToolTip(self.tr("Show each cluster of near-duplicate mentions as one row"))
        self.collapse.setChecked(True)
        self.range_chip = QtWidgets.QPushButton(self)
        self.range_chip.setObjectName("feedRangeChip")
        self.range_chip.setFlat(True)
        self.range_chip.setToolTip(
            self.tr("Showing a time range chosen on the graph; click to clear")
        )
        self.range_chip.hide()
        self.count_label = QtWidgets.QLabel(self)

        self.table = QtWidgets.QTableView(self)
        self.table.setObjectName("feedTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().hide()
        self.table.verticalHeader().hide()
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        # One card per mention: when, how bad, which way, where, who on a meta line,
        # then what was said over two lines (whole in the tooltip and the detail view).
        self.card = CardDelegate(self._card_meta, body_lines=2, parent=self.table)
        self.table.setItemDelegateForColumn(Column.TEXT, self.card)
        self.card.too_short = self._fit_rows
        for column in Column:
            self.table.setColumnHidden(column, column != Column.TEXT)
        self.table.horizontalHeader().setStretchLastSection(True)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.card.row_height(self.table.font()))

        self.detail = QtWidgets.QTextBrowser(self)
        self.detail.setObjectName("feedDetail")
        self.detail.setOpenLinks(False)  # links go through _open_link: http(s) only
        self.detail.anchorClicked.connect(self._open_link)
        self.detail.setPlaceholderText(self.tr("Select a mention to see it whole."))

        filters = QtWidgets.QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 3)
        for position, widget in enumerate(
            (
                self.sentiment,
                self.min_severity,
                self.source,
                self.language,
                self.status,
                self.risk_term,
            )
        ):
            filters.addWidget(widget, 1 + position // 3, position % 3)
        row3 = QtWidgets.QHBoxLayout()
        row3.addWidget(self.count_label, 1)
        row3.addWidget(self.range_chip)
        row3.addWidget(self.collapse)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addLayout(row3)
        splitter = QtWidgets.QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter)

        self._debounce = QtCore.QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.min_severity.valueChanged.connect(self._debounce.start)
        for combo in (self.sentiment, self.source, self.language, self.status, self.risk_term):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.collapse.toggled.connect(self.apply_filter)
        self.range_chip.clicked.connect(self.clear_time_range)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self._build_actions()
        QtCore.QTimer.singleShot(0, self.reload_choices)  # combos fill after the first paint
        self._update_count()

    def _fit_rows(self) -> None:
        self.card.fit_rows(self.table)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        self._fit_rows()
        super().showEvent(event)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.FontChange:
            self._fit_rows()
        super().changeEvent(event)

    def _card_meta(self, index: QtCore.QModelIndex) -> list[Piece]:
        model = self.model
        row = index.row()
        pieces: list[Piece] = []
        for column in (
            Column.TIME,
            Column.SEVERITY,
            Column.SENTIMENT,
            Column.SOURCE,
            Column.AUTHOR,
            Column.STATUS,
        ):
            cell = model.index(row, column)
            pieces.append((str(model.data(cell) or ""), meta_colour(model, cell)))
        return pieces

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QtWidgets.QComboBox:
        combo = QtWidgets.QComboBox(self)
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        combo.setMinimumContentsLength(4)
        for label, value in items:
            combo.addItem(label, value)
        return combo

    # --- actions ----------------------------------------------------------------------

    def _build_actions(self) -> None:
        def add(text: str, shortcut: str, slot: Any) -> QtGui.QAction:
            action = QtGui.QAction(text, self.table)
            action.setShortcut(QtGui.QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
            return action

        labels = {
            "new": self.tr("Mark new"),
            "triaged": self.tr("Mark triaged"),
            "responding": self.tr("Mark responding"),
            "resolved": self.tr("Mark resolved"),
            "ignored": self.tr("Ignore"),
        }
        for status, shortcut in STATUS_SHORTCUTS:
            add(labels[status], shortcut, lambda _=False, s=status: self.set_status(s))
        separator = QtGui.QAction(self.table)
        separator.setSeparator(True)
        self.table.addAction(separator)
        add(self.tr("Assign to…"), "Ctrl+Shift+A", self.assign)
        add(self.tr("Tag…"), "Ctrl+T", self.tag)
        self.pin_action = add(self.tr("Pin to incident as evidence"), "Ctrl+P", self.pin)
        self.reply_action = add(self.tr("Reply with approved template…"), "Ctrl+R", self.reply)
        add(self.tr("Open link in browser"), "Ctrl+O", self.open_current_link)
        add(self.tr("Show original…"), "Ctrl+U", self.show_original)

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return self.model.mention_ids(rows)

    def _triage(self, action: Any) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        try:
            with self.store.session() as session:
                action(session, ids)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, self.tr("Triage"), plain(str(exc)))
            return
        self.model.refresh_rows()
        if self.incident_id:
            events.publish(events.TIMELINE_APPENDED, incident_id=self.incident_id)
        self.triaged.emit()

    def _common(self) -> dict[str, Any]:
        return {"actor": self.author, "origin": self.store.origin, "incident_id": self.incident_id}

    def set_status(self, status: str) -> None:
        self._triage(lambda session, ids: triage.set_status(session, ids, status, **self._common()))

    def assign(self) -> None:
        with self.store.session() as session:
            names = [
                c.name
                for c in session.scalars(
                    select(Contact).where(Contact.group == "crisis_team").order_by(Contact.name)
                )
            ]
        name, ok = QtWidgets.QInputDialog.getItem(
            self,
            self.tr("Assign"),
            self.tr("Assign the selected mentions to:"),
            [self.author, *[n for n in names if n != self.author], self.tr("(nobody)")],
            0,
            True,
        )
        if ok:
            assignee = "" if name == self.tr("(nobody)") else name
            self._triage(
                lambda session, ids: triage.assign(session, ids, assignee, **self._common())
            )

    def tag(self) -> None:
        tag, ok = QtWidgets.QInputDialog.getText(
            self, self.tr("Tag"), self.tr("Tag the selected mentions:")
        )
        if ok:
            self._triage(lambda session, ids: triage.add_tag(session, ids, tag, **self._common()))

    def pin(self) -> None:
        if not self.incident_id:
            QtWidgets.QMessageBox.information(
                self, self.tr("Pin"), self.tr("Open an incident first.")
            )
            return
        incident_id = self.incident_id
        self._triage(
            lambda session, ids: triage.pin(
                session, incident_id, ids, actor=self.author, origin=self.store.origin
            )
        )

    def reply(self) -> None:
        ids = self.selected_ids()
        if not ids or not self.incident_id:
            QtWidgets.QMessageBox.information(
                self, self.tr("Reply"), self.tr("Select a mention while an incident is open.")
            )
            return
        from ui.reply_dialog import ReplyDialog

        dialog = ReplyDialog(
            self.store, self.author, self.incident_id, self.scenario_key, ids[0], self
        )
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.model.refresh_rows()
            self.triaged.emit()

    def open_current_link(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_link(QtCore.QUrl(str(self.model.data(index, UrlRole) or "")))

    def _open_link(self, url: QtCore.QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QtGui.QDesktopServices.openUrl(url)
        elif url.toString() == ORIGINAL_LINK:
            self.show_original()

    def show_original(self) -> None:
        """The current mention as its source sent it (the stored payload), read-only."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        mention_id = self.model.data(index, MentionIdRole)
        with self.store.engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT m.text, m.raw, s.name FROM mentions m "
                "JOIN sources s ON s.id = m.source_id WHERE m.id = ?",
                (mention_id,),
            ).first()
        if row is None:
            return
        from ui.original_dialog import OriginalDialog

        dialog = OriginalDialog(str(row[2]), str(row[0] or ""), row[1], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.original_dialog = dialog  # tests and a second look reach it

    # --- filters ----------------------------------------------------------------------

    def reload_choices(self) -> None:
        """Sources, and the plan's risk terms, offered in the filter combos."""
        from warroom.plan.store import active_plan

        terms: set[str] = set()
        with self.store.session() as session:
            sources = [
                (s.name, s.id) for s in session.scalars(select(Source).order_by(Source.name))
            ]
            plan = active_plan(session)
            for scenario in plan.scenarios if plan else []:
                for words in (scenario.triggers.get("risk_terms") or {}).values():
                    terms.update(str(w) for w in words)
        for combo, items in (
            (self.source, sources),
            (self.risk_term, [(t, t) for t in sorted(terms)]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for label, value in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_filter(self) -> FeedFilter:
        return self._filter.but(
            search=self.search.text(),
            sentiment=self.sentiment.currentData() or "",
            min_severity=self.min_severity.value(),
            source_id=self.source.currentData() or "",
            language=self.language.currentData() or "",
            status=self.status.currentData() or "",
            risk_term=self.risk_term.currentData() or "",
            collapse_duplicates=self.collapse.isChecked(),
        )

    def apply_filter(self) -> None:
        self._filter = self.current_filter()
        self.model.set_filter(self._filter)
        self._update_count()

    def set_time_range(self, since: datetime | None, until: datetime | None) -> None:
        """Show only mentions published in [since, until) (chosen on the graph)."""
        self._filter = self._filter.but(since=since, until=until)
        if since is not None and until is not None:
            fmt = "%d %b %H:%M"
            self.range_chip.setText(
                f"{since.astimezone().strftime(fmt)} – {until.astimezone().strftime(fmt)}  ✕"
            )
            self.range_chip.show()
        else:
            self.range_chip.hide()
        self.apply_filter()

    def clear_time_range(self) -> None:
        if self._quick:  # what the strip or a narrative chose goes with the chip
            self._quick = False
            self.show_only("")
            self.collapse.setChecked(True)
        self.set_time_range(None, None)

    def show_only(
        self,
        caption: str,
        *,
        since: datetime | None = None,
        sentiment: str = "",
        min_severity: int = 0,
        status: str = "",
        cluster_id: str = "",
    ) -> None:
        """A quick filter from the at-a-glance strip or a narrative: the other filters are
        reset, and a chip names what is shown (click it to show everything again)."""
        for combo, value in (
            (self.sentiment, sentiment),
            (self.status, status),
            (self.source, ""),
            (self.language, ""),
            (self.risk_term, ""),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        for widget, value in ((self.search, ""), (self.min_severity, min_severity)):
            widget.blockSignals(True)
            if isinstance(widget, QtWidgets.QLineEdit):
                widget.setText(str(value))
            else:
                widget.setValue(int(value))
            widget.blockSignals(False)
        self.collapse.blockSignals(True)
        self.collapse.setChecked(not cluster_id)  # a narrative shows every copy
        self.collapse.blockSignals(False)
        self._filter = self._filter.but(since=since, until=None, cluster_id=cluster_id)
        self.range_chip.setText(f"{caption}  ✕")
        self.range_chip.setToolTip(self.tr("Showing: %s; click to show all mentions") % caption)
        self.range_chip.show()
        self._quick = bool(caption)
        self.apply_filter()

    def set_incident(self, incident_id: str | None, scenario_key: str) -> None:
        self.incident_id = incident_id
        self.scenario_key = scenario_key

    def refresh(self) -> None:
        self.reload_choices()
        self.model.reload()
        self._update_count()

    def on_event_mentions_added(self, _count: int) -> None:
        self.model.insert_new()
        self._update_count()

    def _update_count(self) -> None:
        """Show how many mentions match; on big stores the total is counted in the background."""
        self._count_generation += 1
        if self.model.complete:
            self._show_count(self.model.rowCount(), exact=True)
            return
        self._show_count(self.model.rowCount(), exact=False)
        generation = self._count_generation
        model = self.model

        def counted(total: object) -> None:
            if generation == self._count_generation and isinstance(total, int):
                self._show_count(total, exact=True)

        Operation(self, lambda _task: model.count_matching(), counted).run("read")

    def _show_count(self, count: int, *, exact: bool) -> None:
        if not exact:
            self.count_label.setText(self.tr("%s+ mentions") % f"{count:,}")
        elif count == 1:
            self.count_label.setText(self.tr("1 mention"))
        else:
            self.count_label.setText(self.tr("%s mentions") % f"{count:,}")

    # --- detail -----------------------------------------------------------------------

    def _show_detail(self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        mention_id = self.model.data(current, MentionIdRole)
        with self.store.engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT m.text, m.author, m.author_handle, m.author_reach, m.canonical_url, "
                "m.severity, m.severity_parts, s.name, m.risk_terms, m.status, m.assignee, m.tags "
                "FROM mentions m JOIN sources s ON s.id = m.source_id WHERE m.id = ?",
                (mention_id,),
            ).first()
        if row is None:
            return
        text, author, handle, reach, url, severity, parts, source, terms, status, assignee, tags = (
            row
        )
        self.detail.setHtml(
            _detail_html(
                text=text,
                author=author,
                handle=handle,
                reach=int(reach or 0),
                url=url,
                severity=severity,
                parts=_json(parts),
                source=source,
                terms=_json(terms) or [],
                status=status,
                assignee=assignee,
                tags=_json(tags) or [],
                tr=self.tr,
            )
        )


ORIGINAL_LINK = "warroom:original"  # the detail pane's link to the stored payload

# words of the detail pane, translated at run time through FeedPane.tr
DETAIL_WORDS = (
    QtCore.QT_TRANSLATE_NOOP("FeedPane", "Show original (Ctrl+U)"),
    QtCore.QT_TRANSLATE_NOOP("FeedPane", "reach"),
    QtCore.QT_TRANSLATE_NOOP("FeedPane", "Severity"),
    QtCore.QT_TRANSLATE_NOOP("FeedPane", "Risk terms"),
    QtCore.QT_TRANSLATE_NOOP("FeedPane", "Status"),
    QtCore.QT_TRANSLATE_NOOP("FeedPane", "assigned to"),
    QtCore.QT_TRANSLATE_NOOP("FeedPane", "tags"),
)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) and value else value


def _detail_html(
    *,
    text: str,
    author: str,
    handle: str,
    reach: int,
    url: str,
    severity: float | None,
    parts: dict[str, Any] | None,
    source: str,
    terms: list[str],
    status: str,
    assignee: str,
    tags: list[str],
    tr: Any,
) -> str:
    """The detail pane's HTML; every value from outside is escaped."""
    esc = html.escape
    link = ""
    if url and str(url).startswith(("https://", "http://")):
        link = f'<p><a href="{esc(url, quote=True)}">{esc(url)}</a></p>'
    lines = [
        f'<p style="white-space: pre-wrap">{esc(text)}</p>',  # line breaks as written
        f"<p><b>{esc(author)}</b> {esc(handle or '')} · {esc(format_reach(reach))} "
        f"{esc(tr('reach'))} · {esc(source)}</p>",
        link,
    ]
    if severity is not None:
        breakdown = ", ".join(f"{esc(str(k))} {float(v):.0f}" for k, v in (parts or {}).items())
        lines.append(f"<p>{esc(tr('Severity'))} <b>{float(severity):.0f}</b>: {breakdown}</p>")
    if terms:
        lines.append(f"<p>{esc(tr('Risk terms'))}: {esc(', '.join(map(str, terms)))}</p>")
    triage_line = f"{esc(tr('Status'))}: {esc(status)}"
    if assignee:
        triage_line += f" · {esc(tr('assigned to'))} {esc(assignee)}"
    if tags:
        triage_line += f" · {esc(tr('tags'))}: {esc(', '.join(map(str, tags)))}"
    lines.append(f"<p>{triage_line}</p>")
    lines.append(f'<p><a href="{ORIGINAL_LINK}">{esc(tr("Show original (Ctrl+U)"))}</a></p>')
    return "".join(lines)

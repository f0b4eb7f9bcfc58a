"""The stakeholder contact sheet pane: escalation order, search, calls logged per incident."""

from __future__ import annotations

from pathlib import Path

from ui.models.contact_model import Column, ContactIdRole, ContactModel, LinkRole
from ui.panes.card_delegate import STRONG, CardDelegate, Piece
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal, plain
from warroom import contacts as contact_sheet
from warroom import events
from warroom.errors import UserError
from warroom.incidents import service as incidents
from warroom.store.db import Store

TIER_COLOUR = QtGui.QColor("#1565c0")


class ContactsPane(QtWidgets.QWidget):
    """Contact sheet; double-click a phone or email to call or write.

    Signals:
        logged(): a contact event was written on the incident's timeline.
    """

    logged = Signal()

    def __init__(
        self, store: Store, author: str = "", parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactsPane")
        self.store = store
        self.author = author
        self.model = ContactModel(store, self)
        self.proxy = QtCore.QSortFilterProxyModel(self)  # a few hundred rows at most
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.search = QtWidgets.QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search contacts"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QtWidgets.QTableView(self)
        self.table.setObjectName("contactsTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        # One card per stakeholder: tier, name and role, then phone and whether
        # (and when) they were contacted and acknowledged; no sideways scrolling.
        self.card = CardDelegate(
            self._card_meta, body_lines=2, parent=self.table, body=self._card_body
        )
        self.table.setItemDelegateForColumn(Column.NAME, self.card)
        for column in Column:
            self.table.setColumnHidden(column, column != Column.NAME)
        self.table.horizontalHeader().setStretchLastSection(True)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.card.row_height(self.table.font()))
        self.card.too_short = self._fit_rows
        self.table.doubleClicked.connect(self._open_link)

        self.contacted_button = QtWidgets.QToolButton(self)
        self.contacted_button.setText(self.tr("Contacted"))
        self.acknowledged_button = QtWidgets.QToolButton(self)
        self.acknowledged_button.setText(self.tr("Acknowledged"))
        menu_button = QtWidgets.QToolButton(self)
        menu_button.setText(self.tr("Import/Export"))
        menu_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QtWidgets.QMenu(menu_button)
        menu.addAction(self.tr("Import vCard or CSV…"), self.import_file)
        menu.addAction(self.tr("Export as vCard…"), lambda: self.export_file("vcf"))
        menu.addAction(self.tr("Export as CSV…"), lambda: self.export_file("csv"))
        menu_button.setMenu(menu)
        for button, kind, shortcut in (
            (self.contacted_button, "contacted", "Ctrl+K"),
            (self.acknowledged_button, "acknowledged", "Ctrl+Shift+K"),
        ):
            action = QtGui.QAction(button.text(), self.table)
            action.setShortcut(QtGui.QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, k=kind: self.log(k))
            self.table.addAction(action)
            button.clicked.connect(lambda _=False, k=kind: self.log(k))
            button.setToolTip(f"{button.text()} ({shortcut})")

        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.contacted_button)
        buttons.addWidget(self.acknowledged_button)
        buttons.addStretch(1)
        buttons.addWidget(menu_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.set_incident(None)

    def _fit_rows(self) -> None:
        self.card.fit_rows(self.table)

    def _cell(self, index: QtCore.QModelIndex, column: Column) -> str:
        return str(self.proxy.index(index.row(), column).data() or "")

    def _card_meta(self, index: QtCore.QModelIndex) -> list[Piece]:
        return [
            (self._cell(index, Column.TIER), TIER_COLOUR),
            (self._cell(index, Column.NAME), STRONG),
            (self._cell(index, Column.ROLE), None),
        ]

    def _card_body(self, index: QtCore.QModelIndex) -> str:
        reach = self._cell(index, Column.PHONE) or self._cell(index, Column.EMAIL)
        if self.model.incident_id is None:
            return reach
        contacted = self._cell(index, Column.CONTACTED)
        acknowledged = self._cell(index, Column.ACKNOWLEDGED)
        state = "  ·  ".join(
            (
                "✓ " + self.tr("contacted %s") % contacted
                if contacted not in ("", "—")
                else "○ " + self.tr("not contacted"),
                "✓ " + self.tr("acknowledged %s") % acknowledged
                if acknowledged not in ("", "—")
                else "○ " + self.tr("no acknowledgement"),
            )
        )
        return f"{reach}\n{state}"

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        self._fit_rows()
        super().showEvent(event)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.FontChange:
            self._fit_rows()
        super().changeEvent(event)

    def set_incident(self, incident_id: str | None) -> None:
        self.model.set_incident(incident_id)
        for button in (self.contacted_button, self.acknowledged_button):
            button.setEnabled(incident_id is not None)

    def refresh(self) -> None:
        self.model.reload()

    def on_event_contacts_changed(self) -> None:
        self.refresh()

    def log(self, kind: str) -> None:
        """Record that the selected stakeholder was contacted or acknowledged."""
        incident_id = self.model.incident_id
        index = self.table.currentIndex()
        if incident_id is None or not index.isValid():
            return
        contact_id = self.proxy.data(index, ContactIdRole)
        try:
            with self.store.session() as session:
                incident = incidents.get_incident(session, incident_id)
                incidents.record_contact(
                    session,
                    incident,
                    contact_id,
                    kind,
                    origin=self.store.origin,
                    author=self.author,
                )
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, self.tr("Contacts"), plain(str(exc)))
            return
        row = index.row()
        self.model.reload()
        self.table.selectRow(row)
        events.publish(events.TIMELINE_APPENDED, incident_id=incident_id)
        self.logged.emit()

    def import_file(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, self.tr("Import contacts"), "", self.tr("Contacts (*.vcf *.vcard *.csv)")
        )
        if not path:
            return
        try:
            with self.store.session() as session:
                added, updated = contact_sheet.import_file(
                    session, Path(path), origin=self.store.origin
                )
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, self.tr("Import contacts"), plain(str(exc)))
            return
        self.refresh()
        QtWidgets.QMessageBox.information(
            self, self.tr("Import contacts"), self.tr("%d added, %d updated.") % (added, updated)
        )

    def export_file(self, kind: str) -> None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self,
            self.tr("Export contacts"),
            f"contacts.{kind}",
            self.tr("vCard (*.vcf)") if kind == "vcf" else self.tr("CSV (*.csv)"),
        )
        if path:
            with self.store.session() as session:
                contact_sheet.export_file(session, Path(path))

    def _open_link(self, index: QtCore.QModelIndex) -> None:
        link = self.proxy.data(index, LinkRole)
        if not link:  # the card: call the phone, else write the email
            for column in (Column.PHONE, Column.EMAIL):
                link = self.proxy.data(self.proxy.index(index.row(), column), LinkRole)
                if link:
                    break
        if link:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl(link))

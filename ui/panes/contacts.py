"""The stakeholder contact sheet pane: escalation order, search, tel:/mailto: links."""

from __future__ import annotations

from ui.models.contact_model import Column, ContactModel, LinkRole
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from warroom.store.db import Store


class ContactsPane(QtWidgets.QWidget):
    """Contact sheet; double-click a phone or email to call or write."""

    def __init__(self, store: Store, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactsPane")
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
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.NAME, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(Column.TIER, 36)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_link)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.table)

    def refresh(self) -> None:
        self.model.reload()

    def on_event_contacts_changed(self) -> None:
        self.refresh()

    def _open_link(self, index: QtCore.QModelIndex) -> None:
        link = self.proxy.data(index, LinkRole)
        if link:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl(link))

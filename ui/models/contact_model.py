"""Item model of the stakeholder contact sheet, grouped and in escalation order."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from sqlalchemy import select

from ui.qt import Qt, QtCore, QtGui, plain
from warroom.store.db import Store
from warroom.store.models import Contact, ContactEvent

GROUPS: dict[str, str] = {
    "crisis_team": QtCore.QT_TRANSLATE_NOOP("ContactModel", "Crisis team"),
    "executives": QtCore.QT_TRANSLATE_NOOP("ContactModel", "Executives"),
    "legal": QtCore.QT_TRANSLATE_NOOP("ContactModel", "Legal"),
    "pr": QtCore.QT_TRANSLATE_NOOP("ContactModel", "PR"),
    "customer_service": QtCore.QT_TRANSLATE_NOOP("ContactModel", "Customer service"),
    "employees": QtCore.QT_TRANSLATE_NOOP("ContactModel", "Employees"),
    "press": QtCore.QT_TRANSLATE_NOOP("ContactModel", "Press"),
    "regulators": QtCore.QT_TRANSLATE_NOOP("ContactModel", "Regulators"),
    "partners": QtCore.QT_TRANSLATE_NOOP("ContactModel", "Partners"),
}
GROUP_ORDER = {key: i for i, key in enumerate(GROUPS)}


class Column(IntEnum):
    TIER = 0
    NAME = 1
    GROUP = 2
    ROLE = 3
    PHONE = 4
    EMAIL = 5
    AVAILABILITY = 6
    CONTACTED = 7
    ACKNOWLEDGED = 8


HEADERS = {
    Column.TIER: QtCore.QT_TRANSLATE_NOOP("ContactModel", "Tier"),
    Column.NAME: QtCore.QT_TRANSLATE_NOOP("ContactModel", "Name"),
    Column.GROUP: QtCore.QT_TRANSLATE_NOOP("ContactModel", "Group"),
    Column.ROLE: QtCore.QT_TRANSLATE_NOOP("ContactModel", "Role"),
    Column.PHONE: QtCore.QT_TRANSLATE_NOOP("ContactModel", "Phone"),
    Column.EMAIL: QtCore.QT_TRANSLATE_NOOP("ContactModel", "Email"),
    Column.AVAILABILITY: QtCore.QT_TRANSLATE_NOOP("ContactModel", "Availability"),
    Column.CONTACTED: QtCore.QT_TRANSLATE_NOOP("ContactModel", "Contacted"),
    Column.ACKNOWLEDGED: QtCore.QT_TRANSLATE_NOOP("ContactModel", "Acknowledged"),
}

ContactIdRole = Qt.ItemDataRole.UserRole + 1
LinkRole = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class ContactRow:
    id: str
    name: str
    group: str
    role: str
    phone: str
    email: str
    tier: int
    availability: str
    timezone: str
    notes: str


class ContactModel(QtCore.QAbstractTableModel):
    """All contacts, sorted by escalation tier, then group, then name."""

    def __init__(self, store: Store, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._rows: list[ContactRow] = []
        self.incident_id: str | None = None
        self._events: dict[tuple[str, str], datetime] = {}
        self.reload()

    def set_incident(self, incident_id: str | None) -> None:
        self.incident_id = incident_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        with self._store.session() as session:
            contacts = session.scalars(select(Contact)).all()
            self._rows = sorted(
                (
                    ContactRow(
                        c.id,
                        c.name,
                        c.group,
                        c.role,
                        c.phone,
                        c.email,
                        c.escalation_tier,
                        c.availability,
                        c.timezone,
                        c.notes,
                    )
                    for c in contacts
                ),
                key=lambda r: (r.tier, GROUP_ORDER.get(r.group, 99), r.name.lower()),
            )
            self._events = {}
            if self.incident_id:
                for event in session.scalars(
                    select(ContactEvent)
                    .where(ContactEvent.incident_id == self.incident_id)
                    .order_by(ContactEvent.at)
                ):
                    self._events[(event.contact_id, event.kind)] = event.at
        self.endResetModel()

    def contact(self, row: int) -> ContactRow:
        return self._rows[row]

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
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(Column):
                return QtCore.QCoreApplication.translate("ContactModel", HEADERS[Column(section)])
        return None

    def data(
        self,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.NAME and row.notes:
            return html.escape(f"{row.name}: {row.notes}")  # notes may come from an imported file
        if role == Qt.ItemDataRole.ToolTipRole:  # imported text: always shown literally
            shown = self.data(index, Qt.ItemDataRole.DisplayRole)
            return plain(str(shown)) if shown else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.TIER:
                return f"T{row.tier}"
            if column == Column.NAME:
                return row.name
            if column == Column.GROUP:
                label = GROUPS.get(row.group, row.group)
                return QtCore.QCoreApplication.translate("ContactModel", label)
            if column == Column.ROLE:
                return row.role
            if column == Column.PHONE:
                return row.phone
            if column == Column.EMAIL:
                return row.email
            if column == Column.AVAILABILITY:
                return f"{row.availability} ({row.timezone})"
            if column in (Column.CONTACTED, Column.ACKNOWLEDGED):
                kind = "contacted" if column == Column.CONTACTED else "acknowledged"
                at = self._events.get((row.id, kind))
                if not at:
                    return "—" if self.incident_id else ""
                local = at.astimezone()
                if local.date() == datetime.now().astimezone().date():
                    return local.strftime("%H:%M")  # today: the time says it (a short row)
                return local.strftime("%H:%M %d %b")

        elif role == LinkRole:
            if column == Column.PHONE and row.phone:
                return "tel:" + "".join(ch for ch in row.phone if ch.isdigit() or ch == "+")
            if column == Column.EMAIL and row.email:
                return "mailto:" + row.email
        elif role == Qt.ItemDataRole.ForegroundRole and column in (Column.PHONE, Column.EMAIL):
            return QtGui.QBrush(QtGui.QColor("#1565c0"))
        elif role == ContactIdRole:
            return row.id
        return None

"""One draft message of the plan: filled, counted, copied, and its approval.

The approval state is shown loudly and in words: an unapproved (or expired,
or changed-since-approval) message is never presented as approved, and can
be copied only after the operator confirms they are sending an unapproved
text.  The body is filled from the incident ({brand}, {hotline}, {date}…);
unknown placeholders stay visible for the operator to complete.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal, plain
from warroom import events
from warroom.errors import UserError
from warroom.plan import approval
from warroom.plan.channels import measure
from warroom.plan.placeholders import fill
from warroom.store.db import Store
from warroom.store.models import Brand, Incident, MessageTemplate

STATE_STYLE = {
    "approved": ("#2e7d32", QtCore.QT_TRANSLATE_NOOP("MessagePanel", "APPROVED")),
    "submitted": ("#ef6c00", QtCore.QT_TRANSLATE_NOOP("MessagePanel", "WAITING FOR APPROVAL")),
    "rejected": ("#b71c1c", QtCore.QT_TRANSLATE_NOOP("MessagePanel", "REJECTED")),
    "expired": ("#b71c1c", QtCore.QT_TRANSLATE_NOOP("MessagePanel", "APPROVAL EXPIRED")),
    "changed": ("#b71c1c", QtCore.QT_TRANSLATE_NOOP("MessagePanel", "CHANGED SINCE APPROVAL")),
    "draft": ("#b71c1c", QtCore.QT_TRANSLATE_NOOP("MessagePanel", "DRAFT — NOT APPROVED")),
}
# the units warroom.plan.channels counts in, shown beside the live count
UNITS = (
    QtCore.QT_TRANSLATE_NOOP("MessagePanel", "characters"),
    QtCore.QT_TRANSLATE_NOOP("MessagePanel", "graphemes"),
    QtCore.QT_TRANSLATE_NOOP("MessagePanel", "GSM-7 characters"),
    QtCore.QT_TRANSLATE_NOOP("MessagePanel", "UCS-2 characters"),
)


def fill_values(store: Store, incident_id: str | None, author: str) -> dict[str, str]:
    """Placeholder values from the brand, the open incident and the operator."""
    now = datetime.now().astimezone()
    values = {"date": now.strftime("%d %B %Y"), "time": now.strftime("%H:%M"), "agent": author}
    with store.session() as session:
        brand = session.scalars(select(Brand).order_by(Brand.created_at)).first()
        if brand is not None:
            values.update(brand=brand.name)
            if brand.hotline:
                values["hotline"] = brand.hotline
            if brand.website:
                values["website"] = brand.website
        if incident_id:
            incident = session.get(Incident, incident_id)
            if incident is not None:
                values["incident"] = incident.title
                for key, value in (incident.details or {}).items():
                    values[str(key)] = str(value)
    return values


class MessagePanel(QtWidgets.QWidget):
    """Signals: changed() after an approval action or an edit."""

    changed = Signal()

    def __init__(self, store: Store, author: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messagePanel")
        self.store = store
        self.author = author
        self.incident_id: str | None = None
        self.message_id: str | None = None
        self._state = "draft"
        self._channel = ""

        self.banner = QtWidgets.QLabel(self)
        self.banner.setObjectName("approvalBanner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QtWidgets.QPlainTextEdit(self)
        self.text.setObjectName("messageText")
        self.count = QtWidgets.QLabel(self)
        self.count.setObjectName("messageCount")
        self.copy_button = _button(self.tr("&Copy"), self)
        self.copy_button.setShortcut(QtGui.QKeySequence("Ctrl+Shift+C"))
        self.copy_button.setToolTip(self.tr("Copy the filled message (Ctrl+Shift+C)"))
        self.submit_button = _button(self.tr("Submit"), self)
        self.approve_button = _button(self.tr("Approve…"), self)
        self.reject_button = _button(self.tr("Reject…"), self)
        self.edit_button = _button(self.tr("Edit template…"), self)

        first = QtWidgets.QHBoxLayout()
        first.addWidget(self.count, 1)
        first.addWidget(self.copy_button)
        buttons = QtWidgets.QHBoxLayout()
        for button in (
            self.submit_button,
            self.approve_button,
            self.reject_button,
            self.edit_button,
        ):
            buttons.addWidget(button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.text)
        layout.addLayout(first)
        layout.addLayout(buttons)

        self.text.textChanged.connect(self._recount)
        self.copy_button.clicked.connect(self.copy)
        self.submit_button.clicked.connect(self.submit)
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        self.edit_button.clicked.connect(self.edit_template)
        self.show_message(None)

    # --- showing --------------------------------------------------------------------------

    def set_incident(self, incident_id: str | None) -> None:
        self.incident_id = incident_id
        self.show_message(self.message_id)

    def show_message(self, message_id: str | None) -> None:
        self.message_id = message_id
        self.setVisible(message_id is not None)  # no empty editor taking the checklist's room
        if message_id is None:
            self.banner.setText(self.tr("Select a draft message"))
            self.banner.setStyleSheet("")
            self.text.clear()
            for button in self._buttons():
                button.setEnabled(False)
            return
        with self.store.session() as session:
            message = session.get(MessageTemplate, message_id)
            if message is None:
                self.show_message(None)
                return
            self._state = approval.approval_state(message)
            self._channel = message.channel
            body = message.body
            detail = ""
            if self._state == "approved":
                detail = self.tr(" by %s") % message.approved_by
                if message.expires_at is not None:
                    detail += self.tr(" until %s") % message.expires_at.astimezone().strftime(
                        "%d %b %H:%M"
                    )
        colour, words = STATE_STYLE.get(self._state, STATE_STYLE["draft"])
        self.banner.setText(self.tr(words) + detail)
        self.banner.setStyleSheet(
            f"QLabel#approvalBanner {{ background: {colour}; color: white; font-weight: bold; padding: 4px; }}"
        )
        self.text.setPlainText(fill(body, fill_values(self.store, self.incident_id, self.author)))
        self.copy_button.setEnabled(True)
        self.edit_button.setEnabled(True)
        self.submit_button.setEnabled(self._state in ("draft", "rejected", "changed", "expired"))
        self.approve_button.setEnabled(self._state in ("draft", "submitted"))
        self.reject_button.setEnabled(self._state != "rejected")

    def _buttons(self) -> tuple[QtWidgets.QToolButton, ...]:
        return (
            self.copy_button,
            self.submit_button,
            self.approve_button,
            self.reject_button,
            self.edit_button,
        )

    def _recount(self) -> None:
        if not self._channel:
            self.count.clear()
            return
        result = measure(self._channel, self.text.toPlainText())
        if result.limit is None:
            self.count.setText(self.tr("%d characters") % result.count)
            self.count.setStyleSheet("")
            return
        self.count.setText(f"{result.count} / {result.limit} {self.tr(result.unit)}")
        self.count.setStyleSheet("" if result.fits else "color: #b71c1c; font-weight: bold;")

    # --- actions --------------------------------------------------------------------------

    def copy(self) -> bool:
        if self._state != "approved":
            answer = QtWidgets.QMessageBox.warning(
                self,
                self.tr("Not approved"),
                self.tr("This message is not approved (%s). Copy it anyway?") % self._state,
                QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
                QtWidgets.QMessageBox.StandardButton.No,
            )
            if answer != QtWidgets.QMessageBox.StandardButton.Yes:
                return False
        QtWidgets.QApplication.clipboard().setText(self.text.toPlainText())
        return True

    def _act(self, action: Any) -> None:
        if self.message_id is None:
            return
        try:
            with self.store.session() as session:
                message = session.get(MessageTemplate, self.message_id)
                if message is None:
                    return
                action(message)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self, self.tr("Approval"), plain(str(exc)))
            return
        events.publish(events.PLAN_CHANGED)
        self.show_message(self.message_id)
        self.changed.emit()

    def submit(self) -> None:
        self._act(lambda message: approval.submit(message, self.author))

    def approve(self) -> None:
        name, comment, ok = self._ask(self.tr("Approve message"), self.tr("Approved by"))
        if ok:
            self._act(lambda message: approval.approve(message, name, comment))

    def reject(self) -> None:
        name, comment, ok = self._ask(
            self.tr("Reject message"), self.tr("Rejected by"), need_comment=True
        )
        if ok:
            self._act(lambda message: approval.reject(message, name, comment))

    def edit_template(self) -> None:
        if self.message_id is None:
            return
        with self.store.session() as session:
            message = session.get(MessageTemplate, self.message_id)
            body = message.body if message is not None else ""
        dialog = QtWidgets.QDialog(self)
        dialog.setWindowTitle(self.tr("Edit template"))
        editor = QtWidgets.QPlainTextEdit(body, dialog)
        note = QtWidgets.QLabel(
            self.tr("Saving a change returns an approved message to draft."), dialog
        )
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel,
            dialog,
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QtWidgets.QVBoxLayout(dialog)
        layout.addWidget(editor)
        layout.addWidget(note)
        layout.addWidget(buttons)
        dialog.resize(520, 300)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            new_body = editor.toPlainText()
            self._act(lambda message: approval.edit_body(message, new_body, self.author))

    def _ask(self, title: str, who: str, *, need_comment: bool = False) -> tuple[str, str, bool]:
        dialog = QtWidgets.QDialog(self)
        dialog.setWindowTitle(title)
        name = QtWidgets.QLineEdit(self.author, dialog)
        comment = QtWidgets.QLineEdit(dialog)
        form = QtWidgets.QFormLayout(dialog)
        form.addRow(who, name)
        form.addRow(self.tr("Comment") + (" *" if need_comment else ""), comment)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel,
            dialog,
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        ok = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
        return name.text().strip(), comment.text().strip(), ok


def _button(text: str, parent: QtWidgets.QWidget) -> QtWidgets.QToolButton:
    """A compact text button, so the plan pane stays narrow."""
    button = QtWidgets.QToolButton(parent)
    button.setText(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button

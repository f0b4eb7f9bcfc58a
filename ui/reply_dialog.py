"""Reply to a mention with an approved template: fill it, copy it, log it."""

from __future__ import annotations

from ui.panes.message_panel import fill_values
from ui.qt import Qt, QtWidgets
from warroom.errors import UserError
from warroom.plan import approval
from warroom.plan.channels import measure
from warroom.plan.placeholders import fill
from warroom.plan.store import active_plan
from warroom.store.db import Store
from warroom.store.models import Mention
from warroom.triage import record_reply


class ReplyDialog(QtWidgets.QDialog):
    """Only approved templates are offered; the filled text is copied and logged."""

    def __init__(
        self,
        store: Store,
        author: str,
        incident_id: str,
        scenario_key: str,
        mention_id: str,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("replyDialog")
        self.setWindowTitle(self.tr("Reply with an approved template"))
        self.store, self.author, self.incident_id, self.mention_id = (
            store,
            author,
            incident_id,
            mention_id,
        )
        self.templates = QtWidgets.QComboBox(self)
        self.text = QtWidgets.QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.count = QtWidgets.QLabel(self)
        self.error = QtWidgets.QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b71c1c;")
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Cancel, self)
        self.send = buttons.addButton(
            self.tr("Copy and log reply"), QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.copy_and_log)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.templates)
        layout.addWidget(self.text)
        layout.addWidget(self.count)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 320)

        values = fill_values(store, incident_id, author)
        with store.session() as session:
            mention = session.get(Mention, mention_id)
            if mention is not None and mention.author:
                values.setdefault("customer", mention.author)
            plan = active_plan(session)
            for scenario in plan.scenarios if plan else []:
                if scenario_key and scenario.key != scenario_key:
                    continue
                for message in scenario.messages:
                    if approval.is_approved(message):
                        label = f"{message.channel} · {message.purpose} · {message.language}"
                        self.templates.addItem(
                            label, (message.id, message.channel, fill(message.body, values))
                        )
        if self.templates.count() == 0:
            self.error.setText(
                self.tr("No approved template for this scenario yet: approve one in the plan pane.")
            )
            self.send.setEnabled(False)
        self.templates.currentIndexChanged.connect(self._show)
        self._show()

    def _show(self) -> None:
        data = self.templates.currentData()
        if not data:
            return
        _id, channel, body = data
        self.text.setPlainText(body)
        result = measure(channel, body)
        self.count.setText(
            f"{result.count}" + (f" / {result.limit} {result.unit}" if result.limit else "")
        )

    def copy_and_log(self) -> None:
        data = self.templates.currentData()
        if not data:
            return
        message_id, _channel, body = data
        try:
            with self.store.session() as session:
                record_reply(
                    session,
                    incident_id=self.incident_id,
                    mention_id=self.mention_id,
                    message_id=message_id,
                    body=body,
                    actor=self.author,
                    origin=self.store.origin,
                )
        except UserError as exc:
            self.error.setText(str(exc))
            return
        QtWidgets.QApplication.clipboard().setText(body)
        self.accept()

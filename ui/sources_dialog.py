"""The Sources dialog: configured monitoring sources, their health, add, test, secrets.

The table shows each source's health (ok, error, offline, limited), last
success, items fetched, rate limit left and last error in plain words; it
refreshes when the engine announces a health change.  "Test connection"
fetches the selected source's first page off the UI thread without storing
anything.  "Set secret…" puts a token or password in the OS keyring (never
in the database or settings).
"""

from __future__ import annotations

from sqlalchemy import select

from ui.bridge import EngineBridge
from ui.qt import Qt, QtCore, QtWidgets, plain
from ui.tasks import Operation, Task
from warroom import credentials
from warroom.errors import UserError
from warroom.sources.health import describe
from warroom.sources.ingest import add_source, remove_source, secret_key, test_connection
from warroom.sources.registry import KINDS, NEEDS
from warroom.store.db import Store
from warroom.store.models import Source

COLUMNS = (
    QtCore.QT_TRANSLATE_NOOP("SourcesDialog", "Name"),
    QtCore.QT_TRANSLATE_NOOP("SourcesDialog", "Kind"),
    QtCore.QT_TRANSLATE_NOOP("SourcesDialog", "Health"),
    QtCore.QT_TRANSLATE_NOOP("SourcesDialog", "Last success"),
    QtCore.QT_TRANSLATE_NOOP("SourcesDialog", "Items"),
    QtCore.QT_TRANSLATE_NOOP("SourcesDialog", "Rate limit"),
    QtCore.QT_TRANSLATE_NOOP("SourcesDialog", "Last error"),
)


class SourcesDialog(QtWidgets.QDialog):
    """Signals: none; reads and writes sources through warroom.sources."""

    def __init__(self, store: Store, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesDialog")
        self.setWindowTitle(self.tr("Monitoring sources"))
        self.store = store
        self._ops: list[Operation] = []
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.name = QtWidgets.QLineEdit(self)
        self.kind = QtWidgets.QComboBox(self)
        self.kind.addItems(KINDS)
        self.kind.currentTextChanged.connect(self._show_needs)
        self.url = QtWidgets.QLineEdit(self)
        self.url.setPlaceholderText("https://…")
        self.query = QtWidgets.QLineEdit(self)
        self.options = QtWidgets.QLineEdit(self)
        self.options.setPlaceholderText("account=123, alert=456")
        self.interval = QtWidgets.QSpinBox(self)
        self.interval.setRange(30, 86400)
        self.interval.setValue(300)
        self.interval.setSuffix(" s")
        self.needs = QtWidgets.QLabel(self)
        self.needs.setTextFormat(Qt.TextFormat.PlainText)
        self.needs.setWordWrap(True)
        self.error = QtWidgets.QLabel(self)
        self.error.setObjectName("sourcesError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.status = QtWidgets.QLabel(self)
        self.status.setObjectName("sourcesStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow("", self.needs)
        form.addRow(self.tr("Base URL"), self.url)
        form.addRow(self.tr("Query"), self.query)
        form.addRow(self.tr("Options"), self.options)
        form.addRow(self.tr("Poll every"), self.interval)
        self.add_button = QtWidgets.QPushButton(self.tr("&Add source"), self)
        self.add_button.clicked.connect(self.add_source)
        self.test_button = QtWidgets.QPushButton(self.tr("&Test connection"), self)
        self.test_button.clicked.connect(self.test_selected)
        self.secret_button = QtWidgets.QPushButton(self.tr("Set &secret…"), self)
        self.secret_button.clicked.connect(self.set_secret)
        self.remove_button = QtWidgets.QPushButton(self.tr("&Remove"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QtWidgets.QHBoxLayout()
        for button in (self.test_button, self.secret_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.add_button)
        layout.addWidget(buttons)
        self.resize(900, 560)
        self.bridge = EngineBridge(self)
        self.bridge.source_health.connect(lambda *_: self.reload())
        self.finished.connect(lambda _r: self.bridge.detach())
        self._show_needs(self.kind.currentText())
        self.reload()

    def _show_needs(self, kind: str) -> None:
        self.needs.setText(NEEDS.get(kind, ""))

    def reload(self) -> None:
        selected = self.selected_name()
        with self.store.session() as session:
            sources = [describe(s) for s in session.scalars(select(Source).order_by(Source.name))]
        self.table.setRowCount(len(sources))
        for row, info in enumerate(sources):
            rate = ""
            if info["rate_limit_remaining"] is not None:
                rate = str(info["rate_limit_remaining"])
                if info["rate_limit_reset_at"]:
                    rate += self.tr(" (resets %s)") % info["rate_limit_reset_at"][11:16]
            values = (
                info["name"],
                info["kind"],
                info["health"],
                (info["last_success_at"] or "")[:16].replace("T", " "),
                str(info["items_fetched"]),
                rate,
                info["last_error"] if info["health"] != "ok" else "",
            )
            for column, value in enumerate(values):
                item = QtWidgets.QTableWidgetItem(value)
                if column == len(values) - 1:
                    item.setToolTip(plain(value))
                self.table.setItem(row, column, item)
            if info["name"] == selected:
                self.table.selectRow(row)

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item is not None else None

    def _parse_options(self) -> dict[str, str]:
        options: dict[str, str] = {}
        for part in self.options.text().split(","):
            if not part.strip():
                continue
            key, sep, value = part.partition("=")
            if not sep or not key.strip():
                raise UserError(self.tr("Options must look like key=value, not %s") % part.strip())
            options[key.strip()] = value.strip()
        return options

    def add_source(self) -> None:
        try:
            add_source(
                self.store,
                kind=self.kind.currentText(),
                name=self.name.text(),
                url=self.url.text(),
                query=self.query.text(),
                interval_s=self.interval.value(),
                options=self._parse_options(),
            )
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.name.clear()
        self.reload()

    def test_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            self.status.setText(self.tr("Select a source to test."))
            return
        self.status.setText(self.tr("Testing %s…") % name)
        self.test_button.setEnabled(False)

        def work(_task: Task) -> str:
            return test_connection(self.store, name)

        def finish(message: object) -> None:
            self.test_button.setEnabled(True)
            self.status.setText(str(message))
            self.status.setStyleSheet("")

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            text = str(exc) if isinstance(exc, UserError) else f"{name}: {type(exc).__name__}"
            self.status.setText(text)
            self.status.setStyleSheet("color: #c62828;")

        op = Operation(self, work, finish).on_failure(failed)
        self._ops.append(op)
        op.run("net")

    def set_secret(self) -> None:
        name = self.selected_name()
        if name is None:
            self.status.setText(self.tr("Select a source first."))
            return
        secret, ok = QtWidgets.QInputDialog.getText(
            self,
            self.tr("Secret"),
            self.tr("Token or password for %s (kept in the OS keyring):") % name,
            QtWidgets.QLineEdit.EchoMode.Password,
        )
        if ok:
            self.store_secret(name, secret)

    def store_secret(self, name: str, secret: str) -> bool:
        try:
            credentials.set_secret(secret_key(name), secret.strip())
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        try:  # a cached service token belongs to the old secret
            credentials.delete_secret(secret_key(name, "token"))
        except UserError:
            pass
        self.status.setText(self.tr("The secret of %s is in the OS keyring.") % name)
        return True

    def remove_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        answer = QtWidgets.QMessageBox.question(
            self,
            self.tr("Remove source"),
            self.tr("Remove %s and delete the mentions it fetched?") % name,
        )
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return
        try:
            remove_source(self.store, name, with_mentions=True)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.reload()

"""The Sources dialog: list the configured monitoring sources and add one."""

from __future__ import annotations

from sqlalchemy import select

from ui.qt import Qt, QtWidgets
from warroom.errors import UserError
from warroom.store.db import Store
from warroom.store.models import Source

KINDS = (
    "rss",
    "mastodon",
    "bluesky",
    "reddit",
    "hackernews",
    "mention",
    "brandwatch",
    "talkwalker",
    "file",
)


class SourcesDialog(QtWidgets.QDialog):
    def __init__(self, store: Store, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesDialog")
        self.setWindowTitle(self.tr("Monitoring sources"))
        self.store = store
        self.table = QtWidgets.QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Kind"), self.tr("Health"), self.tr("Last error")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.name = QtWidgets.QLineEdit(self)
        self.kind = QtWidgets.QComboBox(self)
        self.kind.addItems(KINDS)
        self.url = QtWidgets.QLineEdit(self)
        self.url.setPlaceholderText("https://…")
        self.query = QtWidgets.QLineEdit(self)
        self.interval = QtWidgets.QSpinBox(self)
        self.interval.setRange(30, 86400)
        self.interval.setValue(300)
        self.interval.setSuffix(" s")
        self.error = QtWidgets.QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #c62828;")
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Base URL"), self.url)
        form.addRow(self.tr("Query"), self.query)
        form.addRow(self.tr("Poll every"), self.interval)
        add = QtWidgets.QPushButton(self.tr("&Add source"), self)
        add.clicked.connect(self.add_source)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(add)
        layout.addWidget(buttons)
        self.resize(640, 480)
        self.reload()

    def reload(self) -> None:
        with self.store.session() as session:
            sources = session.scalars(select(Source).order_by(Source.name)).all()
            self.table.setRowCount(len(sources))
            for row, source in enumerate(sources):
                for column, value in enumerate(
                    (source.name, source.kind, source.health, source.last_error)
                ):
                    self.table.setItem(row, column, QtWidgets.QTableWidgetItem(value))

    def add_source(self) -> None:
        try:
            self._add()
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.name.clear()
        self.reload()

    def _add(self) -> None:
        name = self.name.text().strip()
        url = self.url.text().strip()
        if not name:
            raise UserError(self.tr("Give the source a name."))
        if self.kind.currentText() != "file" and not url.startswith(("http://", "https://")):
            raise UserError(self.tr("Base URL must start with http:// or https://"))
        with self.store.session() as session:
            if session.scalar(select(Source).where(Source.name == name)) is not None:
                raise UserError(self.tr("A source named %s exists already.") % name)
            session.add(
                Source(
                    origin=self.store.origin,
                    name=name,
                    kind=self.kind.currentText(),
                    base_url=url,
                    query=self.query.text().strip(),
                    interval_s=self.interval.value(),
                )
            )

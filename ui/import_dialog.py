"""Import a CSV or JSON Lines export from a listening tool, with progress and cancel.

The import runs off the UI thread (`ui.tasks.Operation`, "db" pool) through
`warroom.sources.importer.import_file`; the progress bar follows the
records read, and Cancel undoes everything this import stored, so nothing is
left half-imported.  An optional column mapping (`created_at=Posted,
text=Body`) names the columns the file uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui.qt import Qt, QtWidgets, Signal
from ui.tasks import Operation, Task
from warroom.errors import UserError
from warroom.sources.importer import ImportResult, import_file


class ImportDialog(QtWidgets.QDialog):
    """Signals: imported(stored) after a completed import."""

    imported = Signal(int)

    def __init__(self, store: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import mentions"))
        self.store = store
        self.op: Operation | None = None
        self.result: ImportResult | None = None
        self.path = QtWidgets.QLineEdit(self)
        self.path.setPlaceholderText(self.tr("export.csv or export.jsonl"))
        browse = QtWidgets.QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self.browse)
        self.mapping = QtWidgets.QLineEdit(self)
        self.mapping.setPlaceholderText("created_at=Date, text=Full Text, author=Author")
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.message = QtWidgets.QLabel(self)
        self.message.setObjectName("importMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.start_button = QtWidgets.QPushButton(self.tr("&Import"), self)
        self.start_button.clicked.connect(lambda: self.start_import(self.path.text()))
        self.cancel_button = QtWidgets.QPushButton(self.tr("&Cancel import"), self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        close = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        pick = QtWidgets.QHBoxLayout()
        pick.addWidget(self.path, 1)
        pick.addWidget(browse)
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("File"), pick)
        form.addRow(self.tr("Columns"), self.mapping)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.resize(560, 220)

    @property
    def busy(self) -> bool:
        return self.op is not None

    def browse(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self,
            self.tr("Import mentions"),
            "",
            self.tr("Exports (*.csv *.jsonl *.ndjson);;All files (*)"),
        )
        if path:
            self.path.setText(path)

    def _options(self) -> dict[str, str]:
        options: dict[str, str] = {}
        for part in self.mapping.text().split(","):
            if part.strip():
                field, sep, column = part.partition("=")
                if not sep:
                    raise UserError(self.tr("Write columns as field=Column, not %s") % part.strip())
                options[f"map.{field.strip()}"] = column.strip()
        return options

    def start_import(self, path_text: str) -> None:
        if self.busy:
            return
        path = Path(path_text.strip()).expanduser()
        try:
            options = self._options()
            if not path.is_file():
                raise UserError(self.tr("No such file: %s") % str(path))
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.result = None
        self.progress.setValue(0)
        self.message.setText(self.tr("Importing %s…") % path.name)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)

        def work(task: Task) -> ImportResult:
            return import_file(self.store, path, options=options, progress=task.progress)

        op = Operation(self, work, self._done).on_failure(self._failed)
        op.on_progress(lambda done, total: self.progress.setValue(int(100 * done / max(total, 1))))
        self.op = op
        op.run("db")

    def cancel(self) -> None:
        if self.op is not None:
            self.op.cancel()
            self.message.setText(self.tr("Cancelling: removing what was imported…"))

    def _finish(self) -> None:
        self.op = None
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _done(self, result: object) -> None:
        self._finish()
        assert isinstance(result, ImportResult)
        self.result = result
        if result.cancelled:
            self.progress.setValue(0)
            self.message.setText(self.tr("Import cancelled; nothing was kept."))
            return
        self.progress.setValue(100)
        text = self.tr("Imported %d new mentions from %d records.") % (result.stored, result.read)
        if result.problems:
            text += " " + self.tr("%d rows skipped, first: %s") % (
                len(result.problems),
                result.problems[0],
            )
        self.message.setText(text)
        self.imported.emit(result.stored)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.message.setText(str(exc) if isinstance(exc, UserError) else type(exc).__name__)

    def reject(self) -> None:
        if self.busy:  # closing mid-import cancels it (and undoes it) first
            self.cancel()
            return
        super().reject()

"""A mention as its service sent it: the stored payload, shown as plain text.

A war room quotes mentions to lawyers, regulators and the press; when the stored
text is doubted, this shows what the API (or the imported file's line) held,
byte for byte as kept, never interpreted as HTML."""

from __future__ import annotations

import json
from typing import Any

from ui.qt import Qt, QtGui, QtWidgets


def original_text(raw: Any) -> str:
    """The payload pretty-printed (keys in the service's order), or "" when none was kept."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return raw
    if raw in (None, {}, [], ""):
        return ""
    return json.dumps(raw, ensure_ascii=False, indent=2)


class OriginalDialog(QtWidgets.QDialog):
    """Read-only, monospace, selectable; Copy puts the whole payload on the clipboard."""

    def __init__(
        self, source: str, stored_text: str, raw: Any, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("originalDialog")
        self.setWindowTitle(self.tr("Original from %s") % source)
        self.resize(720, 560)
        layout = QtWidgets.QVBoxLayout(self)
        stored_label = QtWidgets.QLabel(self.tr("Stored text:"), self)
        self.stored = QtWidgets.QPlainTextEdit(self)
        self.stored.setObjectName("storedText")
        self.stored.setReadOnly(True)
        self.stored.setPlainText(stored_text)
        self.stored.setMaximumHeight(120)
        payload_label = QtWidgets.QLabel(self.tr("As the source sent it:"), self)
        self.payload = QtWidgets.QPlainTextEdit(self)
        self.payload.setObjectName("originalPayload")
        self.payload.setReadOnly(True)
        self.payload.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.payload.setFont(
            QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        )
        text = original_text(raw)
        self.payload.setPlainText(text or self.tr("No original payload was kept for this mention."))
        for label in (stored_label, payload_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(
            self.tr("&Copy original"), QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setEnabled(bool(text))
        self.copy_button.clicked.connect(lambda: self._copy(text))
        buttons.rejected.connect(self.reject)
        layout.addWidget(stored_label)
        layout.addWidget(self.stored)
        layout.addWidget(payload_label)
        layout.addWidget(self.payload, 1)
        layout.addWidget(buttons)

    def _copy(self, text: str) -> None:
        clipboard = QtWidgets.QApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)

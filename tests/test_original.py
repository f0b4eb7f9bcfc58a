"""Show original (issue 17): for any mention the detail pane opens what its source
sent, as plain text, beside the stored text; line breaks show as written."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.models.mention_model import Column, MentionIdRole
from ui.panes.feed import ORIGINAL_LINK
from ui.qt import QtCore, QtWidgets
from warroom.cli import main
from warroom.store.db import Store

TYPED = "I typed <b>bold</b> and &lt;tag&gt; literally\nsecond line <br> stays"


def _select(window: MainWindow, text: str) -> None:
    model = window.feed.model
    assert model.rowCount() == 1  # the one mention the file held
    window.feed.table.setCurrentIndex(model.index(0, Column.TEXT))
    assert text.split("\n")[0] in str(model.index(0, Column.TEXT).data())


def test_show_original_opens_the_payload_as_the_file_held_it(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "typed.jsonl"
    when = (datetime.now(UTC) - timedelta(minutes=3)).isoformat()
    line = {"id": "m1", "created_at": when, "text": TYPED, "author": "Siti", "likes": 7}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["sources", "add", "file", "typed", "--url", str(path)]) == 0
    assert main(["ingest", "--once", "--source", "typed"]) == 0

    window = MainWindow(store, "Test Operator")
    qtbot.addWidget(window)
    window.persist_layout = False
    window.resize(1366, 768)
    window.show()
    window.feed.refresh()
    _select(window, TYPED)
    detail = window.feed.detail
    assert TYPED.split("\n")[0] in detail.toPlainText()
    assert "second line <br> stays" in detail.toPlainText()  # its own line, not a tag
    assert ORIGINAL_LINK in detail.toHtml()

    detail.anchorClicked.emit(QtCore.QUrl(ORIGINAL_LINK))  # the detail pane's link
    dialog = window.feed.original_dialog
    qtbot.waitExposed(dialog)
    assert "typed" in dialog.windowTitle()
    assert dialog.stored.toPlainText() == TYPED
    shown = json.loads(dialog.payload.toPlainText())
    assert shown["text"] == TYPED and shown["likes"] == 7 and shown["author"] == "Siti"
    assert "<b>bold</b>" in dialog.payload.toPlainText()  # shown as text, never rendered
    assert isinstance(dialog.payload, QtWidgets.QPlainTextEdit)
    dialog.copy_button.click()
    clipboard = QtWidgets.QApplication.clipboard()
    assert clipboard is not None and json.loads(clipboard.text())["text"] == TYPED
    dialog.close()

    # the same from the keyboard, on the feed's current row
    mention_id = window.feed.model.data(window.feed.table.currentIndex(), MentionIdRole)
    assert mention_id
    shortcut = next(a for a in window.feed.table.actions() if a.shortcut().toString() == "Ctrl+U")
    shortcut.trigger()
    assert window.feed.original_dialog is not dialog
    assert window.feed.original_dialog.stored.toPlainText() == TYPED
    window.feed.original_dialog.close()


def test_a_mention_without_a_payload_says_so(qtbot: QtBot) -> None:
    from ui.original_dialog import OriginalDialog, original_text

    assert original_text({}) == "" and original_text(None) == ""
    assert original_text('{"a": "<i>x</i>"}') == '{\n  "a": "<i>x</i>"\n}'
    dialog = OriginalDialog("Old source", "stored words", {})
    qtbot.addWidget(dialog)
    assert "No original payload" in dialog.payload.toPlainText()
    assert not dialog.copy_button.isEnabled()

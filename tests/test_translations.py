"""The Malay translation is complete, compiled, covers every UI string and is used.

resources/translations/warroom_ms.ts is the source of the Malay interface;
warroom_ms.qm is what the app loads (ui.i18n).  scripts/update-translations.sh
regenerates both from ui/**/*.py.  These tests fail when a new UI string has
no Malay yet, when the .qm was not rebuilt after editing the .ts, when a
translation breaks a placeholder the code fills in, and when installing the
Malay translator does not change what the main window shows.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ui import i18n
from ui.qt import QtCore, QtWidgets
from warroom.store.db import Store

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "warroom_ms.ts"
QM = ROOT / "resources" / "translations" / "warroom_ms.qm"
LUPDATE = ROOT / ".venv" / "bin" / "pyside6-lupdate"
LRELEASE = ROOT / ".venv" / "bin" / "pyside6-lrelease"

# %s %d %n %1 and str.format fields such as {share:.0%} must survive translation.
PLACEHOLDER = re.compile(r"%[sdn]|%\d|\{[^{}]*\}")
SYMBOLS = "▼●▲✔✖⚠×…"


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, <translation>) for every message in a .ts file."""
    root = ET.parse(ts).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{ts.name}: {name}: message without <translation>"
            found.append((name, message.findtext("source") or "", translation))
    return found


def _text(translation: ET.Element) -> str:
    forms = translation.findall("numerusform")
    if forms:
        return " | ".join(form.text or "" for form in forms)
    return translation.text or ""


def _ui_sources() -> list[str]:
    """Every ui/**/*.py, tracked or not, as the update script lists them."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def _need(tool: Path) -> None:
    if not tool.is_file():
        pytest.skip(f"{tool.name} is not installed in .venv (PySide6 tools missing)")


def test_the_ts_file_has_the_malay_interface_strings() -> None:
    root = ET.parse(TS).getroot()
    assert root.get("language") == "ms"
    assert root.get("sourcelanguage") == "en"
    assert len(_messages(TS)) > 250


def test_every_message_is_translated_and_finished() -> None:
    unfinished = [
        f"{context}: {source!r}"
        for context, source, translation in _messages(TS)
        if translation.get("type") in ("unfinished", "vanished", "obsolete")
        or not _text(translation).strip()
    ]
    assert not unfinished, "untranslated in warroom_ms.ts:\n" + "\n".join(unfinished)


def test_translations_keep_placeholders_accelerators_and_symbols() -> None:
    problems = []
    for context, source, translation in _messages(TS):
        text = _text(translation)
        where = f"{context}: {source!r} -> {text!r}"
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append("placeholders differ: " + where)
        if source.count("&") - 2 * source.count("&&") == 1 and text.count("&") != 1:
            problems.append("accelerator '&' lost or doubled: " + where)
        for symbol in SYMBOLS:
            if source.count(symbol) != text.count(symbol):
                problems.append(f"symbol {symbol} lost: " + where)
        if source[:1] == " " and text[:1] != " " or source[-1:] == " " and text[-1:] != " ":
            problems.append("leading/trailing space lost: " + where)
    assert not problems, "\n".join(problems)


def test_menu_accelerators_do_not_clash_in_malay() -> None:
    """Within one menu each Malay accelerator letter is used once."""
    menus = {
        "menu bar": ["&File", "&View", "&Incident", "&Help"],
        "File menu": [
            "Load &demo crisis",
            "&Import plan file…",
            "Import &mentions…",
            "&Sources…",
            "Se&ttings…",
            "&Quit",
        ],
        "View menu": ["&Find in feed", "&Refresh", "Reset &layout", "&Wall mode (projector)"],
        "Incident menu": [
            "&Open an incident…",
            "Add a &note…",
            "&Next stage",
            "Severity &up",
            "Severity &down",
            "&Close the incident",
        ],
    }
    ms = {(c, s): _text(t) for c, s, t in _messages(TS)}
    for menu, sources in menus.items():
        letters = [ms[("MainWindow", s)].split("&", 1)[1][0].lower() for s in sources]
        assert len(set(letters)) == len(letters), f"{menu}: {letters}"


def test_the_qm_is_compiled_from_the_current_ts(tmp_path: Path) -> None:
    _need(LRELEASE)
    rebuilt = tmp_path / "warroom_ms.qm"
    subprocess.run(
        [str(LRELEASE), str(TS), "-qm", str(rebuilt)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert QM.is_file(), "warroom_ms.qm missing: run scripts/update-translations.sh"
    assert rebuilt.read_bytes() == QM.read_bytes(), (
        "warroom_ms.qm is stale: run scripts/update-translations.sh"
    )


def test_lupdate_finds_no_ui_string_missing_from_the_ts(tmp_path: Path) -> None:
    """A new tr() string in ui/ without Malay fails here, naming the string."""
    _need(LUPDATE)
    copy = tmp_path / "warroom_ms.ts"
    shutil.copyfile(TS, copy)
    subprocess.run(
        [str(LUPDATE), "-no-obsolete", "-locations", "none", *_ui_sources(), "-ts", str(copy)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    committed = {(context, source) for context, source, _ in _messages(TS)}
    scanned = _messages(copy)
    assert len(scanned) > 250, "lupdate found too few strings: is ui/ readable?"
    missing = [
        f"{context}: {source!r}"
        for context, source, translation in scanned
        if (context, source) not in committed or translation.get("type") == "unfinished"
    ]
    assert not missing, (
        "UI strings missing from warroom_ms.ts (run scripts/update-translations.sh "
        "and translate them):\n" + "\n".join(missing)
    )


def test_the_main_window_speaks_malay_with_the_translator_installed(
    qtbot: QtBot, demo_store: Store
) -> None:
    app = QtWidgets.QApplication.instance()
    assert isinstance(app, QtWidgets.QApplication)
    try:
        assert i18n.install(app, "ms")
        assert QtCore.QCoreApplication.translate("MainWindow", "&File") == "&Fail"

        from ui.main_window import MainWindow

        window = MainWindow(demo_store, "Tester")
        qtbot.addWidget(window)
        menus = [action.text() for action in window.menuBar().actions()]
        assert menus == ["&Fail", "&Paparan", "&Insiden", "&Latihan", "&Bantuan"]
        file_menu = window.menuBar().actions()[0].menu()
        assert isinstance(file_menu, QtWidgets.QMenu)
        file_items = [a.text() for a in file_menu.actions() if not a.isSeparator()]
        assert "&Keluar" in file_items and "&Quit" not in file_items

        titles = {key: dock.windowTitle() for key, dock in window.docks.items()}
        assert titles == {
            "feed": "Suapan sebutan",
            "graph": "Graf keterukan",
            "plan": "Pelan senario",
            "contacts": "Kenalan",
        }
        assert window.timeline_dock.windowTitle() == "Log keputusan"
        # A column header from a model (QT_TRANSLATE_NOOP + translate at runtime).
        header = window.feed.model.headerData(
            1, QtCore.Qt.Orientation.Horizontal, QtCore.Qt.ItemDataRole.DisplayRole
        )
        assert header == "Sumber"
        window.close()
    finally:
        assert i18n.install(app, "en")
    assert QtCore.QCoreApplication.translate("MainWindow", "&File") == "&File"

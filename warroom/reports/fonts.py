"""Registering the fonts shipped in resources/fonts, and the Qt application they need.

Qt writes a PDF without any text when it finds no font, so the report never
relies on system fonts: `register_fonts()` adds the shipped files with
`QFontDatabase.addApplicationFont` (once per process, thread-safe) and
`report_font()` names them in fallback order (Latin, Arabic, Chinese, emoji).
`ensure_gui_app()` creates an offscreen QGuiApplication when the process has
no Qt application yet (the command line); the window's own one is reused.
"""

from __future__ import annotations

import os
import sys
import threading
from importlib import resources

from PySide6 import QtCore, QtGui

from warroom.errors import UserError

FONT_FILES: tuple[str, ...] = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoSansSC-Subset.otf",
    "Symbola-Subset.ttf",
)
FAMILIES: tuple[str, ...] = ("Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "Symbola")

_lock = threading.Lock()
_registered: list[str] = []
_app: QtGui.QGuiApplication | None = None


def ensure_gui_app() -> QtCore.QCoreApplication:
    """The running Qt application, or a new offscreen QGuiApplication (fonts need one)."""
    global _app
    existing = QtCore.QCoreApplication.instance()
    if existing is not None:
        if not isinstance(existing, QtGui.QGuiApplication):
            raise UserError("the PDF report needs a QGuiApplication, not a QCoreApplication")
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QtGui.QGuiApplication(sys.argv[:1] or ["warroom"])
    return _app


def register_fonts() -> list[str]:
    """Add the shipped fonts to Qt's font database (first call only); their families."""
    with _lock:
        if _registered:
            return list(_registered)
        ensure_gui_app()
        folder = resources.files("resources.fonts")
        families: list[str] = []
        for name in FONT_FILES:
            data = folder.joinpath(name).read_bytes()
            font_id = QtGui.QFontDatabase.addApplicationFontFromData(QtCore.QByteArray(data))
            if font_id < 0:
                raise UserError(f"cannot load the report font resources/fonts/{name}")
            for family in QtGui.QFontDatabase.applicationFontFamilies(font_id):
                if family not in families:
                    families.append(family)
        missing = [f for f in FAMILIES if f not in families]
        if missing:
            raise UserError(f"report fonts missing from resources/fonts: {', '.join(missing)}")
        _registered.extend(families)
        return list(_registered)


def report_font(point_size: float = 9.5) -> QtGui.QFont:
    """The report's default font: the shipped families in fallback order."""
    register_fonts()
    font = QtGui.QFont()
    font.setFamilies(list(FAMILIES))
    font.setPointSizeF(point_size)
    # no ligatures: Noto Sans draws "ff" as one glyph, and the text layer then holds
    # U+FB00 - an incident id or hash copied from the report would not verify
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QtGui.QFont.Tag(tag), 0)
    return font

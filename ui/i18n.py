"""Interface language: Qt translators loaded from resources/translations.

English is the source language; Malay comes from warroom_ms.qm (compiled
from warroom_ms.ts with pyside6-lrelease; tests check the two agree).
"""

from __future__ import annotations

from importlib import resources

from ui.qt import QtCore, QtWidgets

LANGUAGES = {"en": "English", "ms": "Bahasa Melayu"}
_installed: list[QtCore.QTranslator] = []


_current = ["en"]


def current_language() -> str:
    """The interface language installed now ("en" when none was)."""
    return _current[0]


def install(app: QtWidgets.QApplication, language: str) -> bool:
    """Switch the interface language; returns False when no translation exists."""
    _current[0] = "en"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en" or language not in LANGUAGES:
        return language == "en"
    data = resources.files("resources.translations").joinpath(f"warroom_{language}.qm")
    if not data.is_file():
        return False
    with resources.as_file(data) as path:
        translator = QtCore.QTranslator(app)
        if not translator.load(str(path)):
            return False
    app.installTranslator(translator)
    _installed.append(translator)
    _current[0] = language
    return True

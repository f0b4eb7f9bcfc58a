"""The one place the UI imports Qt bindings from.

Everything in ui/ writes `from ui.qt import QtCore, QtGui, QtWidgets, Signal,
Slot`, so a change of binding or a compatibility shim happens here alone.
"""

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt, Signal, Slot

__all__ = ["Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot", "plain"]


def plain(text: str) -> str:
    """Text from outside made safe for a tooltip or message box: Qt guesses rich
    text from a '<', so it is escaped and wrapped, and always shown literally."""
    return str(QtGui.Qt.convertFromPlainText(str(text)))

"""Light, dark and wall (projector) themes.

Wall mode is for the war room's projector: full screen, large type and a
high-contrast palette, readable from the back of the room.
"""

from __future__ import annotations

from ui.qt import QtGui, QtWidgets

THEMES = ("light", "dark", "wall")
WALL_SCALE = 1.6

_base_point_size: float | None = None


def _palette(theme: str) -> QtGui.QPalette:
    if theme == "light":
        return QtWidgets.QStyleFactory.create("Fusion").standardPalette()
    role = QtGui.QPalette.ColorRole
    colours = {
        "dark": {
            role.Window: "#1f2226",
            role.WindowText: "#e8e8e8",
            role.Base: "#16181b",
            role.AlternateBase: "#22262b",
            role.Text: "#e8e8e8",
            role.Button: "#2b2f34",
            role.ButtonText: "#e8e8e8",
            role.Highlight: "#1e6fd9",
            role.HighlightedText: "#ffffff",
            role.ToolTipBase: "#2b2f34",
            role.ToolTipText: "#e8e8e8",
            role.Link: "#6fb1ff",
            role.PlaceholderText: "#9a9a9a",
        },
        "wall": {
            role.Window: "#000000",
            role.WindowText: "#ffffff",
            role.Base: "#000000",
            role.AlternateBase: "#141414",
            role.Text: "#ffffff",
            role.Button: "#000000",
            role.ButtonText: "#ffff00",
            role.Highlight: "#ffff00",
            role.HighlightedText: "#000000",
            role.ToolTipBase: "#000000",
            role.ToolTipText: "#ffffff",
            role.Link: "#00ffff",
            role.PlaceholderText: "#c0c0c0",
        },
    }[theme]
    palette = QtGui.QPalette()
    for colour_role, colour in colours.items():
        palette.setColor(colour_role, QtGui.QColor(colour))
    return palette


def apply(app: QtWidgets.QApplication, theme: str) -> None:
    """Switch the whole application to a theme (unknown names fall back to light)."""
    global _base_point_size
    theme = theme if theme in THEMES else "light"
    app.setStyle("Fusion")
    app.setPalette(_palette(theme))
    font = app.font()
    if _base_point_size is None:
        _base_point_size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(_base_point_size * (WALL_SCALE if theme == "wall" else 1.0))
    app.setFont(font)

"""The application icon (SVG and PNG sizes), found through importlib.resources.

Rendered from warroom.svg by packaging/make_icons.py.  `icon_files()` gives the
PNG files for a QIcon (window icon, taskbar) without importing Qt here.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_files() -> list[Path]:
    """The PNG sizes of the app icon, smallest first (files inside the installed package)."""
    folder = resources.files(__name__)
    return [Path(str(folder.joinpath(f"warroom-{size}.png"))) for size in SIZES]


def svg_file() -> Path:
    """The scalable app icon."""
    return Path(str(resources.files(__name__).joinpath("warroom.svg")))

"""Where Warroom keeps its files.

Everything lives under one data folder: platformdirs' user data folder, or
the folder named by the WARROOM_HOME environment variable, which moves all of
it (tests and portable installs use it).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "WARROOM_HOME"


def data_dir() -> Path:
    """The data folder, created on first use."""
    override = os.environ.get(ENV_HOME)
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("warroom", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path() -> Path:
    return data_dir() / "warroom.sqlite3"


def settings_path() -> Path:
    return data_dir() / "settings.json"


def ui_state_path() -> Path:
    """Qt window geometry and layout (an INI file written by QSettings)."""
    return data_dir() / "ui-state.ini"

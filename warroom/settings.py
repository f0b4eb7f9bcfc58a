"""One typed registry of settings, kept as JSON in the data folder.

Each setting is declared once with its type and default; reading an unknown or
badly typed value falls back to the default rather than crashing at 2 a.m.
Secrets never go here: they live in the OS keyring (warroom.credentials).
"""

from __future__ import annotations

import getpass
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from warroom import paths

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """A declared setting: key, default and a one-line description."""

    key: str
    default: T
    doc: str


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "operator"


USER_NAME: Setting[str] = Setting("user.name", _default_user(), "Name written on timeline entries")
UI_LANGUAGE: Setting[str] = Setting("ui.language", "en", "Interface language: en or ms")
PLAN_LANGUAGE: Setting[str] = Setting("plan.language", "en", "Language the plan is shown in")
THEME: Setting[str] = Setting("ui.theme", "light", "light, dark or wall")
BRAND_LANGUAGES: Setting[list[str]] = Setting(
    "brand.languages", ["en", "ms", "id", "zh", "ta", "ar"], "Languages mentions may be in"
)
TEAM_URL: Setting[str] = Setting("team.url", "", "PostgreSQL URL of the team server, no password")
SOUND_MUTED: Setting[bool] = Setting("alerts.muted", False, "Mute the alert sound")

ALL: tuple[Setting[Any], ...] = (
    USER_NAME,
    UI_LANGUAGE,
    PLAN_LANGUAGE,
    THEME,
    BRAND_LANGUAGES,
    TEAM_URL,
    SOUND_MUTED,
)


class Settings:
    """Settings file in the data folder; writes are atomic (temp file + rename)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.settings_path()
        self._values: dict[str, Any] = {}
        if self.path.exists():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self._values = loaded
            except (OSError, ValueError):
                self._values = {}

    def get(self, setting: Setting[T]) -> T:
        value = self._values.get(setting.key, setting.default)
        if type(value) is not type(setting.default):
            return setting.default
        return value  # type: ignore[no-any-return,unused-ignore]

    def is_set(self, setting: Setting[T]) -> bool:
        """Whether the user (or a previous run) chose a value: not the default."""
        value = self._values.get(setting.key)
        return value is not None and type(value) is type(setting.default)

    def set(self, setting: Setting[T], value: T) -> None:
        if type(value) is not type(setting.default):
            raise TypeError(f"setting {setting.key} takes {type(setting.default).__name__}")
        self._values[setting.key] = value
        self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._values, fh, indent=2, sort_keys=True)
        os.replace(tmp, self.path)

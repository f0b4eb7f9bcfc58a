"""Shared fixtures: an isolated data folder per test, real SQLite stores, the demo.

Every test runs with WARROOM_HOME pointing at its own temporary folder, so
nothing touches the user's data.  Qt runs offscreen; Qt warnings fail the run
(pyproject: qt_log_level_fail).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from warroom.store.db import Store, open_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def widgets_application(qapp: object) -> object:
    """The QApplication, made before any test runs: a PDF written first would
    otherwise leave a bare QGuiApplication, and a later window could not open in it
    (the order of test files would decide)."""
    return qapp


@pytest.fixture(autouse=True)
def warroom_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("WARROOM_HOME", str(home))
    return home


@pytest.fixture
def store(warroom_home: Path) -> Iterator[Store]:
    opened = open_store()
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the demo loaded once per run; tests get copies of it."""
    from warroom.demo import load_demo

    folder = tmp_path_factory.mktemp("demo-template")
    template = open_store(folder / "warroom.sqlite3")
    load_demo(template, author="Test Operator")
    with template.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    template.close()
    return folder / "warroom.sqlite3"


@pytest.fixture
def demo_store(demo_template: Path, warroom_home: Path) -> Iterator[Store]:
    target = warroom_home / "warroom.sqlite3"
    shutil.copyfile(demo_template, target)
    opened = open_store(target)
    yield opened
    opened.close()

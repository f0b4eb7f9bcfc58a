"""The `warroom` command line, run as users and reviewers run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, home: Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WARROOM_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "warroom", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


@pytest.mark.parametrize("command", [[], ["gui"], ["demo"], ["plan"]])
def test_help_everywhere(command: list[str], warroom_home: Path) -> None:
    result = run(*command, "--help", home=warroom_home)
    assert result.returncode == 0, result.stderr
    assert "usage: warroom" in result.stdout


def test_unknown_command_fails_with_one_clear_line(warroom_home: Path) -> None:
    result = run("frobnicate", home=warroom_home)
    assert result.returncode != 0
    assert "invalid choice: 'frobnicate'" in result.stderr


def test_bad_size_is_named(warroom_home: Path) -> None:
    result = run(
        "gui", "--screenshot", str(warroom_home / "x.png"), "--size", "huge", home=warroom_home
    )
    assert result.returncode != 0
    assert "size must look like 1600x900" in result.stderr


def test_demo_then_screenshot_shows_the_demo(warroom_home: Path, tmp_path: Path) -> None:
    result = run("demo", home=warroom_home)
    assert result.returncode == 0, result.stderr
    assert "demo loaded" in result.stdout
    shot = tmp_path / "window.png"
    result = run("gui", "--screenshot", str(shot), "--size", "1280x720", home=warroom_home)
    assert result.returncode == 0, result.stderr
    from ui.qt import QtGui

    image = QtGui.QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 720)
    # a filled window is not one flat colour: count distinct colours in a sample grid
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 720, 16)}
    assert len(colours) > 20


def test_python_dash_m_and_main_py_both_work(warroom_home: Path) -> None:
    env = {**os.environ, "WARROOM_HOME": str(warroom_home)}
    result = subprocess.run(
        [sys.executable, "main.py", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.startswith("warroom ")

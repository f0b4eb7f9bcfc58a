"""Layering: the engine never imports Qt widgets; the UI imports Qt in one place."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_nothing_under_warroom_imports_qt_widgets_or_the_ui() -> None:
    offenders = []
    for path in sorted((ROOT / "warroom").rglob("*.py")):
        for name in _imports(path):
            if "QtWidgets" in name or name == "ui" or name.startswith("ui."):
                if path.name == "cli.py" and name.startswith("ui.app"):
                    continue  # the command line opens the window on request, lazily
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_importing_the_whole_engine_loads_no_qt_widgets() -> None:
    code = (
        "import importlib, pkgutil, sys, warroom\n"
        "for m in pkgutil.walk_packages(warroom.__path__, 'warroom.'):\n"
        "    if '.migrations' in m.name or m.name == 'warroom.__main__': continue\n"
        "    importlib.import_module(m.name)\n"
        "bad = [n for n in sys.modules if n.startswith('PySide6.QtWidgets') or n == 'ui']\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ui_imports_qt_bindings_only_through_ui_qt() -> None:
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path.name == "qt.py":
            continue
        for name in _imports(path):
            if name.startswith("PySide6"):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []

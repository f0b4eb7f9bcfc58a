"""The installer's promises that can be checked in seconds, without building the bundle.

Building and running the bundle takes minutes; that is packaging/smoke-test.sh
(`bash packaging/smoke-test.sh`).  Here: resources are found through
importlib.resources whatever the working folder, the spec collects every file
the app looks up that way (and the migrations alembic loads by path), the Qt
modules the app loads are all kept while the ones dropped are never loaded,
and the desktop entry and icons are usable.
"""

from __future__ import annotations

import configparser
import importlib.util
import io
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path
from types import ModuleType

import pytest

from warroom import __version__

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rules() -> ModuleType:
    return _load(PACKAGING / "bundle_rules.py", "bundle_rules")


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_version_and_resources_are_found_from_another_working_folder(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "warroom", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert out.strip() == f"warroom {__version__}"

    lookup = _run(
        "from importlib import resources\n"
        "from warroom.plan.store import default_plan_text\n"
        "from warroom.analysis.sentiment import LEXICON_RESOURCE\n"
        "from warroom.store.migrate import head_revision, MIGRATIONS\n"
        "import resources as pkg\n"
        "assert 'scenarios' in default_plan_text()\n"
        "assert resources.files('resources.lexicons').joinpath(LEXICON_RESOURCE).is_file()\n"
        "assert resources.files('resources.icons').joinpath('warroom.svg').is_file()\n"
        "print(pkg.__file__); print(MIGRATIONS); print(head_revision())\n",
        tmp_path,
    )
    assert lookup.returncode == 0, lookup.stderr
    package_file, migrations, head = lookup.stdout.split()
    assert Path(package_file).parent == ROOT / "resources"
    assert Path(migrations) == ROOT / "warroom" / "store" / "migrations"
    assert head


def test_the_spec_collects_every_resource_file_the_app_looks_up(rules: ModuleType) -> None:
    datas = rules.collect_datas()
    shipped = {f"{dest}/{Path(src).name}" for src, dest in datas}
    for src, _dest in datas:  # located where importlib.resources finds the package
        assert Path(src).is_file()
        assert Path(src).resolve().is_relative_to(ROOT) or "site-packages" in src
    from warroom.analysis.sentiment import LEXICON_RESOURCE
    from warroom.reports.fonts import FONT_FILES

    must = [
        "resources/plans/default.yaml",
        f"resources/lexicons/{LEXICON_RESOURCE}",
        "resources/fonts/OFL.txt",  # the fonts' licence travels with them
        "resources/icons/warroom.svg",
        "resources/icons/warroom-256.png",
        "warroom/store/migrations/env.py",
        "warroom/store/migrations/script.py.mako",
        *(f"resources/fonts/{name}" for name in FONT_FILES),
        *(
            f"warroom/store/migrations/versions/{p.name}"
            for p in (ROOT / "warroom/store/migrations/versions").glob("*.py")
        ),
        *(
            f"resources/translations/{p.name}"
            for p in (ROOT / "resources/translations").glob("*.qm")
        ),
    ]
    missing = [name for name in must if name not in shipped]
    assert not missing, f"the bundle would lack {missing}"
    # Every non-code file of the resources package ships (a new resource
    # kind with an unlisted suffix would otherwise silently be left out).
    left_out = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file()
        and p.suffix not in {".py", ".pyc", ".ts"}
        and "__pycache__" not in p.parts
        and p.relative_to(ROOT).as_posix() not in shipped
    ]
    assert not left_out, f"resources the spec does not collect: {left_out}"
    assert not any(name.endswith("build_fonts.py") for name in shipped)


def test_the_spec_locates_files_through_importlib_not_the_working_folder() -> None:
    spec = (PACKAGING / "warroom.spec").read_text()
    rules_text = (PACKAGING / "bundle_rules.py").read_text()
    assert "bundle_rules.collect_datas()" in spec
    assert "importlib.resources.files(package)" in rules_text
    for text in (spec, rules_text):
        assert "getcwd" not in text and 'Path(".")' not in text and "Path('.')" not in text
    assert "rthook_warroom.py" in spec


def test_the_runtime_hook_drops_the_working_folder_from_the_import_path(tmp_path: Path) -> None:
    hook = PACKAGING / "rthooks" / "rthook_warroom.py"
    result = _run(
        "import sys, runpy\n"
        "sys.path[:0] = ['', '.']\n"
        f"runpy.run_path({str(hook)!r})\n"
        "assert '' not in sys.path and '.' not in sys.path, sys.path\n"
        "import os; print(os.environ['WARROOM_BUNDLE'])\n",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_every_qt_module_the_app_loads_is_kept_in_the_bundle(
    rules: ModuleType, tmp_path: Path
) -> None:
    # Import what the window, the graph (pyqtgraph) and the PDF report load.
    result = _run(
        "import sys\n"
        "from PySide6 import QtWidgets\n"
        "app = QtWidgets.QApplication([])\n"
        "import ui.main_window, ui.panes.graph, warroom.reports.pdf, warroom.reports.chart\n"
        "import pyqtgraph as pg\n"
        "w = pg.PlotWidget(); w.plot([1, 2, 3]); w.addItem(pg.LinearRegionItem())\n"
        "print(' '.join(sorted(m.split('.')[1] for m in sys.modules\n"
        "      if m.startswith('PySide6.Qt') and m.count('.') == 1)))\n",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split()) - rules.QT_OPTIONAL
    assert {"QtCore", "QtGui", "QtWidgets"} <= loaded
    excluded = {name.split(".", 1)[1] for name in rules.EXCLUDES if name.startswith("PySide6.")}
    assert not loaded & excluded, (
        f"the bundle excludes Qt modules the app loads: {loaded & excluded}"
    )
    assert loaded <= rules.QT_KEEP


def test_qt_libraries_and_plugins_kept_and_dropped(rules: ModuleType) -> None:
    lib = "PySide6/Qt/lib/"
    for kept in (
        lib + "libQt6Core.so.6",
        lib + "libQt6Gui.so.6",
        lib + "libQt6Widgets.so.6",
        lib + "libQt6Svg.so.6",
        lib + "libQt6OpenGL.so.6",
        lib + "libQt6DBus.so.6",
        lib + "libQt6XcbQpa.so.6",
        lib + "libQt6WaylandClient.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "psycopg_binary.libs/libpq-e9b5c9ac.so.5.18",
        "lingua/lingua.cpython-311-x86_64-linux-gnu.so",
        "PySide6\\Qt6Core.dll",
    ):
        assert rules.keep_binary(kept), kept
    for dropped in (
        lib + "libQt6Qml.so.6",
        lib + "libQt6Quick.so.6",
        lib + "libQt6QuickControls2.so.6",
        lib + "libQt6Pdf.so.6",
        lib + "libQt6WebEngineCore.so.6",
        lib + "libQt6Network.so.6",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        lib + "libQt6EglFsKmsSupport.so.6",
        "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
        "PySide6\\Qt6Quick.dll",
    ):
        assert not rules.keep_binary(dropped), dropped
    assert not rules.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert rules.keep_data("resources/translations/warroom_ms.qm")
    assert rules.keep_data("pyqtgraph/icons/auto.png")


def test_no_development_package_is_bundled(rules: ModuleType) -> None:
    for dev in ("pytest", "_pytest", "pytestqt", "mypy", "ruff", "psutil"):
        assert dev in rules.EXCLUDES
    script = (PACKAGING / "build-linux.sh").read_text()
    assert "-m venv" in script and "[test]" not in script and " -e " not in script


def test_build_and_smoke_scripts_parse() -> None:
    for name in ("build-linux.sh", "smoke-test.sh", "linux/install.sh", "macos/build-macos.sh"):
        result = subprocess.run(
            ["bash", "-n", str(PACKAGING / name)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{name}: {result.stderr}"


def test_desktop_entry_and_icons_are_usable(qapp: object) -> None:
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "warroom.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "warroom"
    assert desktop["Icon"] == "warroom"
    assert desktop["Categories"].endswith(";")

    from PySide6 import QtGui, QtSvg

    from resources.icons import SIZES, icon_files, svg_file

    assert QtSvg.QSvgRenderer(str(svg_file())).isValid()
    for size, path in zip(SIZES, icon_files(), strict=True):
        image = QtGui.QImage(str(path))
        assert (image.width(), image.height()) == (size, size), path
        assert image.hasAlphaChannel()
    icon = QtGui.QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    assert icon.availableSizes()[-1].width() == 512
    ico = (PACKAGING / "windows" / "warroom.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and int.from_bytes(ico[4:6], "little") >= 6
    assert (PACKAGING / "macos" / "warroom.icns").read_bytes()[:4] == b"icns"


def test_bench_says_how_to_build_when_there_is_no_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench import bundle

    monkeypatch.setattr(bundle, "BUNDLE", tmp_path / "warroom")
    printed = io.StringIO()
    with redirect_stdout(printed):
        figures = list(bundle.figures())
    assert figures == []
    assert "bash packaging/build-linux.sh" in printed.getvalue()


def test_pruning_removes_only_what_dropped_plugins_alone_needed() -> None:
    prune_libs = _load(PACKAGING / "prune_libs.py", "prune_libs")
    users = {
        "libgtk-3.so.0": set(),  # its only user, the GTK3 theme plugin, was dropped
        "libgdk-3.so.0": {"libgtk-3.so.0"},
        "libcairo.so.2": {"libgdk-3.so.0", "libgtk-3.so.0"},
        "libX11.so.6": {"libgdk-3.so.0", "libQt6Gui.so.6"},  # Qt still needs it
        "libfontconfig.so.1": {"libcairo.so.2", "libQt6Gui.so.6"},
        "libgssapi_krb5.so.2": set(),  # nobody links it: loaded by name, kept
        "libpython3.11.so.1.0": set(),
    }
    gone = prune_libs.orphans(users, ["libgtk-3.so.0"], protected=["libpython3.11.so.1.0"])
    assert gone == {"libgtk-3.so.0", "libgdk-3.so.0", "libcairo.so.2"}
    assert prune_libs.orphans(users, ["libpython3.11.so.1.0"], ["libpython3.11.so.1.0"]) == set()

"""What goes into the Warroom bundle: shared by warroom.spec and tests/test_packaging.py.

The spec imports this module at build time; the tests import it by path to
check that every resource the app looks up through importlib.resources is
collected, and that the Qt pieces dropped are ones the app never loads.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import os
from pathlib import Path, PurePath

# Packages whose files the app opens at run time (importlib.resources or, for
# the Alembic migrations, by path next to warroom/store/migrate.py), and the
# file suffixes kept from each.  ".py" is kept for the migrations because
# alembic's ScriptDirectory imports env.py and versions/*.py from files.
DATA_PACKAGES: dict[str, frozenset[str]] = {
    "resources": frozenset(
        {".yaml", ".ttf", ".otf", ".txt", ".md", ".qm", ".svg", ".png", ".ico", ".json", ".csv"}
    ),
    "warroom.store.migrations": frozenset({".py", ".mako"}),
}
# Never shipped even when the suffix matches: build helpers and caches.
SKIP_PARTS = frozenset({"__pycache__", "build_fonts.py"})


def wanted(relative: PurePath, suffixes: frozenset[str]) -> bool:
    """Whether a file below a data package (path relative to it) belongs in the bundle."""
    if any(part in SKIP_PARTS for part in relative.parts):
        return False
    return relative.suffix.lower() in suffixes


def collect_datas() -> list[tuple[str, str]]:
    """(source file, folder in the bundle) for every data file of DATA_PACKAGES.

    Each package is located with importlib.resources.files(), i.e. where the
    running interpreter imports it from (the build venv's site-packages), so
    the bundle holds exactly the files the app will look up the same way.
    """
    datas: list[tuple[str, str]] = []
    for package, suffixes in DATA_PACKAGES.items():
        folder = Path(str(importlib.resources.files(package)))
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and wanted(relative, suffixes):
                dest = PurePath(*package.split("."), relative.parent)
                datas.append((str(path), dest.as_posix()))
    return datas


# Qt modules the app imports: QtCore/QtGui/QtWidgets (ui/, QPdfWriter in
# warroom/reports), QtSvg (icons, pyqtgraph's SVG export), QtOpenGL and
# QtOpenGLWidgets (pyqtgraph 0.14 imports them at module level in
# PlotCurveItem, even when OpenGL drawing is off).  Every other binding module
# is excluded so its hook does not drag in its Qt libraries and plugins.
QT_KEEP = frozenset({"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtOpenGL", "QtOpenGLWidgets"})
# Loaded when present but optional: pyqtgraph imports QtTest inside
# try/except ImportError, for its own test helpers only.
QT_OPTIONAL = frozenset({"QtTest"})
QT_MODULES = (
    "Qt3DAnimation Qt3DCore Qt3DExtras Qt3DInput Qt3DLogic Qt3DRender QtBluetooth "
    "QtCanvasPainter QtCharts QtConcurrent QtCore QtDBus QtDataVisualization QtDesigner "
    "QtGraphs QtGraphsWidgets QtGui QtHelp QtHttpServer QtLocation QtMultimedia "
    "QtMultimediaWidgets QtNetwork QtNetworkAuth QtNfc QtOpenGL QtOpenGLWidgets QtPdf "
    "QtPdfWidgets QtPositioning QtPrintSupport QtQml QtQuick QtQuick3D QtQuickControls2 "
    "QtQuickTest QtQuickWidgets QtRemoteObjects QtScxml QtSensors QtSerialBus QtSerialPort "
    "QtSpatialAudio QtSql QtStateMachine QtSvg QtSvgWidgets QtTest QtTextToSpeech QtUiTools "
    "QtWebChannel QtWebEngineCore QtWebEngineQuick QtWebEngineWidgets QtWebSockets QtWebView "
    "QtWidgets QtXml"
).split()

EXCLUDES: list[str] = [
    # development and test tools: the clean build venv lacks them anyway
    "pytest",
    "_pytest",
    "pytestqt",
    "mypy",
    "ruff",
    "psutil",
    "IPython",
    "tkinter",
    "matplotlib",
    "PyQt5",
    "PyQt6",
    "PySide2",
    # pyqtgraph parts the app does not use (3D, Jupyter, examples, CUDA)
    "pyqtgraph.opengl",
    "pyqtgraph.examples",
    "pyqtgraph.jupyter",
    "cupy",
    "OpenGL",
    "scipy",
    "h5py",
    "colorcet",
    # psycopg's optional pure-C path and pool are not used (psycopg_binary is)
    "psycopg_c",
    "psycopg_pool",
] + [f"PySide6.{name}" for name in QT_MODULES if name not in QT_KEEP]

# lingua-language-detector is one 100 MB library with all 75 language models
# compiled in: alone it breaks the size budget (300 MB unpacked, 110 MB
# compressed).  The bundle leaves it out and warroom.analysis.language falls
# back to script, function-word and Malay/Indonesian marker-word detection
# (tests/test_analysis_without_lingua.py).  A lingua wheel built with only the
# brand's languages can be put back in with LINGUA_WHEEL (see README.md).
if not os.environ.get("LINGUA_WHEEL"):
    EXCLUDES.append("lingua")

# Qt libraries, plugins and data the hooks may collect although the kept
# modules never load them.  Matched against the bundle path (POSIX form).
DROP_QT_LIBS = (
    "Qt6Qml",
    "Qt6Quick",
    "Qt6Pdf",
    "Qt6WebEngine",
    "Qt63D",
    "Qt6Multimedia",
    "Qt6VirtualKeyboard",
    "Qt6Designer",
    "Qt6Lottie",
    "Qt6Labs",
    "Qt6Charts",
    "Qt6Graphs",
    "Qt6Test",
    "Qt6Sql",
    "Qt6Help",
    "Qt6Network",  # nothing loads it: HTTP goes through requests
    "Qt6WaylandCompositor",
    "Qt6EglFS",  # matched case-insensitively: EglFSDeviceIntegration, EglFsKmsSupport
)
DROP_QT_PLUGINS = (
    "plugins/platforms/libqeglfs",
    "plugins/platforms/libqlinuxfb",
    "plugins/platforms/libqvnc",
    "plugins/platforms/libqvkkhrdisplay",
    "plugins/platforms/libqminimalegl",
    # The GTK3 theme plugin drags the whole GTK/GDK/ATK/cairo/pango stack
    # (~20 MB) into the bundle; the xdg-desktop-portal theme covers GNOME/KDE.
    "plugins/platformthemes/libqgtk3",
    "plugins/generic/libqtuiotouchplugin",  # TUIO over the network: needs QtNetwork
    # image formats nothing in the app reads or writes (it uses PNG, SVG, ICO)
    "plugins/imageformats/libqtiff",
    "plugins/imageformats/libqwebp",
    "plugins/imageformats/libqicns",
    "plugins/imageformats/libqtga",
    "plugins/imageformats/libqwbmp",
    "plugins/egldeviceintegrations/",
    "plugins/imageformats/libqpdf",  # needs QtPdf; QPdfWriter lives in QtGui
    "plugins/qmltooling/",
    "plugins/qmllint/",
    "plugins/designer/",
    "plugins/sqldrivers/",
    "plugins/networkinformation/",
    "plugins/tls/",
    "plugins/wayland-graphics-integration-server/",
    "plugins/vectorimageformats/",
    "/qml/",
)


def _posix(path: str) -> str:
    return "/" + str(path).replace("\\", "/")


def keep_binary(dest: str) -> bool:
    """Whether a shared library or plugin collected by the hooks stays in the bundle."""
    path = _posix(dest)
    name = path.rsplit("/", 1)[-1].lower()
    if any(lib.lower() in name for lib in DROP_QT_LIBS):
        return False
    return not any(part in path for part in DROP_QT_PLUGINS)


def keep_data(dest: str) -> bool:
    """Whether a data file collected by the hooks stays: Qt's own translations do not.

    The app's interface languages (English, Malay) come from
    resources/translations; Qt ships no Malay catalogue, so its ~14 MB of
    translations would only translate a few stock dialog buttons.
    """
    path = _posix(dest)
    if "/PySide6/Qt/translations/" in path:
        return False
    if any(part in path for part in DROP_QT_PLUGINS):
        return False
    return "/pyqtgraph/examples/" not in path


# System libraries only the dropped plugins needed: packaging/prune_libs.py
# removes them and whatever only they needed, after PyInstaller has run.
PRUNE_SEEDS: tuple[str, ...] = ("libgtk-3.so.0",)


PLATFORM_HIDDEN_IMPORTS: dict[str, list[str]] = {
    "linux": ["secretstorage", "jeepney", "keyring.backends.SecretService"],
    "darwin": ["keyring.backends.macOS"],
    "win32": ["keyring.backends.Windows", "win32ctypes.core"],
}


def version() -> str:
    """The version of the installed warroom distribution (the build venv's)."""
    try:
        return importlib.metadata.version("warroom")
    except importlib.metadata.PackageNotFoundError:
        text = (Path(__file__).resolve().parents[1] / "warroom" / "__init__.py").read_text()
        return text.split('__version__ = "', 1)[1].split('"', 1)[0]

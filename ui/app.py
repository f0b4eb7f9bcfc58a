"""Starting the window: the application object, the store, first paint, screenshots."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

FIRST_PAINT_ENV = "WARROOM_REPORT_FIRST_PAINT"  # bench: print when painted, then quit


def run_gui(
    *,
    screenshot: str | None = None,
    size: tuple[int, int] = (1600, 900),
    demo: bool = False,
    wall: bool = False,
    language: str | None = None,
    theme_name: str | None = None,
) -> int:
    """Open the window; with `screenshot`, render it offscreen to a PNG and exit.

    `language` and `theme_name` override the saved settings for this run only
    (nothing is saved); `wall` starts in wall mode (the projector's layout)."""
    if screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.qt import Qt, QtCore, QtWidgets, plain
    from warroom import settings
    from warroom.errors import UserError
    from warroom.store.db import open_store

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("Warroom")
    app.setOrganizationName("Warroom")
    from resources.icons import icon_files
    from ui.qt import QtGui

    icon = QtGui.QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    app.setWindowIcon(icon)
    app.setDesktopFileName("warroom")  # matches packaging/warroom.desktop (Wayland)
    prefs = settings.Settings()
    author = prefs.get(settings.USER_NAME)
    from ui import i18n, theme

    i18n.install(app, language or prefs.get(settings.UI_LANGUAGE))
    theme.apply(app, theme_name or prefs.get(settings.THEME))
    if theme_name:
        app.setProperty("warroom_theme", theme_name)  # leaving wall mode returns to it
    try:
        store = open_store()
        with store.engine.connect() as conn:  # a plain query: no plan machinery at start
            has_plan = conn.exec_driver_sql("SELECT 1 FROM plan_versions LIMIT 1").first()
        if has_plan is None:
            from warroom.plan.store import ensure_default_plan

            ensure_default_plan(store)
    except UserError as exc:
        if screenshot or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
            print(f"warroom: error: {exc}", file=sys.stderr)
        else:
            QtWidgets.QMessageBox.critical(None, "Warroom", plain(str(exc)))
        return 2

    from ui.main_window import MainWindow

    _install_excepthook()
    window = MainWindow(store, author)
    window.relaunch_requested.connect(lambda: _relaunch(app, window))
    if demo and window.store_is_empty():
        from warroom.demo import load_demo

        load_demo(store, author=author)
        window.refresh_all()

    if screenshot:
        return _screenshot(app, window, Path(screenshot), size, wall=wall)
    if wall:
        QtCore.QTimer.singleShot(0, window.toggle_wall_mode)

    if not window.ui_state.contains("window/geometry"):
        screen = app.primaryScreen()  # first start: fit the screen it opens on
        if screen is not None and screen.availableGeometry().width() > 0:
            available = screen.availableGeometry().size()
            window.resize_first(
                min(size[0], available.width()), min(size[1], available.height())
            )
            if available.width() <= size[0] or available.height() <= size[1]:
                window.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            window.resize(*size)
    window.show()
    if os.environ.get(FIRST_PAINT_ENV):
        _report_first_paint(app, window)
    if window.store_is_empty():
        QtCore.QTimer.singleShot(0, lambda: _welcome(window))
    code = app.exec()
    from ui import tasks

    tasks.wait_all()
    store.close()
    return int(code)


def _install_excepthook() -> None:
    """An error escaping a Qt slot is logged and shown in one line; the window stays up."""
    import logging
    import traceback

    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: object) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)  # type: ignore[arg-type]
            return
        logging.getLogger("warroom").error("".join(traceback.format_exception(kind, exc, tb)))  # type: ignore[arg-type]
        from ui.qt import QtWidgets, plain

        if (
            QtWidgets.QApplication.instance() is not None
            and os.environ.get("QT_QPA_PLATFORM") != "offscreen"
        ):
            QtWidgets.QMessageBox.warning(
                None,
                "Warroom",
                plain(f"Something went wrong and was not saved: {kind.__name__}: {exc}"),
            )

    sys.excepthook = hook


def _relaunch(app: object, old: object) -> None:
    """Rebuild the window in the newly chosen interface language, keeping the layout."""
    from ui import i18n
    from ui.main_window import MainWindow
    from ui.qt import QtWidgets
    from warroom import settings

    assert isinstance(old, MainWindow) and isinstance(app, QtWidgets.QApplication)
    prefs = settings.Settings()
    i18n.install(app, prefs.get(settings.UI_LANGUAGE))
    old.save_layout()
    old.persist_layout = False
    window = MainWindow(old.store, prefs.get(settings.USER_NAME))
    window.relaunch_requested.connect(lambda: _relaunch(app, window))
    app.setProperty("warroom_window", window)  # keep a Python reference
    window.show()
    old.close()
    old.deleteLater()


def _welcome(window: object) -> None:
    from ui.main_window import MainWindow
    from ui.welcome import WelcomeDialog

    assert isinstance(window, MainWindow)
    dialog = WelcomeDialog(window)
    dialog.load_demo.connect(window.load_demo)
    dialog.import_plan.connect(window.import_plan)
    dialog.add_source.connect(window.show_sources)
    dialog.open()


def _screenshot(
    app: object, window: object, path: Path, size: tuple[int, int], *, wall: bool = False
) -> int:
    from ui.main_window import MainWindow
    from ui.qt import QtWidgets

    assert isinstance(window, MainWindow) and isinstance(app, QtWidgets.QApplication)
    window.resize_first(*size)
    window.show()
    window.graph.load()
    for _ in range(5):
        app.processEvents()
    window.apply_default_proportions()  # as at a first start of this size
    for _ in range(5):
        app.processEvents()
    if wall:
        window.toggle_wall_mode(full_screen=False)  # the projector's size, not this screen's
        window.resize(*size)
        for _ in range(5):
            app.processEvents()
    window.grab()  # a first render lets rows fit the fonts painted (as a second on screen)
    for _ in range(5):
        app.processEvents()
    image = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        print(f"warroom: error: cannot write the screenshot to {path}", file=sys.stderr)
        return 2
    window.persist_layout = False
    window.close()
    print(path)
    return 0


def _report_first_paint(app: object, window: object) -> None:
    """For bench/: print the moment the window first painted and quit."""
    from ui.qt import QtCore, QtWidgets

    assert isinstance(app, QtWidgets.QApplication) and isinstance(window, QtWidgets.QWidget)

    def settled() -> None:
        window.graph.load()  # type: ignore[attr-defined]
        app.processEvents()
        print(f"rss {_rss_bytes()}", flush=True)
        app.quit()

    class _PaintWatch(QtCore.QObject):
        def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
            if event.type() == QtCore.QEvent.Type.Paint:
                obj.removeEventFilter(self)
                print(f"first-paint {time.time():.6f}", flush=True)
                QtCore.QTimer.singleShot(0, settled)
            return False

    watch = _PaintWatch(window)
    window.installEventFilter(watch)


def _rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

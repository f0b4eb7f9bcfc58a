"""“Export incident report…”: a save dialog, then the PDF written in the background.

`export_incident_report(window, store, incident_id)` asks where to save,
then runs `warroom.reports.pdf.write_report` through `ui.tasks.Operation`
(the "db" pool) with a cancellable progress dialog.  The report's fonts are
registered on the UI thread first; the worker only lays out a QTextDocument
and paints onto a QPdfWriter (neither is a widget, both work off the UI
thread).  `report_action(window, store, current_incident_id)` builds the
menu action with its shortcut for the lead to add to the File menu.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ui.qt import QtCore, QtGui, QtWidgets, plain
from ui.tasks import Operation, Task
from warroom.store.db import Store

SHORTCUT = "Ctrl+Shift+E"


def default_file_name(title: str) -> str:
    """A safe file name from the incident title: letters, digits, dashes."""
    slug = re.sub(r"[^\w-]+", "-", title, flags=re.UNICODE).strip("-")[:60] or "incident"
    return f"incident-report-{slug}.pdf"


def export_incident_report(
    parent: QtWidgets.QWidget,
    store: Store,
    incident_id: str | None,
    *,
    path: str | None = None,
    page_size: str = "A4",
    on_written: Callable[[Path], None] | None = None,
) -> Operation | None:
    """Ask for a file (unless `path` is given) and write the report in the background."""
    from warroom.incidents import service
    from warroom.reports.fonts import register_fonts
    from warroom.reports.pdf import Cancelled, write_report

    if incident_id is None:
        QtWidgets.QMessageBox.information(
            parent,
            QtCore.QCoreApplication.translate("ReportAction", "Incident report"),
            QtCore.QCoreApplication.translate("ReportAction", "There is no incident to report on."),
        )
        return None
    from warroom.errors import UserError

    try:
        with store.session() as session:
            title = service.get_incident(session, incident_id).title
    except UserError as exc:
        QtWidgets.QMessageBox.warning(
            parent,
            QtCore.QCoreApplication.translate("ReportAction", "Incident report"),
            plain(str(exc)),
        )
        return None
    if path is None:
        start = str(Path.home() / default_file_name(title))
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            parent,
            QtCore.QCoreApplication.translate("ReportAction", "Export incident report"),
            start,
            QtCore.QCoreApplication.translate("ReportAction", "PDF files (*.pdf)"),
        )
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
    register_fonts()  # on the UI thread, before the worker lays out text
    target = Path(path)

    dialog = QtWidgets.QProgressDialog(
        QtCore.QCoreApplication.translate("ReportAction", "Writing the incident report…"),
        QtCore.QCoreApplication.translate("ReportAction", "Cancel"),
        0,
        100,
        parent,
    )
    dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def work(task: Task) -> tuple[Path, int, str]:
        return write_report(store, incident_id, target, page_size=page_size, progress=task.progress)

    def done(result: object) -> None:
        dialog.reset()
        written = result[0] if isinstance(result, tuple) else target
        if on_written is not None:
            on_written(written)
        else:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(written)))

    def failed(exc: BaseException) -> None:
        dialog.reset()
        if isinstance(exc, Cancelled):
            return
        QtWidgets.QMessageBox.warning(
            parent,
            QtCore.QCoreApplication.translate("ReportAction", "Incident report"),
            plain(str(exc)),
        )

    op = Operation(parent, work, done).on_failure(failed)
    op.on_progress(lambda d, t: dialog.setValue(int(100 * d / max(t, 1))))
    dialog.canceled.connect(op.cancel)
    return op.run("db")


def report_action(
    window: QtWidgets.QWidget, store: Store, current_incident_id: Callable[[], str | None]
) -> QtGui.QAction:
    """The “Export incident report…” action (Ctrl+Shift+E) for the File menu."""
    action = QtGui.QAction(
        QtCore.QCoreApplication.translate("ReportAction", "&Export incident report…"), window
    )
    action.setShortcut(QtGui.QKeySequence(SHORTCUT))
    action.setStatusTip(
        QtCore.QCoreApplication.translate(
            "ReportAction", "Write the current incident's report as a PDF"
        )
    )
    action.triggered.connect(lambda: export_incident_report(window, store, current_incident_id()))
    return action

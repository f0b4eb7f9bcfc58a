"""The window's “Export incident report…”: the PDF is written on a worker thread."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.incident_fixtures import build_incident
from warroom.store.db import Store


def test_default_file_name_is_safe() -> None:
    from ui.report_action import default_file_name

    assert default_file_name("../../etc/passwd <x>") == "incident-report-etc-passwd-x.pdf"
    assert default_file_name("Keracunan: latte 咖啡") == "incident-report-Keracunan-latte-咖啡.pdf"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_export_runs_on_a_worker_thread_and_writes_a_readable_pdf(
    store: Store, qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import tasks
    from ui.qt import QtWidgets
    from ui.report_action import export_incident_report, report_action
    from warroom.reports import pdf

    built = build_incident(store)
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    threads: list[bool] = []
    real = pdf.paint_document

    def spy(*args: object, **kwargs: object) -> int:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "paint_document", spy)
    written: list[Path] = []
    target = tmp_path / "from-window.pdf"
    op = export_incident_report(
        parent, store, built.incident_id, path=str(target), on_written=written.append
    )
    assert op is not None
    qtbot.waitUntil(lambda: bool(written), timeout=30000)  # type: ignore[attr-defined]
    tasks.wait_all()
    assert written == [target] and threads == [False]
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Food poisoning claims: Gula Melaka Latte" in text

    action = report_action(parent, store, lambda: built.incident_id)
    assert action.shortcut().toString() == "Ctrl+Shift+E"

"""Cold start to first painted window, and resident memory with the demo loaded.

Each run starts a fresh interpreter (`python -m warroom gui`, offscreen) on a
store holding the demo and measures from process spawn to the window's first
paint event.  The reference, measured alternately in the same run, is a bare
script that imports PySide6, pyqtgraph and SQLAlchemy and shows an empty window.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

from bench.registry import Figure

RUNS = 7
REFERENCE = r"""
import time, sys
from PySide6 import QtCore, QtWidgets
import pyqtgraph, sqlalchemy
app = QtWidgets.QApplication(sys.argv[:1])
w = QtWidgets.QMainWindow(); w.resize(1600, 900)
class Watch(QtCore.QObject):
    def eventFilter(self, obj, event):
        if event.type() == QtCore.QEvent.Type.Paint:
            print(f"first-paint {time.time():.6f}", flush=True); QtCore.QTimer.singleShot(0, app.quit)
        return False
f = Watch(); w.installEventFilter(f); w.show(); app.exec()
"""


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int | None]:
    start = time.time()
    out = subprocess.run(
        cmd, capture_output=True, text=True, env=env, timeout=120, check=True
    ).stdout
    painted = next(
        float(line.split()[1]) for line in out.splitlines() if line.startswith("first-paint")
    )
    rss = next((int(line.split()[1]) for line in out.splitlines() if line.startswith("rss")), None)
    return painted - start, rss


def figures() -> Iterator[Figure]:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "WARROOM_HOME": home,
            "QT_QPA_PLATFORM": "offscreen",
            "WARROOM_REPORT_FIRST_PAINT": "1",
        }
        subprocess.run(
            [sys.executable, "-m", "warroom", "demo"],
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
        app_cmd = [sys.executable, "-m", "warroom", "gui"]
        ref_cmd = [sys.executable, "-c", REFERENCE]
        _timed(app_cmd, env)  # warm the page cache for both, as a laptop would be
        _timed(ref_cmd, env)
        app_times, ref_times, rss = [], [], []
        for _ in range(RUNS):
            seconds, resident = _timed(app_cmd, env)
            app_times.append(seconds)
            if resident:
                rss.append(resident)
            ref_times.append(_timed(ref_cmd, env)[0])
        app_median = statistics.median(app_times)
        ref_median = statistics.median(ref_times)
        yield Figure(
            "startup_first_paint",
            app_median,
            "s",
            ref_median,
            "s",
            f"median of {RUNS}; ratio {app_median / ref_median:.2f}x",
        )
        yield Figure(
            "startup_rss_with_demo",
            statistics.median(rss) / 2**20,
            "MB",
            note="resident memory after start, graph built, demo loaded",
        )


if __name__ == "__main__":
    for fig in figures():
        print(fig.line())

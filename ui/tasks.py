"""Background work: the one mechanism that leaves the UI thread.

    Operation(parent, work, on_done).on_failure(show_error).with_progress(bar)
        .run("db")

`work(task)` runs on a pool thread and may call `task.progress(done, total)`
and check `task.cancelled`; `on_done(result)` and `on_failure(exc)` run on the
UI thread.  Two pools: "db", serialized (one writer at a time on SQLite), and
"net", parallel, for the network.  Every running Operation is referenced
from `_running` until its signal has fired, so Qt cannot collect it early.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from ui.qt import QtCore, Signal

log = logging.getLogger(__name__)

_pools: dict[str, QtCore.QThreadPool] = {}
_running: set[Operation] = set()


def pool(name: str) -> QtCore.QThreadPool:
    if name not in _pools:
        created = QtCore.QThreadPool()
        created.setMaxThreadCount(1 if name == "db" else 4)
        _pools[name] = created
    return _pools[name]


def wait_all(timeout_ms: int = 30000) -> None:
    """Wait for background work (at quit, and in tests)."""
    for each in _pools.values():
        each.waitForDone(timeout_ms)


class Task:
    """What the work function sees: progress reporting and cancellation."""

    def __init__(self, op: Operation) -> None:
        self._op = op
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, done: int, total: int) -> bool:
        """Report progress; returns False once the user has cancelled."""
        self._op.progressed.emit(done, total)
        return not self._cancel.is_set()


class _Runnable(QtCore.QRunnable):
    def __init__(self, op: Operation) -> None:
        super().__init__()
        self.op = op

    def run(self) -> None:
        try:
            result = self.op.work(self.op.task)
        except BaseException as exc:  # reported to the UI thread, never lost
            self.op.failed.emit(exc)
        else:
            self.op.succeeded.emit(result)


class Operation(QtCore.QObject):
    """One piece of background work with callbacks on the UI thread.

    Signals:
        progressed(done, total): from the work function's task.progress().
        succeeded(result), failed(exception): exactly one fires.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QtCore.QObject | None,
        work: Callable[[Task], Any],
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.work = work
        self.task = Task(self)
        self._on_done = on_done
        self._on_failure: Callable[[BaseException], None] | None = None
        self.succeeded.connect(self._finish_ok)
        self.failed.connect(self._finish_failed)

    def on_failure(self, callback: Callable[[BaseException], None]) -> Operation:
        self._on_failure = callback
        return self

    def on_progress(self, callback: Callable[[int, int], None]) -> Operation:
        self.progressed.connect(callback)
        return self

    def run(self, pool_name: str = "db") -> Operation:
        _running.add(self)
        pool(pool_name).start(_Runnable(self))
        return self

    def cancel(self) -> None:
        self.task.cancel()

    def _finish_ok(self, result: Any) -> None:
        _running.discard(self)
        if self._on_done is not None:
            self._on_done(result)

    def _finish_failed(self, exc: BaseException) -> None:
        _running.discard(self)
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            log.error("background work failed", exc_info=exc)

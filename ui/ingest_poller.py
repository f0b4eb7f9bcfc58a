"""Polls each enabled source on its own interval, off the UI thread.

A timer on the UI thread looks every few seconds for sources that are due and
starts one `ui.tasks.Operation` per due source on the "net" pool; the work
(fetch, score, store page by page) runs there, never on the UI thread, and
each source has at most one poll in flight.  A source whose rate limit is
spent waits for its reset.  New mentions reach the panes through the engine
events (MENTIONS_ADDED, SOURCE_HEALTH) the ingest publishes.

Signals:
    polled(name, result): a poll finished (result: warroom.sources.ingest.IngestResult).
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from ui.qt import QtCore, Signal
from ui.tasks import Operation, Task
from warroom.store.db import Store
from warroom.store.models import Source, utcnow

log = logging.getLogger(__name__)


class IngestPoller(QtCore.QObject):
    """Schedules polls; `start()` begins, `stop()` cancels what runs (at quit)."""

    polled = Signal(str, object)

    def __init__(
        self, store: Store, parent: QtCore.QObject | None = None, *, tick_ms: int = 5000
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._next_due: dict[str, float] = {}
        self._running: dict[str, Operation] = {}
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)

    @property
    def running(self) -> set[str]:
        return set(self._running)

    def start(self) -> None:
        self._timer.start()
        QtCore.QTimer.singleShot(0, self.tick)

    def stop(self) -> None:
        self._timer.stop()
        for op in self._running.values():
            op.cancel()

    def poll_now(self, name: str) -> bool:
        """Poll one source right away (if it is not already being polled)."""
        if name in self._running:
            return False
        self._launch(name)
        return True

    def tick(self) -> None:
        now = time.monotonic()
        for name, interval, wait in self._sources():
            if name in self._running:
                continue
            due = self._next_due.get(name, 0.0)
            if wait > 0:
                due = max(due, now + wait)
                self._next_due[name] = due
            if now >= due:
                self._next_due[name] = now + interval
                self._launch(name)

    def _sources(self) -> list[tuple[str, int, float]]:
        """(name, interval s, seconds until a spent rate limit resets) of enabled sources."""
        now = datetime.now(UTC)
        with self.store.session() as session:
            rows = session.execute(
                select(
                    Source.name,
                    Source.interval_s,
                    Source.health,
                    Source.rate_limit_reset_at,
                    Source.kind,
                ).where(Source.enabled.is_(True))
            ).all()
        found = []
        for name, interval, health, reset_at, kind in rows:
            if kind == "file":
                continue  # files are imported, not polled
            wait = 0.0
            if health == "limited" and reset_at is not None:
                wait = max(0.0, (reset_at - now).total_seconds())
            found.append((name, max(30, int(interval or 300)), wait))
        return found

    def _launch(self, name: str) -> None:
        def work(task: Task) -> Any:
            from warroom.sources.ingest import poll  # requests, keyring: not needed to start

            result = poll(self.store, name, should_stop=lambda: task.cancelled)
            from warroom import alerts

            alerts.after_poll(self.store)  # a silent source, a breached clock
            if result.stored:
                # new mentions: run the spike detector over the buckets they completed
                from warroom import alerts
                from warroom.detection.monitor import DEFAULT_BUCKET

                alerts.watch(self.store, since=utcnow() - 2 * DEFAULT_BUCKET)
            return result

        def done(result: Any) -> None:
            self._running.pop(name, None)
            self.polled.emit(name, result)

        def failed(exc: BaseException) -> None:
            self._running.pop(name, None)
            log.error("polling %s failed: %s", name, exc)
            self.polled.emit(name, _failed(name, health="error", error=f"source {name!r}: {exc}"))

        op = Operation(self, work, done).on_failure(failed)
        self._running[name] = op
        op.run("net")


def _failed(name: str, **fields: Any) -> Any:
    from warroom.sources.ingest import IngestResult

    return IngestResult(name, **fields)

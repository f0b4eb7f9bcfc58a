"""The program's notion of "now", which a drill can run faster than the wall clock.

`models.utcnow()` (every default timestamp, every "now" of the engine) asks
this module.  Outside a drill it is the wall clock.  While a drill replays
at speed N, `run_virtual()` installs a `VirtualClock` so alerts, incident
entries, ticks and messages are stamped on the drill's clock and the
debrief's intervals mean scenario minutes, not wall-clock seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

_source: Callable[[], datetime] | None = None
_lock = threading.Lock()


def wall_now() -> datetime:
    return datetime.now(UTC)


def now() -> datetime:
    source = _source
    return source() if source is not None else datetime.now(UTC)


class VirtualClock:
    """Scenario time: starts at `start` and runs `speed` times the wall clock.

    `speed` None runs as fast as the caller advances it (`advance_to`); a
    paused clock stands still.  Thread-safe: the window's background tasks
    read it while the UI thread changes speed.
    """

    def __init__(self, start: datetime, speed: float | None = 1.0) -> None:
        self._lock = threading.Lock()
        self._base = start
        self._wall = time.monotonic()
        self._speed = speed
        self.paused = False

    @property
    def speed(self) -> float | None:
        return self._speed

    def now(self) -> datetime:
        with self._lock:
            if self._speed is None or self.paused:
                return self._base
            return self._base + timedelta(seconds=(time.monotonic() - self._wall) * self._speed)

    def _rebase(self) -> None:
        current = self.now()
        self._base, self._wall = current, time.monotonic()

    def set_speed(self, speed: float | None) -> None:
        self._rebase()
        with self._lock:
            self._speed = speed

    def pause(self, paused: bool) -> None:
        self._rebase()
        with self._lock:
            self.paused = paused

    def advance_to(self, moment: datetime) -> None:
        """Jump forward (never back) — for `speed` None and for skipping quiet stretches."""
        with self._lock:
            if moment > self._base:
                self._base = moment
            self._wall = time.monotonic()


def install(clock: VirtualClock | None) -> None:
    """Make `now()` follow `clock` (None: the wall clock again)."""
    global _source
    with _lock:
        _source = clock.now if clock is not None else None


@contextmanager
def run_virtual(clock: VirtualClock) -> Iterator[VirtualClock]:
    install(clock)
    try:
        yield clock
    finally:
        install(None)

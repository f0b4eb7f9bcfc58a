"""Helper processes for scoring backfills on more than one core.

A `Helper` is one long-lived process (spawned, not forked: the parent may run
threads) that answers each message sent to it with `handler(message)`, in
order, through a pair of one-way pipes.  The parent does all its sending and
receiving from the calling thread, with no thread of its own in between, so
a parent that is busy computing never keeps a helper waiting for its next
message or for its answer to be taken (a thread would have to win the GIL
from the busy parent first: with `concurrent.futures`' process pool that left
the helper idle about a quarter of the time).  In the helper, answers go out
through a writer thread, so the helper reads its next message while an
answer waits in the pipe; on Linux the pipes are widened to 1 MiB so that
several messages and answers fit in them.

`helpers(count)` gives the process-wide set (started on first use, kept for
the process's life, stopped at exit), or None while another thread uses it.
"""

from __future__ import annotations

import atexit
import multiprocessing
import pickle
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

PIPE_BYTES = 1 << 20

Handler = Callable[[Any], Any]


class HelperDied(RuntimeError):
    """The helper process ended (or its pipe broke) before answering."""


def _widen(conn: Connection) -> None:
    try:
        import fcntl

        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or a system limit: the default pipe size works, a little slower


def _serve(handler: Handler, inbox: Connection, outbox: Connection) -> None:
    """The helper process: answer each message in order until the parent hangs up."""
    answers: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def write() -> None:
        while (data := answers.get()) is not None:
            try:
                outbox.send_bytes(data)
            except OSError:
                return  # the parent is gone

    writer = threading.Thread(target=write, name="warroom-helper-writer", daemon=True)
    writer.start()
    try:
        while True:
            try:
                message = pickle.loads(inbox.recv_bytes())
            except (EOFError, OSError):
                break
            try:
                answer = ("ok", handler(message))
            except Exception as exc:  # reported to the parent, which redoes the work itself
                answer = ("error", f"{type(exc).__name__}: {exc}")
            answers.put(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        answers.put(None)
        writer.join()


class Helper:
    """One helper process; `send` messages, then `receive` the answers in the same order."""

    def __init__(self, handler: Handler) -> None:
        context = multiprocessing.get_context("spawn")
        inbox, self._to_helper = context.Pipe(duplex=False)
        self._from_helper, outbox = context.Pipe(duplex=False)
        _widen(self._to_helper)
        _widen(self._from_helper)
        self.process = context.Process(
            target=_serve,
            args=(handler, inbox, outbox),
            name="warroom-analysis-helper",
            daemon=True,
        )
        self.process.start()
        inbox.close()
        outbox.close()
        self.waiting = 0  # messages sent and not yet answered
        self.alive = True
        self.state: Any = None  # for the caller: what this helper has been told so far

    def send(self, message: Any) -> None:
        try:
            self._to_helper.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as exc:
            self.alive = False
            self.waiting = 0
            raise HelperDied(str(exc)) from exc
        self.waiting += 1

    def ready(self) -> bool:
        """Whether an answer can be received without waiting."""
        if not self.alive or not self.waiting:
            return False
        try:
            return self._from_helper.poll()
        except OSError:
            return True  # receive() will report it

    def receive(self) -> tuple[str, Any]:
        """("ok", answer) or ("error", what went wrong) for the oldest unanswered message."""
        try:
            status, answer = pickle.loads(self._from_helper.recv_bytes())
        except (EOFError, OSError) as exc:
            self.alive = False
            self.waiting = 0  # no answer will come
            raise HelperDied("the analysis helper process ended") from exc
        self.waiting -= 1
        return status, answer

    def close(self) -> None:
        self.alive = False
        for conn in (self._to_helper, self._from_helper):
            conn.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=5)


_lock = threading.Lock()
_in_use = threading.Lock()
_helpers: list[Helper] = []
_handler: Handler | None = None


@contextmanager
def helpers(count: int, handler: Handler) -> Iterator[list[Helper] | None]:
    """The process-wide `count` helpers answering with `handler` (started when first
    needed, replaced when one died), or None while another thread is using them."""
    global _handler
    if not _in_use.acquire(blocking=False):
        yield None
        return
    try:
        with _lock:
            if _handler is not handler or len(_helpers) != count:
                _stop_all()
            _helpers[:] = [h for h in _helpers if h.alive and h.process.is_alive()]
            while len(_helpers) < count:
                _helpers.append(Helper(handler))
            _handler = handler
        yield _helpers
    finally:
        _in_use.release()


def _stop_all() -> None:
    while _helpers:
        _helpers.pop().close()


def stop() -> None:
    """Stop the helper processes (they start again when next needed)."""
    with _in_use, _lock:
        _stop_all()


def _at_exit() -> None:
    # best effort, without waiting for a thread that may still be scoring
    for helper in list(_helpers):
        try:
            helper.close()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass


atexit.register(_at_exit)

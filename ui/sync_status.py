"""Team sync in the status bar: its state, and the loop that keeps laptops in step.

`SyncStatus` is a status-bar label ("● Team: synced 14:02:11" or "● Team
offline since 14:02 — 5 changes wait") that also drives team sync, with
`ui.tasks.Operation` as its only background mechanism:

* a sync round runs on the "net" pool every second while online (every five
  while offline, so reconnecting needs nobody), at once after a local change
  the engine announces, and at once when another laptop's push is announced;
* a listener Operation waits on PostgreSQL LISTEN/NOTIFY and reports each
  other laptop's push through its progress signal, which Qt delivers on the
  UI thread, where the next round starts.

Rounds never overlap; a request during a round runs right after it.  In solo
mode (no team server set) the label stays hidden and nothing runs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ui.qt import QtCore, QtWidgets, Signal, plain
from ui.tasks import Operation, Task
from warroom import events
from warroom.store.db import Store
from warroom.store.models import utcnow
from warroom.sync import team
from warroom.sync.server import ServerUnreachable, TeamUrl

if TYPE_CHECKING:
    from warroom.sync import engine

log = logging.getLogger(__name__)

ONLINE_MS = 1000
OFFLINE_MS = 5000
LOCAL_EVENTS = (
    events.MENTIONS_ADDED,
    events.INCIDENT_CHANGED,
    events.TIMELINE_APPENDED,
    events.PLAN_CHANGED,
    events.CONTACTS_CHANGED,
    events.ALERT_RAISED,
    events.STORE_RESET,
)


@dataclass(frozen=True)
class Offline:
    """What a round that could not reach the server returns."""

    message: str
    since: datetime
    waiting: int


class SyncStatus(QtWidgets.QLabel):
    """Status-bar label and background loop of team sync.

    Signals: synced(report) after each round that reached the server,
    went_offline(message) when the server becomes unreachable.
    """

    synced = Signal(object)
    went_offline = Signal(str)
    _local_change = Signal()

    def __init__(
        self,
        store: Store,
        parent: QtWidgets.QWidget | None = None,
        *,
        team_url: TeamUrl | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statusSync")
        self.store = store
        self.team = team_url if team_url is not None else team.team_url()
        self.syncer: engine.Syncer | None = None
        if self.team:  # psycopg and the sync engine load only in team mode
            from warroom.sync import engine

            self.syncer = engine.Syncer(store, self.team)
        self.online: bool | None = None
        self.last_sync: datetime | None = None
        self.offline: Offline | None = None
        self._round: Operation | None = None
        self._listener: Operation | None = None
        self._again = False
        self._stopped = True
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self.sync_now)
        self._soon = QtCore.QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(100)
        self._soon.timeout.connect(self.sync_now)
        self._local_change.connect(self._soon.start)  # queued from any thread
        self.setVisible(self.team is not None)
        self._show()

    # the loop ------------------------------------------------------------------------

    def start(self) -> None:
        """Start syncing (no-op in solo mode)."""
        if self.syncer is None or not self._stopped:
            return
        self._stopped = False
        app = QtCore.QCoreApplication.instance()
        if app is not None:  # never leave the listener holding a pool thread at quit
            app.aboutToQuit.connect(self.stop)
        for name in LOCAL_EVENTS:
            events.subscribe(name, self._on_engine_event)
        self._timer.start(ONLINE_MS)
        self.sync_now()

    def stop(self, wait_ms: int = 5000) -> None:
        """Stop the loop and wait for the running round and listener to end."""
        if self._stopped:
            return
        self._stopped = True
        self._timer.stop()
        self._soon.stop()
        for name in LOCAL_EVENTS:
            events.unsubscribe(name, self._on_engine_event)
        for op in (self._round, self._listener):
            if op is not None:
                op.cancel()
        deadline = QtCore.QDeadlineTimer(wait_ms)
        flags = QtCore.QEventLoop.ProcessEventsFlag.AllEvents
        while self._busy() and not deadline.hasExpired():
            QtCore.QCoreApplication.processEvents(flags, 50)
        if self.syncer is not None and self._round is None:
            self.syncer.close()

    @property
    def listening(self) -> bool:
        """Whether the LISTEN/NOTIFY listener runs (after the first round that got through)."""
        return self._listener is not None

    def _busy(self) -> bool:
        return self._round is not None or self._listener is not None

    def sync_now(self) -> None:
        """Run a round now, or right after the one running."""
        if self._stopped or self.syncer is None:
            return
        if self._round is not None:
            self._again = True
            return
        syncer = self.syncer
        store = self.store

        def work(_task: Task) -> engine.RoundReport | Offline:
            try:
                return syncer.run_round()
            except ServerUnreachable as exc:
                from warroom.sync import engine

                state = engine.status(store)
                return Offline(str(exc), state.offline_since or utcnow(), state.waiting)

        self._round = Operation(None, work, self._round_done).on_failure(self._round_failed)
        self._round.run("net")

    def _round_done(self, result: Any) -> None:
        self._round = None
        if self._stopped:
            if self.syncer is not None:
                self.syncer.close()
            return
        if isinstance(result, Offline):
            if self.online is not False:
                self.went_offline.emit(result.message)
            self.online = False
            self.offline = result
            self._timer.setInterval(OFFLINE_MS)
        else:
            self.online = True
            self.offline = None
            self.last_sync = utcnow()
            self._timer.setInterval(ONLINE_MS)
            self._ensure_listener()
            self.synced.emit(result)
        self._show()
        if self._again:
            self._again = False
            self._soon.start()

    def _round_failed(self, exc: BaseException) -> None:
        """A round failed for another reason than the network: say so, retry later."""
        self._round = None
        if self._stopped:
            return
        log.warning("team sync round failed: %s", exc)
        self.setToolTip(plain(self.tr("Team sync failed: %s") % str(exc)))
        self.setText(self.tr("● Team sync failed"))
        self.setStyleSheet("color: #c62828; font-weight: bold;")

    def _ensure_listener(self) -> None:
        if self._listener is not None or self.team is None:
            return
        target = self.team
        mine = self.store.origin

        def listen(task: Task) -> None:
            from warroom.sync.server import Listener

            listener = Listener(target)
            try:
                while not task.cancelled:
                    if any(origin != mine for origin in listener.wait(0.5)):
                        task.progress(1, 1)  # delivered on the UI thread: pull now
            finally:
                listener.close()

        op = Operation(None, listen, self._listener_ended).on_failure(self._listener_ended)
        op.on_progress(lambda _done, _total: self.sync_now())
        self._listener = op.run("net")

    def _listener_ended(self, _result: object = None) -> None:
        self._listener = None  # restarted after the next round that reaches the server

    def _on_engine_event(self, **kwargs: Any) -> None:
        if kwargs.get("via") != "sync":  # our own pulls announce too: not a local change
            self._local_change.emit()

    # the label -------------------------------------------------------------------

    def _show(self) -> None:
        if self.team is None:
            self.setText("")
            return
        where = self.team.where()
        if self.offline is not None:
            waiting = self.offline.waiting
            text = self.tr("● Team offline since %s") % _local(self.offline.since)
            if waiting:
                text += " — " + (
                    self.tr("1 change waits")
                    if waiting == 1
                    else self.tr("%d changes wait") % waiting
                )
            self.setText(text)
            self.setToolTip(plain(self.offline.message))
            self.setStyleSheet("color: #c62828; font-weight: bold;")
        elif self.last_sync is not None:
            self.setText(self.tr("● Team: synced %s") % _local(self.last_sync, seconds=True))
            self.setToolTip(self.tr("Team server %s") % where)
            self.setStyleSheet("color: #2e7d32;")
        else:
            self.setText(self.tr("● Team: connecting…"))
            self.setToolTip(self.tr("Team server %s") % where)
            self.setStyleSheet("color: #616161;")


def _local(moment: datetime, *, seconds: bool = False) -> str:
    return moment.astimezone().strftime("%H:%M:%S" if seconds else "%d %b %H:%M")

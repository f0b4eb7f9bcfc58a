"""Turns engine events (warroom.events) into Qt signals on the UI thread.

The engine publishes from whatever thread it runs on; each signal here is
emitted from that thread and Qt queues it to receivers living on the UI
thread.  Handlers in the UI are named on_event_<name>.
"""

from __future__ import annotations

from ui.qt import QtCore, Signal
from warroom import events


class EngineBridge(QtCore.QObject):
    """Signals:
    mentions_added(count), source_health(source, health, message),
    incident_changed(incident_id), timeline_appended(incident_id),
    plan_changed(), contacts_changed(), alert_raised(alert_id, message),
    store_reset().
    """

    mentions_added = Signal(int)
    source_health = Signal(str, str, str)
    incident_changed = Signal(str)
    timeline_appended = Signal(str)
    plan_changed = Signal()
    contacts_changed = Signal()
    alert_raised = Signal(str, str)
    store_reset = Signal()

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._subscriptions = [
            (events.MENTIONS_ADDED, lambda count=0, **_: self.mentions_added.emit(int(count))),
            (
                events.SOURCE_HEALTH,
                lambda source="", health="", message="", **_: self.source_health.emit(
                    source, health, message
                ),
            ),
            (
                events.INCIDENT_CHANGED,
                lambda incident_id="", **_: self.incident_changed.emit(incident_id),
            ),
            (
                events.TIMELINE_APPENDED,
                lambda incident_id="", **_: self.timeline_appended.emit(incident_id),
            ),
            (events.PLAN_CHANGED, lambda **_: self.plan_changed.emit()),
            (events.CONTACTS_CHANGED, lambda **_: self.contacts_changed.emit()),
            (
                events.ALERT_RAISED,
                lambda alert_id="", message="", **_: self.alert_raised.emit(alert_id, message),
            ),
            (events.STORE_RESET, lambda **_: self.store_reset.emit()),
        ]
        self.attach()

    def attach(self) -> None:
        """Listen to the engine (again, after `detach`: a window set aside for a drill)."""
        for name, listener in self._subscriptions:
            events.subscribe(name, listener)

    def detach(self) -> None:
        for name, listener in self._subscriptions:
            events.unsubscribe(name, listener)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<EngineBridge {len(self._subscriptions)} events>"

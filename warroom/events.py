"""A small publish/subscribe hub: the engine announces, the UI listens.

The engine never knows about Qt.  It calls `events.publish("mentions_added",
count=…)`; ui/bridge.py subscribes and re-emits each event as a Qt signal,
which Qt delivers on the UI thread whatever thread published it.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Listener = Callable[..., None]

# Event names the engine publishes, with their keyword arguments.
MENTIONS_ADDED = "mentions_added"  # count: int, source: str
SOURCE_HEALTH = "source_health"  # source: str, health: str, message: str
INCIDENT_CHANGED = "incident_changed"  # incident_id: str
TIMELINE_APPENDED = "timeline_appended"  # incident_id: str, entry_id: str
PLAN_CHANGED = "plan_changed"  # version: int
CONTACTS_CHANGED = "contacts_changed"
ALERT_RAISED = "alert_raised"  # alert_id: str, message: str
STORE_RESET = "store_reset"  # the whole store changed (demo loaded)


class EventHub:
    """Thread-safe registry of listeners by event name."""

    def __init__(self) -> None:
        self._listeners: dict[str, list[Listener]] = defaultdict(list)
        self._lock = threading.Lock()

    def subscribe(self, name: str, listener: Listener) -> None:
        with self._lock:
            self._listeners[name].append(listener)

    def unsubscribe(self, name: str, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners[name]:
                self._listeners[name].remove(listener)

    def publish(self, name: str, **kwargs: Any) -> None:
        with self._lock:
            listeners = list(self._listeners[name])
        for listener in listeners:
            try:
                listener(**kwargs)
            except Exception:  # a broken listener must not stop ingest
                log.exception("listener for %s failed", name)


hub = EventHub()
publish = hub.publish
subscribe = hub.subscribe
unsubscribe = hub.unsubscribe

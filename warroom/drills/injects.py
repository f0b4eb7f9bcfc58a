"""Events a facilitator adds during a drill: a journalist's call, a leaked document, a spike.

An inject is journaled in the drill store, written on the drill incident's
decision log when one is open (author "Facilitator", kind "inject"), and,
for a leaked document or a spike on a new risk term, adds its burst of
negative mentions to the stream over the next few scenario minutes, so the
detector and the feed see it as they would a real one.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from warroom.drills import store as drill_store
from warroom.drills.scenarios import Inject, Scenario, make_row
from warroom.incidents import service as incidents
from warroom.incidents import timeline
from warroom.store.db import Store

FACILITATOR = "Facilitator"
KIND_TITLES = {
    "call": "Journalist's call",
    "document": "Leaked document",
    "term": "Spike on a new risk term",
    "note": "Facilitator's note",
}
BURST_MINUTES = 8.0  # a burst is spread over this many scenario minutes


def burst_rows(
    scenario: Scenario, inject: Inject, at_minute: float, serial: int
) -> list[tuple[float, dict[str, Any]]]:
    """The mentions a document or term inject adds (none for a call or a note)."""
    if inject.kind not in ("document", "term") or inject.count <= 0:
        return []
    rng = random.Random(serial * 7919 + int(at_minute * 10))
    spec = scenario.texts or {"key": scenario.key, "texts": {}, "brand": scenario.brand}
    spec = {**spec, "key": f"{scenario.key}-inject{serial}"}
    brand = str(scenario.brand.get("name", ""))
    base = inject.text.replace("{b}", brand).replace("{o}", "").strip()
    rows = []
    for index in range(inject.count):
        text = base if inject.kind == "document" else f"{base} {inject.term}".strip()
        if index % 3 == 1:
            text = f"RT {text}"
        elif index % 3 == 2:
            text = f"{text} ?!"
        minute = at_minute + rng.random() * BURST_MINUTES
        row = make_row(rng, spec, "negative", f"{index:05d}", text=text, language="en")
        rows.append((minute, row))
    return rows


def record(store: Store, inject: Inject, at: datetime) -> None:
    """Journal the inject and write it on the open drill incident's decision log."""
    title = KIND_TITLES.get(inject.kind, inject.kind)
    how = "scripted" if inject.scripted else "by hand"
    with store.session() as session:
        drill_store.log_event(
            session,
            at,
            "inject",
            f"{title}: {inject.text}",
            inject=inject.kind,
            term=inject.term,
            count=inject.count,
            scripted=inject.scripted,
        )
        incident = incidents.current_incident(session)
        if incident is not None:
            timeline.append(
                session,
                incident_id=incident.id,
                origin=store.origin,
                kind="inject",
                author=FACILITATOR,
                text=f"DRILL inject ({how}) — {title}: {inject.text}",
                data={"inject": inject.kind, "term": inject.term, "scripted": inject.scripted},
                at=at,
            )


def delay(minutes: float) -> timedelta:
    return timedelta(minutes=minutes)

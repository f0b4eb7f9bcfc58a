"""The team's past drills: read from the drill stores under drills/, never the real store.

Each drill store keeps its facts and, once debriefed, its debrief
(`warroom.drills.store`); history reads them read-only, newest first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from warroom.drills import store as drill_store


def drills(folder: Path | None = None) -> list[dict[str, Any]]:
    """One dict per drill store: its facts, figures and score (None until debriefed)."""
    folder = folder or drill_store.drills_dir()
    found = []
    for path in folder.glob("*.sqlite3"):
        marker = drill_store.read_marker(path)
        if marker is None:
            continue
        info, debrief = marker
        item: dict[str, Any] = {
            "drill_id": info.drill_id,
            "scenario": info.scenario,
            "title": info.title,
            "speed": info.speed,
            "started_at": info.started_at,
            "ended_at": info.ended_at,
            "scripted_team": info.scripted_team,
            "path": str(path),
            "score": None,
        }
        if debrief is not None:
            from warroom.drills.debrief import Debrief, StepResult

            known = set(Debrief.__dataclass_fields__)
            data = {k: v for k, v in debrief.items() if k in known}
            data["steps"] = [StepResult(**s) for s in data.get("steps", [])]
            item.update(Debrief(**data).figures())
        found.append(item)
    found.sort(key=lambda item: item["started_at"], reverse=True)
    return found

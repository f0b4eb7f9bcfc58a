"""What a drill replays: shipped scenarios, exported mention files, past incidents.

Every kind becomes a `Scenario`: mention rows with their offset in minutes
from scenario minute 0 (negative offsets are the pre-crisis history loaded
at once, so the detector has a baseline), the injects a facilitator would
play, and optionally scripted team actions (for demonstration, marked as
such in the debrief).  Shipped scenarios are JSON files in resources/drills,
one per crisis type of the method and its forms (text, visual, dynamic);
their streams are generated from a fixed seed, so a scenario is the same
every time.  `resolve()` turns what the user typed (a scenario key, a file
path, `incident:<id>`) into a Scenario, with a clear error naming what is
wrong.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from warroom.errors import UserError

MOODS = ("negative", "neutral", "positive")
INJECT_KINDS = ("call", "document", "term", "note")
TEAM_ACTIONS = (
    "open_incident",
    "acknowledge",
    "stage",
    "tick",
    "send",
    "contact",
    "level",
    "note",
)


@dataclass
class Inject:
    at: float  # scenario minute
    kind: str  # call, document, term, note
    text: str
    term: str = ""
    count: int = 0  # mentions the inject adds (document, term)
    scripted: bool = True


@dataclass
class TeamAction:
    at: float
    action: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Scenario:
    key: str
    title: dict[str, str]
    crisis_type: str
    form: str
    plan_scenario: str
    duration_minutes: float
    spike_at: float | None  # the scenario minute the crisis starts (None: unknown)
    rows: list[tuple[float, dict[str, Any]]]  # (minute, mention row without source_id)
    injects: list[Inject] = field(default_factory=list)
    team_script: list[TeamAction] = field(default_factory=list)
    brand: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, Any] = field(default_factory=dict)  # pools the injects draw from
    kind: str = "shipped"  # shipped, file, incident
    skipped: int = 0  # rows of a file that could not be read
    skip_reasons: list[str] = field(default_factory=list)

    def label(self, language: str = "en") -> str:
        return self.title.get(language) or self.title.get("en") or self.key


# --- shipped ---------------------------------------------------------------------------


def _scenario_files() -> dict[str, Any]:
    folder = resources.files("resources.drills")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            found[entry.name.removesuffix(".json")] = entry
    return found


def shipped_keys() -> list[str]:
    return list(_scenario_files())


def shipped_spec(key: str) -> dict[str, Any]:
    files = _scenario_files()
    if key not in files:
        raise UserError(
            f"no shipped drill scenario {key!r} (shipped: {', '.join(files)}); "
            "or give a JSONL/CSV file or incident:<id>"
        )
    data: dict[str, Any] = json.loads(files[key].read_text(encoding="utf-8"))
    return data


def _fill(template: str, rng: random.Random, fills: dict[str, list[str]]) -> str:
    values = {name: rng.choice(options) for name, options in fills.items() if options}
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


def _mood(rng: random.Random, weights: list[float]) -> str:
    return rng.choices(MOODS, weights=weights)[0]


def make_row(
    rng: random.Random,
    spec: dict[str, Any],
    mood: str,
    serial: str,
    *,
    text: str | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """One mention row drawn from a scenario's pools (published_at set by the caller)."""
    languages = spec.get("languages") or {"en": 1.0}
    lang = language or rng.choices(list(languages), weights=list(languages.values()))[0]
    fills = spec.get("fill") or {}
    if text is None:
        pool = (spec["texts"].get(mood) or {}).get(lang) or (spec["texts"].get(mood) or {}).get(
            "en", ["{b}"]
        )
        text = _fill(rng.choice(pool), rng, fills)
        tags = spec.get("tags") or []
        if tags and rng.random() < 0.5:
            text = f"{text} {rng.choice(tags)}"
    authors = spec.get("authors") or ["Aisyah", "Farid", "Mei Ling", "Ravi", "Nurul", "Jason"]
    author = rng.choice(authors)
    handle = f"{author.lower().replace(' ', '')}{rng.randint(1, 999)}"
    return {
        "external_id": f"drill-{spec['key']}-{serial}",
        "canonical_url": f"https://social.example/{handle}/{serial}",
        "author": author,
        "author_handle": f"@{handle}",
        "author_reach": int(rng.lognormvariate(5.5, 1.6)),
        "engagement": int(rng.lognormvariate(1.5, 1.4)),
        "text": text.format(b=spec.get("brand", {}).get("name", "")) if "{b}" in text else text,
        "title": "",
        "language": lang if rng.random() < 0.5 else "",
        "raw": {"drill": spec["key"]},
    }


def generate(spec: dict[str, Any], *, seed_offset: int = 0) -> Scenario:
    """The scenario's stream from its phases: a Poisson-like count per minute, fixed seed."""
    rng = random.Random(int(spec.get("seed", 1)) + seed_offset)
    rows: list[tuple[float, dict[str, Any]]] = []
    fills = dict(spec.get("fill") or {})
    fills.setdefault("b", [spec.get("brand", {}).get("name", "")])
    spec = {**spec, "fill": fills}
    for phase in spec["phases"]:
        start, end = float(phase["from"]), float(phase["to"])
        per_minute = float(phase["per_hour"]) / 60.0
        weights = list(phase.get("mood") or [0.1, 0.5, 0.4])
        minute = start
        while minute < end:
            expected = per_minute
            count = max(0, int(round(rng.gauss(expected, math.sqrt(expected))))) if expected else 0
            for _ in range(count):
                offset = minute + rng.random()
                if offset >= end:
                    continue
                rows.append((offset, make_row(rng, spec, _mood(rng, weights), f"{len(rows):06d}")))
            minute += 1.0
    rows.sort(key=lambda item: item[0])
    return Scenario(
        key=spec["key"],
        title=dict(spec.get("title") or {"en": spec["key"]}),
        crisis_type=spec.get("crisis_type", "reputation"),
        form=spec.get("form", "text"),
        plan_scenario=spec.get("plan_scenario", ""),
        duration_minutes=float(spec["duration_minutes"]),
        spike_at=spec.get("spike_at"),
        rows=rows,
        injects=[_inject(item, True, rng, fills) for item in spec.get("injects") or []],
        team_script=[
            TeamAction(float(item["at"]), item["action"], dict(item.get("args") or {}))
            for item in spec.get("team_script") or []
        ],
        brand=dict(spec.get("brand") or {}),
        texts=spec,
    )


def make_inject(kind: str, text: str, *, term: str = "", count: int = 0) -> Inject:
    """A facilitator's inject by hand (checked like a scripted one)."""
    inject = _inject({"kind": kind, "text": text, "term": term, "count": count}, False)
    if kind == "term" and not term.strip():
        raise UserError("a spike on a new risk term needs the term")
    if not inject.text.strip():
        raise UserError("an inject needs a text: what happened")
    return inject


def _inject(
    item: dict[str, Any],
    scripted: bool,
    rng: random.Random | None = None,
    fills: dict[str, list[str]] | None = None,
) -> Inject:
    kind = str(item.get("kind", ""))
    if kind not in INJECT_KINDS:
        raise UserError(f"unknown inject kind {kind!r} (expected one of {', '.join(INJECT_KINDS)})")
    return Inject(
        at=float(item.get("at", 0)),
        kind=kind,
        text=_fill(str(item.get("text", "")), rng or random.Random(0), fills or {}),
        term=str(item.get("term", "")),
        count=int(item.get("count", 0) or 0),
        scripted=scripted,
    )


# --- exported files ------------------------------------------------------------------


def from_file(path: Path, *, history_hours: float = 24.0) -> Scenario:
    """A JSONL/CSV export replayed: its first `history_hours` (at most half of it) is history."""
    from warroom.sources import file as filesource

    if not path.is_file():
        raise UserError(f"no such file: {path}")
    try:
        fmt = filesource.detect_format(path)
    except ValueError as exc:
        raise UserError(f"{path}: {exc}") from None
    columns = filesource._columns(path, fmt)
    mapping = filesource.resolve_mapping(columns, {})
    build = filesource.row_builder(mapping)
    rows: list[dict[str, Any]] = []
    skipped, reasons = 0, list[str]()
    for number, record in filesource.records(path, fmt):
        try:
            rows.append(build(record))
        except (KeyError, ValueError, TypeError) as exc:
            skipped += 1
            if len(reasons) < 5:
                reasons.append(f"line {number}: {exc}")
    if not rows:
        raise UserError(
            f"{path}: no mention could be read ({skipped} rows skipped"
            + (f"; first: {reasons[0]}" if reasons else "")
            + ")"
        )
    return _recorded(
        rows,
        key=path.name,
        title={"en": f"Replay of {path.name}", "ms": f"Main semula {path.name}"},
        history_hours=history_hours,
        kind="file",
        skipped=skipped,
        reasons=reasons,
    )


def _recorded(
    rows: list[dict[str, Any]],
    *,
    key: str,
    title: dict[str, str],
    history_hours: float,
    kind: str,
    crisis_type: str = "reputation",
    plan_scenario: str = "",
    zero: datetime | None = None,
    skipped: int = 0,
    reasons: list[str] | None = None,
) -> Scenario:
    rows.sort(key=lambda r: r["published_at"])
    first, last = rows[0]["published_at"], rows[-1]["published_at"]
    span = (last - first).total_seconds() / 60.0
    if zero is None:
        zero = first + timedelta(minutes=min(history_hours * 60.0, span / 2.0))
    placed = []
    for row in rows:
        minute = (row["published_at"] - zero).total_seconds() / 60.0
        clean = {k: v for k, v in row.items() if k not in ("published_at", "source_id", "id")}
        placed.append((minute, clean))
    return Scenario(
        key=key,
        title=title,
        crisis_type=crisis_type,
        form="text",
        plan_scenario=plan_scenario,
        duration_minutes=max(1.0, (last - zero).total_seconds() / 60.0 + 1.0),
        spike_at=None,
        rows=placed,
        kind=kind,
        skipped=skipped,
        skip_reasons=list(reasons or []),
    )


# --- past incidents ------------------------------------------------------------------


def from_incident(real_store_path: Path, ref: str, *, history_hours: float = 24.0) -> Scenario:
    """A past incident of the real store: its mentions from a day before it opened to its end.

    The real store is opened read-only (SQLite `mode=ro`): a drill never writes to it.
    """
    from sqlalchemy import select

    from warroom.incidents.service import get_incident
    from warroom.store.models import Mention

    with read_only(real_store_path) as session:
        incident = get_incident(session, ref)
        start = incident.opened_at - timedelta(hours=history_hours)
        end = incident.closed_at or (incident.opened_at + timedelta(hours=12))
        found = session.scalars(
            select(Mention)
            .where(Mention.published_at >= start, Mention.published_at <= end)
            .order_by(Mention.published_at)
        ).all()
        rows = [
            {
                "external_id": f"replay-{m.id}",
                "canonical_url": m.canonical_url,
                "author": m.author,
                "author_handle": m.author_handle,
                "author_reach": m.author_reach,
                "engagement": m.engagement,
                "text": m.text,
                "language": m.language,
                "published_at": m.published_at,
                "raw": {"replay_of": m.id},
            }
            for m in found
        ]
        title, crisis_type, scenario_key = (
            incident.title,
            incident.crisis_type,
            incident.scenario_key,
        )
        opened = incident.opened_at
        incident_id = incident.id
    if not rows:
        raise UserError(f"incident {ref} has no mentions in the store to replay")
    return _recorded(
        rows,
        key=f"incident:{incident_id[:8]}",
        title={"en": f"Replay: {title}", "ms": f"Main semula: {title}"},
        history_hours=history_hours,
        kind="incident",
        crisis_type=crisis_type,
        plan_scenario=scenario_key,
        zero=opened - timedelta(hours=1),
    )


class read_only:
    """A SQLAlchemy session on a SQLite file opened read-only (no migration, no writes)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Any:
        from sqlalchemy import create_engine
        from sqlalchemy.orm import Session

        if not self.path.is_file():
            raise UserError(f"no store at {self.path}")
        self.engine = create_engine(
            f"sqlite:///file:{self.path}?mode=ro&uri=true", connect_args={"uri": True}
        )
        self.session = Session(self.engine)
        return self.session

    def __exit__(self, *exc: object) -> None:
        self.session.close()
        self.engine.dispose()


def past_incidents(real_store_path: Path) -> list[tuple[str, str, datetime]]:
    """(id, title, opened) of the real store's incidents, read-only; [] when there is no store."""
    if not real_store_path.is_file():
        return []
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from warroom.store.models import Incident

    try:
        with read_only(real_store_path) as session:
            return [
                (i.id, i.title, i.opened_at)
                for i in session.scalars(select(Incident).order_by(Incident.opened_at.desc()))
            ]
    except SQLAlchemyError:
        return []


def resolve(what: str, *, real_store_path: Path) -> Scenario:
    """A shipped key, `incident:<id>` or a JSONL/CSV file path."""
    if what.startswith("incident:"):
        return from_incident(real_store_path, what.removeprefix("incident:"))
    if what in _scenario_files():
        return generate(shipped_spec(what))
    path = Path(what).expanduser()
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json", ".csv") or path.exists():
        return from_file(path)
    return generate(shipped_spec(what))  # raises naming the shipped keys


def utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

"""Severity of one mention (0-100) from named parts, and the incident level (1-5).

Mention severity is the sum of five parts, each with a ceiling, so the UI
and the report can show why a mention scores what it does:

| part | ceiling | grows with |
|---|---|---|
| negativity | 35 | how negative the sentiment is (0 for neutral, positive or unassessed) |
| risk_terms | 20 | crisis risk terms matched: 12 for one, +4 for each further term |
| reach | 20 | author reach, logarithmic: 1 M followers reach the ceiling |
| engagement | 15 | likes + shares + replies, logarithmic: 10 k reach the ceiling |
| velocity | 10 | members of its near-duplicate cluster in the last hour: 64 reach the ceiling |

Reach and engagement amplify concern rather than create it: they count in
full for a negative mention or one with risk terms and at a quarter for a
neutral or positive one (a celebrity praising the brand is not a crisis).

The incident's aggregate severity over recent mentions is the mean of its
worst mentions (the top tenth, at least five) plus a volume part for many
negative mentions (up to 20: 10 × log10(1 + negative mentions / 10)); the
plan's `severity_levels` thresholds turn it into a level 1-5.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NEGATIVITY_MAX = 35.0
RISK_MAX = 20.0
REACH_MAX = 20.0
ENGAGEMENT_MAX = 15.0
VELOCITY_MAX = 10.0
NEGATIVE_BELOW = -0.05  # VADER's usual cut-off for a negative compound score

DEFAULT_LEVELS: dict[int, int] = {2: 20, 3: 40, 4: 60, 5: 80}


def mention_parts(
    sentiment: float | None, risk_terms: int, reach: int, engagement: int, cluster_recent: int
) -> dict[str, float]:
    """The named severity parts of one mention (each rounded to 0.1)."""
    negativity, reach_part, engagement_part, risk = fixed_parts(
        sentiment, risk_terms, reach, engagement
    )
    return {
        "negativity": negativity,
        "reach": reach_part,
        "engagement": engagement_part,
        "risk_terms": risk,
        "velocity": velocity_part(cluster_recent),
    }


def fixed_parts(
    sentiment: float | None, risk_terms: int, reach: int, engagement: int
) -> tuple[float, float, float, float]:
    """Negativity, reach, engagement and risk-terms parts (rounded to 0.1): every part
    but velocity, which needs the cluster (so worker processes can compute these)."""
    negativity = NEGATIVITY_MAX * max(0.0, -(sentiment or 0.0))
    risk = 0.0 if risk_terms <= 0 else min(RISK_MAX, 12.0 + 4.0 * (risk_terms - 1))
    concern = 1.0 if (negativity > 0 and (sentiment or 0.0) < NEGATIVE_BELOW) or risk else 0.25
    return (
        round(negativity, 1),
        _reach_part(concern, reach),
        _engagement_part(concern, engagement),
        round(risk, 1),
    )


# The logarithmic parts take few distinct inputs (follower and engagement counts repeat,
# velocity counts are small): each is computed once and remembered (bounded).
_CACHE_LIMIT = 100_000
_reach_cache: dict[tuple[float, int], float] = {}
_engagement_cache: dict[tuple[float, int], float] = {}
_velocity_cache: dict[int, float] = {}


def _reach_part(concern: float, reach: int) -> float:
    key = (concern, reach)
    found = _reach_cache.get(key)
    if found is None:
        found = round(concern * REACH_MAX * min(1.0, math.log10(1 + max(0, reach)) / 6.0), 1)
        if len(_reach_cache) >= _CACHE_LIMIT:
            _reach_cache.clear()
        _reach_cache[key] = found
    return found


def _engagement_part(concern: float, engagement: int) -> float:
    key = (concern, engagement)
    found = _engagement_cache.get(key)
    if found is None:
        found = round(
            concern * ENGAGEMENT_MAX * min(1.0, math.log10(1 + max(0, engagement)) / 4.0), 1
        )
        if len(_engagement_cache) >= _CACHE_LIMIT:
            _engagement_cache.clear()
        _engagement_cache[key] = found
    return found


def velocity_part(cluster_recent: int) -> float:
    """The velocity part for a cluster with `cluster_recent` members in the last hour."""
    found = _velocity_cache.get(cluster_recent)
    if found is None:
        found = round(
            0.0
            if cluster_recent <= 1
            else VELOCITY_MAX * min(1.0, math.log2(cluster_recent) / 6.0),
            1,
        )
        if len(_velocity_cache) >= _CACHE_LIMIT:
            _velocity_cache.clear()
        _velocity_cache[cluster_recent] = found
    return found


def total(parts: Mapping[str, float]) -> float:
    return round(min(100.0, max(0.0, sum(parts.values()))), 1)


@dataclass
class LevelAssessment:
    """The incident level with the aggregate score and what it was made of."""

    level: int
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    mentions: int = 0
    negative: int = 0


def aggregate(
    mentions: Iterable[Mapping[str, object]],
) -> tuple[float, dict[str, float], int, int]:
    """Aggregate severity (0-100) of mentions with `severity` and `sentiment` keys."""
    severities: list[float] = []
    negative = 0
    for m in mentions:
        sev = m.get("severity")
        if isinstance(sev, int | float):
            severities.append(float(sev))
        sent = m.get("sentiment")
        if isinstance(sent, int | float) and sent < NEGATIVE_BELOW:
            negative += 1
    if not severities:
        return 0.0, {"worst_mentions": 0.0, "negative_volume": 0.0}, 0, negative
    severities.sort(reverse=True)
    k = max(5, len(severities) // 10)
    worst = sum(severities[:k]) / min(k, len(severities))
    volume = min(20.0, 10.0 * math.log10(1 + negative / 10.0))
    parts = {"worst_mentions": round(worst, 1), "negative_volume": round(volume, 1)}
    return round(min(100.0, worst + volume), 1), parts, len(severities), negative


def level_for(score: float, levels: Mapping[int, int] | None = None) -> int:
    """Level 1-5 for an aggregate score with the plan's thresholds (level → lowest score)."""
    thresholds = dict(levels or DEFAULT_LEVELS)
    level = 1
    for lvl in sorted(thresholds):
        if score >= thresholds[lvl]:
            level = lvl
    return level


def incident_level(
    mentions: Iterable[Mapping[str, object]], levels: Mapping[int, int] | None = None
) -> LevelAssessment:
    """The incident severity level (1-5) of recent scored mentions.

    `levels` are the plan's thresholds (`load_plan(pv).settings.severity_levels`,
    or `PlanVersion.settings["severity_levels"]`); default 20/40/60/80.
    """
    score, parts, count, negative = aggregate(mentions)
    clean = {int(k): int(v) for k, v in (levels or DEFAULT_LEVELS).items()}
    return LevelAssessment(level_for(score, clean), score, parts, count, negative)

"""The crisis stages an incident moves through, and the crisis types."""

from __future__ import annotations

from warroom.plan import labels

STAGES: tuple[str, ...] = ("preparation", "detection", "intervention", "improvement", "closed")

STAGE_TITLES: dict[str, dict[str, str]] = {
    "preparation": {"en": "Preparation", "ms": "Persediaan"},
    "detection": {"en": "Detection and assessment", "ms": "Pengesanan dan penilaian"},
    "intervention": {"en": "Intervention", "ms": "Campur tangan"},
    "improvement": {"en": "Improvement", "ms": "Penambahbaikan"},
    "closed": {"en": "Closed", "ms": "Ditutup"},
}

# the seed's names for the four crisis types, kept with the plan's other labels
CRISIS_TYPES = labels.CRISIS_TYPES


def stage_title(stage: str, language: str = "en") -> str:
    return STAGE_TITLES.get(stage, {}).get(language, stage)


def crisis_type_title(crisis_type: str, language: str = "en") -> str:
    return CRISIS_TYPES.get(crisis_type, {}).get(language, crisis_type)

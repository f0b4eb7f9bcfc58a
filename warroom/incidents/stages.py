"""The crisis stages an incident moves through, and the crisis types."""

from __future__ import annotations

STAGES: tuple[str, ...] = ("preparation", "detection", "intervention", "improvement", "closed")

STAGE_TITLES: dict[str, dict[str, str]] = {
    "preparation": {"en": "Preparation", "ms": "Persediaan"},
    "detection": {"en": "Detection and assessment", "ms": "Pengesanan dan penilaian"},
    "intervention": {"en": "Intervention", "ms": "Campur tangan"},
    "improvement": {"en": "Improvement", "ms": "Penambahbaikan"},
    "closed": {"en": "Closed", "ms": "Ditutup"},
}

CRISIS_TYPES: dict[str, dict[str, str]] = {
    "reputation": {"en": "Reputation crisis", "ms": "Krisis reputasi"},
    "service": {"en": "Service crisis", "ms": "Krisis perkhidmatan"},
    "cybersecurity": {"en": "Cybersecurity crisis", "ms": "Krisis keselamatan siber"},
    "employee": {"en": "Employee crisis", "ms": "Krisis pekerja"},
}


def stage_title(stage: str, language: str = "en") -> str:
    return STAGE_TITLES.get(stage, {}).get(language, stage)


def crisis_type_title(crisis_type: str, language: str = "en") -> str:
    return CRISIS_TYPES.get(crisis_type, {}).get(language, crisis_type)

"""Human labels for the plan's keys, in English and Malay (no Qt: the CLI and reports use them).

The plan file stores keys (`x`, `holding_statement`, `service`); people read
"X (Twitter) — holding statement" or "Krisis Perkhidmatan".  The crisis-type
names follow the seed's own words.
"""

from __future__ import annotations

CRISIS_TYPES: dict[str, dict[str, str]] = {
    "reputation": {"en": "Reputation crisis", "ms": "Krisis Reputasi"},
    "service": {"en": "Service crisis", "ms": "Krisis Perkhidmatan"},
    "cybersecurity": {"en": "Cybersecurity crisis", "ms": "Krisis Keselamatan Siber"},
    "employee": {"en": "Employee crisis", "ms": "Krisis Pekerja"},
}

CHANNELS: dict[str, dict[str, str]] = {
    "x": {"en": "X (Twitter)", "ms": "X (Twitter)"},
    "facebook": {"en": "Facebook", "ms": "Facebook"},
    "instagram": {"en": "Instagram", "ms": "Instagram"},
    "linkedin": {"en": "LinkedIn", "ms": "LinkedIn"},
    "blog": {"en": "Blog", "ms": "Blog"},
    "press_release": {"en": "Press release", "ms": "Kenyataan media"},
    "private_message": {"en": "Private message", "ms": "Mesej peribadi"},
    "sms": {"en": "SMS", "ms": "SMS"},
    "mastodon": {"en": "Mastodon", "ms": "Mastodon"},
    "bluesky": {"en": "Bluesky", "ms": "Bluesky"},
    "email": {"en": "Email", "ms": "E-mel"},
    "website": {"en": "Website", "ms": "Laman web"},
}

PURPOSES: dict[str, dict[str, str]] = {
    "holding_statement": {"en": "holding statement", "ms": "kenyataan awal"},
    "apology": {"en": "apology", "ms": "permohonan maaf"},
    "update": {"en": "update", "ms": "makluman terkini"},
    "correction": {"en": "correction", "ms": "pembetulan"},
    "reply": {"en": "reply", "ms": "balasan"},
    "internal": {"en": "internal note", "ms": "nota dalaman"},
}

APPROVAL: dict[str, dict[str, str]] = {
    "approved": {"en": "Approved", "ms": "Diluluskan"},
    "submitted": {"en": "Awaiting approval — not approved", "ms": "Menunggu kelulusan — belum diluluskan"},
    "rejected": {"en": "Rejected — not approved", "ms": "Ditolak — belum diluluskan"},
    "expired": {"en": "Approval expired — not approved", "ms": "Kelulusan tamat — belum diluluskan"},
    "changed": {"en": "Changed since approval — not approved", "ms": "Diubah selepas kelulusan — belum diluluskan"},
    "draft": {"en": "Draft — not approved", "ms": "Draf — belum diluluskan"},
}

STEP_STATE: dict[str, dict[str, str]] = {
    "done": {"en": "done", "ms": "selesai"},
    "overdue": {"en": "overdue", "ms": "lewat"},
    "due": {"en": "due %s", "ms": "tamat tempoh %s"},
    "start": {"en": "T+%s", "ms": "T+%s"},
}


def _pick(table: dict[str, dict[str, str]], key: str, language: str, fallback: str) -> str:
    names = table.get(key)
    if not names:
        return fallback
    return names.get(language) or names["en"]


def _humanise(key: str) -> str:
    return key.replace("_", " ")


def crisis_type_label(crisis_type: str, language: str = "en") -> str:
    return _pick(CRISIS_TYPES, crisis_type, language, _humanise(crisis_type).capitalize())


def channel_label(channel: str, language: str = "en") -> str:
    return _pick(CHANNELS, channel, language, _humanise(channel).capitalize())


def purpose_label(purpose: str, language: str = "en") -> str:
    return _pick(PURPOSES, purpose, language, _humanise(purpose))


def message_label(channel: str, purpose: str, language: str = "en") -> str:
    """'X (Twitter) — holding statement' rather than 'x · holding_statement'."""
    return f"{channel_label(channel, language)} — {purpose_label(purpose, language)}"


def approval_label(state: str, language: str = "en") -> str:
    return _pick(APPROVAL, state, language, _humanise(state))


def offset_label(minutes: int) -> str:
    """A due time relative to the incident's start: 'T+30 min', 'T+2 h', 'T+1 h 30'."""
    if minutes < 60:
        return f"T+{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"T+{hours} h" if rest == 0 else f"T+{hours} h {rest:02d}"


def step_state_label(state: str, language: str = "en") -> str:
    return _pick(STEP_STATE, state, language, state)

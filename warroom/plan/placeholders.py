"""Placeholders in draft messages: `{brand}`, `{product}`, `{date}`, `{hotline}`…

`fill` replaces known names in one pass with a regular expression; it never
uses `str.format`, so a message body cannot reach attributes or indexes, and
a placeholder with no value stays visible as `{name}` for the operator to see.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,39})\}")

KNOWN: tuple[str, ...] = (
    "brand",
    "product",
    "date",
    "time",
    "hotline",
    "website",
    "email",
    "incident",
    "customer",
    "batch",
    "location",
    "agent",
)

# Realistic values of typical length, used to check that drafts still fit
# their channel after filling.
TYPICAL: dict[str, str] = {
    "brand": "Kedai Contoh Sdn Bhd",
    "product": "Minuman Soya 1L",
    "date": "12 March 2025",
    "time": "14:30",
    "hotline": "1-800-88-1234",
    "website": "https://contoh.com.my/notice",
    "email": "care@contoh.com.my",
    "incident": "service disruption",
    "customer": "Nur Aisyah",
    "batch": "LOT 2503A",
    "location": "Kuala Lumpur",
    "agent": "Amir",
}


def placeholders(body: str) -> list[str]:
    """Names of the placeholders in `body`, in order of first appearance."""
    seen: list[str] = []
    for match in PLACEHOLDER.finditer(body):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def fill(body: str, values: Mapping[str, str]) -> str:
    """`body` with each `{name}` that has a value replaced; others left as they are."""

    def replace(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return PLACEHOLDER.sub(replace, body)

"""Channel length limits and how each channel counts characters.

X counts characters (approximated as code points), Bluesky counts grapheme
clusters, Mastodon code points, and one SMS holds 160 GSM-7 septets (the
extension characters take two) or, when any character falls outside GSM-7,
70 UCS-2 code units.  Other channels have no practical limit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_LIMITS: dict[str, tuple[int, str]] = {
    "x": (280, "characters"),
    "bluesky": (300, "graphemes"),
    "mastodon": (500, "characters"),
    "sms": (160, "GSM-7 characters"),
}

SMS_UCS2_LIMIT = 70

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True)
class Measure:
    """A text measured for a channel: its length, the limit and the unit."""

    count: int
    limit: int | None
    unit: str

    @property
    def fits(self) -> bool:
        return self.limit is None or self.count <= self.limit


def channel_limit(channel: str) -> tuple[int | None, str]:
    """(limit, unit) of one message on `channel`; (None, "characters") if unlimited.

    For SMS this is the GSM-7 limit; a text with characters outside GSM-7 is
    held to 70 UCS-2 units instead (see `measure`).
    """
    return _LIMITS.get(channel, (None, "characters"))


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def sms_length(text: str) -> tuple[int, int, str]:
    """(units used, limit, encoding) of `text` as one SMS."""
    if is_gsm7(text):
        return sum(2 if ch in GSM7_EXTENSION else 1 for ch in text), 160, "GSM-7"
    return len(text.encode("utf-16-le")) // 2, SMS_UCS2_LIMIT, "UCS-2"


def measure(channel: str, text: str) -> Measure:
    """Length of `text` as `channel` counts it, with the limit that applies."""
    if channel == "sms":
        units, sms_limit, encoding = sms_length(text)
        return Measure(units, sms_limit, f"{encoding} characters")
    limit, unit = channel_limit(channel)
    if channel == "bluesky":
        return Measure(grapheme_count(text), limit, unit)
    return Measure(len(text), limit, unit)


def fits(channel: str, text: str) -> bool:
    """Whether `text` fits in one message on `channel`."""
    return measure(channel, text).fits


# --- grapheme clusters (a reasonable subset of UAX #29, no dependencies) ----------

_ZWJ = 0x200D
_RI = range(0x1F1E6, 0x1F200)
_PICTOGRAPHIC = (
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x21AA),
    (0x231A, 0x23FF),
    (0x24C2, 0x24C2),
    (0x25AA, 0x25FE),
    (0x2600, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3299),
    (0x1F000, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
)


def _pictographic(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _PICTOGRAPHIC)


def _extends(cp: int) -> bool:
    """Characters that never start a cluster: marks, joiners, selectors, modifiers, tags."""
    if cp == _ZWJ or cp == 0x200C:
        return True
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:  # variation selectors
        return True
    if 0x1F3FB <= cp <= 0x1F3FF:  # emoji skin-tone modifiers
        return True
    if 0xE0020 <= cp <= 0xE007F:  # tag characters (subdivision flags)
        return True
    return unicodedata.category(chr(cp)) in ("Mn", "Me", "Mc")


def _indic_conjunct(prev: int, cp: int) -> bool:
    """GB9c, approximately: a virama followed by a consonant of a Brahmic script joins."""
    if not (0x0900 <= cp <= 0x0D7F and 0x0900 <= prev <= 0x0D7F):
        return False
    return unicodedata.combining(chr(prev)) == 9 and unicodedata.category(chr(cp)) == "Lo"


def _hangul(cp: int) -> str:
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return "L"
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return "V"
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return "T"
    if 0xAC00 <= cp <= 0xD7A3:
        return "LV" if (cp - 0xAC00) % 28 == 0 else "LVT"
    return ""


def _joins(prev: int, cp: int, cluster: list[int]) -> bool:
    if prev == 0x0D and cp == 0x0A:
        return True
    if prev in (0x0D, 0x0A) or cp in (0x0D, 0x0A):
        return False
    if _extends(cp):
        return True
    if _indic_conjunct(prev, cp):
        return True
    if prev == _ZWJ and _pictographic(cp) and any(_pictographic(c) for c in cluster):
        return True
    if cp in _RI and prev in _RI:
        # regional indicators pair up: join only an odd-length run
        run = 0
        for c in reversed(cluster):
            if c not in _RI:
                break
            run += 1
        return run % 2 == 1
    hp, hc = _hangul(prev), _hangul(cp)
    if hp == "L" and hc in ("L", "V", "LV", "LVT"):
        return True
    if hp in ("LV", "V") and hc in ("V", "T"):
        return True
    return hp in ("LVT", "T") and hc == "T"


def graphemes(text: str) -> list[str]:
    """Split `text` into user-perceived characters (extended grapheme clusters)."""
    clusters: list[str] = []
    current: list[int] = []
    for ch in text:
        cp = ord(ch)
        if current and _joins(current[-1], cp, current):
            current.append(cp)
            continue
        if current:
            clusters.append("".join(map(chr, current)))
        current = [cp]
    if current:
        clusters.append("".join(map(chr, current)))
    return clusters


def grapheme_count(text: str) -> int:
    return len(graphemes(text))

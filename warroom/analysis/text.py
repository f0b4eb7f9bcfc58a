"""Text normalisation shared by risk-term matching and near-duplicate clustering.

`normalise` folds case and diacritics, drops URLs, @handles and a leading
"RT", and keeps the words (letters, digits, underscore) separated by single
spaces: "RT @ana: BOÏKOT the brand! https://t.co/x" → "boikot the brand".
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")
_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|^\s*rt\b:?", re.IGNORECASE)
# Latin, Greek and Cyrillic combining diacritics (not the vowel signs of Tamil or Arabic)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form of `text`."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def normalise(text: str) -> str:
    """Folded words of `text` without URLs, @handles or a leading RT, space-separated."""
    return " ".join(_WORD.findall(_NOISE.sub(" ", fold(text))))

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
# ASCII characters that are not word characters (\w) → space: for ASCII text, splitting the
# translated text gives exactly the words `_WORD.findall` finds, in a fraction of the time.
_ASCII_NON_WORD = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "_")}
)


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form of `text`."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def normalise(text: str) -> str:
    """Folded words of `text` without URLs, @handles or a leading RT, space-separated."""
    folded = fold(text)
    # folded text is lower-case: without these substrings `_NOISE` cannot match
    if "@" in folded or "http" in folded or "www." in folded or folded.lstrip().startswith("rt"):
        folded = _NOISE.sub(" ", folded)
    if folded.isascii():
        return " ".join(folded.translate(_ASCII_NON_WORD).split())
    return " ".join(_WORD.findall(folded))

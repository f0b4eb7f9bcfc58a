"""Text normalisation shared by risk-term matching and near-duplicate clustering.

`normalise` folds case and diacritics, drops URLs, @handles and a leading
"RT", and keeps the words (letters, digits, underscore) separated by single
spaces: "RT @ana: BOÏKOT the brand! https://t.co/x" → "boikot the brand".

It gives exactly `" ".join(_WORD.findall(_NOISE.sub(" ", fold(text))))`, faster:
ASCII text (and text with only a few non-ASCII characters, once those that are
not word characters are blanked) is split with a byte table rather than a
regex, and the URL/handle pattern runs only where it can match, case-sensitively
on the folded text (tests/test_analysis_shortcuts.py checks it on random text).
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# up to this many extra UTF-8 bytes (a few emoji or accents), normalise blanks the non-ASCII
# characters one by one; text in another script goes through `_WORD`
_FEW_NON_ASCII_BYTES = 24
_NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|^\s*rt\b:?", re.IGNORECASE)
# `_NOISE` for folded text: folding leaves no character that only IGNORECASE would match
# (upper case letters are folded, and so are long s "ſ" and the Kelvin sign), and a
# case-sensitive pattern scans about twice as fast
_NOISE_FOLDED = re.compile(r"https?://\S+|www\.\S+|@\w+|^\s*rt\b:?")
# Latin, Greek and Cyrillic combining diacritics (not the vowel signs of Tamil or Arabic)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# ASCII characters that are not word characters (\w) → space (a byte table: bytes.translate
# is a plain look-up per byte): for ASCII text, splitting the translated text gives exactly
# the words `_WORD.findall` finds, in a fraction of the time.
_ASCII_NON_WORD_BYTES = bytes(
    c if (chr(c).isalnum() or c == 0x5F) else 0x20 for c in range(128)
) + bytes(range(128, 256))


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
        folded = _NOISE_FOLDED.sub(" ", folded)
    if folded.isascii():
        return b" ".join(folded.encode("ascii").translate(_ASCII_NON_WORD_BYTES).split()).decode(
            "ascii"
        )
    raw = folded.encode("utf-8")
    if len(raw) - len(folded) > _FEW_NON_ASCII_BYTES:
        return " ".join(_WORD.findall(folded))
    # Mostly ASCII with a few emoji or accented letters: blank those few non-ASCII
    # characters that are not word characters (for a str pattern, \w is exactly
    # str.isalnum() or "_"), then split as ASCII text (UTF-8 puts non-ASCII characters in
    # bytes >= 0x80, which the table keeps, so they stay inside their words).
    blanked = folded
    for ch in set(_NON_ASCII.findall(folded)):
        if not ch.isalnum():
            blanked = blanked.replace(ch, " ")
    if blanked is not folded:
        raw = blanked.encode("utf-8")
    return b" ".join(raw.translate(_ASCII_NON_WORD_BYTES).split()).decode("utf-8")

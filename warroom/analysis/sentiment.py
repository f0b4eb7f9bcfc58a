"""Sentiment in [-1, 1] per language: English with VADER, Malay/Indonesian with our lexicon.

English uses VADER's algorithm and lexicon through the faster, identical
re-implementation in `warroom.analysis.rules`.  Malay (ms) and Indonesian (id)
use the same rules with resources/lexicons/ms_id_lexicon.txt (negation
tidak/tak/bukan/jangan/x…, intensifiers sangat/amat/terlalu/sgt…, slang and
short forms), falling back to VADER's English lexicon for the English words
Malaysians and Indonesians mix in ("servis teruk, so disappointed"), minus a
few words that mean something else there ("ban" is a tyre, "no" a number).
Intensifiers after the word ("teruk gila", "bagus sangat") count too.

Any other language gets no sentiment (None, "not assessed", not 0, so it is
never counted as neutral) unless the service supplied one, which is then used
as given (clamped to [-1, 1]) for every language.
"""

from __future__ import annotations

import re
import threading
from importlib import resources

from warroom.analysis.rules import B_INCR, RuleScorer, english_scorer

LEXICON_RESOURCE = "ms_id_lexicon.txt"
SCORED_LANGUAGES = frozenset({"en", "ms", "id"})
# English lexicon words that are different (neutral) words in Malay/Indonesian.
_FALSE_FRIENDS = frozenset({"ban", "no", "fan", "miss"})


_BASE_CACHE: dict[str, str] = {}


def base_language(code: str) -> str:
    """'zh-CN' → 'zh', 'in' (old Indonesian code) → 'id', 'und' → ''."""
    found = _BASE_CACHE.get(code)
    if found is not None:
        return found
    found = _base_language(code)
    if len(_BASE_CACHE) < 1000:
        _BASE_CACHE[code] = found
    return found


def _base_language(code: str) -> str:
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0] if code else ""
    if base == "in":
        return "id"
    if base in ("und", "zxx", "qme", "qht", "qam"):
        return ""
    return base


class MalayLexicon:
    """The shipped Malay/Indonesian lexicon, booster and negation lists."""

    def __init__(self, text: str) -> None:
        self.lexicon: dict[str, float] = {}
        self.boosters: dict[str, float] = {}
        self.negations: set[str] = set()
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise ValueError(f"{LEXICON_RESOURCE} line {number}: expected kind, word, value")
            kind, word, value = parts[0], parts[1].strip().lower(), float(parts[2])
            key = word.replace(" ", "_")
            if kind == "lex":
                self.lexicon[key] = value
            elif kind == "booster":
                self.boosters[key] = B_INCR if value > 0 else -B_INCR
            elif kind == "negation":
                self.negations.add(key)
            else:
                raise ValueError(f"{LEXICON_RESOURCE} line {number}: unknown kind {kind!r}")
        self.phrases = frozenset(k for k in (*self.lexicon, *self.boosters) if "_" in k)

    @classmethod
    def shipped(cls) -> MalayLexicon:
        text = resources.files("resources.lexicons").joinpath(LEXICON_RESOURCE).read_text("utf-8")
        return cls(text)


class SentimentModel:
    """Scores a text in a language; thread-safe after construction."""

    def __init__(self) -> None:
        self.english = english_scorer()
        malay = MalayLexicon.shipped()
        lexicon = {k: v for k, v in self.english.lexicon.items() if k not in _FALSE_FRIENDS}
        lexicon.update(malay.lexicon)
        boosters = dict(self.english.boosters)
        boosters.update(malay.boosters)
        self.malay = RuleScorer(
            lexicon=lexicon,
            boosters=boosters,
            negations=frozenset(malay.negations) | self.english.negations,
            special_cases=self.english.special_cases,
            emojis=self.english.emojis,
            post_boosters=True,
            phrases=malay.phrases,
        )

    def clear_caches(self) -> None:
        self.english.clear_cache()
        self.malay.clear_cache()

    def score(
        self, text: str, language: str, source_sentiment: float | None = None
    ) -> float | None:
        """Sentiment in [-1, 1], or None when the language is not assessed."""
        if source_sentiment is not None:
            return max(-1.0, min(1.0, float(source_sentiment)))
        lang = base_language(language)
        if lang == "en":
            return self.english.compound(text)
        if lang in ("ms", "id"):
            return self.malay.compound(text)
        return None


_model: SentimentModel | None = None
_lock = threading.Lock()


def model() -> SentimentModel:
    """The process-wide model (built once, on first use)."""
    global _model
    with _lock:
        if _model is None:
            _model = SentimentModel()
        return _model

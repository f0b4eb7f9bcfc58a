"""VADER's rule-based sentiment algorithm, re-implemented with precomputed lookups.

`RuleScorer` applies VADER's rules (Hutto & Gilbert 2014: booster and
dampener words, ALL-CAPS emphasis, negation within three words, "but"
contrast, "least", special idioms, punctuation emphasis, emoji replaced by
their descriptions) to a lexicon given to it.  Built from VADER's own lexicon
and word lists (`english_scorer()`), its compound score is identical to
`vaderSentiment.SentimentIntensityAnalyzer().polarity_scores(text)["compound"]`
(tests/test_analysis_sentiment.py checks this on VADER's published tweet set
and on a large random sample), but it is several times faster: each distinct
token is lower-cased and stripped once (and remembered), tokens outside the
lexicon cost one set look-up, a text without any lexicon word returns at once,
and a lexicon word with no rule word within three words before it (nor an
idiom word, or for Malay an intensifier, within two after it) takes its
lexicon value without running the rules, which would give exactly that value,
and emoji (which VADER replaces by their descriptions character by character)
are found among a text's few non-ASCII characters and replaced one by one
(tests/test_analysis_shortcuts.py checks these shortcuts against the full rules
and VADER's loop).  The same engine scores Malay and Indonesian with the lexicon in
resources/lexicons/ (see warroom.analysis.sentiment), where `post_boosters`
also lets an intensifier after the word count ("teruk gila", "bagus sangat"),
as those languages put it.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

# VADER's empirically derived constants (vaderSentiment 3.3.2).
B_INCR = 0.293
B_DECR = -0.293
C_INCR = 0.733
N_SCALAR = -0.74

_PUNCT = string.punctuation
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass
class RuleScorer:
    """One language's lexicon and word lists, scored with VADER's rules."""

    lexicon: Mapping[str, float]
    boosters: Mapping[str, float]
    negations: frozenset[str]
    special_cases: Mapping[str, float] = field(default_factory=dict)
    emojis: Mapping[str, str] = field(default_factory=dict)
    negation_substring: str = "n't"
    post_boosters: bool = False
    # multi-word entries ("sakit hati"): lexicon/booster keys joined with "_"
    phrases: frozenset[str] = frozenset()
    cache_size: int = 50_000
    token_cache_size: int = 200_000

    def __post_init__(self) -> None:
        self._lex = dict(self.lexicon)
        self._boost = dict(self.boosters)
        self._emoji_chars = frozenset(ch for ch in self.emojis if len(ch) == 1)
        # each emoji → NUL + its description; a NUL then becomes VADER's separating space
        self._emoji_table = {ord(ch): "\x00" + self.emojis[ch] for ch in self._emoji_chars}
        # str.translate walks a non-ASCII text through a dict char by char; replacing just
        # the (one or two) emoji a text holds is the same when no description contains an
        # emoji or a NUL itself (VADER's do not; checked here)
        self._emoji_by_replace = all(
            "\x00" not in self.emojis[ch] and self._emoji_chars.isdisjoint(self.emojis[ch])
            for ch in self._emoji_chars
        )
        self._cache: dict[str, float] = {}
        self._low_cache: dict[str, str] = {}
        # Words that can make a lexicon word's valence differ from its lexicon value when
        # they stand within three words before it (or are the word itself), and those that
        # can when they stand within two words after it: only idioms ("broken heart", "to
        # die for") and, where `post_boosters`, intensifiers look ahead.  A word with none
        # of them around (the common case) takes its lexicon value directly; the full
        # rules would compute exactly that value.
        stop = {"the", "to", "of", "for", "a", "in"}
        triggers = set(self.negations) | {"no", "least", "never", "without", "doubt", "so", "this"}
        for key in (*self._boost, *self.special_cases):
            triggers.update(w for w in key.split() if w not in stop)
        self._triggers = frozenset(triggers)
        after = {w for key in self.special_cases for w in key.split() if w not in stop}
        if self.post_boosters:
            after.update(w for key in self._boost for w in key.split() if w not in stop)
        self._after_triggers = frozenset(after)
        self._negation_rule_words = frozenset(self.negations) | {"never", "without", "so", "this"}
        # An idiom or multi-word intensifier ("kiss of death", "kind of") can only match
        # where one of its words that is not a stop word stands; None when some entry
        # is made of stop words alone (then every window is looked at).
        multi = [k for k in (*self.special_cases, *self._boost) if " " in k]
        self._idiom_words: frozenset[str] | None = frozenset(
            w for key in multi for w in key.split() if w not in stop
        )
        if any(all(w in stop for w in key.split()) for key in multi):
            self._idiom_words = None

        self._phrase_starts: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(self.phrases, key=lambda p: -p.count("_")):
            parts = tuple(phrase.split("_"))
            self._phrase_starts.setdefault(parts[0], []).append(parts)

    # -- public -------------------------------------------------------------------

    def compound(self, text: str) -> float:
        """VADER's compound score in [-1, 1], rounded to 4 places as VADER does."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        value = self._compound(text)
        if len(self._cache) >= self.cache_size:
            self._cache.clear()
        self._cache[text] = value
        return value

    def clear_cache(self) -> None:
        self._cache.clear()
        self._low_cache.clear()

    # -- the algorithm ------------------------------------------------------------

    def _negated(self, word: str) -> bool:
        return word in self.negations or (
            bool(self.negation_substring) and self.negation_substring in word
        )

    def _lows(self, tokens: list[str], lows: list[str | None]) -> list[str]:
        """Fill in the tokens `lows` lacks (None): each as VADER compares it, punctuation
        stripped (unless that leaves two characters or fewer) and lower-cased;
        remembered per distinct token."""
        cache = self._low_cache
        if len(cache) >= self.token_cache_size:
            cache.clear()
        i = lows.index(None)
        while True:
            token = tokens[i]
            stripped = token.strip(_PUNCT)
            lows[i] = cache[token] = (stripped if len(stripped) > 2 else token).lower()
            try:
                i = lows.index(None, i + 1)
            except ValueError:
                return lows  # type: ignore[return-value]

    def _compound(self, text: str) -> float:
        if not text.isascii() and self._emoji_chars:
            # the emoji are among the (few) non-ASCII characters: find those with a regex
            # rather than walking every character through a set in Python objects
            emoji = self._emoji_chars.intersection(_NON_ASCII.findall(text))
            text = self._replace_emoji(text, emoji) if emoji else text.strip()
        else:
            text = text.strip()
        # `words` keep the tokens' case for VADER's ALL-CAPS rules; stripping punctuation
        # (uncased) never changes str.isupper, so the raw tokens serve as they are.
        words = text.split()
        if not words:
            return 0.0
        found: list[str | None] = list(map(self._low_cache.get, words))
        lows: list[str] = (
            self._lows(words, found) if None in found else found  # type: ignore[assignment]
        )
        if self._phrase_starts and not self._phrase_starts.keys().isdisjoint(lows):
            words, lows = self._join_phrases(words, lows)
        lex = self._lex
        if lex.keys().isdisjoint(lows):
            return 0.0  # no lexicon word: every token scores 0
        boost = self._boost
        triggers = self._triggers
        after = self._after_triggers
        nt = self.negation_substring
        if nt and nt not in text.lower():
            nt = ""  # no token contains it: skip looking for it word by word
        n = len(words)
        sentiments: list[float] = [0.0] * n
        # VADER's ALL-CAPS emphasis applies when some words but not all are upper case;
        # it is only needed for a lexicon word in capitals or one the rules look at
        cap_diff: bool | None = None
        # a rule word anywhere in the text?  (if not, no window around a word has one)
        any_trigger = not triggers.isdisjoint(lows)
        any_after = bool(after) and not after.isdisjoint(lows)
        for i in [i for i, low in enumerate(lows) if low in lex]:
            low = lows[i]
            if low in boost:
                continue
            if low == "kind" and i < n - 1 and lows[i + 1] == "of":
                continue
            start = i - 3 if i > 3 else 0
            if (
                not (any_trigger and not triggers.isdisjoint(lows[start : i + 1]))
                and not (any_after and not after.isdisjoint(lows[i + 1 : i + 3]))
                and not (nt and any(nt in w for w in lows[start:i]))
            ):
                if not words[i].isupper():
                    sentiments[i] = lex[low]
                    continue
                if cap_diff is None:
                    caps = sum(map(str.isupper, words))
                    cap_diff = 0 < n - caps < n
                if not cap_diff:
                    sentiments[i] = lex[low]
                    continue
            if cap_diff is None:
                caps = sum(map(str.isupper, words))
                cap_diff = 0 < n - caps < n
            sentiments[i] = self._valence(words, lows, i, low, cap_diff)
        if "but" in lows:
            sentiments = _but_check(lows, sentiments)
        sum_s = float(sum(sentiments))
        ep = text.count("!")
        if ep > 4:
            ep = 4
        amp = ep * 0.292
        qm = text.count("?")
        if qm > 1:
            amp += qm * 0.18 if qm <= 3 else 0.96
        if sum_s > 0:
            sum_s += amp
        elif sum_s < 0:
            sum_s -= amp
        norm = sum_s / math.sqrt((sum_s * sum_s) + 15)
        if norm < -1.0:
            norm = -1.0
        elif norm > 1.0:
            norm = 1.0
        return round(norm, 4)

    def _join_phrases(self, words: list[str], lows: list[str]) -> tuple[list[str], list[str]]:
        """Merge the tokens of a multi-word entry into one ("sakit", "hati" → "sakit_hati")."""
        starts = self._phrase_starts
        found: list[tuple[int, int]] = []
        skip_to = 0
        for i in [i for i, low in enumerate(lows) if low in starts]:
            if i < skip_to:
                continue
            for parts in starts[lows[i]]:
                k = len(parts)
                if tuple(lows[i : i + k]) == parts:
                    found.append((i, k))
                    skip_to = i + k
                    break
        if not found:
            return words, lows
        out_words: list[str] = []
        out_lows: list[str] = []
        at = 0
        for i, k in found:
            out_words.extend(words[at:i])
            out_lows.extend(lows[at:i])
            out_words.append("_".join(words[i : i + k]))
            out_lows.append("_".join(lows[i : i + k]))
            at = i + k
        out_words.extend(words[at:])
        out_lows.extend(lows[at:])
        return out_words, out_lows

    def _replace_emoji(self, text: str, found: AbstractSet[str]) -> str:
        """Each emoji becomes its description, after a space unless a space precedes it
        (`found`: the emoji `text` holds)."""
        if "\x00" in text:
            return self._replace_emoji_slow(text)
        if self._emoji_by_replace:
            marked = text
            emojis = self.emojis
            for ch in found:
                marked = marked.replace(ch, "\x00" + emojis[ch])
        else:
            marked = text.translate(self._emoji_table)
        return marked.replace(" \x00", " ").replace("\x00", " ").strip()

    def _replace_emoji_slow(self, text: str) -> str:
        out: list[str] = []
        prev_space = True
        emojis = self.emojis
        for ch in text:
            description = emojis.get(ch)
            if description is not None:
                if not prev_space:
                    out.append(" ")
                out.append(description)
                prev_space = False
            else:
                out.append(ch)
                prev_space = ch == " "
        return "".join(out).strip()

    def _scalar(self, word: str, low: str, valence: float, cap_diff: bool) -> float:
        scalar = self._boost.get(low)
        if scalar is None:
            return 0.0
        if valence < 0:
            scalar *= -1
        if cap_diff and word.isupper():
            if valence > 0:
                scalar += C_INCR
            else:
                scalar -= C_INCR
        return scalar

    def _valence(
        self, words: list[str], lows: list[str], i: int, low: str, cap_diff: bool
    ) -> float:
        lex = self._lex
        n = len(words)
        base = lex[low]
        valence = base
        if low == "no" and i != n - 1 and lows[i + 1] in lex:
            valence = 0.0
        if (
            (i > 0 and lows[i - 1] == "no")
            or (i > 1 and lows[i - 2] == "no")
            or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor"))
        ):
            valence = base * N_SCALAR
        if cap_diff and words[i].isupper():
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        boost = self._boost
        # the negation rules can only change the valence when a negation (or "never",
        # "without", "so", "this") stands within the three words before
        window = lows[i - 3 if i > 3 else 0 : i]
        nt = self.negation_substring
        negation_free = self._negation_rule_words.isdisjoint(window) and not (
            nt and nt in " ".join(window)
        )
        for start_i in range(3):
            j = i - (start_i + 1)
            if i > start_i and lows[j] not in lex:
                s = self._scalar(words[j], lows[j], valence, cap_diff) if lows[j] in boost else 0.0
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                if not negation_free:
                    valence = self._negation_check(valence, lows, start_i, i)
                if start_i == 2:
                    valence = self._special_idioms(valence, lows, i)
        # "least" as negation
        if i > 1 and lows[i - 1] not in lex and lows[i - 1] == "least":
            if lows[i - 2] != "at" and lows[i - 2] != "very":
                valence = valence * N_SCALAR
        elif i > 0 and lows[i - 1] not in lex and lows[i - 1] == "least":
            valence = valence * N_SCALAR
        if self.post_boosters:
            valence = self._post_boost(words, lows, i, valence, cap_diff)
        return valence

    def _post_boost(
        self, words: list[str], lows: list[str], i: int, valence: float, cap_diff: bool
    ) -> float:
        """Malay/Indonesian: an intensifier right after the word ("best gila")."""
        for offset, factor in ((1, 1.0), (2, 0.95)):
            k = i + offset
            if k >= len(lows):
                break
            if lows[k] in self._lex:
                break
            s = self._scalar(words[k], lows[k], valence, cap_diff)
            if s != 0:
                return valence + s * factor
        return valence

    def _negation_check(self, valence: float, lows: list[str], start_i: int, i: int) -> float:
        if start_i == 0:
            if self._negated(lows[i - 1]):
                valence = valence * N_SCALAR
        elif start_i == 1:
            if lows[i - 2] == "never" and (lows[i - 1] == "so" or lows[i - 1] == "this"):
                valence = valence * 1.25
            elif lows[i - 2] == "without" and lows[i - 1] == "doubt":
                pass
            elif self._negated(lows[i - 2]):
                valence = valence * N_SCALAR
        else:
            if (
                lows[i - 3] == "never"
                and (lows[i - 2] == "so" or lows[i - 2] == "this")
                or (lows[i - 1] == "so" or lows[i - 1] == "this")
            ):
                valence = valence * 1.25
            elif lows[i - 3] == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
                pass
            elif self._negated(lows[i - 3]):
                valence = valence * N_SCALAR
        return valence

    def _special_idioms(self, valence: float, lows: list[str], i: int) -> float:
        if self._idiom_words is not None and self._idiom_words.isdisjoint(lows[i - 3 : i + 3]):
            return valence  # no idiom or multi-word intensifier can match here
        special = self.special_cases
        boost = self._boost
        onezero = f"{lows[i - 1]} {lows[i]}"
        twoonezero = f"{lows[i - 2]} {lows[i - 1]} {lows[i]}"
        twoone = f"{lows[i - 2]} {lows[i - 1]}"
        threetwoone = f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}"
        threetwo = f"{lows[i - 3]} {lows[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in special:
                valence = special[seq]
                break
        n = len(lows)
        if n - 1 > i:
            zeroone = f"{lows[i]} {lows[i + 1]}"
            if zeroone in special:
                valence = special[zeroone]
        if n - 1 > i + 1:
            zeroonetwo = f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"
            if zeroonetwo in special:
                valence = special[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in boost:
                valence = valence + boost[n_gram]
        return valence


def _but_check(lows: list[str], sentiments: list[float]) -> list[float]:
    """VADER's contrast rule, kept literally (including its first-equal-value look-up)."""
    bi = lows.index("but")
    for sentiment in sentiments:
        si = sentiments.index(sentiment)
        if si < bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 0.5)
        elif si > bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 1.5)
    return sentiments


def english_scorer() -> RuleScorer:
    """VADER's own lexicon, emoji descriptions and word lists (from the vaderSentiment package)."""
    from vaderSentiment import vaderSentiment as vs

    analyzer = vs.SentimentIntensityAnalyzer()
    return RuleScorer(
        lexicon=analyzer.lexicon,
        boosters=vs.BOOSTER_DICT,
        negations=frozenset(vs.NEGATE),
        special_cases=vs.SPECIAL_CASES,
        emojis=analyzer.emojis,
    )

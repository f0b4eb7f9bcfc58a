"""Crisis risk terms of the plan's scenarios, found in mention text.

Terms come from each scenario's `triggers.risk_terms` in every language of
the plan (boycott/boikot, data breach/kebocoran data…).  Matching ignores case
and diacritics ("Boikot", "BOÏKOT"), takes whole words only ("scam" is not
found in "scampi"), allows multi-word terms with any spacing or punctuation
between the words ("data-breach", "tarik  balik"), and treats the Malay
negation short forms tak/tk/tdk/x as tidak, so "tak selamat" matches the term
"tidak selamat".  URLs and @handles are not searched (a handle like
@boycott_brand or a link's path says nothing about what the author wrote).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from warroom.analysis.text import normalise

_SHORT_FORMS = {"tak": "tidak", "tk": "tidak", "tdk": "tidak", "x": "tidak", "xde": "tiada"}
_SHORT_KEYS = frozenset(_SHORT_FORMS)


def words(norm: str) -> list[str]:
    """Words of normalised text, with Malay negation short forms expanded."""
    found = norm.split()
    if _SHORT_KEYS.isdisjoint(found):
        return found
    return [_SHORT_FORMS.get(w, w) for w in found]


@dataclass
class RiskMatcher:
    """Finds the plan's risk terms in texts; which scenarios each term belongs to."""

    # term as written in the plan → scenario keys that list it
    scenarios_by_term: dict[str, list[str]] = field(default_factory=dict)
    # scenario key → crisis type
    crisis_types: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for term in self.scenarios_by_term:
            key = tuple(words(normalise(term)))
            if not key:
                continue
            self._index.setdefault(key[0], []).append((key, term))
        for candidates in self._index.values():
            candidates.sort(key=lambda c: -len(c[0]))
        # does any term start with a word a short form expands to ("tidak selamat")?
        self._short_starts = any(w in self._index for w in _SHORT_FORMS.values())

    @classmethod
    def from_scenarios(
        cls, scenarios: Iterable[tuple[str, str, Mapping[str, Iterable[str]]]]
    ) -> RiskMatcher:
        """From (scenario key, crisis type, {language: [terms]}) triples."""
        by_term: dict[str, list[str]] = {}
        types: dict[str, str] = {}
        for key, crisis_type, terms in scenarios:
            types[key] = crisis_type
            for language_terms in terms.values():
                for term in language_terms:
                    term = str(term).strip()
                    if term and key not in by_term.setdefault(term, []):
                        by_term[term].append(key)
        return cls(scenarios_by_term=by_term, crisis_types=types)

    def find(self, text: str) -> list[str]:
        """Terms found in `text`, each once, in order of first appearance."""
        return self.find_normalised(normalise(text))

    def find_normalised(self, norm: str, tokens: list[str] | None = None) -> list[str]:
        """`find` for text already passed through `warroom.analysis.text.normalise`
        (`tokens`, when given, are `norm.split()`)."""
        index = self._index
        if tokens is None:
            tokens = norm.split()
        if index.keys().isdisjoint(tokens):
            # no term starts here; a short form cannot start one either unless it expands
            if _SHORT_KEYS.isdisjoint(tokens) or not self._short_starts:
                return []
        if not _SHORT_KEYS.isdisjoint(tokens):
            tokens = [_SHORT_FORMS.get(w, w) for w in tokens]
        found: list[str] = []
        n = len(tokens)
        for i in [i for i, token in enumerate(tokens) if token in index]:
            for key, term in index[tokens[i]]:
                k = len(key)
                if k == 1 or (i + k <= n and tuple(tokens[i : i + k]) == key):
                    if term not in found:
                        found.append(term)
                    break
        return found

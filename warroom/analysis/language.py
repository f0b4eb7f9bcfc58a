"""Language of a mention, restricted to the languages the brand configures.

Scripts decide first (Han → zh, Arabic → ar, Tamil → ta, when configured);
Latin-script text goes to lingua-language-detector restricted to the
configured Latin-script languages in its low-accuracy mode (small models,
about 30 MB, never all 75 languages in high-accuracy mode, which costs 1.3 GB).

Text that function words leave in no doubt (three or more English ones and
four times as many as Malay/Indonesian ones, or the reverse) is decided
without lingua; lingua decides the rest.  Malay and Indonesian share most of their vocabulary, and lingua tends to call
short Malaysian posts Indonesian.  When both are configured and lingua picks
either, words that only one of them uses decide (ms: tak, nak, boleh, kereta,
percuma, teruk…; id: gak, banget, bisa, mau, uang, pelayanan…); with no such
word, lingua's choice stands.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from itertools import repeat

try:  # optional: 100 MB of models; the installer bundle leaves it out (packaging/README.md)
    from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

    HAVE_LINGUA = True
except ImportError:  # pragma: no cover - exercised by tests that hide lingua
    HAVE_LINGUA = False

# ISO 639-1 codes of the languages lingua knows (used to check configured codes without it)
KNOWN_CODES = frozenset(
    "af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gu he hi hr hu hy id is "
    "it ja ka kk ko la lg lt lv mi mk mn mr ms nb nl nn pa pl pt ro ru sk sl sn so sq sr st sv "
    "sw ta te th tl tn tr ts uk ur vi xh yo zh zu".split()
)

DEFAULT_LANGUAGES: tuple[str, ...] = ("en", "ms", "id", "zh", "ta", "ar")

_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("zh", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
    ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
    ("ta", re.compile(r"[\u0b80-\u0bff]")),
)
_NON_LATIN = re.compile(r"[\u0600-\u06ff\u0b80-\u0bff\u3400-\u9fff]")
_WORD = re.compile(r"[a-z]+")

MALAY_MARKERS = frozenset(
    "tak nak boleh kereta percuma teruk kat dah awak mahu cuba kerana wang kedai pejabat polis "
    "perkhidmatan sahaja je ni tu tau macam mcm camtu camni lepas pastu sikit ramai jom "
    "takde xde sgt giler kawan budak kot berpatutan kongsi jawapan mesra telefon akaun "
    "syarikat kerajaan kenderaan pemandu bas".split()
)
INDONESIAN_MARKERS = frozenset(
    "gak nggak enggak ga banget bgt aja sih dong deh kok gue gua lu loe udah bisa mau "
    "coba uang karena pelayanan toko mobil kantor polisi harus gimana kayak kalo emang "
    "nih tuh pengiriman gitu akun telepon perusahaan pemerintah kendaraan jawaban bareng "
    "nunggu biar makasih".split()
)
# Words common to both languages are not markers; weigh the strongest tells more.
_STRONG_MS = frozenset(
    "tak nak boleh kereta percuma teruk kat dah awak takde xde camtu camni je".split()
)
_STRONG_ID = frozenset(
    "gak nggak enggak banget bgt aja sih dong deh gue udah bisa uang gimana kalo".split()
)


_ENGLISH = frozenset(
    "the is are was were and i my you your this that they it to of for with not have has "
    "love hate don't can't won't what why".split()
)


# Function words for the clear-cut cases decided before lingua is asked.
_EN_FUNCTION = frozenset(
    "the and is are was were to of in for on with this that it my you your i we they be have "
    "has not at from just so but what why when will would can if or an me our their".split()
)
_MALAY_FUNCTION = frozenset(
    "yang dan di ini itu saya aku tak tidak dengan ke dari untuk ada sangat gak nggak dah sudah "
    "udah nak mau boleh bisa kami kita mereka dia pun lagi je aja sama apa kenapa kok tapi "
    "macam kat sebab karena kerana juga jadi".split()
)


_MALAY_ONLY_FUNCTION = _MALAY_FUNCTION - _EN_FUNCTION
# marker → its weight (2 for the strongest tells)
_MS_WEIGHT = {w: 2 if w in _STRONG_MS else 1 for w in MALAY_MARKERS}
_ID_WEIGHT = {w: 2 if w in _STRONG_ID else 1 for w in INDONESIAN_MARKERS}


# Every word that counts for `_function_word_guess` or `_malay_or_indonesian`, with what
# it adds to each of the four tallies (English function words, Malay/Indonesian-only
# function words, Malay marker weight, Indonesian marker weight) packed in one integer
# of 32-bit fields, so one pass over a text's words adds up all four.
_SHIFT = 32
_MASK = (1 << _SHIFT) - 1
_PACKED: dict[str, int] = {}
for _word in _EN_FUNCTION | _MALAY_ONLY_FUNCTION | MALAY_MARKERS | INDONESIAN_MARKERS:
    _PACKED[_word] = (
        (_word in _EN_FUNCTION)
        | (_word in _MALAY_ONLY_FUNCTION) << _SHIFT
        | _MS_WEIGHT.get(_word, 0) << (2 * _SHIFT)
        | _ID_WEIGHT.get(_word, 0) << (3 * _SHIFT)
    )


def _tallies(tokens: list[str]) -> tuple[int, int, int, int]:
    """English and Malay-only function words, Malay and Indonesian marker weights."""
    total = sum(map(_PACKED.get, tokens, repeat(0)))
    if not total:
        return 0, 0, 0, 0
    return (
        total & _MASK,
        (total >> _SHIFT) & _MASK,
        (total >> (2 * _SHIFT)) & _MASK,
        total >> (3 * _SHIFT),
    )


def _guess_from(en: int, ma: int) -> str:
    if en >= 3 and en >= 4 * ma:
        return "en"
    if ma >= 3 and ma >= 4 * en:
        return "malay"
    return ""


def _count(words: frozenset[str], tokens: list[str]) -> int:
    """How many of `tokens` are in `words` (repeats count), without a Python-level loop."""
    return len(list(filter(words.__contains__, tokens)))


def function_word_guess(text: str, norm: str | None = None) -> str:
    """'en' or 'malay' when function words leave no doubt (≥3, and 4× the other side), else ''."""
    return _function_word_guess(_words(text, norm))


def _function_word_guess(tokens: list[str]) -> str:
    return _guess_from(_count(_EN_FUNCTION, tokens), _count(_MALAY_ONLY_FUNCTION, tokens))


def _iso(code: str) -> Language:
    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))


# Everyday English words, for the fallback when lingua is absent.
_EN_COMMON = frozenset(
    "a an as always anyone know open today great good bad friendly staff coffee food drink "
    "queue short long new old more less very really too no yes please thanks thank sorry "
    "again never ever still here there now then today tomorrow yesterday last next all some "
    "any one two three who how where which about after before because while should could "
    "would get got had did does do make made see saw said say tell told go went come came "
    "family kids friend friends people customer customers store shop outlet service refund "
    "sick ill hospital doctor recall boycott update news menu price order ordered".split()
)


def _fallback_guess(tokens: list[str], latin: Sequence[str]) -> str:
    """Without lingua: the side with more tell-tale words, '' when there are none."""
    en = _count(_EN_FUNCTION, tokens) + _count(_ENGLISH, tokens) + _count(_EN_COMMON, tokens)
    ma = (
        _count(_MALAY_ONLY_FUNCTION, tokens)
        + sum(map(_MS_WEIGHT.get, tokens, repeat(0)))
        + sum(map(_ID_WEIGHT.get, tokens, repeat(0)))
    )
    if ma > en:
        if "ms" in latin and "id" in latin:
            return _malay_or_indonesian(tokens, "ms")
        return "ms" if "ms" in latin else ("id" if "id" in latin else "")
    if en > ma and "en" in latin:
        return "en"
    return ""


def _words(text: str, norm: str | None) -> list[str]:
    return norm.split() if norm is not None else _WORD.findall(text.lower())


def malay_or_indonesian(text: str, default: str, norm: str | None = None) -> str:
    """'ms' or 'id' by the words only one of them uses; `default` when undecided.

    `norm`, when given, is `warroom.analysis.text.normalise(text)` (saves re-reading it)."""
    return _malay_or_indonesian(_words(text, norm), default)


def _malay_or_indonesian(tokens: list[str], default: str) -> str:
    ms = sum(map(_MS_WEIGHT.get, tokens, repeat(0)))
    id_ = sum(map(_ID_WEIGHT.get, tokens, repeat(0)))
    if ms > id_:
        return "ms"
    if id_ > ms:
        return "id"
    return default


class MentionLanguageDetector:
    """Detects among `languages` (ISO 639-1 codes); '' when nothing fits."""

    def __init__(self, languages: Iterable[str] = DEFAULT_LANGUAGES) -> None:
        wanted = [c.strip().lower() for c in languages if c and c.strip()]
        known = []
        for code in dict.fromkeys(wanted):
            if code not in KNOWN_CODES:
                continue  # a code lingua does not know is skipped, not fatal
            known.append(code)
        self.languages: tuple[str, ...] = tuple(known)
        self._scripts = [(c, rx) for c, rx in _SCRIPTS if c in self.languages]
        latin = [c for c in self.languages if c not in ("zh", "ar", "ta")]
        self._latin = latin
        self._both_malay = "ms" in latin and "id" in latin
        # clear-cut English or Malay/Indonesian text is decided by its function words
        self._guessable = {"en", "ms", "id"} <= set(latin)
        self._detector: LanguageDetector | None = None
        if len(latin) >= 2 and HAVE_LINGUA:
            self._detector = (
                LanguageDetectorBuilder.from_languages(*[_iso(c) for c in latin])
                .with_low_accuracy_mode()
                .build()
            )

    def _by_script(self, text: str) -> str | None:
        if not _NON_LATIN.search(text):
            return None
        best, best_n = None, 0
        for code, rx in self._scripts:
            n = len(rx.findall(text))
            if n > best_n:
                best, best_n = code, n
        return best

    def _finish(self, text: str, found: Language | None) -> str:
        if found is None:
            return ""
        code = found.iso_code_639_1.name.lower()
        if code in ("ms", "id"):
            if self._both_malay:
                code = malay_or_indonesian(text, code)
            if "en" in self._latin and malay_or_indonesian(text, "") == "":
                # short English text lingua's low-accuracy mode calls Malay/Indonesian
                lowered = _WORD.findall(text.lower())
                if sum(1 for w in lowered if w in _ENGLISH) * 4 >= len(lowered) > 0:
                    return "en"
        return code

    def detect(self, text: str) -> str:
        return self.detect_many([text])[0]

    def detect_many(
        self,
        texts: Sequence[str],
        *,
        threads: bool = True,
        norms: Sequence[str] | None = None,
        tokens: Sequence[list[str]] | None = None,
    ) -> list[str]:
        """Languages of many texts at once (lingua runs a big batch on all cores
        unless `threads` is False, as in worker processes).  `norms`, when given,
        are the texts passed through `warroom.analysis.text.normalise`, `tokens` their
        `.split()` (either saves re-reading the texts)."""
        out: list[str] = [""] * len(texts)
        latin_idx: list[int] = []
        for i, text in enumerate(texts):
            if not text or not text.strip():
                continue
            script = self._by_script(text)
            if script is not None:
                out[i] = script
            else:
                latin_idx.append(i)
        if not latin_idx:
            return out
        if self._detector is None:
            if len(self._latin) == 1:
                for i in latin_idx:
                    if _WORD.search(texts[i].lower()):
                        out[i] = self._latin[0]
            elif self._latin:  # no lingua here: function and marker words decide
                for i in latin_idx:
                    words = (
                        tokens[i]
                        if tokens is not None
                        else _words(texts[i], norms[i] if norms is not None else None)
                    )
                    out[i] = _fallback_guess(words, self._latin)
            return out
        if self._guessable:
            undecided: list[int] = []
            for i in latin_idx:
                words = (
                    tokens[i]
                    if tokens is not None
                    else _words(texts[i], norms[i] if norms is not None else None)
                )
                en, ma, ms, id_ = _tallies(words)
                guess = _guess_from(en, ma)
                if guess == "en":
                    out[i] = "en"
                elif guess == "malay" and ms != id_:
                    out[i] = "ms" if ms > id_ else "id"
                else:
                    undecided.append(i)
            latin_idx = undecided
            if not latin_idx:
                return out
        batch = [texts[i] for i in latin_idx]
        if threads and len(batch) >= 64:
            found = self._detector.detect_languages_in_parallel_of(batch)
        else:
            found = [self._detector.detect_language_of(t) for t in batch]
        for i, lang in zip(latin_idx, found, strict=True):
            out[i] = self._finish(texts[i], lang)
        return out


_detectors: dict[tuple[str, ...], MentionLanguageDetector] = {}
_lock = threading.Lock()


def detector(languages: Iterable[str] = DEFAULT_LANGUAGES) -> MentionLanguageDetector:
    """A shared detector for this set of languages (built once)."""
    key = tuple(languages)
    with _lock:
        found = _detectors.get(key)
        if found is None:
            found = _detectors[key] = MentionLanguageDetector(key)
        return found

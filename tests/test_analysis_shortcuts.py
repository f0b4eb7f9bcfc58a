"""The analysis's shortcuts give exactly what the plain definitions give.

Throughput comes from shortcuts (a lexicon word with no rule word around takes its
value directly, text is split without a regex when it is ASCII or nearly so, emoji
are replaced one by one, MinHash signs all texts of a batch at once with remembered
word hashes, the garbage collector rests during a batch).  Each test
here runs the shortcut beside the plain definition on inputs made to hit every
branch and demands the same answer, so a faster path can never change a score.
"""

from __future__ import annotations

import gc
import random
import threading
import zlib
from dataclasses import replace

import numpy as np
import pytest

from warroom.analysis import pipeline
from warroom.analysis.cluster import _A, _B, NUM_HASHES, signatures
from warroom.analysis.rules import RuleScorer
from warroom.analysis.sentiment import SentimentModel
from warroom.analysis.severity import (
    ENGAGEMENT_MAX,
    NEGATIVE_BELOW,
    NEGATIVITY_MAX,
    REACH_MAX,
    RISK_MAX,
    VELOCITY_MAX,
    mention_parts,
)
from warroom.analysis.text import _NOISE, _WORD, fold, normalise


class _MeetsEverything(frozenset[str]):
    """A word set that every window meets: switches a "none of these here" shortcut off."""

    def isdisjoint(self, other: object) -> bool:
        return False


def _full_rules(scorer: RuleScorer) -> RuleScorer:
    """The same scorer with every shortcut off: each lexicon word goes through all rules."""
    full = replace(scorer)
    full._triggers = frozenset(full._lex)  # every lexicon word is its own trigger
    full._idiom_words = None
    full._negation_rule_words = _MeetsEverything()
    return full


def _random_text(rnd: random.Random, vocab: list[str]) -> str:
    words = []
    for _ in range(rnd.randrange(1, 25)):
        word = rnd.choice(vocab)
        roll = rnd.random()
        if roll < 0.15:
            word = word.upper()
        elif roll < 0.25:
            word = word.capitalize()
        if rnd.random() < 0.2:
            word += rnd.choice(["!", "?", "!!", "...", ",", ":)", "?!", "'"])
        words.append(word)
    return rnd.choice([" ", "  ", "\n"]).join(words)


def test_malay_shortcuts_score_exactly_as_the_full_rules() -> None:
    """Malay/Indonesian adds phrases and intensifiers after the word: the shortcut
    must look ahead for those too (English is checked against VADER itself)."""
    malay = SentimentModel().malay
    full = _full_rules(malay)
    rnd = random.Random(77)
    lexicon = sorted(malay._lex)
    phrases = [p.replace("_", " ") for p in sorted(malay.phrases)]
    rule_words = sorted(malay.negations) + sorted(malay._boost) + ["but", "no", "least", "never"]
    rule_words += [w for key in malay.special_cases for w in key.split()]
    vocab = rule_words * 3 + phrases * 3 + [rnd.choice(lexicon) for _ in range(400)]
    vocab += ["saya", "kedai", "ni", "servis", "makanan", "😡", "👍"] * 10
    for _ in range(8000):
        text = _random_text(rnd, vocab)
        assert malay.compound(text) == full.compound(text), text


def test_english_shortcuts_score_exactly_as_the_full_rules() -> None:
    english = SentimentModel().english
    full = _full_rules(english)
    rnd = random.Random(5)
    idioms = [w for key in english.special_cases for w in key.split()] * 5
    vocab = idioms + sorted(english._boost) + sorted(english.negations) + ["so", "this", "the"]
    vocab += [rnd.choice(sorted(english._lex)) for _ in range(300)] + ["brand"] * 40
    for _ in range(8000):
        text = _random_text(rnd, vocab)
        assert english.compound(text) == full.compound(text), text


def _normalise_by_definition(text: str) -> str:
    return " ".join(_WORD.findall(_NOISE.sub(" ", fold(text))))


@pytest.mark.parametrize(
    "text",
    [
        "RT @ana: BOÏKOT the brand! https://t.co/x",
        "  rt: hello",
        "\u2003RT\tyes",
        "RTX card is great",
        "start the report",
        "Visit WWW.Example.com/a?b=c or HTTPS://X.Y/Z now",
        "mail me: a@b.c",
        "ſtop the ſcam",  # long s folds to s
        "good👍day, ｆｕｌｌｗｉｄｔｈ ＲＴ",
        "Café crème, naïve façade — Łódź, straße",
        "这家店的食物让我食物中毒了!!",
        "இந்த சேவை மிகவும் மோசமானது",
        "خدمة سيئة جدا",
        "snake_case and 123 numbers, x\x1cy",
        "",
        "   ",
    ],
)
def test_normalise_keeps_its_definition(text: str) -> None:
    assert normalise(text) == _normalise_by_definition(text)


def test_normalise_keeps_its_definition_on_random_text() -> None:
    rnd = random.Random(9)
    pool = list("abcXYZ rt RT@:/._-!?#'\"\t\n0123") + ["http://", "www.", "é", "ß", "😡", "中", "ா"]
    for _ in range(5000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 40)))
        assert normalise(text) == _normalise_by_definition(text), repr(text)


def test_normalise_keeps_its_definition_on_mixed_scripts() -> None:
    """Text with a few non-ASCII characters takes a shortcut that text in another
    script does not: both must give the definition's words."""
    rnd = random.Random(12)
    ascii_part = list("abc XYZ rt@:/._-!?#'\"\t0123") + ["http://", "www.", " "] * 3
    other = ["é", "ß", "😡", "👍", "中", "文", "ா", "த", "م", "ـ", "\u00a0", "\u2003", "—", "ſ", "٣"]
    other += ["\u0301", "K", "İ", "ǅ", "_", "ｆ", "²", "\u200d", "\ufeff"]
    for _ in range(5000):
        share = rnd.choice([0.02, 0.1, 0.5])
        length = rnd.randrange(0, 200)
        text = "".join(
            rnd.choice(other) if rnd.random() < share else rnd.choice(ascii_part)
            for _ in range(length)
        )
        assert normalise(text) == _normalise_by_definition(text), repr(text)


def test_emoji_become_their_descriptions_as_vader_spells_them() -> None:
    """Replacing just the emoji a text holds equals VADER's character-by-character loop."""
    english = SentimentModel().english
    rnd = random.Random(21)
    emoji = sorted(english._emoji_chars)[:300]
    pool = list("ab  .!") + ["word", "\t", "\n", "é", "中"] + emoji
    for _ in range(4000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 30)))
        found = english._emoji_chars.intersection(text)
        if found:
            assert english._replace_emoji(text, found) == english._replace_emoji_slow(text)


def _signature_by_definition(norm: str) -> np.ndarray:
    """One text's MinHash: min over its shingles of (shingle * A + B) mod 2**32."""
    if any("\u3400" <= ch <= "\u9fff" for ch in norm):
        units = [ch.encode() for ch in norm.replace(" ", "")]
    else:
        units = norm.encode().split()
    hashes = [zlib.crc32(u) for u in units]
    if len(hashes) == 1:
        shingles = hashes
    else:
        pairs = zip(hashes[:-1], hashes[1:], strict=True)
        shingles = [((a * 0x9E3779B1) & 0xFFFFFFFF) ^ b for a, b in pairs]
    out = np.full(NUM_HASHES, 0xFFFFFFFF, dtype=np.uint64)
    for s in shingles:
        mixed = (np.uint64(s) * _A.astype(np.uint64) + _B.astype(np.uint64)) & np.uint64(0xFFFFFFFF)
        out = np.minimum(out, mixed)
    return out.astype(np.uint32)


def test_batch_minhash_equals_signing_each_text_alone() -> None:
    rnd = random.Random(3)
    words = ["boikot", "brand", "data", "breach", "中", "文", "食物", "x", "refund", "ok"]
    norms = ["", "solo", "中", "中 文"]
    for _ in range(300):
        norms.append(" ".join(rnd.choice(words) for _ in range(rnd.randrange(0, 12))))
    got = signatures(norms)
    for norm, row in zip(norms, got, strict=True):
        assert np.array_equal(row, _signature_by_definition(norm)), norm


def test_severity_parts_follow_their_formulas() -> None:
    import math

    rnd = random.Random(4)
    for _ in range(3000):
        sentiment = rnd.choice([None, 0.0, -0.05, -0.0499, 0.3, -1.0, round(rnd.uniform(-1, 1), 4)])
        terms, reach = rnd.randrange(0, 6), rnd.choice([0, 1, 9, 10, 999_999, rnd.randrange(10**7)])
        engagement, recent = rnd.randrange(0, 20_000), rnd.randrange(0, 100)
        negativity = NEGATIVITY_MAX * max(0.0, -(sentiment or 0.0))
        risk = 0.0 if terms <= 0 else min(RISK_MAX, 12.0 + 4.0 * (terms - 1))
        concern = 1.0 if (negativity > 0 and (sentiment or 0.0) < NEGATIVE_BELOW) or risk else 0.25
        expected = {
            "negativity": round(negativity, 1),
            "reach": round(concern * REACH_MAX * min(1.0, math.log10(1 + reach) / 6.0), 1),
            "engagement": round(
                concern * ENGAGEMENT_MAX * min(1.0, math.log10(1 + engagement) / 4.0), 1
            ),
            "risk_terms": round(risk, 1),
            "velocity": round(
                0.0 if recent <= 1 else VELOCITY_MAX * min(1.0, math.log2(recent) / 6.0), 1
            ),
        }
        assert mention_parts(sentiment, terms, reach, engagement, recent) == expected


def test_scoring_leaves_the_garbage_collector_as_it_found_it() -> None:
    rows = [{"text": f"Boycott ShopLah, order {i} never came"} for i in range(50)]
    assert gc.isenabled()
    pipeline.score_mentions([dict(r) for r in rows], languages=["en", "ms"])
    assert gc.isenabled()
    gc.disable()
    try:
        pipeline.score_mentions([dict(r) for r in rows], languages=["en", "ms"])
        assert not gc.isenabled()  # the caller's choice is kept
    finally:
        gc.enable()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                pipeline.score_mentions([dict(r) for r in rows], languages=["en", "ms"])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert gc.isenabled()  # on again once the last concurrent batch finished

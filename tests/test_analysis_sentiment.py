"""Sentiment: identical to VADER in English, faithful to human ratings, sensible in Malay/Indonesian."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from vaderSentiment import vaderSentiment as vs

from warroom.analysis.rules import english_scorer
from warroom.analysis.sentiment import SentimentModel, base_language

GROUND_TRUTH = Path(__file__).parent / "data" / "vader" / "tweets_GroundTruth.txt"


@pytest.fixture(scope="module")
def vader() -> vs.SentimentIntensityAnalyzer:
    return vs.SentimentIntensityAnalyzer()


@pytest.fixture(scope="module")
def ours() -> SentimentModel:
    return SentimentModel()


def _truth() -> list[tuple[float, str]]:
    rows = []
    for line in GROUND_TRUTH.read_text(encoding="utf-8").splitlines():
        if line.strip():
            _id, mean, text = line.split("\t", 2)
            rows.append((float(mean), text))
    return rows


def test_english_is_identical_to_vader_on_its_published_tweets(
    vader: vs.SentimentIntensityAnalyzer,
) -> None:
    fast = english_scorer()
    truth = _truth()
    assert len(truth) == 4200
    different = [t for _, t in truth if fast.compound(t) != vader.polarity_scores(t)["compound"]]
    assert different == []


def test_english_keeps_vaders_correlation_with_human_ratings(ours: SentimentModel) -> None:
    truth = _truth()
    humans = np.array([m for m, _ in truth])
    scores = np.array([ours.score(t, "en") for _, t in truth], dtype=float)
    r = float(np.corrcoef(scores, humans)[0, 1])
    assert r >= 0.872  # VADER's published figure on this set, reproduced here


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
            word += rnd.choice(["!", "?", "!!", "...", ",", ":)", "?!", "!!!!!", "'"])
        if rnd.random() < 0.05:
            word = rnd.choice(["(", '"', "#", "@"]) + word
        words.append(word)
    sep = rnd.choice([" ", " ", "  ", "\n", " \t"])
    return sep.join(words)


def test_english_is_identical_to_vader_on_a_large_random_sample(
    vader: vs.SentimentIntensityAnalyzer,
) -> None:
    """Random mixes of every rule's trigger words, caps, punctuation and emoji."""
    fast = english_scorer()
    rnd = random.Random(1234)
    lexicon = sorted(vader.lexicon)
    emojis = sorted(vader.emojis)
    rules = (
        list(vs.NEGATE)
        + list(vs.BOOSTER_DICT)
        + [w for phrase in vs.SPECIAL_CASES for w in phrase.split()]
        + ["but", "no", "least", "at", "very", "never", "so", "this", "without", "doubt"]
        + ["kind", "of", "or", "nor", "the", "a", "isn't", "x", "ok"]
    )
    vocab = rules * 3 + [rnd.choice(lexicon) for _ in range(600)] + rnd.sample(emojis, 80)
    vocab += ["plain", "words", "brand", "service", "today"] * 20
    checked = 0
    for _ in range(20_000):
        text = _random_text(rnd, vocab)
        assert fast.compound(text) == vader.polarity_scores(text)["compound"], text
        checked += 1
    assert checked == 20_000


@pytest.mark.parametrize(
    ("text", "language", "sign"),
    [
        ("Servis ni teruk gila, tak puas hati langsung!", "ms", -1),
        ("Produk ini sangat bagus, terima kasih!", "id", 1),
        ("Makanan dia best gila, memang puas", "ms", 1),
        ("Pelayanannya parah banget, kecewa berat deh", "id", -1),
        ("Sgt kecewa dgn org kedai tu", "ms", -1),
    ],
)
def test_malay_and_indonesian_have_the_expected_polarity(
    ours: SentimentModel, text: str, language: str, sign: int
) -> None:
    score = ours.score(text, language)
    assert score is not None and -1.0 <= score <= 1.0
    assert score * sign > 0.2


def test_malay_negation_flips_and_intensifiers_strengthen(ours: SentimentModel) -> None:
    plain = ours.score("makanan ini sedap", "ms")
    negated = [
        ours.score(f"makanan ini {neg} sedap", "ms") for neg in ("tidak", "tak", "x", "bukan")
    ]
    assert plain is not None and plain > 0
    assert all(n is not None and n < 0 for n in negated)
    stronger = [
        ours.score(f"makanan ini {b} sedap", "ms") for b in ("sangat", "amat", "terlalu", "sgt")
    ]
    assert all(s is not None and s > plain for s in stronger)
    after = ours.score("makanan ini sedap gila", "ms")  # intensifier after the word
    assert after is not None and after > plain
    worry = ours.score("risau", "ms")
    dont_worry = ours.score("jangan risau", "ms")  # "don't worry"
    assert worry is not None and worry < 0
    assert dont_worry is not None and dont_worry > 0


def test_other_languages_stay_unassessed_unless_the_service_scored_them(
    ours: SentimentModel,
) -> None:
    assert ours.score("这家店的食物让我食物中毒了", "zh") is None
    assert ours.score("خدمة سيئة جدا", "ar") is None
    assert ours.score("这家店", "zh", source_sentiment=-0.6) == -0.6
    assert ours.score("I love it", "en", source_sentiment=7.0) == 1.0  # clamped


def test_language_codes_are_normalised() -> None:
    assert base_language("zh-CN") == "zh"
    assert base_language("in") == "id"
    assert base_language("und") == ""
    assert base_language("EN_us") == "en"

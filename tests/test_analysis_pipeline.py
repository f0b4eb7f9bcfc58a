"""Per-mention analysis as ingest and the feed use it: language, risk terms, clusters, severity."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from warroom.analysis import pipeline
from warroom.analysis.cluster import Clusterer
from warroom.analysis.language import MentionLanguageDetector, malay_or_indonesian
from warroom.analysis.risk import RiskMatcher
from warroom.plan.store import default_plan_text
from warroom.plan.validate import parse_plan

LANGS = ["en", "ms", "id", "zh", "ta", "ar"]


@pytest.fixture(autouse=True)
def fresh_clusters() -> None:
    pipeline.reset_clusters()


def test_language_detection_stays_within_the_brands_languages() -> None:
    detector = MentionLanguageDetector(LANGS)
    texts = [
        "This is the worst service I have ever had, I want a refund",
        "Saya tak puas hati dengan servis kat kedai ni, nak bayaran balik",
        "Pelayanannya gak bagus banget, udah nunggu lama",
        "这家店的食物让我食物中毒了",
        "هذا المنتج سيء جدا",
        "இந்த சேவை மிகவும் மோசமானது",
        "",
    ]
    assert detector.detect_many(texts) == ["en", "ms", "id", "zh", "ar", "ta", ""]
    only_en_ms = MentionLanguageDetector(["en", "ms"])
    assert only_en_ms.detect("Pelayanannya gak bagus banget, udah nunggu lama") == "ms"
    assert only_en_ms.detect("这家店的食物让我食物中毒了") == ""  # zh not configured


def test_malay_and_indonesian_are_told_apart_by_their_own_words() -> None:
    assert malay_or_indonesian("kenapa tak boleh guna kereta ni", "id") == "ms"
    assert malay_or_indonesian("kenapa gak bisa pakai mobil ini", "ms") == "id"
    assert malay_or_indonesian("saya makan nasi", "id") == "id"  # no tell: keep the guess


def _default_matcher() -> RiskMatcher:
    plan, _ = parse_plan(default_plan_text(), "default.yaml")
    return pipeline.matcher_for(plan)


def test_risk_terms_match_both_languages_case_diacritics_and_whole_words() -> None:
    matcher = _default_matcher()
    assert matcher.find("BOYCOTT them! Kebocoran   Data lagi?") == ["boycott", "kebocoran data"]
    assert matcher.find("Boïkot jenama ini") == ["boikot"]
    assert matcher.find("I ordered scampi, not a scam-free deal") == ["scam"]
    assert matcher.find("scampi and recalled items") == []  # whole words only
    assert matcher.find("makanan ni tak selamat") == ["tidak selamat"]  # tak = tidak
    assert matcher.find("Got food-poisoning after lunch") == ["food poisoning"]
    assert "scam" in matcher.scenarios_by_term and len(matcher.scenarios_by_term["scam"]) >= 2


def test_score_mentions_fills_every_field_in_place() -> None:
    rows: list[dict[str, Any]] = [
        {
            "text": "Boycott KopiKita! My kids got food poisoning, this is disgusting 😡",
            "author_reach": 120_000,
            "engagement": 900,
        },
        {"text": "Servis teruk gila, tak selamat langsung. Boikot!", "language": "ms"},
        {"text": "这家店的食物让我食物中毒了", "language": "", "author_reach": 10},
        {"text": "I really love the new latte at KopiKita", "author_reach": 5_000_000},
        {"text": "", "source_sentiment": None},
        {"text": "قصة جميلة", "language": "ar", "source_sentiment": -0.8},
    ]
    pipeline.score_mentions(rows, languages=LANGS)
    first, malay, chinese, praise, empty, arabic = rows
    assert first["language"] == "en"
    assert first["sentiment"] < -0.5
    assert first["risk_terms"] == ["boycott", "food poisoning"]
    assert set(first["severity_parts"]) == {
        "negativity",
        "reach",
        "engagement",
        "risk_terms",
        "velocity",
    }
    assert first["severity"] == pytest.approx(sum(first["severity_parts"].values()), abs=0.05)
    assert malay["language"] == "ms" and malay["sentiment"] < 0
    assert "boikot" in malay["risk_terms"] and "tidak selamat" in malay["risk_terms"]
    assert chinese["language"] == "zh" and chinese["sentiment"] is None
    assert chinese["severity_parts"]["negativity"] == 0
    assert praise["sentiment"] > 0
    # a celebrity praising the brand is not a crisis: reach counts a quarter
    assert praise["severity"] < first["severity"] / 3
    assert empty["cluster_id"] is None and empty["severity"] == 0
    assert arabic["sentiment"] == -0.8  # the service's own score is kept
    for row in rows:
        assert 0 <= row["severity"] <= 100
        assert isinstance(row["risk_terms"], list)


def test_given_language_is_kept() -> None:
    rows = [{"text": "Servis teruk", "language": "ms-MY"}, {"text": "ok lah", "language": "und"}]
    pipeline.score_mentions(rows, languages=LANGS)
    assert rows[0]["language"] == "ms-MY"
    assert rows[0]["sentiment"] is not None and rows[0]["sentiment"] < 0
    assert rows[1]["language"] != "und"


def test_copy_paste_campaign_shares_one_cluster_and_raises_velocity() -> None:
    base = "Boycott ShopLah now, they sold fake goods and ignored every complaint for weeks"
    t0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    rows = [
        {"text": base, "published_at": t0},
        {"text": f"RT @angry_user: {base}", "published_at": t0 + timedelta(minutes=1)},
        {"text": f"So true! {base} https://t.co/x1", "published_at": t0 + timedelta(minutes=2)},
        {"text": base.upper(), "published_at": t0 + timedelta(minutes=3)},
        {"text": "Lovely weather at the beach today, off to get ice cream", "published_at": t0},
    ]
    pipeline.score_mentions(rows[:2], languages=LANGS)  # an earlier poll
    pipeline.score_mentions(rows[2:], languages=LANGS)
    ids = {r["cluster_id"] for r in rows[:4]}
    assert len(ids) == 1 and None not in ids
    assert rows[4]["cluster_id"] not in ids
    assert rows[0]["severity_parts"]["velocity"] == 0
    assert rows[3]["severity_parts"]["velocity"] > rows[1]["severity_parts"]["velocity"] > 0


def test_velocity_counts_only_the_last_hour() -> None:
    clusterer = Clusterer()
    t0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    text = "Data breach at BankNusa, change your passwords right now everyone"
    got = clusterer.assign([text] * 3, [t0, t0 + timedelta(minutes=30), t0 + timedelta(hours=2)])
    assert [count for _, count in got] == [1, 2, 1]


def test_clusterer_memory_is_bounded() -> None:
    clusterer = Clusterer(max_entries=100)
    texts = [
        f"unique complaint number {i} about order {i * 7} and refund {i * 13}" for i in range(500)
    ]
    clusterer.assign(texts)
    assert len(clusterer._entries) <= 100
    assert len(clusterer._bands) <= 100 * 8


def test_concurrent_callers_get_consistent_clusters() -> None:
    text = "KopiKita data leak exposed my personal data, who is responsible for this"
    results: list[list[dict[str, Any]]] = []

    def work() -> None:
        rows = [{"text": text} for _ in range(20)]
        pipeline.score_mentions(rows, languages=LANGS)
        results.append(rows)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = {row["cluster_id"] for rows in results for row in rows}
    assert len(ids) == 1


def test_worker_processes_give_the_same_scores() -> None:
    rows = [
        {
            "text": f"Order {i}: servis teruk, nak bayaran balik"
            if i % 2
            else f"Order {i} was great, thanks!"
        }
        for i in range(5000)
    ]
    single = [dict(r) for r in rows]
    pipeline.score_mentions(single, languages=LANGS)
    pipeline.reset_clusters()
    multi = [dict(r) for r in rows]
    pipeline.score_mentions(multi, languages=LANGS, workers=2)
    keys = ("language", "sentiment", "risk_terms", "severity", "cluster_id")
    assert [[r[k] for k in keys] for r in single] == [[r[k] for k in keys] for r in multi]

"""Backfills on both cores: helper processes give the same analysis, and survive trouble.

`score_mentions(rows, workers=2)` shares the chunks between this process and a
helper process (warroom.analysis.helpers).  Whatever happens to the helper, the
caller gets every row scored exactly as one process would score it, or the
analysis's own error, and the next batch is unaffected.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from typing import Any

import pytest

from warroom.analysis import helpers, pipeline
from warroom.analysis.risk import RiskMatcher
from warroom.analysis.severity import total

LANGS = ["en", "ms", "id", "zh", "ta", "ar"]
KEYS = ("language", "sentiment", "risk_terms", "severity", "severity_parts", "cluster_id")


class TroubleMatcher(RiskMatcher):
    """A plan's matcher that fails on the word "explode" (as a bug in the analysis would),
    and on "vanish" ends the helper process it runs in (as a crash would)."""

    def find_normalised(self, norm: str, tokens: list[str] | None = None) -> list[str]:
        words = norm.split()
        if "explode" in words:
            raise ValueError("boom: risk matching failed")
        if "vanish" in words and multiprocessing.parent_process() is not None:
            os._exit(3)
        return super().find_normalised(norm, tokens)


PLAN = TroubleMatcher(scenarios_by_term={"boycott": ["s1"]}, crisis_types={"s1": "x"})


def _rows(n: int, tag: str = "") -> list[dict[str, Any]]:
    return [
        {
            "text": f"{tag}Order {i}: servis teruk, nak bayaran balik 😡"
            if i % 3 == 0
            else f"{tag}Order {i} was great, thanks! Boycott? never"
            if i % 3 == 1
            else f"{tag}订单{i}的食物让我食物中毒了",
            "author_reach": i % 1000,
            "engagement": i % 37,
        }
        for i in range(n)
    ]


def _scored(rows: list[dict[str, Any]], workers: int, plan: Any = None) -> list[list[Any]]:
    pipeline.reset_clusters()
    work = [dict(r) for r in rows]
    pipeline.score_mentions(work, languages=LANGS, workers=workers, plan=plan)
    return [[r[k] for k in KEYS] for r in work]


def test_helpers_score_exactly_as_one_process() -> None:
    rows = _rows(12_000)
    alone = _scored(rows, workers=1)
    assert _scored(rows, workers=2) == alone
    assert all(r[3] == total(r[4]) for r in alone)  # severity is the sum of its parts


def test_a_helper_that_dies_has_its_work_done_here_and_is_replaced() -> None:
    rows = _rows(8000)
    rows[10]["text"] = "they vanish"  # in the first chunk, always the helper's: it ends there
    alone = _scored(rows, workers=1, plan=PLAN)
    _scored(_rows(5000), workers=2, plan=PLAN)  # the helper is up
    [helper] = helpers._helpers
    assert helper.process.is_alive()
    assert _scored(rows, workers=2, plan=PLAN) == alone
    assert not helper.process.is_alive()  # it did reach the row
    rows[10]["text"] = "they stay"
    assert _scored(rows, workers=2, plan=PLAN) == _scored(rows, workers=1, plan=PLAN)
    [replacement] = helpers._helpers
    assert replacement is not helper and replacement.process.is_alive()


def test_an_error_in_the_analysis_is_raised_and_the_next_batch_is_clean() -> None:
    rows = _rows(8000)
    rows[10]["text"] = "please explode"  # in the first chunk, always the helper's
    errors: list[str] = []
    receive = helpers.Helper.receive

    def watched(self: helpers.Helper) -> tuple[str, Any]:
        status, answer = receive(self)
        if status == "error":
            errors.append(answer)
        return status, answer

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(helpers.Helper, "receive", watched)
        with pytest.raises(ValueError, match="boom"):
            _scored(rows, workers=2, plan=PLAN)
    assert errors == ["ValueError: boom: risk matching failed"]  # the helper met it first
    rows[10]["text"] = "please do not"
    assert _scored(rows, workers=2, plan=PLAN) == _scored(rows, workers=1, plan=PLAN)


def test_threads_sharing_the_helpers_each_get_every_row_scored() -> None:
    batches = [_rows(6000, tag=f"T{k} ") for k in range(2)]
    expected = []
    for batch in batches:
        alone = [dict(r) for r in batch]
        pipeline.score_mentions(alone, languages=LANGS)
        expected.append([r["sentiment"] for r in alone])
    results: list[list[dict[str, Any]] | None] = [None, None]
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            rows = [dict(r) for r in batches[k]]
            pipeline.score_mentions(rows, languages=LANGS, workers=2)
            results[k] = rows
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for k, rows in enumerate(results):
        assert rows is not None
        assert [r["sentiment"] for r in rows] == expected[k]
        assert all(r["cluster_id"] and r["language"] for r in rows)


def test_a_batch_begun_in_the_helper_ends_as_one_process_scores_it() -> None:
    rows = _rows(12_000)
    expected = _scored(rows, workers=1)
    pipeline.reset_clusters()
    first, second = [dict(r) for r in rows[:6000]], [dict(r) for r in rows[6000:]]
    begun = pipeline.begin_scoring(first, languages=LANGS, workers=2)
    assert all("severity" not in r for r in first)  # nothing filled until finish()
    begun.finish()
    after = pipeline.begin_scoring(second, languages=LANGS, workers=2)
    after.finish()
    got = [[r[k] for k in KEYS] for r in first + second]
    assert got == expected


def test_a_cancelled_batch_leaves_the_helper_ready_for_the_next() -> None:
    rows = _rows(6000)
    expected = _scored(rows, workers=1)
    pipeline.reset_clusters()
    dropped = pipeline.begin_scoring([dict(r) for r in rows], languages=LANGS, workers=2)
    dropped.cancel()  # the user cancelled the import
    work = [dict(r) for r in rows]
    pipeline.score_mentions(work, languages=LANGS, workers=2)  # no stale answers mixed in
    assert [[r[k] for k in KEYS] for r in work] == expected


def test_new_clusters_sort_by_their_first_minute_and_keep_their_id_everywhere() -> None:
    from datetime import UTC, datetime, timedelta

    from warroom.analysis.cluster import Clusterer

    start = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)
    texts = [" ".join(f"topic{n}word{k}" for k in range(8)) for n in range(50)]  # unrelated
    times = [start + timedelta(minutes=n) for n in range(50)]
    first = [c for c, _ in Clusterer().assign(texts, times)]
    again = [c for c, _ in Clusterer().assign(texts, times)]  # another laptop, another run
    assert first == again
    assert first == sorted(first)  # appended to the store's index, not scattered over it
    copy = Clusterer()
    ids = [c for c, _ in copy.assign([texts[0], "RT " + texts[0]], times[:2])]
    assert ids[0] == ids[1] == first[0]  # a repost joins its original's cluster

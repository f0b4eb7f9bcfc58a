"""Score mentions in place: language, sentiment, risk terms, severity and cluster.

`score_mentions(rows, plan=...)` is what ingest, the demo loader and
`warroom analyze` call.  Each row is a dict with the keys of
`warroom.store.models.Mention` (text, language, author_reach, engagement,
source_sentiment, published_at…); it gains:

- language: kept when given (an API's "und" counts as not given), otherwise
  detected among the brand's languages (warroom.analysis.language);
- sentiment: [-1, 1], or None for a language not assessed
  (warroom.analysis.sentiment);
- risk_terms: the plan's crisis terms found (warroom.analysis.risk);
- cluster_id: near-duplicate cluster (warroom.analysis.cluster), None only for
  empty text; every other mention has one (a cluster of one until a copy comes);
- severity and severity_parts (warroom.analysis.severity).

Near-duplicate clusters span calls: the process keeps one clusterer, so a
repost fetched in a later poll joins the earlier campaign.  Safe to call from
several threads at once.  For backfills, `workers=2` runs language,
sentiment, risk terms and MinHash signing in worker processes (started once,
kept for the process's life) while this process clusters the chunks in order,
so the result is the same as with one process.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from typing import Any

from warroom.analysis import severity as sev
from warroom.analysis.cluster import Clusterer, signatures
from warroom.analysis.language import DEFAULT_LANGUAGES, detector
from warroom.analysis.risk import RiskMatcher
from warroom.analysis.sentiment import base_language, model
from warroom.analysis.text import normalise

_lock = threading.Lock()
_default_matcher: RiskMatcher | None = None
_clusterer: Clusterer | None = None
_pool: ProcessPoolExecutor | None = None
_pool_workers = 0


def matcher_for(plan: Any = None) -> RiskMatcher:
    """Risk-term matcher for a plan (`warroom.plan.model.Plan`, a stored
    `PlanVersion`, a ready `RiskMatcher`, or None for the shipped default plan)."""
    global _default_matcher
    if isinstance(plan, RiskMatcher):
        return plan
    if plan is None:
        with _lock:
            if _default_matcher is None:
                from warroom.plan.store import default_plan_text
                from warroom.plan.validate import parse_plan

                parsed, _warnings = parse_plan(default_plan_text(), "default.yaml")
                _default_matcher = _matcher_from_model(parsed)
            return _default_matcher
    if hasattr(plan, "scenarios") and hasattr(plan, "settings") and hasattr(plan, "document"):
        # a stored PlanVersion: its scenario rows carry triggers as plain data
        return RiskMatcher.from_scenarios(
            (s.key, s.crisis_type, dict((s.triggers or {}).get("risk_terms") or {}))
            for s in plan.scenarios
        )
    return _matcher_from_model(plan)


def _matcher_from_model(plan: Any) -> RiskMatcher:
    return RiskMatcher.from_scenarios(
        (s.key, s.crisis_type, dict(s.triggers.risk_terms)) for s in plan.scenarios
    )


def clusterer() -> Clusterer:
    """The process-wide near-duplicate clusterer."""
    global _clusterer
    with _lock:
        if _clusterer is None:
            _clusterer = Clusterer()
        return _clusterer


def reset_clusters() -> None:
    """Forget all clusters (tests, or a fresh backfill)."""
    global _clusterer
    with _lock:
        _clusterer = None


def brand_languages() -> list[str]:
    from warroom import settings

    return settings.Settings().get(settings.BRAND_LANGUAGES)


def _int(value: Any) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def _float_or_none(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


Scored = tuple[list[str], list[tuple[float | None, list[str]]], list[str], Any]


def _analyse(
    texts: list[str],
    given_langs: list[str],
    given_sent: list[float | None],
    matcher: RiskMatcher,
    languages: tuple[str, ...],
    threads: bool = True,
) -> Scored:
    """Everything that needs no shared state: language, sentiment, risk terms, MinHash."""
    norms = [normalise(t) for t in texts]
    langs = list(given_langs)
    missing = [i for i, lang in enumerate(langs) if not lang]
    if missing:
        found = detector(languages or DEFAULT_LANGUAGES).detect_many(
            [texts[i] for i in missing], threads=threads, norms=[norms[i] for i in missing]
        )
        for i, code in zip(missing, found, strict=True):
            langs[i] = code
    m = model()
    find = matcher.find_normalised
    scored = [
        (m.score(text, lang, src), find(norm))
        for text, norm, lang, src in zip(texts, norms, langs, given_sent, strict=True)
    ]
    return langs, scored, norms, signatures(norms)


def _worker(
    args: tuple[list[str], list[str], list[float | None], RiskMatcher, tuple[str, ...]],
) -> Scored:
    texts, given_langs, given_sent, matcher, languages = args
    return _analyse(texts, given_langs, given_sent, matcher, languages, threads=False)


def _parallel(
    texts: list[str],
    given_langs: list[str],
    given_sent: list[float | None],
    matcher: RiskMatcher,
    languages: tuple[str, ...],
    workers: int,
) -> Iterator[tuple[int, Scored]]:
    """(offset, results) per chunk, in order, as the worker processes finish them."""
    global _pool, _pool_workers
    with _lock:
        if _pool is None or _pool_workers != workers:
            if _pool is not None:
                _pool.shutdown()
            # spawn, not fork: the parent may run threads (ingest, lingua's pool)
            _pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn")
            )
            _pool_workers = workers
        pool = _pool
    size = max(1000, len(texts) // (workers * 4) + 1)
    offsets = list(range(0, len(texts), size))
    chunks = [
        (
            texts[i : i + size],
            given_langs[i : i + size],
            given_sent[i : i + size],
            matcher,
            languages,
        )
        for i in offsets
    ]
    yield from zip(offsets, pool.map(_worker, chunks), strict=True)


def _fill(rows: list[dict[str, Any]], result: Scored) -> None:
    """Cluster (in order, shared state) and write every field into `rows`."""
    langs, scored, norms, sigs = result
    times = [
        r.get("published_at") if isinstance(r.get("published_at"), datetime) else None for r in rows
    ]
    clusters = clusterer().assign_signed(norms, sigs, times)
    for row, lang, (sentiment, terms), (cluster_id, recent) in zip(
        rows, langs, scored, clusters, strict=True
    ):
        parts = sev.mention_parts(
            sentiment,
            len(terms),
            _int(row.get("author_reach")),
            _int(row.get("engagement")),
            recent,
        )
        row["language"] = lang
        row["sentiment"] = sentiment
        row["risk_terms"] = terms
        row["cluster_id"] = cluster_id
        row["severity_parts"] = parts
        row["severity"] = sev.total(parts)


def score_mentions(
    rows: list[dict[str, Any]],
    *,
    plan: Any = None,
    languages: Iterable[str] | None = None,
    workers: int = 1,
) -> None:
    """Fill language, sentiment, risk_terms, cluster_id, severity and severity_parts in place.

    `plan`: a `warroom.plan.model.Plan`, a stored `PlanVersion`, a
    `RiskMatcher`, or None for the shipped default plan's risk terms.
    `languages`: the brand's languages (default: the BRAND_LANGUAGES setting).
    `workers` > 1 runs language, sentiment, risk terms and MinHash in that many processes
    (backfills of many thousand rows; small batches stay in this process).
    """
    if not rows:
        return
    matcher = matcher_for(plan)
    langs_wanted = tuple(languages) if languages is not None else tuple(brand_languages())
    texts = [str(r.get("text") or "") for r in rows]
    given_langs: list[str] = []
    for row in rows:
        given = str(row.get("language") or "").strip()
        given_langs.append(given if given and base_language(given) else "")
    given_sent = [_float_or_none(r.get("source_sentiment")) for r in rows]
    if workers > 1 and len(rows) >= 5000:
        # this process clusters each chunk while the workers score the next ones
        for offset, result in _parallel(
            texts, given_langs, given_sent, matcher, langs_wanted, workers
        ):
            _fill(rows[offset : offset + len(result[0])], result)
    else:
        _fill(rows, _analyse(texts, given_langs, given_sent, matcher, langs_wanted))

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
sentiment, risk terms, MinHash signing and the severity parts that need no
cluster in worker processes (started once, kept for the process's life; they
get plain lists of texts and numbers in chunks of up to 1,000 and send back
compact lists and one signature array) while this process clusters the chunks
in order, so the result is the same as with one process.

Where the time goes (bench/analysis.py, per mention, one process, about 62 µs
against VADER's 63 µs): sentiment 38 %, normalising text 13 %, near-duplicate
clustering 13 %, MinHash 9 %, language 9 %, the rest (risk terms, severity,
reading and writing rows) 18 %.  Each text is normalised and split once for language, risk terms and
MinHash; Python's cyclic garbage collector rests during a batch
(`_collector_paused`).
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
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
    if type(value) is int:
        return value if value > 0 else 0
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def _given_language(value: Any) -> str:
    """A language the row already has (an API's "und" counts as none), or ''."""
    if not value:
        return ""
    given = str(value).strip()
    return given if given and base_language(given) else ""


def _float_or_none(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass
class _Batch:
    """What the analysis reads from the rows: plain lists, cheap to send to a worker."""

    texts: list[str]
    given_langs: list[str]
    given_sent: list[float | None]
    reach: list[int]
    engagement: list[int]

    def slice(self, start: int, stop: int) -> _Batch:
        return _Batch(
            self.texts[start:stop],
            self.given_langs[start:stop],
            self.given_sent[start:stop],
            self.reach[start:stop],
            self.engagement[start:stop],
        )


@dataclass
class _Scored:
    """Per text: language, sentiment, risk terms, normalised text, the severity parts
    that need no cluster; and the MinHash signatures (a numpy array, one row a text)."""

    langs: list[str]
    sentiments: list[float | None]
    terms: list[list[str]]
    norms: list[str]
    parts: list[tuple[float, float, float, float]]
    sigs: Any


def _analyse(
    batch: _Batch,
    matcher: RiskMatcher,
    languages: tuple[str, ...],
    threads: bool = True,
) -> _Scored:
    """Everything that needs no shared state: language, sentiment, risk terms, MinHash."""
    texts = batch.texts
    norms = list(map(normalise, texts))
    tokens = [n.split() for n in norms]  # read once for language and risk terms
    langs = list(batch.given_langs)
    missing = [i for i, lang in enumerate(langs) if not lang]
    if missing:
        found = detector(languages or DEFAULT_LANGUAGES).detect_many(
            [texts[i] for i in missing],
            threads=threads,
            norms=[norms[i] for i in missing],
            tokens=[tokens[i] for i in missing],
        )
        for i, code in zip(missing, found, strict=True):
            langs[i] = code
    sentiments = list(map(model().score, texts, langs, batch.given_sent))
    terms = list(map(matcher.find_normalised, norms, tokens))
    parts = list(map(sev.fixed_parts, sentiments, map(len, terms), batch.reach, batch.engagement))
    return _Scored(langs, sentiments, terms, norms, parts, signatures(norms))


def _worker(args: tuple[_Batch, RiskMatcher, tuple[str, ...]]) -> _Scored:
    batch, matcher, languages = args
    with _collector_paused():
        return _analyse(batch, matcher, languages, threads=False)


def _parallel(
    batch: _Batch, matcher: RiskMatcher, languages: tuple[str, ...], workers: int
) -> Iterator[tuple[int, _Scored]]:
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
    n = len(batch.texts)
    # small chunks keep every process busy (this one clusters a chunk while the workers
    # score the next ones) and cost little to send: texts out, compact lists back
    size = max(500, min(1000, n // (workers * 4) + 1))
    offsets = list(range(0, n, size))
    chunks = [(batch.slice(i, i + size), matcher, languages) for i in offsets]
    yield from zip(offsets, pool.map(_worker, chunks), strict=True)


def _fill(rows: list[dict[str, Any]], result: _Scored) -> None:
    """Cluster (in order, shared state) and write every field into `rows`."""
    times = [when if isinstance(when := r.get("published_at"), datetime) else None for r in rows]
    clusters = clusterer().assign_signed(result.norms, result.sigs, times)
    velocity_part = sev.velocity_part
    total = sev.total
    for row, lang, sentiment, found, (negativity, reach, engagement, risk), (
        cluster_id,
        recent,
    ) in zip(
        rows,
        result.langs,
        result.sentiments,
        result.terms,
        result.parts,
        clusters,
        strict=True,
    ):
        parts = {
            "negativity": negativity,
            "reach": reach,
            "engagement": engagement,
            "risk_terms": risk,
            "velocity": velocity_part(recent),
        }
        row["language"] = lang
        row["sentiment"] = sentiment
        row["risk_terms"] = found
        row["cluster_id"] = cluster_id
        row["severity_parts"] = parts
        row["severity"] = total(parts)


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
    given_langs = [_given_language(r.get("language")) for r in rows]
    given_sent = [_float_or_none(r.get("source_sentiment")) for r in rows]
    reach = [_int(r.get("author_reach")) for r in rows]
    engagement = [_int(r.get("engagement")) for r in rows]
    batch = _Batch(texts, given_langs, given_sent, reach, engagement)
    with _collector_paused():
        if workers > 1 and len(rows) >= 5000:
            # this process clusters each chunk while the workers score the next ones
            for offset, result in _parallel(batch, matcher, langs_wanted, workers):
                _fill(rows[offset : offset + len(result.langs)], result)
        else:
            _fill(rows, _analyse(batch, matcher, langs_wanted))


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch is scored.

    Scoring allocates several containers per mention that live until the batch ends
    (token and term lists, severity parts, cluster entries) and makes no reference
    cycles, so the collector finds nothing, yet each pass walks every object of the
    process: on a large batch that cost about a sixth of the time.  Reference counting
    still frees everything as usual; the collector is restored (if it was enabled) when
    the last concurrent caller finishes.
    """
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()

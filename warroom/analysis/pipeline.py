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
several threads at once.

For backfills, `workers=2` uses both cores: this process and a helper process
(warroom.analysis.helpers; started once, kept for the process's life) share
the chunks of the batch.  The helper always has a few chunks of plain lists
(texts and numbers, up to 500 mentions each) in hand and sends back compact
lists and one signature array per chunk; this process scores a chunk itself
whenever the next one to cluster is not back yet, and clusters every chunk in
order, so the result is the same as with one process.  The parent talks to
the helper from the calling thread through widened pipes, so neither waits on
the other while it computes (with `concurrent.futures`' pool, whose threads
must win the GIL from a busy parent, the helper sat idle a quarter of the time).

Where the time goes (bench/analysis.py, per mention, one process, about 47 µs
against VADER's 59 µs): sentiment 37 %, normalising text 11 %, MinHash 11 %,
near-duplicate clustering 11 %, language 9 %, risk terms 6 %, the rest
(splitting, severity, reading and writing rows, the garbage collector's pass
after a batch) 15 %.  Each text is normalised and split once for language,
risk terms and MinHash; Python's cyclic garbage collector rests during a
batch (`warroom.collector.paused`).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from warroom import collector
from warroom.analysis import severity as sev
from warroom.analysis.cluster import Clusterer, signatures
from warroom.analysis.helpers import Helper, HelperDied
from warroom.analysis.helpers import helpers as helper_processes
from warroom.analysis.language import DEFAULT_LANGUAGES, detector
from warroom.analysis.risk import RiskMatcher
from warroom.analysis.sentiment import base_language, model
from warroom.analysis.text import normalise

_lock = threading.Lock()
_default_matcher: RiskMatcher | None = None
_clusterer: Clusterer | None = None
# chunk sizes for worker processes: small enough to balance, large enough to cost little
_MAX_CHUNK = 500
_MIN_CHUNK = 100
# chunks each helper process has in hand (so it never waits while this process scores one)
_QUEUED = 3


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

    @classmethod
    def of(cls, rows: list[dict[str, Any]]) -> _Batch:
        return cls(
            [str(r.get("text") or "") for r in rows],
            [_given_language(r.get("language")) for r in rows],
            [_float_or_none(r.get("source_sentiment")) for r in rows],
            [_int(r.get("author_reach")) for r in rows],
            [_int(r.get("engagement")) for r in rows],
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
    return _Scored(langs, sentiments, terms, norms, parts, signatures(norms, tokens))


_helper_setup: tuple[RiskMatcher, tuple[str, ...]] | None = None


def _helper_task(message: tuple[tuple[RiskMatcher, tuple[str, ...]] | None, _Batch]) -> _Scored:
    """In a helper process: score one chunk (the matcher and languages come with the first
    chunk and whenever they change)."""
    global _helper_setup
    setup, batch = message
    if setup is not None:
        _helper_setup = setup
    if _helper_setup is None:
        raise RuntimeError("analysis helper got a chunk before its setup")
    matcher, languages = _helper_setup
    with collector.paused():
        return _analyse(batch, matcher, languages, threads=False)


@dataclass
class _Chunk:
    start: int
    stop: int
    helper: Helper | None = None
    result: _Scored | None = None


def _parallel(
    rows: list[dict[str, Any]],
    matcher: RiskMatcher,
    languages: tuple[str, ...],
    workers: int,
    ahead: bool = False,
) -> Generator[tuple[int, _Scored | None], None, None]:
    """(offset, results) per chunk, in order, scored by `workers` processes in all: this
    one and `workers - 1` helper processes (warroom.analysis.helpers).

    Chunks are claimed in order from the front of the batch.  Each helper always has
    `_QUEUED` chunks in hand; whenever the next chunk to cluster is not back yet, this
    process claims the next chunk and scores it itself instead of waiting, so it stays
    busy and the work balances by itself (this process also clusters, so it scores
    fewer chunks).  Chunks shrink towards the end of the batch so that no process is
    left with a long last chunk while the others wait.  A helper that fails or dies has
    its chunks scored here instead (an error in the analysis itself is then raised here).

    With `ahead`, every chunk goes to the helpers at once and the first item yielded is
    (-1, None): the batch is in their hands, and this process is free for other work
    (`begin_scoring`) until it asks for the results.
    """
    with helper_processes(workers - 1, _helper_task) as team:
        if not team:  # another thread is using the helpers: score here alone
            if ahead:
                yield -1, None
            yield 0, _analyse(_Batch.of(rows), matcher, languages, threads=False)
            return
        yield from _share(team, rows, matcher, languages, workers, ahead)


def _share(
    team: list[Helper],
    rows: list[dict[str, Any]],
    matcher: RiskMatcher,
    languages: tuple[str, ...],
    workers: int,
    ahead: bool = False,
) -> Generator[tuple[int, _Scored | None], None, None]:
    n = len(rows)
    cursor = 0
    queued = n if ahead else _QUEUED

    def claim() -> _Chunk:
        nonlocal cursor
        size = max(_MIN_CHUNK, min(_MAX_CHUNK, (n - cursor) // (2 * workers)))
        chunk = _Chunk(cursor, min(n, cursor + size))
        cursor = chunk.stop
        return chunk

    def here(chunk: _Chunk) -> None:
        chunk.result = _analyse(
            _Batch.of(rows[chunk.start : chunk.stop]), matcher, languages, threads=False
        )

    outstanding: dict[int, deque[_Chunk]] = {id(h): deque() for h in team}

    def lost(helper: Helper) -> None:
        """The helper died: score here whatever it had not answered."""
        waiting = outstanding[id(helper)]
        while waiting:
            here(waiting.popleft())

    def collect(helper: Helper) -> None:
        if not helper.alive:
            lost(helper)
            return
        try:
            status, answer = helper.receive()
        except HelperDied:
            lost(helper)
            return
        chunk = outstanding[id(helper)].popleft()
        if status == "ok":
            chunk.result = answer
        else:
            here(chunk)  # raises the helper's error here, with its traceback, if it recurs

    pending: deque[_Chunk] = deque()  # claimed chunks, in batch order
    try:
        while cursor < n or pending:
            for helper in team:
                while helper.alive and helper.waiting < queued and cursor < n:
                    chunk = claim()
                    pending.append(chunk)
                    setup = None if helper.state is matcher else (matcher, languages)
                    try:
                        helper.send((setup, _Batch.of(rows[chunk.start : chunk.stop])))
                    except HelperDied:
                        here(chunk)
                        lost(helper)
                        break
                    helper.state = matcher
                    chunk.helper = helper
                    outstanding[id(helper)].append(chunk)
            if ahead:
                ahead, queued = False, _QUEUED
                yield -1, None  # all sent: the caller works meanwhile
            for helper in team:
                while helper.ready():
                    collect(helper)
            head = pending[0] if pending else None
            if head is not None and head.result is not None:
                pending.popleft()
                yield head.start, head.result
            elif cursor < n:
                chunk = claim()
                pending.append(chunk)
                here(chunk)
            elif head is not None and head.helper is not None:
                collect(head.helper)
            else:  # pragma: no cover - every claimed chunk is scored here or sent
                raise RuntimeError("analysis chunk lost")
    finally:
        # answers to chunks nobody will read (an error above) must not reach the next batch
        for helper in team:
            while helper.alive and helper.waiting:
                try:
                    helper.receive()
                except HelperDied:
                    break


def _fill(rows: list[dict[str, Any]], result: _Scored) -> None:
    """Cluster (in order, shared state) and write every field into `rows`."""
    times = [when if isinstance(when := r.get("published_at"), datetime) else None for r in rows]
    clusters = clusterer().assign_signed(result.norms, result.sigs, times)
    velocity_part = sev.velocity_part
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
        velocity = velocity_part(recent)
        row["language"] = lang
        row["sentiment"] = sentiment
        row["risk_terms"] = found
        row["cluster_id"] = cluster_id
        row["severity_parts"] = {
            "negativity": negativity,
            "reach": reach,
            "engagement": engagement,
            "risk_terms": risk,
            "velocity": velocity,
        }
        # severity.total(parts), written out: the same sum in the same order, clamped
        summed = negativity + reach + engagement + risk + velocity
        row["severity"] = round(100.0 if summed > 100.0 else summed if summed > 0.0 else 0.0, 1)


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
    `workers` > 1 runs language, sentiment, risk terms and MinHash in that many processes,
    this one included (backfills of many thousand rows; small batches stay in this process).
    """
    if rows:
        # this process clusters each chunk while the helpers score the next ones
        _start(rows, plan, languages, workers, ahead=False).finish()


def _start(
    rows: list[dict[str, Any]],
    plan: Any,
    languages: Iterable[str] | None,
    workers: int,
    *,
    ahead: bool,
) -> Scoring:
    """The batch's scoring, in the helpers' hands with `workers` > 1 and a backfill-sized
    batch (with `ahead`, every chunk sent at once before this returns)."""
    matcher = matcher_for(plan)
    langs_wanted = tuple(languages) if languages is not None else tuple(brand_languages())
    parts = None
    if workers > 1 and len(rows) >= 5000:
        parts = _parallel(rows, matcher, langs_wanted, workers, ahead=ahead)
        if ahead:
            with collector.paused():
                first = next(parts)
            assert first == (-1, None)
    return Scoring(rows, matcher, langs_wanted, parts)


class Scoring:
    """A batch being scored by the helper processes; `finish()` fills the rows.

    From `begin_scoring`.  Between the two calls this process is free: an import
    stores the previous batch meanwhile, so both cores work through the whole
    import instead of one waiting for the other.  Batches must be finished in the
    order they were begun (clustering is sequential), and one at a time per thread.
    """

    def __init__(
        self,
        rows: list[dict[str, Any]],
        matcher: RiskMatcher,
        languages: tuple[str, ...],
        parts: Generator[tuple[int, _Scored | None], None, None] | None,
    ) -> None:
        self.rows = rows
        self._matcher = matcher
        self._languages = languages
        self._parts = parts

    def finish(self) -> None:
        """Wait for the helpers' part, score the rest here, cluster, fill the rows."""
        rows, parts, self._parts = self.rows, self._parts, None
        with collector.paused():
            if parts is None:
                if rows:
                    _fill(rows, _analyse(_Batch.of(rows), self._matcher, self._languages))
                return
            try:
                for offset, result in parts:
                    assert result is not None
                    _fill(rows[offset : offset + len(result.langs)], result)
            finally:
                parts.close()

    def cancel(self) -> None:
        """Drop the batch (answers still coming are drained, the helpers stay usable)."""
        parts, self._parts = self._parts, None
        if parts is not None:
            parts.close()


def begin_scoring(
    rows: list[dict[str, Any]],
    *,
    plan: Any = None,
    languages: Iterable[str] | None = None,
    workers: int = 1,
) -> Scoring:
    """Start scoring `rows` as `score_mentions` would; returns at once with the batch in
    the helper processes' hands (with `workers` > 1 and a backfill-sized batch; otherwise
    all the work is done by `finish()`)."""
    return _start(rows, plan, languages, workers, ahead=True)

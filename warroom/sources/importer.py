"""Importing a CSV or JSON Lines export: all of it, or (after a cancel) none of it.

The file becomes a `file` source (`import: <file name>`) and is read by the
file connector in 10,000-row transactions, each scored by the analysis
pipeline and committed with the number of records read, so a crash resumes
where it stopped when the same file is imported again.  Both cores work
throughout: while the analysis helper process scores one batch, this
process stores the batch before it (`begin_scoring`).  A cancel removes
what this import added - mentions, their full-text entries and their
volume buckets - and restores the source's cursor, so nothing is left
half-imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, text

from warroom import collector, events
from warroom.sources import file as file_source
from warroom.sources.base import Context, Page, SourceError, SourceSpec
from warroom.sources.http import HttpClient
from warroom.sources.ingest import plan_matcher, spec_of, store_page
from warroom.store.db import Store
from warroom.store.mention_writer import add_to_rollup
from warroom.store.models import Source, VolumeBucket

if TYPE_CHECKING:
    from warroom.analysis.pipeline import Scoring

Progress = Callable[[int, int], bool]  # (records done, total) -> keep going?


@dataclass
class ImportResult:
    source: str
    stored: int = 0
    read: int = 0
    cancelled: bool = False
    problems: list[str] = field(default_factory=list)


def import_file(
    store: Store,
    path: Path,
    *,
    name: str | None = None,
    options: dict[str, Any] | None = None,
    progress: Progress | None = None,
    workers: int = 2,
) -> ImportResult:
    """Import `path` (CSV or JSON Lines); raises SourceError for a file it cannot read.

    `workers` processes score the text (the analysis pipeline's backfill mode).
    """
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise SourceError(f"file {str(path)!r} does not exist")
    name = name or f"import: {path.name}"[:100]
    wanted = {"path": str(path), **(options or {})}
    with store.session() as session:
        source = session.scalar(select(Source).where(Source.name == name))
        created = source is None
        if source is None:
            source = Source(
                origin=store.origin,
                name=name,
                kind="file",
                base_url=str(path),
                options=wanted,
                enabled=False,
                interval_s=86400,
            )
            session.add(source)
            session.flush()
        elif source.kind != "file":
            raise SourceError(f"a {source.kind} source named {name!r} exists already")
        else:
            source.options = {**(source.options or {}), **wanted}
        spec = spec_of(source)
        old_cursor = dict(source.cursor or {})
        old_fetched = source.items_fetched
        before = int(
            session.execute(text("SELECT coalesce(max(rowid), 0) FROM mentions")).scalar_one()
        )
    total = file_source.count_lines(path)
    result = ImportResult(name)
    ctx = Context(spec, HttpClient(name), old_cursor, lambda _key: None, max_pages=10**9)
    from warroom.analysis.pipeline import begin_scoring

    plan = plan_matcher(store)
    held: tuple[Page, Scoring] | None = None  # scored by the helper while the last is stored

    def store_held() -> bool:
        """Store the batch in hand; False when the user cancelled."""
        assert held is not None
        page, scoring = held
        scoring.finish()
        result.stored += store_page(store, spec.id, page, scored=True)
        result.read = int(page.cursor.get("records", 0))
        result.problems.extend(page.problems)
        return progress is None or progress(result.read, max(total, result.read))

    ahead: tuple[Page, Scoring] | None = None
    undo = True  # until the import ran to its end
    try:
        with collector.paused():  # the batches in hand make no reference cycles
            for page in file_source.pages(ctx):
                for row in page.rows:
                    row["source_id"] = spec.id
                ahead = (page, begin_scoring(page.rows, plan=plan, workers=workers))
                if held is not None and not store_held():
                    result.cancelled = True
                    break
                held, ahead = ahead, None
            else:
                if held is not None and not store_held():
                    result.cancelled = True
                held = None
        undo = result.cancelled
    finally:
        for waiting in (held, ahead):  # batches begun and never stored: drop them
            if waiting is not None:
                waiting[1].cancel()
        if undo:  # cancelled, or failed: nothing half-imported
            _undo(store, spec, before, old_cursor, old_fetched, created)
    if result.cancelled:
        result.stored = 0
        return result
    with store.session() as session:
        from warroom.sources import health

        source = session.get_one(Source, spec.id)
        health.record_success(source, result.problems, ctx.http.rate)
    health.announce(source)
    if result.stored:
        events.publish(events.MENTIONS_ADDED, count=result.stored, source=name)
    return result


def _undo(
    store: Store,
    spec: SourceSpec,
    before: int,
    old_cursor: dict[str, Any],
    old_fetched: int,
    created: bool,
) -> None:
    """Remove what this import stored; rebuild the source's volume buckets."""
    with store.session() as session:
        params = {"s": spec.id, "r": before}
        if session.get_bind().dialect.name == "sqlite":
            session.execute(
                text(
                    "INSERT INTO mentions_fts(mentions_fts, rowid, text, author) "
                    "SELECT 'delete', rowid, text, author FROM mentions "
                    "WHERE source_id = :s AND rowid > :r"
                ),
                params,
            )
        from warroom.store.mention_writer import release_duplicates
        from warroom.store.models import Mention

        release_duplicates(
            session,
            select(Mention.id)
            .where(Mention.source_id == spec.id, text("mentions.rowid > :r"))
            .params(r=before),
            origin=store.origin,
        )
        session.execute(text("DELETE FROM mentions WHERE source_id = :s AND rowid > :r"), params)
        session.execute(delete(VolumeBucket).where(VolumeBucket.source_id == spec.id))
        if created:
            session.execute(delete(Source).where(Source.id == spec.id))
            return
        remaining = session.execute(
            select(
                Mention.published_at,
                Mention.source_id,
                Mention.sentiment,
                Mention.severity,
                Mention.author_reach,
            ).where(Mention.source_id == spec.id, Mention.duplicate_of_id.is_(None))
        ).mappings()
        add_to_rollup(session, [dict(r) for r in remaining], origin=store.origin)
        source = session.get_one(Source, spec.id)
        source.cursor = old_cursor
        source.items_fetched = old_fetched

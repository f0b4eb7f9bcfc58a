"""Polling sources into the store, exactly once.

Pages a connector yields are scored by the analysis pipeline and stored in
one transaction together with the source's new cursor, items count and rate
limit: a kill -9 between pages leaves the cursor describing exactly what is
stored, and dedupe on (source, external id) makes any re-fetch harmless.
Pages that arrive in quick succession (a backfill, a busy tag) are committed
together (`PageWriter`: up to `GROUP_ROWS` rows or `GROUP_SECONDS`), since
each commit rewrites every index page the batch touched; the cursor stored
is the last page's, so the group is all-or-nothing like a single page.  A
group's commit (and its full-text indexing) runs on a committer thread while
the poll fetches and builds the next pages.
Failures mark that source unhealthy with a plain message; other sources
carry on.  Secrets are read from the keyring, never logged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from sqlalchemy import select

from warroom import collector, credentials, events
from warroom.errors import UserError
from warroom.sources import health
from warroom.sources.base import Context, Page, SourceError, SourceSpec
from warroom.sources.http import HttpClient, RateLimit
from warroom.sources.registry import connector
from warroom.store.db import Store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import Source, utcnow

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    """What one poll of one source did."""

    source: str
    stored: int = 0
    fetched: int = 0
    pages: int = 0
    health: str = "ok"
    error: str = ""
    problems: list[str] = field(default_factory=list)
    stopped: bool = True  # `error` stopped the poll (else it sums up `problems`)

    @property
    def failed(self) -> bool:
        return self.health != "ok"


def spec_of(source: Source) -> SourceSpec:
    return SourceSpec(
        id=source.id,
        name=source.name,
        kind=source.kind,
        base_url=source.base_url,
        query=source.query,
        options=dict(source.options or {}),
        interval_s=source.interval_s,
    )


def secret_key(name: str, key: str = "") -> str:
    """The keyring user name of a source's secret ('' = the one `credentials set` stores)."""
    return f"{name}:{key}" if key else name


class _Secrets:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problem = ""

    def get(self, key: str) -> str | None:
        try:
            return credentials.get_secret(secret_key(self.name, key))
        except credentials.CredentialsError as exc:
            self.problem = str(exc)
            return None

    def put(self, key: str, value: str) -> None:
        try:
            credentials.set_secret(secret_key(self.name, key), value)
        except credentials.CredentialsError as exc:
            self.problem = str(exc)  # the token is still used for this poll


def score(rows: list[dict[str, Any]], *, workers: int = 1, plan: Any = None) -> None:
    """Language, sentiment, severity, risk terms and cluster from the analysis pipeline.

    `plan`: the active plan's risk-term matcher (see `plan_matcher`); None uses
    the shipped default plan's terms.
    """
    from warroom.analysis.pipeline import score_mentions

    score_mentions(rows, plan=plan, workers=workers)


_matchers: dict[str, Any] = {}
_matchers_lock = threading.Lock()


def plan_matcher(store: Store) -> Any:
    """The risk-term matcher of the store's active plan, built once per plan version."""
    from warroom.analysis.pipeline import matcher_for
    from warroom.plan.store import active_plan

    with store.session() as session:
        version = active_plan(session)
        if version is None:
            return None
        with _matchers_lock:
            if version.id not in _matchers:
                _matchers[version.id] = matcher_for(version)
            return _matchers[version.id]


def store_page(
    store: Store,
    source_id: str,
    page: Page,
    rate: RateLimit | None = None,
    *,
    workers: int = 1,
    scored: bool = False,
) -> int:
    """Score (unless `scored`) and store one page with its cursor, in one transaction;
    returns new mentions."""
    commit = _stage(
        store, source_id, page.rows, page.cursor, rate, workers=workers, scoring=not scored
    )
    return commit()


def _stage(
    store: Store,
    source_id: str,
    rows: list[dict[str, Any]],
    cursor: dict[str, Any],
    rate: RateLimit | None,
    *,
    workers: int = 1,
    scoring: bool = True,
) -> Callable[[], int]:
    """Score `rows` and write them with the source's cursor in a transaction left open;
    returns the function that commits it and gives the new mentions (an error before
    that rolls the transaction back)."""
    for row in rows:
        row["source_id"] = source_id
    with collector.paused(), ExitStack() as stack:  # a batch makes no reference cycles
        if rows and scoring:
            score(rows, workers=workers, plan=plan_matcher(store))
        session = stack.enter_context(store.session())
        stored = store_mentions(session, rows, origin=store.origin)
        source = session.get_one(Source, source_id)
        source.cursor = cursor
        source.items_fetched = (source.items_fetched or 0) + len(rows)
        if rate is not None:
            health.note_rate(source, rate)
        session.flush()  # every write (and the write lock) here: the commit only commits
        transaction = stack.pop_all()

    def commit() -> int:
        with transaction:
            pass
        return stored

    return commit


# a backfill commits every 20,000 rows: each commit rewrites every index page its rows
# touched (the canonical-URL index is touched at random), so at 5,000 a 1,000,000-mention
# backfill ran 12 % slower; a group of 20,000 Mastodon statuses holds about 35 MB
GROUP_ROWS = 20_000
GROUP_SECONDS = 1.0


class PageWriter:
    """Pages of one source into the store, consecutive pages in one transaction.

    `add()` holds a page while fewer than `group_rows` rows have gathered and
    the first held page is younger than `group_seconds`; then the held pages'
    rows are scored and written with the last page's cursor in one
    transaction, which the committer thread commits while the poll fetches
    and builds the next pages (the commit writes the write-ahead log and
    sometimes checkpoints it: a fifth of a backfill's time, with the GIL
    released).  One group at a time is in flight: the next is written only
    once it has landed.  `flush()` commits what is held and waits for
    everything (the poll calls it at the end, on a stop, on an error of the
    connector, and before the HTTP client waits out a backoff or a rate
    limit, so nothing waits behind a sleep).  Held pages wait at most
    `group_seconds` plus one response (bounded by the HTTP timeout).  A
    kill -9 loses only held pages and the group in flight, whose cursors
    were not committed either: the next poll fetches them again; a commit
    that fails drops the pages held after it for the same reason.
    """

    def __init__(
        self,
        store: Store,
        source_id: str,
        *,
        workers: int = 1,
        scoring: bool = True,
        group_rows: int = GROUP_ROWS,
        group_seconds: float = GROUP_SECONDS,
    ) -> None:
        self.store = store
        self.source_id = source_id
        self.workers = workers
        self.scoring = scoring
        self.group_rows = group_rows
        self.group_seconds = group_seconds
        self._rows: list[dict[str, Any]] = []
        self._cursor: dict[str, Any] | None = None
        self._rate: RateLimit | None = None
        self._since = 0.0
        self._landing: Future[int] | None = None  # the group being committed
        # this writer's own committer thread: a commit never queues behind another
        # source's (whose checkpoint may take a while after its commit)
        self._committer: ThreadPoolExecutor | None = None

    @property
    def held(self) -> int:
        """Rows waiting for the next commit."""
        return len(self._rows)

    def due(self) -> bool:
        """Pages are held and the first of them has waited `group_seconds`."""
        return self._cursor is not None and time.monotonic() - self._since >= self.group_seconds

    def add(self, page: Page, rate: RateLimit | None = None) -> int:
        """Hold `page`, or write the group and commit it in the background; returns the
        new mentions of the commits that landed since the last call (0 while held)."""
        if self._cursor is None:
            self._since = time.monotonic()
        self._rows.extend(page.rows)
        self._cursor = page.cursor
        self._rate = rate
        if len(self._rows) >= self.group_rows or self.due():
            return self._commit_held(wait=False)
        return 0

    def write(
        self, pages: Iterator[Page], rate: Callable[[], RateLimit | None] = lambda: None
    ) -> Iterator[tuple[Page, int]]:
        """`add` each page a connector yields; yields it with the mentions its commit stored.

        Python's cyclic collector rests while a page is fetched, parsed, built and stored
        (none of it makes reference cycles; each pass would walk every row in hand), and
        runs between pages.  It rests through a backoff wait too: other threads' cycles
        are collected when the page is done.  `flush()` after the last page.
        """
        while True:
            with collector.paused():
                try:
                    page = next(pages)
                except StopIteration:
                    return
                stored = self.add(page, rate())
            yield page, stored

    def flush(self) -> int:
        """Commit the held pages and wait for every commit; returns the new mentions of
        the commits that landed since the last call."""
        try:
            return self._commit_held(wait=True)
        finally:
            if self._committer is not None:  # its thread ends; a later group starts another
                self._committer.shutdown()
                self._committer = None

    def _commit_held(self, *, wait: bool) -> int:
        landed = self._land()
        if self._cursor is None:
            return landed
        rows, cursor, rate = self._rows, self._cursor, self._rate
        self._rows, self._cursor, self._rate = [], None, None
        commit = _stage(
            self.store,
            self.source_id,
            rows,
            cursor,
            rate,
            workers=self.workers,
            scoring=self.scoring,
        )
        if wait:
            return landed + commit()
        if self._committer is None:
            self._committer = ThreadPoolExecutor(1, thread_name_prefix="warroom-commit")
        self._landing = self._committer.submit(commit)
        return landed

    def _land(self) -> int:
        """Wait for the commit in flight; its new mentions.

        If it failed, the held pages go too, unwritten: their cursor is past the lost
        group's, so the next poll fetches both again from the last cursor that landed.
        """
        landing, self._landing = self._landing, None
        if landing is None:
            return 0
        try:
            return landing.result()
        except BaseException:
            self._rows, self._cursor, self._rate = [], None, None
            raise


def poll(
    store: Store,
    name: str,
    *,
    http_session: requests.Session | None = None,
    sleep: Callable[[float], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    on_page: Callable[[int, int], None] | None = None,
    max_pages: int = 20,
) -> IngestResult:
    """Poll one source once, storing page by page; never raises for the source's problems."""
    with store.session() as session:
        source = session.scalar(select(Source).where(Source.name == name))
        if source is None:
            raise SourceError(f"no source named {name!r}; see `warroom sources list`")
        spec = spec_of(source)
        cursor = dict(source.cursor or {})
    result = IngestResult(spec.name)
    started = utcnow()
    client = HttpClient(spec.name, session=http_session)
    client.page = 1  # messages name the page being fetched
    if sleep is not None:
        client.sleep = sleep
    secrets = _Secrets(spec.name)
    ctx = Context(
        spec=spec,
        http=client,
        cursor=cursor,
        secret=secrets.get,
        store_secret=secrets.put,
        max_pages=max_pages,
        keyring_problem=lambda: secrets.problem,
    )
    writer = PageWriter(store, spec.id)

    def committed(stored: int) -> None:
        result.stored += stored
        if stored:
            events.publish(events.MENTIONS_ADDED, count=stored, source=spec.name)

    wait = client.sleep

    def flush_then_wait(seconds: float) -> None:
        committed(writer.flush())  # what was fetched is shown before a backoff or rate limit
        wait(seconds)

    client.sleep = flush_then_wait
    try:
        try:
            for page, stored in writer.write(connector(spec.kind)(ctx), lambda: client.rate):
                committed(stored)
                result.pages += 1
                client.page = result.pages + 1
                result.fetched += page.fetched
                result.problems.extend(page.problems)
                if on_page is not None:
                    on_page(result.pages, result.stored)
                if should_stop():
                    break
        finally:
            committed(writer.flush())  # pages fetched before a stop or a failure are valid
    except SourceError as exc:
        result.health, result.error = exc.health, str(exc)
    except credentials.CredentialsError as exc:
        result.health, result.error = "error", f"source {spec.name!r}: {exc}"
    except ValueError as exc:  # an unknown kind, a bad option
        result.health, result.error = "error", f"source {spec.name!r}: {exc}"
    except UserError as exc:  # the store: locked, disk full
        result.health, result.error = "error", f"source {spec.name!r}: {exc}"
    except Exception:  # a bug must not stop the other sources
        log.exception("polling %s failed", spec.name)
        result.health = "error"
        result.error = (
            f"{client.where}: an unexpected problem stopped the poll (a fault in Warroom, "
            "recorded in the log); the pages before it are kept"
        )
    finally:
        client.close()
    with store.session() as session:
        source = session.get_one(Source, spec.id)
        went_through = not result.error
        if result.error:
            health.record_failure(source, result.health, result.error, client.rate)
        else:
            health.record_success(source, result.problems, client.rate)
            result.health = source.health
            result.error = source.last_error if result.problems else ""
            result.stopped = False
        session.add(
            health.log_poll(
                source,
                started_at=started,
                ok=went_through,
                fetched=result.fetched,
                stored=result.stored,
                error=result.error,
                rate=client.rate,
                origin=store.origin,
            )
        )
    health.announce(source)  # after the commit, so listeners read the new state
    if result.error:
        log.info("%s", result.error)
    return result


def test_connection(
    store: Store, name: str, *, http_session: requests.Session | None = None
) -> str:
    """Fetch the first page of a source without storing anything; a line for people.

    Raises SourceError (or CredentialsError) with the problem in plain words.
    """
    with store.session() as session:
        source = session.scalar(select(Source).where(Source.name == name))
        if source is None:
            raise SourceError(f"no source named {name!r}")
        spec = spec_of(source)
    client = HttpClient(spec.name, session=http_session, retries=1, max_wait_s=5)
    secrets = _Secrets(spec.name)
    ctx = Context(
        spec=spec,
        http=client,
        cursor={},
        secret=secrets.get,
        max_pages=1,
        keyring_problem=lambda: secrets.problem,
    )
    try:
        page = next(iter(connector(spec.kind)(ctx)), None)
    except ValueError as exc:
        raise SourceError(f"source {spec.name!r}: {exc}") from None
    finally:
        client.close()
    if page is None:
        return f"{spec.name}: connected; nothing to fetch"
    text = f"{spec.name}: connected; {len(page.rows)} items in the first page"
    if client.rate.remaining is not None:
        text += f", {client.rate.remaining} calls left"
    if page.problems:
        text += f" ({len(page.problems)} skipped: {page.problems[0]})"
    return text


def poll_all(
    store: Store,
    names: Iterable[str] | None = None,
    **kwargs: Any,
) -> list[IngestResult]:
    """Poll the named sources (default: every enabled one) once each, in name order."""
    with store.session() as session:
        query = select(Source.name).order_by(Source.name)
        if names is None:
            query = query.where(Source.enabled.is_(True))
        chosen = list(session.scalars(query))
    if names is not None:
        wanted = list(names)
        missing = [n for n in wanted if n not in chosen]
        if missing:
            raise SourceError(f"no source named {missing[0]!r}; see `warroom sources list`")
        chosen = wanted
    return [poll(store, name, **kwargs) for name in chosen]


RESERVED_NAMES = ("team-server",)  # other keyring entries of the app


def add_source(
    store: Store,
    *,
    kind: str,
    name: str,
    url: str = "",
    query: str = "",
    interval_s: int = 300,
    options: dict[str, Any] | None = None,
) -> Source:
    """Configure a new source after checking what it needs; raises SourceError otherwise."""
    from warroom.sources.registry import DEFAULT_URLS, KINDS

    name = name.strip()
    if kind not in KINDS:
        raise SourceError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if not name or len(name) > 100:
        raise SourceError("a source needs a name of 1 to 100 characters")
    if ":" in name or name in RESERVED_NAMES:
        # keyring entries are keyed by source name; NAME:token holds cached service tokens
        raise SourceError(
            f"{name!r} cannot name a source (no ':', and not {', '.join(RESERVED_NAMES)})"
        )
    url = url.strip() or DEFAULT_URLS.get(kind, "")
    if kind == "file":
        if not url and not (options or {}).get("path"):
            raise SourceError(f"source {name!r}: a file source needs --url PATH")
        if url and not Path(url.removeprefix("file://")).expanduser().exists():
            raise SourceError(f"source {name!r}: file {url!r} does not exist")
    elif not url.startswith(("http://", "https://")):
        raise SourceError(f"source {name!r}: URL {url!r} must start with http:// or https://")
    elif urlsplit(url).password:
        raise SourceError(
            f"source {name!r}: put the password in the OS keyring with "
            f"`warroom credentials set {name}`, not in the URL"
        )
    if not 30 <= interval_s <= 7 * 86400 and kind != "file":
        raise SourceError(f"source {name!r}: interval must be 30 s to 7 days, not {interval_s}")
    with store.session() as session:
        if session.scalar(select(Source).where(Source.name == name)) is not None:
            raise SourceError(f"a source named {name!r} exists already")
        source = Source(
            origin=store.origin,
            name=name,
            kind=kind,
            base_url=url,
            query=query.strip(),
            interval_s=interval_s,
            options=dict(options or {}),
        )
        session.add(source)
        session.flush()
    return source


def remove_source(store: Store, name: str, *, with_mentions: bool = False) -> int:
    """Remove a source and its keyring secrets; returns how many mentions went with it.

    A source whose mentions are stored is removed only with `with_mentions`,
    so evidence is never deleted by a slip.
    """
    from sqlalchemy import delete, func, text

    from warroom.store.models import Mention, VolumeBucket

    with store.session() as session:
        source = session.scalar(select(Source).where(Source.name == name))
        if source is None:
            raise SourceError(f"no source named {name!r}; see `warroom sources list`")
        count = (
            session.scalar(
                select(func.count()).select_from(Mention).where(Mention.source_id == source.id)
            )
            or 0
        )
        if count and not with_mentions:
            raise SourceError(
                f"source {name!r} has {count} stored mentions; "
                "add --with-mentions to delete them too"
            )
        if session.get_bind().dialect.name == "sqlite":
            session.execute(
                text(
                    "INSERT INTO mentions_fts(mentions_fts, rowid, text, author) "
                    "SELECT 'delete', rowid, text, author FROM mentions WHERE source_id = :s"
                ),
                {"s": source.id},
            )
        from warroom.store.mention_writer import release_duplicates

        release_duplicates(
            session, select(Mention.id).where(Mention.source_id == source.id), origin=store.origin
        )
        session.execute(delete(Mention).where(Mention.source_id == source.id))
        session.execute(delete(VolumeBucket).where(VolumeBucket.source_id == source.id))
        session.delete(source)
    for key in ("", "token"):
        try:
            credentials.delete_secret(secret_key(name, key))
        except credentials.CredentialsError:
            pass
    return int(count)

"""What every connector shares: the source snapshot, pages, errors, row building.

A connector is a function `pages(ctx) -> Iterator[Page]`.  Each `Page` carries
the normalised mention rows of one response and the cursor to store *with*
them: ingest commits both in one transaction, so the cursor never runs ahead
of what is stored.  Problems with single items (a missing field, an impossible
date) skip that item and are reported on the page; problems with the whole
response raise `SourceError`, whose message names the source and the problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from warroom.errors import UserError
from warroom.sources import normalize
from warroom.sources.http import HttpClient, HttpError, Response


class SourceError(UserError):
    """A source cannot be read; the message names the source and the problem."""

    health = "error"


class OfflineError(SourceError):
    """No network: the source is marked offline, nothing else is disturbed."""

    health = "offline"


class RateLimitedError(SourceError):
    """The service's rate limit is spent; polling resumes after its reset."""

    health = "limited"


def source_error(exc: HttpError) -> SourceError:
    """The SourceError for an HttpError (whose message already names the source)."""
    if exc.kind == "offline":
        return OfflineError(str(exc))
    if exc.kind == "rate_limited":
        return RateLimitedError(str(exc))
    return SourceError(str(exc))


@dataclass(frozen=True)
class SourceSpec:
    """A detached snapshot of a `Source` row: what a connector needs to poll."""

    id: str
    name: str
    kind: str
    base_url: str
    query: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    interval_s: int = 300

    def option(self, key: str, default: str = "") -> str:
        value = self.options.get(key, default)
        return default if value is None else str(value)

    def int_option(self, key: str, default: int) -> int:
        try:
            return int(self.options.get(key, default))
        except (TypeError, ValueError):
            raise SourceError(
                f"source {self.name!r}: option {key}={self.options.get(key)!r} is not a whole number"
            ) from None


@dataclass
class Page:
    """One response's mentions and the cursor to commit with them."""

    rows: list[dict[str, Any]]
    cursor: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    fetched: int = 0  # items in the response, valid or not


@dataclass
class Context:
    """Everything a connector gets for one poll."""

    spec: SourceSpec
    http: HttpClient
    cursor: dict[str, Any]
    secret: Callable[[str], str | None]  # keyring lookup by key suffix ("" = the main secret)
    store_secret: Callable[[str, str], None] = lambda _key, _value: None
    max_pages: int = 20
    keyring_problem: Callable[[], str] = lambda: ""

    def need_secret(self, key: str = "", what: str = "access token") -> str:
        """The secret, or a SourceError saying how to provide it."""
        value = self.secret(key)
        if value:
            return value
        problem = self.keyring_problem()
        if problem:
            raise self.fail(f"cannot read its {what}: {problem}")
        raise self.fail(f"no {what}: run `warroom credentials set {self.spec.name}`")

    def fail(self, problem: str) -> SourceError:
        return SourceError(f"source {self.spec.name!r}: {problem}")

    def url(self, path: str) -> str:
        """The base URL (which may carry a path prefix) joined with an API path."""
        base = self.spec.base_url.rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise self.fail(f"base URL {base!r} must start with http:// or https://")
        return f"{base}/{path.lstrip('/')}"

    def fetch(self, url: str, **kwargs: Any) -> Response:
        try:
            return self.http.request(kwargs.pop("method", "GET"), url, **kwargs)
        except HttpError as exc:
            raise source_error(exc) from None

    def fetch_json(self, url: str, **kwargs: Any) -> Any:
        response = self.fetch(url, **kwargs)
        try:
            return response.json(self.http.where)
        except HttpError as exc:
            raise source_error(exc) from None

    def json(self, response: Response) -> Any:
        try:
            return response.json(self.http.where)
        except HttpError as exc:
            raise source_error(exc) from None

    def same_site(self, url: str) -> str:
        """A link from a response, refused unless it stays on the base URL's host."""
        from urllib.parse import urljoin, urlsplit

        absolute = urljoin(self.url(""), url)
        if urlsplit(absolute).netloc != urlsplit(self.spec.base_url).netloc:
            raise self.fail(f"the service pointed to another host ({urlsplit(absolute).netloc})")
        if urlsplit(absolute).scheme != urlsplit(self.spec.base_url).scheme:
            # never send credentials over a downgraded (or changed) scheme
            raise self.fail(f"the service pointed to a {urlsplit(absolute).scheme}:// link")
        return absolute


Connector = Callable[[Context], Iterator[Page]]


class PageBuilder:
    """Collects rows for one page, skipping bad items with a note of why."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rows: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.fetched = 0

    def add(
        self,
        index: int,
        build: Callable[[Any], dict[str, Any] | None],
        item: Any,
        *,
        where: str = "",
    ) -> None:
        """Build one item's row; `where` names it in a problem (default: item N)."""
        self.fetched += 1
        try:
            row = build(item)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            plain = _plain(exc)
            if where:
                suffix = "" if plain.endswith("skipped") else "; skipped"
                self.problems.append(f"{where}: {plain}{suffix}")
            else:
                self.problems.append(f"item {index + 1} skipped: {plain}")
            return
        except RecursionError:  # an item nested deeper than Python's stack
            self.problems.append(
                f"{where or f'item {index + 1}'}: nested too deeply (arrays or objects "
                "inside one another); skipped"
            )
            return
        if row is not None:
            self.rows.append(row)

    def page(self, cursor: dict[str, Any]) -> Page:
        return Page(self.rows, cursor, self.problems, self.fetched)


def _plain(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc) or "cannot be read"


def kind_of(value: Any) -> str:
    """What a JSON value is, in plain words (for 'expected an object, got ...')."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "something else"


def require(item: Any, key: str) -> Any:
    """item[key], refusing a non-object item or an empty value with a plain message."""
    if not isinstance(item, dict):
        raise TypeError(f"expected an object, got {kind_of(item)}")
    value = item.get(key)
    if value is None or value == "":
        raise KeyError(key)
    return value


def as_dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"{what} should be an object, got {kind_of(value)}")
    return value


def as_list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"{what} should be a list, got {kind_of(value)}")
    return value


def to_int(value: Any) -> int:
    """A count from an API: None and junk count as 0, never negative, capped."""
    if type(value) is int:
        return value if 0 <= value <= 2**62 else (0 if value < 0 else 2**62)
    if value is None or isinstance(value, bool):
        return 0
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return 0
    return max(0, min(number, 2**62))


def mention(
    *,
    external_id: Any,
    published_at: datetime,
    raw: dict[str, Any],
    url: str = "",
    author: str = "",
    author_handle: str = "",
    author_reach: Any = 0,
    engagement: Any = 0,
    text: str = "",
    title: str = "",
    language: Any = "",
    source_sentiment: float | None = None,
    text_kind: normalize.TextKind = "plain",
    title_kind: normalize.TextKind = "plain",
) -> dict[str, Any]:
    """One normalised mention row (without source_id: ingest adds it).

    `text_kind` and `title_kind` say what the service sends in those fields
    (plain, html or markdown): only HTML is parsed, plain text and Markdown
    are kept as their author wrote them.
    """
    ext = normalize.scrub(str(external_id)).strip()
    if not ext:
        raise KeyError("id")
    body = normalize.convert(text, text_kind)
    heading = normalize.convert(title, title_kind)
    if heading and heading not in body:
        body = f"{heading}\n{body}" if body else heading
    return {
        "external_id": ext[:300],
        "canonical_url": normalize.canonical_url(url)[:2000],
        "author": normalize.plain_text(author).strip()[:300],
        "author_handle": normalize.plain_text(author_handle).strip()[:300],
        "author_reach": to_int(author_reach),
        "engagement": to_int(engagement),
        "text": body[:20000],
        "language": normalize.language(language),
        "published_at": published_at,
        "source_sentiment": source_sentiment,
        "raw": raw,
    }


FetchPage = Callable[[Any], tuple[PageBuilder, list[float], Any]]


def backward_sweep(ctx: Context, fetch_page: FetchPage, *, backfill: int = 5) -> Iterator[Page]:
    """Poll a newest-first API whose pages go backwards in time.

    Each poll sweeps from the newest item back to the newest item the last
    completed sweep saw (`seen`, a timestamp).  The sweep's state (next-page
    token, its top) is committed with each page, so a sweep cut short by a
    kill, an error or the page budget resumes where it stopped; `seen` only
    moves when a sweep completes.  The first poll goes back `backfill` pages.

    `fetch_page(token)` returns the page's rows, their timestamps and the
    token for the next older page (None at the end).
    """
    cursor = dict(ctx.cursor)
    seen = cursor.get("seen")
    token = cursor.get("sweep_next")
    top = cursor.get("sweep_top")
    count = int(cursor.get("sweep_pages", 0))
    for _ in range(ctx.max_pages):
        builder, times, next_token = fetch_page(token)
        count += 1
        if times:
            top = max(times) if top is None else max(top, max(times))
        reached = seen is not None and bool(times) and min(times) < float(seen)
        done = next_token is None or not times or reached or (seen is None and count >= backfill)
        if done:
            cursor = {"seen": top if top is not None else seen}
        else:
            cursor = {
                "seen": seen,
                "sweep_top": top,
                "sweep_next": next_token,
                "sweep_pages": count,
            }
        yield builder.page(dict(cursor))
        if done:
            return
        token = next_token

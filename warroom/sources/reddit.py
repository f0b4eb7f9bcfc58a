"""Reddit: `/search.json?q&sort=new&limit=100&after` (or one subreddit's search).

Anonymous against www.reddit.com, or OAuth with the `client_id` option and
the client secret in the keyring: an app-only bearer token from
`/api/v1/access_token` (kept in the keyring, renewed when refused), then
calls on the OAuth host (`oauth_url` option).  Listings page
backwards with `after` (the last item's fullname); `x-ratelimit-*` headers
are honoured by the HTTP client.  `raw_json=1` keeps text unescaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from warroom.sources import normalize
from warroom.sources.base import (
    Context,
    Page,
    PageBuilder,
    SourceError,
    as_dict,
    as_list,
    backward_sweep,
    mention,
    require,
    to_int,
)

LIMIT = 100
TOKEN_KEY = "token"


# What the service sends in each text field: titles are plain, self-text and comment bodies Markdown (kept as typed).
TEXT_FIELDS: dict[str, str] = {
    "title": "plain",
    "selftext": "markdown",
    "body": "markdown",
    "author": "plain",
}


def _row(child: Any) -> dict[str, Any]:
    child = as_dict(child, "listing child")
    data = as_dict(child.get("data"), "listing child data")
    permalink = str(data.get("permalink") or "")
    url = (
        f"https://www.reddit.com{permalink}"
        if permalink.startswith("/")
        else str(data.get("url") or "")
    )
    return mention(
        external_id=data.get("name") or require(data, "id"),
        published_at=normalize.parse_time(require(data, "created_utc")),
        url=url,
        author=str(data.get("author") or ""),
        author_handle=f"u/{data['author']}" if data.get("author") else "",
        author_reach=data.get("subreddit_subscribers"),
        engagement=to_int(data.get("score")) + to_int(data.get("num_comments")),
        title=str(data.get("title") or ""),
        text=str(data.get("selftext") or data.get("body") or ""),
        raw=data,
    )


def _token(ctx: Context, *, fresh: bool = False) -> str | None:
    """An app-only bearer token, kept in the keyring beside the secret until refused."""
    client_id = ctx.spec.option("client_id")
    if not client_id:
        return None
    secret = ctx.need_secret("", "client secret")
    if not fresh:
        cached = ctx.secret(TOKEN_KEY)
        if cached:
            return cached
    response = ctx.fetch(
        ctx.url("api/v1/access_token"),
        method="POST",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": _basic(client_id, secret)},
    )
    payload = ctx.json(response)
    token = payload.get("access_token") if isinstance(payload, dict) else None
    if not isinstance(token, str) or not token:
        raise ctx.fail("Reddit gave no access token; check the client_id option and the secret")
    ctx.store_secret(TOKEN_KEY, token)
    return token


def _basic(user: str, password: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def pages(ctx: Context) -> Iterator[Page]:
    if not ctx.spec.query.strip():
        raise ctx.fail("needs a query (search words)")
    token = _token(ctx)
    api = ctx.spec.option("oauth_url", "https://oauth.reddit.com") if token else ""
    subreddit = ctx.spec.option("subreddit")
    path = f"r/{quote(subreddit, safe='')}/search.json" if subreddit else "search.json"
    if token:
        url = f"{api.rstrip('/')}/{path}"
        headers = {"Authorization": f"Bearer {token}"}
    else:
        url = ctx.url(path)
        headers = {}
    refreshed: list[bool] = []

    def fetch(after: Any) -> tuple[PageBuilder, list[float], Any]:
        params: dict[str, Any] = {"q": ctx.spec.query, "sort": "new", "limit": LIMIT, "raw_json": 1}
        if subreddit:
            params["restrict_sr"] = 1
        if after:
            params["after"] = after
        try:
            response = ctx.fetch(url, params=params, headers=headers)
        except SourceError as exc:
            if not token or "HTTP 401" not in str(exc) or refreshed:
                raise
            refreshed.append(True)  # the cached token expired: one fresh one
            headers["Authorization"] = f"Bearer {_token(ctx, fresh=True)}"
            response = ctx.fetch(url, params=params, headers=headers)
        payload = ctx.json(response)
        if not isinstance(payload, dict) or payload.get("kind") != "Listing":
            raise ctx.fail("the response is not a Reddit Listing")
        data = as_dict(payload.get("data"), "listing data")
        children = as_list(data.get("children"), "listing children")
        builder = PageBuilder(ctx)
        times: list[float] = []
        for index, child in enumerate(children):
            builder.add(index, _row, child)
        for row in builder.rows:
            times.append(row["published_at"].timestamp())
        after_next = data.get("after")
        return builder, times, after_next if isinstance(after_next, str) and after_next else None

    yield from backward_sweep(ctx, fetch, backfill=ctx.spec.int_option("backfill", 5))

"""Bluesky: `app.bsky.feed.searchPosts?q&sort=latest&limit&cursor` on an AppView.

Optional app password (the keyring secret, with the `handle` option): a
session from `com.atproto.server.createSession` on the `pds` option's host
(default: the base URL), kept in the keyring and renewed when refused.  Pages go backwards with the opaque `cursor`; where
the service refuses a cursor (HTTP 400) paging falls back to `until=` the
oldest post seen.  Authors' follower counts come from
`app.bsky.actor.getProfiles`, at most 25 actors a call.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
PROFILES_PER_CALL = 25
TOKEN_KEY = "token"


# What the service sends in each text field: a post record's text is plain (facets mark links, never markup).
TEXT_FIELDS: dict[str, str] = {
    "record.text": "plain",
    "author.displayName": "plain",
}


def _web_url(uri: str, handle: str) -> str:
    # at://did:plc:abc/app.bsky.feed.post/3kxyz -> https://bsky.app/profile/<handle>/post/3kxyz
    parts = uri.split("/")
    if len(parts) >= 5 and parts[3] == "app.bsky.feed.post":
        return f"https://bsky.app/profile/{handle or parts[2]}/post/{parts[4]}"
    return ""


def _row(post: Any) -> dict[str, Any]:
    post = as_dict(post, "post")
    author = as_dict(post.get("author") or {}, "author")
    record = as_dict(require(post, "record"), "record")
    uri = str(require(post, "uri"))
    handle = str(author.get("handle") or "")
    return mention(
        external_id=uri,
        published_at=normalize.parse_time(require(record, "createdAt")),
        url=_web_url(uri, handle),
        author=str(author.get("displayName") or handle),
        author_handle=handle,
        engagement=sum(
            to_int(post.get(k)) for k in ("likeCount", "repostCount", "replyCount", "quoteCount")
        ),
        text=str(record.get("text") or ""),
        language=record.get("langs"),
        raw=post,
    ) | {"_did": str(author.get("did") or "")}


def _session(ctx: Context, *, fresh: bool = False) -> dict[str, str]:
    """Bearer headers from a session kept in the keyring (createSession is rate-limited)."""
    handle = ctx.spec.option("handle")
    if not handle:
        return {}
    password = ctx.need_secret("", "app password")
    if not fresh:
        cached = ctx.secret(TOKEN_KEY)
        if cached:
            return {"Authorization": f"Bearer {cached}"}
    pds = ctx.spec.option("pds", ctx.spec.base_url).rstrip("/")
    payload = ctx.json(
        ctx.fetch(
            f"{pds}/xrpc/com.atproto.server.createSession",
            method="POST",
            json_body={"identifier": handle, "password": password},
        )
    )
    jwt = payload.get("accessJwt") if isinstance(payload, dict) else None
    if not isinstance(jwt, str):
        raise ctx.fail("Bluesky gave no session; check the handle option and the app password")
    ctx.store_secret(TOKEN_KEY, jwt)
    return {"Authorization": f"Bearer {jwt}"}


def _add_followers(ctx: Context, rows: list[dict[str, Any]], headers: dict[str, str]) -> None:
    dids = sorted({r["_did"] for r in rows if r.get("_did")})
    followers: dict[str, int] = {}
    for start in range(0, len(dids), PROFILES_PER_CALL):
        batch = dids[start : start + PROFILES_PER_CALL]
        try:
            payload = ctx.json(
                ctx.fetch(
                    ctx.url("xrpc/app.bsky.actor.getProfiles"),
                    params=[("actors", d) for d in batch],
                    headers=headers,
                )
            )
        except SourceError:
            break  # reach is a nicety: the posts are kept, with the reach found so far
        for profile in as_list(
            payload.get("profiles") if isinstance(payload, dict) else [], "profiles"
        ):
            if isinstance(profile, dict) and profile.get("did"):
                followers[str(profile["did"])] = to_int(profile.get("followersCount"))
    for row in rows:
        row["author_reach"] = followers.get(row.pop("_did", ""), 0)


def pages(ctx: Context) -> Iterator[Page]:
    if not ctx.spec.query.strip():
        raise ctx.fail("needs a query (search words)")
    headers = _session(ctx)
    url = ctx.url("xrpc/app.bsky.feed.searchPosts")
    refreshed: list[bool] = []

    def fetch(token: Any) -> tuple[PageBuilder, list[float], Any]:
        params: dict[str, Any] = {"q": ctx.spec.query, "sort": "latest", "limit": LIMIT}
        token = token if isinstance(token, dict) else {}
        if token.get("cursor"):
            params["cursor"] = token["cursor"]
        try:
            response = ctx.fetch(url, params=params, headers=headers)
        except SourceError as exc:
            expired = "HTTP 400" in str(exc) or "HTTP 401" in str(exc)
            if expired and headers and not refreshed:  # ExpiredToken: one fresh session
                refreshed.append(True)
                headers.update(_session(ctx, fresh=True))
                return fetch(token)
            if "HTTP 400" not in str(exc) or not token.get("until"):
                raise
            params.pop("cursor", None)
            params["until"] = token["until"]
            response = ctx.fetch(url, params=params, headers=headers)
        payload = ctx.json(response)
        if not isinstance(payload, dict):
            raise ctx.fail("the response is not a searchPosts result")
        posts = as_list(payload.get("posts"), "posts")
        builder = PageBuilder(ctx)
        for index, post in enumerate(posts):
            builder.add(index, _row, post)
        _add_followers(ctx, builder.rows, headers)
        times = [row["published_at"].timestamp() for row in builder.rows]
        next_cursor = payload.get("cursor")
        if not posts or not (isinstance(next_cursor, str) and next_cursor):
            return builder, times, None
        oldest = (
            min(builder.rows, key=lambda r: r["published_at"])["published_at"]
            if builder.rows
            else None
        )
        return (
            builder,
            times,
            {
                "cursor": next_cursor,
                "until": normalize.iso_utc(oldest) if oldest else None,
            },
        )

    yield from backward_sweep(ctx, fetch, backfill=ctx.spec.int_option("backfill", 5))

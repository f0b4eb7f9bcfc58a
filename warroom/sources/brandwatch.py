"""Brandwatch Consumer Research: `/projects/{project}/data/mentions` of one query.

A token is obtained once from the `username` option and the password (the
keyring secret) at `/oauth/token`, and kept in the keyring beside it; a 401
gets one fresh token.  Each poll asks for the window from the last completed
window's end to now and pages it with `cursor` = `nextCursor`; the window
and cursor are committed with each page.  Options: project, query_id,
username, backfill_hours.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
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
    mention,
    require,
)

PAGE_SIZE = 100
SENTIMENT = {"negative": -0.6, "neutral": 0.0, "positive": 0.6}
TOKEN_KEY = "token"


# What the service sends in each text field: Brandwatch mentions' title, snippet and fullText are plain text.
TEXT_FIELDS: dict[str, str] = {
    "title": "plain",
    "snippet": "plain",
    "fullText": "plain",
    "fullname": "plain",
}


def _row(item: Any) -> dict[str, Any]:
    item = as_dict(item, "result")
    sentiment = item.get("sentiment")
    return mention(
        external_id=item.get("resourceId") or item.get("guid") or require(item, "id"),
        published_at=normalize.parse_time(require(item, "date")),
        url=str(item.get("url") or item.get("originalUrl") or ""),
        author=str(item.get("fullname") or item.get("author") or ""),
        author_handle=str(item.get("author") or ""),
        author_reach=item.get("reachEstimate") or item.get("twitterFollowers") or 0,
        engagement=item.get("engagementScore") or item.get("engagement") or 0,
        title=str(item.get("title") or ""),
        text=str(item.get("fullText") or item.get("snippet") or ""),
        language=item.get("language"),
        source_sentiment=SENTIMENT.get(sentiment.lower()) if isinstance(sentiment, str) else None,
        raw=item,
    )


def _login(ctx: Context) -> str:
    username = ctx.spec.option("username")
    if not username:
        raise ctx.fail("needs the option username=NAME (the password goes in the keyring)")
    password = ctx.need_secret("", "password")
    payload = ctx.json(
        ctx.fetch(
            ctx.url("oauth/token"),
            method="POST",
            params={
                "username": username,
                "grant_type": "api-password",
                "client_id": "brandwatch-api-client",
            },
            data={"password": password},
        )
    )
    token = payload.get("access_token") if isinstance(payload, dict) else None
    if not isinstance(token, str) or not token:
        raise ctx.fail("Brandwatch gave no access token; check the username and password")
    ctx.store_secret(TOKEN_KEY, token)
    return token


def pages(ctx: Context) -> Iterator[Page]:
    project, query_id = ctx.spec.option("project"), ctx.spec.option("query_id")
    if not project or not query_id:
        raise ctx.fail("needs the options project=ID and query_id=ID")
    token = ctx.secret(TOKEN_KEY) or _login(ctx)
    url = ctx.url(f"projects/{quote(project, safe='')}/data/mentions")
    cursor = dict(ctx.cursor)
    now = datetime.now(UTC).replace(microsecond=0)
    if "sweep_start" not in cursor:
        since = cursor.get("since") or normalize.iso_utc(
            now - timedelta(hours=ctx.spec.int_option("backfill_hours", 24))
        )
        cursor = {"sweep_start": since, "sweep_end": normalize.iso_utc(now), "sweep_cursor": None}
    retried = False
    for _ in range(ctx.max_pages):
        params: dict[str, Any] = {
            "queryId": query_id,
            "startDate": cursor["sweep_start"],
            "endDate": cursor["sweep_end"],
            "pageSize": PAGE_SIZE,
            "orderBy": "date",
            "orderDirection": "asc",
        }
        if cursor.get("sweep_cursor"):
            params["cursor"] = cursor["sweep_cursor"]
        try:
            response = ctx.fetch(url, params=params, headers={"Authorization": f"Bearer {token}"})
        except SourceError as exc:
            if "HTTP 401" in str(exc) and not retried:
                retried = True
                token = _login(ctx)
                continue
            raise
        payload = ctx.json(response)
        if not isinstance(payload, dict):
            raise ctx.fail("the response is not a Brandwatch mentions result")
        results = as_list(payload.get("results"), "results")
        builder = PageBuilder(ctx)
        for index, item in enumerate(results):
            builder.add(index, _row, item)
        next_cursor = payload.get("nextCursor")
        if results and isinstance(next_cursor, str) and next_cursor:
            cursor = dict(cursor, sweep_cursor=next_cursor)
            yield builder.page(dict(cursor))
            continue
        cursor = {"since": cursor["sweep_end"]}
        yield builder.page(dict(cursor))
        return

"""Talkwalker: `/api/v1/search/results?q&offset&hpp` with an access token.

The token (the keyring secret) travels as the `access_token` parameter, as
the API wants; the HTTP client never puts a query string in a message.
Results come newest first (`sort_by=published`); a poll pages with `offset`
(the API stops at 500) back to the newest item the previous poll saw.
A `status_code` other than "0" is the API's own error, reported as such.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from warroom.sources import normalize
from warroom.sources.base import (
    Context,
    Page,
    PageBuilder,
    as_dict,
    as_list,
    backward_sweep,
    mention,
    require,
)

HPP = 100
MAX_OFFSET = 500


# What the service sends in each text field: Talkwalker documents' title and content are plain text.
TEXT_FIELDS: dict[str, str] = {
    "title": "plain",
    "content": "plain",
    "title_snippet": "plain",
    "author.name": "plain",
}


def _row(result: Any) -> dict[str, Any]:
    result = as_dict(result, "result")
    data = as_dict(require(result, "data"), "result data")
    author = data.get("extra_author_attributes") or {}
    author = author if isinstance(author, dict) else {}
    sentiment = data.get("sentiment")
    return mention(
        external_id=data.get("id") or require(data, "url"),
        published_at=normalize.parse_time(require(data, "published")),
        url=str(data.get("url") or ""),
        author=str(author.get("name") or data.get("author") or ""),
        author_handle=str(author.get("id") or ""),
        author_reach=data.get("reach") or 0,
        engagement=data.get("engagement") or 0,
        title=str(data.get("title") or ""),
        text=str(data.get("content") or data.get("title_snippet") or ""),
        language=data.get("lang"),
        source_sentiment=max(-1.0, min(1.0, sentiment / 5.0))
        if isinstance(sentiment, int | float) and not isinstance(sentiment, bool)
        else None,
        raw=data,
    )


def pages(ctx: Context) -> Iterator[Page]:
    if not ctx.spec.query.strip():
        raise ctx.fail("needs a query")
    token = ctx.need_secret()
    url = ctx.url("api/v1/search/results")

    def fetch(offset: Any) -> tuple[PageBuilder, list[float], Any]:
        start = int(offset or 0)
        params = {
            "access_token": token,
            "q": ctx.spec.query,
            "offset": start,
            "hpp": HPP,
            "sort_by": "published",
            "sort_order": "desc",
        }
        payload = ctx.json(ctx.fetch(url, params=params))
        if not isinstance(payload, dict):
            raise ctx.fail("the response is not a Talkwalker result")
        if str(payload.get("status_code", "0")) != "0":
            message = str(payload.get("status_message") or "unknown error")[:200]
            raise ctx.fail(f"Talkwalker refused the request: {message}")
        content = as_dict(payload.get("result_content") or {}, "result_content")
        results = as_list(content.get("data"), "result_content.data")
        builder = PageBuilder(ctx)
        for index, result in enumerate(results):
            builder.add(index, _row, result)
        times = [row["published_at"].timestamp() for row in builder.rows]
        pagination = payload.get("pagination") or {}
        has_next = isinstance(pagination, dict) and bool(pagination.get("next"))
        following = start + HPP
        return (
            builder,
            times,
            following if has_next and results and following <= MAX_OFFSET else None,
        )

    yield from backward_sweep(ctx, fetch, backfill=ctx.spec.int_option("backfill", 5))

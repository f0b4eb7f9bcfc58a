"""Mastodon: a hashtag timeline for `#tag` queries, status search otherwise.

`{instance}/api/v1/timelines/tag/{tag}` or `{instance}/api/v2/search?type=statuses`,
with an optional bearer token (the source's keyring secret).  The first poll
pages backwards through the `Link: rel="next"` (max_id) chain, up to the
`backfill` option's number of pages; after that each poll moves forwards
with `min_id`, one committed page at a time.  `content` is HTML.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from requests.utils import parse_header_links

from warroom.sources import normalize
from warroom.sources.base import Context, Page, PageBuilder, as_dict, mention, require

LIMIT = 40


# What the service sends in each text field: a status's content is HTML; the content warning and display name are plain.
TEXT_FIELDS: dict[str, str] = {
    "content": "html",
    "spoiler_text": "plain",
    "account.display_name": "plain",
}


def _id_key(value: str) -> tuple[int, str]:
    return (len(value), value)


def _link_param(link_header: str, rel: str, param: str) -> str | None:
    for link in parse_header_links(link_header or ""):
        if link.get("rel") == rel:
            values = parse_qs(urlsplit(link.get("url", "")).query).get(param)
            if values:
                return values[0]
    return None


def _status_row(status: Any) -> dict[str, Any]:
    status = as_dict(status, "status")
    account = as_dict(status.get("account") or {}, "account")
    text = normalize.html_text(status.get("content"))
    if status.get("spoiler_text"):  # the content warning is plain text, the content HTML
        text = f"{normalize.plain_text(status['spoiler_text'])}\n{text}"
    engagement = 0
    for key in ("reblogs_count", "favourites_count", "replies_count"):
        count = status.get(key)
        if isinstance(count, int):
            engagement += count
    return mention(
        external_id=require(status, "id"),
        published_at=normalize.parse_time(require(status, "created_at")),
        url=str(status.get("url") or status.get("uri") or ""),
        author=str(account.get("display_name") or account.get("acct") or ""),
        author_handle=str(account.get("acct") or ""),
        author_reach=account.get("followers_count"),
        engagement=engagement,
        text=text,
        language=status.get("language"),
        raw=status,
    )


def pages(ctx: Context) -> Iterator[Page]:
    query = ctx.spec.query.strip()
    if not query:
        raise ctx.fail("needs a query: a #hashtag or search words")
    if query.startswith("#"):
        url = ctx.url(f"api/v1/timelines/tag/{quote(query[1:], safe='')}")
        base_params: dict[str, Any] = {"limit": LIMIT}
    else:
        url = ctx.url("api/v2/search")
        base_params = {"q": query, "type": "statuses", "limit": LIMIT, "resolve": "false"}
    token = ctx.secret("")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    cursor = dict(ctx.cursor)
    backfill = ctx.spec.int_option("backfill", 5)
    for _ in range(ctx.max_pages):
        params = dict(base_params)
        sweeping = "sweep_top" in cursor
        if sweeping:
            params["max_id"] = cursor["sweep_max_id"]
        elif cursor.get("min_id"):
            params["min_id"] = cursor["min_id"]
        response = ctx.fetch(url, params=params, headers=headers)
        payload = ctx.json(response)
        statuses = payload.get("statuses") if isinstance(payload, dict) else payload
        if not isinstance(statuses, list):
            raise ctx.fail("the response is not a list of statuses")
        builder = PageBuilder(ctx)
        for index, status in enumerate(statuses):
            builder.add(index, _status_row, status)
        ids = [str(s["id"]) for s in statuses if isinstance(s, dict) and s.get("id")]
        newest = max(ids, key=_id_key) if ids else None
        oldest = min(ids, key=_id_key) if ids else None
        link = response.headers.get("link", "")
        older = _link_param(link, "next", "max_id") or (oldest if len(ids) >= LIMIT else None)
        if sweeping or not cursor.get("min_id"):
            top = cursor.get("sweep_top") or newest
            pages_done = int(cursor.get("sweep_pages", 0)) + 1
            if older and pages_done < backfill and ids:
                cursor = {"sweep_top": top, "sweep_max_id": older, "sweep_pages": pages_done}
                yield builder.page(dict(cursor))
                continue
            cursor = {"min_id": top} if top else {}
            yield builder.page(dict(cursor))
            return
        if newest:
            newer = _link_param(link, "prev", "min_id") or newest
            cursor = {"min_id": max(newer, newest, key=_id_key)}
        yield builder.page(dict(cursor))
        if len(ids) < LIMIT:
            return

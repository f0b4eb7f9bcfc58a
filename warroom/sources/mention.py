"""Mention (mention.com): an alert's mentions, `/api/accounts/{account}/alerts/{alert}/mentions`.

Bearer token (the keyring secret) and an `Accept-Version` header.  The first
poll follows `_links.more` (older) for `backfill` pages; later polls follow
`_links.pull` (newer than the last seen) until a page comes back empty.  Both
links are committed with the page they came from.  Options: account, alert.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from warroom.sources import normalize
from warroom.sources.base import Context, Page, PageBuilder, as_dict, as_list, mention, require

ACCEPT_VERSION = "1.21"
TONE = {-1: -0.6, 0: 0.0, 1: 0.6}


# What the service sends in each text field: the Mention API's title and description are plain text.
TEXT_FIELDS: dict[str, str] = {
    "title": "plain",
    "description": "plain",
    "author_name": "plain",
}


def _row(item: Any) -> dict[str, Any]:
    item = as_dict(item, "mention")
    influence = item.get("author_influence") or {}
    influence = influence if isinstance(influence, dict) else {}
    tone = item.get("tone")
    return mention(
        external_id=require(item, "id"),
        published_at=normalize.parse_time(require(item, "published_at")),
        url=str(item.get("original_url") or item.get("url") or ""),
        author=str(
            item.get("author_name") or influence.get("name") or item.get("source_name") or ""
        ),
        author_handle=str(item.get("author_username") or ""),
        author_reach=influence.get("followers_count") or item.get("source_reach") or 0,
        title=str(item.get("title") or ""),
        text=str(item.get("description") or ""),
        language=item.get("language_code"),
        source_sentiment=TONE.get(tone) if isinstance(tone, int) else None,
        raw=item,
    )


def _link(payload: dict[str, Any], rel: str) -> str | None:
    links = payload.get("_links")
    if not isinstance(links, dict):
        return None
    entry = links.get(rel)
    href = entry.get("href") if isinstance(entry, dict) else None
    return href if isinstance(href, str) and href else None


def pages(ctx: Context) -> Iterator[Page]:
    account, alert = ctx.spec.option("account"), ctx.spec.option("alert")
    if not account or not alert:
        raise ctx.fail("needs the options account=ID and alert=ID")
    token = ctx.need_secret()
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept-Version": ctx.spec.option("accept_version", ACCEPT_VERSION),
        "Accept": "application/json",
    }
    start = ctx.url(
        f"api/accounts/{quote(account, safe='')}/alerts/{quote(alert, safe='')}/mentions"
    )
    cursor = dict(ctx.cursor)
    backfill = ctx.spec.int_option("backfill", 5)
    for _ in range(ctx.max_pages):
        sweeping = "sweep_more" in cursor
        if sweeping:
            url = ctx.same_site(cursor["sweep_more"])
        elif cursor.get("pull"):
            url = ctx.same_site(cursor["pull"])
        else:
            url = start
        params = {"limit": 100} if url == start else None
        payload = ctx.json(ctx.fetch(url, params=params, headers=headers))
        if not isinstance(payload, dict):
            raise ctx.fail("the response is not a Mention mentions list")
        items = as_list(payload.get("mentions"), "mentions")
        builder = PageBuilder(ctx)
        for index, item in enumerate(items):
            builder.add(index, _row, item)
        more, pull = _link(payload, "more"), _link(payload, "pull")
        if sweeping or not cursor.get("pull"):
            first_pull = cursor.get("sweep_pull") or pull or cursor.get("pull")
            count = int(cursor.get("sweep_pages", 0)) + 1
            if more and items and count < backfill:
                cursor = {"sweep_more": more, "sweep_pull": first_pull, "sweep_pages": count}
                yield builder.page(dict(cursor))
                continue
            cursor = {"pull": first_pull} if first_pull else {}
            yield builder.page(dict(cursor))
            return
        if pull:
            cursor = {"pull": pull}
        yield builder.page(dict(cursor))
        if not items:
            return

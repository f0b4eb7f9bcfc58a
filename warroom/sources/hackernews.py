"""Hacker News through Algolia: `/api/v1/search_by_date`, newest first.

`query`, `tags=(story,comment)`, `numericFilters=created_at_i>T`.  Algolia
stops at 1000 hits per query, so a long sweep is sliced by time: when the
page budget of one slice is spent, the next slice asks for
`created_at_i<=` the oldest hit seen.  The sweep's slice and page are
committed with each page; `since` moves only when a sweep completes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from warroom.sources import normalize
from warroom.sources.base import Context, Page, PageBuilder, as_dict, as_list, mention, require

HIT_CAP = 1000


# What the service sends in each text field: story_text and comment_text are HTML, titles plain.
TEXT_FIELDS: dict[str, str] = {
    "title": "plain",
    "story_title": "plain",
    "story_text": "html",
    "comment_text": "html",
    "author": "plain",
}


def _row(hit: Any) -> dict[str, Any]:
    hit = as_dict(hit, "hit")
    object_id = require(hit, "objectID")
    when = (
        hit.get("created_at_i")
        if hit.get("created_at_i") is not None
        else require(hit, "created_at")
    )
    url = hit.get("url") or f"https://news.ycombinator.com/item?id={object_id}"
    return mention(
        external_id=object_id,
        published_at=normalize.parse_time(when),
        url=str(url),
        author=str(hit.get("author") or ""),
        author_handle=str(hit.get("author") or ""),
        engagement=hit.get("points") if isinstance(hit.get("points"), int) else 0,
        title=str(hit.get("title") or hit.get("story_title") or ""),
        text=str(hit.get("story_text") or hit.get("comment_text") or ""),
        text_kind="html",  # story_text and comment_text are HTML; titles plain
        raw=hit,
    )


def pages(ctx: Context) -> Iterator[Page]:
    if not ctx.spec.query.strip():
        raise ctx.fail("needs a query (search words)")
    url = ctx.url("api/v1/search_by_date")
    per_page = max(1, min(ctx.spec.int_option("hits_per_page", 100), 1000))
    backfill = ctx.spec.int_option("backfill", 5)
    cursor = dict(ctx.cursor)
    since = cursor.get("since")
    top = cursor.get("sweep_top")
    until = cursor.get("sweep_until")
    page = int(cursor.get("sweep_page", 0))
    count = int(cursor.get("sweep_pages", 0))
    for _ in range(ctx.max_pages):
        filters = []
        if since is not None:
            filters.append(f"created_at_i>{int(since)}")
        if until is not None:
            filters.append(f"created_at_i<={int(until)}")
        params: dict[str, Any] = {
            "query": ctx.spec.query,
            "tags": ctx.spec.option("tags", "(story,comment)"),
            "hitsPerPage": per_page,
            "page": page,
        }
        if filters:
            params["numericFilters"] = ",".join(filters)
        payload = ctx.json(ctx.fetch(url, params=params))
        if not isinstance(payload, dict):
            raise ctx.fail("the response is not an Algolia search result")
        hits = as_list(payload.get("hits"), "hits")
        builder = PageBuilder(ctx)
        for index, hit in enumerate(hits):
            builder.add(index, _row, hit)
        stamps = [int(r["published_at"].timestamp()) for r in builder.rows]
        count += 1
        if stamps:
            top = max(stamps) if top is None else max(int(top), max(stamps))
        if until is None and top is not None:
            until = top  # freeze the slice so new hits cannot shift the pages
        nb_pages = payload.get("nbPages") if isinstance(payload.get("nbPages"), int) else 0
        nb_hits = payload.get("nbHits") if isinstance(payload.get("nbHits"), int) else 0
        done = False
        if not hits or int(nb_hits or 0) <= (page + 1) * per_page:
            done = True
        elif (page + 2) * per_page <= HIT_CAP and page + 1 < int(nb_pages or 0):
            page += 1
        else:  # the 1000-hit cap: slice below the oldest hit seen
            oldest = min(stamps) if stamps else None
            if oldest is None:
                done = True
            else:
                until = oldest if oldest != until else oldest - 1
                page = 0
        if since is None and count >= backfill:
            done = True
        if done:
            cursor = {"since": top if top is not None else since}
        else:
            cursor = {
                "since": since,
                "sweep_top": top,
                "sweep_until": until,
                "sweep_page": page,
                "sweep_pages": count,
            }
        yield builder.page(dict(cursor))
        if done:
            return

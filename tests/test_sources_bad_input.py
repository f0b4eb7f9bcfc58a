"""Bad input: a clear message naming the source, valid items kept, other sources go on."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from tests.sources_fixtures import (  # noqa: F401 - the service fixture
    RSS_FEED,
    FakeService,
    Reply,
    Request,
    hn_hit,
    reddit_listing,
    reddit_post,
    rss_item,
    service_fixture,
)
from warroom.sources.ingest import add_source, poll, poll_all
from warroom.store.db import Store
from warroom.store.models import Mention, Source


def _count(store: Store, name: str) -> int:
    with store.session() as session:
        source = session.scalars(select(Source).where(Source.name == name)).one()
        return (
            session.scalar(
                select(func.count()).select_from(Mention).where(Mention.source_id == source.id)
            )
            or 0
        )


def _health(store: Store, name: str) -> tuple[str, str]:
    with store.session() as session:
        source = session.scalars(select(Source).where(Source.name == name)).one()
        return source.health, source.last_error


def _hn(service: FakeService, reply: Reply) -> None:
    service.route("/api/v1/search_by_date")(lambda r: reply)


def test_html_error_page_with_status_200(store: Store, service: FakeService) -> None:
    _hn(
        service,
        Reply(
            200, "<!DOCTYPE html><html><body>Sign in</body></html>", {"Content-Type": "text/html"}
        ),
    )
    add_source(store, kind="hackernews", name="hn", url=service.url, query="kopi")
    result = poll(store, "hn")
    assert result.health == "error"
    assert "'hn'" in result.error and "HTML page instead of JSON" in result.error
    assert _health(store, "hn")[0] == "error"


def test_malformed_and_truncated_json(store: Store, service: FakeService) -> None:
    add_source(store, kind="hackernews", name="hn", url=service.url, query="kopi")
    _hn(service, Reply(200, '{"hits": [ {"objectID": "1",'))
    assert "malformed or truncated JSON" in poll(store, "hn").error
    body = json.dumps({"hits": [hn_hit(1)], "nbHits": 1, "nbPages": 1})
    _hn(service, Reply(200, body, cut_at=20))
    result = poll(store, "hn", sleep=lambda s: None)
    assert result.health == "error" and ("cut off" in result.error or "truncated" in result.error)


def test_wrong_types_missing_fields_and_impossible_dates_skip_only_those_items(
    store: Store, service: FakeService
) -> None:
    good = [hn_hit(n, n) for n in range(3)]
    no_id = dict(hn_hit(10))
    no_id.pop("objectID")
    bad_date = dict(hn_hit(11))
    bad_date["created_at_i"] = 99999999999999
    bad_date["created_at"] = "2026-02-30T25:00:00Z"
    hits: list[Any] = [good[0], "not an object", no_id, good[1], bad_date, good[2]]
    _hn(service, Reply(200, {"hits": hits, "nbHits": 6, "nbPages": 1, "page": 0}))
    add_source(store, kind="hackernews", name="hn", url=service.url, query="kopi")
    result = poll(store, "hn")
    assert result.stored == 3
    health, message = _health(store, "hn")
    assert health == "error" and "'hn'" in message
    assert "missing field 'objectID'" in message and "impossible date" in message
    assert "should be an object" in message


def test_unauthorised_and_not_found(store: Store, service: FakeService) -> None:
    add_source(store, kind="hackernews", name="hn", url=service.url, query="kopi")
    _hn(service, Reply(401, {"message": "Invalid API key"}))
    assert "refused the credentials (HTTP 401)" in poll(store, "hn").error
    _hn(service, Reply(403, {"message": "nope"}))
    assert "HTTP 403" in poll(store, "hn").error
    add_source(store, kind="rss", name="gone", url=f"{service.url}/missing.xml")
    assert "not found (HTTP 404)" in poll(store, "gone").error


def test_absurd_size_is_refused(store: Store, service: FakeService) -> None:
    _hn(service, Reply(200, {"hits": [hn_hit(n) for n in range(200)], "nbHits": 200}))
    add_source(store, kind="hackernews", name="hn", url=service.url, query="kopi")
    from warroom.sources.base import Context, SourceSpec
    from warroom.sources.hackernews import pages
    from warroom.sources.http import HttpClient

    spec = SourceSpec(id="x", name="hn", kind="hackernews", base_url=service.url, query="kopi")
    ctx = Context(spec, HttpClient("hn", max_bytes=10_000), {}, lambda key: None)
    try:
        next(pages(ctx))
    except Exception as exc:
        assert "more than the 9 KB limit" in str(exc) and "'hn'" in str(exc)
    else:
        raise AssertionError("an oversized body was accepted")


def test_truncated_feed_keeps_the_items_before_the_cut(store: Store, service: FakeService) -> None:
    feed = RSS_FEED.format(items="".join(rss_item(n, n) for n in range(3)))
    cut = feed.index("<item>", feed.index("Berita Kopi Kita 1")) + 20  # inside the third item
    service.route("/feed")(
        lambda r: Reply(200, feed[:cut], {"Content-Type": "application/rss+xml", "ETag": '"x"'})
    )
    add_source(store, kind="rss", name="feed", url=f"{service.url}/feed")
    result = poll(store, "feed")
    assert result.stored == 2
    health, message = _health(store, "feed")
    assert health == "error" and "malformed or cut off" in message and "'feed'" in message
    with store.session() as session:  # no validators stored: the next poll fetches it all again
        assert session.scalars(select(Source.cursor).where(Source.name == "feed")).one() == {}


def test_offline_marks_the_source_offline_and_others_carry_on(
    store: Store, service: FakeService
) -> None:
    service.route("/search.json")(lambda r: Reply(200, reddit_listing([reddit_post(1)], None)))
    add_source(store, kind="reddit", name="a-offline", url="http://no-such-host.invalid", query="k")
    add_source(store, kind="reddit", name="b-online", url=service.url, query="k")
    results = poll_all(store, sleep=lambda s: None)
    assert [r.health for r in results] == ["offline", "ok"]
    assert "offline" in results[0].error
    assert _count(store, "b-online") == 1
    assert _health(store, "a-offline")[0] == "offline"


def test_retries_5xx_and_honours_429_retry_after(store: Store, service: FakeService) -> None:
    calls = {"n": 0}

    @service.route("/search.json")
    def flaky(request: Request) -> Reply:
        calls["n"] += 1
        if calls["n"] == 1:
            return Reply(503, "<html>busy</html>", {"Content-Type": "text/html"})
        if calls["n"] == 2:
            return Reply(429, {"message": "Too Many Requests"}, {"Retry-After": "7"})
        return Reply(200, reddit_listing([reddit_post(1)], None))

    waits: list[float] = []
    add_source(store, kind="reddit", name="r", url=service.url, query="k")
    assert poll(store, "r", sleep=waits.append).stored == 1
    assert waits[1] == 7.0 and waits[0] > 0

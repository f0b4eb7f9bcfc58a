"""Each connector against a real local server speaking that service's API shape."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.sources_fixtures import (  # noqa: F401 - the service fixture
    GOOGLE_ALERTS_ATOM,
    RSS_FEED,
    FakeService,
    Reply,
    Request,
    ago,
    bluesky_post,
    brandwatch_result,
    hn_hit,
    iso,
    mastodon_status,
    mention_item,
    reddit_listing,
    reddit_post,
    rss_item,
    service_fixture,
    talkwalker_payload,
    talkwalker_result,
)
from warroom import credentials
from warroom.sources.ingest import add_source, poll
from warroom.store.db import Store
from warroom.store.models import Mention, Source


def _mentions(store: Store, name: str) -> list[Mention]:
    with store.session() as session:
        source = session.scalars(select(Source).where(Source.name == name)).one()
        return list(
            session.scalars(
                select(Mention).where(Mention.source_id == source.id).order_by(Mention.external_id)
            )
        )


def _source(store: Store, name: str) -> Source:
    with store.session() as session:
        return session.scalars(select(Source).where(Source.name == name)).one()


def test_google_alerts_atom_unwraps_redirects_strips_bold_and_uses_etag(
    store: Store, service: FakeService
) -> None:
    body = GOOGLE_ALERTS_ATOM.format(updated=iso(ago(5)))

    @service.route("/alerts/feeds/1/2")
    def feed(request: Request) -> Reply:
        if request.headers.get("If-None-Match") == '"v1"':
            return Reply(304, b"", {"ETag": '"v1"'})
        return Reply(
            200,
            body,
            {
                "Content-Type": "application/atom+xml",
                "ETag": '"v1"',
                "Last-Modified": "Sun, 29 Nov 2026 10:00:00 GMT",
            },
        )

    add_source(store, kind="rss", name="alerts", url=f"{service.url}/alerts/feeds/1/2")
    first = poll(store, "alerts")
    assert (first.stored, first.health) == (2, "ok")
    rows = _mentions(store, "alerts")
    assert rows[0].canonical_url == "https://news.example/recall?id=7"
    assert rows[0].text.startswith("Kopi Kita recalls iced coffee")
    assert "<b>" not in rows[0].text and '"bad taste"' in rows[0].text
    second = poll(store, "alerts")
    assert second.stored == 0
    assert service.requests[-1].headers["If-None-Match"] == '"v1"'
    assert service.requests[-1].headers["If-Modified-Since"] == "Sun, 29 Nov 2026 10:00:00 GMT"
    assert "Warroom/" in service.requests[-1].headers["User-Agent"]


def test_rss_feed_items_with_channel_language(store: Store, service: FakeService) -> None:
    service.route("/news.xml")(
        lambda r: Reply(
            200,
            RSS_FEED.format(items="".join(rss_item(n, n) for n in range(3))),
            {"Content-Type": "application/rss+xml"},
        )
    )
    add_source(store, kind="rss", name="news", url=f"{service.url}/news.xml")
    assert poll(store, "news").stored == 3
    row = _mentions(store, "news")[0]
    assert (row.language, row.author, row.text) == ("ms", "Wartawan", "Berita Kopi Kita 0\nIsi 0")


def test_mastodon_tag_timeline_backfills_then_polls_forward_with_min_id(
    store: Store, service: FakeService
) -> None:
    statuses = [mastodon_status(n, 100 - n) for n in range(1, 61)]  # newest last
    newest_first = sorted(statuses, key=lambda s: int(s["id"]), reverse=True)

    @service.route("/prefix/api/v1/timelines/tag/kopikita")
    def tag(request: Request) -> Reply:
        assert request.headers.get("Authorization") is None
        items = newest_first
        if request.arg("max_id"):
            items = [s for s in items if int(s["id"]) < int(request.arg("max_id"))]
        if request.arg("min_id"):
            items = [s for s in items if int(s["id"]) > int(request.arg("min_id"))][-40:]
        page = items[:40]
        headers = {
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "299",
            "X-RateLimit-Reset": "2026-11-29T12:00:00.000Z",
        }
        if page:
            base = f"{service.url}/prefix/api/v1/timelines/tag/kopikita"
            headers["Link"] = (
                f'<{base}?max_id={page[-1]["id"]}>; rel="next", '
                f'<{base}?min_id={page[0]["id"]}>; rel="prev"'
            )
        return Reply(200, page, headers)

    add_source(store, kind="mastodon", name="masto", url=f"{service.url}/prefix", query="#kopikita")
    result = poll(store, "masto")
    assert (result.stored, result.pages) == (60, 3)
    source = _source(store, "masto")
    assert source.cursor == {"min_id": newest_first[0]["id"]}
    assert source.rate_limit_remaining == 299
    newest_first.insert(0, mastodon_status(61, 0))
    again = poll(store, "masto")
    assert again.stored == 1
    assert service.requests[-1].arg("min_id") == newest_first[1]["id"]
    row = [m for m in _mentions(store, "masto") if m.external_id == newest_first[0]["id"]][0]
    assert row.text == "Kopi Kita & me #61: link (https://x.example)"
    # a display name is plain text: kept as typed (shown escaped)
    assert (row.author, row.author_handle, row.author_reach, row.engagement) == (
        "Ali <script>x</script>",
        "ali@social.example",
        1234,
        6,
    )


def test_bluesky_search_cursor_then_until_fallback_and_followers(
    store: Store, service: FakeService
) -> None:
    posts = [bluesky_post(n, n) for n in range(150)]  # newest first

    @service.route("/xrpc/app.bsky.feed.searchPosts")
    def search(request: Request) -> Reply:
        assert request.arg("sort") == "latest"
        if request.arg("cursor") == "100":
            return Reply(400, {"error": "InvalidRequest", "message": "cursor refused"})
        start = 0
        if request.arg("until"):
            start = next(
                i for i, p in enumerate(posts) if p["record"]["createdAt"] < request.arg("until")
            )
        page = posts[start : start + 100]
        more = start + 100 < len(posts)
        return Reply(
            200,
            {"posts": page, **({"cursor": str(start + 100)} if more else {})},
            {
                "ratelimit-limit": "3000",
                "ratelimit-remaining": "2990",
                "ratelimit-reset": str(int(ago(-5).timestamp())),
                "ratelimit-policy": "3000;w=300",
            },
        )

    @service.route("/xrpc/app.bsky.actor.getProfiles")
    def profiles(request: Request) -> Reply:
        actors = request.query["actors"]
        assert len(actors) <= 25
        return Reply(
            200, {"profiles": [{"did": a, "handle": "h", "followersCount": 77} for a in actors]}
        )

    add_source(store, kind="bluesky", name="bsky", url=service.url, query="kopi kita")
    result = poll(store, "bsky")
    assert result.stored == 150, result
    rows = _mentions(store, "bsky")
    assert {r.author_reach for r in rows} == {77}
    assert rows[0].canonical_url.startswith("https://bsky.app/profile/user0.bsky.social/post/3k")
    assert rows[0].language == "ms"
    assert _source(store, "bsky").rate_limit_remaining == 2990


def test_reddit_listing_pages_with_after_and_honours_rate_headers(
    store: Store, service: FakeService
) -> None:
    posts = [reddit_post(n, n) for n in range(230)]

    @service.route("/r/malaysia/search.json")
    def search(request: Request) -> Reply:
        assert request.arg("sort") == "new" and request.arg("restrict_sr") == "1"
        start = 0
        if request.arg("after"):
            start = (
                next(i for i, p in enumerate(posts) if p["data"]["name"] == request.arg("after"))
                + 1
            )
        page = posts[start : start + 100]
        after = page[-1]["data"]["name"] if start + 100 < len(posts) else None
        return Reply(
            200,
            reddit_listing(page, after),
            {"x-ratelimit-used": "4", "x-ratelimit-remaining": "96.0", "x-ratelimit-reset": "120"},
        )

    add_source(
        store,
        kind="reddit",
        name="reddit",
        url=service.url,
        query="kopi kita",
        options={"subreddit": "malaysia"},
    )
    result = poll(store, "reddit")
    assert result.stored == 230 and result.pages == 3
    source = _source(store, "reddit")
    assert source.rate_limit_remaining == 96 and source.rate_limit_reset_at is not None
    assert "Warroom/" in service.requests[0].headers["User-Agent"]
    row = [m for m in _mentions(store, "reddit") if m.external_id == "t3_p0"][0]
    assert row.text == "Kopi Kita recall 0\nIs it safe? & more <not a tag>"
    assert row.canonical_url == "https://www.reddit.com/r/malaysia/comments/p0/kopi_kita_recall/"
    posts.insert(0, reddit_post(999, 0))
    assert poll(store, "reddit").stored == 1


def test_hackernews_algolia_slices_by_time_past_the_hit_cap(
    store: Store, service: FakeService
) -> None:
    hits = [hn_hit(n, n * 2) for n in range(25)]  # newest first, distinct seconds

    @service.route("/api/v1/search_by_date")
    def search(request: Request) -> Reply:
        per_page = int(request.arg("hitsPerPage"))
        matching = hits
        for f in request.arg("numericFilters").split(","):
            if f.startswith("created_at_i>"):
                matching = [h for h in matching if h["created_at_i"] > int(f.split(">")[1])]
            elif f.startswith("created_at_i<="):
                matching = [h for h in matching if h["created_at_i"] <= int(f.split("<=")[1])]
        capped = matching[:10]  # this test's "1000-hit cap" is 10 hits
        page = int(request.arg("page"))
        return Reply(
            200,
            {
                "hits": capped[page * per_page : (page + 1) * per_page],
                "nbHits": len(matching),
                "page": page,
                "nbPages": -(-len(capped) // per_page),
                "hitsPerPage": per_page,
            },
        )

    add_source(
        store,
        kind="hackernews",
        name="hn",
        url=service.url,
        query="kopi",
        options={"hits_per_page": "5", "backfill": "50"},
    )
    import warroom.sources.hackernews as hn

    original = hn.HIT_CAP
    hn.HIT_CAP = 10
    try:
        assert poll(store, "hn").stored == 25
        hits.insert(0, hn_hit(100, -0.5))
        assert poll(store, "hn").stored == 1
    finally:
        hn.HIT_CAP = original
    assert "created_at_i>" in service.requests[-1].arg("numericFilters")


def test_mention_api_follows_more_then_pull(
    store: Store, service: FakeService, monkeypatch: Any
) -> None:
    items = [mention_item(n, n) for n in range(5)]
    base = "/api/accounts/acc1/alerts/42/mentions"

    @service.route(base)
    def mentions(request: Request) -> Reply:
        assert request.headers["Authorization"] == "Bearer mention-token"
        assert request.headers["Accept-Version"]
        if request.arg("since_id"):
            newer = [i for i in items if int(i["id"]) > int(request.arg("since_id"))]
            top = max([int(i["id"]) for i in items])
            return Reply(
                200, {"mentions": newer, "_links": {"pull": {"href": f"{base}?since_id={top}"}}}
            )
        before = int(request.arg("before_id") or 10**9)
        page = [i for i in items if int(i["id"]) < before][:3]
        links: dict[str, Any] = {"pull": {"href": f"{base}?since_id={items[0]['id']}"}}
        if len(page) == 3:
            links["more"] = {"href": f"{base}?before_id={page[-1]['id']}"}
        return Reply(200, {"mentions": page, "_links": links})

    monkeypatch.setattr(
        credentials, "get_secret", lambda name: "mention-token" if name == "men" else None
    )
    add_source(
        store,
        kind="mention",
        name="men",
        url=service.url,
        options={"account": "acc1", "alert": "42"},
    )
    assert poll(store, "men").stored == 5
    row = _mentions(store, "men")[0]
    assert (row.source_sentiment, row.author_reach) == (-0.6, 800)
    assert row.canonical_url == "https://blog.example/4"
    items.insert(0, mention_item(-50, 0))
    assert poll(store, "men").stored == 1


def test_brandwatch_logs_in_once_keeps_token_and_pages_with_next_cursor(
    store: Store, service: FakeService, monkeypatch: Any
) -> None:
    kept: dict[str, str] = {"bw": "pw"}
    monkeypatch.setattr(credentials, "get_secret", lambda name: kept.get(name))
    monkeypatch.setattr(
        credentials, "set_secret", lambda name, value: kept.__setitem__(name, value)
    )
    results = [brandwatch_result(n, n) for n in range(7)]

    @service.route("/oauth/token", "POST")
    def token(request: Request) -> Reply:
        assert request.arg("grant_type") == "api-password" and b"password=pw" in request.body
        return Reply(
            200, {"access_token": "bw-token", "token_type": "bearer", "expires_in": 31535999}
        )

    @service.route("/projects/p1/data/mentions")
    def data(request: Request) -> Reply:
        assert request.headers["Authorization"] == "Bearer bw-token"
        assert request.arg("queryId") == "q9"
        start = int(request.arg("cursor") or 0)
        page = results[start : start + 3]
        body: dict[str, Any] = {
            "resultsTotal": len(results),
            "resultsPage": start // 3,
            "resultsPageSize": 3,
            "results": page,
        }
        if start + 3 < len(results):
            body["nextCursor"] = str(start + 3)
        return Reply(200, body)

    add_source(
        store,
        kind="brandwatch",
        name="bw",
        url=service.url,
        options={"project": "p1", "query_id": "q9", "username": "ops@brand.example"},
    )
    result = poll(store, "bw")
    assert (result.stored, result.pages) == (7, 3)
    assert kept["bw:token"] == "bw-token"
    row = _mentions(store, "bw")[0]
    assert (row.source_sentiment, row.author_reach, row.language) == (-0.6, 150, "ms")
    assert "bw-token" not in str(_source(store, "bw").cursor)
    poll(store, "bw")
    assert sum(1 for r in service.requests if r.path == "/oauth/token") == 1


def test_talkwalker_offsets_and_api_status(
    store: Store, service: FakeService, monkeypatch: Any
) -> None:
    monkeypatch.setattr(
        credentials, "get_secret", lambda name: "tw-secret" if name == "tw" else None
    )
    results = [talkwalker_result(n, n) for n in range(250)]

    @service.route("/api/v1/search/results")
    def search(request: Request) -> Reply:
        assert request.arg("access_token") == "tw-secret"
        offset, hpp = int(request.arg("offset")), int(request.arg("hpp"))
        page = results[offset : offset + hpp]
        return Reply(
            200, talkwalker_payload(page, offset + hpp if offset + hpp < len(results) else None)
        )

    add_source(store, kind="talkwalker", name="tw", url=service.url, query="kopi kita")
    assert poll(store, "tw").stored == 250
    row = _mentions(store, "tw")[0]
    assert (row.source_sentiment, row.author_reach, row.author) == (-0.6, 25000, "Reporter")

    service.route("/api/v1/search/results")(
        lambda r: Reply(200, {"status_code": "18", "status_message": "Invalid access token"})
    )
    failed = poll(store, "tw")
    assert failed.health == "error" and "Invalid access token" in failed.error
    assert "tw-secret" not in failed.error


def test_file_source_csv_with_column_mapping(store: Store, tmp_path: Any) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Mention Id,Posted,Who,Body,Link,Tone,Followers\n"
        f'a1,{iso(ago(3))},Siti,"Kopi, <i>teruk</i>",https://x.example/1,negative,12\n'
        f"a2,{iso(ago(2))},Ali,ok lah,https://x.example/2,positive,5\n",
        encoding="utf-8",
    )
    add_source(
        store,
        kind="file",
        name="csv",
        url=str(path),
        options={
            "map.created_at": "Posted",
            "map.author": "Who",
            "map.text": "Body",
            "map.author_reach": "Followers",
        },
    )
    assert poll(store, "csv").stored == 2
    rows = _mentions(store, "csv")
    assert (rows[0].external_id, rows[0].text, rows[0].source_sentiment, rows[0].author_reach) == (
        "a1",
        "Kopi, <i>teruk</i>",  # a CSV cell is plain text: kept as typed
        -0.6,
        12,
    )
    assert poll(store, "csv").stored == 0


def test_reddit_oauth_token_is_kept_and_renewed_when_refused(
    store: Store, service: FakeService, monkeypatch: Any
) -> None:
    kept: dict[str, str] = {"r": "client-secret"}
    monkeypatch.setattr(credentials, "get_secret", lambda name: kept.get(name))
    monkeypatch.setattr(
        credentials, "set_secret", lambda name, value: kept.__setitem__(name, value)
    )
    issued: list[str] = []

    @service.route("/api/v1/access_token", "POST")
    def token(request: Request) -> Reply:
        assert request.headers["Authorization"].startswith("Basic ")
        assert b"grant_type=client_credentials" in request.body
        issued.append(f"tok{len(issued)}")
        return Reply(200, {"access_token": issued[-1], "token_type": "bearer", "expires_in": 86400})

    @service.route("/oauth/search.json")
    def search(request: Request) -> Reply:
        if request.headers.get("Authorization") != f"Bearer {issued[-1]}":
            return Reply(401, {"message": "Unauthorized", "error": 401})
        return Reply(200, reddit_listing([reddit_post(len(service.requests))], None))

    add_source(
        store,
        kind="reddit",
        name="r",
        url=service.url,
        query="kopi",
        options={"client_id": "app-id", "oauth_url": f"{service.url}/oauth"},
    )
    assert poll(store, "r").stored == 1
    assert poll(store, "r").health == "ok"
    assert issued == ["tok0"] and kept["r:token"] == "tok0"  # kept, not asked for again
    kept["r:token"] = "expired"
    assert poll(store, "r").health == "ok"
    assert issued == ["tok0", "tok1"] and kept["r:token"] == "tok1"

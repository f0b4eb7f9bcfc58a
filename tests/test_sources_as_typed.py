"""Mentions arrive as their authors wrote them (issue 17): plain text is kept, only
HTML fields are parsed, and a file nested too deeply is refused naming its line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.sources_fixtures import (  # noqa: F401 - the service fixture
    RSS_FEED,
    FakeService,
    Reply,
    bluesky_post,
    brandwatch_result,
    hn_hit,
    mastodon_status,
    mention_item,
    reddit_listing,
    reddit_post,
    service_fixture,
    talkwalker_payload,
    talkwalker_result,
)
from warroom import credentials
from warroom.cli import main
from warroom.sources import normalize
from warroom.store.db import Store

TYPED = [
    "I typed <b>bold</b> and &lt;tag&gt; literally",
    "price RM5 -> RM9 <sigh> >:(",
    "line one<br>still line one",
    "if a<b and b>c then",
]


def _when(n: int) -> str:
    return (datetime.now(UTC) - timedelta(minutes=n + 1)).isoformat()


def _mentions(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["mentions", "--json", "--limit", "100"]) == 0
    out = capsys.readouterr().out
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_jsonl_file_through_warroom_ingest_keeps_text_as_typed(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "typed.jsonl"
    lines = [
        json.dumps({"id": f"m{n}", "created_at": _when(n), "text": text, "author": "Siti"})
        for n, text in enumerate(TYPED)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["sources", "add", "file", "typed", "--url", str(path)]) == 0
    assert main(["ingest", "--once", "--source", "typed"]) == 0
    texts = sorted(str(m["text"]) for m in _mentions(capsys))
    assert texts == sorted(TYPED)


def test_deeply_nested_jsonl_line_is_refused_naming_the_line(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.jsonl"
    good = json.dumps({"id": "ok", "created_at": _when(1), "text": "fine"})
    path.write_text(good + "\n" + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert main(["sources", "add", "file", "deep", "--url", str(path)]) == 0
    main(["ingest", "--once", "--source", "deep"])
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "line 2" in said and "nested too deeply" in said
    assert "RecursionError" not in said
    assert [m["text"] for m in _mentions(capsys)] == ["fine"]


def test_html_fields_keep_what_the_author_typed() -> None:
    assert normalize.html_text("<p>I typed &lt;b&gt;bold&lt;/b&gt;</p><p>then</p>") == (
        "I typed <b>bold</b>\nthen"
    )
    assert normalize.html_text("a<br>b &amp;amp; c") == "a\nb &amp; c"
    assert normalize.html_text('see <a href="https://x.example/a">this</a>') == (
        "see this (https://x.example/a)"
    )
    assert normalize.html_text('<a href="https://x.example/a">https://x.example/a</a>') == (
        "https://x.example/a"
    )


def test_plain_text_is_kept_byte_for_byte_but_line_endings_nul_and_lone_surrogates() -> None:
    assert normalize.plain_text("  two  spaces <b> &amp; \t tab  ") == (
        "  two  spaces <b> &amp; \t tab  "
    )
    assert normalize.plain_text("a\r\nb\rc\x00d\ud83d") == "a\nb\ncd"


# --- each service through `warroom ingest` -------------------------------------------


def _texts(capsys: pytest.CaptureFixture[str], source: str) -> list[str]:
    return sorted(str(m["text"]) for m in _mentions(capsys) if m["source"] == source)


def _ingest(args: list[str], name: str) -> None:
    assert main(["sources", "add", *args]) == 0
    assert main(["ingest", "--once", "--source", name]) == 0


def _keyring(monkeypatch: pytest.MonkeyPatch, kept: dict[str, str]) -> None:
    monkeypatch.setattr(credentials, "get_secret", lambda name: kept.get(name))
    monkeypatch.setattr(
        credentials, "set_secret", lambda name, value: kept.__setitem__(name, value)
    )


def test_bluesky_post_text_through_warroom_ingest_is_kept_as_typed(
    store: Store, service: FakeService, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = []
    for n, text in enumerate(TYPED):
        post = bluesky_post(n, n + 1)
        post["record"]["text"] = text
        post["author"]["displayName"] = "Siti <b>R</b> & co"
        posts.append(post)
    service.route("/xrpc/app.bsky.feed.searchPosts")(lambda r: Reply(200, {"posts": posts}))
    service.route("/xrpc/app.bsky.actor.getProfiles")(lambda r: Reply(200, {"profiles": []}))
    _ingest(["bluesky", "bsky", "--url", service.url, "--query", "kopi"], "bsky")
    assert _texts(capsys, "bsky") == sorted(TYPED)
    assert {m["author"] for m in _mentions(capsys)} == {"Siti <b>R</b> & co"}


def test_reddit_title_and_selftext_through_warroom_ingest_are_kept_as_typed(
    store: Store, service: FakeService, capsys: pytest.CaptureFixture[str]
) -> None:
    children = []
    for n, text in enumerate(TYPED):
        child = reddit_post(n, n + 1)
        child["data"]["title"] = text
        child["data"]["selftext"] = TYPED[(n + 1) % len(TYPED)]  # Markdown: kept as typed
        children.append(child)
    service.route("/search.json")(lambda r: Reply(200, reddit_listing(children, None)))
    _ingest(["reddit", "rd", "--url", service.url, "--query", "kopi"], "rd")
    expected = [f"{t}\n{TYPED[(n + 1) % len(TYPED)]}" for n, t in enumerate(TYPED)]
    assert _texts(capsys, "rd") == sorted(expected)


def test_mention_description_through_warroom_ingest_is_kept_as_typed(
    store: Store,
    service: FakeService,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _keyring(monkeypatch, {"men": "token"})
    items = []
    for n, text in enumerate(TYPED):
        item = mention_item(n, n + 1)
        item["title"], item["description"] = "", text
        items.append(item)
    service.route("/api/accounts/a/alerts/1/mentions")(
        lambda r: Reply(200, {"mentions": items, "_links": {}})
    )
    _ingest(
        ["mention", "men", "--url", service.url, "--option", "account=a", "--option", "alert=1"],
        "men",
    )
    assert _texts(capsys, "men") == sorted(TYPED)


def test_brandwatch_full_text_through_warroom_ingest_is_kept_as_typed(
    store: Store,
    service: FakeService,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _keyring(monkeypatch, {"bw": "pw", "bw:token": "tok"})
    results = []
    for n, text in enumerate(TYPED):
        result = brandwatch_result(n, n + 1)
        result["fullText"] = text
        results.append(result)
    service.route("/projects/p/data/mentions")(lambda r: Reply(200, {"results": results}))
    _ingest(
        [
            "brandwatch",
            "bw",
            "--url",
            service.url,
            "--option",
            "project=p",
            "--option",
            "query_id=q",
            "--option",
            "username=u",
        ],
        "bw",
    )
    assert _texts(capsys, "bw") == sorted(TYPED)


def test_talkwalker_content_through_warroom_ingest_is_kept_as_typed(
    store: Store,
    service: FakeService,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _keyring(monkeypatch, {"tw": "token"})
    results = []
    for n, text in enumerate(TYPED):
        result = talkwalker_result(n, n + 1)
        result["data"]["title"], result["data"]["content"] = "", text
        results.append(result)
    service.route("/api/v1/search/results")(lambda r: Reply(200, talkwalker_payload(results, None)))
    _ingest(["talkwalker", "tw", "--url", service.url, "--query", "kopi"], "tw")
    assert _texts(capsys, "tw") == sorted(TYPED)


def test_mastodon_html_content_through_warroom_ingest_keeps_what_was_typed(
    store: Store, service: FakeService, capsys: pytest.CaptureFixture[str]
) -> None:
    status = mastodon_status(1, 1)
    status["content"] = (
        "<p>I typed &lt;b&gt;bold&lt;/b&gt; and <b>this</b></p><p>next &amp; last</p>"
    )
    service.route("/api/v1/timelines/tag/kopi")(lambda r: Reply(200, [status]))
    _ingest(["mastodon", "masto", "--url", service.url, "--query", "#kopi"], "masto")
    # the escaped tag is text the author typed; the real <b> is markup, its text kept
    assert _texts(capsys, "masto") == ["I typed <b>bold</b> and this\nnext & last"]


def test_rss_html_description_through_warroom_ingest_keeps_what_was_typed(
    store: Store, service: FakeService, capsys: pytest.CaptureFixture[str]
) -> None:
    item = (
        "<item><title>Note</title><link>https://news.example/n</link>"
        f"<pubDate>{format_datetime(datetime.now(UTC) - timedelta(minutes=3))}</pubDate>"
        "<description>&lt;p&gt;I typed &amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt; and "
        "&lt;b&gt;this&lt;/b&gt;&lt;/p&gt;</description></item>"
    )
    service.route("/feed.xml")(
        lambda r: Reply(200, RSS_FEED.format(items=item), {"Content-Type": "application/rss+xml"})
    )
    _ingest(["rss", "feed", "--url", f"{service.url}/feed.xml"], "feed")
    assert _texts(capsys, "feed") == ["Note\nI typed <b>bold</b> and this"]


def test_hackernews_html_comment_through_warroom_ingest_keeps_what_was_typed(
    store: Store, service: FakeService, capsys: pytest.CaptureFixture[str]
) -> None:
    hit = hn_hit(1, 1)
    hit["title"], hit["story_title"] = None, "Story"
    hit["comment_text"] = "I typed &lt;b&gt;bold&lt;&#x2F;b&gt; and <i>this</i><p>next"
    service.route("/api/v1/search_by_date")(
        lambda r: Reply(200, {"hits": [hit], "nbHits": 1, "page": 0, "nbPages": 1})
    )
    _ingest(["hackernews", "hn", "--url", service.url, "--query", "kopi"], "hn")
    assert _texts(capsys, "hn") == ["Story\nI typed <b>bold</b> and this\nnext"]


def test_html_with_a_malformed_end_tag_shows_what_a_browser_shows() -> None:
    # Mastodon's documented Status example ends its link with "</span}</p>": a browser
    # reads one end tag up to the next ">", so neither "</span}" nor a break is shown
    assert normalize.html_text('<p>a</p><p><span class="x">b</span}</p>') == "a\nb"
    assert normalize.html_text("x</br>y<BR/>z<pre>w</pre>") == "x\ny\nzw"

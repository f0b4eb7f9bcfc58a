"""The sources command line: add, list, ingest, mentions, remove."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.sources_fixtures import (  # noqa: F401 - the service fixture
    FakeService,
    Reply,
    reddit_listing,
    reddit_post,
    service_fixture,
)
from warroom.cli import main
from warroom.store.db import Store


def test_add_list_ingest_mentions_remove(
    store: Store, service: FakeService, capsys: pytest.CaptureFixture[str]
) -> None:
    service.route("/search.json")(
        lambda r: Reply(
            200,
            reddit_listing([reddit_post(n, n) for n in range(3)], None),
            {"x-ratelimit-remaining": "50", "x-ratelimit-reset": "60"},
        )
    )
    assert (
        main(
            [
                "sources",
                "add",
                "reddit",
                "r1",
                "--url",
                service.url,
                "--query",
                "kopi",
                "--interval",
                "120",
                "--option",
                "subreddit=malaysia",
            ]
        )
        == 0
    )
    assert main(["sources", "add", "rss", "broken", "--url", f"{service.url}/nope.xml"]) == 0
    assert main(["sources", "add", "rss", "r1", "--url", service.url]) == 2
    assert "exists already" in capsys.readouterr().err

    service.route("/r/malaysia/search.json")(service.routes[("GET", "/search.json")])
    assert main(["ingest", "--once"]) == 1  # one source failed
    out = capsys.readouterr().out
    assert "r1: 3 new of 3 fetched" in out
    assert "broken: 0 new" in out and "not found (HTTP 404)" in out

    assert main(["ingest", "--once", "--source", "r1"]) == 0
    assert "r1: 0 new of 3 fetched" in capsys.readouterr().out

    assert main(["sources", "list", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_name = {s["name"]: s for s in listed}
    assert by_name["r1"]["health"] == "ok" and by_name["r1"]["items_fetched"] == 6
    assert by_name["r1"]["rate_limit_remaining"] == 50 and by_name["r1"]["rate_limit_reset_at"]
    assert by_name["broken"]["health"] == "error" and "HTTP 404" in by_name["broken"]["last_error"]

    assert main(["mentions", "--json", "--limit", "2"]) == 0
    rows: list[dict[str, Any]] = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2 and rows[0]["created_at"] >= rows[1]["created_at"]
    for key in (
        "source",
        "external_id",
        "url",
        "author",
        "author_reach",
        "text",
        "language",
        "created_at",
        "sentiment",
        "severity",
    ):
        assert key in rows[0]
    assert rows[0]["source"] == "r1" and rows[0]["created_at"].endswith("Z")

    assert main(["sources", "remove", "r1"]) == 2
    assert "--with-mentions" in capsys.readouterr().err
    assert main(["sources", "remove", "r1", "--with-mentions"]) == 0
    assert main(["sources", "remove", "broken"]) == 0
    assert main(["sources", "list"]) == 0
    assert "no sources" in capsys.readouterr().out


def test_bad_add_gives_one_clear_line(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "add", "mastodon", "m", "--url", "ftp://x"]) == 2
    assert "must start with http:// or https://" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["sources", "add", "rss", "x", "--option", "novalue"])

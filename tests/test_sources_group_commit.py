"""Pages fetched in quick succession are committed together, and never held back.

A poll groups consecutive pages into one transaction (fewer commits on a
backfill), but what was fetched is stored before the poll waits out a rate
limit, and the pages fetched before a failure are kept with their cursor,
so the next poll goes on from there without losing or repeating anything.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.sources_fixtures import (  # noqa: F401 - the service fixture
    FakeService,
    Reply,
    Request,
    reddit_listing,
    reddit_post,
    service_fixture,
)
from warroom.sources.ingest import add_source, poll
from warroom.store.db import Store

POSTS = [reddit_post(n, n) for n in range(500)]  # newest first, 100 a page


def _stored(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT external_id FROM mentions")]


def _serve(service: FakeService, failing: dict[int, Reply]) -> None:
    @service.route("/search.json")
    def search(request: Request) -> Reply:
        start = 0
        if request.arg("after"):
            start = int(request.arg("after").removeprefix("t3_p")) + 1
        if start in failing:
            return failing[start]
        page = POSTS[start : start + 100]
        after = page[-1]["data"]["name"] if start + 100 < len(POSTS) else None
        return Reply(200, reddit_listing(page, after))


def test_pages_before_a_failure_are_kept_and_the_next_poll_resumes(
    store: Store, service: FakeService
) -> None:
    failing = {300: Reply(500, {"message": "Internal Server Error"})}
    _serve(service, failing)
    add_source(
        store, kind="reddit", name="r", url=service.url, query="kopi", options={"backfill": "10"}
    )
    first = poll(store, "r", sleep=lambda _s: None)
    assert first.failed and "500" in first.error
    assert first.stored == 300  # three whole pages, committed although the fourth failed
    assert store.path is not None and len(_stored(store.path)) == 300
    failing.clear()  # the service recovers
    second = poll(store, "r", sleep=lambda _s: None)
    assert not second.failed, second.error
    stored = _stored(store.path)
    assert sorted(stored) == sorted(p["data"]["name"] for p in POSTS)  # nothing lost, none twice
    assert first.stored + second.stored == len(POSTS)


def test_what_was_fetched_is_stored_before_waiting_out_a_rate_limit(
    store: Store, service: FakeService
) -> None:
    failing = {200: Reply(429, {"message": "Too Many Requests"}, headers={"Retry-After": "7"})}
    _serve(service, failing)
    add_source(
        store, kind="reddit", name="r", url=service.url, query="kopi", options={"backfill": "10"}
    )
    assert store.path is not None
    seen_while_waiting: list[int] = []

    def wait(seconds: float) -> None:
        seen_while_waiting.append(len(_stored(store.path)))  # type: ignore[arg-type]
        failing.clear()  # the limit resets while we wait

    result = poll(store, "r", sleep=wait)
    assert not result.failed, result.error
    assert seen_while_waiting and seen_while_waiting[0] == 200  # the feed had them meanwhile
    assert result.stored == len(POSTS) == len(set(_stored(store.path)))

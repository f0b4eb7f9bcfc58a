"""Pages fetched in quick succession are committed together, and never held back.

A poll groups consecutive pages into one transaction (fewer commits on a
backfill), but what was fetched is stored before the poll waits out a rate
limit, and the pages fetched before a failure are kept with their cursor,
so the next poll goes on from there without losing or repeating anything.
"""

from __future__ import annotations

import gc
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
    # a failure that is not retried: nothing flushes the held pages but the poll's end
    failing = {300: Reply(404, {"message": "Not Found"})}
    _serve(service, failing)
    add_source(
        store, kind="reddit", name="r", url=service.url, query="kopi", options={"backfill": "10"}
    )
    waits: list[float] = []
    first = poll(store, "r", sleep=waits.append)
    assert first.failed and "404" in first.error and waits == []
    assert first.stored == 300  # three whole pages, committed although the fourth failed
    assert gc.isenabled()  # the collector rests while a page is built, not beyond a failure
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


def test_a_stopped_poll_keeps_what_it_fetched_and_the_next_goes_on(
    store: Store, service: FakeService
) -> None:
    _serve(service, {})
    add_source(
        store, kind="reddit", name="r", url=service.url, query="kopi", options={"backfill": "10"}
    )
    pages: list[int] = []
    first = poll(
        store, "r", should_stop=lambda: len(pages) >= 2, on_page=lambda n, _s: pages.append(n)
    )
    assert first.stored == 200 and not first.failed  # both pages, although held when stopped
    assert gc.isenabled()
    second = poll(store, "r")
    assert store.path is not None
    assert sorted(_stored(store.path)) == sorted(p["data"]["name"] for p in POSTS)
    assert first.stored + second.stored == len(POSTS)


def test_held_pages_go_in_with_the_last_cursor_in_one_transaction(
    store: Store, service: FakeService
) -> None:
    from warroom.sources.base import Page
    from warroom.sources.ingest import PageWriter
    from warroom.store.models import Source

    source = add_source(store, kind="reddit", name="r", url=service.url, query="kopi")
    writer = PageWriter(store, source.id, scoring=False, group_rows=250, group_seconds=60)
    rows = _rows(0, 300)
    assert writer.add(Page(rows[:100], {"after": "t3_p99"})) == 0  # held
    assert writer.add(Page(rows[100:200], {"after": "t3_p199"})) == 0
    assert store.path is not None and _stored(store.path) == []  # nothing half-written
    # 300 >= 250: one group, committed in the background while the poll goes on
    assert writer.add(Page(rows[200:], {"after": "t3_p299"})) == 0 and writer.held == 0
    assert writer.flush() == 300  # landed: reported once, by the call that saw it land
    with store.session() as session:
        assert session.get_one(Source, source.id).cursor == {"after": "t3_p299"}
    assert len(_stored(store.path)) == 300
    assert writer.flush() == 0


def _rows(first: int, count: int) -> list[dict[str, object]]:
    return [
        {"external_id": f"t3_p{n}", "published_at": _utc(POSTS[n]), "text": "kopi"}
        for n in range(first, first + count)
    ]


def test_a_group_commits_while_the_next_pages_are_built_and_reports_once(
    store: Store, service: FakeService
) -> None:
    from warroom.sources.base import Page
    from warroom.sources.ingest import PageWriter

    source = add_source(store, kind="reddit", name="r", url=service.url, query="kopi")
    writer = PageWriter(store, source.id, scoring=False, group_rows=100, group_seconds=60)
    reported = [writer.add(Page(_rows(n, 100), {"after": f"t3_p{n + 99}"})) for n in (0, 100, 200)]
    reported.append(writer.flush())
    assert sum(reported) == 300  # each group counted once, when it landed
    assert store.path is not None and len(set(_stored(store.path))) == 300


def test_a_commit_that_fails_drops_the_pages_after_it_and_the_next_poll_loses_nothing(
    store: Store, service: FakeService
) -> None:
    from sqlalchemy import event

    from warroom.sources.base import Page
    from warroom.sources.ingest import PageWriter
    from warroom.store.models import Source

    source = add_source(store, kind="reddit", name="r", url=service.url, query="kopi")
    commits = 0

    def failing_second_commit(_session: object) -> None:
        nonlocal commits
        commits += 1
        if commits == 2:  # the disk gives out while the second group lands
            raise OSError("disk I/O error")

    event.listen(store.sessions, "before_commit", failing_second_commit)
    writer = PageWriter(store, source.id, scoring=False, group_rows=100, group_seconds=60)
    assert writer.add(Page(_rows(0, 100), {"after": "t3_p99"})) == 0
    assert writer.add(Page(_rows(100, 100), {"after": "t3_p199"})) == 100
    try:
        writer.add(Page(_rows(200, 100), {"after": "t3_p299"}))
    except OSError as exc:
        assert "disk I/O error" in str(exc)
    else:
        raise AssertionError("the failed commit must be reported")
    assert writer.flush() == 0 and writer.held == 0  # what came after it is not written
    event.remove(store.sessions, "before_commit", failing_second_commit)
    assert store.path is not None and len(_stored(store.path)) == 100
    with store.session() as session:  # the cursor of the last group that landed
        assert session.get_one(Source, source.id).cursor == {"after": "t3_p99"}
    again = PageWriter(store, source.id, scoring=False, group_rows=100, group_seconds=60)
    for n in (100, 200):  # the next poll fetches from there again
        again.add(Page(_rows(n, 100), {"after": f"t3_p{n + 99}"}))
    again.flush()
    stored = _stored(store.path)
    assert len(stored) == len(set(stored)) == 300  # nothing lost, nothing twice


def _utc(post: dict[str, object]) -> object:
    from datetime import UTC, datetime

    data = post["data"]
    assert isinstance(data, dict)
    return datetime.fromtimestamp(float(data["created_utc"]), UTC)

"""Source coverage: the poll log from real polls, outages (never guessed), silent sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.sources_fixtures import (  # noqa: F401 - the service fixture
    FakeService,
    Reply,
    Request,
    ago,
    bluesky_post,
    service_fixture,
)
from warroom import alerts
from warroom.cli import main
from warroom.incidents import service as svc
from warroom.incidents import timeline
from warroom.sources import coverage
from warroom.sources.ingest import add_source, poll
from warroom.store.db import Store
from warroom.store.models import Alert, PollLog, Source, VolumeBucket, utcnow


def test_each_poll_is_logged_and_a_failure_opens_an_outage_until_the_next_success(
    store: Store, service: FakeService
) -> None:
    state = {"down": False}

    @service.route("/xrpc/app.bsky.feed.searchPosts")
    def search(request: Request) -> Reply:
        if state["down"]:
            return Reply(401, {"error": "AuthenticationRequired", "message": "Invalid token"})
        return Reply(
            200,
            {"posts": [bluesky_post(n, n) for n in range(3)]},
            {
                "ratelimit-limit": "3000",
                "ratelimit-remaining": "2990",
                "ratelimit-reset": str(int(ago(-5).timestamp())),
            },
        )

    add_source(store, kind="bluesky", name="Bluesky", url=service.url, query="kopi kita")
    start = utcnow() - timedelta(minutes=1)
    assert poll(store, "Bluesky", sleep=lambda s: None).stored == 3
    state["down"] = True
    failed = poll(store, "Bluesky", sleep=lambda s: None)
    assert failed.failed
    with store.session() as session:
        logs = list(session.scalars(select(PollLog).order_by(PollLog.finished_at)))
        assert [(p.ok, p.fetched, p.stored) for p in logs] == [(True, 3, 3), (False, 0, 0)]
        assert logs[0].rate_limit_remaining == 2990
        assert logs[0].rate_limit_reset_at is not None
        assert logs[1].error.startswith("source 'Bluesky'")
        end = utcnow() + timedelta(minutes=1)
        down = coverage.outages(session, start, end)
        assert len(down) == 1 and down[0][0] == logs[1].started_at and down[0][1] == end
    state["down"] = False
    assert not poll(store, "Bluesky", sleep=lambda s: None).failed
    with store.session() as session:
        logs = list(session.scalars(select(PollLog).order_by(PollLog.finished_at)))
        down = coverage.outages(session, start, utcnow() + timedelta(minutes=1))
        assert down == [(logs[1].started_at, logs[2].finished_at)]  # closed by the success
        row = next(r for r in coverage.coverage(session) if r.name == "Bluesky")
        assert row.failed_polls_24h == 1
        assert row.rate_limit_remaining == 2990
        assert row.last_success_at == logs[2].finished_at


def _source(session: object, name: str = "Bluesky", interval_s: int = 300) -> Source:
    source = Source(origin="here", name=name, kind="bluesky", interval_s=interval_s)
    session.add(source)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    return source


def _log(source: Source, at: datetime, *, ok: bool = True, fetched: int = 5) -> PollLog:
    return PollLog(
        origin="here",
        source_id=source.id,
        started_at=at - timedelta(seconds=2),
        finished_at=at,
        ok=ok,
        fetched=fetched,
        stored=fetched,
        error="" if ok else "Bluesky answered 503 Service Unavailable",
    )


def test_no_poll_for_longer_than_the_interval_is_a_gap_and_no_poll_log_is_no_outage(
    store: Store,
) -> None:
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with store.session() as session:
        source = _source(session)
        assert coverage.outages(session, t0, t0 + timedelta(hours=3)) == []  # nothing known
        for minutes in (0, 5, 10, 60, 65):  # nobody polled between 10 and 60
            session.add(_log(source, t0 + timedelta(minutes=minutes)))
        source.enabled = False  # switched off after the last poll: no trailing gap
        session.flush()
        found = coverage.outages(session, t0, t0 + timedelta(hours=3))
    assert found == [
        (t0 + timedelta(minutes=15), t0 + timedelta(minutes=60) - timedelta(seconds=2))
    ]


def test_demo_store_has_no_outages(demo_store: Store) -> None:
    with demo_store.session() as session:
        now = utcnow()
        assert coverage.outages(session, now - timedelta(days=3), now) == []


def _usual(session: object, source: Source, now: datetime, per_hour: int) -> None:
    """Two days of `per_hour` mentions a minute-bucket at a time, up to 40 min ago."""
    start = now - timedelta(days=2)
    minute = start.replace(second=0, microsecond=0)
    while minute < now - timedelta(minutes=40):
        if minute.minute % 10 == 0:
            session.add(  # type: ignore[attr-defined]
                VolumeBucket(
                    origin="here", bucket_start=minute, source_id=source.id, total=per_hour // 6
                )
            )
        minute += timedelta(minutes=1)


def test_silent_source_during_a_crisis_raises_its_own_alert_once(store: Store) -> None:
    now = utcnow().replace(microsecond=0)
    with store.session() as session:
        source = _source(session)
        quiet = _source(session, "Forum", interval_s=300)  # usually 6/h: 30 quiet min is no news
        _usual(session, source, now, 42)
        _usual(session, quiet, now, 6)
        session.add(_log(source, now - timedelta(minutes=41), fetched=7))
        for minutes in range(40, 0, -5):
            session.add(_log(source, now - timedelta(minutes=minutes), fetched=0))
            session.add(_log(quiet, now - timedelta(minutes=minutes), fetched=0))
        session.flush()
        silences = coverage.silent_sources(session, now)
    assert [s.source for s in silences] == ["Bluesky"]
    assert silences[0].message(now) == "Bluesky has returned nothing for 41 min; usual 42/h"
    assert alerts.after_poll(store, now=now) == []  # no crisis: no silent-source alert
    with store.session() as session:
        incident = svc.open_incident(session, origin=store.origin, title="Crisis", author="A")
        incident_id = incident.id
    first = alerts.after_poll(store, now=now)
    again = alerts.after_poll(store, now=now + timedelta(minutes=5))
    assert len(first) == 1 and again == []
    with store.session() as session:
        alert = session.get_one(Alert, first[0])
        assert alert.series == "silent:Bluesky"
        assert alert.incident_id == incident_id
        texts = [e.text for e in timeline.entries(session, incident_id)]
    assert "Bluesky has returned nothing for 41 min; usual 42/h" in texts


def test_cli_prints_coverage_per_source(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    now = utcnow()
    with store.session() as session:
        source = _source(session)
        source.rate_limit_remaining = 120
        source.rate_limit_reset_at = now + timedelta(minutes=4)
        session.add(_log(source, now - timedelta(minutes=30), ok=False, fetched=0))
        session.add(_log(source, now - timedelta(minutes=10)))
    assert main(["sources", "coverage"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("Bluesky (bluesky) · last fetch ")
    assert "120 calls left, resets" in line
    assert "gaps " in line and "no gaps" not in line
    assert "1 failed polls in 24 h: Bluesky answered 503 Service Unavailable" in line

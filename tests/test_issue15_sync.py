"""Team mode with a real PostgreSQL: poll logs and clock breaches sync once."""

from __future__ import annotations

from datetime import timedelta

from tests.pg_fixtures import free_port, pg_server, team_db  # noqa: F401 - fixtures
from tests.test_sync_engine import laptops, sync, team  # noqa: F401 - fixtures
from warroom.incidents import clocks, timeline
from warroom.incidents import service as svc
from warroom.plan.store import ensure_default_plan
from warroom.sources import coverage
from warroom.store.db import Store
from warroom.store.models import Incident, PollLog, Source, utcnow
from warroom.sync.server import TeamUrl


def test_poll_logs_sync_and_both_laptops_see_the_same_outage(
    laptops: tuple[Store, Store],  # noqa: F811 - fixture
    team: TeamUrl,  # noqa: F811 - fixture
) -> None:
    a, b = laptops
    now = utcnow()
    with a.session() as session:
        source = Source(origin=a.origin, name="Bluesky", kind="bluesky", interval_s=300)
        session.add(source)
        session.flush()
        for minutes in range(60, 0, -5):  # every 5 min; down at 40 and 35
            ok = minutes not in (40, 35)
            at = now - timedelta(minutes=minutes)
            session.add(
                PollLog(
                    origin=a.origin,
                    source_id=source.id,
                    started_at=at,
                    finished_at=at,
                    ok=ok,
                    error="" if ok else "Bluesky answered 503",
                )
            )
    assert sync(a, team).pushed["poll_log"] == 12
    assert sync(b, team).pulled["poll_log"] == 12
    span = (now - timedelta(hours=2), now)
    with a.session() as sa, b.session() as sb:
        on_a = coverage.outages(sa, *span)
        on_b = coverage.outages(sb, *span)
    assert on_a == on_b == [(now - timedelta(minutes=40), now - timedelta(minutes=30))]


def test_a_breach_written_on_both_laptops_offline_counts_once(
    laptops: tuple[Store, Store],  # noqa: F811 - fixture
    team: TeamUrl,  # noqa: F811 - fixture
) -> None:
    a, b = laptops
    ensure_default_plan(a)
    opened = utcnow() - timedelta(minutes=30)
    with a.session() as session:
        incident_id = svc.open_incident(
            session, origin=a.origin, title="Recall", author="Aina", severity_level=4, at=opened
        ).id
    sync(a, team)
    sync(b, team)
    for store in (a, b):  # both laptops see the same clock breach while apart
        with store.session() as session:
            incident = session.get_one(Incident, incident_id)
            written = clocks.record_breaches(session, incident, origin=store.origin)
            assert "acknowledge" in {e.data["clock"] for e in written}
    for store in (a, b, a):
        sync(store, team)
    for store in (a, b):
        with store.session() as session:
            found = timeline.entries(session, incident_id)
            incident = session.get_one(Incident, incident_id)
            again = clocks.record_breaches(session, incident, origin=store.origin)
        ack = [
            e for e in found if e.kind == clocks.BREACH_KIND and e.data["clock"] == "acknowledge"
        ]
        assert len(ack) == 2  # one per laptop, each in its own chain
        deduped = [e.data["clock"] for e in clocks.breach_entries(found)]
        assert deduped.count("acknowledge") == 1
        assert again == []  # nothing new after the merge

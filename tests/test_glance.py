"""The at-a-glance figures and top narratives, on a real SQLite store (warroom/glance.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.incident_fixtures import OPENED, build_incident
from warroom import glance as g
from warroom.incidents import service as svc
from warroom.store.db import Store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import Alert, Mention, Source


def _reopen(store: Store) -> None:
    """The fixture's incident, still open (it closes it at three hours)."""
    build_incident(store)
    with store.session() as session:
        incident = svc.list_incidents(session)[0]
        incident.stage, incident.closed_at = "intervention", None


def _mentions(store: Store) -> list[Mention]:
    with store.session() as session:
        found = list(session.scalars(select(Mention)))
        session.expunge_all()
        return found


def test_empty_store_is_unknown_not_zero(store: Store) -> None:
    with store.session() as session:
        found = g.glance(session)
    assert found.last_15 is None and found.last_hour is None and found.negative_share is None
    assert found.why["last_15"] == g.NO_MENTIONS
    assert found.level is None and found.why["level"] == g.NO_INCIDENT
    assert found.why["statement"] == g.NO_INCIDENT
    assert found.open_alerts == 0  # no alerts is a real zero


def test_figures_match_the_store(store: Store) -> None:
    _reopen(store)
    now = OPENED + timedelta(hours=2)
    with store.session() as session:
        found = g.glance(session, now)
    rows = _mentions(store)

    def between(start: object, end: object) -> list[Mention]:
        return [m for m in rows if start <= m.published_at < end]  # type: ignore[operator]

    assert found.last_15 == len(between(now - timedelta(minutes=15), now))
    hour = between(now - timedelta(hours=1), now)
    assert found.last_hour == len(hour)
    scored = [m for m in hour if m.sentiment is not None]
    negative = [m for m in scored if m.sentiment is not None and m.sentiment <= -0.05]
    assert found.negative_share is not None
    assert abs(found.negative_share - len(negative) / len(scored)) < 1e-9
    earliest = min(m.published_at for m in rows)
    start = max(earliest, now - timedelta(hours=25))
    base = between(start, now - timedelta(hours=1))
    hours = (now - timedelta(hours=1) - start).total_seconds() / 3600
    assert found.baseline_hour is not None
    assert abs(found.baseline_hour - len(base) / hours) < 1e-6
    assert found.level == 4 and found.level_trend == 0  # raised at 40 min, steady since
    # the fixture sent the holding statement on X 27 minutes after opening
    assert found.last_statement_at == OPENED + timedelta(minutes=27)
    assert found.since_statement == now - (OPENED + timedelta(minutes=27))
    assert found.next_due_at is not None and found.next_owner


def test_level_trend_and_open_alerts(store: Store) -> None:
    _reopen(store)
    now = OPENED + timedelta(hours=2)
    with store.session() as session:
        incident = svc.current_incident(session)
        assert incident is not None
        svc.set_severity(
            session, incident, 5, origin=store.origin, author="t", at=now - timedelta(minutes=5)
        )
        session.add(Alert(origin=store.origin, series="volume", bucket_start=now, message="x"))
        session.add(
            Alert(
                origin=store.origin,
                series="negative",
                bucket_start=now,
                message="y",
                acknowledged_by="lead",
            )
        )
    with store.session() as session:
        found = g.glance(session, now)
    assert found.level == 5 and found.level_trend == 1
    assert found.open_alerts == 1


def test_top_narratives_largest_first_with_a_representative(store: Store) -> None:
    with store.session() as session:
        source = Source(origin=store.origin, name="feed", kind="rss")
        session.add(source)
        session.flush()
        rows = []
        for cluster, size, text in (
            ("a", 5, "BOIKOT <b>now</b>"),
            ("b", 3, "story two"),
            ("c", 1, "x"),
        ):
            for n in range(size):
                rows.append(
                    {
                        "source_id": source.id,
                        "external_id": f"{cluster}{n}",
                        "text": f"{text} {n}",
                        "published_at": OPENED - timedelta(minutes=10 * n),
                        "sentiment": -0.6,
                        "cluster_id": f"cluster-{cluster}",
                        "engagement": 100 if n == 2 else 1,
                    }
                )
        store_mentions(session, rows, origin=store.origin)
    with store.session() as session:
        found = g.top_narratives(session, OPENED + timedelta(minutes=1))
    assert [n.cluster_id for n in found] == ["cluster-a", "cluster-b"]  # singletons are no story
    top = found[0]
    assert top.count == 5 and top.text == "BOIKOT <b>now</b> 2"  # most engaging, as stored
    assert top.sentiment is not None and abs(top.sentiment + 0.6) < 1e-9
    assert top.last_hour == 5 and top.hour_before == 0 and top.trend == 1

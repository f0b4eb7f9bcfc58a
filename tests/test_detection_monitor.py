"""The app's spike monitor over real SQLite stores: series, alerts, dedupe, events."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from warroom import events
from warroom.detection import monitor
from warroom.store.db import Store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import Alert, Mention, PollLog, Source, VolumeBucket


@pytest.fixture
def raised() -> Iterator[list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    def listener(**kwargs: Any) -> None:
        seen.append(kwargs)

    events.subscribe(events.ALERT_RAISED, listener)
    yield seen
    events.unsubscribe(events.ALERT_RAISED, listener)


def _demo_load_time(store: Store) -> datetime:
    with store.session() as session:
        latest = session.scalar(select(func.max(Mention.published_at)))
    assert latest is not None
    return latest


@pytest.fixture(autouse=True)
def _no_recorded_alerts(request: pytest.FixtureRequest) -> None:
    """The demo records its alerts when loaded; these tests record them themselves."""
    if "demo_store" in request.fixturenames:
        store = request.getfixturevalue("demo_store")
        with store.session() as session:
            session.query(Alert).delete()


def test_demo_crisis_alerts_on_volume_and_negative_and_not_before(demo_store: Store) -> None:
    loaded = _demo_load_time(demo_store)
    spike = loaded - timedelta(hours=14)  # the demo's crisis onset
    alerts = monitor.detect_alerts(demo_store, now=loaded + timedelta(minutes=1))
    by_series: dict[str, list[monitor.DetectedAlert]] = {}
    for alert in alerts:
        by_series.setdefault(alert.series, []).append(alert)
    for name in (monitor.VOLUME, monitor.NEGATIVE):
        assert name in by_series, f"no {name} alert"
        first = by_series[name][0]
        assert spike - timedelta(minutes=30) <= first.bucket_start <= spike + timedelta(hours=2)
        assert first.value > 2 * first.expected
        assert first.score >= 1  # outside the tolerance band
    quiet = [
        a
        for a in alerts
        if a.series in (monitor.VOLUME, monitor.NEGATIVE)
        and a.bucket_start < spike - timedelta(minutes=30)
    ]
    assert quiet == []
    # the crisis' risk terms spike too, and only around the crisis
    terms = [a for a in alerts if a.series.startswith(monitor.TERM_PREFIX)]
    assert terms
    assert all(a.bucket_start >= spike - timedelta(minutes=30) for a in terms)
    assert "food poisoning" in {a.series.removeprefix(monitor.TERM_PREFIX) for a in terms} or any(
        "keracunan" in a.series for a in terms
    )


def test_series_are_clock_aligned_and_sum_the_rollup(demo_store: Store) -> None:
    loaded = _demo_load_time(demo_store)
    now = loaded + timedelta(minutes=1)
    data = monitor.load_series(demo_store, now=now)
    assert data.start.minute % 15 == 0 and data.start.second == 0
    assert data.start.tzinfo is not None
    # the complete buckets are those before the one holding `now` (not `loaded`: in a
    # bucket's last minute the two differ, which made this test fail 1 run in 15)
    end = monitor.floor_bucket(now, data.bucket)
    with demo_store.session() as session:
        total = session.scalar(
            select(func.sum(VolumeBucket.total)).where(VolumeBucket.bucket_start < end)
        )
        negative = session.scalar(
            select(func.sum(VolumeBucket.negative)).where(VolumeBucket.bucket_start < end)
        )
    assert sum(data.series[monitor.VOLUME]) == total
    assert sum(data.series[monitor.NEGATIVE]) == negative
    assert len(data.series[monitor.VOLUME]) == data.length
    assert data.length >= 47 * 4  # two days of quarter hours


def test_record_alerts_once_and_announce_each(
    demo_store: Store, raised: list[dict[str, Any]]
) -> None:
    loaded = _demo_load_time(demo_store)
    now = loaded + timedelta(minutes=1)
    first = monitor.scan(demo_store, now=now)
    assert first
    assert [e["alert_id"] for e in raised] == first
    assert all(e["message"].startswith("Spike in ") for e in raised)
    again = monitor.scan(demo_store, now=now)
    later = monitor.scan(demo_store, now=now + timedelta(hours=1))
    assert again == [] and later == []
    assert len(raised) == len(first)
    with demo_store.session() as session:
        rows = session.scalars(select(Alert).order_by(Alert.bucket_start)).all()
        assert [r.id for r in rows if r.id in first] and len(rows) == len(first)
        volume = next(r for r in rows if r.series == monitor.VOLUME)
        assert volume.origin == demo_store.origin
        assert volume.bucket_start.tzinfo is not None
        assert volume.value > 0 and volume.score >= 1
        assert "mention volume" in volume.message and "UTC" in volume.message


def test_two_laptops_give_the_same_alert_the_same_id(demo_store: Store) -> None:
    loaded = _demo_load_time(demo_store)
    first = monitor.detect_alerts(demo_store, now=loaded)
    again = monitor.detect_alerts(demo_store, now=loaded + timedelta(minutes=5))
    ids = {monitor.alert_id(a) for a in first}
    assert len(ids) == len(first)
    assert ids == {monitor.alert_id(a) for a in again}
    assert set(monitor.scan(demo_store, now=loaded)) == ids


def test_scenario_is_stored_with_the_alert(demo_store: Store) -> None:
    loaded = _demo_load_time(demo_store)
    ids = monitor.scan(
        demo_store,
        now=loaded,
        scenario_for=lambda a: "food_safety" if a.series.startswith("term:") else "",
    )
    with demo_store.session() as session:
        rows = session.scalars(select(Alert).where(Alert.id.in_(ids))).all()
    assert {r.scenario_key for r in rows if r.series.startswith("term:")} == {"food_safety"}
    assert {r.scenario_key for r in rows if not r.series.startswith("term:")} == {""}


def test_since_limits_what_a_scan_records(demo_store: Store) -> None:
    loaded = _demo_load_time(demo_store)
    assert monitor.scan(demo_store, now=loaded, since=loaded - timedelta(hours=1)) == []
    assert monitor.scan(demo_store, now=loaded, since=loaded - timedelta(hours=20))


def _source(store: Store) -> str:
    with store.session() as session:
        source = Source(name="Test feed", kind="rss", origin=store.origin)
        session.add(source)
        session.flush()
        return source.id


def test_term_burst_on_a_quiet_store(store: Store) -> None:
    source_id = _source(store)
    rng = random.Random(4)
    start = datetime(2026, 3, 2, tzinfo=UTC)
    rows = []
    for minute in range(0, 3 * 24 * 60, 7):  # steady chatter, a few mentions an hour
        rows.append(
            {
                "source_id": source_id,
                "external_id": f"m{minute}",
                "published_at": start + timedelta(minutes=minute, seconds=rng.randint(0, 59)),
                "text": "nice coffee",
                "sentiment": 0.5,
            }
        )
    burst = start + timedelta(days=2, hours=15)
    for k in range(25):  # 25 mentions of a data breach in half an hour
        rows.append(
            {
                "source_id": source_id,
                "external_id": f"b{k}",
                "published_at": burst + timedelta(minutes=k),
                "text": "they leaked our data",
                "sentiment": -0.7,
                "risk_terms": ["data breach"],
            }
        )
    with store.session() as session:
        store_mentions(session, rows, origin=store.origin)
    alerts = monitor.detect_alerts(store, now=start + timedelta(days=3))
    term = [a for a in alerts if a.series == "term:data breach"]
    assert len(term) == 1
    assert burst <= term[0].bucket_start <= burst + timedelta(minutes=30)
    assert "mentions of 'data breach'" in term[0].message
    negative = [a for a in alerts if a.series == monitor.NEGATIVE]
    assert len(negative) == 1 and negative[0].bucket_start == term[0].bucket_start
    assert {a.series for a in alerts} <= {monitor.VOLUME, monitor.NEGATIVE, "term:data breach"}


def test_empty_store_has_no_series_and_no_alerts(store: Store) -> None:
    assert monitor.load_series(store).length == 0
    assert monitor.detect_alerts(store) == []
    assert monitor.scan(store) == []


def test_bucket_must_be_whole_minutes(store: Store) -> None:
    with pytest.raises(ValueError):
        monitor.load_series(store, bucket=timedelta(seconds=90))


def test_a_source_outage_is_unknown_not_a_drop_and_its_end_no_spike(store: Store) -> None:
    # Ten days of steady chatter polled every 15 minutes; for six hours on the
    # ninth day every poll failed and nothing came in.  Read as zeros those
    # hours look like the brand went silent (a drop alert); from the poll log
    # they are unknown, and neither the outage nor its end raises an alert.
    start = datetime(2026, 3, 2, tzinfo=UTC)
    down_from = start + timedelta(days=9, hours=10)
    down_to = down_from + timedelta(hours=6)
    rng = random.Random(12)
    with store.session() as session:
        source = Source(name="Test feed", kind="rss", origin=store.origin, interval_s=900)
        session.add(source)
        session.flush()
        source_id = source.id
        at = start
        while at < start + timedelta(days=10):
            ok = not down_from <= at < down_to
            session.add(
                PollLog(
                    origin=store.origin,
                    source_id=source_id,
                    started_at=at,
                    finished_at=at + timedelta(seconds=2),
                    ok=ok,
                    fetched=0,
                    stored=0,
                    error="" if ok else "503 Service Unavailable",
                )
            )
            at += timedelta(minutes=15)
    rows = []
    minute = 0
    while minute < 10 * 24 * 60:
        moment = start + timedelta(minutes=minute)
        if not down_from <= moment < down_to:
            rows.append(
                {
                    "source_id": source_id,
                    "external_id": f"m{minute}",
                    "published_at": moment,
                    "text": "nice coffee",
                    "sentiment": 0.5,
                }
            )
        minute += rng.choice((1, 2, 3))
    with store.session() as session:
        store_mentions(session, rows, origin=store.origin)
    now = start + timedelta(days=10)
    data = monitor.load_series(store, now=now, terms=False)
    blind = monitor.run_detector(data, [monitor.VOLUME])  # the outage read as zeros
    assert any(a.message.startswith("Drop in mention volume") for a in blind)
    assert all("check that the sources are still polling" in a.message for a in blind)
    assert monitor.detect_alerts(store, now=now, terms=False) == []

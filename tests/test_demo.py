"""The demo crisis is realistic: two days, a spike, two languages, an open incident."""

from __future__ import annotations

from collections import Counter
from statistics import median

from sqlalchemy import func, select

from warroom.demo import load_demo
from warroom.incidents import chain, timeline
from warroom.incidents import service as incidents
from warroom.store.db import Store
from warroom.store.models import Contact, Mention, PlanVersion, Source


def test_demo_stream_has_a_crisis_spike_in_english_and_malay(demo_store: Store) -> None:
    with demo_store.session() as session:
        mentions = session.scalars(select(Mention)).all()
        assert 2000 <= len(mentions) <= 8000
        languages = Counter(m.language for m in mentions)
        assert languages["en"] > 500 and languages["ms"] > 500
        span = max(m.published_at for m in mentions) - min(m.published_at for m in mentions)
        assert 46 * 3600 <= span.total_seconds() <= 48 * 3600
        per_hour = Counter(
            m.published_at.replace(minute=0, second=0, microsecond=0) for m in mentions
        )
        assert max(per_hour.values()) > 5 * median(per_hour.values())
        moods = Counter(
            "neg" if (m.sentiment or 0) < -0.05 else "pos" if (m.sentiment or 0) > 0.05 else "neu"
            for m in mentions
        )
        assert min(moods.values()) > 200  # mixed sentiment
        assert len({m.source_id for m in mentions}) >= 4
        assert session.scalar(select(func.count()).select_from(Source)) >= 4


def test_demo_has_an_open_incident_plan_and_contacts(demo_store: Store) -> None:
    with demo_store.session() as session:
        incident = incidents.current_incident(session)
        assert incident is not None and incident.stage == "intervention"
        entries = timeline.entries(session, incident.id)
        assert len(entries) >= 5 and chain.verify(entries) is None
        groups = Counter(c.group for c in session.scalars(select(Contact)))
        assert groups["crisis_team"] >= 3 and groups["press"] and groups["regulators"]
        plan = session.scalar(select(PlanVersion).where(PlanVersion.active.is_(True)))
        assert plan is not None and any(s.key == incident.scenario_key for s in plan.scenarios)


def test_loading_the_demo_twice_does_not_double_it(demo_store: Store) -> None:
    with demo_store.session() as session:
        before = session.scalar(select(func.count()).select_from(Mention))
    load_demo(demo_store, author="Test Operator")
    with demo_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Mention)) == before
        assert session.scalar(select(func.count()).select_from(Contact)) == 16
    with demo_store.engine.connect() as conn:
        fts = conn.exec_driver_sql(
            "SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'kopi'"
        ).scalar()
        direct = conn.exec_driver_sql(
            "SELECT count(*) FROM mentions WHERE text LIKE '%kopi%'"
        ).scalar()
    assert fts == direct


def test_a_cancelled_demo_load_stops_early(store: Store) -> None:
    calls = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return False

    assert load_demo(store, author="t", progress=progress)["mentions"] == 0
    assert len(calls) == 1
    with store.session() as session:  # nothing half-loaded is left behind
        assert session.scalar(select(func.count()).select_from(Mention)) == 0
        assert session.scalar(select(func.count()).select_from(Contact)) == 0

"""Alerts: the detector's spikes on the timeline, the proposed scenario, the banner."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ui.main_window import MainWindow
from warroom import alerts
from warroom.incidents import service as incidents
from warroom.incidents import timeline
from warroom.store.db import Store
from warroom.store.models import Alert, Incident, utcnow


def test_the_demo_spike_was_caught_and_points_to_the_food_safety_plan(demo_store: Store) -> None:
    with demo_store.session() as session:
        found = session.scalars(select(Alert).order_by(Alert.bucket_start)).all()
        series = {a.series for a in found}
        assert {"volume", "negative"} <= series
        first_id = found[0].id
    view = alerts.proposal_for(demo_store, first_id)
    assert view is not None and view.proposals[0].scenario_key == "food_safety"
    proposal = view.proposals[0]
    assert proposal.first_steps and all(m.get("key") for m in proposal.holding_statements)
    assert proposal.holding_statements  # only approved ones are offered


def test_new_alerts_go_on_the_open_incident_timeline_once(demo_store: Store) -> None:
    with demo_store.session() as session:
        session.query(Alert).delete()
        incident = incidents.current_incident(session)
        assert incident is not None
        incident_id = incident.id
        before = len(timeline.entries(session, incident_id))
    new = alerts.watch(demo_store, since=utcnow() - timedelta(days=3))
    again = alerts.watch(demo_store, since=utcnow() - timedelta(days=3))
    assert new and again == []
    with demo_store.session() as session:
        entries = timeline.entries(session, incident_id)
        logged = [e for e in entries if e.kind == "alert"]
        assert len(entries) == before + len(new) == before + len(logged)
        assert all(e.author == "detector" for e in logged)


def test_the_level_follows_the_plan_thresholds(demo_store: Store) -> None:
    quiet = alerts.assess_level(demo_store, now=utcnow() - timedelta(hours=30))
    crisis = alerts.assess_level(demo_store, now=utcnow() - timedelta(hours=12))
    assert 1 <= quiet.level < crisis.level <= 5


def test_the_banner_offers_to_open_the_proposed_incident(
    qtbot: QtBot, demo_store: Store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    with demo_store.session() as session:
        incident = incidents.current_incident(session)
        assert incident is not None
        incidents.close_incident(session, incident, origin=demo_store.origin, author="t")
        alert_id = session.scalars(select(Alert.id).where(Alert.series == "negative")).first()
    window = MainWindow(demo_store, "Test Operator")
    qtbot.addWidget(window)
    window.show()
    opened = []
    monkeypatch.setattr(window, "open_incident", lambda **kw: opened.append(kw))
    window.on_event_alert_raised(alert_id, "Spike in negative mentions")
    bar = window.incident_bar
    assert bar.banner.isVisible() and "Spike in negative mentions" in bar.banner.text()
    assert bar.banner_action.isVisible() and "Open incident" in bar.banner_action.text()
    bar.banner_action.click()
    assert opened and opened[0]["scenario_key"] == "food_safety"
    assert not bar.banner.isVisible()
    with demo_store.session() as session:
        assert session.scalar(select(Incident).where(Incident.stage != "closed")) is None

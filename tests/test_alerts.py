"""Alerts: the detector's spikes on the timeline, the proposed scenario, the banner."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from ui.main_window import MainWindow
from warroom import alerts
from warroom.incidents import chain, timeline
from warroom.incidents import service as incidents
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


def _open_incident_without_alerts(session: Session) -> Incident:
    """The demo's open incident, with every alert so far removed."""
    session.query(Alert).delete()
    incident = incidents.current_incident(session)
    assert incident is not None
    return incident


def test_new_alerts_go_on_the_open_incident_timeline_once(demo_store: Store) -> None:
    with demo_store.session() as session:
        incident = _open_incident_without_alerts(session)
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
    assert bar.banner.isVisible() and "Spike in negative mentions" in bar.banner.full_text()
    assert bar.banner_action.isVisible() and "Open incident" in bar.banner_action.text()
    bar.banner_action.click()
    assert opened and opened[0]["scenario_key"] == "food_safety"
    assert not bar.banner.isVisible()
    with demo_store.session() as session:
        assert session.scalar(select(Incident).where(Incident.stage != "closed")) is None


def _crisis_moment(store: Store) -> tuple[object, int]:
    """A moment in the demo's food-safety surge and the level assessed there."""
    moment = utcnow() - timedelta(hours=12)
    return moment, alerts.assess_level(store, now=moment).level


def test_a_rise_of_the_assessed_level_alerts_once_per_level(demo_store: Store) -> None:
    moment, level = _crisis_moment(demo_store)
    assert level >= 3
    with demo_store.session() as session:
        incident = _open_incident_without_alerts(session)
        incident.severity_level = 2  # the team still thinks it is minor
        incident_id = incident.id
    first = alerts.check_level(demo_store, now=moment)  # type: ignore[arg-type]
    assert first is not None
    again = alerts.check_level(demo_store, now=moment + timedelta(minutes=5))  # type: ignore[operator]
    assert again is None  # announced once, not every poll
    view = alerts.proposal_for(demo_store, first)
    assert view is not None and view.level == level and view.incident_level == 2
    assert f"level {level}" in view.message and "the incident is at level 2" in view.message
    with demo_store.session() as session:
        proposed = session.get_one(Alert, first).scenario_key
    # the scenario the hour's risk terms point to (the demo's boycott campaign or food safety)
    assert proposed in ("food_safety", "reputation_attack")
    assert view.proposals and view.proposals[0].scenario_key == proposed
    with demo_store.session() as session:
        session.query(Alert).delete()
        incident = session.get(Incident, incident_id)
        assert incident is not None
        incident.severity_level = level  # the team already rated it so: nothing to announce
    assert alerts.check_level(demo_store, now=moment) is None  # type: ignore[arg-type]


def test_a_quiet_hour_or_a_lone_post_raises_no_level_alert(demo_store: Store) -> None:
    with demo_store.session() as session:
        incident = _open_incident_without_alerts(session)
        incidents.close_incident(session, incident, origin=demo_store.origin, author="t")
    quiet = utcnow() - timedelta(hours=40)
    assert alerts.assess_level(demo_store, now=quiet).level == 1
    assert alerts.check_level(demo_store, now=quiet) is None
    empty_hour = utcnow() + timedelta(days=1)  # no mentions at all
    assert alerts.check_level(demo_store, now=empty_hour) is None


def test_the_level_banner_raises_the_incident_level_with_the_reason(
    qtbot: QtBot, demo_store: Store
) -> None:
    moment, level = _crisis_moment(demo_store)
    with demo_store.session() as session:
        incident = _open_incident_without_alerts(session)
        incident.severity_level = 1
        incident_id = incident.id
    alert_id = alerts.check_level(demo_store, now=moment)  # type: ignore[arg-type]
    assert alert_id is not None
    window = MainWindow(demo_store, "Test Operator")
    qtbot.addWidget(window)
    window.show()
    with demo_store.session() as session:
        message = session.get_one(Alert, alert_id).message
    window.on_event_alert_raised(alert_id, message)
    bar = window.incident_bar
    assert bar.banner.isVisible() and f"level {level}" in bar.banner.full_text()
    tooltip = bar.banner.toolTip().replace("\xa0", " ")
    assert "the incident is at level 1" in tooltip  # the whole text, even when cut
    assert bar.banner_action.text() == f"Raise incident to level {level}"
    bar.banner_action.click()
    with demo_store.session() as session:
        incident = session.get_one(Incident, incident_id)
        assert incident.severity_level == level
        last = [e for e in timeline.entries(session, incident_id) if e.kind == "severity"][-1]
        assert last.author == "Test Operator" and "Severity rose" in last.text
    assert f"Level {level}" in window.incident_bar.level.text()


def test_an_incident_opened_after_an_alert_starts_its_log_with_it(demo_store: Store) -> None:
    moment, _level = _crisis_moment(demo_store)
    with demo_store.session() as session:
        incident = _open_incident_without_alerts(session)
        incidents.close_incident(session, incident, origin=demo_store.origin, author="t")
    alert_id = alerts.check_level(demo_store, now=moment)  # type: ignore[arg-type]
    assert alert_id is not None
    with demo_store.session() as session:  # a catch-up scan's alert about days ago
        session.add(
            Alert(
                origin=demo_store.origin,
                series="volume",
                bucket_start=utcnow() - timedelta(days=3),
                message="old spike",
            )
        )
    with demo_store.session() as session:
        opened = incidents.open_incident(
            session, origin=demo_store.origin, title="Food poisoning claims", author="Ops"
        )
        entries = timeline.entries(session, opened.id)
        adopted = [e for e in entries if e.kind == "alert"]
        assert [e.data["alert"] for e in adopted] == [alert_id]
        assert adopted[0].author == "detector" and "Severity rose" in adopted[0].text
        assert session.get_one(Alert, alert_id).incident_id == opened.id
        assert chain.verify(entries) is None  # the chain still verifies
    with demo_store.session() as session:  # an alert is adopted once, by one incident
        incident = incidents.current_incident(session)
        assert incident is not None
        assert incidents.adopt_alerts(session, incident, origin=demo_store.origin) == 0


def test_watch_after_ingest_raises_the_level_alert_with_the_true_incident_level(
    demo_store: Store,
) -> None:
    moment, level = _crisis_moment(demo_store)
    with demo_store.session() as session:
        incident = _open_incident_without_alerts(session)
        incident.severity_level = 1
        session.add(  # a lower level was announced an hour ago
            Alert(
                origin=demo_store.origin,
                series=alerts.LEVEL_SERIES,
                bucket_start=moment - timedelta(hours=1),  # type: ignore[operator]
                value=float(level - 1),
                message="earlier",
            )
        )
    new = alerts.watch(demo_store, since=moment, now=moment)  # type: ignore[arg-type]
    with demo_store.session() as session:
        raised = [
            a
            for a in session.scalars(select(Alert).where(Alert.id.in_(new)))
            if a.series == alerts.LEVEL_SERIES
        ]
        assert len(raised) == 1 and raised[0].value == level
        assert raised[0].message.endswith("the incident is at level 1")


def test_one_angry_post_is_not_a_crisis_level(store: Store) -> None:
    from warroom.store.mention_writer import store_mentions
    from warroom.store.models import Source

    now = utcnow()
    with store.session() as session:
        source = Source(origin=store.origin, name="x", kind="rss")
        session.add(source)
        session.flush()
        rows = [
            {
                "source_id": source.id,
                "external_id": "1",
                "published_at": now - timedelta(minutes=5),
                "text": "Kopi Kita poisoned my family, boycott them, lawsuit coming",
                "sentiment": -0.95,
                "severity": 95.0,
            }
        ]
        store_mentions(session, rows, origin=store.origin)
    assert alerts.assess_level(store, now=now).level >= 4  # the aggregate alone says so
    assert alerts.check_level(store, now=now) is None  # but one post raises no alert

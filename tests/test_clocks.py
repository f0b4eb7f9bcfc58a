"""Response clocks: targets per level, steps, escalation; breaches written once; the CLI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warroom.cli import main
from warroom.incidents import clocks, timeline
from warroom.incidents import service as svc
from warroom.plan.store import default_plan_text, ensure_default_plan
from warroom.plan.validate import PlanError, parse_plan
from warroom.store.db import Store, open_store
from warroom.store.models import Contact, Incident

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _open(store: Store, level: int = 4) -> str:
    ensure_default_plan(store)
    with store.session() as session:
        incident = svc.open_incident(
            session,
            origin=store.origin,
            title="Food poisoning claims",
            author="Aisyah",
            scenario_key="food_safety",
            severity_level=level,
            at=T0,
        )
        return incident.id


def _clocks(store: Store, incident_id: str) -> dict[str, clocks.Clock]:
    with store.session() as session:
        incident = session.get_one(Incident, incident_id)
        return {c.key: c for c in clocks.incident_clocks(session, incident)}


def test_level_targets_run_breach_and_are_met(store: Store) -> None:
    incident_id = _open(store, level=4)
    found = _clocks(store, incident_id)
    ack = found["acknowledge"]
    assert ack.due_at == T0 + timedelta(minutes=10)  # level 4: acknowledge within 10 min
    assert found["holding_statement"].due_at == T0 + timedelta(minutes=60)
    assert ack.state(T0 + timedelta(minutes=9)) == "running"
    assert ack.state(T0 + timedelta(minutes=10)) == "breached"
    with store.session() as session:
        incident = session.get_one(Incident, incident_id)
        svc.acknowledge(
            session, incident, origin=store.origin, author="Aisyah", at=T0 + timedelta(minutes=4)
        )
    ack = _clocks(store, incident_id)["acknowledge"]
    assert ack.state(T0 + timedelta(hours=5)) == "met"
    assert ack.met_at == T0 + timedelta(minutes=4)


def test_raising_the_level_tightens_a_clock_and_lowering_never_relaxes_it(store: Store) -> None:
    incident_id = _open(store, level=3)  # level 3: holding statement within 120 min
    assert _clocks(store, incident_id)["holding_statement"].due_at == T0 + timedelta(minutes=120)
    with store.session() as session:
        incident = session.get_one(Incident, incident_id)
        svc.set_severity(
            session, incident, 5, origin=store.origin, author="A", at=T0 + timedelta(minutes=20)
        )
        svc.set_severity(
            session, incident, 2, origin=store.origin, author="A", at=T0 + timedelta(minutes=25)
        )
    clock = _clocks(store, incident_id)["holding_statement"]
    assert clock.due_at == T0 + timedelta(minutes=50)  # level 5 reached at 20 min: 30 min more
    assert clock.level == 5


def test_level_without_targets_has_no_response_clock(store: Store) -> None:
    incident_id = _open(store, level=1)
    found = _clocks(store, incident_id)
    assert "acknowledge" not in found and "holding_statement" not in found
    assert any(k.startswith("step:") for k in found)  # steps with due_minutes still run


def test_escalation_makes_the_next_tier_due(store: Store) -> None:
    incident_id = _open(store, level=4)
    with store.session() as session:
        session.add_all(
            [
                Contact(origin=store.origin, name="Lead", group="crisis_team", escalation_tier=1),
                Contact(
                    origin=store.origin, name="Director", group="executives", escalation_tier=2
                ),
            ]
        )
    found = _clocks(store, incident_id)
    tier1 = found["escalate:tier1"]
    assert tier1.due_at == T0 + timedelta(minutes=15)
    assert clocks.escalation_due(list(found.values()), T0 + timedelta(minutes=14)) == set()
    assert clocks.escalation_due(list(found.values()), T0 + timedelta(minutes=16)) == {2}
    tier2 = found["escalate:tier2"]  # tier 2 became due when tier 1's deadline passed
    assert tier2.started_at == T0 + timedelta(minutes=15)
    assert tier2.due_at == T0 + timedelta(minutes=45)
    with store.session() as session:
        incident = session.get_one(Incident, incident_id)
        svc.record_contact(
            session, incident, "Lead", origin=store.origin, author="A", at=T0 + timedelta(minutes=2)
        )
        svc.record_contact(
            session,
            incident,
            "Lead",
            "acknowledged",
            origin=store.origin,
            author="A",
            at=T0 + timedelta(minutes=6),
        )
    found = _clocks(store, incident_id)
    assert found["escalate:tier1"].state(T0 + timedelta(hours=1)) == "met"
    assert "escalate:tier2" not in found  # tier 1 answered in time: tier 2 never became due
    assert clocks.escalation_due(list(found.values()), T0 + timedelta(hours=1)) == set()


def test_step_clock_is_met_by_ticking_the_step(store: Store) -> None:
    incident_id = _open(store, level=4)
    found = _clocks(store, incident_id)
    step = next(c for c in found.values() if c.kind == "step")
    with store.session() as session:
        timeline.append(
            session,
            incident_id=incident_id,
            origin=store.origin,
            kind="step",
            author="A",
            text="Step done",
            data={"step": step.key.removeprefix("step:"), "done": True},
            at=step.due_at + timedelta(minutes=5),
        )
    again = _clocks(store, incident_id)[step.key]
    assert again.state(T0 + timedelta(days=1)) == "late"
    assert again.breached(T0 + timedelta(days=1))


def test_breach_written_once_even_after_restart(store: Store) -> None:
    incident_id = _open(store, level=4)
    later = T0 + timedelta(minutes=30)
    with store.session() as session:
        incident = session.get_one(Incident, incident_id)
        first = clocks.record_breaches(session, incident, origin=store.origin, now=later)
    keys = {e.data["clock"] for e in first}
    assert "acknowledge" in keys and "escalate:tier1" in keys
    assert "holding_statement" not in keys  # due at 60 min, not yet
    ack = next(e for e in first if e.data["clock"] == "acknowledge")
    assert ack.occurred_at == T0 + timedelta(minutes=10)  # written at the deadline
    store.close()
    reopened = open_store()
    try:
        with reopened.session() as session:
            incident = session.get_one(Incident, incident_id)
            again = clocks.record_breaches(session, incident, origin=reopened.origin, now=later)
            assert again == []
            entries = timeline.entries(session, incident_id)
            assert len([e for e in entries if e.kind == clocks.BREACH_KIND]) == len(first)
            assert svc.verify_incident(session, incident)[0] is None
    finally:
        reopened.close()


def test_breach_entries_dedupe_two_laptops(store: Store) -> None:
    incident_id = _open(store, level=4)
    later = T0 + timedelta(minutes=30)
    with store.session() as session:
        incident = session.get_one(Incident, incident_id)
        clocks.record_breaches(session, incident, origin=store.origin, now=later)
        # another laptop, offline, wrote its own breach of the same clock
        timeline.append(
            session,
            incident_id=incident_id,
            origin="laptop-b",
            kind=clocks.BREACH_KIND,
            author="clock",
            data={"clock": "acknowledge"},
            at=T0 + timedelta(minutes=10),
        )
        entries = timeline.entries(session, incident_id)
    deduped = clocks.breach_entries(entries)
    assert [e.data["clock"] for e in deduped].count("acknowledge") == 1


def test_closed_incident_stops_its_clocks(store: Store) -> None:
    incident_id = _open(store, level=4)
    with store.session() as session:
        incident = session.get_one(Incident, incident_id)
        svc.close_incident(
            session, incident, origin=store.origin, author="A", at=T0 + timedelta(minutes=20)
        )
    found = _clocks(store, incident_id)
    assert "acknowledge" in found  # due at 10 min, before closing: breached
    assert "holding_statement" not in found  # due at 60 min, after closing: never due


def test_cli_prints_running_and_breached_clocks(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    incident_id = _open(store, level=4)
    assert main(["incident", "clocks", incident_id[:8]]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("BREACHED  Acknowledge within 10 min (level 4)") for line in out)
    assert all(line.split()[0] in ("running", "BREACHED") for line in out)
    assert main(["incident", "ack", incident_id[:8], "--by", "Aisyah"]) == 0
    capsys.readouterr()
    assert main(["incident", "clocks", incident_id[:8]]) == 0
    again = capsys.readouterr().out
    assert "met 0 s late" not in again
    assert "BREACHED  Acknowledge within 10 min (level 4); due" in again  # acknowledged late
    with store.session() as session:
        breaches = [
            e.data["clock"]
            for e in timeline.entries(session, incident_id)
            if e.kind == clocks.BREACH_KIND
        ]
    assert "acknowledge" in breaches
    assert len(breaches) == len(set(breaches))  # the second run wrote none again


def test_plan_response_section_is_validated() -> None:
    bad = default_plan_text().replace(
        "    - level: 4\n      acknowledge_minutes: 10",
        "    - level: 3\n      acknowledge_minutes: 10",
    )
    with pytest.raises(
        PlanError, match=r"response.targets\[1\].level: duplicate target for level 3"
    ):
        parse_plan(bad, "plan.yaml")
    loose = default_plan_text().replace(
        "      acknowledge_minutes: 5\n", "      acknowledge_minutes: 45\n"
    )
    _plan, warnings = parse_plan(loose, "plan.yaml")
    assert any("level 5 allows 45 min to acknowledge" in str(w) for w in warnings)
    text = default_plan_text()
    start = text.index("response:\n")
    end = text.index("recovery:\n")
    plan, _ = parse_plan(text[:start] + text[end:], "plan.yaml")
    assert plan.response.target(4) is not None  # a plan without targets gets the defaults
    assert plan.response.target(4).acknowledge_minutes == 10  # type: ignore[union-attr]
    wrong = text.replace("      metric: volume\n", "      metric: loudness\n")
    with pytest.raises(
        PlanError, match=r"recovery.criteria\[0\].metric: unknown metric 'loudness'"
    ):
        parse_plan(wrong, "plan.yaml")

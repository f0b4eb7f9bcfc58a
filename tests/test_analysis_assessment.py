"""Incident severity level from recent mentions, and the scenario proposed for them."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from warroom.analysis import pipeline
from warroom.analysis.proposal import propose_scenarios
from warroom.analysis.severity import incident_level, level_for, mention_parts
from warroom.plan.approval import approve, edit_body, is_approved
from warroom.plan.store import active_plan, ensure_default_plan, load_plan
from warroom.store.db import Store
from warroom.store.models import MessageTemplate, Scenario

LANGS = ["en", "ms", "id"]


def _scored(texts: list[str], **extra: Any) -> list[dict[str, Any]]:
    rows = [{"text": t, **extra} for t in texts]
    pipeline.score_mentions(rows, languages=LANGS)
    return rows


def test_mention_severity_parts_have_their_ceilings() -> None:
    worst = mention_parts(-1.0, 5, 10_000_000, 1_000_000, 1000)
    assert worst == {
        "negativity": 35.0,
        "reach": 20.0,
        "engagement": 15.0,
        "risk_terms": 20.0,
        "velocity": 10.0,
    }
    calm = mention_parts(None, 0, 0, 0, 1)
    assert set(calm.values()) == {0.0}
    # reach amplifies concern: the same audience counts 4x more on a negative post
    negative = mention_parts(-0.6, 0, 100_000, 0, 1)["reach"]
    positive = mention_parts(0.6, 0, 100_000, 0, 1)["reach"]
    assert negative == pytest.approx(4 * positive, abs=0.2)


def test_level_follows_the_plans_thresholds(store: Store) -> None:
    ensure_default_plan(store)
    with store.session() as session:
        version = active_plan(session)
        assert version is not None
        levels = load_plan(version).settings.severity_levels
    calm = _scored(["Nice coffee this morning", "Great service, thanks!"] * 5)
    assert incident_level(calm, levels).level == 1
    pipeline.reset_clusters()
    crisis = _scored(
        [
            f"Boycott KopiKita! {i} people got food poisoning and they call it fake news, disgusting scam"
            for i in range(60)
        ],
        author_reach=200_000,
        engagement=5_000,
    )
    assessed = incident_level(crisis, levels)
    assert assessed.level >= 4
    assert assessed.negative == 60 and assessed.mentions == 60
    assert assessed.parts["worst_mentions"] > 60
    # the plan's own thresholds decide: raising them lowers the level
    strict = {2: 101, 3: 102, 4: 103, 5: 104}
    assert incident_level(crisis, strict).level == 1 < assessed.level
    assert level_for(assessed.score, levels) == load_plan(version).settings.level_for(
        assessed.score
    )


def _approve_holding(store: Store, scenario_key: str, language: str) -> str:
    with store.session() as session:
        msg = session.scalars(
            select(MessageTemplate)
            .join(Scenario)
            .where(
                Scenario.key == scenario_key,
                MessageTemplate.purpose == "holding_statement",
                MessageTemplate.language == language,
            )
        ).first()
        assert msg is not None
        approve(msg, "Aisyah (Legal)")
        return msg.id


def test_proposal_picks_the_scenario_by_risk_terms_with_only_approved_statements(
    store: Store,
) -> None:
    ensure_default_plan(store)
    mentions = _scored(
        [
            "Data breach at BankNusa? My personal data got leaked, phishing SMS all day",
            "Kebocoran data lagi! Akaun saya digodam semalam",
            "Is BankNusa hacked? Ransomware rumours everywhere",
        ]
    )
    with store.session() as session:
        version = active_plan(session)
        assert version is not None
        key = next(
            s.key for s in version.scenarios if "data breach" in s.triggers["risk_terms"]["en"]
        )
    with store.session() as session:
        proposals = propose_scenarios(session, mentions)
        assert proposals[0].scenario_key == key
        assert proposals[0].crisis_type == "cybersecurity"
        assert {"data breach", "kebocoran data"} <= set(proposals[0].matched_terms)
        assert proposals[0].first_steps and proposals[0].first_steps[0]["stage"] == "detection"
        assert proposals[0].holding_statements == []  # nothing approved yet
        assert proposals[0].unapproved_holding_statements >= 1
    approved_id = _approve_holding(store, key, "en")
    with store.session() as session:
        top = propose_scenarios(session, mentions)[0]
        assert [m["id"] for m in top.holding_statements] == [approved_id]
        msg = session.get(MessageTemplate, approved_id)
        assert msg is not None
        edit_body(msg, msg.body + " (edited)", "Somebody")  # back to draft: no longer approved
    with store.session() as session:
        top = propose_scenarios(session, mentions)[0]
        assert top.holding_statements == []
        msg = session.get(MessageTemplate, approved_id)
        assert msg is not None and not is_approved(msg)


def test_proposal_uses_crisis_type_and_alert_terms(store: Store) -> None:
    ensure_default_plan(store)
    with store.session() as session:
        assert propose_scenarios(session, _scored(["Lovely day at the park"])) == []
        by_type = propose_scenarios(session, crisis_type="employee")
        assert by_type and all(p.crisis_type == "employee" for p in by_type)
        by_term = propose_scenarios(session, risk_terms=["BOIKOT"])
        assert by_term and "boikot" in by_term[0].matched_terms

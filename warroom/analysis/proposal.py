"""Propose the plan's scenario(s) matching a set of mentions or an alert.

A scenario scores one point per mention that contains any of its risk terms
plus a point per distinct term seen, and three points when its crisis type is
the one asked for; the best come first.  Each proposal carries the
scenario's first checklist steps of the response (detection, then
intervention) and its holding statements: only messages that
`warroom.plan.approval.is_approved` accepts are listed as approved; the
others are counted as drafts awaiting approval and never offered as ready.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from warroom.analysis.pipeline import matcher_for
from warroom.plan.approval import is_approved
from warroom.plan.store import active_plan
from warroom.store.models import PlanVersion

RESPONSE_STAGES = ("detection", "intervention")


@dataclass
class Proposal:
    scenario_key: str
    crisis_type: str
    title: dict[str, Any]
    score: float
    matched_terms: list[str]
    first_steps: list[dict[str, Any]] = field(default_factory=list)
    holding_statements: list[dict[str, Any]] = field(default_factory=list)
    unapproved_holding_statements: int = 0


def propose_scenarios(
    session: Session,
    mentions: Iterable[Mapping[str, Any]] = (),
    *,
    risk_terms: Iterable[str] = (),
    crisis_type: str = "",
    plan_version: PlanVersion | None = None,
    limit: int = 3,
    steps: int = 3,
) -> list[Proposal]:
    """Scenarios of the active plan (or `plan_version`) for these mentions / terms, best first.

    `mentions` are scored rows (their `risk_terms` are used; text is matched
    when a row has none); `risk_terms` are extra terms (an alert's `term:`
    series).  Scenarios with nothing in common are not proposed, unless
    `crisis_type` names their type.
    """
    version = plan_version or active_plan(session)
    if version is None:
        return []
    matcher = matcher_for(version)
    scores: dict[str, float] = {}
    terms_seen: dict[str, list[str]] = {}

    def credit(terms: list[str], per_mention: bool) -> None:
        keys: set[str] = set()
        for term in terms:
            for key in matcher.scenarios_by_term.get(term, []):
                keys.add(key)
                seen = terms_seen.setdefault(key, [])
                if term not in seen:
                    seen.append(term)
                    scores[key] = scores.get(key, 0.0) + 1.0
        if per_mention:
            for key in keys:
                scores[key] = scores.get(key, 0.0) + 1.0

    for row in mentions:
        terms = [str(t) for t in (row.get("risk_terms") or [])]
        if not terms and row.get("text"):
            terms = matcher.find(str(row["text"]))
        credit(terms, True)
    extra = [t for t in risk_terms if t]
    if extra:
        known = {t.casefold(): t for t in matcher.scenarios_by_term}
        credit([known.get(t.casefold(), t) for t in extra], False)
    for scenario in version.scenarios:
        if crisis_type and scenario.crisis_type == crisis_type:
            scores[scenario.key] = scores.get(scenario.key, 0.0) + 3.0
    by_key = {s.key: s for s in version.scenarios}
    ranked = sorted(
        (k for k, v in scores.items() if v > 0 and k in by_key),
        key=lambda k: (-scores[k], by_key[k].position),
    )
    proposals: list[Proposal] = []
    for key in ranked[:limit]:
        scenario = by_key[key]
        ordered = sorted(scenario.steps, key=lambda st: st.position)
        response = [st for stage in RESPONSE_STAGES for st in ordered if st.stage == stage][:steps]
        holding = [msg for msg in scenario.messages if msg.purpose == "holding_statement"]
        approved = [msg for msg in holding if is_approved(msg)]
        proposals.append(
            Proposal(
                scenario_key=key,
                crisis_type=scenario.crisis_type,
                title=dict(scenario.title),
                score=scores[key],
                matched_terms=terms_seen.get(key, []),
                first_steps=[
                    {
                        "key": st.key,
                        "stage": st.stage,
                        "owner": st.owner_role,
                        "due_minutes": st.due_minutes,
                        "text": dict(st.text),
                    }
                    for st in response
                ],
                holding_statements=[
                    {
                        "id": msg.id,
                        "key": msg.key,
                        "channel": msg.channel,
                        "language": msg.language,
                        "body": msg.body,
                        "approved_by": msg.approved_by,
                    }
                    for msg in sorted(approved, key=lambda m: m.position)
                ],
                unapproved_holding_statements=len(holding) - len(approved),
            )
        )
    return proposals

"""The canonical plan document: one fixed key order, one YAML style.

`dump_plan(parse_plan(text))` is the canonical form of any valid plan; it is
stable (dumping its own output again gives the same bytes), diff-friendly
(block style, one field per line, short lists of names inline, multi-line
bodies as literal blocks) and keeps both languages side by side.
"""

from __future__ import annotations

from typing import Any

import yaml

from warroom.plan import model as m

HEADER = (
    "# Warroom crisis plan. Edit, then check and load it with:\n"
    "#   warroom plan validate FILE && warroom plan import FILE\n"
)


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents lists under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    flow = all(isinstance(item, str | int) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_data(data: dict[str, Any]) -> str:
    """YAML text of plain plan data, in the canonical style and with the header."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    return HEADER + body


def _text(text: m.Text, languages: list[str]) -> dict[str, str]:
    return {lang: text[lang] for lang in languages if lang in text}


def plan_to_data(plan: m.Plan) -> dict[str, Any]:
    """The plan as plain data (dicts, lists, str, int, None) in canonical order."""
    langs = plan.languages

    def t(text: m.Text) -> dict[str, str]:
        return _text(text, langs)

    return {
        "schema": m.SCHEMA,
        "schema_version": m.SCHEMA_VERSION,
        "name": plan.name,
        "languages": list(langs),
        "settings": {"severity_levels": dict(sorted(plan.settings.severity_levels.items()))},
        "stages": [
            {"key": s.key, "title": t(s.title), "what": t(s.what), "essentials": t(s.essentials)}
            for s in plan.stages
        ],
        "roles": [
            {"key": r.key, "title": t(r.title), "responsibilities": t(r.responsibilities)}
            for r in plan.roles
        ],
        "plan_elements": [
            {
                "key": e.key,
                "title": t(e.title),
                "explanation": t(e.explanation),
                "importance": t(e.importance),
            }
            for e in plan.plan_elements
        ],
        "prevention": [
            {"key": p.key, "title": t(p.title), "explanation": t(p.explanation), "why": t(p.why)}
            for p in plan.prevention
        ],
        "post_crisis": [
            {
                "key": p.key,
                "title": t(p.title),
                "explanation": t(p.explanation),
                "importance": p.importance,
                **({"owner": p.owner} if p.owner else {}),
            }
            for p in plan.post_crisis
        ],
        "examples": [
            {
                "key": e.key,
                "brand": e.brand,
                "crisis": t(e.crisis),
                "strategy": t(e.strategy),
                "outcome": t(e.outcome),
            }
            for e in plan.examples
        ],
        "principles": [
            {"key": p.key, "title": t(p.title), "text": t(p.text)} for p in plan.principles
        ],
        "response": response_to_data(plan.response),
        "recovery": {
            "baseline_days": plan.recovery.baseline_days,
            "criteria": [
                {"key": c.key, "metric": c.metric, "days": c.days, "title": t(c.title)}
                for c in plan.recovery.criteria
            ],
        },
        "scenarios": [scenario_to_data(s, langs) for s in plan.scenarios],
    }


def response_to_data(response: m.Response) -> dict[str, Any]:
    return {
        "targets": [
            {
                "level": t.level,
                "acknowledge_minutes": t.acknowledge_minutes,
                "holding_statement_minutes": t.holding_statement_minutes,
            }
            for t in response.targets
        ],
        "escalation": [
            {"tier": r.tier, "after_minutes": r.after_minutes, "min_level": r.min_level}
            for r in response.escalation
        ],
    }


def scenario_to_data(s: m.Scenario, languages: list[str]) -> dict[str, Any]:
    return {
        "key": s.key,
        "crisis_type": s.crisis_type,
        "engagement": s.engagement,
        "form": s.form,
        "title": _text(s.title, languages),
        "description": _text(s.description, languages),
        "approach": _text(s.approach, languages),
        "channels": list(s.channels),
        "triggers": {
            "risk_terms": {lang: list(s.triggers.risk_terms.get(lang, [])) for lang in languages},
            "min_level": s.triggers.min_level,
        },
        "steps": [
            {
                "key": st.key,
                "stage": st.stage,
                "owner": st.owner,
                "due_minutes": st.due_minutes,
                "text": _text(st.text, languages),
            }
            for st in s.steps
        ],
        "messages": [
            {
                "key": msg.key,
                "purpose": msg.purpose,
                "channel": msg.channel,
                "language": msg.language,
                "body": msg.body,
            }
            for msg in s.messages
        ],
    }


def dump_plan(plan: m.Plan) -> str:
    """The canonical document text of `plan`."""
    return dump_data(plan_to_data(plan))

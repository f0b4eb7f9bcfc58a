"""Plan versions in the store: import, default plan, active plan, revert, export.

Every import validates first (an invalid document changes nothing) and adds a
new `PlanVersion` (previous + 1) that becomes the only active one; earlier
versions are kept.  `PlanVersion.document` holds the canonical text of what
was imported.  Export regenerates the canonical text from the rows, so edits
made in the application (a reworded draft message…) are exported too, and
export → import → export is byte-identical.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from warroom.errors import UserError
from warroom.plan import model as m
from warroom.plan.emit import HEADER, dump_plan, plan_to_data
from warroom.plan.validate import parse_plan
from warroom.store.db import Store
from warroom.store.models import ChecklistStep, MessageTemplate, PlanVersion, Scenario

DEFAULT_RESOURCE = "default.yaml"
_SETTINGS_PARTS = (
    "stages",
    "roles",
    "plan_elements",
    "prevention",
    "post_crisis",
    "examples",
    "principles",
)
_OPTIONAL_PARTS = ("response", "recovery")  # absent in versions stored before they existed
_LOAD = (
    selectinload(PlanVersion.scenarios).selectinload(Scenario.steps),
    selectinload(PlanVersion.scenarios).selectinload(Scenario.messages),
)


def default_plan_text() -> str:
    """The shipped default plan (resources/plans/default.yaml)."""
    return resources.files("resources.plans").joinpath(DEFAULT_RESOURCE).read_text(encoding="utf-8")


def active_plan(session: Session) -> PlanVersion | None:
    """The active plan version, or None when the store has no plan."""
    return session.scalars(
        select(PlanVersion)
        .where(PlanVersion.active.is_(True))
        .order_by(PlanVersion.version.desc())
        .limit(1)
        .options(*_LOAD)
    ).first()


def plan_versions(session: Session) -> list[PlanVersion]:
    """All plan versions, oldest first."""
    return list(session.scalars(select(PlanVersion).order_by(PlanVersion.version)))


def import_plan(store: Store, text: str, *, source_file: str, imported_by: str) -> PlanVersion:
    """Validate `text` and install it as the new active plan version.

    Raises PlanError (nothing changes) when the document is not valid.
    """
    plan, _warnings = parse_plan(text, source_file)
    with store.session() as session:
        return install_plan(
            session, plan, origin=store.origin, source_file=source_file, imported_by=imported_by
        )


def install_plan(
    session: Session,
    plan: m.Plan,
    *,
    origin: str,
    source_file: str,
    imported_by: str,
    parent_id: str | None = None,
) -> PlanVersion:
    """Add `plan` as version previous+1, active, deactivating the others (no commit)."""
    previous = session.scalar(select(func.max(PlanVersion.version))) or 0
    for old in session.scalars(select(PlanVersion).where(PlanVersion.active.is_(True))):
        old.active = False
    data = plan_to_data(plan)
    settings: dict[str, Any] = {
        "languages": list(plan.languages),
        "severity_levels": {str(k): v for k, v in plan.settings.severity_levels.items()},
    }
    settings.update({part: data[part] for part in (*_SETTINGS_PARTS, *_OPTIONAL_PARTS)})
    version = PlanVersion(
        version=previous + 1,
        name=plan.name,
        schema_version=plan.schema_version,
        source_file=source_file[:1000],
        document=dump_plan(plan),
        active=True,
        imported_by=imported_by[:200],
        parent_id=parent_id,
        settings=settings,
        origin=origin,
    )
    for position, scenario in enumerate(plan.scenarios):
        row = Scenario(
            key=scenario.key,
            position=position,
            crisis_type=scenario.crisis_type,
            engagement=scenario.engagement,
            form=scenario.form,
            title=dict(scenario.title),
            description=dict(scenario.description),
            approach=dict(scenario.approach),
            channels=list(scenario.channels),
            triggers={
                "risk_terms": {k: list(v) for k, v in scenario.triggers.risk_terms.items()},
                "min_level": scenario.triggers.min_level,
            },
            origin=origin,
        )
        row.steps = [
            ChecklistStep(
                key=step.key,
                stage=step.stage,
                position=i,
                owner_role=step.owner,
                due_minutes=step.due_minutes,
                text=dict(step.text),
                origin=origin,
            )
            for i, step in enumerate(scenario.steps)
        ]
        row.messages = [
            MessageTemplate(
                key=msg.key,
                position=i,
                channel=msg.channel,
                language=msg.language,
                purpose=msg.purpose,
                body=msg.body,
                status="draft",
                origin=origin,
            )
            for i, msg in enumerate(scenario.messages)
        ]
        version.scenarios.append(row)
    session.add(version)
    session.flush()
    return version


def ensure_default_plan(store: Store) -> PlanVersion:
    """The active plan; a store without any plan first gets the default plan."""
    with store.session() as session:
        current = active_plan(session)
        if current is not None:
            return current
        latest = session.scalars(
            select(PlanVersion).order_by(PlanVersion.version.desc()).limit(1).options(*_LOAD)
        ).first()
        if latest is not None:  # versions but none active: the newest wins
            latest.active = True
            return latest
        plan, _warnings = parse_plan(default_plan_text(), DEFAULT_RESOURCE)
        return install_plan(
            session,
            plan,
            origin=store.origin,
            source_file=DEFAULT_RESOURCE,
            imported_by="warroom",
        )


def version_data(version: PlanVersion) -> dict[str, Any]:
    """Plain plan data rebuilt from a version's rows (including in-app edits)."""
    settings = version.settings or {}
    languages = list(settings.get("languages") or m.LANGUAGES)
    levels = settings.get("severity_levels") or {}
    data: dict[str, Any] = {
        "schema": m.SCHEMA,
        "schema_version": version.schema_version,
        "name": version.name,
        "languages": languages,
        "settings": {"severity_levels": {int(k): v for k, v in levels.items()}},
    }
    for part in _SETTINGS_PARTS:
        data[part] = settings.get(part, [])
    for part in _OPTIONAL_PARTS:
        if part in settings:
            data[part] = settings[part]
    data["scenarios"] = [
        {
            "key": s.key,
            "crisis_type": s.crisis_type,
            "engagement": s.engagement,
            "form": s.form,
            "title": s.title,
            "description": s.description,
            "approach": s.approach,
            "channels": s.channels,
            "triggers": s.triggers,
            "steps": [
                {
                    "key": st.key,
                    "stage": st.stage,
                    "owner": st.owner_role,
                    "due_minutes": st.due_minutes,
                    "text": st.text,
                }
                for st in sorted(s.steps, key=lambda st: st.position)
            ],
            "messages": [
                {
                    "key": msg.key,
                    "purpose": msg.purpose,
                    "channel": msg.channel,
                    "language": msg.language,
                    "body": msg.body,
                }
                for msg in sorted(s.messages, key=lambda msg: msg.position)
            ],
        }
        for s in sorted(version.scenarios, key=lambda s: s.position)
    ]
    return data


_FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load_plan(version: PlanVersion) -> m.Plan:
    """The typed plan of a stored version (validated again: rows may have been edited)."""
    # the same data as `dump_data` writes, through libyaml: the canonical style is for
    # people (exports); here only the content matters, and this runs on every start
    text = HEADER + yaml.dump(
        version_data(version), Dumper=_FAST_DUMPER, sort_keys=False, allow_unicode=True
    )
    plan, _warnings = parse_plan(text, f"plan version {version.version}")
    return plan


def export_version(version: PlanVersion) -> str:
    """The canonical document text of one stored version."""
    return dump_plan(load_plan(version))


def export_plan(store: Store) -> str:
    """The canonical document text of the active plan, both languages."""
    with store.session() as session:
        version = active_plan(session)
        if version is None:
            raise UserError(
                "no active plan in the store; import one with: warroom plan import FILE"
            )
        return export_version(version)


def revert(store: Store, version_number: int, *, reverted_by: str = "") -> PlanVersion:
    """Make an earlier version active again, as a new version (history is kept)."""
    with store.session() as session:
        old = session.scalars(
            select(PlanVersion).where(PlanVersion.version == version_number).options(*_LOAD)
        ).first()
        if old is None:
            known = [v.version for v in plan_versions(session)]
            listing = ", ".join(map(str, known)) if known else "none"
            raise UserError(f"no plan version {version_number} (versions: {listing})")
        plan = load_plan(old)
        return install_plan(
            session,
            plan,
            origin=store.origin,
            source_file=f"revert to version {version_number}",
            imported_by=reverted_by,
            parent_id=old.id,
        )

"""The default plan and the plan document: validation, round trip, refusals."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from warroom.errors import UserError
from warroom.plan import model as m
from warroom.plan.channels import fits
from warroom.plan.emit import dump_plan
from warroom.plan.placeholders import TYPICAL, fill
from warroom.plan.store import (
    active_plan,
    default_plan_text,
    ensure_default_plan,
    export_plan,
    import_plan,
    revert,
)
from warroom.plan.validate import PlanError, parse_plan, read_plan_file, validate_file
from warroom.store.db import Store, open_store
from warroom.store.models import ChecklistStep, MessageTemplate, PlanVersion, Scenario

STAGES = ["preparation", "detection", "intervention", "improvement"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "w.sqlite3")
    yield s
    s.close()


def _counts(store: Store) -> tuple[int, int, int, int, int | None, str | None]:
    with store.session() as session:
        active = active_plan(session)
        return (
            session.scalar(select(func.count()).select_from(PlanVersion)) or 0,
            session.scalar(select(func.count()).select_from(Scenario)) or 0,
            session.scalar(select(func.count()).select_from(ChecklistStep)) or 0,
            session.scalar(select(func.count()).select_from(MessageTemplate)) or 0,
            active.version if active else None,
            active.document if active else None,
        )


# --- the default plan -----------------------------------------------------------------


def _bilingual_fields(plan: m.Plan) -> list[tuple[str, dict[str, str]]]:
    out: list[tuple[str, dict[str, str]]] = []
    for s in plan.stages:
        out += [(f"stage {s.key}", t) for t in (s.title, s.what, s.essentials)]
    for r in plan.roles:
        out += [(f"role {r.key}", t) for t in (r.title, r.responsibilities)]
    for e in plan.plan_elements:
        out += [(f"element {e.key}", t) for t in (e.title, e.explanation, e.importance)]
    for p in plan.prevention:
        out += [(f"prevention {p.key}", t) for t in (p.title, p.explanation, p.why)]
    for pc in plan.post_crisis:
        out += [(f"post {pc.key}", t) for t in (pc.title, pc.explanation)]
    for ex in plan.examples:
        out += [(f"example {ex.key}", t) for t in (ex.crisis, ex.strategy, ex.outcome)]
    for pr in plan.principles:
        out += [(f"principle {pr.key}", t) for t in (pr.title, pr.text)]
    for sc in plan.scenarios:
        out += [(f"scenario {sc.key}", t) for t in (sc.title, sc.description, sc.approach)]
        out += [(f"step {sc.key}/{st.key}", st.text) for st in sc.steps]
    return out


def test_default_plan_is_valid_complete_and_canonical() -> None:
    text = default_plan_text()
    plan, warnings = parse_plan(text, "default.yaml")
    assert warnings == []
    assert plan.languages == ["en", "ms"]
    assert [s.key for s in plan.stages] == STAGES
    assert plan.settings.severity_levels == {2: 20, 3: 40, 4: 60, 5: 80}
    fields = _bilingual_fields(plan)
    assert len(fields) > 200
    for where, text_ in fields:
        assert set(text_) == {"en", "ms"}, where
        assert text_["en"].strip() and text_["ms"].strip(), where
    assert dump_plan(plan) == text  # the shipped file is in canonical form


def test_default_plan_content() -> None:
    plan, _ = parse_plan(default_plan_text(), "default.yaml")
    roles = {r.key for r in plan.roles}
    assert roles >= {
        "crisis_lead",
        "social_media_manager",
        "communications",
        "legal",
        "customer_service",
        "executive_sponsor",
        "hr",
        "it_security",
    }
    scenarios = {s.key: s for s in plan.scenarios}
    expected = {
        "product_error": ("service", "product_error"),
        "customer_complaint": ("service", "customer_complaint"),
        "reputation_attack": ("reputation", "reputation_attack"),
        "employee_error": ("employee", "employee_error"),
        "data_breach": ("cybersecurity", ""),
    }
    for key, (crisis_type, engagement) in expected.items():
        assert (scenarios[key].crisis_type, scenarios[key].engagement) == (crisis_type, engagement)
    assert scenarios["food_safety"].crisis_type in ("service", "reputation")
    assert "keracunan makanan" in scenarios["food_safety"].triggers.risk_terms["ms"]
    assert any(s.form == "dynamic" for s in plan.scenarios)
    all_terms = {
        t for s in plan.scenarios for terms in s.triggers.risk_terms.values() for t in terms
    }
    for term in (
        "boycott",
        "boikot",
        "recall",
        "tarik balik",
        "data breach",
        "kebocoran data",
        "racist",
        "perkauman",
        "lawsuit",
        "saman",
        "scam",
        "penipuan",
        "food poisoning",
    ):
        assert term in all_terms, term
    assert {p.importance for p in plan.post_crisis} == {"high", "medium"}
    assert len(plan.prevention) == 4 and len(plan.examples) == 4
    assert any("mengakui kesalahan" in p.text["ms"] for p in plan.principles)
    for s in plan.scenarios:
        for stage in STAGES:
            assert 3 <= len(s.steps_for(stage)) <= 6, (s.key, stage)
        for step in s.steps:
            assert step.owner in roles
            if step.stage == "preparation":
                assert step.due_minutes is None, (s.key, step.key)
            if step.stage in ("detection", "intervention"):
                assert step.due_minutes is not None, (s.key, step.key)
        first = min(st.due_minutes or 0 for st in s.steps_for("intervention"))
        assert first <= 60, s.key  # a first public response within the hour
        have = {(msg.channel, msg.language) for msg in s.messages}
        for lang in ("en", "ms"):
            assert ("x", lang) in have, s.key
            assert ("sms", lang) in have, s.key
            assert ("private_message", lang) in have, s.key
            assert have & {
                (c, lang) for c in ("press_release", "blog", "facebook", "linkedin", "email")
            }
        assert any(msg.purpose == "holding_statement" and msg.channel == "x" for msg in s.messages)
        for msg in s.messages:
            assert fits(msg.channel, fill(msg.body, TYPICAL)), (s.key, msg.key)
            assert "{" not in fill(msg.body, TYPICAL), (s.key, msg.key)


# --- store round trip -----------------------------------------------------------------


def test_export_import_export_is_byte_identical(store: Store, tmp_path: Path) -> None:
    ensure_default_plan(store)
    first = export_plan(store)
    assert first == default_plan_text()
    import_plan(store, first, source_file="plan.yaml", imported_by="tester")
    second = export_plan(store)
    assert second == first
    path = tmp_path / "plan.yaml"
    path.write_bytes(second.encode("utf-8"))
    import_plan(store, read_plan_file(path), source_file=str(path), imported_by="tester")
    assert export_plan(store).encode("utf-8") == path.read_bytes()


def test_ensure_default_plan_is_idempotent(store: Store) -> None:
    v1 = ensure_default_plan(store)
    v2 = ensure_default_plan(store)
    assert v1.id == v2.id and v1.version == 1
    counts = _counts(store)
    assert counts[0] == 1 and counts[1] == 7 and counts[4] == 1
    with store.session() as session:
        version = active_plan(session)
        assert version is not None and version.origin == store.origin
        assert all(s.origin == store.origin for s in version.scenarios)


def test_import_keeps_previous_versions_and_exports_in_app_edits(store: Store) -> None:
    ensure_default_plan(store)
    text = export_plan(store).replace("name: Default crisis plan", "name: Our plan")
    version = import_plan(store, text, source_file="ours.yaml", imported_by="amir")
    assert version.version == 2 and version.active
    with store.session() as session:
        versions = session.scalars(select(PlanVersion).order_by(PlanVersion.version)).all()
        assert [(v.version, v.active) for v in versions] == [(1, False), (2, True)]
        active = active_plan(session)
        assert active is not None
        msg = active.scenarios[0].messages[0]
        msg.body = "Edited in the app for {brand}."
    exported = export_plan(store)
    assert "Edited in the app for {brand}." in exported
    assert "name: Our plan" in exported


def test_revert_makes_old_version_active_as_new_version(store: Store) -> None:
    ensure_default_plan(store)
    original = export_plan(store)
    import_plan(
        store,
        original.replace("name: Default crisis plan", "name: Changed"),
        source_file="b.yaml",
        imported_by="x",
    )
    reverted = revert(store, 1, reverted_by="lead")
    assert reverted.version == 3 and reverted.active
    assert export_plan(store) == original
    with store.session() as session:
        assert [
            v.active for v in session.scalars(select(PlanVersion).order_by(PlanVersion.version))
        ] == [
            False,
            False,
            True,
        ]
    with pytest.raises(UserError, match="no plan version 9"):
        revert(store, 9)


# --- refusals ---------------------------------------------------------------------------

BASE = default_plan_text()


def _replace_once(old: str, new: str) -> str:
    assert BASE.count(old) >= 1, old
    return BASE.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


INVALID = {
    "bad_syntax": (
        _replace_once("name: Default crisis plan", "name: [Default crisis plan"),
        None,
        "YAML syntax error",
    ),
    "unknown_field": (
        _replace_once("name: Default crisis plan", "name: Default crisis plan\ncolour: red"),
        "colour",
        "unknown field 'colour'",
    ),
    "unknown_stage": (
        _replace_once("stage: preparation", "stage: prep"),
        "scenarios[0].steps[0].stage",
        "unknown stage 'prep' (expected one of preparation, detection, intervention, improvement)",
    ),
    "missing_required": (
        _replace_once("    form: text\n", ""),
        "scenarios[0].form",
        "missing required field",
    ),
    "wrong_type": (
        _replace_once("min_level: 2", "min_level: high"),
        "scenarios[0].triggers.min_level",
        "expected a whole number",
    ),
    "duplicate_scenario_key": (
        _replace_once("key: customer_complaint", "key: product_error"),
        "scenarios[1].key",
        "duplicate scenario key 'product_error'",
    ),
    "duplicate_step_key": (
        _replace_once("key: prep_batch_records", "key: prep_recall_procedure"),
        "scenarios[0].steps[1].key",
        "duplicate step key",
    ),
    "duplicate_role_key": (
        _replace_once("key: legal\n", "key: crisis_lead\n"),
        "roles[3].key",
        "duplicate role key 'crisis_lead'",
    ),
    "duplicate_yaml_key": (
        _replace_once("name: Default crisis plan", "name: Default crisis plan\nname: Again"),
        "name",
        "duplicate field 'name'",
    ),
    "unknown_role": (
        _replace_once("owner: crisis_lead", "owner: janitor"),
        "post_crisis[0].owner",  # the first owner in the file,
        "unknown role 'janitor'",
    ),
    "unknown_channel": (
        _replace_once("channel: x\n", "channel: myspace\n"),
        "scenarios[0].messages[0].channel",
        "unknown channel 'myspace'",
    ),
    "unknown_language": (
        _replace_once("      ms: Persediaan", "      ms: Persediaan\n      fr: Préparation"),
        "stages[0].title.fr",
        "unknown language 'fr'",
    ),
    "missing_language": (
        _replace_once("      ms: Persediaan\n", ""),
        "stages[0].title.ms",
        "missing text",
    ),
    "wrong_schema": (
        _replace_once("schema: warroom-plan", "schema: something-else"),
        "schema",
        "not a Warroom plan",
    ),
    "newer_schema_version": (
        _replace_once("schema_version: 1", "schema_version: 2"),
        "schema_version",
        "newer Warroom",
    ),
    "alias": (
        _replace_once("name: Default crisis plan", "name: &n Default crisis plan\nx_alias: *n"),
        "x_alias",
        "unknown field",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_documents_are_refused_and_change_nothing(store: Store, case: str) -> None:
    text, field, problem = INVALID[case]
    ensure_default_plan(store)
    before = _counts(store)
    with pytest.raises(PlanError) as info:
        import_plan(store, text, source_file="plan.yaml", imported_by="x")
    message = str(info.value)
    assert message.startswith("plan.yaml:"), message
    assert info.value.line is not None and info.value.line >= 1
    assert f"plan.yaml:{info.value.line}:" in message
    if field is not None:
        assert f": {field}: " in message, message
    assert problem in message, message
    assert "\n" not in message
    assert _counts(store) == before


def test_error_line_points_at_the_field() -> None:
    text = INVALID["unknown_stage"][0]
    with pytest.raises(PlanError) as info:
        parse_plan(text, "plan.yaml")
    assert info.value.line == _line_of(text, "stage: prep")
    assert str(info.value) == (
        f"plan.yaml:{info.value.line}: scenarios[0].steps[0].stage: unknown stage 'prep' "
        "(expected one of preparation, detection, intervention, improvement)"
    )


def test_reused_anchor_is_refused() -> None:
    text = _replace_once("      en: Preparation\n", "      en: &t Preparation\n").replace(
        "      en: Detection and assessment\n", "      en: *t\n", 1
    )
    with pytest.raises(PlanError, match="anchors and aliases"):
        parse_plan(text, "plan.yaml")


def test_overlong_message_is_a_warning_not_an_error() -> None:
    plan, _ = parse_plan(BASE, "default.yaml")
    plan.scenarios[0].messages[0].body = "x" * 300 + " {product}."
    plan.scenarios[0].messages[1].body = "Hello {nosuch}"
    plan, warnings = parse_plan(dump_plan(plan), "plan.yaml")
    assert plan.scenarios[0].messages[0].body.startswith("xxx")
    assert any("x allows 280" in str(w) and "messages[0].body" in str(w) for w in warnings)
    assert any("unknown placeholder(s) {nosuch}" in str(w) for w in warnings)
    assert all(str(w).startswith("plan.yaml:") for w in warnings)


def test_50_mb_file_is_refused_fast(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.write(BASE.encode("utf-8"))
        fh.write(b"#" * (50 * 1024 * 1024))
    before = _counts(store)
    started = time.monotonic()
    with pytest.raises(PlanError) as info:
        read_plan_file(path)
    assert time.monotonic() - started < 1.0
    assert str(path) in str(info.value) and "at most 5 MB" in str(info.value)
    assert "50.1 MB" in str(info.value)
    with pytest.raises(PlanError, match="at most 5 MB"):
        import_plan(store, BASE + "#" * (6 * 1024 * 1024), source_file="big.yaml", imported_by="x")
    assert _counts(store) == before


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("latin-1", "not UTF-8: byte 0xe9 at byte offset"),
        ("utf-16", "UTF-16"),
        ("utf-16-le", "NUL byte at byte offset 1"),
    ],
)
def test_non_utf8_file_is_refused(tmp_path: Path, encoding: str, expected: str) -> None:
    text = _replace_once("name: Default crisis plan", "name: Plan café")
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(PlanError) as info:
        validate_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}:"), message
    assert expected in message
    if encoding == "latin-1":
        offset = text.encode("latin-1").index(b"\xe9")
        assert f"byte offset {offset}" in message
        assert info.value.line == _line_of(text, "name: Plan")


def test_missing_file_and_empty_document(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="no such file"):
        read_plan_file(tmp_path / "nope.yaml")
    with pytest.raises(PlanError, match="empty document"):
        parse_plan("# nothing\n", "plan.yaml")
    with pytest.raises(PlanError, match="expected a mapping"):
        parse_plan("- a\n- b\n", "plan.yaml")


def test_python_tags_are_refused() -> None:
    text = _replace_once("name: Default crisis plan", "name: !!python/object:os.system ls")
    with pytest.raises(PlanError, match=r"plan\.yaml:\d+: name: expected text"):
        parse_plan(text, "plan.yaml")

"""Parse and validate a plan document into a `Plan`, naming file, line and field.

The text is composed into a YAML node tree (safe loader, no Python objects)
and walked field by field, so every refusal names the file, the line and the
field path, for example::

    plan.yaml:42: scenarios[2].steps[0].stage: unknown stage 'prep' (expected
    one of preparation, detection, intervention, improvement)

Refused: bad syntax, unknown or missing fields, wrong types, duplicate keys
and ids, unknown role/stage/channel/language references, anchors/aliases, a
wrong `schema` or newer `schema_version`, files over 5 MB (checked before
reading) and files that are not UTF-8.  Draft messages that would not fit
their channel after typical placeholder filling are reported as warnings.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from warroom.errors import UserError
from warroom.plan import model as m
from warroom.plan.channels import measure
from warroom.plan.placeholders import KNOWN, TYPICAL, fill, placeholders

MAX_BYTES = 5 * 1024 * 1024
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = SafeConstructor()
_TAG = "tag:yaml.org,2002:"
T = TypeVar("T")


class PlanError(UserError):
    """A plan document that cannot be used; the message is one plain line."""

    def __init__(self, file: str, line: int | None, field: str, problem: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
        where = file if line is None else f"{file}:{line}"
        super().__init__(f"{where}: {field}: {problem}" if field else f"{where}: {problem}")


@dataclass(frozen=True)
class PlanWarning:
    """Something in a valid plan worth fixing (a draft too long for its channel…)."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}"


# --- bytes ---------------------------------------------------------------------------


def _too_big(file: str, size: int) -> PlanError:
    return PlanError(
        file, None, "", f"file is {size / 1_048_576:.1f} MB; a plan file may be at most 5 MB"
    )


def read_plan_file(path: str | Path) -> str:
    """The text of a plan file: refused over 5 MB (before reading) or not UTF-8."""
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise PlanError(name, None, "", "is a folder, not a plan file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise _too_big(name, size)
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise PlanError(name, None, "", "no such file") from None
    except PermissionError:
        raise PlanError(name, None, "", "permission denied") from None
    except OSError as exc:
        raise PlanError(name, None, "", f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _too_big(name, len(data))
    return decode_plan_bytes(data, name)


def decode_plan_bytes(data: bytes, file: str) -> str:
    """Decode a plan file as UTF-8 (a UTF-8 byte order mark is allowed)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise PlanError(
            file, 1, "", "file is UTF-32 text (byte order mark at byte offset 0); save it as UTF-8"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PlanError(
            file, 1, "", "file is UTF-16 text (byte order mark at byte offset 0); save it as UTF-8"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise PlanError(
            file,
            data.count(b"\n", 0, nul) + 1,
            "",
            f"NUL byte at byte offset {nul}: not UTF-8 text (UTF-16?); save it as UTF-8",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        off = exc.start
        raise PlanError(
            file,
            data.count(b"\n", 0, off) + 1,
            "",
            f"not UTF-8: byte 0x{data[off]:02x} at byte offset {off} is not valid UTF-8 "
            "(Latin-1 or Windows-1252?); save the file as UTF-8",
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


# --- text to nodes ------------------------------------------------------------------


def _compose(text: str, file: str) -> Node:
    if len(text) > MAX_BYTES:
        raise _too_big(file, len(text))
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise PlanError(
            file, line, "", "text holds an unpaired surrogate; not valid Unicode"
        ) from None
    if size > MAX_BYTES:
        raise _too_big(file, size)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = mark.line + 1 if mark is not None else None
        context = exc.context or ""
        start = exc.context_mark
        if context and start is not None and start.line + 1 != at:
            context += f" started at line {start.line + 1}"
        problem = " ".join(p for p in (exc.problem, context and f"({context})") if p)
        raise PlanError(file, at, "", f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise PlanError(file, None, "", f"YAML error: {str(exc).splitlines()[0]}") from None
    if root is None:
        raise PlanError(file, 1, "", "the file holds no plan (empty document)")
    return root


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = node.tag.removeprefix(_TAG)
    names = {"str": "text", "int": "a number", "float": "a number", "bool": "a yes/no value"}
    if tag == "null":
        return "nothing (null)"
    return f"{names.get(tag, 'a ' + tag + ' value')} ({node.value})"


def _one_of(values: Sequence[object]) -> str:
    return ", ".join(str(v) for v in values)


class _Walker:
    """Walks the node tree, converting to typed values and raising PlanError."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.languages: list[str] = list(m.LANGUAGES)
        self.warnings: list[PlanWarning] = []
        self._seen: set[int] = set()

    def fail(self, node: Node, path: str, problem: str) -> PlanError:
        return PlanError(self.file, node.start_mark.line + 1, path, problem)

    def warn(self, node: Node, path: str, message: str) -> None:
        self.warnings.append(PlanWarning(self.file, node.start_mark.line + 1, path, message))

    def visit(self, node: Node, path: str) -> None:
        if id(node) in self._seen:
            raise self.fail(node, path, "anchors and aliases (&, *) are not supported in a plan")
        self._seen.add(id(node))

    # -- containers --

    def fields(
        self, node: Node, path: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict[str, Node]:
        self.visit(node, path)
        if not isinstance(node, MappingNode):
            raise self.fail(node, path or "(document)", f"expected a mapping, got {_kind(node)}")
        known = [*required, *optional]
        out: dict[str, Node] = {}
        lines: dict[str, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else None
            if name is None or key.tag != _TAG + "str":
                raise self.fail(
                    key, path or "(document)", f"field names must be text, got {_kind(key)}"
                )
            sub = f"{path}.{name}" if path else name
            if name in out:
                raise self.fail(key, sub, f"duplicate field '{name}' (first at line {lines[name]})")
            if name not in known:
                raise self.fail(
                    key, sub, f"unknown field '{name}' (expected one of {_one_of(known)})"
                )
            out[name] = value
            lines[name] = key.start_mark.line + 1
        for name in required:
            if name not in out:
                sub = f"{path}.{name}" if path else name
                raise self.fail(node, sub, "missing required field")
        return out

    def items(self, node: Node, path: str) -> list[Node]:
        self.visit(node, path)
        if not isinstance(node, SequenceNode):
            raise self.fail(node, path, f"expected a list, got {_kind(node)}")
        return list(node.value)

    def each(self, node: Node | None, path: str, parse: Callable[[Node, str], T]) -> list[T]:
        if node is None:
            return []
        return [parse(item, f"{path}[{i}]") for i, item in enumerate(self.items(node, path))]

    # -- scalars --

    def scalar(self, node: Node, path: str, tag: str, expected: str) -> ScalarNode:
        self.visit(node, path)
        if not isinstance(node, ScalarNode) or node.tag != _TAG + tag:
            hint = ""
            if tag == "str" and isinstance(node, ScalarNode) and node.tag.startswith(_TAG):
                hint = "; put it in quotes to use it as text"
            raise self.fail(node, path, f"expected {expected}, got {_kind(node)}{hint}")
        return node

    def string(self, node: Node, path: str, *, max_len: int = 100_000, empty: bool = False) -> str:
        value = str(self.scalar(node, path, "str", "text").value)
        if not empty and not value.strip():
            raise self.fail(node, path, "must not be empty")
        if len(value) > max_len:
            raise self.fail(node, path, f"too long ({len(value)} characters; at most {max_len})")
        return value

    def integer(self, node: Node, path: str, lo: int, hi: int) -> int:
        scalar = self.scalar(node, path, "int", "a whole number")
        value = _CONSTRUCTOR.construct_yaml_int(scalar)
        if not lo <= value <= hi:
            raise self.fail(node, path, f"{value} is out of range ({lo} to {hi})")
        return value

    def optional_integer(self, node: Node | None, path: str, lo: int, hi: int) -> int | None:
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.tag == _TAG + "null":
            self.visit(node, path)
            return None
        return self.integer(node, path, lo, hi)

    def choice(self, node: Node, path: str, allowed: Sequence[str], what: str) -> str:
        value = self.string(node, path, empty=True)
        if value not in allowed:
            raise self.fail(
                node, path, f"unknown {what} '{value}' (expected one of {_one_of(allowed)})"
            )
        return value

    def key(self, node: Node, path: str, seen: dict[str, int], what: str) -> str:
        value = self.string(node, path, max_len=100)
        if not KEY_RE.match(value):
            raise self.fail(
                node, path, f"invalid {what} key '{value}' (use a-z, 0-9, _ and -, at most 100)"
            )
        line = node.start_mark.line + 1
        if value in seen:
            raise self.fail(
                node, path, f"duplicate {what} key '{value}' (first at line {seen[value]})"
            )
        seen[value] = line
        return value

    # -- bilingual --

    def _language_fields(self, node: Node, path: str) -> dict[str, Node]:
        self.visit(node, path)
        if not isinstance(node, MappingNode):
            raise self.fail(
                node, path, f"expected a mapping of language to text, got {_kind(node)}"
            )
        out: dict[str, Node] = {}
        for key, value in node.value:
            lang = key.value if isinstance(key, ScalarNode) and key.tag == _TAG + "str" else None
            if lang is None:
                raise self.fail(key, path, f"language codes must be text, got {_kind(key)}")
            sub = f"{path}.{lang}"
            if lang in out:
                raise self.fail(key, sub, f"duplicate language '{lang}'")
            if lang not in self.languages:
                raise self.fail(
                    key,
                    sub,
                    f"unknown language '{lang}' (the plan declares {_one_of(self.languages)})",
                )
            out[lang] = value
        return out

    def text(self, node: Node, path: str) -> m.Text:
        found = self._language_fields(node, path)
        for lang in self.languages:
            if lang not in found:
                raise self.fail(
                    node,
                    f"{path}.{lang}",
                    f"missing text (the plan declares {_one_of(self.languages)})",
                )
        return {lang: self.string(found[lang], f"{path}.{lang}") for lang in self.languages}

    def text_list(self, node: Node, path: str) -> m.TextList:
        found = self._language_fields(node, path)
        out: m.TextList = {}
        for lang in self.languages:
            if lang not in found:
                out[lang] = []
                continue
            sub = f"{path}.{lang}"
            terms: list[str] = []
            for i, item in enumerate(self.items(found[lang], sub)):
                term = self.string(item, f"{sub}[{i}]", max_len=200)
                if term in terms:
                    raise self.fail(item, f"{sub}[{i}]", f"duplicate term '{term}'")
                terms.append(term)
            out[lang] = terms
        return out


# --- the document -------------------------------------------------------------------


def parse_plan(text: str, source_file: str = "plan.yaml") -> tuple[m.Plan, list[PlanWarning]]:
    """Validate a plan document; return the plan and its warnings or raise PlanError."""
    file = source_file or "plan.yaml"
    root = _compose(text, file)
    w = _Walker(file)
    if not isinstance(root, MappingNode):
        raise w.fail(root, "(document)", f"expected a mapping, got {_kind(root)}")
    top_names = {k.value: v for k, v in root.value if isinstance(k, ScalarNode)}
    _check_header(w, root, top_names)
    f = w.fields(
        root,
        "",
        (
            "schema",
            "schema_version",
            "name",
            "languages",
            "settings",
            "stages",
            "roles",
            "scenarios",
        ),
        (
            "plan_elements",
            "prevention",
            "post_crisis",
            "examples",
            "principles",
            "response",
            "recovery",
        ),
    )
    w.string(f["schema"], "schema")
    schema_version = w.integer(f["schema_version"], "schema_version", 1, m.SCHEMA_VERSION)
    name = w.string(f["name"], "name", max_len=200)
    w.languages = _languages(w, f["languages"])
    settings = _settings(w, f["settings"])
    stages = _stages(w, f["stages"])
    role_keys: dict[str, int] = {}
    roles = w.each(
        f["roles"],
        "roles",
        lambda n, p: _role(w, n, p, role_keys),
    )
    if not roles:
        raise w.fail(f["roles"], "roles", "the plan needs at least one role")
    plan = m.Plan(
        name=name,
        languages=w.languages,
        settings=settings,
        stages=stages,
        roles=roles,
        scenarios=[],
        schema_version=schema_version,
    )
    seen: dict[str, int] = {}
    plan.plan_elements = w.each(
        f.get("plan_elements"),
        "plan_elements",
        lambda n, p: _element(w, n, p, seen),
    )
    seen = {}
    plan.prevention = w.each(
        f.get("prevention"),
        "prevention",
        lambda n, p: _prevention(w, n, p, seen),
    )
    seen = {}
    roles_known = [r.key for r in roles]
    plan.post_crisis = w.each(
        f.get("post_crisis"), "post_crisis", lambda n, p: _post(w, n, p, seen, roles_known)
    )
    if "response" in f:
        plan.response = _response(w, f["response"])
    plan.recovery = (
        _recovery(w, f["recovery"]) if "recovery" in f else m.default_recovery(w.languages)
    )
    seen = {}
    plan.examples = w.each(f.get("examples"), "examples", lambda n, p: _example(w, n, p, seen))
    seen = {}
    plan.principles = w.each(
        f.get("principles"),
        "principles",
        lambda n, p: _principle(w, n, p, seen),
    )
    seen = {}
    plan.scenarios = w.each(
        f["scenarios"], "scenarios", lambda n, p: _scenario(w, n, p, seen, roles_known)
    )
    if not plan.scenarios:
        raise w.fail(f["scenarios"], "scenarios", "the plan needs at least one scenario")
    return plan, w.warnings


def _check_header(w: _Walker, root: MappingNode, top: dict[str, Node]) -> None:
    """Schema name and version first: a newer plan should say so, not list unknown fields."""
    schema = top.get("schema")
    if schema is None:
        raise w.fail(root, "schema", "missing required field (expected 'schema: warroom-plan')")
    if not isinstance(schema, ScalarNode) or schema.value != m.SCHEMA:
        value = schema.value if isinstance(schema, ScalarNode) else _kind(schema)
        raise w.fail(
            schema, "schema", f"not a Warroom plan: schema is '{value}' (expected '{m.SCHEMA}')"
        )
    version = top.get("schema_version")
    if isinstance(version, ScalarNode) and version.tag == _TAG + "int":
        number = _CONSTRUCTOR.construct_yaml_int(version)
        if number > m.SCHEMA_VERSION:
            raise w.fail(
                version,
                "schema_version",
                f"plan written for a newer Warroom (schema_version {number}; this Warroom "
                f"reads up to {m.SCHEMA_VERSION}); update Warroom",
            )


def _languages(w: _Walker, node: Node) -> list[str]:
    langs: list[str] = []
    for i, item in enumerate(w.items(node, "languages")):
        lang = w.choice(item, f"languages[{i}]", m.LANGUAGES, "language")
        if lang in langs:
            raise w.fail(item, f"languages[{i}]", f"duplicate language '{lang}'")
        langs.append(lang)
    if not langs:
        raise w.fail(node, "languages", "name at least one language")
    return langs


def _settings(w: _Walker, node: Node) -> m.Settings:
    f = w.fields(node, "settings", ("severity_levels",))
    levels_node = f["severity_levels"]
    path = "settings.severity_levels"
    w.visit(levels_node, path)
    if not isinstance(levels_node, MappingNode):
        raise w.fail(
            levels_node, path, f"expected a mapping of level to threshold, got {_kind(levels_node)}"
        )
    levels: dict[int, int] = {}
    for key, value in levels_node.value:
        level = w.integer(key, path, 2, 5)
        if level in levels:
            raise w.fail(key, f"{path}.{level}", f"duplicate level {level}")
        levels[level] = w.integer(value, f"{path}.{level}", 0, 100)
    for level in (2, 3, 4, 5):
        if level not in levels:
            raise w.fail(
                levels_node,
                f"{path}.{level}",
                "missing threshold (levels 2, 3, 4 and 5 are needed)",
            )
    for level in (3, 4, 5):
        if levels[level] <= levels[level - 1]:
            raise w.fail(
                levels_node,
                f"{path}.{level}",
                f"threshold {levels[level]} must be above level {level - 1}'s {levels[level - 1]}",
            )
    return m.Settings(severity_levels=dict(sorted(levels.items())))


def _stages(w: _Walker, node: Node) -> list[m.Stage]:
    items = w.items(node, "stages")
    stages: list[m.Stage] = []
    for i, item in enumerate(items):
        path = f"stages[{i}]"
        f = w.fields(item, path, ("key", "title", "what", "essentials"))
        key = w.choice(f["key"], f"{path}.key", m.STAGES, "stage")
        if i < len(m.STAGES) and key != m.STAGES[i]:
            raise w.fail(
                f["key"],
                f"{path}.key",
                f"stage '{key}' out of order (expected {_one_of(m.STAGES)})",
            )
        if i >= len(m.STAGES):
            raise w.fail(f["key"], f"{path}.key", f"duplicate stage '{key}'")
        stages.append(
            m.Stage(
                key=key,
                title=w.text(f["title"], f"{path}.title"),
                what=w.text(f["what"], f"{path}.what"),
                essentials=w.text(f["essentials"], f"{path}.essentials"),
            )
        )
    if len(stages) != len(m.STAGES):
        raise w.fail(node, "stages", f"list all four stages in order: {_one_of(m.STAGES)}")
    return stages


def _keyed(
    w: _Walker, node: Node, path: str, seen: dict[str, int], what: str, texts: Sequence[str]
) -> tuple[str, list[m.Text]]:
    """A `key` plus bilingual text fields — the shape of roles, elements, principles…"""
    f = w.fields(node, path, ("key", *texts))
    key = w.key(f["key"], f"{path}.key", seen, what)
    return key, [w.text(f[name], f"{path}.{name}") for name in texts]


def _role(w: _Walker, node: Node, path: str, seen: dict[str, int]) -> m.Role:
    key, (title, responsibilities) = _keyed(
        w, node, path, seen, "role", ("title", "responsibilities")
    )
    return m.Role(key, title, responsibilities)


def _element(w: _Walker, node: Node, path: str, seen: dict[str, int]) -> m.PlanElement:
    fields = ("title", "explanation", "importance")
    key, (title, explanation, importance) = _keyed(w, node, path, seen, "plan element", fields)
    return m.PlanElement(key, title, explanation, importance)


def _prevention(w: _Walker, node: Node, path: str, seen: dict[str, int]) -> m.Prevention:
    fields = ("title", "explanation", "why")
    key, (title, explanation, why) = _keyed(w, node, path, seen, "prevention", fields)
    return m.Prevention(key, title, explanation, why)


def _principle(w: _Walker, node: Node, path: str, seen: dict[str, int]) -> m.Principle:
    key, (title, text) = _keyed(w, node, path, seen, "principle", ("title", "text"))
    return m.Principle(key, title, text)


def _post(
    w: _Walker, node: Node, path: str, seen: dict[str, int], roles: list[str]
) -> m.PostCrisisStep:
    f = w.fields(node, path, ("key", "title", "explanation", "importance"), ("owner",))
    return m.PostCrisisStep(
        key=w.key(f["key"], f"{path}.key", seen, "post-crisis step"),
        title=w.text(f["title"], f"{path}.title"),
        explanation=w.text(f["explanation"], f"{path}.explanation"),
        importance=w.choice(f["importance"], f"{path}.importance", m.IMPORTANCE, "importance"),
        owner=w.choice(f["owner"], f"{path}.owner", roles, "role") if "owner" in f else "",
    )


MAX_MINUTES = 10_080  # a week


def _response(w: _Walker, node: Node) -> m.Response:
    """Response targets per level and escalation rules; levels and tiers each once."""
    f = w.fields(node, "response", (), ("targets", "escalation"))
    targets: list[m.ResponseTarget] = []
    for i, item in enumerate(w.items(f["targets"], "response.targets") if "targets" in f else []):
        path = f"response.targets[{i}]"
        tf = w.fields(item, path, ("level",), ("acknowledge_minutes", "holding_statement_minutes"))
        level = w.integer(tf["level"], f"{path}.level", 1, 5)
        if any(t.level == level for t in targets):
            raise w.fail(tf["level"], f"{path}.level", f"duplicate target for level {level}")
        target = m.ResponseTarget(
            level,
            w.optional_integer(
                tf.get("acknowledge_minutes"), f"{path}.acknowledge_minutes", 1, MAX_MINUTES
            ),
            w.optional_integer(
                tf.get("holding_statement_minutes"),
                f"{path}.holding_statement_minutes",
                1,
                MAX_MINUTES,
            ),
        )
        for action in m.CLOCK_ACTIONS:
            mine = target.minutes(action)
            for lower in targets:
                theirs = lower.minutes(action)
                if (
                    mine is not None
                    and theirs is not None
                    and lower.level < level
                    and mine > theirs
                ):
                    w.warn(
                        item,
                        path,
                        f"level {level} allows {mine} min to {action.replace('_', ' ')}, "
                        f"more than level {lower.level}'s {theirs} min",
                    )
        targets.append(target)
    rules: list[m.EscalationRule] = []
    items = w.items(f["escalation"], "response.escalation") if "escalation" in f else []
    for i, item in enumerate(items):
        path = f"response.escalation[{i}]"
        ef = w.fields(item, path, ("tier", "after_minutes"), ("min_level",))
        tier = w.integer(ef["tier"], f"{path}.tier", 1, 4)
        if any(r.tier == tier for r in rules):
            raise w.fail(ef["tier"], f"{path}.tier", f"duplicate escalation rule for tier {tier}")
        rules.append(
            m.EscalationRule(
                tier,
                w.integer(ef["after_minutes"], f"{path}.after_minutes", 1, MAX_MINUTES),
                w.integer(ef["min_level"], f"{path}.min_level", 1, 5) if "min_level" in ef else 1,
            )
        )
    return m.Response(sorted(targets, key=lambda t: t.level), sorted(rules, key=lambda r: r.tier))


def _recovery(w: _Walker, node: Node) -> m.Recovery:
    """The pre-crisis baseline length and the "back to normal" criteria."""
    f = w.fields(node, "recovery", ("criteria",), ("baseline_days",))
    baseline = (
        w.integer(f["baseline_days"], "recovery.baseline_days", 3, 90)
        if "baseline_days" in f
        else 14
    )
    seen: dict[str, int] = {}
    criteria: list[m.RecoveryCriterion] = []
    for i, item in enumerate(w.items(f["criteria"], "recovery.criteria")):
        path = f"recovery.criteria[{i}]"
        cf = w.fields(item, path, ("key", "metric", "days", "title"))
        criteria.append(
            m.RecoveryCriterion(
                key=w.key(cf["key"], f"{path}.key", seen, "criterion"),
                metric=w.choice(cf["metric"], f"{path}.metric", m.RECOVERY_METRICS, "metric"),
                days=w.integer(cf["days"], f"{path}.days", 1, 60),
                title=w.text(cf["title"], f"{path}.title"),
            )
        )
    return m.Recovery(baseline, criteria)


def _example(w: _Walker, node: Node, path: str, seen: dict[str, int]) -> m.Example:
    f = w.fields(node, path, ("key", "brand", "crisis", "strategy", "outcome"))
    return m.Example(
        key=w.key(f["key"], f"{path}.key", seen, "example"),
        brand=w.string(f["brand"], f"{path}.brand", max_len=200),
        crisis=w.text(f["crisis"], f"{path}.crisis"),
        strategy=w.text(f["strategy"], f"{path}.strategy"),
        outcome=w.text(f["outcome"], f"{path}.outcome"),
    )


def _scenario(
    w: _Walker, node: Node, path: str, seen: dict[str, int], roles: list[str]
) -> m.Scenario:
    f = w.fields(
        node,
        path,
        (
            "key",
            "crisis_type",
            "form",
            "title",
            "description",
            "approach",
            "channels",
            "triggers",
            "steps",
            "messages",
        ),
        ("engagement",),
    )
    key = w.key(f["key"], f"{path}.key", seen, "scenario")
    engagement = ""
    if "engagement" in f:
        engagement = w.choice(
            f["engagement"], f"{path}.engagement", ("", *m.ENGAGEMENTS), "engagement"
        )
    channels: list[str] = []
    for i, item in enumerate(w.items(f["channels"], f"{path}.channels")):
        channel = w.choice(item, f"{path}.channels[{i}]", m.CHANNELS, "channel")
        if channel in channels:
            raise w.fail(item, f"{path}.channels[{i}]", f"duplicate channel '{channel}'")
        channels.append(channel)
    tf = w.fields(f["triggers"], f"{path}.triggers", ("min_level",), ("risk_terms",))
    risk_terms: m.TextList = {lang: [] for lang in w.languages}
    if "risk_terms" in tf:
        risk_terms = w.text_list(tf["risk_terms"], f"{path}.triggers.risk_terms")
    triggers = m.Triggers(
        risk_terms=risk_terms,
        min_level=w.integer(tf["min_level"], f"{path}.triggers.min_level", 1, 5),
    )
    scenario = m.Scenario(
        key=key,
        crisis_type=w.choice(
            f["crisis_type"], f"{path}.crisis_type", m.CRISIS_TYPES, "crisis type"
        ),
        engagement=engagement,
        form=w.choice(f["form"], f"{path}.form", m.FORMS, "form"),
        title=w.text(f["title"], f"{path}.title"),
        description=w.text(f["description"], f"{path}.description"),
        approach=w.text(f["approach"], f"{path}.approach"),
        channels=channels,
        triggers=triggers,
    )
    step_keys: dict[str, int] = {}
    scenario.steps = w.each(
        f["steps"], f"{path}.steps", lambda n, p: _step(w, n, p, step_keys, roles)
    )
    for stage in m.STAGES:
        if not scenario.steps_for(stage):
            w.warn(f["steps"], f"{path}.steps", f"no checklist step for stage '{stage}'")
    message_keys: dict[str, int] = {}
    scenario.messages = w.each(
        f["messages"], f"{path}.messages", lambda n, p: _message(w, n, p, message_keys)
    )
    return scenario


def _step(w: _Walker, node: Node, path: str, seen: dict[str, int], roles: list[str]) -> m.Step:
    f = w.fields(node, path, ("key", "stage", "owner", "text"), ("due_minutes",))
    return m.Step(
        key=w.key(f["key"], f"{path}.key", seen, "step"),
        stage=w.choice(f["stage"], f"{path}.stage", m.STAGES, "stage"),
        owner=w.choice(f["owner"], f"{path}.owner", roles, "role"),
        due_minutes=w.optional_integer(f.get("due_minutes"), f"{path}.due_minutes", 0, 525_600),
        text=w.text(f["text"], f"{path}.text"),
    )


def _message(w: _Walker, node: Node, path: str, seen: dict[str, int]) -> m.Message:
    f = w.fields(node, path, ("key", "purpose", "channel", "language", "body"))
    message = m.Message(
        key=w.key(f["key"], f"{path}.key", seen, "message"),
        purpose=w.choice(f["purpose"], f"{path}.purpose", m.PURPOSES, "purpose"),
        channel=w.choice(f["channel"], f"{path}.channel", m.CHANNELS, "channel"),
        language=w.choice(f["language"], f"{path}.language", w.languages, "language"),
        body=w.string(f["body"], f"{path}.body", max_len=50_000),
    )
    body_node = f["body"]
    unknown = [name for name in placeholders(message.body) if name not in KNOWN]
    if unknown:
        w.warn(
            body_node,
            f"{path}.body",
            f"unknown placeholder(s) {', '.join('{' + u + '}' for u in unknown)} "
            f"(known: {_one_of(KNOWN)})",
        )
    size = measure(message.channel, fill(message.body, TYPICAL))
    if not size.fits:
        w.warn(
            body_node,
            f"{path}.body",
            f"{size.count} {size.unit} after filling placeholders; "
            f"{message.channel} allows {size.limit}",
        )
    return message


def validate_file(path: str | Path) -> tuple[m.Plan, list[PlanWarning]]:
    """Read (size- and encoding-checked) and validate a plan file."""
    return parse_plan(read_plan_file(path), str(path))

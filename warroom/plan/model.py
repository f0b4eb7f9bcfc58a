"""The crisis plan as typed, immutable-by-convention dataclasses.

A plan document (YAML, see `resources/plans/default.yaml`) parses into a
`Plan`.  Bilingual text is a `Text`: a dict from language code to string,
complete for every language the plan declares.  The vocabulary constants
below are the only values the validator accepts for stages, crisis types,
forms, channels, purposes and languages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA = "warroom-plan"
SCHEMA_VERSION = 1

Text = dict[str, str]
TextList = dict[str, list[str]]

STAGES: tuple[str, ...] = ("preparation", "detection", "intervention", "improvement")
CRISIS_TYPES: tuple[str, ...] = ("reputation", "service", "cybersecurity", "employee")
ENGAGEMENTS: tuple[str, ...] = (
    "product_error",
    "customer_complaint",
    "reputation_attack",
    "employee_error",
)
FORMS: tuple[str, ...] = ("text", "visual", "dynamic")
CHANNELS: tuple[str, ...] = (
    "x",
    "facebook",
    "instagram",
    "linkedin",
    "blog",
    "press_release",
    "private_message",
    "sms",
    "mastodon",
    "bluesky",
    "email",
    "website",
)
PURPOSES: tuple[str, ...] = (
    "holding_statement",
    "apology",
    "update",
    "correction",
    "reply",
    "internal",
)
LANGUAGES: tuple[str, ...] = ("en", "ms")
IMPORTANCE: tuple[str, ...] = ("high", "medium", "low")
SEVERITY_LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)


@dataclass
class Settings:
    """Plan-wide settings: aggregate severity (0-100) at which levels 2..5 start."""

    severity_levels: dict[int, int]

    def level_for(self, severity: float) -> int:
        """The severity level (1-5) of an aggregate severity score."""
        level = 1
        for lvl in sorted(self.severity_levels):
            if severity >= self.severity_levels[lvl]:
                level = lvl
        return level


@dataclass
class Stage:
    key: str
    title: Text
    what: Text
    essentials: Text


@dataclass
class Role:
    key: str
    title: Text
    responsibilities: Text


@dataclass
class PlanElement:
    key: str
    title: Text
    explanation: Text
    importance: Text


@dataclass
class Prevention:
    key: str
    title: Text
    explanation: Text
    why: Text


@dataclass
class PostCrisisStep:
    key: str
    title: Text
    explanation: Text
    importance: str  # high, medium, low
    owner: str = ""  # a role key; "" when the plan names none


CLOCK_ACTIONS: tuple[str, ...] = ("acknowledge", "holding_statement")
RECOVERY_METRICS: tuple[str, ...] = ("volume", "negative_share", "mean_sentiment")


@dataclass
class ResponseTarget:
    """How fast the team must act once an incident reaches `level` (minutes; None: no target)."""

    level: int
    acknowledge_minutes: int | None
    holding_statement_minutes: int | None

    def minutes(self, action: str) -> int | None:
        return (
            self.acknowledge_minutes if action == "acknowledge" else self.holding_statement_minutes
        )


@dataclass
class EscalationRule:
    """Contacts of `tier` not acknowledging within `after_minutes` make tier+1 due."""

    tier: int
    after_minutes: int
    min_level: int = 1


@dataclass
class Response:
    """Response targets per severity level and the contact escalation rules."""

    targets: list[ResponseTarget] = field(default_factory=list)
    escalation: list[EscalationRule] = field(default_factory=list)

    def target(self, level: int) -> ResponseTarget | None:
        return next((t for t in self.targets if t.level == level), None)


@dataclass
class RecoveryCriterion:
    """A metric back inside its pre-crisis band for `days` consecutive days."""

    key: str
    metric: str  # one of RECOVERY_METRICS
    days: int
    title: Text


@dataclass
class Recovery:
    """ "Back to normal": baseline length (days before the incident) and the criteria."""

    baseline_days: int = 14
    criteria: list[RecoveryCriterion] = field(default_factory=list)


def default_response() -> Response:
    """Targets for a plan that sets none: level 3 30/120 min, 4 10/60, 5 5/30; tiers 15/30 min."""
    return Response(
        targets=[
            ResponseTarget(3, 30, 120),
            ResponseTarget(4, 10, 60),
            ResponseTarget(5, 5, 30),
        ],
        escalation=[EscalationRule(1, 15, 3), EscalationRule(2, 30, 4)],
    )


def default_recovery(languages: list[str]) -> Recovery:
    """Criteria for a plan that sets none: each metric in its band for 3 days, 14-day baseline."""
    titles = {
        "volume": {"en": "Mention volume back to normal", "ms": "Jumlah sebutan kembali normal"},
        "negative_share": {
            "en": "Negative share back to normal",
            "ms": "Bahagian negatif kembali normal",
        },
        "mean_sentiment": {
            "en": "Mean sentiment back to normal",
            "ms": "Purata sentimen kembali normal",
        },
    }
    return Recovery(
        14,
        [
            RecoveryCriterion(
                metric,
                metric,
                3,
                {lang: titles[metric].get(lang, titles[metric]["en"]) for lang in languages},
            )
            for metric in RECOVERY_METRICS
        ],
    )


@dataclass
class Example:
    key: str
    brand: str
    crisis: Text
    strategy: Text
    outcome: Text


@dataclass
class Principle:
    key: str
    title: Text
    text: Text


@dataclass
class Triggers:
    """What proposes a scenario: risk terms per language and a minimum level."""

    risk_terms: TextList
    min_level: int


@dataclass
class Step:
    key: str
    stage: str
    owner: str  # a role key
    due_minutes: int | None  # offset from the incident start
    text: Text


@dataclass
class Message:
    key: str
    purpose: str
    channel: str
    language: str
    body: str


@dataclass
class Scenario:
    key: str
    crisis_type: str
    engagement: str
    form: str
    title: Text
    description: Text
    approach: Text
    channels: list[str]
    triggers: Triggers
    steps: list[Step] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)

    def steps_for(self, stage: str) -> list[Step]:
        return [step for step in self.steps if step.stage == stage]


@dataclass
class Plan:
    name: str
    languages: list[str]
    settings: Settings
    stages: list[Stage]
    roles: list[Role]
    scenarios: list[Scenario]
    plan_elements: list[PlanElement] = field(default_factory=list)
    prevention: list[Prevention] = field(default_factory=list)
    post_crisis: list[PostCrisisStep] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    principles: list[Principle] = field(default_factory=list)
    response: Response = field(default_factory=default_response)
    recovery: Recovery = field(default_factory=lambda: default_recovery(list(LANGUAGES)))
    schema_version: int = SCHEMA_VERSION

    def scenario(self, key: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.key == key), None)

    def role(self, key: str) -> Role | None:
        return next((r for r in self.roles if r.key == key), None)

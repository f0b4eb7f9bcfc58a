"""Which tables team sync exchanges, in which order, and how each one merges.

Append-only tables merge as a union by UUID (and by their other unique keys:
a mention is one per source and external id, whoever fetched it).  Mutable
tables resolve last-writer-wins per field group: two laptops editing different
groups of the same row both keep their edit; editing the same group is a
conflict the later edit wins, and it is written on the incident's timeline.
Derived and local tables (volume buckets, sync state, store info) are never
exchanged: volume buckets are rebuilt for pulled mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Table

from warroom.store.models import Base

META_COLUMNS = ("id", "created_at", "updated_at", "origin")


@dataclass(frozen=True)
class TableSpec:
    """How one table syncs.

    groups: field groups of a mutable table (name -> columns); columns of the
    table in no group form the group "other".  local: columns that describe
    this laptop's own state (a source's polling cursor and health): pushed
    with a new row, never overwritten by a pull, never a conflict.
    label: the column that names a row in a conflict message.
    """

    name: str
    mutable: bool
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    local: tuple[str, ...] = ()
    label: str = ""

    @property
    def table(self) -> Table:
        return Base.metadata.tables[self.name]

    @property
    def columns(self) -> list[str]:
        return [c.name for c in self.table.columns]

    def field_groups(self) -> dict[str, tuple[str, ...]]:
        """Every non-meta, non-local column in exactly one group."""
        grouped = {c for cols in self.groups.values() for c in cols}
        rest = tuple(
            c
            for c in self.columns
            if c not in grouped and c not in META_COLUMNS and c not in self.local
        )
        groups = dict(self.groups)
        if rest:
            groups["other"] = rest
        return groups


SOURCE_STATE = (
    "cursor",
    "health",
    "last_success_at",
    "last_error_at",
    "last_error",
    "items_fetched",
    "rate_limit_remaining",
    "rate_limit_reset_at",
)

# Parents before children, so foreign keys hold on both engines.
TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "brands",
        True,
        {"identity": ("name", "website", "hotline"), "keywords": ("keywords", "languages")},
        label="name",
    ),
    TableSpec(
        "sources",
        True,
        {
            "name": ("name", "kind"),
            "query": ("base_url", "query", "options"),
            "schedule": ("interval_s", "enabled"),
        },
        local=SOURCE_STATE,
        label="name",
    ),
    TableSpec(
        "contacts",
        True,
        {
            "identity": ("name", "group", "role", "organisation"),
            "reach": ("phone", "email"),
            "escalation": ("escalation_tier", "availability", "timezone"),
            "notes": ("notes",),
        },
        label="name",
    ),
    TableSpec(
        "plan_versions",
        True,
        {"active": ("active",)},
        label="name",
    ),
    TableSpec("scenarios", True, label="key"),
    TableSpec("checklist_steps", True, label="key"),
    TableSpec(
        "message_templates",
        True,
        {
            "body": ("body", "channel", "language", "purpose"),
            "approval": ("status", "approved_by", "approved_at", "expires_at"),
        },
        label="key",
    ),
    TableSpec(
        "incidents",
        True,
        {
            "title": ("title",),
            "classification": ("crisis_type", "scenario_key", "plan_version_id"),
            "stage": ("stage", "closed_at"),
            "severity": ("severity_level",),
            "owner": ("owner",),
            "lessons": ("lessons_learned", "post_crisis"),
        },
        label="title",
    ),
    TableSpec("mentions", False),
    TableSpec("alerts", False),
    TableSpec("approvals", False),
    TableSpec("timeline_entries", False),
    TableSpec("pinned_mentions", False),
    TableSpec("step_ticks", False),
    TableSpec("messages_sent", False),
    TableSpec("contact_events", False),
    TableSpec("poll_log", False),
)

BY_NAME = {spec.name: spec for spec in TABLES}
MUTABLE = tuple(spec for spec in TABLES if spec.mutable)
APPEND_ONLY = tuple(spec for spec in TABLES if not spec.mutable)

# Columns that point at a mention, rewritten when a laptop's copy of a mention
# turns out to be stored on the server under another laptop's id.
MENTION_REFERENCES: dict[str, tuple[str, ...]] = {
    "mentions": ("duplicate_of_id",),
    "pinned_mentions": ("mention_id",),
    "messages_sent": ("in_reply_to",),
}
# Columns that point at a source, rewritten when two laptops created the same
# source (sources are one per name across the team).
SOURCE_REFERENCES: dict[str, tuple[str, ...]] = {
    "mentions": ("source_id",),
    "volume_buckets": ("source_id",),
    "poll_log": ("source_id",),
}

"""The whole product's schema as SQLAlchemy 2 ORM models.

Portable between SQLite (each laptop's working copy) and PostgreSQL (the team
server): every row has a UUID key (text), created/updated times in UTC and
the id of the laptop that wrote it (`origin`), so team sync can exchange rows
by key and time.  Nothing relies on SQLite-only behaviour; the one SQLite-only
object, the FTS5 full-text index over mentions, is created by the migration on
SQLite alone and is a derived index, never synced.

Append-only records (mentions, timeline entries, approvals, checklist ticks,
messages sent, contact events, alerts) are only ever inserted.  Mutable records
(sources, incidents, contacts, plan rows) are updated in place and resolved
last-writer-wins per field group when laptops merge.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from warroom import clock

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Alembic autogenerate: the FTS5 index and its shadow tables are not models."""
    return not (type_ == "table" and name is not None and name.startswith("mentions_fts"))


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Now, in UTC: the wall clock, or a running drill's clock (warroom.clock)."""
    return clock.now()


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every engine.

    SQLite has no time zones: values are stored as naive UTC and come back
    aware; PostgreSQL stores timestamptz.  Naive datetimes are refused so no
    local time ever slips in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use UTC-aware times")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class RowMixin:
    """UUID key, created/updated times and origin laptop on every row."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    origin: Mapped[str] = mapped_column(String(36), default="")


# --- configuration ---------------------------------------------------------------


class Brand(RowMixin, Base):
    """The brand the war room watches (one per store in practice)."""

    __tablename__ = "brands"
    name: Mapped[str] = mapped_column(String(200))
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    languages: Mapped[list[Any]] = mapped_column(default=list)
    hotline: Mapped[str] = mapped_column(String(100), default="")
    website: Mapped[str] = mapped_column(String(500), default="")


class Source(RowMixin, Base):
    """A configured monitoring source and its polling state and health.

    Credentials are never here: they live in the OS keyring under the source's
    name.  `cursor` holds the service's paging state (ETag, min_id, cursor…)
    and advances only in the transaction that stores the page it describes.
    """

    __tablename__ = "sources"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    base_url: Mapped[str] = mapped_column(String(2000), default="")
    query: Mapped[str] = mapped_column(String(1000), default="")
    interval_s: Mapped[int] = mapped_column(Integer, default=300)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    cursor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    health: Mapped[str] = mapped_column(String(20), default="new")  # ok, error, offline, new
    last_success_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error_at: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")
    items_fetched: Mapped[int] = mapped_column(Integer, default=0)
    rate_limit_remaining: Mapped[int | None] = mapped_column(Integer, default=None)
    rate_limit_reset_at: Mapped[datetime | None] = mapped_column(default=None)


class PollLog(RowMixin, Base):
    """One poll of a source: when, its outcome, how much came back, the rate limit.

    Append-only; what source coverage (last fetch, usual rate, gaps) is computed
    from.  `error` is in plain words, never a secret or a raw response.
    """

    __tablename__ = "poll_log"
    __table_args__ = (Index("ix_poll_log_source_finished", "source_id", "finished_at"),)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column()
    finished_at: Mapped[datetime] = mapped_column(index=True)
    ok: Mapped[bool] = mapped_column(Boolean, default=True)
    health: Mapped[str] = mapped_column(String(20), default="ok")
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    rate_limit_remaining: Mapped[int | None] = mapped_column(Integer, default=None)
    rate_limit_reset_at: Mapped[datetime | None] = mapped_column(default=None)


# --- mentions ----------------------------------------------------------------------


class Mention(RowMixin, Base):
    """One thing somebody said about the brand, from one source.

    Unique per (source, external id), so fetching it again stores nothing.  The
    same canonical URL seen through two sources is linked through
    `duplicate_of_id`, not counted twice.
    """

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("source_id", "external_id", name="uq_mentions_source_external"),
        Index("ix_mentions_published", "published_at"),
        Index("ix_mentions_canonical_url", "canonical_url"),
        Index("ix_mentions_cluster", "cluster_id"),
    )
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="RESTRICT"))
    external_id: Mapped[str] = mapped_column(String(300))
    canonical_url: Mapped[str] = mapped_column(String(2000), default="")
    author: Mapped[str] = mapped_column(String(300), default="")
    author_handle: Mapped[str] = mapped_column(String(300), default="")
    author_reach: Mapped[int] = mapped_column(Integer, default=0)
    engagement: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10), default="")
    published_at: Mapped[datetime] = mapped_column()
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    sentiment: Mapped[float | None] = mapped_column(Float, default=None)
    source_sentiment: Mapped[float | None] = mapped_column(Float, default=None)
    severity: Mapped[float | None] = mapped_column(Float, default=None)
    severity_parts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    risk_terms: Mapped[list[Any]] = mapped_column(default=list)
    cluster_id: Mapped[str | None] = mapped_column(String(36), default=None)
    duplicate_of_id: Mapped[str | None] = mapped_column(String(36), default=None)
    status: Mapped[str] = mapped_column(String(20), default="new")
    assignee: Mapped[str] = mapped_column(String(200), default="")
    tags: Mapped[list[Any]] = mapped_column(default=list)
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)

    source: Mapped[Source] = relationship(lazy="joined")


class VolumeBucket(RowMixin, Base):
    """Per-minute mention counts by source, kept per ingest batch (derived)."""

    __tablename__ = "volume_buckets"
    __table_args__ = (
        UniqueConstraint("bucket_start", "source_id", name="uq_volume_buckets_bucket_source"),
    )
    bucket_start: Mapped[datetime] = mapped_column()
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    total: Mapped[int] = mapped_column(Integer, default=0)
    negative: Mapped[int] = mapped_column(Integer, default=0)
    neutral: Mapped[int] = mapped_column(Integer, default=0)
    positive: Mapped[int] = mapped_column(Integer, default=0)
    severity_sum: Mapped[float] = mapped_column(Float, default=0.0)
    reach_sum: Mapped[int] = mapped_column(Integer, default=0)


class Alert(RowMixin, Base):
    """A spike or severity rise the detector raised."""

    __tablename__ = "alerts"
    series: Mapped[str] = mapped_column(String(100))  # volume, negative, term:<term>, level
    bucket_start: Mapped[datetime] = mapped_column()
    score: Mapped[float] = mapped_column(Float, default=0.0)
    value: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    scenario_key: Mapped[str] = mapped_column(String(100), default="")
    incident_id: Mapped[str | None] = mapped_column(ForeignKey("incidents.id"), default=None)
    acknowledged_by: Mapped[str] = mapped_column(String(200), default="")


# --- the plan ---------------------------------------------------------------------


class PlanVersion(RowMixin, Base):
    """One imported version of the crisis plan; exactly one is active.

    `document` keeps the plan file's text as imported, so export of an
    unchanged plan is byte-identical and reverting restores it exactly.
    """

    __tablename__ = "plan_versions"
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    source_file: Mapped[str] = mapped_column(String(1000), default="")
    document: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_by: Mapped[str] = mapped_column(String(200), default="")
    parent_id: Mapped[str | None] = mapped_column(String(36), default=None)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)  # thresholds, roles…

    scenarios: Mapped[list[Scenario]] = relationship(
        back_populates="plan_version", cascade="all, delete-orphan", order_by="Scenario.position"
    )


class Scenario(RowMixin, Base):
    """A crisis scenario of the plan with its trigger signals and engagement row."""

    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("plan_version_id", "key", name="uq_scenarios_plan_key"),)
    plan_version_id: Mapped[str] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    crisis_type: Mapped[str] = mapped_column(
        String(30)
    )  # reputation, service, cybersecurity, employee
    engagement: Mapped[str] = mapped_column(String(50), default="")  # product_error, …
    form: Mapped[str] = mapped_column(String(20), default="text")  # text, visual, dynamic
    title: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"en": …, "ms": …}
    description: Mapped[dict[str, Any]] = mapped_column(default=dict)
    approach: Mapped[dict[str, Any]] = mapped_column(default=dict)
    channels: Mapped[list[Any]] = mapped_column(default=list)
    triggers: Mapped[dict[str, Any]] = mapped_column(default=dict)  # risk terms, thresholds

    plan_version: Mapped[PlanVersion] = relationship(back_populates="scenarios")
    steps: Mapped[list[ChecklistStep]] = relationship(
        back_populates="scenario", cascade="all, delete-orphan", order_by="ChecklistStep.position"
    )
    messages: Mapped[list[MessageTemplate]] = relationship(
        back_populates="scenario", cascade="all, delete-orphan", order_by="MessageTemplate.position"
    )


class ChecklistStep(RowMixin, Base):
    __tablename__ = "checklist_steps"
    scenario_id: Mapped[str] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    stage: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(Integer, default=0)
    owner_role: Mapped[str] = mapped_column(String(100), default="")
    due_minutes: Mapped[int | None] = mapped_column(Integer, default=None)
    text: Mapped[dict[str, Any]] = mapped_column(default=dict)

    scenario: Mapped[Scenario] = relationship(back_populates="steps")


class MessageTemplate(RowMixin, Base):
    """A draft message for one channel and language, with its approval state."""

    __tablename__ = "message_templates"
    scenario_id: Mapped[str] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(10))
    purpose: Mapped[str] = mapped_column(String(50), default="")  # holding_statement, apology…
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    approved_by: Mapped[str] = mapped_column(String(200), default="")
    approved_at: Mapped[datetime | None] = mapped_column(default=None)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)

    scenario: Mapped[Scenario] = relationship(back_populates="messages")


class Approval(RowMixin, Base):
    """Append-only record of each approval action on a message template."""

    __tablename__ = "approvals"
    message_id: Mapped[str] = mapped_column(ForeignKey("message_templates.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))  # submitted, approved, rejected, reset
    actor: Mapped[str] = mapped_column(String(200))
    comment: Mapped[str] = mapped_column(Text, default="")
    body_hash: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


# --- people -------------------------------------------------------------------------


class Contact(RowMixin, Base):
    """A stakeholder on the contact sheet."""

    __tablename__ = "contacts"
    name: Mapped[str] = mapped_column(String(200))
    group: Mapped[str] = mapped_column(String(50))  # crisis_team, executives, legal, …
    role: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    escalation_tier: Mapped[int] = mapped_column(Integer, default=3)
    availability: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(50), default="UTC")
    notes: Mapped[str] = mapped_column(Text, default="")


# --- incidents ----------------------------------------------------------------------


class Incident(RowMixin, Base):
    __tablename__ = "incidents"
    title: Mapped[str] = mapped_column(String(300))
    crisis_type: Mapped[str] = mapped_column(String(30), default="reputation")
    scenario_key: Mapped[str] = mapped_column(String(100), default="")
    plan_version_id: Mapped[str | None] = mapped_column(String(36), default=None)
    stage: Mapped[str] = mapped_column(String(40), default="detection")
    severity_level: Mapped[int] = mapped_column(Integer, default=1)
    owner: Mapped[str] = mapped_column(String(200), default="")
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    opened_by: Mapped[str] = mapped_column(String(200), default="")
    lessons_learned: Mapped[str] = mapped_column(Text, default="")
    post_crisis: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # facts the plan's messages are filled with: product, batch, location…
    details: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")


class TimelineEntry(RowMixin, Base):
    """One append-only, hash-chained entry of an incident's decision log.

    Each laptop (`origin`) keeps its own chain per incident: `seq` counts from
    1 and `prev_hash` is the hash of that laptop's previous entry, so entries
    appended offline on two laptops merge without breaking either chain; a
    `merge` entry binds the heads of the other chains it has seen.
    """

    __tablename__ = "timeline_entries"
    __table_args__ = (
        UniqueConstraint("incident_id", "origin", "seq", name="uq_timeline_chain_seq"),
        Index("ix_timeline_incident_time", "incident_id", "occurred_at"),
    )
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id", ondelete="RESTRICT"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))  # note, stage, severity, step, message, contact…
    author: Mapped[str] = mapped_column(String(200))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64))


class PinnedMention(RowMixin, Base):
    __tablename__ = "pinned_mentions"
    __table_args__ = (
        UniqueConstraint("incident_id", "mention_id", name="uq_pinned_incident_mention"),
    )
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    mention_id: Mapped[str] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"))
    pinned_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class StepTick(RowMixin, Base):
    """A checklist step ticked (or unticked) during an incident."""

    __tablename__ = "step_ticks"
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    step_key: Mapped[str] = mapped_column(String(200))  # scenario_key/step_key
    done: Mapped[bool] = mapped_column(Boolean, default=True)
    by: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class MessageSent(RowMixin, Base):
    __tablename__ = "messages_sent"
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    template_key: Mapped[str] = mapped_column(String(200), default="")
    template_id: Mapped[str | None] = mapped_column(String(36), default=None)
    approval_id: Mapped[str | None] = mapped_column(String(36), default=None)
    channel: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(10), default="en")
    body: Mapped[str] = mapped_column(Text)
    in_reply_to: Mapped[str | None] = mapped_column(String(36), default=None)  # mention id
    sent_by: Mapped[str] = mapped_column(String(200), default="")
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class ContactEvent(RowMixin, Base):
    """A stakeholder contacted or acknowledging, per incident."""

    __tablename__ = "contact_events"
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # contacted, acknowledged
    by: Mapped[str] = mapped_column(String(200), default="")
    channel: Mapped[str] = mapped_column(String(30), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


# --- team sync ----------------------------------------------------------------------


class SyncState(RowMixin, Base):
    """How far this store has exchanged each table with the team server."""

    __tablename__ = "sync_state"
    __table_args__ = (UniqueConstraint("peer", "table_name", name="uq_sync_state_peer_table"),)
    peer: Mapped[str] = mapped_column(String(500))
    table_name: Mapped[str] = mapped_column(String(100))
    pushed_until: Mapped[datetime | None] = mapped_column(default=None)
    pulled_until: Mapped[datetime | None] = mapped_column(default=None)


class StoreInfo(RowMixin, Base):
    """Key/value facts about this store (its laptop id…); local, never synced."""

    __tablename__ = "store_info"
    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text, default="")

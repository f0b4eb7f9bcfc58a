"""The war room at a glance: the figures a crisis lead asks for, and the top narratives.

`glance(session)` answers: what level and which way is it going, how many
mentions in the last 15 minutes and the last hour against the usual rate,
what share is negative and which way that goes, how long since we last said
something in public, what is due next and who owns it, how many alerts are
open.  `top_narratives(session)` lists the largest near-duplicate clusters
of the last hours (copy-paste campaigns, the stories people retell) with a
representative mention.

Pure functions over the store: no Qt.  "No data" is never zero: a figure
that cannot be known is None, with the reason in `why` (a short English
key the interface translates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session

from warroom.incidents import clocks as clock_engine
from warroom.incidents import service as incidents
from warroom.incidents import timeline
from warroom.store.models import Alert, Mention, MessageSent, utcnow

NEGATIVE = -0.05  # the feed's own threshold (ui/models/feed_filter.py)
BASELINE_SPAN = timedelta(hours=24)  # the usual rate: the day before the last hour
NARRATIVE_SPAN = timedelta(hours=24)
PRIVATE_CHANNELS = ("private_message", "email", "phone", "sms")

# reasons a figure is unknown (the interface words them)
NO_INCIDENT = "no_incident"
NO_MENTIONS = "no_mentions"
NO_HISTORY = "no_history"
NO_SCORED = "no_scored"
NO_STATEMENT = "no_statement"
NO_PLAN = "no_plan"
NOTHING_DUE = "nothing_due"


@dataclass(frozen=True)
class Glance:
    now: datetime
    incident_id: str | None = None
    opened_at: datetime | None = None
    level: int | None = None
    level_trend: int | None = None  # +1 rose in the last hour, -1 fell, 0 steady
    last_15: int | None = None
    last_hour: int | None = None
    baseline_15: float | None = None  # the usual count per 15 min
    baseline_hour: float | None = None
    negative_share: float | None = None  # 0..1 of the last hour's scored mentions
    negative_trend: float | None = None  # share now minus the hour before
    scored_hour: int = 0
    last_statement_at: datetime | None = None
    last_statement_channel: str = ""
    next_action: dict[str, str] = field(default_factory=dict)  # text by language
    next_label: str = ""
    next_owner: str = ""
    next_due_at: datetime | None = None
    next_clock: clock_engine.Clock | None = None
    overdue: int = 0
    open_alerts: int | None = None
    first_open_alert_at: datetime | None = None
    why: dict[str, str] = field(default_factory=dict)  # figure -> reason it is unknown

    @property
    def since_statement(self) -> timedelta | None:
        return None if self.last_statement_at is None else self.now - self.last_statement_at


def _count(session: Session, since: datetime, until: datetime, *, negative: bool = False) -> int:
    query = (
        select(func.count())
        .select_from(Mention)
        .where(Mention.published_at >= since, Mention.published_at < until)
    )
    if negative:
        query = query.where(Mention.sentiment <= NEGATIVE)
    return int(session.scalar(query) or 0)


def _scored(session: Session, since: datetime, until: datetime) -> tuple[int, int]:
    """(scored, negative) mentions in [since, until)."""
    row = session.execute(
        select(
            func.count(Mention.sentiment),
            func.sum((Mention.sentiment <= NEGATIVE).cast(Integer)),
        ).where(Mention.published_at >= since, Mention.published_at < until)
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def glance(session: Session, now: datetime | None = None) -> Glance:
    """Every figure of the at-a-glance strip, read from the store at `now`."""
    now = now or utcnow()
    why: dict[str, str] = {}
    hour_ago = now - timedelta(hours=1)
    values: dict[str, object] = {}

    any_mention = session.scalar(select(Mention.id).limit(1)) is not None
    if not any_mention:
        for key in ("last_15", "last_hour", "negative_share"):
            why[key] = NO_MENTIONS
    else:
        values["last_15"] = _count(session, now - timedelta(minutes=15), now)
        values["last_hour"] = _count(session, hour_ago, now)
        earliest = session.scalar(select(func.min(Mention.published_at)))
        base_from = hour_ago - BASELINE_SPAN
        if earliest is None or earliest >= hour_ago:
            why["baseline"] = NO_HISTORY
        else:
            start = max(base_from, earliest)
            span_h = (hour_ago - start).total_seconds() / 3600
            if span_h < 0.25:
                why["baseline"] = NO_HISTORY
            else:
                before = _count(session, start, hour_ago)
                values["baseline_hour"] = before / span_h
                values["baseline_15"] = before / span_h / 4
        scored, negative = _scored(session, hour_ago, now)
        values["scored_hour"] = scored
        if scored == 0:
            why["negative_share"] = NO_SCORED
        else:
            share = negative / scored
            values["negative_share"] = share
            prev_scored, prev_negative = _scored(session, hour_ago - timedelta(hours=1), hour_ago)
            if prev_scored:
                values["negative_trend"] = share - prev_negative / prev_scored
            else:
                why["negative_trend"] = NO_HISTORY

    open_alerts = session.execute(
        select(func.count(), func.min(Alert.bucket_start)).where(Alert.acknowledged_by == "")
    ).one()
    values["open_alerts"] = int(open_alerts[0] or 0)
    values["first_open_alert_at"] = open_alerts[1]

    incident = incidents.current_incident(session)
    if incident is None:
        for key in ("level", "statement", "next"):
            why[key] = NO_INCIDENT
        return Glance(now=now, why=why, **values)  # type: ignore[arg-type]

    values["incident_id"] = incident.id
    values["opened_at"] = incident.opened_at
    values["level"] = incident.severity_level
    entries = timeline.entries(session, incident.id)
    history = clock_engine.level_history(entries, incident.opened_at, incident.severity_level)
    earlier = [level for at, level in history if at <= hour_ago]
    then = earlier[-1] if earlier else history[0][1]  # opened within the hour: since opening
    current = incident.severity_level
    values["level_trend"] = (current > then) - (current < then)

    statement = session.execute(
        select(MessageSent.sent_at, MessageSent.channel)
        .where(
            MessageSent.incident_id == incident.id,
            MessageSent.in_reply_to.is_(None),
            MessageSent.channel.not_in(PRIVATE_CHANNELS),
        )
        .order_by(MessageSent.sent_at.desc())
        .limit(1)
    ).first()
    if statement is None:
        why["statement"] = NO_STATEMENT
    else:
        values["last_statement_at"] = statement[0]
        values["last_statement_channel"] = statement[1]

    found = clock_engine.incident_clocks(session, incident, entries)
    if not found:
        why["next"] = NO_PLAN
    else:
        values["overdue"] = sum(1 for c in found if c.state(now) == "breached")
        upcoming = clock_engine.next_due(found, now)
        late = [c for c in found if c.state(now) == "breached"]
        if late:  # the oldest overdue action comes before anything still running
            upcoming = min(late, key=lambda c: c.due_at)
        if upcoming is None:
            why["next"] = NOTHING_DUE
        else:
            values["next_action"] = dict(upcoming.text)
            values["next_label"] = upcoming.label
            values["next_owner"] = upcoming.owner
            values["next_due_at"] = upcoming.due_at
            values["next_clock"] = upcoming
    return Glance(now=now, why=why, **values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Narrative:
    """One near-duplicate cluster: how big, which way, how it feels, what it says."""

    cluster_id: str
    count: int
    last_hour: int
    hour_before: int
    sentiment: float | None  # mean of its scored members
    text: str  # its most engaging member's text (plain, as stored)
    author: str
    first_at: datetime
    last_at: datetime

    @property
    def trend(self) -> int:
        return (self.last_hour > self.hour_before) - (self.last_hour < self.hour_before)


def top_narratives(
    session: Session,
    now: datetime | None = None,
    *,
    span: timedelta = NARRATIVE_SPAN,
    limit: int = 4,
    min_count: int = 2,
) -> list[Narrative]:
    """The largest clusters among mentions published in the last `span`, largest first."""
    now = now or utcnow()
    since = now - span
    hour_ago = now - timedelta(hours=1)
    two_hours = now - timedelta(hours=2)
    recent = (Mention.published_at >= hour_ago).cast(Integer)
    before = ((Mention.published_at >= two_hours) & (Mention.published_at < hour_ago)).cast(Integer)
    rows = session.execute(
        select(
            Mention.cluster_id,
            func.count(),
            func.sum(recent),
            func.sum(before),
            func.avg(Mention.sentiment),
            func.min(Mention.published_at),
            func.max(Mention.published_at),
        )
        .where(
            Mention.published_at >= since,
            Mention.published_at <= now,
            Mention.cluster_id.is_not(None),
        )
        .group_by(Mention.cluster_id)
        .having(func.count() >= min_count)
        .order_by(func.count().desc(), func.max(Mention.published_at).desc())
        .limit(limit)
    ).all()
    out: list[Narrative] = []
    for row in rows:
        cluster_id, count, last_hour, hour_before = row[0], row[1], row[2], row[3]
        sentiment: float | None = row[4]
        first_at: datetime = row[5]
        last_at: datetime = row[6]
        member = session.execute(
            select(Mention.text, Mention.author)
            .where(
                Mention.cluster_id == cluster_id,
                Mention.published_at >= since,
                Mention.published_at <= now,
            )
            .order_by(
                (Mention.engagement + Mention.author_reach).desc(), Mention.published_at.asc()
            )
            .limit(1)
        ).one()
        out.append(
            Narrative(
                cluster_id=str(cluster_id),
                count=int(count),
                last_hour=int(last_hour or 0),
                hour_before=int(hour_before or 0),
                sentiment=None if sentiment is None else float(sentiment),
                text=str(member[0] or ""),
                author=str(member[1] or ""),
                first_at=first_at,
                last_at=last_at,
            )
        )
    return out

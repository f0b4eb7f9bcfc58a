"""Everything the incident report shows, gathered with SQL aggregates.

Mention volume, sentiment and reach come from the per-minute `volume_buckets`
rollup summed per minute (a few thousand rows for a two-day span whatever the
mention count); languages and key mentions are GROUP BY / ORDER BY … LIMIT
queries.  No mention is loaded as an ORM object except the few key mentions.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom.incidents import chain, clocks, recovery, timeline
from warroom.incidents import service as svc
from warroom.incidents.clocks import Clock
from warroom.incidents.recovery import Recovery
from warroom.store.models import (
    Alert,
    Approval,
    Brand,
    ChecklistStep,
    Contact,
    ContactEvent,
    Incident,
    Mention,
    MessageSent,
    PinnedMention,
    PlanVersion,
    Scenario,
    Source,
    StepTick,
    TimelineEntry,
    VolumeBucket,
    utcnow,
)

LEAD_IN = timedelta(hours=12)  # the chart and spike search start this long before opening
KEY_MENTIONS = 10
SPIKE_FACTOR = 3.0


@dataclass
class Bin:
    start: datetime
    total: int = 0
    negative: int = 0
    neutral: int = 0
    positive: int = 0
    severity_sum: float = 0.0
    reach: int = 0

    @property
    def mean_severity(self) -> float:
        return self.severity_sum / self.total if self.total else 0.0


@dataclass
class KeyMention:
    id: str
    author: str
    handle: str
    source: str
    language: str
    published_at: datetime
    text: str
    severity: float | None
    sentiment: float | None
    reach: int
    url: str
    pinned_by: str = ""
    note: str = ""


@dataclass
class StageChecklist:
    stage: str
    steps: list[tuple[str, str, bool, str, datetime | None]]  # key, text, done, by, at

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s[2])


@dataclass
class SentMessage:
    template: str
    channel: str
    language: str
    body: str
    sent_by: str
    sent_at: datetime
    approved_by: str
    approved_at: datetime | None
    approval_comment: str


@dataclass
class ContactRow:
    name: str
    role: str
    group: str
    kind: str
    by: str
    channel: str
    at: datetime


@dataclass
class PostCrisisRow:
    key: str
    title: str
    guidance: str
    importance: str
    filled: str
    owner: str = ""


@dataclass
class ReportData:
    incident_id: str
    title: str
    brand: str
    crisis_type: str
    scenario: str
    stage: str
    severity_level: int
    owner: str
    author: str
    opened_at: datetime
    closed_at: datetime | None
    generated_at: datetime
    span_start: datetime
    span_end: datetime
    bin_minutes: int
    bins: list[Bin]
    severity_steps: list[tuple[datetime, int]]
    total_mentions: int
    negative: int
    neutral: int
    positive: int
    reach: int
    peak: Bin | None
    top_sources: list[tuple[str, int]]
    top_languages: list[tuple[str, int]]
    first_spike_at: datetime | None
    first_response_at: datetime | None
    key_mentions: list[KeyMention]
    key_mentions_pinned: bool
    entries: list[TimelineEntry]
    chain_problem: str | None
    combined_head: str
    heads: dict[str, str]
    checklist: list[StageChecklist]
    messages: list[SentMessage]
    contacts: list[ContactRow]
    post_crisis: list[PostCrisisRow]
    lessons_learned: str
    lessons_entries: list[TimelineEntry] = field(default_factory=list)
    clocks: list[Clock] = field(default_factory=list)
    breaches: list[TimelineEntry] = field(default_factory=list)
    recovery: Recovery | None = None

    @property
    def duration(self) -> timedelta:
        return (self.closed_at or self.generated_at) - self.opened_at


def _bin_minutes(span: timedelta) -> int:
    """Chart bins: about 60-150 bars whatever the span."""
    minutes = span.total_seconds() / 60
    for size in (5, 10, 15, 30, 60, 120, 240, 360, 720, 1440):
        if minutes / size <= 150:
            return size
    return 1440


def _bins(session: Session, start: datetime, end: datetime, size: int) -> list[Bin]:
    rows = session.execute(
        select(
            VolumeBucket.bucket_start,
            func.sum(VolumeBucket.total),
            func.sum(VolumeBucket.negative),
            func.sum(VolumeBucket.neutral),
            func.sum(VolumeBucket.positive),
            func.sum(VolumeBucket.severity_sum),
            func.sum(VolumeBucket.reach_sum),
        )
        .where(VolumeBucket.bucket_start >= start, VolumeBucket.bucket_start < end)
        .group_by(VolumeBucket.bucket_start)
    ).all()
    count = max(1, int((end - start).total_seconds() // (size * 60)) + 1)
    bins = [Bin(start + timedelta(minutes=size * i)) for i in range(count)]
    for at, total, neg, neu, pos, sev, reach in rows:
        index = int((at - start).total_seconds() // (size * 60))
        if 0 <= index < count:
            b = bins[index]
            b.total += int(total or 0)
            b.negative += int(neg or 0)
            b.neutral += int(neu or 0)
            b.positive += int(pos or 0)
            b.severity_sum += float(sev or 0.0)
            b.reach += int(reach or 0)
    while len(bins) > 1 and bins[-1].start >= end:
        bins.pop()
    return bins


def _first_spike(session: Session, incident: Incident, bins: list[Bin]) -> datetime | None:
    """The first alert raised for the incident; else the first of two consecutive bins at
    or above max(3× the lead-in's median bin, 1.5× its busiest bin, median + 5)."""
    alert_at = session.scalar(
        select(func.min(Alert.bucket_start)).where(Alert.incident_id == incident.id)
    )
    if alert_at is not None:
        return alert_at
    quiet_until = incident.opened_at - timedelta(hours=3)
    before = [b.total for b in bins if b.start < quiet_until]
    if len(before) < 6:
        return None
    median = statistics.median(before)
    threshold = max(SPIKE_FACTOR * median, 1.5 * max(before), median + 5)
    for first, second in zip(bins, bins[1:], strict=False):
        if first.total >= threshold and second.total >= threshold:
            return first.start
    return None


def _key_mentions(
    session: Session, incident: Incident, start: datetime, end: datetime
) -> tuple[list[KeyMention], bool]:
    pinned = session.execute(
        select(Mention, PinnedMention)
        .join(PinnedMention, PinnedMention.mention_id == Mention.id)
        .where(PinnedMention.incident_id == incident.id)
        .order_by(Mention.published_at)
    ).all()
    if pinned:
        return [_key(m, p.pinned_by, p.note) for m, p in pinned], True
    top = session.scalars(
        select(Mention)
        .where(
            Mention.published_at >= start,
            Mention.published_at <= end,
            Mention.duplicate_of_id.is_(None),
        )
        .order_by(Mention.severity.desc(), Mention.author_reach.desc())
        .limit(KEY_MENTIONS)
    ).all()
    return [_key(m) for m in top], False


def _key(m: Mention, pinned_by: str = "", note: str = "") -> KeyMention:
    return KeyMention(
        id=m.id,
        author=m.author,
        handle=m.author_handle,
        source=m.source.name if m.source is not None else "",
        language=m.language,
        published_at=m.published_at,
        text=m.text,
        severity=m.severity,
        sentiment=m.sentiment,
        reach=m.author_reach,
        url=m.canonical_url,
        pinned_by=pinned_by,
        note=note,
    )


def _checklist(session: Session, incident: Incident) -> list[StageChecklist]:
    if not incident.scenario_key:
        return []
    version_filter = (
        Scenario.plan_version_id == incident.plan_version_id
        if incident.plan_version_id
        else Scenario.plan_version_id.in_(select(PlanVersion.id).where(PlanVersion.active))
    )
    steps: Any = session.execute(
        select(ChecklistStep.key, ChecklistStep.stage, ChecklistStep.text)
        .join(Scenario, Scenario.id == ChecklistStep.scenario_id)
        .where(Scenario.key == incident.scenario_key, version_filter)
        .order_by(ChecklistStep.position)
    ).all()
    state: dict[str, tuple[bool, str, datetime]] = {}
    for tick in session.scalars(
        select(StepTick).where(StepTick.incident_id == incident.id).order_by(StepTick.at)
    ):
        state[tick.step_key] = (tick.done, tick.by, tick.at)
    from warroom.incidents.stages import STAGES

    result: list[StageChecklist] = []
    for stage in STAGES:
        rows: list[tuple[str, str, bool, str, datetime | None]] = []
        for key, step_stage, text in steps:
            if step_stage != stage:
                continue
            done, by, at = state.get(f"{incident.scenario_key}/{key}", (False, "", None))
            texts: dict[str, Any] = dict(text or {})
            label = str(texts.get("en") or next(iter(texts.values()), key))
            rows.append((str(key), label, done, by if done else "", at if done else None))
        if rows:
            result.append(StageChecklist(stage, rows))
    return result


def _messages(session: Session, incident: Incident) -> list[SentMessage]:
    rows = session.execute(
        select(MessageSent, Approval)
        .outerjoin(Approval, Approval.id == MessageSent.approval_id)
        .where(MessageSent.incident_id == incident.id)
        .order_by(MessageSent.sent_at)
    ).all()
    return [
        SentMessage(
            template=m.template_key,
            channel=m.channel,
            language=m.language,
            body=m.body,
            sent_by=m.sent_by,
            sent_at=m.sent_at,
            approved_by=a.actor if a is not None else "",
            approved_at=a.at if a is not None else None,
            approval_comment=a.comment if a is not None else "",
        )
        for m, a in rows
    ]


def _contacts(session: Session, incident: Incident) -> list[ContactRow]:
    rows = session.execute(
        select(ContactEvent, Contact)
        .join(Contact, Contact.id == ContactEvent.contact_id)
        .where(ContactEvent.incident_id == incident.id)
        .order_by(ContactEvent.at)
    ).all()
    return [ContactRow(c.name, c.role, c.group, e.kind, e.by, e.channel, e.at) for e, c in rows]


def _post_crisis(session: Session, incident: Incident) -> list[PostCrisisRow]:
    version = None
    if incident.plan_version_id:
        version = session.get(PlanVersion, incident.plan_version_id)
    if version is None:
        version = session.scalar(select(PlanVersion).where(PlanVersion.active).limit(1))
    steps: list[dict[str, Any]] = (
        list((version.settings or {}).get("post_crisis", [])) if version else []
    )
    filled = incident.post_crisis or {}
    roles = {
        str(r.get("key", "")): str((r.get("title") or {}).get("en", r.get("key", "")))
        for r in ((version.settings or {}).get("roles", []) if version else [])
    }
    rows = [
        PostCrisisRow(
            key=str(s.get("key", "")),
            title=str((s.get("title") or {}).get("en", s.get("key", ""))),
            guidance=str((s.get("explanation") or {}).get("en", "")),
            importance=str(s.get("importance", "")),
            filled=str(filled.get(s.get("key", ""), "")),
            owner=roles.get(str(s.get("owner", "")), str(s.get("owner", ""))),
        )
        for s in steps
    ]
    known = {r.key for r in rows}
    for key in svc.POST_CRISIS_KEYS:  # the seed's four steps even without a plan
        if key not in known:
            rows.append(
                PostCrisisRow(
                    key, key.replace("_", " ").capitalize(), "", "", str(filled.get(key, ""))
                )
            )
    return rows


def collect(session: Session, incident_id: str, *, now: datetime | None = None) -> ReportData:
    """Gather the report's content for one incident (id or unique prefix)."""
    incident = svc.get_incident(session, incident_id)
    generated = now or utcnow()
    end = incident.closed_at or generated
    start = incident.opened_at - LEAD_IN
    size = _bin_minutes(end - start)
    bins = _bins(session, start, end, size)
    in_span = [b for b in bins if b.start >= incident.opened_at - timedelta(minutes=size)]
    totals = session.execute(
        select(
            func.coalesce(func.sum(VolumeBucket.total), 0),
            func.coalesce(func.sum(VolumeBucket.negative), 0),
            func.coalesce(func.sum(VolumeBucket.neutral), 0),
            func.coalesce(func.sum(VolumeBucket.positive), 0),
            func.coalesce(func.sum(VolumeBucket.reach_sum), 0),
        ).where(VolumeBucket.bucket_start >= incident.opened_at, VolumeBucket.bucket_start < end)
    ).one()
    top_sources = [
        (str(name), int(n))
        for name, n in session.execute(
            select(Source.name, func.sum(VolumeBucket.total).label("n"))
            .join(Source, Source.id == VolumeBucket.source_id)
            .where(VolumeBucket.bucket_start >= incident.opened_at, VolumeBucket.bucket_start < end)
            .group_by(Source.name)
            .order_by(func.sum(VolumeBucket.total).desc())
            .limit(5)
        ).all()
    ]
    top_languages = [
        (str(lang or "?"), int(n))
        for lang, n in session.execute(
            select(Mention.language, func.count().label("n"))
            .where(Mention.published_at >= incident.opened_at, Mention.published_at < end)
            .group_by(Mention.language)
            .order_by(func.count().desc())
            .limit(5)
        ).all()
    ]
    entries = timeline.entries(session, incident.id)
    problem = chain.verify(entries)
    severity_steps = [(incident.opened_at, _first_level(entries, incident.severity_level))]
    severity_steps += [
        (e.occurred_at, int(e.data.get("to", 0)))
        for e in entries
        if e.kind == "severity" and isinstance(e.data.get("to"), int)
    ]
    sent_at = session.scalar(
        select(func.min(MessageSent.sent_at)).where(MessageSent.incident_id == incident.id)
    )
    logged = [e.occurred_at for e in entries if e.kind == "message"]
    responses = [t for t in [sent_at, *logged] if t is not None]
    key_mentions, pinned = _key_mentions(session, incident, start, end)
    brand = session.scalar(select(Brand.name).order_by(Brand.created_at).limit(1)) or ""
    peak = (
        max(in_span, key=lambda b: b.total) if in_span and any(b.total for b in in_span) else None
    )
    return ReportData(
        incident_id=incident.id,
        title=incident.title,
        brand=brand,
        crisis_type=incident.crisis_type,
        scenario=incident.scenario_key,
        stage=incident.stage,
        severity_level=incident.severity_level,
        owner=incident.owner,
        author=incident.opened_by,
        opened_at=incident.opened_at,
        closed_at=incident.closed_at,
        generated_at=generated,
        span_start=start,
        span_end=end,
        bin_minutes=size,
        bins=bins,
        severity_steps=severity_steps,
        total_mentions=int(totals[0]),
        negative=int(totals[1]),
        neutral=int(totals[2]),
        positive=int(totals[3]),
        reach=int(totals[4]),
        peak=peak,
        top_sources=top_sources,
        top_languages=top_languages,
        first_spike_at=_first_spike(session, incident, bins),
        first_response_at=min(responses) if responses else None,
        key_mentions=key_mentions,
        key_mentions_pinned=pinned,
        entries=entries,
        chain_problem=str(problem) if problem is not None else None,
        combined_head=chain.combined_head(entries),
        heads=chain.heads(entries),
        checklist=_checklist(session, incident),
        messages=_messages(session, incident),
        contacts=_contacts(session, incident),
        post_crisis=_post_crisis(session, incident),
        lessons_learned=incident.lessons_learned,
        lessons_entries=[e for e in entries if e.kind == "lessons"],
        **_clocks_and_recovery(session, incident, entries, generated),
    )


def _clocks_and_recovery(
    session: Session, incident: Incident, entries: list[TimelineEntry], now: datetime
) -> dict[str, Any]:
    """The response clocks, the breaches on the timeline (once per clock) and recovery."""
    plan = clocks.incident_plan(session, incident)
    if plan is None:
        return {"breaches": clocks.breach_entries(entries)}
    return {
        "clocks": clocks.incident_clocks(session, incident, entries),
        "breaches": clocks.breach_entries(entries),
        "recovery": recovery.track(session, incident, plan, now=now),
    }


def _first_level(entries: list[TimelineEntry], current: int) -> int:
    for e in entries:
        if e.kind == "opened" and isinstance(e.data.get("severity_level"), int):
            return int(e.data["severity_level"])
    return current

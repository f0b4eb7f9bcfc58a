"""Source coverage: what the war room is blind to, from the poll log.

Every poll of a source leaves a `PollLog` row (time, outcome, count, rate
limit, error in plain words; team sync brings the other laptops' too).  From
them:

- `source_outages` / `outages`: intervals where a source was *positively
  known* to be down: from its first failed poll to the next poll that went
  through, and stretches with no poll at all for longer than `GRACE_FACTOR`
  times its interval while it was being polled (no laptop polled it).  A
  store without poll logs (the demo, imports) has no outages: no data about
  polling is not evidence of an outage, and a bucket is never called a gap
  on a guess.  Any laptop's successful poll covers the source for everyone.
- `coverage`: per source, last poll and last success, mentions in the last
  hour against its usual hourly rate, rate-limit budget and reset, errors in
  plain words, and the last day's gaps.
- `silent_sources`: sources that have returned nothing for `SILENCE` while
  they usually bring enough that silence is telling (at least
  `SILENT_MIN_EXPECTED` mentions expected in that time) — the silent-source
  alert during a crisis.

The severity graph and the detector take the `outages` intervals and show
the buckets inside them as gaps (None), never as zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom.store.models import PollLog, Source, VolumeBucket, utcnow

Interval = tuple[datetime, datetime]

GRACE_FACTOR = 2.5  # no poll for this many intervals (and a minute) is a gap
USUAL_WINDOW = timedelta(days=7)  # the usual rate is learnt over this before the last hour
RATE_WINDOW = timedelta(hours=1)
SILENCE = timedelta(minutes=30)
SILENT_MIN_EXPECTED = 5.0  # mentions expected in SILENCE before silence is news
TRIM = 0.1  # the busiest tenth of hours is left out of the usual rate (the crisis itself)


def _grace(interval_s: int) -> timedelta:
    return timedelta(seconds=GRACE_FACTOR * max(30, interval_s) + 60)


def merge(intervals: list[Interval]) -> list[Interval]:
    """Overlapping or touching intervals joined, in time order."""
    out: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _clip(intervals: list[Interval], start: datetime, end: datetime) -> list[Interval]:
    return merge([(max(a, start), min(b, end)) for a, b in intervals if b > start and a < end])


def _polls(session: Session, source_id: str, start: datetime, end: datetime) -> list[PollLog]:
    """The polls finished in [start, end] and the last one before start, in time order."""
    before = session.scalar(
        select(PollLog)
        .where(PollLog.source_id == source_id, PollLog.finished_at < start)
        .order_by(PollLog.finished_at.desc())
        .limit(1)
    )
    found = list(
        session.scalars(
            select(PollLog)
            .where(
                PollLog.source_id == source_id,
                PollLog.finished_at >= start,
                PollLog.finished_at <= end,
            )
            .order_by(PollLog.finished_at)
        )
    )
    return ([before] if before is not None else []) + found


def outages_of(source: Source, polls: list[PollLog], end: datetime) -> list[Interval]:
    """One source's known-down intervals from its polls (in time order), up to `end`."""
    if not polls:
        return []
    grace = _grace(source.interval_s)
    interval = timedelta(seconds=max(30, source.interval_s))
    found: list[Interval] = []
    down_since: datetime | None = None
    previous: datetime | None = None
    for poll in polls:
        if previous is not None and down_since is None and poll.started_at - previous > grace:
            found.append((previous + interval, poll.started_at))
        if not poll.ok and down_since is None:
            down_since = poll.started_at
        elif poll.ok and down_since is not None:
            found.append((down_since, poll.finished_at))
            down_since = None
        previous = poll.finished_at
    if down_since is not None:
        found.append((down_since, end if source.enabled else polls[-1].finished_at))
    elif source.enabled and previous is not None and end - previous > grace:
        found.append((previous + interval, end))
    return merge(found)


def source_outages(session: Session, start: datetime, end: datetime) -> dict[str, list[Interval]]:
    """Per source name, the intervals in [start, end] it was known to be down."""
    out: dict[str, list[Interval]] = {}
    for source in session.scalars(select(Source).where(Source.kind != "file")):
        polls = _polls(session, source.id, start, end)
        found = _clip(outages_of(source, polls, end), start, end)
        if found:
            out[source.name] = found
    return out


def outages(session: Session, start: datetime, end: datetime) -> list[Interval]:
    """Intervals in [start, end] where at least one source was known to be down, merged.

    A bucket overlapping one of these is incomplete: draw it as a gap, never as
    zero.  Empty for a store without poll logs (demo, imports).
    """
    return merge([i for found in source_outages(session, start, end).values() for i in found])


def covered_fraction(start: datetime, end: datetime, gaps: list[Interval]) -> float:
    """The share of [start, end) outside `gaps` (1.0: fully covered)."""
    span = (end - start).total_seconds()
    if span <= 0:
        return 0.0
    lost = sum(
        max(0.0, (min(b, end) - max(a, start)).total_seconds()) for a, b in gaps if b > start
    )
    return max(0.0, 1.0 - lost / span)


# --- the coverage panel ---------------------------------------------------------------


@dataclass
class SourceCoverage:
    name: str
    kind: str
    enabled: bool
    health: str
    last_poll_at: datetime | None
    last_success_at: datetime | None
    last_returned_at: datetime | None  # the last poll that brought something
    last_hour: int | None  # mentions published in the last hour (None: not covered)
    usual_per_hour: float | None  # None: too little history to say
    rate_limit_remaining: int | None
    rate_limit_reset_at: datetime | None
    error: str
    failed_polls_24h: int
    gaps: list[Interval] = field(default_factory=list)  # the last day's outages

    @property
    def rate_text(self) -> str:
        now = "?" if self.last_hour is None else str(self.last_hour)
        usual = "unknown" if self.usual_per_hour is None else f"{self.usual_per_hour:.0f}/h"
        return f"{now}/h (usual {usual})"


def _hourly(session: Session, source_id: str, start: datetime, end: datetime) -> dict[int, int]:
    """Mentions per hour index (0 = the hour starting at `start`) from the volume rollup."""
    out: dict[int, int] = {}
    for moment, total in session.execute(
        select(VolumeBucket.bucket_start, VolumeBucket.total).where(
            VolumeBucket.source_id == source_id,
            VolumeBucket.bucket_start >= start,
            VolumeBucket.bucket_start < end,
        )
    ):
        index = int((moment - start).total_seconds() // 3600)
        out[index] = out.get(index, 0) + int(total)
    return out


def usual_rate(
    session: Session, source: Source, now: datetime, gaps: list[Interval]
) -> float | None:
    """Mean mentions per covered hour over the week before the last hour, busiest tenth left out.

    Hours start at the first whole hour after the source first brought anything; hours more than
    half inside an outage are left out.  None with fewer than 6 such hours.
    """
    end = now - RATE_WINDOW
    start = end - USUAL_WINDOW
    first = session.scalar(
        select(func.min(VolumeBucket.bucket_start)).where(
            VolumeBucket.source_id == source.id, VolumeBucket.bucket_start >= start
        )
    )
    if first is None or first >= end:
        return None
    hourly = _hourly(session, source.id, start, end)
    # the hour the source began in is partial (it brought less than usual): skip it
    first_index = math.ceil((first - start).total_seconds() / 3600)
    counts = []
    for index in range(first_index, int(USUAL_WINDOW.total_seconds() // 3600)):
        hour = start + timedelta(hours=index)
        if covered_fraction(hour, hour + timedelta(hours=1), gaps) < 0.5:
            continue
        counts.append(hourly.get(index, 0))
    if len(counts) < 6:
        return None
    counts.sort()
    kept = counts[: max(1, len(counts) - int(len(counts) * TRIM))]
    return sum(kept) / len(kept)


def coverage(session: Session, now: datetime | None = None) -> list[SourceCoverage]:
    """What the coverage panel and `sources coverage` show, one row per polled source."""
    moment = now or utcnow()
    rows: list[SourceCoverage] = []
    sources = session.scalars(select(Source).where(Source.kind != "file").order_by(Source.name))
    for source in sources:
        week = moment - USUAL_WINDOW - RATE_WINDOW
        polls = _polls(session, source.id, week, moment)
        gaps = outages_of(source, polls, moment)
        day = moment - timedelta(days=1)
        ok = [p for p in polls if p.ok]
        returned = [p for p in polls if p.ok and p.fetched > 0]
        last_success = max(
            [t for t in [source.last_success_at, *(p.finished_at for p in ok)] if t is not None],
            default=None,
        )
        hour_start = moment - RATE_WINDOW
        last_hour: int | None = None
        if covered_fraction(hour_start, moment, gaps) >= 0.5:
            last_hour = int(
                session.scalar(
                    select(func.coalesce(func.sum(VolumeBucket.total), 0)).where(
                        VolumeBucket.source_id == source.id,
                        VolumeBucket.bucket_start >= hour_start,
                    )
                )
                or 0
            )
        failures = [p for p in polls if not p.ok and p.finished_at >= day]
        error = source.last_error if source.health != "ok" else ""
        if not error and failures:
            error = failures[-1].error
        rows.append(
            SourceCoverage(
                name=source.name,
                kind=source.kind,
                enabled=source.enabled,
                health=source.health,
                last_poll_at=polls[-1].finished_at if polls else None,
                last_success_at=last_success,
                last_returned_at=returned[-1].finished_at if returned else None,
                last_hour=last_hour,
                usual_per_hour=usual_rate(session, source, moment, gaps),
                rate_limit_remaining=source.rate_limit_remaining,
                rate_limit_reset_at=source.rate_limit_reset_at,
                error=error,
                failed_polls_24h=len(failures),
                gaps=_clip(gaps, day, moment),
            )
        )
    return rows


@dataclass(frozen=True)
class Silence:
    source: str
    since: datetime
    usual_per_hour: float
    error: str

    def message(self, now: datetime) -> str:
        minutes = int((now - self.since).total_seconds() // 60)
        text = (
            f"{self.source} has returned nothing for {minutes} min; "
            f"usual {self.usual_per_hour:.0f}/h"
        )
        return text + (f" (last error: {self.error})" if self.error else "")


def silent_sources(session: Session, now: datetime | None = None) -> list[Silence]:
    """Enabled sources polled lately that have brought nothing for `SILENCE` or longer,
    although their usual rate says at least `SILENT_MIN_EXPECTED` mentions were due."""
    moment = now or utcnow()
    found: list[Silence] = []
    for row in coverage(session, moment):
        if not row.enabled or row.usual_per_hour is None or row.last_poll_at is None:
            continue
        if row.last_poll_at < moment - SILENCE:
            continue  # nobody polls it: an outage, not a silence
        expected = row.usual_per_hour * SILENCE.total_seconds() / 3600
        if expected < SILENT_MIN_EXPECTED:
            continue
        since = row.last_returned_at
        if since is None:
            first = session.scalar(
                select(func.min(PollLog.started_at))
                .join(Source, Source.id == PollLog.source_id)
                .where(Source.name == row.name, PollLog.finished_at >= moment - USUAL_WINDOW)
            )
            since = first
        if since is None or moment - since < SILENCE:
            continue
        found.append(Silence(row.name, since, row.usual_per_hour, row.error))
    return found


def describe(row: SourceCoverage) -> str:
    """One line for `sources coverage`."""

    def t(moment: datetime | None) -> str:
        return f"{moment:%Y-%m-%d %H:%M} UTC" if moment is not None else "never"

    parts = [
        f"{row.name} ({row.kind}{'' if row.enabled else ', disabled'})",
        f"last fetch {t(row.last_success_at)}",
        row.rate_text,
    ]
    if row.rate_limit_remaining is not None:
        reset = f", resets {row.rate_limit_reset_at:%H:%M} UTC" if row.rate_limit_reset_at else ""
        parts.append(f"{row.rate_limit_remaining} calls left{reset}")
    else:
        parts.append("budget unknown")
    if row.gaps:
        listed = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in row.gaps[:4])
        more = f" and {len(row.gaps) - 4} more" if len(row.gaps) > 4 else ""
        parts.append(f"gaps {listed}{more} UTC")
    else:
        parts.append("no gaps")
    if row.error:
        parts.append(f"{row.failed_polls_24h} failed polls in 24 h: {row.error}")
    return " · ".join(parts)

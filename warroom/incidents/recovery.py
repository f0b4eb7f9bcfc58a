"""The recovery tracker: is the brand back to normal after the crisis?

Each UTC day gets three values: mention volume and negative share (from the
per-minute volume rollup) and mean sentiment (an AVG over the day's scored,
non-duplicate mentions).  A day more than half inside a known source outage
(warroom.sources.coverage), before the store's first mention or, in a store
without a poll log (demo, imports), after its last one, has no value (None),
never zero.

The baseline is the plan's `recovery.baseline_days` whole days before the
crisis began (the earlier of opening and the first alert on its timeline).
Each metric's band is mean ± max(2 standard deviations, a floor: 2·√mean
mentions for volume, 5 points of negative share, 0.1 of sentiment), from at
least `MIN_BASELINE_DAYS` days with a value; otherwise the band is unknown and
the criterion cannot be met.

A criterion ("negative share within its band for 3 days") is met on the last
day of the first run of that many consecutive complete days, from the peak
day (the busiest day since the crisis began) on, all inside the band.  A day
without a value breaks the run.  Today is shown (volume pro-rated to a full
day) but never counts: it is not over.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from math import sqrt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom.incidents import timeline
from warroom.plan import model as m
from warroom.sources.coverage import covered_fraction, outages
from warroom.store.models import Incident, Mention, PollLog, VolumeBucket, utcnow

MIN_BASELINE_DAYS = 3
DAY = timedelta(days=1)
FLOORS = {"negative_share": 0.05, "mean_sentiment": 0.1}
METRIC_TITLES = {
    "volume": "Mentions per day",
    "negative_share": "Negative share",
    "mean_sentiment": "Mean sentiment",
}
METRIC_TITLES_MS = {
    "volume": "Sebutan sehari",
    "negative_share": "Bahagian negatif",
    "mean_sentiment": "Purata sentimen",
}


@dataclass
class DayValues:
    day: date
    volume: int | None
    negative_share: float | None
    mean_sentiment: float | None
    complete: bool = True  # False for today

    def value(self, metric: str) -> float | None:
        found: float | int | None = getattr(self, metric)
        return None if found is None else float(found)


@dataclass(frozen=True)
class Band:
    metric: str
    mean: float
    low: float
    high: float
    days: int  # baseline days with a value

    def holds(self, value: float | None) -> bool:
        return value is not None and self.low <= value <= self.high


@dataclass
class CriterionStatus:
    key: str
    title: m.Text
    metric: str
    days: int
    band: Band | None
    today: float | None
    met_on: date | None
    streak: int  # consecutive complete in-band days ending yesterday


@dataclass
class Recovery:
    crisis_start: datetime
    baseline_start: date
    baseline_end: date  # exclusive: the first day of the crisis
    peak_day: date | None
    days: list[DayValues] = field(default_factory=list)  # baseline through today
    bands: dict[str, Band | None] = field(default_factory=dict)
    criteria: list[CriterionStatus] = field(default_factory=list)

    @property
    def recovered_on(self) -> date | None:
        """The day the last criterion was met (None: not all are met)."""
        met = [c.met_on for c in self.criteria]
        if not met or any(d is None for d in met):
            return None
        return max(d for d in met if d is not None)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def crisis_start(session: Session, incident: Incident) -> datetime:
    """The earlier of opening and the first alert on the incident's timeline."""
    alerts = [e.occurred_at for e in timeline.entries(session, incident.id) if e.kind == "alert"]
    return min([incident.opened_at, *alerts])


def daily_values(session: Session, first: date, last: date, now: datetime) -> list[DayValues]:
    """Volume, negative share and mean sentiment per day from `first` to `last` inclusive."""
    start, end = _midnight(first), min(_midnight(last) + DAY, now)
    counts: dict[date, list[int]] = {}
    for moment, total, negative in session.execute(
        select(VolumeBucket.bucket_start, VolumeBucket.total, VolumeBucket.negative).where(
            VolumeBucket.bucket_start >= start, VolumeBucket.bucket_start < end
        )
    ):
        slot = counts.setdefault(moment.date(), [0, 0])
        slot[0] += int(total)
        slot[1] += int(negative)
    earliest, latest = session.execute(
        select(func.min(VolumeBucket.bucket_start), func.max(VolumeBucket.bucket_start))
    ).one()
    polled = session.scalar(select(PollLog.id).limit(1)) is not None
    gaps = outages(session, start, end)
    out: list[DayValues] = []
    day = first
    while day <= last:
        day_start = _midnight(day)
        day_end = min(day_start + DAY, now)
        known = (
            earliest is not None
            and day_start + DAY > earliest
            # without a poll log (demo, imports) nothing says the days after the data were watched
            and (polled or day_start <= latest)
            and day_end > day_start
            and covered_fraction(day_start, day_end, gaps) >= 0.5
        )
        if not known:
            out.append(DayValues(day, None, None, None, day_end >= day_start + DAY))
            day += DAY
            continue
        total, negative = counts.get(day, [0, 0])
        mean = session.scalar(
            select(func.avg(Mention.sentiment)).where(
                Mention.published_at >= day_start,
                Mention.published_at < day_end,
                Mention.sentiment.is_not(None),
                Mention.duplicate_of_id.is_(None),
            )
        )
        out.append(
            DayValues(
                day,
                total,
                negative / total if total else None,
                float(mean) if mean is not None else None,
                day_end >= day_start + DAY,
            )
        )
        day += DAY
    return out


def band_of(metric: str, values: list[float]) -> Band | None:
    if len(values) < MIN_BASELINE_DAYS:
        return None
    mean = statistics.fmean(values)
    spread = 2 * statistics.pstdev(values)
    floor = 2 * sqrt(mean) if metric == "volume" else FLOORS[metric]
    half = max(spread, floor, 1.0 if metric == "volume" else 0.0)
    low, high = mean - half, mean + half
    if metric != "mean_sentiment":
        low = max(0.0, low)
    if metric == "negative_share":
        high = min(1.0, high)
    if metric == "mean_sentiment":
        low, high = max(-1.0, low), min(1.0, high)
    return Band(metric, mean, low, high, len(values))


def track(
    session: Session, incident: Incident, plan: m.Plan, *, now: datetime | None = None
) -> Recovery:
    """The recovery state of the incident at `now` against the plan's criteria."""
    moment = now or utcnow()
    began = crisis_start(session, incident)
    baseline_end = began.date()
    baseline_start = baseline_end - timedelta(days=plan.recovery.baseline_days)
    today = moment.date()
    days = daily_values(session, baseline_start, max(today, baseline_end), moment)
    baseline = [d for d in days if d.day < baseline_end]
    since = [d for d in days if d.day >= baseline_end]
    bands: dict[str, Band | None] = {}
    for metric in m.RECOVERY_METRICS:
        values = [v for d in baseline if (v := d.value(metric)) is not None]
        bands[metric] = band_of(metric, values)
    with_volume = [d for d in since if d.volume is not None]
    peak = max(with_volume, key=lambda d: d.volume or 0).day if with_volume else None
    state = Recovery(began, baseline_start, baseline_end, peak, days, bands)
    current = next((d for d in days if d.day == today), None)
    for criterion in plan.recovery.criteria:
        band = bands.get(criterion.metric)
        today_value: float | None = None
        if current is not None:
            today_value = current.value(criterion.metric)
            if criterion.metric == "volume" and today_value is not None:
                elapsed = (moment - _midnight(today)).total_seconds()
                today_value = today_value * 86400 / elapsed if elapsed >= 3600 else None
        met_on: date | None = None
        run = 0
        for d in since:
            if not d.complete or peak is None or d.day < peak:
                continue
            run = run + 1 if band is not None and band.holds(d.value(criterion.metric)) else 0
            if run >= criterion.days and met_on is None:
                met_on = d.day
        state.criteria.append(
            CriterionStatus(
                criterion.key,
                criterion.title,
                criterion.metric,
                criterion.days,
                band,
                today_value,
                met_on,
                run,
            )
        )
    return state


def format_value(metric: str, value: float | None) -> str:
    if value is None:
        return "no data"
    if metric == "volume":
        return f"{value:.0f}/day"
    if metric == "negative_share":
        return f"{100 * value:.0f}%"
    return f"{value:+.2f}"


def format_band(band: Band | None) -> str:
    if band is None:
        return f"unknown (fewer than {MIN_BASELINE_DAYS} baseline days with data)"
    if band.metric == "volume":
        return f"{band.low:.0f}–{band.high:.0f}/day"
    if band.metric == "negative_share":
        return f"{100 * band.low:.0f}–{100 * band.high:.0f}%"
    return f"{band.low:+.2f} to {band.high:+.2f}"


def describe(status: CriterionStatus, language: str = "en") -> str:
    """One line for `warroom recovery`: criterion, band, today, the day it was met."""
    title = status.title.get(language) or next(iter(status.title.values()), status.key)
    met = (
        f"met {status.met_on:%Y-%m-%d}"
        if status.met_on is not None
        else f"not met ({status.streak} of {status.days} days)"
    )
    return (
        f"{status.key}: {title} · band {format_band(status.band)} · "
        f"today {format_value(status.metric, status.today)} · {met}"
    )

"""The app's spike monitor: series from the store, alerts recorded once.

`load_series` sums the per-minute `volume_buckets` rollup over all sources
into fixed buckets (15 minutes by default, aligned to the clock) for the
`volume` and `negative` series, and counts mentions carrying each risk term
for `term:<term>` series.  `detect_alerts` runs a fresh causal detector over
each series and returns the buckets that alert; `record_alerts` stores new
ones in the `alerts` table (one per series and bucket, however often it is
called) and publishes `events.ALERT_RAISED` for each after the commit.
`scan` does both.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import func, select

from warroom import events
from warroom.detection.detector import DetectorConfig, SpikeDetector
from warroom.sources.coverage import outages as source_outages
from warroom.store.db import Store
from warroom.store.models import Alert, Mention, VolumeBucket, utcnow

VOLUME = "volume"
NEGATIVE = "negative"
TERM_PREFIX = "term:"
DEFAULT_BUCKET = timedelta(minutes=15)
DEFAULT_LOOKBACK = timedelta(days=35)  # four weeks of threshold history plus a week to settle

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class SeriesSet:
    """Per-bucket counts of several series over the same buckets."""

    start: datetime  # start of the first bucket (UTC)
    bucket: timedelta
    series: dict[str, list[float]] = field(default_factory=dict)

    def bucket_start(self, index: int) -> datetime:
        return self.start + index * self.bucket

    @property
    def length(self) -> int:
        return max((len(v) for v in self.series.values()), default=0)


@dataclass(frozen=True)
class DetectedAlert:
    series: str
    bucket_start: datetime
    score: float
    value: float
    expected: float
    text: str = ""  # a message of its own (level alerts); spikes describe themselves

    @property
    def message(self) -> str:
        if self.text:
            return self.text
        what = describe_series(self.series)
        ratio = self.value / self.expected if self.expected >= 0.5 else None
        times = f", about {ratio:.0f}x the usual {self.expected:.1f}" if ratio else ""
        return (
            f"Spike in {what}: {self.value:.0f} in the bucket from "
            f"{self.bucket_start:%Y-%m-%d %H:%M} UTC{times} (score {self.score:.1f})"
        )


def describe_series(series: str) -> str:
    if series == VOLUME:
        return "mention volume"
    if series == NEGATIVE:
        return "negative mentions"
    if series.startswith(TERM_PREFIX):
        return f"mentions of '{series[len(TERM_PREFIX) :]}'"
    return series


def floor_bucket(moment: datetime, bucket: timedelta) -> datetime:
    """The start of the clock-aligned bucket holding `moment`."""
    step = bucket.total_seconds()
    seconds = (moment.astimezone(UTC) - _EPOCH).total_seconds()
    return _EPOCH + timedelta(seconds=math.floor(seconds / step) * step)


def load_series(
    store: Store,
    *,
    bucket: timedelta = DEFAULT_BUCKET,
    lookback: timedelta = DEFAULT_LOOKBACK,
    now: datetime | None = None,
    terms: bool = True,
) -> SeriesSet:
    """Complete buckets from the first data in the lookback up to `now`."""
    if bucket.total_seconds() < 60 or bucket.total_seconds() % 60:
        raise ValueError("bucket must be a whole number of minutes")
    now = now or utcnow()
    end = floor_bucket(now, bucket)  # buckets ending at or before now are complete
    since = floor_bucket(now - lookback, bucket)
    with store.session() as session:
        rows = session.execute(
            select(
                VolumeBucket.bucket_start,
                func.sum(VolumeBucket.total),
                func.sum(VolumeBucket.negative),
            )
            .where(VolumeBucket.bucket_start >= since, VolumeBucket.bucket_start < end)
            .group_by(VolumeBucket.bucket_start)
        ).all()
        term_rows: list[tuple[datetime, list[str]]] = []
        if terms:
            found_rows = session.execute(
                select(Mention.published_at, Mention.risk_terms).where(
                    Mention.published_at >= since,
                    Mention.published_at < end,
                    func.json_array_length(Mention.risk_terms) > 0,
                )
            )
            for row in found_rows:
                published = cast(datetime, row[0])
                found = cast("list[Any] | None", row[1]) or []
                term_rows.append((published, [str(t) for t in found]))
    if not rows and not term_rows:
        return SeriesSet(start=end, bucket=bucket)
    first = min([r[0] for r in rows] + [t[0] for t in term_rows])
    start = floor_bucket(first, bucket)
    step = bucket.total_seconds()
    length = int(round((end - start).total_seconds() / step))
    volume = [0.0] * length
    negative = [0.0] * length
    for moment, total, neg in rows:
        index = int((moment - start).total_seconds() // step)
        volume[index] += float(total or 0)
        negative[index] += float(neg or 0)
    series: dict[str, list[float]] = {VOLUME: volume, NEGATIVE: negative}
    per_term: dict[str, list[float]] = defaultdict(lambda: [0.0] * length)
    for moment, found in term_rows:
        index = int((moment - start).total_seconds() // step)
        for term in set(found):
            per_term[term][index] += 1.0
    for term in sorted(per_term):
        series[TERM_PREFIX + term] = per_term[term]
    return SeriesSet(start=start, bucket=bucket, series=series)


def unknown_buckets(data: SeriesSet, outages: Iterable[tuple[datetime, datetime]]) -> set[int]:
    """Indices of the buckets that overlap an outage: their counts are incomplete."""
    step = data.bucket.total_seconds()
    found: set[int] = set()
    length = data.length
    for begin, end in outages:
        first = math.floor((begin - data.start).total_seconds() / step)
        last = math.ceil((end - data.start).total_seconds() / step)
        found.update(range(max(0, first), min(length, last)))
    return found


def run_detector(
    data: SeriesSet,
    names: Sequence[str] | None = None,
    *,
    outages: Iterable[tuple[datetime, datetime]] = (),
) -> list[DetectedAlert]:
    """Alerts of a fresh causal detector over each series, oldest first.

    Buckets overlapping one of `outages` (a source was down) are fed as
    unknown: an outage is neither "crisis over" nor is its end a spike.
    """
    step = data.bucket.total_seconds()
    config = DetectorConfig.for_spacing(step)
    start = (data.start - _EPOCH).total_seconds()
    unknown = unknown_buckets(data, outages)
    found: list[DetectedAlert] = []
    for name in names if names is not None else list(data.series):
        values = data.series.get(name)
        if not values:
            continue
        detector = SpikeDetector(config, start=start)
        for index, value in enumerate(values):
            score, alert = detector.update(None if index in unknown else value)
            if alert:
                found.append(
                    DetectedAlert(
                        series=name,
                        bucket_start=data.bucket_start(index),
                        score=round(score, 3),
                        value=value,
                        expected=round(detector.expected, 3),
                        text=_drop_message(name, data.bucket_start(index), value, detector)
                        if detector.direction == "drop"
                        else "",
                    )
                )
    found.sort(key=lambda a: (a.bucket_start, a.series))
    return found


def _drop_message(name: str, start: datetime, value: float, detector: SpikeDetector) -> str:
    return (
        f"Drop in {describe_series(name)}: {value:.0f} in the bucket from "
        f"{start:%Y-%m-%d %H:%M} UTC against a usual {detector.expected:.1f}: "
        "check that the sources are still polling"
    )


def detect_alerts(
    store: Store,
    *,
    bucket: timedelta = DEFAULT_BUCKET,
    lookback: timedelta = DEFAULT_LOOKBACK,
    now: datetime | None = None,
    terms: bool = True,
) -> list[DetectedAlert]:
    """Spikes and drops in volume, negative volume and each risk term over the lookback.

    Buckets in a known source outage (warroom.sources.coverage) are unknown.
    """
    data = load_series(store, bucket=bucket, lookback=lookback, now=now, terms=terms)
    if not data.length:
        return []
    end = data.bucket_start(data.length)
    with store.session() as session:
        gaps = source_outages(session, data.start, end)
    return run_detector(data, outages=gaps)


ScenarioFor = Callable[[DetectedAlert], str]
_ALERT_NAMESPACE = uuid.UUID("5f0c2a9e-4d1b-4c55-9a55-8f2f6f1d9b21")


def alert_id(alert: DetectedAlert) -> str:
    """The same id on every laptop for the same series and bucket, so sync merges them."""
    return str(uuid.uuid5(_ALERT_NAMESPACE, f"{alert.series}|{alert.bucket_start.isoformat()}"))


def record_alerts(
    store: Store,
    alerts: Iterable[DetectedAlert],
    *,
    since: datetime | None = None,
    scenario_for: ScenarioFor | None = None,
) -> list[str]:
    """Store alerts not yet recorded (per series and bucket); returns the new ids.

    Alerts for buckets before `since` are ignored (a scan only reports what is
    new).  `scenario_for`, when given, names the plan scenario to propose
    (stored in Alert.scenario_key).  ALERT_RAISED is published for each new
    alert once it is committed.
    """
    wanted = [a for a in alerts if since is None or a.bucket_start >= since]
    if not wanted:
        return []
    created: list[tuple[str, str]] = []
    with store.session() as session:
        earliest = min(a.bucket_start for a in wanted)
        existing = {
            (series, moment)
            for series, moment in session.execute(
                select(Alert.series, Alert.bucket_start).where(Alert.bucket_start >= earliest)
            ).all()
        }
        for item in wanted:
            key = (item.series, item.bucket_start)
            if key in existing:
                continue
            existing.add(key)
            row = Alert(
                id=alert_id(item),
                origin=store.origin,
                series=item.series,
                bucket_start=item.bucket_start,
                score=item.score,
                value=item.value,
                message=item.message,
                scenario_key=scenario_for(item) if scenario_for else "",
            )
            session.add(row)
            session.flush()
            created.append((row.id, row.message))
    for new_id, message in created:
        events.publish(events.ALERT_RAISED, alert_id=new_id, message=message)
    return [new_id for new_id, _ in created]


def scan(
    store: Store,
    *,
    bucket: timedelta = DEFAULT_BUCKET,
    lookback: timedelta = DEFAULT_LOOKBACK,
    now: datetime | None = None,
    since: datetime | None = None,
    scenario_for: ScenarioFor | None = None,
) -> list[str]:
    """Detect and record in one call (what ingest runs after each batch).

    Pass `since` = the previous scan's time minus one bucket, so that only
    buckets completed since then can raise alerts.
    """
    alerts = detect_alerts(store, bucket=bucket, lookback=lookback, now=now)
    return record_alerts(store, alerts, since=since, scenario_for=scenario_for)

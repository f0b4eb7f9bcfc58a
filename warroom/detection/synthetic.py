"""Synthetic brand-mention volume with labelled spikes, for testing the detector.

Series the detector has never seen: a base rate anywhere from a quiet brand
(under one mention a bucket) to a busy one (hundreds), a daily rhythm and a
weekend dip, overdispersed counts (gamma-Poisson, as real mention volume is
burstier than Poisson), unlabelled level shifts, and injected crises: a rise
over minutes to hours to several times the usual volume, then a decay.
Windows are labelled NAB-style, centred on each crisis onset, 10 % of the
series split between them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class SyntheticSeries:
    timestamps: list[datetime]
    values: list[float]
    windows: list[tuple[datetime, datetime]]
    onsets: list[int]  # bucket index of each injected crisis


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def generate(
    seed: int,
    *,
    days: int = 42,
    spacing_s: int = 300,
    spikes: int | None = None,
    start: datetime | None = None,
) -> SyntheticSeries:
    """One series with its labelled crisis windows; the same seed, the same series."""
    rng = random.Random(seed)
    per_day = round(86_400 / spacing_s)
    n = days * per_day
    base = math.exp(rng.uniform(math.log(0.3), math.log(200.0))) * spacing_s / 300
    daily_amp = rng.uniform(0.3, 0.8)
    peak_hour = rng.uniform(10, 21)
    weekend = rng.uniform(0.55, 1.0)
    shape = rng.uniform(4.0, 40.0)  # gamma-Poisson overdispersion
    t0 = start or datetime(2025, 1, 6, tzinfo=UTC)
    probation = min(int(0.15 * n), 750)
    count = spikes if spikes is not None else rng.randint(2, 4)
    width = max(2, int(0.10 * n / max(count, 1)))
    onsets: list[int] = []
    tries = 0
    while len(onsets) < count and tries < 1000:
        tries += 1
        at = rng.randint(max(probation, per_day * 3), n - width)
        if all(abs(at - o) > 2 * width for o in onsets):
            onsets.append(at)
    onsets.sort()
    shifts = sorted(rng.randint(per_day * 2, n - 1) for _ in range(rng.randint(0, 2)))
    shift_factor = [rng.uniform(0.7, 1.4) for _ in shifts]
    crises = [
        (
            o,
            rng.uniform(3.0, 15.0),  # peak multiple of the usual volume
            rng.uniform(300, 7_200) / spacing_s,  # rise time, buckets
            rng.uniform(1_800, 6 * 3_600) / spacing_s,  # decay time constant, buckets
        )
        for o in onsets
    ]
    timestamps: list[datetime] = []
    values: list[float] = []
    for i in range(n):
        moment = t0 + timedelta(seconds=i * spacing_s)
        hour = moment.hour + moment.minute / 60
        rate = base * (1 + daily_amp * math.cos((hour - peak_hour) / 24 * 2 * math.pi))
        if moment.weekday() >= 5:
            rate *= weekend
        for at, factor in zip(shifts, shift_factor, strict=True):
            if i >= at:
                rate *= factor
        usual = rate
        for at, peak, rise, decay in crises:
            if i >= at:
                since = i - at
                rate += usual * peak * (1 - math.exp(-since / rise)) * math.exp(-since / decay)
        lam = rng.gammavariate(shape, rate / shape) if rate > 0 else 0.0
        timestamps.append(moment)
        values.append(float(_poisson(rng, lam)))
    windows = [
        (timestamps[max(0, o - width // 2)], timestamps[min(n - 1, o + width // 2)]) for o in onsets
    ]
    return SyntheticSeries(timestamps=timestamps, values=values, windows=windows, onsets=onsets)

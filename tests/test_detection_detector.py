"""The spike detector: causal (prefix property), fires on crises, quiet on noise."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from warroom.detection.detector import DetectorConfig, SpikeDetector, detect
from warroom.detection.synthetic import generate

NAB = Path(__file__).resolve().parents[2] / "shared" / "data" / "nab-realtweets"
NABSCORE = Path(__file__).resolve().parents[2] / "shared" / "tools" / "nabscore.py"


def _poisson(rng: random.Random, lam: float) -> float:
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return float(k)


def _quiet_series(seed: int, days: int, per_day: int, rate: float) -> list[float]:
    rng = random.Random(seed)
    return [
        _poisson(rng, rate * (1 + 0.6 * math.sin(2 * math.pi * i / per_day)))
        for i in range(days * per_day)
    ]


def test_config_converts_time_constants_to_buckets() -> None:
    five = DetectorConfig.for_spacing(300)
    assert five.period == 288 and five.slots == 24
    assert five.scales == (1, 12, 48)  # one bucket, one hour, four hours
    assert five.refractory == 288
    quarter = DetectorConfig.for_spacing(900)
    assert quarter.period == 96 and quarter.scales == (1, 4, 16)
    hourly = DetectorConfig.for_spacing(3600)
    assert hourly.period == 24 and hourly.scales == (1, 4)
    with pytest.raises(ValueError):
        DetectorConfig.for_spacing(0)


def test_config_rejects_an_unknown_way_to_combine_scales() -> None:
    assert DetectorConfig.for_spacing(300).combine == "sum"
    with pytest.raises(ValueError, match="combine"):
        DetectorConfig.for_spacing(300, combine="mean")


def test_a_burst_on_a_rising_hour_outscores_the_same_lone_burst() -> None:
    # The time scales' evidence is summed: the same one-bucket burst weighs
    # more when the hour before it was already climbing than out of nowhere.
    per_day = 96
    base = _quiet_series(21, 10, per_day, rate=20.0)
    at = 8 * per_day + 48
    lone = list(base)
    lone[at] += 120
    rising = list(base)
    for k in range(1, 5):  # the hour before: +15 a quarter-hour (about +75 %)
        rising[at - k] += 15
    rising[at] += 120
    for combine, margin in (("sum", 1.0), ("max", -1.0)):
        config = DetectorConfig.for_spacing(900, combine=combine)
        lone_score = detect(lone, config)[at][0]
        rising_score = detect(rising, config)[at][0]
        if margin > 0:
            assert rising_score > lone_score + margin
        else:  # the largest single scale barely notices the build-up
            assert abs(rising_score - lone_score) < 1.0


def test_running_on_any_prefix_gives_the_alerts_of_the_full_run() -> None:
    rng = random.Random(7)
    for seed, combine in ((3, "sum"), (11, "sum"), (17, "max")):
        series = generate(seed, days=21)
        config = DetectorConfig.for_spacing(300, combine=combine)
        full = detect(series.values, config, phase=5)
        assert any(alert for _, alert in full)  # the property is not vacuous
        for cut in [rng.randrange(1, len(series.values)) for _ in range(12)] + [1, 289, 290]:
            prefix = detect(series.values[:cut], config, phase=5)
            assert prefix == full[:cut]


def test_prefix_property_on_arbitrary_values() -> None:
    rng = random.Random(99)
    config = DetectorConfig.for_spacing(3600)
    for _ in range(30):
        values = [
            rng.choice((0.0, rng.random() * 5, rng.expovariate(0.01), 1e6))
            for _ in range(rng.randrange(1, 400))
        ]
        full = detect(values, config)
        cut = rng.randrange(1, len(values) + 1)
        assert detect(values[:cut], config) == full[:cut]


def test_an_injected_crisis_alerts_within_the_hour() -> None:
    per_day = 96  # 15-minute buckets
    values = _quiet_series(1, 10, per_day, rate=6.0)
    onset = 8 * per_day + 40
    for k in range(12):  # surge to about 8x, then decay
        values[onset + k] += _poisson(random.Random(k), 40.0 * math.exp(-k / 6))
    results = detect(values, DetectorConfig.for_spacing(900))
    alerts = [i for i, (_, alert) in enumerate(results) if alert]
    assert alerts and onset <= alerts[-1] <= onset + 4
    assert all(i >= onset for i in alerts)


def test_quiet_seasonal_noise_raises_no_alert() -> None:
    for seed, rate in ((2, 0.4), (3, 5.0), (4, 80.0)):
        values = _quiet_series(seed, 14, 288, rate)
        results = detect(values, DetectorConfig.for_spacing(300))
        assert sum(alert for _, alert in results) == 0, (seed, rate)


def test_a_level_shift_alerts_at_most_once_and_is_absorbed() -> None:
    per_day = 96
    values = _quiet_series(5, 6, per_day, rate=10.0) + _quiet_series(6, 6, per_day, rate=30.0)
    results = detect(values, DetectorConfig.for_spacing(900))
    alerts = [i for i, (_, alert) in enumerate(results) if alert]
    assert len(alerts) <= 1
    assert all(score < 5 for score, _ in results[-2 * per_day :])


def test_a_passed_crisis_leaves_the_next_days_baseline_near_the_usual() -> None:
    per_day = 96
    values = _quiet_series(8, 8, per_day, rate=10.0)
    start = 5 * per_day + 40
    for k in range(24):  # a six-hour crisis at about 5x the usual volume
        values[start + k] += 40.0
    detector = SpikeDetector(DetectorConfig.for_spacing(900))
    expected = []
    alerts = []
    for i, value in enumerate(values):
        if detector.update(value)[1]:
            alerts.append(i)
        expected.append(detector.expected)
    assert alerts == [start]
    for k in range(8):  # the same two hours the day before and the day after
        before = expected[start - per_day + k]
        after = expected[start + per_day + k]
        assert after < 1.1 * before, (k, before, after)


def test_refractory_period_keeps_one_episode_to_one_alert() -> None:
    per_day = 96
    values = _quiet_series(8, 6, per_day, rate=4.0)
    start = 4 * per_day
    for k in range(20):  # a crisis lasting five hours
        values[start + k] = 60.0
    alerts = [i for i, (_, a) in enumerate(detect(values, DetectorConfig.for_spacing(900))) if a]
    assert alerts == [start]


def test_scores_are_finite_and_negative_or_odd_values_do_not_break_it() -> None:
    detector = SpikeDetector(DetectorConfig.for_spacing(60))
    for value in [0.0, -3.0, 1e9, 0.5, 2.0] * 400:
        score, alert = detector.update(value)
        assert math.isfinite(score)
        assert isinstance(alert, bool)
    assert detector.n == 2000


def _binomial_day_series(seed: int, days: int, per_day: int) -> list[float]:
    """A small brand's volume (about 5 a bucket, +-50 % over the day), binomial noise."""
    rng = random.Random(seed)
    values = []
    for i in range(days * per_day):
        lam = 5 * (1 + 0.5 * math.sin(2 * math.pi * i / per_day))
        values.append(float(sum(rng.random() < lam / 50 for _ in range(50))))
    return values


def test_a_young_profile_neither_cries_wolf_nor_misses_a_second_day_crisis() -> None:
    # The hour-of-day profile rests on one day of history on the second day:
    # a chance quiet hour on the first day must not make the same hour of the
    # second look like a surge, yet a real crisis on the second day alerts.
    per_day = 96
    config = DetectorConfig.for_spacing(900)
    onset = per_day + 64
    for seed in range(1, 21):
        quiet = _binomial_day_series(seed, 3, per_day)
        assert not any(alert for _, alert in detect(quiet, config)), seed
        crisis = list(quiet)
        for k in range(8):  # two hours at about 10x the usual volume
            crisis[onset + k] += 60.0
        alerts = [i for i, (_, alert) in enumerate(detect(crisis, config)) if alert]
        assert alerts == [onset], seed


def test_threshold_calibrates_to_a_heavy_tailed_series() -> None:
    rng = random.Random(12)
    detector = SpikeDetector(DetectorConfig.for_spacing(900))
    for i in range(20 * 96):  # daily news bumps of 3-6x on a busy brand
        bump = 4.0 if i % 96 == 50 else 1.0
        detector.update(_poisson(rng, 40.0 * bump * rng.uniform(0.8, 1.25)))
    assert detector.threshold > 5.0


@pytest.mark.skipif(not NAB.exists() or not NABSCORE.exists(), reason="NAB data not present")
def test_nab_twitter_score_does_not_regress() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("nabscore", NABSCORE)
    assert spec and spec.loader
    nab = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(nab)
    windows = nab.load_windows(str(NAB / "windows.json"))
    total = count = 0.0
    for name, spans in windows.items():
        stamps, values, _ = nab.read_series(str(NAB / name))
        phase = round((stamps[0].hour * 3600 + stamps[0].minute * 60 + stamps[0].second) / 300)
        alerts = [a for _, a in detect(values, DetectorConfig.for_spacing(300), phase=phase)]
        raw, n, _, _ = nab.score_file(stamps, alerts, spans)
        total += raw
        count += n
    assert nab.normalise(total, count) >= 84.0  # 85.4 at the time of writing

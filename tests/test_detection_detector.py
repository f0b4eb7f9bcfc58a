"""The spike detector: causal (prefix property), fires on crises, quiet on noise."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from warroom.detection.csvio import detect_file
from warroom.detection.detector import DetectorConfig, SpikeDetector, detect
from warroom.detection.synthetic import generate


def _shared() -> Path:
    """../shared beside the checkout (a git worktree may sit a level deeper)."""
    here = Path(__file__).resolve()
    for folder in here.parents:
        if (folder / "shared" / "tools" / "nabscore.py").exists():
            return folder / "shared"
    return here.parents[2] / "shared"


SHARED = _shared()
NAB = SHARED / "data" / "nab-realtweets"
NAB_DEV = SHARED / "data" / "nab-dev"
NABSCORE = SHARED / "tools" / "nabscore.py"


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


def test_config_is_one_default_in_units_of_time() -> None:
    five, quarter = DetectorConfig.for_spacing(300), DetectorConfig.for_spacing(900)
    assert five.period == 288 and quarter.period == 96
    assert five.refractory == quarter.refractory == 12 * 3600  # seconds, whatever the spacing
    assert replace(five, spacing=900) == quarter
    with pytest.raises(ValueError):
        DetectorConfig.for_spacing(0)


def _two_hourly_alerts(seed: int, config: DetectorConfig) -> list[int]:
    """Alerts on 40 days of a metric read every 2 h: a daily wave, noise, one surge."""
    rng = random.Random(seed)
    detector = SpikeDetector(config)
    alerts = []
    for i in range(12 * 40):
        at = i * 7_200.0
        value = 50 + 30 * math.sin(2 * math.pi * at / 86_400) + rng.gauss(0, 6)
        if i == 12 * 35:
            value += 120
        if detector.observe(at, value)[1]:
            alerts.append(i)
    return alerts


def test_a_series_read_every_two_hours_is_judged_on_slots_of_several_readings() -> None:
    # hourly slots would hold one reading a day each: a range of seven points
    # after a week, which ordinary noise leaves every few days
    default, one_reading = DetectorConfig(), DetectorConfig(slot_readings=1.0)
    false_default = false_single = 0
    for seed in range(5):
        alerts = _two_hourly_alerts(seed, default)
        assert 12 * 35 in alerts  # the surge
        false_default += len(alerts) - 1
        false_single += len(_two_hourly_alerts(seed, one_reading)) - 1
    assert false_default <= 3 * 5  # under one a fortnight once warm
    assert false_single > 2 * false_default  # what the wider slots are for


def test_running_on_any_prefix_gives_the_alerts_of_the_full_run() -> None:
    rng = random.Random(7)
    for seed in (11, 17, 1000):
        series = generate(seed, days=21)
        config = DetectorConfig.for_spacing(300)
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


@pytest.mark.parametrize("days_before", [6, 8])  # before / after the hours' ranges count
def test_a_level_shift_alerts_once_at_its_onset_and_is_absorbed(days_before: int) -> None:
    per_day = 96
    onset = days_before * per_day
    values = _quiet_series(5, days_before, per_day, rate=10.0) + _quiet_series(
        6, 6, per_day, rate=30.0
    )
    results = detect(values, DetectorConfig.for_spacing(900))
    alerts = [i for i, (_, alert) in enumerate(results) if alert]
    assert len(alerts) == 1 and onset <= alerts[0] <= onset + 12  # within three hours


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


def test_an_outage_is_unknown_not_zero_and_its_end_is_no_spike() -> None:
    # A brand's volume for ten days, then six hours nobody could count.  Fed
    # as zeros the outage reads as a collapse; fed as unknown it teaches the
    # detector nothing and neither its start nor its end alerts.
    per_day = 96
    values = _quiet_series(31, 10, per_day, rate=20.0)
    outage = range(9 * per_day + 40, 9 * per_day + 64)
    as_unknown = detect([None if i in outage else v for i, v in enumerate(values)],
                        DetectorConfig.for_spacing(900))  # fmt: skip
    assert not any(alert for _, alert in as_unknown)
    assert all(as_unknown[i] == (0.0, False) for i in outage)
    as_zero = detect([0.0 if i in outage else v for i, v in enumerate(values)],
                     DetectorConfig.for_spacing(900))  # fmt: skip
    first = next(i for i, (_, alert) in enumerate(as_zero) if alert)
    assert first == outage[0]


def test_a_drop_says_so() -> None:
    per_day = 96
    values = _quiet_series(32, 10, per_day, rate=20.0)
    values[9 * per_day + 50] = 0.0
    detector = SpikeDetector(DetectorConfig.for_spacing(900))
    found = [(i, detector.direction) for i, v in enumerate(values) if detector.update(v)[1]]
    assert found == [(9 * per_day + 50, "drop")]


def _readings(seed: int) -> list[tuple[float, float]]:
    """Irregular readings: uneven steps, gaps of hours, repeated and back-set stamps."""
    rng = random.Random(seed)
    at, found = 1_700_000_000.0, []
    for _ in range(3000):
        step = rng.choice((300.0, 300.0, 300.0, 600.0, 60.0, 0.0, -120.0, 4 * 3600.0))
        at += step
        found.append((at, 50.0 + 20.0 * math.sin(at / 86_400 * 2 * math.pi) + rng.gauss(0, 3)))
    return found


def test_irregular_readings_keep_the_prefix_property() -> None:
    readings = _readings(5)
    readings[2500] = (readings[2500][0], 400.0)  # a surge late in the series
    config = DetectorConfig()

    def run(rows: list[tuple[float, float]]) -> list[tuple[float, bool]]:
        detector = SpikeDetector(config)
        return [detector.observe(at, value) for at, value in rows]

    full = run(readings)
    assert full[2500][1]
    for cut in (1, 17, 700, 1999, 2501):
        assert run(readings[:cut]) == full[:cut]


def test_a_metric_with_negative_values_is_scored() -> None:
    # not a count: negative and fractional readings, a jump far outside the range
    rng = random.Random(9)
    values = [rng.gauss(-2.0, 0.5) for _ in range(5 * 288)]
    values[4 * 288] = 6.0
    alerts = [i for i, (_, alert) in enumerate(detect(values)) if alert]
    assert 4 * 288 in alerts
    assert len(alerts) <= 3  # a new record now and then in the first week, no more


def _nabscore() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("nabscore", NABSCORE)
    assert spec and spec.loader
    nab = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(nab)
    return nab


# NAB series that look like mention streams: counts per bucket of requests,
# taxi passengers and Twitter mentions, with a daily rhythm and labelled incidents
MENTION_LIKE = (
    "realAWSCloudwatch/elb_request_count_8c0756.csv",
    "realKnownCause/nyc_taxi.csv",
    "Twitter_volume_CVS.csv",
    "Twitter_volume_AAPL.csv",
)


@pytest.mark.skipif(not NAB_DEV.exists() or not NABSCORE.exists(), reason="NAB data not present")
@pytest.mark.parametrize("key", MENTION_LIKE)
def test_mention_like_nab_series_alert_on_their_incidents_and_rarely_else(
    key: str, tmp_path: Path
) -> None:
    nab = _nabscore()
    folder = NAB_DEV if "/" in key else NAB
    windows = nab.load_windows(str(folder / "windows.json"))[key]
    out = tmp_path / "out.csv"
    detect_file(folder / key, out)  # what `warroom detect` runs
    stamps, values, alerts = nab.read_series(str(out), "alert", 0.5)
    assert len(values) == sum(1 for _ in (folder / key).open()) - 1  # no row dropped
    hits = [t for t, a in zip(stamps, alerts, strict=True) if a]
    caught = [any(a <= t <= b for t in hits) for a, b in windows]
    outside = [t for t in hits if not any(a <= t <= b for a, b in windows)]
    weeks = (stamps[-1] - stamps[0]).total_seconds() / (7 * 86_400)
    assert 2 * sum(caught) >= len(windows), caught  # most incidents alert
    assert len(outside) <= 3 * weeks, (len(outside), weeks)  # a few a week at most


@pytest.mark.skipif(not NAB_DEV.exists() or not NABSCORE.exists(), reason="NAB data not present")
def test_nab_development_score_does_not_regress() -> None:
    nab = _nabscore()
    total = count = 0.0
    per_corpus: dict[str, list[float]] = {}
    for folder in (NAB, NAB_DEV):
        for key, spans in nab.load_windows(str(folder / "windows.json")).items():
            stamps, values, _ = nab.read_series(str(folder / key))
            detector = SpikeDetector()
            alerts = [
                detector.observe(t.replace(tzinfo=UTC).timestamp(), v)[1]
                for t, v in zip(stamps, values, strict=True)
            ]
            raw, n, _, _ = nab.score_file(stamps, alerts, spans)
            total += raw
            count += n
            corpus = key.split("/")[0] if "/" in key else "Twitter"
            corpus = corpus.replace("NoAnomaly", "").replace("WithAnomaly", "")
            per_corpus.setdefault(corpus, [0.0, 0.0])
            per_corpus[corpus][0] += raw
            per_corpus[corpus][1] += n
    assert nab.normalise(total, count) >= 70.0  # the target; 70.5 at the time of writing
    for corpus, (raw, n) in per_corpus.items():
        assert nab.normalise(raw, n) >= 50.0, corpus  # none far behind (AWS 56.4 the lowest)
    raw, n = per_corpus["Twitter"]
    assert nab.normalise(raw, n) >= 80.0  # the brand-mention series (86.0)

"""Streaming, causal novelty detector for per-bucket mention counts and any other series.

`SpikeDetector.observe(at, value)` (or `update(value)` for evenly spaced
buckets) decides on each reading from the past alone: running it on a
prefix of a series gives exactly the prefix's alerts.  Each reading costs
O(1): a few comparisons against a handful of running extremes.  One default
configuration serves every series (`warroom detect`, the poller's monitor and
the demo); every constant is a time or a share of the value's own range.

Design
------
An alert means "this reading is outside everything seen so far", with two
notions of "so far":

1. The whole history's range [lo, hi].  In the first week a reading alerts
   when it lies beyond that range by more than `RANGE_MARGIN` = 7 % of its
   width.  A record high after a month of quiet is what a crisis looks like
   on a brand's volume, and what a failure looks like on a machine metric.
   The whole range is judged as it was 2-4 h before (`RANGE_LAG`, two
   snapshots swapped every 2 h), so a crisis that builds over an hour or
   two meets the pre-crisis range instead of learning its own rise.
2. The same hour of the day's range on the days before.  A slot is an
   hour, or wider when the series is read less often: it spans at least
   `SLOT_READINGS` = 4 readings a day (a series read every 2 h has 8-hour
   slots), the spacing learnt from the closest readings of the warm-up day,
   so a slot's range is never the single reading of each day.  Once a
   time-of-day slot holds `SLOT_READY_DAYS` = 7 previous days (today's
   readings join it when the slot's next day begins), a reading is judged
   against that slot's range, with a tolerance of `GLOBAL_SHARE` 3.5 % of
   the whole range plus `SLOT_SHARE` 7 % of the slot's: 800 mentions at 4
   a.m. is news even if noon sees 2,000 every day, and a missing daily peak
   (a drop below the slot's lowest) is caught as well as a surge.  For
   `EPISODE_SECONDS` = 2 days after an alert its direction meets the whole
   range only: a level that stepped up is not news again at every hour of
   the day until each hour has learnt it.
3. Counts (every value a whole number >= 0, as mention counts are) are
   judged on the Anscombe scale 2*sqrt(x + 3/8), where Poisson noise has sd
   1, and the tolerance is never less than `COUNT_FLOOR` = 2 sd of counting
   noise: a quiet brand's 0 -> 3 is not a new record worth waking anyone.
   The first negative or fractional value makes the series a metric: the
   detector starts again on the raw scale (and its warm-up with it).
4. One day of warm-up (`WARMUP_SECONDS`), then `REFRACTORY_SECONDS` = 12 h
   of quiet after an alert: the team is on it.  The usual value reported
   with an alert (`expected`) is the hour's mean, half-life a week.
5. Time is taken as it comes.  Slots follow the reading's own clock, so
   uneven spacing and gaps need no resampling; a bucket nobody could count
   (None: a source was down) teaches nothing and never alerts, so an outage
   neither reads as "crisis over" (no zero enters the range) nor does its
   end read as a spike (no difference is ever scored).  A repeated or
   back-set timestamp is a further reading at the latest time seen.

The score is the reading's distance outside its tolerance band in units of
the tolerance (1 or more alerts); `direction` says "spike" (above) or
"drop" (below).

How it was chosen (NAB standard profile, ../shared/tools/nabscore.py, on the
53 development series: the five NAB Twitter series plus the 48 of
../shared/data/nab-dev, scored per corpus; the other NAB Twitter-volume
series are held out and were never read):

This detector, as `python -m bench detect` prints it (`warroom detect`'s code
path over every file as it is; 286,248 rows in, 286,248 scored, none
refused): all 53 68.3 (windowed Gaussian 28.9 in the same run); Twitter
86.0 (33.2), known cause 67.2 (16.3), traffic 70.4 (27.5), AWS 56.4 (30.6),
ad exchange 63.6 (51.1), artificial 90.0 (0.5).  Leave-one-corpus-out (the
two slot shares x the quiet time, 27 settings, chosen on five corpora and
scored on the sixth): 65.7.  20 synthetic brand series (seeds 1000-1019):
58.2 against 60.5 for the windowed Gaussian: those series carry unlabelled
level shifts and small labelled bumps that a record-range detector does not
see.  Per bucket about 3.5 us in CPython (a rolling mean 0.22 us); a year
of per-minute rows through `warroom detect` in about 6 s.

With slots spanning at least 4 readings a day (the hourly-ish ad
exchange and known-cause series had a slot of one reading a day): all 53
70.5; Twitter 86.0, known cause 68.5, traffic 70.4, AWS 56.4, ad exchange
77.2, artificial 90.0; at least 1 / 2 / 3 / 4 / 6 / 8 readings: 68.3 /
70.0 / 68.4 / 70.5 / 69.2 / 67.3 (the choice is within noise from 2 to 6
and moves only those two corpora).  Leave-one-corpus-out with slot
readings in the grid as well (2 / 4 / 6, 81 settings chosen on five
corpora, scored on the sixth): 66.8 (65.7 before); known cause and ad
exchange then pick 2 readings and score 57.5 and 66.0.  Per bucket about
2.6 us (a rolling mean 0.15 us); a year of per-minute rows through
`warroom detect` in about 4 s.

The issue's targets were 70 on all 53, 80 on Twitter and no corpus under
50: all three are met (70.5, 86.0, AWS 56.4 the lowest), with the margin on
the total within the noise of single windows.  The earlier
detector (tuned on the five Twitter series alone) scored 19.2 on the 48
others (as an earlier attempt measured it) and refused 26 of them; that
attempt reached 58.9.

How the design got here (NAB standard on all 53 unless said; the early
figures are from the prototype, before the count floor and the lags):

- whole-history range only, margin 0.1: 43.8 (artificial 15.5).
- + hour-of-day range, tolerance 0.1 of the whole range: 62.2; the slot
  judging after 1 / 2 / 3 / 5 / 7 days of it: 63.6 / 62.1 / 62.2 / 65.6 /
  68.7 (kept 7 with the mixed tolerance below).
- slot tolerance from the slot's own range only (0.1 / 0.2 / 0.3): 60.0 /
  65.4 / 62.0; from the geometric mean of the two ranges: 65.0; from a
  sum of shares of both: the grid global {0.02, 0.035, 0.05} x slot {0.07,
  0.09, 0.11} spans 65.7-70.4.  Kept a sum (0.035 / 0.09, later 0.07).
- whole-range margin (first week) 0.07 / 0.1 / 0.14: 69.1 / 68.7 / 67.9.
- slot width 30 min / 1 h / 2 h: 63.3 / 68.7 / 68.8 (2 h: Twitter 83 but
  known cause 55).  Kept 1 h.
- refractory 6 h / 8 h / 12 h / 16 h / 24 h: 60.9 / 67.3 / 68.7 / 68.2 /
  55.4 (the 6 h and 24 h figures at an earlier stage, against 62.2).
- counts on the Anscombe scale with a floor of 0 / 1 / 1.5 / 2 / 3 / 4 sd:
  69.8 / 70.3 / 69.4 / 68.5 / 67.7 / 65.1.  2 is the smallest floor that
  keeps quiet brands quiet (floor 1: 1-5 false alerts on 14 days of quiet
  Poisson series and on 2 of 20 two-day-old small brands; 1.5: one at a
  rate of 80 a bucket).  Kept 2: the product's alerts come first.
- whole range judged as it was 0 / 30 min / 1 h / 2 h before: 68.5 / 68.4
  / 68.4 / 68.6.  Kept 2 h: no cost on NAB, and a mention term that
  climbs over an hour (the demo's "food poisoning", 1 -> 5 -> 10 a bucket)
  alerts instead of learning its own rise.
- the slot's range from its previous days only (today's readings join it
  the next day), slot share 0.07 / 0.09 / 0.11: 68.6 / 68.1 / 67.5 (Twitter
  83.6 against 78.8 before).  Kept, with 0.07.
- level steps: with the slots judging, a 3x step alerted every 12 h for two
  days (each hour met the new level as news).  In the two days after an
  alert its direction meets the whole range only (episode 0 / 1 d / 2 d):
  67.9 / 67.1 / 68.3, and the step alerts once.  Kept 2 d.
- tried and dropped: a range of first differences (margin 0.1 / 0.2 /
  0.4: 64.4 / 65.5 / 65.6 against 65.6 without); CAD-OSE-like context
  novelty over quantised history (8 bins, pairs / triples; 5 bins, triples:
  61.5 / 54.5 / 60.0 against 65.6); the union of neighbouring hours' ranges
  (59.6-62.5 against 69.1: the missing daily peaks of the artificial series
  go, 90.6 -> 44.9); widening each slot's range by range/(n-1), the
  unbiased uniform end point (69.0 against 69.1); a Numenta-style anomaly
  likelihood (short mean of |z| against its own long-run distribution, z
  from a one-day EWMA, threshold 4 / 8 / 12 sd): 8.9 / 5.5 / 0.9 alone, it
  almost never fired, so it is not in the product.  On the shipped
  detector: spikes only, no drops: 54.6 (traffic 37.3, artificial 59.0:
  drops are half the labelled incidents); confirmation by the next reading
  (it must score 1 / 0.5 / 0 too): 42.1 / 44.2 / 47.7 (many incidents are
  one reading); a slot judging only once it holds 14 / 24 / 48 readings as
  well: 68.4 / 67.8 / 65.2; a whole range that forgets (its extremes decay
  towards a mean, half-life 7 / 14 / 30 / 90 days): 68.3 / 68.6 / 69.0 /
  68.0, within noise, not shipped; warm-up 6 h / 12 h: 68.3 / 68.2;
  first-week margin 0.05 / 0.1: 68.2 / 66.9; refractory 8 h / 16 h: 67.9 /
  67.0; slots judging from 2 / 3 / 4 previous days with the tolerance
  widened by 7 / days: 68.2 / 66.2 / 66.3 (AWS up to 63.7, artificial
  down to 56.5).  ARTime was not tried (no time left in this round).

The NAB total moves by 1-2 points on single windows, so differences of
that size above are within noise; leave-one-corpus-out is the honest
estimate on an unseen kind of series.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

DAY_SECONDS = 86_400.0
WARMUP_SECONDS = DAY_SECONDS  # one day of history before the first alert
REFRACTORY_SECONDS = 12 * 3_600.0  # quiet after an alert
SLOT_SECONDS = 3_600.0  # time-of-day slots: one hour ...
SLOT_READINGS = 4.0  # ... or wider, so that a slot spans 4 readings a day
SLOT_READY_DAYS = 7.0  # a slot judges a reading once it has seen this many days
RANGE_MARGIN = 0.07  # beyond the whole history's range by 7 % of it (first week)
GLOBAL_SHARE = 0.035  # a slot's tolerance: 3.5 % of the whole range ...
SLOT_SHARE = 0.07  # ... plus 7 % of the slot's own range (its previous days)
COUNT_FLOOR = 2.0  # counts: never less than 2 sd of counting noise (Anscombe scale)
EPISODE_SECONDS = 2 * DAY_SECONDS  # after an alert, its direction meets the whole range
RANGE_LAG = 2 * 3_600.0  # a reading meets the whole range as it was 2-4 h before
USUAL_HALF_LIFE = 7 * DAY_SECONDS  # the usual value of a slot (for messages)


@dataclass(frozen=True)
class DetectorConfig:
    """The detector's constants, every one in units of time or of the value's range."""

    spacing: float = 300.0  # seconds between buckets fed through `update`
    warmup: float = WARMUP_SECONDS
    refractory: float = REFRACTORY_SECONDS
    slot: float = SLOT_SECONDS
    slot_ready_days: float = SLOT_READY_DAYS
    range_margin: float = RANGE_MARGIN
    global_share: float = GLOBAL_SHARE
    slot_share: float = SLOT_SHARE
    count_floor: float = COUNT_FLOOR
    lag: float = RANGE_LAG
    episode: float = EPISODE_SECONDS
    slot_readings: float = SLOT_READINGS  # a slot spans at least this many readings a day

    def __post_init__(self) -> None:
        if not self.spacing > 0:
            raise ValueError(f"bucket spacing must be positive, not {self.spacing!r}")
        if not 0 < self.slot <= DAY_SECONDS:
            raise ValueError(f"slot must be between 0 and one day, not {self.slot!r}")

    @classmethod
    def for_spacing(cls, seconds: float, **overrides: float) -> DetectorConfig:
        """The default configuration for buckets `seconds` apart."""
        if not seconds > 0:
            raise ValueError(f"bucket spacing must be positive, not {seconds!r}")
        return replace(cls(spacing=float(seconds)), **overrides)

    @property
    def period(self) -> int:
        """Buckets per day at this spacing."""
        return max(1, round(DAY_SECONDS / self.spacing))


class SpikeDetector:
    """Causal novelty detector over one series of readings.

    Feed it either timestamped readings, `observe(at, value)` (Unix seconds;
    any spacing, gaps, repeats and back-set clocks), or evenly spaced buckets,
    `update(value)` (the bucket after the previous one; `start` is the first
    bucket's Unix time, or `phase` its index within the day).  A value of
    None is a bucket nobody could count (a source was down): nothing is learnt
    from it and it never alerts.  Each call returns (score, alert); the score
    is the reading's distance outside its tolerance band, in tolerances (an
    alert needs 1 or more), and `direction` says whether it was above the band
    ("spike") or below it ("drop").
    """

    def __init__(
        self,
        config: DetectorConfig | None = None,
        *,
        phase: int = 0,
        start: float | None = None,
    ) -> None:
        cfg = config or DetectorConfig()
        self.config = cfg
        self._next = float(start) if start is not None else phase * cfg.spacing
        self._slots = max(1, round(DAY_SECONDS / cfg.slot))
        self._counts = True  # until a value is negative or not whole
        self._slot_width = DAY_SECONDS / self._slots
        self._reset()
        self._cool_until = -math.inf
        self._episode_until = -math.inf
        self._episode_dir = ""
        self.n = 0
        self.expected = 0.0  # the usual value at this time of day (last reading)
        self.direction = ""  # "spike" or "drop" for the last reading's score

    def _reset(self) -> None:
        self._t0: float | None = None
        self._gap = math.inf  # the closest readings seen in the warm-up
        self._last = -math.inf
        self._clock = -math.inf
        self._lo = math.inf
        self._hi = -math.inf
        self._j_lo = self._s_lo = math.inf
        self._j_hi = self._s_hi = -math.inf
        self._swap_at = -math.inf
        self._reset_slots()

    def _reset_slots(self) -> None:
        slots = self._slots
        self._slot_lo = [math.inf] * slots
        self._slot_hi = [-math.inf] * slots
        self._slot_day = [-1] * slots  # the last day a slot saw a reading
        self._slot_days = [0] * slots  # how many days it has seen
        self._slot_mean = [0.0] * slots
        self._slot_n = [0] * slots
        self._today_lo = [math.inf] * slots
        self._today_hi = [-math.inf] * slots
        self._slot_seen = [0.0] * slots  # when a slot last saw a reading

    def _fit_slots(self, gap: float) -> None:
        """Widen the time-of-day slots so that each holds `slot_readings` readings a day.

        Hourly slots suit a series read every few minutes; one read every hour
        or two would give each slot a single reading a day, a range of one
        point.  The spacing is learnt from the closest readings of the warm-up
        (no reading is judged then), so a gap in the first day does not widen
        the slots for good.
        """
        if gap >= self._gap:
            return
        self._gap = gap
        width = max(self.config.slot, self.config.slot_readings * gap)
        slots = max(1, round(DAY_SECONDS / width))
        if slots != self._slots:
            self._slots = slots
            self._slot_width = DAY_SECONDS / slots
            self._reset_slots()

    @property
    def threshold(self) -> float:
        """The score a reading must reach to alert."""
        return 1.0

    def update(self, value: float | None) -> tuple[float, bool]:
        """The next evenly spaced bucket's value (None: unknown)."""
        at = self._next
        self._next = at + self.config.spacing
        return self.observe(at, value)

    def observe(self, at: float, value: float | None) -> tuple[float, bool]:
        """A reading taken at `at` (Unix seconds); returns its score and whether it alerts."""
        self.n += 1
        self.direction = ""
        if at > self._clock:
            self._clock = at
        # a back-set clock or a repeated timestamp is a further reading now
        now = self._clock
        if value is None or not math.isfinite(value):
            return 0.0, False
        cfg = self.config
        if self._counts and not (value >= 0.0 and value == math.floor(value)):
            # a negative or fractional value: this is a metric, not a count;
            # start again on the raw scale (the warm-up with it)
            self._counts = False
            self._reset()
        x = 2.0 * math.sqrt(value + 0.375) if self._counts else value
        if self._t0 is None:
            self._t0 = now
        elif now > self._last and now - self._t0 < cfg.warmup:
            self._fit_slots(now - self._last)
        self._last = now
        slot = int((now % DAY_SECONDS) // self._slot_width) % self._slots
        day = int(now // DAY_SECONDS)
        if cfg.lag > 0.0:  # snapshots of the range, swapped every `lag`
            if now >= self._swap_at:
                self._j_lo, self._j_hi = self._s_lo, self._s_hi
                self._s_lo, self._s_hi = self._lo, self._hi
                self._swap_at = now + cfg.lag
            lo, hi = self._j_lo, self._j_hi
            if lo > hi:
                lo, hi = self._lo, self._hi
        else:
            lo, hi = self._lo, self._hi
        width = hi - lo
        floor = cfg.count_floor if self._counts else 0.0
        n_slot = self._slot_n[slot]
        self.expected = self._usual(self._slot_mean[slot] if n_slot else (lo + hi) / 2)
        score = 0.0
        if now - self._t0 >= cfg.warmup and (width > 0.0 or floor > 0.0):
            whole = cfg.range_margin * width
            if whole < floor:
                whole = floor
            above = below = -math.inf
            if self._slot_days[slot] > cfg.slot_ready_days:  # days before today
                s_lo, s_hi = self._slot_lo[slot], self._slot_hi[slot]
                tol = cfg.global_share * width + cfg.slot_share * (s_hi - s_lo)
                if tol < floor:
                    tol = floor
                if tol > 0.0:
                    above, below = (x - s_hi) / tol, (s_lo - x) / tol
                # in the episode after an alert, that direction meets the whole
                # range only: a level that stepped up is not news again at every
                # hour of the day until each hour has learnt it
                if now < self._episode_until:
                    if self._episode_dir == "spike" and whole > 0.0:
                        above = (x - hi) / whole
                    elif self._episode_dir == "drop" and whole > 0.0:
                        below = (lo - x) / whole
            elif whole > 0.0:
                above, below = (x - hi) / whole, (lo - x) / whole
            if above >= below and above > -math.inf:
                score, self.direction = above, "spike"
            elif below > -math.inf:
                score, self.direction = below, "drop"
        alert = score >= 1.0 and now >= self._cool_until
        if alert:
            self._cool_until = now + cfg.refractory
            self._episode_until = now + cfg.episode
            self._episode_dir = self.direction
        # learn: the whole range, the slot's range, days and usual value
        if x < self._lo:
            self._lo = x
        if x > self._hi:
            self._hi = x
        # the slot's range holds its previous days; today's extremes join it
        # when the slot's next day begins
        if self._slot_day[slot] != day:  # fold the slot's previous day in
            if self._today_lo[slot] < self._slot_lo[slot]:
                self._slot_lo[slot] = self._today_lo[slot]
            if self._today_hi[slot] > self._slot_hi[slot]:
                self._slot_hi[slot] = self._today_hi[slot]
            self._today_lo[slot] = self._today_hi[slot] = x
        else:
            if x < self._today_lo[slot]:
                self._today_lo[slot] = x
            if x > self._today_hi[slot]:
                self._today_hi[slot] = x
        if self._slot_day[slot] != day:
            self._slot_day[slot] = day
            self._slot_days[slot] += 1
        self._slot_n[slot] = n_slot + 1
        gain = 1.0 - 0.5 ** ((now - self._slot_seen[slot]) / USUAL_HALF_LIFE)
        if gain < 1.0 / (n_slot + 1):
            gain = 1.0 / (n_slot + 1)
        self._slot_mean[slot] += gain * (x - self._slot_mean[slot])
        self._slot_seen[slot] = now
        return score, alert

    def _usual(self, x: float) -> float:
        if x == math.inf or x == -math.inf:
            return 0.0
        if self._counts:
            half = x / 2.0
            return max(0.0, half * half - 0.375)
        return x


def detect(
    values: Iterable[float | None],
    config: DetectorConfig | None = None,
    *,
    phase: int = 0,
    start: float | None = None,
) -> list[tuple[float, bool]]:
    """Run a fresh detector over evenly spaced `values`; one (score, alert) per value."""
    detector = SpikeDetector(config, phase=phase, start=start)
    update = detector.update
    return [update(v) for v in values]

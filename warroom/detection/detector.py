"""Streaming, causal spike detector for per-bucket mention counts.

`SpikeDetector.update(value) -> (score, alert)` decides on each new bucket
from the past alone: the state it keeps is a function of the values already
seen, so running it on any prefix of a series gives exactly the alerts of the
full run on that prefix.  Each update costs O(1) (a handful of float
operations per time scale; once a day a median over 28 numbers).

Design, in the order the value flows
------------------------------------
1. Variance-stabilising transform.  Counts are near-Poisson at small volumes,
   so each bucket is mapped to the Anscombe scale a = 2*sqrt(x + 3/8), where
   Poisson noise has standard deviation 1 whatever the level.  That gives the
   noise floor (`NOISE_FLOOR` = 1): a score can never claim more certainty
   than counting noise allows, which keeps 0 -> 3 mentions from being a
   "20 sigma" event on a quiet series.
2. Seasonality-aware baseline.  Mention volume follows the clock: a
   deseasonalised level (half-life one day) plus an hour-of-day profile
   (24 slots, each a trailing average over about a week: half-life 7 days so
   a change of habits is learnt within a week or two).  Both are updated with
   the residual clipped at 3 robust standard deviations (a Huber-type robust
   filter), so a spike moves the baseline only a little and a lasting level
   shift is absorbed within about a day.
3. Multi-scale scores.  A crisis is either a sudden burst or a build-up over
   hours, so the observed and expected counts are summed over 1 bucket, the
   last hour and the last 4 hours (running sums, O(1)); each sum is compared
   on the Anscombe scale and divided by its own robust scale (an EWMA of the
   clipped absolute residual, half-life one week, times sqrt(pi/2) to turn a
   mean absolute deviation into a standard deviation, floored at 1).  The
   spread of a series is a slow property, so it is averaged over a whole
   weekly cycle (the same half-life as the hour-of-day profile): with a
   one-day half-life one busy day inflated the scale for the next and hid a
   surge on it.  While the hour-of-day profile is young, each z also counts
   the baseline's own error: the hour's profile rests on the n observations
   of its slot so far, so a window sharing one slot's estimate over s
   buckets has its variance multiplied by 1 + s/n: about 2 on the second
   day, 1.14 at the end of the first week.  Without it a chance low hour on
   the first day looked like a surge on the second.  The term is counted
   for one half-life of the profile (a week): after that it would settle at
   1 + s/(2/g - 1), about 1.05, a constant factor on every score that the
   self-calibrated threshold (step 4) absorbs anyway.
   The score sums the evidence of the scales: the k z-scores
   added and divided by sqrt(k) (Stouffer's combination, k = 3), so a burst
   that comes on top of an hour or four already above the baseline scores
   higher than the same burst out of nowhere, and a lone one-bucket blip on
   an ordinary hour (a bot, one widely shared post) weighs about 1/sqrt(3) of
   its single-bucket z.  (`combine="max"`, the largest of the scales, was the
   score up to the second round below.)
4. Self-calibrated threshold.  Real volumes are heavy-tailed (a large brand
   has a newsworthy bump most days), so a fixed sigma threshold alerts far
   too often on them and too rarely on small brands.  The threshold is
   max(`MIN_THRESHOLD` = 5, `TYPICAL_FACTOR` x the median of the daily
   highest scores over the last 28 days): an alert means "a surge well beyond
   5 sigma of counting noise AND clearly larger than an ordinary day's
   biggest wobble".  28 days covers four weekly cycles, so a burst of busy
   days does not move the median much; the median ignores a past crisis in
   that history.  (Fewer days are used until 28 have been seen.)  A day's
   highest score is taken as a settled profile scores it (without the young
   profile's error of step 3): the wobble is a property of the series, and
   the first week's discounted scores would otherwise lower the threshold
   for the four weeks they stay in its history.
5. Refractory period.  After an alert the detector stays quiet for one day
   (`REFRACTORY_DAYS`): the team is already on it, and repeated alerts on the
   same episode are noise.  One bucket-day of warm-up before the first alert.
6. Re-anchoring after an alert.  The level follows the volume with a one-day
   half-life, so a day after a lasting level shift half of it is still
   "excess", and summed over the scales that is enough to alert again on the
   same shift.  So one longest window (4 h) before the refractory day ends,
   the level is moved by the gap between the last 4 h's observed and
   expected mean count (Anscombe scale): what is still there most of a day
   after an alert is the new normal, and a crisis that has passed does not
   leave the level inflated.  Every window then meets the re-anchored level
   by the time alerts re-arm.  (O(1): the window's running sums.)

Every constant above is set in units of time and converted to buckets from the
bucket spacing, so the same defaults serve 1-minute, 5-minute and 15-minute
buckets.

What was tried and how it scored (NAB standard profile, the five Twitter
volume series in ../shared/data/nab-realtweets, scored by
../shared/tools/nabscore.py; published: ARTime 83.8, Skyline 77.8, CAD OSE
76.0, KNN CAD 68.6, HTM 66.1, Twitter ADVec 66.0, windowed Gaussian 64.8):

- trailing-day median/MAD robust z on the Anscombe scale, fixed threshold,
  no seasonality: 45-65 depending on threshold (5-8) and refractory (6 h-1 d);
  AAPL and FB raise 20-30 alerts on unlabelled news bumps.
- + hour-of-day robust baseline, single scale: 54-63.
- + 1 h and 4 h scales: 65-67 (catches the slow weekday surges of CRM/CVS
  and night-time bursts of AMZN that a single 5-minute bucket misses).
- "alert only on a new 1-week or 2-week record of the score": 50-73,
  unstable (it either goes blind after a big crisis or keeps re-alerting).
- + self-calibrated threshold, threshold = max(5, f x median daily max of
  the last 14 days), f among {off, 1.5, 2, 3}: 66.2 / 70.2 / 64.3 / 57.0
  (f = 2-3 catches every big surge with 0-2 false alerts on AAPL/FB but
  misses CRM's and AMZN's small windows; off floods AAPL and FB).
- extreme-value alert budget instead of f: fit a Gumbel to the 14 daily
  maxima (median and quartiles) and alert above the once-in-N-days level,
  N = 7/14/30/60/120 days: 60.2 / 65.6 / 66.2 / 61.0 / 62.1 - fewer false
  alerts (FB 91.5) but AMZN's windows go, and NAB's standard profile weighs a
  miss as much as nine false alerts.  Kept as a note, not shipped.

First version (f = 1.5, 14 days of daily maxima, scale half-life one day):
NAB 69.8 (AAPL 78.5, AMZN 58.9, CRM 58.4, CVS 80.3, FB 75.7), leave-one-out
65.7, synthetic (seeds 1000-1019) 78.4.

Second round (same structure, time constants revisited):
- more time scales (12 h, 24 h) on top of 1 bucket / 1 h / 4 h: no change
  (69.8); dropped.  1 bucket + 1 h only: 75.8; 1 h + 4 h only: 75.3 (misses
  AMZN's night bursts); 30 min / 2 h / 8 h: 76.8 - the scales matter little.
- refractory 6 h / 12 h / 2 d instead of 1 d: 67.5 / 69.2 / 71.1 (shorter
  re-alerts on the same episode, longer blocks the next one); kept 1 d.
- noise-scale half-life 3 d / 7 d instead of 1 d: 76.9 / 76.5, synthetic
  81.3 / 81.4 (CRM 58 -> 90: its March 26 surge, 3x the usual daily peak over
  ten hours, was hidden by a scale inflated by the previous busy day).  Kept
  7 d: the same weekly cycle as the seasonal profile.
- level half-life 3 d / 7 d: 70.6 / 70.2; seasonal half-life 3 d / 14 d:
  76.5 / 76.9; 12 or 48 seasonal slots: 76.9 / 77.0 - all within noise of
  the shipped values; not changed.
- history of daily maxima 7 / 14 / 28 days (with the 7 d scale): 70.7 /
  76.5 / 82.2; over the 8 combinations of f in {1.25, 1.5, 1.75, 2} and
  level half-life {1 d, 3 d} the mean is 75.9 for 14 days and 79.0 for 28.
  Kept 28: a steadier median, four weekly cycles.
- minimum threshold 4 / 6 instead of 5: 75.8 / 71.5 on NAB; 4 raises the
  synthetic score (81 -> 87) but adds false alerts on quiet series; kept 5
  (a conventional "surely not chance").
- f among 1.25 / 1.5 / 1.75 / 2 (28 days, 7 d scale): 79.1 / 82.2 / 74.3 /
  76.4.  The NAB total swings by +-8 on whether AMZN's 4th window (a night
  surge 20-40 % above the days before) crosses the threshold, so these
  differences are mostly one window; 1.5 is kept from the first round.
- a threshold per time scale (each scale against its own median daily max):
  80.2, no earlier detections; an escalation re-alert inside the refractory
  day (score above 1 / 1.5 / 2 x the alert's): 66.0 / 79.7 / 81.9.  Dropped.
- persistence (two buckets over the threshold) was ruled out by inspection:
  most labelled windows here are caught by a single-bucket burst, exactly
  like most false alerts.

Second-round detector (largest scale, no re-anchoring): NAB 82.2 with
`warroom detect`: AAPL 81.3, AMZN 82.1, CRM 89.4, CVS 84.5, FB 70.3 (16
windows all caught, 40 false alerts over 275 days, about one a week).
Leave-one-series-out, choosing history {14, 28} days x f {1.25, 1.5, 1.75,
2} x scale half-life {1, 7} days on four series and scoring the fifth: 76.4
(the AMZN fold picks 14 days and misses its 4th window).  On 20 synthetic
brand series it never saw (`synthetic.py`, seeds 1000-1019: base rates
0.3-200 a bucket, daily and weekend rhythm, gamma-Poisson noise, unlabelled
level shifts): 81.4 with no false alert, against 60.8 for a windowed
Gaussian in the same run; on 30 fresh seeds (2000-2029) 82.6 at 5-minute
and 84.6 at 15-minute buckets (first version: 76.2 / 80.9); 75.8 at 1-minute
buckets (seeds 2000-2009, windowed Gaussian 39.1).

Third round (structure, not constants; every figure is NAB standard with
per-series AAPL/AMZN/CRM/CVS/FB, leave-one-out over the 16 settings above
with the variant's other choices fixed, and synthetic seeds 1000-1019, whose
windowed-Gaussian reference is 60.8 throughout; a change was kept only if
it is explainable in units of time and lowers neither leave-one-out nor
synthetic against the second-round detector, 82.2 / 76.4 / 81.4; the two
behaviour fixes at the end give back part of the sum's gain, as said):
- combine the scales by summing evidence, z's added / sqrt(3): 85.0
  (84.1/88.6/87.1/82.7/80.1), LOO 81.8, synthetic 87.3.  Kept.  False
  alerts fall from 10 to 6 on FB (lone 5-minute blips of 100-230 mentions
  on an ordinary hour) and from 10 to 5 on AMZN (midnight bursts), with
  every window still caught; with the self-calibrated threshold the scale
  of the combined score does not matter, only the 5-sigma floor does.  Over all 16 leave-one-out settings the mean
  NAB rises from 72.8 to 78.4.  On fresh seeds 2000-2029: 84.2 at 5 min and
  88.8 at 15 min; 83.5 at 1 min (seeds 2000-2009).
- the same sum divided by its null sd under nested Poisson windows
  (sqrt(sum of sqrt(m_a/m_b)) = 2.2 instead of sqrt(3)): 86.6
  (84.1/88.6/91.7/84.5/83.2), LOO 81.5, synthetic 79.8.  Rejected: it only
  rescales the score, i.e. raises the 5-sigma floor to about 6.4, which
  loses weak crises on quiet synthetic brands.  So with the kept sum the
  floor of 5 is about 3.9 sigma of a Poisson-null combined score.
- the sum divided by its own robust spread (an EWMA like the scales'): 75.9
  (85.4/66.6/61.9/82.6/86.0), LOO 78.8, synthetic 79.7.  Rejected.
- only the positive z's summed (a quiet hour before a burst does not count
  against it): 84.3 (84.1/88.6/87.1/82.7/74.6), LOO 81.8, synthetic 87.3;
  root-sum-square of the positive z's: 83.4 (84.1/87.2/87.1/82.7/69.5), LOO
  74.3, synthetic 87.4.  Rejected.
- confirmation: alert only when the 5 / 10 / 15 minutes after the
  candidate bucket are still above the baseline (aimed at FB's lone blips):
  85.3 / 85.1 / 85.3, LOO 81.8 / 81.7 / 81.6, synthetic 87.2 / 87.1 / 87.0
  (per series within 0.1-1.8 of the sum); with "at least 1 sigma above"
  over 10 minutes: 85.1, 81.7, 87.3.  No gain once the scales are summed;
  dropped.
- the alerting bucket must itself be above the baseline (z of one bucket
  >= 0 or >= 1): no change at all (85.0, 81.8, 87.3).
- an hour-of-day threshold (also above f_slot x an EWMA, half-life one
  week, of that hour's largest score; aimed at AMZN's midnight bursts), with
  the largest scale: f_slot 1 / 1.25 no change (82.2), 2: 82.4 (CRM 90.1),
  LOO 82.4, synthetic 81.4; with the sum and f_slot 1.5: no change (85.0).
  Dropped.
- time scales with the sum: 30 min / 2 h / 8 h plus one bucket: 82.7
  (81.3/84.5/87.1/82.7/75.3), LOO 81.7, synthetic 87.2; one bucket + 1 h:
  76.4, LOO 74.6, synthetic 87.6; + 12 h: 84.0, LOO 81.2, synthetic 86.7;
  + 24 h: 84.4, LOO 80.4, synthetic 85.4.  Kept one bucket / 1 h / 4 h.
- refractory 12 h / 2 d with the sum: 83.5 / 73.0, LOO 80.0 / 60.3,
  synthetic 87.3 / 87.3.  Kept one day.
- level shifts: with the sum, a lasting 3x step alerts at its onset and
  again a day later (the level has absorbed only half of it, and 2-4 sigma
  on every scale sums past the floor), which the tests forbid.  Tried:
  re-arming only on a fresh crossing of the threshold (85.0, LOO 81.8,
  synthetic 87.3) and a level learnt without clipping during the refractory
  day (84.3, 81.8, 87.3): both still alert twice.  A multiplicative
  hour-of-day profile (a brand three times as busy is three times as busy
  at every hour): 84.0 (84.1/87.2/83.5/82.7/80.1), LOO 79.2, synthetic
  87.2, still twice.  A level half-life of 6 h: 77.3, LOO 71.8 (AMZN's
  windows are absorbed too); 6 h / 12 h with the multiplicative profile:
  77.2 / 77.8, LOO 84.6 / 83.9, synthetic 87.2 / 87.0.  A level that
  follows with a 4 h half-life during the refractory day (clipped /
  unclipped): 84.0 / 84.4, LOO 79.5 / 79.8, synthetic 87.1; with 1 h: 77.4,
  LOO 84.2, synthetic 86.9.  The shorter half-lives alert once but score
  lower.  Re-anchoring the level (step 6) also alerts once: 4 h before the
  refractory ends 85.4 (85.4/89.2/86.5/84.5/77.4), LOO 80.1, synthetic
  87.2; at its end 78.9 (AMZN 65.9; the longer windows still hold the old
  expectation when alerts re-arm); upwards only 84.0, LOO 79.5.  Kept the
  first.  It costs 0.1 on the synthetic series and 1.7 on leave-one-out
  against the sum alone (fresh seeds 2000-2029: 84.0 / 88.2 at 5 / 15 min,
  83.2 at 1 min; the sum alone 84.2 / 88.8 / 83.5): the price of alerting
  once, not daily, on a brand whose volume has stepped up.  With both
  switches (combine, re-anchor) added to the leave-one-out choices (64
  settings, as `python -m bench detect` computes it) the figure is 81.8:
  the folds pick the sum without re-anchoring.

- first days (after the re-anchoring, so against 85.4 / 80.1 / 87.2): with
  the sum, a chance low hour on a 15-minute series' first day made the same
  hour on the second day alert (a quiet test series, threshold still at its
  floor).  Alerting only once the threshold has one day of daily maxima
  (84.7, LOO 79.8, synthetic 87.3) silences the demo's day-2 crisis too, so
  no.  The hour-of-day profile as a plain mean until the weekly EWMA takes
  over (instead of switching after one day): 83.7
  (84.1/87.9/81.0/84.5/77.4), LOO 78.8, synthetic 87.3, fresh seeds 84.8 /
  88.2 / 83.2, but a crisis in the first weeks then weighs more in its
  hour's profile and inflates the next day's baseline (a test forbids it).
  The baseline's error in the z (step 3): 84.0 (84.1/86.5/86.5/82.7/77.4),
  LOO 79.4, synthetic 87.3, fresh seeds 84.1 / 88.1 / 80.6.  Kept: it is
  the honest statement of what one day of history can tell, and it leaves
  later weeks almost unchanged.  With the largest scale instead of the sum
  it costs the synthetic series 4.6 (81.4 -> 76.8): early crises need the
  summed evidence.

Fourth round (structure again; against the third-round detector, NAB 84.0
(84.1/86.5/86.5/82.7/77.4), leave-one-out 81.5, synthetic 87.3; here
"LOO" is the leave-one-out over the 64 settings `python -m bench detect`
uses, synthetic is seeds 1000-1019 against the windowed Gaussian's 60.8,
and a variant had also to keep every behaviour the tests ask for):
- day-of-week seasonality.  The five series fall to 0.4-0.7 of their mean
  at weekends, and the profile above is hour-of-day only.  The callers give
  the phase within the day, not the weekday, so the weekday is the day
  count modulo 7 from the first bucket (no calendar needed).  An additive
  offset per weekday on the Anscombe scale (EWMA from zero, half-life 7 /
  14 / 28 / 56 days; the level and the profile learn from what it leaves):
  81.9 (79.9/86.5/84.1/79.1/77.4) / 82.2 (82.7/86.5/84.1/79.1/74.7) / 83.2
  (84.1/86.5/83.9/81.0/77.5) / 84.8 (84.1/86.5/88.6/82.7/80.1), LOO 69.2 /
  82.2 / 81.9 / 80.2, synthetic 87.3 / 87.2 / 87.2 / 87.3; up to 28 days a
  lasting level shift alerts twice again (the step's weekday takes part of
  it into its offset).  Learnt as a plain mean over each weekday's first
  day (as the hour profile is): 77.0-77.7 and a crisis in the first week
  becomes its weekday's normal.  A multiplicative weekday factor (the
  least-squares ratio of the clipped observation to the deseasonalised
  baseline, so busy hours weigh most), half-life 14 / 28 / 56 days: 77.7 /
  78.7 / 79.2 (AMZN 67.2, a window lost), LOO 77.5 / 74.1 / 73.1,
  synthetic 85.4 / 85.2 / 85.1, with a quiet series' false alert; from
  zero instead of a first-day mean (14 / 28 days): 76.1 / 75.8, LOO 79.5 /
  79.9, synthetic 84.2 / 84.1.  As a ceiling, each series' own weekday
  means over all its weeks (not causal, so no candidate): 76.6
  (79.9/65.8/87.6/74.9/77.4).  The weekly rhythm is not what costs points
  here: a one-day level already follows it within a day, the UTC day is not
  the audience's day, and a weekday's mean carries that weekday's crises.
  Dropped.
- the first days, i.e. why the baseline-error term of round three cost
  1.4 points (85.4 without it: 85.4/89.2/86.5/84.5/77.4, LOO 81.8,
  synthetic 87.2, with the day-2 false alert).  Not through the first days'
  alerts but through the threshold: the term discounts the scores of the
  first weeks (about 1/sqrt(2) on the 1 h and 4 h scales on day 2), those
  days' lowered maxima stay in the threshold's 28-day history, and AAPL and
  AMZN then alert on ordinary bursts in the first two weeks (AAPL March 6,
  AMZN March 3 and 9).  The settled term alone (1 + s/(2/g - 1) from the
  first day): 84.7 (84.1/89.2/86.5/82.7/77.4), LOO 81.8, synthetic 87.3,
  and the day-2 alert is back.  The term only while the slot has fewer than 2 / 3 / 7 /
  14 / 28 days of observations: 85.1 (a quiet test series alerts) / 84.4 /
  84.0 / 84.0 / 84.0, LOO 81.6 / 81.6 / 81.6 / 81.5 / 81.5, synthetic 87.2
  / 87.2 / 87.2 / 87.2 / 87.3.  The term with n uncapped (fading as 1/n):
  84.0, LOO 81.5, synthetic 87.3.  The day's highest score for the
  threshold taken without the term (step 4), the term as it was: 85.4
  (85.4/89.2/86.5/84.5/77.4), LOO 80.2, synthetic 87.4; the same with n
  uncapped: 85.4, LOO 80.2, synthetic 87.4.  Both, the term only while the
  profile is young and the threshold fed the settled score, young = 2 / 3
  / 7 / 14 / 28 days: 85.4 (85.4/89.2/86.5/84.5/77.4, the same alerts for
  every length), LOO 81.8 / 81.8 / 81.8 / 81.8 / 82.2, synthetic 87.3 /
  87.3 / 87.3 / 87.4 / 87.4.  Kept with one week, the profile's own
  half-life (no new constant).  With both as switches in the leave-one-out
  choices (256 settings) the figure stays 81.8: every fold picks them.
  Fresh seeds 2000-2029: 84.0 / 88.2 at 5 / 15 min, 83.2 at 1 min (seeds
  2000-2009; round three 84.1 / 88.1 / 80.6).  On the CLI test's small
  brand (about 5 a bucket, binomial noise, 15-minute buckets), seeds 1-40,
  three quiet days: no alert (round three alerted on seed 15's third day,
  through the lowered threshold; without the term, on seed 5's second day),
  and a crisis on the second day alerts at its onset on all 40.
- the level's half-life, with the kept changes (the re-anchoring of step 6
  now takes care of a shift that alerts, so the level need not be fast):
  12 h / 2 d / 3 d / 5 d / 7 d: 79.1 (84.1/65.2/86.5/86.4/74.6) / 85.9
  (85.4/89.2/89.0/84.5/77.4) / 86.8 (86.8/89.2/88.6/84.5/82.9) / 87.9
  (86.8/89.2/92.3/84.5/85.5) / 88.2 (86.8/89.2/92.3/86.3/85.5), LOO 77.5 /
  82.5 / 82.5 / 83.6 / 83.6, synthetic 87.1 / 87.4 / 87.4 / 87.3 (87.25) /
  84.0; with {1 d, 3 d} among the leave-one-out choices (128 settings):
  82.5.  At 3 days the false alerts fall from 29 to 25, Mondays' from 8 to
  5 (a level spanning half a week is dragged down less by a weekend), but
  fresh seeds 2000-2029 give 83.5 / 88.2 / 83.5 against 84.0 / 88.2 / 83.2
  with one day.  Not shipped: the value comes from a scan of these five
  series' labels, the unseen synthetic brands do not confirm it (the second
  round's scan found no difference either), and a slower level is slower
  to absorb a shift that does not alert.  The first thing to revisit with
  another labelled data set.

This detector: NAB 85.4 with `warroom detect`: AAPL 85.4, AMZN 89.2, CRM
86.5, CVS 84.5, FB 77.4 (16 windows all caught, 29 false alerts against 33
in round three and 40 in round two).  Leave-one-out 80.1 over the 16
settings (round three 79.4); 81.8 over the 64 settings with the
combination and re-anchoring switches (the figure `python -m bench detect`
prints; round three 81.5).  Synthetic seeds 1000-1019: 87.3 against 60.8
for the windowed Gaussian (second round 81.4); fresh seeds 2000-2029: 84.0
at 5-minute and 88.2 at 15-minute buckets, 83.2 at 1-minute (seeds
2000-2009; windowed Gaussian 61.0 / 67.4 / 39.1).  `python -m bench detect`
reproduces the NAB, leave-one-out and synthetic figures.

How far above 85, honestly: summing the scales' evidence is worth about 3
points on NAB, 5 on leave-one-out and 6 on the unseen synthetic brands;
the two behaviour fixes it needs (one alert per level shift, no alert from
a one-day-old baseline) now cost nothing on these five series, since the
young profile's discount no longer reaches the threshold.  The margin is
thin: AMZN's third window (an evening rising to 1.5-3.5x the usual) is
caught at a score of 7.6 against a threshold of 7.3, and without it the
total falls to about 79.  Every window is caught, mostly at its labelled
peak (NAB reward about 0.86 there, 1.0 at the window's left edge), and the
rest of the gap is 29 false alerts at up to 0.11 each.  The surges in
these windows are sudden (the hour before the peak looks like the days
before), so a causal detector cannot fire much earlier, and AAPL's
remaining false alerts are 1,000-4,000-mention bursts (20-70x the
baseline) that are simply not labelled.  The NAB total swings by several
points on single windows (AMZN's, CRM's) and single false alerts (one
uncounted alert in the probation period moved it by 0.7), so differences
of 1-2 points between the variants above are within that noise; the
leave-one-out and synthetic figures are the honest estimates on an unseen
brand.  No constant was changed in this round.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

DAY_SECONDS = 86_400.0
NOISE_FLOOR = 1.0  # Poisson noise on the Anscombe scale has sd 1
CLIP = 3.0  # residuals beyond 3 robust sd update the baseline as if they were 3 sd
MAD_TO_SD = math.sqrt(math.pi / 2.0)  # mean |e| = sd * sqrt(2/pi) for Gaussian e
MIN_THRESHOLD = 5.0  # 5 sigma of counting noise: conventional "surely not chance"
TYPICAL_FACTOR = 1.5  # half as large again as an ordinary day's biggest wobble
HISTORY_DAYS = 28  # four weekly cycles of daily maxima
REFRACTORY_DAYS = 1.0
LEVEL_HALF_LIFE_DAYS = 1.0
SEASON_HALF_LIFE_DAYS = 7.0  # hour-of-day profile; also how long it counts as young
SCALE_HALF_LIFE_DAYS = 7.0  # a noise scale is a slow property: one weekly cycle
SLOTS_PER_DAY = 24
SCALES_SECONDS = (0.0, 3_600.0, 4 * 3_600.0)  # one bucket, one hour, four hours


def _gain(half_life_updates: float) -> float:
    """EWMA gain per update for a half-life given in updates."""
    return 1.0 - math.pow(0.5, 1.0 / max(half_life_updates, 1.0))


@dataclass(frozen=True)
class DetectorConfig:
    """The detector's settings in buckets; build it with `for_spacing`."""

    period: int  # buckets per day
    slots: int  # seasonal slots per day
    scales: tuple[int, ...]  # summing windows, in buckets
    refractory: int  # buckets of silence after an alert
    history_days: int = HISTORY_DAYS
    min_threshold: float = MIN_THRESHOLD
    typical_factor: float = TYPICAL_FACTOR  # 0 turns the self-calibration off
    level_half_life: float = 0.0  # in buckets; 0 means one day
    season_half_life_days: float = SEASON_HALF_LIFE_DAYS
    scale_half_life: float = 0.0  # in buckets; 0 means SCALE_HALF_LIFE_DAYS
    combine: Literal["sum", "max"] = "sum"  # scales' evidence summed, or the largest
    reanchor: bool = True  # re-anchor the level on the last window before re-arming

    def __post_init__(self) -> None:
        if self.combine not in ("sum", "max"):
            raise ValueError(f"combine must be 'sum' or 'max', not {self.combine!r}")

    @classmethod
    def for_spacing(cls, seconds: float, **overrides: float | str) -> DetectorConfig:
        """Defaults for buckets `seconds` apart (time constants converted to buckets)."""
        if not seconds > 0:
            raise ValueError(f"bucket spacing must be positive, not {seconds!r}")
        period = max(1, round(DAY_SECONDS / seconds))
        scales = sorted({max(1, round(s / seconds)) for s in SCALES_SECONDS})
        config = cls(
            period=period,
            slots=min(SLOTS_PER_DAY, period),
            scales=tuple(scales),
            refractory=max(1, round(REFRACTORY_DAYS * period)),
        )
        if overrides:
            from dataclasses import replace

            config = replace(config, **overrides)  # type: ignore[arg-type]
        return config


class SpikeDetector:
    """Causal spike detector over one series of per-bucket counts.

    `phase` is the bucket's position within the day of the first value (so
    the hour-of-day profile follows the clock); it changes nothing else.
    """

    def __init__(self, config: DetectorConfig | None = None, *, phase: int = 0) -> None:
        cfg = config or DetectorConfig.for_spacing(300.0)
        self.config = cfg
        self._period = cfg.period
        self._per_slot = cfg.period / cfg.slots
        self._phase = phase % cfg.period
        self._g_level = _gain(cfg.level_half_life or cfg.period)
        self._g_scale = _gain(cfg.scale_half_life or SCALE_HALF_LIFE_DAYS * cfg.period)
        self._g_season = _gain(cfg.season_half_life_days * self._per_slot)
        self._scales = cfg.scales
        self._span = max(cfg.scales)
        self._season = [0.0] * cfg.slots
        self._seen = [0] * cfg.slots
        self._level: float | None = None
        self._xs = [0.0] * self._span
        self._es = [0.0] * self._span
        self._sum_x = [0.0] * len(cfg.scales)
        self._sum_e = [0.0] * len(cfg.scales)
        self._mad = [NOISE_FLOOR / MAD_TO_SD] * len(cfg.scales)
        self._sum_scales = cfg.combine == "sum"
        # the hour-of-day profile is young while its slot has fewer observations
        # than one of its half-lives holds (a week of buckets in that hour); how
        # many buckets of each window share one slot's estimate
        self._young = cfg.season_half_life_days * self._per_slot
        self._shared = [float(min(m, self._per_slot)) for m in cfg.scales]
        self._root_k = math.sqrt(len(cfg.scales))
        self._warm = cfg.period
        self._daily: deque[float] = deque(maxlen=cfg.history_days)
        self._day_max = -math.inf
        self._threshold = cfg.min_threshold
        self._cool = 0
        # the refractory count at which the level is re-anchored: one longest
        # window before alerts re-arm, so every window then meets the new level
        self._anchor_at = min(self._span, cfg.refractory - 1) if cfg.reanchor else -1
        self.n = 0
        self.expected = 0.0  # the baseline count of the last bucket

    @property
    def threshold(self) -> float:
        """The score the next bucket must reach to alert."""
        return self._threshold

    def update(self, value: float) -> tuple[float, bool]:
        """Take the next bucket's count; return its score and whether it alerts."""
        i = self.n
        self.n = i + 1
        x = value if value > 0.0 else 0.0
        a = 2.0 * math.sqrt(x + 0.375)
        pos = (i + self._phase) % self._period
        slot = int(pos / self._per_slot)
        if self._level is None:
            self._level = a
        level = self._level
        base = level + self._season[slot]
        half = base * 0.5
        expected = half * half - 0.375
        if expected < 0.0:
            expected = 0.0
        self.expected = expected
        span = self._span
        xs, es = self._xs, self._es
        sum_x, sum_e, mad = self._sum_x, self._sum_e, self._mad
        warm = i >= self._warm
        g_scale = self._g_scale
        largest = largest_settled = -math.inf
        total = total_settled = 0.0
        sd1 = NOISE_FLOOR
        known = float(self._seen[slot])  # observations behind this hour's profile
        young = known < self._young
        if known < 1.0:
            known = 1.0
        shared = self._shared
        for q, m in enumerate(self._scales):
            sx = sum_x[q] + x
            se = sum_e[q] + expected
            if i >= m:  # the bucket m places back leaves this window
                k = (i - m) % span
                sx -= xs[k]
                se -= es[k]
            sum_x[q] = sx
            sum_e[q] = se
            r = 2.0 * math.sqrt((sx if sx > 0.0 else 0.0) + 0.375) - 2.0 * math.sqrt(
                (se if se > 0.0 else 0.0) + 0.375
            )
            sd = MAD_TO_SD * mad[q]
            if sd < NOISE_FLOOR:
                sd = NOISE_FLOOR
            z = r / sd  # against the noise alone: as a settled profile scores it
            total_settled += z
            if z > largest_settled:
                largest_settled = z
            if young:  # noise plus the young profile's own error
                z /= math.sqrt(1.0 + shared[q] / known)
            total += z
            if z > largest:
                largest = z
            if q == 0:
                sd1 = sd
            if i >= m - 1:  # the window is full: learn its spread
                dev = r if r >= 0.0 else -r
                cap = CLIP * sd
                if dev > cap:
                    dev = cap
                mad[q] += (g_scale if warm else 1.0 / (i - m + 2)) * (dev - mad[q])
        if self._sum_scales:
            score = total / self._root_k
            settled = total_settled / self._root_k
        else:
            score, settled = largest, largest_settled
        j = i % span
        xs[j] = x
        es[j] = expected
        alert = False
        reanchor = False
        if warm:
            if self._cool > 0:
                self._cool -= 1
                reanchor = self._cool == self._anchor_at
            elif score >= self._threshold:
                alert = True
                self._cool = self.config.refractory
            # the day's largest wobble as a settled profile scores it, so the
            # discounted first week does not lower the threshold for four
            if settled > self._day_max:
                self._day_max = settled
            if (i + 1 - self._warm) % self._period == 0:
                self._end_of_day()
        # robust (Huber-clipped) update of the seasonal profile and the level
        c = CLIP * sd1
        resid = a - base
        if resid > c:
            resid = c
        elif resid < -c:
            resid = -c
        seen = self._seen[slot] + 1
        self._seen[slot] = seen
        g = 1.0 / seen if seen <= self._per_slot else self._g_season
        season = self._season[slot]
        season += g * (base + resid - level - season)
        self._season[slot] = season
        d = a - season - level
        if d > c:
            d = c
        elif d < -c:
            d = -c
        level += self._g_level * d
        if reanchor:
            # whatever is still there most of a day after an alert is the new
            # normal (and a crisis that has passed must not leave the level
            # inflated): move the level by the gap between the last window's
            # observed and expected mean count, on the Anscombe scale
            sx = sum_x[-1] / span
            se = sum_e[-1] / span
            level += 2.0 * math.sqrt((sx if sx > 0.0 else 0.0) + 0.375) - 2.0 * math.sqrt(
                (se if se > 0.0 else 0.0) + 0.375
            )
        self._level = level
        return score, alert

    def _end_of_day(self) -> None:
        self._daily.append(self._day_max)
        self._day_max = -math.inf
        factor = self.config.typical_factor
        if factor > 0.0 and self._daily:
            ordered = sorted(self._daily)
            n = len(ordered)
            mid = ordered[n // 2] if n % 2 else 0.5 * (ordered[n // 2 - 1] + ordered[n // 2])
            self._threshold = max(self.config.min_threshold, factor * mid)
        else:
            self._threshold = self.config.min_threshold


def detect(
    values: Iterable[float], config: DetectorConfig | None = None, *, phase: int = 0
) -> list[tuple[float, bool]]:
    """Run a fresh detector over `values`; one (score, alert) per value."""
    detector = SpikeDetector(config, phase=phase)
    update = detector.update
    return [update(v) for v in values]

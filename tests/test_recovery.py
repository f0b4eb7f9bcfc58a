"""The recovery tracker: baseline bands, the day each criterion is met, gaps never zero."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from warroom.cli import main
from warroom.incidents import clocks, recovery
from warroom.incidents import service as svc
from warroom.plan.store import ensure_default_plan
from warroom.store.db import Store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import Incident, PollLog, Source

CRISIS = date(2026, 3, 15)
NOW = datetime(2026, 3, 21, 12, 0, tzinfo=UTC)
# mentions per day and negative share: a 14-day baseline, the crisis day, the way back
DAYS: dict[int, tuple[int, float]] = {
    **{d: (40, 0.1) for d in range(-14, 0)},
    0: (400, 0.6),
    1: (150, 0.3),
    **{d: (40, 0.1) for d in range(2, 7)},
}


def _build(store: Store) -> str:
    ensure_default_plan(store)
    with store.session() as session:
        source = Source(origin=store.origin, name="Feed", kind="rss", interval_s=300)
        session.add(source)
        session.flush()
        rows = []
        for offset, (count, share) in DAYS.items():
            day = datetime(CRISIS.year, CRISIS.month, CRISIS.day, tzinfo=UTC) + timedelta(
                days=offset
            )
            negative = round(count * share)
            for n in range(count):
                at = day + timedelta(minutes=n * (12 * 60 // count))
                if offset == 6 and at > NOW:
                    continue
                rows.append(
                    {
                        "source_id": source.id,
                        "external_id": f"{offset}-{n}",
                        "text": "kopi",
                        "language": "en",
                        "published_at": at,
                        "sentiment": -0.6 if n < negative else 0.3,
                    }
                )
        store_mentions(session, rows, origin=store.origin)
        incident = svc.open_incident(
            session,
            origin=store.origin,
            title="Food poisoning claims",
            author="Aisyah",
            scenario_key="food_safety",
            severity_level=4,
            at=datetime(2026, 3, 15, 9, 0, tzinfo=UTC),
        )
        return incident.id


def _track(store: Store, incident_id: str) -> recovery.Recovery:
    with store.session() as session:
        incident = session.get_one(Incident, incident_id)
        plan = clocks.incident_plan(session, incident)
        assert plan is not None
        return recovery.track(session, incident, plan, now=NOW)


def test_each_criterion_is_met_after_its_days_inside_the_baseline_band(store: Store) -> None:
    state = _track(store, _build(store))
    assert state.baseline_start == CRISIS - timedelta(days=14)
    assert state.baseline_end == CRISIS
    assert state.peak_day == CRISIS
    by_key = {c.key: c for c in state.criteria}
    volume = by_key["volume"]
    assert volume.band is not None and volume.band.low < 40 < volume.band.high
    assert not volume.band.holds(150.0)
    share = by_key["negative_share"].band
    assert (
        share is not None and share.low == pytest.approx(0.05) and share.high == pytest.approx(0.15)
    )
    # day 1 is still loud and negative; days 2, 3, 4 are back inside: met on day 4
    assert volume.met_on == CRISIS + timedelta(days=4)
    assert by_key["negative_share"].met_on == CRISIS + timedelta(days=4)
    assert by_key["mean_sentiment"].met_on == CRISIS + timedelta(days=4)
    assert state.recovered_on == CRISIS + timedelta(days=4)
    assert by_key["negative_share"].today == pytest.approx(0.1)
    assert volume.today == pytest.approx(80.0)  # 40 by noon, pro-rated to a day


def test_a_day_inside_a_source_outage_has_no_value_and_breaks_the_run(store: Store) -> None:
    incident_id = _build(store)
    with store.session() as session:
        source = session.query(Source).one()
        day3 = datetime(2026, 3, 18, tzinfo=UTC)
        for at, ok in ((day3 - timedelta(minutes=1), False), (day3 + timedelta(days=1), True)):
            session.add(
                PollLog(
                    origin=store.origin,
                    source_id=source.id,
                    started_at=at,
                    finished_at=at + timedelta(seconds=1),
                    ok=ok,
                    error="" if ok else "the feed answered 503",
                )
            )
        source.enabled = False  # no polls after: no trailing gap to today
    state = _track(store, incident_id)
    day = next(d for d in state.days if d.day == date(2026, 3, 18))
    assert day.volume is None and day.negative_share is None  # not zero
    volume = next(c for c in state.criteria if c.key == "volume")
    assert volume.met_on is None  # days 2 | gap | 4, 5: no three in a row yet
    assert volume.streak == 2


def test_cli_prints_criteria_and_the_post_crisis_checklist(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    incident_id = _build(store)
    with store.session() as session:
        incident = session.get_one(Incident, incident_id)
        svc.set_post_crisis(
            session,
            incident,
            "situation_assessment",
            "Two outlets affected",
            origin="x",
            author="A",
        )
    assert main(["recovery", incident_id[:8]]) == 0
    out = capsys.readouterr().out
    assert "negative_share: Negative share within its baseline band for 3 days · band 5–15%" in out
    assert "[x] Situation assessment (owner: Crisis lead)" in out
    assert "[ ] Communication plan (owner: Communications (PR))" in out


def test_report_has_clocks_breaches_and_the_recovery_section(
    store: Store, qapp: object, tmp_path: Path
) -> None:
    from warroom.reports.pdf import write_report

    incident_id = _build(store)
    with store.session() as session:
        incident = session.get_one(Incident, incident_id)
        clocks.record_breaches(session, incident, origin=store.origin, now=NOW)
    pdf, _pages, _head = write_report(store, incident_id, tmp_path / "report.pdf", now=NOW)
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Response clocks" in text
    assert "Clock breached: Acknowledge within 10 min (level 4); due 2026-03-15 09:10 UTC" in text
    assert text.count("Clock breached: Acknowledge within 10 min") == 2  # timeline + breaches
    assert "Recovery Baseline 2026-03-01 to 2026-03-14" in text
    assert "back to normal on 2026-03-19" in text
    assert "Negative share within its baseline band for 3 days 5–15% 10% 2026-03-19" in text
    assert "owner: Crisis lead" in text
    page = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(page)], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == _pages

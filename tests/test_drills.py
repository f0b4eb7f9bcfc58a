"""Drill mode: shipped scenarios replayed into a drill store, never the real one.

Real SQLite files for the real store and the drill stores, the real CLI, real
PDFs read back with pdftotext, and a real PostgreSQL team server
(tests/pg_fixtures.py) to show a drill never reaches it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select

from tests.pg_fixtures import free_port, pg_server, team_db  # noqa: F401 - fixtures
from warroom import clock, paths
from warroom.cli import main
from warroom.drills import debrief, history, replay, scenarios
from warroom.drills import store as drill_store
from warroom.errors import UserError
from warroom.incidents import service
from warroom.store.db import Store, open_store
from warroom.store.models import Alert, Incident, Mention, MessageSent, StoreInfo
from warroom.sync import engine
from warroom.sync.server import TeamUrl

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)"
)
BANNER = drill_store.BANNER


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pages_in_drawing_order(pdf: Path) -> list[str]:
    """Each page's text in the order it was drawn (-raw: a line clipped at a page's top
    edge cannot interleave with the banner drawn there, as -layout would show it)."""
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [p for p in text.split("\f") if p.strip()]


def _fingerprint(folder: Path) -> dict[str, str]:
    """The real store's content, byte for byte: the database and a non-empty WAL.

    (A read-only reader of a WAL database makes an empty -wal and the -shm
    index: SQLite's locking files, not content.)
    """
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("warroom.sqlite3*"))
        if not p.name.endswith("-shm") and p.stat().st_size
    }


def _drill_stores() -> list[Path]:
    return sorted(drill_store.drills_dir().glob("*.sqlite3"))


@needs_poppler
def test_food_safety_drill_at_60x_end_to_end_debrief_pdf_and_nothing_reaches_real_store_or_team(
    demo_store: Store,
    team_db: str,  # noqa: F811 - fixture
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    team = TeamUrl.parse(team_db)
    demo_store.close()  # the real store as a user leaves it: closed, checkpointed or not
    real_before = _fingerprint(paths.data_dir())
    pdf = tmp_path / "debrief.pdf"
    code = main(
        [
            "drill",
            "run",
            "food_safety",
            "--speed",
            "60",
            "--minutes",
            "15",
            "--scripted-team",
            "--debrief",
            str(pdf),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    # at 60x, 15 scenario minutes take at least 15 s of wall clock
    wall = float(out.split("s wall clock")[0].rsplit("(", 1)[1])
    assert wall >= 15.0
    assert "60×" in out
    # the real store was not written to: same bytes, still the demo's content only
    assert _fingerprint(paths.data_dir()) == real_before
    real = open_store()
    with real.session() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Mention).where(Mention.external_id.like("drill-%"))
            )
            == 0
        )
        assert (
            session.scalar(
                select(func.count()).select_from(Incident).where(Incident.title.like("DRILL%"))
            )
            == 0
        )
        assert drill_store.drill_info(session) is None

    # the debrief PDF: DRILL banner on every page and the figures
    text = _text(pdf)
    pages = _pages_in_drawing_order(pdf)
    assert len(pages) >= 1
    for page in pages:
        assert BANNER in page
    flat = " ".join(text.split())
    assert "Drill debrief: Food poisoning claims after the Gula Melaka Latte" in flat
    for heading in (
        "Detection (first alert)",
        "Acknowledgement (incident opened)",
        "First approved holding statement",
        "Stage: intervention",
        "Checklist steps",
        "Messages sent without approval",
        "First-tier contacts not reached",
        "Response clocks breached (0)",
        "Compared with previous drills",
    ):
        assert heading in flat, heading
    # the scripted team acknowledged at minute 10: the level-3 target (30 min) is met
    assert "None: every response target of the plan was met." in flat
    [drill_path] = _drill_stores()
    marker = drill_store.read_marker(drill_path)
    assert marker is not None and marker[1] is not None
    saved = marker[1]
    spike = scenarios.shipped_spec("food_safety")["spike_at"]
    with open_store(drill_path).session() as session:
        first_alert = session.scalars(select(Alert).order_by(Alert.created_at)).first()
        assert first_alert is not None
        opened = session.scalar(select(Incident.opened_at))
        sent = session.scalar(select(MessageSent.sent_at))
    anchor = drill_store.DrillInfo(
        **{k: v for k, v in json.loads(json.dumps(saved)).items() if k in ("drill_id",)},
        scenario="",
        title="",
        crisis_type="",
        speed="",
        anchor=saved["anchor"],
        started_at="",
    ).anchor_at
    # the printed figures are the drill store's own: minutes on the drill clock from the spike
    ack_min = round((opened - anchor).total_seconds() / 60 - spike)
    statement_min = round((sent - anchor).total_seconds() / 60 - spike)
    assert f"{ack_min} min" in flat and f"{statement_min} min" in flat
    assert ack_min == 10 - spike and statement_min == 13 - spike  # the scripted team's times
    assert "scripted" in flat  # the demonstration is named as such

    # the drill store refuses team sync, structurally
    with pytest.raises(engine.DrillStoreError, match="drill store"):
        engine.Syncer(open_store(drill_path), team)
    # the real store syncs; the server then holds the demo and none of the drill
    syncer = engine.Syncer(real, team)
    try:
        syncer.run_round()
    finally:
        syncer.close()
    with psycopg.connect(**team.conninfo()) as conn:
        mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()
        drill_rows = conn.execute(
            "SELECT count(*) FROM mentions WHERE external_id LIKE 'drill-%'"
        ).fetchone()
        drill_incidents = conn.execute(
            "SELECT count(*) FROM incidents WHERE title LIKE 'DRILL%'"
        ).fetchone()
    assert mentions is not None and mentions[0] > 1000
    assert drill_rows == (0,) and drill_incidents == (0,)
    real.close()


def test_a_drill_store_is_marked_and_never_the_real_store(store: Store) -> None:
    info = drill_store.DrillInfo(
        drill_id="x",
        scenario="food_safety",
        title="t",
        crisis_type="service",
        speed="60",
        anchor=clock.wall_now().isoformat(),
        started_at=clock.wall_now().isoformat(),
    )
    with pytest.raises(UserError, match="real store"):
        drill_store.create_drill_store(info, paths.database_path())
    drill = drill_store.create_drill_store(info)
    assert drill_store.is_drill(drill) and not drill_store.is_drill(store)
    with pytest.raises(UserError, match="already exists"):
        drill_store.create_drill_store(info)
    # the marker is outside every table the team sync exchanges
    from warroom.sync.tables import TABLES

    assert "store_info" not in {spec.name for spec in TABLES}
    with pytest.raises(engine.DrillStoreError):
        engine.Syncer(drill, TeamUrl.parse("postgresql://u@127.0.0.1:1/team"))
    drill.close()


@needs_poppler
def test_debrief_lists_the_response_clocks_the_team_breached(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the scripted team of the food-safety drill reaches its first-tier contacts (crisis
    # team, PR) only at minutes 50 and 75: the plan's 15-minute escalation rule is breached
    pdf = tmp_path / "late.pdf"
    args = ["drill", "run", "food_safety", "--speed", "max", "--scripted-team"]
    assert main([*args, "--debrief", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "clock breached: Tier 1 acknowledges within 15 min (else tier 2 is due)" in out
    flat = " ".join(_text(pdf).split())
    assert "Response clocks breached (1)" in flat
    assert "Tier 1 acknowledges within 15 min (else tier 2 is due)" in flat
    assert "Acknowledge within" not in flat  # acknowledged at minute 10: met, not listed


@needs_poppler
def test_headless_drill_without_team_shows_nothing_acknowledged_honestly(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "quiet.pdf"
    assert (
        main(
            [
                "drill",
                "run",
                "data_breach",
                "--speed",
                "max",
                "--minutes",
                "25",
                "--debrief",
                str(pdf),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "first spike → acknowledgement: not reached" in out
    assert "first spike → approved holding statement: not reached" in out
    assert "score 0/100" in out
    flat = " ".join(_text(pdf).split())
    assert "Acknowledgement (incident opened) — not reached" in flat
    assert "No incident was opened in the drill" in flat
    # the detector caught the breach as it would in a real crisis
    assert "first spike → detection: not reached" not in out


def test_history_lists_past_drills_with_scores_and_compares(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    for flags in (["--scripted-team"], []):
        assert (
            main(["drill", "run", "food_safety", "--speed", "max", "--minutes", "16", *flags]) == 0
        )
    capsys.readouterr()
    assert main(["drill", "history"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert "score 0" in lines[0] and "ack —" in lines[0]  # newest first: the unscripted one
    assert "(scripted team)" in lines[1] and "ack 8m" in lines[1]
    found = history.drills()
    newest = open_store(Path(found[0]["path"]))
    result = debrief.compute(newest)
    debrief.compare(result, found)
    assert [p["drill_id"] for p in result.previous] == [found[1]["drill_id"]]
    newest.close()


def test_list_shows_shipped_scenarios_of_every_crisis_type_and_past_incidents(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["drill", "list"]) == 0
    out = capsys.readouterr().out
    specs = [scenarios.shipped_spec(k) for k in scenarios.shipped_keys()]
    assert {s["crisis_type"] for s in specs} == {
        "reputation",
        "service",
        "cybersecurity",
        "employee",
    }
    assert {s["form"] for s in specs} == {"text", "visual", "dynamic"}
    for spec in specs:
        assert spec["key"] in out
    assert "Food poisoning claims: Gula Melaka Latte" in out  # the demo's incident
    assert main(["drill", "run", "no_such_scenario"]) == 2


def test_replaying_a_past_incident_reads_the_real_store_read_only(demo_store: Store) -> None:
    with demo_store.session() as session:
        incident = service.current_incident(session)
        assert incident is not None
        ref = incident.id
        before = session.scalar(select(func.count()).select_from(Mention))
    demo_store.close()
    real_before = _fingerprint(paths.data_dir())
    scenario = scenarios.resolve(f"incident:{ref[:8]}", real_store_path=paths.database_path())
    assert scenario.kind == "incident" and scenario.plan_scenario == "food_safety"
    drill = replay.start_drill(scenario, speed=None)
    replay.run_headless(drill, None, until_minute=90)
    assert _fingerprint(paths.data_dir()) == real_before
    with drill.store.session() as session:
        replayed = session.scalar(select(func.count()).select_from(Mention))
        assert 0 < replayed <= before
        assert session.scalar(select(func.count()).select_from(Alert)) > 0
        # the team's contacts and approved holding statements came with the plan
        from warroom.plan.store import active_plan

        version = active_plan(session)
        assert version is not None
        approved = [
            m.key
            for s in version.scenarios
            if s.key == "food_safety"
            for m in s.messages
            if m.status == "approved"
        ]
        assert "x_holding_en" in approved
    drill.store.close()


def test_replaying_an_exported_file_names_the_rows_it_cannot_read(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = scenarios.generate(scenarios.shipped_spec("reputation_boycott"))
    anchor = replay.anchor_for(clock.wall_now())
    export = tmp_path / "export.jsonl"
    with export.open("w", encoding="utf-8") as handle:
        for minute, row in scenario.rows[::2]:
            handle.write(
                json.dumps(
                    {
                        "id": row["external_id"],
                        "text": row["text"],
                        "author": row["author"],
                        "created_at": (
                            anchor + __import__("datetime").timedelta(minutes=minute)
                        ).isoformat(),
                    }
                )
                + "\n"
            )
        handle.write("{not json\n")
        handle.write(json.dumps({"id": "x", "text": "no date"}) + "\n")
    assert main(["drill", "run", str(export), "--speed", "max", "--minutes", "30"]) == 0
    out = capsys.readouterr().out
    assert "2 rows of" in out and "line" in out
    [path] = _drill_stores()
    with open_store(path).session() as session:
        assert session.scalar(select(func.count()).select_from(Mention)) > 150
    with pytest.raises(UserError, match="no such file"):
        scenarios.resolve(str(tmp_path / "missing.csv"), real_store_path=paths.database_path())


def test_injects_by_hand_reach_the_stream_the_journal_and_the_decision_log(store: Store) -> None:
    scenario = scenarios.generate(scenarios.shipped_spec("employee_video"))
    scenario.injects = []
    drill = replay.start_drill(scenario, speed=None)
    with clock.run_virtual(clock.VirtualClock(drill.anchor, None)) as virtual:
        virtual.advance_to(drill.at(3))
        drill.advance(drill.at(3))
        replay.run_team_action(
            drill.store,
            scenario,
            scenarios.TeamAction(3, "open_incident", {"level": 2}),
            drill.at(3),
        )
        drill.inject(
            scenarios.make_inject("term", "Leaked: staff WhatsApp chat", term="mogok", count=20),
            drill.at(4),
        )
        drill.inject(
            scenarios.make_inject("call", "Reporter from Berita Semasa on line 2"), drill.at(5)
        )
        for minute in range(5, 15):
            virtual.advance_to(drill.at(minute))
            drill.advance(drill.at(minute))
    with drill.store.session() as session:
        burst = session.scalar(
            select(func.count()).select_from(Mention).where(Mention.text.like("%mogok%"))
        )
        assert burst == 20
        kinds = [e["kind"] for e in drill_store.events(session)]
        assert kinds.count("inject") == 2
        incident = service.current_incident(session)
        assert incident is not None
        from warroom.incidents import timeline

        logged = [e.text for e in timeline.entries(session, incident.id) if e.kind == "inject"]
        assert any("by hand" in t and "Berita Semasa" in t for t in logged)
    with pytest.raises(UserError, match="needs the term"):
        scenarios.make_inject("term", "x")
    with pytest.raises(UserError, match="unknown inject kind"):
        scenarios.make_inject("tweet", "x")
    drill.store.close()


@needs_poppler
def test_an_incident_report_from_a_drill_store_carries_the_drill_banner(
    store: Store, tmp_path: Path
) -> None:
    scenario = scenarios.generate(scenarios.shipped_spec("food_safety"))
    drill = replay.start_drill(scenario, speed=None, scripted_team=True)
    replay.run_headless(drill, None, until_minute=15)
    from warroom.reports.pdf import write_report

    with drill.store.session() as session:
        incident_id = session.scalar(select(Incident.id))
    pdf, pages, _head = write_report(drill.store, incident_id, tmp_path / "report.pdf")
    drawn = _pages_in_drawing_order(pdf)
    assert len(drawn) == pages
    for page in drawn:
        assert BANNER in page
    # and the real store's report has none
    with store.session() as session:
        incident = service.open_incident(session, origin=store.origin, title="Real", author="A")
        real_id = incident.id
    real_pdf, _p, _h = write_report(store, real_id, tmp_path / "real.pdf")
    assert BANNER not in _text(real_pdf)
    assert session is not None and StoreInfo is not None
    drill.store.close()


def test_speed_is_checked() -> None:
    assert replay.parse_speed("60") == 60 and replay.parse_speed("10x") == 10
    assert replay.parse_speed("max") is None
    with pytest.raises(UserError, match="speed"):
        replay.parse_speed("fast-ish")
    with pytest.raises(UserError, match="out of range"):
        replay.parse_speed("100000")

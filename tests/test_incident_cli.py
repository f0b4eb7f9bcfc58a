"""`warroom incident …`: open, log, list, show, verify, and refusing what must be refused."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.incident_fixtures import build_incident
from warroom.cli import main
from warroom.store.db import Store

ROOT = Path(__file__).resolve().parent.parent


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_open_prints_the_id_alone(store: Store) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "warroom",
            "incident",
            "open",
            "Outage",
            "--scenario",
            "food_safety",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    incident_id = result.stdout.strip()
    assert len(incident_id) == 36 and result.stdout == incident_id + "\n"


def test_a_whole_incident_from_the_command_line(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys,
        "incident",
        "open",
        "Latte <b>recall</b>",
        "--scenario",
        "food_safety",
        "--by",
        "Ana",
    )
    assert code == 0
    iid = out.strip()
    assert _run(capsys, "incident", "note", iid, "Batch GM-1126 pulled 😀", "--by", "Ana")[0] == 0
    code, out, _ = _run(capsys, "incident", "note", iid[:8], "Keracunan makanan: dua cawangan")
    note_id = out.strip()
    code, out, _ = _run(
        capsys, "incident", "note", iid, "Three outlets, not two", "--corrects", note_id[:8]
    )
    assert code == 0
    assert _run(capsys, "incident", "stage", iid, "intervention")[0] == 0
    assert _run(capsys, "incident", "severity", iid, "4", "--reason", "hospitalisations")[0] == 0
    assert _run(capsys, "incident", "close", iid)[0] == 0

    code, out, _ = _run(capsys, "incident", "show", iid, "--json")
    shown = json.loads(out)
    assert shown["title"] == "Latte <b>recall</b>" and shown["stage"] == "closed"
    assert shown["crisis_type"] == "service"  # from the scenario
    kinds = [e["kind"] for e in shown["timeline"]]
    assert kinds == ["opened", "note", "note", "correction", "stage", "severity", "stage"]
    correction = shown["timeline"][3]
    assert correction["data"]["corrects"] == note_id
    assert shown["timeline"][2]["text"] == "Keracunan makanan: dua cawangan"  # never edited
    assert shown["chain"]["intact"] is True

    code, out, _ = _run(capsys, "incident", "list", "--json")
    assert [i["id"] for i in json.loads(out)] == [iid]
    code, out, _ = _run(capsys, "incident", "verify", iid)
    assert code == 0 and shown["chain"]["combined_head"] in out

    code, _, err = _run(capsys, "incident", "note", iid, "late note")
    assert code == 0  # notes stay possible after closing (lessons, corrections)
    code, _, err = _run(capsys, "incident", "close", iid)
    assert code == 2 and "already closed" in err


def test_tampering_with_a_stored_entry_makes_verify_fail_naming_it(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    built = build_incident(store)
    code, out, _ = _run(capsys, "incident", "show", built.incident_id, "--json")
    entries = json.loads(out)["timeline"]
    victim = entries[4]
    assert store.path is not None
    conn = sqlite3.connect(store.path)
    conn.execute(
        "UPDATE timeline_entries SET text = ? WHERE id = ?", ("nothing happened", victim["id"])
    )
    conn.commit()
    conn.close()
    code, out, err = _run(capsys, "incident", "verify", built.incident_id)
    assert code == 1
    assert victim["id"] in err and "does not match its hash" in err
    code, out, _ = _run(capsys, "incident", "show", built.incident_id)
    assert "BROKEN" in out


def test_unapproved_templates_cannot_be_recorded_as_sent(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    built = build_incident(store)
    code, out, _ = _run(capsys, "incident", "open", "Second", "--scenario", "food_safety")
    iid = out.strip()
    code, _, err = _run(capsys, "incident", "sent", iid, "food_safety/x_holding_ms")
    assert code == 2 and "not approved (draft)" in err and "food_safety/x_holding_ms" in err
    code, out, _ = _run(
        capsys, "incident", "sent", iid, "food_safety/x_holding_en", "--channel", "facebook"
    )
    assert code == 0
    code, _, err = _run(capsys, "incident", "sent", iid, "food_safety/nope")
    assert code == 2 and "no message template 'food_safety/nope'" in err
    code, out, _ = _run(capsys, "incident", "contact", iid, "Aisyah Rahman", "--channel", "phone")
    assert code == 0
    code, out, _ = _run(capsys, "incident", "contact", iid, "Aisyah Rahman", "--acknowledged")
    assert code == 0
    code, _, err = _run(capsys, "incident", "contact", iid, "Nobody")
    assert code == 2 and "no single contact 'Nobody'" in err
    code, out, _ = _run(
        capsys, "incident", "pin", iid, built.mention_ids["zh"], "--note", "evidence"
    )
    assert code == 0
    code, _, err = _run(capsys, "incident", "pin", iid, built.mention_ids["zh"])
    assert code == 2 and "already pinned" in err
    assert _run(capsys, "incident", "lessons", iid, "Test syrup lots")[0] == 0
    assert _run(capsys, "incident", "post-crisis", iid, "reputation_monitoring", "Weekly")[0] == 0
    code, out, _ = _run(capsys, "incident", "show", iid, "--json")
    shown = json.loads(out)
    kinds = [e["kind"] for e in shown["timeline"]]
    assert kinds == ["opened", "message", "contact", "contact", "pin", "lessons", "post_crisis"]
    message = shown["timeline"][1]
    assert message["data"]["approved_by"] == "Aisyah Rahman"
    assert message["data"]["channel"] == "facebook"
    assert shown["post_crisis"] == {"reputation_monitoring": "Weekly"}
    assert shown["lessons_learned"] == "Test syrup lots"


def test_clear_errors_for_unknown_things(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "incident", "note", "deadbeef", "x")
    assert code == 2 and "no incident 'deadbeef'" in err
    code, _, err = _run(capsys, "incident", "open", "X", "--scenario", "no_such")
    assert code == 2 and "no scenario 'no_such'" in err
    code, _, err = _run(capsys, "incident", "open", "   ")
    assert code == 2 and "needs a title" in err
    code, out, _ = _run(capsys, "incident", "list")
    assert code == 0 and "no incidents" in out

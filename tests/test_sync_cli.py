"""`warroom team set|show` and `warroom sync` as a user runs them."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import keyring
import pytest

from tests.pg_fixtures import free_port, pg_server, team_db  # noqa: F401 - fixtures
from tests.test_sync_engine import note, open_incident
from warroom import cli, settings
from warroom.store.db import open_store
from warroom.sync import team

needs_secret_service = pytest.mark.skipif(
    not os.environ.get("DBUS_SESSION_BUS_ADDRESS"),
    reason="needs the D-Bus session with gnome-keyring that scripts/test.sh starts",
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sync_pushes_pulls_and_says_what_moved(
    capsys: pytest.CaptureFixture[str],
    warroom_home: Path,
    team_db: str,  # noqa: F811 - fixture
) -> None:
    url = team_db.replace("postgresql+psycopg://", "postgresql://")
    code, out, _ = run(capsys, "team", "set", url, "--no-password")
    assert code == 0
    assert f"team server set: {url}" in out
    store = open_store()
    incident_id = open_incident(store)
    note(store, incident_id, "Spokesperson briefed")
    store.close()

    code, out, _ = run(capsys, "team", "show")
    assert code == 0
    assert "changes waiting: 3 (1 incidents, 2 timeline_entries)" in out
    assert "last sync: never" in out

    code, out, err = run(capsys, "sync")
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == ["pushed: 1 incidents, 2 timeline_entries", "pulled: nothing"]

    code, out, _ = run(capsys, "team", "show")
    assert "changes waiting: none" in out
    assert "last sync: never" not in out


def test_sync_with_the_server_unreachable_fails_with_one_line(
    capsys: pytest.CaptureFixture[str], warroom_home: Path
) -> None:
    url = f"postgresql://war@127.0.0.1:{free_port()}/warroom"
    assert run(capsys, "team", "set", url, "--no-password")[0] == 0
    store = open_store()
    open_incident(store)
    store.close()
    code, out, err = run(capsys, "sync", "--timeout", "2")
    assert code != 0
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(
        f"warroom: error: team server 127.0.0.1:{url.rsplit(':', 1)[1]} is unreachable"
    )
    assert "2 local changes wait for the next sync" in err
    code, out, _ = run(capsys, "team", "show")
    assert "offline since: " in out


def test_sync_without_a_team_server_says_how_to_set_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run(capsys, "sync")
    assert code == 2
    assert "no team server is set: run `warroom team set" in err


def test_a_bad_url_is_refused_and_nothing_is_saved(
    capsys: pytest.CaptureFixture[str], warroom_home: Path
) -> None:
    code, _out, err = run(capsys, "team", "set", "mysql://war@db/warroom", "--no-password")
    assert code == 2
    assert "must be a PostgreSQL URL" in err
    assert settings.Settings().get(settings.TEAM_URL) == ""


@needs_secret_service
def test_a_password_in_the_url_goes_to_the_keyring_not_the_settings(
    capsys: pytest.CaptureFixture[str], warroom_home: Path
) -> None:
    assert "SecretService" in type(keyring.get_keyring()).__module__
    code, out, _ = run(capsys, "team", "set", "postgresql://war:Tr0ub4dor-3@db.example/warroom")
    assert code == 0
    assert "Tr0ub4dor-3" not in out
    assert "taken out of the URL and stored in the OS keyring" in out
    stored = json.loads((warroom_home / "settings.json").read_text())
    assert stored["team.url"] == "postgresql://war@db.example/warroom"
    for path in warroom_home.rglob("*"):
        if path.is_file():
            assert b"Tr0ub4dor-3" not in path.read_bytes(), path
    full = team.team_url()
    assert full is not None and full.password == "Tr0ub4dor-3"
    code, out, _ = run(capsys, "team", "show")
    assert "password: stored in the OS keyring" in out
    assert "Tr0ub4dor-3" not in out


@needs_secret_service
def test_a_password_from_stdin_goes_to_the_keyring(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, warroom_home: Path
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("c0rrect-h0rse\n"))
    code, out, _ = run(
        capsys, "team", "set", "postgresql://war@db.example/warroom", "--password-stdin"
    )
    assert code == 0
    assert "password: stored in the OS keyring" in out
    full = team.team_url()
    assert full is not None and full.password == "c0rrect-h0rse"
    assert "c0rrect-h0rse" not in (warroom_home / "settings.json").read_text()
    # setting it again without a password removes the old one
    assert (
        run(capsys, "team", "set", "postgresql://war@db.example/warroom", "--no-password")[0] == 0
    )
    full = team.team_url()
    assert full is not None and full.password is None

"""The `plan` subcommands through argparse, against a store under WARROOM_HOME."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from warroom.errors import UserError
from warroom.plan.cli import register_cli
from warroom.plan.store import default_plan_text


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="warroom")
    register_cli(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    result: int = args.func(args)
    return result


def test_plan_cli_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WARROOM_HOME", str(tmp_path / "home"))
    out = tmp_path / "plan.yaml"
    assert _run("plan", "export", str(out)) == 0
    assert out.read_text(encoding="utf-8") == default_plan_text()
    assert _run("plan", "validate", str(out)) == 0
    assert "valid plan" in capsys.readouterr().out
    edited = tmp_path / "edited.yaml"
    edited.write_text(
        default_plan_text().replace("name: Default crisis plan", "name: Edited"), encoding="utf-8"
    )
    assert _run("plan", "import", str(edited), "--by", "amir") == 0
    assert "version 2" in capsys.readouterr().out
    assert _run("plan", "list") == 0
    listing = capsys.readouterr().out
    assert "*   2" in listing and "Edited" in listing and "amir" in listing
    assert _run("plan", "revert", "1") == 0
    assert _run("plan", "export", str(out)) == 0
    assert out.read_text(encoding="utf-8") == default_plan_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        default_plan_text().replace("stage: preparation", "stage: prep", 1), encoding="utf-8"
    )
    with pytest.raises(UserError, match=r"bad\.yaml:\d+: scenarios\[0\]\.steps\[0\]\.stage"):
        _run("plan", "import", str(bad))
    with pytest.raises(UserError, match="no plan version 42"):
        _run("plan", "revert", "42")

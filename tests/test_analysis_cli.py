"""`warroom analyze`: batch scoring of JSON Lines, all or nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from warroom.analysis.cli import analyze_file
from warroom.errors import UserError

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WARROOM_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "warroom", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


LINES = [
    {"id": "a1", "text": "Boycott KopiKita, they sold expired milk and my son got food poisoning!"},
    {
        "id": "a2",
        "text": "Servis teruk gila, nak bayaran balik",
        "language": "ms",
        "author_reach": 5000,
    },
    {"id": "a3", "text": "这家店的食物让我食物中毒了", "extra": {"kept": True}},
    {"text": "Love the new latte 😍"},
]


def _write(path: Path, rows: list[object]) -> None:
    path.write_text(
        "".join(
            (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows
        ),
        encoding="utf-8",
    )


def test_analyze_writes_each_line_back_with_the_scores(tmp_path: Path, warroom_home: Path) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(src, [*LINES[:2], "", *LINES[2:]])  # a blank line is skipped
    result = run("analyze", "--input", str(src), "--output", str(dst), home=warroom_home)
    assert result.returncode == 0, result.stderr
    assert "scored 4 mentions" in result.stdout
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [o.get("id") for o in out] == ["a1", "a2", "a3", None]
    for o in out:
        assert {"language", "sentiment", "severity", "risk_terms"} <= set(o)
        assert 0 <= o["severity"] <= 100
    assert out[0]["language"] == "en" and out[0]["sentiment"] < 0
    assert out[0]["risk_terms"] == ["boycott", "expired", "food poisoning"]
    assert out[1]["language"] == "ms" and out[1]["risk_terms"] == ["servis teruk", "bayaran balik"]
    assert out[2]["language"] == "zh" and out[2]["sentiment"] is None
    assert out[2]["extra"] == {"kept": True}
    assert out[3]["sentiment"] > 0


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('["a list"]', "line 2: expected a JSON object"),
        ('{"id": 3}', "line 2: `text` is missing"),
        ('{"text": "x", "author_reach": "many"}', "line 2: `author_reach` must be a number"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(
    tmp_path: Path, warroom_home: Path, bad: str, message: str
) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    dst.write_text("previous export\n", encoding="utf-8")
    _write(src, [LINES[0], bad, LINES[1]])
    result = run("analyze", "--input", str(src), "--output", str(dst), home=warroom_home)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert dst.read_text(encoding="utf-8") == "previous export\n"  # untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_missing_input_and_same_file_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        analyze_file(tmp_path / "nope.jsonl", tmp_path / "out.jsonl")
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"text": "ok"}\n\xff\xfe\n')
    with pytest.raises(UserError, match="line 2: not UTF-8"):
        analyze_file(src, tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()


def test_analyze_help(warroom_home: Path) -> None:
    result = run("analyze", "--help", home=warroom_home)
    assert result.returncode == 0 and "--input" in result.stdout and "--output" in result.stdout

"""`warroom detect`: CSV in, timestamp,value,score,alert out; bad rows named, nothing half-written."""

from __future__ import annotations

import csv
import math
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from warroom.cli import main


def _write_series(path: Path, values: list[float], *, header: bool = True, step: int = 900) -> None:
    start = datetime(2025, 3, 1, tzinfo=UTC)
    lines = ["timestamp,value"] if header else []
    for i, value in enumerate(values):
        moment = start + timedelta(seconds=i * step)
        lines.append(f"{moment:%Y-%m-%d %H:%M:%S},{value:g}")
    path.write_text("\n".join(lines) + "\n")


def _crisis_values(seed: int = 1) -> tuple[list[float], int]:
    rng = random.Random(seed)
    values = []
    for i in range(6 * 96):
        lam = 5 * (1 + 0.5 * math.sin(2 * math.pi * i / 96))
        values.append(float(sum(rng.random() < lam / 50 for _ in range(50))))
    onset = 4 * 96 + 30
    for k in range(8):
        values[onset + k] += 60.0
    return values, onset


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_detect_writes_scores_and_alerts_for_every_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values, onset = _crisis_values()
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_series(source, values)
    assert main(["detect", "--input", str(source), "--output", str(target)]) == 0
    rows = _read(target)
    assert list(rows[0]) == ["timestamp", "value", "score", "alert"]
    assert len(rows) == len(values)
    assert rows[0]["timestamp"] == "2025-03-01 00:00:00" and rows[0]["value"] == f"{values[0]:g}"
    assert {r["alert"] for r in rows} == {"0", "1"}
    alerts = [i for i, r in enumerate(rows) if r["alert"] == "1"]
    assert alerts == [onset]
    assert all(math.isfinite(float(r["score"])) for r in rows)
    assert "1 alert" in capsys.readouterr().err


def test_header_is_optional_and_gives_the_same_result(tmp_path: Path) -> None:
    values, _ = _crisis_values(2)
    _write_series(tmp_path / "a.csv", values, header=True)
    _write_series(tmp_path / "b.csv", values, header=False)
    for name in ("a", "b"):
        assert main(["detect", "--quiet", "--input", str(tmp_path / f"{name}.csv"),
                     "--output", str(tmp_path / f"{name}.out")]) == 0  # fmt: skip
    assert (tmp_path / "a.out").read_text() == (tmp_path / "b.out").read_text()


def test_named_columns_in_any_order_iso_z_and_epoch_timestamps(tmp_path: Path) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(
        "value,source,timestamp\n3,x,2025-01-01T00:00:00Z\n4,x,2025-01-01T00:05:00Z\n"
        "5,x,2025-01-01T00:10:00Z\n"
    )
    assert main(["detect", "--quiet", "--input", str(source), "--output", str(target)]) == 0
    assert [r["value"] for r in _read(target)] == ["3", "4", "5"]
    epoch = tmp_path / "epoch.csv"
    epoch.write_text("1700000000,1\n1700000060,2\n1700000120,0\n")
    assert main(["detect", "--quiet", "--input", str(epoch), "--output", str(target)]) == 0
    assert [r["timestamp"] for r in _read(target)] == ["1700000000", "1700000060", "1700000120"]


def test_prefix_of_a_file_gives_the_same_alerts(tmp_path: Path) -> None:
    values, _ = _crisis_values(3)
    _write_series(tmp_path / "full.csv", values)
    cut = 4 * 96 + 33
    _write_series(tmp_path / "part.csv", values[:cut])
    for name in ("full", "part"):
        main(["detect", "--quiet", "--input", str(tmp_path / f"{name}.csv"),
              "--output", str(tmp_path / f"{name}.out")])  # fmt: skip
    full, part = _read(tmp_path / "full.out"), _read(tmp_path / "part.out")
    assert part == full[:cut]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("timestamp,value\n2025-01-01 00:00,1\n2025-01-01 00:15,abc\n", "line 3: value 'abc'"),
        ("timestamp,value\n2025-01-01 00:00,1\nyesterday,2\n", "line 3: timestamp 'yesterday'"),
        ("2025-01-01 00:00,1\n2025-01-01 00:15,nan\n", "line 2: value 'nan' is not a number"),
        ("2025-01-01 00:00,1\n2025-01-01 00:15,2,7\n", "line 2: expected 2 columns"),
        ("timestamp,value\n", "no timestamp,value rows"),
        ("a,b,c\n1,2,3\n", "line 1: the header must name"),
    ],
)
def test_bad_input_names_the_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    source, target = folder / "in.csv", folder / "out.csv"
    source.write_text(content)
    target.write_text("previous results\n")
    assert main(["detect", "--input", str(source), "--output", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("warroom: error: ") and message in err
    assert "Traceback" not in err
    assert target.read_text() == "previous results\n"  # untouched
    assert sorted(p.name for p in folder.iterdir()) == ["in.csv", "out.csv"]  # no temp left


def test_rows_are_taken_as_they_come(tmp_path: Path) -> None:
    # gaps, uneven spacing, a repeated and a back-set timestamp, negative and
    # fractional values: every row is read and gets its output row, in order
    lines = ["timestamp,value"]
    start = datetime(2025, 3, 1, tzinfo=UTC)
    rng = random.Random(3)
    at = start
    for _ in range(3 * 96):
        at += timedelta(minutes=rng.choice((15, 15, 15, 7, 45, 240)))
        lines.append(f"{at:%Y-%m-%d %H:%M:%S},{rng.gauss(-1.5, 0.2):.3f}")
    lines.insert(100, lines[99])  # the same timestamp twice
    lines.insert(200, f"{start + timedelta(hours=2):%Y-%m-%d %H:%M:%S},-1.4")  # back-set
    surge_at = at + timedelta(minutes=15)
    lines.append(f"{surge_at:%Y-%m-%d %H:%M:%S},4.5")
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text("\n".join(lines) + "\n")
    assert main(["detect", "--quiet", "--input", str(source), "--output", str(target)]) == 0
    rows = _read(target)
    assert [(r["timestamp"], r["value"]) for r in rows] == [
        tuple(line.split(",")) for line in lines[1:]
    ]
    assert rows[-1]["alert"] == "1"  # the jump far outside the range of the metric


def test_a_bad_row_deep_in_a_long_file_leaves_no_output(tmp_path: Path) -> None:
    values, _ = _crisis_values(4)
    folder = tmp_path / "work"
    folder.mkdir()
    source, target = folder / "in.csv", folder / "out.csv"
    _write_series(source, values)
    lines = source.read_text().splitlines()
    lines[500] = lines[500].split(",")[0] + ",12x"
    source.write_text("\n".join(lines) + "\n")
    assert main(["detect", "--input", str(source), "--output", str(target)]) == 2
    assert not target.exists()
    assert list(folder.iterdir()) == [source]


def test_missing_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["detect", "--input", str(tmp_path / "nope.csv"), "--output", str(tmp_path / "o")])
    assert code == 2
    assert "cannot read" in capsys.readouterr().err


def test_the_installed_command_runs(tmp_path: Path) -> None:
    values, onset = _crisis_values(5)
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_series(source, values)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "warroom",
            "detect",
            "--input",
            str(source),
            "--output",
            str(target),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert [i for i, r in enumerate(_read(target)) if r["alert"] == "1"] == [onset]
    help_text = subprocess.run(
        [sys.executable, "-m", "warroom", "detect", "--help"], capture_output=True, text=True
    ).stdout
    assert "--input" in help_text and "timestamp,value" in help_text

"""`warroom analyze`: batch scoring of a JSON Lines file for exports and audits.

Reads one JSON object per line with at least `text` (optionally `id`,
`language`, `author_reach`, `engagement`, `source_sentiment`) and writes
each object back, in order and with all its keys, plus `language`,
`sentiment`, `severity`, `severity_parts`, `risk_terms` and `cluster_id`.
Risk terms come from the store's active plan (the shipped default plan when
the store has none).  A bad line stops the run with its line number and
nothing is written: the output goes to a temporary file renamed into place
only when every line was scored.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from warroom.errors import UserError

BATCH = 5000


def register_cli(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="score a JSON Lines file of mentions (language, sentiment, severity, risk terms)",
        description="Score mentions from a JSON Lines file: each line needs `text` and may have "
        "`id`, `language`, `author_reach`, `engagement`, `source_sentiment`. Each line is "
        "written back with language, sentiment, severity, severity_parts, risk_terms and "
        "cluster_id added.",
    )
    parser.add_argument("--input", required=True, metavar="FILE.jsonl", help="mentions to score")
    parser.add_argument("--output", required=True, metavar="OUT.jsonl", help="where to write")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes for sentiment scoring of large files (default 1; 2 uses both cores)",
    )
    parser.set_defaults(func=cmd_analyze)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every line of `path` as an object with a string `text`; UserError names the bad line."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None
    rows: list[dict[str, Any]] = []
    with handle:
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise UserError(f"{path} line {number}: not UTF-8 text") from None
            if number == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip():
                continue
            rows.append(_check(path, number, line))
    return rows


def _number(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _check(path: Path, number: int, line: str) -> dict[str, Any]:
    where = f"{path} line {number}"
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise UserError(f"{where}: not valid JSON ({getattr(exc, 'msg', exc)})") from None
    if not isinstance(row, dict):
        raise UserError(f"{where}: expected a JSON object")
    if not isinstance(row.get("text"), str):
        raise UserError(f"{where}: `text` is missing or not a string")
    for key in ("author_reach", "engagement", "source_sentiment"):
        if not _number(row.get(key)):
            raise UserError(f"{where}: `{key}` must be a number")
    if row.get("language") is not None and not isinstance(row["language"], str):
        raise UserError(f"{where}: `language` must be a string")
    return row


def _plan() -> Any:
    """The active plan version of the store, or None (default plan)."""
    from warroom.analysis.pipeline import matcher_for
    from warroom.plan.store import active_plan
    from warroom.store.db import open_store

    try:
        store = open_store()
    except UserError:
        return None
    try:
        with store.session() as session:
            version = active_plan(session)
            return matcher_for(version) if version is not None else None
    finally:
        store.close()


def analyze_file(src: Path, dst: Path, *, plan: Any = None, workers: int = 1) -> int:
    """Score `src` into `dst` atomically; returns the number of mentions written."""
    from warroom.analysis.pipeline import score_mentions

    rows = read_jsonl(src)
    out_fields = ("language", "sentiment", "severity", "severity_parts", "risk_terms", "cluster_id")
    directory = dst.resolve().parent
    if not directory.is_dir():
        raise UserError(f"{dst}: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".part", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                work = [
                    {
                        "text": r["text"],
                        "language": r.get("language") or "",
                        "author_reach": r.get("author_reach") or 0,
                        "engagement": r.get("engagement") or 0,
                        "source_sentiment": r.get("source_sentiment"),
                    }
                    for r in batch
                ]
                score_mentions(work, plan=plan, workers=workers)
                for original, scored in zip(batch, work, strict=True):
                    original.update({k: scored[k] for k in out_fields})
                    out.write(json.dumps(original, ensure_ascii=False) + "\n")
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(rows)


def cmd_analyze(args: argparse.Namespace) -> int:
    src, dst = Path(args.input), Path(args.output)
    if src.resolve() == dst.resolve():
        raise UserError("--output must be a different file from --input")
    if args.workers < 1:
        raise UserError("--workers must be at least 1")
    count = analyze_file(src, dst, plan=_plan(), workers=args.workers)
    print(f"scored {count} mentions into {dst}")
    return 0

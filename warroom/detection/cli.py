"""`warroom detect`: run the spike detector over a CSV of per-bucket counts."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def cmd_detect(args: argparse.Namespace) -> int:
    from warroom.detection.csvio import detect_file

    summary = detect_file(args.input, args.output)
    if not args.quiet:
        rows = f"{summary.rows} row{'s' if summary.rows != 1 else ''}"
        if summary.rows > 1:
            rows += f" (the first {summary.spacing_s:g} s apart)"
        alerts = f"{summary.alerts} alert{'s' if summary.alerts != 1 else ''}"
        print(f"{rows}, {alerts} -> {args.output}", file=sys.stderr)
    return 0


def register_cli(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "detect",
        help="flag spikes and drops in a CSV of per-bucket counts or readings",
        description=(
            "Read timestamp,value rows (one reading a row, any spacing, gaps and repeated "
            "timestamps allowed, counts or any other numbers, header optional) and write "
            "timestamp,value,score,alert with alert 0 or 1, one row per input row. The "
            "detector is causal: each row is judged from the rows before it alone."
        ),
    )
    parser.add_argument("--input", required=True, metavar="FILE.csv", help="counts to scan")
    parser.add_argument(
        "--output", required=True, metavar="OUT.csv", help="where to write scores and alerts"
    )
    parser.add_argument("--quiet", action="store_true", help="print no summary")
    parser.set_defaults(func=cmd_detect)

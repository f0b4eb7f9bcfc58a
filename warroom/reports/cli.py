"""`warroom report INCIDENT_ID --output FILE.pdf [--page-size A4|Letter]`: the PDF report."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_report(args: argparse.Namespace) -> int:
    from warroom.reports.pdf import write_report
    from warroom.store.db import open_store

    store = open_store()
    try:
        path, pages, head = write_report(
            store, args.incident_id, Path(args.output), page_size=args.page_size
        )
    finally:
        store.close()
    print(f"{path}: {pages} pages; timeline hash {head}")
    return 0


def register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write an incident's PDF report",
        description="Write the incident report (cover, executive summary, chart, key mentions, "
        "timeline, checklist, messages, stakeholders, post-crisis, lessons, timeline hash) "
        "as a PDF.",
    )
    parser.add_argument(
        "incident_id", metavar="INCIDENT_ID", help="incident id (or a unique prefix)"
    )
    parser.add_argument("--output", "-o", required=True, metavar="FILE.pdf", help="PDF to write")
    parser.add_argument(
        "--page-size", choices=["A4", "Letter"], default="A4", help="paper size (default A4)"
    )
    parser.set_defaults(func=cmd_report)

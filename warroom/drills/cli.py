"""`warroom drill list|run|history`: rehearse a crisis headless and read past drills."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_list(args: argparse.Namespace) -> int:
    from warroom import paths
    from warroom.drills import scenarios

    print("Shipped scenarios:")
    for key in scenarios.shipped_keys():
        spec = scenarios.shipped_spec(key)
        title = (spec.get("title") or {}).get("en", key)
        print(
            f"  {key:<20} {spec.get('crisis_type', ''):<14} {spec.get('form', ''):<8} "
            f"{spec.get('duration_minutes', 0):>4} min  {title}"
        )
    past = scenarios.past_incidents(paths.database_path())
    print("Past incidents (replay with incident:ID):")
    if not past:
        print("  none in the store")
    for incident_id, title, opened in past:
        print(f"  incident:{incident_id[:8]}  {opened:%Y-%m-%d %H:%M}  {title}")
    print("Or an exported mention file: warroom drill run FILE.jsonl|FILE.csv")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from warroom import paths, settings
    from warroom.drills import debrief, history, replay, scenarios

    speed = replay.parse_speed(args.speed)
    scenario = scenarios.resolve(args.scenario, real_store_path=paths.database_path())
    if scenario.skipped:
        print(f"{scenario.skipped} rows of {args.scenario} could not be read and are left out:")
        for reason in scenario.skip_reasons:
            print(f"  {reason}")
    facilitator = settings.Settings().get(settings.USER_NAME)
    drill = replay.start_drill(
        scenario, speed=speed, scripted_team=args.scripted_team, facilitator=facilitator
    )
    try:
        minutes = args.minutes if args.minutes is not None else scenario.duration_minutes
        print(
            f"DRILL {drill.info.drill_id[:8]}: {scenario.label()} — {minutes:g} scenario minutes "
            f"at {replay.speed_label(speed)}×"
            + (" with scripted team actions" if args.scripted_team else "")
        )
        wall = replay.run_headless(drill, speed, until_minute=args.minutes)
        result = debrief.compute(drill.store, ended_at=drill.at(minutes))
        debrief.compare(result, history.drills())
        debrief.save(drill.store, result)
        figures = result.figures()
        for label, key in (
            ("detection", "detection_min"),
            ("acknowledgement", "acknowledgement_min"),
            ("approved holding statement", "statement_min"),
        ):
            value = figures[key]
            print(
                f"  first spike → {label}: {'not reached' if value is None else f'{value:.0f} min'}"
            )
        print(
            f"  steps on time {result.on_time}, late {result.late}, missed {result.missed}; "
            f"unapproved messages {len(result.unapproved_messages)}; "
            f"contacts not reached {len(result.contacts_not_reached)} of {result.contacts_expected}"
        )
        for label, due in result.clock_breaches:
            print(f"  clock breached: {label} (due {due[:16].replace('T', ' ')} UTC)")
        print(f"  score {result.score}/100 ({wall:.1f} s wall clock)")
        if args.debrief:
            path, pages = debrief.write_debrief_pdf(result, Path(args.debrief))
            print(f"debrief: {path} ({pages} pages)")
        print(f"drill store: {drill.store.path}")
    finally:
        drill.store.close()
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from warroom.drills import history

    found = history.drills()
    if not found:
        print("no drills yet: warroom drill run food_safety --speed 60")
        return 0
    for item in found:
        score = "not debriefed" if item["score"] is None else f"score {item['score']}"

        def fmt(key: str, item: dict[str, object] = item) -> str:
            value = item.get(key)
            return "—" if value is None else f"{value:.0f}m"

        print(
            f"{item['started_at'][:16].replace('T', ' ')}  {item['drill_id'][:8]}  "
            f"{item['scenario']:<18} {item['speed']:>4}×  detect {fmt('detection_min')}  "
            f"ack {fmt('acknowledgement_min')}  statement {fmt('statement_min')}  {score}"
            + ("  (scripted team)" if item["scripted_team"] else "")
        )
    return 0


def register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "drill",
        help="rehearse a crisis: list, run and review drills",
        description="Drills replay a shipped scenario, an exported mention file or a past "
        "incident into a separate drill store (never the real store, never the team server).",
    )
    sub = parser.add_subparsers(dest="drill_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="shipped scenarios and past incidents to replay")
    listing.set_defaults(func=cmd_list)
    run = sub.add_parser("run", help="run a drill headless to its end and write the debrief")
    run.add_argument(
        "scenario", metavar="SCENARIO_OR_FILE", help="a shipped scenario key, incident:ID or a file"
    )
    run.add_argument(
        "--speed", default="60", help="1, 10, 60… times real time, or max (default 60)"
    )
    run.add_argument("--debrief", metavar="OUT.pdf", help="write the debrief PDF here")
    run.add_argument(
        "--minutes", type=float, default=None, help="stop after this many scenario minutes"
    )
    run.add_argument(
        "--scripted-team",
        action="store_true",
        help="play the scenario's scripted team actions (a demonstration; marked in the debrief)",
    )
    run.set_defaults(func=cmd_run)
    hist = sub.add_parser("history", help="the team's past drills and their scores")
    hist.set_defaults(func=cmd_history)

"""`warroom incident …` subcommands: open, note, stage, severity, close, list, show, verify,
pin, sent, contact, lessons, post-crisis, ack, clocks.

Every change is a new timeline entry (corrections included: `note --corrects`).
`open` prints the new incident's id alone on stdout, for scripts.  `verify`
exits 0 when every laptop's hash chain is intact and 1 naming the first broken
entry otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from warroom.errors import UserError
from warroom.incidents import chain
from warroom.incidents import service as svc
from warroom.incidents.stages import CRISIS_TYPES, STAGES
from warroom.store.db import Store
from warroom.store.models import Incident, TimelineEntry, utcnow


def _author(args: argparse.Namespace) -> str:
    if getattr(args, "by", None):
        return str(args.by)
    from warroom import settings

    return str(settings.Settings().get(settings.USER_NAME))


@contextmanager
def _session() -> Iterator[tuple[Store, Session]]:
    from warroom.store.db import open_store

    store = open_store()
    try:
        with store.session() as session:
            yield store, session
    finally:
        store.close()


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def incident_dict(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "title": incident.title,
        "crisis_type": incident.crisis_type,
        "scenario": incident.scenario_key,
        "stage": incident.stage,
        "severity_level": incident.severity_level,
        "owner": incident.owner,
        "opened_by": incident.opened_by,
        "opened_at": _iso(incident.opened_at),
        "closed_at": _iso(incident.closed_at),
        "lessons_learned": incident.lessons_learned,
        "post_crisis": incident.post_crisis,
    }


def entry_dict(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "origin": entry.origin,
        "seq": entry.seq,
        "kind": entry.kind,
        "author": entry.author,
        "at": _iso(entry.occurred_at),
        "text": entry.text,
        "data": entry.data,
        "hash": entry.hash,
    }


def cmd_open(args: argparse.Namespace) -> int:
    if args.scenario:
        from warroom.plan.store import ensure_default_plan
        from warroom.store.db import open_store

        plan_store = open_store()
        try:
            ensure_default_plan(plan_store)  # a new store gets the default plan, as the app does
        finally:
            plan_store.close()
    with _session() as (store, session):
        crisis_type = args.type
        if crisis_type is None and args.scenario:
            from warroom.plan.store import active_plan

            plan = active_plan(session)
            scenario = next(
                (s for s in (plan.scenarios if plan else []) if s.key == args.scenario), None
            )
            crisis_type = scenario.crisis_type if scenario is not None else None
        incident = svc.open_incident(
            session,
            origin=store.origin,
            title=args.title,
            author=_author(args),
            crisis_type=crisis_type or "reputation",
            scenario_key=args.scenario or "",
            severity_level=args.severity,
        )
        incident_id = incident.id
    print(incident_id)
    return 0


def _change(
    action: Callable[[Store, Session, Incident, str], str],
) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        with _session() as (store, session):
            incident = svc.get_incident(session, args.id)
            message = action(store, session, incident, _author(args))
        print(message)
        return 0

    return handler


def cmd_note(args: argparse.Namespace) -> int:
    def act(store: Store, session: Session, incident: Incident, author: str) -> str:
        entry = svc.add_note(
            session, incident, args.text, origin=store.origin, author=author, corrects=args.corrects
        )
        return entry.id

    return _change(act)(args)


def cmd_stage(args: argparse.Namespace) -> int:
    def act(store: Store, session: Session, incident: Incident, author: str) -> str:
        if args.stage == "closed":
            svc.close_incident(session, incident, origin=store.origin, author=author)
        else:
            svc.set_stage(session, incident, args.stage, origin=store.origin, author=author)
        return f"{incident.id[:8]}: stage {incident.stage}"

    return _change(act)(args)


def cmd_severity(args: argparse.Namespace) -> int:
    def act(store: Store, session: Session, incident: Incident, author: str) -> str:
        svc.set_severity(
            session, incident, args.level, origin=store.origin, author=author, reason=args.reason
        )
        return f"{incident.id[:8]}: severity level {incident.severity_level}"

    return _change(act)(args)


def cmd_close(args: argparse.Namespace) -> int:
    def act(store: Store, session: Session, incident: Incident, author: str) -> str:
        svc.close_incident(session, incident, origin=store.origin, author=author)
        return f"{incident.id[:8]}: closed"

    return _change(act)(args)


def cmd_pin(args: argparse.Namespace) -> int:
    def act(store: Store, session: Session, incident: Incident, author: str) -> str:
        svc.pin_mention(
            session, incident, args.mention, origin=store.origin, author=author, note=args.note
        )
        return f"{incident.id[:8]}: pinned mention {args.mention[:8]}"

    return _change(act)(args)


def cmd_sent(args: argparse.Namespace) -> int:
    def act(store: Store, session: Session, incident: Incident, author: str) -> str:
        sent = svc.record_message_sent(
            session,
            incident,
            args.template,
            origin=store.origin,
            author=author,
            channel=args.channel,
        )
        return f"{incident.id[:8]}: recorded {sent.template_key} sent on {sent.channel}"

    return _change(act)(args)


def cmd_contact(args: argparse.Namespace) -> int:
    def act(store: Store, session: Session, incident: Incident, author: str) -> str:
        event = svc.record_contact(
            session,
            incident,
            args.contact,
            "acknowledged" if args.acknowledged else "contacted",
            origin=store.origin,
            author=author,
            channel=args.channel,
        )
        return f"{incident.id[:8]}: {event.kind} {args.contact}"

    return _change(act)(args)


def cmd_lessons(args: argparse.Namespace) -> int:
    def act(store: Store, session: Session, incident: Incident, author: str) -> str:
        svc.set_lessons_learned(session, incident, args.text, origin=store.origin, author=author)
        return f"{incident.id[:8]}: lessons learned recorded"

    return _change(act)(args)


def cmd_post_crisis(args: argparse.Namespace) -> int:
    def act(store: Store, session: Session, incident: Incident, author: str) -> str:
        svc.set_post_crisis(
            session, incident, args.step, args.text, origin=store.origin, author=author
        )
        return f"{incident.id[:8]}: post-crisis {args.step} recorded"

    return _change(act)(args)


def cmd_ack(args: argparse.Namespace) -> int:
    def act(store: Store, session: Session, incident: Incident, author: str) -> str:
        svc.acknowledge(session, incident, origin=store.origin, author=author)
        return f"incident {incident.id[:8]} acknowledged by {author}"

    return _change(act)(args)


def cmd_clocks(args: argparse.Namespace) -> int:
    from warroom.incidents import clocks

    now = utcnow()
    with _session() as (store, session):
        incident = svc.get_incident(session, args.id)
        clocks.record_breaches(session, incident, origin=store.origin, now=now)
        found = clocks.incident_clocks(session, incident)
    shown = [c for c in found if args.all or c.state(now) in ("running", "breached", "late")]
    if args.json:
        rows = [
            {
                "key": c.key,
                "kind": c.kind,
                "label": c.label,
                "state": c.state(now),
                "started_at": _iso(c.started_at),
                "due_at": _iso(c.due_at),
                "met_at": _iso(c.met_at),
                "seconds_left": int(c.remaining(now).total_seconds()),
            }
            for c in shown
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not shown:
        print("no running or breached clocks" if found else "no clocks (the plan sets no targets)")
    for clock in shown:
        print(clocks.describe(clock, now))
    return 0


def cmd_recovery(args: argparse.Namespace) -> int:
    from warroom.incidents import clocks, recovery

    with _session() as (_store, session):
        incident = svc.get_incident(session, args.id)
        plan = clocks.incident_plan(session, incident)
        if plan is None:
            raise UserError("no plan in the store; import one with: warroom plan import FILE")
        state = recovery.track(session, incident, plan)
        filled = dict(incident.post_crisis or {})
        lessons = incident.lessons_learned
        steps = [(p.key, p.title.get("en", p.key), p.owner) for p in plan.post_crisis]
        roles = {r.key: r.title.get("en", r.key) for r in plan.roles}
    if args.json:
        data = {
            "baseline": [state.baseline_start.isoformat(), state.baseline_end.isoformat()],
            "peak_day": state.peak_day.isoformat() if state.peak_day else None,
            "recovered_on": state.recovered_on.isoformat() if state.recovered_on else None,
            "criteria": [
                {
                    "key": c.key,
                    "metric": c.metric,
                    "days": c.days,
                    "band": [c.band.low, c.band.high] if c.band else None,
                    "today": c.today,
                    "met_on": c.met_on.isoformat() if c.met_on else None,
                    "streak": c.streak,
                }
                for c in state.criteria
            ],
            "post_crisis": [
                {"key": k, "owner": o, "done": bool(filled.get(k)), "notes": filled.get(k, "")}
                for k, _t, o in steps
            ],
            "lessons_learned": lessons,
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for status in state.criteria:
        print(recovery.describe(status))
    if not state.criteria:
        print("the plan sets no back-to-normal criteria")
    peak = f"{state.peak_day:%Y-%m-%d}" if state.peak_day else "none yet"
    print(
        f"baseline {state.baseline_start:%Y-%m-%d} to {state.baseline_end - recovery.DAY:%Y-%m-%d}"
        f" · peak day {peak} · "
        + (
            f"back to normal on {state.recovered_on:%Y-%m-%d}"
            if state.recovered_on
            else "not back to normal yet"
        )
    )
    for key, title, owner in steps:
        mark = "x" if filled.get(key) else " "
        print(f"[{mark}] {title} (owner: {roles.get(owner, owner) or '-'})")
    print(f"lessons learned: {lessons or 'not yet recorded'}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with _session() as (_store, session):
        rows = [incident_dict(i) for i in svc.list_incidents(session)]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not rows:
        print("no incidents")
    for row in rows:
        print(
            f"{row['id'][:8]}  {row['opened_at'][:16]}  {row['stage']:<12} "
            f"L{row['severity_level']}  {row['title']}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with _session() as (_store, session):
        incident = svc.get_incident(session, args.id)
        problem, found = svc.verify_incident(session, incident)
        data = incident_dict(incident)
        data["timeline"] = [entry_dict(e) for e in found]
        data["chain"] = {
            "intact": problem is None,
            "problem": str(problem) if problem else None,
            "combined_head": chain.combined_head(found),
            "heads": chain.heads(found),
        }
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{data['title']}  [{data['id']}]")
    print(
        f"type {data['crisis_type']}, scenario {data['scenario'] or '-'}, stage {data['stage']}, "
        f"severity level {data['severity_level']}, owner {data['owner']}"
    )
    print(
        f"opened {data['opened_at']}"
        + (f", closed {data['closed_at']}" if data["closed_at"] else "")
    )
    for entry in data["timeline"]:
        print(f"  {entry['at'][:19]}  {entry['kind']:<11} {entry['author']}: {entry['text']}")
    status = "intact" if problem is None else f"BROKEN: {problem}"
    print(f"timeline hash {data['chain']['combined_head']} ({status})")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with _session() as (_store, session):
        incident = svc.get_incident(session, args.id)
        problem, found = svc.verify_incident(session, incident)
        head = chain.combined_head(found)
        count = len(found)
    if problem is not None:
        print(f"incident {incident.id}: timeline broken at {problem}", file=sys.stderr)
        return 1
    print(f"incident {args.id}: {count} entries intact; timeline hash {head}")
    return 0


def register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "incident", help="open, log and verify incidents", description=__doc__
    )
    sub = parser.add_subparsers(dest="incident_command", metavar="ACTION", required=True)

    def add(
        name: str, help_text: str, func: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    def by(p: argparse.ArgumentParser) -> None:
        p.add_argument("--by", metavar="NAME", help="who acts (default: the user.name setting)")

    p = add("open", "open an incident; prints its id", cmd_open)
    p.add_argument("title")
    p.add_argument("--scenario", metavar="ID", help="the plan scenario it follows")
    p.add_argument(
        "--type",
        choices=list(CRISIS_TYPES),
        help="crisis type (default: the scenario's, else reputation)",
    )
    p.add_argument(
        "--severity",
        type=int,
        default=1,
        choices=range(1, 6),
        metavar="1-5",
        help="initial severity level",
    )
    by(p)
    p = add("note", "add a note (or, with --corrects, a correction) to the timeline", cmd_note)
    p.add_argument("id")
    p.add_argument("text")
    p.add_argument("--corrects", metavar="ENTRY", help="id (or prefix) of the entry this corrects")
    by(p)
    p = add("stage", "move the incident to a stage", cmd_stage)
    p.add_argument("id")
    p.add_argument("stage", choices=list(STAGES))
    by(p)
    p = add("severity", "change the severity level", cmd_severity)
    p.add_argument("id")
    p.add_argument("level", type=int, choices=range(1, 6), metavar="1-5")
    p.add_argument("--reason", default="")
    by(p)
    p = add("close", "close the incident", cmd_close)
    p.add_argument("id")
    by(p)
    p = add("pin", "pin a mention as key evidence", cmd_pin)
    p.add_argument("id")
    p.add_argument("mention", help="mention id")
    p.add_argument("--note", default="")
    by(p)
    p = add("sent", "record that an approved message template was sent", cmd_sent)
    p.add_argument("id")
    p.add_argument("template", help="SCENARIO/KEY of the template (or its id)")
    p.add_argument("--channel", default="", help="channel used (default: the template's)")
    by(p)
    p = add("contact", "record a stakeholder contacted (or acknowledging)", cmd_contact)
    p.add_argument("id")
    p.add_argument("contact", help="the contact's exact name or id")
    p.add_argument("--acknowledged", action="store_true", help="they acknowledged")
    p.add_argument("--channel", default="", help="phone, email, …")
    by(p)
    p = add("lessons", "record the lessons learned", cmd_lessons)
    p.add_argument("id")
    p.add_argument("text")
    by(p)
    p = add("post-crisis", "fill a post-crisis step", cmd_post_crisis)
    p.add_argument("id")
    p.add_argument("step", choices=list(svc.POST_CRISIS_KEYS))
    p.add_argument("text")
    by(p)
    p = add("ack", "acknowledge the incident (meets the plan's acknowledge clock)", cmd_ack)
    p.add_argument("id")
    by(p)
    p = add(
        "clocks",
        "print each running or breached response clock, one a line (records new breaches)",
        cmd_clocks,
    )
    p.add_argument("id")
    p.add_argument("--all", action="store_true", help="met clocks too")
    p.add_argument("--json", action="store_true")
    rec = subparsers.add_parser(
        "recovery",
        help="back-to-normal criteria of an incident: band, today's value, the day met",
        description="Each back-to-normal criterion of the plan with its baseline band, "
        "today's value and the day it was met, then the post-crisis checklist.",
    )
    rec.add_argument("id")
    rec.add_argument("--json", action="store_true")
    rec.set_defaults(func=cmd_recovery)
    p = add("list", "list incidents, newest first", cmd_list)
    p.add_argument("--json", action="store_true")
    p = add("show", "show an incident with its timeline", cmd_show)
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p = add(
        "verify",
        "check the timeline's hash chains; exit 1 naming the first broken entry",
        cmd_verify,
    )
    p.add_argument("id")

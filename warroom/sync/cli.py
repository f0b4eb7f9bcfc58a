"""`warroom team set|show` and `warroom sync`: team mode from the command line.

    warroom team set postgresql://user@host:5432/warroom   (password: prompt or --password-stdin)
    warroom team show
    warroom sync                                           (one round; exit 0 when all exchanged)

The password never reaches settings, the terminal or an error message: it is
read from a prompt or stdin (or taken out of the URL) into the OS keyring.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from warroom.errors import UserError


def _local(moment: Any) -> str:
    return str(moment.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")) if moment else "never"


def cmd_team_set(args: argparse.Namespace) -> int:
    from warroom.sync import team
    from warroom.sync.server import TeamUrl

    in_url = TeamUrl.parse(args.url).password is not None
    password: str | None = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not args.no_password and not in_url and sys.stdin.isatty():
        password = getpass.getpass("Team server password (empty for none): ")
    saved = team.configure(args.url, password)
    print(f"team server set: {saved.without_password()}")
    if in_url:
        print("password: taken out of the URL and stored in the OS keyring")
    elif password:
        print("password: stored in the OS keyring")
    else:
        print("password: none")
    return 0


def cmd_team_show(_args: argparse.Namespace) -> int:
    from warroom.store.db import open_store
    from warroom.sync import engine, team

    configured = team.configured_url()
    if configured is None:
        print("team server: none (solo mode); set one with `warroom team set URL`")
        return 0
    stored = team.has_password()
    print(f"team server: {configured.without_password()}")
    print(
        "password: "
        + {True: "stored in the OS keyring", False: "none", None: "keyring unavailable"}[stored]
    )
    store = open_store()
    try:
        state = engine.status(store)
        print(f"this laptop: {store.origin}")
        print(f"server id: {state.peer or 'not synced yet'}")
        print(f"last sync: {_local(state.last_sync)}")
        if state.offline_since:
            print(f"offline since: {_local(state.offline_since)}")
        waiting = ", ".join(f"{n} {t}" for t, n in state.pending.items()) or "none"
        print(
            f"changes waiting: {state.waiting} ({waiting})"
            if state.waiting
            else "changes waiting: none"
        )
    finally:
        store.close()
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from warroom.store.db import open_store
    from warroom.sync import engine, team
    from warroom.sync.server import ServerUnreachable

    target = team.require_team_url()
    store = open_store()
    syncer = engine.Syncer(store, target, timeout=args.timeout)
    try:
        try:
            report = syncer.run_round()
        except ServerUnreachable as exc:
            waiting = sum(engine.pending_changes(store).values())
            raise UserError(f"{exc}; {waiting} local changes wait for the next sync") from None
        for line in report.lines():
            print(line)
    finally:
        syncer.close()
        store.close()
    return 0


def register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    team_parser = subparsers.add_parser(
        "team", help="the team server several laptops share (PostgreSQL)"
    )
    team_sub = team_parser.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    set_parser = team_sub.add_parser(
        "set",
        help="set the team server URL (password goes to the OS keyring)",
        description="Set the team server. The URL is kept without its password; the password "
        "is read from a prompt (or stdin with --password-stdin, or taken out of the URL) and "
        "stored only in the OS keyring.",
    )
    set_parser.add_argument("url", help="postgresql://user@host:5432/database")
    how = set_parser.add_mutually_exclusive_group()
    how.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first stdin line"
    )
    how.add_argument("--no-password", action="store_true", help="the server needs no password")
    set_parser.set_defaults(func=cmd_team_set)
    show = team_sub.add_parser("show", help="the team server, sync state and waiting changes")
    show.set_defaults(func=cmd_team_show)

    sync = subparsers.add_parser(
        "sync",
        help="one sync round with the team server",
        description="Push this laptop's changes to the team server and pull the others' since "
        "the last sync; prints what moved each way. Exits 0 when everything was exchanged.",
    )
    sync.add_argument(
        "--timeout", type=float, default=5.0, metavar="SECONDS", help="connect timeout (5)"
    )
    sync.set_defaults(func=cmd_sync)

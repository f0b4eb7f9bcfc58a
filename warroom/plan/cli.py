"""`warroom plan …` subcommands: export, import, validate, revert, list.

`register_cli(subparsers)` adds them to the program's argparse subparsers;
each handler takes the parsed arguments and returns the exit code, and
raises UserError (one plain line) for anything the user can fix.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from warroom.errors import UserError
from warroom.plan.store import ensure_default_plan, export_plan, import_plan, plan_versions, revert
from warroom.plan.validate import parse_plan, read_plan_file


def _user(args: argparse.Namespace) -> str:
    """Who acts: --by, else the login name (the app passes its user.name setting)."""
    by = getattr(args, "by", None)
    if by:
        return str(by)
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "operator"


def _open() -> Any:
    from warroom.store.db import open_store

    return open_store()


def _warn(warnings: list[Any]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    plan, warnings = parse_plan(read_plan_file(args.path), str(args.path))
    _warn(warnings)
    steps = sum(len(s.steps) for s in plan.scenarios)
    messages = sum(len(s.messages) for s in plan.scenarios)
    print(
        f"{args.path}: valid plan '{plan.name}' ({', '.join(plan.languages)}): "
        f"{len(plan.scenarios)} scenarios, {steps} steps, {messages} messages, "
        f"{len(warnings)} warnings"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    text = read_plan_file(args.path)
    _plan, warnings = parse_plan(text, str(args.path))
    _warn(warnings)
    store = _open()
    try:
        version = import_plan(store, text, source_file=str(args.path), imported_by=_user(args))
        print(f"imported '{version.name}' as plan version {version.version} (active)")
    finally:
        store.close()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = _open()
    try:
        ensure_default_plan(store)
        text = export_plan(store)
    finally:
        store.close()
    if str(args.path) == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.path)
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name for the plan")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".plan-", suffix=".yaml", dir=target.parent or ".")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"exported the active plan to {target}")
    return 0


def cmd_revert(args: argparse.Namespace) -> int:
    store = _open()
    try:
        version = revert(store, args.version, reverted_by=_user(args))
        print(f"plan version {args.version} is active again as version {version.version}")
    finally:
        store.close()
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    store = _open()
    try:
        ensure_default_plan(store)
        with store.session() as session:
            for v in plan_versions(session):
                mark = "*" if v.active else " "
                when = v.created_at.strftime("%Y-%m-%d %H:%M UTC")
                print(
                    f"{mark} {v.version:>3}  {when}  {v.name}  "
                    f"(from {v.source_file or '?'}, by {v.imported_by or '?'})"
                )
    finally:
        store.close()
    return 0


def register_cli(subparsers: Any) -> argparse.ArgumentParser:
    """Add `plan export|import|validate|revert|list` to an argparse subparsers object.

    Each leaf parser gets `func=<handler>`; call `args.func(args)` for the exit code.
    """
    plan: argparse.ArgumentParser = subparsers.add_parser(
        "plan", help="the crisis plan: import, export, validate, revert"
    )
    sub = plan.add_subparsers(dest="plan_command", metavar="COMMAND", required=True)
    p = sub.add_parser(
        "export", help="write the active plan (both languages) to PATH ('-' = stdout)"
    )
    p.add_argument("path", metavar="PATH")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("import", help="validate PATH and make it the active plan (new version)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--by", metavar="NAME", help="name recorded as the importer")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("validate", help="check a plan file without importing it")
    p.add_argument("path", metavar="PATH")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("revert", help="make an earlier plan version active again")
    p.add_argument("version", metavar="VERSION", type=int)
    p.add_argument("--by", metavar="NAME", help="name recorded as the one who reverted")
    p.set_defaults(func=cmd_revert)
    p = sub.add_parser("list", help="list plan versions (* = active)")
    p.set_defaults(func=cmd_list)
    return plan

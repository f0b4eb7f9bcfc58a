"""Command line for sources: add, list, remove, credentials, ingest and mentions.

warroom sources add KIND NAME --url URL [--query Q] [--interval S] [--option K=V ...]
warroom sources list [--json]
warroom sources remove NAME [--with-mentions]
warroom credentials set NAME          (prompt, or stdin when not a terminal)
warroom ingest --once [--source NAME]
warroom mentions --json [--limit N]
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from sqlalchemy import select

from warroom.errors import UserError


def _store() -> Any:
    from warroom.store.db import open_store

    return open_store()


def _option(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"option must look like KEY=VALUE, not {text!r}")
    return key.strip(), value


def cmd_add(args: argparse.Namespace) -> int:
    from warroom.sources.ingest import add_source

    options = dict(args.option or [])
    store = _store()
    try:
        source = add_source(
            store,
            kind=args.kind,
            name=args.name,
            url=args.url or "",
            query=args.query or "",
            interval_s=args.interval,
            options=options,
        )
    finally:
        store.close()
    print(
        f"added {source.kind} source {source.name!r} ({source.base_url}), every {source.interval_s} s"
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from warroom.sources.health import describe, summary
    from warroom.store.models import Source

    store = _store()
    try:
        with store.session() as session:
            sources = list(session.scalars(select(Source).order_by(Source.name)))
            if args.json:
                for source in sources:
                    print(json.dumps(describe(source), ensure_ascii=False))
                return 0
            if not sources:
                print("no sources; add one with `warroom sources add KIND NAME --url URL`")
            for source in sources:
                state = "" if source.enabled else " (disabled)"
                print(f"{source.name}  [{source.kind}]{state}  {source.base_url}  {source.query}")
                print(f"    {summary(source)}")
    finally:
        store.close()
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from warroom.sources.ingest import remove_source

    store = _store()
    try:
        count = remove_source(store, args.name, with_mentions=args.with_mentions)
    finally:
        store.close()
    print(f"removed source {args.name!r}" + (f" and its {count} mentions" if count else ""))
    return 0


def cmd_credentials_set(args: argparse.Namespace) -> int:
    from warroom import credentials
    from warroom.sources.ingest import secret_key

    if sys.stdin.isatty():
        secret = getpass.getpass(f"secret for {args.name} (not shown): ")
    else:
        secret = sys.stdin.read()
    secret = secret.strip("\r\n")
    credentials.set_secret(secret_key(args.name), secret)
    if args.name:
        try:  # a new password makes a cached token stale
            credentials.delete_secret(secret_key(args.name, "token"))
        except credentials.CredentialsError:
            pass
    print(f"stored the secret of {args.name!r} in the OS keyring")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from warroom.sources.ingest import poll_all

    if not args.once:
        raise UserError(
            "ingest runs once from the command line: add --once (the app polls continuously)"
        )
    store = _store()
    try:
        results = poll_all(store, [args.source] if args.source else None)
        if results:
            from warroom import alerts

            alerts.after_poll(store)  # a silent source, a breached clock
    finally:
        store.close()
    if not results:
        print("no enabled sources to poll")
    for result in results:
        line = f"{result.source}: {result.stored} new of {result.fetched} fetched in {result.pages} pages"
        if result.failed and result.stopped:
            line += f" — {result.health}: {result.error}"
        if result.problems:
            # every skipped item on its own line, so a file's bad lines can all be found
            line += f"\n  {len(result.problems)} skipped:"
            shown = result.problems[:PROBLEMS_SHOWN]
            line += "".join(f"\n    {problem}" for problem in shown)
            if len(result.problems) > len(shown):
                line += f"\n    … and {len(result.problems) - len(shown)} more"
        print(line, file=sys.stdout)
    return 1 if any(r.failed for r in results) else 0


PROBLEMS_SHOWN = 50  # skipped items listed after a poll; the rest counted


def cmd_coverage(args: argparse.Namespace) -> int:
    from warroom.sources import coverage
    from warroom.sources.normalize import iso_utc

    store = _store()
    try:
        with store.session() as session:
            rows = coverage.coverage(session)
    finally:
        store.close()
    if args.json:
        for row in rows:
            data = {
                "name": row.name,
                "kind": row.kind,
                "enabled": row.enabled,
                "health": row.health,
                "last_poll_at": iso_utc(row.last_poll_at) if row.last_poll_at else None,
                "last_success_at": iso_utc(row.last_success_at) if row.last_success_at else None,
                "last_hour": row.last_hour,
                "usual_per_hour": row.usual_per_hour,
                "rate_limit_remaining": row.rate_limit_remaining,
                "rate_limit_reset_at": (
                    iso_utc(row.rate_limit_reset_at) if row.rate_limit_reset_at else None
                ),
                "error": row.error,
                "failed_polls_24h": row.failed_polls_24h,
                "gaps": [[iso_utc(a), iso_utc(b)] for a, b in row.gaps],
            }
            print(json.dumps(data, ensure_ascii=False))
        return 0
    if not rows:
        print("no polled sources; add one with `warroom sources add KIND NAME --url URL`")
    for row in rows:
        print(coverage.describe(row))
    return 0


def cmd_mentions(args: argparse.Namespace) -> int:
    from warroom.sources.normalize import iso_utc
    from warroom.store.models import Mention, Source

    if not args.json:
        raise UserError("mentions prints JSON Lines: add --json")
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    store = _store()
    try:
        with store.session() as session:
            rows = session.execute(
                select(Mention, Source.name)
                .join(Source, Source.id == Mention.source_id)
                .order_by(Mention.published_at.desc(), Mention.id)
                .limit(args.limit)
            )
            out = sys.stdout
            for mention, source_name in rows:
                record = {
                    "source": source_name,
                    "external_id": mention.external_id,
                    "url": mention.canonical_url,
                    "author": mention.author,
                    "author_handle": mention.author_handle,
                    "author_reach": mention.author_reach,
                    "engagement": mention.engagement,
                    "text": mention.text,
                    "language": mention.language,
                    "created_at": iso_utc(mention.published_at),
                    "sentiment": mention.sentiment,
                    "source_sentiment": mention.source_sentiment,
                    "severity": mention.severity,
                    "duplicate_of": mention.duplicate_of_id,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        store.close()
    return 0


def register_cli(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from warroom.sources.registry import KINDS, NEEDS

    sources = sub.add_parser("sources", help="configure monitoring sources")
    verbs = sources.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    add = verbs.add_parser(
        "add",
        help="add a source",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="what each kind needs:\n" + "\n".join(f"  {k:11} {v}" for k, v in NEEDS.items()),
    )
    add.add_argument("kind", choices=KINDS, metavar="KIND", help=f"one of: {', '.join(KINDS)}")
    add.add_argument("name", metavar="NAME", help="a unique name; also the keyring entry")
    add.add_argument("--url", help="base URL (may carry a path prefix), feed URL or file path")
    add.add_argument("--query", help="search words, a #hashtag, or the service's query")
    add.add_argument(
        "--interval", type=int, default=300, metavar="SECONDS", help="poll interval (300)"
    )
    add.add_argument(
        "--option",
        type=_option,
        action="append",
        metavar="KEY=VALUE",
        help="account, alert, project, query_id, username, subreddit, map.FIELD=COLUMN…",
    )
    add.set_defaults(func=cmd_add)
    listing = verbs.add_parser("list", help="list sources with their health")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(func=cmd_list)
    cover = verbs.add_parser(
        "coverage",
        help="each source's last fetch, rate against usual, budget left and gaps (last 24 h)",
    )
    cover.add_argument("--json", action="store_true", help="one JSON object per line")
    cover.set_defaults(func=cmd_coverage)
    remove = verbs.add_parser("remove", help="remove a source")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument(
        "--with-mentions", action="store_true", help="also delete its stored mentions"
    )
    remove.set_defaults(func=cmd_remove)

    creds = sub.add_parser("credentials", help="keep a source's secret in the OS keyring")
    creds_verbs = creds.add_subparsers(dest="credentials_command", metavar="ACTION", required=True)
    set_ = creds_verbs.add_parser(
        "set", help="store a secret: prompted, or read from stdin when it is not a terminal"
    )
    set_.add_argument("name", metavar="NAME", help="the source's name")
    set_.set_defaults(func=cmd_credentials_set)

    ingest = sub.add_parser("ingest", help="poll sources and store new mentions")
    ingest.add_argument("--once", action="store_true", help="poll each enabled source once")
    ingest.add_argument("--source", metavar="NAME", help="only this source")
    ingest.set_defaults(func=cmd_ingest)

    mentions = sub.add_parser("mentions", help="print stored mentions, newest first")
    mentions.add_argument("--json", action="store_true", help="JSON Lines")
    mentions.add_argument("--limit", type=int, default=100, metavar="N", help="at most N (100)")
    mentions.set_defaults(func=cmd_mentions)

"""The `warroom` command line.

No arguments opens the window.  Every subcommand has --help; an error the user
can fix exits non-zero with one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from warroom import __version__
from warroom.errors import UserError

Handler = Callable[[argparse.Namespace], int]


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x", 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1600x900, not {text!r}") from None
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise argparse.ArgumentTypeError(f"size {text} is out of range (200 to 10000 pixels)")
    return width, height


def cmd_gui(args: argparse.Namespace) -> int:
    from ui.app import run_gui  # the window lives in ui/, imported only when wanted

    return int(
        run_gui(
            screenshot=args.screenshot,
            size=args.size,
            demo=args.demo,
            wall=args.wall,
            language=args.lang,
            theme_name=args.theme,
        )
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from warroom import settings
    from warroom.demo import load_demo
    from warroom.store.db import open_store

    store = open_store()
    author = settings.Settings().get(settings.USER_NAME)
    counts = load_demo(store, author=author)
    store.close()
    print(
        f"demo loaded: {counts['mentions']} mentions from {counts['sources']} sources, "
        f"{counts['contacts']} contacts, 1 open incident"
    )
    return 0


def build_parser(*, extensions: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warroom",
        description="Crisis war room: mention feed, severity graph, plan and contacts. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"warroom {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the window (the default)")
    gui.add_argument(
        "--screenshot", metavar="PATH", help="render the main window offscreen to a PNG and exit"
    )
    gui.add_argument(
        "--size", type=_size, default=(1600, 900), metavar="WxH", help="window size (1600x900)"
    )
    gui.add_argument(
        "--demo", action="store_true", help="load the demo first if the store is empty"
    )
    gui.add_argument(
        "--wall", action="store_true", help="start in wall mode (projector layout, F11 leaves)"
    )
    gui.add_argument(
        "--lang",
        choices=("en", "ms"),
        help="interface language for this run (default: the saved setting)",
    )
    gui.add_argument(
        "--theme",
        choices=("light", "dark"),
        help="colour theme for this run (default: the saved setting)",
    )
    gui.set_defaults(handler=cmd_gui)

    demo = sub.add_parser("demo", help="load the demo crisis into the store")
    demo.set_defaults(handler=cmd_demo)

    for register in _extensions() if extensions else []:
        register(sub)
    return parser


# Engine packages that contribute subcommands through a `register_cli(subparsers)`
# function in their `cli` module, in the order they appear in --help.
EXTENSIONS = (
    "warroom.plan.cli",
    "warroom.sources.cli",
    "warroom.analysis.cli",
    "warroom.detection.cli",
    "warroom.incidents.cli",
    "warroom.reports.cli",
    "warroom.sync.cli",
    "warroom.drills.cli",
)


def _extensions() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], object]]:
    """The register_cli functions of the engine packages that are present."""
    import importlib
    import importlib.util

    found = []
    for name in EXTENSIONS:
        if importlib.util.find_spec(name.rsplit(".", 1)[0]) is None:
            continue
        if importlib.util.find_spec(name) is None:
            continue
        found.append(importlib.import_module(name).register_cli)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    # Opening the window needs none of the engine's subcommands: skip importing
    # them (sources, sync, reports… pull in requests, psycopg, keyring) so the
    # window paints sooner.  --help and every other command get the full parser.
    opening_window = (not words or words[0] == "gui") and not {"-h", "--help"} & set(words)
    parser = build_parser(extensions=not opening_window)
    args = parser.parse_args(words)
    if args.command is None:
        args = parser.parse_args(["gui"])
    handler: Handler = getattr(args, "handler", None) or args.func
    try:
        return handler(args)
    except UserError as exc:
        print(f"warroom: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("warroom: interrupted", file=sys.stderr)
        return 130

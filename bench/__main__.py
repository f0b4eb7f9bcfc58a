"""Run benchmarks and print one line per figure.

    python -m bench            every benchmark
    python -m bench startup    only those named

Each line reads `NAME: VALUE UNIT`, followed by `(reference: VALUE UNIT)`
where a reference is measured in the same run: these machines are noisy, so a
figure is only meaningful beside its reference.
"""

from __future__ import annotations

import argparse
import sys

from bench import registry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"one of: {', '.join(registry.names())}"
    )
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in registry.names()]
    if unknown:
        parser.error(
            f"unknown benchmark {', '.join(unknown)} (known: {', '.join(registry.names())})"
        )
    for name in args.names or registry.names():
        for line in registry.run(name):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The installed bundle: start-up to first paint beside the source tree, and its size.

Needs a bundle in dist/warroom/ (`bash packaging/build-linux.sh`); without one
it prints how to build it and yields nothing.

- bundle_first_paint: `dist/warroom/warroom gui` offscreen on a store with the
  demo, from process spawn to the window's first paint event (median), with
  the source tree's `python -m warroom gui` measured alternately in the same
  run as the reference.  Goal ≤ 2 s.
- bundle_unpacked_size: the dist/warroom/ folder (goal ≤ 300 MB), and the
  largest parts of it so a regression can be traced.
- bundle_tarball_size: dist/warroom-*-linux-*.tar.gz as built (goal ≤ 110 MB).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.registry import Figure

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
BUNDLE = DIST / "warroom"
RUNS = 5
MB = 1_000_000  # sizes in decimal megabytes, as file managers and download pages show them


def _first_paint(cmd: list[str], env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run(
        cmd, capture_output=True, text=True, env=env, timeout=120, check=True
    ).stdout
    painted = next(
        float(line.split()[1]) for line in out.splitlines() if line.startswith("first-paint")
    )
    return painted - start


def folder_size(folder: Path) -> int:
    """Bytes of the regular files below a folder (symlinks counted once, as links)."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total


def _parts(folder: Path) -> dict[str, int]:
    """Sizes of the parts that weigh most in the bundle, by group."""
    groups = {
        "Qt libraries": "PySide6/Qt/lib",
        "Qt plugins": "PySide6/Qt/plugins",
        "PySide6 bindings": "PySide6",
        "lingua (language models)": "lingua",
        "numpy": "numpy",
        "numpy.libs": "numpy.libs",
        "psycopg_binary (libpq)": "psycopg_binary",
        "psycopg_binary.libs": "psycopg_binary.libs",
        "resources": "resources",
    }
    internal = folder / "_internal"
    base = internal if internal.is_dir() else folder
    sizes: dict[str, int] = {}
    counted = 0
    for label, sub in groups.items():
        path = base / sub
        if path.is_dir():
            size = folder_size(path)
            if label == "PySide6 bindings":
                size -= sizes.get("Qt libraries", 0) + sizes.get("Qt plugins", 0)
            sizes[label] = size
            counted += size
    sizes["everything else"] = folder_size(folder) - counted
    return sizes


def tarball() -> Path | None:
    found = sorted(DIST.glob("warroom-*-linux-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def figures() -> Iterator[Figure]:
    app = BUNDLE / "warroom"
    if not app.exists():
        print(
            "bundle: no bundle in dist/warroom/ - build it with `bash packaging/build-linux.sh` "
            "(about 5 minutes), then run `python -m bench bundle` again",
            flush=True,
        )
        return
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "WARROOM_HOME": home,
            "QT_QPA_PLATFORM": "offscreen",
            "WARROOM_REPORT_FIRST_PAINT": "1",
        }
        subprocess.run([str(app), "demo"], env=env, check=True, capture_output=True, timeout=300)
        bundle_cmd = [str(app), "gui"]
        source_cmd = [sys.executable, "-m", "warroom", "gui"]
        source_env = {**env, "PYTHONPATH": str(ROOT)}
        _first_paint(bundle_cmd, env)  # warm the page cache for both, as a laptop would be
        _first_paint(source_cmd, source_env)
        bundle_times, source_times = [], []
        for _ in range(RUNS):
            bundle_times.append(_first_paint(bundle_cmd, env))
            source_times.append(_first_paint(source_cmd, source_env))
    bundle_median = statistics.median(bundle_times)
    source_median = statistics.median(source_times)
    yield Figure(
        "bundle_first_paint",
        bundle_median,
        "s",
        source_median,
        "s",
        f"median of {RUNS}, demo store; reference: source tree `python -m warroom gui`; "
        f"ratio {bundle_median / source_median:.2f}x; goal <= 2 s",
    )
    unpacked = folder_size(BUNDLE)
    parts = _parts(BUNDLE)
    biggest = ", ".join(
        f"{label} {size / MB:.0f}"
        for label, size in sorted(parts.items(), key=lambda kv: -kv[1])
        if size >= MB
    )
    yield Figure(
        "bundle_unpacked_size",
        unpacked / MB,
        "MB",
        note=f"dist/warroom/; goal <= 300 MB; MB by part: {biggest}",
    )
    packed = tarball()
    if packed is None:
        print("bundle: no tarball in dist/ - `bash packaging/build-linux.sh` makes one", flush=True)
        return
    yield Figure(
        "bundle_tarball_size",
        packed.stat().st_size / MB,
        "MB",
        note=f"{packed.name} (gzip); goal <= 110 MB",
    )


if __name__ == "__main__":
    for fig in figures():
        print(fig.line())

"""Remove system libraries that only the Qt plugins the spec dropped needed.

PyInstaller collects a library's dependencies before the spec filters the
plugins out, so dropping the GTK3 theme plugin leaves GTK, GDK, ATK, cairo,
pango and friends (~20 MB) behind with nothing using them.  Starting from the
seed libraries (only a dropped plugin needed them), this removes every
top-level library of the bundle whose users are all removed, and nothing else:
a library nobody links to from the start (loaded through ctypes, or libpython,
which the bootloader opens) is never touched.

    python packaging/prune_libs.py dist/warroom/_internal libgtk-3.so.0 [...]

Needs `readelf` (binutils).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path


def needed(path: Path) -> set[str]:
    """The DT_NEEDED entries of an ELF file (empty for anything else)."""
    result = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
    )
    names = set()
    for line in result.stdout.splitlines():
        if "(NEEDED)" in line and "[" in line:
            names.add(line.split("[", 1)[1].split("]", 1)[0])
    return names


def orphans(
    users: Mapping[str, set[str]], seeds: Iterable[str], protected: Iterable[str] = ()
) -> set[str]:
    """Libraries to remove: the seeds, then any whose every user is removed.

    `users` maps a top-level library name to the names of the files that need
    it.  A library with no users at all is kept (something loads it at run
    time by name), as is anything in `protected`.
    """
    keep = set(protected)
    removed = {seed for seed in seeds if seed in users and seed not in keep}
    changed = True
    while changed:
        changed = False
        for lib, who in users.items():
            if lib in removed or lib in keep or not who:
                continue
            if who <= removed:
                removed.add(lib)
                changed = True
    return removed


def prune(internal: Path, seeds: Iterable[str]) -> list[tuple[str, int]]:
    top = {
        p.name: p
        for p in internal.iterdir()
        if p.is_file() and not p.is_symlink() and ".so" in p.name
    }
    users: dict[str, set[str]] = {name: set() for name in top}
    for path in internal.rglob("*"):
        if not path.is_file() or path.is_symlink() or ".so" not in path.name:
            continue
        for dep in needed(path):
            if dep in users and dep != path.name:
                users[dep].add(path.name)
    gone = orphans(users, seeds, protected=[n for n in top if n.startswith("libpython")])
    removed = []
    for name in sorted(gone):
        removed.append((name, top[name].stat().st_size))
        top[name].unlink()
    # links PyInstaller made to a removed library would dangle
    for link in internal.rglob("*"):
        if link.is_symlink() and not link.exists():
            link.unlink()
    return removed


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    internal = Path(argv[0])
    if not internal.is_dir():
        print(f"prune_libs: no folder {internal}", file=sys.stderr)
        return 2
    removed = prune(internal, argv[1:])
    total = sum(size for _name, size in removed) / 1e6
    print(f"pruned {len(removed)} libraries ({total:.1f} MB) only dropped plugins needed:")
    for name, size in removed:
        print(f"  {name} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env bash
# Installs everything the tests need and runs them all: lint (ruff), types
# (mypy, strict on warroom/), then pytest offscreen inside a private D-Bus
# session with an unlocked gnome-keyring (the real Secret Service).  Servers
# the tests use (PostgreSQL, HTTP) are started by the test fixtures on
# 127.0.0.1 and stopped with them.  Extra arguments go to pytest (and skip
# the last step).  Last, the installer smoke test builds the Linux bundle
# from a clean virtual environment and runs it offscreen on an empty folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh test
bash scripts/venv.sh test
echo "== ruff"
.venv/bin/ruff check warroom ui tests bench main.py
echo "== mypy"
.venv/bin/mypy warroom
echo "== pytest"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/run" "$scratch/data" "$scratch/home"
chmod 700 "$scratch/run"
# a private home, runtime folder and keyring for the tests only
env HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" \
    QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1 \
    dbus-run-session -- bash -c '
    eval "$(printf "warroom-test" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
    export GNOME_KEYRING_CONTROL
    exec .venv/bin/python -m pytest "$@"
' pytest "$@" 2> >(grep -v "Failed to set fd limit" >&2)
if [ $# -eq 0 ]; then
    echo "== installer smoke test (packaging/smoke-test.sh)"
    bash packaging/smoke-test.sh --rebuild
fi

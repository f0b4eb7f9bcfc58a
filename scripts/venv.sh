#!/usr/bin/env bash
# Creates .venv (if needed) and installs Warroom into it; idempotent.
#   scripts/venv.sh          the app
#   scripts/venv.sh test     the app and what the tests need
set -euo pipefail
cd "$(dirname "$0")/.."
extra=${1:-}
py=${PYTHON:-python3}
# a venv left half-made (no pip: python3-venv was missing) is made again
if [ -x .venv/bin/python ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
    rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv
fi
stamp=".venv/.installed-${extra:-app}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
    if [ "$extra" = test ]; then
        .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
    else
        .venv/bin/python -m pip install -q --disable-pip-version-check -e .
    fi
    touch "$stamp"
fi

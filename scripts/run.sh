#!/usr/bin/env bash
# Installs Warroom (system libraries when root on Debian/Ubuntu, a virtual
# environment in .venv) and opens the war room on its embedded SQLite store,
# loading the demo crisis on first start.  Extra arguments go to `warroom`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh app
bash scripts/venv.sh
if [ $# -eq 0 ]; then
    exec .venv/bin/warroom gui --demo
fi
exec .venv/bin/warroom "$@"

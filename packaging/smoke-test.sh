#!/usr/bin/env bash
# Smoke test of the Linux bundle, the way a war-room laptop without Python
# would run it: builds dist/warroom/ (or reuses it when it is newer than every
# source file), then runs it offscreen on an empty data folder, from a scratch
# working folder that holds a decoy `resources/` tree (the bundle must find its
# own through importlib.resources, never the current folder):
#
#   1. --version; a screenshot of the first start on the empty store
#   2. `warroom demo`, a screenshot with the four panes filled
#   3. `warroom incident list --json` → the id → `warroom report ID --output`;
#      pdftotext must read the incident's title back out of the PDF
#   4. upgrade path: a frozen store of the first schema (tests/data/stores) is
#      migrated to the head; a store stamped with a future revision is refused
#      with a clear message and left byte-for-byte untouched
#   5. team mode: with PostgreSQL installed, one `warroom sync` round against a
#      throw-away server on 127.0.0.1 (proves the bundled driver and libpq)
#
#   bash packaging/smoke-test.sh              build if stale, then test
#   bash packaging/smoke-test.sh --rebuild    always build first
#   bash packaging/smoke-test.sh --no-build   test dist/warroom as it is
#   KEEP=1 bash packaging/smoke-test.sh       keep the scratch folder (screenshots, PDF)
#
# Exits 0 when every step passed; otherwise prints the failing step and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mode=${1:-auto}
app="$root/dist/warroom/warroom"
py=${PYTHON:-python3}

fail() {
    echo "smoke-test: FAILED: $*" >&2
    exit 1
}

stale() {
    [ -x "$app" ] || return 0
    [ -n "$(find warroom ui resources main.py pyproject.toml packaging -newer "$app" \
        -type f ! -name '*.pyc' ! -path '*/__pycache__/*' ! -name smoke-test.sh ! -name '*.md' \
        -print -quit)" ]
}

case "$mode" in
--rebuild) bash packaging/build-linux.sh ;;
--no-build) [ -x "$app" ] || fail "no bundle at dist/warroom/ (run bash packaging/build-linux.sh)" ;;
auto)
    if stale; then
        echo "== bundle missing or older than the sources: building"
        bash packaging/build-linux.sh
    else
        echo "== reusing dist/warroom (newer than every source file)"
    fi
    ;;
*) fail "unknown option $mode (use --rebuild, --no-build or nothing)" ;;
esac
command -v pdftotext >/dev/null || fail "pdftotext is missing (Debian package poppler-utils)"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/warroom-smoke.XXXXXX")
pg_data=""
cleanup() {
    if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
        as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ "${KEEP:-}" = 1 ]; then echo "scratch kept: $scratch"; else rm -rf "$scratch"; fi
}
trap cleanup EXIT
export WARROOM_HOME="$scratch/home" QT_QPA_PLATFORM=offscreen
export HOME="$scratch/userhome" XDG_DATA_HOME="$scratch/userhome/data" XDG_CONFIG_HOME="$scratch/userhome/config"
mkdir -p "$WARROOM_HOME" "$HOME" "$scratch/cwd/resources/plans" "$scratch/out"
# A decoy: were the bundle to read resources from the current folder, the
# default plan would fail to parse and the report fonts would be missing.
printf 'this: is: not: a plan\n' >"$scratch/cwd/resources/plans/default.yaml"
: >"$scratch/cwd/resources/__init__.py"
cd "$scratch/cwd"
out="$scratch/out"
t0=$(date +%s.%N)

step() { echo "== $*"; }
elapsed() { "$py" -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(date +%s.%N)"; }

step "1. version and a screenshot on an empty data folder"
"$app" --version | grep -q '^warroom [0-9]' || fail "--version printed no version"
"$app" gui --screenshot "$out/empty.png" --size 1280x800 >/dev/null || fail "screenshot of the empty store"
[ -s "$out/empty.png" ] || fail "no screenshot written"
[ -f "$WARROOM_HOME/warroom.sqlite3" ] || fail "no store created in WARROOM_HOME"

step "2. demo and a screenshot with the panes filled"
"$app" demo | tee "$out/demo.txt" | grep -q "^demo loaded: [0-9]* mentions" || fail "warroom demo"
"$app" gui --screenshot "$out/demo.png" --size 1600x900 >/dev/null || fail "screenshot with the demo"
size_empty=$(stat -c %s "$out/empty.png")
size_demo=$(stat -c %s "$out/demo.png")
[ "$size_demo" -gt "$size_empty" ] || fail "the demo screenshot ($size_demo B) is not fuller than the empty one ($size_empty B)"

step "3. PDF report of the demo incident"
"$app" incident list --json >"$out/incidents.json" || fail "warroom incident list --json"
read -r incident title < <("$py" -c '
import json, sys
rows = json.load(open(sys.argv[1]))
rows = rows if isinstance(rows, list) else rows.get("incidents", [])
if not rows:
    sys.exit("no incident in the list")
print(rows[0]["id"], rows[0]["title"])
' "$out/incidents.json") || fail "no incident id in warroom incident list --json"
"$app" report "$incident" --output "$out/report.pdf" >/dev/null || fail "warroom report $incident"
pdftotext -layout "$out/report.pdf" "$out/report.txt" || fail "pdftotext cannot read the report"
first_words=$(echo "$title" | cut -d' ' -f1-3)
grep -qF "$first_words" "$out/report.txt" || fail "the report text lacks the incident title ($first_words)"
echo "report: $(wc -w <"$out/report.txt") words, title found: $first_words"

step "3b. a backfill scored on both cores (the bundle starts its analysis helper process)"
"$py" -c '
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for n in range(6000):
        out.write(json.dumps({"id": n, "text": f"Kopi Kita food poisoning, boycott them {n}"}) + "\n")
' "$scratch/backfill.jsonl"
timeout 120 "$app" analyze --input "$scratch/backfill.jsonl" --output "$scratch/scored.jsonl" --workers 2 \
    || fail "warroom analyze --workers 2 in the bundle"
"$py" -c '
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 6000, len(rows)
assert all(r["sentiment"] < 0 and "boycott" in r["risk_terms"] for r in rows), rows[0]
print(f"scored {len(rows)} mentions on two processes")
' "$scratch/scored.jsonl" || fail "the bundle scored the backfill wrongly"

step "4. upgrade path: older store migrated, newer store refused untouched"
old="$scratch/old"
mkdir -p "$old"
cp "$root/tests/data/stores/0001_initial.sqlite3" "$old/warroom.sqlite3"
WARROOM_HOME="$old" "$app" incident list --json >/dev/null || fail "the bundle did not open a 0001 store"
"$py" - "$old/warroom.sqlite3" "$root" <<'EOF' || fail "the old store was not migrated to the head"
import sqlite3, sys, pathlib
rev = sqlite3.connect(sys.argv[1]).execute("select version_num from alembic_version").fetchone()[0]
heads = sorted(p.stem.split("_")[0] for p in pathlib.Path(sys.argv[2], "warroom/store/migrations/versions").glob("[0-9]*.py"))
print(f"old store now at {rev} (newest migration file {heads[-1]})")
sys.exit(0 if rev.startswith(heads[-1]) or rev == heads[-1] else 1)
EOF
new="$scratch/new"
mkdir -p "$new"
cp "$WARROOM_HOME/warroom.sqlite3" "$new/warroom.sqlite3"
"$py" -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("update alembic_version set version_num = ?", ("9999_from_the_future",)); c.commit()' "$new/warroom.sqlite3"
before=$(sha256sum <"$new/warroom.sqlite3")
set +e
WARROOM_HOME="$new" "$app" incident list >"$out/newer.out" 2>"$out/newer.err"
code=$?
set -e
[ "$code" -ne 0 ] || fail "the bundle opened a store from a newer Warroom"
grep -q "newer Warroom" "$out/newer.err" || fail "no clear message for a newer store: $(cat "$out/newer.err")"
[ "$(wc -l <"$out/newer.err")" -le 1 ] || fail "more than one line for a newer store: $(cat "$out/newer.err")"
[ "$before" = "$(sha256sum <"$new/warroom.sqlite3")" ] || fail "the newer store was modified"
echo "refused (exit $code): $(cat "$out/newer.err")"

step "5. team mode: the OS keyring and the bundled PostgreSQL driver"
pg_bin=""
for candidate in "$(command -v pg_config >/dev/null && pg_config --bindir || true)" /usr/lib/postgresql/*/bin "$(dirname "$(command -v initdb || echo /nonexistent/x)")"; do
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then pg_bin=$candidate; break; fi
done
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
team_url=""
if [ -z "$pg_bin" ] || { [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; }; then
    echo "PostgreSQL is not installed (Debian package postgresql): sync round skipped"
else
    pg_dir="$scratch/pg"
    mkdir -p "$pg_dir"
    if [ "$(id -u)" = 0 ]; then chmod 755 "$scratch"; chown postgres: "$pg_dir"; fi
    pg_data="$pg_dir/data"
    port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$pg_bin/initdb" -D "$pg_data" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_dir/log" -w -t 60 \
        -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE warroom" >/dev/null
    team_url="postgresql://postgres@127.0.0.1:$port/warroom"
fi
# The team password goes to the OS keyring: with D-Bus and gnome-keyring
# installed, a private session with an unlocked keyring (as a desktop has)
# shows the bundle reaches the Secret Service; the server trusts loopback, so
# the password is stored but never needed.
cat >"$scratch/team.sh" <<'TEAM'
set -euo pipefail
if [ -n "${WITH_KEYRING:-}" ]; then
    eval "$(printf 'smoke' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
    export GNOME_KEYRING_CONTROL
    url=${TEAM_URL:-postgresql://war@127.0.0.1:9/warroom}
    printf 'not-the-real-password\n' | "$APP" team set "$url" --password-stdin >/dev/null
    "$APP" team show >"$OUT/team.out"
    grep -q "^password: stored in the OS keyring" "$OUT/team.out" || {
        echo "the bundle could not store the password in the keyring: $(cat "$OUT/team.out")" >&2
        exit 1
    }
    echo "keyring: password stored through the Secret Service"
elif [ -n "${TEAM_URL:-}" ]; then
    "$APP" team set "$TEAM_URL" --no-password >/dev/null
fi
if [ -n "${TEAM_URL:-}" ]; then
    "$APP" sync --timeout 60 >"$OUT/sync.out" 2>"$OUT/sync.err" || {
        echo "warroom sync through the bundled driver: $(cat "$OUT/sync.err")" >&2
        exit 1
    }
    grep -q "^pushed: " "$OUT/sync.out" || { echo "sync pushed nothing" >&2; exit 1; }
    echo "sync: $(head -1 "$OUT/sync.out")"
fi
TEAM
export APP="$app" OUT="$out" TEAM_URL="$team_url"
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    if ! WITH_KEYRING=1 dbus-run-session -- bash "$scratch/team.sh" 2>"$out/team.err"; then
        grep -v "Failed to set fd limit" "$out/team.err" >&2 || true
        fail "team mode (see above)"
    fi
else
    echo "D-Bus or gnome-keyring missing (Debian: dbus, gnome-keyring): keyring check skipped"
    bash "$scratch/team.sh" || fail "team mode (see above)"
fi

echo "== smoke test passed in $(elapsed "$t0")s"
echo "screenshots: $out/empty.png $out/demo.png   report: $out/report.pdf"

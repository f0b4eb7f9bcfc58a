#!/usr/bin/env bash
# Regenerate resources/translations/warroom_ms.ts from every ui/**/*.py
# (existing translations are kept, vanished strings dropped) and compile
# warroom_ms.qm. Run from the repository root: scripts/update-translations.sh
set -euo pipefail

cd "$(dirname "$0")/.."

LUPDATE=.venv/bin/pyside6-lupdate
LRELEASE=.venv/bin/pyside6-lrelease
TS=resources/translations/warroom_ms.ts
QM=resources/translations/warroom_ms.qm

for tool in "$LUPDATE" "$LRELEASE"; do
    if [ ! -x "$tool" ]; then
        echo "update-translations: $tool not found (run scripts/venv.sh first)" >&2
        exit 1
    fi
done

# Tracked and untracked ui sources, sorted and de-duplicated for stable output.
mapfile -t sources < <(
    {
        git ls-files 'ui/*.py' 'ui/**/*.py' 2>/dev/null || true
        find ui -name '*.py' -not -path '*/__pycache__/*'
    } | LC_ALL=C sort -u | while IFS= read -r file; do
        [ -f "$file" ] && printf '%s\n' "$file"  # tracked but deleted: skip
    done
)
if [ "${#sources[@]}" -eq 0 ]; then
    echo "update-translations: no ui/*.py sources found" >&2
    exit 1
fi

"$LUPDATE" -no-obsolete -locations none -source-language en -target-language ms \
    "${sources[@]}" -ts "$TS"
"$LRELEASE" "$TS" -qm "$QM"

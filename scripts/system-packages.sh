#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Warroom needs, when run as root on such a
# system and only those missing (idempotent; no apt-get update when all are there).
#   scripts/system-packages.sh app    Qt's headless/desktop libraries and fonts
#   scripts/system-packages.sh test   the above, plus keyring, D-Bus, PDF tools, PostgreSQL
set -euo pipefail
what=${1:-app}
app_packages=(python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
              libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
              libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core)
test_packages=(gnome-keyring dbus poppler-utils postgresql binutils file)
packages=("${app_packages[@]}")
[ "$what" = test ] && packages+=("${test_packages[@]}")

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system-packages: not a Debian/Ubuntu system; install Qt's libraries yourself" >&2
    exit 0
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "system-packages: missing ${missing[*]}; run: sudo apt-get install ${missing[*]}" >&2
    exit 0
fi
echo "system-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Installs this unpacked Warroom bundle for the current user, no root needed:
#   ./install.sh            copy to ~/.local/opt/warroom, add `warroom` to
#                           ~/.local/bin and a menu entry with its icon
#   ./install.sh --remove   undo it (the data in ~/.local/share/warroom stays)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${XDG_DATA_HOME:-$HOME/.local/share}
opt=$HOME/.local/opt/warroom
bin=$HOME/.local/bin
if [ "${1:-}" = "--remove" ]; then
    rm -rf "$opt" "$bin/warroom" "$prefix/applications/warroom.desktop" \
        "$prefix/icons/hicolor/scalable/apps/warroom.svg" \
        "$prefix/icons/hicolor/256x256/apps/warroom.png"
    echo "Warroom removed (your data in ${prefix}/warroom is kept)."
    exit 0
fi
if [ "$here" != "$opt" ]; then
    rm -rf "$opt.new"
    mkdir -p "$(dirname "$opt")"
    cp -a "$here" "$opt.new"
    rm -rf "$opt"
    mv "$opt.new" "$opt"
fi
mkdir -p "$bin" "$prefix/applications" "$prefix/icons/hicolor/scalable/apps" \
    "$prefix/icons/hicolor/256x256/apps"
ln -sfn "$opt/warroom" "$bin/warroom"
install -m 644 "$opt/warroom.svg" "$prefix/icons/hicolor/scalable/apps/warroom.svg"
install -m 644 "$opt/warroom.png" "$prefix/icons/hicolor/256x256/apps/warroom.png"
sed -e "s|^Exec=.*|Exec=\"$opt/warroom\"|" -e "s|^TryExec=.*|TryExec=$opt/warroom|" \
    "$opt/warroom.desktop" >"$prefix/applications/warroom.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/applications" || true
echo "Warroom installed in $opt; start it from the menu or with: $bin/warroom"

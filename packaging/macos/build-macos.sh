#!/usr/bin/env bash
# Builds Warroom.app and Warroom-VERSION-macos-ARCH.dmg on a Mac (macOS 12+),
# from a clean virtual environment so no test or development package ends up
# inside.  Run on the architecture you ship (arm64 on Apple silicon, x86_64 on
# Intel); a universal2 build needs universal2 wheels of every dependency.
#
#   bash packaging/macos/build-macos.sh
#
# Needs: python.org Python 3.11+ (framework build), Xcode command line tools
# (hdiutil, codesign).  Signing and notarisation (optional, for Gatekeeper):
#   CODESIGN_IDENTITY="Developer ID Application: …" NOTARY_PROFILE=warroom \
#   bash packaging/macos/build-macos.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
py=${PYTHON:-python3}
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT

"$py" -m venv "$build/venv"
"$build/venv/bin/python" -m pip install -q --upgrade pip
mkdir "$build/src"
tar --exclude=./.venv --exclude=./.git --exclude=./dist --exclude=./build -cf - . |
    tar -C "$build/src" -xf -
"$build/venv/bin/python" -m pip install -q "$build/src" "pyinstaller>=6.10,<7"

# The spec adds a BUNDLE step on macOS: dist/Warroom.app (icon packaging/macos/warroom.icns).
rm -rf dist/warroom dist/Warroom.app
(cd "$build/src" && "$build/venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$root/dist" --workpath "$build/work" packaging/warroom.spec)

version=$("$build/venv/bin/python" -c "import importlib.metadata as m; print(m.version('warroom'))")
arch=$(uname -m)

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --deep --force --options runtime --timestamp \
        --sign "$CODESIGN_IDENTITY" dist/Warroom.app
fi

# The disk image: the app and a link to /Applications, to drag it onto.
stage="$build/dmg"
mkdir -p "$stage"
cp -R dist/Warroom.app "$stage/"
ln -s /Applications "$stage/Applications"
dmg="dist/Warroom-$version-macos-$arch.dmg"
rm -f "$dmg"
hdiutil create -volname "Warroom $version" -srcfolder "$stage" -fs HFS+ -format UDZO "$dmg"

if [ -n "${CODESIGN_IDENTITY:-}" ] && [ -n "${NOTARY_PROFILE:-}" ]; then
    codesign --sign "$CODESIGN_IDENTITY" --timestamp "$dmg"
    xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
fi
echo "$dmg"

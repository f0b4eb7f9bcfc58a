#!/usr/bin/env bash
# Builds the Linux one-folder bundle dist/warroom/ and the tarball
# dist/warroom-VERSION-linux-ARCH.tar.gz from a clean virtual environment
# (only the app and its runtime dependencies, plus PyInstaller), so no test or
# development package ends up inside.  An AppImage is made too when
# `appimagetool` is on PATH (it cannot be fetched offline here).
#
#   bash packaging/build-linux.sh            build (about 4-6 minutes on 2 cores)
#   PYTHON=python3.12 bash packaging/build-linux.sh
#   LINGUA_WHEEL=path/to/lingua_language_detector-….whl bash packaging/build-linux.sh
#
# Needs: Python 3.11+ built with a shared libpython (Debian's python3 is), pip
# access to PyPI (or a wheelhouse via PIP_FIND_LINKS / PIP_NO_INDEX), tar, gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
py=${PYTHON:-python3}
started=$(date +%s)

build=$(mktemp -d "${TMPDIR:-/tmp}/warroom-build.XXXXXX")
trap 'rm -rf "$build"' EXIT

echo "== clean virtual environment in $build/venv"
"$py" -m venv "$build/venv"
"$build/venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
# A copy of the source tree: pip's in-tree build must not write into the
# checkout (other work may be going on there) nor pick up stray build/ files.
mkdir "$build/src"
tar -C "$root" --exclude=./.venv --exclude=./.git --exclude=./dist --exclude=./build \
    --exclude='*.egg-info' --exclude=__pycache__ --exclude=./.mypy_cache \
    --exclude=./.ruff_cache --exclude=./.pytest_cache --exclude=./bench/out -cf - . |
    tar -C "$build/src" -xf -
# LINGUA_WHEEL: a lingua-language-detector wheel built with only some
# languages (see packaging/README.md, "Size"), installed before the app so pip
# keeps it; by default the PyPI wheel with all 75 languages is used.
if [ -n "${LINGUA_WHEEL:-}" ]; then
    "$build/venv/bin/python" -m pip install -q --disable-pip-version-check "$LINGUA_WHEEL"
fi
"$build/venv/bin/python" -m pip install -q --disable-pip-version-check \
    "$build/src" "pyinstaller>=6.10,<7"

echo "== what the bundle is built from"
"$build/venv/bin/python" -m pip list --disable-pip-version-check --format=freeze |
    tee "$build/requirements-frozen.txt"
for dev in pytest pytest-qt ruff mypy psutil; do
    if grep -qi "^$dev==" "$build/requirements-frozen.txt"; then
        echo "build-linux: error: development package $dev is in the build environment" >&2
        exit 1
    fi
done

echo "== pyinstaller"
rm -rf dist/warroom
(cd "$build/src" && "$build/venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$root/dist" --workpath "$build/work" packaging/warroom.spec)

# Debug information (pyenv/python.org builds of libpython and its extension
# modules, SQLAlchemy's Cython modules: ~40 MB) is of no use on a laptop.
# --strip-debug keeps every symbol the dynamic linker needs; libraries that
# auditwheel patched (the *.libs folders) are left alone.
find dist/warroom -type f -name '*.so*' ! -path '*.libs/*' -print0 |
    xargs -0 file | grep 'with debug_info' | cut -d: -f1 |
    xargs -r strip --strip-debug
# System libraries only the dropped Qt plugins needed (the GTK3 theme's GTK,
# GDK, ATK, cairo, pango…) are collected before the spec filters: prune them.
seeds=$(cd packaging && "$build/venv/bin/python" -c "import bundle_rules; print(' '.join(bundle_rules.PRUNE_SEEDS))")
"$build/venv/bin/python" packaging/prune_libs.py dist/warroom/_internal $seeds
# Links to libraries the spec dropped (Qt modules never loaded) would dangle.
find dist/warroom -xtype l -print -delete | sed 's/^/dropped dangling link: /'

version=$("$build/venv/bin/python" -c "import importlib.metadata as m; print(m.version('warroom'))")
arch=$(uname -m)
cp "$build/requirements-frozen.txt" dist/warroom/BUILD-REQUIREMENTS.txt
install -m 644 packaging/warroom.desktop dist/warroom/warroom.desktop
install -m 644 resources/icons/warroom.svg dist/warroom/warroom.svg
install -m 644 resources/icons/warroom-256.png dist/warroom/warroom.png
install -m 755 packaging/linux/install.sh dist/warroom/install.sh
install -m 644 packaging/linux/README-bundle.txt dist/warroom/README.txt

echo "== tarball"
tarball="dist/warroom-$version-linux-$arch.tar.gz"
tar -C dist --owner=0 --group=0 -cf - warroom | gzip -6 >"$tarball"

if command -v appimagetool >/dev/null 2>&1; then
    echo "== AppImage"
    appdir="$build/Warroom.AppDir"
    mkdir -p "$appdir/usr"
    cp -a dist/warroom "$appdir/usr/warroom"
    install -m 644 packaging/warroom.desktop "$appdir/warroom.desktop"
    install -m 644 resources/icons/warroom-256.png "$appdir/warroom.png"
    install -m 755 packaging/linux/AppRun "$appdir/AppRun"
    ARCH=$arch appimagetool --no-appstream "$appdir" "dist/Warroom-$version-$arch.AppImage"
else
    echo "== AppImage skipped: appimagetool is not on PATH (see packaging/README.md)"
fi

elapsed=$(($(date +%s) - started))
echo "== done in ${elapsed}s"
echo "bundle:  dist/warroom/ ($(du -sm dist/warroom | cut -f1) MB unpacked)"
echo "tarball: $tarball ($(du -m "$tarball" | cut -f1) MB)"

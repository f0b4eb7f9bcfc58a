#!/usr/bin/env bash
# Builds the Linux one-folder bundle (dist/warroom/) and a tarball from a clean
# virtual environment, so no test or development package ends up inside.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(mktemp -d)
python3 -m venv "$build/venv"
"$build/venv/bin/pip" install -q --disable-pip-version-check . "pyinstaller>=6.10,<7"
"$build/venv/bin/pyinstaller" --noconfirm --clean --distpath dist --workpath "$build/work" packaging/warroom.spec
install -m 644 packaging/warroom.desktop dist/warroom/
version=$("$build/venv/bin/python" -c "import warroom; print(warroom.__version__)")
tar -C dist -czf "dist/warroom-$version-linux-$(uname -m).tar.gz" warroom
rm -rf "$build"
echo "dist/warroom-$version-linux-$(uname -m).tar.gz"

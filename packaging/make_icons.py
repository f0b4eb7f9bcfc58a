"""Render the app icon from resources/icons/warroom.svg into every size and format.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

Writes resources/icons/warroom-{16..512}.png (found by the app through
importlib.resources), packaging/windows/warroom.ico (PNG-compressed entries,
16-256 px) and packaging/macos/warroom.icns.  Run it after editing the SVG.
"""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6 import QtCore, QtGui, QtSvg

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QtSvg.QSvgRenderer, size: int) -> bytes:
    image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit(f"cannot encode a {size}px PNG")
    return bytes(buffer.data().data())


def ico(images: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG entries (Vista and later read them)."""
    sizes = [s for s in sorted(images) if s <= 256]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = images[size]
        dim = 0 if size == 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """A macOS .icns with PNG entries (icp4…ic09)."""
    types = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
    body = b"".join(
        types[s] + struct.pack(">I", len(images[s]) + 8) + images[s] for s in sorted(types)
    )
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main() -> None:
    _app = QtGui.QGuiApplication([])
    renderer = QtSvg.QSvgRenderer(str(ICONS / "warroom.svg"))
    if not renderer.isValid():
        raise SystemExit("resources/icons/warroom.svg is not a valid SVG")
    images = {size: render(renderer, size) for size in SIZES}
    for size, data in images.items():
        (ICONS / f"warroom-{size}.png").write_bytes(data)
    (ROOT / "packaging" / "windows").mkdir(exist_ok=True)
    (ROOT / "packaging" / "macos").mkdir(exist_ok=True)
    (ROOT / "packaging" / "windows" / "warroom.ico").write_bytes(ico(images))
    (ROOT / "packaging" / "macos" / "warroom.icns").write_bytes(icns(images))
    print(f"wrote {len(images)} PNG sizes, warroom.ico and warroom.icns")


if __name__ == "__main__":
    main()

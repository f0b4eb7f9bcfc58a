"""One-off maintenance script: rebuild the shipped report fonts from Debian's font packages.

Not imported at run time.  Needs `apt-get install fonts-noto-core fonts-noto-cjk
fonts-symbola` and fontTools (`pip install fonttools`, a maintainer-only tool,
not a dependency).  Run from the repository root:

    .venv/bin/python resources/fonts/build_fonts.py

It copies Noto Sans and Noto Sans Arabic as they are, subsets Noto Sans CJK SC
to GB2312 level-1 hanzi (3,755 common characters) plus CJK punctuation and
full-width forms, and subsets Symbola (monochrome outlines, so emoji embed in
a PDF as vector text) to the symbol and emoji blocks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
NOTO = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SYMBOLA = Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf")

COPIES = [
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
]


def gb2312_level1() -> list[int]:
    """Code points of GB2312 rows 16-55 (level-1 hanzi) and rows 1-9 (symbols)."""
    points: set[int] = set()
    rows = list(range(0xA1, 0xAA)) + list(range(0xB0, 0xD8))
    for lead in rows:
        for trail in range(0xA1, 0xFF):
            try:
                char = bytes([lead, trail]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            points.add(ord(char))
    return sorted(points)


def _subset(font: TTFont, unicodes: list[int], target: Path) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.save(str(target))
    print(f"{target.name}: {target.stat().st_size // 1024} KiB")


def main() -> None:
    for name in COPIES:
        shutil.copyfile(NOTO / name, HERE / name)
        print(f"{name}: copied")
    collection = TTCollection(str(CJK))
    sc = next(
        f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC"
    )
    cjk_points = gb2312_level1()
    cjk_points += list(range(0x3000, 0x3040)) + list(range(0xFF00, 0xFFF0))
    cjk_points += list(range(0x20, 0x7F))
    _subset(sc, sorted(set(cjk_points)), HERE / "NotoSansSC-Subset.otf")
    symbol_points = (
        list(range(0x2190, 0x2200))  # arrows
        + list(range(0x2300, 0x2400))  # technical (watch, hourglass…)
        + list(range(0x25A0, 0x27C0))  # shapes, misc symbols, dingbats
        + list(range(0x2B00, 0x2C00))  # arrows and stars
        + list(range(0x1F300, 0x1F700))  # pictographs, emoticons, transport
        + list(range(0x1F900, 0x1FA00))  # supplemental symbols and pictographs
        + [0x200D, 0xFE0F, 0x20E3]
    )
    _subset(TTFont(str(SYMBOLA)), symbol_points, HERE / "Symbola-Subset.ttf")


if __name__ == "__main__":
    main()

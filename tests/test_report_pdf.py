"""The PDF incident report, read back with poppler: text, pages, chart image, hash, fonts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.incident_fixtures import ARABIC, CHINESE, HOSTILE, MALAY, build_incident
from warroom.errors import UserError
from warroom.store.db import Store

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext, pdftoppm, pdfimages)"
)


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _flat(text: str) -> str:
    """Whitespace removed; NFKC folds the few CJK glyphs poppler maps to Kangxi radicals."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\ufe0e\ufe0f]+", "", folded)


ARABIC_WORD = re.compile(r"[\u0620-\u065f\u066e-\u06d3]+")  # letters, no punctuation


def _present(entry: str, flat: str) -> bool:
    """An entry is in the text; Arabic runs may come out in visual order, so word by word.

    Qt's PDF text layer maps glyphs back to Basic Multilingual Plane characters
    only: emoji beyond U+FFFF are drawn (vector glyphs) but cannot be extracted.
    """
    entry = "".join(ch for ch in entry if ord(ch) <= 0xFFFF)
    if not ARABIC_WORD.search(entry):
        return _flat(entry) in flat
    latin = ARABIC_WORD.split(entry)[0]
    return _flat(latin) in flat and all(_flat(w) in flat for w in ARABIC_WORD.findall(entry))


def _pages(pdf: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf))).group(1))  # type: ignore[union-attr]


@pytest.fixture
def report(store: Store, qapp: object, tmp_path: Path) -> tuple[Path, str, list[str]]:
    from warroom.reports.pdf import write_report

    built = build_incident(store)
    output = tmp_path / "report.pdf"
    path, pages, head = write_report(store, built.incident_id, output)
    assert path == output and pages == _pages(output)
    return output, head, built.entry_texts


def test_text_of_title_every_timeline_entry_and_every_script_is_extractable(
    report: tuple[Path, str, list[str]],
) -> None:
    pdf, _head, entries = report
    text = _run("pdftotext", str(pdf), "-")
    # reading order keeps Arabic words whole; raw (drawing) order keeps table cells whole
    flat = _flat(text) + "\n" + _flat(_run("pdftotext", "-raw", str(pdf), "-"))
    assert "Food poisoning claims: Gula Melaka Latte" in text
    assert _flat(MALAY) in flat
    assert _flat(CHINESE) in flat
    assert len(entries) >= 12
    for entry in entries:
        assert _present(entry, flat), entry
    for heading in (
        "Executive summary",
        "Volume and severity",
        "Key mentions",
        "Timeline",
        "Checklist completion",
        "Messages sent",
        "Stakeholders contacted",
        "Situation assessment",
        "Communication plan",
        "Stakeholder communication",
        "Reputation monitoring",
        "Lessons learned",
    ):
        assert heading in text, heading
    assert _flat("Two outlets affected; trust dipped 12%.") in flat
    assert _flat("Test syrup lots before launch.") in flat
    assert "Aisyah Rahman" in text  # approver and stakeholder
    assert _present(ARABIC, flat)


def test_hostile_mention_text_is_printed_literally_never_as_markup(
    report: tuple[Path, str, list[str]],
) -> None:
    pdf, _head, _entries = report
    flat = _flat(_run("pdftotext", str(pdf), "-"))
    assert _flat(HOSTILE) in flat
    images = _run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    # the report's charts only (volume, recovery; 1800 px wide): the hostile <img> loaded nothing
    assert images and all(line.split()[3] == "1800" for line in images)


def test_every_page_renders_and_the_chart_is_an_image(
    report: tuple[Path, str, list[str]], tmp_path: Path
) -> None:
    pdf, _head, _entries = report
    pages = _pages(pdf)
    assert pages >= 3
    subprocess.run(["pdftoppm", "-png", "-r", "20", str(pdf), str(tmp_path / "page")], check=True)
    rendered = sorted(tmp_path.glob("page-*.png"))
    assert len(rendered) == pages
    assert all(p.stat().st_size > 500 for p in rendered)
    images = [line.split() for line in _run("pdfimages", "-list", str(pdf)).splitlines()[2:]]
    assert 1 <= len(images) <= 3  # the volume chart, the recovery curve (painted per page it spans)
    assert images[0][2] == "image" and int(images[0][3]) >= 1200  # width in pixels


def test_printed_hash_matches_incident_verify(
    report: tuple[Path, str, list[str]], store: Store
) -> None:
    pdf, head, _entries = report
    text = _run("pdftotext", str(pdf), "-")
    printed = re.search(r"Finaltimelinehash:([0-9a-f]{64})", _flat(text))
    assert printed is not None and printed.group(1) == head
    incident_id = re.search(r"Incident id\s+([0-9a-f-]{36})", text)
    assert incident_id is not None
    verify = subprocess.run(
        [sys.executable, "-m", "warroom", "incident", "verify", incident_id.group(1)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert verify.returncode == 0, verify.stderr
    assert head in verify.stdout


def test_letter_page_size(store: Store, qapp: object, tmp_path: Path) -> None:
    from warroom.reports.pdf import write_report

    built = build_incident(store)
    out = tmp_path / "letter.pdf"
    write_report(store, built.incident_id, out, page_size="Letter")
    assert "612 x 792 pts (letter)" in _run("pdfinfo", str(out))


def test_bad_requests_say_what_is_wrong_and_write_nothing(
    store: Store, qapp: object, tmp_path: Path
) -> None:
    from warroom.reports.pdf import write_report

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    built = build_incident(store)
    with pytest.raises(UserError, match="no incident 'nope'"):
        write_report(store, "nope", tmp_path / "a.pdf")
    with pytest.raises(UserError, match="does not exist"):
        write_report(store, built.incident_id, tmp_path / "missing" / "a.pdf")
    with pytest.raises(UserError, match="must end in .pdf"):
        write_report(store, built.incident_id, tmp_path / "a.txt")
    with pytest.raises(UserError, match="A4 or Letter"):
        write_report(store, built.incident_id, tmp_path / "a.pdf", page_size="A3")
    assert list(tmp_path.iterdir()) == []


def test_cancelling_leaves_no_file(store: Store, qapp: object, tmp_path: Path) -> None:
    from warroom.reports.pdf import Cancelled, write_report

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    built = build_incident(store)
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 3  # cancel once painting starts

    with pytest.raises(Cancelled):
        write_report(store, built.incident_id, tmp_path / "c.pdf", progress=progress)
    assert calls and list(tmp_path.iterdir()) == []


def test_a_machine_without_system_fonts_still_gets_extractable_text(
    store: Store, tmp_path: Path
) -> None:
    built = build_incident(store)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("FONTCONFIG_PATH", None)
    probe = (
        subprocess.run(["fc-list"], capture_output=True, text=True, env=env)
        if shutil.which("fc-list")
        else None
    )
    if probe is not None:
        assert probe.stdout.strip() == ""  # really no system fonts in this environment
    out = tmp_path / "nofonts.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "warroom", "report", built.incident_id, "--output", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    text = _run("pdftotext", str(out), "-")
    assert "Food poisoning claims: Gula Melaka Latte" in text
    assert _flat(MALAY) in _flat(text)
    assert _flat(CHINESE) in _flat(text)
    fonts = _run("pdffonts", str(out))
    for family in ("NotoSans-Regular", "NotoSansCJKsc", "NotoSansArabic", "Symbola"):
        assert family in fonts, fonts


def test_ids_hashes_and_words_come_out_letter_for_letter(store: Store, tmp_path: Path) -> None:
    """What a reader copies from the report is what they typed: no ligature glyphs.

    Noto Sans joins "ff", "fi" and "fl"; the text layer then holds U+FB00-U+FB06, so an
    incident id or hash with "ff" in it, pasted into `warroom incident verify`, failed.
    """
    from warroom.incidents import timeline
    from warroom.reports.pdf import write_report

    built = build_incident(store)
    with store.session() as session:
        timeline.append(
            session,
            incident_id=built.incident_id,
            origin=store.origin,
            kind="note",
            author="Nurul",
            text="Staff office affirms: fifty flyers, effective at 0xffff",
        )
    output = tmp_path / "report.pdf"
    _path, _pages_, head = write_report(store, built.incident_id, output)
    text = _run("pdftotext", str(output), "-")
    assert not re.search("[\ufb00-\ufb06]", text)
    assert "Staff office affirms: fifty flyers, effective at 0xffff" in " ".join(text.split())
    assert built.incident_id in text and head in _flat(text)

"""Language detection keeps working where lingua is absent (the installer bundle leaves it out)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SAMPLES = [
    ("Got sick after the latte at the mall, whole family with food poisoning", "en"),
    ("Never buying from them again, the service is terrible and nobody answers", "en"),
    ("Is the app down or is it just me?", "en"),
    ("Great coffee and friendly staff as always", "en"),
    ("Sakit perut lepas minum kopi tu, satu keluarga kena", "ms"),
    ("Tak nak beli lagi, memang teruk sangat layanan dia", "ms"),
    ("Boleh tak sesiapa bagi tahu kedai ni buka hari ni?", "ms"),
    ("Anak saya muntah lepas minum air dari kedai tu", "ms"),
    ("Pelayanannya jelek banget, gak bakal beli lagi deh", "id"),
    ("这家咖啡店的饮料让我食物中毒了", "zh"),
    ("هذا المقهى سيء جدا", "ar"),
]

SCRIPT = """
import json, sys
sys.modules["lingua"] = None  # as in the bundle: importing lingua fails
from warroom.analysis import language
assert not language.HAVE_LINGUA
detector = language.MentionLanguageDetector()
texts = json.loads(sys.stdin.read())
print(json.dumps(detector.detect_many(texts)))
"""


def _detect_without_lingua(texts: list[str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return list(json.loads(result.stdout))


def test_without_lingua_clear_texts_are_still_recognised() -> None:
    found = _detect_without_lingua([t for t, _ in SAMPLES])
    right = sum(1 for (_, want), got in zip(SAMPLES, found, strict=True) if got == want)
    assert right >= len(SAMPLES) - 1, list(zip(SAMPLES, found, strict=True))


def test_without_lingua_is_about_as_right_as_lingua_on_the_demo_stream() -> None:
    from datetime import UTC, datetime

    from warroom.analysis.language import MentionLanguageDetector
    from warroom.demo import generate_mentions

    rows = generate_mentions(["a", "b", "c", "d", "e"], datetime.now(UTC))
    known = [r for r in rows if r["language"]][:800]  # the demo says which language these are
    texts = [r["text"] for r in known]
    truth = [r["language"] for r in known]
    with_lingua = MentionLanguageDetector().detect_many(texts)
    without = _detect_without_lingua(texts)
    right_with = sum(a == b for a, b in zip(with_lingua, truth, strict=True)) / len(texts)
    right_without = sum(a == b for a, b in zip(without, truth, strict=True)) / len(texts)
    assert right_without >= 0.9 and right_without >= right_with - 0.05, (right_with, right_without)

"""Mentions arrive as their authors wrote them (issue 17): plain text is kept, only
HTML fields are parsed, and a file nested too deeply is refused naming its line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from warroom.cli import main
from warroom.sources import normalize
from warroom.store.db import Store

TYPED = [
    "I typed <b>bold</b> and &lt;tag&gt; literally",
    "price RM5 -> RM9 <sigh> >:(",
    "line one<br>still line one",
    "if a<b and b>c then",
]


def _when(n: int) -> str:
    return (datetime.now(UTC) - timedelta(minutes=n + 1)).isoformat()


def _mentions(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["mentions", "--json", "--limit", "100"]) == 0
    out = capsys.readouterr().out
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_jsonl_file_through_warroom_ingest_keeps_text_as_typed(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "typed.jsonl"
    lines = [
        json.dumps({"id": f"m{n}", "created_at": _when(n), "text": text, "author": "Siti"})
        for n, text in enumerate(TYPED)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["sources", "add", "file", "typed", "--url", str(path)]) == 0
    assert main(["ingest", "--once", "--source", "typed"]) == 0
    texts = sorted(str(m["text"]) for m in _mentions(capsys))
    assert texts == sorted(TYPED)


def test_deeply_nested_jsonl_line_is_refused_naming_the_line(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.jsonl"
    good = json.dumps({"id": "ok", "created_at": _when(1), "text": "fine"})
    path.write_text(good + "\n" + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert main(["sources", "add", "file", "deep", "--url", str(path)]) == 0
    main(["ingest", "--once", "--source", "deep"])
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "line 2" in said and "nested too deeply" in said
    assert "RecursionError" not in said
    assert [m["text"] for m in _mentions(capsys)] == ["fine"]


def test_html_fields_keep_what_the_author_typed() -> None:
    assert normalize.html_text("<p>I typed &lt;b&gt;bold&lt;/b&gt;</p><p>then</p>") == (
        "I typed <b>bold</b>\nthen"
    )
    assert normalize.html_text("a<br>b &amp;amp; c") == "a\nb &amp; c"
    assert normalize.html_text('see <a href="https://x.example/a">this</a>') == (
        "see this (https://x.example/a)"
    )
    assert normalize.html_text('<a href="https://x.example/a">https://x.example/a</a>') == (
        "https://x.example/a"
    )


def test_plain_text_is_kept_byte_for_byte_but_line_endings_nul_and_lone_surrogates() -> None:
    assert normalize.plain_text("  two  spaces <b> &amp; \t tab  ") == (
        "  two  spaces <b> &amp; \t tab  "
    )
    assert normalize.plain_text("a\r\nb\rc\x00d\ud83d") == "a\nb\ncd"

"""Malformed input of any shape (issue 17): a file's bad line is refused naming the file
and line in plain words, the good lines around it kept; a service's unreadable page is
refused naming the source and page, the pages before it kept. Never an exception's
class name, never the whole of a huge line in memory."""

from __future__ import annotations

import json
import os
import tracemalloc
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.sources_fixtures import (  # noqa: F401 - the service fixture
    FakeService,
    Reply,
    Request,
    hn_hit,
    service_fixture,
)
from warroom.cli import main
from warroom.sources.ingest import add_source, poll
from warroom.store.db import Store
from warroom.store.models import Mention, Source

CLASS_NAMES = ("Error", "Exception", "Traceback", "UnicodeDecode", "Recursion", "csv.")


def _when(n: int) -> str:
    return (datetime.now(UTC) - timedelta(minutes=n + 1)).isoformat()


def _line(n: int, text: str = "") -> str:
    return json.dumps({"id": f"m{n}", "created_at": _when(n), "text": text or f"good {n}"})


def _ingest(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[str, list[str]]:
    """`warroom ingest` of the file as a new user would; (what it said, texts stored)."""
    name = path.stem
    assert main(["sources", "add", "file", name, "--url", str(path), *extra]) == 0
    capsys.readouterr()
    main(["ingest", "--once", "--source", name])
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert main(["mentions", "--json", "--limit", "1000"]) == 0
    out = capsys.readouterr().out
    texts = sorted(json.loads(line)["text"] for line in out.splitlines() if line.strip())
    for word in CLASS_NAMES:
        assert word not in said, said
    return said, texts


def test_a_50_mb_jsonl_line_is_refused_by_line_without_holding_it(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(_line(1) + "\n")
        handle.write('{"id": "big", "created_at": "2026-01-01T00:00:00Z", "text": "')
        chunk = "x" * (1 << 20)
        for _ in range(50):
            handle.write(chunk)
        handle.write('"}\n')
        handle.write(_line(3) + "\n")
    tracemalloc.start()
    try:
        said, texts = _ingest(path, capsys)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "huge.jsonl line 2" in said
    assert "50 MB" in said and "1 MB limit" in said
    assert texts == ["good 1", "good 3"]
    # the line is 50 MB: held whole (bytes and text) it would be 100 MB and more
    assert peak < 32 * (1 << 20), f"reading the file held {peak / (1 << 20):.0f} MB"


def test_binary_and_invalid_utf8_lines_are_refused_by_line(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        (_line(1) + "\n").encode()
        + b'{"id": "latin", "text": "caf\xe9 kopi"}\n'
        + os.urandom(300).replace(b"\n", b"")
        + b"\n"
        + (_line(4, "kopi ☕ sedap") + "\n").encode()
    )
    said, texts = _ingest(path, capsys)
    assert "mixed.jsonl line 2" in said and "not UTF-8" in said
    assert "mixed.jsonl line 3" in said
    assert texts == ["good 1", "kopi ☕ sedap"]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        (
            "utf16.csv",
            "\ufeffid,created_at,text\n1,2026-01-01T00:00:00Z,kopi\n".encode("utf-16-le"),
            "UTF-16",
        ),
        ("utf16.jsonl", ("\ufeff" + _line(1) + "\n").encode("utf-16-be"), "UTF-16"),
        ("picture.jsonl", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    ],
)
def test_a_file_that_is_not_utf8_text_is_refused_naming_what_it_is(
    store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    words: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    said, texts = _ingest(path, capsys)
    assert f"{name} line 1" in said and words in said
    assert texts == []
    with store.session() as session:
        source = session.scalars(select(Source).where(Source.name == path.stem)).one()
        assert source.health == "error" and name in source.last_error


def test_a_zip_named_csv_is_refused_as_an_archive(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "export.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("export.csv", "id,created_at,text\n1,2026-01-01T00:00:00Z,kopi\n")
    said, texts = _ingest(path, capsys)
    assert "export.csv line 1" in said and "zip archive" in said
    assert texts == []


def test_a_10_mb_csv_cell_is_refused_by_line_and_the_rows_around_it_kept(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cells.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,created_at,text\n")
        handle.write(f"a,{_when(1)},before\n")
        handle.write(f'b,{_when(2)},"' + "y" * (10 << 20) + '"\n')
        handle.write(f"c,{_when(3)},after\n")
    said, texts = _ingest(path, capsys)
    assert "cells.csv line 3" in said and "10 MB" in said
    assert texts == ["after", "before"]


def test_a_quoted_csv_cell_over_many_lines_past_the_limit_is_refused_whole(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,created_at,text\n")
        handle.write(f"a,{_when(1)},before\n")
        handle.write(f'b,{_when(2)},"start\n')
        for _ in range(4):
            handle.write("z" * (400 << 10) + "\n")
        handle.write('end"\n')
        handle.write(f"c,{_when(3)},after\n")
    said, texts = _ingest(path, capsys)
    assert "long.csv line 3" in said and "longer than" in said
    assert texts == ["after", "before"]


def test_jsonl_lines_that_are_not_objects_are_refused_by_line(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "shapes.jsonl"
    path.write_text(
        "\n".join([_line(1), "[1, 2, 3]", "42", '"just a string"', "null", "{not json", _line(7)])
        + "\n",
        encoding="utf-8",
    )
    said, texts = _ingest(path, capsys)
    assert "shapes.jsonl line 2: expected an object, got an array" in said
    assert "shapes.jsonl line 3: expected an object, got a number" in said
    assert "shapes.jsonl line 4: expected an object, got a string" in said
    assert "shapes.jsonl line 5" in said
    assert "shapes.jsonl line 6" in said and "not valid JSON" in said
    assert texts == ["good 1", "good 7"]


@pytest.mark.parametrize(
    "deep",
    [
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        "[" * 100_000 + "]" * 100_000,
        '{"text": "' + "[" * 200 + '", "id": "n", "created_at": "2026-01-01T00:00:00Z"}',
    ],
    ids=["objects", "arrays", "brackets-inside-a-string"],
)
def test_deep_nesting_is_refused_by_line_but_brackets_in_text_are_not_nesting(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], deep: str
) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text(_line(1) + "\n" + deep + "\n" + _line(3) + "\n", encoding="utf-8")
    said, texts = _ingest(path, capsys)
    if deep.startswith('{"text"'):
        assert "deep.jsonl line 2" not in said
        assert texts == sorted(["good 1", "[" * 200, "good 3"])
    else:
        assert "deep.jsonl line 2" in said and "nested too deeply" in said
        assert texts == ["good 1", "good 3"]


# ---- services: the source and the page are named, the pages before it kept ----------


def _two_pages(service: FakeService, second: Reply) -> None:
    def search(request: Request) -> Reply:
        if request.arg("page", "0") == "0":
            hits = [hn_hit(n, n) for n in range(2)]
            return Reply(200, {"hits": hits, "nbHits": 4, "nbPages": 2, "hitsPerPage": 2})
        return second

    service.route("/api/v1/search_by_date")(search)


def _stored(store: Store) -> int:
    with store.session() as session:
        return len(session.scalars(select(Mention.id)).all())


@pytest.mark.parametrize(
    ("second", "words"),
    [
        (
            Reply(200, "[" * 100_000 + "]" * 100_000, {"Content-Type": "application/json"}),
            "nested too deeply",
        ),
        (
            Reply(
                200, b"\x00\x9f\xff\xfe" + os.urandom(4000), {"Content-Type": "application/json"}
            ),
            "binary data",
        ),
        (Reply(200, b" " * (21 << 20), {"Content-Type": "application/json"}), "limit"),
    ],
    ids=["deep", "binary", "oversize"],
)
def test_an_unreadable_page_is_refused_naming_source_and_page(
    store: Store, service: FakeService, second: Reply, words: str
) -> None:
    _two_pages(service, second)
    add_source(
        store,
        kind="hackernews",
        name="hn",
        url=service.url,
        query="kopi",
        options={"hits_per_page": 2},
    )
    result = poll(store, "hn", sleep=lambda s: None)
    assert result.health == "error"
    assert "'hn', page 2" in result.error and words in result.error, result.error
    for word in CLASS_NAMES:
        assert word not in result.error
    assert _stored(store) == 2  # page 1 kept

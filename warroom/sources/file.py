"""CSV or JSON Lines exported from any listening tool, with a column mapping.

The source's `path` option (or its base URL, a path or file:// URL) names
the file; `format` is csv or jsonl (guessed from the extension); options
`map.<field>=<column>` say which column holds each field (external_id, url,
author, author_handle, author_reach, engagement, text, title, language,
created_at, sentiment), and common export column names are recognised
without one.  Rows are read in batches; the number of records read is the
cursor, committed with each batch, so a re-read resumes where it stopped.
A row without an id gets a stable one from its content.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

from warroom.sources import normalize
from warroom.sources.base import (
    Context,
    Page,
    PageBuilder,
    SourceError,
    kind_of,
    mention,
)

BATCH = 10000
FIELDS = (
    "external_id",
    "url",
    "author",
    "author_handle",
    "author_reach",
    "engagement",
    "text",
    "title",
    "language",
    "created_at",
    "sentiment",
)
GUESSES: dict[str, tuple[str, ...]] = {
    "external_id": ("external_id", "id", "mention id", "resource id", "guid", "uid", "post id"),
    "url": ("url", "link", "permalink", "original url"),
    "author": ("author", "author name", "full name", "name", "user", "username", "screen name"),
    "author_handle": ("author_handle", "handle", "screen name", "username"),
    "author_reach": (
        "author_reach",
        "reach",
        "reach (new)",
        "followers",
        "reachestimate",
        "audience",
    ),
    "engagement": ("engagement", "engagements", "interactions", "likes"),
    "text": ("text", "full text", "content", "body", "message", "snippet", "description"),
    "title": ("title", "headline"),
    "language": ("language", "lang", "language code"),
    "created_at": (
        "created_at",
        "date",
        "published",
        "published_at",
        "timestamp",
        "time",
        "created",
    ),
    "sentiment": ("sentiment", "tone"),
}
WORDS = {"negative": -0.6, "neutral": 0.0, "positive": 0.6, "mixed": 0.0}


# What the service sends in each text field: CSV and JSON Lines cells are plain text.
TEXT_FIELDS: dict[str, str] = {
    "text": "plain",
    "title": "plain",
    "author": "plain",
}


def file_path(ctx_spec_path: str) -> Path:
    if ctx_spec_path.startswith("file://"):
        return Path(unquote(urlsplit(ctx_spec_path).path))
    return Path(ctx_spec_path).expanduser()


def detect_format(path: Path, option: str = "") -> str:
    fmt = option.lower() or (
        "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else "csv"
    )
    if fmt not in ("csv", "jsonl"):
        raise ValueError(f"format {fmt!r} is not csv or jsonl")
    return fmt


MAX_LINE = 1 << 20  # bytes in one line of a file: a mention is far smaller
MAX_DEPTH = 100  # arrays or objects inside one another in one JSON line

# the first bytes of files people pick by mistake, and what to call them
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive (an .xlsx workbook is one: save it as CSV)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive (unpack it first)"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Excel or Word file (save it as CSV)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


csv.field_size_limit(MAX_LINE)


class BadLine(ValueError):
    """A line of a file that cannot be read, in plain words (without its line number)."""


def size_text(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.0f} MB"
    return f"{max(1, size // 1024)} KB"


def sniff(path: Path) -> str:
    """Why the file is not CSV or JSON Lines text at all ('' when it may be)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return (
                f"the file is {encoding} text, not UTF-8; save it as UTF-8 "
                "(in Excel: CSV UTF-8) and read it again"
            )
    for magic, what in MAGIC:
        if head.startswith(magic):
            return f"the file is {what}, not CSV or JSON Lines text"
    first = head.split(b"\n", 1)[0]
    if b"\x00" in first[:512]:
        return "the file holds binary data, not CSV or JSON Lines text"
    return ""


def _physical_lines(handle: BinaryIO) -> Iterator[tuple[bytes | None, int]]:
    """(line, its size) for each line; None for a line longer than MAX_LINE, whose
    bytes are read through in pieces and dropped (never held whole)."""
    readline = handle.readline
    while line := readline(MAX_LINE + 1):
        if len(line) <= MAX_LINE or line.endswith(b"\n"):
            yield line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := readline(MAX_LINE)):
            size += len(line)
        yield None, size


def _too_long(size: int) -> BadLine:
    return BadLine(
        f"the line is {size_text(size)} long, more than the {size_text(MAX_LINE)} limit "
        "for one line; skipped"
    )


def _decode(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadLine(
            f"not UTF-8 text (byte {exc.start + 1} is {line[exc.start]:#04x}): binary data "
            "or another encoding (save the file as UTF-8); skipped"
        ) from None


_BRACKETS = re.compile(r"[\[\]{}]")
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')


def _depth(text: str) -> int:
    """How many arrays or objects sit inside one another in a JSON text."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _too_deep() -> BadLine:
    return BadLine(
        f"nested too deeply (more than {MAX_DEPTH} arrays or objects inside one another); skipped"
    )


def parse_json_line(text: str) -> Any:
    """One JSON Lines record; BadLine says in plain words why it cannot be read."""
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise _too_deep()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = exc.msg[:1].lower() + exc.msg[1:]
        raise BadLine(f"not valid JSON ({message} at column {exc.colno}); skipped") from None
    except RecursionError:
        raise _too_deep() from None
    except ValueError:  # a number too long to convert
        raise BadLine("not valid JSON (a number with too many digits); skipped") from None


def records(path: Path, fmt: str) -> Iterator[tuple[int, Any]]:
    """(line number, record) for each record; a line that cannot be read yields its
    BadLine instead, and the lines after it are read on."""
    problem = sniff(path)
    if problem:
        yield 1, BadLine(problem)
        return
    with path.open("rb") as handle:
        lines = _physical_lines(handle)
        if fmt == "csv":
            yield from _csv_records(lines)
            return
        for number, (line, size) in enumerate(lines, start=1):
            if line is None:
                yield number, _too_long(size)
                continue
            try:
                text = _decode(line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line)
                if not text.strip():
                    continue
                yield number, parse_json_line(text)
            except BadLine as exc:
                yield number, exc


def _csv_problem(exc: csv.Error) -> BadLine:
    if "field larger than field limit" in str(exc):
        return BadLine(
            f"a cell is longer than the {size_text(MAX_LINE)} limit for one line; skipped"
        )
    return BadLine(f"not valid CSV ({exc}); skipped")


def _csv_records(lines: Iterator[tuple[bytes | None, int]]) -> Iterator[tuple[int, Any]]:
    # a line that cannot be read reaches csv.reader as an empty line, its problem held
    # in `refused` and yielded in place of the record it belonged to
    refused: list[tuple[int, BadLine]] = []

    def text_lines() -> Iterator[str]:
        for number, (line, size) in enumerate(lines, start=1):
            try:
                if line is None:
                    raise _too_long(size)
                yield _decode(line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line)
            except BadLine as exc:
                refused.append((number, exc))
                yield "\n"

    reader = csv.reader(text_lines())
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield 1, BadLine(f"the header line cannot be read as CSV ({exc})")
        return
    if refused:
        yield (
            refused[0][0],
            BadLine(f"the header line is {refused[0][1]}".removesuffix("; skipped")),
        )
        return
    if header is None:
        return
    width = len(header)
    while True:
        first = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as exc:
            yield first, _csv_problem(exc)
            continue
        if refused:
            yield from refused
            refused.clear()
            continue  # a record holding a line that could not be read is skipped whole
        if row is None:
            return
        if not row:
            continue
        if len(row) == width:
            yield first, dict(zip(header, row, strict=True))
            continue
        record: dict[Any, Any] = dict(zip(header, row, strict=False))
        if len(row) > width:
            record[None] = row[width:]
        else:
            record.update(dict.fromkeys(header[len(row) :]))
        yield first, record


def resolve_mapping(columns: list[str], options: dict[str, Any]) -> dict[str, str]:
    """Which column holds each field: explicit `map.<field>` options, then common names."""
    by_lower = {c.strip().lower(): c for c in columns}
    mapping: dict[str, str] = {}
    for field in FIELDS:
        explicit = options.get(f"map.{field}")
        if explicit:
            if explicit not in columns and columns:
                raise ValueError(f"map.{field}={explicit!r}: the file has no such column")
            mapping[field] = str(explicit)
            continue
        for guess in GUESSES[field]:
            if guess in by_lower:
                mapping[field] = by_lower[guess]
                break
    if "created_at" not in mapping and columns:
        raise ValueError(
            "no date column found; name it with the option map.created_at=<column> "
            f"(columns: {', '.join(columns[:12])})"
        )
    return mapping


def sentiment_value(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().lower() in WORDS:
        return WORDS[value.strip().lower()]
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number:  # NaN
        return None
    if abs(number) > 1:  # a -5..5 or -100..100 scale
        number = number / (5.0 if abs(number) <= 5 else 100.0)
    return max(-1.0, min(1.0, number))


_NO_COLUMN = object()


def row_builder(mapping: dict[str, str]) -> Callable[[Any], dict[str, Any]]:
    """A function turning one record into a mention row, the mapping's columns looked up
    once here (a file has one mapping and up to millions of records)."""
    # a field without a column is looked up under a key no record has (not None: a long
    # CSV row keeps its extra cells under None)
    (
        c_when,
        c_text,
        c_title,
        c_url,
        c_author,
        c_external,
        c_handle,
        c_reach,
        c_engagement,
        c_language,
        c_sentiment,
    ) = (
        mapping.get(field) or _NO_COLUMN
        for field in (
            "created_at",
            "text",
            "title",
            "url",
            "author",
            "external_id",
            "author_handle",
            "author_reach",
            "engagement",
            "language",
            "sentiment",
        )
    )
    missing_date = mapping.get("created_at", "created_at")
    parse_time = normalize.parse_time

    def build(record: Any) -> dict[str, Any]:
        if isinstance(record, Exception):
            raise ValueError(str(record))
        if not isinstance(record, dict):
            raise TypeError(f"expected an object, got {kind_of(record)}")
        get = record.get
        when = get(c_when)
        if when is None or when == "":
            raise KeyError(missing_date)
        text, title, url = get(c_text) or "", get(c_title) or "", get(c_url) or ""
        author = get(c_author) or ""
        external = get(c_external)
        if external is None or external == "":
            external = (
                "sha1:"
                + hashlib.sha1(
                    "\x1f".join(str(v) for v in (url, when, author, title, text)).encode()
                ).hexdigest()
            )
        return mention(
            external_id=external,
            published_at=parse_time(when),
            url=str(url),
            author=str(author),
            author_handle=str(get(c_handle) or ""),
            author_reach=get(c_reach),
            engagement=get(c_engagement),
            title=str(title),
            text=str(text),
            language=get(c_language),
            source_sentiment=sentiment_value(get(c_sentiment)),
            raw=record,
        )

    return build


def _columns(path: Path, fmt: str) -> list[str]:
    """The CSV header's columns, or the keys of the first JSON Lines object (lines that
    cannot be read before it are passed over: each is refused on its own)."""
    if fmt == "csv":
        with path.open("rb") as handle:
            first = handle.readline(MAX_LINE).removeprefix(b"\xef\xbb\xbf")
        return next(csv.reader(io.StringIO(first.decode("utf-8", errors="replace"))), [])
    for seen, (_number, record) in enumerate(records(path, fmt)):
        if isinstance(record, dict):
            return list(record)
        if seen >= 1000:
            break
    return []


def count_lines(path: Path) -> int:
    total = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            total += chunk.count(b"\n")
    return total


def pages(ctx: Context) -> Iterator[Page]:
    where = ctx.spec.option("path") or ctx.spec.base_url
    if not where:
        raise ctx.fail("needs a file: set --url PATH or the option path=PATH")
    path = file_path(where)
    if not path.is_file():
        raise ctx.fail(f"file {str(path)!r} does not exist")
    try:
        problem = sniff(path)
    except OSError as exc:
        raise ctx.fail(f"cannot read {path.name} ({exc.strerror})") from None
    if problem:
        raise ctx.fail(f"{path.name} line 1: {problem}")
    try:
        fmt = detect_format(path, ctx.spec.option("format"))
        mapping = resolve_mapping(_columns(path, fmt), ctx.spec.options)
    except ValueError as exc:
        raise ctx.fail(f"file {path.name}: {exc}") from None
    size = path.stat().st_size
    cursor = dict(ctx.cursor)
    if cursor.get("path") != str(path) or int(cursor.get("size", 0)) > size:
        cursor = {"path": str(path), "records": 0, "size": size}  # new or rewritten file
    done = int(cursor.get("records", 0))
    batch = max(1, ctx.spec.int_option("batch", BATCH))
    builder = PageBuilder(ctx)
    count = 0

    row_of = row_builder(mapping)
    try:
        for number, record in records(path, fmt):
            count += 1
            if count <= done:
                continue
            builder.add(count - 1, row_of, record, where=f"{path.name} line {number}")
            if builder.fetched >= batch:
                yield builder.page({"path": str(path), "records": count, "size": size})
                builder = PageBuilder(ctx)
    except OSError as exc:
        raise SourceError(
            f"source {ctx.spec.name!r}: cannot read {path.name} ({exc.strerror})"
        ) from None
    yield builder.page({"path": str(path), "records": count, "size": size})

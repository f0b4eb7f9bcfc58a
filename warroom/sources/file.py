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
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from warroom.sources import normalize
from warroom.sources.base import Context, Page, PageBuilder, SourceError, mention

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

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


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


def records(path: Path, fmt: str) -> Iterator[tuple[int, Any]]:
    """(line number, record) for each record; a bad JSON line yields its error."""
    with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
        if fmt == "csv":
            # csv.DictReader's records, without its per-row Python overhead: a short row
            # gets None for the missing columns, a long one its extra cells under None
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                return
            width = len(header)
            for row in reader:
                if not row:
                    continue
                if len(row) == width:
                    yield reader.line_num, dict(zip(header, row, strict=True))
                    continue
                record: dict[Any, Any] = dict(zip(header, row, strict=False))
                if len(row) > width:
                    record[None] = row[width:]
                else:
                    record.update(dict.fromkeys(header[len(row) :]))
                yield reader.line_num, record
        else:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except ValueError as exc:
                    yield number, ValueError(f"line {number} is not valid JSON ({exc})")
                except RecursionError:
                    yield (
                        number,
                        ValueError(
                            f"line {number} is nested too deeply (arrays or objects inside one "
                            "another beyond what a mention can hold)"
                        ),
                    )


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
            raise TypeError(f"expected an object, got {type(record).__name__}")
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
    if fmt == "csv":
        with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
            return next(csv.reader(io.StringIO(handle.readline())), [])
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                try:
                    first = json.loads(line)
                except (ValueError, RecursionError):
                    return []
                return list(first) if isinstance(first, dict) else []
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
            builder.add(number - 2 if fmt == "csv" else number - 1, row_of, record)
            if builder.fetched >= batch:
                yield builder.page({"path": str(path), "records": count, "size": size})
                builder = PageBuilder(ctx)
    except OSError as exc:
        raise SourceError(
            f"source {ctx.spec.name!r}: cannot read {path.name} ({exc.strerror})"
        ) from None
    yield builder.page({"path": str(path), "records": count, "size": size})

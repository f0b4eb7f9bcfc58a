"""`warroom detect` file handling: read `timestamp,value` rows, write alerts.

Input is one reading a row, with or without a header line (a header may name
the `timestamp` and `value` columns among others).  Rows are taken as they
come: any spacing, gaps (the time between is unknown, never zero), negative
and fractional values (metrics are scored as well as counts); a repeated or
back-set timestamp is a further reading at the latest time seen.  Every row
gets an output row.
Timestamps are ISO 8601 (`2015-02-26 21:42:53`, `2015-02-26T21:42:53Z`, …)
or Unix seconds.  Rows are streamed: the detector runs as they are read and
the output goes to a temporary file beside the target that replaces it only
when the whole input was valid, so a bad row leaves nothing half-written.
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warroom.detection.detector import DetectorConfig, SpikeDetector
from warroom.errors import UserError


@dataclass(frozen=True)
class DetectSummary:
    rows: int
    alerts: int
    spacing_s: float


def parse_timestamp(text: str) -> datetime:
    """An ISO 8601 date-time or Unix seconds, as an aware UTC datetime."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        if text.endswith(("Z", "z")):  # Python 3.11 reads Z, older spellings need help
            moment = datetime.fromisoformat(text[:-1] + "+00:00")
        else:
            seconds = float(text)  # raises ValueError for anything else
            if not math.isfinite(seconds):
                raise ValueError(text) from None
            return datetime.fromtimestamp(seconds, UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value


def _rows(path: Path) -> Iterator[tuple[int, str, str, datetime, float]]:
    """(line number, timestamp text, value text, timestamp, value) for each data row."""
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        reader = csv.reader(handle)
        ts_col, value_col, width = 0, 1, 2
        try:
            for row in reader:  # the first non-blank line: a header or data
                if row and any(cell.strip() for cell in row):
                    break
            else:
                return
            if len(row) >= 2 and _number(row[1]) is None:
                names = [cell.strip().lower() for cell in row]
                if "timestamp" in names and "value" in names:
                    ts_col, value_col = names.index("timestamp"), names.index("value")
                    width = len(row)
                elif len(row) != 2:
                    raise UserError(
                        f"{path}, line {reader.line_num}: the header must name the "
                        "'timestamp' and 'value' columns"
                    )
                try:  # a first line that is data with a bad value is no header
                    parse_timestamp(row[ts_col])
                except ValueError:
                    row = []
            if row:
                yield _row(path, reader.line_num, row, ts_col, value_col, width)
            for row in reader:
                if len(row) == 2 and width == 2:  # the common case, checked cheaply
                    ts_text, value_text = row
                    try:
                        moment = parse_timestamp(ts_text)
                        value = float(value_text)
                    except ValueError:
                        yield _row(path, reader.line_num, row, ts_col, value_col, width)
                        continue
                    if math.isfinite(value):
                        yield reader.line_num, ts_text.strip(), value_text.strip(), moment, value
                        continue
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                yield _row(path, reader.line_num, row, ts_col, value_col, width)
        except csv.Error as exc:
            raise UserError(f"{path}, line {reader.line_num}: {exc}") from None
        except UnicodeDecodeError:
            raise UserError(f"{path}: not a UTF-8 text file") from None


def _row(
    path: Path, line: int, row: list[str], ts_col: int, value_col: int, width: int
) -> tuple[int, str, str, datetime, float]:
    """Check one row fully; raises UserError naming the line and what is wrong."""
    if len(row) != width:
        raise UserError(
            f"{path}, line {line}: expected {width} columns (timestamp,value) but found {len(row)}"
        )
    ts_text, value_text = row[ts_col].strip(), row[value_col].strip()
    try:
        moment = parse_timestamp(ts_text)
    except ValueError:
        raise UserError(
            f"{path}, line {line}: timestamp {ts_text[:40]!r} is not a date and time"
        ) from None
    value = _number(value_text)
    if value is None or not math.isfinite(value):
        raise UserError(f"{path}, line {line}: value {value_text[:40]!r} is not a number")
    return line, ts_text, value_text, moment, value


def detect_file(
    input_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    config: DetectorConfig | None = None,
) -> DetectSummary:
    """Run the detector over a CSV file and write timestamp,value,score,alert.

    One output row per input row, in the input's order.  Raises UserError
    naming the line of the first bad row; the output file is then left
    untouched.
    """
    source, target = Path(input_path), Path(output_path)
    detector = SpikeDetector(config or DetectorConfig())
    observe = detector.observe
    target_dir = target.parent if str(target.parent) else Path(".")
    rows = _rows(source)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target_dir)
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror or exc}") from None
    count = alerts = 0
    first: float | None = None
    spacing = 0.0
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as out:
            write = out.write
            write("timestamp,value,score,alert\n")
            for _line, ts_text, value_text, moment, value in rows:
                at = moment.timestamp()
                if first is None:
                    first = at
                elif not spacing and at > first:
                    spacing = at - first
                score, alert = observe(at, value)
                count += 1
                if alert:
                    alerts += 1
                    write(f"{_csv_cell(ts_text)},{value_text},{score:.4f},1\n")
                else:
                    write(f"{_csv_cell(ts_text)},{value_text},{score:.4f},0\n")
        if not count:
            raise UserError(f"{source}: no timestamp,value rows")
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    return DetectSummary(rows=count, alerts=alerts, spacing_s=spacing or 60.0)


def _csv_cell(text: str) -> str:
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text

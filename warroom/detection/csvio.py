"""`warroom detect` file handling: read `timestamp,value` rows, write alerts.

Input is one bucket a row at a fixed spacing, with or without a header line
(a header may name the `timestamp` and `value` columns among others).
Timestamps are ISO 8601 (`2015-02-26 21:42:53`, `2015-02-26T21:42:53Z`, …)
or Unix seconds.  Rows are streamed: the detector runs as they are read and
the output goes to a temporary file beside the target that replaces it only
when the whole input was valid, so a bad row leaves nothing half-written.
"""

from __future__ import annotations

import csv
import itertools
import math
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warroom.detection.detector import DAY_SECONDS, DetectorConfig, SpikeDetector
from warroom.errors import UserError

SPACING_TOLERANCE = 0.01  # a row may be 1 % early or late against the spacing


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
                    if value >= 0.0 and value != math.inf:
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
    if value < 0:
        raise UserError(f"{path}, line {line}: value {value_text} is negative (counts cannot be)")
    return line, ts_text, value_text, moment, value


def detect_file(
    input_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    config: DetectorConfig | None = None,
) -> DetectSummary:
    """Run the detector over a CSV file and write timestamp,value,score,alert.

    The spacing is taken from the first two rows; every later row must follow
    its predecessor by the same spacing.  Raises UserError naming the line of
    the first bad row; the output file is then left untouched.
    """
    source, target = Path(input_path), Path(output_path)
    rows = _rows(source)
    head: list[tuple[int, str, str, datetime, float]] = []
    for item in rows:
        head.append(item)
        if len(head) == 2:
            break
    if not head:
        raise UserError(f"{source}: no timestamp,value rows")
    if len(head) == 2:
        spacing = (head[1][3] - head[0][3]).total_seconds()
        if spacing <= 0:
            raise UserError(
                f"{source}, line {head[1][0]}: timestamp is not after the previous row's"
            )
    else:
        spacing = 60.0
    cfg = config or DetectorConfig.for_spacing(spacing)
    first = head[0][3]
    since_midnight = first.hour * 3600 + first.minute * 60 + first.second
    phase = round(since_midnight / (DAY_SECONDS / cfg.period))
    detector = SpikeDetector(cfg, phase=phase)
    update = detector.update
    target_dir = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target_dir)
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror or exc}") from None
    count = alerts = 0
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as out:
            write = out.write
            write("timestamp,value,score,alert\n")
            previous = head[0][3]
            low, high = spacing * (1 - SPACING_TOLERANCE), spacing * (1 + SPACING_TOLERANCE)

            for line, ts_text, value_text, moment, value in itertools.chain(head, rows):
                if count:
                    step = (moment - previous).total_seconds()
                    if not low <= step <= high:
                        if step <= 0:
                            raise UserError(
                                f"{source}, line {line}: timestamp is not after the previous row's"
                            )
                        raise UserError(
                            f"{source}, line {line}: rows must be evenly spaced, one bucket a "
                            f"row ({_duration(spacing)} apart, this one is {_duration(step)} "
                            "after the previous row; add the missing buckets with value 0)"
                        )
                previous = moment
                score, alert = update(value)
                count += 1
                if alert:
                    alerts += 1
                    write(f"{_csv_cell(ts_text)},{value_text},{score:.4f},1\n")
                else:
                    write(f"{_csv_cell(ts_text)},{value_text},{score:.4f},0\n")
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    return DetectSummary(rows=count, alerts=alerts, spacing_s=spacing)


def _csv_cell(text: str) -> str:
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _duration(seconds: float) -> str:
    if seconds % 3600 == 0:
        return f"{seconds / 3600:g} h"
    if seconds % 60 == 0:
        return f"{seconds / 60:g} min"
    return f"{seconds:g} s"

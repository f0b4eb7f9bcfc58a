"""Importing an export on both cores: the same mentions as one process, all or nothing."""

from __future__ import annotations

import gc
import json
from pathlib import Path

from sqlalchemy import func, select

from warroom.sources.file import BATCH
from warroom.sources.importer import import_file
from warroom.store.db import Store
from warroom.store.models import Mention, VolumeBucket


def _export(path: Path, rows: int) -> Path:
    lines = ["id,date,author,text,sentiment,reach"]
    lines += [
        f"r{n},2026-11-2{n % 3}T0{n % 9}:{n % 60:02d}:00Z,poster{n % 50},"
        f"Kopi Kita {'keracunan makanan' if n % 4 == 0 else 'sedap'} {n},"
        f"{('negative', 'positive')[n % 2]},{n % 900}"
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _counts(store: Store) -> tuple[int, int]:
    with store.session() as session:
        mentions = session.scalar(select(func.count()).select_from(Mention)) or 0
        volume = session.scalar(select(func.sum(VolumeBucket.total))) or 0
    return int(mentions), int(volume)


def test_a_cancel_after_some_batches_keeps_nothing_and_a_rerun_gets_all(
    store: Store, tmp_path: Path
) -> None:
    path = _export(tmp_path / "export.csv", 4 * BATCH)  # four batches, two cores
    calls: list[int] = []

    def cancel_on_second(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < 2  # the user cancels once two batches are stored

    cancelled = import_file(store, path, progress=cancel_on_second, workers=2)
    assert cancelled.cancelled and calls == [BATCH, 2 * BATCH]
    assert gc.isenabled()  # the collector rests during an import, and not beyond a cancel
    assert _counts(store) == (0, 0)  # nothing half-imported
    done = import_file(store, path, workers=2)
    assert not done.cancelled and done.stored == 4 * BATCH
    assert _counts(store) == (4 * BATCH, 4 * BATCH)
    with store.session() as session:
        scored = session.scalars(select(Mention).where(Mention.external_id == "r0")).one()
        assert scored.risk_terms and scored.severity is not None and scored.cluster_id


def test_a_disk_that_fills_mid_import_leaves_nothing_half_imported(
    store: Store, tmp_path: Path
) -> None:
    from sqlalchemy import event

    path = _export(tmp_path / "export.csv", 2 * BATCH)
    with store.engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)

    def small_disk(dbapi: object, _record: object) -> None:
        # room for less than two batches: the second fills the "disk" (SQLITE_FULL)
        dbapi.execute(f"PRAGMA max_page_count = {pages + 4000}")  # type: ignore[attr-defined]

    event.listen(store.engine, "connect", small_disk)
    store.engine.dispose()
    stored: list[int] = []
    try:
        import_file(store, path, workers=2, progress=lambda done, _t: not stored.append(done))
    except Exception as exc:  # the store's own error, in words
        assert "full" in str(exc).lower()
    else:
        raise AssertionError("the import should have run out of room")
    event.remove(store.engine, "connect", small_disk)
    store.engine.dispose()
    assert stored == [BATCH]  # one batch was in before the disk filled
    assert _counts(store) == (0, 0)  # and it went too: nothing half-imported
    assert gc.isenabled()  # the collector rests during an import, and not beyond a failure
    assert import_file(store, path, workers=2).stored == 2 * BATCH  # the helper still works


def test_ragged_rows_keep_every_cell_and_unmapped_fields_stay_empty(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(
        "id,date,text\n"
        "q1,2026-11-20T01:00:00Z,Kopi sedap,stray cell,another\n"  # two cells too many
        "q2,2026-11-20T02:00:00Z\n",  # the text cell missing
        encoding="utf-8",
    )
    result = import_file(store, path, workers=1)
    assert (result.stored, result.problems) == (2, [])
    with store.session() as session:
        long, short = session.scalars(select(Mention).order_by(Mention.external_id)).all()
        # the stray cells are kept for audit, and never read as a field the file lacks
        assert (long.text, long.author, long.author_handle, long.canonical_url) == (
            "Kopi sedap",
            "",
            "",
            "",
        )
        assert json.dumps(long.raw).count("stray cell") == 1
        assert (short.external_id, short.text) == ("q2", "")
    assert gc.isenabled()

"""The store: migrations, pragmas, UTC times, dedupe, refusal of newer files."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select

from warroom.errors import StoreError, StoreTooNewError
from warroom.store import migrate
from warroom.store.db import Store, open_store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import Base, Incident, Mention, Source, VolumeBucket, include_name
from warroom.store.schema_version import HEAD_REVISION, KNOWN_REVISIONS

FROZEN = Path(__file__).parent / "data" / "stores"


def test_schema_version_constants_match_the_migration_scripts() -> None:
    assert migrate.head_revision() == HEAD_REVISION
    assert set(migrate.all_revisions()) == KNOWN_REVISIONS


def test_empty_database_is_upgraded_to_head_and_matches_the_models(tmp_path: Path) -> None:
    store = open_store(tmp_path / "fresh.sqlite3")
    inspector = inspect(store.engine)
    tables = set(inspector.get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "mentions_fts" in tables
    for name, table in Base.metadata.tables.items():
        stored = {c["name"] for c in inspector.get_columns(name)}
        assert stored == {c.name for c in table.columns}, name
    with store.engine.connect() as conn:
        assert (
            conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            == HEAD_REVISION
        )
    store.close()


@pytest.mark.parametrize("frozen", sorted(FROZEN.glob("*.sqlite3")), ids=lambda p: p.stem)
def test_frozen_older_stores_upgrade_without_losing_rows(frozen: Path, tmp_path: Path) -> None:
    copy = tmp_path / frozen.name
    copy.write_bytes(frozen.read_bytes())
    before = sqlite3.connect(copy).execute("SELECT count(*) FROM mentions").fetchone()[0]
    store = open_store(copy)
    with store.session() as session:
        assert session.query(Mention).count() == before
        from warroom.incidents import chain, timeline

        for incident in session.scalars(select(Incident)):
            assert chain.verify(timeline.entries(session, incident.id)) is None
    with store.engine.connect() as conn:
        assert (
            conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            == HEAD_REVISION
        )
        fts = conn.exec_driver_sql(
            "SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'frozen'"
        )
        assert fts.scalar() == before
    store.close()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_foreign_keys_are_enforced(store: Store) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with store.session() as session:
            session.add(
                Mention(source_id="no-such-source", external_id="1", published_at=datetime.now(UTC))
            )


def test_newer_database_is_refused_and_left_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "newer.sqlite3"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNewError, match="newer Warroom"):
        open_store(path)
    assert path.read_bytes() == before
    # and the command line says so in one line, exit non-zero
    from warroom.cli import main

    monkeypatch.setenv("WARROOM_HOME", str(tmp_path))
    path.rename(tmp_path / "warroom.sqlite3")
    assert main(["demo"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "newer Warroom" in err[0]
    assert (tmp_path / "warroom.sqlite3").read_bytes() == before


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="cannot open the store .*junk.sqlite3"):
        open_store(path)


def test_times_come_back_as_utc_and_naive_times_are_refused(store: Store) -> None:
    local = datetime(2026, 11, 29, 10, 30, tzinfo=UTC).astimezone(
        __import__("datetime").timezone(timedelta(hours=8))
    )
    with store.session() as session:
        session.add(Incident(origin=store.origin, title="t", opened_at=local))
    with store.session() as session:
        incident = session.scalars(select(Incident)).one()
        assert incident.opened_at == datetime(2026, 11, 29, 10, 30, tzinfo=UTC)
        assert incident.opened_at.tzinfo is not None
    with pytest.raises(Exception, match="naive datetime"):
        with store.session() as session:
            session.add(Incident(origin=store.origin, title="t", opened_at=datetime(2026, 1, 1)))


def test_every_row_gets_a_uuid_key_and_times(store: Store) -> None:
    with store.session() as session:
        source = Source(origin=store.origin, name="s", kind="rss")
        session.add(source)
        session.flush()
        assert len(source.id) == 36 and source.created_at and source.updated_at


def _mention(source_id: str, n: int, minute: int = 0) -> dict[str, object]:
    return {
        "source_id": source_id,
        "external_id": f"ext-{n}",
        "text": f"mention number {n} about kopi",
        "published_at": datetime(2026, 11, 29, 10, minute, tzinfo=UTC),
        "sentiment": -0.5 if n % 2 else 0.4,
    }


def test_a_mention_fetched_twice_is_stored_once_and_counted_once(store: Store) -> None:
    with store.session() as session:
        source = Source(origin=store.origin, name="s", kind="rss")
        session.add(source)
        session.flush()
        first = store_mentions(
            session, [_mention(source.id, n) for n in range(10)], origin=store.origin
        )
        again = store_mentions(
            session, [_mention(source.id, n) for n in range(5, 15)], origin=store.origin
        )
    assert (first, again) == (10, 5)
    with store.session() as session:
        assert session.query(Mention).count() == 15
        bucket = session.scalars(select(VolumeBucket)).one()
        assert (bucket.total, bucket.negative, bucket.positive) == (15, 7, 8)
    with store.engine.connect() as conn:
        hits = conn.exec_driver_sql(
            "SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'kopi'"
        ).scalar()
    assert hits == 15


def test_full_text_search_ignores_diacritics(store: Store) -> None:
    with store.session() as session:
        source = Source(origin=store.origin, name="s", kind="rss")
        session.add(source)
        session.flush()
        row = _mention(source.id, 1)
        row["text"] = "Café Kopi tutup — keracunan makanan dilaporkan"
        store_mentions(session, [row], origin=store.origin)
    with store.engine.connect() as conn:
        hits = conn.exec_driver_sql(
            "SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'cafe'"
        ).scalar()
    assert hits == 1


def test_full_text_index_covers_every_batch_committed_and_nothing_rolled_back(
    store: Store,
) -> None:
    """The index is filled as a transaction commits: all its batches, none of a rollback."""
    with store.session() as session:
        source = Source(origin=store.origin, name="s", kind="rss")
        session.add(source)
        session.flush()
        source_id = source.id
        store_mentions(session, [_mention(source_id, n) for n in range(3)], origin=store.origin)
        store_mentions(session, [_mention(source_id, n) for n in range(3, 5)], origin=store.origin)
    try:
        with store.session() as session:
            store_mentions(session, [_mention(source_id, 5)], origin=store.origin)
            raise RuntimeError("the user cancelled")
    except RuntimeError:
        pass
    with store.session() as session:
        store_mentions(session, [_mention(source_id, 6)], origin=store.origin)
    with store.engine.connect() as conn:
        hits = conn.exec_driver_sql(
            "SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH 'kopi' ORDER BY rowid"
        ).all()
        stored = conn.exec_driver_sql("SELECT rowid FROM mentions ORDER BY rowid").all()
        # the index agrees with the table, row for row (FTS5's own check raises if not)
        conn.exec_driver_sql(
            "INSERT INTO mentions_fts(mentions_fts, rank) VALUES ('integrity-check', 1)"
        )
    assert hits == stored and len(hits) == 6


def _index_agrees(store: Store) -> int:
    """FTS5's full check of the index against the table (raises if they differ); hits."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql(
            "INSERT INTO mentions_fts(mentions_fts, rank) VALUES ('integrity-check', 1)"
        )
        return int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'kopi'"
            ).scalar_one()
        )


def test_a_writer_that_waited_for_another_indexes_only_its_own_rows(store: Store) -> None:
    """Two pollers at once: the second waits for the first's lock, then indexes its own."""
    import threading

    with store.session() as session:
        source = Source(origin=store.origin, name="s", kind="rss")
        session.add(source)
        session.flush()
        source_id = source.id
    first = store.sessions()
    first.begin()
    store_mentions(first, [_mention(source_id, n) for n in range(3)], origin=store.origin)

    def second() -> None:  # blocks on the first's write lock until it commits
        with store.session() as session:
            store_mentions(
                session, [_mention(source_id, n) for n in range(3, 5)], origin=store.origin
            )

    waiting = threading.Thread(target=second)
    waiting.start()
    waiting.join(0.3)
    first.commit()
    first.close()
    waiting.join()
    assert _index_agrees(store) == 5  # each row indexed once


def test_a_rolled_back_savepoint_keeps_the_transactions_index(store: Store) -> None:
    with store.session() as session:
        source = Source(origin=store.origin, name="s", kind="rss")
        session.add(source)
        session.flush()
        store_mentions(session, [_mention(source.id, n) for n in range(3)], origin=store.origin)
        try:
            with session.begin_nested():
                raise RuntimeError("one step failed")
        except RuntimeError:
            pass
    assert _index_agrees(store) == 3


def test_alembic_migrations_also_build_the_schema_offline(tmp_path: Path) -> None:
    """The migration path and the models agree (autogenerate finds no difference)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    store = open_store(tmp_path / "cmp.sqlite3")
    engine = create_engine(f"sqlite:///{tmp_path / 'cmp.sqlite3'}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    store.close()
    assert diff == []

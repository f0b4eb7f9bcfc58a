"""Removing a source never orphans the copies other sources linked to its mentions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from warroom.sources.ingest import add_source, remove_source
from warroom.store.db import Store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import Mention, VolumeBucket


def _total(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.sum(VolumeBucket.total))) or 0)


def test_copies_are_freed_and_counted_when_their_original_goes(store: Store) -> None:
    first = add_source(store, kind="rss", name="first", url="https://a.example/feed")
    second = add_source(store, kind="rss", name="second", url="https://b.example/feed")
    at = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    row = {
        "external_id": "1",
        "canonical_url": "https://news.example/story",
        "text": "story",
        "published_at": at,
    }
    with store.session() as session:
        store_mentions(session, [{**row, "source_id": first.id}], origin=store.origin)
        store_mentions(session, [{**row, "source_id": second.id}], origin=store.origin)
    with store.session() as session:
        copy = session.scalars(select(Mention).where(Mention.source_id == second.id)).one()
        assert copy.duplicate_of_id is not None  # linked, not counted twice
    assert _total(store) == 1
    remove_source(store, "first", with_mentions=True)
    with store.session() as session:
        copy = session.scalars(select(Mention).where(Mention.source_id == second.id)).one()
        assert copy.duplicate_of_id is None
    assert _total(store) == 1  # the copy now stands for the story in the counts


def test_a_source_name_cannot_take_the_keyring_entries_of_others(store: Store) -> None:
    import pytest

    from warroom.sources.base import SourceError

    for bad in ("team-server", "x:token"):
        with pytest.raises(SourceError, match="cannot name a source"):
            add_source(store, kind="rss", name=bad, url="https://a.example/feed")
    with pytest.raises(SourceError, match="OS keyring"):
        add_source(store, kind="rss", name="basic", url="https://user:pw@a.example/feed")

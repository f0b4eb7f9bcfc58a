"""The incident timeline's hash chain: append, verify, detect tampering, merge."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from warroom.incidents import chain, timeline
from warroom.incidents import service as incidents
from warroom.store.db import Store


def _open(store: Store) -> str:
    with store.session() as session:
        incident = incidents.open_incident(
            session, origin=store.origin, title="Test", author="Ana", crisis_type="service"
        )
        for n in range(5):
            timeline.append(
                session,
                incident_id=incident.id,
                origin=store.origin,
                kind="note",
                author="Ana",
                text=f"note {n} — nota {n} 😀",
            )
        return incident.id


def test_an_untouched_chain_verifies(store: Store) -> None:
    incident_id = _open(store)
    with store.session() as session:
        entries = timeline.entries(session, incident_id)
        assert [e.seq for e in entries] == list(range(1, 7))
        assert chain.verify(entries) is None
        assert len(chain.combined_head(entries)) == 64


def test_editing_a_stored_entry_is_detected_and_named(store: Store) -> None:
    incident_id = _open(store)
    with store.session() as session:
        target = timeline.entries(session, incident_id)[3]
        target_id = target.id
    assert store.path is not None
    conn = sqlite3.connect(store.path)
    conn.execute("UPDATE timeline_entries SET text = 'rewritten' WHERE id = ?", (target_id,))
    conn.commit()
    conn.close()
    with store.session() as session:
        problem = chain.verify(timeline.entries(session, incident_id))
    assert problem is not None and problem.entry_id == target_id
    assert "does not match its hash" in problem.reason


def test_deleting_an_entry_is_detected(store: Store) -> None:
    incident_id = _open(store)
    with store.session() as session:
        victim = timeline.entries(session, incident_id)[2].id
    assert store.path is not None
    conn = sqlite3.connect(store.path)
    conn.execute("DELETE FROM timeline_entries WHERE id = ?", (victim,))
    conn.commit()
    conn.close()
    with store.session() as session:
        problem = chain.verify(timeline.entries(session, incident_id))
    assert problem is not None and "sequence gap" in problem.reason


def test_two_laptops_appending_offline_merge_into_verifiable_chains(store: Store) -> None:
    incident_id = _open(store)
    other_laptop = "b" * 36
    start = datetime.now(UTC)
    with store.session() as session:
        for n in range(3):  # entries another laptop wrote offline, merged as a union
            timeline.append(
                session,
                incident_id=incident_id,
                origin=other_laptop,
                kind="note",
                author="Ben",
                text=f"from B {n}",
                at=start + timedelta(seconds=n),
            )
        entries = timeline.entries(session, incident_id)
        assert chain.verify(entries) is None
        assert set(chain.heads(entries)) == {store.origin, other_laptop}

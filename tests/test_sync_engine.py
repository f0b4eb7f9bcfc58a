"""Team sync between two laptops' stores through a real PostgreSQL server.

Each test gets a fresh migrated database on the session's server
(tests/pg_fixtures.py) and two real SQLite stores, "laptop A" and "laptop B".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select, text

from tests.pg_fixtures import free_port, pg_server, team_db  # noqa: F401 - fixtures
from warroom.incidents import chain, service, timeline
from warroom.store.db import Store, open_store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import (
    Contact,
    Incident,
    Mention,
    PinnedMention,
    Source,
    TimelineEntry,
    VolumeBucket,
    utcnow,
)
from warroom.sync import engine
from warroom.sync.server import Listener, ServerUnreachable, TeamUrl


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    a = open_store(tmp_path / "a" / "warroom.sqlite3")
    b = open_store(tmp_path / "b" / "warroom.sqlite3")
    yield a, b
    a.close()
    b.close()


@pytest.fixture
def team(team_db: str) -> TeamUrl:  # noqa: F811 - fixture
    return TeamUrl.parse(team_db)


def sync(store: Store, team: TeamUrl) -> engine.RoundReport:
    syncer = engine.Syncer(store, team)
    try:
        return syncer.run_round()
    finally:
        syncer.close()


def server_count(team: TeamUrl, table: str) -> int:
    with psycopg.connect(**team.conninfo()) as conn:
        row = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    assert row is not None
    return int(row[0])


def open_incident(store: Store, title: str = "Product recall rumour") -> str:
    with store.session() as session:
        incident = service.open_incident(session, origin=store.origin, title=title, author="Aina")
        return incident.id


def note(store: Store, incident_id: str, words: str, author: str = "Aina") -> None:
    with store.session() as session:
        timeline.append(
            session,
            incident_id=incident_id,
            origin=store.origin,
            kind="note",
            author=author,
            text=words,
        )


def add_contact(store: Store) -> str:
    with store.session() as session:
        contact = Contact(
            origin=store.origin, name="Farid Rahman", group="legal", phone="+60 3 1111 0000"
        )
        session.add(contact)
        session.flush()
        return contact.id


def entries(store: Store, incident_id: str) -> list[TimelineEntry]:
    with store.session() as session:
        return timeline.entries(session, incident_id)


def test_changes_on_one_laptop_arrive_on_the_other(
    laptops: tuple[Store, Store], team: TeamUrl
) -> None:
    a, b = laptops
    incident_id = open_incident(a)
    note(a, incident_id, "Holding statement drafted")
    contact_id = add_contact(a)

    pushed = sync(a, team)
    assert pushed.pushed["incidents"] == 1
    assert pushed.pushed["timeline_entries"] == 2
    assert pushed.pushed["contacts"] == 1
    assert engine.pending_changes(a) == {}

    pulled = sync(b, team)
    assert pulled.pulled["incidents"] == 1
    assert pulled.pulled["timeline_entries"] == 2
    assert "pulled: 1 contacts, 1 incidents, 2 timeline_entries" in "\n".join(pulled.lines())
    with b.session() as session:
        assert session.get(Incident, incident_id).title == "Product recall rumour"
        assert session.get(Contact, contact_id).phone == "+60 3 1111 0000"
    got = entries(b, incident_id)
    assert [e.text for e in got] == [e.text for e in entries(a, incident_id)]
    assert chain.verify(got) is None
    # a second round moves nothing either way
    assert sync(b, team).moved == 0
    assert sync(a, team).moved == 0


def test_offline_edits_to_the_same_incident_and_contact_converge_with_conflicts_logged(
    laptops: tuple[Store, Store], team: TeamUrl
) -> None:
    a, b = laptops
    incident_id = open_incident(a)
    contact_id = add_contact(a)
    sync(a, team)
    sync(b, team)

    # B loses the network: rounds fail, B keeps working and counts what waits
    nowhere = TeamUrl.parse(f"postgresql://postgres@127.0.0.1:{free_port()}/warroom")
    with pytest.raises(ServerUnreachable, match="unreachable"):
        sync(b, nowhere)
    assert engine.status(b).offline_since is not None

    now = utcnow()
    with a.session() as session:  # A: title and severity; phone
        incident = session.get(Incident, incident_id)
        incident.title = "Recall rumour (confirmed fake)"
        service.set_severity(session, incident, 3, origin=a.origin, author="Aina", at=now)
        session.get(Contact, contact_id).phone = "+60 3 2222 0000"
    note(a, incident_id, "A: legal informed")
    with b.session() as session:  # B, later: severity and owner; phone and notes
        incident = session.get(Incident, incident_id)
        incident.owner = "Mei Ling"
        service.set_severity(
            session, incident, 4, origin=b.origin, author="Mei", at=now + timedelta(seconds=1)
        )
        contact = session.get(Contact, contact_id)
        contact.phone = "+60 3 3333 0000"
        contact.notes = "Call after 18:00 only on the mobile"
    note(b, incident_id, "B: reply posted on X", author="Mei")
    waiting = engine.status(b)
    assert waiting.pending["incidents"] == 1
    assert waiting.pending["contacts"] == 1
    assert waiting.pending["timeline_entries"] == 2

    sync(a, team)
    report = sync(b, team)  # B reconnects
    sync(a, team)
    assert engine.status(b).offline_since is None
    assert {(c.table, c.group) for c in report.conflicts} == {
        ("incidents", "severity"),
        ("contacts", "reach"),
    }

    for store in (a, b):
        with store.session() as session:
            incident = session.get(Incident, incident_id)
            assert incident.title == "Recall rumour (confirmed fake)"  # only A changed it
            assert incident.owner == "Mei Ling"  # only B changed it
            assert incident.severity_level == 4  # both: B's edit is later
            contact = session.get(Contact, contact_id)
            assert contact.phone == "+60 3 3333 0000"
            assert contact.notes == "Call after 18:00 only on the mobile"
        log = entries(store, incident_id)
        assert chain.verify(log) is None
        conflicts = [e for e in log if e.kind == "conflict"]
        assert len(conflicts) == 2
        assert any("severity" in e.text and "severity_level=4" in e.text for e in conflicts)
        assert any("Farid Rahman" in e.text and "+60 3 3333 0000" in e.text for e in conflicts)
        assert {e.text for e in log} >= {"A: legal informed", "B: reply posted on X"}
        assert engine.pending_changes(store) == {}
    assert [e.id for e in entries(a, incident_id)] == [e.id for e in entries(b, incident_id)]
    assert server_count(team, "timeline_entries") == len(entries(a, incident_id))


def test_timeline_entries_appended_on_both_laptops_merge_and_verify(
    laptops: tuple[Store, Store], team: TeamUrl
) -> None:
    a, b = laptops
    incident_id = open_incident(a)
    sync(a, team)
    sync(b, team)
    for i in range(5):
        note(a, incident_id, f"A note {i}")
        note(b, incident_id, f"B note {i}", author="Mei")
    sync(a, team)
    sync(b, team)
    sync(a, team)
    log_a, log_b = entries(a, incident_id), entries(b, incident_id)
    assert len(log_a) == len(log_b) == 11
    assert chain.verify(log_a) is None
    assert chain.verify(log_b) is None
    assert chain.combined_head(log_a) == chain.combined_head(log_b)
    assert set(chain.heads(log_a)) == {a.origin, b.origin}


def make_source(store: Store, name: str = "rss-news") -> str:
    with store.session() as session:
        source = Source(origin=store.origin, name=name, kind="rss", base_url="http://127.0.0.1/")
        session.add(source)
        session.flush()
        return source.id


def mention_rows(source_id: str, ids: range) -> list[dict[str, Any]]:
    start = utcnow().replace(second=0, microsecond=0) - timedelta(hours=1)
    return [
        {
            "source_id": source_id,
            "external_id": f"post-{i}",
            "text": f"Contaminated batch {i} of Kopi Harimau recalled",
            "author": f"user{i}",
            "published_at": start + timedelta(minutes=i % 30),
            "sentiment": -0.5 if i % 2 else 0.3,
            "severity": 0.25,
        }
        for i in ids
    ]


def test_the_same_mentions_ingested_on_two_laptops_are_stored_once(
    laptops: tuple[Store, Store], team: TeamUrl
) -> None:
    a, b = laptops
    incident_id = open_incident(a)
    sync(a, team)
    sync(b, team)
    source_a, source_b = make_source(a), make_source(b)  # same source, set up on each
    assert source_a != source_b
    with a.session() as session:
        store_mentions(session, mention_rows(source_a, range(0, 60)), origin=a.origin)
    with b.session() as session:
        store_mentions(session, mention_rows(source_b, range(40, 100)), origin=b.origin)
        pinned = session.scalar(select(Mention).where(Mention.external_id == "post-45"))
        session.add(
            PinnedMention(
                origin=b.origin, incident_id=incident_id, mention_id=pinned.id, pinned_by="Mei"
            )
        )

    sync(a, team)
    sync(b, team)
    sync(a, team)

    assert server_count(team, "sources") == 1
    assert server_count(team, "mentions") == 100
    for store in (a, b):
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(Mention)) == 100
            assert session.scalar(select(func.count()).select_from(Source)) == 1
            assert session.scalar(select(func.sum(VolumeBucket.total))) == 100
            hits = session.execute(
                text("SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'recalled'")
            ).scalar_one()
            assert hits == 100
            pin = session.scalar(select(PinnedMention))
            assert session.get(Mention, pin.mention_id).external_id == "post-45"
        assert engine.pending_changes(store) == {}
    with a.session() as session_a, b.session() as session_b:
        ids_a = set(session_a.scalars(select(Mention.id)))
        ids_b = set(session_b.scalars(select(Mention.id)))
    assert ids_a == ids_b


def test_a_push_notifies_the_other_laptops(laptops: tuple[Store, Store], team: TeamUrl) -> None:
    a, _b = laptops
    listener = Listener(team)
    try:
        incident_id = open_incident(a)
        sync(a, team)
        assert a.origin in listener.wait(5.0)
        # a round with nothing to push stays silent
        sync(a, team)
        assert listener.wait(0.3) == []
        note(a, incident_id, "Statement posted")
        sync(a, team)
        assert listener.wait(5.0) == [a.origin]
    finally:
        listener.close()


def test_an_unreachable_server_names_where_without_the_password(
    laptops: tuple[Store, Store],
) -> None:
    a, _b = laptops
    open_incident(a)
    nowhere = TeamUrl.parse(f"postgresql://war:s3cr3t-pw@127.0.0.1:{free_port()}/warroom")
    with pytest.raises(ServerUnreachable) as info:
        sync(a, nowhere)
    message = str(info.value)
    assert "127.0.0.1" in message and "warroom" in message
    assert "s3cr3t-pw" not in message
    state = engine.status(a)
    assert state.offline_since is not None
    assert state.pending == {"incidents": 1, "timeline_entries": 1}


def test_a_url_keeps_no_password_for_settings() -> None:
    team = TeamUrl.parse("postgresql://war:p%40ss@db.example:6543/warroom?sslmode=require")
    assert team.password == "p@ss"
    assert team.without_password() == "postgresql://war@db.example:6543/warroom?sslmode=require"
    assert team.where() == "db.example:6543/warroom"
    for bad in ("sqlite:///x.db", "postgresql://", "not a url"):
        with pytest.raises(Exception, match="PostgreSQL URL|host and a database"):
            TeamUrl.parse(bad)


def test_a_mention_fetched_here_meanwhile_takes_the_id_pulled_from_the_server(
    laptops: tuple[Store, Store], team: TeamUrl
) -> None:
    """B fetched the same post after its push but before its pull (the race a round has)."""
    a, b = laptops
    incident_id = open_incident(a)
    source_id = make_source(a)
    sync(a, team)
    sync(b, team)  # B now has the source under the same id
    with a.session() as session:
        store_mentions(session, mention_rows(source_id, range(5)), origin=a.origin)
        first = session.scalar(select(Mention).where(Mention.external_id == "post-0"))
        session.add(
            PinnedMention(
                origin=a.origin, incident_id=incident_id, mention_id=first.id, pinned_by="Aina"
            )
        )
    sync(a, team)
    with b.session() as session:
        store_mentions(session, mention_rows(source_id, range(3)), origin=b.origin)
    syncer = engine.Syncer(b, team)
    try:
        report = engine.RoundReport()
        conn = syncer.connection()
        assert syncer.peer is not None
        syncer._pull(conn, syncer.peer, report)  # pull before B pushes its copies
        assert report.pulled["pinned_mentions"] == 1
        syncer.run_round()
    finally:
        syncer.close()
    with a.session() as session_a, b.session() as session_b:
        ids_a = set(session_a.scalars(select(Mention.id)))
        assert set(session_b.scalars(select(Mention.id))) == ids_a
        assert session_b.scalar(select(func.sum(VolumeBucket.total))) == 5
    assert server_count(team, "mentions") == 5


def test_a_sources_settings_are_shared_but_its_polling_state_stays_on_each_laptop(
    laptops: tuple[Store, Store], team: TeamUrl
) -> None:
    a, b = laptops
    open_incident(a)
    source_id = make_source(a)
    sync(a, team)
    sync(b, team)
    with a.session() as session:
        session.get(Source, source_id).health = "error"
    with b.session() as session:
        source = session.get(Source, source_id)
        source.health = "ok"
        source.query = "kopi harimau OR #kopiharimau"
    reports = [sync(a, team), sync(b, team), sync(a, team)]
    assert [c for r in reports for c in r.conflicts] == []
    with a.session() as session_a, b.session() as session_b:
        on_a, on_b = session_a.get(Source, source_id), session_b.get(Source, source_id)
        assert on_a.query == on_b.query == "kopi harimau OR #kopiharimau"
        assert (on_a.health, on_b.health) == ("error", "ok")
    assert engine.pending_changes(a) == engine.pending_changes(b) == {}

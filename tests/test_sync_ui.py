"""The status-bar sync widget: live updates between laptops, offline and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.pg_fixtures import PgServer, free_port, pg_server, team_db  # noqa: F401 - fixtures
from tests.test_sync_engine import note, open_incident, server_count, sync
from ui.sync_status import SyncStatus
from warroom import events
from warroom.incidents import timeline
from warroom.store.db import Store, open_store
from warroom.sync.server import TeamUrl


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    a = open_store(tmp_path / "a" / "warroom.sqlite3")
    b = open_store(tmp_path / "b" / "warroom.sqlite3")
    yield a, b
    a.close()
    b.close()


def widget(qtbot: QtBot, store: Store, team: TeamUrl) -> SyncStatus:
    status = SyncStatus(store, team_url=team)
    qtbot.addWidget(status)
    status.start()
    return status


def texts(store: Store, incident_id: str) -> list[str]:
    with store.session() as session:
        return [e.text for e in timeline.entries(session, incident_id)]


def test_a_note_written_on_one_laptop_appears_on_the_other(
    qtbot: QtBot,
    laptops: tuple[Store, Store],
    team_db: str,  # noqa: F811 - fixture
) -> None:
    a, b = laptops
    team = TeamUrl.parse(team_db)
    incident_id = open_incident(a)
    sync(a, team)
    status_a, status_b = widget(qtbot, a, team), widget(qtbot, b, team)
    try:
        qtbot.waitUntil(lambda: bool(texts(b, incident_id)), timeout=10000)
        qtbot.waitUntil(lambda: status_a.listening and status_b.listening)
        assert status_b.text().startswith("● Team: synced")
        # the app announces a note it writes; A's loop pushes, B hears the NOTIFY and pulls
        note(a, incident_id, "Apology posted on every channel")
        events.publish(events.TIMELINE_APPENDED, incident_id=incident_id, entry_id="")
        qtbot.waitUntil(
            lambda: "Apology posted on every channel" in texts(b, incident_id), timeout=10000
        )
    finally:
        status_a.stop()
        status_b.stop()


def test_offline_shows_what_waits_and_reconnecting_syncs_by_itself(
    qtbot: QtBot,
    laptops: tuple[Store, Store],
    pg_server: PgServer,  # noqa: F811 - fixture
    team_db: str,  # noqa: F811 - fixture
) -> None:
    a, _b = laptops
    team = TeamUrl.parse(team_db)
    incident_id = open_incident(a)
    status = widget(qtbot, a, team)
    try:
        qtbot.waitUntil(lambda: status.online is True, timeout=10000)
        pg_server.stop()
        try:
            note(a, incident_id, "Written while the server is down")
            events.publish(events.TIMELINE_APPENDED, incident_id=incident_id, entry_id="")
            qtbot.waitUntil(lambda: status.online is False, timeout=15000)
            assert status.text().startswith("● Team offline since")
            assert status.text().endswith("1 change waits")
        finally:
            pg_server.start()
        qtbot.waitUntil(lambda: status.online is True, timeout=20000)
        assert server_count(team, "timeline_entries") == 2
        assert status.text().startswith("● Team: synced")
    finally:
        status.stop()


def test_solo_mode_shows_nothing_and_runs_nothing(
    qtbot: QtBot, laptops: tuple[Store, Store]
) -> None:
    a, _b = laptops
    status = SyncStatus(a)  # no team server in settings
    qtbot.addWidget(status)
    status.start()
    assert status.isHidden()
    assert status.syncer is None
    status.stop()


def test_an_unreachable_server_from_the_start_shows_offline(
    qtbot: QtBot, laptops: tuple[Store, Store]
) -> None:
    a, _b = laptops
    open_incident(a)
    status = widget(qtbot, a, TeamUrl.parse(f"postgresql://war@127.0.0.1:{free_port()}/warroom"))
    try:
        qtbot.waitUntil(lambda: status.online is False, timeout=15000)
        assert "2 changes wait" in status.text()
        assert "unreachable" in status.toolTip()
    finally:
        status.stop()

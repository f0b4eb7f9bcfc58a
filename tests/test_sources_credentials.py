"""`warroom credentials set` stores in the real Secret Service, and a poll uses it."""

from __future__ import annotations

import io
import os
import secrets
from pathlib import Path

import pytest

from tests.sources_fixtures import (  # noqa: F401 - the service fixture
    FakeService,
    Reply,
    Request,
    service_fixture,
    talkwalker_payload,
    talkwalker_result,
)
from warroom import credentials
from warroom.cli import main
from warroom.sources.ingest import add_source, poll
from warroom.store.db import Store

needs_secret_service = pytest.mark.skipif(
    not os.environ.get("DBUS_SESSION_BUS_ADDRESS"),
    reason="needs the D-Bus session with gnome-keyring that scripts/test.sh starts",
)


@needs_secret_service
def test_credentials_set_from_stdin_then_poll_uses_it_and_never_stores_it(
    store: Store,
    service: FakeService,
    warroom_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = "tw-" + secrets.token_hex(12)
    seen: list[str] = []

    @service.route("/api/v1/search/results")
    def search(request: Request) -> Reply:
        seen.append(request.arg("access_token"))
        return Reply(200, talkwalker_payload([talkwalker_result(1)], None))

    add_source(store, kind="talkwalker", name="tw-main", url=service.url, query="kopi")
    monkeypatch.setattr("sys.stdin", io.StringIO(token + "\n"))
    assert main(["credentials", "set", "tw-main"]) == 0
    assert token not in capsys.readouterr().out
    assert credentials.get_secret("tw-main") == token
    assert poll(store, "tw-main").stored == 1
    assert seen == [token]
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in warroom_home.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
    credentials.delete_secret("tw-main")


def test_a_missing_token_says_what_to_do(
    store: Store, service: FakeService, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    add_source(store, kind="talkwalker", name="tw", url=service.url, query="kopi")
    result = poll(store, "tw")
    assert result.health == "error"
    assert "'tw'" in result.error and "no OS keyring is available" in result.error
    assert service.requests == []

"""Credentials go to the real Secret Service (gnome-keyring in a private D-Bus session)."""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from warroom import credentials
from warroom.store.db import Store

needs_secret_service = pytest.mark.skipif(
    not os.environ.get("DBUS_SESSION_BUS_ADDRESS"),
    reason="needs the D-Bus session with gnome-keyring that scripts/test.sh starts",
)


@needs_secret_service
def test_a_secret_round_trips_through_the_secret_service(store: Store, warroom_home: Path) -> None:
    assert "SecretService" in type(keyring.get_keyring()).__module__
    secret = "tok-" + secrets.token_hex(16)
    credentials.set_secret("brandwatch-main", secret)
    assert credentials.get_secret("brandwatch-main") == secret
    # never in the data folder: not in the database, settings or layout files
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in warroom_home.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
    credentials.delete_secret("brandwatch-main")
    assert credentials.get_secret("brandwatch-main") is None


def test_no_keyring_backend_gives_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    with pytest.raises(credentials.CredentialsError, match="no OS keyring is available") as info:
        credentials.set_secret("mastodon", "super-secret-value")
    assert "super-secret-value" not in str(info.value)


def test_empty_secret_is_refused() -> None:
    with pytest.raises(credentials.CredentialsError, match="empty secret"):
        credentials.set_secret("x", "")


def test_sqlite_file_is_real(store: Store) -> None:
    assert store.path is not None
    assert sqlite3.connect(store.path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"

"""The contact sheet: vCard/CSV round trips, clear import errors, logging calls per incident."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ui.models.contact_model import Column
from ui.panes.contacts import ContactsPane
from warroom import contacts
from warroom.errors import UserError
from warroom.incidents import chain, timeline
from warroom.incidents import service as incidents
from warroom.store.db import Store
from warroom.store.models import Contact


def _count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Contact)) or 0


@pytest.mark.parametrize("suffix", [".vcf", ".csv"])
def test_export_import_round_trip_updates_rather_than_duplicates(
    demo_store: Store, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"sheet{suffix}"
    with demo_store.session() as session:
        assert contacts.export_file(session, path) == 16
        before = {
            c.name: (c.group, c.phone, c.email, c.escalation_tier, c.timezone)
            for c in session.scalars(select(Contact))
        }
    with demo_store.session() as session:
        assert contacts.import_file(session, path, origin=demo_store.origin) == (0, 16)
    with demo_store.session() as session:
        after = {
            c.name: (c.group, c.phone, c.email, c.escalation_tier, c.timezone)
            for c in session.scalars(select(Contact))
        }
    assert after == before


def test_vcard_folding_escaping_and_unicode_survive(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "one.vcf"
    long_note = "Nota panjang; dengan koma, titik bertindih: dan baris\nbaharu — 中文 عربي " * 3
    with store.session() as session:
        session.add(
            Contact(
                origin=store.origin,
                name="Siti Nurhaliza, Datuk",
                group="executives",
                notes=long_note,
                email="siti@example.my",
                escalation_tier=2,
            )
        )
    with store.session() as session:
        contacts.export_file(session, path)
    text = path.read_bytes().decode("utf-8")  # keep the CRLF line ends
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    parsed = contacts.parse_vcard(text)
    assert parsed[0].name == "Siti Nurhaliza, Datuk" and parsed[0].notes == long_note
    assert parsed[0].group == "executives" and parsed[0].escalation_tier == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,group\nAna,astronauts\n", r"sheet.csv:2: group: unknown group 'astronauts'"),
        (
            "name,escalation_tier\nAna,high\n",
            r"sheet.csv:2: escalation_tier: 'high' is not a whole number",
        ),
        ("name,shoe_size\nAna,42\n", r"sheet.csv:1: unknown column\(s\) shoe_size"),
        ("name,email\n,x@y.z\n", r"sheet.csv:2: name: a contact needs a name"),
        ("name,email\nAna,not-an-email\n", r"sheet.csv:2: email: 'not-an-email'"),
    ],
)
def test_bad_csv_is_refused_with_line_and_field_and_changes_nothing(
    demo_store: Store, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(content, encoding="utf-8")
    before = _count(demo_store)
    with pytest.raises(UserError, match=message), demo_store.session() as session:
        contacts.import_file(session, path, origin=demo_store.origin)
    assert _count(demo_store) == before


def test_bad_vcard_and_wrong_encoding_are_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "x.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"x.vcf:1: card never ends"), store.session() as session:
        contacts.import_file(session, path, origin=store.origin)
    path.write_bytes("BEGIN:VCARD\nFN:Zoë\nEND:VCARD\n".encode("latin-1"))
    with pytest.raises(UserError, match=r"x.vcf:2: not UTF-8"), store.session() as session:
        contacts.import_file(session, path, origin=store.origin)
    assert _count(store) == 0


def test_logging_a_call_and_its_acknowledgement(qtbot: QtBot, demo_store: Store) -> None:
    pane = ContactsPane(demo_store, "Test Operator")
    qtbot.addWidget(pane)
    with demo_store.session() as session:
        incident = incidents.current_incident(session)
        assert incident is not None
        incident_id = incident.id
    pane.set_incident(incident_id)
    pane.table.selectRow(0)
    name = pane.proxy.index(0, Column.NAME).data()
    assert pane.proxy.index(0, Column.CONTACTED).data() == "—"
    pane.log("contacted")
    pane.log("acknowledged")
    assert pane.proxy.index(0, Column.CONTACTED).data() != "—"
    assert pane.proxy.index(0, Column.ACKNOWLEDGED).data() != "—"
    with demo_store.session() as session:
        entries = timeline.entries(session, incident_id)
        texts = [e.text for e in entries if e.kind == "contact"]
        assert any(t.startswith(f"Contacted {name}") for t in texts)
        assert any(t.startswith(f"Acknowledged by {name}") for t in texts)
        assert chain.verify(entries) is None

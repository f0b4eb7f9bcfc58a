"""Triage from the feed: status, assignee, tags, pins and replies — logged on the timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ui.panes.feed import FeedPane
from ui.qt import Qt, QtCore
from warroom import triage
from warroom.errors import UserError
from warroom.incidents import chain, timeline
from warroom.incidents import service as incidents
from warroom.plan.store import active_plan
from warroom.store.db import Store
from warroom.store.models import Mention, MessageSent, PinnedMention


def _incident_id(store: Store) -> str:
    with store.session() as session:
        incident = incidents.current_incident(session)
        assert incident is not None
        return incident.id


def _some_mentions(store: Store, n: int) -> list[str]:
    with store.session() as session:
        return list(
            session.scalars(select(Mention.id).order_by(Mention.published_at.desc()).limit(n))
        )


def test_bulk_status_assign_and_tag_are_logged(demo_store: Store) -> None:
    incident_id = _incident_id(demo_store)
    ids = _some_mentions(demo_store, 4)
    common = {"actor": "Ana", "origin": demo_store.origin, "incident_id": incident_id}
    with demo_store.session() as session:
        assert triage.set_status(session, ids, "triaged", **common) == 4
        assert triage.set_status(session, ids, "triaged", **common) == 0  # already
        triage.assign(session, ids[:2], "Jason Tan", **common)
        triage.add_tag(session, ids, "hospital", **common)
        triage.add_tag(session, ids, "hospital", **common)
    with demo_store.session() as session:
        rows = session.scalars(select(Mention).where(Mention.id.in_(ids))).all()
        assert {m.status for m in rows} == {"triaged"}
        assert sorted(m.assignee for m in rows) == ["", "", "Jason Tan", "Jason Tan"]
        assert all(m.tags == ["hospital"] for m in rows)
        entries = timeline.entries(session, incident_id)
        kinds = [e.text for e in entries if e.kind == "triage"]
        assert (
            "4 mention(s) set to triaged" in kinds and "2 mention(s) assigned to Jason Tan" in kinds
        )
        assert chain.verify(entries) is None
    with pytest.raises(UserError, match="unknown status"), demo_store.session() as session:
        triage.set_status(session, ids, "panicking", **common)


def test_pinning_twice_pins_once(demo_store: Store) -> None:
    incident_id = _incident_id(demo_store)
    ids = _some_mentions(demo_store, 3)
    with demo_store.session() as session:
        assert triage.pin(session, incident_id, ids, actor="Ana", origin=demo_store.origin) == 3
        assert triage.pin(session, incident_id, ids, actor="Ana", origin=demo_store.origin) == 0
    with demo_store.session() as session:
        assert session.query(PinnedMention).filter_by(incident_id=incident_id).count() == 3


def test_a_reply_needs_an_approved_template(demo_store: Store) -> None:
    incident_id = _incident_id(demo_store)
    mention_id = _some_mentions(demo_store, 1)[0]
    with demo_store.session() as session:
        plan = active_plan(session)
        assert plan is not None
        scenario = next(s for s in plan.scenarios if s.key == "food_safety")
        approved = next(
            m for m in scenario.messages if m.purpose == "reply" and m.status == "approved"
        )
        draft = next(m for m in scenario.messages if m.status == "draft")
        approved_id, draft_id = approved.id, draft.id
    with pytest.raises(UserError, match="not approved"), demo_store.session() as session:
        triage.record_reply(
            session,
            incident_id=incident_id,
            mention_id=mention_id,
            message_id=draft_id,
            body="x",
            actor="Ana",
            origin=demo_store.origin,
        )
    with demo_store.session() as session:
        triage.record_reply(
            session,
            incident_id=incident_id,
            mention_id=mention_id,
            message_id=approved_id,
            body="Sorry — DM us",
            actor="Ana",
            origin=demo_store.origin,
        )
    with demo_store.session() as session:
        sent = session.scalars(select(MessageSent)).one()
        assert sent.in_reply_to == mention_id and sent.body == "Sorry — DM us" and sent.approval_id
        assert session.get(Mention, mention_id).status == "responding"


@pytest.fixture
def feed(qtbot: QtBot, demo_store: Store) -> FeedPane:
    pane = FeedPane(demo_store, "Test Operator")
    qtbot.addWidget(pane)
    pane.set_incident(_incident_id(demo_store), "food_safety")
    pane.resize(900, 600)
    pane.show()
    return pane


def test_keyboard_triage_on_a_selection(qtbot: QtBot, feed: FeedPane, demo_store: Store) -> None:
    feed.table.setFocus()
    feed.table.selectRow(0)
    feed.table.selectionModel().select(
        feed.model.index(1, 0),
        QtCore.QItemSelectionModel.SelectionFlag.Select
        | QtCore.QItemSelectionModel.SelectionFlag.Rows,
    )
    ids = feed.selected_ids()
    assert len(ids) == 2
    qtbot.keyClick(feed.table, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # triaged
    with demo_store.session() as session:
        assert {session.get(Mention, i).status for i in ids} == {"triaged"}
    assert "triaged" in feed.model.index(0, 7).data()
    feed.status.setCurrentIndex(feed.status.findData("triaged"))
    assert feed.model.rowCount() == 2


def test_filters_by_language_risk_term_and_time_range(feed: FeedPane, demo_store: Store) -> None:
    total = feed.model.rowCount()
    feed.language.setCurrentIndex(feed.language.findData("ms"))
    malay = feed.model.rowCount()
    assert 0 < malay < total
    assert all(feed.model.row(i).language == "ms" for i in range(min(malay, 50)))
    feed.language.setCurrentIndex(0)
    term = feed.risk_term.findText("keracunan makanan")
    assert term > 0
    feed.risk_term.setCurrentIndex(term)
    assert all(
        "keracunan makanan" in feed.model.row(i).text.lower() for i in range(feed.model.rowCount())
    )
    feed.risk_term.setCurrentIndex(0)
    now = datetime.now(UTC)
    feed.set_time_range(now - timedelta(hours=2), now)
    recent = feed.model.rowCount()
    assert 0 < recent < total and feed.range_chip.isVisible()
    cutoff = now - timedelta(hours=2)
    assert all(
        datetime.fromisoformat(str(feed.model.row(i).published)).replace(tzinfo=UTC) >= cutoff
        for i in range(recent)
    )
    feed.clear_time_range()
    assert feed.model.rowCount() == total


def test_duplicate_clusters_collapse_to_one_row_with_a_count(
    feed: FeedPane, demo_store: Store
) -> None:
    from ui.models.mention_model import ClusterSizeRole, MentionIdRole

    ids = _some_mentions(demo_store, 7)
    with demo_store.session() as session:
        for mention in session.scalars(select(Mention).where(Mention.id.in_(ids))):
            mention.cluster_id = "campaign-test"
    feed.refresh()
    collapsed = feed.model.count_matching()
    visible = [
        r
        for r in range(min(feed.model.rowCount(), 200))
        if feed.model.index(r, 0).data(MentionIdRole) in ids
    ]
    assert len(visible) == 1  # one row stands for the campaign…
    row = visible[0]
    assert feed.model.index(row, 0).data(ClusterSizeRole) == 7  # …with its size
    assert feed.model.index(row, 3).data().startswith("×7")
    assert feed.model.index(row, 0).data(MentionIdRole) == ids[0]  # the newest copy
    feed.collapse.setChecked(False)
    with demo_store.session() as session:
        assert feed.model.count_matching() == session.query(Mention).count() > collapsed

"""Approval workflow of draft messages: every action logged, nothing shown approved wrongly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from warroom.errors import UserError
from warroom.plan.approval import (
    approval_state,
    approve,
    body_hash,
    edit_body,
    history,
    is_approved,
    reject,
    submit,
)
from warroom.plan.store import active_plan, ensure_default_plan
from warroom.store.db import Store, open_store
from warroom.store.models import Approval, MessageTemplate

T0 = datetime(2025, 3, 12, 8, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "w.sqlite3")
    ensure_default_plan(s)
    yield s
    s.close()


def _message_id(store: Store) -> str:
    with store.session() as session:
        plan = active_plan(session)
        assert plan is not None
        return plan.scenarios[0].messages[0].id


def test_new_messages_are_drafts_never_approved(store: Store) -> None:
    with store.session() as session:
        for msg in session.scalars(select(MessageTemplate)):
            assert msg.status == "draft"
            assert not is_approved(msg, T0)
            assert approval_state(msg, T0) == "draft"


def test_submit_approve_then_edit_returns_to_draft(store: Store) -> None:
    mid = _message_id(store)
    with store.session() as session:
        msg = session.get_one(MessageTemplate, mid)
        submit(msg, "sm", now=T0)
        assert msg.status == "submitted" and not is_approved(msg, T0)
        approve(msg, "lead", "ok", now=T0 + timedelta(minutes=1))
        assert is_approved(msg, T0 + timedelta(minutes=2))
    with store.session() as session:  # survives a reload from the database
        msg = session.get_one(MessageTemplate, mid)
        assert is_approved(msg, T0 + timedelta(minutes=2))
        assert msg.approved_by == "lead"
        edit_body(msg, msg.body + " Thank you.", "sm", now=T0 + timedelta(minutes=3))
        assert msg.status == "draft"
        assert msg.approved_by == "" and msg.approved_at is None
        assert not is_approved(msg, T0 + timedelta(minutes=4))
        actions = [a.action for a in history(msg)]
        assert actions == ["submitted", "approved", "reset"]
        rows = session.scalars(select(Approval).where(Approval.message_id == mid)).all()
        assert all(r.origin == store.origin for r in rows)
        last = max(rows, key=lambda r: r.at)
        assert last.body_hash == body_hash(msg.body)


def test_approval_expires(store: Store) -> None:
    mid = _message_id(store)
    with store.session() as session:
        msg = session.get_one(MessageTemplate, mid)
        approve(msg, "lead", "", T0 + timedelta(hours=1), now=T0)
        assert is_approved(msg, T0 + timedelta(minutes=59))
        assert not is_approved(msg, T0 + timedelta(hours=1))
        assert approval_state(msg, T0 + timedelta(hours=2)) == "expired"
        with pytest.raises(UserError, match="already have expired"):
            other = session.scalars(
                select(MessageTemplate).where(MessageTemplate.id != mid)
            ).first()
            assert other is not None
            approve(other, "lead", "", T0 - timedelta(hours=1), now=T0)


def test_rejected_is_never_approved(store: Store) -> None:
    mid = _message_id(store)
    with store.session() as session:
        msg = session.get_one(MessageTemplate, mid)
        submit(msg, "sm", now=T0)
        reject(msg, "legal", "mentions liability", now=T0 + timedelta(minutes=1))
        assert msg.status == "rejected"
        assert not is_approved(msg, T0 + timedelta(minutes=2))
        assert approval_state(msg, T0 + timedelta(minutes=2)) == "rejected"
        with pytest.raises(UserError):
            approve(msg, "lead", "sneaky", now=T0 + timedelta(minutes=2))
        assert not is_approved(msg, T0 + timedelta(minutes=3))
        with pytest.raises(UserError, match="why"):
            reject(msg, "legal", " ")
        # resubmitting is the way back
        submit(msg, "sm", now=T0 + timedelta(minutes=4))
        approve(msg, "lead", "fine now", now=T0 + timedelta(minutes=5))
        assert is_approved(msg, T0 + timedelta(minutes=6))
        assert [a.action for a in history(msg)] == [
            "submitted",
            "rejected",
            "submitted",
            "approved",
        ]


def test_body_changed_behind_the_workflow_is_not_approved(store: Store) -> None:
    mid = _message_id(store)
    with store.session() as session:
        msg = session.get_one(MessageTemplate, mid)
        approve(msg, "lead", now=T0)
        msg.body = msg.body.replace("sorry", "not sorry")  # not via edit_body
        assert not is_approved(msg, T0 + timedelta(minutes=1))
        assert approval_state(msg, T0 + timedelta(minutes=1)) == "changed"


def test_status_forged_without_approval_row_is_not_approved(store: Store) -> None:
    mid = _message_id(store)
    with store.session() as session:
        msg = session.get_one(MessageTemplate, mid)
        msg.status = "approved"
        msg.approved_by = "nobody"
        msg.approved_at = T0
        assert not is_approved(msg, T0 + timedelta(minutes=1))


def test_edit_of_draft_logged_and_unchanged_edit_is_noop(store: Store) -> None:
    mid = _message_id(store)
    with store.session() as session:
        msg = session.get_one(MessageTemplate, mid)
        assert edit_body(msg, msg.body, "sm") is None
        row = edit_body(msg, "New body for {brand}", "sm", now=T0)
        assert row is not None and row.action == "edited"
        assert row.body_hash == body_hash("New body for {brand}")
        with pytest.raises(UserError):
            submit(msg, "  ")

"""Every item model passes Qt's model tester."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from ui.models.contact_model import ContactModel
from ui.models.feed_filter import FeedFilter
from ui.models.mention_model import MentionModel
from ui.panes.plan import PlanPane
from warroom.store.db import Store


def test_mention_model(qtmodeltester, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    model = MentionModel(demo_store)
    qtmodeltester.check(model, force_py=True)
    model.set_filter(FeedFilter(sentiment="negative", collapse_duplicates=False))
    qtmodeltester.check(model, force_py=True)


def test_mention_model_on_an_empty_store(qtmodeltester, store: Store) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(MentionModel(store), force_py=True)


def test_contact_model(qtmodeltester, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    model = ContactModel(demo_store)
    qtmodeltester.check(model, force_py=True)
    tiers = [model.contact(r).tier for r in range(model.rowCount())]
    assert tiers == sorted(tiers)  # escalation order


@pytest.fixture
def plan_pane(qtbot: QtBot, demo_store: Store) -> Iterator[PlanPane]:
    pane = PlanPane(demo_store, "Test Operator")
    yield pane  # outlives the model tester's teardown, which disconnects from the model
    pane.deleteLater()


def test_plan_model(plan_pane: PlanPane, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(plan_pane.steps.model(), force_py=True)
    plan_pane.lang.setCurrentIndex(1)  # Malay: the model is rebuilt
    qtmodeltester.check(plan_pane.steps.model(), force_py=True)


def test_live_inserts_go_on_top_and_keep_the_selection(qtbot: QtBot, demo_store: Store) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import select

    from ui.models.mention_model import MentionIdRole
    from ui.qt import QtCore, QtWidgets
    from warroom.store.mention_writer import store_mentions
    from warroom.store.models import Source

    model = MentionModel(demo_store)
    view = QtWidgets.QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectRow(5)
    selected = model.index(5, 0).data(MentionIdRole)
    before = model.rowCount()
    with demo_store.session() as session:
        source = session.scalars(select(Source)).first()
        assert source is not None
        store_mentions(
            session,
            [
                {
                    "source_id": source.id,
                    "external_id": f"live-{n}",
                    "text": f"live {n}",
                    "published_at": datetime.now(UTC),
                }
                for n in range(3)
            ],
            origin=demo_store.origin,
        )
    assert model.insert_new() == 3
    assert model.rowCount() == before + 3
    assert model.index(0, 3).data() == "live 2"
    current = view.selectionModel().selectedRows()[0]
    assert model.data(current, MentionIdRole) == selected
    assert isinstance(current, QtCore.QModelIndex)


def test_the_feed_loads_pages_as_the_user_scrolls(qtbot: QtBot, demo_store: Store) -> None:
    from ui.models import mention_model
    from ui.qt import QtWidgets

    every = FeedFilter(collapse_duplicates=False)
    probe = MentionModel(demo_store)
    probe.set_filter(every)
    total = probe.count_matching()
    assert total > 2500
    old_first, old_next = mention_model.FIRST_PAGE, mention_model.NEXT_PAGE
    mention_model.FIRST_PAGE, mention_model.NEXT_PAGE = 500, 1000
    try:
        model = MentionModel(demo_store)
        model.set_filter(every)
        assert model.rowCount() == 500 and model.canFetchMore()
        view = QtWidgets.QTableView()
        qtbot.addWidget(view)
        view.setModel(model)
        view.show()
        while model.canFetchMore():
            view.scrollToBottom()
            qtbot.wait(1)
        assert model.rowCount() == total and model.complete
        times = [model.row(i).published for i in range(model.rowCount())]
        assert times == sorted(times, reverse=True)  # newest first across page boundaries
        ids = [model.row(i).id for i in range(model.rowCount())]
        assert len(set(ids)) == total  # no row twice, none lost at the seams
    finally:
        mention_model.FIRST_PAGE, mention_model.NEXT_PAGE = old_first, old_next

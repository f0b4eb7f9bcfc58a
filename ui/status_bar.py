"""The status bar: sources and their health, last update, online or offline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text

from ui.qt import Qt, QtWidgets
from warroom.store.db import Store
from warroom.store.models import Mention, Source


class StatusBar(QtWidgets.QStatusBar):
    def __init__(self, store: Store, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.store = store
        self.sources = QtWidgets.QLabel(self)
        self.sources.setObjectName("statusSources")
        self.updated = QtWidgets.QLabel(self)
        self.updated.setObjectName("statusUpdated")
        self.network = QtWidgets.QLabel(self)
        self.network.setObjectName("statusNetwork")
        self.sources.setMinimumWidth(60)
        self.sources.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        for label in (self.sources, self.updated, self.network):  # source names come from sync
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.addWidget(self.sources, 1)
        self.addPermanentWidget(self.updated)
        self.addPermanentWidget(self.network)
        self.refresh()

    def refresh(self) -> None:
        with self.store.session() as session:
            sources = session.scalars(select(Source)).all()
            # the last stored mention, by rowid: no scan of a million rows
            newest = session.scalar(
                select(Mention.fetched_at).order_by(text("mentions.rowid DESC")).limit(1)
            )
            enabled = [s for s in sources if s.enabled]
            healthy = sum(1 for s in enabled if s.health == "ok")
            offline = [s for s in enabled if s.health == "offline"]
            failing = [s for s in enabled if s.health == "error"]
            paused = len(sources) - len(enabled)
        parts = [self.tr("1 source") if len(sources) == 1 else self.tr("%d sources") % len(sources)]
        if enabled:
            parts.append(self.tr("%d healthy") % healthy)
        if failing:
            parts.append(
                self.tr("%d failing: %s") % (len(failing), ", ".join(s.name for s in failing))
            )
        if paused:
            parts.append(self.tr("%d paused") % paused)
        self.sources.setText(" · ".join(parts))
        self.updated.setText(
            self.tr("Last update %s") % _local(newest) if newest else self.tr("No data yet")
        )
        if enabled and len(offline) == len(enabled):
            self.network.setText(self.tr("● Offline — working from the local store"))
            self.network.setStyleSheet("color: #c62828; font-weight: bold;")
        elif enabled:
            self.network.setText(self.tr("● Online"))
            self.network.setStyleSheet("color: #2e7d32; font-weight: bold;")
        else:
            self.network.setText(self.tr("● Local store (no live sources)"))
            self.network.setStyleSheet("color: #616161;")


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%d %b %H:%M")

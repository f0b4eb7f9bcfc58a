"""The response clocks in the window: the strip in the top bar and the escalation banner.

`ClocksController` reads the open incident's clocks (warroom.incidents.clocks)
when the incident changes and every 30 s, writes newly breached clocks on the
timeline (once per clock), and ticks the display every second from what it
read.  It feeds three views: the `ClocksStrip` beside the incident bar (the
next deadline and what is overdue, in red), the plan pane's overdue steps
(`PlanPane.overdue`) and the `EscalationBanner` over the contact sheet (who is
due to be escalated to).  In wall mode the strip is drawn large.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal, plain
from warroom.incidents import clocks as engine
from warroom.incidents import service as incidents
from warroom.store.db import Store
from warroom.store.models import Contact, ContactEvent, utcnow

OVERDUE = "#b71c1c"
RUNNING = "#1f3a5f"


def span_text(seconds: float) -> str:
    """'4 min', '1 h 05 min', '2 d 3 h' in the interface language."""
    translate = QtCore.QCoreApplication.translate
    total = max(0, int(seconds))
    minutes = total // 60
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return translate("ClocksStrip", "%d d %d h") % (days, hours)
    if hours:
        return translate("ClocksStrip", "%d h %s min") % (hours, f"{minutes:02d}")
    if minutes:
        return translate("ClocksStrip", "%d min") % minutes
    return translate("ClocksStrip", "%d s") % (total % 60)


class ClocksStrip(QtWidgets.QFrame):
    """The next deadline and the overdue count; Acknowledge when not yet done.

    Signals:
        acknowledge(): the user acknowledges the incident.
    """

    acknowledge = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clocksStrip")
        self.next_label = QtWidgets.QLabel(self)
        self.next_label.setObjectName("nextClock")
        self.next_label.setTextFormat(Qt.TextFormat.PlainText)
        self.overdue_label = QtWidgets.QLabel(self)
        self.overdue_label.setObjectName("overdueClocks")
        self.overdue_label.setTextFormat(Qt.TextFormat.PlainText)
        self.ack_button = QtWidgets.QPushButton(self.tr("Acknowledge"), self)
        self.ack_button.setObjectName("acknowledgeIncident")
        self.ack_button.setToolTip(self.tr("Acknowledge the incident (Ctrl+Alt+A)"))
        self.ack_button.clicked.connect(self.acknowledge.emit)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.overdue_label)
        layout.addWidget(self.next_label)
        layout.addWidget(self.ack_button)
        self.language = "en"
        self._clocks: list[engine.Clock] = []
        self._wall = False
        self.show_clocks([], utcnow())

    def clock_label(self, clock: engine.Clock) -> str:
        """What a clock is about, in the interface language."""
        if clock.kind == "step":
            return clock.text.get(self.language) or clock.label
        if clock.kind == "escalation":
            tier = clock.tier or 2
            return self.tr("Tier %d to acknowledge (else tier %d)") % (tier - 1, tier)
        if clock.key == "acknowledge":
            return self.tr("Acknowledge within %d min") % (clock.minutes or 0)
        return self.tr("Holding statement within %d min") % (clock.minutes or 0)

    def set_wall(self, on: bool) -> None:
        """Large clocks for the projector."""
        self._wall = on
        for label in (self.next_label, self.overdue_label):
            font = label.font()
            font.setPointSizeF(QtWidgets.QApplication.font().pointSizeF() * (1.6 if on else 1.0))
            font.setBold(True)
            label.setFont(font)
        self.show_clocks(self._clocks, utcnow())

    def show_clocks(self, found: list[engine.Clock], now: datetime) -> None:
        self._clocks = list(found)
        overdue = [c for c in found if c.state(now) == "breached"]
        upcoming = engine.next_due(found, now)
        self.setVisible(bool(found))
        if overdue:
            self.overdue_label.setText(self.tr("⚠ %d overdue") % len(overdue))
            self.overdue_label.setStyleSheet(
                f"background: {OVERDUE}; color: white; padding: 3px 8px; border-radius: 4px;"
            )
            self.overdue_label.show()
        else:
            self.overdue_label.hide()
        if upcoming is not None:
            left = span_text(upcoming.remaining(now).total_seconds())
            name = self.clock_label(upcoming)
            limit = 60 if self._wall else 34
            if len(name) > limit:
                name = name[: limit - 1].rstrip() + "…"
            self.next_label.setText(self.tr("⏱ %s in %s") % (name, left))
            colour = "#ffff00" if self._wall else RUNNING
            self.next_label.setStyleSheet(f"color: {colour}; padding: 3px 6px;")
            self.next_label.show()
        else:
            self.next_label.setVisible(not overdue and bool(found))
            self.next_label.setText(self.tr("All clocks met"))
        ack = next((c for c in found if c.key == "acknowledge"), None)
        self.ack_button.setVisible(ack is not None and ack.met_at is None and not self._wall)
        lines = [self._line(c, now) for c in found]
        self.setToolTip("<br>".join(lines))

    def _line(self, clock: engine.Clock, now: datetime) -> str:
        state = clock.state(now)
        name = html.escape(self.clock_label(clock))
        due = f"{clock.due_at:%H:%M}"
        if state == "running":
            return self.tr("%s — due %s UTC") % (name, due)
        if state == "met":
            return self.tr("✔ %s — met") % name
        return (
            f'<span style="color:{OVERDUE}">'
            + self.tr("⚠ %s — due %s UTC, overdue")
            % (
                name,
                due,
            )
            + "</span>"
        )


class EscalationBanner(QtWidgets.QLabel):
    """Over the contact sheet: the tier now due and who in it is not yet contacted."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalationBanner")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet(f"background: {OVERDUE}; color: white; padding: 4px; font-weight: bold;")
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Minimum
        )
        self.hide()

    def show_due(self, due: dict[int, list[str]]) -> None:
        """`due`: tier -> names of its contacts not yet contacted; the highest tier leads."""
        if not due:
            self.hide()
            return
        lines = []
        for tier, names in sorted(due.items(), reverse=True):
            who = ", ".join(names) if names else self.tr("everyone reached")
            lines.append(self.tr("Escalate to tier %d: %s") % (tier, who))
        tier = max(due)
        names = due[tier]
        who = ", ".join(names[:3]) if names else self.tr("everyone reached")
        if len(names) > 3:
            who += " " + self.tr("and %d more") % (len(names) - 3)
        text = "⚠ " + self.tr("Escalate to tier %d: %s") % (tier, who)
        if len(due) > 1:
            text += " " + self.tr("(%d tiers due)") % len(due)
        self.setText(text)
        self.setToolTip(plain("\n".join(lines)))
        self.show()


class ClocksController(QtCore.QObject):
    """Reads clocks from the store, records breaches, and drives the views.

    Signals:
        breached(): new breach entries were written on the timeline.
    """

    breached = Signal()

    def __init__(
        self,
        store: Store,
        strip: ClocksStrip,
        banner: EscalationBanner,
        on_overdue_steps: Callable[[dict[str, datetime]], None],
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.strip = strip
        self.banner = banner
        self.on_overdue_steps = on_overdue_steps
        self.incident_id: str | None = None
        self.clocks: list[engine.Clock] = []
        self._tick = QtCore.QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show)
        self._tick.start()
        self._read = QtCore.QTimer(self)
        self._read.setInterval(30_000)
        self._read.timeout.connect(self.refresh)
        self._read.start()
        self._last_overdue: dict[str, datetime] = {}

    def refresh(self) -> None:
        """Read the open incident's clocks again; write new breaches."""
        now = utcnow()
        added = []
        due: dict[int, list[str]] = {}
        with self.store.session() as session:
            incident = incidents.current_incident(session)
            self.incident_id = incident.id if incident is not None else None
            if incident is None:
                self.clocks = []
            else:
                added = engine.record_breaches(session, incident, origin=self.store.origin, now=now)
                self.clocks = engine.incident_clocks(session, incident)
                tiers = engine.escalation_due(self.clocks, now)
                if tiers:
                    reached = set(
                        session.scalars(
                            select(ContactEvent.contact_id).where(
                                ContactEvent.incident_id == incident.id
                            )
                        )
                    )
                    for tier in tiers:
                        names = session.execute(
                            select(Contact.id, Contact.name)
                            .where(Contact.escalation_tier == tier)
                            .order_by(Contact.name)
                        ).all()
                        due[tier] = [name for cid, name in names if cid not in reached]
        self.banner.show_due(due)
        self._show()
        if added:
            self.breached.emit()

    def _show(self) -> None:
        now = utcnow()
        self.strip.show_clocks(self.clocks, now)
        overdue = {
            c.key.removeprefix("step:"): c.due_at
            for c in self.clocks
            if c.kind == "step" and c.state(now) == "breached"
        }
        if overdue != self._last_overdue:
            self._last_overdue = overdue
            self.on_overdue_steps(overdue)


def mark_overdue_steps(model: QtGui.QStandardItemModel, overdue: dict[str, datetime]) -> None:
    """Overdue checklist steps in red and bold, with the deadline in their tooltip."""
    from ui.panes.plan import StepKeyRole

    for row in range(model.rowCount()):
        stage = model.item(row)
        if stage is None:
            continue
        for child in range(stage.rowCount()):
            item = stage.child(child)
            if item is None:
                continue
            due = overdue.get(str(item.data(StepKeyRole) or ""))
            late = due is not None and item.checkState() != Qt.CheckState.Checked
            font = item.font()
            font.setBold(late)
            item.setFont(font)
            if late:
                item.setForeground(QtGui.QBrush(QtGui.QColor(OVERDUE)))
            else:  # the theme's text colour (an empty brush would paint black on dark)
                item.setData(None, Qt.ItemDataRole.ForegroundRole)
            base = item.toolTip().split("<br>⚠", 1)[0]
            if late and due is not None:
                note = QtCore.QCoreApplication.translate("ClocksStrip", "Overdue since %s UTC")
                item.setToolTip(f"{base}<br>⚠ {note % f'{due:%H:%M}'}")
            else:
                item.setToolTip(base)
            item.setData("overdue" if late else None, OverdueRole)


OverdueRole = Qt.ItemDataRole.UserRole + 20

"""The war room at a glance: the strip of live figures and the top narratives panel.

`GlanceStrip` sits under the incident bar: level and trend, mentions in the
last 15 minutes and the last hour against the usual rate, the negative share
and its trend, time since the last public statement, the next due action and
its owner, open alerts.  `NarrativesPanel` lists the largest clusters of the
last hours.  Every figure and narrative is a button: a click filters the
feed to what it counts (`FeedPane.show_only`).

`GlanceController` computes both off the UI thread (ui/tasks.py, the "read"
pool) from warroom/glance.py, coalescing engine events so the work runs at
most every `MIN_INTERVAL_MS`.  An unknown figure shows "—" with a tooltip
saying why, never zero.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ui.clocks_strip import span_text
from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal, plain
from ui.tasks import Operation, Task
from warroom import glance as engine
from warroom.store.db import Store

MIN_INTERVAL_MS = 2000
UNKNOWN = "—"
FIGURES = ("level", "last_15", "last_hour", "negative", "statement", "next", "alerts")


def why_text(reason: str) -> str:
    """Why a figure is unknown, in the interface language."""
    translate = QtCore.QCoreApplication.translate
    words = {
        engine.NO_INCIDENT: translate("GlanceStrip", "No open incident."),
        engine.NO_MENTIONS: translate("GlanceStrip", "No mentions stored yet."),
        engine.NO_HISTORY: translate("GlanceStrip", "Not enough history before the last hour."),
        engine.NO_SCORED: translate(
            "GlanceStrip", "No mention in the last hour has a sentiment score."
        ),
        engine.NO_STATEMENT: translate(
            "GlanceStrip", "No public statement has been sent on this incident yet."
        ),
        engine.NO_PLAN: translate("GlanceStrip", "No crisis plan: no actions are due."),
        engine.NOTHING_DUE: translate("GlanceStrip", "Every action with a deadline is done."),
    }
    return words.get(reason, reason)


def trend_arrow(sign: float | None) -> str:
    if sign is None:
        return ""
    return "▲" if sign > 0 else "▼" if sign < 0 else "→"


@dataclass(frozen=True)
class Figure:
    value: str
    caption: str
    tooltip: str
    known: bool = True
    alarm: bool = False  # drawn in red


class FigureButton(QtWidgets.QPushButton):
    """One figure: the number large, its caption smaller under it (both cut with "…" when
    narrow; the tooltip says it whole)."""

    def __init__(self, key: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"glance_{key}")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(40)
        self.value_label = QtWidgets.QLabel(self)
        self.caption_label = QtWidgets.QLabel(self)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 1, 4, 1)
        layout.setSpacing(0)
        for label in (self.value_label, self.caption_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setSizePolicy(
                QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
            )
            layout.addWidget(label)
        self.figure = Figure(UNKNOWN, "", "", known=False)
        self.scale = 1.0
        self._fonts: tuple[QtGui.QFont, QtGui.QFont] | None = None  # the sizes wanted

    def show_figure(self, figure: Figure, wall: bool) -> None:
        self.figure = figure
        self.setToolTip(plain(figure.tooltip))
        colour = ("#ff5252" if wall else "#c62828") if figure.alarm else ""
        style = f"color: {colour};" if colour else ""
        self.value_label.setStyleSheet(style)
        self.caption_label.setStyleSheet(style)
        base = QtWidgets.QApplication.font().pointSizeF()
        value_font = self.value_label.font()
        value_font.setPointSizeF(base * (1.9 if wall else 1.3))
        value_font.setBold(True)
        self.value_label.setFont(value_font)
        caption_font = self.caption_label.font()
        caption_font.setPointSizeF(base * (0.85 if wall else 0.9))
        self.caption_label.setFont(caption_font)
        self._fonts = (QtGui.QFont(value_font), QtGui.QFont(caption_font))
        self.setFixedHeight(
            QtGui.QFontMetrics(value_font).height() + QtGui.QFontMetrics(caption_font).height() + 6
        )
        self._fit()

    def text(self) -> str:  # type: ignore[override]
        return f"{self.figure.value}\n{self.figure.caption}"

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()

    SMALLEST = 0.6  # a figure's type shrinks to this share of its size before "…" cuts it

    def _fit(self) -> None:
        """Each line in its full size if it fits, else in smaller type (down to SMALLEST),
        and only then cut with "…": on a wall nobody can hover for the tooltip."""
        width = max(10, self.width() - 10)
        fonts = self._fonts
        for index, (label, text) in enumerate(
            ((self.value_label, self.figure.value), (self.caption_label, self.figure.caption))
        ):
            if fonts is not None:
                font = QtGui.QFont(fonts[index])
                natural = QtGui.QFontMetricsF(font).horizontalAdvance(text)
                if natural > width:
                    share = max(self.SMALLEST, 0.95 * width / natural)  # hinting rounds up
                    font.setPointSizeF(font.pointSizeF() * share)
                label.setFont(font)
            label.setText(label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width))


class GlanceStrip(QtWidgets.QFrame):
    """The figures in a row.  Signals: chosen(key): a figure was clicked."""

    chosen = Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("glanceStrip")
        self.buttons: dict[str, FigureButton] = {}
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        stretch = {"next": 3, "statement": 2, "negative": 2, "last_15": 2, "last_hour": 2}
        for key in FIGURES:
            button = FigureButton(key, self)
            button.clicked.connect(lambda _checked=False, k=key: self.chosen.emit(k))
            layout.addWidget(button, stretch.get(key, 1))
            self.buttons[key] = button
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self.language = "en"
        self.label_for: Callable[[Any], str] | None = None  # a clock's words (ClocksStrip)
        self.wall = False
        self.current: engine.Glance | None = None
        self.show_glance(None)

    def set_wall(self, on: bool) -> None:
        self.wall = on
        self.show_glance(self.current)

    def show_glance(self, found: engine.Glance | None) -> None:
        self.current = found
        figures = self.figures(found)
        for key, button in self.buttons.items():
            button.show_figure(figures[key], self.wall)
        self.updateGeometry()

    def figures(self, found: engine.Glance | None) -> dict[str, Figure]:
        if found is None:
            waiting = self.tr("Not computed yet.")
            captions = {
                "level": self.tr("Level"),
                "last_15": self.tr("Last 15 min"),
                "last_hour": self.tr("Last hour"),
                "negative": self.tr("Negative (1 h)"),
                "statement": self.tr("Since statement"),
                "next": self.tr("Next action"),
                "alerts": self.tr("Open alerts"),
            }
            return {k: Figure(UNKNOWN, c, waiting, known=False) for k, c in captions.items()}
        why = found.why
        out: dict[str, Figure] = {}
        if found.level is None:
            out["level"] = Figure(UNKNOWN, self.tr("Level"), why_text(why.get("level", "")), False)
        else:
            arrow = trend_arrow(found.level_trend)
            trend = {1: self.tr("rose in the last hour"), -1: self.tr("fell in the last hour")}.get(
                found.level_trend or 0, self.tr("steady over the last hour")
            )
            out["level"] = Figure(
                f"{found.level} {arrow}",
                self.tr("Level"),
                self.tr("Incident level %d of 5, %s. Click: high-severity mentions.")
                % (found.level, trend),
                alarm=found.level >= 4,
            )
        for key, value, base, caption in (
            ("last_15", found.last_15, found.baseline_15, self.tr("Last 15 min")),
            ("last_hour", found.last_hour, found.baseline_hour, self.tr("Last hour")),
        ):
            if value is None:
                out[key] = Figure(UNKNOWN, caption, why_text(why.get(key, "")), False)
                continue
            if base is None:
                usual = UNKNOWN
                tip = self.tr("%d mentions. Usual rate unknown: %s") % (
                    value,
                    why_text(why.get("baseline", "")),
                )
            else:
                usual = f"{base:.0f}"
                tip = self.tr("%d mentions; usually %.1f in that time (the day before).") % (
                    value,
                    base,
                )
            high = base is not None and value > 2 * max(base, 1.0)
            out[key] = Figure(
                f"{value}",
                self.tr("%s · usual %s") % (caption, usual),
                tip + " " + self.tr("Click: those mentions."),
                alarm=high,
            )
        if found.negative_share is None:
            out["negative"] = Figure(
                UNKNOWN, self.tr("Negative (1 h)"), why_text(why.get("negative_share", "")), False
            )
        else:
            share = round(100 * found.negative_share)
            if found.negative_trend is None:
                change = ""
                tip = (
                    self.tr("%d%% of %d scored mentions in the last hour are negative.")
                    % (
                        share,
                        found.scored_hour,
                    )
                    + " "
                    + why_text(why.get("negative_trend", ""))
                )
            else:
                points = round(100 * found.negative_trend)
                change = f" {trend_arrow(points)}{abs(points)}"
                tip = self.tr(
                    "%d%% of %d scored mentions in the last hour are negative (%+d points on "
                    "the hour before)."
                ) % (share, found.scored_hour, points)
            out["negative"] = Figure(
                f"{share}%{change}",
                self.tr("Negative (1 h)"),
                tip + " " + self.tr("Click: negative mentions of the last hour."),
                alarm=share >= 50,
            )
        since = found.since_statement
        if since is None:
            out["statement"] = Figure(
                UNKNOWN, self.tr("Since statement"), why_text(why.get("statement", "")), False
            )
        else:
            assert found.last_statement_at is not None
            out["statement"] = Figure(
                span_text(since.total_seconds()),
                self.tr("Since statement"),
                self.tr("Last public statement at %s UTC on %s. Click: mentions since then.")
                % (f"{found.last_statement_at:%d %b %H:%M}", found.last_statement_channel),
                alarm=since > timedelta(hours=1),
            )
        if found.next_due_at is None:
            out["next"] = Figure(
                UNKNOWN, self.tr("Next action"), why_text(why.get("next", "")), False
            )
        else:
            action = found.next_action.get(self.language) or found.next_label
            clock = found.next_clock
            if clock is not None and self.label_for is not None:
                action = self.label_for(clock)
            owner = found.next_owner
            escalation = clock is not None and clock.kind == "escalation"
            if not owner and clock is not None and escalation:
                owner = self.tr("Tier %d") % max(1, (clock.tier or 2) - 1)
            owner = owner or self.tr("no owner")
            left = (found.next_due_at - found.now).total_seconds()
            if left < 0:
                when = self.tr("overdue %s") % span_text(-left)
            else:
                when = self.tr("in %s") % span_text(left)
            overdue = (
                " " + self.tr("(%d overdue in all)") % found.overdue if found.overdue > 1 else ""
            )
            out["next"] = Figure(
                when,
                action if escalation else f"{owner}: {action}",  # a tier's clock names it
                self.tr(
                    "Next due: %s — owner %s, due %s UTC%s. Click: untriaged mentions since the "
                    "incident opened."
                )
                % (action, owner, f"{found.next_due_at:%d %b %H:%M}", overdue),
                alarm=left < 0,
            )
        alerts = found.open_alerts
        if alerts is None:
            out["alerts"] = Figure(UNKNOWN, self.tr("Open alerts"), "", False)
        else:
            out["alerts"] = Figure(
                f"{alerts}",
                self.tr("Open alerts"),
                self.tr("%d alerts not acknowledged. Click: mentions since the first of them.")
                % alerts,
                alarm=alerts > 0,
            )
        return out


class NarrativesPanel(QtWidgets.QWidget):
    """The top narratives, largest first.  Signals: chosen(cluster_id, caption)."""

    chosen = Signal(str, str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("narrativesPanel")
        self.list = QtWidgets.QListWidget(self)
        self.list.setObjectName("narrativesList")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)  # the narratives apart from each other
        self.list.setUniformItemSizes(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        self.empty = QtWidgets.QLabel(
            self.tr("No narratives yet: no repeated story in the last day."), self
        )
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        self.narratives: list[engine.Narrative] = []
        self.show_narratives([])

    def show_narratives(self, found: list[engine.Narrative]) -> None:
        self.narratives = list(found)
        current = self.list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.list.clear()
        for narrative in found:
            item = QtWidgets.QListWidgetItem(self.line(narrative))
            item.setData(Qt.ItemDataRole.UserRole, narrative.cluster_id)
            item.setToolTip(plain(self.tooltip(narrative)))
            self.list.addItem(item)
            if narrative.cluster_id == keep:
                self.list.setCurrentItem(item)
        self.list.setVisible(bool(found))
        self.empty.setVisible(not found)

    def feeling(self, sentiment: float | None) -> str:
        if sentiment is None:
            return UNKNOWN
        if sentiment <= engine.NEGATIVE:
            return self.tr("negative")
        if sentiment >= 0.05:
            return self.tr("positive")
        return self.tr("neutral")

    def line(self, narrative: engine.Narrative) -> str:
        text = " ".join(narrative.text.split())  # one paragraph: plain text, never rich
        if len(text) > 140:
            text = text[:139].rstrip() + "…"
        head = self.tr("×%d %s · %d in the last hour · %s") % (
            narrative.count,
            trend_arrow(narrative.trend),
            narrative.last_hour,
            self.feeling(narrative.sentiment),
        )
        return f"{head}\n“{text}”"

    def tooltip(self, narrative: engine.Narrative) -> str:
        return self.tr(
            "%d mentions between %s and %s UTC (%d in the last hour, %d the hour before); "
            "mean sentiment %s.\nClick to show them in the feed.\n\n%s — %s"
        ) % (
            narrative.count,
            f"{narrative.first_at:%d %b %H:%M}",
            f"{narrative.last_at:%d %b %H:%M}",
            narrative.last_hour,
            narrative.hour_before,
            UNKNOWN if narrative.sentiment is None else f"{narrative.sentiment:+.2f}",
            narrative.author or "?",
            narrative.text,
        )

    def _chosen(self, item: QtWidgets.QListWidgetItem) -> None:
        cluster = str(item.data(Qt.ItemDataRole.UserRole) or "")
        found = next((n for n in self.narratives if n.cluster_id == cluster), None)
        if found is None:
            return
        text = " ".join(found.text.split())
        caption = self.tr("Narrative: %s") % (text[:30] + ("…" if len(text) > 30 else ""))
        self.chosen.emit(cluster, caption)


class GlanceController(QtCore.QObject):
    """Computes the strip and narratives off the UI thread, at most every 2 s.

    Signals: updated(): new figures are shown (tests wait on it).
    """

    updated = Signal()

    def __init__(
        self,
        store: Store,
        strip: GlanceStrip,
        panel: NarrativesPanel,
        parent: QtCore.QObject | None = None,
        *,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.strip = strip
        self.panel = panel
        self.now = now
        self._started = False
        self._running = False
        self._dirty = False
        self._last_run = 0.0
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run)
        self._tick = QtCore.QTimer(self)  # times since and until move on without events
        self._tick.setInterval(30_000)
        self._tick.timeout.connect(self.request)
        self.runs = 0

    def start(self) -> None:
        self._started = True
        self._tick.start()
        self.request()

    def request(self, *_args: object) -> None:
        """Ask for fresh figures; events arriving together cost one computation."""
        if not self._started:
            return  # nothing is computed before the window's first paint
        if self._running:
            self._dirty = True
            return
        if self._timer.isActive():
            return
        waited = (time.monotonic() - self._last_run) * 1000
        self._timer.start(int(max(0.0, MIN_INTERVAL_MS - waited)))

    def _run(self) -> None:
        self._running = True
        self._dirty = False
        self._last_run = time.monotonic()
        self.runs += 1
        store = self.store
        moment = self.now() if self.now is not None else None

        def work(_task: Task) -> tuple[engine.Glance, list[engine.Narrative]]:
            with store.session() as session:
                return engine.glance(session, moment), engine.top_narratives(session, moment)

        Operation(self, work, self._done).on_failure(self._failed).run("read")

    def _done(self, result: Any) -> None:
        found, narratives = result
        self._finish()
        self.strip.show_glance(found)
        self.panel.show_narratives(narratives)
        self.updated.emit()

    def _failed(self, exc: BaseException) -> None:
        import logging

        logging.getLogger(__name__).warning("at-a-glance figures failed: %s", exc)
        self._finish()

    def _finish(self) -> None:
        self._running = False
        if self._dirty:
            self.request()


def feed_choice(key: str, found: engine.Glance | None) -> dict[str, Any]:
    """What a click on a figure shows in the feed: FeedPane.show_only arguments."""
    if found is None:
        return {}
    hour_ago = found.now - timedelta(hours=1)
    choices: dict[str, dict[str, Any]] = {
        "level": {"min_severity": 60},
        "last_15": {"since": found.now - timedelta(minutes=15)},
        "last_hour": {"since": hour_ago},
        "negative": {"since": hour_ago, "sentiment": "negative"},
        "statement": {"since": found.last_statement_at or found.opened_at},
        "next": {"since": found.opened_at, "status": "new"},
        "alerts": {"since": found.first_open_alert_at},
    }
    return choices.get(key, {})

"""The incident bar over the panes: title, crisis type, stage, level, time open."""

from __future__ import annotations

from datetime import datetime

from ui.qt import Qt, QtCore, QtGui, QtWidgets, plain
from warroom.incidents.stages import crisis_type_title, stage_title
from warroom.store.models import utcnow

LEVEL_NAMES = {
    1: QtCore.QT_TRANSLATE_NOOP("IncidentBar", "Low"),
    2: QtCore.QT_TRANSLATE_NOOP("IncidentBar", "Guarded"),
    3: QtCore.QT_TRANSLATE_NOOP("IncidentBar", "Elevated"),
    4: QtCore.QT_TRANSLATE_NOOP("IncidentBar", "High"),
    5: QtCore.QT_TRANSLATE_NOOP("IncidentBar", "Critical"),
}
LEVEL_COLOURS = {1: "#2e7d32", 2: "#9e9d24", 3: "#f9a825", 4: "#ef6c00", 5: "#b71c1c"}


def elapsed_text(since: datetime, now: datetime | None = None) -> str:
    seconds = max(0, int(((now or utcnow()) - since).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h {minutes:02d}m"
    return f"{hours}h {minutes:02d}m"


class ElidedLabel(QtWidgets.QLabel):
    """A one-line label that ends in "…" when too narrow; the whole text is its tooltip.

    With `smallest` below 1 the type first shrinks (down to that share of its size)
    so that the whole text fits: on a projector nobody hovers for a tooltip."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, *, smallest: float = 1.0) -> None:
        super().__init__(parent)
        self._full = ""
        self.smallest = smallest
        self._base: QtGui.QFont | None = None  # the font wanted (else the parent's)

    def set_base_font(self, font: QtGui.QFont) -> None:
        """The font the text is shown in when it fits (else the parent's font)."""
        self._base = QtGui.QFont(font)
        self.setFont(font)
        self._elide()

    def _wanted_font(self) -> QtGui.QFont:
        if self._base is not None:
            return QtGui.QFont(self._base)
        parent = self.parentWidget()
        return QtGui.QFont(parent.font() if parent is not None else QtWidgets.QApplication.font())

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(plain(text))
        self._elide()

    def sizeHint(self) -> QtCore.QSize:
        """The whole text in the wanted type (not the cut text shown now)."""
        hint = super().sizeHint()
        metrics = QtGui.QFontMetrics(self._wanted_font())
        width = metrics.horizontalAdvance(self._full) + 2 * self.margin() + 10
        return QtCore.QSize(max(width, self.minimumWidth()), hint.height())

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.ApplicationFontChange:
            self._elide()  # the wall theme's type: fit again

    def _elide(self) -> None:
        width = self.contentsRect().width() - 2 * self.margin() - 8  # the style's padding
        if self.smallest < 1.0 and width > 0 and self._full:
            font = self._wanted_font()
            natural = QtGui.QFontMetricsF(font).horizontalAdvance(self._full)
            if natural > width:
                font.setPointSizeF(font.pointSizeF() * max(self.smallest, 0.95 * width / natural))
            if font != self.font():
                self.setFont(font)
        metrics = self.fontMetrics()
        shown = self._full
        if width > 0 and metrics.horizontalAdvance(shown) > width:
            shown = metrics.elidedText(shown, Qt.TextElideMode.ElideRight, width)
        super().setText(shown)


class IncidentBar(QtWidgets.QFrame):
    """Shows the open incident, or that there is none."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentBar")
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )
        self.title = ElidedLabel(self, smallest=0.75)
        self.title.setObjectName("incidentTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.set_base_font(font)
        self.title.setMinimumWidth(60)  # long titles are cut, never widen the window
        self.title.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.crisis_type = ElidedLabel(self, smallest=0.8)
        self.stage = ElidedLabel(self, smallest=0.8)
        self.level = QtWidgets.QLabel(self)
        self.level.setObjectName("severityLevel")
        self.level.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.level.setMinimumWidth(120)
        self.elapsed = QtWidgets.QLabel(self)
        self.banner = ElidedLabel(self, smallest=0.8)
        self.banner.setObjectName("alertBanner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        self.banner.setMinimumWidth(60)
        self.banner.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.banner_action = QtWidgets.QPushButton(self)
        self.banner_action.setObjectName("alertAction")
        self.banner_action.hide()
        self.banner_dismiss = QtWidgets.QToolButton(self)
        self.banner_dismiss.setText("✕")
        self.banner_dismiss.setToolTip(self.tr("Dismiss the alert"))
        self.banner_dismiss.hide()
        self.banner_dismiss.clicked.connect(self.dismiss_alert)
        for label in (self.crisis_type, self.stage, self.elapsed, self.level):
            label.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.crisis_type, self.stage):  # shrink before the window must grow
            label.setMinimumWidth(40)
            label.setSizePolicy(  # their whole words when there is room; the title gives way
                QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Preferred
            )
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.title, 4)
        layout.addWidget(self.crisis_type)
        layout.addWidget(self.stage)
        layout.addWidget(self.level)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.banner, 2)
        layout.addWidget(self.banner_action)
        layout.addWidget(self.banner_dismiss)
        self._opened_at: datetime | None = None
        self.show_none()

    def show_none(self) -> None:
        self._opened_at = None
        self.title.set_full_text(self.tr("No open incident"))
        self.crisis_type.set_full_text("")
        self.stage.set_full_text("")
        self.level.setText(self.tr("Monitoring"))
        self.level.setStyleSheet("")
        self.elapsed.setText("")

    def show_incident(
        self,
        title: str,
        crisis_type: str,
        stage: str,
        level: int,
        opened_at: datetime,
        language: str = "en",
    ) -> None:
        self._opened_at = opened_at
        self.title.set_full_text(title)
        self.crisis_type.set_full_text(crisis_type_title(crisis_type, language))
        self.stage.set_full_text(self.tr("Stage: %s") % stage_title(stage, language))
        self.level.setText(self.tr("Level %d — %s") % (level, self.tr(LEVEL_NAMES.get(level, "?"))))
        colour = LEVEL_COLOURS.get(level, "#616161")
        self.level.setStyleSheet(
            f"QLabel#severityLevel {{ background: {colour}; color: white; font-weight: bold;"
            " border-radius: 4px; padding: 4px 10px; }"
        )
        self.tick()

    def tick(self) -> None:
        if self._opened_at is not None:
            self.elapsed.setText(self.tr("Open %s") % elapsed_text(self._opened_at))

    def show_alert(self, message: str, action: str = "") -> None:
        """The alert banner: the message, and a button for what to do about it."""
        self.banner.setStyleSheet(
            "background: #b71c1c; color: white; padding: 4px; font-weight: bold;"
        )
        self.banner.show()
        self.banner.ensurePolished()  # the bold font, before measuring the text
        self.banner.set_full_text("⚠ " + message)
        self.banner_action.setText(action)
        self.banner_action.setVisible(bool(action))
        self.banner_dismiss.show()

    def dismiss_alert(self) -> None:
        self.banner.hide()
        self.banner_action.hide()
        self.banner_dismiss.hide()

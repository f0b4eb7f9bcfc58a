"""List rows with a coloured state badge on the right (a message's approval state)."""

from __future__ import annotations

from ui.qt import Qt, QtCore, QtGui, QtWidgets

BadgeRole = Qt.ItemDataRole.UserRole + 40  # the badge's text
BadgeColourRole = Qt.ItemDataRole.UserRole + 41  # its background colour (a "#rrggbb" string)

BADGE_COLOURS = {
    "approved": "#2e7d32",
    "submitted": "#ef6c00",
    "rejected": "#c62828",
    "expired": "#c62828",
    "changed": "#c62828",
    "draft": "#c62828",
}
_PAD = 4


class BadgeDelegate(QtWidgets.QStyledItemDelegate):
    """The row's text elided on the left, the badge whole on the right."""

    def sizeHint(
        self,
        option: QtWidgets.QStyleOptionViewItem,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
    ) -> QtCore.QSize:
        size = super().sizeHint(option, index)
        return QtCore.QSize(size.width(), size.height() + 2 * _PAD)

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
    ) -> None:
        badge = str(index.data(BadgeRole) or "")
        opt = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        metrics = opt.fontMetrics  # type: ignore[attr-defined]
        rect: QtCore.QRect = QtCore.QRect(opt.rect)  # type: ignore[attr-defined]
        view = opt.widget  # type: ignore[attr-defined]
        if isinstance(view, QtWidgets.QAbstractScrollArea):  # the badge sits at the right edge
            rect.setRight(view.viewport().rect().right())
        badge_w = metrics.horizontalAdvance(badge) + 4 * _PAD if badge else 0
        opt.rect = rect.adjusted(0, 0, -badge_w - _PAD, 0)  # type: ignore[attr-defined]
        super().paint(painter, opt, index)
        if not badge:
            return
        box = QtCore.QRect(
            rect.right() - badge_w - _PAD, rect.top() + _PAD // 2, badge_w, rect.height() - _PAD
        )
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QtGui.QColor(str(index.data(BadgeColourRole) or "#616161")))
        painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
        painter.setPen(QtGui.QColor("#ffffff"))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), badge)
        painter.restore()

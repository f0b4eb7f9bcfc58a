"""Tree rows that wrap their text to the view's width instead of eliding it.

QStyledItemDelegate measures a row as one unbroken line; a checklist step
then ends in "…" in a narrow pane.  WrapDelegate measures the text wrapped to
the width the row actually has (viewport minus indentation and check box)
and caches the result per (text, width, font).
"""

from __future__ import annotations

from ui.qt import Qt, QtCore, QtWidgets

_PAD = 6


class WrapDelegate(QtWidgets.QStyledItemDelegate):
    def __init__(self, view: QtWidgets.QTreeView) -> None:
        super().__init__(view)
        self._view = view
        self._heights: dict[tuple[str, int, str], int] = {}

    def _text_width(self, index: QtCore.QModelIndex, option: QtWidgets.QStyleOptionViewItem) -> int:
        depth = 1
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        style = self._view.style()
        # the style's own margins (focus frame, text margins) are not exposed: be generous
        width = self._view.viewport().width() - self._view.indentation() * depth - 4 * _PAD
        if option.features & QtWidgets.QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator:  # type: ignore[attr-defined]
            width -= style.pixelMetric(QtWidgets.QStyle.PixelMetric.PM_IndicatorWidth) + 2 * _PAD
        return max(width, 60)

    def sizeHint(
        self,
        option: QtWidgets.QStyleOptionViewItem,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
    ) -> QtCore.QSize:
        opt = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text: str = opt.text  # type: ignore[attr-defined]
        width = self._text_width(QtCore.QModelIndex(index), opt)
        # the metrics change when the shipped fonts are registered after the first paint
        key = (text, width, f"{opt.font.key()}/{opt.fontMetrics.lineSpacing()}")  # type: ignore[attr-defined]
        height = self._heights.get(key)
        if height is None:
            rect = opt.fontMetrics.boundingRect(  # type: ignore[attr-defined]
                QtCore.QRect(0, 0, width, 1 << 20),
                int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft),
                text,
            )
            height = rect.height() + _PAD
            if len(self._heights) > 2000:
                self._heights.clear()
            self._heights[key] = height
        return QtCore.QSize(width, height)

"""Two-line rows for narrow panes: a meta line of short facts over wrapped text.

A table in a 350-pixel pane cannot give every field a column and still show
the sentence that matters.  CardDelegate paints one cell as a card: a first
line of (text, colour) pieces read from sibling columns, then the body text
wrapped over a fixed number of lines and elided on the last one (the tooltip
and the detail view show it whole).  Rows have one fixed height, so the view
never measures rows; wrapped lines are cached per (text, width), so a repaint
only draws strings.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from ui.qt import Qt, QtCore, QtGui, QtWidgets

Piece = tuple[str, QtGui.QColor | None]  # a meta-line fragment and its colour (None: muted)
MetaFn = Callable[[QtCore.QModelIndex], Sequence[Piece]]
BodyFn = Callable[[QtCore.QModelIndex], str]
STRONG = QtGui.QColor()  # an invalid colour: the piece takes the ordinary text colour

_CACHE_SIZE = 4096
_PAD = 4


class CardDelegate(QtWidgets.QStyledItemDelegate):
    """Args:
    meta: returns the meta line's pieces for an index.
    body_lines: how many lines the body text may wrap over.
    """

    def __init__(
        self,
        meta: MetaFn,
        body_lines: int = 2,
        parent: QtCore.QObject | None = None,
        *,
        body: BodyFn | None = None,
    ) -> None:
        super().__init__(parent)
        self._meta = meta
        self._body = body
        self.body_lines = body_lines
        self.too_short: Callable[[], None] | None = None  # called when rows need more height
        self.needed_height = 0  # the height painting last found the rows need
        self._lines: OrderedDict[tuple[str, int, str], list[str]] = OrderedDict()

    def row_height(self, font: QtGui.QFont) -> int:
        metrics = QtGui.QFontMetrics(font)
        line = max(metrics.lineSpacing(), metrics.height())
        return line * (1 + self.body_lines) + 2 * _PAD

    def fit_rows(self, table: QtWidgets.QTableView) -> None:
        """Give `table`'s rows the height the cards need (the font may change after start)."""
        option = QtWidgets.QStyleOptionViewItem()
        option.initFrom(table)
        height = max(self.row_height(option.font), self.needed_height)  # type: ignore[attr-defined]
        if table.verticalHeader().defaultSectionSize() != height:
            table.verticalHeader().setDefaultSectionSize(height)

    def sizeHint(
        self, option: QtWidgets.QStyleOptionViewItem, index: QtCore.QModelIndex
    ) -> QtCore.QSize:
        return QtCore.QSize(200, self.row_height(option.font))  # type: ignore[attr-defined]

    def wrapped(self, text: str, font: QtGui.QFont, width: int) -> list[str]:
        """The body text's lines at this width, the last elided (cached)."""
        key = (text, width, font.key())
        lines = self._lines.get(key)
        if lines is not None:
            self._lines.move_to_end(key)
            return lines
        lines = []
        if self.body_lines > 0 and text:
            metrics = QtGui.QFontMetrics(font)
            text = text.replace("\n", "\u2028")  # a hard line break in the body
            layout = QtGui.QTextLayout(text, font)
            option = QtGui.QTextOption()
            option.setWrapMode(QtGui.QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            layout.setTextOption(option)
            layout.beginLayout()
            start = 0
            while len(lines) < self.body_lines:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                start = line.textStart()
                end = start + line.textLength()
                if len(lines) == self.body_lines - 1:
                    rest = text[start:].split("\u2028", 1)[0]
                    lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
                    break
                lines.append(text[start:end].rstrip().rstrip("\u2028"))
            layout.endLayout()
        self._lines[key] = lines
        if len(self._lines) > _CACHE_SIZE:
            self._lines.popitem(last=False)
        return lines

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
    ) -> None:
        opt = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        body = opt.text if self._body is None else self._body(QtCore.QModelIndex(index))  # type: ignore[attr-defined]
        opt.text = ""  # type: ignore[attr-defined]
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QtCore.QRect = opt.rect.adjusted(_PAD + 2, _PAD, -_PAD - 2, -_PAD)  # type: ignore[attr-defined]
        selected = bool(opt.state & QtWidgets.QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        palette: QtGui.QPalette = opt.palette  # type: ignore[attr-defined]
        text_colour = palette.color(
            QtGui.QPalette.ColorRole.HighlightedText if selected else QtGui.QPalette.ColorRole.Text
        )
        muted = palette.color(
            QtGui.QPalette.ColorRole.HighlightedText
            if selected
            else QtGui.QPalette.ColorRole.PlaceholderText
        )
        font: QtGui.QFont = opt.font  # type: ignore[attr-defined]
        metrics = QtGui.QFontMetrics(font)
        if self.too_short is not None and opt.rect.height() < self.row_height(font):  # type: ignore[attr-defined]
            self.needed_height = self.row_height(font)
            QtCore.QTimer.singleShot(0, self.too_short)  # the font grew after start
        line_h = max(metrics.lineSpacing(), metrics.height())
        painter.save()
        painter.setFont(font)
        x = rect.left()
        baseline = rect.top() + metrics.ascent()
        right = rect.right()
        for text, colour in self._meta(QtCore.QModelIndex(index)):
            if not text or x >= right:
                continue
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, right - x)
            if colour is STRONG or (colour is not None and not colour.isValid()):
                painter.setPen(text_colour)
            else:
                painter.setPen(colour if colour is not None and not selected else muted)
            painter.drawText(x, baseline, shown)
            x += metrics.horizontalAdvance(shown) + metrics.horizontalAdvance("  ")
        painter.setPen(text_colour)
        for n, line in enumerate(self.wrapped(body, font, rect.width())):
            painter.drawText(rect.left(), baseline + line_h * (n + 1), line)
        painter.restore()

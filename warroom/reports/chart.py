"""The report's volume and severity chart, drawn with QPainter on a QImage (no widgets).

Stacked bars: mentions per bin by sentiment (negative, neutral, positive);
a line: mean mention severity (0-100, right axis); a step line: the
incident's severity level (1-5) over time; dashed markers for detection
(incident opened), the first response and closing.  Works in any thread once
the report fonts are registered.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6 import QtCore, QtGui

from warroom.reports.data import ReportData
from warroom.reports.fonts import register_fonts

NEGATIVE = QtGui.QColor("#c0392b")
NEUTRAL = QtGui.QColor("#a6acaf")
POSITIVE = QtGui.QColor("#27ae60")
SEVERITY = QtGui.QColor("#6c3483")
LEVEL = QtGui.QColor("#d35400")
MARKER = QtGui.QColor("#1f3a5f")


def render_chart(data: ReportData, width: int = 1800, height: int = 720) -> QtGui.QImage:
    """The chart as an image `width`×`height` pixels (drawn for ~170 mm at ~270 dpi)."""
    register_fonts()
    image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    try:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        _draw(painter, data, width, height)
    finally:
        painter.end()
    return image


def _font(size: float, bold: bool = False) -> QtGui.QFont:
    font = QtGui.QFont()
    font.setFamilies(["Noto Sans"])
    font.setPixelSize(int(size))
    font.setBold(bold)
    return font


def _draw(p: QtGui.QPainter, data: ReportData, width: int, height: int) -> None:
    left, right, top, bottom = 110, 110, 70, 110
    plot = QtCore.QRectF(left, top, width - left - right, height - top - bottom)
    span = max(1.0, (data.span_end - data.span_start).total_seconds())

    def x_of(moment: datetime) -> float:
        return plot.left() + plot.width() * (moment - data.span_start).total_seconds() / span

    peak = max((b.total for b in data.bins), default=0)
    top_value = _nice(max(peak, 1))
    p.setFont(_font(26, bold=True))
    p.setPen(QtGui.QColor("#222"))
    p.drawText(
        QtCore.QPointF(left, 40), "Mentions per bin by sentiment, mean severity, severity level"
    )

    # grid and left axis
    p.setFont(_font(22))
    for i in range(5):
        value = top_value * i / 4
        y = plot.bottom() - plot.height() * i / 4
        p.setPen(QtGui.QPen(QtGui.QColor("#e5e5e5"), 2))
        p.drawLine(QtCore.QPointF(plot.left(), y), QtCore.QPointF(plot.right(), y))
        p.setPen(QtGui.QColor("#444"))
        p.drawText(
            QtCore.QRectF(0, y - 15, left - 12, 30),
            int(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter),
            f"{value:g}",
        )
        p.drawText(
            QtCore.QRectF(plot.right() + 12, y - 15, right - 12, 30),
            int(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter),
            f"{25 * i}",
        )

    # stacked bars
    bin_span = timedelta(minutes=data.bin_minutes)
    for b in data.bins:
        x0 = x_of(b.start)
        x1 = x_of(min(b.start + bin_span, data.span_end))
        w = max(1.0, (x1 - x0) * 0.85)
        y = plot.bottom()
        for count, colour in ((b.negative, NEGATIVE), (b.neutral, NEUTRAL), (b.positive, POSITIVE)):
            if count <= 0:
                continue
            h = plot.height() * count / top_value
            p.fillRect(QtCore.QRectF(x0, y - h, w, h), colour)
            y -= h

    # mean severity line (0-100, right axis)
    path = QtGui.QPainterPath()
    started = False
    for b in data.bins:
        if not b.total:
            continue
        x = x_of(b.start + bin_span / 2)
        y = plot.bottom() - plot.height() * min(100.0, b.mean_severity) / 100
        if started:
            path.lineTo(x, y)
        else:
            path.moveTo(x, y)
            started = True
    p.setPen(QtGui.QPen(SEVERITY, 4))
    p.drawPath(path)

    # severity level steps (1-5 mapped to 20-100 on the right axis)
    p.setPen(QtGui.QPen(LEVEL, 5, QtCore.Qt.PenStyle.SolidLine))
    steps = sorted(data.severity_steps)
    for index, (at, level) in enumerate(steps):
        end = steps[index + 1][0] if index + 1 < len(steps) else data.span_end
        y = plot.bottom() - plot.height() * level * 20 / 100
        p.drawLine(QtCore.QPointF(x_of(at), y), QtCore.QPointF(x_of(end), y))
        if index + 1 < len(steps):
            y_next = plot.bottom() - plot.height() * steps[index + 1][1] * 20 / 100
            p.drawLine(QtCore.QPointF(x_of(end), y), QtCore.QPointF(x_of(end), y_next))

    # markers
    p.setFont(_font(20, bold=True))
    markers = [(data.opened_at, "detected")]
    if data.first_spike_at is not None:
        markers.append((data.first_spike_at, "first spike"))
    if data.first_response_at is not None:
        markers.append((data.first_response_at, "first response"))
    if data.closed_at is not None:
        markers.append((data.closed_at, "closed"))
    for n, (at, label) in enumerate(sorted(markers)):
        x = x_of(at)
        p.setPen(QtGui.QPen(MARKER, 3, QtCore.Qt.PenStyle.DashLine))
        p.drawLine(QtCore.QPointF(x, plot.top()), QtCore.QPointF(x, plot.bottom()))
        p.setPen(MARKER)
        p.drawText(QtCore.QPointF(x + 6, plot.top() + 24 + 26 * (n % 3)), label)

    # axes and time labels (UTC)
    p.setPen(QtGui.QPen(QtGui.QColor("#333"), 2))
    p.drawRect(plot)
    p.setFont(_font(20))
    ticks = 8
    for i in range(ticks + 1):
        moment = data.span_start + timedelta(seconds=span * i / ticks)
        x = x_of(moment)
        p.drawLine(QtCore.QPointF(x, plot.bottom()), QtCore.QPointF(x, plot.bottom() + 8))
        label = moment.strftime("%d %b %H:%M")
        p.drawText(
            QtCore.QRectF(x - 90, plot.bottom() + 10, 180, 28),
            int(QtCore.Qt.AlignmentFlag.AlignHCenter),
            label,
        )
    p.drawText(QtCore.QPointF(10, top - 14), "mentions")
    p.drawText(QtCore.QPointF(plot.right() + 12, top - 14), "severity")

    # legend
    legend = [
        (NEGATIVE, "negative"),
        (NEUTRAL, "neutral"),
        (POSITIVE, "positive"),
        (SEVERITY, "mean severity (0-100)"),
        (LEVEL, "severity level ×20"),
    ]
    x = float(left)
    y = float(height - 36)
    for colour, text in legend:
        p.fillRect(QtCore.QRectF(x, y - 16, 28, 16), colour)
        p.setPen(QtGui.QColor("#222"))
        p.drawText(QtCore.QPointF(x + 36, y), text)
        x += 60 + p.fontMetrics().horizontalAdvance(text)
    p.drawText(QtCore.QPointF(width - right - 240, y), f"bins of {data.bin_minutes} min, UTC")


def _nice(value: float) -> float:
    """A round axis maximum at or above value."""
    magnitude = float(10 ** (len(str(int(value))) - 1))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude

"""The recovery curve for the report: each metric per day against its baseline band.

Three stacked panels (mentions per day, negative share, mean sentiment); the
band is shaded, the crisis start is a dashed line, the day a criterion was met
is a green mark, and a day without data is a break in the line, never a zero.
"""

from __future__ import annotations

from datetime import date

from PySide6 import QtCore, QtGui

from warroom.incidents.recovery import (
    METRIC_TITLES,
    METRIC_TITLES_MS,
    Band,
    Recovery,
    format_value,
)
from warroom.plan.model import RECOVERY_METRICS
from warroom.reports.chart import _font
from warroom.reports.fonts import register_fonts

LINE = QtGui.QColor("#1f3a5f")
BAND = QtGui.QColor(39, 174, 96, 45)
MET = QtGui.QColor("#27ae60")
CRISIS = QtGui.QColor("#c0392b")


def render_recovery_chart(
    state: Recovery, width: int = 1800, height: int = 1080, language: str = "en"
) -> QtGui.QImage:
    """The curve as an image `width`×`height` pixels, its titles in `language` (en, ms)."""
    register_fonts()
    image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    try:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        panel_h = height / len(RECOVERY_METRICS)
        met = {c.metric: c.met_on for c in state.criteria}
        for i, metric in enumerate(RECOVERY_METRICS):
            rect = QtCore.QRectF(0, i * panel_h, width, panel_h)
            _panel(painter, state, metric, state.bands.get(metric), met.get(metric), rect, language)
    finally:
        painter.end()
    return image


def _panel(
    p: QtGui.QPainter,
    state: Recovery,
    metric: str,
    band: Band | None,
    met_on: date | None,
    rect: QtCore.QRectF,
    language: str = "en",
) -> None:
    left, right, top, bottom = 150, 40, 75, 50
    plot = QtCore.QRectF(
        rect.left() + left,
        rect.top() + top,
        rect.width() - left - right,
        rect.height() - top - bottom,
    )
    days = state.days
    values = [d.value(metric) for d in days]
    known = [v for v in values if v is not None]
    bounds = known + ([band.low, band.high] if band else [])
    lo = min(bounds, default=0.0)
    hi = max(bounds, default=1.0)
    if metric != "mean_sentiment":
        lo = 0.0
    if hi - lo < 1e-9:
        hi = lo + 1.0
    pad = (hi - lo) * 0.08
    lo, hi = (lo - pad if metric == "mean_sentiment" else lo), hi + pad
    n = max(1, len(days) - 1)

    def x_of(i: int) -> float:
        return plot.left() + plot.width() * i / n

    def y_of(v: float) -> float:
        return plot.bottom() - plot.height() * (v - lo) / (hi - lo)

    p.setFont(_font(30, bold=True))
    p.setPen(QtGui.QColor("#222"))
    malay = language == "ms"
    title = (METRIC_TITLES_MS if malay else METRIC_TITLES)[metric]
    if band is not None:
        low, high = format_value(metric, band.low), format_value(metric, band.high)
        title += f"  (asas {low} hingga {high})" if malay else f"  (baseline {low} to {high})"
    else:
        title += "  (asas tidak diketahui)" if malay else "  (baseline unknown)"
    p.drawText(QtCore.QPointF(plot.left(), rect.top() + 40), title)
    p.setPen(QtGui.QPen(QtGui.QColor("#c8d0da"), 2))
    p.drawRect(plot)
    if band is not None:
        p.fillRect(
            QtCore.QRectF(
                plot.left(), y_of(band.high), plot.width(), y_of(band.low) - y_of(band.high)
            ),
            BAND,
        )
    p.setFont(_font(24))
    p.setPen(QtGui.QColor("#555"))
    for v in (lo, (lo + hi) / 2, hi):
        p.drawText(
            QtCore.QRectF(rect.left(), y_of(v) - 15, left - 12, 30),
            int(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter),
            format_value(metric, v).removesuffix("/day"),
        )
    step = max(1, len(days) // 8)
    for i, d in enumerate(days):
        if i % step == 0 or i == len(days) - 1:
            p.drawText(
                QtCore.QRectF(x_of(i) - 60, plot.bottom() + 8, 120, 30),
                int(QtCore.Qt.AlignmentFlag.AlignCenter),
                f"{d.day:%d %b}",
            )
        if d.day == state.baseline_end:
            p.setPen(QtGui.QPen(CRISIS, 3, QtCore.Qt.PenStyle.DashLine))
            p.drawLine(QtCore.QPointF(x_of(i), plot.top()), QtCore.QPointF(x_of(i), plot.bottom()))
            p.setPen(QtGui.QColor("#555"))
        if met_on is not None and d.day == met_on:
            p.setPen(QtGui.QPen(MET, 4))
            p.drawLine(QtCore.QPointF(x_of(i), plot.top()), QtCore.QPointF(x_of(i), plot.bottom()))
            p.drawText(QtCore.QPointF(x_of(i) + 8, plot.top() + 28), "met")
            p.setPen(QtGui.QColor("#555"))
    p.setPen(QtGui.QPen(LINE, 4))
    path: QtGui.QPainterPath | None = None
    for i, value in enumerate(values):
        if value is None:
            if path is not None:
                p.drawPath(path)
            path = None
            continue
        point = QtCore.QPointF(x_of(i), y_of(value))
        if path is None:
            path = QtGui.QPainterPath(point)
        else:
            path.lineTo(point)
        p.setBrush(LINE if days[i].complete else QtGui.QColor("white"))
        p.drawEllipse(point, 6, 6)
        p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    if path is not None:
        p.drawPath(path)

"""The severity graph pane: volume stacked by sentiment, negative share, markers.

pyqtgraph costs about 0.6 s to import, so the pane paints a placeholder first
and builds the plot right after the window's first paint (`load()`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ui.qt import Qt, QtWidgets
from warroom.store.db import Store

BUCKET_SECONDS = 900  # 15-minute buckets for the overview

COLOURS = {"negative": (198, 40, 40), "neutral": (158, 158, 158), "positive": (46, 125, 50)}


def _epoch(value: Any) -> float:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    else:
        moment = datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
    return moment.timestamp()


def volume_series(store: Store, bucket_seconds: int = BUCKET_SECONDS) -> dict[str, list[float]]:
    """Per-bucket counts by sentiment from the per-minute rollup table."""
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT bucket_start, sum(negative), sum(neutral), sum(positive), sum(total), "
            "sum(severity_sum) FROM volume_buckets GROUP BY bucket_start ORDER BY bucket_start"
        ).all()
    buckets: dict[float, list[float]] = {}
    for start, neg, neu, pos, total, sev in rows:
        key = _epoch(start) // bucket_seconds * bucket_seconds
        acc = buckets.setdefault(key, [0.0, 0.0, 0.0, 0.0, 0.0])
        acc[0] += neg
        acc[1] += neu
        acc[2] += pos
        acc[3] += total
        acc[4] += sev or 0.0
    times = sorted(buckets)
    return {
        "t": times,
        "negative": [buckets[t][0] for t in times],
        "neutral": [buckets[t][1] for t in times],
        "positive": [buckets[t][2] for t in times],
        "severity": [buckets[t][4] / buckets[t][3] if buckets[t][3] else 0.0 for t in times],
    }


class GraphPane(QtWidgets.QWidget):
    """Severity graph; `loaded` tells whether the plot has been built."""

    def __init__(self, store: Store, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graphPane")
        self.store = store
        self.plot: Any = None
        self.loaded = False
        self._markers: list[tuple[float, str]] = []
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self.placeholder = QtWidgets.QLabel(self.tr("Loading graph…"), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.placeholder)
        self.legend = QtWidgets.QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setWordWrap(True)

    def set_markers(self, markers: list[tuple[float, str]]) -> None:
        """Vertical markers (epoch seconds, label): incident stages, alerts."""
        self._markers = markers
        if self.loaded:
            self.refresh()

    def load(self) -> None:
        """Import pyqtgraph and build the plot (after the first paint)."""
        if self.loaded:
            return
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=False, background="w", foreground="k")
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()}, parent=self)
        self.plot.setObjectName("severityPlot")
        self.plot.setMinimumSize(120, 120)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setLabel("left", self.tr("Mentions per 15 min"))
        self.plot.setMouseEnabled(x=True, y=False)
        item = self.plot.getPlotItem()
        item.setDownsampling(mode="peak")
        item.setClipToView(True)
        self._layout.removeWidget(self.placeholder)
        self.placeholder.hide()
        self._layout.addWidget(self.plot)
        self._layout.addWidget(self.legend)
        self.loaded = True
        self.refresh()

    def refresh(self) -> None:
        if not self.loaded:
            return
        import pyqtgraph as pg

        series = volume_series(self.store)
        self.plot.clear()
        times = series["t"]
        if not times:
            self.legend.setText(self.tr("No mentions yet."))
            return
        xs = [*times, times[-1] + BUCKET_SECONDS]
        stacks: list[tuple[str, list[float]]] = []
        base = [0.0] * len(times)
        for mood in ("negative", "neutral", "positive"):
            base = [b + v for b, v in zip(base, series[mood], strict=True)]
            stacks.append((mood, base))
        for mood, top in reversed(stacks):
            colour = COLOURS[mood]
            self.plot.addItem(
                pg.PlotCurveItem(
                    xs,
                    top,
                    stepMode="center",
                    fillLevel=0,
                    pen=pg.mkPen(colour, width=1),
                    brush=pg.mkBrush(*colour, 200),
                )
            )
        for at, label in self._markers:
            self.plot.addItem(
                pg.InfiniteLine(
                    pos=at,
                    angle=90,
                    pen=pg.mkPen((21, 101, 192), width=1, style=Qt.PenStyle.DashLine),
                    label=label,
                    labelOpts={"position": 0.92, "color": (21, 101, 192)},
                )
            )
        total = sum(series["negative"]) + sum(series["neutral"]) + sum(series["positive"])
        negative_share = sum(series["negative"]) / total if total else 0.0
        peak = max(
            range(len(times)),
            key=lambda i: series["negative"][i] + series["neutral"][i] + series["positive"][i],
        )
        peak_at = datetime.fromtimestamp(times[peak]).strftime("%d %b %H:%M")
        self.legend.setText(
            self.tr(
                "▼ negative  ● neutral  ▲ positive   ·   negative share {share:.0%}   ·   peak {peak} at {at}"
            ).format(
                share=negative_share,
                peak=int(
                    series["negative"][peak] + series["neutral"][peak] + series["positive"][peak]
                ),
                at=peak_at,
            )
        )

    def on_event_mentions_added(self, _count: int) -> None:
        self.refresh()

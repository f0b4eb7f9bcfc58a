"""The severity graph pane.

Mention volume stacked by sentiment, with the mean severity and the negative
share on a 0–100 right-hand axis, alert markers and incident stage markers,
on a date axis.  Zoom and pan with the mouse; "Select range" lets the user
drag a time range that filters the feed.  Counts come from the per-minute
rollup table aggregated in SQL, never from raw mentions.

pyqtgraph costs about 0.4 s to import, so the pane paints a placeholder first
and builds the plot after the window's first paint (`load()`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ui.qt import Qt, QtCore, QtWidgets, Signal
from warroom.store.db import Store

BUCKETS = (
    (60, QtCore.QT_TRANSLATE_NOOP("GraphPane", "per minute")),
    (900, QtCore.QT_TRANSLATE_NOOP("GraphPane", "per 15 min")),
    (3600, QtCore.QT_TRANSLATE_NOOP("GraphPane", "per hour")),
)
DEFAULT_BUCKET = 900
COLOURS = {"negative": (198, 40, 40), "neutral": (158, 158, 158), "positive": (46, 125, 50)}
SEVERITY_COLOUR = (21, 101, 192)
ALERT_COLOUR = (183, 28, 28)
REFRESH_MS = 2000
MIN_FOR_MEAN = 5  # mentions a bucket needs before its mean severity is drawn  # live updates are batched: at most one redraw every 2 s


def volume_series(store: Store, bucket_seconds: int = DEFAULT_BUCKET) -> dict[str, Any]:
    """Per-bucket counts by sentiment and mean severity (numpy arrays).

    Reads the per-minute rollup in index order (no sort) and folds minutes
    into buckets with numpy.
    """
    import numpy as np

    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT bucket_start, sum(negative), sum(neutral), sum(positive), sum(total), "
            "sum(severity_sum) FROM volume_buckets GROUP BY bucket_start ORDER BY bucket_start"
        ).all()
    if not rows:
        empty = np.zeros(0)
        return {
            k: empty
            for k in ("t", "negative", "neutral", "positive", "total", "severity", "negative_share")
        }
    starts = np.array([str(r[0]) for r in rows], dtype="datetime64[s]").astype("int64")
    values = np.array([r[1:] for r in rows], dtype=float)
    keys = starts // bucket_seconds * bucket_seconds
    edges = np.flatnonzero(np.diff(keys, prepend=keys[0] - 1))
    data = np.add.reduceat(values, edges, axis=0)
    total = data[:, 3]
    with np.errstate(invalid="ignore", divide="ignore"):
        severity = np.where(total > 0, data[:, 4] / total, 0.0)
        negative_share = np.where(total > 0, 100.0 * data[:, 0] / total, 0.0)
    return {
        "t": keys[edges].astype(float),
        "negative": data[:, 0],
        "neutral": data[:, 1],
        "positive": data[:, 2],
        "total": total,
        "severity": severity,
        "negative_share": negative_share,
    }


def _epoch(value: Any) -> float:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    else:
        moment = datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
    return moment.timestamp()


class GraphPane(QtWidgets.QWidget):
    """Severity graph; `loaded` tells whether the plot has been built.

    Signals:
        range_selected(object, object): a (since, until) UTC datetime pair, or (None, None).
    """

    range_selected = Signal(object, object)

    def __init__(self, store: Store, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graphPane")
        self.store = store
        self.plot: Any = None
        self.severity_view: Any = None
        self.region: Any = None
        self.loaded = False
        self.bucket_seconds = DEFAULT_BUCKET
        self._markers: list[tuple[float, str, str]] = []  # (epoch, label, kind)
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)

        self.bucket = QtWidgets.QComboBox(self)
        self.bucket.setObjectName("graphBucket")
        for seconds, label in BUCKETS:
            self.bucket.addItem(QtCore.QCoreApplication.translate("GraphPane", label), seconds)
        self.bucket.setCurrentIndex(self.bucket.findData(DEFAULT_BUCKET))
        self.select = QtWidgets.QToolButton(self)
        self.select.setObjectName("graphSelectRange")
        self.select.setText(self.tr("Select range"))
        self.select.setToolTip(self.tr("Drag the shaded range to filter the feed to that time"))
        self.select.setCheckable(True)
        self.fit = QtWidgets.QToolButton(self)
        self.fit.setText(self.tr("Fit"))
        self.fit.setToolTip(self.tr("Show the whole time span"))
        controls = QtWidgets.QHBoxLayout()
        controls.addWidget(self.bucket)
        controls.addStretch(1)
        controls.addWidget(self.select)
        controls.addWidget(self.fit)
        self._layout.addLayout(controls)

        self.placeholder = QtWidgets.QLabel(self.tr("Loading graph…"), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.placeholder, 1)
        self.legend = QtWidgets.QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setWordWrap(True)

        self._throttle = QtCore.QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(REFRESH_MS)
        self._throttle.timeout.connect(self.refresh)
        self._redraw = QtCore.QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(60)
        self._redraw.timeout.connect(self._draw)
        self._zoomed = False
        self._series: dict[str, Any] = {}
        self.bucket.currentIndexChanged.connect(self._bucket_changed)
        self.select.toggled.connect(self._toggle_region)
        self.fit.clicked.connect(self.fit_all)

    def set_markers(self, markers: list[tuple[float, str, str]]) -> None:
        """Vertical markers (epoch seconds, label, kind "stage" or "alert")."""
        if markers == self._markers:
            return  # refresh_incident runs after every triage step: no redraw for nothing
        self._markers = markers
        if self.loaded:
            self._draw()  # markers only: the series need not be read again

    def load(self) -> None:
        """Import pyqtgraph and build the plot (after the first paint)."""
        if self.loaded:
            return
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=False, background="w", foreground="k")
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()}, parent=self)
        self.plot.setObjectName("severityPlot")
        self.plot.setMinimumSize(120, 120)
        # no grid: pyqtgraph draws it per frame at about 10 ms, two thirds of a redraw
        self.plot.setMouseEnabled(x=True, y=False)
        item = self.plot.getPlotItem()
        item.showAxis("right")
        item.getAxis("right").setLabel(self.tr("Mean severity"))
        self.severity_view = pg.ViewBox()
        item.scene().addItem(self.severity_view)
        self.severity_view.setZValue(1000)  # the line stays over the stacks
        item.getAxis("right").linkToView(self.severity_view)
        self.severity_view.setXLink(item)
        self.severity_view.setYRange(0, 100)
        self.severity_view.setMouseEnabled(x=False, y=False)
        item.vb.sigResized.connect(self._sync_views)
        item.vb.sigXRangeChanged.connect(self._range_changed)
        self._layout.removeWidget(self.placeholder)
        self.placeholder.hide()
        self._layout.addWidget(self.plot, 1)
        self._layout.addWidget(self.legend)
        self.loaded = True
        self.refresh()
        self.fit_all()

    def _sync_views(self) -> None:
        self.severity_view.setGeometry(self.plot.getPlotItem().vb.sceneBoundingRect())

    def _bucket_changed(self) -> None:
        self.bucket_seconds = int(self.bucket.currentData())
        self.refresh()

    def fit_all(self) -> None:
        self._zoomed = False
        if self.loaded:
            self.plot.getPlotItem().enableAutoRange(axis="x")
            self.plot.getPlotItem().enableAutoRange(axis="y")

    def on_event_mentions_added(self, _count: int) -> None:
        if not self._throttle.isActive():
            self._throttle.start()

    def refresh(self) -> None:
        """Re-read the rollup and redraw (live updates come here, at most every 2 s)."""
        if not self.loaded:
            return
        import numpy as np

        self.plot.getPlotItem().setLabel("left", self.tr("Mentions %s") % self.bucket.currentText())
        self._series = volume_series(self.store, self.bucket_seconds)
        self._draw()
        series = self._series
        times = series["t"]
        if len(times) == 0:
            self.legend.setText(self.tr("No mentions yet."))
            return
        peak = int(np.argmax(series["total"]))
        peak_at = datetime.fromtimestamp(float(times[peak])).strftime("%d %b %H:%M")
        total = float(series["total"].sum())
        share = float(series["negative"].sum()) / total if total else 0.0
        self.legend.setText(
            self.tr(
                "▼ negative  ● neutral  ▲ positive  — mean severity   ·   "
                "negative share {share:.0%}   ·   peak {peak} at {at}"
            ).format(share=share, peak=int(series["total"][peak]), at=peak_at)
        )

    def _draw(self) -> None:
        """Draw the visible time range, folded to about one bin per pixel (peak kept).

        Clip-to-view and peak downsampling done here on whole stacked layers:
        pyqtgraph cannot downsample filled step curves, and drawing 43,200
        filled steps per layer costs ten times a frame.
        """
        import numpy as np
        import pyqtgraph as pg

        item = self.plot.getPlotItem()
        for curve in [i for i in item.items if not isinstance(i, pg.LinearRegionItem)]:
            item.removeItem(curve)
        self.severity_view.clear()
        series = self._series
        times = series["t"]
        if len(times) == 0:
            return
        if self._zoomed:
            left, right = item.vb.viewRange()[0]
            lo = max(0, int(np.searchsorted(times, left)) - 1)
            hi = min(len(times), int(np.searchsorted(times, right)) + 1)
        else:
            lo, hi = 0, len(times)
        lo, hi = min(lo, len(times) - 1), max(hi, lo + 1)
        width = max(200, int(item.vb.width()) or 800)
        fold = max(1, int(np.ceil((hi - lo) / width)))
        cut = lo + (hi - lo) // fold * fold or hi
        t = times[lo:cut:fold]

        def folded(values: Any) -> Any:
            part = values[lo:cut]
            return part.reshape(-1, fold).max(axis=1) if fold > 1 else part

        stacks = {
            "negative": series["negative"],
            "neutral": series["negative"] + series["neutral"],
            "positive": series["negative"] + series["neutral"] + series["positive"],
        }
        edges = np.append(t, t[-1] + self.bucket_seconds * fold)
        for mood in (
            "positive",
            "neutral",
            "negative",
        ):  # tallest first: lower layers paint over it
            colour = COLOURS[mood]
            item.addItem(
                pg.PlotCurveItem(
                    edges,
                    folded(stacks[mood]),
                    stepMode="center",
                    fillLevel=0,
                    pen=pg.mkPen(colour, width=1),
                    brush=pg.mkBrush(*colour, 200),
                    name=mood,
                )
            )
        middle = t + self.bucket_seconds * fold / 2
        # mean severity where there is enough to average (a lone mention is no trend)
        enough = folded(series["total"]) >= MIN_FOR_MEAN * fold
        severity = np.where(enough, folded(series["severity"]), np.nan)
        self.severity_view.addItem(
            pg.PlotCurveItem(
                middle, severity, pen=pg.mkPen(SEVERITY_COLOUR, width=2), connect="finite"
            )
        )
        for index, (at, label, kind) in enumerate(self._markers):
            colour = ALERT_COLOUR if kind == "alert" else SEVERITY_COLOUR
            item.addItem(
                pg.InfiniteLine(
                    pos=at,
                    angle=90,
                    pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine),
                    label=label,
                    labelOpts={
                        "position": (0.95 - 0.07 * (index % 3)) if kind == "stage" else 0.8,
                        "color": colour,
                    },
                )
            )
        self._sync_views()

    def _range_changed(self) -> None:
        """Zoom or pan: redraw the visible range at full detail (debounced)."""
        self._zoomed = True
        self._redraw.start()

    # --- range selection --------------------------------------------------------------

    def _toggle_region(self, on: bool) -> None:
        if not self.loaded:
            self.load()
        import pyqtgraph as pg

        item = self.plot.getPlotItem()
        if on:
            left, right = item.vb.viewRange()[0]
            span = right - left
            self.region = pg.LinearRegionItem(
                values=(right - span * 0.25, right), brush=pg.mkBrush(21, 101, 192, 40)
            )
            self.region.setZValue(10)
            self.region.sigRegionChangeFinished.connect(self._region_changed)
            item.addItem(self.region)
            self._region_changed()
        else:
            if self.region is not None:
                item.removeItem(self.region)
                self.region = None
            self.range_selected.emit(None, None)

    def select_range(self, since: datetime, until: datetime) -> None:
        """Show the selection region over [since, until) and filter the feed to it."""
        if not self.select.isChecked():
            self.select.setChecked(True)
        self.region.setRegion((since.timestamp(), until.timestamp()))
        self._region_changed()

    def _region_changed(self) -> None:
        if self.region is None:
            return
        left, right = self.region.getRegion()
        self.range_selected.emit(
            datetime.fromtimestamp(left, tz=UTC), datetime.fromtimestamp(right, tz=UTC)
        )


def stage_and_alert_markers(store: Store, incident_id: str | None) -> list[tuple[float, str, str]]:
    """Markers for the graph: the incident's opening and stage changes, and alerts."""
    markers: list[tuple[float, str, str]] = []
    with store.engine.connect() as conn:
        if incident_id:
            for at, kind, data in conn.exec_driver_sql(
                "SELECT occurred_at, kind, data FROM timeline_entries WHERE incident_id = ? "
                "AND kind IN ('opened', 'stage') ORDER BY occurred_at",
                (incident_id,),
            ):
                import json

                info = json.loads(data) if isinstance(data, str) else data
                label = "opened" if kind == "opened" else str(info.get("to", "stage"))
                markers.append((_epoch(at), label, "stage"))
        alerts = [
            (_epoch(at), str(series))
            for at, series in conn.exec_driver_sql(
                "SELECT bucket_start, series FROM alerts ORDER BY bucket_start DESC LIMIT 200"
            )
        ]
    # one marker per burst of alerts (within three hours), at its first bucket
    groups: list[list[tuple[float, str]]] = []
    for at, series in sorted(alerts):
        if groups and at - groups[-1][0][0] <= 3 * 3600:
            groups[-1].append((at, series))
        else:
            groups.append([(at, series)])
    for group in groups:
        names = sorted({series.removeprefix("term:") for _at, series in group})
        label = "⚠ " + (names[0] if len(names) == 1 else f"{len(group)} alerts")
        markers.append((group[0][0], label, "alert"))

    return markers

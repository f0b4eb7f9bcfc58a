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

from ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from warroom.store.db import Store

BUCKETS = (
    (60, QtCore.QT_TRANSLATE_NOOP("GraphPane", "per minute")),
    (900, QtCore.QT_TRANSLATE_NOOP("GraphPane", "per 15 min")),
    (3600, QtCore.QT_TRANSLATE_NOOP("GraphPane", "per hour")),
)
DEFAULT_BUCKET = 900
COLOURS = {"negative": (198, 40, 40), "neutral": (158, 158, 158), "positive": (46, 125, 50)}
SEVERITY_COLOUR = (21, 101, 192)
VOLUME_AXIS_COLOUR = (97, 97, 97)  # the stacks' axis: the counts, neither mood's colour
GAP_COLOUR = (120, 120, 120, 60)  # buckets a source was down for: unknown, not zero
INCIDENT_LEAD = 3 * 3600  # the incident view starts this long before its first alert
QUIET_VIEW = 24 * 3600  # without an incident: the last day
LABEL_ROWS = 3  # marker labels stack in this many rows, then fold into "+N"
ALERT_COLOUR = (183, 28, 28)
REFRESH_MS = 2000
MIN_FOR_MEAN = 5  # mentions a bucket needs before its mean severity is drawn  # live updates are batched: at most one redraw every 2 s


def volume_series(
    store: Store,
    bucket_seconds: int = DEFAULT_BUCKET,
    gaps: list[tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """Per-bucket counts by sentiment and mean severity (numpy arrays), one row per
    bucket from the first to the last: a bucket nobody mentioned the brand in is 0,
    a bucket overlapping one of `gaps` (epoch-second intervals where a source was
    known to be down) is NaN: unknown, drawn as a gap, never as zero.

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
    sparse = np.add.reduceat(values, edges, axis=0)
    first, last = int(keys[0]), int(keys[-1])
    grid = np.arange(first, last + bucket_seconds, bucket_seconds, dtype="int64")
    data = np.zeros((len(grid), values.shape[1]))
    data[(keys[edges] - first) // bucket_seconds] = sparse
    for begin, end in gaps or ():
        lo = max(0, int((begin - first) // bucket_seconds))
        hi = min(len(grid), int(np.ceil((end - first) / bucket_seconds)))
        if lo < hi:
            data[lo:hi] = np.nan
    total = data[:, 3]
    with np.errstate(invalid="ignore", divide="ignore"):
        severity = np.where(total > 0, data[:, 4] / total, np.where(np.isnan(total), np.nan, 0.0))
        negative_share = np.where(
            total > 0, 100.0 * data[:, 0] / total, np.where(np.isnan(total), np.nan, 0.0)
        )
    return {
        "t": grid.astype(float),
        "negative": data[:, 0],
        "neutral": data[:, 1],
        "positive": data[:, 2],
        "total": total,
        "severity": severity,
        "negative_share": negative_share,
    }


def source_gaps(store: Store) -> list[tuple[float, float]]:
    """Epoch intervals where a source was known to be down (from the poll log)."""
    from warroom.sources.coverage import outages
    from warroom.store.models import utcnow

    with store.engine.connect() as conn:
        first = conn.exec_driver_sql("SELECT min(bucket_start) FROM volume_buckets").scalar()
    if first is None:
        return []
    with store.session() as session:
        found = outages(session, datetime.fromtimestamp(_epoch(first), tz=UTC), utcnow())
    return [(_epoch(a), _epoch(b)) for a, b in found]


def _epoch(value: Any) -> float:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    else:
        moment = datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
    return moment.timestamp()


def _hours_axis(pg: Any) -> Any:
    """A time axis that says the hour ("14:00") and the date where a day begins."""

    class HoursAxis(pg.DateAxisItem):  # type: ignore[misc,name-defined]
        def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
            out = []
            for value in values:
                try:
                    moment = datetime.fromtimestamp(value)
                except (OverflowError, OSError, ValueError):
                    out.append("")
                    continue
                if spacing >= 86_400 or (moment.hour == 0 and moment.minute == 0):
                    out.append(moment.strftime("%d %b"))
                elif spacing < 60:
                    out.append(moment.strftime("%H:%M:%S"))
                else:
                    out.append(moment.strftime("%H:%M"))
            return out

    return HoursAxis()


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
        self.fit_incident_button = QtWidgets.QToolButton(self)
        self.fit_incident_button.setObjectName("graphFitIncident")
        self.fit_incident_button.setText(self.tr("Incident"))
        self.fit_incident_button.setToolTip(
            self.tr("From a few hours before the incident's first alert to now (Ctrl+9)")
        )
        self.fit = QtWidgets.QToolButton(self)
        self.fit.setObjectName("graphFitAll")
        self.fit.setText(self.tr("Fit all"))
        self.fit.setToolTip(self.tr("Show the whole history (Ctrl+0)"))
        for keys, slot in (("Ctrl+9", self.fit_incident), ("Ctrl+0", self.fit_all)):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        controls = QtWidgets.QHBoxLayout()
        controls.addWidget(self.bucket)
        controls.addStretch(1)
        controls.addWidget(self.select)
        controls.addWidget(self.fit_incident_button)
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
        self.view = "incident"  # "incident", "all" or "manual" (the user panned or zoomed)
        self._setting_range = False
        self._series: dict[str, Any] = {}
        self._gaps: list[tuple[float, float]] = []
        self.labels: list[Any] = []  # the marker labels drawn (pyqtgraph TextItems)
        self.bucket.currentIndexChanged.connect(self._bucket_changed)
        self.select.toggled.connect(self._toggle_region)
        self.fit.clicked.connect(self.fit_all)
        self.fit_incident_button.clicked.connect(self.fit_incident)

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
        self.plot = pg.PlotWidget(axisItems={"bottom": _hours_axis(pg)}, parent=self)
        self.plot.setObjectName("severityPlot")
        self.plot.setMinimumSize(120, 120)
        # no grid: pyqtgraph draws it per frame at about 10 ms, two thirds of a redraw
        self.plot.setMouseEnabled(x=True, y=False)
        item = self.plot.getPlotItem()
        item.showAxis("right")
        item.getAxis("right").setLabel(self.tr("Mean severity"))
        for side, colour in (("left", VOLUME_AXIS_COLOUR), ("right", SEVERITY_COLOUR)):
            axis = item.getAxis(side)  # each axis in its series' colour
            axis.setPen(pg.mkPen(colour))
            axis.setTextPen(pg.mkPen(colour))
        self.severity_view = pg.ViewBox()
        item.scene().addItem(self.severity_view)
        self.severity_view.setZValue(1000)  # the line stays over the stacks
        item.getAxis("right").linkToView(self.severity_view)
        self.severity_view.setXLink(item)
        self.severity_view.setYRange(0, 100)
        self.severity_view.setMouseEnabled(x=False, y=False)
        item.vb.sigResized.connect(self._sync_views)
        item.vb.sigResized.connect(self._redraw.start)  # labels re-stacked at the new width
        item.vb.sigXRangeChanged.connect(self._range_changed)
        item.vb.sigRangeChangedManually.connect(self._user_moved)
        item.vb.setAutoVisible(y=True)  # the counts' scale fits the time shown
        self._layout.removeWidget(self.placeholder)
        self.placeholder.hide()
        self._layout.addWidget(self.plot, 1)
        self._layout.addWidget(self.legend)
        self.loaded = True
        self.refresh()

    def _sync_views(self) -> None:
        self.severity_view.setGeometry(self.plot.getPlotItem().vb.sceneBoundingRect())

    def _bucket_changed(self) -> None:
        self.bucket_seconds = int(self.bucket.currentData())
        self.refresh()

    def fit_all(self) -> None:
        """The whole history (Ctrl+0)."""
        self.view = "all"
        self._apply_view()

    def fit_incident(self) -> None:
        """From INCIDENT_LEAD before the incident's first alert (or its opening) to now;
        without an incident, the last day (Ctrl+9).  The default view."""
        self.view = "incident"
        self._apply_view()

    def incident_span(self) -> tuple[float, float] | None:
        """The incident view's (left, right) in epoch seconds, or None without data."""
        times = self._series.get("t")
        if times is None or len(times) == 0:
            return None
        import time

        right = max(float(times[-1]) + self.bucket_seconds, time.time())
        stages = [at for at, _label, kind in self._markers if kind == "stage"]
        if stages:
            opened = min(stages)
            # alerts of the run-up (the day before it was opened) belong to the incident
            alerts = [
                at
                for at, _label, kind in self._markers
                if kind == "alert" and opened - QUIET_VIEW <= at <= right
            ]
            left = min([opened, *alerts]) - INCIDENT_LEAD
        else:
            left = right - QUIET_VIEW
        return max(left, float(times[0])), right

    def _apply_view(self) -> None:
        if not self.loaded:
            return
        item = self.plot.getPlotItem()
        self._setting_range = True
        try:
            span = self.incident_span() if self.view == "incident" else None
            times = self._series.get("t")
            if span is None and times is not None and len(times):
                span = (float(times[0]), float(times[-1]) + self.bucket_seconds)  # all of it
            if span is not None:
                item.setXRange(span[0], span[1], padding=0.01)
            item.enableAutoRange(axis="y")
        finally:
            self._setting_range = False
        self._draw()

    def _user_moved(self, *_args: Any) -> None:
        self.view = "manual"  # live updates keep the user's own pan and zoom

    def on_event_mentions_added(self, _count: int) -> None:
        if not self._throttle.isActive():
            self._throttle.start()

    def refresh(self) -> None:
        """Re-read the rollup and redraw (live updates come here, at most every 2 s)."""
        if not self.loaded:
            return
        import numpy as np

        self.plot.getPlotItem().setLabel("left", self.tr("Mentions %s") % self.bucket.currentText())
        self._gaps = source_gaps(self.store)
        self._series = volume_series(self.store, self.bucket_seconds, self._gaps)
        if self.view == "manual":
            self._draw()
        else:
            self._apply_view()
        series = self._series
        times = series["t"]
        if len(times) == 0:
            self.legend.setText(self.tr("No mentions yet."))
            return
        known = np.nan_to_num(series["total"], nan=-1.0)
        peak = int(np.argmax(known))
        peak_at = datetime.fromtimestamp(float(times[peak])).strftime("%d %b %H:%M")
        total = float(np.nansum(series["total"]))
        share = float(np.nansum(series["negative"])) / total if total else 0.0
        self.legend.setText(
            self.tr(
                "▼ negative  ● neutral  ▲ positive  — mean severity   ·   "
                "negative share {share:.0%}   ·   peak {peak} at {at}"
            ).format(share=share, peak=int(known[peak]), at=peak_at)
            + (self.tr("   ·   grey: a source was down (no data)") if self._gaps else "")
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
            if fold == 1:
                return part
            blocks = part.reshape(-1, fold)
            with np.errstate(invalid="ignore"):
                peak = np.nanmax(np.where(np.isnan(blocks), -np.inf, blocks), axis=1)
            return np.where(np.isneginf(peak), np.nan, peak)  # all unknown: unknown

        stacks = {
            "negative": series["negative"],
            "neutral": series["negative"] + series["neutral"],
            "positive": series["negative"] + series["neutral"] + series["positive"],
        }
        step = self.bucket_seconds * fold
        edges = np.append(t, t[-1] + step)
        known = ~np.isnan(folded(series["total"]))
        # each stretch of known buckets drawn on its own: a gap stays a gap
        bounds = np.flatnonzero(np.diff(np.concatenate(([0], known.astype(int), [0]))))
        runs = list(zip(bounds[0::2], bounds[1::2], strict=True))
        for mood in ("positive", "neutral", "negative"):  # tallest first: lower layers over it
            colour = COLOURS[mood]
            values = folded(stacks[mood])
            for start, stop in runs:
                item.addItem(
                    pg.PlotCurveItem(
                        edges[start : stop + 1],
                        values[start:stop],
                        stepMode="center",
                        fillLevel=0,
                        pen=pg.mkPen(colour, width=1),
                        brush=pg.mkBrush(*colour, 200),
                        name=mood,
                    )
                )
        for start, stop in zip(
            [0, *[b for _a, b in runs]], [*[a for a, _b in runs], len(known)], strict=True
        ):
            if stop > start:  # an unknown stretch: shaded over the whole height
                shade = QtWidgets.QGraphicsRectItem(
                    float(edges[start]), 0.0, float(edges[stop] - edges[start]), 100.0
                )
                shade.setBrush(pg.mkBrush(*GAP_COLOUR))
                shade.setPen(pg.mkPen(None))
                shade.setToolTip(self.tr("No data: a source was down"))
                self.severity_view.addItem(shade)
        middle = t + step / 2
        # mean severity where there is enough to average (a lone mention is no trend)
        with np.errstate(invalid="ignore"):
            enough = folded(series["total"]) >= MIN_FOR_MEAN * fold
        severity = np.where(enough, folded(series["severity"]), np.nan)
        self.severity_view.addItem(
            pg.PlotCurveItem(
                middle, severity, pen=pg.mkPen(SEVERITY_COLOUR, width=2), connect="finite"
            )
        )
        for at, _label, kind in self._markers:
            colour = ALERT_COLOUR if kind == "alert" else SEVERITY_COLOUR
            item.addItem(
                pg.InfiniteLine(
                    pos=at, angle=90, pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine)
                )
            )
        self._sync_views()
        self._draw_labels(pg)

    def marker_text(self, label: str, kind: str) -> str:
        """A marker's words in the interface language."""
        from ui import i18n
        from warroom.incidents.stages import stage_title

        if kind == "stage":
            return (
                self.tr("Opened")
                if label == "opened"
                else stage_title(label, i18n.current_language())
            )
        count = label.removeprefix("⚠ ").removesuffix(" alerts")
        if count.isdigit():
            return "⚠ " + self.tr("%s alerts") % count
        series = {  # the detector's series in words; a risk term is shown as it is
            "volume": self.tr("mention spike"),
            "negative": self.tr("negative surge"),
            "level": self.tr("level rise"),
        }
        return "⚠ " + series.get(count, count)

    def _draw_labels(self, pg: Any) -> None:
        """Marker labels in up to LABEL_ROWS rows at the top, never over each other: a
        label with no free row joins its neighbour's "+N", whose tooltip lists them."""
        self.labels = []
        vb = self.plot.getPlotItem().vb
        left, right = vb.viewRange()[0]
        width_px = max(1.0, vb.width())
        height_px = max(1.0, vb.height())
        font = QtGui.QFont(self.font())
        metrics = QtGui.QFontMetricsF(font)
        row_px = metrics.height() + 2
        per_px = (right - left) / width_px
        rows: list[float] = [-float("inf")] * LABEL_ROWS  # each row's right edge (px)
        placed: list[tuple[Any, list[str], int, float]] = []  # item, texts, row, x
        for at, label, kind in sorted(self._markers):
            if not left <= at <= right:
                continue
            text = self.marker_text(label, kind)
            colour = ALERT_COLOUR if kind == "alert" else SEVERITY_COLOUR
            text_item = pg.TextItem(  # on the plot's white, readable over the bars
                text, color=colour, anchor=(0, 0), fill=pg.mkBrush(255, 255, 255, 215)
            )
            text_item.setFont(font)
            box = text_item.textItem.boundingRect()  # pixels: the label ignores zoom
            width, row_px = box.width() + 2, box.height() + 1
            x_px = min((at - left) / per_px, width_px - width)  # kept inside the plot
            row = next((r for r in range(LABEL_ROWS) if rows[r] + 4 <= x_px), None)
            if row is None:  # no room: fold into the nearest label's "+N"
                if placed:
                    owner = min(placed, key=lambda entry: abs(entry[3] - x_px))
                    owner[1].append(text)
                continue
            y = 100.0 - 100.0 * (row * row_px + 2) / height_px
            text_item.setPos(left + x_px * per_px, y)
            self.severity_view.addItem(text_item)
            rows[row] = x_px + width + (metrics.horizontalAdvance(" +9") if kind else 0)
            entry = (text_item, [text], row, x_px)
            placed.append(entry)
            self.labels.append(text_item)
        for entry in placed:
            self._relabel(entry)

    def _relabel(self, entry: tuple[Any, list[str], int, float]) -> None:
        text_item, texts, _row, _x = entry
        extra = len(texts) - 1
        text_item.setText(texts[0] + (f" +{extra}" if extra else ""))
        text_item.setToolTip("\n".join(texts))  # plain text: a tooltip shows it as written

    def _range_changed(self) -> None:
        """Zoom or pan: redraw the visible range at full detail (debounced)."""
        self._zoomed = True
        if not self._setting_range:
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

"""Writing the incident report PDF: HTML for QTextDocument, paginated onto a QPdfWriter.

Every string that comes from outside (mention text, authors, titles, notes,
message bodies) goes through `html.escape` before it is placed in the
document, so it is always shown as text and never interpreted as markup.
The document is laid out at 96 dpi and painted page by page onto the PDF
writer (vector text with embedded font subsets), with a footer carrying the
page number and the timeline hash.  The file is written next to the target
and renamed into place, so a failure or a cancel leaves no half-written PDF.
"""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6 import QtCore, QtGui

from warroom.errors import UserError
from warroom.incidents.stages import crisis_type_title, stage_title
from warroom.reports.chart import render_chart
from warroom.reports.data import ReportData, collect
from warroom.reports.fonts import register_fonts, report_font
from warroom.store.db import Store

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?
PAGE_SIZES = {
    "A4": QtGui.QPageSize.PageSizeId.A4,
    "Letter": QtGui.QPageSize.PageSizeId.Letter,
}
CHART_URL = "warroom-chart:volume"
RECOVERY_CHART_URL = "warroom-chart:recovery"
LAYOUT_DPI = 96.0
MARGIN_MM = 16.0
FOOTER_PX = 28.0
BANNER_PX = 30.0  # the DRILL band at the top of a drill's pages

CSS = """
body { color: #1b1b1b; }
h1 { font-size: 20pt; color: #1f3a5f; margin-bottom: 4px; }
h2 { font-size: 14pt; color: #1f3a5f; margin-top: 16px; margin-bottom: 6px; }
h3 { font-size: 11pt; color: #333333; margin-top: 10px; margin-bottom: 4px; }
table.grid { border-collapse: collapse; }
table.grid th { background-color: #e8edf3; text-align: left; }
td.num { text-align: right; }
p.small { font-size: 8pt; color: #555555; }
p.hash { font-size: 8pt; }
.warn { color: #b03a2e; font-weight: bold; }
"""


class Cancelled(Exception):
    """The user cancelled the report; nothing was written."""


def _is_pictograph(code: int) -> bool:
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or 0x2B00 <= code <= 0x2BFF
        or 0x2300 <= code <= 0x23FF
        or 0x2190 <= code <= 0x21FF
    )


def _text_presentation(text: str) -> str:
    """Ask for the text (monochrome) form of every pictograph (U+FE0E).

    Qt otherwise draws emoji with the system's colour emoji font when there is
    one, which ends up in the PDF as little bitmaps; the shipped monochrome
    font keeps them vector outlines on every machine.
    """
    out: list[str] = []
    for char in text.replace("\ufe0f", ""):
        out.append(char)
        if _is_pictograph(ord(char)):
            out.append("\ufe0e")
    return "".join(out)


def _e(text: object) -> str:
    """Untrusted text as HTML text: escaped, line breaks kept, emoji in text form."""
    return _text_presentation(html.escape(str(text), quote=True)).replace("\n", "<br>")


def _t(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "—"


def _d(span: timedelta | None) -> str:
    if span is None:
        return "—"
    minutes = int(span.total_seconds() // 60)
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = (
        ([f"{days} d"] if days else [])
        + ([f"{hours} h"] if hours or days else [])
        + [f"{mins} min"]
    )
    return sign + " ".join(parts)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def _table(headers: list[str], rows: list[list[str]], widths: list[int] | None = None) -> str:
    head = "".join(
        f'<th width="{widths[i]}%">{h}</th>' if widths else f"<th>{h}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        '<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="4" '
        f'style="border-color:#c8d0da">{"<tr>" + head + "</tr>"}{body}</table>'
    )


def report_html(data: ReportData, chart_width_px: int) -> str:
    """The report body as HTML (all outside text escaped)."""
    out: list[str] = [f"<html><head><style>{CSS}</style></head><body>"]
    level = f"level {data.severity_level}"
    # cover
    brand = _e(data.brand or "Brand")
    out.append(f'<p style="font-size:16pt; color:#1f3a5f; margin-top:160px"><b>{brand}</b></p>')
    out.append('<p style="font-size:12pt; color:#555555">Incident report</p>')
    out.append(f'<h1 style="font-size:24pt; margin-bottom:24px">{_e(data.title)}</h1>')
    cover = [
        ["Brand", _e(data.brand or "—")],
        ["Crisis type", _e(crisis_type_title(data.crisis_type))],
        ["Scenario", _e(data.scenario or "—")],
        ["Opened", _t(data.opened_at)],
        [
            "Closed",
            _t(data.closed_at)
            if data.closed_at
            else f"still open (stage: {_e(stage_title(data.stage))})",
        ],
        ["Final severity", _e(level)],
        ["Incident owner", _e(data.owner or "—")],
        ["Author", _e(data.author or "—")],
        ["Report generated", _t(data.generated_at)],
        ["Incident id", _e(data.incident_id)],
    ]
    out.append(
        _table(["", ""], cover, [30, 70]).replace(
            '<tr><th width="30%"></th><th width="70%"></th></tr>', ""
        )
    )

    # executive summary
    out.append('<h2 style="page-break-before: always">Executive summary</h2>')
    total = data.total_mentions
    peak = (
        f"{data.peak.total} mentions in {data.bin_minutes} min, at {_t(data.peak.start)}"
        if data.peak
        else "—"
    )
    spike_to_detect = data.opened_at - data.first_spike_at if data.first_spike_at else None
    detect_to_response = data.first_response_at - data.opened_at if data.first_response_at else None
    summary = [
        ["Duration", _d(data.duration) + ("" if data.closed_at else " (still open)")],
        ["Mentions during the incident", f"{total:,}"],
        ["Peak mention volume", peak],
        [
            "Sentiment mix",
            f"negative {_pct(data.negative, total)} · neutral {_pct(data.neutral, total)} · "
            f"positive {_pct(data.positive, total)}",
        ],
        ["Reach (sum of author audiences)", f"{data.reach:,}"],
        ["Top sources", _e(", ".join(f"{n} ({c:,})" for n, c in data.top_sources) or "—")],
        ["Top languages", _e(", ".join(f"{n} ({c:,})" for n, c in data.top_languages) or "—")],
        [
            "First spike → detection",
            _d(spike_to_detect)
            + (
                f" (first spike {_t(data.first_spike_at)})"
                if data.first_spike_at
                else " (no spike found)"
            ),
        ],
        [
            "Detection → first response",
            _d(detect_to_response) + ("" if data.first_response_at else " (no response recorded)"),
        ],
    ]
    out.append(_table(["Measure", "Value"], summary, [35, 65]))

    # chart
    out.append("<h2>Volume and severity</h2>")
    out.append(f'<p><img src="{CHART_URL}" width="{chart_width_px}"></p>')
    out.append(
        f'<p class="small">From {_t(data.span_start)} (12 h before detection) to {_t(data.span_end)}.</p>'
    )

    # key mentions
    out.append("<h2>Key mentions</h2>")
    out.append(
        '<p class="small">'
        + (
            "Pinned by the crisis team as evidence."
            if data.key_mentions_pinned
            else "None pinned: the most severe mentions of the period."
        )
        + "</p>"
    )
    if data.key_mentions:
        rows = []
        for m in data.key_mentions:
            who = _e(m.author or m.handle or "unknown") + (
                f"<br>{_e(m.handle)}" if m.handle and m.author else ""
            )
            meta = f"{_e(m.source)}<br>{_t(m.published_at)}<br>lang {_e(m.language or '?')}"
            sev = "—" if m.severity is None else f"{m.severity:.0f}"
            text = _e(m.text)
            if m.note:
                text += f"<br><i>Note ({_e(m.pinned_by)}): {_e(m.note)}</i>"
            rows.append([who, meta, text, sev])
        out.append(
            _table(["Author", "Source / time", "Mention", "Severity"], rows, [16, 19, 54, 11])
        )
    else:
        out.append("<p>No mentions in the period.</p>")

    # timeline
    out.append("<h2>Timeline</h2>")
    if data.chain_problem:
        out.append(f'<p class="warn">The timeline does not verify: {_e(data.chain_problem)}</p>')
    rows = [[_t(e.occurred_at), _e(e.kind), _e(e.author), _e(e.text)] for e in data.entries]
    out.append(_table(["Time", "Kind", "By", "Entry"], rows, [18, 10, 17, 55]))

    # checklist
    out.append("<h2>Checklist completion</h2>")
    if not data.checklist:
        out.append("<p>No scenario checklist is linked to this incident.</p>")
    for stage in data.checklist:
        out.append(
            f"<h3>{_e(stage_title(stage.stage))}: {stage.done} of {len(stage.steps)} done</h3>"
        )
        rows = [
            [
                _text_presentation("✔" if done else "☐"),
                _e(text),
                _e(by) + (f"<br>{_t(at)}" if at else ""),
            ]
            for _key, text, done, by, at in stage.steps
        ]
        out.append(_table(["", "Step", "Done by"], rows, [5, 70, 25]))

    out.extend(_clocks_html(data))

    # messages
    out.append("<h2>Messages sent</h2>")
    if data.messages:
        rows = [
            [
                _t(m.sent_at) + f"<br>{_e(m.sent_by)}",
                _e(m.template) + f"<br>{_e(m.channel)} · {_e(m.language)}",
                _e(m.body),
                (
                    _e(m.approved_by) + f"<br>{_t(m.approved_at)}"
                    if m.approved_by
                    else '<span class="warn">no approval on record</span>'
                )
                + (f"<br><i>{_e(m.approval_comment)}</i>" if m.approval_comment else ""),
            ]
            for m in data.messages
        ]
        out.append(
            _table(["Sent", "Template / channel", "Message", "Approved by"], rows, [18, 18, 44, 20])
        )
    else:
        out.append("<p>No messages recorded as sent.</p>")

    # stakeholders
    out.append("<h2>Stakeholders contacted</h2>")
    if data.contacts:
        rows = [
            [
                _t(c.at),
                _e(c.name) + f"<br>{_e(c.role)}",
                _e(c.group.replace("_", " ")),
                _e(c.kind),
                _e(c.by) + (f" · {_e(c.channel)}" if c.channel else ""),
            ]
            for c in data.contacts
        ]
        out.append(
            _table(
                ["Time", "Stakeholder", "Group", "Event", "By / channel"],
                rows,
                [18, 32, 15, 15, 20],
            )
        )
    else:
        out.append("<p>No stakeholder contacts recorded.</p>")

    out.extend(_recovery_html(data, chart_width_px))

    # post-crisis
    out.append("<h2>Post-crisis communication</h2>")
    rows = [
        [
            _e(p.title)
            + (
                f'<br><span style="font-size:8pt; color:#555555">importance: {_e(p.importance)}</span>'
                if p.importance
                else ""
            )
            + (
                f'<br><span style="font-size:8pt; color:#555555">owner: {_e(p.owner)}</span>'
                if p.owner
                else ""
            ),
            (f'<span style="color:#555555">{_e(p.guidance)}</span><br>' if p.guidance else "")
            + (_e(p.filled) if p.filled else "<i>not yet recorded</i>"),
        ]
        for p in data.post_crisis
    ]
    out.append(_table(["Step", "Plan guidance and what was done"], rows, [28, 72]))

    # lessons
    out.append("<h2>Lessons learned</h2>")
    out.append(
        f"<p>{_e(data.lessons_learned)}</p>"
        if data.lessons_learned
        else "<p><i>Not yet recorded.</i></p>"
    )

    # hash
    out.append("<h2>Timeline integrity</h2>")
    status = "intact" if data.chain_problem is None else f"BROKEN: {_e(data.chain_problem)}"
    out.append(
        f"<p>{len(data.entries)} timeline entries; hash chains {status}. "
        "Check with <b>warroom incident verify</b> "
        f"{_e(data.incident_id)}.</p>"
    )
    out.append(f'<p class="hash">Final timeline hash: <b>{data.combined_head}</b></p>')
    rows = [[_e(origin), _e(head)] for origin, head in data.heads.items()]
    out.append(_table(["Laptop (origin)", "Chain head"], rows, [40, 60]))
    out.append("</body></html>")
    return "".join(out)


def _clocks_html(data: ReportData) -> list[str]:
    """Response clocks: each clock's deadline and outcome, then the breaches as logged."""
    out = ["<h2>Response clocks</h2>"]
    now = data.closed_at or data.generated_at
    if not data.clocks:
        out.append("<p>The plan sets no response targets for this incident.</p>")
    else:
        states = {
            "running": "running",
            "met": "met in time",
            "late": "met late",
            "breached": "BREACHED",
        }
        rows = []
        for c in data.clocks:
            state = c.state(now)
            shown = states[state]
            if state in ("late", "breached"):
                shown = f'<span class="warn">{shown}</span>'
            rows.append([_e(c.label), _t(c.due_at), _t(c.met_at) if c.met_at else "—", shown])
        breached = sum(1 for c in data.clocks if c.breached(now))
        out.append(f"<p>{breached} of {len(data.clocks)} clocks breached.</p>")
        out.append(_table(["Clock", "Due", "Met", "Outcome"], rows, [52, 17, 17, 14]))
    out.append("<h3>Breaches on the timeline</h3>")
    if data.breaches:
        rows = [[_t(e.occurred_at), _e(e.text)] for e in data.breaches]
        out.append(_table(["Time", "Breach"], rows, [20, 80]))
    else:
        out.append("<p>No breach recorded.</p>")
    return out


def _recovery_html(data: ReportData, chart_width_px: int) -> list[str]:
    """Recovery: the curve against the baseline bands and the day each criterion was met."""
    from warroom.incidents.recovery import format_band, format_value

    state = data.recovery
    out = ["<h2>Recovery</h2>"]
    if state is None:
        out.append("<p>No plan: no back-to-normal criteria to track.</p>")
        return out
    last_baseline = state.baseline_end - timedelta(days=1)
    peak = f"{state.peak_day:%Y-%m-%d}" if state.peak_day else "none"
    verdict = (
        f"back to normal on <b>{state.recovered_on:%Y-%m-%d}</b>"
        if state.recovered_on
        else "<b>not back to normal yet</b>"
    )
    out.append(
        f"<p>Baseline {state.baseline_start:%Y-%m-%d} to {last_baseline:%Y-%m-%d} "
        f"(before the crisis began {_t(state.crisis_start)}); peak day {peak}; {verdict}.</p>"
    )
    out.append(f'<p><img src="{RECOVERY_CHART_URL}" width="{chart_width_px}"></p>')
    rows = [
        [
            _e(c.title.get("en") or c.key),
            _e(format_band(c.band)),
            _e(format_value(c.metric, c.today)),
            f"{c.met_on:%Y-%m-%d}" if c.met_on else f"not yet ({c.streak} of {c.days} days)",
        ]
        for c in state.criteria
    ]
    out.append(_table(["Criterion", "Baseline band", "Today", "Met on"], rows, [40, 25, 15, 20]))
    out.append(
        '<p class="small">A day more than half inside a source outage has no value '
        "and breaks a run; today never counts.</p>"
    )
    return out


def build_document(data: ReportData, page_width_px: float) -> QtGui.QTextDocument:
    """The laid-out report document for a page `page_width_px` wide at 96 dpi."""
    register_fonts()
    document = QtGui.QTextDocument()
    document.setDefaultFont(report_font())
    document.setDocumentMargin(0)
    chart = render_chart(data)
    document.addResource(
        QtGui.QTextDocument.ResourceType.ImageResource.value, QtCore.QUrl(CHART_URL), chart
    )
    if data.recovery is not None:
        from warroom.reports.recovery_chart import render_recovery_chart

        document.addResource(
            QtGui.QTextDocument.ResourceType.ImageResource.value,
            QtCore.QUrl(RECOVERY_CHART_URL),
            render_recovery_chart(data.recovery),
        )
    document.setHtml(report_html(data, int(page_width_px)))
    return document


def _writer(path: str, page_size: str, title: str) -> QtGui.QPdfWriter:
    if page_size not in PAGE_SIZES:
        raise UserError(f"page size must be A4 or Letter, not {page_size!r}")
    writer = QtGui.QPdfWriter(path)
    writer.setPageSize(QtGui.QPageSize(PAGE_SIZES[page_size]))
    writer.setPageMargins(
        QtCore.QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QtGui.QPageLayout.Unit.Millimeter,
    )
    writer.setResolution(600)
    writer.setTitle(title)
    writer.setCreator("Warroom")
    return writer


def paint_document(
    document: QtGui.QTextDocument,
    writer: QtGui.QPdfWriter,
    footer: str,
    progress: Progress | None = None,
    banner: str = "",
) -> int:
    """Paint a document onto the writer page by page with a footer; returns the page count.

    `banner` (a drill's "DRILL — NOT A REAL INCIDENT") is drawn as a red band
    across the top of every page, above the text, so no page of a drill's
    file can be taken for a real incident's.
    """
    scale = writer.resolution() / LAYOUT_DPI
    page_w = writer.width() / scale
    top = BANNER_PX if banner else 0.0
    page_h = writer.height() / scale - FOOTER_PX - top
    document.setPageSize(QtCore.QSizeF(page_w, page_h))
    pages = max(1, document.pageCount())
    painter = QtGui.QPainter()
    if not painter.begin(writer):
        raise UserError("cannot write the PDF file (is the folder writable?)")
    try:
        footer_font = report_font()
        footer_font.setPixelSize(10)  # layout units: 96 dpi pixels
        for page in range(pages):
            if page:
                writer.newPage()
            if banner:
                _paint_banner(painter, scale, page_w, banner)
            painter.save()
            painter.scale(scale, scale)
            painter.translate(0, top - page * page_h)
            painter.setClipRect(QtCore.QRectF(0, page * page_h, page_w, page_h))
            document.drawContents(painter, QtCore.QRectF(0, page * page_h, page_w, page_h))
            painter.restore()
            painter.save()
            painter.scale(scale, scale)
            painter.setFont(footer_font)
            painter.setPen(QtGui.QColor("#555555"))
            box = QtCore.QRectF(0, top + page_h + 8, page_w, FOOTER_PX - 8)
            painter.drawText(box, int(QtCore.Qt.AlignmentFlag.AlignLeft), footer)
            painter.drawText(
                box, int(QtCore.Qt.AlignmentFlag.AlignRight), f"page {page + 1} of {pages}"
            )
            painter.restore()
            if progress is not None and not progress(3 + page, 3 + pages):
                raise Cancelled()
    finally:
        painter.end()
    return pages


def _paint_banner(painter: QtGui.QPainter, scale: float, page_w: float, banner: str) -> None:
    painter.save()
    painter.scale(scale, scale)
    band = QtCore.QRectF(0, 0, page_w, BANNER_PX - 6)
    painter.fillRect(band, QtGui.QColor("#b03a2e"))
    font = report_font()
    font.setPixelSize(13)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QtGui.QColor("#ffffff"))
    painter.drawText(band, int(QtCore.Qt.AlignmentFlag.AlignCenter), banner)
    painter.restore()


def drill_banner(store: Store) -> str:
    """The DRILL banner for a drill store's files ("" for the real store)."""
    from warroom.drills.store import BANNER, drill_info

    with store.session() as session:
        return BANNER if drill_info(session) is not None else ""


def write_report(
    store: Store,
    incident_id: str,
    output: Path,
    *,
    page_size: str = "A4",
    progress: Progress | None = None,
    now: datetime | None = None,
) -> tuple[Path, int, str]:
    """Write the incident's PDF report; returns (path, pages, combined timeline hash)."""
    if page_size not in PAGE_SIZES:
        raise UserError(f"page size must be A4 or Letter, not {page_size!r}")
    output = Path(output)
    if output.suffix.lower() != ".pdf":
        raise UserError(f"the report file must end in .pdf: {output}")
    if not output.parent.is_dir():
        raise UserError(f"folder {output.parent} does not exist")
    register_fonts()

    def step(done: int, total: int) -> None:
        if progress is not None and not progress(done, total):
            raise Cancelled()

    step(0, 4)
    with store.session() as session:
        data = collect(session, incident_id, now=now)  # the store keeps objects loaded
    step(1, 4)
    fd, temp_name = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=output.parent)
    os.close(fd)
    try:
        banner = drill_banner(store)
        kind = "DRILL incident report" if banner else "Incident report"
        writer = _writer(temp_name, page_size, f"{kind}: {data.title}")
        scale = writer.resolution() / LAYOUT_DPI
        document = build_document(data, writer.width() / scale)
        step(2, 4)
        footer = f"{data.brand} · {data.title[:60]} · timeline {data.combined_head[:16]}…"
        if banner:
            footer = f"DRILL · {footer}"
        pages = paint_document(document, writer, footer, progress, banner=banner)
        del writer  # flushes and closes the file
        os.replace(temp_name, output)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return output, pages, data.combined_head

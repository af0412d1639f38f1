"""The trend chart as SVG, drawn into the report with QSvgRenderer so it stays vector.

The chart is the Trends panel's own "episodes over time" drawing
(`drawing/charts/over_time.py`) in the light print theme. matplotlib is imported inside the
function (it costs ~0.6 s). Text stays text
(`svg.fonttype = none`): Qt sets it in the shipped DejaVu Sans, so it can be searched and copied.
"""

from __future__ import annotations

import io
from dataclasses import replace

from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgRenderer

from twitchdesk.core.trends import TrendSummary
from twitchdesk.report.fonts import report_font
from twitchdesk.report.layout import PT

CHART_FONT_PT = 7.5


def trend_chart_svg(summary: TrendSummary, width: float, height: float) -> bytes:
    """The chart for `summary` as SVG, sized `width` x `height` layout units."""
    import matplotlib
    from matplotlib.figure import Figure

    from twitchdesk.drawing.charts.over_time import draw_over_time
    from twitchdesk.drawing.charts.theme import LIGHT

    theme = replace(LIGHT, font_size=CHART_FONT_PT)
    began = summary.diary_span.first if summary.diary_span else None
    period = summary.period
    if began is not None and (began - period.first).days < max(7, period.day_count // 12):
        began = None  # a sliver of "before the diary" is noise, and its label would not fit
    rc = {**theme.rc(), "svg.fonttype": "none", "svg.hashsalt": "twitchdesk"}
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        figure = Figure(figsize=(width / PT / 72, height / PT / 72), layout="constrained")
        draw_over_time(figure, summary.series, theme, began)
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def paint_svg(painter: QPainter, svg: bytes, rect: QRectF) -> None:
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError("the chart could not be drawn (invalid SVG)")
    painter.save()
    # QtSvg starts from the painter's font for what the SVG leaves out (the weight): a bold
    # heading drawn just before would make every label of the chart bold.
    painter.setFont(report_font(CHART_FONT_PT * PT))
    renderer.render(painter, rect)
    painter.restore()

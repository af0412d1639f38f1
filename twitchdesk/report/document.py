"""The clinician's report on paper: page size, margins, header and footer, and the public API.

`write_report_pdf` writes a PDF file with QPdfWriter; `render_report` paints on a device the caller
owns (a QPrinter from the print dialog or the print preview). Both are QtGui only: a
QGuiApplication is enough, no window or widget is needed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QMarginsF, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from twitchdesk import APP_NAME
from twitchdesk.core.collection import cycle_collection_paused
from twitchdesk.report.build import build_report_data
from twitchdesk.report.fonts import load_bundled_fonts
from twitchdesk.report.layout import (
    Flow,
    PageFrame,
    draw_line,
    paint_pages,
)
from twitchdesk.report.model import (
    Patient,
    ReportData,
    format_day,
)
from twitchdesk.report.sections import HEADER_TEXT, RULE, TEXT, TITLE, compose

if TYPE_CHECKING:
    from twitchdesk.core.trends import DateRange
    from twitchdesk.storage.repository import Diary

FOOTER_DISCLAIMER = (
    "TwitchDesk does not diagnose: this is the patient's own record, not a medical assessment."
)
MARGINS_MM = QMarginsF(18, 15, 18, 15)  # left, top, right, bottom: at least 15 mm all round
PDF_DPI = 96  # PDF coordinates are vector anyway; cosmetic lines keep a visible width
HEADER_H = 300.0
FOOTER_H = 430.0
# Territories that use US Letter paper (the rest of the world uses A4).
LETTER_TERRITORIES = frozenset(
    {
        QLocale.Country.UnitedStates,
        QLocale.Country.Canada,
        QLocale.Country.Mexico,
        QLocale.Country.Philippines,
        QLocale.Country.Chile,
        QLocale.Country.Colombia,
        QLocale.Country.Venezuela,
        QLocale.Country.CostaRica,
        QLocale.Country.Guatemala,
        QLocale.Country.ElSalvador,
        QLocale.Country.Panama,
        QLocale.Country.DominicanRepublic,
        QLocale.Country.PuertoRico,
    }
)


@dataclass(frozen=True)
class ReportInfo:
    pages: int
    paper: str  # "A4", "Letter", ...
    period: DateRange
    episodes: int
    seconds: float
    path: Path | None = None


# -- paper -----------------------------------------------------------------------------------
def page_size_for(paper: str = "locale", locale: QLocale | None = None) -> QPageSize:
    """A4 or Letter: as set ("a4", "letter"), or following the locale's territory."""
    choice = paper.lower()
    if choice == "locale":
        territory = (locale or QLocale.system()).territory()
        choice = "letter" if territory in LETTER_TERRITORIES else "a4"
    if choice == "letter":
        return QPageSize(QPageSize.PageSizeId.Letter)
    if choice == "a4":
        return QPageSize(QPageSize.PageSizeId.A4)
    raise ValueError(f"unknown paper size {paper!r} (use locale, a4 or letter)")


def set_report_margins(device: QPagedPaintDevice) -> None:
    device.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)


# -- public API ------------------------------------------------------------------------------
def write_report_pdf(
    diary: Diary,
    path: str | Path,
    first: date | None = None,
    last: date | None = None,
    patient: Patient | None = None,
    paper: str = "locale",
    *,
    today: date | None = None,
) -> ReportInfo:
    """Write the report for `first`..`last` (default: the last 90 days) to a PDF file.

    OSError if the file cannot be written (checked before any drawing: QPdfWriter itself fails
    without saying why)."""
    started = time.perf_counter()
    target = Path(path)
    page_size = page_size_for(paper)
    with cycle_collection_paused():
        data = build_report_data(diary, first, last, patient, today=today)
        with open(target, "wb"):
            pass
        writer = QPdfWriter(str(target))
        writer.setResolution(PDF_DPI)
        writer.setPageLayout(
            QPageLayout(
                page_size,
                QPageLayout.Orientation.Portrait,
                MARGINS_MM,
                QPageLayout.Unit.Millimeter,
            )
        )
        writer.setTitle(TITLE)
        writer.setCreator(f"{APP_NAME} {data.app_version}")
        pages = paint_report(data, writer)
        del writer  # finishes the file
    if target.stat().st_size == 0:
        raise OSError(f"nothing was written to {target}")
    return ReportInfo(
        pages=pages,
        paper=page_size.name(),
        period=data.period,
        episodes=data.headline.episodes,
        seconds=time.perf_counter() - started,
        path=target,
    )


def render_report(
    diary: Diary,
    device: QPagedPaintDevice,
    first: date | None = None,
    last: date | None = None,
    patient: Patient | None = None,
    *,
    today: date | None = None,
) -> ReportInfo:
    """Paint the report on a device the caller set up (a QPrinter: its paper size is kept)."""
    started = time.perf_counter()
    with cycle_collection_paused():
        data = build_report_data(diary, first, last, patient, today=today)
        pages = paint_report(data, device)
    return ReportInfo(
        pages=pages,
        paper=device.pageLayout().pageSize().name(),
        period=data.period,
        episodes=data.headline.episodes,
        seconds=time.perf_counter() - started,
    )


def paint_report(data: ReportData, device: QPagedPaintDevice) -> int:
    """Lay out and paint already-built report data; the number of pages."""
    load_bundled_fonts()
    set_report_margins(device)
    frame = PageFrame.for_device(device, HEADER_H, FOOTER_H)
    flow = Flow(frame.width, frame.body_height)
    compose(flow, data)
    paint_pages(device, frame, flow.pages, lambda p, n, m: _decorate(p, frame, data, n, m))
    return len(flow.pages)


# -- page header and footer ------------------------------------------------------------------
def _decorate(
    painter: QPainter, frame: PageFrame, data: ReportData, number: int, count: int
) -> None:
    width = frame.width
    left = f"{APP_NAME}  ·  Muscle twitch diary summary"
    right = f"{format_day(data.period.first)} – {format_day(data.period.last)}"
    if data.patient.name.strip():
        right = f"{data.patient.name.strip()}  ·  {right}"
    draw_line(painter, left, HEADER_TEXT, 0, 0, width)
    draw_line(painter, right, HEADER_TEXT, 0, 0, width, Qt.AlignmentFlag.AlignRight)
    rule_y = HEADER_TEXT.line_height + 50
    painter.setPen(QPen(QColor(RULE), 6))
    painter.drawLine(QPointF(0, rule_y), QPointF(width, rule_y))

    top = frame.height - FOOTER_H + 120
    painter.drawLine(QPointF(0, top), QPointF(width, top))
    small = HEADER_TEXT.with_(size=66)
    draw_line(painter, FOOTER_DISCLAIMER, small, 0, top + 50, width)
    line2 = top + 50 + small.line_height + 20
    generated = f"Generated {data.generated_at:%Y-%m-%d %H:%M} by {APP_NAME} {data.app_version}"
    draw_line(painter, generated, HEADER_TEXT, 0, line2, width)
    page = HEADER_TEXT.with_(color=TEXT, bold=True)
    draw_line(
        painter, f"Page {number} of {count}", page, 0, line2, width, Qt.AlignmentFlag.AlignRight
    )

"""The report's sections, laid out from `ReportData` into a `Flow` (see layout.py).

Styles are in tenths of a point. Colours are calm: dark slate text, a muted blue for structure,
amber and rust only for warning signs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from twitchdesk.report.layout import (
    Cell,
    Column,
    Flow,
    Style,
    TableStyle,
    TextItem,
    draw_lines,
    wrap,
)
from twitchdesk.report.model import DISCLAIMER, AdviceRow, ReportData, format_day, period_text

if TYPE_CHECKING:
    from twitchdesk.core.regions import RegionAtlas

TITLE = "Muscle twitch diary: summary for a clinician"
CHART_H = 2100.0  # the trend chart's height (about 74 mm)
CHART_MIN_H = 1550.0
SECTIONS = (
    "At a glance",
    "The clinician's questions",
    "Where it twitches",
    "Over time",
    "Daily factors",
    "Medicines",
    "Advice the app gave",
    "Episode log",
)
# Calm colours: dark slate text, a muted blue for structure, amber and rust for warnings.
TEXT = "#1f2933"
MUTED = "#52606d"
FAINT = "#7b8794"
ACCENT = "#2b5c8a"
RULE = "#cbd2d9"
LEVEL_COLOURS = {  # bar, fill
    "urgent": ("#a23b2a", "#fbeeeb"),
    "see-doctor": ("#c27c0e", "#fdf5e6"),
    "self-care": ("#4a7fc1", "#f1f5fa"),
    "info": ("#9aa5b1", "#f5f7f9"),
}

TITLE_STYLE = Style(190, TEXT, bold=True, leading=1.25)
SUBTITLE = Style(100, MUTED)
H1 = Style(135, ACCENT, bold=True, leading=1.35)
H2 = Style(100, TEXT, bold=True)
BODY = Style(90, TEXT)
BODY_BOLD = BODY.with_(bold=True)
SMALL = Style(78, MUTED)
SMALL_ITALIC = SMALL.with_(italic=True)
HEADER_TEXT = Style(72, FAINT)
TABLE = TableStyle(body=Style(82, TEXT, leading=1.28), header=Style(76, TEXT, bold=True))
LOG_TABLE = TableStyle(
    body=Style(74, TEXT, leading=1.25), header=Style(70, TEXT, bold=True), pad_x=32
)
TILE_NUMBER = Style(200, ACCENT, bold=True, leading=1.1)
TILE_WORDS = Style(76, MUTED, leading=1.25)
TILE_WORD_VALUE = Style(110, ACCENT, bold=True, leading=1.15)


# -- the document ----------------------------------------------------------------------------
def compose(flow: Flow, data: ReportData) -> None:
    _title_block(flow, data)
    if data.empty:
        _empty(flow, data)
        return
    _at_a_glance(flow, data)
    _questions(flow, data)
    _where(flow, data)
    _over_time(flow, data)
    _factors(flow, data)
    _medicines(flow, data)
    _advice(flow, data)
    _episodes(flow, data)


def _section(flow: Flow, title: str, keep_with: float = 900) -> None:
    flow.gap(300)
    flow.heading(title, H1, keep_with=keep_with, rule=RULE)
    flow.gap(90)


def _title_block(flow: Flow, data: ReportData) -> None:
    flow.paragraph(TITLE, TITLE_STYLE)
    flow.gap(40)
    flow.paragraph(f"Period: {period_text(data.period)}", SUBTITLE)
    patient = data.patient
    if patient.given:
        parts = []
        if patient.name.strip():
            parts.append(f"Patient: {patient.name.strip()}")
        if patient.date_of_birth is not None:
            parts.append(f"Date of birth: {format_day(patient.date_of_birth)}")
        flow.paragraph("   ·   ".join(parts), SUBTITLE.with_(color=TEXT, bold=True))
    flow.gap(140)
    flow.block(
        [
            TextItem(DISCLAIMER, BODY.with_(size=84)),
            TextItem(
                "Times are the patient's local time when each entry was logged. Counts and "
                "averages come only from what was recorded: a day without a check-in is unknown, "
                "not zero.",
                SMALL,
                space_before=40,
            ),
        ],
        fill="#f3f5f7",
        pad=80,
    )


def _empty(flow: Flow, data: ReportData) -> None:
    _section(flow, SECTIONS[0])
    first, last = format_day(data.period.first), format_day(data.period.last)
    flow.paragraph(f"No episodes were logged between {first} and {last}.", H2)
    flow.gap(80)
    span = data.diary_span
    if span is None:
        flow.paragraph("The diary has no episodes yet.", BODY)
    else:
        flow.paragraph(
            f"The diary holds {_n(data.diary_episodes, 'episode')} in all, logged between "
            f"{format_day(span.first)} and {format_day(span.last)}. A report for a period "
            "that includes those dates will show them.",
            BODY,
        )


def _at_a_glance(flow: Flow, data: ReportData) -> None:
    _section(flow, SECTIONS[0], keep_with=1200)
    head = data.headline
    red_flags = [a for a in data.advice if a.red_flag]
    trend = head.trend.direction.capitalize() if head.trend else "Too early to tell"
    tiles = [
        (str(head.episodes), "episodes"),
        (f"{head.active_days} of {head.known_days}", "days with twitching"),
        (str(head.regions), "body regions" if head.regions != 1 else "body region"),
        (trend, "last 14 days against the 14 before"),
        (str(len(red_flags)), _n_words(len(red_flags), "warning sign") + " (see Advice)"),
    ]
    gap, pad = 90.0, 70.0
    width = (flow.width - gap * (len(tiles) - 1)) / len(tiles)
    inner = width - 2 * pad
    laid = []
    for index, (value, words) in enumerate(tiles):
        big = TILE_NUMBER if TILE_NUMBER.width(value) <= inner else TILE_WORD_VALUE
        if index == len(tiles) - 1 and red_flags:
            big = big.with_(color=LEVEL_COLOURS["see-doctor"][0])
        value_lines = wrap(value, big, inner)
        value_h = max(TILE_NUMBER.line_height, big.line_height * len(value_lines))
        laid.append((big, value_lines, value_h, wrap(words, TILE_WORDS, inner)))
    height = 2 * pad + max(v_h + 10 + TILE_WORDS.line_height * len(w) for _, _, v_h, w in laid)

    def paint(painter: QPainter, top: float) -> None:
        for index, (big, value_lines, value_h, word_lines) in enumerate(laid):
            left = index * (width + gap)
            warn = index == len(tiles) - 1 and red_flags
            painter.save()
            painter.setPen(QPen(QColor("#f0c987" if warn else RULE), 8))
            painter.setBrush(QColor("#fdf5e6" if warn else "#f7f9fb"))
            painter.drawRoundedRect(QRectF(left, top, width, height), 50, 50)
            painter.restore()
            # Short values sit on the big numbers' baseline; longer ones fill the same height.
            value_top = top + pad + max(0.0, value_h - big.line_height * len(value_lines))
            draw_lines(painter, value_lines, big, left + pad, value_top, inner)
            words_top = top + pad + value_h + 10
            draw_lines(painter, word_lines, TILE_WORDS, left + pad, words_top, inner)

    flow.place(height, paint)
    flow.gap(140)
    for sentence in data.overview:
        flow.paragraph(_third_person(sentence), BODY)
    if red_flags:
        flow.gap(120)
        names = "; ".join(a.title for a in red_flags)
        bar, fill = LEVEL_COLOURS["see-doctor"]
        flow.block(
            [
                TextItem("Warning signs the app flagged", BODY_BOLD),
                TextItem(f"{names}. The reasons are under “Advice the app gave”.", BODY),
            ],
            fill=fill,
            bar=bar,
        )


def _questions(flow: Flow, data: ReportData) -> None:
    _section(flow, SECTIONS[1])
    rows: list[list[str | Cell]] = [
        [Cell(a.question, TABLE.body.with_(bold=True)), a.answer] for a in data.answers
    ]
    flow.table(
        [Column("Question", 0.27), Column("From the diary", 0.73)], rows, TABLE, header=False
    )


def _where(flow: Flow, data: ReportData) -> None:
    from twitchdesk.core.regions import load_atlas
    from twitchdesk.report.bodymap_figure import (
        figure_height,
        paint_heat_figure,
        view_heat,
        views_to_draw,
    )

    atlas: RegionAtlas = load_atlas()
    views = views_to_draw(view_heat(data.region_sides, atlas))
    height = figure_height(flow.width, views, atlas)
    _section(flow, SECTIONS[2], keep_with=height)
    rows = data.region_sides

    def paint(painter: QPainter, top: float) -> None:
        paint_heat_figure(painter, QRectF(0, top, flow.width, height), rows, atlas)

    flow.place(height, paint)
    flow.gap(160)
    show_both = any(r.both for r in data.regions)
    columns = [
        Column("Region", 3.2),
        Column("Left", 1, Qt.AlignmentFlag.AlignRight),
        Column("Right", 1, Qt.AlignmentFlag.AlignRight),
        Column("Middle", 1, Qt.AlignmentFlag.AlignRight),
    ]
    if show_both:
        columns.append(Column("Both sides", 1.2, Qt.AlignmentFlag.AlignRight))
    columns += [
        Column("Total", 1, Qt.AlignmentFlag.AlignRight, TABLE.body.with_(bold=True)),
        Column("Mean intensity (1–10)", 1.6, Qt.AlignmentFlag.AlignRight),
    ]
    table_rows: list[list[str | Cell]] = []
    for r in data.regions:
        row: list[str | Cell] = [r.label, _num(r.left), _num(r.right), _num(r.midline)]
        if show_both:
            row.append(_num(r.both))
        row += [str(r.total), f"{r.mean_intensity:.1f}"]
        table_rows.append(row)
    flow.table(columns, table_rows, TABLE)


def _over_time(flow: Flow, data: ReportData) -> None:
    from twitchdesk.report.chart import paint_svg, trend_chart_svg

    # Full height where it fits; a little shorter rather than leave half a page empty.
    heading = 300 + H1.line_height + 30 + 90
    room = flow.room - heading - 100 - 2 * BODY.line_height
    height = CHART_H if room >= CHART_H or room < CHART_MIN_H else room
    _section(flow, SECTIONS[3], keep_with=height)
    svg = trend_chart_svg(data.summary, flow.width, height)

    def paint(painter: QPainter, top: float) -> None:
        paint_svg(painter, svg, QRectF(0, top, flow.width, height))

    flow.place(height, paint)
    flow.gap(100)
    flow.paragraph(data.headline.trend_text, BODY)


def _factors(flow: Flow, data: ReportData) -> None:
    _section(flow, SECTIONS[4])
    flagged = TABLE.body.with_(bold=True, color=LEVEL_COLOURS["see-doctor"][0])
    rows: list[list[str | Cell]] = [
        [
            Cell(f.name, TABLE.body.with_(bold=True)),
            Cell(f.value, flagged) if f.flagged else f.value,
            f.reference or "–",
            f.detail,
        ]
        for f in data.factors
    ]
    flow.table(
        [
            Column("Factor", 1.1, fit=True),
            Column("In this period", 2.1),
            Column("Reference", 1.9),
            Column("Detail", 2.4),
        ],
        rows,
        TABLE,
    )
    flow.gap(80)
    flow.paragraph(
        "References: caffeine up to about 400 mg a day is considered safe for most adults (Mayo "
        "Clinic; US FDA); most adults need 7 hours of sleep or more.",
        SMALL,
    )
    findings = [f for f in data.findings if "no clear association" not in f][:4]
    if findings:
        flow.gap(160)
        flow.heading("Patterns in the diary", H2, keep_with=400)
        flow.gap(40)
        for finding in findings:
            flow.paragraph(_third_person(finding), BODY, indent=160, bullet="•")
            flow.gap(30)
        flow.gap(50)
        flow.paragraph(_third_person(data.caveat), SMALL_ITALIC)


def _medicines(flow: Flow, data: ReportData) -> None:
    _section(flow, SECTIONS[5], keep_with=500)
    if not data.medicines:
        flow.paragraph("No medicines or supplements were recorded for this period.", BODY)
        return
    rows: list[list[str | Cell]] = [
        [
            Cell(m.name, TABLE.body.with_(bold=True)),
            m.category,
            m.dose,
            m.started.isoformat(),
            m.stopped.isoformat() if m.stopped else "still taking",
            m.notes,
        ]
        for m in data.medicines
    ]
    flow.table(
        [
            Column("Medicine", 1.9),
            Column("Type", 1.5),
            Column("Dose", 1.6),
            Column("Started", 1.0, fit=True),
            Column("Stopped", 1.0, fit=True),
            Column("Notes", 2.2),
        ],
        rows,
        TABLE,
    )


def _advice(flow: Flow, data: ReportData) -> None:
    cards = []
    for item in data.advice:
        bar, fill = LEVEL_COLOURS.get(item.level, LEVEL_COLOURS["info"])
        cards.append(flow.layout_block(_advice_items(item), fill=fill, bar=bar))
    intro = (
        f"What TwitchDesk's rules showed for the diary as of {format_day(data.advice_day)}, "
        "warning signs first, each with the values that made it appear."
    )
    first_card = cards[0][0] if cards else BODY.line_height
    _section(flow, SECTIONS[6], keep_with=first_card + 3 * SMALL.line_height + 100)
    flow.paragraph(intro, SMALL)
    flow.gap(100)
    if not cards:
        flow.paragraph("No advice applied to this period.", BODY)
        return
    for height, paint in cards:
        flow.place(height, paint)
        flow.gap(110)


def _advice_items(item: AdviceRow) -> list[TextItem]:
    bar = LEVEL_COLOURS.get(item.level, LEVEL_COLOURS["info"])[0]
    level = item.level_label.upper()
    if item.hidden_because:
        level += f"  ·  {item.hidden_because} by the patient"
    items = [
        TextItem(level, SMALL.with_(bold=True, color=bar if item.red_flag else MUTED)),
        TextItem(item.title, BODY_BOLD, space_before=10),
    ]
    items += [
        TextItem(reason, SMALL.with_(color=TEXT), indent=140, bullet="•", space_before=20)
        for reason in item.reasons
    ]
    items.append(TextItem(f"Shown to the patient: {item.text}", SMALL, space_before=50))
    return items


def _episodes(flow: Flow, data: ReportData) -> None:
    _section(flow, SECTIONS[7], keep_with=900)
    listed = data.episodes  # the latest (build.EPISODE_LOG_LIMIT)
    if len(listed) < data.period_episodes:
        scope = (
            f"The latest {len(listed):,} of the period's {data.period_episodes:,} episodes, "
            "oldest first (the sections above summarise them all; File → Export gives every "
            "entry)."
        )
    else:
        scope = f"All {_n(len(listed), 'episode')} of the period, oldest first."
    flow.paragraph(
        f"{scope} Intensity is self-rated from 1 (barely noticeable) to 10 (worst imaginable).",
        SMALL,
    )
    flow.gap(80)
    rows: list[list[str | Cell]] = [
        [
            e.day.isoformat(),
            e.time,
            e.region,
            e.kind,
            str(e.intensity),
            e.duration,
            e.context,
            e.symptoms,
            e.notes,
        ]
        for e in listed
    ]
    flow.table(
        [
            Column("Date", 1.0, fit=True),
            Column("Time", 0.6, fit=True),
            Column("Region", 1.5, fit=True),
            Column("Kind", 0.8, fit=True),
            Column("Int.", 0.4, Qt.AlignmentFlag.AlignRight, fit=True),
            Column("Duration", 0.8, fit=True),
            Column("Context", 1.3, fit=True),
            Column("Symptoms", 1.3, fit=True),
            Column("Notes", 2.6),
        ],
        rows,
        LOG_TABLE,
    )


# -- words -----------------------------------------------------------------------------------
def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _n_words(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"


def _num(count: int) -> str:
    return str(count) if count else "–"


_THIRD_PERSON: tuple[tuple[str, str], ...] = (
    (" you logged ", " the patient logged "),
    ("your episodes", "the episodes"),
    ("your own diary", "the patient's own diary"),
    ("your diary", "the diary"),
    ("your doctor", "the doctor"),
)


def _third_person(text: str) -> str:
    """The panel speaks to the patient; the report speaks about them."""
    for old, new in _THIRD_PERSON:
        text = text.replace(old, new)
    return text

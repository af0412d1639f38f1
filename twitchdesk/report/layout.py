"""Paginated drawing with QPainter: text that wraps, tables that repeat their header, blocks.

Layout happens first, into a list of pages, each a list of drawing operations with their
positions fixed; painting comes second, when the number of pages is known ("Page 2 of 7").

Units: everything is laid out in tenths of a point (`PT` = 10 units, so A4's text block is about
4,900 units wide), and the painter is scaled to the device's resolution. Fonts use pixel sizes
in these units with hinting off (see `fonts.report_font`), so the widths measured here are the
widths printed, whether the device is a 96 dpi preview or a 1200 dpi printer.

Rules the flow keeps:
- a heading stays with the first lines of what follows it;
- a paragraph may continue on the next page between lines, never inside one, and leaves at
  least two lines behind;
- a table row is kept whole unless it is long (a long note): then it continues on the next page
  between lines, under the repeated header row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QPen,
    QTextLayout,
    QTextOption,
)

from twitchdesk.report.fonts import report_font

PT = 10.0  # layout units per point
MM = 72 / 25.4 * PT  # layout units per millimetre

Op = Callable[[QPainter], None]


# -- text ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Style:
    size: float  # in layout units (90 = 9 pt)
    color: str = "#1f2933"
    bold: bool = False
    italic: bool = False
    leading: float = 1.3  # line height as a multiple of the size

    @cached_property
    def font(self) -> QFont:
        return report_font(self.size, bold=self.bold, italic=self.italic)

    @cached_property
    def metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font)

    # Styles are constants, asked for these thousands of times on a long report: kept, not
    # made or measured again.
    @cached_property
    def pen_color(self) -> QColor:
        return QColor(self.color)

    @cached_property
    def line_height(self) -> float:
        return max(self.size * self.leading, self.metrics.height())

    @cached_property
    def _baseline_offset(self) -> float:
        m = self.metrics
        return (self.line_height - m.ascent() - m.descent()) / 2 + m.ascent()

    def baseline(self, top: float) -> float:
        """Where the baseline of a line whose box starts at `top` goes (centred in the box)."""
        return top + self._baseline_offset

    def width(self, text: str) -> float:
        return self.metrics.horizontalAdvance(text)

    def with_(self, **changes: object) -> Style:
        values = {
            "size": self.size,
            "color": self.color,
            "bold": self.bold,
            "italic": self.italic,
            "leading": self.leading,
        }
        values.update(changes)
        return Style(**values)  # type: ignore[arg-type]


def wrap(text: str, style: Style, width: float) -> list[str]:
    """`text` broken into lines no wider than `width`: at spaces where possible, anywhere in a
    word too long for a line. Newlines start new lines; nothing is ever dropped."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setUseDesignMetrics(True)
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        # QTextLayout counts UTF-16 code units; slice the UTF-16 bytes, not the str.
        encoded = paragraph.encode("utf-16-le")
        layout = QTextLayout(paragraph, style.font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1.0, width))
            start, length = line.textStart(), line.textLength()
            piece = encoded[2 * start : 2 * (start + length)].decode("utf-16-le")
            lines.append(piece.rstrip())
        layout.endLayout()
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines or [""]


def draw_line(
    painter: QPainter,
    text: str,
    style: Style,
    left: float,
    top: float,
    width: float,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> None:
    if not text:
        return
    x = left
    if align != Qt.AlignmentFlag.AlignLeft:  # flag arithmetic is slow in Python: skip it mostly
        if align & Qt.AlignmentFlag.AlignRight:
            x = left + width - style.width(text)
        elif align & Qt.AlignmentFlag.AlignHCenter:
            x = left + (width - style.width(text)) / 2
    painter.setFont(style.font)
    painter.setPen(style.pen_color)
    painter.drawText(QPointF(x, style.baseline(top)), text)


def draw_lines(
    painter: QPainter,
    lines: Sequence[str],
    style: Style,
    left: float,
    top: float,
    width: float,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> None:
    for index, text in enumerate(lines):
        draw_line(painter, text, style, left, top + index * style.line_height, width, align)


# -- blocks ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TextItem:
    """One wrapped paragraph inside a block: its style, indent and bullet."""

    text: str
    style: Style
    indent: float = 0.0
    bullet: str = ""
    space_before: float = 0.0


# -- tables ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    text: str
    style: Style | None = None  # None: the column's style


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # a share of the table width; shares are normalised
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    style: Style | None = None  # None: the table's body style
    fit: bool = False  # as wide as its widest cell or title word (short values: dates, numbers)


@dataclass(frozen=True)
class TableStyle:
    body: Style
    header: Style
    header_fill: str = "#e9eef3"
    stripe_fill: str = "#f6f8fa"
    rule: str = "#d5dce3"
    pad_x: float = 40.0
    pad_y: float = 20.0
    stripes: bool = True
    continued: str = "(continued)"
    split_after_lines: int = 4  # rows longer than this may continue on the next page


# -- the flow --------------------------------------------------------------------------------
@dataclass
class Flow:
    """Lays content down a column `width` wide and `height` tall, page after page."""

    width: float
    height: float
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    y: float = 0.0

    # basic moves ---------------------------------------------------------------------------
    @property
    def room(self) -> float:
        return self.height - self.y

    def new_page(self) -> None:
        self.pages.append([])
        self.y = 0.0

    def ensure(self, height: float) -> None:
        """Start a new page unless `height` fits below (a fresh page always takes it)."""
        if height > self.room + 0.01 and self.y > 0:
            self.new_page()

    def gap(self, height: float) -> None:
        """Vertical space; none at the top of a page, and never past its end."""
        if self.y > 0:
            self.y = min(self.y + height, self.height)

    def place(self, height: float, paint: Callable[[QPainter, float], None]) -> float:
        """Reserve `height` (on a new page if needed) and paint there; the top it got."""
        self.ensure(height)
        top = self.y
        self.pages[-1].append(lambda painter: paint(painter, top))
        self.y += height
        return top

    # text --------------------------------------------------------------------------------
    def paragraph(
        self,
        text: str,
        style: Style,
        *,
        indent: float = 0.0,
        bullet: str = "",
        keep: int = 2,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        """Wrapped text; continues on the next page between lines, leaving `keep` behind."""
        width = self.width - indent
        lines = wrap(text, style, width)
        height = style.line_height
        index = 0
        while index < len(lines):
            left = len(lines) - index
            if self.room < height * min(keep, left) - 0.01:
                self.new_page()
            fit = max(1, int((self.room + 0.01) // height))
            if fit < left and left - fit < keep and fit > keep:
                fit = left - keep  # no single line left alone at the top of the next page
            chunk = lines[index : index + fit]
            first = index == 0

            def paint(
                painter: QPainter, top: float, chunk: list[str] = chunk, first: bool = first
            ) -> None:
                if bullet and first:
                    draw_line(painter, bullet, style, indent - style.size * 1.1, top, self.width)
                draw_lines(painter, chunk, style, indent, top, width, align)

            self.place(height * len(chunk), paint)
            index += len(chunk)
            if index < len(lines):
                self.new_page()

    def heading(self, text: str, style: Style, *, keep_with: float, rule: str = "") -> None:
        """A heading kept on the same page as `keep_with` units of what follows."""
        lines = wrap(text, style, self.width)
        height = style.line_height * len(lines) + (30 if rule else 0)
        self.ensure(height + keep_with)

        def paint(painter: QPainter, top: float) -> None:
            draw_lines(painter, lines, style, 0, top, self.width)
            if rule:
                y = top + height - 12
                painter.setPen(QPen(QColor(rule), 8))
                painter.drawLine(QPointF(0, y), QPointF(self.width, y))

        self.place(height, paint)

    # blocks ------------------------------------------------------------------------------
    def block(
        self,
        items: Sequence[TextItem],
        *,
        fill: str = "",
        bar: str = "",
        border: str = "",
        pad: float = 70.0,
        bar_width: float = 40.0,
    ) -> None:
        """A box of wrapped paragraphs kept together on one page (a note, a piece of advice)."""
        height, paint = self.layout_block(
            items, fill=fill, bar=bar, border=border, pad=pad, bar_width=bar_width
        )
        self.place(height, paint)

    def layout_block(
        self,
        items: Sequence[TextItem],
        *,
        fill: str = "",
        bar: str = "",
        border: str = "",
        pad: float = 70.0,
        bar_width: float = 40.0,
    ) -> tuple[float, Callable[[QPainter, float], None]]:
        """The height a block needs and how to paint it at a given top (nothing placed yet)."""
        inner_left = pad + (bar_width if bar else 0)
        inner_width = self.width - inner_left - pad
        laid: list[tuple[TextItem, list[str], float]] = []
        y = pad
        for item in items:
            y += item.space_before
            lines = wrap(item.text, item.style, inner_width - item.indent)
            laid.append((item, lines, y))
            y += item.style.line_height * len(lines)
        height = y + pad

        def paint(painter: QPainter, top: float) -> None:
            box = QRectF(0, top, self.width, height)
            painter.save()
            if fill or border:
                painter.setPen(QPen(QColor(border), 8) if border else Qt.PenStyle.NoPen)
                painter.setBrush(QColor(fill) if fill else Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(box, 40, 40)
            if bar:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(bar))
                painter.drawRoundedRect(QRectF(0, top, bar_width, height), 20, 20)
            painter.restore()
            for item, lines, offset in laid:
                left = inner_left + item.indent
                if item.bullet:
                    draw_line(
                        painter,
                        item.bullet,
                        item.style,
                        left - item.style.size * 1.1,
                        top + offset,
                        item.style.size,
                    )
                width = inner_width - item.indent
                draw_lines(painter, lines, item.style, left, top + offset, width)

        return height, paint

    # tables ------------------------------------------------------------------------------
    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str | Cell]],
        style: TableStyle,
        *,
        header: bool = True,
    ) -> None:
        pad_x, pad_y = style.pad_x, style.pad_y

        def cell_style(column: Column, cell: str | Cell) -> Style:
            if isinstance(cell, Cell) and cell.style is not None:
                return cell.style
            return column.style or style.body

        widths = self._column_widths(columns, rows, style, cell_style)
        lefts = [sum(widths[:i]) for i in range(len(widths))]

        header_lines = [
            wrap(c.title, style.header, w - 2 * pad_x) for c, w in zip(columns, widths, strict=True)
        ]
        header_h = max(len(lines) for lines in header_lines) * style.header.line_height + 2 * pad_y

        def paint_header(painter: QPainter, top: float) -> None:
            painter.save()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(style.header_fill))
            painter.drawRect(QRectF(0, top, self.width, header_h))
            painter.restore()
            for column, lines, left, width in zip(
                columns, header_lines, lefts, widths, strict=True
            ):
                draw_lines(
                    painter,
                    lines,
                    style.header,
                    left + pad_x,
                    top + pad_y,
                    width - 2 * pad_x,
                    column.align,
                )

        # A long log repeats most of its cells (dates, regions, kinds): each is wrapped once.
        wrapped: dict[tuple[str, Style, float], list[str]] = {}

        def wrap_cell(text: str, cell_style: Style, width: float) -> list[str]:
            key = (text, cell_style, width)
            lines = wrapped.get(key)
            if lines is None:
                lines = wrapped[key] = wrap(text, cell_style, width)
            return lines

        laid = []
        for row in rows:
            styles = [cell_style(c, cell) for c, cell in zip(columns, row, strict=True)]
            texts = [cell.text if isinstance(cell, Cell) else cell for cell in row]
            cells = [
                wrap_cell(text, s, w - 2 * pad_x) if text else []
                for text, s, w in zip(texts, styles, widths, strict=True)
            ]
            line_h = max(s.line_height for s in styles)
            laid.append((styles, cells, line_h, max(1, *(len(lines) for lines in cells))))

        def row_height(index: int) -> float:
            _styles, _cells, line_h, count = laid[index]
            return count * line_h + 2 * pad_y

        header_page = -1
        for row_index, (styles, cells, line_h, count) in enumerate(laid):
            if (
                row_index == len(laid) - 2
                and row_index > 0
                and header_page == len(self.pages) - 1
                and row_height(row_index) <= self.room
                and row_height(row_index) + row_height(row_index + 1) > self.room
                and count <= style.split_after_lines
                and laid[-1][3] <= style.split_after_lines
            ):
                self.new_page()  # the last row never stands alone under a repeated header
            done = 0
            while done < count:
                left_lines = count - done
                first_part = min(left_lines, 2 if count > style.split_after_lines else count)
                need = first_part * line_h + 2 * pad_y
                if header and header_page != len(self.pages) - 1:
                    self.ensure(header_h + need)
                    self.place(header_h, paint_header)
                    header_page = len(self.pages) - 1
                fit = int((self.room - 2 * pad_y + 0.01) // line_h)
                if fit >= left_lines:
                    part = left_lines
                elif count > style.split_after_lines and fit >= 2 and left_lines - fit >= 2:
                    part = fit
                elif count > style.split_after_lines and fit >= 3:
                    part = left_lines - 2
                else:
                    self.new_page()
                    continue
                self._table_row(
                    cells, styles, columns, lefts, widths, style, row_index, done, part, line_h
                )
                done += part
                if done < count:
                    self.new_page()

    def _column_widths(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str | Cell]],
        style: TableStyle,
        cell_style: Callable[[Column, str | Cell], Style],
    ) -> list[float]:
        """Fitted columns get their content's width (at most twice their share, and together no
        more than their shares when other columns are left); the others share what is left in
        proportion to `width`, each at least as wide as its longest word where the table allows
        (so "Bendroflumethiazide" is not broken in two)."""
        total_share = sum(column.width for column in columns)
        fixed: dict[int, float] = {}
        longest_word: dict[int, float] = {}
        measured: dict[tuple[Style, str], float] = {}  # a long log repeats most cells and words

        def width_of(measure: Style, text: str) -> float:
            found = measured.get((measure, text))
            if found is None:
                found = measured[measure, text] = measure.width(text)
            return found

        for index, column in enumerate(columns):
            title = max((style.header.width(word) for word in column.title.split()), default=0)
            widest, word = title, title
            for cell in {row[index] for row in rows}:
                text = cell.text if isinstance(cell, Cell) else cell
                measure = cell_style(column, cell)
                widest = max(widest, width_of(measure, text))
                # A "word" longer than this is not a word (a pasted link, a key held down):
                # it is broken anywhere rather than allowed to widen its column.
                word = max([word, *(width_of(measure, w) for w in text.split() if len(w) <= 24)])
            pad = 2 * style.pad_x + 4
            longest_word[index] = min(word + pad, 0.4 * self.width)
            if column.fit:
                cap = 2 * column.width / total_share * self.width
                fixed[index] = min(cap, widest + pad)
        if 0 < len(fixed) < len(columns):
            fixed = self._leave_others_their_share(fixed, longest_word, columns, total_share)
        while True:
            rest = self.width - sum(fixed.values())
            free = [i for i in range(len(columns)) if i not in fixed]
            shares = sum(columns[i].width for i in free) or 1.0
            narrow = [i for i in free if columns[i].width / shares * rest < longest_word[i]]
            if not narrow or sum(longest_word[i] for i in free) > rest:
                break  # everything fits, or not every word can: plain shares then
            for i in narrow:
                fixed[i] = longest_word[i]
        return [fixed[i] if i in fixed else c.width / shares * rest for i, c in enumerate(columns)]

    def _leave_others_their_share(
        self,
        fitted: dict[int, float],
        longest_word: dict[int, float],
        columns: Sequence[Column],
        total_share: float,
    ) -> dict[int, float]:
        """Fitted columns together take no more than their shares when other columns need the
        room: in a long log, wide regions and symptom lists once left the notes ~6 mm, a few
        letters a line. The widest fitted columns give way first, none below its longest word
        (a date or a time is never broken)."""
        room = self.width * sum(columns[i].width for i in fitted) / total_share
        floors = {i: min(longest_word[i], width) for i, width in fitted.items()}

        def total(cap: float) -> float:
            return sum(max(min(width, cap), floors[i]) for i, width in fitted.items())

        if total(max(fitted.values())) <= room:
            return fitted
        low, high = 0.0, max(fitted.values())  # total(low) fits the room (or nothing can)
        for _ in range(40):  # bisect the widest common cap that fits, to well under a point
            middle = (low + high) / 2
            low, high = (low, middle) if total(middle) > room else (middle, high)
        return {i: max(min(width, low), floors[i]) for i, width in fitted.items()}

    def _table_row(
        self,
        cells: list[list[str]],
        styles: list[Style],
        columns: Sequence[Column],
        lefts: list[float],
        widths: list[float],
        style: TableStyle,
        row_index: int,
        start: int,
        count: int,
        line_h: float,
    ) -> None:
        height = count * line_h + 2 * style.pad_y
        parts = [lines[start : start + count] for lines in cells]
        continued = start > 0

        def paint(painter: QPainter, top: float) -> None:
            painter.save()
            if style.stripes and row_index % 2 == 1:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(style.stripe_fill))
                painter.drawRect(QRectF(0, top, self.width, height))
            painter.setPen(QPen(QColor(style.rule), 6))
            painter.drawLine(QPointF(0, top + height), QPointF(self.width, top + height))
            painter.restore()
            for index, (column, lines) in enumerate(zip(columns, parts, strict=True)):
                x = lefts[index] + style.pad_x
                inner = widths[index] - 2 * style.pad_x
                if continued and index == 0 and not lines:
                    muted = style.body.with_(
                        color="#7b8794", italic=True, size=style.body.size * 0.9
                    )
                    draw_line(painter, style.continued, muted, x, top + style.pad_y, inner)
                    continue
                draw_lines(painter, lines, styles[index], x, top + style.pad_y, inner, column.align)

        self.place(height, paint)


# -- painting the pages ----------------------------------------------------------------------
@dataclass(frozen=True)
class PageFrame:
    """The device's printable area in layout units, and where the body goes inside it."""

    width: float
    height: float
    scale: float  # device pixels per layout unit
    body_top: float
    body_height: float

    @classmethod
    def for_device(cls, device: QPagedPaintDevice, header: float, footer: float) -> PageFrame:
        scale = device.logicalDpiX() / (72 * PT)
        width = device.width() / scale
        height = device.height() / scale
        return cls(width, height, scale, header, height - header - footer)


def paint_pages(
    device: QPagedPaintDevice,
    frame: PageFrame,
    pages: Sequence[Sequence[Op]],
    decorate: Callable[[QPainter, int, int], None],
) -> None:
    """Paint every page: `decorate(painter, number, count)` draws its header and footer."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("could not start drawing on the page (is the file or printer writable?)")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        for number, ops in enumerate(pages, start=1):
            if number > 1 and not device.newPage():
                raise OSError("could not start a new page")
            painter.save()
            painter.scale(frame.scale, frame.scale)
            decorate(painter, number, len(pages))
            painter.translate(0, frame.body_top)
            for op in ops:
                op(painter)
            painter.restore()
    finally:
        painter.end()

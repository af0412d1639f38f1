"""An Agg renderer that draws a line of plain text in one FreeType call, as matplotlib ≤ 3.10 did.

matplotlib 3.11 lays out and rasterises text glyph by glyph in Python
(`RendererAgg._draw_text_glyphs_and_boxes`), 0.5–1 ms a label: most of a Trends redraw, whose
charts show dozens of tick labels and up to 168 cell counts. FreeType still renders a whole line
at once (`FT2Font.set_text` + `draw_glyphs_to_bitmap`, the same font, hinting and kerning), so
plain text takes that path here, level or turned a quarter (the y axis labels; the bitmap is
rotated by Agg, within two pixels of matplotlib's placement); other angles, mathtext and text
asking for OpenType features or a language fall through to matplotlib's own path.

Each line's bitmap and size are also kept (`LINES_KEPT` of each, across draws and canvas sizes):
FreeType lays out and hints every glyph again on each `set_text`, a quarter of a heat-map redraw,
while a redraw mostly shows and measures the labels of the last one ("Mon", "12:00", "40").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.ft2font import FT2Font

# The quick path leans on matplotlib's own (private) font plumbing, checked against the pinned
# matplotlib by tests/test_quick_text.py. Another matplotlib without it gets its own renderer.
USABLE = all(
    hasattr(owner, name)
    for owner, name in (
        (RendererAgg, "_prepare_font"),
        (FT2Font, "set_text"),
        (FT2Font, "draw_glyphs_to_bitmap"),
        (FT2Font, "get_bitmap_offset"),
    )
)


LINES_KEPT = 2048  # a few hundred distinct labels per chart; each bitmap is a few hundred bytes


@dataclass(frozen=True)
class RenderedLine:
    """A line of text as FreeType rendered it, in pixels: what drawing it again needs."""

    image: Any  # uint8 coverage, rows from the top
    width: float
    descent: float
    left: float  # the bitmap's offset from the text origin
    top: float


_rendered: dict[tuple[Any, ...], RenderedLine] = {}
_measured: dict[tuple[Any, ...], tuple[float, float, float]] = {}  # width, height, descent


class QuickTextRenderer(RendererAgg):
    def draw_text(
        self,
        gc: Any,
        x: float,
        y: float,
        s: str,
        prop: Any,
        angle: float,
        ismath: Any = False,
        mtext: Any = None,
    ) -> None:
        shaped = mtext is not None and (mtext.get_fontfeatures() or mtext.get_language())
        if ismath or angle % 360 not in (0, 90) or shaped:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        line = self._render(self._font_for(prop), s, gc.get_antialiased())
        self._draw_line(line, gc, x, y, angle % 360)

    def draw_centred_lines(
        self, gc: Any, prop: Any, lines: Iterable[tuple[float, float, str, str]]
    ) -> None:
        """Plain lines of text, each (x, baseline y downwards, text, colour) centred on x.

        Each line is measured by the same FreeType call that renders it (or was, when it was
        first drawn): much faster than measuring and then drawing 168 heat-map counts.
        """
        prepared, antialiased = self._font_for(prop), gc.get_antialiased()  # once for all
        for x, y, text, colour in lines:
            line = self._render(prepared, text, antialiased)
            gc.set_foreground(colour)
            self._draw_line(line, gc, x - line.width / 2, y)

    def get_text_width_height_descent(self, s: str, prop: Any, ismath: Any) -> Any:
        """As matplotlib measures plain text (the margins and layout ask for the same labels on
        every redraw), each line measured once."""
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        font, flags, fixed = self._font_for(prop)
        key = (*fixed, s)
        size = _measured.get(key)
        if size is None:
            font.set_text(s, 0.0, flags=flags)
            width, height = font.get_width_height()
            size = width / 64.0, height / 64.0, font.get_descent() / 64.0
            _keep(_measured, key, size)
        return size

    def _font_for(self, prop: Any) -> tuple[Any, Any, tuple[Any, ...]]:
        """The prepared font, hinting flags, and what a line in them depends on besides its
        text."""
        font = self._prepare_font(prop)
        flags = get_hinting_flag()
        key = (
            font.fname,
            tuple(prop.get_family()),  # the fallback fonts
            prop.get_size_in_points(),
            self.dpi,
            flags,
            mpl.rcParams["text.kerning_factor"],
            mpl.rcParams["font.enable_last_resort"],
        )
        return font, flags, key

    def _render(
        self, prepared: tuple[Any, Any, tuple[Any, ...]], text: str, antialiased: bool
    ) -> RenderedLine:
        """The line's bitmap in a font from `_font_for`, from FreeType the first time."""
        font, flags, fixed = prepared
        key = (*fixed, text, bool(antialiased))
        line = _rendered.get(key)
        if line is None:
            font.set_text(text, 0, flags=flags)
            font.draw_glyphs_to_bitmap(antialiased=antialiased)
            left, top = (offset / 64.0 for offset in font.get_bitmap_offset())
            line = RenderedLine(
                np.array(font.get_image(), copy=True),  # the font reuses its buffer
                font.get_width_height()[0] / 64.0,
                font.get_descent() / 64.0,
                left,
                top,
            )
            _keep(_rendered, key, line)
        return line

    def _draw_line(self, line: RenderedLine, gc: Any, x: float, y: float, angle: float = 0) -> None:
        """Draw `line` with its origin at (x, baseline y downwards), turned `angle` degrees
        (0 or 90) anticlockwise, as matplotlib <= 3.10 did."""
        # The descent below the baseline, turned with the text (x for a quarter turn).
        down_x, down_y = (line.descent, 0.0) if angle else (0.0, line.descent)
        # y runs downwards from the canvas top; draw_text_image takes the image's bottom row.
        self._renderer.draw_text_image(
            line.image,
            round(x + line.left + down_x),
            round(y + line.top + down_y) + 1,
            angle,
            gc,
        )


def _keep(kept: dict[tuple[Any, ...], Any], key: tuple[Any, ...], value: Any) -> None:
    if len(kept) >= LINES_KEPT:
        del kept[next(iter(kept))]  # the oldest
    kept[key] = value

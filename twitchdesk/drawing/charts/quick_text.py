"""An Agg renderer that draws a line of plain text in one FreeType call, as matplotlib ≤ 3.10 did.

matplotlib 3.11 lays out and rasterises text glyph by glyph in Python
(`RendererAgg._draw_text_glyphs_and_boxes`), 0.5–1 ms a label: most of a Trends redraw, whose
charts show dozens of tick labels and up to 168 cell counts. FreeType still renders a whole line
at once (`FT2Font.set_text` + `draw_glyphs_to_bitmap`, the same font, hinting and kerning), so
plain text takes that path here, level or turned a quarter (the y axis labels; the bitmap is
rotated by Agg, within two pixels of matplotlib's placement); other angles, mathtext and text
asking for OpenType features or a language fall through to matplotlib's own path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
        font = self._prepare_font(prop)
        font.set_text(s, 0, flags=get_hinting_flag())
        self._draw_line(font, gc, x, y, angle % 360)

    def draw_centred_lines(
        self, gc: Any, prop: Any, lines: Iterable[tuple[float, float, str, str]]
    ) -> None:
        """Plain lines of text, each (x, baseline y downwards, text, colour) centred on x.

        The font is prepared once, and each line is measured by the same FreeType call that
        renders it: twice as fast as measuring and then drawing 168 heat-map counts.
        """
        font = self._prepare_font(prop)
        flags = get_hinting_flag()
        for x, y, text, colour in lines:
            font.set_text(text, 0, flags=flags)
            gc.set_foreground(colour)
            self._draw_line(font, gc, x - font.get_width_height()[0] / 128.0, y)

    def _draw_line(self, font: Any, gc: Any, x: float, y: float, angle: float = 0) -> None:
        """Render the text set on `font` with its origin at (x, baseline y downwards), turned
        `angle` degrees (0 or 90) anticlockwise, as matplotlib <= 3.10 did."""
        font.draw_glyphs_to_bitmap(antialiased=gc.get_antialiased())
        descent = font.get_descent() / 64.0
        left, top = (offset / 64.0 for offset in font.get_bitmap_offset())
        # The descent below the baseline, turned with the text (x for a quarter turn).
        down_x, down_y = (descent, 0.0) if angle else (0.0, descent)
        # y runs downwards from the canvas top; draw_text_image takes the image's bottom row.
        self._renderer.draw_text_image(
            font.get_image(), round(x + left + down_x), round(y + top + down_y) + 1, angle, gc
        )

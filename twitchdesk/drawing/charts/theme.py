"""Chart colours and fonts for a light or dark window (no Qt, no matplotlib: cheap to import).

The window and text colours come from the Qt palette (see canvas.theme_from_palette); the data
colours are a fixed, colour-blind-safe blue/orange pair, lightened on dark backgrounds so they
keep their contrast. The report uses LIGHT, since paper is white.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class ChartTheme:
    background: str
    text: str
    muted: str  # axes edges, grid, secondary text
    episodes: str  # episode areas and bars
    average: str  # 7-day rolling mean
    intensity: str
    left: str
    right: str
    other: str  # midline, both sides
    dark: bool = False
    font_size: float = 10.0

    def rc(self) -> dict[str, Any]:
        """matplotlib rcParams: applied while a chart is drawn, so artists pick these up."""
        size = self.font_size
        return {
            "figure.facecolor": self.background,
            "axes.facecolor": self.background,
            "savefig.facecolor": self.background,
            "text.color": self.text,
            "axes.labelcolor": self.text,
            "axes.edgecolor": self.muted,
            "axes.titlecolor": self.text,
            "xtick.color": self.muted,
            "ytick.color": self.muted,
            "xtick.labelcolor": self.text,
            "ytick.labelcolor": self.text,
            "grid.color": self.muted,
            "grid.alpha": 0.3,
            "grid.linewidth": 0.6,
            "legend.labelcolor": self.text,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlelocation": "left",
            "axes.titlesize": size * 1.15,
            "axes.titlepad": size * 0.8,
            "font.size": size,
            "axes.labelsize": size,
            "xtick.labelsize": size * 0.9,
            "ytick.labelsize": size * 0.9,
            "legend.fontsize": size * 0.9,
            "font.family": "DejaVu Sans",  # shipped with matplotlib: never boxes for missing fonts
        }


LIGHT = ChartTheme(
    background="#ffffff",
    text="#1f2933",
    muted="#7b8794",
    episodes="#4a7fc1",
    average="#d9822b",
    intensity="#7b5ea7",
    left="#4a7fc1",
    right="#d9822b",
    other="#9aa5b1",
)

DARK = ChartTheme(
    background="#1e1e1e",
    text="#e4e7eb",
    muted="#9aa5b1",
    episodes="#6fa3e0",
    average="#f2a65a",
    intensity="#b9a3e3",
    left="#6fa3e0",
    right="#f2a65a",
    other="#7b8794",
    dark=True,
)


def theme_for(background: str, text: str, font_size: float = 10.0) -> ChartTheme:
    """The theme for a window painted in `background` with `text` (both '#rrggbb')."""
    base = DARK if _lightness(background) < 0.5 else LIGHT
    return replace(base, background=background, text=text, font_size=font_size)


def _lightness(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue

"""When episodes start: a local hour × weekday heat map, with a colour bar and the counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import QT_TRANSLATE_NOOP

from twitchdesk.drawing.charts.cell_labels import CellLabels
from twitchdesk.drawing.charts.margins import EDGE, Margins, line_height, text_width, tick_room
from twitchdesk.drawing.charts.theme import LIGHT, ChartTheme
from twitchdesk.i18n import TextContext
from twitchdesk.storage.aggregates import HourWeekdayCount

DRAWING_CHARTS_TIME_OF_DAY = TextContext("DRAWING_CHARTS_TIME_OF_DAY")
# Short weekday names, Monday first; translated when drawn.
WEEKDAYS = (
    #: a short weekday name, as the chart's row labels (Monday to Sunday)
    QT_TRANSLATE_NOOP("DRAWING_CHARTS_TIME_OF_DAY", "Mon"),
    QT_TRANSLATE_NOOP("DRAWING_CHARTS_TIME_OF_DAY", "Tue"),
    QT_TRANSLATE_NOOP("DRAWING_CHARTS_TIME_OF_DAY", "Wed"),
    QT_TRANSLATE_NOOP("DRAWING_CHARTS_TIME_OF_DAY", "Thu"),
    QT_TRANSLATE_NOOP("DRAWING_CHARTS_TIME_OF_DAY", "Fri"),
    QT_TRANSLATE_NOOP("DRAWING_CHARTS_TIME_OF_DAY", "Sat"),
    QT_TRANSLATE_NOOP("DRAWING_CHARTS_TIME_OF_DAY", "Sun"),
)


@dataclass(frozen=True)
class TimeOfDayPlot:
    matrix: list[list[int]]  # [weekday, Monday first][hour 0-23]


def hour_weekday_matrix(cells: Sequence[HourWeekdayCount]) -> list[list[int]]:
    matrix = [[0] * 24 for _ in WEEKDAYS]
    for cell in cells:
        matrix[cell.weekday][cell.hour] += cell.episodes
    return matrix


class TimeOfDayChart:
    """The heat map, its 168 cell counts and colour bar, made once; `show` fills them in."""

    def __init__(self, figure: Figure, theme: ChartTheme = LIGHT) -> None:
        self.figure, self.theme = figure, theme
        # From the background to the data colour: empty hours disappear, busy ones stand out, in
        # light and dark windows alike.
        deepest = "#d6e6fa" if theme.dark else "#1d3f6e"
        lightest = _mix(theme.background, theme.episodes, 0.45)
        # Empty hours get a faint tint (not the background) so the grid stays legible without
        # lines.
        colours = LinearSegmentedColormap.from_list(
            "episodes", [lightest, theme.episodes, deepest]
        ).with_extremes(under=_mix(theme.background, theme.muted, 0.12))
        ax = self.ax = figure.add_subplot()
        self.mesh = ax.pcolormesh(
            np.zeros((len(WEEKDAYS), 24)),
            cmap=colours,
            vmin=0.5,  # 0 falls "under" the scale and takes the faint tint; 1 is the lightest
            vmax=1,
            edgecolors=theme.background,
            linewidth=1.5,
        )
        ax.set_xticks([h + 0.5 for h in range(0, 24, 2)], [f"{h:02d}:00" for h in range(0, 24, 2)])
        ax.invert_yaxis()  # the first day of the week at the top, like a calendar
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel(DRAWING_CHARTS_TIME_OF_DAY.tr("Hour of the day (local time when logged)"))
        ax.yaxis.set_label_coords(-0.1, 0.5)  # no y label: skip placing one on every draw
        self.counts = CellLabels(
            ax,
            [(hour + 0.5, weekday + 0.5) for weekday in range(len(WEEKDAYS)) for hour in range(24)],
            theme.font_size * 0.85,
        )
        bar = self.bar = figure.colorbar(self.mesh, ax=ax, fraction=0.03, pad=0.015)
        bar.set_label(DRAWING_CHARTS_TIME_OF_DAY.tr("Episodes"))
        bar.locator = MaxNLocator(integer=True)
        bar.outline.set_visible(False)
        ax.set_title(DRAWING_CHARTS_TIME_OF_DAY.tr("When episodes start: hour × weekday"))

    def show(
        self, cells: Sequence[HourWeekdayCount], week_starts_monday: bool = True
    ) -> TimeOfDayPlot:
        matrix = hour_weekday_matrix(cells)  # Monday first, as returned
        # Rows in the user's calendar order (Preferences → Week starts on).
        order = list(range(7)) if week_starts_monday else [6, 0, 1, 2, 3, 4, 5]
        shown = [matrix[day] for day in order]
        top = max(max(row) for row in matrix)
        self.mesh.set_array(np.array(shown, dtype=float))
        self.mesh.set_clim(0.5, max(top, 1))  # the colour bar follows
        self.bar.update_ticks()
        names = [DRAWING_CHARTS_TIME_OF_DAY.tr(WEEKDAYS[day]) for day in order]
        self.ax.set_yticks([d + 0.5 for d in range(7)], names)
        dark = self.theme.dark
        counts = [count for row in shown for count in row]
        self.counts.set_labels(
            [str(count) if count else "" for count in counts],
            # Light numbers on the deep half of the scale, dark ones on the pale half.
            ["#ffffff" if (count > (top + 1) / 2) != dark else "#111111" for count in counts],
        )
        return TimeOfDayPlot(matrix)

    def margins(self) -> Margins:
        figure, size = self.figure, self.theme.font_size
        ticks = size * 0.9
        names = [t.get_text() for t in self.ax.get_yticklabels()]
        pad = float(mpl.rcParams["ytick.major.pad"])
        label = line_height(size) + float(mpl.rcParams["axes.labelpad"])
        return Margins(
            left=EDGE + text_width(figure, names, ticks) + pad,
            # The colour bar's own ticks and label, right of the bar the axes make room for.
            right=EDGE + label + tick_room(figure, self.bar.ax.yaxis, ticks),
            top=EDGE + line_height(size * 1.15) + size * 0.8,
            bottom=EDGE + label + line_height(ticks) + pad,
        )


def draw_time_of_day(
    figure: Figure,
    cells: Sequence[HourWeekdayCount],
    theme: ChartTheme = LIGHT,
    week_starts_monday: bool = True,
) -> TimeOfDayPlot:
    return TimeOfDayChart(figure, theme).show(cells, week_starts_monday)


def _mix(first: str, second: str, amount: float) -> str:
    """`first` moved `amount` of the way towards `second` ('#rrggbb' colours)."""
    a = [int(first[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))

"""The most affected body regions as horizontal bars, split into left, right and other sides."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from twitchdesk.drawing.charts.kept_legend import KeptLegend
from twitchdesk.drawing.charts.margins import EDGE, Margins, line_height, text_width, tick_labels
from twitchdesk.drawing.charts.theme import LIGHT, ChartTheme
from twitchdesk.i18n import TextContext
from twitchdesk.storage.aggregates import RegionSideCount

DRAWING_CHARTS_REGIONS = TextContext("DRAWING_CHARTS_REGIONS")

MAX_REGIONS = 12  # more bars than this stop being readable at a glance
BAR_HEIGHT = 0.62


@dataclass(frozen=True)
class RegionsPlot:
    region_ids: list[str]  # most affected first
    labels: list[str]
    left: list[int]
    right: list[int]
    other: list[int]  # midline and "both sides"
    hidden: int  # regions left out beyond MAX_REGIONS


def region_totals(rows: Sequence[RegionSideCount]) -> dict[str, dict[str, int]]:
    """{region_id: {"left": n, "right": n, "other": n}} from the per region × side counts."""
    totals: dict[str, dict[str, int]] = {}
    for row in rows:
        sides = totals.setdefault(row.region_id, {"left": 0, "right": 0, "other": 0})
        key = row.side if row.side in ("left", "right") else "other"
        sides[key] += row.episodes
    return totals


class RegionsChart:
    """The chart's axes, made once; `show` puts a period's bars in them."""

    def __init__(self, figure: Figure, theme: ChartTheme = LIGHT) -> None:
        self.figure, self.theme = figure, theme
        ax = self.ax = figure.add_subplot()
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
        ax.set_xlabel(DRAWING_CHARTS_REGIONS.tr("Episodes"))
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.yaxis.set_label_coords(-0.1, 0.5)  # no y label: skip placing one on every draw
        # Every bar and total the chart can show, made once (`barh` per period cost more than
        # the draw); `show` moves, resizes and hides them.
        height = BAR_HEIGHT
        colours = {"left": theme.left, "right": theme.right, "other": theme.other}
        names = {
            #: the person's left side, in the chart's legend
            "left": DRAWING_CHARTS_REGIONS.tr("Left"),
            #: the person's right side, in the chart's legend
            "right": DRAWING_CHARTS_REGIONS.tr("Right"),
            "other": DRAWING_CHARTS_REGIONS.tr("Middle or both"),
        }
        self.bars: dict[str, list[Rectangle]] = {}
        for side, colour in colours.items():
            self.bars[side] = [
                Rectangle((0, slot - height / 2), 0, height, facecolor=colour, label=names[side])
                for slot in range(MAX_REGIONS)
            ]
            for bar in self.bars[side]:
                ax.add_artist(bar)  # limits are set by `show`, not from every patch
        self.totals = [
            ax.annotate(
                "", (0, slot), xytext=(4, 0), textcoords="offset points", va="center",
                color=theme.text,
            )
            for slot in range(MAX_REGIONS)
        ]  # fmt: skip
        self.legend = KeptLegend(ax, loc="lower right")
        self.plot: RegionsPlot | None = None

    def show(self, rows: Sequence[RegionSideCount], labels: Mapping[str, str]) -> RegionsPlot:
        ax = self.ax
        totals = region_totals(rows)
        ordered = sorted(totals, key=lambda r: (-sum(totals[r].values()), labels.get(r, r)))
        shown = ordered[:MAX_REGIONS]
        plot = self.plot = RegionsPlot(
            region_ids=shown,
            labels=[labels.get(r, r) for r in shown],
            left=[totals[r]["left"] for r in shown],
            right=[totals[r]["right"] for r in shown],
            other=[totals[r]["other"] for r in shown],
            hidden=len(ordered) - len(shown),
        )
        positions = list(range(len(shown)))
        starts = {"left": [0] * len(shown), "right": plot.left}
        starts["other"] = [a + b for a, b in zip(plot.left, plot.right, strict=True)]
        for side, widths in (("left", plot.left), ("right", plot.right), ("other", plot.other)):
            for slot, bar in enumerate(self.bars[side]):
                bar.set_visible(slot < len(shown))
                if slot < len(shown):
                    bar.set_x(starts[side][slot])
                    bar.set_width(widths[slot])
        totals_shown = [sum(totals[r].values()) for r in shown]
        for slot, label in enumerate(self.totals):
            label.set_visible(slot < len(shown))
            if slot < len(shown):
                label.set_text(str(totals_shown[slot]))
                label.xy = (totals_shown[slot], slot)
        # "Middle or both" only in the legend (and drawn) when this period has such episodes.
        sides = ["left", "right"] + (["other"] if any(plot.other) else [])
        for bar in self.bars["other"]:
            bar.set_visible(bar.get_visible() and "other" in sides)
        handles = [self.bars[side][0] for side in sides]
        ax.set_yticks(positions, plot.labels)
        # What autoscaling would choose for these bars (without re-measuring every patch),
        # upside down: the most affected at the top.
        low, high = -BAR_HEIGHT / 2, max(len(shown), 1) - 1 + BAR_HEIGHT / 2
        pad = (high - low) * float(mpl.rcParams["axes.ymargin"])
        ax.set_ylim(high + pad, low - pad)
        ax.set_xlim(0, max(totals_shown, default=1) * 1.12 + 0.5)
        self.legend.show(handles)
        if plot.hidden:
            #: {top} is how many regions the chart shows; %n how many more it leaves out
            title = DRAWING_CHARTS_REGIONS.tr(
                "Most affected body regions (top {top}; %n more not shown)", None, plot.hidden
            ).format(top=MAX_REGIONS)
        else:
            title = DRAWING_CHARTS_REGIONS.tr("Most affected body regions")
        ax.set_title(title)
        return plot

    def margins(self) -> Margins:
        figure, size = self.figure, self.theme.font_size
        ticks = size * 0.9
        names = self.plot.labels if self.plot else []
        # The last x tick label is centred on the axes' right end: half of it sticks out.
        numbers = text_width(figure, tick_labels(self.ax.xaxis), ticks)
        return Margins(
            left=EDGE + text_width(figure, names, ticks) + float(mpl.rcParams["ytick.major.pad"]),
            right=EDGE + numbers / 2,
            top=EDGE + line_height(size * 1.15) + size * 0.8,
            bottom=EDGE
            + 2 * line_height(ticks)
            + float(mpl.rcParams["axes.labelpad"])
            + float(mpl.rcParams["xtick.major.size"])
            + float(mpl.rcParams["xtick.major.pad"]),
        )


def draw_regions(
    figure: Figure,
    rows: Sequence[RegionSideCount],
    labels: Mapping[str, str],
    theme: ChartTheme = LIGHT,
) -> RegionsPlot:
    return RegionsChart(figure, theme).show(rows, labels)

"""The most affected body regions as horizontal bars, split into left, right and other sides."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from twitchdesk.drawing.charts.theme import LIGHT, ChartTheme
from twitchdesk.i18n import TextContext
from twitchdesk.storage.aggregates import RegionSideCount

DRAWING_CHARTS_REGIONS = TextContext("DRAWING_CHARTS_REGIONS")

MAX_REGIONS = 12  # more bars than this stop being readable at a glance


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


def draw_regions(
    figure: Figure,
    rows: Sequence[RegionSideCount],
    labels: Mapping[str, str],
    theme: ChartTheme = LIGHT,
) -> RegionsPlot:
    totals = region_totals(rows)
    ordered = sorted(totals, key=lambda r: (-sum(totals[r].values()), labels.get(r, r)))
    shown = ordered[:MAX_REGIONS]
    plot = RegionsPlot(
        region_ids=shown,
        labels=[labels.get(r, r) for r in shown],
        left=[totals[r]["left"] for r in shown],
        right=[totals[r]["right"] for r in shown],
        other=[totals[r]["other"] for r in shown],
        hidden=len(ordered) - len(shown),
    )
    ax = figure.add_subplot()
    positions = list(range(len(shown)))
    height = 0.62
    #: the person's left side, in the chart's legend
    ax.barh(positions, plot.left, height, color=theme.left, label=DRAWING_CHARTS_REGIONS.tr("Left"))
    ax.barh(
        positions,
        plot.right,
        height,
        left=plot.left,
        color=theme.right,
        #: the person's right side, in the chart's legend
        label=DRAWING_CHARTS_REGIONS.tr("Right"),
    )
    if any(plot.other):
        starts = [a + b for a, b in zip(plot.left, plot.right, strict=True)]
        ax.barh(
            positions,
            plot.other,
            height,
            left=starts,
            color=theme.other,
            label=DRAWING_CHARTS_REGIONS.tr("Middle or both"),
        )
    totals_shown = [sum(totals[r].values()) for r in shown]
    for y, total in zip(positions, totals_shown, strict=True):
        ax.annotate(
            str(total),
            (total, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            color=theme.text,
        )
    ax.set_yticks(positions, plot.labels)
    ax.invert_yaxis()  # most affected at the top, where reading starts
    ax.set_xlim(0, max(totals_shown, default=1) * 1.12 + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    ax.set_xlabel(DRAWING_CHARTS_REGIONS.tr("Episodes"))
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.legend(loc="lower right")
    if plot.hidden:
        #: {top} is how many regions the chart shows; %n how many more it leaves out
        title = DRAWING_CHARTS_REGIONS.tr(
            "Most affected body regions (top {top}; %n more not shown)", None, plot.hidden
        ).format(top=MAX_REGIONS)
    else:
        title = DRAWING_CHARTS_REGIONS.tr("Most affected body regions")
    ax.set_title(title)
    return plot

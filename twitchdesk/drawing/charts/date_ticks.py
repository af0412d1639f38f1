"""Date ticks worked out once per view, however many axes share them.

Factors stacks six axes on one date axis: matplotlib asks the shared locator and formatter
for the same ticks once per axes on every draw, and an AutoDateLocator over ten years walks a
dateutil rule each time (a tenth of the redraw). The answer depends only on the view's
limits, so it is kept until they change (a new period, a pan or a zoom).
"""

from __future__ import annotations

from typing import Any

import matplotlib.dates as mdates
import numpy as np
from matplotlib.axis import Axis


class ViewDateLocator(mdates.AutoDateLocator):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._view: tuple[float, float] | None = None
        self._ticks: Any = np.array([])

    def __call__(self) -> Any:
        view = (float(self.axis.get_view_interval()[0]), float(self.axis.get_view_interval()[1]))
        if view != self._view:
            self._ticks, self._view = super().__call__(), view
        return np.array(self._ticks, copy=True)


class ViewDateFormatter(mdates.ConciseDateFormatter):
    def __init__(self, locator: mdates.DateLocator, **options: Any) -> None:
        super().__init__(locator, **options)
        self._values: tuple[float, ...] | None = None
        self._labels: list[str] = []

    def format_ticks(self, values: Any) -> list[str]:
        key = tuple(float(value) for value in values)
        if key != self._values:
            self._labels, self._values = list(super().format_ticks(values)), key
        return list(self._labels)


def use_date_ticks(axis: Axis) -> None:
    """Concise date labels, 4 to 10 ticks, on `axis` (and every axis sharing it)."""
    locator = ViewDateLocator(minticks=4, maxticks=10)
    axis.set_major_locator(locator)
    axis.set_major_formatter(ViewDateFormatter(locator, show_offset=False))

"""A legend made again only when its entries change.

Making a legend lays out its handles and texts (a few milliseconds, a tenth of a period change
on the Over time chart), and a new period nearly always shows the same entries as the last.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.legend import Legend


class KeptLegend:
    def __init__(self, ax: Axes, **options: Any) -> None:
        self.ax, self.options = ax, options
        self.legend: Legend | None = None
        self._entries: tuple[Any, ...] = ()

    def show(self, handles: Sequence[Artist], looks: Hashable = None) -> Legend:
        """The legend for `handles` (with their labels), kept if they are the last ones.

        The legend copies each handle's style when it is made: `looks` names what a period
        changes in them (the intensity dots' size), so that a change makes it again."""
        entries = (*handles, looks)
        if self.legend is None or entries != self._entries:
            if self.legend is not None:
                self.legend.remove()
            labels = [str(handle.get_label()) for handle in handles]
            self.legend = self.ax.legend(list(handles), labels, **self.options)
            self._entries = entries
        return self.legend

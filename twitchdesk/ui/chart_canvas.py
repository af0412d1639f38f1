"""The QtAgg canvas and navigation toolbar that show a chart inside a panel.

Importing this module loads matplotlib (~0.6 s), so the Trends panel imports it on first show.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
from matplotlib.figure import Figure
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from twitchdesk.core.collection import cycle_collection_paused
from twitchdesk.drawing.charts import quick_text
from twitchdesk.drawing.charts.factors import ROWS, FactorsChart
from twitchdesk.drawing.charts.over_time import OverTimeChart
from twitchdesk.drawing.charts.quick_text import QuickTextRenderer
from twitchdesk.drawing.charts.regions import RegionsChart
from twitchdesk.drawing.charts.theme import ChartTheme, theme_for
from twitchdesk.drawing.charts.time_of_day import TimeOfDayChart
from twitchdesk.i18n import TextContext

CHART_CANVAS = TextContext("CHART_CANVAS")
Chart = OverTimeChart | RegionsChart | TimeOfDayChart | FactorsChart
CHART_CLASSES: dict[str, type[Chart]] = {
    "over_time": OverTimeChart,
    "regions": RegionsChart,
    "time_of_day": TimeOfDayChart,
    "factors": FactorsChart,
}


def theme_from_palette(palette: QPalette, font: QFont) -> ChartTheme:
    """Chart colours that match the window: light or dark, and the interface font size."""
    window = palette.color(QPalette.ColorRole.Window).name()
    text = palette.color(QPalette.ColorRole.WindowText).name()
    # matplotlib draws points at the figure's 100 dpi, Qt at 96: scale so the pixels match.
    size = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
    return theme_for(window, text, font_size=round(size * 96 / 100, 1))


class ChartCanvas(FigureCanvasQTAgg):
    """The QtAgg canvas, telling when a frame has reached the screen; its text is drawn a line
    at a time (`quick_text.py`), which halves the cost of a redraw's labels."""

    painted = Signal()

    def get_renderer(self) -> Any:
        # FigureCanvasAgg.get_renderer, making our renderer: a new one only when the size changes.
        if not quick_text.USABLE:
            return super().get_renderer()
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key or not isinstance(self.renderer, QuickTextRenderer):
            self.renderer = QuickTextRenderer(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer

    def draw(self) -> None:
        # Drawing makes and drops thousands of objects; a full cycle collection set off in the
        # middle would hold the frame back by ~0.1 s (see `core.collection`).
        with cycle_collection_paused():
            super().draw()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted.emit()


class ChartToolbar(NavigationToolbar2QT):
    """matplotlib's toolbar with plain icons.

    matplotlib 3.11 paints its icons through a Python QIconEngine that reads a deprecated Qt
    enum on every paint; the DeprecationWarning raised there (an error under our test settings)
    escapes from a C++ virtual call and crashes the process. Plain QIcons made once from the
    large PNGs avoid Python in the paint path altogether.
    """

    def __init__(self, canvas: FigureCanvasQTAgg, parent: QWidget) -> None:
        super().__init__(canvas, parent)
        for action in self.actions():
            button = self.widgetForAction(action)
            if button is not None and action.text():
                # Screen readers announce the name: "Zoom: Zoom to rectangle".
                tip = action.toolTip()
                name = f"{action.text()}: {tip}" if tip and tip != action.text() else action.text()
                button.setAccessibleName(name)

    def _icon(self, name: str) -> QIcon:
        path = Path(matplotlib.get_data_path()) / "images" / name
        large = path.with_name(f"{path.stem}_large.png")
        pixmap = QPixmap(str(large if large.exists() else path))
        palette = self.palette()
        if palette.color(self.backgroundRole()).value() < 128:  # dark: draw the icons light
            mask = pixmap.createMaskFromColor(QColor("black"), Qt.MaskMode.MaskOutColor)
            pixmap.fill(palette.color(self.foregroundRole()))
            pixmap.setMask(mask)
        return QIcon(pixmap)


class ChartView(QWidget):
    """A figure on a canvas, with matplotlib's pan/zoom/save toolbar above it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # No layout engine: each chart says how much room its labels need (`margins.py`),
        # which costs far less than laying the figure out again on every draw.
        self.figure = Figure()
        self.chart: Chart | None = None
        self.canvas = ChartCanvas(self.figure)
        self.canvas.mpl_connect("resize_event", lambda _event: self._fit_again())
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setAccessibleName(CHART_CANVAS.tr("Chart"))
        self.toolbar = ChartToolbar(self.canvas, self)
        self.toolbar.setAccessibleName(CHART_CANVAS.tr("Chart tools: pan, zoom, reset view"))
        self.toolbar.setIconSize(QSize(20, 20))  # its 24 px default outweighs the chart's text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)

    @contextmanager
    def theme_context(self, theme: ChartTheme) -> Iterator[None]:
        """matplotlib settings for `theme`, while artists are made and text is measured."""
        # Titles at a fixed height: matplotlib would otherwise look for tick labels above
        # every axes on each draw, a third of the draw for five stacked axes.
        with matplotlib.rc_context({**theme.rc(), "axes.titley": 1.0}):
            yield

    def fit(self, chart: Chart) -> None:
        """Margins for what `chart` shows now (call after each `show`)."""
        rows = len(ROWS) + 1 if isinstance(chart, FactorsChart) else 1
        chart.margins().apply(self.figure, rows)

    def _fit_again(self) -> None:
        if self.chart is not None:
            with self.theme_context(self.chart.theme):
                self.fit(self.chart)


def make_chart(view: ChartView, key: str, theme: ChartTheme) -> Any:
    """A fresh chart of kind `key` ("over_time", …) on the view's figure, in `theme`."""
    figure = view.figure
    figure.clear()
    figure.set_facecolor(theme.background)
    with view.theme_context(theme):
        view.chart = CHART_CLASSES[key](figure, theme)
    return view.chart

"""The Trends panel: "is it getting better, and what makes it worse?"

The numbers come from `core.trends` (SQL aggregates underneath); this panel only chooses the
period, region and chart, draws, and writes the summary. matplotlib costs most of a second to
import, so it is loaded the first time the panel is painted, never at start-up: until then the
chart area says "Preparing charts…". `core.trends` and `storage.aggregates` are imported inside
methods too: they load the ORM, which the main window defers until after its first paint.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QEvent, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.core.collection import cycle_collection_paused
from twitchdesk.i18n import TextContext
from twitchdesk.ui.panel_context import PanelContext

if TYPE_CHECKING:  # the ORM and matplotlib load later, not when the main window imports this
    from matplotlib.figure import Figure

    from twitchdesk.core.trends import DateRange, TrendSummary
    from twitchdesk.storage.aggregate_cache import AggregateCache
    from twitchdesk.storage.aggregates import AggregateSource
    from twitchdesk.ui.chart_canvas import Chart, ChartView

TRENDS_PANEL = TextContext("TRENDS_PANEL")
# Button texts, translated where the buttons are made.
CHARTS = {
    "over_time": QT_TRANSLATE_NOOP("TRENDS_PANEL", "Over time"),
    "regions": QT_TRANSLATE_NOOP("TRENDS_PANEL", "Body regions"),
    "time_of_day": QT_TRANSLATE_NOOP("TRENDS_PANEL", "Time of day"),
    "factors": QT_TRANSLATE_NOOP("TRENDS_PANEL", "Factors"),
}
PRESET_LABELS = {
    "7d": QT_TRANSLATE_NOOP("TRENDS_PANEL", "7 days"),
    "30d": QT_TRANSLATE_NOOP("TRENDS_PANEL", "30 days"),
    "90d": QT_TRANSLATE_NOOP("TRENDS_PANEL", "90 days"),
    "1y": QT_TRANSLATE_NOOP("TRENDS_PANEL", "1 year"),
    "all": QT_TRANSLATE_NOOP("TRENDS_PANEL", "All"),
}
DEFAULT_PRESET = "90d"  # long enough for the factor associations to have days behind them
EXPORT_FORMATS = {".png": "png", ".svg": "svg"}
RELEVANT_TOPICS = {"episodes", "daily", "all"}
REFRESH_DELAY_MS = 150  # an import or a burst of edits redraws once, not once per row
KEPT_SUMMARIES = 8  # periods and regions whose numbers are kept until the diary changes


def export_chart(figure: Figure, path: Path) -> Path:
    """Save `figure` as PNG or SVG, chosen by the file's extension."""
    fmt = EXPORT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path.name}: choose a .png or .svg file name")
    figure.savefig(path, format=fmt, dpi=150 if fmt == "png" else None)
    return path


def region_label(region_id: str) -> str:
    # The atlas is a colleague's module and may be missing or reject an old id: fall back.
    try:
        from twitchdesk.core.regions import load_atlas

        return str(load_atlas().label(region_id))
    except (ImportError, ValueError, KeyError, OSError):
        return region_id.replace("_", " ").capitalize()


class TrendsPanel(QWidget):
    # The chart now shows the current data; the summary text below it follows once the chart
    # has painted (its associations take longest, and the chart is what the user looks at).
    refreshed = Signal()

    def __init__(
        self, parent: QWidget | None = None, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(TRENDS_PANEL.tr("Trends"))
        self._today = today
        self._context: PanelContext | None = None
        self._aggregates: AggregateCache | None = None  # the diary's numbers, kept in memory
        self._chart_view: ChartView | None = None
        self._drawn: tuple[str, Any] | None = None  # (chart, theme) the figure's axes are for
        self._summary_due = False  # the summary text waits for the chart's next frame
        self._chart: Chart | None = None
        self._charts_requested = False
        self._dirty = True
        self._preset = DEFAULT_PRESET
        self._custom: tuple[date, date] | None = None
        self.summary: TrendSummary | None = None
        # Going back to a period shown before reuses its numbers (each part is computed once);
        # forgotten whenever the diary changes.
        self._summaries: dict[tuple[date, date, str | None], TrendSummary] = {}
        self.plotted: Any = None  # what the current chart drew (a *Plot dataclass) or None
        self.chart_load_seconds: float | None = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self._show_message(TRENDS_PANEL.tr("Preparing charts…"))

    # -- construction --------------------------------------------------------------------
    def _init_widgets(self) -> None:
        self.chart_buttons = self._button_group(
            CHARTS, "chart", TRENDS_PANEL.tr("Chart"), checked="over_time"
        )
        self.period_buttons = self._button_group(
            PRESET_LABELS, "period", TRENDS_PANEL.tr("Period"), DEFAULT_PRESET
        )
        self.from_edit, self.to_edit = QDateEdit(), QDateEdit()
        for edit, name in (
            (self.from_edit, TRENDS_PANEL.tr("Custom period from")),
            (self.to_edit, TRENDS_PANEL.tr("Custom period to")),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            edit.setToolTip(TRENDS_PANEL.tr("Pick any dates for a custom period"))
        self.region_combo = QComboBox()
        self.region_combo.setAccessibleName(TRENDS_PANEL.tr("Body region"))
        self.region_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.region_combo.addItem(TRENDS_PANEL.tr("All body regions"), None)
        self.export_button = QPushButton(TRENDS_PANEL.tr("Export chart…"))
        self.export_button.setAccessibleName(TRENDS_PANEL.tr("Export chart as PNG or SVG"))
        self.export_button.setEnabled(False)
        self.message = QLabel()
        self.message.setObjectName("trends_message")
        self.message.setAccessibleName(TRENDS_PANEL.tr("Chart message"))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        font = self.message.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.message.setFont(font)
        self.message.setMaximumWidth(640)  # long lines across a wide window are hard to read
        self.message_page = QWidget()
        QHBoxLayout(self.message_page).addWidget(self.message)
        self.chart_stack = QStackedWidget()
        self.chart_stack.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.chart_stack.addWidget(self.message_page)
        self.summary_view = QTextBrowser()
        self.summary_view.setAccessibleName(TRENDS_PANEL.tr("Summary and associations"))
        self.summary_view.setOpenLinks(False)
        self.summary_view.setMaximumHeight(190)

    def _button_group(
        self, labels: dict[str, str], what: str, title: str, checked: str
    ) -> QButtonGroup:
        """Exclusive buttons named `what`_key (object names), spoken as "`title`: label"."""
        group = QButtonGroup(self)
        group.setExclusive(True)
        for key, english in labels.items():
            label = TRENDS_PANEL.tr(english)
            button = QPushButton(label)
            button.setCheckable(True)
            button.setChecked(key == checked)
            button.setObjectName(f"{what}_{key}")
            button.setAccessibleName(f"{title}: {label}")
            button.setProperty("key", key)
            group.addButton(button)
        return group

    def _init_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(f"<b>{TRENDS_PANEL.tr('Chart:')}</b>"))
        for button in self.chart_buttons.buttons():
            top.addWidget(button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(f"<b>{TRENDS_PANEL.tr('Period:')}</b>"))
        for button in self.period_buttons.buttons():
            filters.addWidget(button)
        filters.addSpacing(8)
        filters.addWidget(self.from_edit)
        #: between the two dates of a custom period: "1 Mar 2026 to 31 Mar 2026"
        filters.addWidget(QLabel(TRENDS_PANEL.tr("to")))
        filters.addWidget(self.to_edit)
        filters.addSpacing(16)
        region_label_widget = QLabel(f"<b>{TRENDS_PANEL.tr('&Region:')}</b>")
        region_label_widget.setBuddy(self.region_combo)
        filters.addWidget(region_label_widget)
        filters.addWidget(self.region_combo)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.chart_stack, 1)
        layout.addWidget(self.summary_view)

    def _connect_signals(self) -> None:
        self.chart_buttons.buttonClicked.connect(lambda _b: self._draw_chart())
        self.period_buttons.buttonClicked.connect(self._on_preset_clicked)
        self.from_edit.dateChanged.connect(self._on_custom_dates)
        self.to_edit.dateChanged.connect(self._on_custom_dates)
        self.region_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.export_button.clicked.connect(self._ask_export)
        self._refresh_timer.timeout.connect(self.refresh)

    # -- state ---------------------------------------------------------------------------
    @property
    def chart(self) -> str:
        return str(self.chart_buttons.checkedButton().property("key"))

    @property
    def preset(self) -> str | None:
        """The preset key, or None for a custom range."""
        return None if self._custom else self._preset

    @property
    def region_id(self) -> str | None:
        data = self.region_combo.currentData()
        return str(data) if data else None

    @property
    def charts_ready(self) -> bool:
        return self._chart_view is not None

    @property
    def figure(self) -> Figure | None:
        return self._chart_view.figure if self._chart_view else None

    def period(self) -> DateRange:
        from twitchdesk.core.trends import DateRange, preset, preset_range

        if self._custom:
            return DateRange(*self._custom)
        span = self._source().span() if self._context else None
        return preset_range(preset(self._preset), self._today(), span)

    def _source(self) -> AggregateSource:
        """The in-memory numbers once read; until then (and after a change) the SQL, so the
        chart need not wait for a scan of the whole diary (see `_on_chart_painted`)."""
        from twitchdesk.storage.aggregate_cache import AggregateCache
        from twitchdesk.storage.aggregates import SqlAggregates

        assert self._context is not None
        if self._aggregates is None:
            self._aggregates = AggregateCache(self._context.diary)
        return self._aggregates if self._aggregates.loaded else SqlAggregates(self._context.diary)

    # -- diary ---------------------------------------------------------------------------
    def attach(self, context: PanelContext) -> None:
        if self._aggregates is not None:
            self._aggregates.close()
        self._context = context
        self._aggregates = None  # made on the first refresh: it imports numpy
        self._summaries.clear()
        context.bridge.changed.connect(self._on_diary_changed)
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def _on_diary_changed(self, topic: str) -> None:
        if topic not in RELEVANT_TOPICS:
            return
        self._summaries.clear()
        if self.isVisible():
            self._refresh_timer.start()
        else:  # nobody is looking: redraw once, when the panel is shown again
            self._dirty = True

    # -- showing -------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._chart_view is None:
            self._charts_requested = True
        elif self._dirty:
            self.refresh()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._charts_requested and self._chart_view is None:
            self._charts_requested = False
            # Import matplotlib after this frame reaches the screen, so switching to the tab
            # shows the controls at once instead of freezing on the old tab.
            QTimer.singleShot(0, self.load_charts)

    def load_charts(self) -> None:
        """Import matplotlib and build the canvas (once), then draw."""
        if self._chart_view is not None:
            return
        started = time.perf_counter()
        from twitchdesk.ui.chart_canvas import ChartView

        self._chart_view = ChartView()
        self._chart_view.canvas.painted.connect(self._on_chart_painted)
        self.chart_stack.addWidget(self._chart_view)
        self.chart_load_seconds = time.perf_counter() - started
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._chart_view is not None:
            self._draw_chart()

    # -- period and region ---------------------------------------------------------------
    def _on_preset_clicked(self, button: QPushButton) -> None:
        self._preset = str(button.property("key"))
        self._custom = None
        self.refresh()

    def _on_custom_dates(self) -> None:
        first, last = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        if last < first:  # keep the range valid by moving the other end along
            other = self.to_edit if self.sender() is self.from_edit else self.from_edit
            _set_date(other, first if other is self.to_edit else last)
            first, last = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        self._custom = (first, last)
        checked = self.period_buttons.checkedButton()
        if checked is not None:  # no preset is "on" any more: the dates are the period
            self.period_buttons.setExclusive(False)
            checked.setChecked(False)
            self.period_buttons.setExclusive(True)
        self.refresh()

    def _reload_regions(self) -> None:
        assert self._context is not None and self._aggregates is not None
        current = self.region_id
        if self._aggregates.loaded:
            ids = self._aggregates.regions_in_use()
        else:
            ids = self._context.diary.regions_in_use()
        if current and current not in ids:
            ids.append(current)  # keep the user's choice even if its last episode went
        listed = [self.region_combo.itemData(i) for i in range(1, self.region_combo.count())]
        if sorted(ids) == sorted(listed):
            return  # the same regions: keep the list (and the user's place in it)
        self.region_combo.blockSignals(True)
        self.region_combo.clear()
        self.region_combo.addItem(TRENDS_PANEL.tr("All body regions"), None)
        for label, region in sorted((region_label(r), r) for r in ids):
            self.region_combo.addItem(label, region)
        self.region_combo.setCurrentIndex(max(0, self.region_combo.findData(current)))
        self.region_combo.blockSignals(False)

    # -- refreshing ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the diary for the current period and region, then redraw."""
        if self._context is None:
            return
        # A full cycle collection walks every object of the process (~0.1 s once matplotlib and
        # the ORM are loaded); the summary text, written after the chart's frame, can take it.
        with cycle_collection_paused():
            self._refresh()

    def _refresh(self) -> None:
        assert self._context is not None
        self._refresh_timer.stop()
        self._dirty = False
        source = self._source()
        self._reload_regions()
        period = self.period()
        for edit, day in ((self.from_edit, period.first), (self.to_edit, period.last)):
            _set_date(edit, day)
        self.summary = self._summary_for(source, period)
        self._draw_chart()
        if self.plotted is not None and self._chart_view is not None:
            self._summary_due = True  # written once the chart is on screen
        else:
            self._write_summary()

    def _summary_for(self, source: AggregateSource, period: DateRange) -> TrendSummary:
        """The period's summary, kept from an earlier visit while the diary is unchanged.

        Each part is computed when the chart or the summary text first asks for it."""
        from twitchdesk.core.trends import TrendSummary

        key = (period.first, period.last, self.region_id)
        summary = self._summaries.pop(key, None)
        if summary is None or summary.source is not source:  # the SQL, until the cache loads
            summary = TrendSummary(source, period, self.region_id)
        self._summaries[key] = summary  # newest last: the oldest goes first
        while len(self._summaries) > KEPT_SUMMARIES:
            del self._summaries[next(iter(self._summaries))]
        return summary

    def _on_chart_painted(self) -> None:
        if self._summary_due:
            self._summary_due = False
            QTimer.singleShot(0, self._write_summary)
        if self._aggregates is not None and not self._aggregates.loaded:
            # The chart is on screen: now read the whole diary into memory (one scan), so
            # the next period, "All" included, is drawn from it.
            QTimer.singleShot(0, self._aggregates.load)

    def _draw_chart(self) -> None:
        if self._chart_view is None or self.summary is None:
            return
        message = self._empty_message()
        if message:
            self.plotted = None
            self._show_message(message)
        else:
            self.plotted = self._plot(self._chart_view)
            chart_name = TRENDS_PANEL.tr("Chart: {chart}").format(
                chart=TRENDS_PANEL.tr(CHARTS[self.chart])
            )
            self._chart_view.canvas.setAccessibleName(chart_name)
            self._chart_view.canvas.draw_idle()
            self._chart_view.toolbar.update()  # "home" is now this period, not the last zoom
            self.chart_stack.setCurrentWidget(self._chart_view)
        self.export_button.setEnabled(self.plotted is not None)
        self.refreshed.emit()

    def _plot(self, view: ChartView) -> Any:
        """Show the summary in the current chart, making its axes only when chart or colours
        change: a new period only swaps the data (see `drawing/charts`)."""
        from twitchdesk.drawing.charts.factors import ROWS as FACTOR_ROWS
        from twitchdesk.ui.chart_canvas import make_chart, theme_from_palette

        assert self.summary is not None
        summary, chart = self.summary, self.chart
        theme = theme_from_palette(self.palette(), self.font())
        if self._drawn != (chart, theme) or self._chart is None:
            self._chart = make_chart(view, chart, theme)
            self._drawn = (chart, theme)
        began = summary.diary_span.first if summary.diary_span else None
        with view.theme_context(theme):
            if chart == "over_time":
                plotted = self._chart.show(summary.series, began)
            elif chart == "regions":
                rows = summary.per_region
                labels = {row.region_id: region_label(row.region_id) for row in rows}
                plotted = self._chart.show(rows, labels)
            elif chart == "time_of_day":
                monday = self._context.settings.week_starts_monday if self._context else True
                plotted = self._chart.show(summary.per_hour, monday)
            else:
                found = summary.associations_of([row.key for row in FACTOR_ROWS])
                plotted = self._chart.show(summary.factors, found, began)
            view.fit(self._chart)
        return plotted

    def _empty_message(self) -> str:
        assert self.summary is not None
        summary = self.summary
        first, last = _day(summary.period.first), _day(summary.period.last)
        if summary.diary_span is None:
            return TRENDS_PANEL.tr(
                "No episodes in your diary yet.\n\nLog a twitch in the Log panel and your "
                "charts will appear here: episodes over time, body regions, time of day, and "
                "caffeine, sleep, stress and exercise beside them."
            )
        if not self._has_episodes():
            if summary.region_id:
                #: {region} is a body region ("Calf"); {first} and {last} are dates
                message = TRENDS_PANEL.tr(
                    "No episodes in {region} between {first} and {last}.\n\n"
                    "Choose a longer period, “All”, or another body region."
                )
            else:
                #: {first} and {last} are dates like "3 Mar 2026"
                message = TRENDS_PANEL.tr(
                    "No episodes between {first} and {last}.\n\n"
                    "Choose a longer period, “All”, or another body region."
                )
            region = region_label(summary.region_id) if summary.region_id else ""
            return message.format(region=region, first=first, last=last)
        if self.chart == "factors" and not any(r.checked_in for r in summary.factors):
            #: {first} and {last} are dates like "3 Mar 2026"
            message = TRENDS_PANEL.tr(
                "No daily check-ins between {first} and {last}.\n\nRecord caffeine, sleep, "
                "stress and exercise in the daily check-in to see them beside your episodes."
            )
            return message.format(first=first, last=last)
        return ""

    def _has_episodes(self) -> bool:
        """Whether the period has episodes, from the numbers the current chart draws: the daily
        series (the summary text's, a tenth of a second for "All") waits until it has painted."""
        assert self.summary is not None
        summary, chart = self.summary, self.chart
        if chart == "time_of_day":
            return any(cell.episodes for cell in summary.per_hour)
        if chart == "regions":
            return any(row.episodes for row in summary.per_region)
        if chart == "factors":
            return any(row.episodes for row in summary.factors)
        return summary.total_episodes > 0

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.chart_stack.setCurrentWidget(self.message_page)

    def _write_summary(self) -> None:
        from twitchdesk.core.trends import describe

        assert self.summary is not None
        text = describe(self.summary)
        where = (
            region_label(self.region_id) if self.region_id else TRENDS_PANEL.tr("All body regions")
        )
        period = self.summary.period
        parts = [f"<p><b>{html.escape(where)}, {_day(period.first)} – {_day(period.last)}.</b> "]
        parts.append(" ".join(html.escape(line) for line in text.overview) + "</p>")
        if text.findings:
            items = "".join(f"<li>{html.escape(line)}</li>" for line in text.findings)
            heading = TRENDS_PANEL.tr("What went with more or fewer episodes")
            parts.append(f"<p><b>{heading}</b></p><ul>{items}</ul>")
        if text.waiting:
            #: {factors} lists the factors still waiting for data: "caffeine · sleep"
            waiting = TRENDS_PANEL.tr(
                "<b>Not enough data yet</b> (each needs 14 days; on/off factors also 3 days "
                "with and 3 without): {factors}."
            )
            parts.append(f"<p>{waiting.format(factors=html.escape(' · '.join(text.waiting)))}</p>")
        parts.append(f"<p><i>{html.escape(text.caveat)}</i></p>")
        self.summary_view.setHtml("".join(parts))

    # -- export --------------------------------------------------------------------------
    def export_to(self, path: Path) -> Path:
        figure = self.figure
        if figure is None or self.plotted is None:
            raise RuntimeError("there is no chart to export")
        return export_chart(figure, path)

    def _ask_export(self) -> None:
        assert self.summary is not None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        period = self.summary.period
        name = f"twitchdesk-{self.chart.replace('_', '-')}-{period.first}-{period.last}.png"
        chosen, selected = QFileDialog.getSaveFileName(
            self,
            TRENDS_PANEL.tr("Export chart"),
            str(Path(folder or Path.home()) / name),
            TRENDS_PANEL.tr("PNG image (*.png);;SVG image (*.svg)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in EXPORT_FORMATS:
            path = path.with_suffix(".svg" if "svg" in selected.lower() else ".png")
        try:
            self.export_to(path)
        except OSError as error:
            problem = TRENDS_PANEL.tr("Could not save {path}:\n{error}")
            QMessageBox.warning(
                self, TRENDS_PANEL.tr("Export chart"), problem.format(path=path, error=error)
            )


def _set_date(edit: QDateEdit, day: date) -> None:
    edit.blockSignals(True)  # programmatic updates must not switch the period to "custom"
    edit.setDate(QDate(day.year, day.month, day.day))
    edit.blockSignals(False)


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"

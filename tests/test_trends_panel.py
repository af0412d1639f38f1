"""The Trends panel driven like a user would, checked against the SQL aggregates it draws."""

from __future__ import annotations

import gc
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from factories import episode
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QPushButton,
    QTextBrowser,
)
from test_log_panel import click_region, window  # noqa: F401  (the main window fixture)

from twitchdesk.core.demo import write_demo
from twitchdesk.storage.aggregates import (
    Scope,
    episodes_per_day,
    episodes_per_hour,
    episodes_per_region,
    factors_per_day,
)
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import DailyFactors
from twitchdesk.ui.diary_bridge import DiaryBridge
from twitchdesk.ui.panel_context import PanelContext
from twitchdesk.ui.settings import AppSettings
from twitchdesk.ui.trends_panel import TrendsPanel, export_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def make_panel(qtbot, isolated_data_dir: Path):
    opened = []

    def make(demo: bool = True) -> TrendsPanel:
        diary = open_diary(isolated_data_dir)
        if demo:
            write_demo(diary)
        panel = TrendsPanel()
        qtbot.addWidget(panel)
        # As MainWindow.attach_diary does it.
        bridge = DiaryBridge(diary, panel)
        settings = AppSettings(isolated_data_dir / "settings.ini")
        panel.attach(PanelContext(diary, bridge, QUndoStack(panel), settings, isolated_data_dir))
        panel.resize(1200, 800)
        panel.show()
        qtbot.waitExposed(panel)
        qtbot.waitUntil(lambda: panel.charts_ready, timeout=20_000)
        opened.append((diary, bridge))
        panel.diary = diary  # type: ignore[attr-defined]
        return panel

    yield make
    for diary, bridge in opened:
        bridge.detach()
        diary.close()


def button(panel: TrendsPanel, name: str) -> QPushButton:
    found = panel.findChild(QPushButton, name)
    assert found is not None, name
    return found


def click(qtbot, panel: TrendsPanel, name: str) -> None:
    qtbot.mouseClick(button(panel, name), Qt.MouseButton.LeftButton)


def last_days(count: int) -> Scope:
    today = date.today()
    return Scope(today - timedelta(days=count - 1), today)


def today_at(minute: int) -> datetime:
    """Just after local midnight today, in the computer's own offset (as the Log panel logs)."""
    return datetime.combine(date.today(), time(0, minute)).astimezone()


def daily(diary, scope: Scope) -> list[int]:
    by_day = {row.day: row.episodes for row in episodes_per_day(diary, scope)}
    return [by_day.get(scope.first + timedelta(days=i), 0) for i in range(scope.day_count)]


def test_period_region_and_chart_switches_draw_the_aggregates(make_panel, qtbot) -> None:
    panel = make_panel()
    diary = panel.diary
    assert panel.chart == "over_time" and panel.preset == "90d"

    click(qtbot, panel, "period_30d")
    month = last_days(30)
    assert (panel.summary.period.first, panel.summary.period.last) == (month.first, month.last)
    assert panel.from_edit.date().toPython() == month.first
    assert panel.plotted.days[0] == month.first and len(panel.plotted.days) == 30
    assert panel.plotted.counts == daily(diary, month)
    assert sum(panel.plotted.counts) > 0
    assert panel.plotted.rolling[-1] == pytest.approx(sum(daily(diary, month)[-7:]) / 7)

    panel.region_combo.setFocus()
    qtbot.keyClicks(panel.region_combo, "Calf")
    assert panel.region_id == "calf"
    calf = Scope(month.first, month.last, "calf")
    assert panel.plotted.counts == daily(diary, calf)

    click(qtbot, panel, "chart_regions")
    rows = episodes_per_region(diary, calf)
    assert panel.plotted.region_ids == ["calf"]
    assert panel.plotted.labels == ["Calf"]
    assert panel.plotted.left == [sum(r.episodes for r in rows if r.side == "left")]
    assert panel.plotted.right == [sum(r.episodes for r in rows if r.side == "right")]

    qtbot.keyClick(panel.region_combo, Qt.Key.Key_Home)  # back to "All body regions"
    assert panel.region_id is None
    click(qtbot, panel, "period_90d")
    quarter = last_days(90)
    rows = episodes_per_region(diary, quarter)
    plotted = panel.plotted
    totals = {r: plotted.left[i] + plotted.right[i] + plotted.other[i]
              for i, r in enumerate(plotted.region_ids)}  # fmt: skip
    assert totals == {r: sum(x.episodes for x in rows if x.region_id == r) for r in totals}
    assert list(totals.values()) == sorted(totals.values(), reverse=True)

    click(qtbot, panel, "chart_time_of_day")
    matrix = [[0] * 24 for _ in range(7)]
    for cell in episodes_per_hour(diary, quarter):
        matrix[cell.weekday][cell.hour] = cell.episodes
    assert panel.plotted.matrix == matrix

    click(qtbot, panel, "chart_factors")
    days = factors_per_day(diary, quarter)
    assert panel.plotted.days == [row.day for row in days]
    assert panel.plotted.episodes == [row.episodes for row in days]
    assert panel.plotted.series["caffeine"] == [row.caffeine_mg for row in days]
    assert panel.plotted.series["sleep"] == [row.sleep_h for row in days]
    assert "ρ = " in panel.plotted.notes["caffeine"]

    click(qtbot, panel, "period_all")
    first_episode = min(e.local_date for e in diary.episodes())
    assert panel.summary.period.first == first_episode
    assert panel.plotted.episodes[0] >= 1  # "All" starts on the first episode's day


def summary_after(qtbot, panel: TrendsPanel, period: str) -> str:
    """The summary text once it follows the chart (it is written after the chart's frame)."""
    click(qtbot, panel, period)
    first, last = panel.summary.period.first, panel.summary.period.last
    heading = f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
    qtbot.waitUntil(lambda: heading in panel.summary_view.toPlainText())
    return panel.summary_view.toPlainText()


def test_summary_text_has_findings_and_the_caveat(make_panel, qtbot) -> None:
    panel = make_panel()
    text = summary_after(qtbot, panel, "period_1y")
    assert "What went with more or fewer episodes" in text
    assert "days)" in text and "ρ = " in text
    assert "Association is not cause" in text
    text = summary_after(qtbot, panel, "period_7d")
    assert "Not enough data yet" in text and "more days" in text
    assert "Association is not cause" in text


def test_custom_range_from_the_date_fields(make_panel, qtbot) -> None:
    panel = make_panel()
    click(qtbot, panel, "period_30d")
    first = panel.from_edit.date().toPython()
    panel.from_edit.setFocus()
    qtbot.keyClick(panel.from_edit, Qt.Key.Key_Down)  # the day section: one day earlier
    assert panel.preset is None
    assert all(not b.isChecked() for b in panel.period_buttons.buttons())
    assert panel.summary.period.first == first - timedelta(days=1)
    assert panel.plotted.counts == daily(
        panel.diary, Scope(first - timedelta(days=1), date.today())
    )
    # Moving the start past the end drags the end along instead of making an empty range.
    panel.from_edit.setDate(QDate.currentDate().addDays(10))
    assert panel.to_edit.date() == panel.from_edit.date()
    click(qtbot, panel, "period_7d")
    assert panel.preset == "7d" and button(panel, "period_7d").isChecked()


def test_empty_diary_gets_a_message_not_blank_axes(make_panel, qtbot) -> None:
    panel = make_panel(demo=False)
    for chart in ("over_time", "regions", "time_of_day", "factors"):
        click(qtbot, panel, f"chart_{chart}")
        assert panel.chart_stack.currentWidget() is panel.message_page
        assert panel.message.isVisible()
        assert "No episodes in your diary yet" in panel.message.text()
        assert panel.plotted is None
        assert not panel.export_button.isEnabled()
    assert "Association is not cause" in panel.summary_view.toPlainText()


def test_period_without_episodes_says_what_to_do(make_panel, qtbot) -> None:
    panel = make_panel()
    panel.to_edit.setDate(QDate(2001, 1, 31))
    panel.from_edit.setDate(QDate(2001, 1, 1))
    assert "No episodes between 1 Jan 2001 and 31 Jan 2001" in panel.message.text()
    assert "longer period" in panel.message.text()


@pytest.mark.parametrize("chart", ["regions", "time_of_day", "factors"])
def test_every_chart_tells_an_empty_period_from_a_full_one(make_panel, qtbot, chart) -> None:
    panel = make_panel()
    click(qtbot, panel, f"chart_{chart}")
    panel.to_edit.setDate(QDate(2001, 1, 31))
    panel.from_edit.setDate(QDate(2001, 1, 1))
    assert panel.plotted is None
    assert "No episodes between 1 Jan 2001 and 31 Jan 2001" in panel.message.text()
    click(qtbot, panel, "period_all")
    assert panel.plotted is not None
    assert panel.chart_stack.currentWidget() is not panel.message_page


def test_changes_redraw_once_after_a_burst(make_panel, qtbot) -> None:
    panel = make_panel()
    click(qtbot, panel, "period_7d")
    before = panel.plotted.counts[-1]
    refreshes = []
    panel.refreshed.connect(lambda: refreshes.append(1))
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        for minute in range(3):
            panel.diary.add_episode(episode(today_at(minute), "thumb", "right"))
    assert panel.plotted.counts[-1] == before + 3
    qtbot.wait(300)
    assert len(refreshes) == 1


def test_hidden_panel_refreshes_when_shown_again(make_panel, qtbot) -> None:
    panel = make_panel()
    click(qtbot, panel, "period_7d")
    before = panel.plotted.counts[-1]
    panel.hide()
    refreshes = []
    panel.refreshed.connect(lambda: refreshes.append(1))
    panel.diary.add_episode(episode(today_at(0), "thumb", "right"))
    qtbot.wait(300)
    assert refreshes == []  # nobody was looking
    panel.show()
    qtbot.waitUntil(lambda: refreshes == [1])
    assert panel.plotted.counts[-1] == before + 1


def test_a_period_shown_again_reuses_its_numbers_until_the_diary_changes(make_panel, qtbot) -> None:
    panel = make_panel()
    # Kept once the diary is in memory (it is read after the first chart has painted).
    qtbot.waitUntil(lambda: panel._aggregates is not None and panel._aggregates.loaded)
    click(qtbot, panel, "chart_factors")
    click(qtbot, panel, "period_30d")
    month = panel.summary
    click(qtbot, panel, "period_7d")
    click(qtbot, panel, "period_30d")
    assert panel.summary is month  # computed once, drawn again
    episodes, caffeine = panel.plotted.episodes[-1], panel.plotted.series["caffeine"][-1]

    click(qtbot, panel, "period_7d")  # 30 days is kept, not shown, while the diary changes
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        panel.diary.add_episode(episode(today_at(1), "thumb", "right"))
    with qtbot.waitSignal(panel.refreshed, timeout=3000):
        panel.diary.save_day(DailyFactors(date.today(), caffeine_mg=(caffeine or 0) + 125))
    click(qtbot, panel, "period_30d")
    assert panel.summary is not month
    assert panel.plotted.episodes[-1] == episodes + 1
    assert panel.plotted.series["caffeine"][-1] == (caffeine or 0) + 125
    assert panel.plotted.episodes == [
        row.episodes for row in factors_per_day(panel.diary, last_days(30))
    ]


def test_the_cycle_collector_waits_while_a_period_is_drawn(make_panel, qtbot, monkeypatch) -> None:
    panel = make_panel()
    during: list[bool] = []
    plot = panel._plot
    monkeypatch.setattr(panel, "_plot", lambda view: during.append(gc.isenabled()) or plot(view))
    figure = panel.figure
    draw = figure.draw
    monkeypatch.setattr(figure, "draw", lambda r: during.append(gc.isenabled()) or draw(r))
    click(qtbot, panel, "period_1y")
    qtbot.waitUntil(lambda: len(during) >= 2)  # the data shown, then drawn in the paint
    assert during == [False] * len(during)
    assert gc.isenabled()


def test_export_writes_png_and_svg(make_panel, qtbot, tmp_path: Path, monkeypatch) -> None:
    panel = make_panel()
    png = panel.export_to(tmp_path / "chart.png")
    assert png.read_bytes()[:8] == PNG_SIGNATURE
    svg = panel.export_to(tmp_path / "chart.SVG")
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        export_chart(panel.figure, tmp_path / "chart.jpg")

    chosen = tmp_path / "from-dialog"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), "SVG image (*.svg)")
    )
    click(qtbot, panel, "chart_regions")
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert "<svg" in chosen.with_suffix(".svg").read_text(encoding="utf-8")


def test_every_control_has_an_accessible_name(make_panel) -> None:
    panel = make_panel()
    controls = panel.findChildren(QAbstractButton) + panel.findChildren(QComboBox)
    controls += panel.findChildren(QDateEdit) + panel.findChildren(QTextBrowser)
    mine = [c for c in controls if not c.objectName().startswith("qt_")]
    assert len(mine) >= 14
    nameless = [c for c in mine if c.isVisible() and not c.accessibleName()]
    assert [type(c).__name__ + ":" + c.text() for c in nameless if hasattr(c, "text")] == []
    assert panel._chart_view.canvas.accessibleName() == "Chart: Over time"


def test_chart_colours_follow_a_dark_palette(make_panel, qtbot) -> None:
    panel = make_panel()
    assert panel.figure.get_facecolor()[:3] == pytest.approx(
        QColor(panel.palette().color(QPalette.ColorRole.Window)).getRgbF()[:3], abs=0.01
    )
    dark = QPalette(panel.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    with qtbot.waitSignal(panel.refreshed):
        panel.setPalette(dark)
    assert panel.figure.get_facecolor()[:3] == pytest.approx(
        QColor("#202124").getRgbF()[:3], abs=0.01
    )
    title = panel.figure.axes[0].title
    assert QColor(title.get_color()).name() == "#e8eaed"


MODULE_IMPORT = """
import sys
import twitchdesk.ui.trends_panel
print("matplotlib" in sys.modules, "sqlalchemy.orm" in sys.modules, "numpy" in sys.modules)
"""

FIRST_SHOW = """
import sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from twitchdesk.ui.trends_panel import TrendsPanel
panel = TrendsPanel()
panel.resize(900, 600)
before = "matplotlib" in sys.modules
panel.show()
deadline = time.monotonic() + 30
while not panel.charts_ready and time.monotonic() < deadline:
    app.processEvents()
print(before, "matplotlib" in sys.modules, panel.charts_ready)
"""


def test_importing_the_panel_does_not_import_matplotlib() -> None:
    result = subprocess.run(
        [sys.executable, "-c", MODULE_IMPORT], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    # Neither the ~0.6 s of matplotlib (nor its numpy) nor the ORM: the main window may import
    # this at start-up.
    assert result.stdout.split() == ["False", "False", "False"]


def test_matplotlib_is_imported_on_first_show() -> None:
    result = subprocess.run(
        [sys.executable, "-c", FIRST_SHOW], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]


def test_week_start_preference_orders_the_time_of_day_rows() -> None:
    from matplotlib.figure import Figure

    from twitchdesk.drawing.charts.time_of_day import draw_time_of_day
    from twitchdesk.storage.aggregates import HourWeekdayCount

    cells = [HourWeekdayCount(weekday=6, hour=9, episodes=4)]  # Sundays at 09:00
    labels = {}
    for monday_first in (True, False):
        figure = Figure()
        plot = draw_time_of_day(figure, cells, week_starts_monday=monday_first)
        assert plot.matrix[6][9] == 4  # the returned data stays Monday-first
        axis = figure.axes[0]
        labels[monday_first] = [tick.get_text() for tick in axis.get_yticklabels()]
    assert labels[True][0] == "Mon" and labels[True][-1] == "Sun"
    assert labels[False][0] == "Sun" and labels[False][1] == "Mon"


def test_an_episode_logged_in_the_log_panel_shows_in_the_trends_charts(window, qtbot) -> None:  # noqa: F811
    write_demo(window.diary)
    window.show_panel("trends")
    panel = window.trends_panel
    qtbot.waitUntil(lambda: panel.charts_ready and panel.plotted is not None, timeout=20_000)
    click(qtbot, panel, "period_7d")
    before = panel.plotted.counts[-1]
    click(qtbot, panel, "chart_regions")
    thumbs = dict(zip(panel.plotted.region_ids, panel.plotted.right, strict=True))

    qtbot.waitUntil(lambda: panel._aggregates.loaded)  # read into memory after a frame
    window.show_panel("log")  # log through the UI: the numbers in memory are out of date
    log = window.log_panel
    click_region(qtbot, log, "front", "thumb", "right")
    qtbot.mouseClick(log.log_button, Qt.MouseButton.LeftButton)
    assert "Logged" in log.status_label.text()

    window.show_panel("trends")  # redraws on showing: the diary changed while hidden
    regions = dict(zip(panel.plotted.region_ids, panel.plotted.right, strict=True))
    assert regions.get("thumb", 0) == thumbs.get("thumb", 0) + 1
    click(qtbot, panel, "chart_over_time")
    assert panel.plotted.counts[-1] == before + 1

"""First run: a welcome with two ways in; demo data kept apart and marked; themes; preferences."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from twitchdesk.storage.layout import database_path
from twitchdesk.ui import launcher
from twitchdesk.ui.appearance import Appearance, is_dark
from twitchdesk.ui.preferences_dialog import PreferencesDialog
from twitchdesk.ui.settings import AppSettings
from twitchdesk.ui.welcome_dialog import WelcomeDialog


@pytest.fixture
def started(qtbot, monkeypatch):
    windows = []

    def start(choice: int | None, demo: bool = False):
        if choice is not None:
            monkeypatch.setattr(WelcomeDialog, "exec", lambda _self: choice)
        else:
            monkeypatch.setattr(
                WelcomeDialog, "exec", lambda _self: pytest.fail("welcome shown again")
            )
        result = launcher.start_window(QApplication.instance(), None, demo=demo)
        if result is None:
            return None
        window, lock = result
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.diary is not None)  # loads after the first paint
        windows.append((window, lock))
        return window

    def stop_all() -> None:
        while windows:
            window, lock = windows.pop()
            window.close()
            window.diary.close()
            lock.release()

    start.stop_all = stop_all  # type: ignore[attr-defined]
    yield start
    stop_all()
    QApplication.instance().setPalette(QPalette())


def test_start_my_diary_opens_an_empty_diary(started, isolated_data_dir: Path) -> None:
    window = started(WelcomeDialog.START)
    assert window.data_dir == isolated_data_dir
    assert window.diary.is_empty()
    assert "DEMO" not in window.windowTitle()


def test_demo_choice_opens_a_separate_marked_demo_diary(started, isolated_data_dir) -> None:
    window = started(WelcomeDialog.DEMO)
    assert window.data_dir == isolated_data_dir / "demo"
    assert window.diary.episode_count() > 100
    assert "DEMO" in window.windowTitle()
    assert not database_path(isolated_data_dir).exists()  # the real diary was not touched


def test_closing_the_welcome_starts_nothing(started, isolated_data_dir) -> None:
    assert started(0) is None
    assert not isolated_data_dir.exists() or not database_path(isolated_data_dir).exists()


def test_welcome_is_not_shown_once_a_diary_exists(started) -> None:
    started(WelcomeDialog.START)
    started.stop_all()
    # A second start on the same folder must not ask again (the stub fails the test if it does).
    second = started(None)
    assert second.diary is not None


def test_welcome_buttons(qtbot) -> None:
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QLabel

    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "does not diagnose" in text
    assert "never leaves this computer" in text
    dialog.demo_button.click()
    assert dialog.result() == WelcomeDialog.DEMO


def test_theme_switch_changes_colours(qtbot) -> None:
    app = QApplication.instance()
    appearance = Appearance(app, "light")
    light_window = app.palette().color(QPalette.ColorRole.Window)
    assert not is_dark()
    appearance.apply("dark")
    assert is_dark()
    assert app.palette().color(QPalette.ColorRole.Window) != light_window
    # Text stays readable: strong contrast between text and background in both themes.
    for theme in ("light", "dark"):
        appearance.apply(theme)
        palette = app.palette()
        text = palette.color(QPalette.ColorRole.Text).lightness()
        base = palette.color(QPalette.ColorRole.Base).lightness()
        assert abs(text - base) > 150
    app.setPalette(QPalette())


def test_preferences_persist_across_restarts(qtbot, tmp_path: Path) -> None:
    settings = AppSettings(tmp_path / "settings.ini")
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.week_combo.setCurrentIndex(1)
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("letter"))
    dialog.reminder_check.setChecked(True)
    dialog.accept()
    again = AppSettings(tmp_path / "settings.ini")
    assert again.theme == "dark"
    assert again.week_starts_monday is False
    assert again.paper_size == "letter"
    assert again.reminder_enabled is True
    reopened = PreferencesDialog(again)
    qtbot.addWidget(reopened)
    assert reopened.theme_combo.currentData() == "dark"
    assert reopened.reminder_time.isEnabled()


def test_daily_reminder_is_off_by_default_then_once_a_day_after_its_time(tmp_path) -> None:
    from datetime import date, datetime

    from twitchdesk.storage.database import open_diary
    from twitchdesk.storage.records import DailyFactors
    from twitchdesk.ui.reminder import CheckInReminder

    settings = AppSettings(tmp_path / "settings.ini")
    diary = open_diary(tmp_path / "data")
    now = [datetime(2026, 11, 25, 21, 0)]
    reminder = CheckInReminder(settings, diary, clock=lambda: now[0])
    heard: list[str] = []
    reminder.reminded.connect(heard.append)
    assert not reminder.check()  # off by default
    settings.reminder_enabled = True
    settings.reminder_time = "21:30"
    assert not reminder.check()  # not yet time
    now[0] = datetime(2026, 11, 25, 21, 31)
    assert reminder.check()
    assert not reminder.check()  # never twice a day
    now[0] = datetime(2026, 11, 26, 22, 0)
    diary.save_day(DailyFactors(date(2026, 11, 26), sleep_h=7))
    assert not reminder.check()  # today already has a check-in
    assert len(heard) == 1
    reminder.timer.stop()
    diary.close()


def test_week_start_preference_reaches_the_calendars(qtbot, isolated_data_dir) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDateTimeEdit

    from twitchdesk.ui.main_window import MainWindow

    settings = AppSettings(isolated_data_dir / "settings.ini")
    settings.week_starts_monday = False
    window = MainWindow(settings, isolated_data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.tabs.is_built("log"))  # built just after the first paint
    window.show_panel("trends")  # a panel built later gets the same first day
    assert window.checkin_dock is not None  # built after the first paint (or when asked)
    calendars = [
        edit.calendarWidget()
        for edit in window.findChildren(QDateTimeEdit)
        if edit.calendarPopup() and edit.calendarWidget() is not None
    ]
    assert len(calendars) >= 3  # log time, check-in day, trends range
    assert {c.firstDayOfWeek() for c in calendars} == {Qt.DayOfWeek.Sunday}


def test_follow_the_system_starts_from_the_remembered_scheme_then_asks_qt(
    started, isolated_data_dir: Path, monkeypatch
) -> None:
    """Asking Qt for the system's scheme costs ~35 ms, so the first frame uses what the system
    was last time; just after that frame Qt is asked, and the palette follows the answer."""
    from twitchdesk.ui import appearance

    started(WelcomeDialog.START)  # a diary and its settings exist: no welcome from here on
    started.stop_all()
    settings = AppSettings(isolated_data_dir / "settings.ini")
    assert settings.system_scheme == "light"  # what the offscreen platform reported
    settings.system_scheme = "dark"  # as if the system was dark last time
    settings.sync()
    asked: list[bool] = []
    monkeypatch.setattr(appearance, "system_prefers_dark", lambda: asked.append(False) or False)
    palettes: list[bool] = []
    monkeypatch.setattr(
        launcher.MainWindow, "show", lambda window: (palettes.append(is_dark()), None)[1]
    )
    result = launcher.start_window(QApplication.instance(), None)
    assert result is not None
    window, lock = result
    try:
        assert palettes == [True] and asked == []  # dark before any paint, without asking
        window.first_painted.emit()  # what the first paint does
        assert asked == [False] and not is_dark()
        window.settings.sync()
        assert AppSettings(isolated_data_dir / "settings.ini").system_scheme == "light"
    finally:
        window.close()
        if window.diary is not None:
            window.diary.close()
        lock.release()
        window.deleteLater()


def test_the_light_palette_table_is_fusions_own(qtbot) -> None:
    from PySide6.QtWidgets import QStyleFactory

    from twitchdesk.ui.fusion_palette import FUSION_LIGHT, GROUPS, fusion_light_palette

    ours, fusions = fusion_light_palette(), QStyleFactory.create("Fusion").standardPalette()
    roles = [role for role in QPalette.ColorRole if role.name not in ("NoRole", "NColorRoles")]
    assert sorted(FUSION_LIGHT) == sorted(role.name for role in roles)
    for group in GROUPS:
        for role in roles:
            # The same on screen: Qt works some shades out in 16 bits a channel.
            assert ours.color(group, role).rgba() == fusions.color(group, role).rgba(), (
                group.name,
                role.name,
            )


def test_the_app_is_in_fusion_from_the_start_whatever_the_environment_asks() -> None:
    """Made by `make_application`, the app is in Fusion without setStyle (which costs ~10 ms
    before the first paint), even where the environment asks for another style."""
    import os
    import subprocess
    import sys

    code = (
        "from twitchdesk.ui.appearance import Appearance, make_application\n"
        "app = make_application(['twitchdesk', '--data-dir', 'x'])\n"
        "Appearance(app, 'light')\n"
        "print(app.style().name(), app.arguments()[1:])\n"
    )
    env = dict(os.environ, QT_STYLE_OVERRIDE="Windows", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["fusion", "['--data-dir',", "'x']"]

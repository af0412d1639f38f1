"""The main window shell, driven like a user would: menus, shortcuts, state across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from twitchdesk import __version__
from twitchdesk.core.demo import write_demo
from twitchdesk.storage.database import open_diary
from twitchdesk.ui.main_window import MainWindow
from twitchdesk.ui.settings import AppSettings


@pytest.fixture
def make_window(qtbot, isolated_data_dir: Path):
    diaries = []

    def make(demo: bool = False) -> MainWindow:
        window = MainWindow(AppSettings(isolated_data_dir / "settings.ini"), isolated_data_dir)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        diary = open_diary(isolated_data_dir)
        if demo and diary.is_empty():
            write_demo(diary)
        diaries.append(diary)
        window.attach_diary(diary)
        return window

    yield make
    for diary in diaries:
        diary.close()


def test_menus_and_panels(make_window) -> None:
    window = make_window()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]
    assert window.panel_names() == ["log", "trends", "advice", "reader"]
    assert window.windowTitle() == "TwitchDesk"
    assert not window.demo_badge.isVisible()


def test_ctrl_number_switches_panels(make_window, qtbot) -> None:
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_panel_name() == "advice"
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_panel_name() == "reader"


def test_demo_diary_is_marked_in_title_and_status_bar(make_window) -> None:
    window = make_window(demo=True)
    assert "DEMO" in window.windowTitle()
    assert window.demo_badge.isVisible()
    assert "episodes in your diary" in window.statusBar().currentMessage()


def test_window_size_and_last_panel_are_restored(make_window, qtbot) -> None:
    first = make_window()
    first.resize(1010, 720)
    first.show_panel("trends")
    first.close()
    second = make_window()
    assert second.current_panel_name() == "trends"
    assert (second.width(), second.height()) == (1010, 720)


def test_about_names_version_and_data_folder(make_window, monkeypatch, isolated_data_dir) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window = make_window()
    window.about_action.trigger()
    assert __version__ in shown[0]
    assert str(isolated_data_dir) in shown[0]
    assert "does not diagnose" in shown[0]


def test_status_bar_counts_follow_the_diary(make_window) -> None:
    from factories import episode

    window = make_window()
    assert window.statusBar().currentMessage().startswith("0 episodes")
    window.diary.add_episode(episode())
    assert window.statusBar().currentMessage().startswith("1 episode ")


def test_shortcuts_reach_their_actions_from_any_panel(make_window, qtbot) -> None:
    window = make_window()
    window.show_panel("advice")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_panel_name() == "reader"
    assert window.reader_panel.search_box.hasFocus()
    qtbot.keyClick(
        window.reader_panel.search_box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
    )
    assert window.current_panel_name() == "log"
    assert window.log_panel.body_map.map.hasFocus()


def test_every_menu_action_with_a_shortcut_shows_it(make_window) -> None:
    window = make_window()
    shortcuts = {}
    for menu in (window.file_menu, window.edit_menu, window.view_menu, window.help_menu):
        for action in menu.actions():
            if not action.shortcut().isEmpty():
                shortcuts[action.text()] = action.shortcut().toString()
    assert shortcuts["&Undo"] == "Ctrl+Z"
    assert shortcuts["&Redo"] == "Ctrl+Shift+Z"
    assert shortcuts["&New Episode"] == "Ctrl+N"
    assert shortcuts["&Find in Reader…"] == "Ctrl+F"
    assert shortcuts["&Preferences…"] == "Ctrl+,"
    assert [shortcuts[t] for t in ("&Log", "&Trends", "&Advice", "&Reader")] == [
        "Ctrl+1",
        "Ctrl+2",
        "Ctrl+3",
        "Ctrl+4",
    ]


def test_the_log_panel_is_built_just_after_the_first_paint(qtbot, isolated_data_dir) -> None:
    window = MainWindow(AppSettings(isolated_data_dir / "settings.ini"), isolated_data_dir)
    qtbot.addWidget(window)
    assert not window.tabs.is_built("log")  # the frame, menus and tabs paint first
    built_when_diary_loads = []
    window.first_painted.connect(lambda: built_when_diary_loads.append(window.tabs.is_built("log")))
    window.show()
    qtbot.waitUntil(lambda: built_when_diary_loads == [True])
    assert window.log_panel.isVisible()
    assert window.current_panel_name() == "log"


def test_panels_other_than_log_are_built_when_first_opened(make_window, qtbot) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.tabs.is_built("log"))
    assert not window.tabs.is_built("trends")
    assert not window.tabs.is_built("reader")
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.is_built("trends")
    assert window.trends_panel.isVisible()
    # A panel built after the diary is open is attached to it like the others.
    assert window.trends_panel._context is not None


def test_open_data_folder_shows_the_diarys_folder(make_window, monkeypatch, isolated_data_dir):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = make_window()
    window.open_folder_action.trigger()
    assert [url.toLocalFile() for url in opened] == [str(isolated_data_dir)]

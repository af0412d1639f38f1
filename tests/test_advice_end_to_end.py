"""From the body map to the doctor's advice: log through the UI, see the card, follow its link."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import EpisodeDraft
from twitchdesk.ui.main_window import MainWindow
from twitchdesk.ui.settings import AppSettings


@pytest.fixture
def window(qtbot, isolated_data_dir: Path):
    main = MainWindow(AppSettings(isolated_data_dir / "settings.ini"), isolated_data_dir)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    diary = open_diary(isolated_data_dir)
    main.attach_diary(diary)
    yield main
    diary.close()


def test_weakness_logged_on_the_map_brings_the_see_a_doctor_card(window, qtbot) -> None:
    log = window.log_panel
    window.show_panel("log")
    log.body_map.setView("back")
    point = log.body_map.map.centerOf("calf", "left")
    qtbot.mouseClick(log.body_map.map, Qt.MouseButton.LeftButton, pos=point)
    box = log.fields.symptom_boxes["weakness"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.keyClick(log.fields.kind_combo, Qt.Key.Key_Return)
    assert [e.symptoms for e in window.diary.episodes()] == [{"weakness"}]

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    advice = window.advice_panel
    qtbot.waitUntil(lambda: advice.card("weakness") is not None, timeout=5000)
    card = advice.card("weakness")
    assert advice.cards()[0] is card  # warning signs come first
    qtbot.waitUntil(card.isVisible)
    assert "(1)" in window.tabs.tabText(window.tabs.indexOf(window.tabs.page("advice")))

    qtbot.mouseClick(card.why_button, Qt.MouseButton.LeftButton)
    assert card.why_label.isVisible()
    assert "1 episode" in card.why_label.text()

    qtbot.mouseClick(card.read_button, Qt.MouseButton.LeftButton)
    assert window.current_panel_name() == "reader"
    shown = window.reader_panel.current_article
    assert shown is not None and shown.id == "when-to-see-a-doctor"


def test_the_advice_tab_counts_warning_signs_without_being_opened(qtbot, isolated_data_dir) -> None:
    main, diary = window_with_a_warning_sign(qtbot, isolated_data_dir)
    yesterday = datetime.now().astimezone() - timedelta(days=1)
    tab = main.tabs.indexOf(main.tabs.page("advice"))
    assert not main.tabs.is_built("advice")  # not while the history is first shown
    qtbot.waitUntil(lambda: "(1)" in main.tabs.tabText(tab), timeout=5000)
    # A warning sign logged later reaches the count too, while the Log panel stays on show.
    wasting = frozenset({"muscle_wasting"})
    diary.add_episode(EpisodeDraft(yesterday, "calf", "right", symptoms=wasting))
    qtbot.waitUntil(lambda: "(2)" in main.tabs.tabText(tab), timeout=5000)
    assert main.current_panel_name() == "log"
    diary.close()


def test_the_advice_waits_while_the_user_opens_another_panel(
    qtbot, isolated_data_dir, monkeypatch
) -> None:
    """Built in the background soon after start, the Advice panel keeps out of the way of a
    panel the user has just opened (its own loading comes first), then counts as before."""
    from twitchdesk.ui import main_window

    monkeypatch.setattr(main_window, "ADVICE_AFTER_ATTACH_MS", 50)
    monkeypatch.setattr(main_window, "ADVICE_QUIET_AFTER_SWITCH_MS", 1500)
    main, diary = window_with_a_warning_sign(qtbot, isolated_data_dir)
    main.show_panel("reader")
    qtbot.wait(300)  # the Advice's time has come, but the Reader was opened just now
    assert not main.tabs.is_built("advice")
    tab = main.tabs.indexOf(main.tabs.page("advice"))
    qtbot.waitUntil(lambda: "(1)" in main.tabs.tabText(tab), timeout=5000)
    assert main.current_panel_name() == "reader"
    diary.close()


def window_with_a_warning_sign(qtbot, data_dir):
    """A shown main window on a diary with one episode yesterday that reported weakness."""
    diary = open_diary(data_dir)
    yesterday = datetime.now().astimezone() - timedelta(days=1)
    diary.add_episode(EpisodeDraft(yesterday, "calf", "left", symptoms=frozenset({"weakness"})))
    main = MainWindow(AppSettings(data_dir / "settings.ini"), data_dir)
    qtbot.addWidget(main)
    main.show()
    main.attach_diary(diary)
    return main, diary

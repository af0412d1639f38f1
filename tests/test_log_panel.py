"""The Log panel as a user drives it: click the body map, press Enter, find it stored."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.modeltest import ModelTester

from twitchdesk.storage.database import open_diary
from twitchdesk.ui.log.episode_dialog import EpisodeDialog
from twitchdesk.ui.main_window import MainWindow
from twitchdesk.ui.settings import AppSettings


@pytest.fixture
def window(qtbot, isolated_data_dir: Path):
    main = MainWindow(AppSettings(isolated_data_dir / "settings.ini"), isolated_data_dir)
    qtbot.addWidget(main)
    main.resize(1280, 860)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    diary = open_diary(isolated_data_dir)
    main.attach_diary(diary)
    main.show_panel("log")
    yield main
    diary.close()


def click_region(qtbot, panel, view: str, region_id: str, side: str) -> None:
    body_map = panel.body_map.map
    panel.body_map.setView(view)
    point: QPoint = body_map.centerOf(region_id, side)
    assert body_map.rect().contains(point)
    qtbot.mouseMove(body_map, point)
    qtbot.mouseClick(body_map, Qt.MouseButton.LeftButton, pos=point)


@pytest.mark.parametrize(
    ("view", "region_id", "side"),
    [
        ("face", "upper_eyelid", "left"),
        ("face", "cheek", "right"),
        ("face", "lips", "midline"),
        ("front", "thumb", "right"),
        ("front", "thigh_front", "left"),
        ("back", "calf", "left"),
        ("back", "lower_back", "right"),
        ("back", "upper_back", "midline"),
    ],
)
def test_click_the_map_and_press_enter_logs_that_place(
    window, qtbot, view: str, region_id: str, side: str
) -> None:
    panel = window.log_panel
    click_region(qtbot, panel, view, region_id, side)
    assert panel.selected_region() == (region_id, side)
    qtbot.keyClick(panel.body_map.map, Qt.Key.Key_Return)
    stored = window.diary.episodes()
    assert len(stored) == 1
    assert (stored[0].region_id, stored[0].side) == (region_id, side)
    # Logged "now", with the panel's remembered defaults.
    assert abs(stored[0].started_at - datetime.now().astimezone()) < timedelta(minutes=1)
    assert panel.history.model.rowCount() == 1
    assert "Logged" in panel.status_label.text()


def test_keyboard_only_logging(window, qtbot) -> None:
    """Set the details, type where, press Enter: no mouse at all."""
    panel = window.log_panel
    panel.fields.intensity_slider.setFocus()
    qtbot.keyClick(panel.fields.intensity_slider, Qt.Key.Key_Right)
    search = panel.body_map.picker.search
    search.setFocus()
    qtbot.keyClicks(search, "left calf")
    qtbot.keyClick(search, Qt.Key.Key_Return)  # chooses the first match and logs
    assert panel.selected_region() == ("calf", "left")
    stored = window.diary.episodes()
    assert [(e.region_id, e.side, e.intensity) for e in stored] == [("calf", "left", 4)]


def test_keyboard_on_the_map_then_enter(window, qtbot) -> None:
    panel = window.log_panel
    body_map = panel.body_map.map
    body_map.setFocus()
    qtbot.keyClick(body_map, Qt.Key.Key_Right)  # move the keyboard focus to a region
    focused = body_map.focusedRegion()
    assert focused is not None
    qtbot.keyClick(body_map, Qt.Key.Key_Return)
    stored = window.diary.episodes()
    assert [(e.region_id, e.side) for e in stored] == [focused]


def test_enter_without_a_region_shows_the_message_and_stores_nothing(window, qtbot) -> None:
    panel = window.log_panel
    panel.fields.kind_combo.setFocus()
    qtbot.keyClick(panel.fields.kind_combo, Qt.Key.Key_Return)
    assert window.diary.episodes() == []
    assert panel.region_error.isVisible()
    assert "body map" in panel.region_error.text()


def test_future_time_is_refused_with_a_message(window, qtbot) -> None:
    from PySide6.QtCore import QDateTime

    panel = window.log_panel
    click_region(qtbot, panel, "back", "calf", "right")
    panel.fields.time_edit.setDateTime(QDateTime.currentDateTime().addSecs(3600))
    qtbot.mouseClick(panel.log_button, Qt.MouseButton.LeftButton)
    assert window.diary.episodes() == []
    assert panel.fields.errors["time"].isVisible()
    assert "future" in panel.fields.errors["time"].text()


def test_back_dated_episodes_and_several_a_day(window, qtbot) -> None:
    from PySide6.QtCore import QDateTime

    panel = window.log_panel
    yesterday = QDateTime.currentDateTime().addDays(-1)
    for hours in (9, 13, 20):
        click_region(qtbot, panel, "face", "upper_eyelid", "left")
        moment = QDateTime(
            yesterday.date(), yesterday.time().fromString(f"{hours:02d}:15", "HH:mm")
        )
        panel.fields.time_edit.setDateTime(moment)
        qtbot.mouseClick(panel.log_button, Qt.MouseButton.LeftButton)
    stored = window.diary.episodes()
    assert [e.started_at.hour for e in stored] == [20, 13, 9]
    assert {e.local_date for e in stored} == {yesterday.date().toPython()}


def test_symptoms_notes_and_remembered_defaults(window, qtbot) -> None:
    panel = window.log_panel
    click_region(qtbot, panel, "front", "forearm", "left")
    panel.fields.kind_combo.setCurrentIndex(panel.fields.kind_combo.findData("ripple"))
    panel.fields.intensity_slider.setValue(6)
    box = panel.fields.symptom_boxes["numbness_tingling"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    panel.fields.notes_edit.setFocus()
    qtbot.keyClicks(panel.fields.notes_edit, "after typing, all day")
    qtbot.keyClick(panel.fields.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = window.diary.episodes()[0]
    assert stored.symptoms == {"numbness_tingling"}
    assert stored.notes == "after typing, all day"
    assert stored.kind == "ripple" and stored.intensity == 6
    # Notes and symptoms clear for the next one; kind and intensity are remembered.
    assert panel.fields.notes_edit.toPlainText() == ""
    assert not panel.fields.symptom_boxes["numbness_tingling"].isChecked()
    assert panel.fields.intensity_slider.value() == 6


def test_undo_and_redo_of_logging(window, qtbot) -> None:
    panel = window.log_panel
    click_region(qtbot, panel, "back", "calf", "left")
    qtbot.keyClick(panel.body_map.map, Qt.Key.Key_Return)
    assert window.undo_action.text() == "&Undo log left calf"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.diary.episodes() == []
    qtbot.waitUntil(lambda: panel.history.model.rowCount() == 0)
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(window.diary.episodes()) == 1
    qtbot.waitUntil(lambda: panel.history.model.rowCount() == 1)


def test_edit_through_the_dialog_and_undo(window, qtbot, monkeypatch) -> None:
    panel = window.log_panel
    click_region(qtbot, panel, "back", "calf", "left")
    qtbot.keyClick(panel.body_map.map, Qt.Key.Key_Return)

    def edit_and_save(dialog: EpisodeDialog) -> int:
        dialog.side_combo.setCurrentIndex(dialog.side_combo.findData("right"))
        dialog.fields.intensity_slider.setValue(8)
        dialog.fields.notes_edit.setPlainText("changed my mind")
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(EpisodeDialog, "exec", edit_and_save)
    table = panel.history.table
    first_row = table.visualRect(panel.history.model.index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first_row)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first_row)
    edited = window.diary.episodes()[0]
    assert (edited.side, edited.intensity, edited.notes) == ("right", 8, "changed my mind")
    assert window.undo_action.text() == "&Undo edit left calf"
    window.undo_action.trigger()
    restored = window.diary.episodes()[0]
    assert (restored.side, restored.intensity, restored.notes) == ("left", 3, "")


def test_delete_with_the_delete_key_and_undo(window, qtbot) -> None:
    panel = window.log_panel
    for side in ("left", "right"):
        click_region(qtbot, panel, "back", "calf", side)
        qtbot.keyClick(panel.body_map.map, Qt.Key.Key_Return)
    table = panel.history.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert len(window.diary.episodes()) == 1
    qtbot.waitUntil(lambda: panel.history.model.rowCount() == 1)
    window.undo_action.trigger()
    assert len(window.diary.episodes()) == 2


def test_history_filters_by_region_and_sorts(window, qtbot) -> None:
    from factories import episode

    now = datetime.now().astimezone()
    for days, region in ((1, "calf"), (2, "thumb"), (40, "calf"), (200, "calf")):
        window.diary.add_episode(episode(now - timedelta(days=days), region_id=region))
    history = window.log_panel.history
    qtbot.waitUntil(lambda: history.model.rowCount() == 3)  # "Last 90 days" by default
    history.region_combo.setCurrentIndex(history.region_combo.findData("calf"))
    assert history.model.rowCount() == 2
    history.period_combo.setCurrentText("All time")
    assert history.model.rowCount() == 3
    history.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    first = history.model.index(0, 0).data(Qt.ItemDataRole.DisplayRole)
    assert first == (now - timedelta(days=200)).strftime("%a %d %b %Y  %H:%M")


def test_heat_mode_colours_the_map_from_the_history(window, qtbot) -> None:
    from factories import episode

    now = datetime.now().astimezone()
    for _ in range(4):
        window.diary.add_episode(episode(now - timedelta(hours=1), region_id="calf", side="left"))
    panel = window.log_panel
    qtbot.waitUntil(lambda: panel.history.model.rowCount() == 4)
    qtbot.mouseClick(panel.heat_check, Qt.MouseButton.LeftButton)
    assert panel.body_map.map.heat() == {("calf", "left"): 4}


def test_history_model_passes_the_model_tester(window, qtbot) -> None:
    from factories import episode

    now = datetime.now().astimezone()
    for hours in range(5):
        window.diary.add_episode(episode(now - timedelta(hours=hours), notes=f"n{hours}"))
    tester = ModelTester(None)
    tester.check(window.log_panel.history.model)
    window.log_panel.history.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    tester.check(window.log_panel.history.model)


def test_repeat_last_logs_the_same_place_now(window, qtbot) -> None:
    panel = window.log_panel
    click_region(qtbot, panel, "face", "lower_eyelid", "right")
    qtbot.keyClick(panel.body_map.map, Qt.Key.Key_Return)
    qtbot.keyClick(panel, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    stored = window.diary.episodes()
    assert [(e.region_id, e.side) for e in stored] == [("lower_eyelid", "right")] * 2
    QApplication.processEvents()


def test_logging_shows_the_new_row_without_rereading_the_history(window, qtbot, monkeypatch):
    panel = window.log_panel
    reads: list[dict] = []
    original = window.diary.episodes

    def counting(**kwargs):
        reads.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(window.diary, "episodes", counting)
    click_region(qtbot, panel, "back", "calf", "right")
    qtbot.keyClick(panel.body_map.map, Qt.Key.Key_Return)
    assert reads == []  # the table took the stored record directly
    assert panel.history.model.rowCount() == 1
    assert panel.history.model.episode_at(0).region_id == "calf"
    assert panel.history.count_label.text() == "1 episode"
    # An undo still refreshes from the diary.
    window.undo_action.trigger()
    assert panel.history.model.rowCount() == 0

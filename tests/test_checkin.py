"""The daily check-in and medicines, driven like a user: type, click, press keys, then look at
what the diary stored and what the widgets show."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import DailyFactors, MedicationDraft
from twitchdesk.storage.repository import InvalidRecord
from twitchdesk.ui.checkin.day_form import DailyCheckInWidget
from twitchdesk.ui.checkin.dock import CheckInDock, CheckInPanel
from twitchdesk.ui.checkin.medicines import MedicineDialog, MedicinesWidget
from twitchdesk.ui.checkin.presets import CAFFEINE_PRESETS_KEY
from twitchdesk.ui.diary_bridge import DiaryBridge
from twitchdesk.ui.panel_context import PanelContext
from twitchdesk.ui.settings import AppSettings

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton
TODAY = date.today()


@pytest.fixture
def context(tmp_path: Path) -> Iterator[PanelContext]:
    """What MainWindow.attach_diary hands every panel, around a real diary file."""
    data_dir = tmp_path / "diary"
    diary = open_diary(data_dir)
    bridge = DiaryBridge(diary)
    undo_stack = QUndoStack()
    settings = AppSettings(data_dir / "settings.ini")
    yield PanelContext(diary, bridge, undo_stack, settings, data_dir)
    bridge.detach()
    diary.close()


def show(qtbot: QtBot, widget: QWidget, context: PanelContext) -> None:
    qtbot.addWidget(widget)
    widget.attach(context)  # type: ignore[attr-defined]
    widget.resize(420, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


@pytest.fixture
def form(qtbot: QtBot, context: PanelContext) -> Iterator[DailyCheckInWidget]:
    widget = DailyCheckInWidget()
    show(qtbot, widget, context)
    yield widget
    widget.close()  # while the diary is still open (closing saves typed values)


@pytest.fixture
def medicines(qtbot: QtBot, context: PanelContext) -> Iterator[MedicinesWidget]:
    widget = MedicinesWidget()
    show(qtbot, widget, context)
    yield widget
    widget.close()


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def type_into(qtbot: QtBot, form: DailyCheckInWidget, field: str, text: str) -> None:
    edit = form.fields[field].edit
    focus(qtbot, edit)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def press_ctrl_enter(qtbot: QtBot, widget: QWidget) -> None:
    focus(qtbot, widget)
    qtbot.keyClick(widget, Qt.Key.Key_Return, CTRL)


# -- the day form ------------------------------------------------------------------------------
def test_fill_a_day_by_keyboard_and_presets(qtbot: QtBot, form, context) -> None:
    assert form.day() == TODAY
    assert form.caffeine.edit.placeholderText() == "not recorded"
    focus(qtbot, form.caffeine.edit)
    for code in ("coffee", "coffee", "espresso"):
        qtbot.mouseClick(form.presets.buttons[code], LEFT)
    assert form.caffeine.text() == "255"
    assert form.caffeine.edit.hasFocus()  # the preset buttons don't take focus away
    type_into(qtbot, form, "sleep_h", "7.5")
    type_into(qtbot, form, "stress", "6")
    type_into(qtbot, form, "exercise_min", "30")
    focus(qtbot, form.intensity_combo)
    qtbot.keyClicks(form.intensity_combo, "Mod")
    type_into(qtbot, form, "alcohol_units", "0")
    focus(qtbot, form.notes_edit)
    qtbot.keyClicks(form.notes_edit, "Long day")
    assert "Unsaved" in form.status_label.text()
    assert context.diary.days() == []  # nothing written before saving

    press_ctrl_enter(qtbot, form.notes_edit)

    assert context.diary.day(TODAY) == DailyFactors(
        day=TODAY,
        caffeine_mg=255,
        sleep_h=7.5,
        stress=6,
        exercise_min=30,
        exercise_intensity="moderate",
        alcohol_units=0,
        water_l=None,  # left blank: not recorded
        notes="Long day",
    )
    assert form.status_label.text().startswith("Saved")
    assert not form.is_dirty()


def test_blank_is_not_recorded_and_zero_is_zero(qtbot: QtBot, form, context) -> None:
    type_into(qtbot, form, "caffeine_mg", "0")
    qtbot.keyClick(form.caffeine.edit, Qt.Key.Key_Return)  # Enter in a field saves too
    stored = context.diary.day(TODAY)
    assert stored.caffeine_mg == 0
    assert stored.sleep_h is None and stored.stress is None and stored.water_l is None

    type_into(qtbot, form, "caffeine_mg", "")  # cleared: not recorded any more
    assert form.caffeine.edit.text() == ""
    qtbot.mouseClick(form.save_button, LEFT)
    assert context.diary.day(TODAY).caffeine_mg is None
    assert context.diary.days() == []  # an all-empty check-in leaves no row


def test_a_preset_on_a_blank_field_counts_from_zero_and_alt_number_adds(qtbot: QtBot, form) -> None:
    type_into(qtbot, form, "sleep_h", "8")
    qtbot.keyClick(form.fields["sleep_h"].edit, Qt.Key.Key_3, ALT)  # Alt+3: tea, 47 mg
    assert form.caffeine.text() == "47"
    assert form.fields["sleep_h"].edit.hasFocus()
    qtbot.keyClick(form.fields["sleep_h"].edit, Qt.Key.Key_1, ALT)  # Alt+1: coffee, 95 mg
    assert form.caffeine.text() == "142"


def test_up_and_down_step_a_field(qtbot: QtBot, form) -> None:
    edit = form.fields["sleep_h"].edit
    focus(qtbot, edit)
    qtbot.keyClick(edit, Qt.Key.Key_Up)  # from blank: 0, then half hours
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "1"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.text() == "0.5"


def test_edit_a_past_day_with_the_previous_day_button(qtbot: QtBot, form, context) -> None:
    yesterday = TODAY - timedelta(days=1)
    context.diary.save_day(DailyFactors(day=yesterday, caffeine_mg=300, sleep_h=5))
    qtbot.mouseClick(form.previous_button, LEFT)
    assert form.day() == yesterday
    assert form.date_edit.date().toPython() == yesterday
    assert form.caffeine.text() == "300"
    assert form.fields["sleep_h"].text() == "5"
    assert form.next_button.isEnabled() and form.today_button.isEnabled()

    type_into(qtbot, form, "sleep_h", "6,5")  # a decimal comma is understood
    qtbot.mouseClick(form.next_button, LEFT)  # moving on saves the change: nothing is lost
    assert form.day() == TODAY
    assert context.diary.day(yesterday) == DailyFactors(day=yesterday, caffeine_mg=300, sleep_h=6.5)
    assert "Saved your changes to" in form.status_label.text()
    assert form.caffeine.text() == ""  # today is not recorded yet


def test_day_keys_and_no_future_days(qtbot: QtBot, form) -> None:
    assert not form.next_button.isEnabled()
    assert not form.today_button.isEnabled()
    assert form.date_edit.maximumDate().toPython() == TODAY
    edit = form.fields["stress"].edit
    focus(qtbot, edit)
    qtbot.keyClick(edit, Qt.Key.Key_BracketRight, CTRL)  # next day: there is none yet
    assert form.day() == TODAY
    qtbot.keyClick(edit, Qt.Key.Key_BracketLeft, CTRL)
    qtbot.keyClick(edit, Qt.Key.Key_PageUp, CTRL)
    assert form.day() == TODAY - timedelta(days=2)
    qtbot.keyClick(edit, Qt.Key.Key_PageDown, CTRL)
    assert form.day() == TODAY - timedelta(days=1)
    qtbot.mouseClick(form.today_button, LEFT)
    assert form.day() == TODAY
    form.set_day(TODAY + timedelta(days=3))
    assert form.day() == TODAY
    assert "Ctrl+[" in form.previous_button.toolTip()


def test_typing_a_date_opens_that_day(qtbot: QtBot, form, context) -> None:
    earlier = TODAY - timedelta(days=10)
    context.diary.save_day(DailyFactors(day=earlier, stress=8))
    form.date_edit.setDate(QDate(earlier.year, earlier.month, earlier.day))
    assert form.day() == earlier
    assert form.fields["stress"].text() == "8"


def test_undo_restores_the_previous_day_and_redo_reapplies(qtbot: QtBot, form, context) -> None:
    stack = context.undo_stack
    type_into(qtbot, form, "caffeine_mg", "100")
    press_ctrl_enter(qtbot, form.caffeine.edit)
    type_into(qtbot, form, "caffeine_mg", "200")
    type_into(qtbot, form, "sleep_h", "7")
    press_ctrl_enter(qtbot, form.caffeine.edit)
    assert stack.count() == 2
    assert stack.undoText().startswith("check-in for")

    stack.undo()
    assert context.diary.day(TODAY) == DailyFactors(day=TODAY, caffeine_mg=100)
    assert form.caffeine.text() == "100" and form.fields["sleep_h"].text() == ""
    stack.undo()
    assert context.diary.days() == []
    assert form.caffeine.text() == ""
    stack.redo()
    stack.redo()
    assert context.diary.day(TODAY) == DailyFactors(day=TODAY, caffeine_mg=200, sleep_h=7)
    assert form.caffeine.text() == "200" and form.fields["sleep_h"].text() == "7"


def test_a_refusal_by_the_diary_is_shown_and_leaves_no_undo_step(
    qtbot: QtBot, form, context, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_factors: DailyFactors) -> None:
        raise InvalidRecord("sleep: must be between 0 and 24")

    monkeypatch.setattr(context.diary, "save_day", refuse)
    type_into(qtbot, form, "sleep_h", "8")
    press_ctrl_enter(qtbot, form.caffeine.edit)
    assert form.status_label.text() == "Not saved: sleep: must be between 0 and 24"
    assert context.undo_stack.count() == 0
    assert form.is_dirty()
    monkeypatch.undo()
    press_ctrl_enter(qtbot, form.caffeine.edit)
    assert context.diary.day(TODAY).sleep_h == 8


def test_saving_unchanged_values_adds_no_undo_step(qtbot: QtBot, form, context) -> None:
    press_ctrl_enter(qtbot, form.caffeine.edit)
    assert context.undo_stack.count() == 0


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("sleep_h", "25", "24 hours"),
        ("caffeine_mg", "-5", "negative"),
        ("stress", "11", "0 to 10"),
        ("stress", "4.5", "whole number"),
        ("exercise_min", "2000", "1440"),
    ],
)
def test_impossible_values_are_refused_beside_the_field(
    qtbot: QtBot, form, context, field: str, text: str, message: str
) -> None:
    type_into(qtbot, form, "water_l", "1.5")
    type_into(qtbot, form, field, text)
    error = form.fields[field].error
    assert error.isVisible() and message in error.text()  # shown while typing
    press_ctrl_enter(qtbot, form.fields[field].edit)
    assert context.diary.days() == []  # nothing saved, not even the valid water
    assert "Not saved" in form.status_label.text()
    assert form.fields[field].edit.accessibleDescription() == error.text()

    qtbot.mouseClick(form.previous_button, LEFT)  # can't leave the day with it unsaved…
    assert form.day() == TODAY
    assert form.fields[field].text() == text  # …and what was typed is still there
    assert "Nothing was lost" in form.status_label.text()

    type_into(qtbot, form, field, "")
    assert not error.isVisible()
    press_ctrl_enter(qtbot, form.fields["water_l"].edit)
    assert context.diary.day(TODAY) == DailyFactors(day=TODAY, water_l=1.5)


def test_a_change_elsewhere_shows_without_losing_what_is_typed(qtbot: QtBot, form, context) -> None:
    type_into(qtbot, form, "sleep_h", "6")
    context.diary.save_day(DailyFactors(day=TODAY, caffeine_mg=50, sleep_h=9))
    assert form.caffeine.text() == "50"  # untouched field follows the diary
    assert form.fields["sleep_h"].text() == "6"  # the user's typing wins
    press_ctrl_enter(qtbot, form.caffeine.edit)
    assert context.diary.day(TODAY) == DailyFactors(day=TODAY, caffeine_mg=50, sleep_h=6)


def test_hiding_the_form_keeps_what_was_typed(qtbot: QtBot, form, context) -> None:
    type_into(qtbot, form, "stress", "3")
    form.hide()
    assert context.diary.day(TODAY).stress == 3


def test_presets_are_edited_and_kept_in_the_settings_file(
    qtbot: QtBot, form, context, tmp_path: Path
) -> None:
    qtbot.mouseClick(form.presets.edit_button, LEFT)
    dialog = form.presets.dialog
    assert dialog is not None and dialog.isVisible()
    spin = dialog.spins["coffee"]
    focus(qtbot, spin)
    spin.selectAll()
    qtbot.keyClicks(spin, "120")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    assert form.presets.buttons["coffee"].text() == "Coffee 120 mg"

    ini = QSettings(str(context.settings.path), QSettings.Format.IniFormat)
    assert '"coffee": 120' in str(ini.value(CAFFEINE_PRESETS_KEY))
    second = DailyCheckInWidget()
    qtbot.addWidget(second)
    second.attach(
        PanelContext(
            context.diary,
            context.bridge,
            QUndoStack(),
            AppSettings(context.settings.path),
            context.data_dir,
        )
    )
    assert second.presets.buttons["coffee"].text() == "Coffee 120 mg"
    assert second.presets.buttons["tea"].text() == "Tea 47 mg"
    qtbot.mouseClick(second.presets.buttons["coffee"], LEFT)
    assert second.caffeine.text() == "120"
    second.close()


def test_damaged_preset_setting_falls_back_to_typical_amounts(qtbot: QtBot, context) -> None:
    context.settings.qsettings.setValue(CAFFEINE_PRESETS_KEY, "{not json")
    widget = DailyCheckInWidget()
    qtbot.addWidget(widget)
    widget.attach(context)
    assert widget.presets.buttons["espresso"].text() == "Espresso 65 mg"
    assert widget.presets.buttons["energy_drink"].text() == "Energy drink 80 mg"


def test_tab_goes_down_the_form(qtbot: QtBot, form) -> None:
    order = []
    focus(qtbot, form.date_edit)
    for _ in range(30):
        if len(order) == 10:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is not form.date_edit:  # Tab first visits its sections
            order.append(QApplication.focusWidget())
    fields = form.fields
    assert order == [
        fields["caffeine_mg"].edit,  # "Today" is skipped: it is today (disabled)
        fields["sleep_h"].edit,
        fields["stress"].edit,
        fields["exercise_min"].edit,
        form.intensity_combo,
        fields["alcohol_units"].edit,
        fields["water_l"].edit,
        form.notes_edit,
        form.save_button,
        form.presets.edit_button,
    ]


def controls(widget: QWidget) -> list[QWidget]:
    """The controls a user meets (not the parts inside a line edit, spin box or combo box)."""
    kinds = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTreeWidget)
    found = []
    for child in widget.findChildren(QWidget):
        parent = child.parentWidget()
        inner = parent is not None and isinstance(parent, (QLineEdit, QAbstractSpinBox, QComboBox))
        if isinstance(child, kinds) and not inner and child.window() is widget.window():
            found.append(child)
    return found


def test_every_control_has_a_name_and_tooltip(qtbot: QtBot, context) -> None:
    panel = CheckInPanel()
    show(qtbot, panel, context)
    panel.day_form.presets.edit()
    panel.medicines.add_medicine()
    windows = [panel, panel.day_form.presets.dialog, panel.medicines.dialog]
    for window in windows:
        found = controls(window)
        assert len(found) > 5
        for control in found:
            assert control.accessibleName(), control
            assert control.toolTip(), control
    panel.day_form.presets.dialog.reject()
    panel.medicines.dialog.reject()
    panel.close()


def test_status_line_says_what_happened(qtbot: QtBot, form, context) -> None:
    yesterday = TODAY - timedelta(days=1)
    context.diary.save_day(DailyFactors(day=yesterday, notes="Slept badly"))
    assert form.status_label.text() == "Nothing recorded for this day yet."
    type_into(qtbot, form, "water_l", "2")
    assert form.status_label.text().startswith("Unsaved")
    type_into(qtbot, form, "water_l", "")  # back as it was: nothing to save
    assert form.status_label.text() == "Nothing recorded for this day yet."
    qtbot.keyClick(form.fields["water_l"].edit, Qt.Key.Key_BracketLeft, CTRL)
    assert form.status_label.text() == "Saved."
    assert form.notes_edit.toPlainText() == "Slept badly"
    qtbot.mouseClick(form.today_button, LEFT)
    assert form.status_label.text() == "Nothing recorded for this day yet."


# -- medicines ---------------------------------------------------------------------------------
def add_medicine(context: PanelContext, start: date, stop: date | None = None, name: str = "Mg"):
    draft = MedicationDraft(name, "magnesium", start, dose="200 mg", stopped_on=stop)
    return context.diary.add_medication(draft)


def set_date(edit: QAbstractSpinBox, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))  # type: ignore[attr-defined]


def open_add_dialog(qtbot: QtBot, medicines: MedicinesWidget) -> MedicineDialog:
    qtbot.mouseClick(medicines.add_button, LEFT)
    dialog = medicines.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def click_save(qtbot: QtBot, dialog: MedicineDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)


def click_row(qtbot: QtBot, medicines: MedicinesWidget, row: int) -> None:
    tree = medicines.tree
    rect = tree.visualItemRect(tree.topLevelItem(row))
    qtbot.mouseClick(tree.viewport(), LEFT, pos=rect.center())


def test_add_a_medicine_through_the_dialog(qtbot: QtBot, medicines, context) -> None:
    start = TODAY - timedelta(days=20)
    stop = TODAY - timedelta(days=5)
    dialog = open_add_dialog(qtbot, medicines)
    qtbot.keyClicks(dialog.name_edit, "  Magnesium citrate ")
    focus(qtbot, dialog.category_combo)
    qtbot.keyClicks(dialog.category_combo, "Magnesium")
    qtbot.keyClicks(dialog.dose_edit, "200 mg in the evening")
    set_date(dialog.start_edit, start)
    assert not dialog.stop_edit.isEnabled()
    qtbot.mouseClick(dialog.still_taking, LEFT)
    assert dialog.stop_edit.isEnabled()
    set_date(dialog.stop_edit, stop)
    qtbot.keyClicks(dialog.notes_edit, "For cramps")
    click_save(qtbot, dialog)

    stored = context.diary.medications()
    assert len(stored) == 1
    medicine = stored[0]
    assert (medicine.name, medicine.category, medicine.dose) == (
        "Magnesium citrate",
        "magnesium",
        "200 mg in the evening",
    )
    assert (medicine.started_on, medicine.stopped_on, medicine.notes) == (start, stop, "For cramps")
    assert medicines.count() == 0  # not taken today (the filter is on)…
    medicines.filter_check.click()
    assert medicines.count() == 1  # …but listed among all of them
    assert "Magnesium supplement" in medicines.tree.topLevelItem(0).text(0)
    assert "to " in medicines.tree.topLevelItem(0).text(1)
    assert context.undo_stack.undoText() == "add Magnesium citrate"


def test_undo_and_redo_of_adding_keep_the_same_medicine(qtbot: QtBot, medicines, context):
    dialog = open_add_dialog(qtbot, medicines)
    qtbot.keyClicks(dialog.name_edit, "Iron")
    click_save(qtbot, dialog)
    added = context.diary.medications()
    context.undo_stack.undo()
    assert context.diary.medications() == []
    assert medicines.count() == 0
    context.undo_stack.redo()
    assert context.diary.medications() == added
    assert medicines.count() == 1


def test_new_medicine_still_taking_starts_on_the_day_shown(qtbot: QtBot, medicines, context):
    shown = TODAY - timedelta(days=3)
    medicines.set_day(shown)
    dialog = open_add_dialog(qtbot, medicines)
    assert dialog.start_edit.date().toPython() == shown
    qtbot.keyClicks(dialog.name_edit, "Vitamin B12")
    click_save(qtbot, dialog)
    assert context.diary.medications()[0].stopped_on is None
    assert medicines.tree.topLevelItem(0).text(1).endswith("still taking")


@pytest.mark.parametrize(
    ("offset", "listed"),
    [(-1, False), (0, True), (5, True), (10, True), (11, False)],
    ids=["day before start", "start day", "between", "stop day", "day after stop"],
)
def test_taken_on_filter_at_the_boundaries(medicines, context, offset: int, listed: bool) -> None:
    start = TODAY - timedelta(days=30)
    add_medicine(context, start, start + timedelta(days=10), name="Cetirizine")
    add_medicine(context, start - timedelta(days=100), name="Always")  # still taking
    medicines.set_day(start + timedelta(days=offset))
    names = [m.name for m in medicines.records()]
    assert ("Cetirizine" in names) == listed
    assert "Always" in names


def test_medicine_list_follows_the_check_in_day(qtbot: QtBot, context) -> None:
    start = TODAY - timedelta(days=3)
    add_medicine(context, start, name="Ibuprofen")
    panel = CheckInPanel()
    show(qtbot, panel, context)
    assert panel.medicines.day() == TODAY
    assert panel.medicines.count() == 1
    for _ in range(4):
        qtbot.mouseClick(panel.day_form.previous_button, LEFT)
    assert panel.medicines.day() == start - timedelta(days=1)
    assert panel.medicines.count() == 0
    assert "Nothing recorded as taken" in panel.medicines.empty_label.text()
    qtbot.mouseClick(panel.day_form.next_button, LEFT)
    assert panel.medicines.count() == 1
    panel.close()


@pytest.mark.parametrize("stop_offset", [-1, -30])
def test_stop_before_start_is_refused(qtbot: QtBot, medicines, context, stop_offset: int) -> None:
    start = TODAY - timedelta(days=10)
    dialog = open_add_dialog(qtbot, medicines)
    qtbot.keyClicks(dialog.name_edit, "Prednisolone")
    set_date(dialog.start_edit, start)
    qtbot.mouseClick(dialog.still_taking, LEFT)
    set_date(dialog.stop_edit, start + timedelta(days=stop_offset))
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.stop_error.isVisible()
    assert "before the start" in dialog.stop_error.text()
    assert context.diary.medications() == []

    set_date(dialog.stop_edit, start)  # same day is fine: taken on that one day
    assert not dialog.stop_error.isVisible()  # the message goes once corrected
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert context.diary.medications()[0].stopped_on == start


def test_empty_name_is_refused(qtbot: QtBot, medicines, context) -> None:
    dialog = open_add_dialog(qtbot, medicines)
    qtbot.keyClicks(dialog.name_edit, "   ")
    click_save(qtbot, dialog)
    assert dialog.isVisible() and dialog.name_error.isVisible()
    assert context.diary.medications() == []
    dialog.reject()
    assert context.diary.medications() == []


def test_edit_a_medicine_by_double_click(qtbot: QtBot, medicines, context) -> None:
    record = add_medicine(context, TODAY - timedelta(days=2))
    medicines.reload()
    tree = medicines.tree
    rect = tree.visualItemRect(tree.topLevelItem(0))
    qtbot.mouseClick(tree.viewport(), LEFT, pos=rect.center())  # a double-click's first click
    qtbot.mouseDClick(tree.viewport(), LEFT, pos=rect.center())
    dialog = medicines.dialog
    assert dialog is not None and dialog.name_edit.text() == "Mg"
    dialog.dose_edit.selectAll()
    qtbot.keyClicks(dialog.dose_edit, "400 mg")
    click_save(qtbot, dialog)
    assert context.diary.medications()[0].dose == "400 mg"
    context.undo_stack.undo()
    assert context.diary.medications()[0].dose == "200 mg"
    assert context.diary.medications()[0].id == record.id


def test_stop_today_and_undo(qtbot: QtBot, medicines, context) -> None:
    add_medicine(context, TODAY - timedelta(days=40))
    medicines.reload()
    assert not medicines.stop_button.isEnabled()  # nothing selected
    click_row(qtbot, medicines, 0)
    qtbot.mouseClick(medicines.stop_button, LEFT)
    assert context.diary.medications()[0].stopped_on == TODAY
    assert medicines.count() == 1  # the stop day still counts as taken
    assert not medicines.stop_button.isEnabled()
    context.undo_stack.undo()
    assert context.diary.medications()[0].stopped_on is None


def test_delete_and_undo_brings_the_same_medicine_back(qtbot: QtBot, medicines, context) -> None:
    record = add_medicine(context, TODAY - timedelta(days=2), name="Magnesium")
    add_medicine(context, TODAY - timedelta(days=1), name="Iron")
    medicines.reload()
    assert [m.name for m in medicines.records()] == ["Magnesium", "Iron"]
    click_row(qtbot, medicines, 0)
    qtbot.mouseClick(medicines.delete_button, LEFT)
    assert [m.name for m in context.diary.medications()] == ["Iron"]
    assert [m.name for m in medicines.records()] == ["Iron"]
    assert "Undo" in medicines.status_label.text()

    context.undo_stack.undo()
    restored = context.diary.medications()
    assert [m.name for m in restored] == ["Magnesium", "Iron"]
    assert restored[0].id == record.id
    assert medicines.count() == 2

    focus(qtbot, medicines.tree)
    click_row(qtbot, medicines, 1)
    qtbot.keyClick(medicines.tree, Qt.Key.Key_Delete)  # the Delete key works too
    assert [m.name for m in context.diary.medications()] == ["Magnesium"]


def test_dock_wraps_the_panel(qtbot: QtBot, context) -> None:
    dock = CheckInDock()
    qtbot.addWidget(dock)
    dock.attach(context)
    assert dock.windowTitle() == "Daily check-in"
    assert dock.objectName() == "checkin_dock"
    assert dock.toggleViewAction().isCheckable()
    assert dock.panel.day_form.day() == TODAY
    assert dock.panel.medicines.isEnabled()
    dock.close()


def test_in_the_main_window_edit_undo_reverts_a_saved_day(qtbot: QtBot, tmp_path: Path) -> None:
    from twitchdesk.ui.main_window import MainWindow

    data_dir = tmp_path / "window"
    window = MainWindow(AppSettings(tmp_path / "settings.ini"), data_dir)
    qtbot.addWidget(window)
    dock = CheckInDock(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    diary = open_diary(data_dir)
    window.attach_diary(diary)
    assert window.bridge is not None
    dock.attach(PanelContext(diary, window.bridge, window.undo_stack, window.settings, data_dir))
    form = dock.panel.day_form
    qtbot.mouseClick(form.presets.buttons["cola"], LEFT)
    press_ctrl_enter(qtbot, form.caffeine.edit)
    assert diary.day(TODAY).caffeine_mg == 34
    assert window.undo_action.text() == "&Undo check-in for " + form.day().strftime("%a") + (
        f" {TODAY.day} {TODAY:%b}"
    )
    window.undo_action.trigger()
    assert diary.days() == []
    assert form.caffeine.text() == ""
    window.close()
    diary.close()

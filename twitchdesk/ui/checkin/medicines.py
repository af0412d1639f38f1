"""Medicines and supplements: what the user takes, from when to when, and what was taken on a day.

The "taken on" date follows the check-in form's day when the two are connected (`set_day`). Every
change goes through the undo stack; deleting is soft in storage, so undo brings the same row back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.i18n import TextContext
from twitchdesk.storage import vocabulary
from twitchdesk.storage.records import MedicationRecord
from twitchdesk.ui.checkin.fields import hint_label
from twitchdesk.ui.checkin.medicine_dialog import MedicineDialog, medication_problems
from twitchdesk.ui.checkin.undo_commands import (
    AddMedicationCommand,
    DeleteMedicationCommand,
    EditMedicationCommand,
    medication_draft,
)

if TYPE_CHECKING:
    from twitchdesk.ui.panel_context import PanelContext

__all__ = ["MedicineDialog", "MedicinesWidget", "medication_problems"]

CHECKIN_MEDICINES = TextContext("CHECKIN_MEDICINES")
ID_ROLE = Qt.ItemDataRole.UserRole


def date_text(day: date) -> str:
    """ "3 Mar 2026" on every platform (no leading zero)."""
    return f"{day.day} {day:%b %Y}"


def period_text(medicine: MedicationRecord) -> str:
    #: {date} like "3 Mar 2026"; the first line of the "Taken" column
    start = CHECKIN_MEDICINES.tr("from {date}").format(date=date_text(medicine.started_on))
    if medicine.stopped_on is None:
        return f"{start}\n{CHECKIN_MEDICINES.tr('still taking')}"
    #: {date} like "3 Mar 2026"; the second line of the "Taken" column
    stop = CHECKIN_MEDICINES.tr("to {date}").format(date=date_text(medicine.stopped_on))
    return f"{start}\n{stop}"


class MedicinesWidget(QWidget):
    medicines_changed = Signal()  # the list was reloaded from the diary

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: PanelContext | None = None
        self.dialog: MedicineDialog | None = None
        self._records: dict[int, MedicationRecord] = {}
        self._build()
        self._connect_signals()
        self.setEnabled(False)  # until the diary is attached

    # -- construction --------------------------------------------------------------------
    def _build(self) -> None:
        self.filter_check = QCheckBox(CHECKIN_MEDICINES.tr("Only those taken on"))
        self.filter_check.setChecked(True)
        self.filter_check.setAccessibleName(
            CHECKIN_MEDICINES.tr("Show only medicines taken on the chosen day")
        )
        self.filter_check.setToolTip(
            CHECKIN_MEDICINES.tr("Untick to list every medicine, past and present")
        )
        self.day_edit = QDateEdit()
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("ddd d MMM yyyy")
        self.day_edit.setKeyboardTracking(False)
        self.day_edit.setDate(QDate.currentDate())
        self.day_edit.setAccessibleName(CHECKIN_MEDICINES.tr("Day to show medicines for"))
        self.day_edit.setToolTip(CHECKIN_MEDICINES.tr("Follows the check-in day"))
        filter_row = QHBoxLayout()
        filter_row.setContentsMargins(0, 0, 0, 0)
        filter_row.addWidget(self.filter_check)
        filter_row.addWidget(self.day_edit)
        filter_row.addStretch(1)

        self.tree = QTreeWidget()
        self.tree.setObjectName("medicine_list")
        self.tree.setAccessibleName(CHECKIN_MEDICINES.tr("Medicines and supplements"))
        self.tree.setToolTip(
            CHECKIN_MEDICINES.tr("Enter or double-click: edit · Delete: delete · Insert: add")
        )
        self.tree.setHeaderLabels(
            [CHECKIN_MEDICINES.tr("Medicine · kind · dose"), CHECKIN_MEDICINES.tr("Taken")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setWordWrap(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = hint_label("")
        self.empty_label.setWordWrap(True)

        self.add_button = self._button(
            CHECKIN_MEDICINES.tr("Add…"),
            CHECKIN_MEDICINES.tr("Add a medicine or supplement"),
            CHECKIN_MEDICINES.tr("Add a medicine or supplement (Insert)"),
        )
        self.edit_button = self._button(
            CHECKIN_MEDICINES.tr("Edit…"),
            CHECKIN_MEDICINES.tr("Edit the selected medicine"),
            CHECKIN_MEDICINES.tr("Edit the selected medicine (Enter)"),
        )
        self.stop_button = self._button(
            CHECKIN_MEDICINES.tr("Stop today"),
            CHECKIN_MEDICINES.tr("Mark the selected medicine stopped today"),
            CHECKIN_MEDICINES.tr("Mark the selected medicine stopped today"),
        )
        self.delete_button = self._button(
            CHECKIN_MEDICINES.tr("Delete"),
            CHECKIN_MEDICINES.tr("Delete the selected medicine"),
            CHECKIN_MEDICINES.tr(
                "Delete the selected medicine (Delete); Edit → Undo brings it back"
            ),
        )
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(4)
        for button in (self.add_button, self.edit_button, self.stop_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(CHECKIN_MEDICINES.tr("Medicines status"))
        self.status_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(filter_row)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)

        self.delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree)
        self.delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.add_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Insert), self.tree)
        self.add_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

    def _button(self, text: str, name: str, tooltip: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tooltip)
        button.setAutoDefault(True)
        return button

    def _connect_signals(self) -> None:
        self.filter_check.toggled.connect(self.reload)
        self.day_edit.dateChanged.connect(self.reload)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemActivated.connect(lambda *_args: self.edit_selected())
        self.add_button.clicked.connect(self.add_medicine)
        self.edit_button.clicked.connect(self.edit_selected)
        self.stop_button.clicked.connect(self.stop_selected_today)
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_shortcut.activated.connect(self.delete_selected)
        self.add_shortcut.activated.connect(self.add_medicine)

    def attach(self, context: PanelContext) -> None:
        self.context = context
        context.bridge.changed.connect(self._diary_changed)
        self.setEnabled(True)
        self.reload()

    # -- the day and the list ------------------------------------------------------------
    def day(self) -> date:
        return self.day_edit.date().toPython()

    def set_day(self, day: date) -> None:
        """Show what was taken on `day` (connected to the check-in form's day)."""
        self.day_edit.setDate(QDate(day.year, day.month, day.day))

    def records(self) -> list[MedicationRecord]:
        """The medicines listed, in order."""
        return [
            self._records[self._item_id(self.tree.topLevelItem(i))] for i in range(self.count())
        ]

    def count(self) -> int:
        return self.tree.topLevelItemCount()

    def reload(self, *_args: object) -> None:
        if self.context is None:
            return
        day = self.day()
        everything = self.context.diary.medications()
        shown = [m for m in everything if m.active_on(day)] if self.filtered() else everything
        selected = self.selected_id()
        self._records = {m.id: m for m in shown}
        self.tree.clear()
        dim = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for medicine in shown:
            label = vocabulary.MEDICATION_CATEGORIES.get(medicine.category, medicine.category)
            details = " · ".join(part for part in (label, medicine.dose) if part)
            item = QTreeWidgetItem([f"{medicine.name}\n{details}", period_text(medicine)])
            item.setData(0, ID_ROLE, medicine.id)
            tip = f"{medicine.name}\n{label}\n{medicine.dose}\n{period_text(medicine)}"
            if medicine.notes:
                tip += f"\n\n{medicine.notes}"
            for column in range(2):
                item.setToolTip(column, tip.strip())
                if not medicine.active_on(day):
                    item.setForeground(column, dim)
            self.tree.addTopLevelItem(item)
        self._show_empty(len(everything), len(shown), day)
        if selected is not None:
            self.select(selected)
        self._update_buttons()
        self.medicines_changed.emit()

    def filtered(self) -> bool:
        return self.filter_check.isChecked()

    def _show_empty(self, total: int, shown: int, day: date) -> None:
        if total == 0:
            text = CHECKIN_MEDICINES.tr(
                "No medicines or supplements yet. Add what you take: some (water tablets, "
                "steroids, stimulants) can cause twitching, and magnesium is often tried."
            )
        elif shown == 0:
            #: {date} like "3 Mar 2026"
            text = CHECKIN_MEDICINES.tr("Nothing recorded as taken on {date}.")
            text = text.format(date=date_text(day))
        elif shown < total:
            hidden = total - shown
            text = CHECKIN_MEDICINES.tr(
                "%n more not taken on this day (untick to see all).", None, hidden
            )
        else:
            text = ""
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))

    def selected_id(self) -> int | None:
        items = self.tree.selectedItems()
        return self._item_id(items[0]) if items else None

    def selected(self) -> MedicationRecord | None:
        selected = self.selected_id()
        return self._records.get(selected) if selected is not None else None

    def select(self, medication_id: int) -> None:
        for index in range(self.count()):
            item = self.tree.topLevelItem(index)
            if self._item_id(item) == medication_id:
                self.tree.setCurrentItem(item)
                return

    @staticmethod
    def _item_id(item: QTreeWidgetItem) -> int:
        return int(item.data(0, ID_ROLE))

    def _update_buttons(self) -> None:
        medicine = self.selected()
        today = date.today()
        self.edit_button.setEnabled(medicine is not None)
        self.delete_button.setEnabled(medicine is not None)
        can_stop = (
            medicine is not None
            and medicine.started_on <= today
            and (medicine.stopped_on is None or medicine.stopped_on > today)
        )
        self.stop_button.setEnabled(can_stop)

    def _diary_changed(self, topic: str) -> None:
        if topic in ("medications", "all"):
            self.reload()

    # -- changes -------------------------------------------------------------------------
    def add_medicine(self) -> None:
        if self.context is None:
            return
        self._open_dialog(MedicineDialog(None, self.day(), self), None)

    def edit_selected(self) -> None:
        medicine = self.selected()
        if self.context is None or medicine is None:
            return
        self._open_dialog(MedicineDialog(medicine, None, self), medicine)

    def _open_dialog(self, dialog: MedicineDialog, before: MedicationRecord | None) -> None:
        # open(), not exec(): window-modal without a nested event loop.
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._dialog_accepted(dialog, before))
        dialog.finished.connect(lambda _result: self._dialog_finished(dialog))
        dialog.open()

    def _dialog_finished(self, dialog: MedicineDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _dialog_accepted(self, dialog: MedicineDialog, before: MedicationRecord | None) -> None:
        draft = dialog.result_draft
        if self.context is None or draft is None:
            return
        if before is None:
            command = AddMedicationCommand(self.context.diary, draft)
            self.context.undo_stack.push(command)
            assert command.medication_id is not None
            self.select(command.medication_id)
            self._say(CHECKIN_MEDICINES.tr("Added {medicine}.").format(medicine=draft.name))
        elif draft != medication_draft(before):
            self.context.undo_stack.push(EditMedicationCommand(self.context.diary, before, draft))
            self.select(before.id)
            self._say(CHECKIN_MEDICINES.tr("Saved {medicine}.").format(medicine=draft.name))

    def stop_selected_today(self) -> None:
        medicine = self.selected()
        if self.context is None or medicine is None or not self.stop_button.isEnabled():
            return
        stopped = replace(medication_draft(medicine), stopped_on=date.today())
        #: after "Undo"/"Redo" in the Edit menu; {medicine} is its name
        undo_text = CHECKIN_MEDICINES.tr("stop {medicine}").format(medicine=medicine.name)
        command = EditMedicationCommand(self.context.diary, medicine, stopped, undo_text)
        self.context.undo_stack.push(command)
        self.select(medicine.id)
        said = CHECKIN_MEDICINES.tr("{medicine}: stopped today. Undo with Ctrl+Z.")
        self._say(said.format(medicine=medicine.name))

    def delete_selected(self) -> None:
        medicine = self.selected()
        if self.context is None or medicine is None:
            return
        self.context.undo_stack.push(DeleteMedicationCommand(self.context.diary, medicine))
        said = CHECKIN_MEDICINES.tr("Deleted {medicine}. Edit → Undo brings it back.")
        self._say(said.format(medicine=medicine.name))

    def _say(self, text: str) -> None:
        self.status_label.setText(text)

"""Adding or editing one medicine or supplement: what, how much, from when, until when."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.i18n import TextContext
from twitchdesk.storage import vocabulary
from twitchdesk.storage.records import MedicationDraft
from twitchdesk.ui.checkin.fields import describe_buttons, error_label, to_qdate

CHECKIN_MEDICINE_DIALOG = TextContext("CHECKIN_MEDICINE_DIALOG")

DATE_FORMAT = "d MMM yyyy"


def _date_edit(accessible_name: str, tooltip: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setMinimumDate(QDate(1950, 1, 1))
    edit.setAccessibleName(accessible_name)
    edit.setToolTip(tooltip)
    return edit


def medication_problems(draft: MedicationDraft) -> dict[str, str]:
    """Field → message for what the diary would refuse; empty when it can be saved."""
    problems: dict[str, str] = {}
    if not draft.name.strip():
        problems["name"] = CHECKIN_MEDICINE_DIALOG.tr("Enter the name, as on the packet.")
    if draft.stopped_on is not None and draft.stopped_on < draft.started_on:
        problems["stop"] = CHECKIN_MEDICINE_DIALOG.tr("The stop date is before the start date.")
    return problems


class MedicineDialog(QDialog):
    def __init__(
        self,
        medicine: MedicationDraft | None = None,
        default_start: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        title = (
            CHECKIN_MEDICINE_DIALOG.tr("Edit medicine")
            if medicine
            else CHECKIN_MEDICINE_DIALOG.tr("Add a medicine or supplement")
        )
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.result_draft: MedicationDraft | None = None

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(CHECKIN_MEDICINE_DIALOG.tr("e.g. Magnesium citrate"))
        self.name_edit.setAccessibleName(CHECKIN_MEDICINE_DIALOG.tr("Medicine name"))
        self.name_edit.setToolTip(CHECKIN_MEDICINE_DIALOG.tr("The name on the packet"))
        self.name_error = error_label()
        self.category_combo = QComboBox()
        for code, label in vocabulary.MEDICATION_CATEGORIES.items():
            self.category_combo.addItem(label, code)
        self.category_combo.setAccessibleName(CHECKIN_MEDICINE_DIALOG.tr("Kind of medicine"))
        self.category_combo.setToolTip(
            CHECKIN_MEDICINE_DIALOG.tr(
                "Some kinds (water tablets, steroids, stimulants) are known to cause twitching"
            )
        )
        self.dose_edit = QLineEdit()
        self.dose_edit.setPlaceholderText(CHECKIN_MEDICINE_DIALOG.tr("e.g. 200 mg in the evening"))
        self.dose_edit.setAccessibleName(CHECKIN_MEDICINE_DIALOG.tr("Dose"))
        self.dose_edit.setToolTip(
            CHECKIN_MEDICINE_DIALOG.tr("How much and how often, in your own words (optional)")
        )
        self.start_edit = _date_edit(
            CHECKIN_MEDICINE_DIALOG.tr("Started on"),
            CHECKIN_MEDICINE_DIALOG.tr("The first day you took it"),
        )
        self.still_taking = QCheckBox(CHECKIN_MEDICINE_DIALOG.tr("Still taking it"))
        self.still_taking.setAccessibleName(CHECKIN_MEDICINE_DIALOG.tr("Still taking it"))
        self.still_taking.setToolTip(
            CHECKIN_MEDICINE_DIALOG.tr("Untick to enter the day you stopped")
        )
        self.stop_edit = _date_edit(
            CHECKIN_MEDICINE_DIALOG.tr("Stopped on"),
            CHECKIN_MEDICINE_DIALOG.tr("The last day you took it"),
        )
        self.stop_error = error_label()
        stop_row = QHBoxLayout()
        stop_row.setContentsMargins(0, 0, 0, 0)
        stop_row.addWidget(self.still_taking)
        stop_row.addWidget(self.stop_edit, 1)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText(
            CHECKIN_MEDICINE_DIALOG.tr("Why, who prescribed it… (optional)")
        )
        self.notes_edit.setAccessibleName(CHECKIN_MEDICINE_DIALOG.tr("Notes about the medicine"))
        self.notes_edit.setToolTip(
            CHECKIN_MEDICINE_DIALOG.tr("Anything worth remembering about it")
        )
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(CHECKIN_MEDICINE_DIALOG.tr("Name:"), self.name_edit)
        form.addRow("", self.name_error)
        form.addRow(CHECKIN_MEDICINE_DIALOG.tr("Kind:"), self.category_combo)
        form.addRow(CHECKIN_MEDICINE_DIALOG.tr("Dose:"), self.dose_edit)
        form.addRow(CHECKIN_MEDICINE_DIALOG.tr("Started:"), self.start_edit)
        form.addRow(CHECKIN_MEDICINE_DIALOG.tr("Stopped:"), stop_row)
        form.addRow("", self.stop_error)
        form.addRow(CHECKIN_MEDICINE_DIALOG.tr("Notes:"), self.notes_edit)
        for row in (1, 6):
            form.setRowVisible(row, False)
        self.form = form

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        describe_buttons(
            self.buttons,
            CHECKIN_MEDICINE_DIALOG.tr("Save the medicine"),
            CHECKIN_MEDICINE_DIALOG.tr("Close without saving"),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

        start = default_start or date.today()
        self.start_edit.setDate(to_qdate(start))
        self.stop_edit.setDate(to_qdate(max(start, date.today())))
        self.still_taking.setChecked(True)
        if medicine is not None:
            self.set_medicine(medicine)
        self._stop_toggled()

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.still_taking.toggled.connect(self._stop_toggled)
        self.start_edit.dateChanged.connect(self._recheck)
        self.stop_edit.dateChanged.connect(self._recheck)
        self.name_edit.textEdited.connect(self._recheck)

    def set_medicine(self, medicine: MedicationDraft) -> None:
        self.name_edit.setText(medicine.name)
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(medicine.category)))
        self.dose_edit.setText(medicine.dose)
        self.start_edit.setDate(to_qdate(medicine.started_on))
        self.still_taking.setChecked(medicine.stopped_on is None)
        if medicine.stopped_on is not None:
            self.stop_edit.setDate(to_qdate(medicine.stopped_on))
        self.notes_edit.setPlainText(medicine.notes)

    def draft(self) -> MedicationDraft:
        stopped = None if self.still_taking.isChecked() else self.stop_edit.date().toPython()
        return MedicationDraft(
            name=self.name_edit.text().strip(),
            category=self.category_combo.currentData(),
            started_on=self.start_edit.date().toPython(),
            dose=self.dose_edit.text().strip(),
            stopped_on=stopped,
            notes=self.notes_edit.toPlainText().strip(),
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        for row, key, label in ((1, "name", self.name_error), (6, "stop", self.stop_error)):
            label.setText(problems.get(key, ""))
            self.form.setRowVisible(row, key in problems)

    def accept(self) -> None:
        draft = self.draft()
        problems = medication_problems(draft)
        self.show_problems(problems)
        if problems:
            (self.name_edit if "name" in problems else self.stop_edit).setFocus()
            return  # stay open with the message beside the field; nothing is saved
        self.result_draft = draft
        super().accept()

    def _stop_toggled(self, *_args: object) -> None:
        self.stop_edit.setEnabled(not self.still_taking.isChecked())
        self._recheck()

    def _recheck(self, *_args: object) -> None:
        """Once a message is shown, it follows the corrections (and goes when all is well)."""
        if self.form.isRowVisible(1) or self.form.isRowVisible(6):
            self.show_problems(medication_problems(self.draft()))

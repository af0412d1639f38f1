"""File → Print Preview…, Print… and Export Report as PDF…: ask what to include, then draw.

The options dialog asks for the period and, optionally, the patient's name and date of birth.
Those two are kept only if the user ticks "remember" (in the data folder's settings file, like
every other setting); otherwise they live as long as the dialog.

The report itself is built by `twitchdesk.report` (QtGui only), imported when first used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QStandardPaths, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.i18n import TextContext
from twitchdesk.ui.settings import AppSettings

if TYPE_CHECKING:
    from twitchdesk.report.model import Patient, ReportData
    from twitchdesk.storage.repository import Diary

REPORT_DIALOGS = TextContext("REPORT_DIALOGS")
PERIODS = {
    "30d": QT_TRANSLATE_NOOP("REPORT_DIALOGS", "Last 30 days"),
    "90d": QT_TRANSLATE_NOOP("REPORT_DIALOGS", "Last 90 days"),
    "1y": QT_TRANSLATE_NOOP("REPORT_DIALOGS", "Last year"),
    "all": QT_TRANSLATE_NOOP("REPORT_DIALOGS", "Everything in the diary"),
    "custom": QT_TRANSLATE_NOOP("REPORT_DIALOGS", "Choose dates…"),
}
NAME_KEY = AppSettings.report_patient_name.key  # declared with the other settings
DOB_KEY = AppSettings.report_patient_dob.key


@dataclass(frozen=True)
class ReportOptions:
    first: date
    last: date
    patient: Patient | None


class ReportOptionsDialog(QDialog):
    """Period, and the optional name and date of birth printed on the report."""

    def __init__(
        self,
        settings: AppSettings,
        span: tuple[date, date] | None,
        today: date,
        action: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`action` is the OK button's text ("Print…"); "Continue" when not given."""
        super().__init__(parent)
        self.settings = settings
        self.span = span
        self.today = today
        self.setWindowTitle(REPORT_DIALOGS.tr("Report for your doctor"))
        self.setAccessibleName(REPORT_DIALOGS.tr("Report options"))

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(REPORT_DIALOGS.tr("Period"))
        for code, label in PERIODS.items():
            self.period_combo.addItem(REPORT_DIALOGS.tr(label), code)
        self.period_combo.setCurrentIndex(self.period_combo.findData("90d"))
        self.first_edit = QDateEdit()
        self.last_edit = QDateEdit()
        for edit, name in (
            (self.first_edit, REPORT_DIALOGS.tr("From date")),
            (self.last_edit, REPORT_DIALOGS.tr("To date")),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(REPORT_DIALOGS.tr("Patient name (optional)"))
        self.name_edit.setPlaceholderText(REPORT_DIALOGS.tr("optional"))
        self.dob_edit = QLineEdit()
        self.dob_edit.setAccessibleName(REPORT_DIALOGS.tr("Date of birth (optional)"))
        #: keep YYYY-MM-DD: the date is typed in that form in every language
        self.dob_edit.setPlaceholderText(REPORT_DIALOGS.tr("YYYY-MM-DD, optional"))
        self.remember_check = QCheckBox(
            REPORT_DIALOGS.tr("Remember name and date of birth on this computer")
        )
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b45309;")
        self.problem.setVisible(False)

        form = QFormLayout()
        form.addRow(REPORT_DIALOGS.tr("&Period:"), self.period_combo)
        form.addRow(REPORT_DIALOGS.tr("&From:"), self.first_edit)
        form.addRow(REPORT_DIALOGS.tr("&To:"), self.last_edit)
        form.addRow(REPORT_DIALOGS.tr("&Name:"), self.name_edit)
        form.addRow(REPORT_DIALOGS.tr("Date of &birth:"), self.dob_edit)
        note = QLabel(
            REPORT_DIALOGS.tr(
                "The name and date of birth are printed on the report only. They are not kept "
                "unless you tick the box below."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(action or REPORT_DIALOGS.tr("Continue"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.remember_check)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

        remembered = settings.qsettings.value(NAME_KEY, None)
        if remembered is not None:
            self.name_edit.setText(str(remembered))
            self.dob_edit.setText(str(settings.qsettings.value(DOB_KEY, "") or ""))
            self.remember_check.setChecked(True)
        self._sync_dates()
        self.period_combo.currentIndexChanged.connect(self._sync_dates)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def _sync_dates(self) -> None:
        code = self.period_combo.currentData()
        custom = code == "custom"
        self.first_edit.setEnabled(custom)
        self.last_edit.setEnabled(custom)
        if not custom:
            first, last = self._preset_dates(str(code))
            self.first_edit.setDate(QDate(first.year, first.month, first.day))
            self.last_edit.setDate(QDate(last.year, last.month, last.day))

    def _preset_dates(self, code: str) -> tuple[date, date]:
        from twitchdesk.core.trends import preset, preset_range

        period = preset_range(preset(code), self.today, self.span)
        return period.first, period.last

    def _date_of_birth(self) -> date | None:
        text = self.dob_edit.text().strip()
        if not text:
            return None
        return date.fromisoformat(text)  # ValueError: told to the user in `accept`

    def accept(self) -> None:
        try:
            born = self._date_of_birth()
        except ValueError:
            self._show_problem(
                REPORT_DIALOGS.tr("Enter the date of birth as YYYY-MM-DD, or leave it empty.")
            )
            return
        if born is not None and born > self.today:
            self._show_problem(REPORT_DIALOGS.tr("The date of birth is in the future."))
            return
        if self.last_edit.date() < self.first_edit.date():
            self._show_problem(REPORT_DIALOGS.tr("The period ends before it starts."))
            return
        self._remember()
        super().accept()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)

    def _remember(self) -> None:
        settings = self.settings.qsettings
        if self.remember_check.isChecked():
            settings.setValue(NAME_KEY, self.name_edit.text().strip())
            settings.setValue(DOB_KEY, self.dob_edit.text().strip())
        else:
            settings.remove(NAME_KEY)
            settings.remove(DOB_KEY)

    def options(self) -> ReportOptions:
        from twitchdesk.report.model import Patient

        first = _to_date(self.first_edit.date())
        last = _to_date(self.last_edit.date())
        name = self.name_edit.text().strip()
        try:
            born = self._date_of_birth()
        except ValueError:
            born = None
        patient = Patient(name, born) if (name or born) else None
        return ReportOptions(first, last, patient)


# -- the three commands ----------------------------------------------------------------------
def ask_options(
    window: QMainWindow, diary: Diary, settings: AppSettings, action: str
) -> ReportOptions | None:
    from twitchdesk.core.facts import local_today

    dialog = ReportOptionsDialog(settings, diary.episode_span(), local_today(), action, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.options()


def _build(diary: Diary, options: ReportOptions) -> ReportData:
    from twitchdesk.report.build import build_report_data

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return build_report_data(diary, options.first, options.last, options.patient)
    finally:
        QApplication.restoreOverrideCursor()


def _printer(settings: AppSettings) -> QPrinter:
    from twitchdesk.report.document import page_size_for
    from twitchdesk.report.sections import TITLE

    printer = QPrinter()
    printer.setPageSize(page_size_for(settings.paper_size))
    printer.setDocName(TITLE)
    return printer


def print_preview(window: QMainWindow, diary: Diary, settings: AppSettings) -> None:
    from twitchdesk.report.document import paint_report

    options = ask_options(window, diary, settings, REPORT_DIALOGS.tr("Preview"))
    if options is None:
        return
    data = _build(diary, options)
    printer = _printer(settings)
    dialog = QPrintPreviewDialog(printer, window)
    dialog.setWindowTitle(REPORT_DIALOGS.tr("Print preview: report for your doctor"))
    problems: list[str] = []

    def paint(device: QPrinter) -> None:
        try:
            paint_report(data, device)
        except (OSError, ValueError) as error:
            problems.append(str(error))

    dialog.paintRequested.connect(paint)
    dialog.exec()
    if problems:
        _warn(window, REPORT_DIALOGS.tr("The report could not be drawn"), problems[0])


def print_report(window: QMainWindow, diary: Diary, settings: AppSettings) -> None:
    from twitchdesk.report.document import paint_report

    options = ask_options(window, diary, settings, REPORT_DIALOGS.tr("Print…"))
    if options is None:
        return
    printer = _printer(settings)
    dialog = QPrintDialog(printer, window)
    dialog.setWindowTitle(REPORT_DIALOGS.tr("Print the report for your doctor"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    data = _build(diary, options)
    try:
        pages = paint_report(data, printer)
    except (OSError, ValueError) as error:
        _warn(window, REPORT_DIALOGS.tr("The report could not be printed"), str(error))
        return
    sent = REPORT_DIALOGS.tr("Report sent to the printer (%n page(s)).", None, pages)
    window.statusBar().showMessage(sent, 10000)


def export_pdf(window: QMainWindow, diary: Diary, settings: AppSettings) -> Path | None:
    from twitchdesk.report.document import write_report_pdf

    options = ask_options(window, diary, settings, REPORT_DIALOGS.tr("Export…"))
    if options is None:
        return None
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    suggested = Path(folder or Path.home()) / f"twitchdesk-report-{options.last.isoformat()}.pdf"
    chosen, _filter = QFileDialog.getSaveFileName(
        window,
        REPORT_DIALOGS.tr("Export report as PDF"),
        str(suggested),
        REPORT_DIALOGS.tr("PDF files (*.pdf)"),
    )
    if not chosen:
        return None
    path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        info = write_report_pdf(
            diary, path, options.first, options.last, options.patient, settings.paper_size
        )
    except (OSError, ValueError) as error:
        QApplication.restoreOverrideCursor()
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        _warn(window, REPORT_DIALOGS.tr("Could not save the report"), f"{path}\n\n{reason}")
        return None
    QApplication.restoreOverrideCursor()
    #: {path} is the PDF file written
    saved = REPORT_DIALOGS.tr("Report saved to {path} (%n page(s)).", None, info.pages)
    window.statusBar().showMessage(saved.format(path=path), 15000)
    return path


def _to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _warn(window: QWidget, title: str, text: str) -> None:
    QMessageBox.warning(window, title, text)

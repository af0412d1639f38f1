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

from PySide6.QtCore import QDate, QStandardPaths, Qt
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

if TYPE_CHECKING:
    from twitchdesk.report.model import Patient, ReportData
    from twitchdesk.storage.repository import Diary
    from twitchdesk.ui.settings import AppSettings

PERIODS = {
    "30d": "Last 30 days",
    "90d": "Last 90 days",
    "1y": "Last year",
    "all": "Everything in the diary",
    "custom": "Choose dates…",
}
NAME_KEY = "report/patient_name"
DOB_KEY = "report/patient_dob"


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
        action: str = "Continue",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.span = span
        self.today = today
        self.setWindowTitle("Report for your doctor")
        self.setAccessibleName("Report options")

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Period")
        for code, label in PERIODS.items():
            self.period_combo.addItem(label, code)
        self.period_combo.setCurrentIndex(self.period_combo.findData("90d"))
        self.first_edit = QDateEdit()
        self.last_edit = QDateEdit()
        for edit, name in ((self.first_edit, "From"), (self.last_edit, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(f"{name} date")
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Patient name (optional)")
        self.name_edit.setPlaceholderText("optional")
        self.dob_edit = QLineEdit()
        self.dob_edit.setAccessibleName("Date of birth (optional)")
        self.dob_edit.setPlaceholderText("YYYY-MM-DD, optional")
        self.remember_check = QCheckBox("Remember name and date of birth on this computer")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b45309;")
        self.problem.setVisible(False)

        form = QFormLayout()
        form.addRow("&Period:", self.period_combo)
        form.addRow("&From:", self.first_edit)
        form.addRow("&To:", self.last_edit)
        form.addRow("&Name:", self.name_edit)
        form.addRow("Date of &birth:", self.dob_edit)
        note = QLabel(
            "The name and date of birth are printed on the report only. They are not kept "
            "unless you tick the box below."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(action)
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
            self._show_problem("Enter the date of birth as YYYY-MM-DD, or leave it empty.")
            return
        if born is not None and born > self.today:
            self._show_problem("The date of birth is in the future.")
            return
        if self.last_edit.date() < self.first_edit.date():
            self._show_problem("The period ends before it starts.")
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
    from twitchdesk.storage.aggregates import episode_span

    dialog = ReportOptionsDialog(settings, episode_span(diary), local_today(), action, window)
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

    options = ask_options(window, diary, settings, "Preview")
    if options is None:
        return
    data = _build(diary, options)
    printer = _printer(settings)
    dialog = QPrintPreviewDialog(printer, window)
    dialog.setWindowTitle("Print preview: report for your doctor")
    problems: list[str] = []

    def paint(device: QPrinter) -> None:
        try:
            paint_report(data, device)
        except (OSError, ValueError) as error:
            problems.append(str(error))

    dialog.paintRequested.connect(paint)
    dialog.exec()
    if problems:
        _warn(window, "The report could not be drawn", problems[0])


def print_report(window: QMainWindow, diary: Diary, settings: AppSettings) -> None:
    from twitchdesk.report.document import paint_report

    options = ask_options(window, diary, settings, "Print…")
    if options is None:
        return
    printer = _printer(settings)
    dialog = QPrintDialog(printer, window)
    dialog.setWindowTitle("Print the report for your doctor")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    data = _build(diary, options)
    try:
        pages = paint_report(data, printer)
    except (OSError, ValueError) as error:
        _warn(window, "The report could not be printed", str(error))
        return
    window.statusBar().showMessage(f"Report sent to the printer ({_pages(pages)}).", 10000)


def export_pdf(window: QMainWindow, diary: Diary, settings: AppSettings) -> Path | None:
    from twitchdesk.report.document import write_report_pdf

    options = ask_options(window, diary, settings, "Export…")
    if options is None:
        return None
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    suggested = Path(folder or Path.home()) / f"twitchdesk-report-{options.last.isoformat()}.pdf"
    chosen, _filter = QFileDialog.getSaveFileName(
        window, "Export report as PDF", str(suggested), "PDF files (*.pdf)"
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
        _warn(window, "Could not save the report", f"{path}\n\n{reason}")
        return None
    QApplication.restoreOverrideCursor()
    window.statusBar().showMessage(f"Report saved to {path} ({_pages(info.pages)}).", 15000)
    return path


def _to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _warn(window: QWidget, title: str, text: str) -> None:
    QMessageBox.warning(window, title, text)


def _pages(count: int) -> str:
    return "1 page" if count == 1 else f"{count} pages"

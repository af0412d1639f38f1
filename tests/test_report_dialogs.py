"""File → Print Preview…, Print… and Export Report as PDF…, driven through the main window."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from twitchdesk.core.demo import write_demo
from twitchdesk.storage.database import open_diary
from twitchdesk.ui import report_dialogs
from twitchdesk.ui.main_window import MainWindow
from twitchdesk.ui.report_dialogs import DOB_KEY, NAME_KEY, ReportOptionsDialog
from twitchdesk.ui.settings import AppSettings


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def window(qtbot, isolated_data_dir: Path):
    window = MainWindow(AppSettings(isolated_data_dir / "settings.ini"), isolated_data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    diary = open_diary(isolated_data_dir)
    write_demo(diary)
    window.attach_diary(diary)
    yield window
    window.detach_diary()
    diary.close()


@pytest.fixture
def accept_options(monkeypatch: pytest.MonkeyPatch) -> list[ReportOptionsDialog]:
    """The options dialog as the user leaves it: the defaults, plus a name, then OK."""
    shown: list[ReportOptionsDialog] = []

    def exec_(dialog: ReportOptionsDialog) -> int:
        shown.append(dialog)
        dialog.name_edit.setText("Jane Example")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(ReportOptionsDialog, "exec", exec_)
    return shown


def test_file_menu_has_the_report_commands(window: MainWindow) -> None:
    texts = [action.text() for action in window.file_menu.actions()]
    for text in ("Print Pre&view…", "&Print…", "Export &Report as PDF…"):
        assert text in texts
    assert window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert window.print_action.shortcut().toString() == "Ctrl+P"


def test_export_report_writes_the_pdf_and_says_where(
    window: MainWindow, accept_options, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "for my doctor"  # ".pdf" is added
    asked: list[str] = []

    def save_name(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return str(target), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    window.export_report_action.trigger()
    written = tmp_path / "for my doctor.pdf"
    assert written.exists()
    assert asked[0].endswith(".pdf")
    text = pdf_text(written)
    assert "Muscle twitch diary" in text and "Jane Example" in text
    assert str(written) in window.statusBar().currentMessage()
    # Not ticked "remember": the name is not kept.
    assert window.settings.qsettings.value(NAME_KEY, None) is None


def test_export_to_an_unwritable_place_explains_without_a_traceback(
    window: MainWindow, accept_options, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "no such folder" / "r.pdf"
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_args: (str(target), "PDF files (*.pdf)")
    )
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text: warnings.append((title, text))
    )
    window.export_report_action.trigger()
    assert warnings and warnings[0][0] == "Could not save the report"
    assert str(target) in warnings[0][1] and "No such file or directory" in warnings[0][1]
    assert not target.exists()


def test_cancelling_the_options_does_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ReportOptionsDialog, "exec", lambda _dialog: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a: pytest.fail("no file should be asked for")
    )
    window.export_report_action.trigger()


def test_print_preview_paints_the_report(
    window: MainWindow, accept_options, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    output = tmp_path / "preview.pdf"
    opened: list[QPrintPreviewDialog] = []

    def exec_(dialog: QPrintPreviewDialog) -> int:
        # Stands in for the preview painting its pages: the same signal, into a PDF.
        opened.append(dialog)
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
        dialog.paintRequested.emit(printer)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    window.print_preview_action.trigger()
    assert opened, "the preview dialog was opened"
    text = pdf_text(output)
    assert "Muscle twitch diary" in text and "Page 1 of" in text
    assert "Jane Example" in text


@pytest.mark.parametrize("accept", [True, False])
def test_print_goes_through_the_print_dialog(
    window: MainWindow,
    accept_options,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    accept: bool,
) -> None:
    output = tmp_path / "printed.pdf"

    def exec_(dialog: QPrintDialog) -> int:
        printer = dialog.printer()  # stands in for choosing a printer: a file instead
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
        return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    window.print_action.trigger()
    assert output.exists() == accept
    if accept:
        assert "Episode log" in pdf_text(output)
        assert "sent to the printer" in window.statusBar().currentMessage()


def test_options_dialog_periods_and_remembering(qtbot, isolated_data_dir: Path) -> None:
    settings = AppSettings(isolated_data_dir / "settings.ini")
    today = date(2026, 6, 30)
    span = (date(2025, 1, 10), date(2026, 6, 29))
    dialog = ReportOptionsDialog(settings, span, today)
    qtbot.addWidget(dialog)
    assert dialog.options().first == date(2026, 4, 2)  # the last 90 days by default
    assert not dialog.first_edit.isEnabled()
    dialog.period_combo.setCurrentIndex(dialog.period_combo.findData("all"))
    assert dialog.options().first == date(2025, 1, 10)
    dialog.period_combo.setCurrentIndex(dialog.period_combo.findData("custom"))
    assert dialog.first_edit.isEnabled()

    dialog.dob_edit.setText("12/04/1985")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "YYYY-MM-DD" in dialog.problem.text()

    dialog.dob_edit.setText("1985-04-12")
    dialog.name_edit.setText("Jane Example")
    dialog.remember_check.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    patient = dialog.options().patient
    assert patient is not None and patient.date_of_birth == date(1985, 4, 12)
    assert settings.qsettings.value(NAME_KEY) == "Jane Example"

    again = ReportOptionsDialog(settings, span, today)
    qtbot.addWidget(again)
    assert again.name_edit.text() == "Jane Example" and again.remember_check.isChecked()
    again.remember_check.setChecked(False)
    again.accept()
    assert settings.qsettings.value(NAME_KEY, None) is None
    assert settings.qsettings.value(DOB_KEY, None) is None


def test_report_waits_for_the_diary(qtbot, isolated_data_dir: Path, monkeypatch) -> None:
    window = MainWindow(AppSettings(isolated_data_dir / "settings.ini"), isolated_data_dir)
    qtbot.addWidget(window)
    monkeypatch.setattr(report_dialogs, "export_pdf", lambda *_a: pytest.fail("no diary yet"))
    window.export_report_action.trigger()
    assert "still opening" in window.statusBar().currentMessage()

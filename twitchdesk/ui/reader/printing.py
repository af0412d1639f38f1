"""Putting an article on paper or into a PDF, without any dialog (the panel asks the user first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from twitchdesk import APP_NAME
from twitchdesk.i18n import TextContext
from twitchdesk.report.fonts import load_bundled_fonts  # the one loader, shared with the report
from twitchdesk.ui.reader.browser import printable_copy

READER_PRINTING = TextContext("READER_PRINTING")

PRINT_FAMILY = "DejaVu Sans"


def print_document(document: QTextDocument, printer: QPrinter, point_size: float) -> None:
    """Lay out a copy of the on-screen article for the printer's pages and print it."""
    copy = printable_copy(document)
    font = QFont(copy.defaultFont())
    if PRINT_FAMILY in load_bundled_fonts():
        font.setFamily(PRINT_FAMILY)
    font.setPointSizeF(point_size)
    copy.setDefaultFont(font)
    copy.print_(printer)


def pdf_printer(path: Path, title: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName(title)
    printer.setCreator(APP_NAME)
    return printer


def write_pdf(document: QTextDocument, path: Path, title: str, point_size: float) -> None:
    """Write the document to a PDF file; OSError when the file cannot be written."""
    # QPrinter fails silently on an unwritable path: find out first, with a real error message.
    with open(path, "wb"):
        pass
    print_document(document, pdf_printer(path, title), point_size)
    if path.stat().st_size == 0:
        raise OSError(READER_PRINTING.tr("Qt wrote nothing to {path}").format(path=path))

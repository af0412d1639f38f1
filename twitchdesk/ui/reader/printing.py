"""Putting an article on paper or into a PDF, without any dialog (the panel asks the user first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from twitchdesk import APP_NAME
from twitchdesk.i18n import TextContext
from twitchdesk.resources import resource_path
from twitchdesk.ui.reader.browser import printable_copy

READER_PRINTING = TextContext("READER_PRINTING")

PRINT_FAMILY = "DejaVu Sans"
_loaded_families: list[str] | None = None


def bundled_font_families() -> list[str]:
    """Load the fonts shipped in resources/fonts once; their family names.

    A machine without fonts would otherwise print every letter as a box, silently.
    """
    global _loaded_families
    if _loaded_families is None:
        families: list[str] = []
        for path in sorted(resource_path("fonts").glob("DejaVu*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id != -1:
                families += QFontDatabase.applicationFontFamilies(font_id)
        _loaded_families = sorted(set(families))
    return _loaded_families


def print_document(document: QTextDocument, printer: QPrinter, point_size: float) -> None:
    """Lay out a copy of the on-screen article for the printer's pages and print it."""
    copy = printable_copy(document)
    font = QFont(copy.defaultFont())
    if PRINT_FAMILY in bundled_font_families():
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

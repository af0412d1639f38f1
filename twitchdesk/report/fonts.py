"""The fonts shipped in resources/fonts, loaded into Qt's font database (QtGui only).

A machine without system fonts would otherwise print every letter of a report as a box, and Qt
says nothing when that happens. The launcher loads them at start-up; the report and the command
line load them again on their own (loading is done once per process).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from twitchdesk.resources import resource_path

REPORT_FAMILY = "DejaVu Sans"
_loaded: list[str] | None = None


def load_bundled_fonts() -> list[str]:
    """Add every shipped .ttf to the application's fonts once; the family names they bring."""
    global _loaded
    if _loaded is None:
        families: set[str] = set()
        folder = resource_path("fonts")
        if folder.is_dir():
            for path in sorted(folder.glob("*.ttf")):
                font_id = QFontDatabase.addApplicationFont(str(path))
                if font_id != -1:
                    families.update(QFontDatabase.applicationFontFamilies(font_id))
        _loaded = sorted(families)
    return list(_loaded)


def report_font(size: float, *, bold: bool = False, italic: bool = False) -> QFont:
    """The report's font at `size` layout units (see report.layout: a unit is 1/10 point).

    Pixel sizes are used because the report paints in its own units on any device; hinting is
    off so that what is measured is what is printed, whatever the printer's resolution."""
    load_bundled_fonts()
    font = QFont(REPORT_FAMILY)
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    font.setItalic(italic)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(True)
    return font

"""Light and dark appearance: follow the system, or the user's choice in Preferences.

Qt's colour-scheme hint is not reported on every platform (offscreen, many X11 desktops), so the
app sets complete palettes of its own on the Fusion style: every widget, the body map and the
charts read their colours from the palette and follow it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from twitchdesk.i18n import TextContext

APPEARANCE = TextContext("APPEARANCE")
# Theme code → its name in Preferences (translated by `theme_label`).
THEMES = {
    "system": QT_TRANSLATE_NOOP("APPEARANCE", "Follow the system"),
    "light": QT_TRANSLATE_NOOP("APPEARANCE", "Light"),
    "dark": QT_TRANSLATE_NOOP("APPEARANCE", "Dark"),
}

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def theme_label(code: str) -> str:
    """A theme's name in the user's language ("Follow the system")."""
    return APPEARANCE.tr(THEMES[code])


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        Role.Window: "#23262b",
        Role.WindowText: "#e8e8e8",
        Role.Base: "#1b1d21",
        Role.AlternateBase: "#272a30",
        Role.ToolTipBase: "#2f333a",
        Role.ToolTipText: "#f0f0f0",
        Role.PlaceholderText: "#8c9199",
        Role.Text: "#e8e8e8",
        Role.Button: "#2d3137",
        Role.ButtonText: "#e8e8e8",
        Role.BrightText: "#ff6b6b",
        Role.Light: "#3a3f46",
        Role.Midlight: "#33373e",
        Role.Mid: "#4a4f57",
        Role.Dark: "#15171a",
        Role.Shadow: "#000000",
        Role.Highlight: "#3d7fd9",
        Role.HighlightedText: "#ffffff",
        Role.Link: "#7cb2ff",
        Role.LinkVisited: "#b89cff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor("#7a7f87"))
    palette.setColor(Group.Disabled, Role.Base, QColor("#202327"))
    return palette


def light_palette() -> QPalette:
    app = QApplication.instance()
    style = app.style() if isinstance(app, QApplication) else None
    palette = style.standardPalette() if style is not None else QPalette()
    # Slightly stronger text and placeholder contrast than Fusion's defaults.
    palette.setColor(Role.PlaceholderText, QColor("#6b6f76"))
    palette.setColor(Role.Link, QColor("#0b5cad"))
    return palette


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(Role.Window).lightness() < 128


class Appearance(QObject):
    """Applies a theme choice and re-applies it when the system's scheme changes."""

    changed = Signal(bool)  # dark?

    def __init__(self, app: QApplication, choice: str = "system") -> None:
        super().__init__(app)
        self.app = app
        self.choice = choice
        app.setStyle("Fusion")
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)
        self.apply(choice)

    def apply(self, choice: str) -> None:
        self.choice = choice if choice in THEMES else "system"
        dark = self.choice == "dark" or (self.choice == "system" and system_prefers_dark())
        self.app.setPalette(dark_palette() if dark else light_palette())
        self.changed.emit(dark)

    def _system_changed(self) -> None:
        if self.choice == "system":
            self.apply("system")

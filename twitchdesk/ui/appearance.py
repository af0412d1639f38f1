"""Light and dark appearance: follow the system, or the user's choice in Preferences.

Qt's colour-scheme hint is not reported on every platform (offscreen, many X11 desktops), so the
app sets complete palettes of its own on the Fusion style: every widget, the body map and the
charts read their colours from the palette and follow it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from twitchdesk.i18n import TextContext
from twitchdesk.ui.fusion_palette import fusion_light_palette

APPEARANCE = TextContext("APPEARANCE")
# Theme code → its name in Preferences (translated by `theme_label`).
THEMES = {
    "system": QT_TRANSLATE_NOOP("APPEARANCE", "Follow the system"),
    "light": QT_TRANSLATE_NOOP("APPEARANCE", "Light"),
    "dark": QT_TRANSLATE_NOOP("APPEARANCE", "Dark"),
}

STYLE = "Fusion"
STYLE_PROPERTY = "twitchdesk_style"

Role = QPalette.ColorRole


def make_application(argv: list[str]) -> QApplication:
    """The QApplication, in the Fusion style from the start: `setStyle` afterwards costs
    ~10-15 ms before the window's first paint (PySide wraps the QStyle it returns)."""
    app = QApplication([*argv[:1], "-style", STYLE, *argv[1:]])
    app.setProperty(STYLE_PROPERTY, STYLE)
    return app


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
    palette = fusion_light_palette()
    # Slightly stronger text and placeholder contrast than Fusion's defaults.
    palette.setColor(Role.PlaceholderText, QColor("#6b6f76"))
    palette.setColor(Role.Link, QColor("#0b5cad"))
    return palette


def system_prefers_dark() -> bool:
    # Asking builds every enum of the `Qt` namespace (~35 ms), hence `Appearance.remembered`.
    from PySide6.QtCore import Qt

    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(Role.Window).lightness() < 128


class Appearance(QObject):
    """Applies a theme choice and re-applies it when the system's scheme changes.

    Asking Qt whether the system is dark costs ~35 ms before the window's first paint (see
    `system_prefers_dark`), so "follow the system" starts from what the system was last time
    (`remembered`, kept in the settings by the launcher), else from the platform's palette;
    `check_system`, run just after the first paint, asks Qt and corrects the palette if needed.
    """

    changed = Signal(bool)  # dark?
    system_scheme_seen = Signal(bool)  # what the system's scheme is now (dark?), to remember

    def __init__(self, app: QApplication, choice: str | None = None) -> None:
        """`choice` is applied at once; without one, nothing is until `apply`."""
        super().__init__(app)
        self.app = app
        self.choice = "system"
        self._system_dark: bool | None = None  # not known yet
        # Before the first paint, a guess that costs nothing: the platform's own palette is
        # dark when the system is, on the platforms that report a scheme.
        self._platform_dark = is_dark(QGuiApplication.palette())
        if not app.property(STYLE_PROPERTY):  # not made by `make_application`
            app.setStyle(STYLE)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)
        if choice is not None:
            self.apply(choice)

    def apply(self, choice: str, remembered: bool | None = None) -> None:
        """Use theme `choice`; `remembered` is what the system's scheme was last time (dark?),
        used for "system" until `check_system` has asked."""
        self.choice = choice if choice in THEMES else "system"
        if self._system_dark is None:
            self._system_dark = remembered
        dark = self.choice == "dark" or (self.choice == "system" and self._system_is_dark())
        self.app.setPalette(dark_palette() if dark else light_palette())
        self.changed.emit(dark)

    def _system_is_dark(self) -> bool:
        return self._platform_dark if self._system_dark is None else self._system_dark

    def _learn_system_scheme(self) -> bool:
        """Ask Qt whether the system is dark (and tell whoever remembers it)."""
        self._system_dark = system_prefers_dark()
        self.system_scheme_seen.emit(self._system_dark)
        return self._system_dark

    def check_system(self) -> None:
        """Ask Qt what the system's scheme is (once the window has painted), and correct the
        palette if the guess or the remembered scheme was wrong."""
        shown_dark = is_dark(self.app.palette())
        if self._learn_system_scheme() != shown_dark and self.choice == "system":
            self.apply("system")

    def _system_changed(self) -> None:
        self._learn_system_scheme()
        if self.choice == "system":
            self.apply("system")

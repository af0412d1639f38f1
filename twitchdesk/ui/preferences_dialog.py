"""Preferences: appearance, calendar, paper, the daily reminder, and caffeine presets.

Changes apply when the user presses OK and are written to the data folder's settings file, so
they persist across restarts (and a demo diary keeps its own).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.i18n import TextContext
from twitchdesk.ui.appearance import THEMES, theme_label
from twitchdesk.ui.settings import AppSettings

PREFERENCES_DIALOG = TextContext("PREFERENCES_DIALOG")
PAPER_SIZES = {
    "locale": QT_TRANSLATE_NOOP("PREFERENCES_DIALOG", "Follow my region"),
    "a4": QT_TRANSLATE_NOOP("PREFERENCES_DIALOG", "A4"),
    "letter": QT_TRANSLATE_NOOP("PREFERENCES_DIALOG", "US Letter"),
}


class PreferencesDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(PREFERENCES_DIALOG.tr("Preferences"))
        self.setAccessibleName(PREFERENCES_DIALOG.tr("Preferences"))

        self.theme_combo = QComboBox()
        self.theme_combo.setAccessibleName(PREFERENCES_DIALOG.tr("Appearance"))
        for code in THEMES:
            self.theme_combo.addItem(theme_label(code), code)
        self.week_combo = QComboBox()
        self.week_combo.setAccessibleName(PREFERENCES_DIALOG.tr("First day of the week"))
        self.week_combo.addItem(PREFERENCES_DIALOG.tr("Monday"), True)
        self.week_combo.addItem(PREFERENCES_DIALOG.tr("Sunday"), False)
        self.paper_combo = QComboBox()
        self.paper_combo.setAccessibleName(PREFERENCES_DIALOG.tr("Paper size for the report"))
        for code, label in PAPER_SIZES.items():
            self.paper_combo.addItem(PREFERENCES_DIALOG.tr(label), code)
        self.reminder_check = QCheckBox(
            PREFERENCES_DIALOG.tr("Remind me to fill in the daily check-in at")
        )
        self.reminder_check.setAccessibleName(PREFERENCES_DIALOG.tr("Daily check-in reminder"))
        self.reminder_time = QTimeEdit()
        self.reminder_time.setDisplayFormat("HH:mm")
        self.reminder_time.setAccessibleName(PREFERENCES_DIALOG.tr("Reminder time"))
        reminder_row = QHBoxLayout()
        reminder_row.addWidget(self.reminder_check)
        reminder_row.addWidget(self.reminder_time)
        reminder_row.addStretch(1)
        reminder_note = QLabel(
            PREFERENCES_DIALOG.tr("Shown while TwitchDesk is open; off unless you turn it on.")
        )
        reminder_note.setWordWrap(True)
        self.presets_button = QPushButton(PREFERENCES_DIALOG.tr("Edit caffeine presets…"))
        self.presets_button.setAccessibleName(PREFERENCES_DIALOG.tr("Edit caffeine presets"))

        form = QFormLayout()
        form.addRow(PREFERENCES_DIALOG.tr("&Appearance:"), self.theme_combo)
        form.addRow(PREFERENCES_DIALOG.tr("&Week starts on:"), self.week_combo)
        form.addRow(PREFERENCES_DIALOG.tr("&Paper size:"), self.paper_combo)
        form.addRow(PREFERENCES_DIALOG.tr("Reminder:"), reminder_row)
        form.addRow("", reminder_note)
        form.addRow(PREFERENCES_DIALOG.tr("Caffeine:"), self.presets_button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self.reminder_check.toggled.connect(self.reminder_time.setEnabled)
        self.presets_button.clicked.connect(self._edit_presets)
        self._load()

    def _load(self) -> None:
        s = self.settings
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(s.theme)))
        self.week_combo.setCurrentIndex(0 if s.week_starts_monday else 1)
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(s.paper_size)))
        self.reminder_check.setChecked(s.reminder_enabled)
        time = QTime.fromString(s.reminder_time, "HH:mm")
        self.reminder_time.setTime(time if time.isValid() else QTime(20, 0))
        self.reminder_time.setEnabled(s.reminder_enabled)

    def accept(self) -> None:
        s = self.settings
        s.theme = self.theme_combo.currentData()
        s.week_starts_monday = bool(self.week_combo.currentData())
        s.paper_size = self.paper_combo.currentData()
        s.reminder_enabled = self.reminder_check.isChecked()
        s.reminder_time = self.reminder_time.time().toString("HH:mm")
        s.sync()
        super().accept()

    def _edit_presets(self) -> None:
        from twitchdesk.ui.checkin.presets import PresetsDialog, load_amounts, save_amounts

        dialog = PresetsDialog(load_amounts(self.settings.qsettings), self)
        if dialog.exec():
            save_amounts(self.settings.qsettings, dialog.amounts())

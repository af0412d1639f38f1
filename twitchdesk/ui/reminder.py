"""The optional daily reminder to fill in the check-in, while TwitchDesk is running.

Off unless the user turns it on in Preferences. Once a day, after the chosen time, if today has
no check-in yet, it shows a tray notification (or, where there is no system tray, a status-bar
message). It never nags twice on one day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTime, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from twitchdesk import APP_NAME
from twitchdesk.i18n import TextContext

if TYPE_CHECKING:
    from twitchdesk.storage.repository import Diary
    from twitchdesk.ui.settings import AppSettings

REMINDER = TextContext("REMINDER")


class CheckInReminder(QObject):
    reminded = Signal(str)  # the message shown

    def __init__(
        self,
        settings: AppSettings,
        diary: Diary,
        parent: QObject | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.diary = diary
        self.clock = clock
        self.last_reminded: date | None = None
        self.tray: QSystemTrayIcon | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def due(self) -> bool:
        if not self.settings.reminder_enabled:
            return False
        now = self.clock()
        if self.last_reminded == now.date():
            return False
        at = QTime.fromString(self.settings.reminder_time, "HH:mm")
        if not at.isValid() or now.time() < at.toPython():
            return False
        return self.diary.day(now.date()).is_empty()

    def check(self) -> bool:
        if not self.due():
            return False
        self.last_reminded = self.clock().date()
        message = REMINDER.tr(
            "How was today? Caffeine, sleep, stress and exercise take a minute to note."
        )
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(QApplication.windowIcon() or QIcon(), self)
                self.tray.show()
            self.tray.showMessage(APP_NAME, message, QSystemTrayIcon.MessageIcon.Information)
        self.reminded.emit(message)
        return True

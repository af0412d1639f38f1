"""The first thing a new user sees: what TwitchDesk is and is not, and two ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from twitchdesk import APP_NAME
from twitchdesk.i18n import TextContext

WELCOME_DIALOG = TextContext("WELCOME_DIALOG")


def welcome_html() -> str:
    """What TwitchDesk is and is not, as rich text for the welcome dialog."""
    paragraphs = (
        WELCOME_DIALOG.tr(
            "A diary for muscle twitches: click where it twitches, press Enter. Over days and "
            "weeks {app} shows what goes with it — caffeine, sleep, stress, exercise, medicines "
            "— explains the common causes in plain language, and prints a clear summary to take "
            "to a doctor."
        ),
        WELCOME_DIALOG.tr(
            "<b>It does not diagnose.</b> Most twitching is harmless and settles on its own. "
            "The app tells you plainly about the signs that mean you should see a doctor."
        ),
        WELCOME_DIALOG.tr(
            "<b>Your data never leaves this computer.</b> No account, no internet connection, "
            "nothing sent anywhere. Your diary is a file in your own folder, readable only by "
            "you."
        ),
    )
    title = WELCOME_DIALOG.tr("Welcome to {app}")
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"<h2>{title}</h2>{body}".format(app=APP_NAME)


class WelcomeDialog(QDialog):
    START = 1
    DEMO = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = WELCOME_DIALOG.tr("Welcome to {app}").format(app=APP_NAME)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        text = QLabel(welcome_html())
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setFixedWidth(520)
        text.setMinimumHeight(text.heightForWidth(520))
        self.start_button = QPushButton(WELCOME_DIALOG.tr("&Start my diary"))
        self.start_button.setAccessibleName(WELCOME_DIALOG.tr("Start my diary"))
        self.start_button.setDefault(True)
        self.demo_button = QPushButton(WELCOME_DIALOG.tr("Look around with &demo data"))
        self.demo_button.setAccessibleName(WELCOME_DIALOG.tr("Look around with demo data"))
        self.demo_button.setToolTip(
            WELCOME_DIALOG.tr(
                "Open a separate example diary with six months of made-up entries. "
                "It is kept apart from yours and clearly marked."
            )
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(buttons)
        self.start_button.clicked.connect(lambda: self.done(self.START))
        self.demo_button.clicked.connect(lambda: self.done(self.DEMO))

"""The first thing a new user sees: what TwitchDesk is and is not, and two ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from twitchdesk import APP_NAME

WELCOME_TEXT = f"""
<h2>Welcome to {APP_NAME}</h2>
<p>A diary for muscle twitches: click where it twitches, press Enter. Over days and weeks
{APP_NAME} shows what goes with it — caffeine, sleep, stress, exercise, medicines — explains the
common causes in plain language, and prints a clear summary to take to a doctor.</p>
<p><b>It does not diagnose.</b> Most twitching is harmless and settles on its own. The app tells
you plainly about the signs that mean you should see a doctor.</p>
<p><b>Your data never leaves this computer.</b> No account, no internet connection, nothing sent
anywhere. Your diary is a file in your own folder, readable only by you.</p>
"""


class WelcomeDialog(QDialog):
    START = 1
    DEMO = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.setAccessibleName(f"Welcome to {APP_NAME}")
        text = QLabel(WELCOME_TEXT)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setFixedWidth(520)
        text.setMinimumHeight(text.heightForWidth(520))
        self.start_button = QPushButton("&Start my diary")
        self.start_button.setAccessibleName("Start my diary")
        self.start_button.setDefault(True)
        self.demo_button = QPushButton("Look around with &demo data")
        self.demo_button.setAccessibleName("Look around with demo data")
        self.demo_button.setToolTip(
            "Open a separate example diary with six months of made-up entries. "
            "It is kept apart from yours and clearly marked."
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

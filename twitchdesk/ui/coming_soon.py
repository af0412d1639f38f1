"""A panel that is not built yet says plainly what will be there, instead of showing nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ComingSoonPanel(QWidget):
    def __init__(self, title: str, promise: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(promise)
        body.setWordWrap(True)
        body.setFixedWidth(520)
        # Layout alignment uses sizeHint (one line); reserve the wrapped text's real height.
        body.setMinimumHeight(body.heightForWidth(520))
        body.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (heading, body):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.setAccessibleName(f"{title} (coming soon)")

"""Re-emits the diary's plain-Python change callbacks as a Qt signal.

Panels connect to `changed` and so always run on the GUI thread, even if a write ever happens in a
worker thread (a cross-thread signal is queued).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # the ORM loads after the first paint, not at import
    from twitchdesk.storage.repository import Diary


class DiaryBridge(QObject):
    changed = Signal(str)  # "episodes", "daily", "medications", "advice", "meta" or "all"

    def __init__(self, diary: Diary, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.diary = diary
        diary.subscribe(self._on_change)

    def _on_change(self, topic: str) -> None:
        self.changed.emit(topic)

    def detach(self) -> None:
        self.diary.unsubscribe(self._on_change)

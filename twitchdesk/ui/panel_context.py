"""What a panel is given when the diary is ready: passed explicitly, never looked up globally."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack

from twitchdesk.ui.diary_bridge import DiaryBridge
from twitchdesk.ui.settings import AppSettings

if TYPE_CHECKING:  # the ORM loads after the first paint, not at import
    from twitchdesk.storage.repository import Diary


@dataclass(frozen=True)
class PanelContext:
    diary: Diary
    bridge: DiaryBridge
    undo_stack: QUndoStack
    settings: AppSettings
    data_dir: Path

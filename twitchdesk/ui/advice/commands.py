"""Undoable changes to advice state (snooze, dismiss, show again).

Each command remembers the state before it, so undo restores exactly what was there: a rule
snoozed twice and undone once is snoozed again until the first date, not un-snoozed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from twitchdesk.storage.records import AdviceStateRecord

if TYPE_CHECKING:
    from twitchdesk.storage.repository import Diary


class SetAdviceStateCommand(QUndoCommand):
    def __init__(
        self,
        diary: Diary,
        before: AdviceStateRecord | None,
        after: AdviceStateRecord,
        description: str,
    ) -> None:
        super().__init__(description)
        self.diary = diary
        # An empty record clears the row: "no state" is how an untouched rule is stored.
        self.before = before or AdviceStateRecord(after.rule_id)
        self.after = after

    def redo(self) -> None:
        self.diary.set_advice_state(self.after)

    def undo(self) -> None:
        self.diary.set_advice_state(self.before)

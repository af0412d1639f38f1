"""Undoable check-in and medicine changes (Edit → Undo names what it will undo).

A saved day is undone by saving the day as it was before (an empty "before" removes the row again).
Medicines are deleted softly in storage, so undo restores the very same row.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from twitchdesk.i18n import TextContext
from twitchdesk.storage.records import DailyFactors, MedicationDraft, MedicationRecord

if TYPE_CHECKING:
    from twitchdesk.storage.repository import Diary

# The texts follow "Undo" / "Redo" in the Edit menu: "Undo check-in for Mon 3 Mar".
CHECKIN_UNDO_COMMANDS = TextContext("CHECKIN_UNDO_COMMANDS")


def day_text(day: date) -> str:
    """ "Mon 3 Mar" (no leading zero, on every platform)."""
    return f"{day:%a} {day.day} {day:%b}"


def medication_draft(record: MedicationRecord) -> MedicationDraft:
    return MedicationDraft(
        name=record.name,
        category=record.category,
        started_on=record.started_on,
        dose=record.dose,
        stopped_on=record.stopped_on,
        notes=record.notes,
    )


class SaveDayCommand(QUndoCommand):
    def __init__(
        self, diary: Diary, before: DailyFactors, after: DailyFactors, written: bool = False
    ) -> None:
        """`written`: `after` is already stored, so the push's first redo has nothing to do."""
        #: after "Undo"/"Redo"; {day} like "Mon 3 Mar"
        super().__init__(
            CHECKIN_UNDO_COMMANDS.tr("check-in for {day}").format(day=day_text(after.day))
        )
        self.diary = diary
        self.before = before
        self.after = after
        self._skip_redo = written

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self.diary.save_day(self.after)

    def undo(self) -> None:
        self.diary.save_day(self.before)


class AddMedicationCommand(QUndoCommand):
    def __init__(self, diary: Diary, draft: MedicationDraft) -> None:
        #: after "Undo"/"Redo"; {medicine} is its name
        super().__init__(
            CHECKIN_UNDO_COMMANDS.tr("add {medicine}").format(medicine=draft.name.strip())
        )
        self.diary = diary
        self.draft = draft
        self.medication_id: int | None = None

    def redo(self) -> None:
        if self.medication_id is None:
            self.medication_id = self.diary.add_medication(self.draft).id
        else:
            self.diary.restore_medication(self.medication_id)

    def undo(self) -> None:
        assert self.medication_id is not None
        self.diary.delete_medication(self.medication_id)


class EditMedicationCommand(QUndoCommand):
    def __init__(
        self, diary: Diary, before: MedicationRecord, after: MedicationDraft, text: str = ""
    ) -> None:
        #: after "Undo"/"Redo"; {medicine} is its name
        edit = CHECKIN_UNDO_COMMANDS.tr("edit {medicine}").format(medicine=before.name)
        super().__init__(text or edit)
        self.diary = diary
        self.medication_id = before.id
        self.before = medication_draft(before)
        self.after = after

    def redo(self) -> None:
        self.diary.update_medication(self.medication_id, self.after)

    def undo(self) -> None:
        self.diary.update_medication(self.medication_id, self.before)


class DeleteMedicationCommand(QUndoCommand):
    def __init__(self, diary: Diary, record: MedicationRecord) -> None:
        #: after "Undo"/"Redo"; {medicine} is its name
        super().__init__(CHECKIN_UNDO_COMMANDS.tr("delete {medicine}").format(medicine=record.name))
        self.diary = diary
        self.medication_id = record.id

    def redo(self) -> None:
        self.diary.delete_medication(self.medication_id)

    def undo(self) -> None:
        self.diary.restore_medication(self.medication_id)

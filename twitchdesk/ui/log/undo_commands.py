"""Undoable episode changes. Deletion is soft in storage, so undo restores the very same row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from twitchdesk.i18n import TextContext
from twitchdesk.storage.records import EpisodeDraft, EpisodeRecord

if TYPE_CHECKING:
    from twitchdesk.storage.repository import Diary

# The texts follow "Undo" / "Redo" in the Edit menu: "Undo log left calf".
LOG_UNDO_COMMANDS = TextContext("LOG_UNDO_COMMANDS")


class AddEpisodeCommand(QUndoCommand):
    def __init__(self, diary: Diary, draft: EpisodeDraft, description: str) -> None:
        #: after "Undo"/"Redo"; {what} is a body region in lower case ("left calf")
        super().__init__(LOG_UNDO_COMMANDS.tr("log {what}").format(what=description))
        self.diary = diary
        self.draft = draft
        self.episode_id: int | None = None
        self.record: EpisodeRecord | None = None  # as stored, for the panel to show at once

    def redo(self) -> None:
        if self.episode_id is None:
            self.record = self.diary.add_episode(self.draft)
            self.episode_id = self.record.id
        else:
            self.diary.restore_episode(self.episode_id)

    def undo(self) -> None:
        assert self.episode_id is not None
        self.diary.delete_episode(self.episode_id)


class EditEpisodeCommand(QUndoCommand):
    def __init__(
        self, diary: Diary, before: EpisodeRecord, after: EpisodeDraft, description: str
    ) -> None:
        #: after "Undo"/"Redo"; {what} is a body region in lower case ("left calf")
        super().__init__(LOG_UNDO_COMMANDS.tr("edit {what}").format(what=description))
        self.diary = diary
        self.episode_id = before.id
        self.before = before.draft()
        self.after = after

    def redo(self) -> None:
        self.diary.update_episode(self.episode_id, self.after)

    def undo(self) -> None:
        self.diary.update_episode(self.episode_id, self.before)


class DeleteEpisodesCommand(QUndoCommand):
    def __init__(self, diary: Diary, episode_ids: list[int], description: str) -> None:
        #: after "Undo"/"Redo"; {what} is a body region ("left calf") or a count ("3 episodes")
        super().__init__(LOG_UNDO_COMMANDS.tr("delete {what}").format(what=description))
        self.diary = diary
        self.episode_ids = episode_ids

    def redo(self) -> None:
        for episode_id in self.episode_ids:
            self.diary.delete_episode(episode_id)

    def undo(self) -> None:
        for episode_id in self.episode_ids:
            self.diary.restore_episode(episode_id)

"""The history table's model: one row per episode, newest first, with sortable raw values.

Display text is for people ("Tue 3 Mar 21:40", "Left calf"); SORT_ROLE carries the raw value so
that sorting by time or intensity is numeric, not alphabetical.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from twitchdesk.core.validation import format_duration
from twitchdesk.i18n import TextContext
from twitchdesk.storage import vocabulary
from twitchdesk.storage.records import EpisodeRecord

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

LOG_HISTORY_MODEL = TextContext("LOG_HISTORY_MODEL")
COLUMNS = (
    QT_TRANSLATE_NOOP("LOG_HISTORY_MODEL", "When"),
    QT_TRANSLATE_NOOP("LOG_HISTORY_MODEL", "Where"),
    QT_TRANSLATE_NOOP("LOG_HISTORY_MODEL", "Kind"),
    QT_TRANSLATE_NOOP("LOG_HISTORY_MODEL", "Intensity"),
    QT_TRANSLATE_NOOP("LOG_HISTORY_MODEL", "Duration"),
    QT_TRANSLATE_NOOP("LOG_HISTORY_MODEL", "Doing"),
    QT_TRANSLATE_NOOP("LOG_HISTORY_MODEL", "Also noticed"),
    QT_TRANSLATE_NOOP("LOG_HISTORY_MODEL", "Notes"),
)
Index = QModelIndex | QPersistentModelIndex


class EpisodeTableModel(QAbstractTableModel):
    def __init__(self, region_label: Callable[[str, str], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._region_label = region_label
        self._rows: list[EpisodeRecord] = []
        self._sort_column = 0
        self._sort_order = Qt.SortOrder.DescendingOrder

    def set_episodes(self, episodes: Sequence[EpisodeRecord]) -> None:
        self.beginResetModel()
        self._rows = list(episodes)
        # The diary lists newest first, which is the default order: sort only when it differs.
        if (self._sort_column, self._sort_order) != (0, Qt.SortOrder.DescendingOrder):
            self._sort_rows()
        self.endResetModel()

    def add_episode(self, episode: EpisodeRecord) -> None:
        """Insert one row where the current sort order puts it."""
        key = self._sort_key(episode, self._sort_column)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        row = 0
        for row, other in enumerate(self._rows):  # noqa: B007 (row is used after the loop)
            other_key = self._sort_key(other, self._sort_column)
            if (key >= other_key) if descending else (key <= other_key):
                break
        else:
            row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, episode)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python on the raw values: a proxy model would call data() per comparison."""
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        # Selections survive sorting: move each persistent index to its episode's new row.
        persistent = self.persistentIndexList()
        ids = [self._rows[index.row()].id for index in persistent]
        self._sort_rows()
        rows = {episode.id: row for row, episode in enumerate(self._rows)}
        moved = [
            self.index(rows[i], index.column()) for i, index in zip(ids, persistent, strict=True)
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        column = self._sort_column
        reverse = self._sort_order == Qt.SortOrder.DescendingOrder
        self._rows.sort(key=lambda episode: self._sort_key(episode, column), reverse=reverse)

    def episode_at(self, row: int) -> EpisodeRecord:
        return self._rows[row]

    def episodes(self) -> list[EpisodeRecord]:
        """Every listed episode, in the table's order (a copy)."""
        return list(self._rows)

    def row_of(self, episode_id: int) -> int:
        return next((i for i, e in enumerate(self._rows) if e.id == episode_id), -1)

    # -- QAbstractTableModel -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return LOG_HISTORY_MODEL.tr(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        episode = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(episode, column)
        if role == SORT_ROLE:
            return self._sort_key(episode, column)
        if role == ID_ROLE:
            return episode.id
        if role == Qt.ItemDataRole.ToolTipRole and column == 7 and episode.notes:
            return episode.notes
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, episode: EpisodeRecord, column: int) -> str:
        if column == 0:
            return episode.started_at.strftime("%a %d %b %Y  %H:%M")
        if column == 1:
            return self._region_label(episode.region_id, episode.side)
        if column == 2:
            return vocabulary.KINDS[episode.kind].split(" (")[0]
        if column == 3:
            return str(episode.intensity)
        if column == 4:
            return format_duration(episode.duration_s)
        if column == 5:
            return vocabulary.CONTEXTS.get(episode.context or "", "")
        if column == 6:
            return ", ".join(vocabulary.SYMPTOMS[s] for s in sorted(episode.symptoms))
        # One line in the table; the whole note is in the tooltip and the edit dialog.
        first_line = episode.notes.splitlines()[0] if episode.notes else ""
        return first_line if len(first_line) <= 80 else first_line[:79] + "…"

    def _sort_key(self, episode: EpisodeRecord, column: int) -> Any:
        if column == 0:
            return episode.started_at.timestamp()
        if column == 3:
            return episode.intensity
        if column == 4:
            return -1 if episode.duration_s is None else episode.duration_s
        return self._display(episode, column).lower()

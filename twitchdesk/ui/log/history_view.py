"""The history under the body map: filter by period and region, sort, edit, delete.

The period chosen here also drives the body map's heat colouring, so "what the map shows" and
"what the table lists" are always the same episodes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.i18n import TextContext
from twitchdesk.storage.records import EpisodeRecord
from twitchdesk.ui.log.history_model import ID_ROLE, EpisodeTableModel

if TYPE_CHECKING:
    from collections.abc import Callable

    from twitchdesk.storage.repository import Diary

LOG_HISTORY_VIEW = TextContext("LOG_HISTORY_VIEW")
# The English names are the combo's data; the text shown is their translation.
PERIODS = {
    QT_TRANSLATE_NOOP("LOG_HISTORY_VIEW", "Last 7 days"): 7,
    QT_TRANSLATE_NOOP("LOG_HISTORY_VIEW", "Last 30 days"): 30,
    QT_TRANSLATE_NOOP("LOG_HISTORY_VIEW", "Last 90 days"): 90,
    QT_TRANSLATE_NOOP("LOG_HISTORY_VIEW", "Last year"): 365,
    QT_TRANSLATE_NOOP("LOG_HISTORY_VIEW", "All time"): None,
}
DEFAULT_PERIOD = "Last 90 days"


class HistoryView(QWidget):
    edit_requested = Signal(int)  # episode id
    delete_requested = Signal(list)  # episode ids
    listing_changed = Signal()  # other episodes are listed now (`episodes()`, for the heat map)

    def __init__(self, region_label: Callable[[str, str], str], parent: QWidget | None = None):
        super().__init__(parent)
        self._region_label = region_label
        self.diary: Diary | None = None
        self._regions: set[str] | None = None
        self.model = EpisodeTableModel(region_label, self)

        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(LOG_HISTORY_VIEW.tr("History period"))
        for name in PERIODS:
            self.period_combo.addItem(LOG_HISTORY_VIEW.tr(name), name)
        self.period_combo.setCurrentIndex(self.period_combo.findData(DEFAULT_PERIOD))
        self.region_combo = QComboBox()
        self.region_combo.setAccessibleName(LOG_HISTORY_VIEW.tr("History region filter"))
        self.region_combo.addItem(LOG_HISTORY_VIEW.tr("All regions"), None)
        self.count_label = QLabel()
        self.edit_button = QPushButton(LOG_HISTORY_VIEW.tr("&Edit…"))
        self.edit_button.setAccessibleName(LOG_HISTORY_VIEW.tr("Edit the selected episode"))
        self.delete_button = QPushButton(LOG_HISTORY_VIEW.tr("Delete"))
        self.delete_button.setAccessibleName(LOG_HISTORY_VIEW.tr("Delete the selected episodes"))
        self.delete_button.setToolTip(
            LOG_HISTORY_VIEW.tr("Delete the selected episodes (Delete key); undo brings them back")
        )

        self.table = QTableView()
        self.table.setAccessibleName(LOG_HISTORY_VIEW.tr("Episode history"))
        self.table.setModel(self.model)  # the model sorts itself (see EpisodeTableModel.sort)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        # Compact rows: a diary is read as a list, not a spreadsheet of big cells.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((170, 170, 90, 70, 80, 120, 190)):
            self.table.setColumnWidth(column, width)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(f"<b>{LOG_HISTORY_VIEW.tr('History')}</b>"))
        bar.addWidget(self.period_combo)
        bar.addWidget(self.region_combo)
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)

        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self._delete_selected)
        self.period_combo.currentIndexChanged.connect(self.reload)
        self.region_combo.currentIndexChanged.connect(self.reload)
        self.edit_button.clicked.connect(self._edit_selected)
        self.delete_button.clicked.connect(self._delete_selected)
        self.table.doubleClicked.connect(self._edit_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_diary(self, diary: Diary) -> None:
        self.diary = diary
        self._regions = None
        self.reload()

    def period_start(self) -> datetime | None:
        days = PERIODS[self.period_combo.currentData()]
        if days is None:
            return None
        today = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        return today - timedelta(days=days - 1)

    def reload(self) -> None:
        if self.diary is None:
            return
        selected = self.selected_ids()
        region = self.region_combo.currentData()
        episodes = self.diary.episodes(since=self.period_start(), region_id=region)
        self.model.set_episodes(episodes)
        self._refresh_regions(episodes)
        self.count_label.setText(LOG_HISTORY_VIEW.tr("%n episode(s)", None, len(episodes)))
        self._reselect(selected)
        self._update_buttons()
        self.listing_changed.emit()

    def add_episode(self, episode: EpisodeRecord) -> None:
        """Show one newly logged episode without re-reading the period (if the filters match)."""
        start = self.period_start()
        region = self.region_combo.currentData()
        if (start is not None and episode.started_at < start) or (
            region is not None and episode.region_id != region
        ):
            return
        self.model.add_episode(episode)
        self._refresh_regions([episode])
        count = self.model.rowCount()
        self.count_label.setText(LOG_HISTORY_VIEW.tr("%n episode(s)", None, count))
        self._update_buttons()
        self.listing_changed.emit()

    def _refresh_regions(self, listed: list[EpisodeRecord]) -> None:
        """Offer only regions that have episodes (in any period), keeping the current choice.

        The whole diary is asked once; after that, regions of newly listed episodes are added.
        (Asking on every change scanned a ten-year diary for each logged episode; a region
        whose episodes were all deleted stays offered until the next start, harmlessly.)
        """
        assert self.diary is not None
        current = self.region_combo.currentData()
        if self._regions is None:
            self._regions = set(self.diary.regions_in_use())
        self._regions.update(episode.region_id for episode in listed)
        present = sorted(self._regions)
        wanted = [None, *present]
        existing = [self.region_combo.itemData(i) for i in range(self.region_combo.count())]
        if wanted == existing:
            return
        self.region_combo.blockSignals(True)
        self.region_combo.clear()
        self.region_combo.addItem(LOG_HISTORY_VIEW.tr("All regions"), None)
        for region_id in present:
            label = self._region_label(region_id, "midline")
            self.region_combo.addItem(label, region_id)
        index = self.region_combo.findData(current)
        self.region_combo.setCurrentIndex(max(index, 0))
        self.region_combo.blockSignals(False)

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [int(self.model.data(index, ID_ROLE)) for index in rows]

    def select_episode(self, episode_id: int) -> None:
        self._reselect([episode_id])

    def _reselect(self, episode_ids: list[int]) -> None:
        self.table.clearSelection()
        for episode_id in episode_ids:
            row = self.model.row_of(episode_id)
            if row >= 0:
                self.table.selectRow(row)

    def episodes(self) -> list[EpisodeRecord]:
        return self.model.episodes()

    def _update_buttons(self) -> None:
        count = len(self.selected_ids())
        self.edit_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count > 0)

    def _edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.edit_requested.emit(ids[0])

    def _delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.delete_requested.emit(ids)

"""A searchable list of every region and side: the body map's keyboard and screen-reader twin.

Type words ("left calf", "eyelid", "bicep"), move with Down/Up, choose with Enter or a click.
Filtering uses the atlas's own search, so the list and any other search agree.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QVBoxLayout, QWidget

from twitchdesk.core.regions import GROUP_LABELS, RegionAtlas, RegionChoice
from twitchdesk.i18n import TextContext

BODYMAP_REGION_PICKER = TextContext("BODYMAP_REGION_PICKER")

ChoiceRole = Qt.ItemDataRole.UserRole + 1  # (region id, side)

AnyIndex = QModelIndex | QPersistentModelIndex


class RegionListModel(QAbstractListModel):
    """Every region x side of an atlas, optionally narrowed by search words."""

    def __init__(self, atlas: RegionAtlas, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas
        self._filter = ""
        self._choices: list[RegionChoice] = atlas.choices()

    def filterText(self) -> str:
        return self._filter

    def setFilterText(self, text: str) -> None:
        if text == self._filter:
            return
        self.beginResetModel()
        self._filter = text
        self._choices = self.atlas.search(text)
        self.endResetModel()

    def choice(self, row: int) -> RegionChoice:
        return self._choices[row]

    def rowOf(self, region_id: str, side: str) -> int:
        for row, choice in enumerate(self._choices):
            if choice.region_id == region_id and choice.side == side:
                return row
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._choices)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._choices):
            return None
        choice = self._choices[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return choice.label
        if role == Qt.ItemDataRole.ToolTipRole:
            group = GROUP_LABELS[self.atlas.region(choice.region_id).group]
            return f"{choice.label} ({group.lower()})"
        if role == ChoiceRole:
            return (choice.region_id, choice.side)
        return None


class _SearchEdit(QLineEdit):
    """Down/Up from the search field step through the list without leaving the field."""

    stepped = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.stepped.emit(1 if event.key() == Qt.Key.Key_Down else -1)
            event.accept()
            return
        super().keyPressEvent(event)


class _RegionList(QListView):
    """Enter chooses the current entry and is then passed on, like the map (click, Enter)."""

    enterPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enterPressed.emit()
            event.ignore()
            return
        super().keyPressEvent(event)


class RegionPicker(QWidget):
    regionChosen = Signal(str, str)  # region id, person's side

    def __init__(self, atlas: RegionAtlas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RegionListModel(atlas, self)
        self.search = _SearchEdit()
        self.search.setPlaceholderText(
            BODYMAP_REGION_PICKER.tr("Find a body part: calf, left eyelid…")
        )
        self.search.setAccessibleName(BODYMAP_REGION_PICKER.tr("Search body regions"))
        self.search.setAccessibleDescription(
            BODYMAP_REGION_PICKER.tr(
                "Type part of a name, then Down and Enter to choose from the list below."
            )
        )
        self.search.setClearButtonEnabled(True)
        self.list = _RegionList()
        self.list.setModel(self.model)
        self.list.setAccessibleName(BODYMAP_REGION_PICKER.tr("Body regions"))
        self.list.setAccessibleDescription(
            BODYMAP_REGION_PICKER.tr("Every body region with its side. Enter chooses.")
        )
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.setFocusProxy(self.search)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self._filter)
        self.search.stepped.connect(self._step)
        self.search.returnPressed.connect(self.chooseCurrent)
        # clicked, not activated: some styles activate on a single click too (double emit).
        self.list.clicked.connect(self._choose_index)
        self.list.enterPressed.connect(self.chooseCurrent)

    def setFilterText(self, text: str) -> None:
        self.search.setText(text)

    def visibleChoices(self) -> list[tuple[str, str]]:
        return [
            (self.model.choice(r).region_id, self.model.choice(r).side)
            for r in range(self.model.rowCount())
        ]

    def currentChoice(self) -> tuple[str, str] | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        choice = self.model.choice(index.row())
        return choice.region_id, choice.side

    def setCurrentChoice(self, region_id: str, side: str) -> None:
        """Follow a choice made elsewhere (the map) without emitting."""
        row = self.model.rowOf(region_id, side)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))

    def chooseCurrent(self) -> bool:
        """Choose the current entry (or the only/first match after typing); False if empty."""
        index = self.list.currentIndex()
        if not index.isValid() and self.model.rowCount() > 0 and self.search.text().strip():
            index = self.model.index(0, 0)
        if not index.isValid():
            return False
        self._choose_index(index)
        return True

    def _filter(self, text: str) -> None:
        current = self.currentChoice()
        self.model.setFilterText(text)
        if current is not None and self.model.rowOf(*current) >= 0:
            self.setCurrentChoice(*current)
        elif self.model.rowCount() > 0 and text.strip():
            self.list.setCurrentIndex(self.model.index(0, 0))

    def _step(self, step: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        row = self.list.currentIndex().row()
        row = 0 if row < 0 else max(0, min(count - 1, row + step))
        self.list.setCurrentIndex(self.model.index(row, 0))

    def _choose_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.list.setCurrentIndex(index)
            choice = self.model.choice(index.row())
            self.regionChosen.emit(choice.region_id, choice.side)

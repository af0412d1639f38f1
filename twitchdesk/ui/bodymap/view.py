"""The body map as the Log panel uses it: view switcher, map, and the searchable region list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from twitchdesk.core.regions import RegionAtlas, load_atlas
from twitchdesk.i18n import TextContext
from twitchdesk.ui.bodymap.region_picker import RegionPicker
from twitchdesk.ui.bodymap.widget import BodyMapWidget

BODYMAP_VIEW = TextContext("BODYMAP_VIEW")


class BodyMapView(QWidget):
    regionSelected = Signal(str, str)  # region id, person's side; from the map or the list

    def __init__(self, atlas: RegionAtlas | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas if atlas is not None else load_atlas()
        self.map = BodyMapWidget(self.atlas)
        self.picker = RegionPicker(self.atlas)
        self.picker.setMaximumHeight(150)  # the map is the main way in; the list is the backup
        self.view_buttons = QButtonGroup(self)
        self.view_buttons.setExclusive(True)
        switcher = QHBoxLayout()
        switcher.setSpacing(4)
        for number, name in enumerate(self.map.views(), start=1):
            label = self.atlas.views[name].label
            button = QPushButton(label)
            button.setCheckable(True)
            #: {view} is the name of a body-map view: "Front", "Back" or "Face"
            button.setAccessibleName(BODYMAP_VIEW.tr("{view} view").format(view=label))
            #: {view} is "front", "back" or "face"; {key} is the number key that shows it
            tooltip = BODYMAP_VIEW.tr("Show the {view} view ({key} or Page Up/Down on the map)")
            button.setToolTip(tooltip.format(view=label.lower(), key=number))
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setProperty("view_name", name)
            self.view_buttons.addButton(button)
            switcher.addWidget(button)
        switcher.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(switcher)
        layout.addWidget(self.map, 1)
        layout.addWidget(self.picker)
        self.setFocusProxy(self.map)
        self._sync_buttons(self.map.view())
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.view_buttons.buttonClicked.connect(
            lambda button: self.map.setView(str(button.property("view_name")))
        )
        self.map.viewChanged.connect(self._sync_buttons)
        self.map.regionSelected.connect(self._from_map)
        self.picker.regionChosen.connect(self._from_picker)

    # -- the map's API, so callers need not reach inside --------------------------------------
    def view(self) -> str:
        return self.map.view()

    def setView(self, name: str) -> None:
        self.map.setView(name)

    def selection(self) -> tuple[str, str] | None:
        return self.map.selection()

    def setSelection(self, region_id: str, side: str) -> None:
        self.map.setSelection(region_id, side)
        chosen = self.map.selection()
        if chosen is not None:
            self.picker.setCurrentChoice(*chosen)

    def clearSelection(self) -> None:
        self.map.clearSelection()

    def setHeat(self, counts: dict[tuple[str, str], int] | None) -> None:
        self.map.setHeat(counts)

    def select_focused(self) -> bool:
        """Enter anywhere in here: choose what the keyboard is on (list entry or map region)."""
        if self.picker.isAncestorOf(self.focusWidget()) or self.picker.hasFocus():
            current = self.picker.currentChoice()
            if current is not None and current == self.map.selection():
                return True  # already chosen by the list's own Enter handling
            return self.picker.chooseCurrent()
        focused = self.map.focusedRegion()
        if focused is not None and focused == self.map.selection():
            return True  # the map's own Enter handling chose it on the way up
        return self.map.select_focused()

    def setPickerVisible(self, visible: bool) -> None:
        self.picker.setVisible(visible)

    # -- wiring ----------------------------------------------------------------------------
    def _sync_buttons(self, name: str) -> None:
        for button in self.view_buttons.buttons():
            button.setChecked(button.property("view_name") == name)

    def _from_map(self, region_id: str, side: str) -> None:
        self.picker.setCurrentChoice(region_id, side)
        self.regionSelected.emit(region_id, side)

    def _from_picker(self, region_id: str, side: str) -> None:
        self.map.setSelection(region_id, side)
        self.regionSelected.emit(region_id, side)

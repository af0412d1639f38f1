"""The main window's tabs, each panel built the first time it is needed.

Building every panel before the first paint cost about as much as Qt itself (the Reader parses
every article, Advice loads the rules engine, Trends its controls). Each tab holds an empty
page until the user opens it, or code asks for the panel; then the factory runs once and
`panel_built` lets the window wire it up.

Even the panel on show is held back until the window has painted once (`hold_builds` /
`release_builds`): the window's frame, menus and tabs reach the screen first, and the panel
fills its page a moment later, instead of the user looking at nothing while Python imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class PanelTabs(QTabWidget):
    panel_built = Signal(str, QWidget)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: dict[str, QWidget] = {}
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._panels: dict[str, QWidget] = {}
        self._held = False
        self.currentChanged.connect(self._build_current)

    def hold_builds(self) -> None:
        """Do not build the panel on show until `release_builds` (asking for one still does)."""
        self._held = True

    def release_builds(self) -> None:
        self._held = False
        self._build_current()

    def add_panel(self, name: str, title: str, factory: Callable[[], QWidget]) -> None:
        page = QWidget()
        page.setObjectName(f"{name}_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self._pages[name] = page
        self._factories[name] = factory
        self.addTab(page, title)

    def names(self) -> list[str]:
        return list(self._pages)

    def is_built(self, name: str) -> bool:
        return name in self._panels

    def built(self) -> dict[str, QWidget]:
        return dict(self._panels)

    def panel(self, name: str) -> QWidget:
        if name not in self._panels:
            panel = self._factories[name]()
            panel.setObjectName(f"{name}_panel")
            self._pages[name].layout().addWidget(panel)
            panel.show()  # at once, not on the next event-loop turn as layouts otherwise do
            self._panels[name] = panel
            self.panel_built.emit(name, panel)
        return self._panels[name]

    def page(self, name: str) -> QWidget:
        return self._pages[name]

    def show_panel(self, name: str) -> None:
        self.setCurrentWidget(self._pages[name])

    def current_name(self) -> str:
        current = self.currentWidget()
        return next(name for name, page in self._pages.items() if page is current)

    def _build_current(self) -> None:
        if not self._held and self.count() == len(self._pages):  # not while tabs are being added
            self.panel(self.current_name())

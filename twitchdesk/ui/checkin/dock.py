"""The check-in as one piece for the main window: the day form above, the medicines below.

The medicine list follows the form's day, so "what did I take that day" sits under the day's
other factors. `CheckInDock` wraps the panel in a scrollable dock ("Daily check-in"); the main
window adds it and puts `toggleViewAction()` in the View menu.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from twitchdesk.i18n import TextContext
from twitchdesk.ui.checkin.day_form import DailyCheckInWidget
from twitchdesk.ui.checkin.medicines import MedicinesWidget

if TYPE_CHECKING:
    from twitchdesk.ui.panel_context import PanelContext

CHECKIN_DOCK = TextContext("CHECKIN_DOCK")


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


class CheckInPanel(QWidget):
    def __init__(self, parent: QWidget | None = None, title: bool = True) -> None:
        """`title`: show a "Daily check-in" heading (a dock's title bar already says it)."""
        super().__init__(parent)
        self.day_form = DailyCheckInWidget()
        self.medicines = MedicinesWidget()
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(8)
        if title:
            layout.addWidget(_heading(CHECKIN_DOCK.tr("Daily check-in")))
        layout.addWidget(self.day_form)
        layout.addSpacing(4)
        layout.addWidget(line)
        layout.addWidget(_heading(CHECKIN_DOCK.tr("Medicines and supplements")))
        layout.addWidget(self.medicines, 1)
        QWidget.setTabOrder(self.day_form.presets.edit_button, self.medicines.filter_check)
        self.day_form.day_changed.connect(self.medicines.set_day)

    def attach(self, context: PanelContext) -> None:
        self.day_form.attach(context)
        self.medicines.attach(context)
        self.medicines.set_day(self.day_form.day())


class CheckInDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(CHECKIN_DOCK.tr("Daily check-in"), parent)
        self.setObjectName("checkin_dock")  # saveState()/restoreState() key
        self.setAccessibleName(CHECKIN_DOCK.tr("Daily check-in"))
        self.panel = CheckInPanel(title=False)
        scroll = QScrollArea()
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(scroll)
        self.setMinimumWidth(self.panel.minimumSizeHint().width() + 24)
        self.toggleViewAction().setText(CHECKIN_DOCK.tr("Daily &check-in"))
        self.toggleViewAction().setToolTip(CHECKIN_DOCK.tr("Show or hide the daily check-in"))

    def attach(self, context: PanelContext) -> None:
        self.panel.attach(context)

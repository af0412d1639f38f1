"""Every control a user can operate has a name a screen reader can speak, in every panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from twitchdesk.core.demo import write_demo
from twitchdesk.storage.database import open_diary
from twitchdesk.ui.main_window import MainWindow
from twitchdesk.ui.settings import AppSettings

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)


def spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface else ""


def unnamed_controls(root: QWidget, checked: list[QWidget] | None = None) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        # Parts Qt builds inside a composite control (a combo's popup list, a spin box's line
        # edit, a scroll bar) are named through their owner.
        owner = widget.parentWidget()
        if isinstance(owner, QAbstractSpinBox | QComboBox | QLineEdit):
            continue  # e.g. a line edit's clear button, spoken as part of the field
        if widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget, QScrollBar | QHeaderView):
            continue  # scroll bars and table headers are spoken as part of their view
        if checked is not None:
            checked.append(widget)
        if not spoken_name(widget):
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            where = f"{type(owner).__name__} {owner.objectName()!r}" if owner else "-"
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} {text!r} in {where}")
    return missing


@pytest.fixture
def window(qtbot, isolated_data_dir: Path):
    main = MainWindow(AppSettings(isolated_data_dir / "settings.ini"), isolated_data_dir)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    diary = open_diary(isolated_data_dir)
    write_demo(diary)
    main.attach_diary(diary)
    yield main
    diary.close()


def test_the_walk_finds_an_unnamed_control(qtbot) -> None:
    from PySide6.QtWidgets import QSpinBox, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    QVBoxLayout(root).addWidget(QSpinBox())
    root.show()
    assert len(unnamed_controls(root)) == 1


@pytest.mark.parametrize("panel", ["log", "trends", "advice", "reader"])
def test_no_interactive_control_without_an_accessible_name(window, qtbot, panel: str) -> None:
    window.show_panel(panel)
    qtbot.wait(50)  # let panels that build on first show (Trends) finish
    if panel == "trends":
        qtbot.waitUntil(lambda: window.trends_panel.charts_ready, timeout=15000)
    checked: list[QWidget] = []
    missing = unnamed_controls(window.panel(panel), checked)
    missing += unnamed_controls(window.checkin_dock, checked)
    assert missing == []
    assert len(checked) > 20  # the walk really reached the panel's controls

"""Guard against the PySide6 6.12.0 / Python 3.11 bug that drops references to None.

With that build every binding call returning None lost one reference; after a minute of hovering
and repainting the interpreter aborted (`none_dealloc`). requirements/lock.txt pins 6.11.3.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_qt_calls_returning_none_keep_none_alive(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    before = sys.getrefcount(None)
    for index in range(300):
        widget.setObjectName(f"w{index % 3}")
        widget.resize(100 + index % 5, 100)
        widget.update()
        painter = QPainter(image)
        painter.save()
        painter.setBrush(QColor("red"))
        painter.restore()
        painter.end()
    after = sys.getrefcount(None)
    # A few references may come and go with the interpreter's own work; 300 lost would be the bug.
    assert after >= before - 20, f"None lost {before - after} references over 300 Qt calls"

"""core/ and storage/ must work without Qt: they are imported here with PySide6 blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "twitchdesk"

BLOCK_QT_AND_IMPORT = """
import importlib, pkgutil, sys

class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6.") or name.startswith("shiboken6"):
            raise ImportError(f"Qt imported from a Qt-free layer: {name}")
        return None

sys.meta_path.insert(0, BlockQt())
import twitchdesk.core, twitchdesk.storage
imported = []
for package in (twitchdesk.core, twitchdesk.storage):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if ".migrations" in module.name:
            continue
        importlib.import_module(module.name)
        imported.append(module.name)
print("\\n".join(imported))
"""


def test_core_and_storage_import_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT_AND_IMPORT], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    # Sanity: the walk really reached the modules (an empty walk would pass vacuously).
    assert {"twitchdesk.storage.repository", "twitchdesk.core.demo"} <= imported


def test_the_startup_path_imports_only_what_the_first_paint_needs() -> None:
    """Before the window's first paint: no charts, no database layer, and not even the Log
    panel (it is built just after the paint; see ui/panel_tabs.py)."""
    late = ["matplotlib", "sqlalchemy", "twitchdesk.ui.log_panel", "twitchdesk.core.regions"]
    code = (
        "import sys, twitchdesk.app, twitchdesk.ui.main_window, twitchdesk.ui.launcher;"
        f"print(*[name in sys.modules for name in {late!r}])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"] * len(late)


def test_report_and_drawing_never_import_the_widget_layer() -> None:
    """The report is built headless: it and the drawing it shares with the window use QtGui,
    never QtWidgets or anything under twitchdesk.ui (imports point down only)."""
    code = """
import importlib, pkgutil, sys
import twitchdesk.drawing, twitchdesk.report
names = []
for package in (twitchdesk.drawing, twitchdesk.report):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
        names.append(module.name)
from twitchdesk.report.document import write_report_pdf  # noqa: F401 (pulls in the drawing)
import twitchdesk.report.bodymap_figure, twitchdesk.report.chart
print(len(names), "PySide6.QtWidgets" in sys.modules,
      any(name.startswith("twitchdesk.ui") for name in sys.modules))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    count, widgets, ui = result.stdout.split()
    assert int(count) >= 8
    assert (widgets, ui) == ("False", "False")

"""core/ and storage/ must work without Qt: they are imported here with PySide6 blocked."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
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


def run_on_a_diary(
    code: str, data_dir: Path, apart: timedelta, count: int
) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh offscreen Python on a diary in `data_dir` holding `count` calf
    episodes, `apart` from each other and ending `apart` ago (argv[1] is the folder)."""
    from datetime import datetime

    from twitchdesk.storage.database import open_diary
    from twitchdesk.storage.records import EpisodeDraft

    diary = open_diary(data_dir)
    start = datetime.now().astimezone() - apart * count
    for number in range(count):
        diary.add_episode(EpisodeDraft(start + apart * number, "calf", "left"))
    diary.close()
    return subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


OPEN_AND_LOG_THROUGH_THE_WINDOW = """
import sys, time
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from twitchdesk.ui.launcher import configure_application, start_window

app = QApplication([sys.argv[0]])
configure_application(app)
window, lock = start_window(app, sys.argv[1])
deadline = time.monotonic() + 60
while window.diary is None and time.monotonic() < deadline:
    app.processEvents()
QTest.qWait(2500)  # the Advice panel is built and evaluates 1.5 s after the diary opens
panel = window.log_panel
listed = panel.history.model.rowCount()
panel.body_map.setView("face")
body_map = panel.body_map.map
QTest.mouseClick(body_map, Qt.MouseButton.LeftButton, pos=body_map.centerOf("cheek", "right"))
QTest.mouseClick(panel.log_button, Qt.MouseButton.LeftButton)
print(listed, panel.history.model.rowCount(), window.diary.episode_count(),
      window.diary.episodes(limit=1)[0].region_id, "sqlalchemy" in sys.modules)
# Then, while the user reads, what edits and charts need loads on a thread (4 s after opening).
deadline = time.monotonic() + 60
def loaded():  # a module's last function exists once all of it has run
    return hasattr(sys.modules.get("twitchdesk.storage.orm_changes"), "set_meta") and hasattr(
        sys.modules.get("matplotlib.figure"), "figaspect")
while not loaded() and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.05)  # QTest.qWait would keep Python's lock from the loading thread
print(loaded())
lock.release()
"""


def test_opening_a_diary_and_logging_never_wait_for_sqlalchemy(tmp_path: Path) -> None:
    """The history shows, the advice counts its warnings and a click logs an episode without
    importing SQLAlchemy (~0.3–0.5 s): those go through storage/plain_sql.py. It loads a few
    seconds later, with most of matplotlib, before the user edits anything or opens Trends."""
    result = run_on_a_diary(OPEN_AND_LOG_THROUGH_THE_WINDOW, tmp_path, timedelta(hours=3), 2)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "3", "3", "cheek", "False", "True"]


TRENDS_AND_REPORT = """
import sys
from datetime import date
from pathlib import Path
from PySide6.QtGui import QGuiApplication
from twitchdesk.report.document import write_report_pdf
from twitchdesk.storage.aggregate_cache import AggregateCache
from twitchdesk.storage.aggregates import Scope, load_aggregates
from twitchdesk.storage.database import open_diary

app = QGuiApplication([sys.argv[0]])
diary = open_diary(Path(sys.argv[1]))
scope = Scope(date(2000, 1, 1), date(2100, 1, 1))
totals = [load_aggregates(diary, scope).total_episodes]
totals.append(sum(row.episodes for row in AggregateCache(diary).per_day(scope)))
info = write_report_pdf(diary, Path(sys.argv[1]) / "report.pdf")
print(*totals, info.pages > 0, "sqlalchemy" in sys.modules)
"""


def test_trends_numbers_and_the_report_never_wait_for_sqlalchemy(tmp_path: Path) -> None:
    """The charts' numbers (SQL and in memory) and the printed report read in plain SQL."""
    result = run_on_a_diary(TRENDS_AND_REPORT, tmp_path, timedelta(days=1), 3)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "3", "True", "False"]


def test_background_imports_run_on_a_thread_of_their_own(tmp_path: Path, monkeypatch) -> None:
    import threading

    from twitchdesk.ui.background_imports import THREAD_NAME, import_in_background

    module = "twitchdesk_background_import_probe"
    (tmp_path / f"{module}.py").write_text(
        "import threading\nIMPORTED_BY = threading.current_thread().name\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, module, raising=False)
    thread = import_in_background([module])
    thread.join(60)
    assert not thread.is_alive() and not thread.daemon
    assert sys.modules[module].IMPORTED_BY == THREAD_NAME != threading.main_thread().name

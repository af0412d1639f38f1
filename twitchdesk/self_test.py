"""`twitchdesk --self-test`: a headless check that an installation (source or frozen) works.

It creates a diary in a temporary folder, runs the migrations, writes and reads the demo data,
builds the main window offscreen with every panel, and exits 0; on any failure it says what failed
and exits 1. Used after packaging, where a missing data file or Qt plugin would otherwise only
show up on a user's machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    steps: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="twitchdesk-self-test-") as folder:
            _check(Path(folder) / "data", steps)
    except Exception as error:  # report every kind of failure plainly: that is the point
        traceback.print_exc()
        print(f"self-test FAILED after: {', '.join(steps) or 'nothing'}: {error}", file=sys.stderr)
        return 1
    print("self-test passed: " + ", ".join(steps))
    return 0


def _check(data_dir: Path, steps: list[str]) -> None:
    from twitchdesk.core.demo import write_demo
    from twitchdesk.storage.database import database_path, open_diary
    from twitchdesk.storage.schema import HEAD_REVISION, current_revision

    diary = open_diary(data_dir)
    db_path = database_path(data_dir)
    if current_revision(db_path) != HEAD_REVISION:
        raise RuntimeError("the database is not at the newest schema after migrating")
    steps.append(f"database at schema {HEAD_REVISION}")
    with diary.engine.connect() as connection:
        journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    if journal != "wal":
        raise RuntimeError(f"the database journal mode is {journal}, not WAL")
    steps.append("WAL journal")
    if os.name == "posix":
        mode = db_path.stat().st_mode & 0o777
        if mode != 0o600:
            raise RuntimeError(f"the database file is readable by others (mode {mode:o})")
        steps.append("private file permissions (0600)")
    demo = write_demo(diary)
    if diary.episode_count() != len(demo.episodes):
        raise RuntimeError("the demo episodes did not read back")
    steps.append(f"{len(demo.episodes)} demo episodes stored and read back")

    from PySide6.QtWidgets import QApplication

    from twitchdesk.ui.launcher import configure_application
    from twitchdesk.ui.main_window import MainWindow
    from twitchdesk.ui.settings import AppSettings

    app = QApplication.instance() or QApplication([sys.argv[0]])
    configure_application(app)  # type: ignore[arg-type]
    window = MainWindow(AppSettings(data_dir / "settings.ini"), data_dir)
    window.show()
    window.attach_diary(diary)
    app.processEvents()
    names = window.panel_names()
    steps.append("main window with panels " + ", ".join(names))
    window.close()
    window.detach_diary()  # its pending work (the Advice panel's first evaluation) stops here

    # The report draws the trend chart with matplotlib (SVG) into a PDF with the shipped fonts:
    # in a frozen bundle this is what a missing backend, Qt plugin or font would break.
    from twitchdesk.report.document import write_report_pdf

    info = write_report_pdf(diary, data_dir / "self-test-report.pdf")
    if info.pages < 1 or not (data_dir / "self-test-report.pdf").stat().st_size:
        raise RuntimeError("the report PDF came out empty")
    steps.append(f"report PDF with chart ({info.pages} pages)")
    diary.close()

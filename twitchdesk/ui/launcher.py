"""Starting the windowed app: one instance per data folder, paint first, then load the diary."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from twitchdesk import APP_NAME, __version__
from twitchdesk.data_folder import DataFolderInUse, DataFolderLock, resolve_data_dir
from twitchdesk.resources import resource_path
from twitchdesk.ui.main_window import MainWindow
from twitchdesk.ui.settings import AppSettings


def configure_application(app: QGuiApplication) -> None:
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("twitchdesk")
    icon = resource_path("icons", "twitchdesk.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    load_bundled_fonts()


def load_bundled_fonts() -> None:
    """Shipped fonts, so printed and PDF text never turns into boxes on a bare system."""
    fonts = resource_path("fonts")
    if fonts.is_dir():
        for font in sorted(fonts.glob("*.ttf")):
            QFontDatabase.addApplicationFont(str(font))


def run_gui(data_dir_arg: str | None, demo: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    configure_application(app)  # type: ignore[arg-type]
    data_dir = resolve_data_dir(data_dir_arg, demo=demo)
    lock = DataFolderLock(data_dir)
    try:
        lock.acquire()
    except DataFolderInUse as error:
        QMessageBox.warning(None, f"{APP_NAME} is already open", str(error))
        return 1
    try:
        window = MainWindow(AppSettings(data_dir / "settings.ini"), data_dir)
        window.first_painted.connect(lambda: load_diary(window, data_dir, demo))
        window.show()
        return app.exec()
    finally:
        lock.release()


def load_diary(window: MainWindow, data_dir: Path, demo: bool) -> bool:
    """Open the diary for `window`; on a problem, explain it and close without changing data."""
    from twitchdesk.storage.database import open_diary
    from twitchdesk.storage.schema import DatabaseProblem

    try:
        diary = open_diary(data_dir)
        if demo and diary.is_empty():
            from twitchdesk.core.demo import write_demo

            write_demo(diary)
    except (DatabaseProblem, OSError) as error:
        QMessageBox.critical(
            window,
            "Your diary could not be opened",
            f"{error}\n\nNothing in the data folder has been changed.",
        )
        window.close()
        return False
    window.attach_diary(diary)
    return True

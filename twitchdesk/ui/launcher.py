"""Starting the windowed app: one instance per data folder, paint first, then load the diary."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from twitchdesk import APP_NAME, __version__
from twitchdesk.data_folder import DataFolderInUse, DataFolderLock, resolve_data_dir
from twitchdesk.resources import resource_path
from twitchdesk.storage.layout import database_path
from twitchdesk.ui.appearance import Appearance
from twitchdesk.ui.main_window import MainWindow
from twitchdesk.ui.settings import AppSettings
from twitchdesk.ui.welcome_dialog import WelcomeDialog


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
    started = start_window(app, data_dir_arg, demo)  # type: ignore[arg-type]
    if started is None:
        return 1
    _window, lock = started  # keep the window referenced while the app runs
    try:
        return app.exec()
    finally:
        lock.release()


def start_window(
    app: QApplication, data_dir_arg: str | None, demo: bool = False
) -> tuple[MainWindow, DataFolderLock] | None:
    """Choose the data folder (welcoming a new user), lock it, and show the main window.

    The diary itself loads after the first paint (see `load_diary`). None means "do not start":
    the user closed the welcome, or the folder is in use (they have been told).
    """
    appearance = Appearance(app)
    data_dir = resolve_data_dir(data_dir_arg, demo=demo)
    if not demo and is_first_run(data_dir):
        choice = WelcomeDialog().exec()
        if choice == WelcomeDialog.DEMO:
            demo = True
            data_dir = resolve_data_dir(data_dir_arg, demo=True)
        elif choice != WelcomeDialog.START:
            return None
    lock = DataFolderLock(data_dir)
    try:
        lock.acquire()
    except DataFolderInUse as error:
        QMessageBox.warning(None, f"{APP_NAME} is already open", str(error))
        return None
    settings = AppSettings(data_dir / "settings.ini")
    appearance.apply(settings.theme)
    window = MainWindow(settings, data_dir, appearance=appearance)
    window.first_painted.connect(lambda: load_diary(window, data_dir, demo))
    window.show()
    return window, lock


def is_first_run(data_dir: Path) -> bool:
    return not database_path(data_dir).exists()


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

"""Starting the windowed app: one instance per data folder, paint first, then load the diary."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from twitchdesk import APP_NAME, __version__
from twitchdesk.data_folder import DataFolderInUse, DataFolderLock, resolve_data_dir
from twitchdesk.i18n import TextContext, install_translators
from twitchdesk.report.fonts import load_bundled_fonts  # QtGui only: shared with the report
from twitchdesk.resources import resource_path
from twitchdesk.storage.layout import database_path
from twitchdesk.ui.appearance import Appearance, make_application
from twitchdesk.ui.main_window import MainWindow
from twitchdesk.ui.settings import AppSettings

LAUNCHER = TextContext("LAUNCHER")


def configure_application(app: QGuiApplication) -> None:
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("twitchdesk")
    icon = resource_path("icons", "twitchdesk.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    load_bundled_fonts()
    install_translators(app)  # before any window exists: every text is looked up when built


def run_gui(data_dir_arg: str | None, demo: bool = False) -> int:
    app = QApplication.instance() or make_application(sys.argv)
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
        from twitchdesk.ui.welcome_dialog import WelcomeDialog

        appearance.apply("system")

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
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(
            None, LAUNCHER.tr("{app} is already open").format(app=APP_NAME), str(error)
        )
        return None
    settings = AppSettings(data_dir / "settings.ini")
    remembered = {"dark": True, "light": False}.get(settings.system_scheme)
    appearance.apply(settings.theme, remembered)

    def remember(dark: bool) -> None:
        settings.system_scheme = "dark" if dark else "light"

    appearance.system_scheme_seen.connect(remember)
    window = MainWindow(settings, data_dir, appearance=appearance)
    window.first_painted.connect(appearance.check_system)
    window.first_painted.connect(lambda: load_diary(window, data_dir, demo))
    window.show()
    return window, lock


def is_first_run(data_dir: Path) -> bool:
    return not database_path(data_dir).exists()


def load_diary(window: MainWindow, data_dir: Path, demo: bool) -> bool:
    """Open the diary for `window`. A file that cannot be opened is explained, never changed:
    the user may restore the latest backup, choose another folder, or quit."""
    from twitchdesk.storage.database import open_diary
    from twitchdesk.storage.schema import DatabaseProblem
    from twitchdesk.ui.backup_dialogs import DatabaseProblemDialog, StartupChoice

    while True:
        try:
            diary = open_diary(data_dir)
            if demo and diary.is_empty():
                from twitchdesk.core.demo import write_demo

                write_demo(diary)
            break
        except (DatabaseProblem, OSError) as error:
            dialog = DatabaseProblemDialog(error, data_dir, window)
            choice = dialog.ask()
            if choice is StartupChoice.RESTORE_LATEST:
                continue  # the backup is in place (the bad file was set aside): open again
            if choice is StartupChoice.CHOOSE_FOLDER and dialog.chosen_folder is not None:
                relaunch_with_folder(dialog.chosen_folder)
            window.close()
            return False
    window.attach_diary(diary)
    keep_daily_backups(window, data_dir)
    return True


FIRST_BACKUP_DELAY_MS = 3000


def keep_daily_backups(window: MainWindow, data_dir: Path) -> None:
    """A backup soon after start-up if none was taken today, then a check every hour.

    Not during start-up itself: copying a years-long diary took ~150 ms of the time before the
    user could log. A few seconds later nobody is waiting on it.
    """
    from twitchdesk.storage.backup_policy import backup_if_due

    def backup() -> None:
        try:
            backup_if_due(data_dir)
        except OSError as error:
            reason = error.strerror or str(error)
            window.statusBar().showMessage(
                LAUNCHER.tr("Today's backup could not be written: {reason}").format(reason=reason),
                30_000,
            )

    QTimer.singleShot(FIRST_BACKUP_DELAY_MS, window, backup)
    timer = QTimer(window)
    timer.setInterval(60 * 60 * 1000)
    timer.timeout.connect(backup)
    timer.start()


def relaunch_with_folder(folder: Path) -> None:
    """Start a fresh TwitchDesk on another data folder (it takes that folder's lock itself)."""
    from PySide6.QtCore import QProcess

    if getattr(sys, "frozen", False):
        program, arguments = sys.executable, ["--data-dir", str(folder)]
    else:
        program, arguments = sys.executable, ["-m", "twitchdesk", "--data-dir", str(folder)]
    QProcess.startDetached(program, arguments)

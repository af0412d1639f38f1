"""The main window: builds the panels, menus and status bar, and wires them in one place.

It paints before the diary is loaded (`first_painted` tells the launcher when), then
`attach_diary` hands the diary to every panel. Panels never reach into each other: the window
connects their signals in `_connect_signals`.

What the first paint needs is imported at the top; the rest (the panels, the `Qt` namespace
whose hundreds of enums PySide creates in one go, ~25 ms) where it is first used.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QPaintEvent,
    QUndoStack,
)
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from twitchdesk import APP_NAME, __version__
from twitchdesk.i18n import TextContext
from twitchdesk.ui.diary_bridge import DiaryBridge
from twitchdesk.ui.panel_context import PanelContext
from twitchdesk.ui.panel_tabs import PanelTabs
from twitchdesk.ui.settings import AppSettings

if TYPE_CHECKING:  # the ORM loads after the first paint, not at import
    from twitchdesk.storage.repository import Diary
    from twitchdesk.ui.advice_panel import AdvicePanel
    from twitchdesk.ui.appearance import Appearance
    from twitchdesk.ui.checkin.dock import CheckInDock
    from twitchdesk.ui.log_panel import LogPanel
    from twitchdesk.ui.reader_panel import ReaderPanel
    from twitchdesk.ui.reminder import CheckInReminder
    from twitchdesk.ui.trends_panel import TrendsPanel

MAIN_WINDOW = TextContext("MAIN_WINDOW")
ADVICE_AFTER_ATTACH_MS = 1500
# ... and not this soon after the user opened another panel: building it (~0.1 s) would land
# in the middle of that panel's own loading (Trends imports matplotlib on its first showing).
ADVICE_QUIET_AFTER_SWITCH_MS = 2000
# The diary opens without SQLAlchemy, and Trends loads matplotlib on first use: a few seconds
# later both load on a thread of its own (see ui/background_imports.py).
BACKGROUND_IMPORTS_AFTER_ATTACH_MS = 4000


def shortcut(action: QAction, keys: QKeySequence) -> None:
    """`action.setShortcut(keys)`, minus ~25 ms before the first paint: PySide's overload
    check for setShortcut builds every enum of the `Qt` namespace; the list form does not."""
    action.setShortcuts([keys])


class MainWindow(QMainWindow):
    first_painted = Signal()

    def __init__(
        self,
        settings: AppSettings,
        data_dir: Path,
        parent: QWidget | None = None,
        appearance: Appearance | None = None,
    ):
        super().__init__(parent)
        self.settings = settings
        self.appearance = appearance
        self.data_dir = data_dir
        self.diary: Diary | None = None
        self.bridge: DiaryBridge | None = None
        self.reminder: CheckInReminder | None = None
        self._painted = False
        self._panel_switched_at = float("-inf")  # the user has not opened another panel yet
        self.undo_stack = QUndoStack(self)
        self.setObjectName("main_window")
        self.setMinimumSize(QSize(900, 600))
        self._init_panels()
        self._init_actions()
        self._init_menus()
        self._init_status_bar()
        self._connect_signals()
        self._update_title()
        self._restore_state()

    # -- construction --------------------------------------------------------------------
    def _init_panels(self) -> None:
        self._context: PanelContext | None = None
        self.tabs = PanelTabs()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(MAIN_WINDOW.tr("Panels"))
        self.tabs.panel_built.connect(self._panel_built)
        # Every panel is built when first needed: the one on show just after the first paint.
        self.tabs.hold_builds()
        self.tabs.add_panel("log", MAIN_WINDOW.tr("&Log"), _log_panel)
        self.tabs.add_panel("trends", MAIN_WINDOW.tr("&Trends"), _trends_panel)
        self.tabs.add_panel("advice", MAIN_WINDOW.tr("&Advice"), _advice_panel)
        self.tabs.add_panel("reader", MAIN_WINDOW.tr("&Reader"), _reader_panel)
        self.setCentralWidget(self.tabs)
        self._checkin_dock: CheckInDock | None = None

    @property
    def checkin_dock(self) -> CheckInDock:
        """The daily check-in beside every panel, built just after the first paint."""
        if self._checkin_dock is None:
            from PySide6.QtCore import Qt

            from twitchdesk.ui.checkin.dock import CheckInDock

            dock = CheckInDock(self)
            self._checkin_dock = dock
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.view_menu.addAction(dock.toggleViewAction())
            state = self.settings.window_state
            if not state.isEmpty():
                self.restoreState(state)  # again, now that the dock can take its saved place
            self.apply_week_start(dock)
            if self._context is not None:
                dock.attach(self._context)
        return self._checkin_dock

    @property
    def log_panel(self) -> LogPanel:
        return self.tabs.panel("log")  # type: ignore[return-value]

    @property
    def trends_panel(self) -> TrendsPanel:
        return self.tabs.panel("trends")  # type: ignore[return-value]

    @property
    def advice_panel(self) -> AdvicePanel:
        return self.tabs.panel("advice")  # type: ignore[return-value]

    @property
    def reader_panel(self) -> ReaderPanel:
        return self.tabs.panel("reader")  # type: ignore[return-value]

    def _panel_built(self, name: str, panel: QWidget) -> None:
        """Wire a panel the moment it exists (at start for Log, on first use for the others)."""
        if name == "reader":
            panel.set_text_size(self.settings.reader_text_size)  # type: ignore[attr-defined]
            panel.text_size_changed.connect(self._remember_reader_text_size)  # type: ignore[attr-defined]
        elif name == "advice":
            panel.open_article.connect(self.open_article)  # type: ignore[attr-defined]
            panel.red_flags_changed.connect(self._show_red_flag_count)  # type: ignore[attr-defined]
        attach = getattr(panel, "attach", None)
        if self._context is not None and attach is not None:
            attach(self._context)
        self.apply_week_start(panel)

    def apply_week_start(self, root: QWidget | None = None) -> None:
        """Calendar pop-ups start the week on the day chosen in Preferences."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QDateTimeEdit

        first = Qt.DayOfWeek.Monday if self.settings.week_starts_monday else Qt.DayOfWeek.Sunday
        for edit in (root or self).findChildren(QDateTimeEdit):
            if edit.calendarPopup() and edit.calendarWidget() is not None:
                edit.calendarWidget().setFirstDayOfWeek(first)

    def _init_actions(self) -> None:
        self.quit_action = QAction(MAIN_WINDOW.tr("&Quit"), self)
        shortcut(self.quit_action, QKeySequence(QKeySequence.StandardKey.Quit))
        self.undo_action = self.undo_stack.createUndoAction(self, MAIN_WINDOW.tr("&Undo"))
        shortcut(self.undo_action, QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, MAIN_WINDOW.tr("&Redo"))
        # Ctrl+Shift+Z everywhere (as the issue and most Linux apps have it), Ctrl+Y too.
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.panel_actions: dict[str, QAction] = {}
        for index, name in enumerate(self.tabs.names()):
            action = QAction(self.tabs.tabText(index), self)
            shortcut(action, QKeySequence(f"Ctrl+{index + 1}"))
            action.setData(name)
            self.panel_actions[name] = action
        self.import_action = QAction(MAIN_WINDOW.tr("&Import…"), self)
        shortcut(self.import_action, QKeySequence("Ctrl+I"))
        self.export_action = QAction(MAIN_WINDOW.tr("&Export…"), self)
        shortcut(self.export_action, QKeySequence("Ctrl+E"))
        self.restore_action = QAction(MAIN_WINDOW.tr("Restore from &Backup…"), self)
        self.data_actions = (self.import_action, self.export_action, self.restore_action)
        for action in self.data_actions:
            action.setEnabled(False)  # until the diary is open
        self.open_folder_action = QAction(MAIN_WINDOW.tr("Open &Data Folder"), self)
        self.new_episode_action = QAction(MAIN_WINDOW.tr("&New Episode"), self)
        shortcut(self.new_episode_action, QKeySequence(QKeySequence.StandardKey.New))
        self.new_episode_action.setToolTip(MAIN_WINDOW.tr("Go to the body map to log an episode"))
        self.find_action = QAction(MAIN_WINDOW.tr("&Find in Reader…"), self)
        shortcut(self.find_action, QKeySequence(QKeySequence.StandardKey.Find))
        self.preferences_action = QAction(MAIN_WINDOW.tr("&Preferences…"), self)
        shortcut(self.preferences_action, QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.about_action = QAction(MAIN_WINDOW.tr("&About {app}").format(app=APP_NAME), self)
        # The report for a clinician (twitchdesk/ui/report_dialogs.py, imported when used).
        self.print_preview_action = QAction(MAIN_WINDOW.tr("Print Pre&view…"), self)
        self.print_action = QAction(MAIN_WINDOW.tr("&Print…"), self)
        shortcut(self.print_action, QKeySequence(QKeySequence.StandardKey.Print))
        self.export_report_action = QAction(MAIN_WINDOW.tr("Export &Report as PDF…"), self)

    def _init_menus(self) -> None:
        menus = self.menuBar()
        self.file_menu = menus.addMenu(MAIN_WINDOW.tr("&File"))
        self.file_menu.addAction(self.new_episode_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.open_folder_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.print_preview_action)
        self.file_menu.addAction(self.print_action)
        self.file_menu.addAction(self.export_report_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = menus.addMenu(MAIN_WINDOW.tr("&Edit"))
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.find_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.preferences_action)
        self.view_menu = menus.addMenu(MAIN_WINDOW.tr("&View"))
        for action in self.panel_actions.values():
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()  # the check-in dock's toggle joins when the dock exists
        self.help_menu = menus.addMenu(MAIN_WINDOW.tr("&Help"))
        self.help_menu.addAction(self.about_action)

    def _init_status_bar(self) -> None:
        # The spaces pad the badge's coloured background; they are not part of the text.
        self.demo_badge = QLabel(f" {MAIN_WINDOW.tr('DEMO DATA — example diary, not yours')} ")
        self.demo_badge.setObjectName("demo_badge")
        self.demo_badge.setStyleSheet(
            "QLabel#demo_badge { background: #b45309; color: white; font-weight: bold;"
            " border-radius: 3px; padding: 1px 6px; }"
        )
        self.demo_badge.setVisible(False)
        self.statusBar().addPermanentWidget(self.demo_badge)
        self.statusBar().showMessage(MAIN_WINDOW.tr("Opening your diary…"))

    def _connect_signals(self) -> None:
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(self.show_about)
        self.open_folder_action.triggered.connect(self.open_data_folder)
        self.preferences_action.triggered.connect(self.show_preferences)
        self.print_preview_action.triggered.connect(lambda: self.report("print_preview"))
        self.print_action.triggered.connect(lambda: self.report("print_report"))
        self.export_report_action.triggered.connect(lambda: self.report("export_pdf"))
        self.new_episode_action.triggered.connect(self.new_episode)
        self.import_action.triggered.connect(self.import_data)
        self.export_action.triggered.connect(self.export_data)
        self.restore_action.triggered.connect(self.restore_from_backup)
        self.find_action.triggered.connect(self.find_in_reader)
        for name, action in self.panel_actions.items():
            action.triggered.connect(lambda _checked=False, n=name: self.show_panel(n))
        self.tabs.currentChanged.connect(self._remember_panel)

    # -- diary ---------------------------------------------------------------------------
    def attach_diary(self, diary: Diary) -> None:
        self.diary = diary
        self.bridge = DiaryBridge(diary, self)
        context = PanelContext(diary, self.bridge, self.undo_stack, self.settings, self.data_dir)
        self._context = context
        for panel in self.tabs.built().values():
            attach = getattr(panel, "attach", None)
            if attach is not None:
                attach(context)
        if self._checkin_dock is not None:
            self._checkin_dock.attach(context)
        else:
            _ = self.checkin_dock  # built (and attached) now
        # The Advice tab shows the number of warning signs, so evaluate it soon after start;
        # not at once: building the panel and evaluating (~0.2 s) would delay the first frame
        # of the history, and the user's first click.
        QTimer.singleShot(ADVICE_AFTER_ATTACH_MS, self, self._build_advice_panel)
        QTimer.singleShot(BACKGROUND_IMPORTS_AFTER_ATTACH_MS, self, self._import_in_background)
        from twitchdesk.ui.reminder import CheckInReminder

        self.reminder = CheckInReminder(self.settings, diary, self)
        self.reminder.reminded.connect(lambda text: self.statusBar().showMessage(text, 60_000))
        self.bridge.changed.connect(self._update_status)
        for action in self.data_actions:
            action.setEnabled(True)
        self._update_title()
        self._update_status()

    def _import_in_background(self) -> None:
        if self.diary is not None and self.isVisible():
            from twitchdesk.ui.background_imports import import_in_background

            import_in_background()

    def _build_advice_panel(self) -> None:
        # Not for a window already closed (its diary may be closed too, as in the self-test).
        if self.diary is None or not self.isVisible() or self.tabs.is_built("advice"):
            return
        since_switch_ms = (time.monotonic() - self._panel_switched_at) * 1000
        if since_switch_ms < ADVICE_QUIET_AFTER_SWITCH_MS:
            wait_ms = int(ADVICE_QUIET_AFTER_SWITCH_MS - since_switch_ms) + 1
            QTimer.singleShot(wait_ms, self, self._build_advice_panel)
            return
        self.tabs.panel("advice")  # attached when built: it evaluates and counts

    def detach_diary(self) -> Diary | None:
        """Let go of the diary (before a restore swaps its file); returns it for closing."""
        diary, self.diary = self.diary, None
        self._context = None
        if self.bridge is not None:
            self.bridge.detach()
            self.bridge.deleteLater()
            self.bridge = None
        if self.reminder is not None:
            self.reminder.timer.stop()
            self.reminder.deleteLater()
            self.reminder = None
        self.undo_stack.clear()
        for action in self.data_actions:
            action.setEnabled(False)
        return diary

    def _update_title(self) -> None:
        demo = self.diary is not None and self.diary.is_demo
        demo_title = MAIN_WINDOW.tr("{app} — DEMO DATA (example diary)").format(app=APP_NAME)
        self.setWindowTitle(demo_title if demo else APP_NAME)
        self.demo_badge.setVisible(demo)

    def _update_status(self, _topic: str = "") -> None:
        if self.diary is None:
            return
        count = self.diary.episode_count()
        #: {folder} is the data folder's path
        text = MAIN_WINDOW.tr("%n episode(s) in your diary · kept in {folder}", None, count)
        self.statusBar().showMessage(text.format(folder=self.data_dir))

    # -- panels --------------------------------------------------------------------------
    def panel_names(self) -> list[str]:
        return self.tabs.names()

    def panel(self, name: str) -> QWidget:
        return self.tabs.panel(name)

    def show_panel(self, name: str) -> None:
        self.tabs.show_panel(name)

    def current_panel_name(self) -> str:
        return self.tabs.current_name()

    def new_episode(self) -> None:
        self.show_panel("log")
        self.log_panel.body_map.setFocus()

    def find_in_reader(self) -> None:
        self.show_panel("reader")
        self.reader_panel.focus_search()

    def open_article(self, reference: str) -> None:
        """Show a Reader article ("id" or "id#section"), e.g. from a piece of advice."""
        self.reader_panel.open_article(reference)
        self.show_panel("reader")

    def _show_red_flag_count(self, count: int) -> None:
        index = self.tabs.indexOf(self.tabs.page("advice"))
        #: the Advice tab with the number of warning signs shown in it
        title = MAIN_WINDOW.tr("&Advice ({count})") if count else MAIN_WINDOW.tr("&Advice")
        self.tabs.setTabText(index, title.format(count=count))

    def _remember_reader_text_size(self, size: int) -> None:
        self.settings.reader_text_size = size

    def _remember_panel(self) -> None:
        self.settings.last_panel = self.current_panel_name()
        self._panel_switched_at = time.monotonic()

    # -- window state --------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.window_geometry
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(self._first_size())
        state = self.settings.window_state
        if not state.isEmpty():
            self.restoreState(state)
        last = self.settings.last_panel
        if last in self.tabs.names():
            self.show_panel(last)

    def _first_size(self) -> QSize:
        """Roomy enough for map, form, history and check-in side by side, within the screen."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None:
            return QSize(1480, 920)
        return QSize(min(1480, screen.width() - 40), min(920, screen.height() - 60))

    def save_state(self) -> None:
        _ = self.checkin_dock  # its place is part of the saved state
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.last_panel = self.current_panel_name()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Queued so the first frame reaches the screen before slow loading starts: the
            # panel on show, then the check-in dock, then (first_painted) the diary.
            QTimer.singleShot(0, self, self.tabs.release_builds)
            QTimer.singleShot(0, self, lambda: self.checkin_dock)
            QTimer.singleShot(0, self, self.first_painted.emit)

    # -- dialogs -------------------------------------------------------------------------
    def show_about(self) -> None:
        from PySide6 import __version__ as qt_version
        from PySide6.QtWidgets import QMessageBox

        paragraphs = (
            MAIN_WINDOW.tr("A private, offline diary for muscle twitches."),
            MAIN_WINDOW.tr(
                "TwitchDesk does not diagnose. Its articles and advice are general information, "
                "not a substitute for a doctor."
            ),
            #: {folder} is the data folder's path, shown in a typewriter font
            MAIN_WINDOW.tr("Your diary is kept only on this computer, in:<br><tt>{folder}</tt>"),
            MAIN_WINDOW.tr(
                "Built with Qt for Python {qt_version}. Free software under the GNU GPL v3 "
                "or later."
            ),
        )
        body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        QMessageBox.about(
            self,
            MAIN_WINDOW.tr("About {app}").format(app=APP_NAME),
            f"<h3>{APP_NAME} {__version__}</h3>"
            + body.format(folder=self.data_dir, qt_version=qt_version),
        )

    def import_data(self) -> None:
        from twitchdesk.ui.data_dialogs import import_dialog

        if self.diary is None:
            return
        result = import_dialog(self, self.diary, self.undo_stack)
        if result is not None:
            self.statusBar().showMessage(result.summary(), 15_000)

    def export_data(self) -> None:
        from twitchdesk.ui.data_dialogs import export_dialog

        if self.diary is None:
            return
        path = export_dialog(self, self.diary)
        if path is not None:
            self.statusBar().showMessage(
                MAIN_WINDOW.tr("Exported your diary to {path}").format(path=path), 15_000
            )

    def restore_from_backup(self) -> None:
        from twitchdesk.storage.database import open_diary
        from twitchdesk.ui.backup_dialogs import RestoreBackupDialog

        def close_current() -> None:
            diary = self.detach_diary()
            if diary is not None:
                diary.close()

        dialog = RestoreBackupDialog(self.data_dir, self, close_diary=close_current)
        dialog.exec()
        if dialog.diary_closed:
            self.attach_diary(open_diary(self.data_dir))
            if dialog.restored is not None:
                self.statusBar().showMessage(
                    MAIN_WINDOW.tr("Restored your diary from the backup."), 15_000
                )

    def show_preferences(self) -> None:
        from twitchdesk.ui.preferences_dialog import PreferencesDialog

        if not PreferencesDialog(self.settings, self).exec():
            return
        if self.appearance is not None:
            self.appearance.apply(self.settings.theme)
        self.checkin_dock.panel.day_form.presets.use_settings(self.settings.qsettings)
        self.apply_week_start()
        if self.tabs.is_built("trends"):
            self.trends_panel.refresh()  # the week's first day orders the time-of-day chart

    def report(self, command: str) -> None:
        """Print preview, print or export the report ("print_preview", "print_report",
        "export_pdf" in twitchdesk.ui.report_dialogs)."""
        if self.diary is None:
            self.statusBar().showMessage(
                MAIN_WINDOW.tr("Your diary is still opening; try again in a moment.")
            )
            return
        from twitchdesk.ui import report_dialogs

        getattr(report_dialogs, command)(self, self.diary, self.settings)

    def open_data_folder(self) -> None:
        # Looked up here: importing QUrl builds its enums (~2 ms) before the first paint.
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))


# Panels are imported when first built (their modules cost ~250 ms together).
def _log_panel() -> QWidget:
    from twitchdesk.ui.log_panel import LogPanel

    return LogPanel()


def _trends_panel() -> QWidget:
    from twitchdesk.ui.trends_panel import TrendsPanel

    return TrendsPanel()


def _advice_panel() -> QWidget:
    from twitchdesk.ui.advice_panel import AdvicePanel

    return AdvicePanel()


def _reader_panel() -> QWidget:
    from twitchdesk.ui.reader_panel import ReaderPanel

    return ReaderPanel()

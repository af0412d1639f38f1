"""File → Restore from backup…, and the dialog for a diary file that cannot be opened at start-up.

Neither dialog ever deletes a diary file: the one being replaced is moved aside in the data
folder with a timestamped name (see storage/backup_policy.py), and the dialogs say so.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchdesk import APP_NAME, __version__
from twitchdesk.i18n import TextContext
from twitchdesk.storage.backup import list_backups
from twitchdesk.storage.backup_policy import (
    REPLACED_MARK,
    BackupError,
    BackupSummary,
    inspect_backup,
    latest_restorable_backup,
    quarantine_damaged,
    restore_backup,
)
from twitchdesk.storage.layout import DB_FILENAME, backups_dir
from twitchdesk.storage.schema import DamagedDatabaseError, NewerDatabaseError, NotADiaryError

BACKUP_DIALOGS = TextContext("BACKUP_DIALOGS")
# Why a backup was made (its file name says), in words; translated where shown.
REASONS = {
    "daily": QT_TRANSLATE_NOOP("BACKUP_DIALOGS", "daily copy"),
    "before-migration": QT_TRANSLATE_NOOP("BACKUP_DIALOGS", "copy made before an upgrade"),
}


def when_text(summary: BackupSummary) -> str:
    """'Sun 15 Mar 2026, 08:00' (no leading zero on the day, on every platform)."""
    taken = summary.taken_at
    return f"{taken:%a} {taken.day} {taken:%b %Y, %H:%M}"


def holds_text(summary: BackupSummary) -> str:
    """'412 episodes · 60 check-ins · 3 medicines · 2 Jan 2026 to 14 Mar 2026'."""
    if summary.problem is not None:
        problem = BACKUP_DIALOGS.tr("Cannot be restored: {problem}")
        return problem.format(problem=summary.problem)
    parts = []
    if summary.episodes is not None:
        parts.append(BACKUP_DIALOGS.tr("%n episode(s)", None, summary.episodes))
    if summary.days is not None:
        parts.append(BACKUP_DIALOGS.tr("%n check-in(s)", None, summary.days))
    if summary.medicines is not None:
        parts.append(BACKUP_DIALOGS.tr("%n medicine(s)", None, summary.medicines))
    first, last = summary.first_episode, summary.last_episode
    if first and last:
        #: the span of a backup's episodes: "2 Jan 2026 to 14 Mar 2026"
        span = BACKUP_DIALOGS.tr("{first} to {last}")
        parts.append(
            span.format(first=f"{first.day} {first:%b %Y}", last=f"{last.day} {last:%b %Y}")
        )
    return " · ".join(parts) or BACKUP_DIALOGS.tr("An empty diary")


class RestoreBackupDialog(QDialog):
    """Backups newest first with what each holds; restoring asks first and keeps the current file.

    `close_diary` is called right before the files change (the caller closes its Diary). After
    `exec()`, if `diary_closed` is true the caller must open the diary again, whether or not the
    restore succeeded; `restored` and `replaced_path` say what happened.
    """

    def __init__(
        self,
        data_dir: Path,
        parent: QWidget | None = None,
        close_diary: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._close_diary = close_diary
        self.diary_closed = False
        self.restored: BackupSummary | None = None
        self.replaced_path: Path | None = None
        self.setWindowTitle(BACKUP_DIALOGS.tr("Restore from a backup"))
        self.setAccessibleName(BACKUP_DIALOGS.tr("Restore from a backup"))
        self.resize(640, 420)

        intro = QLabel(
            BACKUP_DIALOGS.tr(
                "{app} copies your diary once a day and before every upgrade. Choose a copy "
                "to go back to. Your current diary is not deleted: it is kept in the data folder."
            ).format(app=APP_NAME)
        )
        intro.setWordWrap(True)
        self.backup_list = QListWidget()
        self.backup_list.setObjectName("backup_list")
        self.backup_list.setAccessibleName(BACKUP_DIALOGS.tr("Backups, newest first"))
        self.backup_list.setWordWrap(True)
        self.backup_list.setSpacing(3)
        self.backup_list.setAlternatingRowColors(True)
        self.summaries = [inspect_backup(path) for path in list_backups(backups_dir(data_dir))]
        for summary in self.summaries:
            if summary.reason in REASONS:
                reason = BACKUP_DIALOGS.tr(REASONS[summary.reason])
            else:  # a reason this version has no words for is shown as it is
                reason = summary.reason or BACKUP_DIALOGS.tr("copy")
            item = QListWidgetItem(f"{when_text(summary)} — {reason}\n{holds_text(summary)}")
            item.setData(Qt.ItemDataRole.UserRole, str(summary.path))
            if not summary.restorable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.backup_list.addItem(item)
        self.empty_label = QLabel(
            BACKUP_DIALOGS.tr(
                "There are no backups yet. The first one is made on the first day you use "
                "{app}, and one every day after that."
            ).format(app=APP_NAME)
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(not self.summaries)

        self.restore_button = QPushButton(BACKUP_DIALOGS.tr("&Restore…"))
        self.restore_button.setObjectName("restore_button")
        self.restore_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.backup_list.currentRowChanged.connect(self._selection_changed)
        self.backup_list.itemDoubleClicked.connect(lambda _item: self.restore_selected())

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.backup_list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)
        first = next((i for i, s in enumerate(self.summaries) if s.restorable), -1)
        if first >= 0:
            self.backup_list.setCurrentRow(first)

    def selected(self) -> BackupSummary | None:
        row = self.backup_list.currentRow()
        if 0 <= row < len(self.summaries) and self.summaries[row].restorable:
            return self.summaries[row]
        return None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def restore_selected(self) -> None:
        summary = self.selected()
        if summary is None:
            return
        #: {when} like "Sun 15 Mar 2026, 08:00"; {holds} like "412 episodes · 60 check-ins";
        #: {file} is the diary's file name (keep it as it is)
        question = BACKUP_DIALOGS.tr(
            "Go back to the copy from {when}?\n\n"
            "It holds: {holds}. Anything logged after it was made is not in it.\n\n"
            "Your current diary is not deleted: it is moved aside in the data folder as "
            "“{file}-<date and time>”, so you can go back to it."
        )
        answer = QMessageBox.question(
            self,
            BACKUP_DIALOGS.tr("Restore this backup?"),
            question.format(
                when=when_text(summary),
                holds=holds_text(summary),
                file=f"{DB_FILENAME}.{REPLACED_MARK}",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self._close_diary is not None and not self.diary_closed:
            self._close_diary()
        self.diary_closed = True
        try:
            self.replaced_path = restore_backup(self.data_dir, summary.path)
        except BackupError as error:
            QMessageBox.warning(self, BACKUP_DIALOGS.tr("The backup was not restored"), str(error))
            return
        self.restored = summary
        self.accept()


class StartupChoice(enum.Enum):
    RESTORE_LATEST = "restore"  # done: the latest backup is in place, open the diary again
    CHOOSE_FOLDER = "folder"  # `chosen_folder` holds the folder to use instead
    QUIT = "quit"


def describe_problem(error: BaseException) -> tuple[str, str]:
    """(title, explanation) in plain words for a diary file that cannot be opened."""
    if isinstance(error, NewerDatabaseError):
        return (
            BACKUP_DIALOGS.tr("Your diary is from a newer TwitchDesk"),
            BACKUP_DIALOGS.tr(
                "Your diary was saved by a newer version of {app} than this one "
                "({version}). Install the newer version to keep using it.\n\nRestoring a "
                "backup opens an older copy instead: entries saved with the newer version are "
                "not in it."
            ).format(app=APP_NAME, version=__version__),
        )
    if isinstance(error, NotADiaryError):
        return (
            BACKUP_DIALOGS.tr("This is not a TwitchDesk diary"),
            BACKUP_DIALOGS.tr(
                "The file {file} in the data folder is not a diary {app} made, so it "
                "was not opened."
            ).format(file=DB_FILENAME, app=APP_NAME),
        )
    if isinstance(error, DamagedDatabaseError):
        return (
            BACKUP_DIALOGS.tr("Your diary file is damaged"),
            BACKUP_DIALOGS.tr(
                "{app} could not read its diary file. This can happen after a disk problem, "
                "or when the computer lost power while the file was being saved."
            ).format(app=APP_NAME),
        )
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return (
            BACKUP_DIALOGS.tr("Your diary cannot be opened"),
            #: {reason} is the system's explanation ("Permission denied")
            BACKUP_DIALOGS.tr(
                "{app} cannot read or write its data folder ({reason}). The disk may be "
                "full or read-only, or the folder may belong to another user."
            ).format(app=APP_NAME, reason=reason),
        )
    return (BACKUP_DIALOGS.tr("Your diary cannot be opened"), str(error))


class DatabaseProblemDialog(QDialog):
    """Start-up: a damaged, foreign or newer diary file. Offers restore, another folder, quit.

    "Restore the latest backup" is carried out here: the file is moved aside (kept, never
    deleted) and the newest restorable backup copied in; `set_aside_path` and `restored` say
    what happened. `ask()` returns the StartupChoice.
    """

    def __init__(self, error: BaseException, data_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.choice = StartupChoice.QUIT
        self.chosen_folder: Path | None = None
        self.set_aside_path: Path | None = None
        self.restored: BackupSummary | None = None
        # A disk that cannot be written is not helped by a backup (restoring writes too).
        disk_problem = isinstance(error, OSError)
        self.latest = None if disk_problem else latest_restorable_backup(data_dir)
        title, explanation = describe_problem(error)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(560)

        heading = QLabel(title)
        heading.setObjectName("problem_title")
        heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        nothing_changed = BACKUP_DIALOGS.tr(
            "Nothing has been changed or deleted. Your data folder is:"
        )
        body = QLabel(f"{explanation}\n\n{nothing_changed}\n{data_dir}")
        body.setObjectName("problem_text")
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if self.latest is not None:
            #: {when} like "Sun 15 Mar 2026, 08:00"; {holds} like "412 episodes · 60 check-ins"
            backup_text = BACKUP_DIALOGS.tr(
                "The latest backup is from {when} ({holds}). Restoring it keeps the current "
                "file, moved aside in the data folder."
            ).format(when=when_text(self.latest), holds=holds_text(self.latest))
        elif disk_problem:
            backup_text = BACKUP_DIALOGS.tr(
                "Free some space or choose a folder you can write to, then try again."
            )
        else:
            backup_text = BACKUP_DIALOGS.tr("There is no backup to restore in this data folder.")
        backup_label = QLabel(backup_text)
        backup_label.setObjectName("backup_text")
        backup_label.setWordWrap(True)
        detail = QLabel(BACKUP_DIALOGS.tr("Details: {error}").format(error=error))
        detail.setObjectName("problem_detail")
        detail.setWordWrap(True)
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail.setStyleSheet("color: palette(placeholder-text); font-size: 9pt;")

        self.restore_button = QPushButton(BACKUP_DIALOGS.tr("&Restore the latest backup"))
        self.restore_button.setObjectName("restore_button")
        self.restore_button.setEnabled(self.latest is not None)
        self.folder_button = QPushButton(BACKUP_DIALOGS.tr("&Choose another folder…"))
        self.folder_button.setObjectName("choose_folder_button")
        self.quit_button = QPushButton(BACKUP_DIALOGS.tr("&Quit"))
        self.quit_button.setObjectName("quit_button")
        self.restore_button.clicked.connect(self._restore_latest)
        self.folder_button.clicked.connect(self._choose_folder)
        self.quit_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        row.addWidget(self.quit_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addWidget(backup_label)
        layout.addWidget(detail)
        layout.addLayout(row)
        (self.restore_button if self.latest is not None else self.folder_button).setDefault(True)

    def ask(self) -> StartupChoice:
        self.exec()
        return self.choice

    def _restore_latest(self) -> None:
        if self.latest is None:
            return
        try:
            if (self.data_dir / DB_FILENAME).exists():
                self.set_aside_path = quarantine_damaged(self.data_dir)
            restore_backup(self.data_dir, self.latest.path)
        except (BackupError, OSError) as error:
            QMessageBox.warning(self, BACKUP_DIALOGS.tr("The backup was not restored"), str(error))
            return
        self.restored = self.latest
        self.choice = StartupChoice.RESTORE_LATEST
        self.accept()

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, BACKUP_DIALOGS.tr("Choose a folder for your diary"), str(self.data_dir.parent)
        )
        if not chosen:
            return
        self.chosen_folder = Path(chosen)
        self.choice = StartupChoice.CHOOSE_FOLDER
        self.accept()

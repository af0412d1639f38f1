"""Where the user's diary lives, and making sure only one TwitchDesk uses it at a time.

Order of precedence: `--data-dir`, then TWITCHDESK_DATA_DIR, then the platform's per-user
application data folder (e.g. ~/.local/share/TwitchDesk on Linux). Demo data gets a folder of its
own inside it, so it can never mix with a real diary.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QStandardPaths

from twitchdesk import APP_NAME
from twitchdesk.storage.files import secure_directory

ENV_VAR = "TWITCHDESK_DATA_DIR"
DEMO_SUBFOLDER = "demo"
LOCK_FILENAME = "twitchdesk.lock"


def default_data_dir() -> Path:
    QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(location) if location else Path.home() / f".{APP_NAME.lower()}"


def resolve_data_dir(cli_value: str | None = None, demo: bool = False) -> Path:
    if cli_value:
        base = Path(cli_value).expanduser()
    elif os.environ.get(ENV_VAR):
        base = Path(os.environ[ENV_VAR]).expanduser()
    else:
        base = default_data_dir()
    return (base / DEMO_SUBFOLDER if demo else base).absolute()


class DataFolderInUse(Exception):
    """Another TwitchDesk (or command) has this data folder open; the message says which."""


class DataFolderLock:
    """A lock file in the data folder; held for as long as the app or a command uses it."""

    def __init__(self, data_dir: Path) -> None:
        secure_directory(data_dir)
        self.data_dir = data_dir
        self._lock = QLockFile(str(data_dir / LOCK_FILENAME))
        # The app holds this lock for hours: never treat it as stale because of its age. A lock
        # left by a crashed process is still taken over (QLockFile sees its pid is gone).
        self._lock.setStaleLockTime(0)

    def acquire(self) -> None:
        if self._lock.tryLock(200):
            return
        # PySide6 returns (pid, hostname, appname); all empty when the info cannot be read.
        info = self._lock.getLockInfo()
        pid, host = (info[0], info[1]) if isinstance(info, tuple) and len(info) >= 2 else (0, "")
        holder = f" (process {pid} on {host})" if pid else ""
        raise DataFolderInUse(
            f"TwitchDesk is already open with the diary in {self.data_dir}{holder}.\n"
            "Switch to that window, or close it first. Opening the same diary twice could "
            "lose entries, so this copy will not open it."
        )

    def release(self) -> None:
        self._lock.unlock()

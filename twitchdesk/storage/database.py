"""Opening the diary in a data folder: private folder, up-to-date schema, configured engine."""

from __future__ import annotations

from pathlib import Path

from twitchdesk.storage.files import secure_directory, secure_tree
from twitchdesk.storage.layout import DB_FILENAME, backups_dir, database_path
from twitchdesk.storage.repository import Diary
from twitchdesk.storage.schema import ensure_schema

__all__ = ["DB_FILENAME", "backups_dir", "database_path", "open_diary"]


def open_diary(data_dir: Path) -> Diary:
    """Open (creating or upgrading as needed) the diary in `data_dir`.

    Raises schema.DatabaseProblem subclasses for files that must not be opened as they are.
    """
    secure_directory(data_dir)
    db_path = database_path(data_dir)
    ensure_schema(db_path, backups_dir(data_dir))
    diary = Diary(db_path)
    # SQLite creates -wal/-shm beside the database with the process umask; tighten them too.
    secure_tree(data_dir)
    return diary

"""Names of the files in a data folder. Kept apart from database.py so that checking for them
does not load SQLAlchemy (the start-up path stays light until the window has painted)."""

from __future__ import annotations

from pathlib import Path

DB_FILENAME = "twitchdesk.sqlite3"
BACKUPS_DIRNAME = "backups"


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


def backups_dir(data_dir: Path) -> Path:
    return data_dir / BACKUPS_DIRNAME

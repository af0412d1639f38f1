"""Copies of the database taken with SQLite's online backup API (consistent even while open).

Taken before every migration and (from the app) once a day; a few of each kind are kept.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from twitchdesk.storage.files import secure_directory, secure_file

BACKUP_SUFFIX = ".sqlite3"
KEEP_PER_REASON = 5


def backup_database(
    db_path: Path, backups_dir: Path, reason: str, now: datetime | None = None
) -> Path:
    """Copy `db_path` into `backups_dir` and return the new file's path."""
    secure_directory(backups_dir)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"twitchdesk-{stamp}-{reason}{BACKUP_SUFFIX}"
    # Opened read-only through a URI so a backup can never change the original.
    source = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    secure_file(target)
    prune_backups(backups_dir, reason)
    return target


def list_backups(backups_dir: Path, reason: str | None = None) -> list[Path]:
    """Backups, newest first."""
    if not backups_dir.is_dir():
        return []
    pattern = f"twitchdesk-*-{reason}{BACKUP_SUFFIX}" if reason else f"twitchdesk-*{BACKUP_SUFFIX}"
    return sorted(backups_dir.glob(pattern), reverse=True)


def prune_backups(backups_dir: Path, reason: str, keep: int = KEEP_PER_REASON) -> None:
    for old in list_backups(backups_dir, reason)[keep:]:
        old.unlink(missing_ok=True)

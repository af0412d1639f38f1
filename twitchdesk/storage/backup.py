"""Copies of the database taken with SQLite's online backup API (consistent even while open).

Taken before every migration and (from the app) once a day; a few of each kind are kept. Each
copy is written to a `.partial` file first and renamed when complete, and is a self-contained
file (rollback journal, not WAL) so that reading it later never leaves -wal/-shm beside it.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from twitchdesk.storage.files import secure_directory, secure_file

BACKUP_SUFFIX = ".sqlite3"
KEEP_PER_REASON = 5
SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupError(OSError):
    """A backup could not be made or restored; the message is meant for the user."""


def local_now(now: datetime | None = None) -> datetime:
    """Local wall-clock time, naive (as backup names and calendar days use it)."""
    if now is None:
        return datetime.now()
    return now.astimezone().replace(tzinfo=None) if now.tzinfo is not None else now


def backup_database(
    db_path: Path,
    backups_dir: Path,
    reason: str,
    now: datetime | None = None,
    keep: int = KEEP_PER_REASON,
) -> Path:
    """Copy `db_path` into `backups_dir`, keep the newest `keep` of this reason, return the copy.

    Raises BackupError (an OSError) when the copy cannot be written, e.g. on a full disk.
    """
    secure_directory(backups_dir)
    stamp = local_now(now).strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"twitchdesk-{stamp}-{reason}{BACKUP_SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    try:
        copy_database(db_path, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        remove_partial(partial)
        raise BackupError(f"The backup could not be written to {backups_dir}: {error}") from error
    secure_file(target)
    prune_backups(backups_dir, reason, keep)
    return target


def copy_database(source: Path, target: Path, finished: bool = False) -> None:
    """Copy with SQLite's online backup API: consistent even while the app writes.

    `finished`: the source is a backup nobody writes to, read without creating -wal/-shm.
    """
    reader = connect_read_only(source, immutable=finished)
    try:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
            # The copy inherits WAL mode; a backup should be one file that opens anywhere.
            writer.execute("PRAGMA journal_mode=DELETE")
        finally:
            writer.close()
    finally:
        reader.close()
    secure_file(target)


def connect_read_only(path: Path, immutable: bool = False) -> sqlite3.Connection:
    query = "mode=ro&immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)


def side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix) if suffix else path


def remove_partial(path: Path) -> None:
    """Remove an unfinished copy WE made (never a user's file): `*.partial` / `*.restoring`."""
    assert path.name.endswith((".partial", ".restoring"))
    for suffix in ("", *SIDE_FILES):
        side_file(path, suffix).unlink(missing_ok=True)


def list_backups(backups_dir: Path, reason: str | None = None) -> list[Path]:
    """Backups, newest first."""
    if not backups_dir.is_dir():
        return []
    pattern = f"twitchdesk-*-{reason}{BACKUP_SUFFIX}" if reason else f"twitchdesk-*{BACKUP_SUFFIX}"
    return sorted(backups_dir.glob(pattern), reverse=True)


def prune_backups(backups_dir: Path, reason: str, keep: int = KEEP_PER_REASON) -> None:
    for old in list_backups(backups_dir, reason)[keep:]:
        old.unlink(missing_ok=True)

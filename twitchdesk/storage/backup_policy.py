"""When to back up, what a backup holds, and putting one back without losing anything.

- `backup_if_due`: at most one "daily" backup per local calendar day, the newest 7 kept.
- `inspect_backup`: what a backup holds (for the restore preview), without changing it.
- `restore_backup`: the current diary is moved aside (`twitchdesk.sqlite3.replaced-<time>`),
  never overwritten or deleted, then the backup is copied in with SQLite's backup API.
- `quarantine_damaged`: a damaged, foreign or newer file is moved aside (`…set-aside-<time>`).

A file moved aside takes its `-wal` and `-shm` with it (renamed to match, so SQLite still finds
them when someone opens the moved file), so committed data in a WAL is never lost and never
leaks into the file that replaces it. Only the standard library's sqlite3 is used: this runs on
the start-up path before SQLAlchemy is loaded. The diary must be closed (engine disposed) before
`restore_backup` or `quarantine_damaged`; the data-folder lock keeps other processes out.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from twitchdesk.storage.backup import (
    BACKUP_SUFFIX,
    SIDE_FILES,
    BackupError,
    backup_database,
    connect_read_only,
    copy_database,
    list_backups,
    local_now,
    remove_partial,
    side_file,
)
from twitchdesk.storage.files import secure_file
from twitchdesk.storage.layout import backups_dir, database_path
from twitchdesk.storage.schema import (
    KNOWN_REVISIONS,
    SQLITE_HEADER,
    DatabaseProblem,
    NewerDatabaseError,
    NotADiaryError,
    current_revision,
)

DAILY_REASON = "daily"
KEEP_DAILY = 7
REPLACED_MARK = "replaced"
SET_ASIDE_MARK = "set-aside"


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    taken_at: datetime  # local wall-clock time the backup was made
    reason: str  # "daily", "before-migration", … ("" if the name does not say)
    size_bytes: int
    revision: str | None = None
    episodes: int | None = None
    days: int | None = None
    medicines: int | None = None
    first_episode: date | None = None
    last_episode: date | None = None
    problem: str | None = None  # why it cannot be restored; None when it can

    @property
    def restorable(self) -> bool:
        return self.problem is None


# -- daily backups ----------------------------------------------------------------------------
def backup_if_due(data_dir: Path, now: datetime | None = None) -> Path | None:
    """Take today's backup unless there is one already; returns the new file or None.

    Raises BackupError (an OSError) when the copy cannot be written, e.g. on a full disk.
    """
    db_path = database_path(data_dir)
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    moment = local_now(now)
    folder = backups_dir(data_dir)
    for existing in list_backups(folder, DAILY_REASON):
        taken = backup_time(existing)
        if taken is not None and taken.date() == moment.date():
            return None
    return backup_database(db_path, folder, DAILY_REASON, moment, keep=KEEP_DAILY)


def backup_time(path: Path) -> datetime | None:
    """When a backup was taken, from its name (twitchdesk-YYYYmmdd-HHMMSS-ffffff-reason…)."""
    parts = path.name.split("-")
    if len(parts) < 4 or parts[0] != "twitchdesk":
        return None
    try:
        return datetime.strptime("-".join(parts[1:4]), "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None


def backup_reason(path: Path) -> str:
    name = path.name.removesuffix(BACKUP_SUFFIX)
    parts = name.split("-", 4)
    return parts[4] if len(parts) == 5 and backup_time(path) is not None else ""


# -- what a backup holds ----------------------------------------------------------------------
def inspect_backup(path: Path) -> BackupSummary:
    """Read a backup's schema revision and counts without changing it (or creating -wal files)."""
    stat = path.stat()
    taken = backup_time(path) or datetime.fromtimestamp(stat.st_mtime)
    summary = BackupSummary(path, taken, backup_reason(path), stat.st_size)
    try:
        with _reading(path) as connection:
            revision = _revision(path, connection)
            if revision is None:
                return replace(summary, problem="It holds no diary.")
            if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
                return replace(summary, revision=revision, problem="It is damaged.")
            return _with_counts(replace(summary, revision=revision), connection)
    except NewerDatabaseError:
        return replace(summary, problem="It was made by a newer version of TwitchDesk.")
    except NotADiaryError:
        return replace(summary, problem="It is not a TwitchDesk diary.")
    except (DatabaseProblem, sqlite3.Error):
        return replace(summary, problem="It is damaged and cannot be read.")


def _revision(path: Path, connection: sqlite3.Connection) -> str | None:
    """Like schema.current_revision, on an open read-only connection."""
    if path.stat().st_size == 0:
        return None
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotADiaryError(f"{path} is not an SQLite database")
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "alembic_version" not in tables:
        if tables:
            raise NotADiaryError(f"{path} is not a diary")
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    revision: str | None = row[0] if row else None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerDatabaseError(f"{path} has schema {revision}")
    return revision


def _with_counts(summary: BackupSummary, connection: sqlite3.Connection) -> BackupSummary:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}

    def count(query: str) -> int:
        return int(connection.execute(query).fetchone()[0])

    if "episode" in tables:
        live = "FROM episode WHERE deleted_at IS NULL"
        dates: list[date | None] = []
        for order in ("ASC", "DESC"):
            row = connection.execute(
                f"SELECT started_at, utc_offset_min {live} ORDER BY started_at {order} LIMIT 1"
            ).fetchone()
            local = None
            if row is not None:
                local = (datetime.fromisoformat(row[0]) + timedelta(minutes=row[1] or 0)).date()
            dates.append(local)
        summary = replace(
            summary,
            episodes=count(f"SELECT count(*) {live}"),
            first_episode=dates[0],
            last_episode=dates[1],
        )
    if "daily_log" in tables:
        summary = replace(summary, days=count("SELECT count(*) FROM daily_log"))
    if "medication" in tables:
        medicines = count("SELECT count(*) FROM medication WHERE deleted_at IS NULL")
        summary = replace(summary, medicines=medicines)
    return summary


def latest_restorable_backup(data_dir: Path) -> BackupSummary | None:
    for path in list_backups(backups_dir(data_dir)):
        summary = inspect_backup(path)
        if summary.restorable:
            return summary
    return None


# -- restoring and setting aside --------------------------------------------------------------
def restore_backup(data_dir: Path, backup_path: Path, now: datetime | None = None) -> Path | None:
    """Put `backup_path` in place of the diary; returns where the replaced diary was moved.

    The backup is copied next to the diary first and checked, so a failure leaves the current
    diary exactly where it was. Raises BackupError with a message for the user.
    """
    summary = inspect_backup(backup_path)
    if summary.problem is not None:
        raise BackupError(f"This backup cannot be restored. {summary.problem}")
    db_path = database_path(data_dir)
    incoming = db_path.with_name(db_path.name + ".restoring")
    try:
        remove_partial(incoming)
        copy_database(backup_path, incoming, finished=True)
        with _reading(incoming) as connection:
            if connection.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError("The copy of the backup did not check out; nothing was changed.")
    except (OSError, sqlite3.Error) as error:
        remove_partial(incoming)
        if isinstance(error, BackupError):
            raise
        raise BackupError(
            f"The backup could not be copied ({error}); nothing was changed."
        ) from error
    aside = None
    if db_path.exists():
        _fold_wal_into_file(db_path)
        aside = move_aside(db_path, REPLACED_MARK, now)
    try:
        os.replace(incoming, db_path)
    except OSError as error:
        if aside is not None:
            _move_with_side_files(aside, db_path)
        remove_partial(incoming)
        raise BackupError(f"The backup could not be put in place ({error}).") from error
    secure_file(db_path)
    return aside


def quarantine_damaged(data_dir: Path, now: datetime | None = None) -> Path:
    """Move the diary file (and its -wal/-shm) aside under a timestamped name; never delete it."""
    db_path = database_path(data_dir)
    if not db_path.exists():
        raise FileNotFoundError(f"there is no diary file in {data_dir}")
    return move_aside(db_path, SET_ASIDE_MARK, now)


def move_aside(db_path: Path, mark: str, now: datetime | None = None) -> Path:
    stamp = local_now(now).strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.name}.{mark}-{stamp}")
    counter = 1
    while any(side_file(target, suffix).exists() for suffix in ("", *SIDE_FILES)):
        target = db_path.with_name(f"{db_path.name}.{mark}-{stamp}-{counter}")
        counter += 1
    _move_with_side_files(db_path, target)
    return target


def _move_with_side_files(source: Path, target: Path) -> None:
    # The main file last: until it moves, the files still belong together under the old name.
    for suffix in (*SIDE_FILES, ""):
        if side_file(source, suffix).exists():
            os.replace(side_file(source, suffix), side_file(target, suffix))


def _fold_wal_into_file(db_path: Path) -> None:
    """Checkpoint a healthy diary so the file moved aside holds every committed change by itself.

    A damaged or foreign file is not touched (its -wal moves along with it instead).
    """
    try:
        current_revision(db_path)
    except DatabaseProblem:
        return
    with contextlib.suppress(sqlite3.Error):
        connection = sqlite3.connect(db_path)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()


# -- helpers ----------------------------------------------------------------------------------
@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    # immutable: a backup is a finished file; this way reading it creates no -wal/-shm beside it.
    connection = connect_read_only(path, immutable=True)
    try:
        yield connection
    finally:
        connection.close()

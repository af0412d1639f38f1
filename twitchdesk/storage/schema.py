"""Bringing a diary file's schema up to date, safely.

The start-up path only reads `alembic_version` with the standard library (importing Alembic costs
~115 ms): Alembic is loaded only when the file is behind. Before any migration the file is backed
up, so a failed or unwanted upgrade can always be undone by hand.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from twitchdesk.storage.backup import backup_database

# The newest migration in migrations/versions; tests/test_migrations.py keeps this in step.
HEAD_REVISION = "0001"
# Every revision this version of the app knows, oldest first.
KNOWN_REVISIONS = ("0001",)
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseProblem(Exception):
    """A diary file the app must not open as it is; the message is meant for the user."""


class NotADiaryError(DatabaseProblem):
    pass


class DamagedDatabaseError(DatabaseProblem):
    pass


class NewerDatabaseError(DatabaseProblem):
    pass


def current_revision(db_path: Path) -> str | None:
    """The file's schema revision; None for a missing or empty file (a new diary).

    Raises a DatabaseProblem when the file is damaged, not a TwitchDesk diary, or newer than us.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    with db_path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotADiaryError(f"{db_path} is not a TwitchDesk diary (not an SQLite database).")
    try:
        connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                if tables:
                    raise NotADiaryError(f"{db_path} is an SQLite database, but not a diary.")
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DamagedDatabaseError(f"{db_path} could not be read: {error}.") from error
    revision = row[0] if row else None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise NewerDatabaseError(
            f"{db_path} was written by a newer version of TwitchDesk (schema {revision})."
        )
    return revision


def ensure_schema(db_path: Path, backups_dir: Path) -> str | None:
    """Upgrade the file to HEAD_REVISION. Returns the backup's path if one was made."""
    revision = current_revision(db_path)
    if revision == HEAD_REVISION:
        return None
    backup = None
    if db_path.exists() and db_path.stat().st_size > 0:
        backup = str(backup_database(db_path, backups_dir, reason="before-migration"))
    upgrade(db_path, "head")
    return backup


def upgrade(db_path: Path, target: str) -> None:
    _run_alembic(db_path, "upgrade", target)


def downgrade(db_path: Path, target: str) -> None:
    """Only for tests and for support: building an old-schema file from a current one."""
    _run_alembic(db_path, "downgrade", target)


def _run_alembic(db_path: Path, action: str, target: str) -> None:
    from alembic import command
    from alembic.config import Config

    from twitchdesk.storage.engine import create_diary_engine

    engine = create_diary_engine(db_path)
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = connection
            getattr(command, action)(config, target)
    finally:
        engine.dispose()

"""Connections to a diary file, with the pragmas a health diary needs.

The standard library's sqlite3 opens the diary for its everyday reads and for logging; the
SQLAlchemy engine (storage/engine.py) configures each of its own connections the same way.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from twitchdesk.storage.files import secure_file


def configure(dbapi_connection: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer. FULL: what the app acknowledged survives a power cut.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def connect(db_path: Path) -> sqlite3.Connection:
    """Open `db_path` (creating the file) and make it private before anything is written."""
    connection = sqlite3.connect(db_path)
    try:
        configure(connection)
    except sqlite3.Error:
        connection.close()
        raise
    secure_file(db_path)
    return connection

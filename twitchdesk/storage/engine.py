"""The SQLAlchemy engine for a diary file, for the changes and reports that need it.

Opening a diary and logging use the standard library's sqlite3 (see plain_sql.py): importing
SQLAlchemy costs ~0.3–0.5 s, which start-up no longer waits for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from twitchdesk.storage.connection import configure
from twitchdesk.storage.files import secure_file


def create_diary_engine(db_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}")
    event.listen(engine, "connect", _set_pragmas)
    # Connect once now so the file exists and can be made private before anything is written.
    with engine.connect():
        pass
    secure_file(db_path)
    return engine


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    configure(dbapi_connection)

#!/usr/bin/env python3
"""Save a small diary at the current schema as tests/fixtures/databases/schema-<rev>.sqlite3.

Run once after adding a migration (and commit the file): tests/test_migrations.py upgrades every
saved fixture to the newest schema and checks that no row is lost.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    from twitchdesk.core.demo import generate_demo
    from twitchdesk.storage.database import database_path, open_diary
    from twitchdesk.storage.schema import HEAD_REVISION

    target = ROOT / "tests" / "fixtures" / "databases" / f"schema-{HEAD_REVISION}.sqlite3"
    with tempfile.TemporaryDirectory() as folder:
        diary = open_diary(Path(folder))
        demo = generate_demo(date(2026, 6, 30))
        diary.add_all(demo.episodes[:60], demo.days[:60], demo.medications)
        first = diary.episodes()[-1]
        diary.delete_episode(first.id)  # soft-deleted rows must survive upgrades too
        diary.close()
        source = sqlite3.connect(database_path(Path(folder)))
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        target.unlink(missing_ok=True)
        copy = sqlite3.connect(target)
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the repository
        copy.close()
        source.close()
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())

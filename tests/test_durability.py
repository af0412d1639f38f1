"""Nothing the diary reported as saved is lost when the process is killed mid-write."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from twitchdesk.storage.database import database_path, open_diary

WRITER = r"""
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import EpisodeDraft

diary = open_diary(Path(sys.argv[1]))
start = datetime(2026, 1, 1, 8, 0, tzinfo=timezone.utc)
for index in range(100_000):
    record = diary.add_episode(
        EpisodeDraft(start + timedelta(minutes=index), "calf", "left", notes="x" * (index % 500))
    )
    # Only once add_episode has returned (committed) does the writer call it saved.
    print(record.uid, flush=True)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_killed_while_logging_loses_nothing_it_reported_saved(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    open_diary(data_dir).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    reported: list[str] = []
    try:
        for line in writer.stdout:
            reported.append(line.strip())
            if len(reported) >= 300:
                writer.send_signal(signal.SIGKILL)
                break
    finally:
        writer.wait()
        writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL
    assert len(reported) >= 300

    with sqlite3.connect(database_path(data_dir)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    diary = open_diary(data_dir)
    try:
        stored = diary.episode_uids()
    finally:
        diary.close()
    missing = [uid for uid in reported if uid not in stored]
    assert missing == []

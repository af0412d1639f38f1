"""Daily backups, what a backup holds, restoring one, and setting a bad file aside (no Qt)."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from factories import CET, episode

from twitchdesk.storage import backup_policy
from twitchdesk.storage.backup import backup_database, list_backups
from twitchdesk.storage.backup_policy import (
    BackupError,
    backup_if_due,
    inspect_backup,
    quarantine_damaged,
    restore_backup,
)
from twitchdesk.storage.database import backups_dir, database_path, open_diary
from twitchdesk.storage.records import DailyFactors, MedicationDraft
from twitchdesk.storage.schema import DamagedDatabaseError, current_revision

MORNING = datetime(2026, 3, 14, 8, 0)


def make_diary(data_dir: Path, episodes: int = 1) -> None:
    diary = open_diary(data_dir)
    for index in range(episodes):
        diary.add_episode(episode(datetime(2026, 3, 1 + index, 20, 0, tzinfo=CET)))
    diary.close()


def count_episodes(db_path: Path) -> int:
    connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM episode").fetchone()[0]
    finally:
        connection.close()


def test_at_most_one_daily_backup_per_local_day(tmp_path: Path) -> None:
    make_diary(tmp_path)
    first = backup_if_due(tmp_path, MORNING)
    assert first is not None and first.is_file()
    assert backup_if_due(tmp_path, MORNING.replace(hour=23, minute=59)) is None
    assert backup_if_due(tmp_path, MORNING + timedelta(days=1)) is not None
    assert len(list_backups(backups_dir(tmp_path), "daily")) == 2


def test_rotation_keeps_the_seven_newest_daily_backups_and_no_others_are_touched(
    tmp_path: Path,
) -> None:
    make_diary(tmp_path)
    migration = backup_database(
        database_path(tmp_path), backups_dir(tmp_path), "before-migration", MORNING
    )
    for day in range(10):
        assert backup_if_due(tmp_path, MORNING + timedelta(days=day)) is not None
    daily = list_backups(backups_dir(tmp_path), "daily")
    assert [backup_policy.backup_time(p).date() for p in daily] == [
        (MORNING + timedelta(days=day)).date() for day in range(9, 2, -1)
    ]
    assert migration.exists()


def test_no_diary_means_no_backup(tmp_path: Path) -> None:
    assert backup_if_due(tmp_path / "nothing-here", MORNING) is None


def test_a_backup_is_one_private_file_that_reading_leaves_alone(tmp_path: Path) -> None:
    make_diary(tmp_path, episodes=2)
    path = backup_if_due(tmp_path, MORNING)
    assert path is not None
    inspect_backup(path)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    with path.open("rb") as handle:
        assert handle.read(20)[18:20] == b"\x01\x01"  # rollback journal, not WAL
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_a_full_disk_gives_a_backup_error_and_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_diary(tmp_path)

    def disk_full(_source: Path, target: Path, finished: bool = False) -> None:
        target.write_bytes(b"half")
        raise sqlite3.OperationalError("database or disk is full")

    from twitchdesk.storage import backup

    monkeypatch.setattr(backup, "copy_database", disk_full)
    with pytest.raises(BackupError, match="disk is full"):
        backup_if_due(tmp_path, MORNING)
    assert list(backups_dir(tmp_path).iterdir()) == []


def test_inspect_summarises_what_a_backup_holds(tmp_path: Path) -> None:
    diary = open_diary(tmp_path)
    late = diary.add_episode(episode(datetime(2026, 3, 9, 23, 30, tzinfo=CET)))
    diary.add_episode(episode(datetime(2026, 3, 2, 0, 15, tzinfo=CET)))  # 1 March in UTC
    diary.add_episode(episode(datetime(2026, 3, 5, 12, 0, tzinfo=CET)))
    gone = diary.add_episode(episode(datetime(2026, 3, 12, 12, 0, tzinfo=CET)))
    diary.delete_episode(gone.id)
    diary.save_day(DailyFactors(date(2026, 3, 2), stress=3))
    diary.save_day(DailyFactors(date(2026, 3, 3), sleep_h=7.0))
    diary.add_medication(MedicationDraft("Magnesium", "magnesium", date(2026, 1, 1)))
    stopped = diary.add_medication(MedicationDraft("Old", "other", date(2025, 1, 1)))
    diary.delete_medication(stopped.id)
    diary.close()
    assert late.local_date == date(2026, 3, 9)

    summary = inspect_backup(backup_if_due(tmp_path, MORNING))
    assert summary.restorable
    assert (summary.revision, summary.reason, summary.taken_at) == ("0001", "daily", MORNING)
    assert (summary.episodes, summary.days, summary.medicines) == (3, 2, 1)
    assert (summary.first_episode, summary.last_episode) == (date(2026, 3, 2), date(2026, 3, 9))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"SQLite format 3\x00" + b"\x13" * 3000, "damaged"),
        (b"just some text, not a database", "not a TwitchDesk diary"),
    ],
)
def test_inspect_says_when_a_backup_cannot_be_restored(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "twitchdesk-20260301-080000-000000-daily.sqlite3"
    path.write_bytes(content)
    summary = inspect_backup(path)
    assert not summary.restorable
    assert problem in (summary.problem or "")
    with pytest.raises(BackupError):
        restore_backup(tmp_path / "data", path)


def test_a_backup_from_a_newer_version_is_not_restorable(tmp_path: Path) -> None:
    make_diary(tmp_path)
    path = backup_if_due(tmp_path, MORNING)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    assert "newer version" in (inspect_backup(path).problem or "")


def test_restore_keeps_the_replaced_diary_with_everything_it_had(tmp_path: Path) -> None:
    make_diary(tmp_path, episodes=1)
    backup = backup_if_due(tmp_path, MORNING)
    diary = open_diary(tmp_path)
    diary.add_episode(episode(notes="logged after the backup"))
    diary.close()

    aside = restore_backup(tmp_path, backup, datetime(2026, 3, 15, 9, 30))
    assert aside == tmp_path / "twitchdesk.sqlite3.replaced-20260315-093000"
    assert count_episodes(aside) == 2  # nothing of the replaced diary is lost
    restored = open_diary(tmp_path)
    try:
        assert [e.notes for e in restored.episodes()] == [""]
    finally:
        restored.close()
    assert backup.exists()


def test_restore_keeps_changes_that_were_still_only_in_the_wal(tmp_path: Path) -> None:
    make_diary(tmp_path, episodes=1)
    backup = backup_if_due(tmp_path, MORNING)
    # A crash leaves committed changes in the -wal only: copy the files while a writer holds it.
    writer = sqlite3.connect(database_path(tmp_path))
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE episode SET notes = 'only in the wal'")
    writer.commit()
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(database_path(tmp_path)) + suffix)
        Path(str(database_path(crashed)) + suffix).write_bytes(source.read_bytes())
    writer.close()
    assert Path(str(database_path(crashed)) + "-wal").stat().st_size > 0

    aside = restore_backup(crashed, backup, MORNING)
    with sqlite3.connect(f"{aside.resolve().as_uri()}?mode=ro", uri=True) as check:
        assert check.execute("SELECT notes FROM episode").fetchall() == [("only in the wal",)]
    check.close()
    assert not Path(str(database_path(crashed)) + "-wal").exists()


def test_quarantine_moves_a_damaged_file_and_its_wal_aside_and_never_deletes(
    tmp_path: Path,
) -> None:
    db_path = database_path(tmp_path)
    damaged = b"SQLite format 3\x00" + os.urandom(4096)
    db_path.write_bytes(damaged)
    Path(str(db_path) + "-wal").write_bytes(b"wal bytes")
    Path(str(db_path) + "-shm").write_bytes(b"shm bytes")
    with pytest.raises(DamagedDatabaseError):
        current_revision(db_path)

    first = quarantine_damaged(tmp_path, MORNING)
    assert first.name == "twitchdesk.sqlite3.set-aside-20260314-080000"
    assert first.read_bytes() == damaged
    assert Path(str(first) + "-wal").read_bytes() == b"wal bytes"
    assert Path(str(first) + "-shm").exists()  # (SQLite itself rebuilds this index file)
    assert not db_path.exists() and not Path(str(db_path) + "-wal").exists()

    db_path.write_bytes(b"a second bad file")
    second = quarantine_damaged(tmp_path, MORNING)  # the same second: a new name, no overwrite
    assert second != first and second.read_bytes() == b"a second bad file"
    assert first.read_bytes() == damaged
    with pytest.raises(FileNotFoundError):
        quarantine_damaged(tmp_path, MORNING)


def test_latest_restorable_backup_skips_damaged_ones(tmp_path: Path) -> None:
    make_diary(tmp_path)
    good = backup_if_due(tmp_path, MORNING)
    bad = backups_dir(tmp_path) / "twitchdesk-20260320-080000-000000-daily.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    latest = backup_policy.latest_restorable_backup(tmp_path)
    assert latest is not None and latest.path == good

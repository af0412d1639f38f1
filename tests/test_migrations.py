"""Schema upgrades: automatic, backed up first, and refusing files they must not touch."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from factories import episode

from twitchdesk.storage import schema
from twitchdesk.storage.backup import list_backups
from twitchdesk.storage.database import backups_dir, database_path, open_diary

FIXTURES = Path(__file__).parent / "fixtures" / "databases"


def alembic_script() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def test_head_revision_constant_matches_the_migrations() -> None:
    script = alembic_script()
    assert script.get_current_head() == schema.HEAD_REVISION
    ordered = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(ordered) == schema.KNOWN_REVISIONS


def test_models_and_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from twitchdesk.storage.models import Base

    diary = open_diary(tmp_path)
    with diary.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    diary.close()
    assert differences == []


def test_an_older_database_is_upgraded_after_a_backup(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    open_diary(data_dir).close()
    db_path = database_path(data_dir)
    # Step the file back to the oldest schema state there is: before the first migration.
    schema.downgrade(db_path, "base")
    assert schema.current_revision(db_path) is None
    assert list_backups(backups_dir(data_dir)) == []

    diary = open_diary(data_dir)
    diary.add_episode(episode())
    diary.close()

    assert schema.current_revision(db_path) == schema.HEAD_REVISION
    backups = list_backups(backups_dir(data_dir), "before-migration")
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
    assert "episode" not in tables  # the backup is the old file, from before the upgrade


def test_a_brand_new_diary_needs_no_backup(tmp_path: Path) -> None:
    open_diary(tmp_path / "data").close()
    assert list_backups(backups_dir(tmp_path / "data")) == []


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema-*.sqlite3")), ids=lambda p: p.name)
def test_saved_databases_of_every_schema_version_upgrade_with_rows_intact(
    tmp_path: Path, fixture: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db_path = database_path(data_dir)
    shutil.copy(fixture, db_path)
    with sqlite3.connect(fixture) as old:
        counts = {
            table: old.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("episode", "episode_symptom", "daily_log", "medication")
        }
        old_revision = old.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert counts["episode"] > 0

    diary = open_diary(data_dir)
    try:
        assert len(diary.episodes(include_deleted=True)) == counts["episode"]
        assert len(diary.days()) == counts["daily_log"]
    finally:
        diary.close()
    assert schema.current_revision(db_path) == schema.HEAD_REVISION
    if old_revision != schema.HEAD_REVISION:
        backups = list_backups(backups_dir(data_dir), "before-migration")
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as copy:
            revision = copy.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert revision == old_revision


def test_every_schema_version_has_a_saved_fixture() -> None:
    saved = {path.stem.removeprefix("schema-") for path in FIXTURES.glob("schema-*.sqlite3")}
    assert saved == set(schema.KNOWN_REVISIONS)


def test_a_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    open_diary(data_dir).close()
    db_path = database_path(data_dir)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = db_path.read_bytes()
    with pytest.raises(schema.NewerDatabaseError, match="newer version"):
        open_diary(data_dir)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db_path = database_path(data_dir)
    db_path.write_text("my shopping list")
    with pytest.raises(schema.NotADiaryError):
        open_diary(data_dir)
    assert db_path.read_text() == "my shopping list"


def test_another_apps_sqlite_database_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with sqlite3.connect(database_path(data_dir)) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    with pytest.raises(schema.NotADiaryError, match="not a diary"):
        open_diary(data_dir)

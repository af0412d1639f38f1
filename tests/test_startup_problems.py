"""Start-up on a diary file that cannot be opened: explained, never changed, recoverable."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import episode

from twitchdesk.storage.backup_policy import backup_if_due
from twitchdesk.storage.database import database_path, open_diary
from twitchdesk.ui import launcher
from twitchdesk.ui.backup_dialogs import DatabaseProblemDialog
from twitchdesk.ui.main_window import MainWindow
from twitchdesk.ui.settings import AppSettings


@pytest.fixture
def window(qtbot, isolated_data_dir: Path):
    main = MainWindow(AppSettings(isolated_data_dir / "settings.ini"), isolated_data_dir)
    qtbot.addWidget(main)
    main.show()
    yield main
    if main.diary is not None:
        main.diary.close()


def press(button_name: str):
    """Stand-in for the modal dialog: press one of its real buttons, as a user would."""

    def ask(dialog: DatabaseProblemDialog):
        from PySide6.QtWidgets import QPushButton

        dialog.findChild(QPushButton, button_name).click()
        return dialog.choice

    return ask


def test_damaged_file_then_quit_leaves_it_untouched(window, isolated_data_dir, monkeypatch):
    isolated_data_dir.mkdir(parents=True, exist_ok=True)
    db = database_path(isolated_data_dir)
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = db.read_bytes()
    monkeypatch.setattr(DatabaseProblemDialog, "ask", press("quit_button"))
    assert launcher.load_diary(window, isolated_data_dir, demo=False) is False
    assert db.read_bytes() == before
    assert window.diary is None


def test_damaged_file_then_restore_latest_backup_opens_it(window, isolated_data_dir, monkeypatch):
    diary = open_diary(isolated_data_dir)
    diary.add_episode(episode())
    diary.close()
    assert backup_if_due(isolated_data_dir) is not None
    db = database_path(isolated_data_dir)
    for stale in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    db.write_text("not a database any more")
    monkeypatch.setattr(DatabaseProblemDialog, "ask", press("restore_button"))
    assert launcher.load_diary(window, isolated_data_dir, demo=False) is True
    assert window.diary is not None
    assert window.diary.episode_count() == 1
    set_aside = [p for p in isolated_data_dir.iterdir() if "not a database" in _text(p)]
    assert set_aside, "the damaged file must be kept, moved aside"


def _text(path: Path) -> str:
    try:
        return path.read_text(errors="ignore") if path.is_file() else ""
    except OSError:
        return ""


def test_file_menu_import_export_restore_follow_the_diary(window, isolated_data_dir):
    assert not window.export_action.isEnabled()
    window.attach_diary(open_diary(isolated_data_dir))
    assert window.import_action.isEnabled()
    assert window.export_action.isEnabled()
    assert window.restore_action.isEnabled()
    diary = window.detach_diary()
    diary.close()
    assert not window.import_action.isEnabled()


def test_todays_backup_is_taken_soon_after_start_not_during_it(
    window, isolated_data_dir, qtbot, monkeypatch
):
    from twitchdesk.storage.backup import list_backups
    from twitchdesk.storage.layout import backups_dir

    monkeypatch.setattr(launcher, "FIRST_BACKUP_DELAY_MS", 50)
    open_diary(isolated_data_dir).close()  # an existing diary from an earlier day
    assert launcher.load_diary(window, isolated_data_dir, demo=False) is True
    assert list_backups(backups_dir(isolated_data_dir), "daily") == []  # not yet: user first
    qtbot.waitUntil(lambda: len(list_backups(backups_dir(isolated_data_dir), "daily")) == 1)

"""Export, import preview, restore and the start-up problem dialog, driven like a user would."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from factories import CET, episode
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton, QWidget

from twitchdesk.core.regions import load_atlas
from twitchdesk.storage.backup_policy import backup_if_due
from twitchdesk.storage.database import database_path, open_diary
from twitchdesk.storage.exchange.csv_format import COLUMNS
from twitchdesk.storage.exchange.importer import plan_import
from twitchdesk.storage.repository import Diary
from twitchdesk.storage.schema import DamagedDatabaseError, DatabaseProblem, NewerDatabaseError
from twitchdesk.ui.data_dialogs import (
    JSON_FILTER,
    DatabaseProblemDialog,
    ImportPreviewDialog,
    RestoreBackupDialog,
    StartupChoice,
    export_dialog,
    import_dialog,
)

ATLAS = load_atlas()
HEADER = ",".join(COLUMNS)
MORNING = datetime(2026, 3, 14, 8, 0)


@pytest.fixture
def diary(tmp_path: Path) -> Iterator[Diary]:
    opened = open_diary(tmp_path / "diary")
    yield opened
    opened.close()


def on_modal(kind: type, action: Callable[[QWidget], None]) -> None:
    """Do `action` on the next modal dialog of `kind` once its exec() loop runs."""
    tries = [0]

    def attempt() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            action(widget)
        elif tries[0] < 200:
            tries[0] += 1
            QTimer.singleShot(10, attempt)

    QTimer.singleShot(0, attempt)


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path, selected_filter: str = "") -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(path), selected_filter)
    )


def capture_warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text, *_a: shown.append(f"{title}: {text}")
    )
    return shown


def bad_csv(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(
        f"{HEADER}\n"
        "2020-03-01,09:00,calf,left,twitch,3,,,,,fine\n"
        "2020-03-01,09:05,calfx,left,twitch,11,,,,,\n"
        "2020-03-01,9h30,calf,left,twitch,3,,,,,\n",
        encoding="utf-8",
    )
    return path


def good_csv(tmp_path: Path) -> Path:
    path = tmp_path / "good.csv"
    path.write_text(
        f"{HEADER}\n"
        '2020-03-01,09:00,calf,left,twitch,3,60,rest,felt,,"a note, with a comma"\n'
        "2020-03-02,21:15,Upper eyelid,right,ripple,5,,,visible,weakness,\n",
        encoding="utf-8",
    )
    return path


def test_the_preview_lists_every_problem_with_its_line_and_cannot_import(
    qtbot, diary: Diary, tmp_path: Path
) -> None:
    dialog = ImportPreviewDialog(plan_import(diary, bad_csv(tmp_path), ATLAS), ATLAS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    lines = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
    assert lines == [
        "Line 3 — region: unknown body region “calfx”",
        "Line 3 — intensity: 11 is above 10",
        "Line 4 — time: “9h30” is not a time of day (use HH:MM, e.g. 21:30)",
    ]
    assert dialog.problem_list.isVisible()
    assert not dialog.import_button.isEnabled()
    assert "3 problems" in dialog.summary_label.text()


def test_a_file_with_problems_imports_nothing(
    qtbot, monkeypatch: pytest.MonkeyPatch, diary: Diary, tmp_path: Path
) -> None:
    choose_file(monkeypatch, bad_csv(tmp_path))
    seen: list[bool] = []

    def look_and_cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportPreviewDialog)
        seen.append(dialog.import_button.isEnabled())
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # disabled: no effect
        dialog.reject()

    on_modal(ImportPreviewDialog, look_and_cancel)
    assert import_dialog(None, diary, atlas=ATLAS) is None
    assert seen == [False]
    assert diary.episodes(include_deleted=True) == []


def test_a_good_file_imports_and_can_be_undone(
    qtbot, monkeypatch: pytest.MonkeyPatch, diary: Diary, tmp_path: Path
) -> None:
    choose_file(monkeypatch, good_csv(tmp_path))
    listed: list[str] = []

    def check_and_import(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportPreviewDialog)
        group = dialog.item_tree.topLevelItem(0)
        listed.append(group.text(0))
        listed.extend(group.child(i).text(0) for i in range(group.childCount()))
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    on_modal(ImportPreviewDialog, check_and_import)
    stack = QUndoStack()
    result = import_dialog(None, diary, undo_stack=stack, atlas=ATLAS)
    assert result is not None and result.episode_count == 2
    assert listed[0] == "Episodes: 2"
    assert "Left calf" in listed[1] and "“a note, with a comma”" in listed[1]
    assert sorted(e.notes for e in diary.episodes()) == ["", "a note, with a comma"]

    assert stack.undoText() == "import of good.csv"
    stack.undo()
    assert diary.episode_count() == 0
    stack.redo()
    assert diary.episode_count() == 2

    # The same file again: nothing new, so the Import button stays off.
    again: list[bool] = []
    on_modal(ImportPreviewDialog, lambda d: (again.append(d.import_button.isEnabled()), d.reject()))
    assert import_dialog(None, diary, atlas=ATLAS) is None
    assert again == [False]


def test_export_writes_a_file_that_imports_back(
    monkeypatch: pytest.MonkeyPatch, diary: Diary, tmp_path: Path
) -> None:
    diary.add_episode(episode(notes='quote " and comma ,'))
    diary.add_episode(episode(datetime(2026, 3, 1, 7, 0, tzinfo=CET), region_id="thumb"))
    target = tmp_path / "export" / "my diary"
    target.parent.mkdir()
    choose_file(monkeypatch, target, JSON_FILTER)
    written = export_dialog(None, diary)
    assert written == target.with_name("my diary.json")  # the chosen format's extension added
    fresh = open_diary(tmp_path / "fresh")
    try:
        plan = plan_import(fresh, written, ATLAS)
        assert plan.problems == [] and len(plan.episodes) == 2
    finally:
        fresh.close()
    assert plan_import(diary, written, ATLAS).new_count == 0
    assert [p.name for p in target.parent.iterdir()] == ["my diary.json"]  # no temporary left


def test_export_to_a_folder_that_cannot_be_written_says_so(
    monkeypatch: pytest.MonkeyPatch, diary: Diary, tmp_path: Path
) -> None:
    choose_file(monkeypatch, tmp_path / "missing-folder" / "out.csv")
    warnings = capture_warnings(monkeypatch)
    assert export_dialog(None, diary) is None
    assert len(warnings) == 1
    assert warnings[0].startswith("Export failed: The file could not be saved")
    assert "Traceback" not in warnings[0]


def damaged_folder_with_backup(tmp_path: Path) -> tuple[Path, DatabaseProblem]:
    data_dir = tmp_path / "data"
    diary = open_diary(data_dir)
    diary.add_episode(episode(notes="safe in the backup"))
    diary.close()
    backup_if_due(data_dir, MORNING)
    database_path(data_dir).write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    with pytest.raises(DamagedDatabaseError) as caught:
        open_diary(data_dir)
    return data_dir, caught.value


def buttons_of(dialog: QWidget) -> list[str]:
    return [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]


def test_the_startup_dialog_offers_three_choices_and_restores_keeping_the_damaged_file(
    qtbot, tmp_path: Path
) -> None:
    data_dir, error = damaged_folder_with_backup(tmp_path)
    damaged = database_path(data_dir).read_bytes()
    dialog = DatabaseProblemDialog(error, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert buttons_of(dialog) == [
        "&Restore the latest backup",
        "&Choose another folder…",
        "&Quit",
    ]
    assert dialog.windowTitle() == "Your diary file is damaged"
    assert dialog.restore_button.isEnabled()

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is StartupChoice.RESTORE_LATEST
    assert dialog.set_aside_path is not None
    assert dialog.set_aside_path.read_bytes() == damaged
    reopened = open_diary(data_dir)
    try:
        assert [e.notes for e in reopened.episodes()] == ["safe in the backup"]
    finally:
        reopened.close()


def test_the_startup_dialog_can_choose_another_folder_or_quit(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(elsewhere))
    error = NewerDatabaseError("schema 9999")

    dialog = DatabaseProblemDialog(error, data_dir)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()  # no backup here
    assert "newer version" in dialog.findChild(QWidget, "problem_text").text()
    on_modal(DatabaseProblemDialog, lambda d: d.folder_button.click())
    assert dialog.ask() is StartupChoice.CHOOSE_FOLDER
    assert dialog.chosen_folder == elsewhere

    quitting = DatabaseProblemDialog(error, data_dir)
    qtbot.addWidget(quitting)
    on_modal(DatabaseProblemDialog, lambda d: d.quit_button.click())
    assert quitting.ask() is StartupChoice.QUIT


def test_a_disk_problem_at_startup_is_explained_without_offering_a_restore(
    qtbot, tmp_path: Path
) -> None:
    error = OSError(28, "No space left on device")
    dialog = DatabaseProblemDialog(error, tmp_path)
    qtbot.addWidget(dialog)
    text = dialog.findChild(QWidget, "problem_text").text()
    assert "No space left on device" in text and "full or read-only" in text
    assert not dialog.restore_button.isEnabled()


def test_restore_lists_backups_newest_first_and_keeps_the_current_diary(
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    diary = open_diary(data_dir)
    diary.add_episode(episode(notes="one"))
    diary.close()
    backup_if_due(data_dir, MORNING)
    diary = open_diary(data_dir)
    diary.add_episode(episode(notes="two"))
    diary.close()
    backup_if_due(data_dir, MORNING + timedelta(days=1))
    diary = open_diary(data_dir)
    diary.add_episode(episode(notes="three"))

    closed: list[bool] = []
    dialog = RestoreBackupDialog(data_dir, close_diary=lambda: (diary.close(), closed.append(True)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = [dialog.backup_list.item(i).text() for i in range(dialog.backup_list.count())]
    assert texts[0].startswith("Sun 15 Mar 2026, 08:00 — daily copy\n2 episodes")
    assert texts[1].startswith("Sat 14 Mar 2026, 08:00 — daily copy\n1 episode ·")

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Cancel)
    dialog.backup_list.setCurrentRow(1)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert closed == [] and dialog.restored is None  # said no: nothing happened

    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *_a: (asked.append(text), QMessageBox.StandardButton.Yes)[1],
    )
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "not deleted" in asked[0]
    assert closed == [True] and dialog.diary_closed
    assert dialog.replaced_path is not None and dialog.replaced_path.exists()
    reopened = open_diary(data_dir)
    try:
        assert [e.notes for e in reopened.episodes()] == ["one"]
    finally:
        reopened.close()

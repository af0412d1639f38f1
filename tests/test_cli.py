"""The command line: version, self-test, demo, and one instance per data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from twitchdesk import __version__
from twitchdesk.app import build_parser, needs_commands
from twitchdesk.data_folder import DataFolderLock, resolve_data_dir
from twitchdesk.storage.database import database_path


def run_cli(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "twitchdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"TwitchDesk {__version__}"


@pytest.mark.parametrize(
    "arguments",
    [[], ["--demo"], ["--data-dir", "/tmp/d"], ["--data-dir=/tmp/d", "--demo"], ["--self-test"]],
)
def test_opening_the_window_parses_without_the_sub_commands(arguments: list[str]) -> None:
    """The window's arguments read the same without the sub-commands' modules (they are
    imported before the first paint otherwise)."""
    assert not needs_commands(arguments)
    assert build_parser(False).parse_args(arguments) == build_parser().parse_args(arguments)


@pytest.mark.parametrize(
    "arguments",
    [["advice"], ["--data-dir", "advice", "report"], ["-h"], ["--data", "/tmp/d"], ["nonsense"]],
)
def test_anything_else_gets_the_full_parser(arguments: list[str]) -> None:
    assert needs_commands(arguments)


def test_a_mistake_is_explained_by_the_full_parser() -> None:
    result = run_cli("nonsense")
    assert result.returncode == 2
    assert "invalid choice: 'nonsense'" in result.stderr


def test_self_test_passes_offscreen() -> None:
    result = run_cli("--self-test")
    assert result.returncode == 0, result.stderr
    assert "self-test passed" in result.stdout
    assert "WAL journal" in result.stdout
    assert "0600" in result.stdout or os.name != "posix"


def test_demo_command_fills_an_empty_folder_once(tmp_path: Path) -> None:
    folder = tmp_path / "demo-diary"
    result = run_cli("demo", "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    assert "episodes" in result.stdout
    assert database_path(folder).is_file()
    again = run_cli("demo", "--data-dir", str(folder))
    assert again.returncode == 1
    assert "empty diary" in again.stderr


def test_data_folder_precedence(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TWITCHDESK_DATA_DIR", str(tmp_path / "from-env"))
    assert resolve_data_dir(None) == tmp_path / "from-env"
    assert resolve_data_dir(str(tmp_path / "cli")) == tmp_path / "cli"
    assert resolve_data_dir(None, demo=True) == tmp_path / "from-env" / "demo"
    monkeypatch.delenv("TWITCHDESK_DATA_DIR")
    assert "TwitchDesk" in str(resolve_data_dir(None))


def test_second_command_on_an_open_folder_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "busy"
    lock = DataFolderLock(folder)
    # Hold the lock from another process, as a running TwitchDesk window would.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from twitchdesk.data_folder import DataFolderLock; "
            "from pathlib import Path; l = DataFolderLock(Path(sys.argv[1])); l.acquire(); "
            "print('locked', flush=True); time.sleep(60)",
            str(folder),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = run_cli("demo", "--data-dir", str(folder))
        assert result.returncode == 1
        assert "already open" in result.stderr
        assert not database_path(folder).exists()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    del lock


def test_second_window_on_an_open_folder_shows_a_message(qtbot, tmp_path, monkeypatch) -> None:
    from twitchdesk.ui.launcher import run_gui
    from twitchdesk.ui.welcome_dialog import WelcomeDialog

    monkeypatch.setattr(WelcomeDialog, "exec", lambda _self: WelcomeDialog.START)
    folder = tmp_path / "busy"
    held = DataFolderLock(folder)
    held.acquire()
    warnings: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text: warnings.append(f"{title}: {text}")
    )
    try:
        assert run_gui(str(folder)) == 1
    finally:
        held.release()
    assert "already open" in warnings[0]
    assert not database_path(folder).exists()

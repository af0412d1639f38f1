"""TwitchDesk opens no network connection: the main flows run with sockets blocked.

Every way Python code reaches the network (connect, DNS lookup, create_connection) is replaced
by a recorder that refuses; the flows must finish and the recorder must stay empty. Qt's own
networking is checked by making sure QtNetwork is never even loaded.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from twitchdesk.core.demo import write_demo
from twitchdesk.core.regions import load_atlas
from twitchdesk.storage.backup_policy import backup_if_due, inspect_backup
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.exchange.exporter import export_csv, export_json
from twitchdesk.storage.exchange.importer import apply_import, plan_import
from twitchdesk.ui.data_dialogs import ImportPreviewDialog, export_dialog
from twitchdesk.ui.main_window import MainWindow
from twitchdesk.ui.settings import AppSettings


class NetworkAttempt(Exception):
    pass


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []

    def refuse(name: str):
        def blocked(*args: object, **_kwargs: object) -> None:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise NetworkAttempt(f"{name} is blocked in this test")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield attempts


def test_the_blocker_notices_an_attempt(network_attempts: list[str]) -> None:
    """The guard itself works: otherwise the test below could never fail."""
    with pytest.raises(Exception, match="blocked"):
        urllib.request.urlopen("http://example.org/", timeout=1)
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("127.0.0.1", 9))
    with socket.socket() as raw, pytest.raises(NetworkAttempt):
        raw.connect(("127.0.0.1", 9))
    assert len(network_attempts) == 3


def test_main_flows_open_no_network_connection(
    qtbot, monkeypatch: pytest.MonkeyPatch, network_attempts: list[str], tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    diary = open_diary(data_dir)
    try:
        write_demo(diary)
        atlas = load_atlas()

        # Export both ways, import into a second diary, back up, inspect the backup.
        (tmp_path / "diary.csv").write_bytes(export_csv(diary))
        (tmp_path / "diary.json").write_bytes(export_json(diary))
        other = open_diary(tmp_path / "other")
        try:
            for name in ("diary.json", "diary.csv"):
                plan = plan_import(other, tmp_path / name, atlas)
                assert plan.problems == []
                if plan.can_apply:
                    apply_import(other, plan)
            assert other.episode_count() == diary.episode_count()
        finally:
            other.close()
        backup = backup_if_due(data_dir)
        assert backup is not None and inspect_backup(backup).restorable

        # The window, every panel, and the data dialogs.
        window = MainWindow(AppSettings(data_dir / "settings.ini"), data_dir)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.attach_diary(diary)
        for name in window.panel_names():
            window.show_panel(name)
            qtbot.wait(20)
        preview = ImportPreviewDialog(plan_import(diary, tmp_path / "diary.json", atlas), atlas)
        qtbot.addWidget(preview)
        preview.show()
        qtbot.waitExposed(preview)
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "w.json"), "")
        )
        assert export_dialog(window, diary) is not None
        window.detach_diary()
    finally:
        diary.close()

    assert network_attempts == []
    assert "PySide6.QtNetwork" not in sys.modules


CLI_FLOWS = """
import argparse, socket, sys
from pathlib import Path

attempts = []
def refuse(*args, **kwargs):
    attempts.append(args)
    raise OSError("network blocked")
socket.socket.connect = socket.socket.connect_ex = socket.socket.sendto = refuse
socket.create_connection = socket.getaddrinfo = socket.gethostbyname = refuse

from twitchdesk.app import main
from twitchdesk.cli_data import add_parsers, run_export, run_import
from twitchdesk.storage.database import open_diary

data, other, out = (Path(arg) for arg in sys.argv[1:4])
assert main(["demo", "--data-dir", str(data)]) == 0
parser = argparse.ArgumentParser()
add_parsers(parser.add_subparsers())
diary = open_diary(data)
assert run_export(parser.parse_args(["export", "-o", str(out)]), diary) == 0
diary.close()
diary = open_diary(other)
assert run_import(parser.parse_args(["import", str(out)]), diary) == 0
diary.close()
print("ATTEMPTS", attempts, "QtNetwork" in " ".join(sys.modules))
"""


def test_command_line_flows_open_no_network_connection(tmp_path: Path) -> None:
    """A fresh interpreter (nothing imported yet): demo, export and import with sockets blocked."""
    paths = [str(tmp_path / name) for name in ("data", "other", "out.json")]
    result = subprocess.run(
        [sys.executable, "-c", CLI_FLOWS, *paths], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "ATTEMPTS [] False"

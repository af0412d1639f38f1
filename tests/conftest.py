"""Shared test set-up.

Qt must run offscreen before any QApplication exists (without a display it aborts), and every test
gets its own data folder so nothing touches a real diary or another test's settings.
"""

from __future__ import annotations

import os

# A 1920x1200 virtual desktop: the offscreen default (800x800) is smaller than our main window.
_SCREEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "offscreen-screen.json")
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the app's data folder (database, settings, backups) at a per-test folder."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv("TWITCHDESK_DATA_DIR", str(data_dir))
    # QStandardPaths and friends must not reach the developer's real home either.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    yield data_dir

"""Keeping the user's data private on disk: folder 0700, files 0600 on POSIX systems."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def secure_directory(path: Path) -> Path:
    """Create `path` (and parents) if needed and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if os.name == "posix":
        path.chmod(PRIVATE_DIR_MODE)
    return path


def secure_file(path: Path) -> None:
    """Make an existing file readable and writable by its owner only."""
    if os.name == "posix" and path.exists():
        path.chmod(PRIVATE_FILE_MODE)


def secure_tree(path: Path) -> None:
    """Tighten a folder we own and every file in it (e.g. after SQLite made WAL/SHM files)."""
    if os.name != "posix" or not path.exists():
        return
    path.chmod(PRIVATE_DIR_MODE)
    for child in path.iterdir():
        mode = child.lstat().st_mode
        if stat.S_ISDIR(mode):
            secure_tree(child)
        elif stat.S_ISREG(mode):
            child.chmod(PRIVATE_FILE_MODE)

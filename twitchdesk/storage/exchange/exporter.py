"""Building export files and writing them so that a crash never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from twitchdesk import __version__
from twitchdesk.storage.exchange.csv_format import dump_csv
from twitchdesk.storage.exchange.json_format import dump_json
from twitchdesk.storage.exchange.snapshot import read_content
from twitchdesk.storage.repository import Diary

FORMATS = ("csv", "json")


def format_for_path(path: Path) -> str | None:
    """ "csv" or "json" from the file name's extension; None when it says neither."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def export_csv(diary: Diary) -> bytes:
    """Live episodes, oldest first, as the spreadsheet columns of DESIGN.md."""
    return dump_csv(entry.record for entry in read_content(diary).episodes)


def export_json(
    diary: Diary, *, include_deleted: bool = False, now: datetime | None = None
) -> bytes:
    content = read_content(diary, include_deleted=include_deleted)
    return dump_json(content, __version__, now or datetime.now(UTC), demo=diary.is_demo)


def export_bytes(diary: Diary, fmt: str) -> bytes:
    if fmt == "csv":
        return export_csv(diary)
    if fmt == "json":
        return export_json(diary)
    raise ValueError(f"unknown export format {fmt!r} (expected csv or json)")


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder, then rename.

    Either the whole new file is there or the old one (if any) is untouched. OSError (a
    read-only folder, a full disk) reaches the caller, with the temporary file removed.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

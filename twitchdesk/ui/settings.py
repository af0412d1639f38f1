"""User settings, each declared once with its type and default, stored in an INI file.

The file lives in the data folder (not the registry or ~/.config) so that everything TwitchDesk
keeps about a user is in one private place, and a demo diary has settings of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


class Setting(Generic[T]):
    """A typed settings key; reading converts INI strings back to the declared type."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: AppSettings | None, owner: type) -> Any:
        if instance is None:
            return self
        raw = instance.qsettings.value(self.key, None)
        if raw is None:
            return self.default
        return _convert(raw, self.default)

    def __set__(self, instance: AppSettings, value: T) -> None:
        instance.qsettings.setValue(self.key, value)


def _convert(raw: Any, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            return raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, QByteArray):
            return raw if isinstance(raw, QByteArray) else QByteArray(raw)
        if isinstance(default, str):
            return str(raw)
    except (TypeError, ValueError):
        return default  # a hand-edited or damaged value must never stop the app from starting
    return raw


class AppSettings:
    window_geometry = Setting("window/geometry", QByteArray())
    window_state = Setting("window/state", QByteArray())
    last_panel = Setting("window/last_panel", "log")
    reader_text_size = Setting("reader/text_size", 0)
    theme = Setting("appearance/theme", "system")  # system | light | dark
    # The system's colour scheme when last seen ("dark" | "light"; "" before the first run).
    system_scheme = Setting("appearance/system_scheme", "")
    week_starts_monday = Setting("calendar/week_starts_monday", True)
    paper_size = Setting("report/paper_size", "locale")  # locale | a4 | letter
    reminder_enabled = Setting("reminder/enabled", False)
    reminder_time = Setting("reminder/time", "20:00")
    # Only stored when the user ticks "remember" in the report options.
    report_patient_name = Setting("report/patient_name", "")
    report_patient_dob = Setting("report/patient_dob", "")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self.qsettings.sync()

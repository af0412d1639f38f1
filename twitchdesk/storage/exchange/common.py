"""Values shared by the exchange formats: what a file holds, where each item came from, and
what is wrong with it.

Times follow the database's conventions: an episode's `started_at` is aware (its own UTC
offset); `created_at`, `updated_at` and `deleted_at` are naive UTC. None for `created_at` or
`updated_at` of an imported item means "stamp it with the time of the import".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from twitchdesk.storage.records import (
    AdviceStateRecord,
    DailyFactors,
    EpisodeRecord,
    MedicationRecord,
)


class RegionLookup(Protocol):
    """Maps what a file says about a body region (an id or a label) to a region id."""

    def resolve(self, text: str) -> str | None: ...


@dataclass(frozen=True)
class Finding:
    """One thing to tell the user about an item of an imported file.

    `where` is "line 12" for CSV and a JSON path such as "episodes[12].intensity" for JSON;
    `line` is the physical line the item starts on, when known.
    """

    where: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"

    def located(self, file_label: str) -> str:
        """`FILE:LINE: reason` (as compilers print it), or `FILE: path: reason` for JSON."""
        if self.line is not None:
            return f"{file_label}:{self.line}: {self.reason}"
        return f"{file_label}: {self.where}: {self.reason}"


@dataclass(frozen=True)
class EpisodeEntry:
    record: EpisodeRecord  # uid always set; id is meaningless here
    where: str = ""
    line: int | None = None


@dataclass(frozen=True)
class DayEntry:
    factors: DailyFactors
    updated_at: datetime | None = None
    where: str = ""
    line: int | None = None


@dataclass(frozen=True)
class MedicationEntry:
    record: MedicationRecord  # uid always set
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    where: str = ""


@dataclass(frozen=True)
class AdviceEntry:
    state: AdviceStateRecord
    where: str = ""


@dataclass
class DiaryContent:
    """Everything a full export holds (or a part of it, for CSV)."""

    episodes: list[EpisodeEntry] = field(default_factory=list)
    days: list[DayEntry] = field(default_factory=list)
    medications: list[MedicationEntry] = field(default_factory=list)
    advice: list[AdviceEntry] = field(default_factory=list)

    def item_count(self) -> int:
        return len(self.episodes) + len(self.days) + len(self.medications) + len(self.advice)


@dataclass
class ParsedFile(DiaryContent):
    """A file read and checked; nothing from it may be stored while `problems` is not empty."""

    format: str = ""  # "csv" or "json"
    problems: list[Finding] = field(default_factory=list)
    # CSV has no uids of the diary's own episodes: an exported row must also be recognised by
    # its content, so that exporting to CSV and importing back adds nothing twice.
    match_episode_content: bool = False


def line_of_offset(data: bytes, offset: int) -> int:
    """The 1-based line number of a byte offset (for decoding errors)."""
    return data.count(b"\n", 0, offset) + 1


def decode_utf8(data: bytes) -> tuple[str | None, Finding | None]:
    """The file's text (a BOM is dropped), or a finding saying where it stops being UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = line_of_offset(data, error.start)
        return None, Finding(
            f"line {line}",
            "the file is not UTF-8 text here; save it again as “CSV UTF-8” or plain UTF-8",
            line,
        )

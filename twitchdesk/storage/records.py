"""Plain, immutable values the rest of the app works with (no database session attached).

Times in records are timezone-aware: an episode's `started_at` carries the UTC offset the
computer had when it was logged, so its local date and hour are what the user saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache


@dataclass(frozen=True)
class EpisodeDraft:
    """What the user enters for one episode."""

    started_at: datetime  # timezone-aware
    region_id: str
    side: str
    kind: str = "twitch"
    intensity: int = 3
    duration_s: int | None = None  # None: unknown or still going
    context: str | None = None
    seen: bool | None = None  # True: visible; False: only felt
    symptoms: frozenset[str] = field(default_factory=frozenset)
    notes: str = ""

    @property
    def local_date(self) -> date:
        return self.started_at.date()


@dataclass(frozen=True)
class EpisodeRecord(EpisodeDraft):
    id: int = 0
    uid: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    def draft(self) -> EpisodeDraft:
        return EpisodeDraft(
            started_at=self.started_at,
            region_id=self.region_id,
            side=self.side,
            kind=self.kind,
            intensity=self.intensity,
            duration_s=self.duration_s,
            context=self.context,
            seen=self.seen,
            symptoms=self.symptoms,
            notes=self.notes,
        )


@dataclass(frozen=True)
class DailyFactors:
    """One day's check-in. None in a field means "not recorded", which is not the same as zero."""

    day: date
    caffeine_mg: float | None = None
    sleep_h: float | None = None
    stress: int | None = None
    exercise_min: int | None = None
    exercise_intensity: str | None = None
    alcohol_units: float | None = None
    water_l: float | None = None
    notes: str = ""

    def is_empty(self) -> bool:
        values = (
            self.caffeine_mg,
            self.sleep_h,
            self.stress,
            self.exercise_min,
            self.exercise_intensity,
            self.alcohol_units,
            self.water_l,
        )
        return all(value is None for value in values) and not self.notes.strip()


@dataclass(frozen=True)
class MedicationDraft:
    name: str
    category: str
    started_on: date
    dose: str = ""
    stopped_on: date | None = None  # None: still taking it
    notes: str = ""

    def active_on(self, day: date) -> bool:
        """Taken on `day`: from the start date up to and including the stop date."""
        return self.started_on <= day and (self.stopped_on is None or day <= self.stopped_on)


@dataclass(frozen=True)
class MedicationRecord(MedicationDraft):
    id: int = 0
    uid: str = ""


@dataclass(frozen=True)
class AdviceStateRecord:
    rule_id: str
    dismissed_at: datetime | None = None
    snoozed_until: date | None = None


def to_utc_naive(moment: datetime) -> tuple[datetime, int]:
    """Split an aware datetime into (naive UTC, offset in minutes) for storage."""
    if moment.tzinfo is None:
        raise ValueError("episode times must be timezone-aware")
    offset = moment.utcoffset() or timedelta(0)
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return utc, int(offset.total_seconds() // 60)


def from_utc_naive(utc: datetime, offset_min: int) -> datetime:
    """The aware local time of a stored (naive UTC, offset) pair.

    Called for every episode read (thousands for Trends and advice): the offset's zone is made
    once, and the arithmetic is done without a time-zone conversion."""
    zone = _fixed_zone(offset_min)
    return (utc + zone.utcoffset(None)).replace(tzinfo=zone)


@lru_cache(maxsize=64)
def _fixed_zone(offset_min: int) -> timezone:
    return UTC if offset_min == 0 else timezone(timedelta(minutes=offset_min))

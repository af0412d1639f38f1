"""What the clinician's report says, as plain values (no Qt): filled in by `build.py`, drawn
by `document.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from twitchdesk.core.facts import format_number
from twitchdesk.core.trends import DateRange, Trend, TrendSummary
from twitchdesk.storage.aggregates import RegionSideCount

LabelFn = Callable[..., str]  # (region_id, side=None) -> "Left calf"
DISCLAIMER = (
    "TwitchDesk does not diagnose. This report shows what the patient logged in their own diary "
    "and the general advice the app gave; it is not a medical assessment."
)


@dataclass(frozen=True)
class Patient:
    name: str = ""
    date_of_birth: date | None = None

    @property
    def given(self) -> bool:
        return bool(self.name.strip()) or self.date_of_birth is not None


@dataclass(frozen=True)
class Headline:
    episodes: int
    active_days: int  # days with at least one episode
    known_days: int  # days of the period since the diary began (earlier days are unknown)
    regions: int  # distinct body regions
    trend: Trend | None
    trend_text: str  # one sentence; says so when there is not enough diary yet


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str


@dataclass(frozen=True)
class RegionRow:
    region_id: str
    label: str
    left: int
    right: int
    midline: int
    both: int
    mean_intensity: float

    @property
    def total(self) -> int:
        return self.left + self.right + self.midline + self.both


@dataclass(frozen=True)
class FactorLine:
    name: str
    value: str  # "350 mg a day on average (highest 665 mg)"
    reference: str  # "about 400 mg a day or less" or ""
    detail: str  # "12 of 85 recorded days above 400 mg"
    flagged: bool = False  # beyond the reference


@dataclass(frozen=True)
class MedicineRow:
    name: str
    category: str
    dose: str
    started: date
    stopped: date | None
    notes: str


@dataclass(frozen=True)
class AdviceRow:
    level: str
    level_label: str
    title: str
    text: str
    reasons: list[str]
    red_flag: bool
    hidden_because: str | None = None


@dataclass(frozen=True)
class EpisodeRow:
    day: date
    time: str
    region: str
    kind: str
    intensity: int
    duration: str
    context: str
    symptoms: str
    notes: str


@dataclass(frozen=True)
class ReportData:
    period: DateRange
    generated_at: datetime
    app_version: str
    patient: Patient
    diary_span: DateRange | None  # first and last day with an episode, whole diary
    diary_episodes: int  # episodes in the whole diary
    headline: Headline
    answers: list[Answer]
    regions: list[RegionRow]  # most episodes first
    region_sides: list[RegionSideCount]  # the aggregate the body map is coloured from
    face_groups: frozenset[str]  # region ids of the face group (drawn in the close-up)
    summary: TrendSummary  # what the chart draws
    overview: list[str]
    factors: list[FactorLine]
    findings: list[str]  # associations with enough data behind them
    caveat: str
    medicines: list[MedicineRow]
    advice: list[AdviceRow]  # red flags first
    advice_day: date
    episodes: list[EpisodeRow] = field(default_factory=list)  # the log: the latest, oldest first
    period_episodes: int = 0  # all the period's episodes (the log may list only the latest)

    @property
    def empty(self) -> bool:
        return self.headline.episodes == 0


# -- words -------------------------------------------------------------------------------------
def short_label(labels: dict[str, str], code: str) -> str:
    """'Twitch' from 'Twitch (small flicker)'; an unknown code as it is."""
    return labels.get(code, code).split(" (")[0]


def format_duration(seconds: float) -> str:
    if seconds < 60:
        return f"{format_number(round(seconds))} s"
    if seconds < 3600:
        return f"{format_number(round(seconds / 60, 1))} min"
    return f"{format_number(round(seconds / 3600, 1))} h"


def format_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def period_text(period: DateRange) -> str:
    days = count(period.day_count, "day")
    return f"{format_day(period.first)} to {format_day(period.last)} ({days})"

"""Counts of live episodes per local day, region and side, hour and weekday, and daily factors.

Shared by the Trends panel and the printed report: every function takes the diary and a `Scope`
(a local-date range, inclusive, and optionally one region) and returns plain dataclasses.

Episodes store naive UTC plus the offset the computer had, so the *local* day and hour are
computed in SQL. A filter on that expression cannot use an index, so each query first narrows
`started_at` to a UTC window widened by the largest offsets in use (UTC-12 to UTC+14), which the
(deleted_at, started_at) index serves, and only then compares local dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Connection, Integer, String, cast, func, literal, select

from twitchdesk.storage import models
from twitchdesk.storage.repository import Diary

# Real-world UTC offsets run from -12:00 to +14:00; 14 h either way covers both.
_OFFSET_SLACK = timedelta(hours=14)

_E = models.Episode
_D = models.DailyLog

_MODIFIER = func.printf("%+d minutes", _E.utc_offset_min)
LOCAL_DATE: ColumnElement[str] = func.date(_E.started_at, _MODIFIER, type_=String)
LOCAL_HOUR: ColumnElement[int] = cast(func.strftime("%H", _E.started_at, _MODIFIER), Integer)
# A check-in's values, in the order of `DayFactors` after `checked_in`.
CHECK_IN_COLUMNS = (
    _D.caffeine_mg,
    _D.sleep_h,
    _D.stress,
    _D.exercise_min,
    _D.exercise_intensity,
    _D.alcohol_units,
    _D.water_l,
)
# strftime('%w') counts from Sunday = 0; Python and the charts count from Monday = 0.
LOCAL_WEEKDAY: ColumnElement[int] = (
    cast(func.strftime("%w", _E.started_at, _MODIFIER), Integer) + 6
) % 7


@dataclass(frozen=True)
class Scope:
    """Local dates `first`..`last` inclusive; `region_id` None means every region."""

    first: date
    last: date
    region_id: str | None = None

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"scope ends ({self.last}) before it starts ({self.first})")

    @property
    def day_count(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class DayCount:
    day: date
    episodes: int
    mean_intensity: float
    max_intensity: int


@dataclass(frozen=True)
class RegionSideCount:
    region_id: str
    side: str
    episodes: int
    mean_intensity: float


@dataclass(frozen=True)
class HourWeekdayCount:
    weekday: int  # 0 = Monday
    hour: int  # 0-23, local
    episodes: int


@dataclass(frozen=True)
class DayFactors:
    """One local day: its episode count (0 if none) and its check-in (None = not recorded)."""

    day: date
    episodes: int
    checked_in: bool
    caffeine_mg: float | None = None
    sleep_h: float | None = None
    stress: int | None = None
    exercise_min: int | None = None
    exercise_intensity: str | None = None
    alcohol_units: float | None = None
    water_l: float | None = None


@dataclass(frozen=True)
class Aggregates:
    """Everything the trend charts need for one scope, read in one snapshot."""

    scope: Scope
    per_day: list[DayCount]  # only days with episodes, oldest first
    per_region: list[RegionSideCount]  # most episodes first
    per_hour: list[HourWeekdayCount]  # only cells with episodes
    factors: list[DayFactors]  # every day of the scope, oldest first

    @property
    def total_episodes(self) -> int:
        return sum(row.episodes for row in self.per_day)


class AggregateSource(Protocol):
    """Where trends read their numbers: the SQL below, or a cache of it (`aggregate_cache`)."""

    def span(self) -> tuple[date, date] | None: ...
    def per_day(self, scope: Scope) -> list[DayCount]: ...
    def per_region(self, scope: Scope) -> list[RegionSideCount]: ...
    def per_hour(self, scope: Scope) -> list[HourWeekdayCount]: ...
    def factors(self, scope: Scope) -> list[DayFactors]: ...


@dataclass(frozen=True)
class SqlAggregates:
    """The functions below as an `AggregateSource`: every question is one SQL query."""

    diary: Diary

    def span(self) -> tuple[date, date] | None:
        return self.diary.episode_span()

    def per_day(self, scope: Scope) -> list[DayCount]:
        return episodes_per_day(self.diary, scope)

    def per_region(self, scope: Scope) -> list[RegionSideCount]:
        return episodes_per_region(self.diary, scope)

    def per_hour(self, scope: Scope) -> list[HourWeekdayCount]:
        return episodes_per_hour(self.diary, scope)

    def factors(self, scope: Scope) -> list[DayFactors]:
        return factors_per_day(self.diary, scope)


# -- public API: each opens one read connection ------------------------------------------------
def episodes_per_day(diary: Diary, scope: Scope) -> list[DayCount]:
    with _connect(diary) as connection:
        return _per_day(connection, scope)


def episodes_per_region(diary: Diary, scope: Scope) -> list[RegionSideCount]:
    with _connect(diary) as connection:
        return _per_region(connection, scope)


def episodes_per_hour(diary: Diary, scope: Scope) -> list[HourWeekdayCount]:
    with _connect(diary) as connection:
        return _per_hour(connection, scope)


def factors_per_day(diary: Diary, scope: Scope) -> list[DayFactors]:
    with _connect(diary) as connection:
        return _factors(connection, scope)


def load_aggregates(diary: Diary, scope: Scope) -> Aggregates:
    # One transaction, so the charts never mix counts from before and after a concurrent write.
    with _connect(diary) as connection:
        return Aggregates(
            scope=scope,
            per_day=_per_day(connection, scope),
            per_region=_per_region(connection, scope),
            per_hour=_per_hour(connection, scope),
            factors=_factors(connection, scope),
        )


# -- queries ---------------------------------------------------------------------------------
@contextmanager
def _connect(diary: Diary) -> Iterator[Connection]:
    with diary.engine.connect() as connection, connection.begin():
        yield connection


def in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    utc_low = datetime.combine(scope.first, time()) - _OFFSET_SLACK
    utc_high = datetime.combine(scope.last + timedelta(days=1), time()) + _OFFSET_SLACK
    conditions: list[ColumnElement[bool]] = [
        _E.deleted_at.is_(None),
        _E.started_at >= utc_low,
        _E.started_at < utc_high,
        LOCAL_DATE.between(scope.first.isoformat(), scope.last.isoformat()),
    ]
    if scope.region_id is not None:
        conditions.append(_E.region_id == scope.region_id)
    return conditions


def _per_day(connection: Connection, scope: Scope) -> list[DayCount]:
    day = LOCAL_DATE.label("day")
    query = (
        select(day, func.count(), func.avg(_E.intensity), func.max(_E.intensity))
        .where(*in_scope(scope))
        .group_by(day)
        .order_by(day)
    )
    return [
        DayCount(date.fromisoformat(row[0]), int(row[1]), float(row[2]), int(row[3]))
        for row in connection.execute(query)
    ]


def _per_region(connection: Connection, scope: Scope) -> list[RegionSideCount]:
    count = func.count().label("episodes")
    query = (
        select(_E.region_id, _E.side, count, func.avg(_E.intensity))
        .where(*in_scope(scope))
        .group_by(_E.region_id, _E.side)
        .order_by(count.desc(), _E.region_id, _E.side)
    )
    return [
        RegionSideCount(str(row[0]), str(row[1]), int(row[2]), float(row[3]))
        for row in connection.execute(query)
    ]


def _per_hour(connection: Connection, scope: Scope) -> list[HourWeekdayCount]:
    weekday = LOCAL_WEEKDAY.label("weekday")
    hour = LOCAL_HOUR.label("hour")
    query = (
        select(weekday, hour, func.count())
        .where(*in_scope(scope))
        .group_by(weekday, hour)
        .order_by(weekday, hour)
    )
    return [
        HourWeekdayCount(int(row[0]), int(row[1]), int(row[2])) for row in connection.execute(query)
    ]


def _factors(connection: Connection, scope: Scope) -> list[DayFactors]:
    # Every day of the scope from a recursive CTE, so days without episodes or check-ins still
    # appear: missing episodes become 0, a missing check-in stays NULL ("not recorded").
    start = select(literal(scope.first.isoformat(), String).label("day")).cte(
        "scope_days", recursive=True
    )
    days = start.union_all(
        select(func.date(start.c.day, "+1 day", type_=String)).where(
            start.c.day < scope.last.isoformat()
        )
    )
    day = LOCAL_DATE.label("day")
    counts = (
        select(day, func.count().label("episodes"))
        .where(*in_scope(scope))
        .group_by(day)
        .subquery("counts")
    )
    query = (
        select(
            days.c.day,
            func.coalesce(counts.c.episodes, 0),
            _D.id,
            *CHECK_IN_COLUMNS,
        )
        .select_from(days)
        .outerjoin(counts, counts.c.day == days.c.day)
        .outerjoin(_D, _D.day == days.c.day)
        .order_by(days.c.day)
    )
    return [_day_factors(row) for row in connection.execute(query)]


def _day_factors(row: Any) -> DayFactors:
    return DayFactors(
        day=date.fromisoformat(row[0]),
        episodes=int(row[1]),
        checked_in=row[2] is not None,
        caffeine_mg=row[3],
        sleep_h=row[4],
        stress=row[5],
        exercise_min=row[6],
        exercise_intensity=row[7],
        alcohol_units=row[8],
        water_l=row[9],
    )

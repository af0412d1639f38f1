"""Counts of live episodes per local day, region and side, hour and weekday, and daily factors.

Shared by the Trends panel and the printed report: every function takes the diary and a `Scope`
(a local-date range, inclusive, and optionally one region) and returns plain dataclasses.

Episodes store naive UTC plus the offset the computer had, so the *local* day and hour are
computed in SQL. A filter on that expression cannot use an index, so each query first narrows
`started_at` to a UTC window widened by the largest offsets in use (UTC-12 to UTC+14), which the
(deleted_at, started_at) index serves, and only then compares local dates.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from twitchdesk.storage.plain_sql import DAY_FIELDS, read_snapshot, stamp
from twitchdesk.storage.repository import Diary

# Real-world UTC offsets run from -12:00 to +14:00; 14 h either way covers both.
_OFFSET_SLACK = timedelta(hours=14)

# An episode's local date, hour and weekday: its stored UTC time moved by its own offset.
_MODIFIER = "printf('%+d minutes', utc_offset_min)"
LOCAL_DATE = f"date(started_at, {_MODIFIER})"
LOCAL_HOUR = f"CAST(strftime('%H', started_at, {_MODIFIER}) AS INTEGER)"
# strftime('%w') counts from Sunday = 0; Python and the charts count from Monday = 0.
LOCAL_WEEKDAY = f"(CAST(strftime('%w', started_at, {_MODIFIER}) AS INTEGER) + 6) % 7"
# A check-in's values, in the order of `DayFactors` after `checked_in`.
CHECK_IN_COLUMNS = tuple(name for name in DAY_FIELDS if name != "notes")


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
# Plain SQL over the diary's standard-library connection (see plain_sql.py): the Trends panel
# and the report do not wait for SQLAlchemy's import.
def _connect(diary: Diary) -> AbstractContextManager[sqlite3.Connection]:
    """One read transaction: every query in it sees the same snapshot of the diary."""
    return read_snapshot(diary.plain_connection)


def in_scope(scope: Scope) -> tuple[str, list[Any]]:
    """The SQL condition (and its parameters) for the live episodes of `scope`."""
    utc_low = datetime.combine(scope.first, time()) - _OFFSET_SLACK
    utc_high = datetime.combine(scope.last + timedelta(days=1), time()) + _OFFSET_SLACK
    condition = (
        f"deleted_at IS NULL AND started_at >= ? AND started_at < ?"
        f" AND {LOCAL_DATE} BETWEEN ? AND ?"
    )
    parameters: list[Any] = [
        stamp(utc_low),
        stamp(utc_high),
        scope.first.isoformat(),
        scope.last.isoformat(),
    ]
    if scope.region_id is not None:
        condition += " AND region_id = ?"
        parameters.append(scope.region_id)
    return condition, parameters


def _rows(connection: sqlite3.Connection, sql: str, parameters: Sequence[Any]) -> list[Any]:
    return connection.execute(sql, parameters).fetchall()


def _per_day(connection: sqlite3.Connection, scope: Scope) -> list[DayCount]:
    where, parameters = in_scope(scope)
    sql = (
        f"SELECT {LOCAL_DATE} AS day, count(*), avg(intensity), max(intensity)"
        f" FROM episode WHERE {where} GROUP BY day ORDER BY day"
    )
    return [
        DayCount(date.fromisoformat(row[0]), int(row[1]), float(row[2]), int(row[3]))
        for row in _rows(connection, sql, parameters)
    ]


def _per_region(connection: sqlite3.Connection, scope: Scope) -> list[RegionSideCount]:
    where, parameters = in_scope(scope)
    sql = (
        "SELECT region_id, side, count(*) AS episodes, avg(intensity)"
        f" FROM episode WHERE {where}"
        " GROUP BY region_id, side ORDER BY episodes DESC, region_id, side"
    )
    return [
        RegionSideCount(str(row[0]), str(row[1]), int(row[2]), float(row[3]))
        for row in _rows(connection, sql, parameters)
    ]


def _per_hour(connection: sqlite3.Connection, scope: Scope) -> list[HourWeekdayCount]:
    where, parameters = in_scope(scope)
    sql = (
        f"SELECT {LOCAL_WEEKDAY} AS weekday, {LOCAL_HOUR} AS hour, count(*)"
        f" FROM episode WHERE {where} GROUP BY weekday, hour ORDER BY weekday, hour"
    )
    return [
        HourWeekdayCount(int(row[0]), int(row[1]), int(row[2]))
        for row in _rows(connection, sql, parameters)
    ]


def _factors(connection: sqlite3.Connection, scope: Scope) -> list[DayFactors]:
    # Every day of the scope from a recursive CTE, so days without episodes or check-ins still
    # appear: missing episodes become 0, a missing check-in stays NULL ("not recorded").
    where, parameters = in_scope(scope)
    check_in = ", ".join(f"daily_log.{name}" for name in CHECK_IN_COLUMNS)
    sql = f"""
        WITH RECURSIVE scope_days(day) AS (
            SELECT ? UNION ALL SELECT date(day, '+1 day') FROM scope_days WHERE day < ?
        ),
        counts AS (
            SELECT {LOCAL_DATE} AS day, count(*) AS episodes FROM episode WHERE {where}
            GROUP BY day
        )
        SELECT scope_days.day, coalesce(counts.episodes, 0), daily_log.id, {check_in}
        FROM scope_days
        LEFT OUTER JOIN counts ON counts.day = scope_days.day
        LEFT OUTER JOIN daily_log ON daily_log.day = scope_days.day
        ORDER BY scope_days.day"""
    days = [scope.first.isoformat(), scope.last.isoformat()]
    return [_day_factors(row) for row in _rows(connection, sql, [*days, *parameters])]


def _day_factors(row: Any) -> DayFactors:
    return DayFactors(date.fromisoformat(row[0]), int(row[1]), row[2] is not None, *row[3:])

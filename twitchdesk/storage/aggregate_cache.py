"""The aggregates of `storage.aggregates`, answered from a copy of the diary held in memory.

Every SQL aggregate scans the episodes of its period; on a ten-year diary "All" costs a few
hundred milliseconds a question, and the Trends panel asks again on every click. This cache
reads the five columns the charts need once (one scan), keeps them as numpy arrays sorted by
local day, and then answers any period and region in milliseconds, with the same rows as the
SQL functions (tests compare the two). It listens to the diary and forgets the episodes when
they change and the check-ins when those change; the next question reads them again.

numpy is imported at the top: only the Trends panel imports this module, after matplotlib
(which brings numpy) has loaded, never at start-up.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import numpy as np

from twitchdesk.storage.aggregates import (
    CHECK_IN_COLUMNS,
    DayCount,
    DayFactors,
    HourWeekdayCount,
    RegionSideCount,
    Scope,
)
from twitchdesk.storage.plain_sql import read_snapshot
from twitchdesk.storage.repository import Diary

_EPOCH = date(1970, 1, 1).toordinal()  # day numbers below count from 1970-01-01
_DAY_S = 86_400
# Seconds from the Julian day epoch, as SQLite's own strftime('%s') derives them (from its
# whole milliseconds) but without formatting and re-parsing text: half the cost per row.
_JULIAN_SECONDS = (
    "(CAST(round(julianday(started_at) * 86400000) AS INTEGER) / 1000 + utc_offset_min * 60)"
)
_JULIAN_TO_UNIX_S = 210_866_760_000


@dataclass(frozen=True)
class EpisodeColumns:
    """Every live episode, oldest local day first, as parallel arrays."""

    day: Any  # int64 local day number (days since 1970-01-01)
    hour: Any  # int64 local hour, 0-23
    region: Any  # int64 index into `regions`
    side: Any  # int64 index into `sides`
    intensity: Any  # int64, 1-10
    regions: tuple[str, ...]
    sides: tuple[str, ...]

    @classmethod
    def read(cls, diary: Diary) -> EpisodeColumns:
        with read_snapshot(diary.plain_connection) as connection:
            # The (region, side) index answers this without reading the table.
            pairs = connection.execute("SELECT DISTINCT region_id, side FROM episode").fetchall()
            regions = tuple(sorted({region for region, _ in pairs}))
            sides = tuple(sorted({side for _, side in pairs}))
            if not pairs:  # no episode at all (and no CASE without a WHEN)
                return cls._from_packed(np.zeros(0, dtype=np.int64), regions, sides)
            # One number per episode, joined into one string by SQLite: handing 110,000 rows
            # to Python one by one costs more than the scan itself.
            packed = (
                f"(({_JULIAN_SECONDS} * {len(regions)} + {_code('region_id', regions)})"
                f" * {len(sides)} + {_code('side', sides)}) * 16 + intensity"
            )
            # typeof() instead of "IS NULL": a full scan is faster than the (deleted_at,
            # started_at) index when nearly every row is live.
            text = connection.execute(
                f"SELECT group_concat({packed}) FROM episode WHERE typeof(deleted_at) = 'null'",
                [*regions, *sides],
            ).fetchone()[0]
        return cls._from_packed(np.fromstring(text or "", dtype=np.int64, sep=","), regions, sides)

    @classmethod
    def _from_packed(
        cls, values: Any, regions: tuple[str, ...], sides: tuple[str, ...]
    ) -> EpisodeColumns:
        values.sort()  # by local time first, since the seconds are the highest "digits"
        rest, intensity = np.divmod(values, 16)
        rest, side = np.divmod(rest, max(len(sides), 1))
        seconds, region = np.divmod(rest, max(len(regions), 1))
        seconds -= _JULIAN_TO_UNIX_S
        return cls(
            day=seconds // _DAY_S,  # floor division: right for instants before 1970 too
            hour=(seconds % _DAY_S) // 3600,
            region=region,
            side=side,
            intensity=intensity,
            regions=regions,
            sides=sides,
        )

    @cached_property
    def regions_in_use(self) -> tuple[str, ...]:
        """Region ids with at least one episode, sorted (once: the panel asks on every click)."""
        return tuple(sorted(self.regions[int(code)] for code in np.unique(self.region)))

    def within(self, scope: Scope, *names: str) -> list[Any]:
        """The named columns ("day", "hour", …) cut to the scope's days and region."""
        low, high = np.searchsorted(self.day, [_number(scope.first), _number(scope.last) + 1])
        part = slice(int(low), int(high))
        chosen = [getattr(self, name)[part] for name in names]
        if scope.region_id is None:
            return chosen
        if scope.region_id not in self.regions:
            return [column[:0] for column in chosen]
        mask = self.region[part] == self.regions.index(scope.region_id)
        return [column[mask] for column in chosen]


def _code(column: str, values: tuple[str, ...]) -> str:
    """SQL giving each of `values` (bound in order) its index; they are every value the column
    holds."""
    whens = " ".join(f"WHEN ? THEN {index}" for index in range(len(values)))
    return f"CASE {column} {whens} ELSE 0 END"


def _number(day: date) -> int:
    return day.toordinal() - _EPOCH


def _date(number: int) -> date:
    return date.fromordinal(number + _EPOCH)


class AggregateCache:
    """`storage.aggregates` for one diary, from memory; re-read after the diary changes.

    The same questions as the SQL functions (`span`, `per_day`, `per_region`, `per_hour`,
    `factors`), so `core.trends` can take either. `close()` stops listening to the diary.
    """

    def __init__(self, diary: Diary) -> None:
        self.diary = diary
        self._episodes: EpisodeColumns | None = None
        self._check_ins: dict[date, tuple[Any, ...]] | None = None
        # Every region's rows, per day, as answered once: the Trends panel asks again for each
        # period, and "All" is 3,650 rows (made in the idle time after the first chart).
        self._day_counts: list[DayCount] | None = None
        self._day_factors: dict[date, DayFactors] = {}
        diary.subscribe(self._on_change)

    def close(self) -> None:
        self.diary.unsubscribe(self._on_change)

    def _on_change(self, topic: str) -> None:
        if topic in ("episodes", "all"):
            self._episodes = self._day_counts = None
            self._day_factors = {}
        if topic in ("daily", "all"):
            self._check_ins = None
            self._day_factors = {}

    @property
    def loaded(self) -> bool:
        return self._episodes is not None and self._check_ins is not None

    def load(self) -> None:
        """Read whatever is not in memory yet (otherwise the first question does), and work
        out every day's rows for all regions, so that any period is a slice of them."""
        span, check_ins = self.span(), self.check_ins()
        if span is None and not check_ins:
            return
        days = [*check_ins, *(span or ())]
        self.per_day(Scope(min(days), max(days)))
        self.factors(Scope(min(days) - timedelta(days=1), max(days)))

    def episodes(self) -> EpisodeColumns:
        if self._episodes is None:
            self._episodes = EpisodeColumns.read(self.diary)
        return self._episodes

    def check_ins(self) -> dict[date, tuple[Any, ...]]:
        """{day: (id, caffeine_mg, sleep_h, …)} for every check-in, in `DayFactors` order."""
        if self._check_ins is None:
            columns = ", ".join(("id", *CHECK_IN_COLUMNS))
            rows = self.diary.plain_connection.execute(f"SELECT day, {columns} FROM daily_log")
            self._check_ins = {date.fromisoformat(row[0]): tuple(row[1:]) for row in rows}
        return self._check_ins

    # -- the questions ---------------------------------------------------------------------
    def span(self) -> tuple[date, date] | None:
        """The first and last local dates with a live episode (as `episode_span`)."""
        days = self.episodes().day
        if not len(days):
            return None
        return _date(int(days[0])), _date(int(days[-1]))

    def regions_in_use(self) -> list[str]:
        """Region ids with at least one live episode, sorted (as `Diary.regions_in_use`)."""
        return list(self.episodes().regions_in_use)

    def per_day(self, scope: Scope) -> list[DayCount]:
        if scope.region_id is not None:
            return self._count_days(scope)
        if self._day_counts is None:
            self._day_counts = self._count_days(Scope(date.min, date.max))
        rows = self._day_counts
        low = bisect_left(rows, scope.first, key=_day_of)
        return rows[low : bisect_right(rows, scope.last, lo=low, key=_day_of)]

    def _count_days(self, scope: Scope) -> list[DayCount]:
        days, intensity = self.episodes().within(scope, "day", "intensity")
        if not len(days):
            return []
        # Sorted by day: each day is one run, so counts, sums and maxima come per run.
        starts = np.flatnonzero(np.r_[True, days[1:] != days[:-1]])
        counts = np.diff(np.r_[starts, len(days)])
        sums = np.add.reduceat(intensity, starts)
        maxima = np.maximum.reduceat(intensity, starts)
        return [
            DayCount(_date(day), count, total / count, top)
            for day, count, total, top in zip(
                days[starts].tolist(), counts.tolist(), sums.tolist(), maxima.tolist(), strict=True
            )
        ]

    def per_region(self, scope: Scope) -> list[RegionSideCount]:
        columns = self.episodes()
        regions, side, intensity = columns.within(scope, "region", "side", "intensity")
        sides = len(columns.sides)
        cells = regions * sides + side
        size = len(columns.regions) * sides
        counts = np.bincount(cells, minlength=size).tolist()
        sums = np.bincount(cells, weights=intensity, minlength=size).tolist()
        rows = [
            RegionSideCount(
                columns.regions[cell // sides],
                columns.sides[cell % sides],
                count,
                sums[cell] / count,
            )
            for cell, count in enumerate(counts)
            if count
        ]
        # As the SQL orders them: most episodes first, then region and side by name.
        return sorted(rows, key=lambda row: (-row.episodes, row.region_id, row.side))

    def per_hour(self, scope: Scope) -> list[HourWeekdayCount]:
        days, hours = self.episodes().within(scope, "day", "hour")
        weekdays = (days + _EPOCH + 6) % 7  # date.weekday(): Monday = 0
        counts = np.bincount(weekdays * 24 + hours, minlength=7 * 24).tolist()
        return [
            HourWeekdayCount(cell // 24, cell % 24, count)
            for cell, count in enumerate(counts)
            if count
        ]

    def factors(self, scope: Scope) -> list[DayFactors]:
        check_ins = self.check_ins()
        (days,) = self.episodes().within(scope, "day")
        counts = np.bincount(days - _number(scope.first), minlength=scope.day_count).tolist()
        kept = self._day_factors if scope.region_id is None else {}
        rows = []
        for offset, episodes in enumerate(counts):
            day = scope.first + timedelta(days=offset)
            row = kept.get(day)
            if row is None or row.episodes != episodes:
                found = check_ins.get(day)
                if found is None:
                    row = DayFactors(day, episodes, False)
                else:
                    row = DayFactors(day, episodes, True, *found[1:])
                kept[day] = row
            rows.append(row)
        return rows


def _day_of(row: DayCount) -> date:
    return row.day

"""Trends from the diary: periods, daily series, "is it getting better?", and one summary of
them (with the factor associations of `core.associations`) for the Trends panel and the report.

Pure Python over `storage.aggregates`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Literal

from twitchdesk.core.associations import (
    CAVEAT,
    FACTOR_BY_KEY,
    Association,
    associations,
    days_text,
)
from twitchdesk.storage.aggregates import (
    Aggregates,
    AggregateSource,
    DayCount,
    DayFactors,
    HourWeekdayCount,
    RegionSideCount,
    Scope,
    SqlAggregates,
)
from twitchdesk.storage.repository import Diary

ROLLING_DAYS = 7


# -- periods ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DateRange:
    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"range ends ({self.last}) before it starts ({self.first})")

    @property
    def day_count(self) -> int:
        return (self.last - self.first).days + 1

    def __iter__(self) -> Iterator[date]:
        return (self.first + timedelta(days=i) for i in range(self.day_count))


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    days: int | None  # None: from the first episode in the diary


PRESETS: tuple[Preset, ...] = (
    Preset("7d", "7 days", 7),
    Preset("30d", "30 days", 30),
    Preset("90d", "90 days", 90),
    Preset("1y", "1 year", 365),
    Preset("all", "All", None),
)


def preset(key: str) -> Preset:
    for candidate in PRESETS:
        if candidate.key == key:
            return candidate
    raise KeyError(f"unknown period preset {key!r}")


def preset_range(chosen: Preset, today: date, span: tuple[date, date] | None) -> DateRange:
    """The dates a preset covers, ending today (or on a later episode logged in another zone)."""
    last = max(today, span[1]) if span else today
    if chosen.days is not None:
        return DateRange(last - timedelta(days=chosen.days - 1), last)
    return DateRange(min(span[0], last) if span else last, last)


# -- daily series ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DailySeries:
    """One value per day of `period`; intensities are None on days without episodes."""

    period: DateRange
    counts: list[int]
    mean_intensity: list[float | None]
    max_intensity: list[int | None]
    rolling: list[float | None]  # trailing 7-day mean; None until 7 diary days are known

    @property
    def days(self) -> list[date]:
        return list(self.period)

    @property
    def total(self) -> int:
        return sum(self.counts)


def fill_days(rows: Sequence[DayCount], period: DateRange) -> list[int]:
    """Episodes per day of `period`, 0 where there were none."""
    counts = [0] * period.day_count
    for index, row in _within(rows, period):
        counts[index] = row.episodes
    return counts


def _within(rows: Sequence[DayCount], period: DateRange) -> Iterator[tuple[int, DayCount]]:
    """Each row inside `period` with its day's position in it (by day number, not by making
    and hashing a date for each of the period's days: ten years are 3,650 of them)."""
    first, count = period.first.toordinal(), period.day_count
    for row in rows:
        index = row.day.toordinal() - first
        if 0 <= index < count:
            yield index, row


def rolling_mean(values: Sequence[float], window: int = ROLLING_DAYS) -> list[float | None]:
    """Trailing mean of the last `window` values; None until a full window exists."""
    out: list[float | None] = []
    total = 0.0
    for index, value in enumerate(values):
        total += value
        if index >= window:
            total -= values[index - window]
        out.append(total / window if index >= window - 1 else None)
    return out


def daily_series(rows: Sequence[DayCount], period: DateRange, known_from: date) -> DailySeries:
    """The period's daily series; `rows` may start up to 6 days earlier to feed the rolling mean.

    Days before `known_from` (the diary's first day) are unknown rather than zero, so the rolling
    mean is None for any day whose 7-day window reaches before the diary began."""
    lead_in = max(known_from, period.first - timedelta(days=ROLLING_DAYS - 1))
    history = DateRange(min(period.first, lead_in), period.last)
    counts = fill_days(rows, history)
    rolling = rolling_mean([float(count) for count in counts])
    skip = (period.first - history.first).days
    mean_intensity: list[float | None] = [None] * period.day_count
    max_intensity: list[int | None] = [None] * period.day_count
    for index, row in _within(rows, period):
        mean_intensity[index], max_intensity[index] = row.mean_intensity, row.max_intensity
    # The first days whose 7-day window reaches back before the diary began have no mean.
    unknown = min(max((known_from - period.first).days + ROLLING_DAYS - 1, 0), period.day_count)
    no_mean: list[float | None] = [None] * unknown
    return DailySeries(
        period=period,
        counts=counts[skip:],
        mean_intensity=mean_intensity,
        max_intensity=max_intensity,
        rolling=no_mean + rolling[skip + unknown :],
    )


# -- getting better or worse -----------------------------------------------------------------
Direction = Literal["fewer", "about the same", "more"]


@dataclass(frozen=True)
class Trend:
    direction: Direction
    window_days: int
    recent: int  # episodes in the last `window_days` days
    previous: int  # episodes in the `window_days` days before those

    @property
    def sentence(self) -> str:
        n = self.window_days
        numbers = (
            f"{_episodes(self.recent)} in the last {n} days, "
            f"against {self.previous} in the {n} days before"
        )
        lead = {
            "fewer": "Fewer episodes lately",
            "more": "More episodes lately",
            "about the same": "About the same as before",
        }[self.direction]
        return f"{lead}: {numbers}."


def trend_direction(counts: Sequence[int]) -> Trend | None:
    """Compare the last 14 days with the 14 before (7 and 7 with under 28 days); None if < 14."""
    window = 14 if len(counts) >= 28 else 7 if len(counts) >= 14 else 0
    if not window:
        return None
    recent = sum(counts[-window:])
    previous = sum(counts[-2 * window : -window])
    # Small counts jump around by chance: a change of 2 or of a fifth is "about the same".
    if abs(recent - previous) <= max(2, 0.2 * max(recent, previous)):
        direction: Direction = "about the same"
    else:
        direction = "fewer" if recent < previous else "more"
    return Trend(direction, window, recent, previous)


# -- one object for the panel and the report -------------------------------------------------
class TrendSummary:
    """Everything trends say about one period and region, each part read when first asked.

    The report reads every part; the Trends panel only what its chart shows (and the summary
    text), so a chart of body regions never computes the factor associations, say. `source`
    is the SQL (`SqlAggregates`) or the panel's in-memory cache of it.
    """

    def __init__(
        self, source: AggregateSource, period: DateRange, region_id: str | None = None
    ) -> None:
        self.source = source
        self.period = period
        self.region_id = region_id

    def _scope(self, first: date) -> Scope:
        return Scope(first, self.period.last, self.region_id)

    @cached_property
    def diary_span(self) -> DateRange | None:
        """First and last day with an episode, whole diary."""
        span = self.source.span()
        return DateRange(*span) if span else None

    @property
    def _known_from(self) -> date:
        return self.diary_span.first if self.diary_span else self.period.first

    @cached_property
    def _history(self) -> list[DayCount]:
        # Up to four weeks before the period's end for the trend and 6 days before its start
        # for the rolling mean, never before the diary began.
        period = self.period
        reach_back = min(
            period.first - timedelta(days=ROLLING_DAYS - 1), period.last - timedelta(days=27)
        )
        return self.source.per_day(
            self._scope(min(max(reach_back, self._known_from), period.first))
        )

    @cached_property
    def series(self) -> DailySeries:
        return daily_series(self._history, self.period, self._known_from)

    @cached_property
    def trend(self) -> Trend | None:
        last = self.period.last
        if self.diary_span is None or self._known_from > last:
            return None
        recent = DateRange(max(self._known_from, last - timedelta(days=27)), last)
        return trend_direction(fill_days(self._history, recent))

    @cached_property
    def per_day(self) -> list[DayCount]:
        """Only the period's days with episodes (the history also holds days before it)."""
        return [row for row in self._history if row.day >= self.period.first]

    @cached_property
    def per_region(self) -> list[RegionSideCount]:
        return self.source.per_region(self._scope(self.period.first))

    @cached_property
    def per_hour(self) -> list[HourWeekdayCount]:
        return self.source.per_hour(self._scope(self.period.first))

    @cached_property
    def _factor_rows(self) -> list[DayFactors]:
        # One day more at the start, so "the day before" factors have a value for the first day.
        return self.source.factors(self._scope(self.period.first - timedelta(days=1)))

    @cached_property
    def factors(self) -> list[DayFactors]:
        """Every day of the period with its episodes and check-in."""
        return self._factor_rows[1:]

    @cached_property
    def associations(self) -> list[Association]:
        return associations(self._factor_rows, self.period)

    def associations_of(self, keys: Collection[str]) -> dict[str, Association]:
        """Only these factors' associations, by key (a chart that shows four of the ten)."""
        if "associations" in self.__dict__:  # all ten are known already
            found = self.associations
        else:
            found = associations(self._factor_rows, self.period, [FACTOR_BY_KEY[k] for k in keys])
        return {a.factor.key: a for a in found if a.factor.key in keys}

    @cached_property
    def aggregates(self) -> Aggregates:
        """Exactly the period and region: what the charts draw."""
        return Aggregates(
            scope=self._scope(self.period.first),
            per_day=self.per_day,
            per_region=self.per_region,
            per_hour=self.per_hour,
            factors=self.factors,
        )

    @property
    def total_episodes(self) -> int:
        return self.series.total


def load_trend_summary(
    diary: Diary, period: DateRange, region_id: str | None = None
) -> TrendSummary:
    """The summary read from the database (parts are queried when first used)."""
    return TrendSummary(SqlAggregates(diary), period, region_id)


def _episodes(count: int) -> str:
    return f"{count} episode" if count == 1 else f"{count} episodes"


@dataclass(frozen=True)
class SummaryText:
    overview: list[str]  # how many, and whether it is getting better
    findings: list[str]  # associations with enough data behind them
    waiting: list[str]  # factors that need more days: "Caffeine: 5 more days"
    caveat: str = CAVEAT


def describe(summary: TrendSummary) -> SummaryText:
    """The plain-language summary the panel shows and the report prints."""
    period, total = summary.period, summary.total_episodes
    active = sum(1 for count in summary.series.counts if count)
    began = summary.diary_span.first if summary.diary_span else period.first
    if period.first < began <= period.last:  # days before the diary are unknown, not calm
        known = (period.last - began).days + 1
        span = f"the {days_text(known)} since your diary began on {began.day} {began:%B %Y}"
    else:
        known, span = period.day_count, days_text(period.day_count)
    if summary.diary_span is None:  # nothing to compare yet: no list of ten "not yet"s
        return SummaryText(overview=["No episodes in your diary yet."], findings=[], waiting=[])
    if total:
        overview = [
            f"{_episodes(total)} in {span} ({total / known:.1f} a day), on {days_text(active)}."
        ]
    else:
        overview = [f"No episodes in {span}."]
    if summary.trend is not None:
        overview.append(summary.trend.sentence)
    elif total:
        overview.append("Whether it is getting better shows after 14 days of diary.")
    return SummaryText(
        overview=overview,
        findings=[found.sentence for found in summary.associations if found.enough],
        waiting=[f"{a.factor.name}: {a.needs}" for a in summary.associations if not a.enough],
    )

"""Trends from the diary: periods, daily series, "is it getting better?" and factor associations.

Pure Python over `storage.aggregates`, shared by the Trends panel and the printed report.

Conventions:
- A day's `sleep_h` is the sleep of the night *before* that day (what a morning check-in asks),
  so "short sleep the night before" uses the same day's check-in; other "day before" variants
  (hard exercise, alcohol) look at the previous day's check-in.
- A factor counts on a day only where it was recorded; None is "not recorded", never zero.
- Associations are Spearman rank correlations, shown only with enough days behind them, and
  always with the caveat that association is not cause.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from typing import Any, Literal

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
MIN_PAIRED_DAYS = 14  # days with both the factor and episodes recorded
MIN_DAYS_EACH_WAY = 3  # on/off factors: days with it, and days without it
CAVEAT = (
    "Association is not cause: these patterns come from your own diary and can have other "
    "explanations (a hard week can bring more coffee, less sleep and more twitching at once). "
    "Treat them as questions to discuss with your doctor, not as answers."
)


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


# -- rank correlation ------------------------------------------------------------------------
def average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1; tied values share the mean of the ranks they span."""
    return [rank / 2 for rank in _doubled_ranks(values).tolist()]


def _doubled_ranks(values: Sequence[float]) -> Any:
    """Twice the average ranks, as whole numbers (numpy int64): sums of them are exact."""
    import numpy as np  # only where trends are computed, never at start-up

    _, where, counts = np.unique(
        np.asarray(values, dtype=float), return_inverse=True, return_counts=True
    )
    last = np.cumsum(counts)  # the rank of each distinct value's last copy
    return (2 * last - counts + 1)[where]  # first + last rank of each tie group


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's ρ (Pearson on average ranks, right with ties); None if either side is flat."""
    if len(xs) != len(ys):
        raise ValueError("spearman needs pairs")
    if len(xs) < 2:
        return None
    rx, ry = _doubled_ranks(xs), _doubled_ranks(ys)
    # n·Σxy − Σx·Σy over whole numbers (Python ints beyond int64): exact, then one division.
    n = len(rx)
    sx, sy = int(rx.sum()), int(ry.sum())
    sxy = n * int((rx * ry).sum()) - sx * sy
    sxx = n * int((rx * rx).sum()) - sx * sx
    syy = n * int((ry * ry).sum()) - sy * sy
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def strength(rho: float) -> str:
    size = abs(rho)
    if size < 0.1:
        return "no clear"
    return "weak" if size < 0.3 else "moderate" if size < 0.5 else "strong"


# -- factors and their associations ----------------------------------------------------------
@dataclass(frozen=True)
class Factor:
    key: str
    name: str  # for "not enough data" lines: "Caffeine"
    subject: str  # "On days with more caffeine", read with "you logged more/fewer episodes"
    value: Callable[[DayFactors], float | None]
    on_off: bool = False
    previous_day: bool = False
    sign: int = 1  # -1: the subject speaks of less of the value ("less sleep")


def _amount(name: str) -> Callable[[DayFactors], float | None]:
    def value(day: DayFactors) -> float | None:
        raw = getattr(day, name)
        return None if raw is None else float(raw)

    return value


def _above(name: str, limit: float) -> Callable[[DayFactors], float | None]:
    def on_off(day: DayFactors) -> float | None:
        raw = getattr(day, name)
        return None if raw is None else float(raw > limit)

    return on_off


def _vigorous(day: DayFactors) -> float | None:
    # No intensity but 0 minutes entered is a recorded rest day; both blank is "not recorded".
    if day.exercise_intensity is not None:
        return 1.0 if day.exercise_intensity == "vigorous" else 0.0
    return 0.0 if day.exercise_min == 0 else None


def _short_sleep(day: DayFactors) -> float | None:
    return None if day.sleep_h is None else float(day.sleep_h < 6)


FACTORS: tuple[Factor, ...] = (
    Factor("caffeine", "Caffeine", "On days with more caffeine", _amount("caffeine_mg")),
    Factor(
        "caffeine_400",
        "Caffeine over 400 mg",
        "On days with over 400 mg of caffeine",
        _above("caffeine_mg", 400),
        on_off=True,
    ),
    Factor("sleep", "Sleep", "After nights with less sleep", _amount("sleep_h"), sign=-1),
    Factor(
        "short_sleep",
        "Under 6 hours of sleep",
        "After nights with under 6 hours of sleep",
        _short_sleep,
        on_off=True,
    ),
    Factor("stress", "Stress", "On days with more stress", _amount("stress")),
    Factor("exercise", "Exercise", "On days with more exercise", _amount("exercise_min")),
    Factor("vigorous", "Vigorous exercise", "On days with vigorous exercise", _vigorous, True),
    Factor(
        "vigorous_before",
        "Vigorous exercise the day before",
        "On days after vigorous exercise",
        _vigorous,
        on_off=True,
        previous_day=True,
    ),
    Factor("alcohol", "Alcohol", "On days with alcohol", _above("alcohol_units", 0), True),
    Factor(
        "alcohol_before",
        "Alcohol the day before",
        "On days after drinking alcohol",
        _above("alcohol_units", 0),
        on_off=True,
        previous_day=True,
    ),
)
FACTOR_BY_KEY = {factor.key: factor for factor in FACTORS}


@dataclass(frozen=True)
class Association:
    factor: Factor
    days: int  # days with both the factor and the episode count
    with_days: int  # on/off factors: days with the factor (0 for amounts)
    without_days: int
    mean_with: float | None  # on/off factors: mean episodes per day with / without
    mean_without: float | None
    rho: float | None  # None: not enough data, or nothing varied

    @property
    def enough(self) -> bool:
        if self.days < MIN_PAIRED_DAYS:
            return False
        return not self.factor.on_off or min(self.with_days, self.without_days) >= MIN_DAYS_EACH_WAY

    @property
    def needs(self) -> str:
        """What is missing before this can be shown: "5 more days", "2 more days with it"."""
        missing = []
        if self.days < MIN_PAIRED_DAYS:
            missing.append(_more_days(MIN_PAIRED_DAYS - self.days))
        if self.factor.on_off:
            for count, kind in ((self.with_days, "with it"), (self.without_days, "without it")):
                if count < MIN_DAYS_EACH_WAY:
                    missing.append(f"{_more_days(MIN_DAYS_EACH_WAY - count)} {kind}")
        return ", ".join(missing)

    @property
    def sentence(self) -> str:
        factor = self.factor
        if not self.enough:
            recorded = _days(self.days) + " recorded"
            if factor.on_off:
                recorded += f": {self.with_days} with it, {self.without_days} without"
            return f"{factor.name}: not enough data yet ({recorded}; needs {self.needs})."
        if self.rho is None:
            return (
                f"{factor.name}: nothing varied in these {self.days} days, "
                "so there is nothing to compare."
            )
        days = f"{self.days} days"
        if factor.on_off:
            days += f": {self.with_days} with, {self.without_days} without"
        numbers = f"ρ = {format_rho(self.rho)}, {days}"
        word = strength(self.rho)
        if word == "no clear":
            return f"{factor.name}: no clear association with your episodes ({numbers})."
        outcome = "more" if self.rho * factor.sign > 0 else "fewer"
        detail = ""
        if factor.on_off and self.mean_with is not None and self.mean_without is not None:
            detail = (
                f": {self.mean_with:.1f} a day, against {self.mean_without:.1f} on days without"
            )
        return (
            f"{factor.subject} you logged {outcome} episodes{detail} "
            f"({word} association, {numbers})."
        )


def associate(rows: Sequence[DayFactors], period: DateRange, factor: Factor) -> Association:
    """Pair each day of `period` with the factor's value that day (or the day before).

    `rows` are consecutive days and may start one day before the period for "day before"
    factors."""
    return _associate(_PairedDays.of(rows, period), factor)


@dataclass(frozen=True)
class _PairedDays:
    """The period's days with a row, each with its row and the day before's (None: no row)."""

    today: list[DayFactors]
    before: list[DayFactors | None]

    @classmethod
    def of(cls, rows: Sequence[DayFactors], period: DateRange) -> _PairedDays:
        # Placed by day number, from the day before the period (see `_within`).
        first = period.first.toordinal() - 1
        by_offset: list[DayFactors | None] = [None] * (period.day_count + 1)
        for row in rows:
            offset = row.day.toordinal() - first
            if 0 <= offset <= period.day_count:
                by_offset[offset] = row
        pairs = [(row, prior) for prior, row in itertools.pairwise(by_offset) if row]
        return cls([row for row, _ in pairs], [prior for _, prior in pairs])


def _associate(days: _PairedDays, factor: Factor) -> Association:
    sources = days.before if factor.previous_day else days.today
    value = factor.value
    pairs = [
        (found, outcome.episodes)
        for outcome, source in zip(days.today, sources, strict=True)
        if source is not None and (found := value(source)) is not None
    ]
    xs, ys = [x for x, _ in pairs], [y for _, y in pairs]
    with_ys = [y for x, y in pairs if x > 0] if factor.on_off else []
    without_ys = [y for x, y in pairs if x == 0] if factor.on_off else []
    result = Association(
        factor=factor,
        days=len(xs),
        with_days=len(with_ys) if factor.on_off else 0,
        without_days=len(without_ys) if factor.on_off else 0,
        mean_with=_mean(with_ys) if factor.on_off else None,
        mean_without=_mean(without_ys) if factor.on_off else None,
        rho=None,
    )
    if not result.enough:
        return result
    return replace(result, rho=spearman(xs, ys))


def associations(
    rows: Sequence[DayFactors], period: DateRange, factors: Sequence[Factor] = FACTORS
) -> list[Association]:
    """Every factor's association; the ones with enough data first, strongest first."""
    days = _PairedDays.of(rows, period)
    found = [_associate(days, factor) for factor in factors]
    return sorted(found, key=lambda a: (not a.enough, -abs(a.rho or 0.0)))


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


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def format_rho(value: float) -> str:
    # Adding 0.0 turns a rounded -0.0 into 0.0, so a flat result never reads "−0.00".
    return f"{round(value, 2) + 0.0:.2f}".replace("-", "−")


def _more_days(count: int) -> str:
    return f"{count} more day" if count == 1 else f"{count} more days"


def _episodes(count: int) -> str:
    return f"{count} episode" if count == 1 else f"{count} episodes"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


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
        span = f"the {_days(known)} since your diary began on {began.day} {began:%B %Y}"
    else:
        known, span = period.day_count, _days(period.day_count)
    if summary.diary_span is None:  # nothing to compare yet: no list of ten "not yet"s
        return SummaryText(overview=["No episodes in your diary yet."], findings=[], waiting=[])
    if total:
        overview = [
            f"{_episodes(total)} in {span} ({total / known:.1f} a day), on {_days(active)}."
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

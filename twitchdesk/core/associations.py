"""Which daily factors go with more or fewer episodes: Spearman rank correlations, each shown
only with enough days behind it and always with the caveat that association is not cause.

Conventions (shared with `core.trends`): a day's `sleep_h` is the sleep of the night *before*
that day, so "short sleep the night before" uses the same day's check-in; other "day before"
variants (hard exercise, alcohol) look at the previous day's check-in. A factor counts on a day
only where it was recorded; None is "not recorded", never zero.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from twitchdesk.storage.aggregates import DayFactors

if TYPE_CHECKING:
    from twitchdesk.core.trends import DateRange

MIN_PAIRED_DAYS = 14  # days with both the factor and episodes recorded
MIN_DAYS_EACH_WAY = 3  # on/off factors: days with it, and days without it
CAVEAT = (
    "Association is not cause: these patterns come from your own diary and can have other "
    "explanations (a hard week can bring more coffee, less sleep and more twitching at once). "
    "Treat them as questions to discuss with your doctor, not as answers."
)


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
            recorded = days_text(self.days) + " recorded"
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


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def format_rho(value: float) -> str:
    # Adding 0.0 turns a rounded -0.0 into 0.0, so a flat result never reads "−0.00".
    return f"{round(value, 2) + 0.0:.2f}".replace("-", "−")


def _more_days(count: int) -> str:
    return f"{count} more day" if count == 1 else f"{count} more days"


def days_text(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"

"""Trend maths and wording: periods, series, direction, Spearman, association thresholds (no Qt)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from factories import episode

from twitchdesk.core.associations import (
    CAVEAT,
    FACTOR_BY_KEY,
    associate,
    associations,
    average_ranks,
    spearman,
    strength,
)
from twitchdesk.core.trends import (
    DateRange,
    daily_series,
    describe,
    fill_days,
    load_trend_summary,
    preset,
    preset_range,
    rolling_mean,
    trend_direction,
)
from twitchdesk.storage.aggregates import DayCount, DayFactors
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import DailyFactors

START = date(2026, 3, 1)


def days(n: int, start: date = START) -> DateRange:
    return DateRange(start, start + timedelta(days=n - 1))


def rows(
    episodes: Sequence[int], start: date = START, **factors: Sequence[object]
) -> list[DayFactors]:
    """Consecutive DayFactors from `start`; each factor keyword gives one value per day."""
    out = []
    for i, count in enumerate(episodes):
        values = {name: series[i] for name, series in factors.items()}
        out.append(DayFactors(start + timedelta(days=i), count, checked_in=True, **values))  # type: ignore[arg-type]
    return out


# -- periods ---------------------------------------------------------------------------------
def test_presets_end_today_and_all_starts_at_the_first_episode() -> None:
    today = date(2026, 3, 20)
    span = (date(2026, 1, 5), date(2026, 3, 18))
    assert preset_range(preset("7d"), today, span) == DateRange(date(2026, 3, 14), today)
    assert preset_range(preset("30d"), today, span).day_count == 30
    assert preset_range(preset("90d"), today, span).day_count == 90
    assert preset_range(preset("1y"), today, span) == DateRange(date(2025, 3, 21), today)
    assert preset_range(preset("all"), today, span) == DateRange(date(2026, 1, 5), today)
    assert preset_range(preset("all"), today, None) == DateRange(today, today)
    # An episode logged at +14:00 can be "tomorrow" here: the period reaches it.
    later = (date(2026, 1, 5), date(2026, 3, 21))
    assert preset_range(preset("7d"), today, later).last == date(2026, 3, 21)
    with pytest.raises(KeyError):
        preset("2w")


def test_date_range_iterates_its_days_inclusive() -> None:
    assert list(DateRange(date(2026, 2, 27), date(2026, 3, 1))) == [
        date(2026, 2, 27),
        date(2026, 2, 28),
        date(2026, 3, 1),
    ]
    with pytest.raises(ValueError):
        DateRange(date(2026, 3, 2), date(2026, 3, 1))


# -- series ----------------------------------------------------------------------------------
def test_fill_days_puts_zero_on_days_without_episodes() -> None:
    counted = [DayCount(date(2026, 3, 2), 2, 3.0, 4), DayCount(date(2026, 3, 4), 1, 5.0, 5)]
    assert fill_days(counted, days(5)) == [0, 2, 0, 1, 0]


def test_rolling_mean_needs_a_full_window() -> None:
    assert rolling_mean([7, 0, 0, 0, 0, 0, 0, 14]) == [None] * 6 + [1.0, 2.0]
    assert rolling_mean([1, 2, 3, 4], window=2) == [None, 1.5, 2.5, 3.5]


def test_daily_series_uses_the_lead_in_and_not_days_before_the_diary() -> None:
    counted = [DayCount(date(2026, 3, 4), 7, 2.0, 3), DayCount(date(2026, 3, 12), 14, 6.0, 9)]
    period = DateRange(date(2026, 3, 10), date(2026, 3, 16))
    series = daily_series(counted, period, known_from=date(2026, 3, 1))
    assert series.counts == [0, 0, 14, 0, 0, 0, 0]
    # The 10th's window (4th-10th) still holds the 7 episodes of the 4th.
    assert series.rolling == [1.0, 0.0, 2.0, 2.0, 2.0, 2.0, 2.0]
    assert series.mean_intensity == [None, None, 6.0, None, None, None, None]
    assert series.max_intensity[2] == 9
    # A diary that began on the 8th knows nothing of the 4th: no average until 7 days exist.
    late = daily_series(counted, period, known_from=date(2026, 3, 8))
    assert late.rolling == [None, None, None, None, 2.0, 2.0, 2.0]


# -- direction -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1] * 13, None),
        ([1] * 7 + [0] * 7, ("fewer", 7, 0, 7)),
        ([0] * 7 + [1] * 7, ("more", 7, 7, 0)),
        ([1] * 10 + [0] * 4 + [1] * 11 + [0] * 3, ("about the same", 14, 11, 10)),
        ([0] * 4 + [1] * 10 + [0] * 2 + [1] * 12, ("about the same", 14, 12, 10)),  # +2
        ([0] * 4 + [1] * 10 + [0] * 1 + [1] * 13, ("more", 14, 13, 10)),  # +3 > a fifth of 13
    ],
)
def test_trend_compares_the_last_days_with_the_ones_before(counts, expected) -> None:
    found = trend_direction(counts)
    if expected is None:
        assert found is None
    else:
        assert (found.direction, found.window_days, found.recent, found.previous) == expected


def test_trend_sentence_has_the_numbers() -> None:
    found = trend_direction([1] * 14 + [0] * 14)
    assert found.sentence == (
        "Fewer episodes lately: 0 episodes in the last 14 days, against 14 in the 14 days before."
    )


# -- ranks -----------------------------------------------------------------------------------
def test_average_ranks_share_ties() -> None:
    assert average_ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert average_ranks([3, 1, 2]) == [3.0, 1.0, 2.0]
    assert average_ranks([5, 5, 5]) == [2.0, 2.0, 2.0]
    assert average_ranks([]) == []


def test_spearman_against_hand_computed_values() -> None:
    # No ties: 1 - 6·Σd²/(n(n²-1)) = 1 - 6·4/120.
    assert spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == pytest.approx(0.8)
    # Ties in x: ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4) give √0.9.
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(math.sqrt(0.9))
    # An on/off factor: ranks (1.5, 1.5, 3.5, 3.5) against (1, 2, 3, 4) give 2/√5.
    assert spearman([0, 0, 1, 1], [1, 2, 3, 4]) == pytest.approx(2 / math.sqrt(5))
    assert spearman([1, 2, 3], [30, 20, 10]) == pytest.approx(-1.0)
    assert spearman([1, 2, 4], [1, 8, 64]) == pytest.approx(1.0)  # ranks, not values


def test_spearman_is_undefined_without_variation_or_pairs() -> None:
    assert spearman([1, 1, 1], [1, 2, 3]) is None
    assert spearman([1], [1]) is None
    with pytest.raises(ValueError):
        spearman([1, 2], [1])


@pytest.mark.parametrize(
    ("rho", "word"),
    [(0.05, "no clear"), (-0.1, "weak"), (0.29, "weak"), (0.3, "moderate"), (-0.5, "strong")],
)
def test_strength_words(rho: float, word: str) -> None:
    assert strength(rho) == word


# -- associations ----------------------------------------------------------------------------
def test_thirteen_days_give_no_summary_and_say_how_many_more() -> None:
    data = rows([0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5], caffeine_mg=[n * 100.0 for n in range(13)])
    found = associate(data, days(13), FACTOR_BY_KEY["caffeine"])
    assert not found.enough and found.rho is None
    assert found.sentence == "Caffeine: not enough data yet (13 days recorded; needs 1 more day)."
    assert found.needs == "1 more day"


def test_fourteen_days_give_a_sentence_with_the_days_behind_it() -> None:
    episodes = [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7]
    data = rows(episodes, caffeine_mg=[n * 50.0 for n in range(14)])
    found = associate(data, days(14), FACTOR_BY_KEY["caffeine"])
    assert found.enough and found.days == 14
    assert found.rho == pytest.approx(spearman(range(14), episodes))
    assert found.sentence == (
        "On days with more caffeine you logged more episodes "
        f"(strong association, ρ = {found.rho:.2f}, 14 days)."
    )


def test_not_recorded_is_not_zero() -> None:
    caffeine: list[float | None] = [n * 50.0 for n in range(14)]
    caffeine[3] = None
    data = rows(range(14), caffeine_mg=caffeine)
    assert associate(data, days(14), FACTOR_BY_KEY["caffeine"]).days == 13
    caffeine[3] = 0.0
    data = rows(range(14), caffeine_mg=caffeine)
    assert associate(data, days(14), FACTOR_BY_KEY["caffeine"]).days == 14


def test_on_off_factor_needs_three_days_each_way() -> None:
    alcohol = [0.0] * 20
    episodes = [0] * 20
    for day in (2, 9):
        alcohol[day], episodes[day] = 3.0, 2
    found = associate(rows(episodes, alcohol_units=alcohol), days(20), FACTOR_BY_KEY["alcohol"])
    assert (found.days, found.with_days, found.without_days) == (20, 2, 18)
    assert not found.enough
    assert found.sentence == (
        "Alcohol: not enough data yet (20 days recorded: 2 with it, 18 without; "
        "needs 1 more day with it)."
    )
    assert found.needs == "1 more day with it"

    alcohol[15], episodes[15] = 1.0, 2
    found = associate(rows(episodes, alcohol_units=alcohol), days(20), FACTOR_BY_KEY["alcohol"])
    assert found.enough and found.with_days == 3
    assert found.rho == pytest.approx(1.0)
    assert found.sentence == (
        "On days with alcohol you logged more episodes: 2.0 a day, against 0.0 on days without "
        "(strong association, ρ = 1.00, 20 days: 3 with, 17 without)."
    )


def test_previous_day_factor_pairs_each_day_with_the_day_before() -> None:
    # Vigorous runs on days 0, 4, 8, 12; twitching the day after each.
    intensity = ["vigorous" if i % 4 == 0 else "light" for i in range(16)]
    episodes = [3 if i % 4 == 1 else 0 for i in range(16)]
    data = rows(episodes, exercise_intensity=intensity)
    period = DateRange(START + timedelta(days=1), START + timedelta(days=15))
    before = associate(data, period, FACTOR_BY_KEY["vigorous_before"])
    assert (before.days, before.with_days, before.without_days) == (15, 4, 11)
    assert before.rho == pytest.approx(1.0)
    assert before.sentence.startswith(
        "On days after vigorous exercise you logged more episodes: 3.0 a day, against 0.0"
    )
    same_day = associate(data, period, FACTOR_BY_KEY["vigorous"])
    assert same_day.with_days == 3  # days 4, 8, 12: day 0 is only "the day before"
    assert same_day.rho is not None and same_day.rho < 0


def test_less_sleep_is_said_the_way_people_think_of_it() -> None:
    sleep = [8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0] * 2
    episodes = [0, 0, 1, 1, 2, 3, 4] * 2
    found = associate(rows(episodes, sleep_h=sleep), days(14), FACTOR_BY_KEY["sleep"])
    assert found.rho is not None and found.rho < -0.9
    assert found.sentence.startswith("After nights with less sleep you logged more episodes")
    assert "ρ = −0.9" in found.sentence  # a real minus sign


def test_no_clear_association_and_nothing_varied() -> None:
    # Episodes rise on both sides of medium stress: symmetric, so the rank correlation is 0.
    stress = [1, 2, 3, 4, 5, 6, 7] * 2
    episodes = [3, 2, 1, 0, 1, 2, 3] * 2
    found = associate(rows(episodes, stress=stress), days(14), FACTOR_BY_KEY["stress"])
    assert found.rho == pytest.approx(0.0)
    assert found.sentence == (
        "Stress: no clear association with your episodes (ρ = 0.00, 14 days)."
    )
    flat = associate(rows([0] * 14, stress=stress), days(14), FACTOR_BY_KEY["stress"])
    assert flat.enough and flat.rho is None
    assert "nothing varied" in flat.sentence


def test_associations_put_the_ones_with_enough_data_first() -> None:
    data = rows(list(range(14)), caffeine_mg=[float(n) for n in range(14)])
    found = associations(data, days(14))
    assert found[0].factor.key == "caffeine"
    assert all(not a.enough for a in found[1:])


# -- the whole summary, from a diary ---------------------------------------------------------
def test_trend_summary_and_description_from_a_diary(tmp_path: Path) -> None:
    diary = open_diary(tmp_path / "diary")
    utc = UTC
    first = date(2026, 3, 1)
    try:
        # Two episodes a day for two weeks, then one a day: fewer lately.
        for offset in range(28):
            day = first + timedelta(days=offset)
            for n in range(2 if offset < 14 else 1):
                when = datetime(day.year, day.month, day.day, 10 + n, tzinfo=utc)
                diary.add_episode(episode(when, "calf" if n else "thumb", "left"))
        diary.add_all(days=[DailyFactors(first + timedelta(days=i), caffeine_mg=100.0 * (i % 3))
                            for i in range(28)])  # fmt: skip
        period = DateRange(date(2026, 3, 15), date(2026, 3, 28))
        summary = load_trend_summary(diary, period)
        assert summary.series.counts == [1] * 14
        assert summary.series.rolling[0] == pytest.approx(13 / 7)  # 9th-15th: six 2s and a 1
        assert summary.trend is not None and summary.trend.direction == "fewer"
        assert (summary.trend.recent, summary.trend.previous) == (14, 28)
        assert summary.aggregates.total_episodes == 14
        calf = load_trend_summary(diary, period, "calf")
        assert calf.total_episodes == 0 and calf.aggregates.per_region == []
        text = describe(summary)
        assert text.overview[0] == "14 episodes in 14 days (1.0 a day), on 14 days."
        assert text.overview[1].startswith("Fewer episodes lately: 14 episodes in the last 14")
        assert text.caveat == CAVEAT and "not cause" in CAVEAT
        assert any(line.startswith("Caffeine") for line in text.findings)
        assert "Vigorous exercise: 14 more days, 3 more days with it, 3 more days without it" in (
            text.waiting
        )

        # A year chosen for a diary four weeks old: the days before it are unknown, not calm.
        year = load_trend_summary(diary, DateRange(date(2025, 3, 29), date(2026, 3, 28)))
        assert year.series.rolling[:340] == [None] * 340
        assert (
            describe(year)
            .overview[0]
            .startswith(
                "42 episodes in the 28 days since your diary began on 1 March 2026 (1.5 a day)"
            )
        )
    finally:
        diary.close()


def test_description_of_an_empty_diary_still_has_the_caveat(tmp_path: Path) -> None:
    diary = open_diary(tmp_path / "diary")
    try:
        text = describe(load_trend_summary(diary, DateRange(START, START + timedelta(days=29))))
        assert text.overview == ["No episodes in your diary yet."]
        assert (text.findings, text.waiting) == ([], [])
        assert "Association is not cause" in text.caveat
    finally:
        diary.close()

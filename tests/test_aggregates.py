"""SQL aggregates for trends, against a small diary whose answers were worked out by hand (no Qt).

The diary spans Sat 14 – Tue 17 March 2026 (local dates) with episodes logged in zones from
UTC-12 to UTC+14, so local days and hours differ from the UTC ones stored in the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from factories import CET, episode

from twitchdesk.storage.aggregates import (
    LOCAL_DATE,
    DayCount,
    HourWeekdayCount,
    RegionSideCount,
    Scope,
    episodes_per_day,
    episodes_per_hour,
    episodes_per_region,
    factors_per_day,
    in_scope,
    load_aggregates,
)
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import DailyFactors
from twitchdesk.storage.repository import Diary

EST = timezone(timedelta(hours=-5))
PLUS14 = timezone(timedelta(hours=14))  # Line Islands
MINUS12 = timezone(timedelta(hours=-12))
IST = timezone(timedelta(hours=5, minutes=30))
MARCH = Scope(date(2026, 3, 14), date(2026, 3, 17))


def at(day: int, hour: int, minute: int, zone: timezone) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=zone)


@pytest.fixture
def diary(tmp_path: Path) -> Iterator[Diary]:
    opened = open_diary(tmp_path / "diary")
    live = [
        # Sat 14th local, 22:45 UTC.
        episode(at(14, 23, 45, CET), "calf", "left", intensity=4),
        # Sun 15th local, but still the 14th in UTC (23:15): the local date must win.
        episode(at(15, 0, 15, CET), "calf", "right", intensity=6),
        # Sat 14th local, already the 15th in UTC (01:00).
        episode(at(14, 20, 0, EST), "upper_eyelid", "left", intensity=2),
        # Mon 16th local at +14:00 is 11:30 UTC on the 15th.
        episode(at(16, 1, 30, PLUS14), "thumb", "right", intensity=8),
        episode(at(16, 9, 0, IST), "calf", "left", intensity=3),
        episode(at(16, 9, 40, IST), "upper_eyelid", "right", intensity=7),
        # Tue 17th 23:30 at -12:00 is 11:30 UTC on the 18th: the UTC window must reach it.
        episode(at(17, 23, 30, MINUS12), "calf", "both", intensity=5),
        # Sat 14th 00:30 at +14:00 is 10:30 UTC on the 13th: likewise at the start.
        episode(at(14, 0, 30, PLUS14), "thumb", "left", intensity=1),
        # Outside the scope: Fri 13th local (22:59 UTC on the 13th) ...
        episode(at(13, 23, 59, CET), "calf", "left", intensity=9),
        # ... and Wed 18th local although 19:00 UTC on the 17th.
        episode(at(18, 9, 0, PLUS14), "calf", "left", intensity=9),
    ]
    for draft in live:
        opened.add_episode(draft)
    deleted = [
        episode(at(15, 12, 0, CET), "calf", "left", intensity=10),
        episode(at(10, 12, 0, CET), "jaw", "midline", intensity=10),
    ]
    for draft in deleted:
        opened.delete_episode(opened.add_episode(draft).id)
    opened.add_all(
        days=[
            DailyFactors(date(2026, 3, 13), caffeine_mg=900.0),  # outside the scope
            # Zero is a recorded value, not a missing one.
            DailyFactors(date(2026, 3, 14), caffeine_mg=300.0, sleep_h=6.5, stress=0,
                         exercise_min=0),
            DailyFactors(date(2026, 3, 16), caffeine_mg=0.0, alcohol_units=2.0,
                         exercise_intensity="vigorous", exercise_min=60),
        ]
    )  # fmt: skip
    yield opened
    opened.close()


def test_episodes_per_local_day_with_mean_and_max_intensity(diary: Diary) -> None:
    assert episodes_per_day(diary, MARCH) == [
        DayCount(date(2026, 3, 14), 3, pytest.approx(7 / 3), 4),
        DayCount(date(2026, 3, 15), 1, 6.0, 6),
        DayCount(date(2026, 3, 16), 3, 6.0, 8),
        DayCount(date(2026, 3, 17), 1, 5.0, 5),
    ]


def test_a_one_day_scope_counts_only_that_local_day(diary: Diary) -> None:
    # The 15th in UTC holds three of these episodes; only one is the 15th locally.
    sunday = Scope(date(2026, 3, 15), date(2026, 3, 15))
    assert episodes_per_day(diary, sunday) == [DayCount(date(2026, 3, 15), 1, 6.0, 6)]


def test_episodes_per_region_and_side_most_first(diary: Diary) -> None:
    assert episodes_per_region(diary, MARCH) == [
        RegionSideCount("calf", "left", 2, 3.5),
        RegionSideCount("calf", "both", 1, 5.0),
        RegionSideCount("calf", "right", 1, 6.0),
        RegionSideCount("thumb", "left", 1, 1.0),
        RegionSideCount("thumb", "right", 1, 8.0),
        RegionSideCount("upper_eyelid", "left", 1, 2.0),
        RegionSideCount("upper_eyelid", "right", 1, 7.0),
    ]


def test_episodes_per_local_hour_and_weekday_monday_first(diary: Diary) -> None:
    assert episodes_per_hour(diary, MARCH) == [
        HourWeekdayCount(0, 1, 1),  # Mon 01:30 (+14:00)
        HourWeekdayCount(0, 9, 2),  # Mon 09:00 and 09:40 (+05:30)
        HourWeekdayCount(1, 23, 1),  # Tue 23:30 (-12:00)
        HourWeekdayCount(5, 0, 1),  # Sat 00:30 (+14:00)
        HourWeekdayCount(5, 20, 1),  # Sat 20:00 (-05:00)
        HourWeekdayCount(5, 23, 1),  # Sat 23:45 (+01:00)
        HourWeekdayCount(6, 0, 1),  # Sun 00:15 (+01:00)
    ]


def test_region_filter(diary: Diary) -> None:
    calf = Scope(MARCH.first, MARCH.last, "calf")
    per_day = episodes_per_day(diary, calf)
    assert [(row.day.day, row.episodes, row.max_intensity) for row in per_day] == [
        (14, 1, 4),
        (15, 1, 6),
        (16, 1, 3),
        (17, 1, 5),
    ]
    assert {row.region_id for row in episodes_per_region(diary, calf)} == {"calf"}
    assert sum(cell.episodes for cell in episodes_per_hour(diary, calf)) == 4
    assert [row.episodes for row in factors_per_day(diary, calf)] == [1, 1, 1, 1]


def test_deleted_episodes_are_left_out_everywhere(diary: Diary) -> None:
    aggregates = load_aggregates(diary, MARCH)
    assert aggregates.total_episodes == 8  # the deleted intensity-10 calf on the 15th is not
    assert all(row.max_intensity < 10 for row in aggregates.per_day)
    assert "jaw" not in diary.regions_in_use()
    assert diary.episode_span() == (date(2026, 3, 13), date(2026, 3, 18))  # not the deleted 10th


def test_factors_joined_with_counts_keep_none_apart_from_zero(diary: Diary) -> None:
    rows = factors_per_day(diary, MARCH)
    assert [row.day for row in rows] == [date(2026, 3, d) for d in (14, 15, 16, 17)]
    assert [row.episodes for row in rows] == [3, 1, 3, 1]
    assert [row.checked_in for row in rows] == [True, False, True, False]
    saturday, sunday, monday, tuesday = rows
    assert (saturday.caffeine_mg, saturday.sleep_h, saturday.stress) == (300.0, 6.5, 0)
    assert saturday.exercise_min == 0 and saturday.alcohol_units is None
    assert monday.caffeine_mg == 0.0 and monday.sleep_h is None
    assert (monday.exercise_intensity, monday.alcohol_units) == ("vigorous", 2.0)
    for missing in (sunday, tuesday):
        assert missing.caffeine_mg is None and missing.stress is None
        assert missing.exercise_min is None


def test_factor_days_without_any_episodes_count_zero(diary: Diary) -> None:
    quiet = Scope(date(2026, 3, 1), date(2026, 3, 3))
    rows = factors_per_day(diary, quiet)
    assert [(row.day.day, row.episodes, row.checked_in) for row in rows] == [
        (1, 0, False),
        (2, 0, False),
        (3, 0, False),
    ]


def test_empty_diary(tmp_path: Path) -> None:
    empty = open_diary(tmp_path / "empty")
    try:
        assert empty.episode_span() is None
        aggregates = load_aggregates(empty, MARCH)
        assert (aggregates.per_day, aggregates.per_region, aggregates.per_hour) == ([], [], [])
        assert [row.episodes for row in aggregates.factors] == [0, 0, 0, 0]
    finally:
        empty.close()


def test_scope_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Scope(date(2026, 3, 2), date(2026, 3, 1))


def test_the_date_range_is_served_by_the_live_started_index(diary: Diary) -> None:
    """Every aggregate selects its episodes with `in_scope`: its condition must narrow the scan
    through the (deleted_at, started_at) index before the local dates are compared."""
    where, parameters = in_scope(MARCH)
    statement = f"SELECT {LOCAL_DATE} AS day, count(*) FROM episode WHERE {where} GROUP BY day"
    plan = diary.plain_connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX ix_episode_live_started" in details, details

"""Facts computed from a real SQLite diary (no Qt); every expectation is counted by hand."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from factories import CET, episode

from twitchdesk.core.facts import (
    CATALOGUE,
    compute_fact_sheet,
    compute_facts,
    format_value,
)
from twitchdesk.storage import advice_queries, vocabulary
from twitchdesk.storage.advice_queries import RecentEpisode
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import DailyFactors, MedicationDraft
from twitchdesk.storage.repository import Diary

TODAY = date(2026, 3, 14)


@pytest.fixture
def diary(tmp_path: Path) -> Iterator[Diary]:
    opened = open_diary(tmp_path / "diary")
    yield opened
    opened.close()


def at(days_ago: int, hour: int = 12, minute: int = 0, tz: timezone = CET) -> datetime:
    """A local time `days_ago` days before TODAY in zone `tz`."""
    return datetime.combine(TODAY - timedelta(days=days_ago), time(hour, minute), tzinfo=tz)


def log(diary: Diary, days_ago: int, region_id: str = "calf", side: str = "left", **fields: object):
    return diary.add_episode(episode(at(days_ago), region_id=region_id, side=side, **fields))


def day(days_ago: int, **fields: object) -> DailyFactors:
    return DailyFactors(day=TODAY - timedelta(days=days_ago), **fields)  # type: ignore[arg-type]


def facts(diary: Diary) -> dict[str, object]:
    return dict(compute_facts(diary, TODAY))


# -- the catalogue -------------------------------------------------------------------------------
def test_every_computed_fact_is_declared_with_description_unit_and_window(diary: Diary) -> None:
    computed = compute_facts(diary, TODAY)
    assert set(computed) == set(CATALOGUE)
    for name, spec in CATALOGUE.items():
        assert spec.name == name
        assert spec.description and spec.unit and spec.window, name
    for code in vocabulary.SYMPTOMS:
        assert f"symptom_{code}_30d" in CATALOGUE
    for category in vocabulary.MEDICATION_CATEGORIES:
        assert f"active_medicine_{category}" in CATALOGUE


def test_values_are_formatted_in_words() -> None:
    assert format_value("episodes_7d", 1) == "1 episode"
    assert format_value("episodes_7d", 3) == "3 episodes"
    assert format_value("caffeine_avg_7d_mg", 520.0) == "520 mg"
    assert format_value("caffeine_avg_7d_mg", 1) == "1 mg"
    assert format_value("sleep_avg_7d_h", 6.25) == "6.2 hours"
    assert format_value("body_areas_14d", 1) == "1 body area"
    assert format_value("active_medicine_diuretic", 1) == "yes"
    assert format_value("active_medicine_diuretic", 0) == "no"
    assert format_value("caffeine_avg_7d_mg", None) == "not recorded"
    assert format_value("days_since_first_episode", None) == "no episode logged yet"


def test_an_empty_diary_has_zero_counts_and_unknown_factors(diary: Diary) -> None:
    values = facts(diary)
    assert values["episodes_7d"] == 0
    assert values["distinct_regions_14d"] == 0
    assert values["longest_region_run_days"] == 0
    assert values["days_logged_7d"] == 0
    assert values["active_medicine_diuretic"] == 0
    assert values["new_medicine_14d"] == 0
    for unknown in (
        "days_since_first_episode",
        "caffeine_avg_7d_mg",
        "caffeine_max_7d_mg",
        "sleep_avg_7d_h",
        "short_sleep_nights_7d",
        "stress_avg_7d",
        "vigorous_exercise_days_7d",
        "exercise_min_7d",
        "alcohol_units_7d",
        "medicine_started_before_onset_days",
    ):
        assert values[unknown] is None, unknown


# -- episodes by the local date each was logged in -------------------------------------------
def test_episode_windows_count_whole_local_days(diary: Diary) -> None:
    for days_ago in (0, 3, 6):  # last 7 days: TODAY-6 .. TODAY
        log(diary, days_ago)
    for days_ago in (7, 13):  # the 7 days before
        log(diary, days_ago)
    log(diary, 14)  # neither week, but within 30 days
    log(diary, 29)  # last day of the 30-day window
    log(diary, 30)  # outside it
    log(diary, -1)  # tomorrow (a mistyped date) is not counted yet
    values = facts(diary)
    assert values["episodes_7d"] == 3
    assert values["episodes_prev_7d"] == 2
    assert values["episodes_change_7d"] == 1
    assert values["episodes_30d"] == 7
    assert values["days_since_first_episode"] == 30


def test_each_episode_counts_on_its_own_local_date(diary: Diary) -> None:
    far_east = timezone(timedelta(hours=14))
    far_west = timezone(timedelta(hours=-10))
    # 00:30 on TODAY-6 at UTC+14 is still the previous UTC day: it is in the last 7 days.
    diary.add_episode(episode(at(6, 0, 30, far_east)))
    # 23:59 on TODAY at UTC-10 is already tomorrow in UTC: it is still today's.
    diary.add_episode(episode(at(0, 23, 59, far_west)))
    # 23:30 on TODAY-7 at UTC-10 is TODAY-6 in UTC, but the user's day was TODAY-7.
    diary.add_episode(episode(at(7, 23, 30, far_west)))
    values = facts(diary)
    assert values["episodes_7d"] == 2
    assert values["episodes_prev_7d"] == 1


def test_deleted_episodes_do_not_count(diary: Diary) -> None:
    kept = log(diary, 1)
    gone = log(diary, 2)
    diary.delete_episode(gone.id)
    assert facts(diary)["episodes_7d"] == 1
    diary.delete_episode(kept.id)
    assert facts(diary)["episodes_7d"] == 0


def test_default_reference_date_is_the_local_today(diary: Diary) -> None:
    diary.add_episode(episode(datetime.now().astimezone() - timedelta(minutes=1)))
    assert compute_facts(diary)["episodes_7d"] == 1


def test_the_diary_is_read_once_within_the_window(
    diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    log(diary, 1)
    log(diary, 80)
    reads: list[int] = []  # episodes read, per read
    original = advice_queries._episodes_since

    def spy(connection: sqlite3.Connection, since: datetime) -> list[RecentEpisode]:
        episodes = original(connection, since)
        reads.append(len(episodes))
        return episodes

    monkeypatch.setattr(advice_queries, "_episodes_since", spy)
    assert facts(diary)["days_since_first_episode"] == 80
    assert reads == [2]
    # An episode older than the window is found with index seeks, never by reading old episodes
    # (that took seconds on a ten-year diary).
    log(diary, 200)
    reads.clear()
    assert facts(diary)["days_since_first_episode"] == 200
    assert reads == [2]


# -- where -------------------------------------------------------------------------------------
def test_regions_body_areas_and_face(diary: Diary) -> None:
    log(diary, 1, "upper_eyelid", "left")
    log(diary, 2, "upper_eyelid", "right")
    log(diary, 3, "lower_eyelid", "left")
    log(diary, 4, "cheek", "left")
    log(diary, 5, "calf", "right")
    log(diary, 13, "thumb", "right")
    log(diary, 14, "forearm", "left")  # the 15th day back: outside the last 14 days
    sheet = compute_fact_sheet(diary, TODAY)
    values = sheet.values
    assert sheet.details["body_areas_14d"] == "face, hand, leg"
    assert sheet.details["face_regions_beyond_eyelids_14d"] == "cheek"
    assert sheet.describe("body_areas_14d") == (
        "Parts of the body twitching in the last 14 days (face, hand, leg): 3 body areas"
    )
    assert values["distinct_regions_14d"] == 5  # upper and lower eyelid, cheek, calf, thumb
    assert values["body_areas_14d"] == 3  # face, leg, hand
    assert values["face_regions_14d"] == 3
    assert values["face_regions_beyond_eyelids_14d"] == 1
    assert values["eyelid_episodes_14d"] == 3
    assert values["eyelid_only_14d"] == 0


def test_eyelid_only(diary: Diary) -> None:
    assert facts(diary)["eyelid_only_14d"] == 0  # no episode at all is not "eyelid only"
    log(diary, 1, "upper_eyelid")
    log(diary, 3, "lower_eyelid")
    log(diary, 20, "calf")  # outside 14 days
    assert facts(diary)["eyelid_only_14d"] == 1


def test_unknown_regions_count_as_places_of_their_own(diary: Diary) -> None:
    log(diary, 1, "calf")
    log(diary, 2, "imported_place")
    assert facts(diary)["body_areas_14d"] == 2


def test_regions_spread_counts_regions_new_in_the_last_14_days(diary: Diary) -> None:
    log(diary, 40, "calf")  # seen before: not new
    log(diary, 2, "calf")
    log(diary, 61, "thumb")  # seen, but more than 60 days ago: new again
    log(diary, 3, "thumb")
    log(diary, 5, "forearm")
    log(diary, 13, "shin")
    log(diary, 14, "chest")  # the 15th day back is "before" ...
    log(diary, 1, "chest")  # ... so chest twitching again now is not new
    sheet = compute_fact_sheet(diary, TODAY)
    assert sheet.values["regions_spread"] == 3
    assert sheet.details["regions_spread"] == "forearm, shin, thumb"


@pytest.mark.parametrize(
    ("first_days_ago", "expected"),
    [(14, 13), (15, 14), (16, 15)],  # the run ends 1 day ago: length = first - last
)
def test_longest_region_run_measures_first_to_last_day(
    diary: Diary, first_days_ago: int, expected: int
) -> None:
    for days_ago in range(first_days_ago, 0, -5):
        log(diary, days_ago)
    log(diary, 1)
    sheet = compute_fact_sheet(diary, TODAY)
    assert sheet.values["longest_region_run_days"] == expected
    assert sheet.details["longest_region_run_days"] == "left calf"


def test_a_gap_of_more_than_a_week_starts_a_new_run(diary: Diary) -> None:
    for days_ago in (30, 23):  # a run of 7 days ...
        log(diary, days_ago)
    for days_ago in (15, 8, 1):  # ... then 8 quiet days, then a run of 14 days
        log(diary, days_ago)
    assert facts(diary)["longest_region_run_days"] == 14
    log(diary, 22)  # closes the gap to 7 days: one run from day 30 to day 1
    assert facts(diary)["longest_region_run_days"] == 29


def test_a_run_counts_only_while_it_is_still_going(diary: Diary) -> None:
    for days_ago in (40, 33, 26, 20):  # 20 days of twitching that stopped 20 days ago
        log(diary, days_ago)
    assert facts(diary)["longest_region_run_days"] == 0
    log(diary, 7)  # a week ago: the run is still going (gap of 13 days though: a new run)
    assert facts(diary)["longest_region_run_days"] == 0


def test_runs_follow_one_region_and_side_and_both_counts_for_each(diary: Diary) -> None:
    log(diary, 20, "calf", "left")
    log(diary, 10, "calf", "right")  # the other side: not the same place
    log(diary, 14, "calf", "both")  # both calves: continues the left run
    log(diary, 8, "calf", "left")
    log(diary, 2, "calf", "left")
    sheet = compute_fact_sheet(diary, TODAY)
    assert sheet.values["longest_region_run_days"] == 18  # left calf: day 20 to day 2
    assert sheet.details["longest_region_run_days"] == "left calf"
    # The last 14 days start at TODAY-13: left calf on days 8 and 2, right calf on day 10.
    assert sheet.values["region_active_days_14d"] == 2


def test_region_active_days_counts_distinct_days(diary: Diary) -> None:
    for days_ago in (0, 0, 1, 5, 13):
        log(diary, days_ago, "thumb", "right")
    log(diary, 2, "calf", "left")
    sheet = compute_fact_sheet(diary, TODAY)
    assert sheet.values["region_active_days_14d"] == 4
    assert sheet.details["region_active_days_14d"] == "right thumb"


# -- symptoms --------------------------------------------------------------------------------
def test_symptoms_are_counted_per_episode_over_30_days(diary: Diary) -> None:
    log(diary, 0, symptoms=frozenset({"weakness", "numbness_tingling"}))
    log(diary, 29, symptoms=frozenset({"weakness"}))
    log(diary, 30, symptoms=frozenset({"weakness", "muscle_wasting"}))  # too long ago
    log(diary, 3)
    values = facts(diary)
    assert values["symptom_weakness_30d"] == 2
    assert values["symptom_numbness_tingling_30d"] == 1
    assert values["symptom_muscle_wasting_30d"] == 0
    assert values["symptom_swallowing_speech_breathing_30d"] == 0
    assert values["episodes_with_symptoms_30d"] == 2


# -- daily factors: unrecorded days are skipped, never read as zero ---------------------------
def test_averages_ignore_unrecorded_days(diary: Diary) -> None:
    diary.add_all(
        days=[
            day(0, caffeine_mg=300.0, sleep_h=5.5, stress=4),
            day(2, caffeine_mg=None, sleep_h=8.0, notes="forgot the coffee"),
            day(4, caffeine_mg=500.0, sleep_h=5.0, stress=7),
            day(6, caffeine_mg=None, sleep_h=6.0),  # exactly 6 h is not short
            day(7, caffeine_mg=2000.0, sleep_h=1.0, stress=10),  # 8 days ago: outside
        ]
    )
    values = facts(diary)
    assert values["caffeine_avg_7d_mg"] == 400.0  # (300 + 500) / 2, not / 4
    assert values["caffeine_max_7d_mg"] == 500.0
    assert values["sleep_avg_7d_h"] == pytest.approx((5.5 + 8 + 5 + 6) / 4)
    assert values["short_sleep_nights_7d"] == 2
    assert values["stress_avg_7d"] == 5.5
    assert values["days_logged_7d"] == 4
    assert values["days_logged_14d"] == 5


def test_factors_never_recorded_are_none_even_with_check_ins(diary: Diary) -> None:
    diary.add_all(days=[day(1, notes="just a note"), day(2, water_l=1.5)])
    values = facts(diary)
    assert values["days_logged_7d"] == 2
    for name in (
        "caffeine_avg_7d_mg",
        "sleep_avg_7d_h",
        "short_sleep_nights_7d",
        "stress_avg_7d",
        "vigorous_exercise_days_7d",
        "exercise_min_7d",
        "alcohol_units_7d",
    ):
        assert values[name] is None, name


def test_recorded_zero_is_not_none(diary: Diary) -> None:
    diary.add_all(days=[day(1, caffeine_mg=0.0, alcohol_units=0.0, exercise_min=0, stress=0)])
    values = facts(diary)
    assert values["caffeine_avg_7d_mg"] == 0
    assert values["alcohol_units_7d"] == 0
    assert values["exercise_min_7d"] == 0
    assert values["vigorous_exercise_days_7d"] == 0
    assert values["stress_avg_7d"] == 0


def test_exercise_and_alcohol(diary: Diary) -> None:
    diary.add_all(
        days=[
            day(7, exercise_min=90, exercise_intensity="vigorous"),  # outside, but its next day
            day(5, exercise_min=60, exercise_intensity="vigorous", alcohol_units=4.0),
            day(3, exercise_min=30, exercise_intensity="light", alcohol_units=6.5),
            day(1, alcohol_units=4.0),
        ]
    )
    log(diary, 6)  # the day after the vigorous day 7: after exercise
    log(diary, 5)  # the same day as vigorous exercise
    log(diary, 4)  # the day after day 5
    log(diary, 3)  # two days after: not counted ...
    log(diary, 1, context="after_exercise")  # ... unless marked so
    values = facts(diary)
    assert values["vigorous_exercise_days_7d"] == 1
    assert values["exercise_min_7d"] == 90
    assert values["alcohol_units_7d"] == 14.5
    assert values["episodes_after_exercise_7d"] == 4


# -- medicines --------------------------------------------------------------------------------
def medicine(category: str, started_days_ago: int, stopped_days_ago: int | None = None):
    stopped = None if stopped_days_ago is None else TODAY - timedelta(days=stopped_days_ago)
    return MedicationDraft(
        name=f"some {category}",
        category=category,
        started_on=TODAY - timedelta(days=started_days_ago),
        stopped_on=stopped,
    )


def test_active_medicines_by_category(diary: Diary) -> None:
    diary.add_all(
        medications=[
            medicine("diuretic", 30),
            medicine("corticosteroid", 30, stopped_days_ago=1),  # stopped yesterday
            medicine("magnesium", -1),  # starts tomorrow
            medicine("b12", 0, stopped_days_ago=0),  # today only
        ]
    )
    values = facts(diary)
    assert values["active_medicine_diuretic"] == 1
    assert values["active_medicine_corticosteroid"] == 0
    assert values["active_medicine_magnesium"] == 0
    assert values["active_medicine_b12"] == 1
    assert values["active_medicine_iron"] == 0


@pytest.mark.parametrize(
    ("started_before_onset", "expected"),
    [(13, 1), (14, 1), (15, 0), (0, 1), (-1, 0)],  # -1: started the day after twitching began
)
def test_new_medicine_before_twitching_began(
    diary: Diary, started_before_onset: int, expected: int
) -> None:
    onset = 20
    for days_ago in (onset, 12, 5):  # one spell (gaps under 30 days), fewer this week
        log(diary, days_ago)
    diary.add_medication(medicine("corticosteroid", onset + started_before_onset))
    values = facts(diary)
    assert values["new_medicine_14d"] == expected
    before = values["medicine_started_before_onset_days"]
    assert before == (started_before_onset if started_before_onset >= 0 else None)


def test_supplements_are_not_a_new_medicine(diary: Diary) -> None:
    log(diary, 5)
    diary.add_medication(medicine("magnesium", 10))
    assert facts(diary)["new_medicine_14d"] == 0


def test_twitching_that_started_long_ago_is_not_new(diary: Diary) -> None:
    for days_ago in range(120, 0, -20):  # one long spell reaching back before the window
        log(diary, days_ago)
    diary.add_medication(medicine("diuretic", 95))
    values = facts(diary)
    assert values["new_medicine_14d"] == 0
    assert values["medicine_started_before_onset_days"] is None


def test_a_quiet_month_starts_a_new_spell(diary: Diary) -> None:
    log(diary, 150)  # long ago, then 31+ quiet days
    log(diary, 60)
    log(diary, 50)
    diary.add_medication(medicine("stimulant", 65))
    values = facts(diary)
    assert values["medicine_started_before_onset_days"] == 5
    assert values["new_medicine_14d"] == 1


@pytest.mark.parametrize(
    ("this_week", "last_week", "expected"),
    [(3, 2, 1), (2, 0, 0), (3, 3, 0), (4, 1, 1)],  # needs >= 3 and more than the week before
)
def test_new_medicine_before_twitching_increased(
    diary: Diary, this_week: int, last_week: int, expected: int
) -> None:
    log(diary, 80)  # the spell began long before the medicine
    for days_ago in range(79, 14, -7):
        log(diary, days_ago)
    for _ in range(last_week):
        log(diary, 10)
    for _ in range(this_week):
        log(diary, 2)
    diary.add_medication(medicine("antiepileptic", 20))  # 14 days before this week began
    assert facts(diary)["new_medicine_14d"] == expected


def test_old_medicine_does_not_explain_an_increase(diary: Diary) -> None:
    for _ in range(4):
        log(diary, 2)
    log(diary, 60)
    diary.add_medication(medicine("antiepileptic", 21))  # 15 days before this week began
    assert facts(diary)["new_medicine_14d"] == 0

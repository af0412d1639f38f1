"""The diary repository against a real SQLite file (no Qt)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from factories import CET, episode
from sqlalchemy import text

from twitchdesk.storage.database import database_path, open_diary
from twitchdesk.storage.records import (
    AdviceStateRecord,
    DailyFactors,
    MedicationDraft,
)
from twitchdesk.storage.repository import Diary, InvalidRecord


@pytest.fixture
def diary(tmp_path: Path) -> Diary:
    opened = open_diary(tmp_path / "diary")
    yield opened
    opened.close()


def test_new_diary_uses_wal_full_sync_and_foreign_keys(diary: Diary) -> None:
    with diary.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        # 2 = FULL: an acknowledged entry survives a power cut.
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_data_folder_and_files_are_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "private"
    diary = open_diary(data_dir)
    diary.add_episode(episode())
    diary.close()
    assert data_dir.stat().st_mode & 0o777 == 0o700
    for child in data_dir.iterdir():
        if child.is_file():
            assert child.stat().st_mode & 0o777 == 0o600, child.name


def test_episode_round_trip_keeps_local_time_and_symptoms(diary: Diary) -> None:
    draft = episode(
        datetime(2026, 3, 14, 23, 45, tzinfo=CET),
        region_id="upper_eyelid",
        side="right",
        kind="ripple",
        intensity=7,
        duration_s=90,
        context="in_bed",
        seen=True,
        symptoms=frozenset({"weakness", "spreading"}),
        notes="Long note 🙂 with ünïcode\nand a second line",
    )
    stored = diary.add_episode(draft)
    again = diary.get_episode(stored.id)
    assert again.draft() == draft
    # 23:45 at UTC+1 is still the 14th locally although it is 22:45 UTC.
    assert again.local_date == date(2026, 3, 14)
    assert again.started_at.utcoffset() == timedelta(hours=1)
    assert len(again.uid) == 32


def test_episodes_are_listed_newest_first_and_filtered(diary: Diary) -> None:
    base = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    for day in range(5):
        diary.add_episode(episode(base + timedelta(days=day), region_id="calf"))
    diary.add_episode(episode(base + timedelta(days=2, hours=1), region_id="thumb"))
    listed = diary.episodes()
    assert [e.started_at for e in listed] == sorted((e.started_at for e in listed), reverse=True)
    assert len(diary.episodes(region_id="thumb")) == 1
    window = diary.episodes(since=base + timedelta(days=1), until=base + timedelta(days=3))
    assert len(window) == 3  # days 1 and 2 of calf, and the thumb on day 2


def test_update_replaces_fields_and_symptoms(diary: Diary) -> None:
    stored = diary.add_episode(episode(symptoms=frozenset({"weakness"})))
    changed = diary.update_episode(
        stored.id, episode(intensity=9, symptoms=frozenset({"numbness_tingling"}), notes="x")
    )
    assert changed.intensity == 9
    assert diary.get_episode(stored.id).symptoms == {"numbness_tingling"}
    assert changed.created_at == stored.created_at


def test_soft_delete_hides_and_restore_brings_back(diary: Diary) -> None:
    stored = diary.add_episode(episode())
    diary.delete_episode(stored.id)
    assert diary.episodes() == []
    assert diary.episode_count() == 0
    assert len(diary.episodes(include_deleted=True)) == 1
    diary.restore_episode(stored.id)
    assert [e.id for e in diary.episodes()] == [stored.id]


def test_the_kept_episode_count_always_matches_a_fresh_count(diary: Diary) -> None:
    def counted_afresh() -> int:
        with diary.engine.connect() as connection:
            query = text("SELECT count(*) FROM episode WHERE deleted_at IS NULL")
            return int(connection.execute(query).scalar_one())

    first, second = diary.add_episode(episode()), diary.add_episode(episode())
    steps = [
        lambda: diary.add_episode(episode()),
        lambda: diary.delete_episode(first.id),
        lambda: diary.delete_episode(first.id),  # deleting twice removes one, not two
        lambda: diary.restore_episode(first.id),
        lambda: diary.restore_episode(first.id),
        lambda: diary.update_episode(second.id, episode(intensity=7)),
        lambda: diary.add_all([episode(), episode()], []),  # bulk writes count again
        lambda: diary.delete_episode(second.id),
        lambda: diary.purge_deleted(),
    ]
    assert diary.episode_count() == counted_afresh() == 2
    for step in steps:
        step()
        assert diary.episode_count() == counted_afresh()
    with pytest.raises(InvalidRecord):
        diary.add_episode(episode(intensity=0))  # a refused write changes nothing
    assert diary.episode_count() == counted_afresh() == 4


def test_regions_in_use_lists_each_region_with_a_live_episode_once(diary: Diary) -> None:
    assert diary.regions_in_use() == []
    for region in ("calf", "eyelid", "calf", "thigh_front", "abdomen", "eyelid"):
        diary.add_episode(episode(region_id=region))
    only_deleted = diary.add_episode(episode(region_id="jaw"))
    diary.delete_episode(only_deleted.id)
    partly_deleted = diary.add_episode(episode(region_id="abdomen"))
    diary.delete_episode(partly_deleted.id)
    assert diary.regions_in_use() == ["abdomen", "calf", "eyelid", "thigh_front"]


def test_deleting_an_episode_for_good_removes_its_symptoms(diary: Diary) -> None:
    stored = diary.add_episode(episode(symptoms=frozenset({"weakness"})))
    diary.delete_episode(stored.id)
    assert diary.purge_deleted() == 1
    with diary.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM episode_symptom")).scalar() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"region_id": ""}, "region"),
        ({"side": "up"}, "side"),
        ({"intensity": 0}, "intensity"),
        ({"intensity": 11}, "intensity"),
        ({"duration_s": -1}, "duration"),
        ({"duration_s": 24 * 3600 + 1}, "duration"),
        ({"symptoms": frozenset({"itchy"})}, "symptoms"),
        ({"context": "asleep"}, "context"),
    ],
)
def test_invalid_episodes_are_refused_and_nothing_is_stored(
    diary: Diary, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidRecord, match=message):
        diary.add_episode(episode(**fields))  # type: ignore[arg-type]
    assert diary.episodes(include_deleted=True) == []


def test_naive_times_are_refused(diary: Diary) -> None:
    with pytest.raises(ValueError, match="time"):
        diary.add_episode(episode(datetime(2026, 1, 1, 10, 0)))


def test_daily_factors_keep_empty_apart_from_zero(diary: Diary) -> None:
    day = date(2026, 3, 2)
    diary.save_day(DailyFactors(day, caffeine_mg=0.0, sleep_h=6.5))
    stored = diary.day(day)
    assert stored.caffeine_mg == 0.0
    assert stored.stress is None
    diary.save_day(DailyFactors(day, stress=7))
    assert diary.day(day) == DailyFactors(day, stress=7)
    diary.save_day(DailyFactors(day))
    assert diary.days() == []


@pytest.mark.parametrize(
    "fields", [{"sleep_h": 25}, {"caffeine_mg": -1}, {"stress": 11}, {"exercise_intensity": "x"}]
)
def test_impossible_daily_values_are_refused(diary: Diary, fields: dict[str, object]) -> None:
    with pytest.raises(InvalidRecord):
        diary.save_day(DailyFactors(date(2026, 3, 2), **fields))  # type: ignore[arg-type]
    assert diary.days() == []


def test_medications_active_on_a_day_include_both_boundaries(diary: Diary) -> None:
    start, stop = date(2026, 2, 1), date(2026, 2, 10)
    diary.add_medication(MedicationDraft("Furosemide", "diuretic", start, stopped_on=stop))
    diary.add_medication(MedicationDraft("Magnesium", "magnesium", date(2026, 2, 5)))
    names = lambda day: [m.name for m in diary.medications(active_on=day)]  # noqa: E731
    assert names(start - timedelta(days=1)) == []
    assert names(start) == ["Furosemide"]
    assert names(stop) == ["Furosemide", "Magnesium"]
    assert names(stop + timedelta(days=1)) == ["Magnesium"]


def test_medication_stop_before_start_is_refused(diary: Diary) -> None:
    with pytest.raises(InvalidRecord, match="stop date"):
        diary.add_medication(
            MedicationDraft("X", "other", date(2026, 2, 10), stopped_on=date(2026, 2, 9))
        )


def test_add_all_is_all_or_nothing(diary: Diary) -> None:
    good, bad = episode(), episode(intensity=42)
    with pytest.raises(InvalidRecord):
        diary.add_all([good, bad], [DailyFactors(date(2026, 1, 1), stress=3)])
    assert diary.is_empty()


def test_listeners_hear_committed_changes(diary: Diary) -> None:
    heard: list[str] = []
    diary.subscribe(heard.append)
    stored = diary.add_episode(episode())
    diary.delete_episode(stored.id)
    diary.save_day(DailyFactors(date(2026, 1, 1), stress=2))
    diary.set_advice_state(AdviceStateRecord("caffeine-high", snoozed_until=date(2026, 2, 1)))
    assert heard == ["episodes", "episodes", "daily", "advice"]
    with pytest.raises(InvalidRecord):
        diary.add_episode(episode(intensity=0))
    assert len(heard) == 4  # a refused write announces nothing


def test_advice_state_round_trip_and_clear(diary: Diary) -> None:
    state = AdviceStateRecord("short-sleep", dismissed_at=datetime(2026, 1, 2, 3, 4))
    diary.set_advice_state(state)
    assert diary.advice_states() == {"short-sleep": state}
    diary.set_advice_state(AdviceStateRecord("short-sleep"))
    assert diary.advice_states() == {}


def test_demo_marker(diary: Diary) -> None:
    assert not diary.is_demo
    diary.set_meta("demo", "1")
    assert diary.is_demo


def test_database_file_is_where_the_data_folder_says(tmp_path: Path) -> None:
    diary = open_diary(tmp_path / "d")
    diary.close()
    assert database_path(tmp_path / "d").is_file()

"""The advice facts' narrow reading of the diary, against the same answers worked out in plain
Python from every episode, check-in and medicine record, on the demo and a generated diary with
travel across time zones, moments just before midnight, ties, deletions and gaps (no Qt)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from statistics import fmean

import pytest

from twitchdesk.core.demo import write_demo
from twitchdesk.core.fact_window import LOOKBACK_DAYS
from twitchdesk.core.facts import FactValue, compute_fact_sheet
from twitchdesk.storage import advice_queries, vocabulary
from twitchdesk.storage.advice_queries import AdviceReading, RecentEpisode, read_for_advice
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import DailyFactors, EpisodeDraft, EpisodeRecord, MedicationDraft
from twitchdesk.storage.repository import Diary

TODAY = date(2026, 3, 14)
# From the far west to the far east, and India's half hour.
OFFSETS = [-12 * 60, -10 * 60, -5 * 60, 0, 60, 5 * 60 + 30, 9 * 60, 13 * 60, 14 * 60]
REGIONS = ["upper_eyelid", "lower_eyelid", "cheek", "jaw", "calf", "thumb", "neck", "old_place"]
SIDES = list(vocabulary.SIDES)
CONTEXTS = [None, *vocabulary.CONTEXTS]
# Reference days: the generated diary's last day, days inside it, and one after it.
REFERENCE_DAYS = [
    TODAY,
    TODAY - timedelta(days=9),
    TODAY - timedelta(days=100),
    TODAY + timedelta(3),
]


def generated_diary(folder: Path, seed: int) -> Diary:
    """Half a year of busy and quiet spells, and a few episodes long before it."""
    rng = random.Random(seed)
    episodes: list[EpisodeDraft] = []
    for days_ago in [*range(-2, 200), 400, 401, 650]:
        day = TODAY - timedelta(days=days_ago)
        for _ in range(rng.choice([0, 0, 1, 2, 5]) if days_ago < 200 else 1):
            zone = timezone(timedelta(minutes=rng.choice(OFFSETS)))
            moment = rng.choice(
                [
                    time(0, 0),
                    time(23, 59, 59, 999_900),  # SQLite would round this to the next day
                    time(rng.randrange(24), rng.randrange(60), rng.randrange(60)),
                ]
            )
            started = datetime.combine(day, moment, tzinfo=zone)
            copies = 2 if rng.random() < 0.1 else 1  # two places at the very same instant
            for _copy in range(copies):
                symptoms = {s for s in vocabulary.SYMPTOMS if rng.random() < 0.08}
                episodes.append(
                    EpisodeDraft(
                        started_at=started,
                        region_id=rng.choice(REGIONS),
                        side=rng.choice(SIDES),
                        context=rng.choice(CONTEXTS),
                        symptoms=frozenset(symptoms),
                    )
                )
    days = [
        DailyFactors(
            day=TODAY - timedelta(days=days_ago),
            caffeine_mg=rng.choice([None, 0.0, 150.0, 450.0]),
            sleep_h=rng.choice([None, 5.0, 7.5]),
            stress=rng.choice([None, 2, 8]),
            exercise_min=rng.choice([None, 0, 45]),
            exercise_intensity=rng.choice([None, "light", "vigorous"]),
            alcohol_units=rng.choice([None, 0.0, 3.5]),
        )
        for days_ago in range(-2, 200)
        if rng.random() < 0.8
    ]
    categories = list(vocabulary.MEDICATION_CATEGORIES)
    medications = []
    for number in range(5):
        start = TODAY - timedelta(days=rng.randrange(150))
        stop = start + timedelta(days=rng.randrange(60)) if rng.random() < 0.5 else None
        medications.append(
            MedicationDraft(f"Medicine {number}", rng.choice(categories), start, stopped_on=stop)
        )
    diary = open_diary(folder)
    diary.add_all(episodes, [d for d in days if not d.is_empty()], medications)
    live = diary.episodes()
    for record in rng.sample(live, len(live) // 20):
        diary.delete_episode(record.id)
    diary.delete_medication(diary.medications()[0].id)
    return diary


@pytest.fixture(params=["demo", "generated-1", "generated-2"])
def varied_diary(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Diary]:
    if request.param == "demo":
        diary = open_diary(tmp_path / "diary")
        write_demo(diary, TODAY)
    else:
        diary = generated_diary(tmp_path / "diary", seed=int(request.param.rpartition("-")[2]))
    yield diary
    diary.close()


def reading_from_records(diary: Diary, since: datetime, first: date, last: date) -> AdviceReading:
    """What `read_for_advice` should give, from every live episode record."""
    every = diary.episodes()
    utc = {e.id: e.started_at.astimezone(UTC).replace(tzinfo=None) for e in every}
    recent = sorted((e for e in every if utc[e.id] >= since), key=lambda e: (utc[e.id], -e.id))
    older = [e for e in every if utc[e.id] < since]
    newest_older = max(older, key=lambda e: utc[e.id], default=None)
    return AdviceReading(
        episodes=[
            RecentEpisode(e.local_date, e.region_id, e.side, e.context, e.symptoms) for e in recent
        ],
        days=diary.days(first, last),
        medications=diary.medications(),
        last_day_before=None if newest_older is None else newest_older.local_date,
        first_day=min(e.local_date for e in every) if older else None,
    )


@pytest.mark.parametrize("today", REFERENCE_DAYS)
def test_the_reading_holds_what_every_record_says(varied_diary: Diary, today: date) -> None:
    since = datetime.combine(today - timedelta(days=LOOKBACK_DAYS), time.min)
    first, last = today - timedelta(days=LOOKBACK_DAYS), today
    expected = reading_from_records(varied_diary, since, first, last)
    assert expected.episodes  # the comparison is not between two empty lists
    assert read_for_advice(varied_diary, since, first, last) == expected


@pytest.mark.parametrize("today", REFERENCE_DAYS)
def test_facts_from_the_reading_equal_facts_from_every_record(
    varied_diary: Diary, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = compute_fact_sheet(varied_diary, today)
    monkeypatch.setattr(advice_queries, "read_for_advice", reading_from_records)
    assert compute_fact_sheet(varied_diary, today) == sheet


def straightforward_facts(diary: Diary, today: date) -> dict[str, FactValue]:
    """Facts whose computation is a plain count or average, worked out from every record."""
    live = diary.episodes()

    def episodes(length: int, skip: int = 0) -> list[EpisodeRecord]:
        last = today - timedelta(days=skip)
        return [e for e in live if last - timedelta(days=length - 1) <= e.local_date <= last]

    week = [d for d in diary.days() if today - timedelta(days=6) <= d.day <= today]
    caffeine = [d.caffeine_mg for d in week if d.caffeine_mg is not None]
    past = [e.local_date for e in live if e.local_date <= today]
    values: dict[str, FactValue] = {
        "episodes_7d": len(episodes(7)),
        "episodes_prev_7d": len(episodes(7, skip=7)),
        "episodes_30d": len(episodes(30)),
        "days_since_first_episode": (today - min(past)).days if past else None,
        "distinct_regions_14d": len({e.region_id for e in episodes(14)}),
        "eyelid_episodes_14d": sum(e.region_id.endswith("_eyelid") for e in episodes(14)),
        "episodes_with_symptoms_30d": sum(bool(e.symptoms) for e in episodes(30)),
        "days_logged_7d": len(week),
        "caffeine_avg_7d_mg": fmean(caffeine) if caffeine else None,
    }
    for code in vocabulary.SYMPTOMS:
        values[f"symptom_{code}_30d"] = sum(code in e.symptoms for e in episodes(30))
    for category in vocabulary.MEDICATION_CATEGORIES:
        taking = [m for m in diary.medications() if m.category == category and m.active_on(today)]
        values[f"active_medicine_{category}"] = int(bool(taking))
    return values


@pytest.mark.parametrize("today", REFERENCE_DAYS)
def test_counts_and_averages_equal_a_straightforward_count(
    varied_diary: Diary, today: date
) -> None:
    expected = straightforward_facts(varied_diary, today)
    sheet = compute_fact_sheet(varied_diary, today)
    assert {name: sheet.values[name] for name in expected} == expected


def test_the_first_day_is_found_across_time_zones(tmp_path: Path) -> None:
    diary = open_diary(tmp_path / "diary")
    try:
        far_west, far_east = timezone(timedelta(hours=-12)), timezone(timedelta(hours=14))
        # Both long before the window. The earliest instant (20:00 UTC on 1 June) was 2 June
        # where it was logged; the next one (08:00 UTC on 2 June) was still 1 June: the first day.
        diary.add_episode(
            EpisodeDraft(datetime(2025, 6, 2, 10, 0, tzinfo=far_east), "calf", "left")
        )
        diary.add_episode(
            EpisodeDraft(datetime(2025, 6, 1, 20, 0, tzinfo=far_west), "calf", "left")
        )
        sheet = compute_fact_sheet(diary, TODAY)
        assert sheet.values["days_since_first_episode"] == (TODAY - date(2025, 6, 1)).days
    finally:
        diary.close()

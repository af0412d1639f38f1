"""The report's SQL counts (durations, symptoms, kinds, first days) and the latest episodes it
lists, against the same answers worked out in Python from every episode record (no Qt)."""

from __future__ import annotations

import statistics
import tempfile
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from factories import CET, episode
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchdesk.core.trends import DateRange
from twitchdesk.report import build
from twitchdesk.report.build import build_report_data
from twitchdesk.storage.aggregates import Scope
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import EpisodeDraft, EpisodeRecord
from twitchdesk.storage.report_queries import Durations, episode_facts, first_days
from twitchdesk.storage.repository import Diary

PERIOD = DateRange(date(2026, 3, 10), date(2026, 3, 14))
PLUS14 = timezone(timedelta(hours=14))
MINUS12 = timezone(timedelta(hours=-12))


def in_period(diary: Diary, period: DateRange) -> list[EpisodeRecord]:
    """The period's live episodes in the order the log prints them, from every record."""
    found = [e for e in diary.episodes() if period.first <= e.local_date <= period.last]
    return sorted(found, key=lambda e: (e.local_date, e.started_at.timetz(), e.id))


def test_counts_worked_out_by_hand(tmp_path: Path) -> None:
    diary = open_diary(tmp_path / "diary")
    try:
        diary.add_all(
            episodes=[
                # The 10th at +14:00 is still the 9th in UTC: it counts, and is the first cramp.
                episode(datetime(2026, 3, 10, 1, 0, tzinfo=PLUS14), "calf", kind="cramp"),
                episode(datetime(2026, 3, 10, 9, 0, tzinfo=CET), "thumb", duration_s=30),
                episode(datetime(2026, 3, 11, 9, 0, tzinfo=CET), "calf", duration_s=5,
                        symptoms=frozenset({"weakness", "numbness_tingling"})),
                episode(datetime(2026, 3, 12, 9, 0, tzinfo=CET), "calf", kind="cramp",
                        duration_s=60, symptoms=frozenset({"weakness"})),
                episode(datetime(2026, 3, 14, 23, 0, tzinfo=MINUS12), "jaw", kind="jerk",
                        duration_s=10),
                # Outside: the 9th local although the 10th in UTC, and the 15th local.
                episode(datetime(2026, 3, 9, 23, 0, tzinfo=MINUS12), "calf", duration_s=999),
                episode(datetime(2026, 3, 15, 0, 30, tzinfo=CET), "calf", duration_s=999),
            ]
        )  # fmt: skip
        gone = diary.add_episode(episode(datetime(2026, 3, 12, 10, 0, tzinfo=CET), "neck"))
        diary.delete_episode(gone.id)
        scope = Scope(PERIOD.first, PERIOD.last)
        facts = episode_facts(diary, scope)
        first = first_days(diary, scope, ["calf", "thumb", "jaw", "neck", "toe"])
    finally:
        diary.close()
    assert facts.episodes == 5
    # Four durations: the median is between the middle two (10 s and 30 s).
    assert facts.durations == Durations(recorded=4, median=20.0, shortest=5, longest=60)
    assert facts.symptoms == {"weakness": 2, "numbness_tingling": 1}
    # Two cramps and two twitches: the cramp comes first, logged first (early on the 10th).
    assert facts.kinds == [("cramp", 2), ("twitch", 2), ("jerk", 1)]
    # The deleted neck episode and a region never logged have no first day.
    assert first == {
        "calf": date(2026, 3, 10),
        "thumb": date(2026, 3, 10),
        "jaw": date(2026, 3, 14),
    }


def test_an_empty_period_has_no_durations_nor_kinds(tmp_path: Path) -> None:
    diary = open_diary(tmp_path / "diary")
    try:
        facts = episode_facts(diary, Scope(PERIOD.first, PERIOD.last))
    finally:
        diary.close()
    assert (facts.episodes, facts.durations, facts.symptoms, facts.kinds) == (0, None, {}, [])


ZONES = [timezone(timedelta(hours=h)) for h in (-12, -5, 0, 1, 5.5, 14)]
drafts = st.builds(
    lambda day, minute, zone, kind, duration, symptoms, region: EpisodeDraft(
        started_at=datetime(2026, 3, 8, tzinfo=zone) + timedelta(days=day, minutes=minute),
        region_id=region,
        side="left",
        kind=kind,
        duration_s=duration,
        symptoms=symptoms,
    ),
    st.integers(0, 8),
    st.integers(0, 24 * 60 - 1),
    st.sampled_from(ZONES),
    st.sampled_from(["twitch", "cramp", "ripple"]),
    st.none() | st.sampled_from([1, 5, 30, 60, 600]),
    st.frozensets(st.sampled_from(["weakness", "numbness_tingling", "spreading"])),
    st.sampled_from(["calf", "thumb", "jaw"]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(drafts, max_size=25), st.integers(1, 8))
def test_sql_counts_and_the_latest_episodes_match_every_record(
    episodes: list[EpisodeDraft], limit: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        diary = open_diary(Path(folder))
        try:
            diary.add_all(episodes=episodes)
            scope = Scope(PERIOD.first, PERIOD.last)
            facts = episode_facts(diary, scope)
            first = first_days(diary, scope, ["calf", "thumb", "jaw"])
            every = in_period(diary, PERIOD)
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(build, "EPISODE_LOG_LIMIT", limit)
                data = build_report_data(diary, PERIOD.first, PERIOD.last)
        finally:
            diary.close()
    assert facts.episodes == len(every) == data.period_episodes
    durations = [e.duration_s for e in every if e.duration_s is not None]
    if durations:
        assert facts.durations == Durations(
            len(durations), statistics.median(durations), min(durations), max(durations)
        )
    else:
        assert facts.durations is None
    assert facts.symptoms == Counter(s for e in every for s in e.symptoms)
    assert facts.kinds == Counter(e.kind for e in every).most_common()
    first_seen: dict[str, date] = {}
    for e in every:
        first_seen.setdefault(e.region_id, e.local_date)
    assert first == first_seen
    latest = every[-limit:]
    assert [(row.day, row.time) for row in data.episodes] == [
        (e.local_date, f"{e.started_at:%H:%M}") for e in latest
    ]

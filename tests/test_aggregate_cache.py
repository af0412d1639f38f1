"""The in-memory aggregates give the SQL aggregates' answers, and forget them when the diary
changes (the hand-checked diary of test_aggregates, plus the demo diary)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from factories import CET, episode
from test_aggregates import MARCH, at, diary  # noqa: F401  (the fixture)

from twitchdesk.core.demo import write_demo
from twitchdesk.storage.aggregate_cache import AggregateCache
from twitchdesk.storage.aggregates import Scope, SqlAggregates
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import DailyFactors
from twitchdesk.storage.repository import Diary

QUESTIONS = ("per_day", "per_region", "per_hour", "factors")


def same_answers(cache: AggregateCache, opened: Diary, scope: Scope) -> None:
    sql = SqlAggregates(opened)
    for question in QUESTIONS:
        assert getattr(cache, question)(scope) == getattr(sql, question)(scope), question
    assert cache.span() == sql.span()
    assert cache.regions_in_use() == opened.regions_in_use()


@pytest.mark.parametrize(
    "scope",
    [
        MARCH,
        Scope(date(2026, 3, 15), date(2026, 3, 15)),  # one local day, three UTC ones near it
        Scope(date(2026, 3, 10), date(2026, 3, 20)),  # wider than the diary
        Scope(MARCH.first, MARCH.last, "calf"),
        Scope(MARCH.first, MARCH.last, "jaw"),  # only deleted episodes
        Scope(MARCH.first, MARCH.last, "no_such_region"),
        Scope(date(2020, 1, 1), date(2020, 1, 31)),  # long before
    ],
)
def test_cache_answers_as_the_sql_does(diary: Diary, scope: Scope) -> None:  # noqa: F811
    cache = AggregateCache(diary)
    same_answers(cache, diary, scope)
    cache.close()


def test_cache_answers_as_the_sql_does_on_the_demo_diary(tmp_path: Path) -> None:
    demo = open_diary(tmp_path / "demo")
    try:
        write_demo(demo)
        cache = AggregateCache(demo)
        last = date.today()
        for days in (7, 90, 365, 1000):
            for region in (None, "calf", "upper_eyelid"):
                same_answers(cache, demo, Scope(last - timedelta(days=days - 1), last, region))
    finally:
        demo.close()


def test_an_empty_diary_has_no_span_and_no_rows(tmp_path: Path) -> None:
    empty = open_diary(tmp_path / "empty")
    try:
        cache = AggregateCache(empty)
        same_answers(cache, empty, MARCH)
        assert cache.span() is None and cache.regions_in_use() == []
    finally:
        empty.close()


def test_changes_to_the_diary_are_seen_and_others_keep_the_cache(diary: Diary) -> None:  # noqa: F811
    cache = AggregateCache(diary)
    before = cache.per_day(MARCH)
    assert "jaw" not in cache.regions_in_use()
    added = diary.add_episode(episode(at(15, 12, 0, CET), "jaw", "midline", intensity=10))
    assert cache.per_day(MARCH) != before
    assert "jaw" in cache.regions_in_use()
    same_answers(cache, diary, MARCH)
    diary.delete_episode(added.id)
    assert cache.per_day(MARCH) == before
    kept = cache.episodes()
    diary.save_day(DailyFactors(date(2026, 3, 17), stress=9))  # a check-in only
    assert cache.factors(MARCH)[-1].stress == 9
    assert cache.episodes() is kept  # the episodes need no second read
    same_answers(cache, diary, MARCH)
    diary.add_all(days=[DailyFactors(date(2026, 3, 15), stress=2)])  # "all" changed
    assert cache.episodes() is not kept
    kept = cache.episodes()
    cache.close()
    diary.add_episode(episode(at(16, 12, 0, CET), "jaw", "left"))
    assert cache.episodes() is kept  # closed: no longer listening


def test_loaded_rows_answer_every_period_and_follow_changes(diary: Diary) -> None:  # noqa: F811
    cache = AggregateCache(diary)
    cache.load()  # every day's rows made at once, as after the Trends panel's first chart
    scopes = [
        MARCH,
        Scope(date(2026, 3, 15), date(2026, 3, 16)),
        Scope(date(2026, 3, 10), date(2026, 3, 20)),  # wider than the diary
        Scope(date(2026, 3, 15), date(2026, 3, 15), "calf"),
    ]
    for scope in scopes:
        same_answers(cache, diary, scope)
    diary.save_day(DailyFactors(date(2026, 3, 16), caffeine_mg=333))
    assert [row.caffeine_mg for row in cache.factors(MARCH) if row.day.day == 16] == [333]
    diary.add_episode(episode(at(16, 12, 0, CET), "jaw", "left"))
    for scope in scopes:
        same_answers(cache, diary, scope)

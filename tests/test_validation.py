"""Form checks, phrased for people (no Qt)."""

from __future__ import annotations

from datetime import datetime, timedelta

from factories import CET, episode

from twitchdesk.core.validation import episode_problems, format_duration

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=CET)


def test_a_complete_episode_has_no_problems() -> None:
    assert episode_problems(episode(NOW - timedelta(hours=1), duration_s=30), NOW) == {}


def test_region_is_required() -> None:
    assert "body map" in episode_problems(episode(NOW, region_id=""), NOW)["region"]


def test_future_times_are_refused_but_a_small_clock_skew_is_not() -> None:
    assert "future" in episode_problems(episode(NOW + timedelta(minutes=10)), NOW)["time"]
    assert episode_problems(episode(NOW + timedelta(minutes=1)), NOW) == {}


def test_far_past_dates_are_caught_as_typos() -> None:
    problems = episode_problems(episode(NOW.replace(year=1996)), NOW)
    assert "20 years" in problems["time"]


def test_duration_bounds() -> None:
    assert "duration" in episode_problems(episode(NOW, duration_s=0), NOW)
    assert "duration" in episode_problems(episode(NOW, duration_s=86_401), NOW)
    assert episode_problems(episode(NOW, duration_s=86_400), NOW) == {}
    assert episode_problems(episode(NOW, duration_s=None), NOW) == {}


def test_format_duration() -> None:
    assert format_duration(None) == "—"
    assert format_duration(45) == "45 s"
    assert format_duration(120) == "2 min"
    assert format_duration(150) == "2 min 30 s"
    assert format_duration(5400) == "1 h 30 min"

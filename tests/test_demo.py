"""The demo diary tells the story it promises, the same way every time (no Qt)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from statistics import mean

from twitchdesk.core.demo import DEMO_DAYS, generate_demo, write_demo
from twitchdesk.storage.database import open_diary

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_same_seed_same_diary() -> None:
    assert generate_demo(TODAY, NOW) == generate_demo(TODAY, NOW)


def test_covers_six_months_and_nothing_in_the_future() -> None:
    demo = generate_demo(TODAY, NOW)
    first = min(e.started_at for e in demo.episodes).date()
    assert (TODAY - first).days >= DEMO_DAYS - 10
    assert max(e.started_at for e in demo.episodes) <= NOW
    assert 100 <= len(demo.episodes) <= 600
    assert len(demo.days) > DEMO_DAYS * 0.85


def test_eyelid_twitches_cluster_on_high_caffeine_short_sleep_days() -> None:
    demo = generate_demo(TODAY, NOW)
    eyelid_days = {
        e.local_date for e in demo.episodes if e.region_id in {"upper_eyelid", "lower_eyelid"}
    }

    def twitch_rate(days: list) -> float:
        return mean(1.0 if d.day in eyelid_days else 0.0 for d in days)

    high = [d for d in demo.days if (d.caffeine_mg or 0) > 400]
    short = [d for d in demo.days if (d.sleep_h or 8) < 6]
    calm = [d for d in demo.days if (d.caffeine_mg or 0) <= 300 and (d.sleep_h or 8) >= 7]
    assert len(high) >= 10 and len(short) >= 5 and len(calm) >= 30
    assert twitch_rate(high) > 2 * twitch_rate(calm)
    assert twitch_rate(short) > 1.5 * twitch_rate(calm)


def test_calf_twitches_follow_hard_exercise_and_the_diuretic() -> None:
    demo = generate_demo(TODAY, NOW)
    diuretic = next(m for m in demo.medications if m.category == "diuretic")
    hard_days = {d.day for d in demo.days if d.exercise_intensity == "vigorous"}
    calf = [e for e in demo.episodes if e.region_id == "calf"]
    after_exercise = [e for e in calf if e.local_date in hard_days]
    assert len(after_exercise) >= len(calf) * 0.3
    first_day = TODAY - timedelta(days=DEMO_DAYS - 1)
    assert first_day + timedelta(days=60) < diuretic.started_on < TODAY - timedelta(days=60)


def test_demo_never_invents_red_flag_symptoms() -> None:
    assert all(not e.symptoms for e in generate_demo(TODAY, NOW).episodes)


def test_write_demo_marks_the_diary_and_refuses_a_real_one(tmp_path) -> None:
    diary = open_diary(tmp_path)
    demo = write_demo(diary, TODAY)
    assert diary.is_demo
    assert diary.episode_count() == len(demo.episodes)
    try:
        write_demo(diary, TODAY)
    except ValueError as error:
        assert "empty diary" in str(error)
    else:
        raise AssertionError("the demo went into a diary that already had entries")
    diary.close()

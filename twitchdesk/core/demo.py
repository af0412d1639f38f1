"""A realistic six-month demo diary, generated with a fixed seed.

The story it tells (so every panel and the report have something true-to-life to show):
- left upper eyelid twitches that cluster on days with a lot of caffeine and short sleep,
  worst during a stressful stretch at work in the second month;
- calf twitches in the evening after hard exercise (long runs on Sundays);
- a thiazide diuretic started half-way, after which calf and thigh twitches become more common,
  and a magnesium supplement a few weeks later, after which they ease;
- now and then a thumb twitch, and the odd day with no check-in at all.
It never invents red-flag symptoms: the demo must not frighten anyone who opens it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from twitchdesk.storage.records import DailyFactors, EpisodeDraft, MedicationDraft
from twitchdesk.storage.repository import Diary

DEMO_SEED = 20261125
DEMO_DAYS = 182

_EYELID_NOTES = [
    "Started in a long video call.",
    "Annoying while reading.",
    "Stopped after I closed my eyes for a minute.",
    "Third coffee today.",
    "Slept badly last night.",
    "Comes and goes in short bursts.",
]
_CALF_NOTES = [
    "After the long run.",
    "Felt it when lying on the sofa.",
    "Could see it rippling under the skin.",
    "Legs tired.",
]


@dataclass
class DemoDiary:
    episodes: list[EpisodeDraft] = field(default_factory=list)
    days: list[DailyFactors] = field(default_factory=list)
    medications: list[MedicationDraft] = field(default_factory=list)


def generate_demo(today: date, now: datetime | None = None, seed: int = DEMO_SEED) -> DemoDiary:
    """The demo diary ending on `today`; nothing later than `now` (aware) is logged."""
    rng = random.Random(seed)
    now = now or datetime.now().astimezone()
    first_day = today - timedelta(days=DEMO_DAYS - 1)
    diuretic_start = first_day + timedelta(days=DEMO_DAYS // 2)
    magnesium_start = diuretic_start + timedelta(days=30)
    demo = DemoDiary(
        medications=[
            MedicationDraft(
                name="Bendroflumethiazide",
                category="diuretic",
                dose="2.5 mg each morning",
                started_on=diuretic_start,
                notes="For blood pressure, started by my GP.",
            ),
            MedicationDraft(
                name="Magnesium citrate",
                category="magnesium",
                dose="200 mg in the evening",
                started_on=magnesium_start,
            ),
            MedicationDraft(
                name="Cetirizine",
                category="other",
                dose="10 mg",
                started_on=first_day + timedelta(days=20),
                stopped_on=first_day + timedelta(days=48),
                notes="Hay fever.",
            ),
        ]
    )
    for offset in range(DEMO_DAYS):
        day = first_day + timedelta(days=offset)
        factors = _day_factors(rng, day, offset)
        if rng.random() > 0.06:  # about one day in seventeen has no check-in
            demo.days.append(factors)
        on_diuretic = day >= diuretic_start
        on_magnesium = day >= magnesium_start
        for draft in _day_episodes(rng, day, factors, on_diuretic, on_magnesium):
            if draft.started_at <= now:
                demo.episodes.append(draft)
    return demo


def _day_factors(rng: random.Random, day: date, offset: int) -> DailyFactors:
    stressful_stretch = 35 <= offset < 63
    weekend = day.weekday() >= 5
    stress = rng.randint(2, 5) + (3 if stressful_stretch else 0)
    sleep = round(rng.gauss(7.1 - (0.9 if stressful_stretch else 0.0), 0.7) * 2) / 2
    cups = rng.choice([1, 2, 2, 3, 3, 4]) + (rng.choice([1, 2, 3]) if stressful_stretch else 0)
    caffeine = cups * 95 + (80 if rng.random() < 0.15 else 0)  # the odd energy drink
    long_run = day.weekday() == 6 and rng.random() < 0.8
    short_run = day.weekday() in (1, 3) and rng.random() < 0.7
    exercise_min = 75 if long_run else (30 if short_run else 0)  # rest days are 0, not blank
    intensity = "vigorous" if long_run else ("moderate" if short_run else None)
    alcohol = rng.choice([0, 2, 3, 4]) if weekend else (0 if rng.random() < 0.8 else 1.5)
    return DailyFactors(
        day=day,
        caffeine_mg=float(caffeine),
        sleep_h=max(4.0, min(9.5, sleep)),
        stress=min(stress, 10),
        exercise_min=exercise_min,
        exercise_intensity=intensity,
        alcohol_units=float(alcohol),
        water_l=round(rng.uniform(1.0, 2.2), 1),
        notes="Deadline week." if stressful_stretch and day.weekday() == 0 else "",
    )


def _at(day: date, hour: float) -> datetime:
    minutes = int(hour * 60)
    naive = datetime.combine(day, time(0, 0)) + timedelta(minutes=minutes)
    return naive.astimezone()  # the computer's local offset on that date (DST-aware)


def _day_episodes(
    rng: random.Random,
    day: date,
    factors: DailyFactors,
    on_diuretic: bool,
    on_magnesium: bool,
) -> list[EpisodeDraft]:
    episodes: list[EpisodeDraft] = []
    caffeine = factors.caffeine_mg or 0
    sleep = factors.sleep_h or 7
    stress = factors.stress or 0
    eyelid_chance = 0.04 + 0.5 * (caffeine > 400) + 0.3 * (sleep < 6) + 0.04 * max(0, stress - 5)
    for _ in range(3):
        if rng.random() < eyelid_chance:
            hour = rng.uniform(11, 22)
            episodes.append(
                EpisodeDraft(
                    started_at=_at(day, hour),
                    region_id=rng.choice(["upper_eyelid"] * 5 + ["lower_eyelid"]),
                    side="left" if rng.random() < 0.85 else "right",
                    kind="twitch" if rng.random() < 0.6 else "ripple",
                    intensity=rng.randint(2, 5),
                    duration_s=rng.choice([5, 10, 20, 30, 60, 120]),
                    context=rng.choice(["rest", "activity", "activity"]),
                    seen=rng.random() < 0.4,
                    notes=rng.choice(_EYELID_NOTES) if rng.random() < 0.25 else "",
                )
            )
    hard_exercise = factors.exercise_intensity == "vigorous"
    leg_chance = 0.05 + (0.55 if hard_exercise else 0) + (0.2 if on_diuretic else 0)
    leg_chance -= 0.15 if on_magnesium else 0
    for _ in range(2):
        if rng.random() < leg_chance:
            region = "calf" if rng.random() < 0.8 else "thigh_front"
            episodes.append(
                EpisodeDraft(
                    started_at=_at(day, rng.uniform(18, 23.5)),
                    region_id=region,
                    side="left" if rng.random() < 0.6 else "right",
                    kind="twitch" if rng.random() < 0.8 else "cramp",
                    intensity=rng.randint(2, 6),
                    duration_s=rng.choice([30, 60, 120, 300, None]),
                    context="after_exercise" if hard_exercise else rng.choice(["rest", "in_bed"]),
                    seen=rng.random() < 0.6,
                    notes=rng.choice(_CALF_NOTES) if rng.random() < 0.2 else "",
                )
            )
    if rng.random() < 0.04:
        episodes.append(
            EpisodeDraft(
                started_at=_at(day, rng.uniform(9, 17)),
                region_id="thumb",
                side="right",
                kind="twitch",
                intensity=rng.randint(1, 3),
                duration_s=rng.choice([5, 10, 15]),
                context="activity",
                seen=True,
            )
        )
    return episodes


def write_demo(diary: Diary, today: date | None = None) -> DemoDiary:
    """Fill an empty diary with the demo and mark it as demo data (shown in the title bar)."""
    if not diary.is_empty():
        raise ValueError("the demo only goes into an empty diary, so no real entries mix with it")
    demo = generate_demo(today or date.today())
    diary.add_all(demo.episodes, demo.days, demo.medications)
    diary.set_meta("demo", "1")
    return demo

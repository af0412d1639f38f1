"""Deterministic diaries for the benchmarks: a heavy ten-year one and a typical one-year one.

The heavy diary is what a devoted user has after ten years: about 110,000 episodes (some thirty a
day, in bursts), a check-in for every day, and a handful of medicines started and stopped along
the way. The typical diary has the demo's density (about one episode a day) for one year.

Both end yesterday, so that "the last 90 days" (the history), the advice windows and the Trends
presets see what a real user would. Everything else comes from a fixed seed, so a given day's
diary is the same on every run. Generating the heavy diary takes a while, so the finished SQLite
file is cached under `benchmarks/.cache/`, keyed by kind, seed, generator version, schema
revision and end date; each benchmark run copies it into its own temporary data folder
(`install`).

    .venv/bin/python benchmarks/heavy_diary.py            # build (or find) the heavy diary
    .venv/bin/python benchmarks/heavy_diary.py --typical  # the one-year typical diary
    .venv/bin/python benchmarks/heavy_diary.py --into DIR # copy it into a data folder
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from twitchdesk.storage.layout import DB_FILENAME  # noqa: E402  (light: no ORM)
from twitchdesk.storage.records import (  # noqa: E402
    DailyFactors,
    EpisodeDraft,
    MedicationDraft,
)

GENERATOR_VERSION = 3  # bump whenever the generated content changes
HEAVY_SEED = 20261125
TYPICAL_SEED = 20261126
CACHE_DIR = Path(__file__).resolve().parent / ".cache"


@dataclass(frozen=True)
class Profile:
    name: str
    seed: int
    days: int
    episodes: int  # expected total; days vary with bad spells, seasons and the day's factors
    checkin_rate: float  # share of days with a check-in


HEAVY = Profile("heavy", HEAVY_SEED, days=3652, episodes=110_000, checkin_rate=1.0)
TYPICAL = Profile("typical", TYPICAL_SEED, days=365, episodes=336, checkin_rate=0.94)
PROFILES = {profile.name: profile for profile in (HEAVY, TYPICAL)}


@dataclass
class GeneratedDiary:
    episodes: list[EpisodeDraft] = field(default_factory=list)
    days: list[DailyFactors] = field(default_factory=list)
    medications: list[MedicationDraft] = field(default_factory=list)


# Where it twitches, roughly as people report it: eyelids far ahead, then calves and feet.
# (region, weight, paired)
_REGIONS: tuple[tuple[str, float, bool], ...] = (
    ("upper_eyelid", 24, True),
    ("lower_eyelid", 8, True),
    ("calf", 16, True),
    ("thigh_front", 5, True),
    ("thigh_back", 2, True),
    ("sole", 3, True),
    ("foot", 3, True),
    ("toes", 1, True),
    ("shin", 2, True),
    ("thumb", 5, True),
    ("fingers", 2, True),
    ("hand", 2, True),
    ("forearm", 3, True),
    ("upper_arm_front", 3, True),
    ("upper_arm_back", 1, True),
    ("shoulder", 2, True),
    ("upper_trapezius", 1, True),
    ("cheek", 3, True),
    ("mouth_corner", 1, True),
    ("lips", 1, False),
    ("eyebrow", 1, True),
    ("abdomen", 2, True),
    ("chest", 2, True),
    ("flank", 1, True),
    ("lower_back", 2, True),
    ("upper_back", 1, False),
    ("buttock", 2, True),
    ("neck", 1, False),
    ("scalp", 0.5, False),
)
_KINDS = (("twitch", 70), ("ripple", 12), ("cramp", 8), ("jerk", 5), ("tremor", 3), ("other", 2))
_CONTEXTS = ((None, 15), ("rest", 35), ("activity", 25), ("in_bed", 15), ("other", 3))
_DURATIONS = (2, 5, 10, 15, 30, 60, 120, 300, 900, None)
_NOTES = (
    "Started in a long video call.",
    "Annoying while reading.",
    "Stopped after I closed my eyes for a minute.",
    "Third coffee today.",
    "Slept badly last night.",
    "Comes and goes in short bursts.",
    "After the long run.",
    "Felt it when lying on the sofa.",
    "Could see it rippling under the skin.",
    "Legs tired.",
    "Went on for most of the evening, on and off; easier after a walk and a glass of water.",
    "Noticed it in the meeting.\nWorse when I focus on it.",
    "Typing all day.",
)
_MEDICATIONS = (
    # (name, category, dose, start as a share of the diary, stop share or None, notes)
    ("Cetirizine", "other", "10 mg", 0.05, 0.09, "Hay fever."),
    ("Magnesium citrate", "magnesium", "200 mg in the evening", 0.18, None, ""),
    ("Bendroflumethiazide", "diuretic", "2.5 mg each morning", 0.41, 0.77, "Blood pressure."),
    ("Prednisolone", "corticosteroid", "30 mg, tapering", 0.55, 0.56, "Short course."),
    ("Vitamin B12", "b12", "1 mg", 0.62, None, "Low B12 on a blood test."),
    ("Ferrous sulfate", "iron", "200 mg", 0.80, 0.88, ""),
)


def _weighted(rng: random.Random, pairs: tuple[tuple[object, float], ...]) -> object:
    total = sum(weight for _item, weight in pairs)
    pick = rng.random() * total
    for item, weight in pairs:
        pick -= weight
        if pick < 0:
            return item
    return pairs[-1][0]


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 40:  # normal approximation, plenty for a benchmark
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _at(day: date, minutes: int) -> datetime:
    naive = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes)
    return naive.astimezone()  # the computer's local offset on that date, as the app stores it


def generate(profile: Profile, last_day: date) -> GeneratedDiary:
    """The diary for `profile`, ending on `last_day` (inclusive). Deterministic for a given date
    and time zone."""
    rng = random.Random(profile.seed)
    episode_rng = random.Random(profile.seed + 1)  # apart, so the days do not shift with counts
    first_day = last_day - timedelta(days=profile.days - 1)
    diary = GeneratedDiary()
    for name, category, dose, start, stop, notes in _MEDICATIONS:
        started = first_day + timedelta(days=int(start * profile.days))
        stopped = first_day + timedelta(days=int(stop * profile.days)) if stop else None
        diary.medications.append(
            MedicationDraft(name, category, started, dose=dose, stopped_on=stopped, notes=notes)
        )
    # Bad and good spells of a few weeks and a gentle season, so that the charts have shape.
    spell, spell_left = 1.0, 0
    plan: list[tuple[DailyFactors, float]] = []
    for offset in range(profile.days):
        day = first_day + timedelta(days=offset)
        if spell_left == 0:
            spell, spell_left = rng.choice((0.5, 0.8, 1.0, 1.0, 1.2, 1.6)), rng.randint(7, 45)
        spell_left -= 1
        factors = _day_factors(rng, day)
        if rng.random() < profile.checkin_rate:
            diary.days.append(factors)
        season = 1.0 + 0.15 * math.sin(2 * math.pi * offset / 365.25)
        plan.append((factors, spell * season * _factor_effect(factors)))
    scale = profile.episodes / sum(weight for _factors, weight in plan)
    for factors, weight in plan:
        for _ in range(_poisson(episode_rng, weight * scale)):
            diary.episodes.append(_episode(episode_rng, factors.day, factors))
    diary.episodes.sort(key=lambda episode: episode.started_at)
    return diary


def _day_factors(rng: random.Random, day: date) -> DailyFactors:
    weekend = day.weekday() >= 5
    long_run = day.weekday() == 6 and rng.random() < 0.7
    short_run = day.weekday() in (1, 3) and rng.random() < 0.6
    exercise = 75 if long_run else (35 if short_run else (0 if rng.random() < 0.8 else 20))
    intensity = "vigorous" if long_run else ("moderate" if short_run else None)
    if exercise and intensity is None:
        intensity = "light"
    cups = rng.choice((0, 1, 2, 2, 3, 3, 4, 5))
    return DailyFactors(
        day=day,
        caffeine_mg=float(cups * 95 + (80 if rng.random() < 0.1 else 0)),
        sleep_h=max(3.5, min(10.0, round(rng.gauss(7.0, 0.9) * 2) / 2)),
        stress=max(0, min(10, round(rng.gauss(4.5, 2.0)))),
        exercise_min=exercise,
        exercise_intensity=intensity,
        alcohol_units=float(
            rng.choice((0, 2, 3, 5)) if weekend else (0 if rng.random() < 0.8 else 1.5)
        ),
        water_l=round(rng.uniform(0.8, 2.6), 1),
        notes=rng.choice(("Deadline week.", "Holiday.", "Bad night.", ""))
        if rng.random() < 0.05
        else "",
    )


def _factor_effect(factors: DailyFactors) -> float:
    effect = 1.0
    effect *= 1.0 + 0.25 * ((factors.caffeine_mg or 0) > 380)
    effect *= 1.0 + 0.20 * ((factors.sleep_h or 7) < 6)
    effect *= 1.0 + 0.04 * max(0, (factors.stress or 0) - 5)
    return effect


def _episode(rng: random.Random, day: date, factors: DailyFactors) -> EpisodeDraft:
    region, _weight, paired = _REGIONS[_region_index(rng)]
    if paired:
        side = "left" if rng.random() < 0.55 else ("right" if rng.random() < 0.93 else "both")
    else:
        side = "midline"
    exercised = factors.exercise_intensity == "vigorous"
    context = "after_exercise" if exercised and rng.random() < 0.3 else _weighted(rng, _CONTEXTS)
    symptoms: frozenset[str] = frozenset()
    if rng.random() < 0.004:  # rare, and never the frightening ones
        symptoms = frozenset({rng.choice(("numbness_tingling", "spreading"))})
    notes = rng.choice(_NOTES) if rng.random() < 0.12 else ""
    return EpisodeDraft(
        started_at=_at(day, int(rng.triangular(6 * 60, 24 * 60 - 1, 19 * 60))),
        region_id=region,
        side=side,
        kind=str(_weighted(rng, _KINDS)),
        intensity=max(1, min(10, round(rng.gauss(3.6, 1.5)))),
        duration_s=rng.choice(_DURATIONS),
        context=context,  # type: ignore[arg-type]
        seen=None if rng.random() < 0.2 else rng.random() < 0.45,
        symptoms=symptoms,
        notes=notes,
    )


_CUMULATIVE: list[float] = []


def _region_index(rng: random.Random) -> int:
    if not _CUMULATIVE:
        total = 0.0
        for _region, weight, _paired in _REGIONS:
            total += weight
            _CUMULATIVE.append(total)
    pick = rng.random() * _CUMULATIVE[-1]
    for index, bound in enumerate(_CUMULATIVE):
        if pick < bound:
            return index
    return len(_REGIONS) - 1


# -- writing and caching ------------------------------------------------------------------------
def default_last_day() -> date:
    return date.today() - timedelta(days=1)


def schema_revision() -> str:
    from twitchdesk.storage.schema import HEAD_REVISION

    return HEAD_REVISION


def cache_path(profile: Profile, last_day: date) -> Path:
    key = f"{profile.name}-seed{profile.seed}-gen{GENERATOR_VERSION}-schema{schema_revision()}"
    return CACHE_DIR / f"{key}-until{last_day.isoformat()}.sqlite3"


def write_diary(profile: Profile, data_dir: Path, last_day: date) -> dict[str, float | int]:
    """Generate `profile` and store it in `data_dir` with ONE `Diary.add_all` transaction."""
    from twitchdesk.storage.database import open_diary

    started = time.perf_counter()
    content = generate(profile, last_day)
    generated = time.perf_counter()
    diary = open_diary(data_dir)
    try:
        if not diary.is_empty():
            raise ValueError(f"{data_dir} already holds a diary")
        diary.add_all(content.episodes, content.days, content.medications)
    finally:
        diary.close()
    return {
        "episodes": len(content.episodes),
        "days": len(content.days),
        "medications": len(content.medications),
        "generate_s": generated - started,
        "write_s": time.perf_counter() - generated,
    }


def cached_database(profile: Profile, last_day: date | None = None, quiet: bool = False) -> Path:
    """The cached SQLite file for `profile` (built on first use), a single file without -wal."""
    last_day = last_day or default_last_day()
    target = cache_path(profile, last_day)
    if target.exists():
        return target
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    if not quiet:
        print(f"building the {profile.name} diary (once; cached as {target.name}) …", flush=True)
    with tempfile.TemporaryDirectory(dir=CACHE_DIR) as scratch:
        data_dir = Path(scratch) / "data"
        stats = write_diary(profile, data_dir, last_day)
        db = data_dir / DB_FILENAME
        connection = sqlite3.connect(db)  # fold the WAL into the file: one self-contained copy
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        partial = target.with_suffix(".partial")
        shutil.copyfile(db, partial)
        os.replace(partial, target)
    if not quiet:
        print(
            f"  {stats['episodes']:,} episodes, {stats['days']:,} days, "
            f"{stats['medications']} medicines; generated in {stats['generate_s']:.1f} s, "
            f"written in {stats['write_s']:.1f} s",
            flush=True,
        )
    _prune_cache(keep=target)
    return target


def _prune_cache(keep: Path) -> None:
    """Drop other copies of the same kind (older days, versions), so the cache does not grow."""
    kind = keep.name.split("-")[0]
    for old in CACHE_DIR.glob(f"{kind}-*.sqlite3"):
        if old != keep:
            old.unlink(missing_ok=True)


def install(profile: Profile, data_dir: Path, last_day: date | None = None) -> Path:
    """Copy the cached diary into `data_dir` (created) and return the database's path there."""
    source = cached_database(profile, last_day)
    data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    target = data_dir / DB_FILENAME
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--typical", action="store_true", help="the one-year typical diary")
    parser.add_argument("--into", type=Path, help="copy the diary into this data folder")
    args = parser.parse_args(argv)
    profile = TYPICAL if args.typical else HEAVY
    path = cached_database(profile)
    print(path)
    if args.into:
        print(install(profile, args.into))
    return 0


if __name__ == "__main__":
    sys.exit(main())

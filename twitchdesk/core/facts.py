"""Named facts about the diary for one reference day: the only inputs the advice rules can see.

Each fact is declared once, with a plain-English description (it reads as a label: "Episodes in
the last 7 days: 4"), a unit and the window it looks at, and computed from a `FactWindow` (the
diary around the reference day, read once: see fact_window.py for how days are counted).

Missing data is not zero. A daily factor that was never recorded in the window gives None, and an
average only uses the days that have a value; the rules treat None as "unknown", so advice never
fires on data the user did not enter. Counts of episodes are never None: no episode means 0.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import TYPE_CHECKING, NamedTuple

from twitchdesk.core.fact_window import LOOKBACK_DAYS, RUN_WINDOW_DAYS, FactWindow, read_window
from twitchdesk.storage import vocabulary

if TYPE_CHECKING:
    from twitchdesk.core.regions import RegionAtlas
    from twitchdesk.storage.repository import Diary

FactValue = int | float | None

NEW_MEDICINE_DAYS = 14  # a medicine started this close before twitching began or rose
SHORT_SLEEP_H = 6.0
EYELID_REGIONS: frozenset[str] = frozenset({"upper_eyelid", "lower_eyelid"})
_UNSPACED_UNITS = frozenset({"yes/no"})


@dataclass(frozen=True)
class FactSpec:
    name: str
    description: str  # reads as a label before the value
    unit: str  # "episodes", "mg", "hours", "out of 10", "yes/no", ...
    window: str  # the period it looks at, in words
    window_days: int | None  # how many days back it looks; None: the whole diary
    missing: str = "not recorded"  # what None means for this fact, in words


class Detailed(NamedTuple):
    """A value with a short note saying what it refers to (e.g. which region)."""

    value: FactValue
    detail: str


@dataclass(frozen=True)
class FactSheet:
    today: date
    values: dict[str, FactValue]
    details: dict[str, str] = field(default_factory=dict)

    def describe(self, name: str) -> str:
        """'Average caffeine over the last 7 days: 520 mg' (with its detail, if any)."""
        spec = CATALOGUE[name]
        detail = self.details.get(name)
        label = f"{spec.description} ({detail})" if detail else spec.description
        return f"{label}: {format_value(name, self.values.get(name))}"


# -- formatting ------------------------------------------------------------------------------
def format_number(value: float) -> str:
    """Whole numbers without a decimal point; others with one decimal ("6.5")."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def format_value(name: str, value: object) -> str:
    """A fact's value with its unit, in words: '3 episodes', '1 day', '520 mg', 'yes'."""
    unit = CATALOGUE[name].unit
    if value is None:
        return CATALOGUE[name].missing
    if isinstance(value, list | tuple):
        return " or ".join(format_value(name, item) for item in value)
    if not isinstance(value, int | float):
        return str(value)
    if unit in _UNSPACED_UNITS:
        return "yes" if value else "no"
    if value == 1 and unit.endswith("s") and unit != "mg":
        unit = unit[:-1]  # "1 episode", "1 night", "1 body area"
    return f"{format_number(value)} {unit}"


# -- the catalogue ---------------------------------------------------------------------------
FactFunction = Callable[[FactWindow], FactValue | Detailed]
CATALOGUE: dict[str, FactSpec] = {}
_FUNCTIONS: dict[str, FactFunction] = {}
_WINDOW_WORDS = {
    7: "last 7 days",
    14: "last 14 days",
    30: "last 30 days",
    60: "last 60 days",
    LOOKBACK_DAYS: f"last {LOOKBACK_DAYS} days",
}


def _declare(
    name: str,
    description: str,
    unit: str,
    days: int | None,
    window: str | None = None,
    missing: str = "not recorded",
) -> Callable[[FactFunction], FactFunction]:
    def register(function: FactFunction) -> FactFunction:
        if name in CATALOGUE:
            raise ValueError(f"fact {name!r} declared twice")
        words = window or (_WINDOW_WORDS[days] if days is not None else "whole diary")
        CATALOGUE[name] = FactSpec(name, description, unit, words, days, missing)
        _FUNCTIONS[name] = function
        return function

    return register


def _listed(count: int, names: list[str]) -> FactValue | Detailed:
    """A count with the names it counts as its detail ("face, leg"), if there are any."""
    return Detailed(count, ", ".join(names)) if names else count


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _average(values: list[float]) -> float | None:
    return fmean(values) if values else None


# Episode counts and trend.
@_declare("episodes_7d", "Episodes in the last 7 days", "episodes", 7)
def _episodes_7d(w: FactWindow) -> FactValue:
    return len(w.episodes_in(7))


@_declare("episodes_prev_7d", "Episodes 8 to 14 days ago", "episodes", 14, "8–14 days ago")
def _episodes_prev_7d(w: FactWindow) -> FactValue:
    return len(w.episodes_in(7, skip=7))


@_declare(
    "episodes_change_7d",
    "Change in episodes, last 7 days against the 7 before",
    "episodes",
    14,
)
def _episodes_change_7d(w: FactWindow) -> FactValue:
    return len(w.episodes_in(7)) - len(w.episodes_in(7, skip=7))


@_declare("episodes_30d", "Episodes in the last 30 days", "episodes", 30)
def _episodes_30d(w: FactWindow) -> FactValue:
    return len(w.episodes_in(30))


@_declare(
    "days_since_first_episode",
    "Days since your first logged episode",
    "days",
    None,
    missing="no episode logged yet",
)
def _days_since_first(w: FactWindow) -> FactValue:
    return None if w.first_episode_day is None else (w.today - w.first_episode_day).days


# Where it twitches.
@_declare(
    "distinct_regions_14d", "Different body regions twitching in the last 14 days", "regions", 14
)
def _distinct_regions_14d(w: FactWindow) -> FactValue:
    return len({e.region_id for e in w.episodes_in(14)})


@_declare(
    "body_areas_14d",
    "Parts of the body twitching in the last 14 days",
    "body areas",
    14,
)
def _body_areas_14d(w: FactWindow) -> FactValue | Detailed:
    groups = {w.group_of(e.region_id) for e in w.episodes_in(14)}
    return _listed(len(groups), sorted(w.group_label(g) for g in groups))


@_declare(
    "regions_spread",
    "Body regions that began twitching in the last 14 days, after none in the 46 days before",
    "regions",
    RUN_WINDOW_DAYS,
)
def _regions_spread(w: FactWindow) -> FactValue | Detailed:
    before = {e.region_id for e in w.episodes_in(RUN_WINDOW_DAYS - 14, skip=14)}
    new = {e.region_id for e in w.episodes_in(14)} - before
    return _listed(len(new), sorted(w.region_label(r, "") for r in new))


@_declare(
    "longest_region_run_days",
    "Days one place has been twitching on and off (gaps of a week or less)",
    "days",
    RUN_WINDOW_DAYS,
)
def _longest_region_run(w: FactWindow) -> FactValue | Detailed:
    if not w.ongoing_runs:
        return 0
    length, _active, label = max(w.ongoing_runs, key=lambda run: (run[0], run[1]))
    return Detailed(length, label) if length else 0


@_declare(
    "region_active_days_14d",
    "Days with twitching in the busiest place in the last 14 days",
    "days",
    14,
)
def _region_active_days(w: FactWindow) -> FactValue | Detailed:
    counts: dict[tuple[str, str], set[date]] = {}
    for e in w.episodes_in(14):
        for side in ("left", "right") if e.side == "both" else (e.side,):
            counts.setdefault((e.region_id, side), set()).add(e.local_date)
    if not counts:
        return 0
    (region_id, side), days = max(counts.items(), key=lambda item: (len(item[1]), item[0]))
    return Detailed(len(days), w.region_label(region_id, side))


@_declare("face_regions_14d", "Different face regions twitching in the last 14 days", "regions", 14)
def _face_regions_14d(w: FactWindow) -> FactValue:
    return len({e.region_id for e in w.episodes_in(14) if w.group_of(e.region_id) == "face"})


@_declare(
    "face_regions_beyond_eyelids_14d",
    "Face regions other than the eyelids twitching in the last 14 days",
    "regions",
    14,
)
def _face_beyond_eyelids_14d(w: FactWindow) -> FactValue | Detailed:
    regions = {
        e.region_id
        for e in w.episodes_in(14)
        if w.group_of(e.region_id) == "face" and e.region_id not in EYELID_REGIONS
    }
    return _listed(len(regions), sorted(w.region_label(r, "") for r in regions))


@_declare("eyelid_episodes_14d", "Eyelid episodes in the last 14 days", "episodes", 14)
def _eyelid_episodes_14d(w: FactWindow) -> FactValue:
    return sum(1 for e in w.episodes_in(14) if e.region_id in EYELID_REGIONS)


@_declare("eyelid_only_14d", "All episodes in the last 14 days were in an eyelid", "yes/no", 14)
def _eyelid_only_14d(w: FactWindow) -> FactValue:
    recent = w.episodes_in(14)
    return int(bool(recent) and all(e.region_id in EYELID_REGIONS for e in recent))


# Accompanying symptoms.
def _declare_symptom(code: str, label: str) -> None:
    @_declare(
        f"symptom_{code}_30d",
        f"Episodes with “{_lower_first(label)}” in the last 30 days",
        "episodes",
        30,
    )
    def count(w: FactWindow) -> FactValue:
        return w.symptoms_30d[code]


for _code, _label in vocabulary.SYMPTOMS.items():
    _declare_symptom(_code, _label)


@_declare(
    "episodes_with_symptoms_30d",
    "Episodes with any other symptom (weakness, numbness…) in the last 30 days",
    "episodes",
    30,
)
def _episodes_with_symptoms_30d(w: FactWindow) -> FactValue:
    return sum(1 for e in w.episodes_in(30) if e.symptoms)


# Daily check-ins: unrecorded days are left out, and nothing recorded gives None.
@_declare("days_logged_7d", "Days with a check-in in the last 7 days", "days", 7)
def _days_logged_7d(w: FactWindow) -> FactValue:
    return len(w.check_ins(7))


@_declare("days_logged_14d", "Days with a check-in in the last 14 days", "days", 14)
def _days_logged_14d(w: FactWindow) -> FactValue:
    return len(w.check_ins(14))


@_declare("caffeine_avg_7d_mg", "Average caffeine a day over the last 7 days", "mg", 7)
def _caffeine_avg(w: FactWindow) -> FactValue:
    return _average(w.recorded("caffeine_mg", 7))


@_declare("caffeine_max_7d_mg", "Most caffeine in one day in the last 7 days", "mg", 7)
def _caffeine_max(w: FactWindow) -> FactValue:
    return max(w.recorded("caffeine_mg", 7), default=None)


@_declare("sleep_avg_7d_h", "Average sleep a night over the last 7 days", "hours", 7)
def _sleep_avg(w: FactWindow) -> FactValue:
    return _average(w.recorded("sleep_h", 7))


@_declare(
    "short_sleep_nights_7d",
    f"Nights with less than {format_number(SHORT_SLEEP_H)} hours of sleep in the last 7 days",
    "nights",
    7,
)
def _short_sleep_nights(w: FactWindow) -> FactValue:
    nights = w.recorded("sleep_h", 7)
    return sum(1 for hours in nights if hours < SHORT_SLEEP_H) if nights else None


@_declare("stress_avg_7d", "Average stress over the last 7 days", "out of 10", 7)
def _stress_avg(w: FactWindow) -> FactValue:
    return _average(w.recorded("stress", 7))


@_declare("vigorous_exercise_days_7d", "Days with vigorous exercise in the last 7 days", "days", 7)
def _vigorous_days(w: FactWindow) -> FactValue:
    recorded = [
        d for d in w.check_ins(7) if d.exercise_intensity is not None or d.exercise_min is not None
    ]
    if not recorded:
        return None
    return sum(1 for d in recorded if d.exercise_intensity == "vigorous")


@_declare("exercise_min_7d", "Minutes of exercise in the last 7 days", "minutes", 7)
def _exercise_min(w: FactWindow) -> FactValue:
    minutes = w.recorded("exercise_min", 7)
    return sum(minutes) if minutes else None


@_declare(
    "episodes_after_exercise_7d",
    "Episodes after exercise in the last 7 days (marked so, or on or after a vigorous day)",
    "episodes",
    7,
)
def _episodes_after_exercise(w: FactWindow) -> FactValue:
    vigorous = w.vigorous_days()
    return sum(
        1
        for e in w.episodes_in(7)
        if e.context == "after_exercise"
        or e.local_date in vigorous
        or e.local_date - timedelta(days=1) in vigorous
    )


@_declare("alcohol_units_7d", "Units of alcohol in the last 7 days", "units", 7)
def _alcohol_units(w: FactWindow) -> FactValue:
    units = w.recorded("alcohol_units", 7)
    return sum(units) if units else None


# Medicines.
def _declare_medicine(category: str, label: str) -> None:
    @_declare(
        f"active_medicine_{category}", f"Taking: {_lower_first(label)}", "yes/no", None, "today"
    )
    def active(w: FactWindow) -> FactValue:
        return int(any(m.category == category and m.active_on(w.today) for m in w.medications))


for _category, _label in vocabulary.MEDICATION_CATEGORIES.items():
    _declare_medicine(_category, _label)


@_declare(
    "medicine_started_before_onset_days",
    "Days between starting a medicine and the start of this spell of twitching",
    "days",
    LOOKBACK_DAYS,
    missing="no medicine started before it",
)
def _medicine_before_onset(w: FactWindow) -> FactValue:
    if w.onset is None:
        return None
    onset = w.onset
    gaps = [(onset - start).days for start in w.medicine_starts() if start <= onset]
    return min(gaps, default=None)


@_declare(
    "new_medicine_14d",
    "A medicine was started in the 14 days before twitching began or increased",
    "yes/no",
    LOOKBACK_DAYS,
)
def _new_medicine(w: FactWindow) -> FactValue | Detailed:
    starts = w.medicine_starts()
    onset = w.onset
    if onset is not None:
        for start in starts:
            if 0 <= (onset - start).days <= NEW_MEDICINE_DAYS:
                return Detailed(1, f"twitching began {onset.isoformat()}")
    this_week, last_week = len(w.episodes_in(7)), len(w.episodes_in(7, skip=7))
    # "Increased": at least 3 this week and more than the week before (one twitch is noise).
    if this_week >= 3 and this_week > last_week:
        week_start = w.first_day(7)
        for start in starts:
            if week_start - timedelta(days=NEW_MEDICINE_DAYS) <= start <= w.today:
                return Detailed(1, f"more episodes since {week_start.isoformat()}")
    return 0


# -- computing -------------------------------------------------------------------------------
def local_today() -> date:
    return datetime.now().astimezone().date()


def compute_fact_sheet(
    diary: Diary,
    today: date | None = None,
    *,
    atlas: RegionAtlas | None = None,
    only: Collection[str] | None = None,
) -> FactSheet:
    """Every fact (or those in `only`) for the local day `today` (default: today)."""
    today = today or local_today()
    window = read_window(diary, today, atlas)
    values: dict[str, FactValue] = {}
    details: dict[str, str] = {}
    for name, function in _FUNCTIONS.items():
        if only is not None and name not in only:
            continue
        result = function(window)
        if isinstance(result, Detailed):
            values[name] = result.value
            details[name] = result.detail
        else:
            values[name] = result
    return FactSheet(today, values, details)


def compute_facts(
    diary: Diary, today: date | None = None, *, atlas: RegionAtlas | None = None
) -> dict[str, FactValue]:
    """name -> value for every fact in CATALOGUE, for the local day `today`."""
    return compute_fact_sheet(diary, today, atlas=atlas).values

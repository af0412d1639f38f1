"""What the facts look at: the diary around one reference day, read once and kept in memory.

Windows are counted in the user's local calendar days and end on the reference day ("the last
7 days" are today and the 6 days before). An episode belongs to the local date it had where it
was logged, so travel or a clock change never moves it to another day.

The diary is read once per evaluation (episodes, check-ins and medicines of the last
`LOOKBACK_DAYS`, and where the diary begins); every fact is then computed from a `FactWindow`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from twitchdesk.storage.records import DailyFactors, MedicationRecord

if TYPE_CHECKING:
    from twitchdesk.core.regions import RegionAtlas
    from twitchdesk.storage.advice_queries import RecentEpisode
    from twitchdesk.storage.repository import Diary

LOOKBACK_DAYS = 90  # the longest window any fact needs (60-day runs + "after a new medicine")
RUN_WINDOW_DAYS = 60  # how far back a "same place, on and off" run is followed
RUN_GAP_DAYS = 7  # a quiet week or less does not end a run of twitching in one place
SPELL_GAP_DAYS = 30  # a quiet month ends a spell: twitching after it "started again"
# Supplements are bought over the counter and rarely the suspect of "a new prescribed medicine";
# they have a self-care rule of their own.
SUPPLEMENT_CATEGORIES: frozenset[str] = frozenset({"magnesium", "b12", "iron", "supplement"})


def read_window(diary: Diary, today: date, atlas: RegionAtlas | None = None) -> FactWindow:
    """The diary as the facts for the local day `today` see it."""
    from twitchdesk.storage.advice_queries import read_for_advice

    start = today - timedelta(days=LOOKBACK_DAYS - 1)
    # Local dates reach 14 hours either side of UTC: fetch a day of margin before the window,
    # then keep each episode by its own local date.
    since = datetime.combine(start - timedelta(days=1), time.min)  # naive UTC, as stored
    # A diary older than the window: index seeks give its first day and the last day before
    # the window (reading the older episodes themselves took seconds on a ten-year diary).
    reading = read_for_advice(diary, since, start - timedelta(days=1), today)
    past = [e.local_date for e in reading.episodes if e.local_date <= today]
    first_day = min(past, default=None)
    older_day = max((d for d in past if d < start), default=None)
    before = reading.last_day_before
    if before is not None:
        first_day = reading.first_day if reading.first_day is not None else first_day
        older_day = max(older_day or before, before)
    return FactWindow(
        today,
        reading.episodes,
        reading.days,
        reading.medications,
        first_day,
        older_day,
        *_atlas_lookups(atlas),
    )


class FactWindow:
    """Everything the facts need, fetched once; episodes keyed by their own local date."""

    def __init__(
        self,
        today: date,
        episodes: Iterable[RecentEpisode],
        days: Iterable[DailyFactors],
        medications: Iterable[MedicationRecord],
        first_episode_day: date | None,
        last_day_before_window: date | None,
        region_groups: Mapping[str, str],
        region_label: Callable[[str, str], str],
        group_labels: Mapping[str, str],
    ) -> None:
        self.today = today
        self.start = today - timedelta(days=LOOKBACK_DAYS - 1)
        self.episodes = [e for e in episodes if self.start <= e.local_date <= today]
        # Many facts look at the same few windows: each is picked out once.
        self._windows: dict[tuple[int, int], list[RecentEpisode]] = {}
        self.days = {d.day: d for d in days if self.start - timedelta(days=1) <= d.day <= today}
        self.medications = list(medications)
        self.first_episode_day = first_episode_day
        self.last_day_before_window = last_day_before_window
        self.region_groups = region_groups
        self.region_label = region_label
        self.group_labels = group_labels

    # episodes ---------------------------------------------------------------------------
    def first_day(self, length: int, skip: int = 0) -> date:
        return self.today - timedelta(days=skip + length - 1)

    def episodes_in(self, length: int, skip: int = 0) -> list[RecentEpisode]:
        """Episodes whose local date is in the `length` days ending `skip` days before today."""
        found = self._windows.get((length, skip))
        if found is None:
            first = self.first_day(length, skip)
            last = self.today - timedelta(days=skip)
            found = [e for e in self.episodes if first <= e.local_date <= last]
            self._windows[length, skip] = found
        return found

    @cached_property
    def symptoms_30d(self) -> Counter[str]:
        """Episodes of the last 30 days reporting each symptom."""
        return Counter(code for e in self.episodes_in(30) for code in e.symptoms)

    def group_label(self, group: str) -> str:
        return self.group_labels.get(group, group.removeprefix("unknown:").replace("_", " "))

    def group_of(self, region_id: str) -> str:
        # An unknown region (an old import, a renamed id) still counts as a place of its own.
        return self.region_groups.get(region_id, f"unknown:{region_id}")

    # daily factors ----------------------------------------------------------------------
    def check_ins(self, length: int) -> list[DailyFactors]:
        first = self.first_day(length)
        return [d for d in self.days.values() if first <= d.day <= self.today]

    def recorded(self, name: str, length: int) -> list[float]:
        values = (getattr(d, name) for d in self.check_ins(length))
        return [float(v) for v in values if v is not None]

    def vigorous_days(self) -> set[date]:
        return {d.day for d in self.days.values() if d.exercise_intensity == "vigorous"}

    # runs and spells --------------------------------------------------------------------
    @cached_property
    def ongoing_runs(self) -> list[tuple[int, int, str]]:
        """(length in days, active days, label) of each region x side still twitching.

        A run follows one region on one side back from its latest episode while the gaps between
        episode days are at most RUN_GAP_DAYS, within the last RUN_WINDOW_DAYS; it is ongoing if
        its latest episode is at most RUN_GAP_DAYS before today. "Both sides" counts for each."""
        days_by_place: dict[tuple[str, str], set[date]] = {}
        for e in self.episodes_in(RUN_WINDOW_DAYS):
            sides = ("left", "right") if e.side == "both" else (e.side,)
            for side in sides:
                days_by_place.setdefault((e.region_id, side), set()).add(e.local_date)
        runs = []
        recent = self.today - timedelta(days=13)
        for (region_id, side), days in days_by_place.items():
            ordered = sorted(days)
            if (self.today - ordered[-1]).days > RUN_GAP_DAYS:
                continue
            first = ordered[-1]
            for earlier in reversed(ordered[:-1]):
                if (first - earlier).days > RUN_GAP_DAYS:
                    break
                first = earlier
            active_14d = sum(1 for d in ordered if d >= recent)
            runs.append(
                ((ordered[-1] - first).days, active_14d, self.region_label(region_id, side))
            )
        return runs

    @cached_property
    def onset(self) -> date | None:
        """First day of the current spell of twitching (None: no episode, or it began before the
        window, i.e. more than LOOKBACK_DAYS ago, so it is not "new")."""
        dates = sorted({e.local_date for e in self.episodes})
        if not dates:
            return None
        onset = dates[-1]
        for earlier in reversed(dates[:-1]):
            if (onset - earlier).days > SPELL_GAP_DAYS:
                return onset
            onset = earlier
        before = self.last_day_before_window
        if before is not None and (onset - before).days <= SPELL_GAP_DAYS:
            return None
        return onset

    def medicine_starts(self) -> list[date]:
        return [m.started_on for m in self.medications if m.category not in SUPPLEMENT_CATEGORIES]


def _atlas_lookups(
    atlas: RegionAtlas | None,
) -> tuple[Mapping[str, str], Callable[[str, str], str], Mapping[str, str]]:
    # Imported here: the atlas is only needed when facts are computed, not to list them.
    from twitchdesk.core.regions import GROUP_LABELS, load_atlas

    if atlas is None:
        atlas = load_atlas()  # parsed once, cached by the module
    groups = {region.id: region.group for region in atlas}

    def label(region_id: str, side: str) -> str:
        if region_id in atlas:
            return atlas.label(region_id, side).lower()
        return region_id.replace("_", " ")

    return groups, label, {group: text.lower() for group, text in GROUP_LABELS.items()}

"""What the printed report says about a period's episodes that no Trends aggregate holds: how
long they lasted, the symptoms and kinds logged, and when each region first appeared.

Counted in SQL: a ten-year diary has ~110,000 episodes, and reading them all as records only to
count them was most of the report's time. The period is selected with the aggregates' own
condition, so these counts always cover the same episodes as the Trends numbers beside them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, func, select

from twitchdesk.storage import models
from twitchdesk.storage.aggregates import LOCAL_DATE, Scope, in_scope
from twitchdesk.storage.repository import Diary

_E = models.Episode
_S = models.EpisodeSymptom
# The order the report lists episodes in (local date, then the instant, then the id) as one
# string, so that SQL can take its minimum: every part has a fixed width.
_LOG_ORDER = func.printf("%s %s %020d", LOCAL_DATE, _E.started_at, _E.id, type_=String)


@dataclass(frozen=True)
class Durations:
    """The recorded durations (seconds) of a period's episodes; None where none was recorded."""

    recorded: int
    median: float
    shortest: int
    longest: int


@dataclass(frozen=True)
class EpisodeFacts:
    episodes: int
    durations: Durations | None
    symptoms: dict[str, int]  # symptom code -> episodes reporting it
    kinds: list[tuple[str, int]]  # most first; a tie in the order they were first logged


def episode_facts(diary: Diary, scope: Scope) -> EpisodeFacts:
    """Durations, symptoms and kinds of the live episodes in `scope` (one snapshot)."""
    where = in_scope(scope)
    # One pass over the period: few kinds, and few distinct durations (a user picks "5 s",
    # "1 min"), so the median comes from the counts of each.
    per_kind_and_duration = (
        select(_E.kind, _E.duration_s, func.count()).where(*where).group_by(_E.kind, _E.duration_s)
    )
    # Symptoms are rare: start from them and look up each one's episode by its key, rather
    # than go through every episode of the period a second time.
    episode_in_scope = select(_E.id).where(_E.id == _S.episode_id, *where).exists()
    per_symptom = select(_S.symptom, func.count()).where(episode_in_scope).group_by(_S.symptom)
    kinds: dict[str, int] = {}
    durations: dict[int, int] = {}
    with diary.engine.connect() as connection, connection.begin():
        for kind, seconds, count in connection.execute(per_kind_and_duration):
            kinds[kind] = kinds.get(kind, 0) + count
            if seconds is not None:
                durations[seconds] = durations.get(seconds, 0) + count
        symptoms = {str(code): int(count) for code, count in connection.execute(per_symptom)}
        # Equal counts keep the order the kinds were first logged in: asked only when it matters.
        repeats = Counter(kinds.values())
        tied = [kind for kind, count in kinds.items() if repeats[count] > 1]
        first_logged: dict[str, str] = {}
        if tied:
            query = (
                select(_E.kind, func.min(_LOG_ORDER))
                .where(*where, _E.kind.in_(tied))
                .group_by(_E.kind)
            )
            first_logged = {kind: first for kind, first in connection.execute(query)}
    ranked = sorted(kinds.items(), key=lambda item: (-item[1], first_logged.get(item[0], "")))
    return EpisodeFacts(
        episodes=sum(kinds.values()),
        durations=_durations(sorted(durations.items())),
        symptoms=symptoms,
        kinds=ranked,
    )


def first_days(diary: Diary, scope: Scope, region_ids: Collection[str]) -> dict[str, date]:
    """The local date of each region's first live episode in `scope` (regions without one are
    left out)."""
    day = func.min(LOCAL_DATE)
    query = (
        select(_E.region_id, day)
        .where(*in_scope(scope), _E.region_id.in_(list(region_ids)))
        .group_by(_E.region_id)
    )
    with diary.engine.connect() as connection:
        return {region: date.fromisoformat(first) for region, first in connection.execute(query)}


def _durations(counts: list[tuple[int, int]]) -> Durations | None:
    """From (value, how many) pairs in ascending order; the median as `statistics.median`."""
    recorded = sum(n for _, n in counts)
    if not recorded:
        return None
    wanted = [(recorded - 1) // 2, recorded // 2]  # the middle one, or the middle two
    middle: list[int] = []
    seen = 0
    for value, n in counts:
        middle += [value for index in wanted if seen <= index < seen + n]
        seen += n
    return Durations(recorded, sum(middle) / 2, counts[0][0], counts[-1][0])

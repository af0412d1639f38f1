"""What the printed report says about a period's episodes that no Trends aggregate holds: how
long they lasted, the symptoms and kinds logged, and when each region first appeared.

Counted in SQL: a ten-year diary has ~110,000 episodes, and reading them all as records only to
count them was most of the report's time. The period is selected with the aggregates' own
condition, so these counts always cover the same episodes as the Trends numbers beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, func, select

from twitchdesk.storage import models
from twitchdesk.storage.aggregates import LOCAL_DATE, Scope, _in_scope
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
    first_seen: dict[str, date]  # region id -> local date of its first episode in the period


def episode_facts(diary: Diary, scope: Scope) -> EpisodeFacts:
    """Durations, symptoms, kinds and first days of the live episodes in `scope` (one snapshot)."""
    where = _in_scope(scope)
    by_kind_and_region = (
        select(_E.kind, _E.region_id, func.count(), func.min(LOCAL_DATE), func.min(_LOG_ORDER))
        .where(*where)
        .group_by(_E.kind, _E.region_id)
    )
    # Few distinct values (a user picks "5 s", "1 min"): the median comes from their counts.
    per_duration = (
        select(_E.duration_s, func.count())
        .where(*where, _E.duration_s.is_not(None))
        .group_by(_E.duration_s)
        .order_by(_E.duration_s)
    )
    per_symptom = (
        select(_S.symptom, func.count())
        .join(_E, _E.id == _S.episode_id)
        .where(*where)
        .group_by(_S.symptom)
    )
    with diary.engine.connect() as connection, connection.begin():
        groups = connection.execute(by_kind_and_region).all()
        durations = [(int(value or 0), int(n)) for value, n in connection.execute(per_duration)]
        symptoms = {str(row[0]): int(row[1]) for row in connection.execute(per_symptom)}
    kinds: dict[str, tuple[int, str]] = {}
    first_seen: dict[str, date] = {}
    for kind, region_id, count, first_day, first_logged in groups:
        total, earliest = kinds.get(kind, (0, first_logged))
        kinds[kind] = (total + count, min(earliest, first_logged))
        day = date.fromisoformat(first_day)
        first_seen[region_id] = min(first_seen.get(region_id, day), day)
    ranked = sorted(kinds.items(), key=lambda item: (-item[1][0], item[1][1]))
    return EpisodeFacts(
        episodes=sum(total for total, _ in kinds.values()),
        durations=_durations(durations),
        symptoms=symptoms,
        kinds=[(kind, total) for kind, (total, _) in ranked],
        first_seen=first_seen,
    )


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

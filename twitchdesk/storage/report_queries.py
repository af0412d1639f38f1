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

from twitchdesk.storage.aggregates import LOCAL_DATE, Scope, in_scope
from twitchdesk.storage.plain_sql import read_snapshot
from twitchdesk.storage.repository import Diary

# The order the report lists episodes in (local date, then the instant, then the id) as one
# string, so that SQL can take its minimum: every part has a fixed width.
_LOG_ORDER = f"printf('%s %s %020d', {LOCAL_DATE}, started_at, id)"


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
    where, parameters = in_scope(scope)
    # One pass over the period: few kinds, and few distinct durations (a user picks "5 s",
    # "1 min"), so the median comes from the counts of each.
    per_kind_and_duration = (
        f"SELECT kind, duration_s, count(*) FROM episode WHERE {where} GROUP BY kind, duration_s"
    )
    # Symptoms are rare: start from them and look up each one's episode by its key, rather
    # than go through every episode of the period a second time.
    per_symptom = (
        "SELECT symptom, count(*) FROM episode_symptom WHERE EXISTS (SELECT episode.id"
        f" FROM episode WHERE episode.id = episode_symptom.episode_id AND {where})"
        " GROUP BY symptom"
    )
    kinds: dict[str, int] = {}
    durations: dict[int, int] = {}
    with read_snapshot(diary.plain_connection) as connection:
        for kind, seconds, count in connection.execute(per_kind_and_duration, parameters):
            kinds[kind] = kinds.get(kind, 0) + count
            if seconds is not None:
                durations[seconds] = durations.get(seconds, 0) + count
        symptoms = {
            str(code): int(count) for code, count in connection.execute(per_symptom, parameters)
        }
        # Equal counts keep the order the kinds were first logged in: asked only when it matters.
        repeats = Counter(kinds.values())
        tied = [kind for kind, count in kinds.items() if repeats[count] > 1]
        first_logged: dict[str, str] = {}
        if tied:
            query = (
                f"SELECT kind, min({_LOG_ORDER}) FROM episode WHERE {where}"
                f" AND kind IN ({', '.join('?' * len(tied))}) GROUP BY kind"
            )
            first_logged = dict(connection.execute(query, [*parameters, *tied]).fetchall())
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
    where, parameters = in_scope(scope)
    wanted = list(region_ids)
    query = (
        f"SELECT region_id, min({LOCAL_DATE}) FROM episode WHERE {where}"
        f" AND region_id IN ({', '.join('?' * len(wanted))}) GROUP BY region_id"
    )
    with read_snapshot(diary.plain_connection) as connection:
        rows = connection.execute(query, [*parameters, *wanted]).fetchall()
    return {region: date.fromisoformat(first) for region, first in rows}


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

"""What the advice facts read from the diary, in one connection and in the few columns they use.

The facts look at the last few months only: each episode's local date, place, context and
symptoms, the check-ins, the medicines and where the diary begins. Reading those episodes as full
`EpisodeRecord`s (every column, times parsed into aware datetimes, ~2 µs a record) was most of an
evaluation on a diary with ~30 episodes a day; here each is a small tuple of what the facts use,
and the local date is worked out by SQLite from the stored UTC time and offset.

Plain SQL over the diary's sqlite3 connection, as the everyday reads (see plain_sql.py): the
first evaluation, soon after start-up, does not wait for SQLAlchemy's import.

Local dates are taken from the stored time cut to whole seconds: SQLite rounds fractions to the
millisecond, which could move an episode at 23:59:59.9995 to the next day, where Python's
`datetime.date()` (and so an `EpisodeRecord.local_date`) never does.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from twitchdesk.storage.plain_sql import (
    LIVE_EPISODES,
    LOCAL_DATE,
    SYMPTOM_CODES,
    episode_span,
    read_days,
    read_medications,
    stamp,
)
from twitchdesk.storage.records import DailyFactors, MedicationRecord
from twitchdesk.storage.repository import Diary


class RecentEpisode(NamedTuple):
    """An episode as the facts see it."""

    local_date: date
    region_id: str
    side: str
    context: str | None
    symptoms: frozenset[str]


@dataclass(frozen=True)
class AdviceReading:
    """Everything the facts need from the diary for one reference day."""

    episodes: list[RecentEpisode]  # live, started at or after `since`, oldest first
    days: list[DailyFactors]  # check-ins from `first_day` to `last_day`, oldest first
    medications: list[MedicationRecord]  # not deleted, by start date then name
    last_day_before: date | None  # local date of the newest live episode started before `since`
    first_day: date | None  # the diary's first local date, looked up only if there is one before


def read_for_advice(
    diary: Diary, since: datetime, first_day: date, last_day: date
) -> AdviceReading:
    """Episodes that started at or after the naive UTC instant `since`, and check-ins from
    `first_day` to `last_day`.

    Episodes come in the order of their instants (the same instant: newest row first), the order
    the facts have always seen them in, so a tie between places is settled as before."""
    connection = diary.plain_connection
    episodes = _episodes_since(connection, since)
    before = _last_day_before(connection, since)
    span = episode_span(connection) if before is not None else None
    return AdviceReading(
        episodes=episodes,
        days=read_days(connection, first_day, last_day),
        medications=read_medications(connection),
        last_day_before=before,
        first_day=span[0] if span is not None else None,
    )


_EPISODES_SINCE = f"""
SELECT {LOCAL_DATE}, region_id, side, context, {SYMPTOM_CODES}
{LIVE_EPISODES} AND started_at >= ? ORDER BY started_at, id DESC"""
_LAST_DAY_BEFORE = f"""
SELECT {LOCAL_DATE} {LIVE_EPISODES} AND started_at < ? ORDER BY started_at DESC LIMIT 1"""


def _episodes_since(connection: sqlite3.Connection, since: datetime) -> list[RecentEpisode]:
    rows = connection.execute(_EPISODES_SINCE, (stamp(since),)).fetchall()
    dates: dict[str, date] = {}  # a few months of days, shared by thousands of episodes
    episodes = []
    none: frozenset[str] = frozenset()
    for local, region_id, side, context, codes in rows:
        day = dates.get(local)
        if day is None:
            day = dates[local] = date.fromisoformat(local)
        symptoms = frozenset(codes.split(",")) if codes else none
        episodes.append(RecentEpisode(day, region_id, side, context, symptoms))
    return episodes


def _last_day_before(connection: sqlite3.Connection, since: datetime) -> date | None:
    row = connection.execute(_LAST_DAY_BEFORE, (stamp(since),)).fetchone()
    return None if row is None else date.fromisoformat(row[0])

"""What the advice facts read from the diary, in one connection and in the few columns they use.

The facts look at the last few months only: each episode's local date, place, context and
symptoms, the check-ins, the medicines and where the diary begins. Reading those episodes as full
`EpisodeRecord`s (every column, times parsed into aware datetimes, ~2 µs a record) was most of an
evaluation on a diary with ~30 episodes a day; here each is a small tuple of what the facts use,
and the local date is worked out by SQLite from the stored UTC time and offset.

Local dates are taken from the stored time cut to whole seconds: SQLite rounds fractions to the
millisecond, which could move an episode at 23:59:59.9995 to the next day, where Python's
`datetime.date()` (and so an `EpisodeRecord.local_date`) never does.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Connection, String, bindparam, func, select

from twitchdesk.storage import models
from twitchdesk.storage.records import DailyFactors, MedicationRecord
from twitchdesk.storage.repository import Diary

_E = models.Episode
_S = models.EpisodeSymptom
_D = models.DailyLog
_M = models.Medication
# Real-world UTC offsets run from -12:00 to +14:00: two days hold every local date of one instant.
_OFFSET_SPAN = timedelta(days=2)

_LIVE = _E.deleted_at.is_(None)
_LOCAL_DATE = func.date(
    func.substr(_E.started_at, 1, 19),
    func.printf("%+d minutes", _E.utc_offset_min),
    type_=String,
)
_SYMPTOM_CODES = (
    select(func.group_concat(_S.symptom, ",")).where(_S.episode_id == _E.id).scalar_subquery()
)


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
    with diary.engine.connect() as connection:
        episodes = _episodes_since(connection, since)
        before = _last_day_before(connection, since)
        return AdviceReading(
            episodes=episodes,
            days=_days(connection, first_day, last_day),
            medications=_medications(connection),
            last_day_before=before,
            first_day=_first_day(connection) if before is not None else None,
        )


# Statements made once, their values bound at each call: SQLAlchemy then finds them compiled.
_EPISODES_SINCE = (
    select(_LOCAL_DATE, _E.region_id, _E.side, _E.context, _SYMPTOM_CODES)
    .where(_LIVE, _E.started_at >= bindparam("since"))
    .order_by(_E.started_at, _E.id.desc())
)
_LAST_DAY_BEFORE = (
    select(_LOCAL_DATE)
    .where(_LIVE, _E.started_at < bindparam("since"))
    .order_by(_E.started_at.desc())
    .limit(1)
)
_FIRST_INSTANT = select(func.min(_E.started_at)).where(_LIVE)
_FIRST_DAY_UNTIL = select(func.min(_LOCAL_DATE)).where(_LIVE, _E.started_at <= bindparam("until"))
# Columns in the order of the records' fields, so that a row is the record's arguments (naming
# each argument took longer than reading the rows).
_DAYS = (
    select(*(getattr(_D, field.name) for field in fields(DailyFactors)))
    .where(_D.day >= bindparam("first"), _D.day <= bindparam("last"))
    .order_by(_D.day)
)
_MEDICATIONS = (
    select(*(getattr(_M, field.name) for field in fields(MedicationRecord)))
    .where(_M.deleted_at.is_(None))
    .order_by(_M.started_on, _M.name)
)


def _episodes_since(connection: Connection, since: datetime) -> list[RecentEpisode]:
    rows = connection.execute(_EPISODES_SINCE, {"since": since}).all()
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


def _last_day_before(connection: Connection, since: datetime) -> date | None:
    local = connection.scalar(_LAST_DAY_BEFORE, {"since": since})
    return None if local is None else date.fromisoformat(local)


def _first_day(connection: Connection) -> date | None:
    """The first local date with a live episode: the earliest instant is one index seek, and
    the first local date is among the episodes of the two days after it."""
    first_utc = connection.scalar(_FIRST_INSTANT)
    if first_utc is None:
        return None
    local = connection.scalar(_FIRST_DAY_UNTIL, {"until": first_utc + _OFFSET_SPAN})
    return None if local is None else date.fromisoformat(local)


def _days(connection: Connection, first: date, last: date) -> list[DailyFactors]:
    rows = connection.execute(_DAYS, {"first": first, "last": last})
    return [DailyFactors(*row) for row in rows]


def _medications(connection: Connection) -> list[MedicationRecord]:
    return [MedicationRecord(*row) for row in connection.execute(_MEDICATIONS)]

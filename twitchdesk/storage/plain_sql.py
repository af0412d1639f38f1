"""The diary's everyday reads, and logging an episode, in plain SQL.

Everything the window needs to show a diary and log into it is here, written for any DB-API
connection: the standard library's sqlite3 at start-up, or SQLAlchemy's `exec_driver_sql` where
a read must share an ORM transaction (the export). Importing SQLAlchemy costs ~0.3–0.5 s, and the
user should not wait for it before seeing their history. The SQL is what SQLAlchemy would send,
and values are stored in the same formats (see `stamp`), so rows written either way read back
the same either way (tests/test_plain_sql.py compares them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from twitchdesk.storage.records import (
    AdviceStateRecord,
    DailyFactors,
    EpisodeRecord,
    MedicationRecord,
    from_utc_naive,
)

Rows = Iterable[Sequence[Any]]

# A check-in's columns after its day, in the order the reads below select them.
DAY_FIELDS = (
    "caffeine_mg",
    "sleep_h",
    "stress",
    "exercise_min",
    "exercise_intensity",
    "alcohol_units",
    "water_l",
    "notes",
)


# -- stored formats -----------------------------------------------------------------------
def stamp(moment: datetime) -> str:
    """A naive UTC datetime as SQLAlchemy stores DateTime on SQLite (fixed width, so text
    comparison in SQL orders by time)."""
    return moment.isoformat(" ", "microseconds")


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


@contextmanager
def read_snapshot(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction: every statement in it sees the same state of the diary."""
    connection.execute("BEGIN")
    try:
        yield connection
    finally:
        connection.execute("COMMIT")  # a read: nothing to keep or undo


# -- episodes -----------------------------------------------------------------------------
# The symptom codes come from a correlated subquery rather than a join with GROUP BY: for live
# episodes SQLite then walks the (deleted_at, started_at) index in order, with no temporary
# B-trees to group and sort (~30 % less time on a ten-year diary).
# The symptom codes, joined by commas, of the episode in the row.
SYMPTOM_CODES = """(SELECT group_concat(symptom, ',') FROM episode_symptom
        WHERE episode_symptom.episode_id = episode.id)"""
EPISODE_SELECT = f"""
SELECT started_at, utc_offset_min, region_id, side, kind, intensity, duration_s, context, seen,
       {SYMPTOM_CODES} AS symptom_codes,
       notes, id, uid, created_at, updated_at, deleted_at
FROM episode"""
LIVE_EPISODES = "FROM episode WHERE deleted_at IS NULL"
# An episode's local date, from its stored UTC time cut to whole seconds: SQLite would round a
# fraction to the millisecond and could move 23:59:59.9995 to the next day, which Python's
# `datetime.date()` (an `EpisodeRecord.local_date`) never does.
LOCAL_DATE = "date(substr(started_at, 1, 19), printf('%+d minutes', utc_offset_min))"

NEWEST_FIRST = "started_at DESC, id DESC"
OLDEST_FIRST = "started_at, id"


def episode_query(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    region_id: str | None = None,
    episode_id: int | None = None,
    include_deleted: bool = False,
    order: str = NEWEST_FIRST,
    limit: int | None = None,
) -> tuple[str, list[Any]]:
    """The SQL and parameters for episodes; `since`/`until` are naive UTC (until exclusive)."""
    conditions: list[str] = []
    parameters: list[Any] = []
    if not include_deleted:
        conditions.append("deleted_at IS NULL")
    for condition, value in (
        ("started_at >= ?", None if since is None else stamp(since)),
        ("started_at < ?", None if until is None else stamp(until)),
        ("region_id = ?", region_id),
        ("id = ?", episode_id),
    ):
        if value is not None:
            conditions.append(condition)
            parameters.append(value)
    sql = EPISODE_SELECT
    if conditions:
        sql += "\nWHERE " + " AND ".join(conditions)
    sql += f"\nORDER BY {order}"
    if limit is not None:
        sql += "\nLIMIT ?"
        parameters.append(limit)
    return sql, parameters


def episode_records(rows: Rows) -> list[EpisodeRecord]:
    """Rows selected by EPISODE_SELECT, as episodes.

    A ten-year diary lists thousands of rows at a time, so this stays a tight loop over
    positions (no per-row lookups by name, no ORM objects: those cost ~90 µs a row)."""
    parse = datetime.fromisoformat
    records = []
    for row in rows:
        created, updated, deleted = row[13], row[14], row[15]
        record = episode_record(
            parse(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
            row[9], row[10], row[11], row[12],
            created and parse(created), updated and parse(updated), deleted and parse(deleted),
        )  # fmt: skip
        records.append(record)
    return records


def episode_record(
    started_at: datetime,
    utc_offset_min: int,
    region_id: str,
    side: str,
    kind: str,
    intensity: int,
    duration_s: int | None,
    context: str | None,
    seen: bool | int | None,
    symptom_codes: str | None,
    notes: str,
    episode_id: int,
    uid: str,
    created_at: datetime | None,
    updated_at: datetime | None,
    deleted_at: datetime | None,
) -> EpisodeRecord:
    """The one place an episode record is made from stored values (started_at naive UTC)."""
    return EpisodeRecord(
        started_at=from_utc_naive(started_at, utc_offset_min),
        region_id=region_id,
        side=side,
        kind=kind,
        intensity=intensity,
        duration_s=duration_s,
        context=context,
        seen=None if seen is None else bool(seen),
        symptoms=frozenset(symptom_codes.split(",")) if symptom_codes else frozenset(),
        notes=notes,
        id=episode_id,
        uid=uid,
        created_at=created_at,
        updated_at=updated_at,
        deleted_at=deleted_at,
    )


def read_episodes(connection: sqlite3.Connection, **criteria: Any) -> list[EpisodeRecord]:
    sql, parameters = episode_query(**criteria)
    return episode_records(connection.execute(sql, parameters).fetchall())


_INSERT_EPISODE = """
INSERT INTO episode (uid, started_at, utc_offset_min, region_id, side, kind, intensity,
                     duration_s, context, seen, notes, created_at, updated_at, deleted_at)
VALUES (:uid, :started_at, :utc_offset_min, :region_id, :side, :kind, :intensity,
        :duration_s, :context, :seen, :notes, :created_at, :updated_at, NULL)"""
_INSERT_SYMPTOM = "INSERT INTO episode_symptom (episode_id, symptom) VALUES (?, ?)"


def insert_episode(
    connection: sqlite3.Connection, columns: dict[str, Any], symptoms: Sequence[str]
) -> int:
    """Store one episode and its symptoms in one transaction; its new id.

    `columns` hold Python values (naive UTC datetimes); they are stored as SQLAlchemy would."""
    values = dict(columns)
    for name in ("started_at", "created_at", "updated_at"):
        values[name] = stamp(values[name])
    if values["seen"] is not None:
        values["seen"] = int(values["seen"])
    with connection:  # commits, or rolls back if anything fails
        episode_id = connection.execute(_INSERT_EPISODE, values).lastrowid
        assert episode_id is not None  # SQLite reports every inserted row's id
        connection.executemany(_INSERT_SYMPTOM, [(episode_id, code) for code in symptoms])
    return int(episode_id)


def live_episode_count(connection: sqlite3.Connection) -> int:
    row = connection.execute("SELECT count(*) FROM episode WHERE deleted_at IS NULL").fetchone()
    return int(row[0])


# A DISTINCT over the table read every episode (~100 ms on a ten-year diary, at every start).
# This hops through the region index instead, one seek per region in use (the "loose index
# scan" SQLite does not do by itself), then checks each has a live episode.
_REGIONS_IN_USE = """
WITH RECURSIVE region(id) AS (
    SELECT min(region_id) FROM episode
    UNION ALL
    SELECT (SELECT min(region_id) FROM episode WHERE region_id > region.id)
    FROM region WHERE region.id IS NOT NULL
)
SELECT id FROM region
WHERE id IS NOT NULL
  AND EXISTS (SELECT 1 FROM episode WHERE region_id = region.id AND deleted_at IS NULL)
ORDER BY id"""


def regions_in_use(connection: sqlite3.Connection) -> list[str]:
    return [row[0] for row in connection.execute(_REGIONS_IN_USE)]


# Real-world UTC offsets run from -12:00 to +14:00; 14 h either way covers both.
_OFFSET_SLACK = timedelta(hours=14)


def episode_span(connection: sqlite3.Connection) -> tuple[date, date] | None:
    """The first and last local dates with a live episode, or None for a diary without any."""
    # min/max of an indexed column are single index seeks (one aggregate per query, or SQLite
    # scans); the local-date expression is then evaluated only on rows within the widest
    # possible offset of those instants.
    first_utc = connection.execute(f"SELECT min(started_at) {LIVE_EPISODES}").fetchone()[0]
    last_utc = connection.execute(f"SELECT max(started_at) {LIVE_EPISODES}").fetchone()[0]
    if first_utc is None or last_utc is None:
        return None
    near_first = stamp(datetime.fromisoformat(first_utc) + 2 * _OFFSET_SLACK)
    near_last = stamp(datetime.fromisoformat(last_utc) - 2 * _OFFSET_SLACK)
    first = connection.execute(
        f"SELECT min({LOCAL_DATE}) {LIVE_EPISODES} AND started_at <= ?", (near_first,)
    ).fetchone()[0]
    last = connection.execute(
        f"SELECT max({LOCAL_DATE}) {LIVE_EPISODES} AND started_at >= ?", (near_last,)
    ).fetchone()[0]
    return date.fromisoformat(first), date.fromisoformat(last)


def episode_uids(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT uid FROM episode")}


# -- check-ins, medicines, advice state, meta ------------------------------------------------
_DAY_SELECT = f"SELECT day, {', '.join(DAY_FIELDS)} FROM daily_log"


def read_days(
    connection: sqlite3.Connection, first: date | None = None, last: date | None = None
) -> list[DailyFactors]:
    """Recorded days, oldest first, between `first` and `last` inclusive."""
    conditions, parameters = [], []
    if first is not None:
        conditions.append("day >= ?")
        parameters.append(first.isoformat())
    if last is not None:
        conditions.append("day <= ?")
        parameters.append(last.isoformat())
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    rows = connection.execute(f"{_DAY_SELECT}{where} ORDER BY day", parameters)
    return [
        DailyFactors(date.fromisoformat(row[0]), **dict(zip(DAY_FIELDS, row[1:], strict=True)))
        for row in rows
    ]


def read_medications(connection: sqlite3.Connection) -> list[MedicationRecord]:
    """Medicines not deleted, in the order they were started (then by name)."""
    rows = connection.execute(
        "SELECT name, category, started_on, dose, stopped_on, notes, id, uid FROM medication"
        " WHERE deleted_at IS NULL ORDER BY started_on, name"
    )
    return [
        MedicationRecord(name, category, date.fromisoformat(started), dose, _day(stopped), *rest)
        for name, category, started, dose, stopped, *rest in rows
    ]


def read_advice_states(connection: sqlite3.Connection) -> dict[str, AdviceStateRecord]:
    rows = connection.execute("SELECT rule_id, dismissed_at, snoozed_until FROM advice_state")
    return {
        rule_id: AdviceStateRecord(rule_id, _moment(dismissed), _day(snoozed))
        for rule_id, dismissed, snoozed in rows
    }


def read_meta(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM app_meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def is_empty(connection: sqlite3.Connection) -> bool:
    """No episode (even deleted), check-in or medicine at all: a brand-new diary."""
    row = connection.execute(
        "SELECT EXISTS (SELECT 1 FROM episode) OR EXISTS (SELECT 1 FROM daily_log)"
        " OR EXISTS (SELECT 1 FROM medication)"
    ).fetchone()
    return not row[0]

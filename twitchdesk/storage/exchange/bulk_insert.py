"""Storing many imported episodes and check-ins at once, inside the import's own transaction.

An import of a ten-year diary writes ~110,000 episodes and ~3,600 days. Through SQLAlchemy (ORM
objects, or even Core's executemany with its per-value bind processing) that costs many seconds of
Python; here each row is a plain tuple, in the very text SQLAlchemy's SQLite types store, handed
to the driver's `executemany` on the session's own connection: the rows commit or roll back with
everything else the import does.

Episode ids are given explicitly. SQLite would choose the same ones (the largest id + 1, in
order), and knowing them lets the symptoms refer to their episodes without reading them back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from twitchdesk.storage import models
from twitchdesk.storage.exchange.common import DayEntry
from twitchdesk.storage.plain_sql import DAY_FIELDS, stamp
from twitchdesk.storage.records import EpisodeRecord

# The tuples below follow each table's own column order (a mismatch fails the import tests).
EPISODE_COLUMNS = tuple(models.Episode.__table__.columns.keys())
SYMPTOM_COLUMNS = tuple(models.EpisodeSymptom.__table__.columns.keys())
DAY_COLUMNS = tuple(models.DailyLog.__table__.columns.keys())[1:]  # the id is left to SQLite
_MINUTE = timedelta(minutes=1)


def sqlite_datetime(moment: datetime | None) -> str | None:
    """A naive datetime as SQLAlchemy's SQLite `DateTime` stores it (microseconds always shown)."""
    return None if moment is None else stamp(moment)


def utc_naive(moment: datetime) -> tuple[datetime, int]:
    """`records.to_utc_naive` at a third of the cost (`.replace(tzinfo=None)` is slow)."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("episode times must be timezone-aware")
    utc = moment.astimezone(UTC)
    return datetime.combine(utc.date(), utc.time()), offset // _MINUTE


def sqlite_date(day: date | None) -> str | None:
    """A date as SQLAlchemy's SQLite `Date` stores it."""
    return None if day is None else day.isoformat()


def insert_episodes(session: Session, records: Sequence[EpisodeRecord], now: datetime) -> None:
    """Insert `records` with their symptoms as new rows; `now` stamps missing bookkeeping times."""
    if not records:
        return
    first_id = (session.scalar(select(func.max(models.Episode.id))) or 0) + 1
    now_text = sqlite_datetime(now)
    rows: list[tuple[Any, ...]] = []
    symptoms: list[tuple[int, str]] = []
    for episode_id, record in enumerate(records, first_id):
        started_at, offset = utc_naive(record.started_at)
        created_at = sqlite_datetime(record.created_at) or now_text
        rows.append(
            (
                episode_id,
                record.uid,
                sqlite_datetime(started_at),
                offset,
                record.region_id,
                record.side,
                record.kind,
                record.intensity,
                record.duration_s,
                record.context,
                record.seen,
                record.notes,
                created_at,
                sqlite_datetime(record.updated_at) or created_at,
                sqlite_datetime(record.deleted_at),
            )
        )
        symptoms.extend((episode_id, code) for code in sorted(record.symptoms))
    _executemany(session, models.Episode.__tablename__, EPISODE_COLUMNS, rows)
    _executemany(session, models.EpisodeSymptom.__tablename__, SYMPTOM_COLUMNS, symptoms)


def insert_days(session: Session, entries: Iterable[DayEntry], now: datetime) -> None:
    """Insert the check-ins of `entries` as new rows (their days must not be in the diary)."""
    now_text = sqlite_datetime(now)
    rows = [
        (
            sqlite_date(entry.factors.day),
            *(getattr(entry.factors, name) for name in DAY_FIELDS),
            sqlite_datetime(entry.updated_at) or now_text,
        )
        for entry in entries
    ]
    _executemany(session, models.DailyLog.__tablename__, DAY_COLUMNS, rows)


def _executemany(
    session: Session, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    # The DBAPI connection under the session's own: same transaction, same commit or rollback.
    driver = session.connection().connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        cursor.executemany(statement, rows)
    finally:
        cursor.close()

"""Reading everything a full export holds, timestamps included, straight from the database.

`Diary` hands out records without some bookkeeping a faithful copy needs (a day's `updated_at`,
a medicine's created/updated/deleted times, deleted rows), so this reads the tables with
SQLAlchemy in one read transaction: the snapshot is consistent even while the app writes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from twitchdesk.storage import models, plain_sql
from twitchdesk.storage.exchange.common import (
    AdviceEntry,
    DayEntry,
    DiaryContent,
    EpisodeEntry,
    MedicationEntry,
)
from twitchdesk.storage.orm_changes import medication_record
from twitchdesk.storage.plain_sql import DAY_FIELDS
from twitchdesk.storage.records import AdviceStateRecord, DailyFactors
from twitchdesk.storage.repository import Diary


def read_content(diary: Diary, include_deleted: bool = False) -> DiaryContent:
    """Episodes (oldest first), days, medicines and advice state of `diary`.

    Soft-deleted episodes and medicines (waiting for undo or purge) are left out unless
    `include_deleted`: someone who deletes an entry and then exports expects it gone.
    Episodes and days are read as plain rows, not ORM objects: a ten-year diary has ~110,000
    episodes, and ORM instances with their symptoms cost ~90 µs each.
    """
    with Session(diary.engine) as session, session.begin():
        connection = session.connection()
        # The same SQL and row conversion as Diary.episodes, oldest first.
        sql, parameters = plain_sql.episode_query(
            include_deleted=include_deleted, order=plain_sql.OLDEST_FIRST
        )
        rows = connection.exec_driver_sql(sql, tuple(parameters)).all()
        episodes = [EpisodeEntry(record) for record in plain_sql.episode_records(rows)]
        medication_query = select(models.Medication).order_by(models.Medication.id)
        if not include_deleted:
            medication_query = medication_query.where(models.Medication.deleted_at.is_(None))
        day_table = models.DailyLog.__table__
        days = [
            DayEntry(
                DailyFactors(row.day, **{name: row._mapping[name] for name in DAY_FIELDS}),
                row.updated_at,
            )
            for row in connection.execute(select(day_table).order_by(day_table.c.day))
        ]
        medications = [
            MedicationEntry(medication_record(row), row.created_at, row.updated_at, row.deleted_at)
            for row in session.scalars(medication_query)
        ]
        advice = [
            AdviceEntry(AdviceStateRecord(row.rule_id, row.dismissed_at, row.snoozed_until))
            for row in session.scalars(
                select(models.AdviceState).order_by(models.AdviceState.rule_id)
            )
        ]
    return DiaryContent(episodes, days, medications, advice)

"""Reading everything a full export holds, timestamps included, straight from the database.

`Diary` hands out records without some bookkeeping a faithful copy needs (a day's `updated_at`,
a medicine's created/updated/deleted times, deleted rows), so this reads the tables with
SQLAlchemy in one read transaction: the snapshot is consistent even while the app writes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from twitchdesk.storage import models
from twitchdesk.storage.exchange.common import (
    AdviceEntry,
    DayEntry,
    DiaryContent,
    EpisodeEntry,
    MedicationEntry,
)
from twitchdesk.storage.records import (
    AdviceStateRecord,
)
from twitchdesk.storage.repository import (
    Diary,
    day_record,
    episode_record,
    medication_record,
)


def read_content(diary: Diary, include_deleted: bool = False) -> DiaryContent:
    """Episodes (oldest first), days, medicines and advice state of `diary`.

    Soft-deleted episodes and medicines (waiting for undo or purge) are left out unless
    `include_deleted`: someone who deletes an entry and then exports expects it gone.
    """
    with Session(diary.engine) as session, session.begin():
        episode_query = select(models.Episode).order_by(
            models.Episode.started_at, models.Episode.id
        )
        medication_query = select(models.Medication).order_by(models.Medication.id)
        if not include_deleted:
            episode_query = episode_query.where(models.Episode.deleted_at.is_(None))
            medication_query = medication_query.where(models.Medication.deleted_at.is_(None))
        episodes = [EpisodeEntry(episode_record(row)) for row in session.scalars(episode_query)]
        days = [
            DayEntry(day_record(row), row.updated_at)
            for row in session.scalars(select(models.DailyLog).order_by(models.DailyLog.day))
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

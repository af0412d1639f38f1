"""The diary's changes made through the SQLAlchemy ORM, inside a `Diary.transaction`.

Editing, deleting, check-ins, medicines, advice choices and bulk adds: these are rarer than
logging, and the ORM keeps them simple (relationships, one unit of work). `Diary` imports this
module on first use, so opening a diary does not wait for SQLAlchemy.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from twitchdesk.storage import models
from twitchdesk.storage.checks import (
    check_day,
    check_episode,
    check_medication,
    episode_columns,
)
from twitchdesk.storage.plain_sql import DAY_FIELDS
from twitchdesk.storage.records import (
    AdviceStateRecord,
    DailyFactors,
    EpisodeDraft,
    MedicationDraft,
    MedicationRecord,
)


def get(session: Session, model: type[Any], row_id: int) -> Any:
    row = session.get(model, row_id)
    if row is None:
        raise KeyError(f"no {model.__tablename__} with id {row_id}")
    return row


# -- episodes ------------------------------------------------------------------------------
def update_episode(session: Session, episode_id: int, draft: EpisodeDraft, now: datetime) -> None:
    row = get(session, models.Episode, episode_id)
    _fill_episode(row, draft)
    row.updated_at = now


def set_episode_deleted(session: Session, episode_id: int, when: datetime | None) -> int:
    """Soft delete (`when`) or restore (None); how the live-episode count changes."""
    row = get(session, models.Episode, episode_id)
    was_live = row.deleted_at is None
    row.deleted_at = when
    return int(when is None) - int(was_live)


def purge_deleted(session: Session) -> int:
    result: Any = session.execute(
        delete(models.Episode).where(models.Episode.deleted_at.is_not(None))
    )
    return int(result.rowcount or 0)


def add_all(
    session: Session,
    episodes: Iterable[EpisodeDraft],
    days: Iterable[DailyFactors],
    medications: Iterable[MedicationDraft],
    now: datetime,
) -> None:
    for draft in episodes:
        check_episode(draft)
        uid = getattr(draft, "uid", "") or uuid.uuid4().hex
        row = models.Episode(uid=uid, created_at=now, updated_at=now)
        _fill_episode(row, draft)
        session.add(row)
    for factors in days:
        check_day(factors)
        day_row = models.DailyLog(day=factors.day, updated_at=now)
        for name in DAY_FIELDS:
            setattr(day_row, name, getattr(factors, name))
        session.add(day_row)
    for medication in medications:
        check_medication(medication)
        uid = getattr(medication, "uid", "") or uuid.uuid4().hex
        med_row = models.Medication(uid=uid, created_at=now, updated_at=now)
        _fill_medication(med_row, medication)
        session.add(med_row)


def _fill_episode(row: models.Episode, draft: EpisodeDraft) -> None:
    for name, value in episode_columns(draft).items():
        setattr(row, name, value)
    wanted = set(draft.symptoms)
    row.symptoms = [s for s in row.symptoms if s.symptom in wanted]
    present = {s.symptom for s in row.symptoms}
    row.symptoms.extend(models.EpisodeSymptom(symptom=s) for s in sorted(wanted - present))


# -- check-ins -----------------------------------------------------------------------------
def save_day(session: Session, factors: DailyFactors, now: datetime) -> None:
    """Insert or replace the check-in for `factors.day`; an empty check-in removes the row."""
    row = session.scalar(select(models.DailyLog).where(models.DailyLog.day == factors.day))
    if factors.is_empty():
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = models.DailyLog(day=factors.day)
        session.add(row)
    for name in DAY_FIELDS:
        setattr(row, name, getattr(factors, name))
    row.updated_at = now


# -- medicines -----------------------------------------------------------------------------
def add_medication(
    session: Session, draft: MedicationDraft, uid: str, now: datetime
) -> MedicationRecord:
    row = models.Medication(uid=uid, created_at=now, updated_at=now)
    _fill_medication(row, draft)
    session.add(row)
    session.flush()
    return medication_record(row)


def update_medication(
    session: Session, medication_id: int, draft: MedicationDraft, now: datetime
) -> MedicationRecord:
    row = get(session, models.Medication, medication_id)
    _fill_medication(row, draft)
    row.updated_at = now
    session.flush()
    return medication_record(row)


def set_medication_deleted(session: Session, medication_id: int, when: datetime | None) -> None:
    get(session, models.Medication, medication_id).deleted_at = when


def _fill_medication(row: models.Medication, draft: MedicationDraft) -> None:
    row.name = draft.name.strip()
    row.category = draft.category
    row.dose = draft.dose
    row.started_on = draft.started_on
    row.stopped_on = draft.stopped_on
    row.notes = draft.notes


def medication_record(row: models.Medication) -> MedicationRecord:
    """A medicine from its ORM row (shared with exchange/snapshot.py)."""
    return MedicationRecord(
        name=row.name,
        category=row.category,
        dose=row.dose,
        started_on=row.started_on,
        stopped_on=row.stopped_on,
        notes=row.notes,
        id=row.id,
        uid=row.uid,
    )


# -- advice state and meta -----------------------------------------------------------------
def set_advice_state(session: Session, state: AdviceStateRecord) -> None:
    row = session.get(models.AdviceState, state.rule_id)
    if state.dismissed_at is None and state.snoozed_until is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = models.AdviceState(rule_id=state.rule_id)
        session.add(row)
    row.dismissed_at = state.dismissed_at
    row.snoozed_until = state.snoozed_until


def set_meta(session: Session, key: str, value: str | None) -> None:
    row = session.get(models.AppMeta, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(models.AppMeta(key=key, value=value))
    else:
        row.value = value

"""The diary: every read and write the app makes goes through this class (no SQL in widgets).

Each method is one short transaction. Listeners registered with `subscribe` hear which part of the
diary changed ("episodes", "daily", "medications", "advice", "meta") after the change is committed;
the UI adapts these plain callbacks to Qt signals.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Engine, Result, Select, Table, delete, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from twitchdesk.storage import models, vocabulary
from twitchdesk.storage.records import (
    AdviceStateRecord,
    DailyFactors,
    EpisodeDraft,
    EpisodeRecord,
    MedicationDraft,
    MedicationRecord,
    from_utc_naive,
    to_utc_naive,
)

Listener = Callable[[str], None]
_EPISODE_TABLE = cast(Table, models.Episode.__table__)
_SYMPTOM_TABLE = cast(Table, models.EpisodeSymptom.__table__)
_INSERT_EPISODE = insert(_EPISODE_TABLE)
_REGIONS_IN_USE = text(
    """
    WITH RECURSIVE region(id) AS (
        SELECT min(region_id) FROM episode
        UNION ALL
        SELECT (SELECT min(region_id) FROM episode WHERE region_id > region.id)
        FROM region WHERE region.id IS NOT NULL
    )
    SELECT id FROM region
    WHERE id IS NOT NULL
      AND EXISTS (SELECT 1 FROM episode WHERE region_id = region.id AND deleted_at IS NULL)
    ORDER BY id
    """
)


class LiveCountChange:
    """How a transaction changes the number of live episodes, when the writer knows it.

    Counting a ten-year diary's episodes takes a scan of every row (~10 ms), and the status bar
    shows the count after every change; a known change adjusts the cached count instead.
    """

    def __init__(self, by: int | None = None) -> None:
        self.by = by


class InvalidRecord(ValueError):
    """A value the diary refuses to store; the message says which field and why."""


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Diary:
    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._listeners: list[Listener] = []
        # This process is the diary's only writer (the data folder is locked), so the count
        # stays true between changes made here.
        self._live_episodes: int | None = None

    # -- change notification -------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, topic: str) -> None:
        for listener in list(self._listeners):
            listener(topic)

    @contextmanager
    def transaction(
        self, topic: str = "all", live_change: LiveCountChange | None = None
    ) -> Iterator[Session]:
        """One transaction over any tables (used by import): all of it is stored, or none.

        Listeners hear `topic` after the commit, never after a rollback. A transaction on
        episodes that does not say how it changes their count (`live_change`) makes the next
        `episode_count` count again.
        """
        with self._sessions() as session, session.begin():
            yield session
        if topic in ("episodes", "all"):
            by = live_change.by if live_change is not None else None
            if by is None:
                self._live_episodes = None
            elif self._live_episodes is not None:
                self._live_episodes += by
        self._notify(topic)

    def close(self) -> None:
        self.engine.dispose()

    # -- episodes ------------------------------------------------------------------------
    def add_episode(self, draft: EpisodeDraft, uid: str | None = None) -> EpisodeRecord:
        _check_episode(draft)
        now = utc_now()
        columns = _episode_columns(draft)
        columns.update(uid=uid or uuid.uuid4().hex, created_at=now, updated_at=now, deleted_at=None)
        symptoms = sorted(draft.symptoms)
        # Plain INSERT statements: the ORM's unit of work cost more than the insert itself, on
        # the path between the user's click and "saved".
        with self.transaction("episodes", LiveCountChange(+1)) as session:
            connection = session.connection()
            # Parameters apart from the statement: its compiled form is cached once.
            result = connection.execute(_INSERT_EPISODE, columns)
            key = result.inserted_primary_key
            assert key is not None  # SQLite reports every inserted row's id
            episode_id = int(key[0])
            if symptoms:
                connection.execute(
                    insert(_SYMPTOM_TABLE),
                    [{"episode_id": episode_id, "symptom": code} for code in symptoms],
                )
        stored = SimpleNamespace(**columns, id=episode_id, symptom_codes=",".join(symptoms))
        return episode_from_row(stored)

    def update_episode(self, episode_id: int, draft: EpisodeDraft) -> EpisodeRecord:
        _check_episode(draft)
        with self.transaction("episodes", LiveCountChange(0)) as session:
            row = _get(session, models.Episode, episode_id)
            _fill_episode(row, draft)
            row.updated_at = utc_now()
            session.flush()
            record = episode_record(row)
        return record

    def delete_episode(self, episode_id: int) -> None:
        """Soft delete: the row stays (hidden) so undo can bring it back exactly."""
        change = LiveCountChange()
        with self.transaction("episodes", change) as session:
            row = _get(session, models.Episode, episode_id)
            change.by = -1 if row.deleted_at is None else 0
            row.deleted_at = utc_now()

    def restore_episode(self, episode_id: int) -> None:
        change = LiveCountChange()
        with self.transaction("episodes", change) as session:
            row = _get(session, models.Episode, episode_id)
            change.by = 1 if row.deleted_at is not None else 0
            row.deleted_at = None

    def get_episode(self, episode_id: int) -> EpisodeRecord:
        with self._sessions() as session:
            return episode_record(_get(session, models.Episode, episode_id))

    def episodes(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        region_id: str | None = None,
        include_deleted: bool = False,
        limit: int | None = None,
    ) -> list[EpisodeRecord]:
        """Episodes newest first; `since`/`until` are aware datetimes (until is exclusive).

        Read with SQL expressions rather than ORM objects: a ten-year diary lists thousands of
        rows here, and building ORM instances (with their symptoms) cost ~90 µs a row.
        """
        episode = models.Episode
        query = episode_rows().order_by(episode.started_at.desc(), episode.id.desc())
        if not include_deleted:
            query = query.where(episode.deleted_at.is_(None))
        if since is not None:
            query = query.where(episode.started_at >= to_utc_naive(since)[0])
        if until is not None:
            query = query.where(episode.started_at < to_utc_naive(until)[0])
        if region_id is not None:
            query = query.where(episode.region_id == region_id)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            return episode_records(connection.execute(query))

    def episode_count(self) -> int:
        """Live (not deleted) episodes; counted once, then kept up to date by the writes."""
        if self._live_episodes is None:
            query = select(func.count()).where(models.Episode.deleted_at.is_(None))
            with self._sessions() as session:
                self._live_episodes = int(session.scalar(query) or 0)
        return self._live_episodes

    def regions_in_use(self) -> list[str]:
        """Region ids that have at least one live episode, sorted.

        A DISTINCT over the table read every episode (~100 ms on a ten-year diary, at every
        start). This hops through the region index instead, one seek per region in use (the
        "loose index scan" SQLite does not do by itself), then checks each has a live episode.
        """
        with self.engine.connect() as connection:
            return list(connection.execute(_REGIONS_IN_USE).scalars())

    def episode_uids(self) -> set[str]:
        with self._sessions() as session:
            return set(session.scalars(select(models.Episode.uid)))

    def add_all(
        self,
        episodes: Iterable[EpisodeDraft] = (),
        days: Iterable[DailyFactors] = (),
        medications: Iterable[MedicationDraft] = (),
    ) -> None:
        """Add many records in ONE transaction: either all of them are stored or none is."""
        now = utc_now()
        with self.transaction("all") as session:
            for draft in episodes:
                _check_episode(draft)
                uid = getattr(draft, "uid", "") or uuid.uuid4().hex
                row = models.Episode(uid=uid, created_at=now, updated_at=now)
                _fill_episode(row, draft)
                session.add(row)
            for factors in days:
                _check_day(factors)
                day_row = models.DailyLog(day=factors.day, updated_at=now)
                for name in DAY_FIELDS:
                    setattr(day_row, name, getattr(factors, name))
                session.add(day_row)
            for medication in medications:
                _check_medication(medication)
                uid = getattr(medication, "uid", "") or uuid.uuid4().hex
                med_row = models.Medication(uid=uid, created_at=now, updated_at=now)
                _fill_medication(med_row, medication)
                session.add(med_row)

    # -- daily factors -------------------------------------------------------------------
    def save_day(self, factors: DailyFactors) -> DailyFactors:
        """Insert or replace the check-in for `factors.day`; an empty check-in removes the row."""
        _check_day(factors)
        with self.transaction("daily") as session:
            row = session.scalar(select(models.DailyLog).where(models.DailyLog.day == factors.day))
            if factors.is_empty():
                if row is not None:
                    session.delete(row)
                return factors
            if row is None:
                row = models.DailyLog(day=factors.day)
                session.add(row)
            for name in DAY_FIELDS:
                setattr(row, name, getattr(factors, name))
            row.updated_at = utc_now()
        return factors

    def day(self, day: date) -> DailyFactors:
        with self._sessions() as session:
            row = session.scalar(select(models.DailyLog).where(models.DailyLog.day == day))
            return day_record(row) if row else DailyFactors(day=day)

    def days(self, first: date | None = None, last: date | None = None) -> list[DailyFactors]:
        """Recorded days, oldest first, between `first` and `last` inclusive."""
        query = select(models.DailyLog).order_by(models.DailyLog.day)
        if first is not None:
            query = query.where(models.DailyLog.day >= first)
        if last is not None:
            query = query.where(models.DailyLog.day <= last)
        with self._sessions() as session:
            return [day_record(row) for row in session.scalars(query)]

    # -- medications ---------------------------------------------------------------------
    def add_medication(self, draft: MedicationDraft, uid: str | None = None) -> MedicationRecord:
        _check_medication(draft)
        now = utc_now()
        row = models.Medication(uid=uid or uuid.uuid4().hex, created_at=now, updated_at=now)
        _fill_medication(row, draft)
        with self.transaction("medications") as session:
            session.add(row)
            session.flush()
            record = medication_record(row)
        return record

    def update_medication(self, medication_id: int, draft: MedicationDraft) -> MedicationRecord:
        _check_medication(draft)
        with self.transaction("medications") as session:
            row = _get(session, models.Medication, medication_id)
            _fill_medication(row, draft)
            row.updated_at = utc_now()
            session.flush()
            record = medication_record(row)
        return record

    def delete_medication(self, medication_id: int) -> None:
        with self.transaction("medications") as session:
            _get(session, models.Medication, medication_id).deleted_at = utc_now()

    def restore_medication(self, medication_id: int) -> None:
        with self.transaction("medications") as session:
            _get(session, models.Medication, medication_id).deleted_at = None

    def medications(self, active_on: date | None = None) -> list[MedicationRecord]:
        query = (
            select(models.Medication)
            .where(models.Medication.deleted_at.is_(None))
            .order_by(models.Medication.started_on, models.Medication.name)
        )
        with self._sessions() as session:
            records = [medication_record(row) for row in session.scalars(query)]
        if active_on is not None:
            records = [record for record in records if record.active_on(active_on)]
        return records

    # -- advice state --------------------------------------------------------------------
    def advice_states(self) -> dict[str, AdviceStateRecord]:
        with self._sessions() as session:
            rows = session.scalars(select(models.AdviceState))
            return {
                row.rule_id: AdviceStateRecord(row.rule_id, row.dismissed_at, row.snoozed_until)
                for row in rows
            }

    def set_advice_state(self, state: AdviceStateRecord) -> None:
        with self.transaction("advice") as session:
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

    # -- facts about the diary itself ----------------------------------------------------
    def meta(self, key: str) -> str | None:
        with self._sessions() as session:
            row = session.get(models.AppMeta, key)
            return row.value if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        with self.transaction("meta") as session:
            row = session.get(models.AppMeta, key)
            if value is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(models.AppMeta(key=key, value=value))
            else:
                row.value = value

    @property
    def is_demo(self) -> bool:
        return self.meta("demo") == "1"

    def is_empty(self) -> bool:
        with self._sessions() as session:
            for table in (models.Episode, models.DailyLog, models.Medication):
                if session.scalar(select(func.count()).select_from(table)):
                    return False
        return True

    def purge_deleted(self) -> int:
        """Remove soft-deleted rows for good (after undo history is gone)."""
        with self.transaction("episodes", LiveCountChange(0)) as session:
            result: Any = session.execute(
                delete(models.Episode).where(models.Episode.deleted_at.is_not(None))
            )
            return int(result.rowcount or 0)


# -- conversions (shared with exchange/snapshot.py) and checks ---------------------------
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


def _get(session: Session, model: type[Any], row_id: int) -> Any:
    row = session.get(model, row_id)
    if row is None:
        raise KeyError(f"no {model.__tablename__} with id {row_id}")
    return row


def _check_code(field: str, value: str | None, allowed: Collection[str], optional: bool) -> None:
    if value is None and optional:
        return
    if value not in allowed:
        raise InvalidRecord(f"{field}: {value!r} is not one of {', '.join(sorted(allowed))}")


def _check_episode(draft: EpisodeDraft) -> None:
    if not draft.region_id:
        raise InvalidRecord("region: choose where it twitches")
    _check_code("side", draft.side, vocabulary.SIDES, optional=False)
    _check_code("kind", draft.kind, vocabulary.KINDS, optional=False)
    _check_code("context", draft.context, vocabulary.CONTEXTS, optional=True)
    for symptom in draft.symptoms:
        _check_code("symptoms", symptom, vocabulary.SYMPTOMS, optional=False)
    if not vocabulary.INTENSITY_MIN <= draft.intensity <= vocabulary.INTENSITY_MAX:
        raise InvalidRecord("intensity: must be between 1 and 10")
    if draft.duration_s is not None and not 0 <= draft.duration_s <= vocabulary.DURATION_MAX_S:
        raise InvalidRecord("duration: must be between 0 seconds and 24 hours")
    if draft.started_at.tzinfo is None:
        raise InvalidRecord("time: must include the time zone")


def _check_day(factors: DailyFactors) -> None:
    for field, (low, high) in vocabulary.DAILY_LIMITS.items():
        value = getattr(factors, field)
        if value is not None and not low <= value <= high:
            name = field.split("_")[0]
            raise InvalidRecord(f"{name}: must be between {low} and {high}")
    _check_code(
        "exercise intensity",
        factors.exercise_intensity,
        vocabulary.EXERCISE_INTENSITIES,
        optional=True,
    )


def _check_medication(draft: MedicationDraft) -> None:
    if not draft.name.strip():
        raise InvalidRecord("name: enter the medicine's name")
    _check_code("category", draft.category, vocabulary.MEDICATION_CATEGORIES, optional=False)
    if draft.stopped_on is not None and draft.stopped_on < draft.started_on:
        raise InvalidRecord("stop date: cannot be before the start date")


def _episode_columns(draft: EpisodeDraft) -> dict[str, Any]:
    """The episode table's values for a draft (its symptoms are rows of their own)."""
    started_at, utc_offset_min = to_utc_naive(draft.started_at)
    return {
        "started_at": started_at,
        "utc_offset_min": utc_offset_min,
        "region_id": draft.region_id,
        "side": draft.side,
        "kind": draft.kind,
        "intensity": draft.intensity,
        "duration_s": draft.duration_s,
        "context": draft.context,
        "seen": draft.seen,
        "notes": draft.notes,
    }


def _fill_episode(row: models.Episode, draft: EpisodeDraft) -> None:
    for name, value in _episode_columns(draft).items():
        setattr(row, name, value)
    wanted = set(draft.symptoms)
    row.symptoms = [s for s in row.symptoms if s.symptom in wanted]
    present = {s.symptom for s in row.symptoms}
    row.symptoms.extend(models.EpisodeSymptom(symptom=s) for s in sorted(wanted - present))


def episode_record(row: models.Episode) -> EpisodeRecord:
    """An episode from its ORM row (an edit, a single look-up)."""
    codes = ",".join(symptom.symptom for symptom in row.symptoms)
    values: list[Any] = [
        codes if name == "symptom_codes" else getattr(row, name) for name in _EPISODE_ROW
    ]
    return _episode(*values)


def episode_rows() -> Select[Any]:
    """Episodes with their symptom codes joined by commas: the rows `episode_records` reads.

    The codes come from a correlated subquery rather than a join with GROUP BY: for live
    episodes SQLite then walks the (deleted_at, started_at) index in order, with no temporary
    B-trees to group and sort (~30 % less time on a ten-year diary).
    """
    episode, symptom = models.Episode, models.EpisodeSymptom
    codes = (
        select(func.group_concat(symptom.symptom, ","))
        .where(symptom.episode_id == episode.id)
        .scalar_subquery()
        .label("symptom_codes")
    )
    return select(*episode.__table__.columns, codes)


def episode_from_row(row: Any) -> EpisodeRecord:
    """An episode from one row of `Diary.episodes`' query (attribute access, symptom codes
    joined by commas)."""
    return _episode(*(getattr(row, name) for name in _EPISODE_ROW))


def episode_records(result: Result[Any]) -> list[EpisodeRecord]:
    """Every row of a result shaped like `Diary.episodes`' query, as episodes.

    Rows are read by position: looking a column up by name on a SQLAlchemy row costs ~1 µs,
    16 times a row, and reading a long history spent more time there than in SQLite."""
    positions = {name: index for index, name in enumerate(result.keys())}
    order = [positions[name] for name in _EPISODE_ROW]
    return [_episode(*(row[i] for i in order)) for row in result.all()]


_EPISODE_ROW = (
    "started_at",
    "utc_offset_min",
    "region_id",
    "side",
    "kind",
    "intensity",
    "duration_s",
    "context",
    "seen",
    "symptom_codes",
    "notes",
    "id",
    "uid",
    "created_at",
    "updated_at",
    "deleted_at",
)


def _episode(
    started_at: datetime,
    utc_offset_min: int,
    region_id: str,
    side: str,
    kind: str,
    intensity: int,
    duration_s: int | None,
    context: str | None,
    seen: bool | None,
    symptom_codes: str | None,
    notes: str,
    episode_id: int,
    uid: str,
    created_at: datetime | None,
    updated_at: datetime | None,
    deleted_at: datetime | None,
) -> EpisodeRecord:
    return EpisodeRecord(
        started_at=from_utc_naive(started_at, utc_offset_min),
        region_id=region_id,
        side=side,
        kind=kind,
        intensity=intensity,
        duration_s=duration_s,
        context=context,
        seen=seen,
        symptoms=frozenset(symptom_codes.split(",")) if symptom_codes else frozenset(),
        notes=notes,
        id=episode_id,
        uid=uid,
        created_at=created_at,
        updated_at=updated_at,
        deleted_at=deleted_at,
    )


def day_record(row: models.DailyLog) -> DailyFactors:
    return DailyFactors(day=row.day, **{name: getattr(row, name) for name in DAY_FIELDS})


def _fill_medication(row: models.Medication, draft: MedicationDraft) -> None:
    row.name = draft.name.strip()
    row.category = draft.category
    row.dose = draft.dose
    row.started_on = draft.started_on
    row.stopped_on = draft.stopped_on
    row.notes = draft.notes


def medication_record(row: models.Medication) -> MedicationRecord:
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

"""The diary: every read and write the app makes goes through this class (no SQL in widgets).

Each method is one short transaction. Listeners registered with `subscribe` hear which part of the
diary changed ("episodes", "daily", "medications", "advice", "meta") after the change is committed;
the UI adapts these plain callbacks to Qt signals.

Two ways in, one file: the reads (here, and the Trends, advice and report queries) and logging
an episode go through the standard library's sqlite3 (plain_sql.py), so the window shows the
history without waiting ~0.3–0.5 s for SQLAlchemy's import; other changes and import/export use
SQLAlchemy (orm_changes.py, and `engine`), imported on first use (ui/background_imports.py loads
it a few seconds after start-up). This process is the diary's only writer (the data folder is
locked) and every method commits before it returns, so each connection sees the other's changes.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from twitchdesk.storage import plain_sql
from twitchdesk.storage.checks import (
    InvalidRecord,
    check_day,
    check_episode,
    check_medication,
    episode_columns,
)
from twitchdesk.storage.connection import connect
from twitchdesk.storage.plain_sql import DAY_FIELDS
from twitchdesk.storage.records import (
    AdviceStateRecord,
    DailyFactors,
    EpisodeDraft,
    EpisodeRecord,
    MedicationDraft,
    MedicationRecord,
    to_utc_naive,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

__all__ = ["DAY_FIELDS", "Diary", "InvalidRecord", "LiveCountChange", "utc_now"]

Listener = Callable[[str], None]


class LiveCountChange:
    """How a transaction changes the number of live episodes, when the writer knows it.

    Counting a ten-year diary's episodes takes a scan of every row (~10 ms), and the status bar
    shows the count after every change; a known change adjusts the cached count instead.
    """

    def __init__(self, by: int | None = None) -> None:
        self.by = by


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Diary:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection = connect(path)
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._listeners: list[Listener] = []
        # This process is the diary's only writer (the data folder is locked), so the count
        # stays true between changes made here.
        self._live_episodes: int | None = None

    @property
    def plain_connection(self) -> sqlite3.Connection:
        """The standard library connection of the reads, for the storage modules that read in
        plain SQL (aggregates, aggregate_cache, advice_queries, report_queries); use it for
        short reads, and never keep a transaction open on it."""
        return self._connection

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (made on first use: edits, check-ins, medicines, import and
        export)."""
        if self._engine is None:
            from sqlalchemy.orm import sessionmaker

            from twitchdesk.storage.engine import create_diary_engine

            self._engine = create_diary_engine(self.path)
            self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        return self._engine

    # -- change notification -------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, topic: str) -> None:
        for listener in list(self._listeners):
            listener(topic)

    def _changed(self, topic: str, live_change: LiveCountChange | None) -> None:
        """After a commit: keep the live-episode count true and tell the listeners.

        A change of episodes that does not say how it changes their count (`live_change`)
        makes the next `episode_count` count again."""
        if topic in ("episodes", "all"):
            by = live_change.by if live_change is not None else None
            if by is None:
                self._live_episodes = None
            elif self._live_episodes is not None:
                self._live_episodes += by
        self._notify(topic)

    @contextmanager
    def transaction(
        self, topic: str = "all", live_change: LiveCountChange | None = None
    ) -> Iterator[Session]:
        """One ORM transaction over any tables (used by import): all of it is stored, or none.

        Listeners hear `topic` after the commit, never after a rollback.
        """
        self.engine  # noqa: B018 - makes the engine and its session factory
        assert self._sessions is not None
        with self._sessions() as session, session.begin():
            yield session
        self._changed(topic, live_change)

    def close(self) -> None:
        self._connection.close()
        if self._engine is not None:
            self._engine.dispose()

    # -- episodes ------------------------------------------------------------------------
    def add_episode(self, draft: EpisodeDraft, uid: str | None = None) -> EpisodeRecord:
        """Store a new episode: plain INSERT statements, on the path between the user's click
        and "saved" (the ORM's unit of work cost more than the insert itself)."""
        check_episode(draft)
        now = utc_now()
        columns = episode_columns(draft)
        columns.update(uid=uid or uuid.uuid4().hex, created_at=now, updated_at=now)
        symptoms = sorted(draft.symptoms)
        episode_id = plain_sql.insert_episode(self._connection, columns, symptoms)
        self._changed("episodes", LiveCountChange(+1))
        c = columns
        return plain_sql.episode_record(
            c["started_at"], c["utc_offset_min"], c["region_id"], c["side"], c["kind"],
            c["intensity"], c["duration_s"], c["context"], c["seen"], ",".join(symptoms),
            c["notes"], episode_id, c["uid"], now, now, None,
        )  # fmt: skip

    def update_episode(self, episode_id: int, draft: EpisodeDraft) -> EpisodeRecord:
        from twitchdesk.storage import orm_changes

        check_episode(draft)
        with self.transaction("episodes", LiveCountChange(0)) as session:
            orm_changes.update_episode(session, episode_id, draft, utc_now())
        return self.get_episode(episode_id)

    def delete_episode(self, episode_id: int) -> None:
        """Soft delete: the row stays (hidden) so undo can bring it back exactly."""
        self._set_episode_deleted(episode_id, utc_now())

    def restore_episode(self, episode_id: int) -> None:
        self._set_episode_deleted(episode_id, None)

    def _set_episode_deleted(self, episode_id: int, when: datetime | None) -> None:
        from twitchdesk.storage import orm_changes

        change = LiveCountChange()
        with self.transaction("episodes", change) as session:
            change.by = orm_changes.set_episode_deleted(session, episode_id, when)

    def get_episode(self, episode_id: int) -> EpisodeRecord:
        found = plain_sql.read_episodes(
            self._connection, episode_id=episode_id, include_deleted=True
        )
        if not found:
            raise KeyError(f"no episode with id {episode_id}")
        return found[0]

    def episodes(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        region_id: str | None = None,
        include_deleted: bool = False,
        limit: int | None = None,
    ) -> list[EpisodeRecord]:
        """Episodes newest first; `since`/`until` are aware datetimes (until is exclusive)."""
        return plain_sql.read_episodes(
            self._connection,
            since=None if since is None else to_utc_naive(since)[0],
            until=None if until is None else to_utc_naive(until)[0],
            region_id=region_id,
            include_deleted=include_deleted,
            limit=limit,
        )

    def episode_count(self) -> int:
        """Live (not deleted) episodes; counted once, then kept up to date by the writes."""
        if self._live_episodes is None:
            self._live_episodes = plain_sql.live_episode_count(self._connection)
        return self._live_episodes

    def regions_in_use(self) -> list[str]:
        """Region ids that have at least one live episode, sorted."""
        return plain_sql.regions_in_use(self._connection)

    def episode_span(self) -> tuple[date, date] | None:
        """The first and last local dates with a live episode, or None for a diary without any."""
        return plain_sql.episode_span(self._connection)

    def episode_uids(self) -> set[str]:
        return plain_sql.episode_uids(self._connection)

    def add_all(
        self,
        episodes: Iterable[EpisodeDraft] = (),
        days: Iterable[DailyFactors] = (),
        medications: Iterable[MedicationDraft] = (),
    ) -> None:
        """Add many records in ONE transaction: either all of them are stored or none is."""
        from twitchdesk.storage import orm_changes

        with self.transaction("all") as session:
            orm_changes.add_all(session, episodes, days, medications, utc_now())

    def purge_deleted(self) -> int:
        """Remove soft-deleted rows for good (after undo history is gone)."""
        from twitchdesk.storage import orm_changes

        with self.transaction("episodes", LiveCountChange(0)) as session:
            return orm_changes.purge_deleted(session)

    # -- daily factors -------------------------------------------------------------------
    def save_day(self, factors: DailyFactors) -> DailyFactors:
        """Insert or replace the check-in for `factors.day`; an empty check-in removes the row."""
        from twitchdesk.storage import orm_changes

        check_day(factors)
        with self.transaction("daily") as session:
            orm_changes.save_day(session, factors, utc_now())
        return factors

    def day(self, day: date) -> DailyFactors:
        found = plain_sql.read_days(self._connection, day, day)
        return found[0] if found else DailyFactors(day=day)

    def days(self, first: date | None = None, last: date | None = None) -> list[DailyFactors]:
        """Recorded days, oldest first, between `first` and `last` inclusive."""
        return plain_sql.read_days(self._connection, first, last)

    # -- medications ---------------------------------------------------------------------
    def add_medication(self, draft: MedicationDraft, uid: str | None = None) -> MedicationRecord:
        from twitchdesk.storage import orm_changes

        check_medication(draft)
        with self.transaction("medications") as session:
            record = orm_changes.add_medication(session, draft, uid or uuid.uuid4().hex, utc_now())
        return record

    def update_medication(self, medication_id: int, draft: MedicationDraft) -> MedicationRecord:
        from twitchdesk.storage import orm_changes

        check_medication(draft)
        with self.transaction("medications") as session:
            record = orm_changes.update_medication(session, medication_id, draft, utc_now())
        return record

    def delete_medication(self, medication_id: int) -> None:
        self._set_medication_deleted(medication_id, utc_now())

    def restore_medication(self, medication_id: int) -> None:
        self._set_medication_deleted(medication_id, None)

    def _set_medication_deleted(self, medication_id: int, when: datetime | None) -> None:
        from twitchdesk.storage import orm_changes

        with self.transaction("medications") as session:
            orm_changes.set_medication_deleted(session, medication_id, when)

    def medications(self, active_on: date | None = None) -> list[MedicationRecord]:
        records = plain_sql.read_medications(self._connection)
        if active_on is not None:
            records = [record for record in records if record.active_on(active_on)]
        return records

    # -- advice state --------------------------------------------------------------------
    def advice_states(self) -> dict[str, AdviceStateRecord]:
        return plain_sql.read_advice_states(self._connection)

    def set_advice_state(self, state: AdviceStateRecord) -> None:
        from twitchdesk.storage import orm_changes

        with self.transaction("advice") as session:
            orm_changes.set_advice_state(session, state)

    # -- facts about the diary itself ----------------------------------------------------
    def meta(self, key: str) -> str | None:
        return plain_sql.read_meta(self._connection, key)

    def set_meta(self, key: str, value: str | None) -> None:
        from twitchdesk.storage import orm_changes

        with self.transaction("meta") as session:
            orm_changes.set_meta(session, key, value)

    @property
    def is_demo(self) -> bool:
        return self.meta("demo") == "1"

    def is_empty(self) -> bool:
        return plain_sql.is_empty(self._connection)

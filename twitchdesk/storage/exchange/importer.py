"""Importing a CSV or JSON file: plan first (check and compare, change nothing), then apply.

`plan_import` reads the file, collects every problem, and sorts each item into "new", "already in
your diary" (`duplicates`) or "your diary has a different version; yours is kept" (`kept`).
`apply_import` stores the new items in ONE transaction: everything or nothing.

Policies (the same in the app and on the command line):
- Episodes and medicines are matched by uid. CSV rows, which carry no uid, get one derived from
  their content, and also match a live episode with the same content (so a CSV export imported
  back into the same diary adds nothing).
- An item already in the diary is never overwritten. Identical → counted as a duplicate;
  different (an episode edited since the export, a day checked in on both computers) → listed
  in `kept`: the diary's version stays, nothing is merged.
- An item whose uid belongs to a deleted (undoable) row of the diary brings that row back.
- Problems block the whole import; the file has to be fixed first.

Writes go through `Diary.transaction("all")`: one transaction, and the usual change notice after it.
"""

from __future__ import annotations

import dataclasses
import operator
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from twitchdesk.storage import models
from twitchdesk.storage.exchange.bulk_insert import insert_days, insert_episodes
from twitchdesk.storage.exchange.common import (
    AdviceEntry,
    DayEntry,
    EpisodeEntry,
    Finding,
    MedicationEntry,
    ParsedFile,
    RegionLookup,
)
from twitchdesk.storage.exchange.csv_format import episode_key, parse_csv
from twitchdesk.storage.exchange.json_format import parse_json
from twitchdesk.storage.exchange.snapshot import read_content
from twitchdesk.storage.records import EpisodeDraft, EpisodeRecord
from twitchdesk.storage.repository import Diary, utc_now

ALREADY_THERE = "already in your diary"


class ImportFailed(Exception):
    """Nothing was imported; the message says why, in words meant for the user."""


@dataclass
class ImportPlan:
    path: Path
    format: str  # "csv", "json", or "" when the file could not be read
    episodes: list[EpisodeEntry] = field(default_factory=list)
    days: list[DayEntry] = field(default_factory=list)
    medications: list[MedicationEntry] = field(default_factory=list)
    advice: list[AdviceEntry] = field(default_factory=list)
    duplicates: list[Finding] = field(default_factory=list)
    kept: list[Finding] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)

    @property
    def new_count(self) -> int:
        return len(self.episodes) + len(self.days) + len(self.medications) + len(self.advice)

    @property
    def can_apply(self) -> bool:
        return not self.problems and self.new_count > 0

    def summary(self) -> str:
        if self.problems:
            return (
                f"{_count(len(self.problems), 'problem')} found; nothing will be imported "
                "until the file is fixed."
            )
        parts = _contents(len(self.episodes), len(self.days), len(self.medications), self.advice)
        text = f"To add: {parts}." if parts else "Nothing new to add."
        if self.duplicates:
            text += f" {_count(len(self.duplicates), 'item')} {ALREADY_THERE}."
        if self.kept:
            verb = "differs" if len(self.kept) == 1 else "differ"
            text += (
                f" {_count(len(self.kept), 'item')} {verb} from what your diary has; "
                "your diary's version is kept."
            )
        return text


@dataclass
class ImportResult:
    """What `apply_import` changed, so that it can be undone and redone exactly."""

    plan: ImportPlan
    inserted_episodes: list[str] = field(default_factory=list)
    revived_episodes: dict[str, datetime] = field(default_factory=dict)
    inserted_days: list[date] = field(default_factory=list)
    inserted_medications: list[str] = field(default_factory=list)
    revived_medications: dict[str, datetime] = field(default_factory=dict)
    inserted_advice: list[str] = field(default_factory=list)

    @property
    def episode_count(self) -> int:
        return len(self.inserted_episodes) + len(self.revived_episodes)

    def summary(self) -> str:
        medicines = len(self.inserted_medications) + len(self.revived_medications)
        parts = _contents(
            self.episode_count, len(self.inserted_days), medicines, self.inserted_advice
        )
        return f"Imported {parts}." if parts else "Nothing new was imported."


# -- planning ---------------------------------------------------------------------------------
def detect_format(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return "json" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "csv"


def parse_file(
    path: Path,
    data: bytes,
    regions: RegionLookup,
    now: datetime | None = None,
    zone: tzinfo | None = None,
) -> ParsedFile:
    if detect_format(path, data) == "json":
        return parse_json(data, regions)
    return parse_csv(data, regions, now or datetime.now().astimezone(), zone)


def plan_import(
    diary: Diary,
    path: Path,
    regions: RegionLookup,
    *,
    now: datetime | None = None,
    zone: tzinfo | None = None,
) -> ImportPlan:
    """Check `path` and compare it with `diary`; changes nothing.

    `regions` is the body-map atlas (`twitchdesk.core.regions.load_atlas()`); `now` (aware) and
    `zone` are for CSV: rows in the future are refused, local times are read in `zone` (None:
    this computer's time zone).
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = f"cannot be read ({error.strerror or error})"
        return ImportPlan(path, "", problems=[Finding("file", reason)])
    return plan_parsed(diary, path, parse_file(path, data, regions, now, zone))


def plan_parsed(diary: Diary, path: Path, parsed: ParsedFile) -> ImportPlan:
    plan = ImportPlan(path, parsed.format, problems=list(parsed.problems))
    if plan.problems:
        return plan  # nothing else is worth saying until the file is right
    existing = read_content(diary, include_deleted=True)
    _plan_episodes(plan, parsed, [entry.record for entry in existing.episodes])
    days = {entry.factors.day: entry.factors for entry in existing.days}
    for day_entry in parsed.days:
        current = days.get(day_entry.factors.day)
        if current is None:
            plan.days.append(day_entry)
        elif current == day_entry.factors:
            plan.duplicates.append(_found(day_entry.where, day_entry.line, ALREADY_THERE))
        else:
            reason = (
                f"your diary already has a different check-in for {current.day.isoformat()}; "
                "yours is kept"
            )
            plan.kept.append(_found(day_entry.where, day_entry.line, reason))
    medications = {entry.record.uid: entry for entry in existing.medications}
    for medication in parsed.medications:
        current_medication = medications.get(medication.record.uid)
        if current_medication is None or (
            current_medication.deleted_at is not None and medication.deleted_at is None
        ):
            plan.medications.append(medication)
        elif _without_id(current_medication.record) == _without_id(medication.record):
            plan.duplicates.append(_found(medication.where, None, ALREADY_THERE))
        else:
            reason = f"your diary has a different version of {current_medication.record.name}"
            plan.kept.append(_found(medication.where, None, reason + "; yours is kept"))
    states = {entry.state.rule_id: entry.state for entry in existing.advice}
    for advice in parsed.advice:
        current_state = states.get(advice.state.rule_id)
        if current_state is None:
            plan.advice.append(advice)
        elif current_state == advice.state:
            plan.duplicates.append(_found(advice.where, None, ALREADY_THERE))
        else:
            reason = "your diary has its own setting for this advice; yours is kept"
            plan.kept.append(_found(advice.where, None, reason))
    return plan


def _plan_episodes(plan: ImportPlan, parsed: ParsedFile, existing: Sequence[EpisodeRecord]) -> None:
    by_uid = {record.uid: record for record in existing}
    file_uids = {entry.record.uid for entry in parsed.episodes}
    # Live episodes the file does not name by uid may still be the same episode (CSV).
    unmatched = Counter(
        episode_key(record)
        for record in (existing if parsed.match_episode_content else ())
        if record.deleted_at is None and record.uid not in file_uids
    )
    used: Counter[tuple[str, ...]] = Counter()
    for entry in parsed.episodes:
        record = entry.record
        current = by_uid.get(record.uid)
        if current is not None and current.deleted_at is None:
            if parsed.match_episode_content or _same_episode(current, record):
                plan.duplicates.append(_found(entry.where, entry.line, ALREADY_THERE))
            else:
                reason = "your diary has a different version of this episode; yours is kept"
                plan.kept.append(_found(entry.where, entry.line, reason))
            continue
        if parsed.match_episode_content:
            key = episode_key(record)
            used[key] += 1
            if used[key] <= unmatched[key]:
                plan.duplicates.append(_found(entry.where, entry.line, ALREADY_THERE))
                continue
        if current is not None and record.deleted_at is not None:
            plan.duplicates.append(_found(entry.where, entry.line, "already deleted in your diary"))
            continue
        plan.episodes.append(entry)


def _same_episode(a: EpisodeRecord, b: EpisodeRecord) -> bool:
    """a.draft() == b.draft() with the same UTC offset; without building drafts (~6 µs each)."""
    return _draft_values(a) == _draft_values(b) and (
        a.started_at.utcoffset() == b.started_at.utcoffset()
    )


_draft_values = operator.attrgetter(*(draft_field.name for draft_field in fields(EpisodeDraft)))


def _without_id(record: Any) -> Any:
    return dataclasses.replace(record, id=0)


def _found(where: str, line: int | None, reason: str) -> Finding:
    return Finding(where or "file", reason, line)


# -- applying, undoing, redoing ---------------------------------------------------------------
class _Stale(Exception):
    pass


def apply_import(diary: Diary, plan: ImportPlan, *, skip_existing: bool = False) -> ImportResult:
    """Store everything new in `plan` in one transaction, or nothing (ImportFailed).

    If the diary gained one of the items since the plan was made, the import stops (nothing
    stored) unless `skip_existing`, which leaves such items as they are.
    """
    if plan.problems:
        raise ImportFailed("The file has problems; fix them first. Nothing was imported.")
    result = ImportResult(plan)
    now = utc_now()
    try:
        with _transaction(diary) as session:
            _apply(session, plan, result, now, skip_existing)
    except _Stale:
        raise ImportFailed(
            "Your diary changed while the import was being prepared. Nothing was imported; "
            "please import the file again."
        ) from None
    except (SQLAlchemyError, sqlite3.Error) as error:  # sqlite3: the bulk inserts' own errors
        raise ImportFailed(_storage_message(error)) from error
    return result


def _apply(
    session: Session, plan: ImportPlan, result: ImportResult, now: datetime, skip: bool
) -> None:
    episodes = _deleted_at_by_uid(session, models.Episode)
    new_episodes: list[EpisodeRecord] = []
    for entry in plan.episodes:
        uid = entry.record.uid
        if uid not in episodes:
            new_episodes.append(entry.record)
            result.inserted_episodes.append(uid)
            continue
        previous = episodes[uid]
        if previous is None:
            if skip:
                continue
            raise _Stale
        _set_deleted(session, models.Episode, [uid], entry.record.deleted_at)
        result.revived_episodes[uid] = previous
    insert_episodes(session, new_episodes, now)
    days = set(session.scalars(select(models.DailyLog.day)))
    new_days: list[DayEntry] = []
    for day_entry in plan.days:
        if day_entry.factors.day in days:
            if skip:
                continue
            raise _Stale
        new_days.append(day_entry)
        result.inserted_days.append(day_entry.factors.day)
    insert_days(session, new_days, now)
    medications = _deleted_at_by_uid(session, models.Medication)
    for medication in plan.medications:
        uid = medication.record.uid
        if uid not in medications:
            session.add(_medication_row(medication, now))
            result.inserted_medications.append(uid)
            continue
        previous = medications[uid]
        if previous is None:
            if skip:
                continue
            raise _Stale
        _set_deleted(session, models.Medication, [uid], medication.deleted_at)
        result.revived_medications[uid] = previous
    rules = set(session.scalars(select(models.AdviceState.rule_id)))
    for advice in plan.advice:
        if advice.state.rule_id in rules:
            if skip:
                continue
            raise _Stale
        session.add(_advice_row(advice))
        result.inserted_advice.append(advice.state.rule_id)


def _deleted_at_by_uid(session: Session, model: Any) -> dict[str, datetime | None]:
    rows = session.execute(select(model.uid, model.deleted_at))
    return {uid: deleted_at for uid, deleted_at in rows}


def undo_import(diary: Diary, result: ImportResult) -> None:
    """Take back what `result` added (episodes and medicines are deleted softly, as in the app)."""
    now = utc_now()
    with _transaction(diary) as session:
        _set_deleted(session, models.Episode, result.inserted_episodes, now)
        for uid, previous in result.revived_episodes.items():
            _set_deleted(session, models.Episode, [uid], previous)
        for chunk in _chunks(result.inserted_days):
            session.execute(delete(models.DailyLog).where(models.DailyLog.day.in_(chunk)))
        _set_deleted(session, models.Medication, result.inserted_medications, now)
        for uid, previous in result.revived_medications.items():
            _set_deleted(session, models.Medication, [uid], previous)
        for chunk in _chunks(result.inserted_advice):
            session.execute(delete(models.AdviceState).where(models.AdviceState.rule_id.in_(chunk)))


def redo_import(diary: Diary, result: ImportResult) -> None:
    """Bring back what `undo_import` took back (same rows, same uids and ids)."""
    plan = result.plan
    now = utc_now()
    episodes = {entry.record.uid: entry.record.deleted_at for entry in plan.episodes}
    medications = {entry.record.uid: entry.deleted_at for entry in plan.medications}
    with _transaction(diary) as session:
        for uid in [*result.inserted_episodes, *result.revived_episodes]:
            _set_deleted(session, models.Episode, [uid], episodes.get(uid))
        present = set(session.scalars(select(models.DailyLog.day)))
        wanted_days = set(result.inserted_days) - present
        insert_days(session, [d for d in plan.days if d.factors.day in wanted_days], now)
        for uid in [*result.inserted_medications, *result.revived_medications]:
            _set_deleted(session, models.Medication, [uid], medications.get(uid))
        rules = set(session.scalars(select(models.AdviceState.rule_id)))
        for advice in plan.advice:
            if advice.state.rule_id in result.inserted_advice and advice.state.rule_id not in rules:
                session.add(_advice_row(advice))


@contextmanager
def _transaction(diary: Diary) -> Iterator[Session]:
    with diary.transaction("all") as session:
        yield session


def _set_deleted(
    session: Session, model: Any, uids: Iterable[str], deleted_at: datetime | None
) -> None:
    for chunk in _chunks(list(uids)):
        session.execute(update(model).where(model.uid.in_(chunk)).values(deleted_at=deleted_at))


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _medication_row(entry: MedicationEntry, now: datetime) -> models.Medication:
    record = entry.record
    return models.Medication(
        uid=record.uid,
        name=record.name,
        category=record.category,
        dose=record.dose,
        started_on=record.started_on,
        stopped_on=record.stopped_on,
        notes=record.notes,
        created_at=entry.created_at or now,
        updated_at=entry.updated_at or entry.created_at or now,
        deleted_at=entry.deleted_at,
    )


def _advice_row(entry: AdviceEntry) -> models.AdviceState:
    state = entry.state
    return models.AdviceState(
        rule_id=state.rule_id,
        dismissed_at=state.dismissed_at,
        snoozed_until=state.snoozed_until,
    )


def _storage_message(error: SQLAlchemyError | sqlite3.Error) -> str:
    detail = str(getattr(error, "orig", None) or error)
    if "disk" in detail.lower() or "readonly" in detail.lower() or "read-only" in detail.lower():
        hint = "The disk may be full or read-only."
    else:
        hint = "The diary refused the data."
    return f"{hint} Nothing was imported. ({detail})"


# -- wording ----------------------------------------------------------------------------------
def _count(number: int, noun: str, plural: str = "") -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _contents(episodes: int, days: int, medicines: int, advice: Sequence[Any]) -> str:
    parts = [
        _count(episodes, "episode") if episodes else "",
        _count(days, "daily check-in") if days else "",
        _count(medicines, "medicine") if medicines else "",
        _count(len(advice), "advice setting") if advice else "",
    ]
    return ", ".join(part for part in parts if part)

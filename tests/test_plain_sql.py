"""The diary's two ways in agree: rows written through the standard library's sqlite3
(storage/plain_sql.py) and through SQLAlchemy read back the same either way, in the same stored
formats (no Qt)."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from factories import CET, episode
from sqlalchemy import select
from sqlalchemy.orm import Session

from twitchdesk.storage import models, plain_sql
from twitchdesk.storage.connection import connect
from twitchdesk.storage.database import database_path, open_diary
from twitchdesk.storage.records import (
    AdviceStateRecord,
    DailyFactors,
    EpisodeRecord,
    MedicationDraft,
)
from twitchdesk.storage.repository import Diary

STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")
TOKYO = timezone(timedelta(hours=9))
HONOLULU = timezone(timedelta(hours=-10))


@pytest.fixture
def diary(tmp_path: Path) -> Diary:
    opened = open_diary(tmp_path / "diary")
    yield opened
    opened.close()


def orm_episodes(diary: Diary) -> list[EpisodeRecord]:
    """Every episode as the ORM sees it (the other way in), newest first."""
    with Session(diary.engine) as session:
        rows = session.scalars(
            select(models.Episode).order_by(
                models.Episode.started_at.desc(), models.Episode.id.desc()
            )
        )
        return [
            EpisodeRecord(
                started_at=row.started_at.replace(tzinfo=UTC).astimezone(
                    timezone(timedelta(minutes=row.utc_offset_min))
                ),
                region_id=row.region_id,
                side=row.side,
                kind=row.kind,
                intensity=row.intensity,
                duration_s=row.duration_s,
                context=row.context,
                seen=row.seen,
                symptoms=frozenset(s.symptom for s in row.symptoms),
                notes=row.notes,
                id=row.id,
                uid=row.uid,
                created_at=row.created_at,
                updated_at=row.updated_at,
                deleted_at=row.deleted_at,
            )
            for row in rows
        ]


def varied_drafts() -> list:
    return [
        episode(
            datetime(2026, 3, 14, 23, 45, 7, 120034, tzinfo=CET),
            region_id="upper_eyelid",
            side="right",
            kind="ripple",
            intensity=7,
            duration_s=90,
            context="in_bed",
            seen=True,
            symptoms=frozenset({"weakness", "spreading"}),
            notes="Notes 🙂 with ünïcode\nand a second line",
        ),
        episode(datetime(2026, 3, 15, 0, 30, tzinfo=TOKYO), region_id="calf", seen=False),
        episode(datetime(2026, 3, 14, 22, 0, tzinfo=HONOLULU), region_id="thumb", side="both"),
    ]


def test_logged_episodes_read_back_the_same_through_the_orm(diary: Diary) -> None:
    stored = [diary.add_episode(draft) for draft in varied_drafts()]
    listed = diary.episodes()
    assert listed == orm_episodes(diary)
    assert sorted(listed, key=lambda e: e.id) == stored
    assert [diary.get_episode(e.id) for e in stored] == stored


def test_orm_written_episodes_read_back_the_same_through_plain_sql(diary: Diary) -> None:
    diary.add_all(varied_drafts())
    diary.update_episode(1, episode(datetime(2026, 3, 16, 8, 0, tzinfo=CET), seen=True))
    diary.delete_episode(2)
    assert diary.episodes(include_deleted=True) == orm_episodes(diary)
    assert [e.id for e in diary.episodes()] == [1, 3]
    assert diary.get_episode(2).deleted_at is not None


def test_both_ways_store_times_dates_and_flags_in_the_same_formats(diary: Diary) -> None:
    diary.add_episode(episode(seen=True))  # plain sqlite3
    diary.add_all([episode(seen=True)])  # the ORM
    diary.delete_episode(2)
    with sqlite3.connect(database_path(diary.path.parent)) as raw:
        rows = raw.execute(
            "SELECT started_at, created_at, updated_at, seen, typeof(seen) FROM episode ORDER BY id"
        ).fetchall()
        deleted = raw.execute("SELECT deleted_at FROM episode WHERE id = 2").fetchone()[0]
    for started, created, updated, seen, seen_type in rows:
        assert all(STAMP.match(value) for value in (started, created, updated))
        assert (seen, seen_type) == (1, "integer")
    assert STAMP.match(deleted)


def test_period_and_region_filters_compare_instants_not_text(diary: Diary) -> None:
    """Times are compared as stored text in SQL: that orders by time only because every stamp
    has the same width, microseconds included."""
    base = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
    for minutes, region in ((0, "calf"), (1, "calf"), (2, "thumb"), (3, "calf")):
        diary.add_episode(episode(base + timedelta(minutes=minutes), region_id=region))
    since = base + timedelta(seconds=60)  # exactly the second episode: included
    until = base + timedelta(minutes=3)  # exactly the fourth: excluded
    found = diary.episodes(since=since, until=until)
    assert [e.started_at for e in found] == [base + timedelta(minutes=m) for m in (2, 1)]
    assert [e.region_id for e in diary.episodes(region_id="calf", limit=2)] == ["calf", "calf"]
    assert diary.episodes(since=base + timedelta(microseconds=1), region_id="calf", limit=5)[
        -1
    ].started_at == base + timedelta(minutes=1)


def test_check_ins_medicines_advice_and_meta_read_back(diary: Diary) -> None:
    full = DailyFactors(date(2026, 3, 14), 250.0, 6.5, 7, 30, "moderate", 2.0, 1.5, "Long day 🙂")
    partial = DailyFactors(date(2026, 3, 16), caffeine_mg=0.0)
    diary.save_day(full)
    diary.save_day(partial)
    assert diary.days() == [full, partial]
    assert diary.days(date(2026, 3, 15), date(2026, 3, 16)) == [partial]
    assert diary.day(date(2026, 3, 14)) == full
    assert diary.day(date(2026, 3, 15)) == DailyFactors(day=date(2026, 3, 15))

    ongoing = diary.add_medication(MedicationDraft("Magnesium", "supplement", date(2026, 3, 1)))
    stopped = diary.add_medication(
        MedicationDraft("Furosemide", "diuretic", date(2026, 2, 1), "20 mg", date(2026, 3, 10))
    )
    gone = diary.add_medication(MedicationDraft("Old", "other", date(2026, 1, 1)))
    diary.delete_medication(gone.id)
    assert diary.medications() == [stopped, ongoing]
    assert diary.medications(active_on=date(2026, 3, 12)) == [ongoing]

    snoozed = AdviceStateRecord("caffeine", snoozed_until=date(2026, 4, 1))
    dismissed = AdviceStateRecord("sleep", dismissed_at=datetime(2026, 3, 14, 9, 30, 1, 5))
    diary.set_advice_state(snoozed)
    diary.set_advice_state(dismissed)
    assert diary.advice_states() == {"caffeine": snoozed, "sleep": dismissed}

    assert diary.meta("demo") is None and not diary.is_demo
    diary.set_meta("demo", "1")
    assert diary.is_demo


def test_a_diary_is_empty_until_anything_is_stored(diary: Diary) -> None:
    assert diary.is_empty()
    diary.save_day(DailyFactors(date(2026, 3, 14), stress=3))
    assert not diary.is_empty()


def test_episode_span_follows_each_episodes_own_offset(diary: Diary) -> None:
    drafts = [
        # 23:30 on the 13th in Honolulu is already the 14th in UTC: its local day is the 13th.
        episode(datetime(2026, 3, 13, 23, 30, tzinfo=HONOLULU)),
        episode(datetime(2026, 3, 14, 1, 0, tzinfo=TOKYO)),  # the 13th in UTC
        # The last instant of a day stays on it (SQLite would round it to the next).
        episode(datetime(2026, 3, 20, 23, 59, 59, 999_600, tzinfo=CET)),
        episode(datetime(2026, 3, 25, 8, 0, tzinfo=CET)),  # deleted below
    ]
    stored = [diary.add_episode(draft) for draft in drafts]
    diary.delete_episode(stored[-1].id)
    assert diary.episode_span() == (date(2026, 3, 13), date(2026, 3, 20))
    for record in stored[:-1]:
        diary.delete_episode(record.id)
    assert diary.episode_span() is None


def test_the_plain_connection_has_the_diarys_pragmas(tmp_path: Path) -> None:
    connection = connect(tmp_path / "diary.sqlite3")
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        connection.close()


def test_a_failed_log_stores_nothing(diary: Diary) -> None:
    """The episode and its symptoms are one transaction: a symptom the database refuses (a
    duplicate key here) leaves no episode behind."""
    columns = {
        "uid": "a" * 32,
        "started_at": datetime(2026, 3, 14, 12, 0),
        "utc_offset_min": 0,
        "region_id": "calf",
        "side": "left",
        "kind": "twitch",
        "intensity": 3,
        "duration_s": None,
        "context": None,
        "seen": None,
        "notes": "",
        "created_at": datetime(2026, 3, 14, 12, 0),
        "updated_at": datetime(2026, 3, 14, 12, 0),
    }
    with pytest.raises(sqlite3.IntegrityError):
        plain_sql.insert_episode(diary._connection, columns, ["weakness", "weakness"])
    assert diary.episodes(include_deleted=True) == []
    assert diary.episode_count() == 0

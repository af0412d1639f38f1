"""The fast paths of a big import and export store and read exactly what the ordinary paths do
(no Qt).

An import checks ordinary episodes in one quick pass and writes rows straight through the SQLite
driver; an export reads episodes as plain rows. These tests hold them to the slower, general code
they stand in for: the same records and problems from the same file, the same bytes in the
database as the app's own writes, the same records as the ORM reads.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from factories import CET, episode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects.sqlite import pysqlite

from twitchdesk.core.regions import load_atlas
from twitchdesk.storage import models, vocabulary
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.exchange import csv_format, json_fields, json_format, json_quick
from twitchdesk.storage.exchange.bulk_insert import sqlite_date, sqlite_datetime, utc_naive
from twitchdesk.storage.exchange.common import EpisodeEntry
from twitchdesk.storage.exchange.exporter import export_json
from twitchdesk.storage.exchange.importer import ImportFailed, ImportPlan, apply_import, plan_import
from twitchdesk.storage.exchange.snapshot import read_content
from twitchdesk.storage.records import DailyFactors, EpisodeRecord, MedicationDraft, to_utc_naive
from twitchdesk.storage.repository import Diary

ATLAS = load_atlas()


@pytest.fixture
def source_and_target(tmp_path: Path) -> Iterator[tuple[Diary, Diary]]:
    source, target = open_diary(tmp_path / "source"), open_diary(tmp_path / "target")
    yield source, target
    source.close()
    target.close()


def stored(diary: Diary) -> dict[str, Any]:
    """Every stored value as SQLite holds it (text, integer, real), row ids left out."""
    assert diary.path is not None
    with closing(sqlite3.connect(diary.path)) as connection:
        connection.row_factory = sqlite3.Row
        episodes = {
            row["uid"]: {k: row[k] for k in row.keys() if k != "id"}  # noqa: SIM118
            for row in connection.execute("SELECT * FROM episode")
        }
        symptoms = sorted(
            (row["uid"], row["symptom"])
            for row in connection.execute(
                "SELECT uid, symptom FROM episode_symptom JOIN episode ON id = episode_id"
            )
        )
        days = sorted(
            tuple(row[k] for k in row.keys() if k != "id")  # noqa: SIM118
            for row in connection.execute("SELECT * FROM daily_log")
        )
        medications = sorted(
            tuple(row[k] for k in row.keys() if k != "id")  # noqa: SIM118
            for row in connection.execute("SELECT * FROM medication")
        )
    return {"episodes": episodes, "symptoms": symptoms, "days": days, "medications": medications}


def test_an_import_stores_the_same_values_as_the_apps_own_writes(
    source_and_target: tuple[Diary, Diary], tmp_path: Path
) -> None:
    diary, empty = source_and_target
    diary.add_all(
        [
            episode(datetime(2026, 3, 14, 21, 30, tzinfo=CET)),  # no microseconds
            episode(
                datetime(
                    2026, 3, 15, 6, 0, 0, 5, tzinfo=timezone(timedelta(hours=-9, minutes=-30))
                ),
                region_id="upper_eyelid",
                side="right",
                kind="ripple",
                intensity=10,
                duration_s=0,
                context="in_bed",
                seen=False,
                symptoms=frozenset({"weakness", "spreading"}),
                notes="Linke Wade 🙂\nשמאל",
            ),
            episode(datetime(2026, 3, 16, 0, 0, tzinfo=UTC), seen=True, duration_s=86400),
        ],
        [
            DailyFactors(date(2026, 3, 14), caffeine_mg=190.5, sleep_h=6, stress=4),
            DailyFactors(date(2026, 3, 15), exercise_min=30, exercise_intensity="light", notes="x"),
            DailyFactors(date(2026, 3, 16), alcohol_units=0.0, water_l=1.25),
        ],
        [MedicationDraft("Magnesium", "magnesium", date(2026, 1, 2), dose="200 mg")],
    )
    gone = diary.add_episode(episode(notes="deleted", symptoms=frozenset({"weakness"})))
    diary.delete_episode(gone.id)
    path = tmp_path / "all.json"
    path.write_bytes(export_json(diary, include_deleted=True))

    apply_import(empty, plan_import(empty, path, ATLAS))

    assert stored(empty) == stored(diary)
    assert len(stored(empty)["episodes"]) == 4
    assert [e.id for e in reversed(empty.episodes(include_deleted=True))] == [1, 2, 3, 4]


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(datetime(1900, 1, 1), datetime(2999, 12, 31)),
    offset=st.integers(-86_399, 86_399),
)
def test_times_are_written_as_sqlalchemy_writes_them(moment: datetime, offset: int) -> None:
    dialect = pysqlite.SQLiteDialect_pysqlite()
    as_datetime = models.Episode.__table__.c.created_at.type.dialect_impl(dialect).bind_processor(
        dialect
    )
    as_date = models.DailyLog.__table__.c.day.type.dialect_impl(dialect).bind_processor(dialect)
    assert as_datetime is not None and as_date is not None
    assert sqlite_datetime(moment) == as_datetime(moment)
    assert sqlite_date(moment.date()) == as_date(moment.date())
    aware = moment.replace(tzinfo=timezone(timedelta(seconds=offset)))
    assert utc_naive(aware) == to_utc_naive(aware)


def test_the_snapshot_reads_the_same_records_as_the_orm(
    source_and_target: tuple[Diary, Diary],
) -> None:
    diary = source_and_target[0]
    diary.add_all(
        [
            episode(
                datetime(2026, 3, 14, 21, 30, 1, 2, tzinfo=CET), symptoms=frozenset({"weakness"})
            ),
            episode(
                datetime(2026, 3, 14, 21, 30, 1, 2, tzinfo=timezone(timedelta(hours=-5))),
                symptoms=frozenset({"spreading", "numbness_tingling"}),
                seen=True,
                notes="a,b",
            ),
            episode(datetime(2026, 3, 13, tzinfo=UTC), context="rest", duration_s=5),
        ],
        [DailyFactors(date(2026, 3, 14), caffeine_mg=80.0, exercise_intensity="light")],
    )
    gone = diary.add_episode(episode(notes="deleted"))
    diary.delete_episode(gone.id)

    content = read_content(diary, include_deleted=True)
    by_orm = sorted(
        (diary.get_episode(e.id) for e in diary.episodes(include_deleted=True)),
        key=lambda record: (to_utc_naive(record.started_at)[0], record.id),
    )
    assert [entry.record for entry in content.episodes] == by_orm
    assert [entry.factors for entry in content.days] == diary.days()
    assert [entry.record.id for entry in read_content(diary).episodes] == [
        e.id for e in by_orm if e.deleted_at is None
    ]


def test_a_row_the_database_refuses_stores_nothing(
    source_and_target: tuple[Diary, Diary], tmp_path: Path
) -> None:
    empty = source_and_target[1]
    good = EpisodeRecord(datetime(2026, 3, 14, 21, 30, tzinfo=CET), "calf", "left", uid="a" * 32)
    # The parser never lets this through; the database's own check is the last line.
    bad = EpisodeRecord(
        datetime(2026, 3, 14, 22, 30, tzinfo=CET), "calf", "left", intensity=11, uid="b" * 32
    )
    plan = ImportPlan(tmp_path / "x.json", "json", episodes=[EpisodeEntry(good), EpisodeEntry(bad)])
    with pytest.raises(ImportFailed, match="refused"):
        apply_import(empty, plan)
    assert empty.is_empty()
    assert empty.episodes(include_deleted=True) == []


# -- the quick check of ordinary episodes ------------------------------------------------------
def valid_episodes() -> st.SearchStrategy[dict[str, Any]]:
    moments = st.datetimes(datetime(1990, 1, 1), datetime(2040, 12, 31))
    offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    aware = st.builds(lambda m, z: m.replace(tzinfo=z).isoformat(), moments, offsets)
    utc = moments.map(lambda m: m.replace(tzinfo=UTC).isoformat())
    return st.fixed_dictionaries(
        {
            "uid": st.text("0123456789abcdef", min_size=1, max_size=32),
            "started_at": aware,
            "region": st.sampled_from([*ATLAS.ids(), "Calf", " calf "]),
            "side": st.sampled_from(list(vocabulary.SIDES)),
            "intensity": st.integers(vocabulary.INTENSITY_MIN, vocabulary.INTENSITY_MAX),
        },
        optional={
            "kind": st.sampled_from(list(vocabulary.KINDS)),
            "duration_s": st.none() | st.integers(0, vocabulary.DURATION_MAX_S),
            "context": st.none() | st.sampled_from(list(vocabulary.CONTEXTS)),
            "seen": st.none() | st.booleans(),
            "symptoms": st.none()
            | st.lists(st.sampled_from(list(vocabulary.SYMPTOMS)), unique=True),
            "notes": st.text(max_size=20),
            "created_at": st.none() | utc | aware,
            "updated_at": st.none() | utc | aware,
            "deleted_at": st.none() | utc,
        },
    )


# Per field, values a hand-edited or foreign file might hold, close to the valid ones.
_TIMES = [
    "2026-03-14T21:30:00",
    "2026-03-14T21:30:00+01:00",
    "2026-03-14T21:30:00+01:00:30",
    "2026-03-14T21:30:00.5-00:30",
    "2026-03-14T21:30:00Z",
    "1899-12-31T23:59:00+00:00",
    "3000-01-01T00:00:00+00:00",
    "2026-03-14",
    "14/03/2026",
    "",
    None,
    20260314,
]
_CODES = ["", " ", "Left", "up", "other", None, 1]
NEAR_MISSES: dict[str, list[Any]] = {
    "uid": ["", "  ", "a" * 32, "a" * 33, 7, None],
    "started_at": _TIMES,
    "region": ["", " ", "kneex", "CALF", " calf", None, 3, ["calf"]],
    "side": [*_CODES, "both"],
    "kind": [*_CODES, "cramp"],
    "intensity": [0, 1, 10, 11, 3.0, True, None, "3"],
    "duration_s": [-1, 0, 86_400, 86_401, 2.5, False, "60"],
    "context": [*_CODES, "in_bed"],
    "seen": ["yes", 1, 0, None, True],
    "symptoms": [[], None, ["weakness", "weakness"], ["itchy"], [3], "weakness", {}],
    "notes": [None, 3, "", "x"],
    "created_at": _TIMES,
    "updated_at": _TIMES,
    "deleted_at": _TIMES,
    "mood": ["fine"],
}


@st.composite
def file_episodes(draw: st.DrawFn) -> Any:
    item = draw(valid_episodes())
    for name in draw(st.lists(st.sampled_from(sorted(NEAR_MISSES)), max_size=2)):
        if draw(st.integers(0, 9)) == 0:
            item.pop(name, None)
        else:
            item[name] = draw(st.sampled_from(NEAR_MISSES[name]))
    return draw(st.sampled_from([item] * 8 + [[item], "episode"]))


def parse(document: dict[str, Any], *, quick: bool) -> tuple[list[EpisodeEntry], list[str]]:
    data = json.dumps(document, ensure_ascii=False).encode()
    if quick:
        parsed = json_format.parse_json(data, ATLAS)
    else:
        with mock.patch.object(json_quick.QuickEpisodes, "entry", return_value=None):
            parsed = json_format.parse_json(data, ATLAS)
    return parsed.episodes, [str(problem) for problem in parsed.problems]


FULL_EPISODE = {
    "uid": "0123456789abcdef0123456789abcdef",
    "started_at": "2026-03-14T21:30:00.250000-09:30",
    "region": "calf",
    "side": "right",
    "kind": "ripple",
    "intensity": 10,
    "duration_s": 86_400,
    "context": "rest",
    "seen": False,
    "symptoms": ["weakness", "spreading"],
    "notes": "🙂",
    "created_at": "2026-03-14T20:30:00+00:00",
    "updated_at": "2026-03-15T20:30:00+05:45",
    "deleted_at": None,
}
MINIMAL_EPISODE = {name: FULL_EPISODE[name] for name in json_fields.EPISODE_REQUIRED}


@pytest.mark.parametrize("base", [FULL_EPISODE, MINIMAL_EPISODE], ids=["full", "minimal"])
@pytest.mark.parametrize("name", sorted(NEAR_MISSES))
def test_the_quick_check_agrees_with_the_full_one_on_each_near_miss(
    base: dict[str, Any], name: str
) -> None:
    variants = [{**base, name: value} for value in NEAR_MISSES[name]]
    variants.append({key: value for key, value in base.items() if key != name})
    for item in variants:
        document = {"format": "twitchdesk-diary", "version": 1, "episodes": [item]}
        assert parse(document, quick=True) == parse(document, quick=False), item


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.lists(file_episodes(), min_size=1, max_size=3))
def test_the_quick_check_agrees_with_the_full_one(items: list[Any]) -> None:
    document = {"format": "twitchdesk-diary", "version": 1, "episodes": items}
    assert parse(document, quick=True) == parse(document, quick=False)


@settings(max_examples=100, deadline=None)
@given(item=valid_episodes())
def test_the_quick_check_takes_ordinary_episodes(item: dict[str, Any]) -> None:
    entry = json_quick.QuickEpisodes(ATLAS).entry(item, "episodes[0]")
    assert entry is not None
    assert entry.record.uid == item["uid"]


# -- CSV identity and vocabulary, and how an episode is compared ---------------------------------
@settings(max_examples=300, deadline=None)
@given(
    key=st.lists(st.text(st.characters(exclude_categories=("Cs",))), max_size=11).map(tuple),
    occurrence=st.integers(0, 10_000),
)
def test_content_uids_are_the_uuid5_they_have_always_been(
    key: tuple[str, ...], occurrence: int
) -> None:
    name = "\x1f".join((*key, f"#{occurrence}"))
    expected = uuid.uuid5(uuid.UUID("5b0f6f5e-2a7c-5d8e-9c43-7f3f1d2a9b10"), name).hex
    assert csv_format.content_uid(key, occurrence) == expected


@settings(max_examples=300, deadline=None)
@given(moment=st.datetimes(), offset=st.integers(-14 * 60, 14 * 60))
def test_csv_rows_write_the_date_and_time_as_strftime_does(moment: datetime, offset: int) -> None:
    local = moment.replace(tzinfo=timezone(timedelta(minutes=offset)))
    row = csv_format.episode_row(episode(local))
    assert row[:2] == [local.strftime("%Y-%m-%d"), local.strftime("%H:%M")]


@pytest.mark.parametrize(
    ("column", "codes"),
    [
        ("side", vocabulary.SIDES),
        ("kind", vocabulary.KINDS),
        ("context", vocabulary.CONTEXTS),
        ("symptoms", vocabulary.SYMPTOMS),
    ],
)
def test_csv_codes_are_found_by_code_or_label_in_any_case(
    column: str, codes: dict[str, str]
) -> None:
    for code, label in codes.items():
        for text in (code, code.upper(), label, label.upper(), f"  {label.lower()} "):
            # The first code whose code or label it is (labels such as "Other" repeat a code).
            key = text.strip().lower()
            first = next(c for c, name in codes.items() if key in (c, name.lower()))
            assert csv_format._lookup(text, column) == first
    assert csv_format._lookup("no such thing", column) is None


def test_an_episode_at_the_same_moment_with_another_utc_offset_is_a_different_version(
    source_and_target: tuple[Diary, Diary], tmp_path: Path
) -> None:
    diary = source_and_target[0]
    diary.add_episode(episode(datetime(2026, 3, 14, 21, 30, tzinfo=CET)))
    path = tmp_path / "all.json"
    document = json.loads(export_json(diary))
    same = dict(document["episodes"][0])
    assert same["started_at"] == "2026-03-14T21:30:00+01:00"
    moved = {**same, "started_at": "2026-03-14T20:30:00+00:00"}  # the same instant
    for item, expected in ((same, (1, 0)), (moved, (0, 1))):
        path.write_text(json.dumps({**document, "episodes": [item]}), encoding="utf-8")
        plan = plan_import(diary, path, ATLAS)
        assert (len(plan.duplicates), len(plan.kept)) == expected

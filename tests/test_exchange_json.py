"""The full-fidelity JSON export and its import, against real diary files (no Qt)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from factories import CET, episode
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from twitchdesk.core.regions import load_atlas
from twitchdesk.storage import vocabulary
from twitchdesk.storage.database import database_path, open_diary
from twitchdesk.storage.exchange.exporter import export_json
from twitchdesk.storage.exchange.importer import (
    ImportFailed,
    apply_import,
    plan_import,
    redo_import,
    undo_import,
)
from twitchdesk.storage.exchange.snapshot import read_content
from twitchdesk.storage.records import (
    AdviceStateRecord,
    DailyFactors,
    EpisodeDraft,
    MedicationDraft,
)
from twitchdesk.storage.repository import Diary

ATLAS = load_atlas()
EXPORTED_AT = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def diary(tmp_path: Path) -> Iterator[Diary]:
    opened = open_diary(tmp_path / "diary")
    yield opened
    opened.close()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Diary]:
    opened = open_diary(tmp_path / "empty")
    yield opened
    opened.close()


def fill(diary: Diary) -> None:
    diary.add_episode(
        episode(
            datetime(2026, 3, 14, 23, 45, 12, 345678, tzinfo=CET),
            region_id="upper_eyelid",
            side="right",
            kind="ripple",
            intensity=7,
            duration_s=90,
            context="in_bed",
            seen=False,
            symptoms=frozenset({"weakness", "eyelid_closes_fully"}),
            notes='Long note 🙂\nwith "quotes", commas and a tab\t.',
        )
    )
    diary.add_episode(episode(datetime(2026, 3, 15, 6, 0, tzinfo=timezone(timedelta(hours=-9)))))
    diary.save_day(DailyFactors(date(2026, 3, 14), caffeine_mg=0.0, sleep_h=6.5, stress=7))
    diary.save_day(
        DailyFactors(date(2026, 3, 15), exercise_min=45, exercise_intensity="vigorous", notes="run")
    )
    diary.add_medication(
        MedicationDraft("Magnesium citrate", "magnesium", date(2026, 1, 2), dose="200 mg")
    )
    stopped = MedicationDraft(
        "Cetirizine", "other", date(2025, 5, 1), stopped_on=date(2025, 6, 1), notes="Hay fever."
    )
    diary.add_medication(stopped)
    diary.set_advice_state(
        AdviceStateRecord("caffeine-high", dismissed_at=datetime(2026, 3, 1, 8, 30))
    )
    diary.set_advice_state(AdviceStateRecord("sleep-short", snoozed_until=date(2026, 4, 1)))


def exact(content: Any) -> Any:
    """Everything stored, ids aside (they are local row numbers), offsets included."""
    return (
        [
            (dataclasses.replace(e.record, id=0), e.record.started_at.utcoffset())
            for e in content.episodes
        ],
        [(d.factors, d.updated_at) for d in content.days],
        [
            (dataclasses.replace(m.record, id=0), m.created_at, m.updated_at, m.deleted_at)
            for m in content.medications
        ],
        [a.state for a in content.advice],
    )


def export_to(diary: Diary, path: Path, **options: Any) -> Path:
    path.write_bytes(export_json(diary, now=EXPORTED_AT, **options))
    return path


def test_export_then_import_into_an_empty_diary_reproduces_everything_exactly(
    diary: Diary, empty: Diary, tmp_path: Path
) -> None:
    fill(diary)
    path = export_to(diary, tmp_path / "all.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("twitchdesk-diary", 1)
    assert document["episodes"][0]["started_at"] == "2026-03-14T23:45:12.345678+01:00"

    plan = plan_import(empty, path, ATLAS)
    assert plan.problems == []
    assert (len(plan.episodes), len(plan.days), len(plan.medications), len(plan.advice)) == (
        2,
        2,
        2,
        2,
    )
    apply_import(empty, plan)
    assert exact(read_content(empty)) == exact(read_content(diary))
    # And the copy exports to the very same bytes.
    assert export_json(empty, now=EXPORTED_AT) == export_json(diary, now=EXPORTED_AT)


def test_deleted_episodes_are_left_out_unless_asked_for_and_then_kept_deleted(
    diary: Diary, empty: Diary, tmp_path: Path
) -> None:
    fill(diary)
    gone = diary.add_episode(episode(notes="deleted"))
    diary.delete_episode(gone.id)
    plain = json.loads(export_json(diary))
    assert "deleted" not in [e["notes"] for e in plain["episodes"]]

    path = export_to(diary, tmp_path / "with-deleted.json", include_deleted=True)
    apply_import(empty, plan_import(empty, path, ATLAS))
    assert exact(read_content(empty, include_deleted=True)) == exact(
        read_content(diary, include_deleted=True)
    )
    assert empty.episode_count() == diary.episode_count() == 2


def test_reimporting_adds_nothing_twice(diary: Diary, empty: Diary, tmp_path: Path) -> None:
    fill(diary)
    path = export_to(diary, tmp_path / "all.json")
    apply_import(empty, plan_import(empty, path, ATLAS))
    again = plan_import(empty, path, ATLAS)
    assert again.new_count == 0
    assert len(again.duplicates) == 8
    assert not again.can_apply
    # Into the diary it came from, too.
    assert plan_import(diary, path, ATLAS).new_count == 0


def problems_of(empty: Diary, tmp_path: Path, document: Any) -> list[str]:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    plan = plan_import(empty, path, ATLAS)
    with pytest.raises(ImportFailed):
        apply_import(empty, plan)
    assert empty.is_empty()
    return [str(p) for p in plan.problems]


def good_episode(**changes: Any) -> dict[str, Any]:
    item = {
        "uid": "a" * 32,
        "started_at": "2026-03-14T21:30:00+01:00",
        "region": "calf",
        "side": "left",
        "intensity": 3,
    }
    item.update(changes)
    return item


def test_every_problem_is_named_by_its_json_path_and_nothing_is_imported(
    empty: Diary, tmp_path: Path
) -> None:
    document = {
        "format": "twitchdesk-diary",
        "version": 1,
        "episodes": [
            good_episode(uid="1"),
            good_episode(uid="2", intensity=11, region="kneex", side="up"),
            good_episode(uid="3", started_at="2026-03-14T21:30:00", symptoms=["itchy"]),
            good_episode(uid="1", mood="fine", duration_s=2.5, seen="yes"),
            good_episode(uid="5", intensity=True),
        ],
        "daily_logs": [
            {"day": "2026-03-14", "sleep_h": 25, "exercise_intensity": "extreme"},
            {"day": "14/03/2026"},
        ],
        "medications": [
            {
                "uid": "m1",
                "name": " ",
                "category": "vitamin",
                "started_on": "2026-03-01",
                "stopped_on": "2026-02-01",
            }
        ],
        "advice_state": [{"dismissed_at": "yesterday"}],
    }
    assert problems_of(empty, tmp_path, document) == [
        "episodes[1].region: unknown body region “kneex”",
        "episodes[1].side: unknown side “up” (use left, right, midline, both)",
        "episodes[1].intensity: 11 is above 10",
        "episodes[2].started_at: “2026-03-14T21:30:00” needs its UTC offset, e.g. +01:00",
        'episodes[2].symptoms[0]: unknown symptom "itchy" (use weakness, numbness_tingling, '
        "muscle_wasting, swallowing_speech_breathing, eyelid_closes_fully, spreading)",
        "episodes[3].mood: unknown field",
        "episodes[3].duration_s: 2.5 is not a whole number",
        'episodes[3].seen: expected true, false or null, found "yes"',
        "episodes[4].intensity: expected a whole number, found true",
        "daily_logs[0].sleep_h: 25 is above 24",
        "daily_logs[0].exercise_intensity: unknown exercise_intensity “extreme” "
        "(use light, moderate, vigorous)",
        "daily_logs[1].day: “14/03/2026” is not a date (YYYY-MM-DD)",
        "medications[0].name: must not be empty",
        "medications[0].category: unknown medicine category “vitamin” (use "
        + ", ".join(vocabulary.MEDICATION_CATEGORIES)
        + ")",
        "medications[0].stopped_on: is before started_on",
        "advice_state[0].rule_id: missing",
        "advice_state[0].dismissed_at: “yesterday” is not a date and time (ISO 8601)",
    ]


def test_a_duplicate_uid_inside_the_file_is_a_problem(empty: Diary, tmp_path: Path) -> None:
    document = {
        "format": "twitchdesk-diary",
        "version": 1,
        "episodes": [good_episode(), good_episode(notes="again")],
    }
    assert problems_of(empty, tmp_path, document) == [
        f"episodes[1].uid: “{'a' * 32}” is also used by episodes[0]"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"format": "twitchdesk-diary",\n "version": 1,\n "episodes": [}',
            "line 3: not valid JSON",
        ),
        ('{"format": "twitchdesk-diary", "version": 1, "x": NaN}', "file: not valid JSON: NaN"),
        ('{"format": "something-else", "version": 1}', "format: not a TwitchDesk export"),
        ('{"format": "twitchdesk-diary", "version": 2}', "version: this file comes from a newer"),
        ("[1, 2]", "file: not a TwitchDesk export"),
    ],
)
def test_files_that_are_not_exports_say_why(
    empty: Diary, tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    plan = plan_import(empty, path, ATLAS)
    assert len(plan.problems) == 1
    assert str(plan.problems[0]).startswith(expected)


def test_a_day_already_in_the_diary_with_other_values_is_kept_and_listed(
    diary: Diary, empty: Diary, tmp_path: Path
) -> None:
    fill(diary)
    path = export_to(diary, tmp_path / "all.json")
    mine = DailyFactors(date(2026, 3, 14), caffeine_mg=300.0)
    empty.save_day(mine)
    plan = plan_import(empty, path, ATLAS)
    assert [str(k) for k in plan.kept] == [
        "daily_logs[0]: your diary already has a different check-in for 2026-03-14; yours is kept"
    ]
    assert plan.can_apply
    apply_import(empty, plan)
    assert empty.day(date(2026, 3, 14)) == mine  # never silently overwritten
    assert empty.day(date(2026, 3, 15)).notes == "run"


def test_an_episode_edited_since_the_export_keeps_the_diarys_version(
    diary: Diary, tmp_path: Path
) -> None:
    fill(diary)
    path = export_to(diary, tmp_path / "all.json")
    first = diary.episodes()[-1]
    diary.update_episode(first.id, dataclasses.replace(first.draft(), intensity=9))
    plan = plan_import(diary, path, ATLAS)
    assert plan.new_count == 0
    assert [k.where for k in plan.kept] == ["episodes[0]"]
    assert diary.get_episode(first.id).intensity == 9


def test_nothing_is_stored_when_the_diary_changed_after_the_preview(
    diary: Diary, empty: Diary, tmp_path: Path
) -> None:
    fill(diary)
    path = export_to(diary, tmp_path / "all.json")
    plan = plan_import(empty, path, ATLAS)
    # Episodes are written first in the transaction; the day that now clashes comes after.
    empty.save_day(DailyFactors(date(2026, 3, 15), stress=1))
    with pytest.raises(ImportFailed, match="changed"):
        apply_import(empty, plan)
    assert empty.episodes(include_deleted=True) == []
    assert empty.medications() == []


def test_undo_and_redo_of_an_import_use_the_same_rows(
    diary: Diary, empty: Diary, tmp_path: Path
) -> None:
    fill(diary)
    path = export_to(diary, tmp_path / "all.json")
    result = apply_import(empty, plan_import(empty, path, ATLAS))
    ids = sorted(e.id for e in empty.episodes())
    before = exact(read_content(empty))
    undo_import(empty, result)
    assert empty.episodes() == [] and empty.days() == [] and empty.medications() == []
    assert empty.advice_states() == {}
    redo_import(empty, result)
    assert sorted(e.id for e in empty.episodes()) == ids
    assert exact(read_content(empty)) == before
    # An undone import can also simply be imported again.
    undo_import(empty, result)
    apply_import(empty, plan_import(empty, path, ATLAS))
    assert sorted(e.id for e in empty.episodes()) == ids


# -- the round-trip property ------------------------------------------------------------------
@pytest.fixture(scope="module")
def blank_diary_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new, migrated, empty diary file, copied for each example (migrating costs ~0.1 s)."""
    folder = tmp_path_factory.mktemp("blank")
    open_diary(folder).close()
    assert not (folder / "twitchdesk.sqlite3-wal").exists()
    return database_path(folder)


def fresh_diary(blank: Path, parent: Path, name: str) -> Diary:
    folder = parent / name
    folder.mkdir()
    shutil.copy(blank, database_path(folder))
    return open_diary(folder)


any_notes = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)))


@st.composite
def episode_drafts(draw: st.DrawFn) -> EpisodeDraft:
    zone = timezone(timedelta(minutes=draw(st.integers(-12 * 60, 14 * 60))))
    naive = draw(st.datetimes(datetime(1990, 1, 1), datetime(2040, 12, 31)))
    return EpisodeDraft(
        started_at=naive.replace(tzinfo=zone),
        region_id=draw(st.sampled_from(ATLAS.ids())),
        side=draw(st.sampled_from(list(vocabulary.SIDES))),
        kind=draw(st.sampled_from(list(vocabulary.KINDS))),
        intensity=draw(st.integers(vocabulary.INTENSITY_MIN, vocabulary.INTENSITY_MAX)),
        duration_s=draw(st.none() | st.integers(0, vocabulary.DURATION_MAX_S)),
        context=draw(st.none() | st.sampled_from(list(vocabulary.CONTEXTS))),
        seen=draw(st.none() | st.booleans()),
        symptoms=draw(st.frozensets(st.sampled_from(list(vocabulary.SYMPTOMS)))),
        notes=draw(any_notes),
    )


# Emoji, right-to-left text and marks, control characters and every odd line separator.
LONG_NOTE = (
    "Twitch 🫨 שמאל עין العين \u200f\u202e reversed\u202c \x01\x1f\x7f\r\n\u2028\u2029\x85\x0b\x0c"
    * 2500
)[:100_000]


@settings(
    max_examples=60,
    deadline=None,
    # The autouse data-folder fixture only sets environment variables; sharing it is harmless.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(
    drafts=[
        EpisodeDraft(
            started_at=datetime(2026, 3, 14, 23, 59, tzinfo=timezone(timedelta(hours=14))),
            region_id="calf",
            side="left",
            notes=LONG_NOTE,
        )
    ]
)
@given(drafts=st.lists(episode_drafts(), min_size=1, max_size=6))
def test_json_round_trip_reproduces_any_episodes_exactly(
    blank_diary_file: Path, drafts: list[EpisodeDraft]
) -> None:
    assert len(LONG_NOTE) == 100_000
    with tempfile.TemporaryDirectory() as folder:
        source = fresh_diary(blank_diary_file, Path(folder), "source")
        target = fresh_diary(blank_diary_file, Path(folder), "target")
        try:
            source.add_all(drafts)
            path = Path(folder) / "export.json"
            path.write_bytes(export_json(source))
            plan = plan_import(target, path, ATLAS)
            assert plan.problems == []
            apply_import(target, plan)
            assert exact(read_content(target)) == exact(read_content(source))
            assert sorted((e.notes, e.started_at.isoformat()) for e in target.episodes()) == sorted(
                (d.notes, d.started_at.isoformat()) for d in drafts
            )
        finally:
            source.close()
            target.close()

"""CSV export and import against a real diary file (no Qt): what spreadsheets see and send back."""

from __future__ import annotations

import argparse
import csv
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from factories import CET, episode
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchdesk.cli_data import add_parsers, run_export, run_import
from twitchdesk.core.regions import load_atlas
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.exchange.csv_format import COLUMNS, dump_csv, parse_csv
from twitchdesk.storage.exchange.exporter import export_csv
from twitchdesk.storage.exchange.importer import ImportFailed, apply_import, plan_import
from twitchdesk.storage.repository import Diary

ATLAS = load_atlas()
NOW = datetime(2026, 4, 1, 12, 0, tzinfo=CET)
HEADER = ",".join(COLUMNS)


@pytest.fixture
def diary(tmp_path: Path) -> Diary:
    opened = open_diary(tmp_path / "diary")
    yield opened
    opened.close()


@pytest.fixture
def other(tmp_path: Path) -> Diary:
    opened = open_diary(tmp_path / "other")
    yield opened
    opened.close()


def write(tmp_path: Path, text: str, name: str = "in.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig" if bom else "utf-8"))
    return path


def plan(diary: Diary, path: Path):
    return plan_import(diary, path, ATLAS, now=NOW, zone=CET)


def test_export_is_utf8_with_bom_in_the_design_columns_and_local_time(diary: Diary) -> None:
    far_east = timezone(timedelta(hours=14))
    far_west = timezone(timedelta(hours=-12))
    diary.add_episode(episode(datetime(2026, 3, 14, 0, 30, tzinfo=far_east), notes="Kiribati"))
    diary.add_episode(
        episode(
            datetime(2026, 3, 13, 23, 45, tzinfo=far_west),
            region_id="upper_eyelid",
            side="right",
            kind="ripple",
            intensity=7,
            duration_s=90,
            context="in_bed",
            seen=True,
            symptoms=frozenset({"weakness", "spreading"}),
        )
    )
    gone = diary.add_episode(episode(notes="deleted, so not exported"))
    diary.delete_episode(gone.id)

    data = export_csv(diary)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(COLUMNS)
    # Oldest first; each in its own offset: both are "14th 00:30" / "13th 23:45" locally even
    # though they are a day apart in UTC.
    assert rows[1:] == [
        ["2026-03-14", "00:30", "calf", "left", "twitch", "3", "", "", "", "", "Kiribati"],
        [
            "2026-03-13",
            "23:45",
            "upper_eyelid",
            "right",
            "ripple",
            "7",
            "90",
            "in_bed",
            "visible",
            "spreading;weakness",
            "",
        ],
    ]
    assert b"\r\n" in data


def test_notes_with_commas_quotes_and_newlines_survive_the_round_trip(
    diary: Diary, other: Diary, tmp_path: Path
) -> None:
    tricky = [
        'He said "stop", then left',
        "line one\nline two\r\nline three, with a comma",
        "=SUM(A1:A2); not a formula to us",
        "  spaces kept  ",
        "emoji 🫨 and עברית right-to-left",
    ]
    for minute, note in enumerate(tricky):
        diary.add_episode(episode(datetime(2026, 3, 1, 10, minute, tzinfo=CET), notes=note))
    path = tmp_path / "out.csv"
    path.write_bytes(export_csv(diary))

    result = apply_import(other, plan(other, path))
    assert result.episode_count == len(tricky)
    assert sorted(e.notes for e in other.episodes()) == sorted(tricky)
    assert [e.draft() for e in sorted(other.episodes(), key=lambda e: e.started_at)] == [
        e.draft() for e in sorted(diary.episodes(), key=lambda e: e.started_at)
    ]


def test_every_problem_is_listed_with_the_line_its_record_starts_on_and_nothing_is_imported(
    diary: Diary, tmp_path: Path
) -> None:
    text = (
        f"{HEADER}\n"
        '2026-03-01,09:00,calf,left,twitch,3,,,,,"a note\nover two lines"\n'  # lines 2-3: fine
        "2026-03-01,09:05,calfx,left,twitch,11,,,,,\n"  # line 4: two problems
        "01/03/2026,25:00,Calf,up,wobble,3,-5,asleep,maybe,itchy,\n"  # line 5
        "\n"  # line 6: blank, skipped
        "2026-03-01,09:10,calf,left\n"  # line 7: too few values
        "2027-01-01,10:00,calf,left,twitch,3,,,,,\n"  # line 8: in the future
        "2026-03-02,10:00,thumb,right,twitch,2,10,activity,felt,,fine\n"  # line 9: fine
    )
    path = write(tmp_path, text)
    result = plan(diary, path)
    found = [(p.line, p.reason) for p in result.problems]
    assert found == [
        (4, "region: unknown body region “calfx”"),
        (4, "intensity: 11 is above 10"),
        (5, "date: “01/03/2026” is not a date (use YYYY-MM-DD, e.g. 2026-03-14)"),
        (5, "time: “25:00” is not a time of day (use HH:MM, e.g. 21:30)"),
        (5, "side: unknown side “up” (use left, right, midline, both)"),
        (5, "kind: unknown kind “wobble” (use twitch, ripple, cramp, tremor, jerk, other)"),
        (5, "duration_s: -5 is below 0"),
        (
            5,
            "context: unknown context “asleep” (use rest, activity, after_exercise, in_bed, other)",
        ),
        (5, "seen: “maybe” is not visible, felt or blank"),
        (
            5,
            "symptoms: unknown symptom “itchy” (use weakness, numbness_tingling, "
            "muscle_wasting, swallowing_speech_breathing, eyelid_closes_fully, spreading)",
        ),
        (7, "expected 11 values, found 4 (is a note with a comma not in quotes?)"),
        (8, "time: 2027-01-01 10:00 is in the future"),
    ]
    assert [p.located("in.csv") for p in result.problems][:1] == [
        "in.csv:4: region: unknown body region “calfx”"
    ]
    assert not result.can_apply
    with pytest.raises(ImportFailed):
        apply_import(diary, result)
    assert diary.episodes(include_deleted=True) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("date,time,region\n2026-03-01,09:00,calf\n", "missing side, kind"),
        (f"{HEADER},mood\n", "unknown 'mood'"),
        ("", "the file is empty"),
    ],
)
def test_a_wrong_header_is_a_problem_on_line_1(
    diary: Diary, tmp_path: Path, text: str, reason: str
) -> None:
    result = plan(diary, write(tmp_path, text))
    assert [p.line for p in result.problems] == [1]
    assert reason in result.problems[0].reason


def test_broken_quoting_and_non_utf8_name_their_line(diary: Diary, tmp_path: Path) -> None:
    broken = write(tmp_path, f'{HEADER}\n2026-03-01,09:00,calf,left,twitch,3,,,,,"ok"x\n')
    assert [p.line for p in plan(diary, broken).problems] == [2]
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(
        f"{HEADER}\n2026-03-01,09:00,calf,left,twitch,3,,,,,caf\xe9\n".encode("latin-1")
    )
    problems = plan(diary, latin1).problems
    assert [p.line for p in problems] == [2]
    assert "UTF-8" in problems[0].reason


def test_labels_semicolons_and_a_bom_are_accepted(diary: Diary, tmp_path: Path) -> None:
    text = (
        "Date;Time;Region;Side;Kind;Intensity;Duration_s;Context;Seen;Symptoms;Notes\n"
        "2026-03-01;9:05;Upper eyelid;Left;Ripple (slow, wave-like);4;30;In bed;Visible;"
        '"Weakness or stiffness;spreading";"a; b"\n'
        "2026-03-01;21:00:30;calf;both;;2;;;;;\n"
    )
    result = plan(diary, write(tmp_path, text, bom=True))
    assert result.problems == []
    apply_import(diary, result)
    first, second = sorted(diary.episodes(), key=lambda e: e.started_at)
    assert (first.region_id, first.side, first.kind, first.context, first.seen) == (
        "upper_eyelid",
        "left",
        "ripple",
        "in_bed",
        True,
    )
    assert first.symptoms == {"weakness", "spreading"}
    assert first.notes == "a; b"
    assert first.started_at == datetime(2026, 3, 1, 9, 5, tzinfo=CET)
    assert (second.kind, second.duration_s, second.started_at.second) == ("twitch", None, 30)


def test_importing_the_same_file_twice_adds_nothing_twice(diary: Diary, tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n" + "2026-03-01,09:00,calf,left,twitch,3,,,,,x\n" * 2)
    first = plan(diary, path)
    assert len(first.episodes) == 2  # two identical rows are two episodes
    apply_import(diary, first)
    again = plan(diary, path)
    assert again.new_count == 0
    assert [d.line for d in again.duplicates] == [2, 3]
    assert all(d.reason == "already in your diary" for d in again.duplicates)
    assert diary.episode_count() == 2


def test_a_csv_export_imported_back_into_the_same_diary_adds_nothing(
    diary: Diary, tmp_path: Path
) -> None:
    for hour in range(5):
        diary.add_episode(episode(datetime(2026, 3, 2, 8 + hour, 0, tzinfo=CET), notes="same"))
    path = tmp_path / "mine.csv"
    path.write_bytes(export_csv(diary))
    result = plan(diary, path)
    assert result.new_count == 0
    assert len(result.duplicates) == 5


def test_an_imported_row_that_was_deleted_comes_back_on_import(
    diary: Diary, tmp_path: Path
) -> None:
    path = write(tmp_path, f"{HEADER}\n2026-03-01,09:00,calf,left,twitch,3,,,,,x\n")
    apply_import(diary, plan(diary, path))
    (stored,) = diary.episodes()
    diary.delete_episode(stored.id)
    result = plan(diary, path)
    assert len(result.episodes) == 1
    apply_import(diary, result)
    assert [e.id for e in diary.episodes()] == [stored.id]


notes_text = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)))


@settings(max_examples=150, deadline=None)
@given(
    notes=notes_text,
    region=st.sampled_from(ATLAS.ids()),
    symptoms=st.frozensets(st.sampled_from(["weakness", "spreading", "numbness_tingling"])),
)
def test_any_notes_survive_csv(notes: str, region: str, symptoms: frozenset[str]) -> None:
    draft = episode(region_id=region, notes=notes, symptoms=symptoms)
    parsed = parse_csv(dump_csv([draft]), ATLAS, NOW, CET)
    assert parsed.problems == []
    assert parsed.episodes[0].record.draft() == draft


def cli(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="twitchdesk")
    add_parsers(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_cli_import_prints_file_line_reason_and_imports_nothing(
    diary: Diary, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "2020-03-01,09:00,calf,left,twitch,3,,,,,\n2020-03-01,09:00,kneex,left,twitch,0,,,,,\n"
    path = write(tmp_path, f"{HEADER}\n{rows}")
    assert run_import(cli("import", str(path)), diary) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{path}:3: region: unknown body region “kneex”",
        f"{path}:3: intensity: 0 is below 1",
        f"twitchdesk: 2 problems in {path}; nothing was imported",
    ]
    assert diary.episodes(include_deleted=True) == []


def test_cli_dry_run_then_import_then_export(
    diary: Diary, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, f"{HEADER}\n2020-03-01,09:00,calf,left,twitch,3,,,,,hello\n")
    assert run_import(cli("import", str(source), "--dry-run"), diary) == 0
    assert "To add: 1 episode. Dry run" in capsys.readouterr().out
    assert diary.episode_count() == 0
    assert run_import(cli("import", str(source)), diary) == 0
    assert capsys.readouterr().out.strip() == "Imported 1 episode."
    assert run_import(cli("import", str(source)), diary) == 0
    assert "1 item already in your diary" in capsys.readouterr().out
    target = tmp_path / "out.csv"
    assert run_export(cli("export", "--format", "csv", "-o", str(target)), diary) == 0
    assert target.read_bytes().decode("utf-8-sig").splitlines()[1].endswith(",hello")
    assert run_export(cli("export", "-o", str(tmp_path / "out.txt")), diary) == 2
    missing = tmp_path / "no-such-folder" / "out.csv"
    assert run_export(cli("export", "-o", str(missing)), diary) == 1
    assert "nothing was written" in capsys.readouterr().err

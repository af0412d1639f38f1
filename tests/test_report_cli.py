"""`twitchdesk report`: writes the PDF headless, and refuses bad input with a clear message."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from factories import CET, episode

from twitchdesk.app import main
from twitchdesk.storage.database import open_diary


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    diary = open_diary(folder)
    try:
        diary.add_all(
            episodes=[
                episode(datetime(2026, 4, day, 20, 0, tzinfo=CET), "calf", "left")
                for day in (3, 4, 9)
            ]
        )
    finally:
        diary.close()
    return folder


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_report_command_writes_a_pdf_without_a_display(data_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "for the doctor.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "twitchdesk",
            "--data-dir",
            str(data_dir),
            "report",
            "-o",
            str(output),
            "--from",
            "2026-04-01",
            "--to",
            "2026-04-30",
            "--name",
            "Grace Hopper",
            "--dob",
            "1906-12-09",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "3 episodes" in result.stdout and str(output) in result.stdout
    assert "Traceback" not in result.stderr
    text = pdf_text(output)
    assert "Muscle twitch diary" in text
    assert "3 episodes in the 28 days since the diary began" in text
    assert "Patient: Grace Hopper" in text and "9 December 1906" in text
    assert "Page 1 of" in text


def test_report_command_in_process(qapp, data_dir: Path, tmp_path: Path, capsys) -> None:
    output = tmp_path / "report"  # ".pdf" is added
    code = main(["--data-dir", str(data_dir), "report", "-o", str(output), "--paper", "letter"])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "report.pdf").stat().st_size > 1000


@pytest.mark.parametrize("bad", ["2026-13-01", "1 April 2026", "yesterday"])
def test_a_bad_date_is_refused_with_a_clear_message(data_dir: Path, capsys, bad: str) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--data-dir", str(data_dir), "report", "-o", "x.pdf", "--from", bad])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert "argument --from: not a date in the form YYYY-MM-DD" in err
    assert bad in err
    assert "Traceback" not in err


def test_a_period_ending_before_it_starts_is_refused(
    data_dir: Path, tmp_path: Path, capsys
) -> None:
    code = main(
        [
            "--data-dir",
            str(data_dir),
            "report",
            "-o",
            str(tmp_path / "r.pdf"),
            "--from",
            "2026-04-30",
            "--to",
            "2026-04-01",
        ]
    )
    assert code == 1
    assert "--to (2026-04-01) is before --from (2026-04-30)" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


def test_an_unwritable_output_is_a_clear_error(
    qapp, data_dir: Path, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "missing folder" / "r.pdf"
    code = main(["--data-dir", str(data_dir), "report", "-o", str(target)])
    assert code == 1
    err = capsys.readouterr().err
    assert f"could not write {target}" in err and "No such file or directory" in err


def test_report_is_listed_in_the_help(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    for option in ("--from", "--to", "--name", "--dob", "-o"):
        assert option in out
    assert date.today().year > 2000  # the help itself needs no diary

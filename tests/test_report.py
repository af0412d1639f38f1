"""The clinician's report as a PDF: read back with poppler and compared with the diary."""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from factories import CET, episode
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QLocale
from PySide6.QtGui import QPageSize

from twitchdesk import __version__
from twitchdesk.core.demo import write_demo
from twitchdesk.report.build import build_report_data
from twitchdesk.report.document import page_size_for, write_report_pdf
from twitchdesk.report.layout import Style, wrap
from twitchdesk.report.model import Patient
from twitchdesk.report.sections import SECTIONS
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import DailyFactors, MedicationDraft

FIRST, LAST = date(2026, 3, 1), date(2026, 3, 31)
LONG_NOTE = " ".join(f"note{i:03d}" for i in range(75))  # 599 characters, no newline
UNBROKEN = "x" * 150 + "Y" * 150  # one "word" longer than any column
CAFFEINE = [300.0, 500.0, 450.0, 350.0]  # average 400 mg, two days above 400


def poppler(*command: str) -> str:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} (poppler-utils) is not installed")
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return unicodedata.normalize("NFKC", out)


def pdf_text(path: Path, *options: str) -> str:
    return poppler("pdftotext", "-layout", *options, str(path), "-")


def page_count(path: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(path)), re.MULTILINE)
    assert match, "pdfinfo gave no page count"
    return int(match.group(1))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=CET)


@pytest.fixture
def diary(tmp_path: Path):
    diary = open_diary(tmp_path / "diary")
    diary.add_all(
        episodes=[
            episode(datetime(2026, 2, 10, 8, 0, tzinfo=CET), "calf", "left"),  # before the period
            episode(at(2, 10), "calf", "left", duration_s=30, intensity=4),
            episode(at(2, 21), "calf", "right", duration_s=60, intensity=6),
            episode(at(5, 9), "upper_eyelid", "left", intensity=2),
            episode(
                at(10, 14),
                "upper_eyelid",
                "left",
                duration_s=10,
                symptoms=frozenset({"weakness"}),
            ),
            episode(at(20, 18, 30), "thumb", "right", duration_s=5, notes=LONG_NOTE),
            episode(at(21, 18, 30), "thumb", "right", duration_s=5, notes=UNBROKEN),
        ],
        days=[
            DailyFactors(day=FIRST + timedelta(days=i), caffeine_mg=mg, sleep_h=7.0)
            for i, mg in enumerate(CAFFEINE)
        ],
        medications=[
            MedicationDraft("Furosemide", "diuretic", date(2026, 1, 5), dose="20 mg"),
            MedicationDraft("Old cream", "other", date(2025, 1, 1), stopped_on=date(2025, 2, 1)),
        ],
    )
    yield diary
    diary.close()


@pytest.fixture
def report(qapp, diary, tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    write_report_pdf(diary, path, FIRST, LAST, paper="a4")
    return path


def test_numbers_match_the_diary(report: Path, diary) -> None:
    text = pdf_text(report)
    data = build_report_data(diary, FIRST, LAST)
    assert data.headline.episodes == 6  # the February episode is outside the period
    assert "6 episodes in 31 days (0.2 a day), on 5 days." in text
    assert re.search(r"\b5 of 31\s", text), "days with twitching"
    assert re.search(r"\b3\s+body regions", text)
    # Region table: region, left, right, middle, total, mean intensity.
    assert re.search(r"Calf\s+1\s+1\s+–\s+2\s+5\.0", text)
    assert re.search(r"Upper eyelid\s+2\s+–\s+–\s+2\s+2\.5", text)
    assert re.search(r"Thumb\s+–\s+2\s+–\s+2\s+3\.0", text)
    assert "400 mg a day on average" in text and "(highest 500 mg)" in text
    assert "2 of 4 recorded days above 400 mg" in text
    assert "4 of 31 days" in text  # days with a check-in
    assert "First logged on 10 February 2026" in text
    assert "Weakness or stiffness (1 episode)" in text
    assert "Median 10 s (range 5 s to 1 min)" in text
    answers = " ".join(poppler("pdftotext", str(report), "-").split())  # without -layout
    assert "Logged as: twitch 6." in answers
    # The calf was logged in February already; the eyelid and the thumb are new.
    new = "New in this period: upper eyelid (from 5 March 2026), thumb (from 20 March 2026)."
    assert new in answers
    assert "Furosemide" in text and "Old cream" not in text


def test_every_section_and_the_disclaimer_are_there(report: Path) -> None:
    text = pdf_text(report)
    for heading in SECTIONS:
        assert heading in text, heading
    first_page = pdf_text(report, "-f", "1", "-l", "1")
    assert "TwitchDesk does not diagnose" in first_page
    assert "When was it first noticed?" in text
    assert "Always the same place" in text and "Anything else with it?" in text


def test_advice_lists_warning_signs_first_with_their_reasons(report: Path) -> None:
    advice = pdf_text(report).split("Advice the app gave", 1)[1].split("Episode log", 1)[0]
    assert advice.index("SEE A DOCTOR") < advice.index("FOR YOUR INFORMATION")
    assert "Twitching with weakness or stiffness" in advice
    assert "in the last 30 days: 1 episode (rule: at least 1 episode)" in advice
    assert "Warning signs the app flagged" in pdf_text(report, "-f", "1", "-l", "1")


def test_building_a_report_needs_neither_widgets_nor_matplotlib_at_import() -> None:
    code = (
        "import sys, twitchdesk.report.document, twitchdesk.cli_report, twitchdesk.report;"
        "print('PySide6.QtWidgets' in sys.modules, 'matplotlib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_every_page_is_numbered_and_dated(report: Path) -> None:
    pages = page_count(report)
    assert pages >= 2
    for number in range(1, pages + 1):
        page = pdf_text(report, "-f", str(number), "-l", str(number))
        assert f"Page {number} of {pages}" in page
        assert f"TwitchDesk {__version__}" in page
        assert "Generated 20" in page
        assert "does not diagnose" in page


def test_a_long_note_wraps_and_is_complete(report: Path) -> None:
    text = pdf_text(report)
    words = re.findall(r"\S+", text)
    expected = LONG_NOTE.split()
    found = [word for word in words if re.fullmatch(r"note\d{3}", word)]
    assert found == expected, "every word of the note, in order"
    lines_with_note = [line for line in text.splitlines() if "note0" in line]
    assert len(lines_with_note) >= 3, "the note wraps over several lines"
    # A "word" wider than the column is broken, never cut: all 300 letters come back in order.
    pieces = "".join(re.findall(r"[xY]{5,}", text))
    assert pieces == UNBROKEN


def test_a_note_longer_than_a_page_continues_under_a_repeated_header(qapp, tmp_path: Path) -> None:
    words = [f"w{i:04d}" for i in range(1400)]  # about 8,400 characters
    diary = open_diary(tmp_path / "long")
    try:
        diary.add_episode(episode(at(3, 12), "calf", "left", notes=" ".join(words)))
        diary.add_episode(episode(at(4, 12), "calf", "right", notes="The next one."))
        path = tmp_path / "long.pdf"
        info = write_report_pdf(diary, path, FIRST, LAST, paper="a4")
    finally:
        diary.close()
    text = pdf_text(path)
    assert re.findall(r"w\d{4}", text) == words
    assert "(continued)" in text
    log_pages = [pdf_text(path, "-f", str(n), "-l", str(n)) for n in range(1, info.pages + 1)]
    with_rows = [page for page in log_pages if re.search(r"w\d{4}", page)]
    assert len(with_rows) >= 2, "the note runs over more than one page"
    for page in with_rows:
        assert re.search(r"Date\s+Time\s+Region", page), "the header row is repeated"
    assert "The next one." in text


def test_chart_and_body_map_are_vector_and_fonts_are_embedded(report: Path) -> None:
    images = poppler("pdfimages", "-list", str(report)).splitlines()
    assert len(images) == 2, "only pdfimages' two header lines: no bitmap anywhere\n" + "\n".join(
        images
    )
    fonts = poppler("pdffonts", str(report)).splitlines()[2:]
    assert fonts, "no fonts listed"
    assert any("DejaVuSans" in line for line in fonts)
    for line in fonts:
        assert "DejaVu" in line, line
        assert re.search(r"\byes\b", line), f"not embedded: {line}"
    text = pdf_text(report)
    assert "Episodes per day" in text, "the chart's text stays text (vector SVG)"


def test_text_stays_inside_the_margins(report: Path) -> None:
    """Nothing cut off: every word is at least 15 mm from each edge of the paper."""
    xml = poppler("pdftotext", "-bbox", str(report), "-")
    margin = 15 * 72 / 25.4 - 0.5
    page_w, page_h = 595.3, 841.9
    boxes = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', xml
    )
    assert boxes
    for x0, y0, x1, y1 in ((float(v) for v in box) for box in boxes):
        assert x0 >= margin and y0 >= margin, (x0, y0)
        assert x1 <= page_w - margin and y1 <= page_h - margin, (x1, y1)


def test_an_empty_period_gives_a_short_clear_report(qapp, diary, tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    info = write_report_pdf(diary, path, date(2025, 6, 1), date(2025, 6, 30), paper="a4")
    text = pdf_text(path)
    assert info.pages == 1 == page_count(path)
    assert info.episodes == 0
    assert "No episodes were logged between 1 June 2025 and 30 June 2025." in text
    assert "The diary holds 7 episodes in all" in text
    assert "Episode log" not in text
    assert "Page 1 of 1" in text


def test_a_diary_without_any_episode_still_gives_a_report(qapp, tmp_path: Path) -> None:
    empty = open_diary(tmp_path / "new")
    try:
        info = write_report_pdf(empty, tmp_path / "new.pdf", paper="letter")
    finally:
        empty.close()
    text = pdf_text(tmp_path / "new.pdf")
    assert info.period.day_count == 90
    assert "No episodes were logged between" in text
    assert "The diary has no episodes yet." in text
    assert "612 x 792 pts (letter)" in poppler("pdfinfo", str(tmp_path / "new.pdf"))


def test_the_patient_is_named_only_when_given(qapp, diary, tmp_path: Path) -> None:
    anonymous = tmp_path / "anonymous.pdf"
    named = tmp_path / "named.pdf"
    write_report_pdf(diary, anonymous, FIRST, LAST, paper="a4")
    write_report_pdf(
        diary, named, FIRST, LAST, Patient("Ada Lovelace", date(1815, 12, 10)), paper="a4"
    )
    assert "Lovelace" not in pdf_text(anonymous)
    assert "Date of birth" not in pdf_text(anonymous)
    text = pdf_text(named)
    assert "Patient: Ada Lovelace" in text
    assert "Date of birth: 10 December 1815" in text
    for number in range(1, page_count(named) + 1):
        assert "Ada Lovelace" in pdf_text(named, "-f", str(number), "-l", str(number))


def test_an_unwritable_path_is_an_oserror(qapp, diary, tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_report_pdf(diary, tmp_path / "no such folder" / "r.pdf", FIRST, LAST)
    assert gc.isenabled(), "the cycle collector is back on after a failed report too"


def test_the_cycle_collector_is_left_as_it_was(qapp, diary, tmp_path: Path) -> None:
    write_report_pdf(diary, tmp_path / "on.pdf", FIRST, LAST)
    assert gc.isenabled()
    gc.disable()
    try:
        write_report_pdf(diary, tmp_path / "off.pdf", FIRST, LAST)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_demo_report_counts_every_episode(qapp, tmp_path: Path) -> None:
    demo_diary = open_diary(tmp_path / "demo")
    try:
        today = date(2026, 11, 25)
        demo = write_demo(demo_diary, today)
        first = today - timedelta(days=364)
        path = tmp_path / "demo.pdf"
        info = write_report_pdf(demo_diary, path, first, today, paper="a4", today=today)
    finally:
        demo_diary.close()
    in_period = [e for e in demo.episodes if first <= e.local_date <= today]
    assert info.episodes == len(in_period) > 100
    text = pdf_text(path)
    assert f"{len(in_period)} episodes in the" in text
    pages = page_count(path)
    assert info.pages == pages >= 4
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in pdf_text(path, "-f", str(number), "-l", str(number))
    assert "Bendroflumethiazide" in text
    assert "Face, close-up" in text  # eyelids are involved


def test_default_period_is_the_last_90_days_or_the_whole_younger_diary(diary) -> None:
    data = build_report_data(diary, today=date(2026, 3, 31))
    assert (data.period.first, data.period.last) == (date(2026, 2, 10), date(2026, 3, 31))
    later = build_report_data(diary, today=date(2026, 12, 31))
    assert later.period.day_count == 90
    assert later.period.last == date(2026, 12, 31)


def test_paper_follows_the_locale_unless_set() -> None:
    letter = QPageSize(QPageSize.PageSizeId.Letter)
    a4 = QPageSize(QPageSize.PageSizeId.A4)
    assert page_size_for("locale", QLocale("en_US")).isEquivalentTo(letter)
    assert page_size_for("locale", QLocale("fr_CA")).isEquivalentTo(letter)
    assert page_size_for("locale", QLocale("es_MX")).isEquivalentTo(letter)
    assert page_size_for("locale", QLocale("en_GB")).isEquivalentTo(a4)
    assert page_size_for("locale", QLocale("de_DE")).isEquivalentTo(a4)
    assert page_size_for("a4", QLocale("en_US")).isEquivalentTo(a4)
    assert page_size_for("letter", QLocale("de_DE")).isEquivalentTo(letter)
    with pytest.raises(ValueError):
        page_size_for("a3")


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        max_size=300,
    ),
    st.floats(min_value=150, max_value=3000),
)
def test_wrapping_never_loses_a_character(qapp, text: str, width: float) -> None:
    lines = wrap(text, Style(80), width)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_wide_fitted_columns_leave_the_notes_their_share_without_breaking_words(qapp) -> None:
    from twitchdesk.report.layout import Column, Flow
    from twitchdesk.report.sections import LOG_TABLE

    columns = [
        Column("Date", 1.0, fit=True),
        Column("Region", 1.5, fit=True),
        Column("Symptoms", 1.3, fit=True),
        Column("Notes", 2.6),
    ]
    long_region = "Left upper arm, front (biceps) and shoulder"
    long_symptoms = "Weakness or stiffness, numbness or tingling, spreading"
    rows = [["2026-09-05", long_region, long_symptoms, "Noticed it in the meeting."]] * 3
    flow = Flow(width=4000, height=6000)
    widths = flow._column_widths(columns, rows, LOG_TABLE, lambda _c, _cell: LOG_TABLE.body)
    assert sum(widths) == pytest.approx(4000)
    assert widths[3] >= 4000 * 2.6 / 6.4 - 1  # the notes keep their own share
    date_width = LOG_TABLE.body.width("2026-09-05") + 2 * LOG_TABLE.pad_x
    assert widths[0] >= date_width  # a date is never broken
    # Short tables are unchanged: every fitted column gets its content's width.
    short = [["2026-09-05", "Left calf", "", "Legs tired."]]
    widths = flow._column_widths(columns, short, LOG_TABLE, lambda _c, _cell: LOG_TABLE.body)
    assert widths[1] == pytest.approx(LOG_TABLE.body.width("Left calf") + 2 * LOG_TABLE.pad_x + 4)


def test_a_very_long_period_lists_only_the_latest_episodes(
    qapp, diary, tmp_path: Path, monkeypatch
) -> None:
    from twitchdesk.report import build

    monkeypatch.setattr(build, "EPISODE_LOG_LIMIT", 3)
    target = tmp_path / "capped.pdf"
    write_report_pdf(diary, target, FIRST, LAST)
    text = " ".join(pdf_text(target).split())
    match = re.search(r"The latest 3 of the period's (\d+) episodes", text)
    assert match is not None and int(match.group(1)) == 6
    log = text.split("Episode log", 1)[1]
    assert re.findall(r"2026-03-\d\d", log) == [
        "2026-03-10",
        "2026-03-20",
        "2026-03-21",
    ]

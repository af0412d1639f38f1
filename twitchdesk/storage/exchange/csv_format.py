"""Episodes as CSV, the way spreadsheets open and save it.

Columns (DESIGN.md): `date,time,region,side,kind,intensity,duration_s,context,seen,symptoms,notes`.

Export: UTF-8 with a byte-order mark (so Excel and LibreOffice detect the encoding), CRLF between
records, `csv` quoting so commas, quotes and line breaks in notes survive. `date` and `time` are
the wall-clock time where the episode was logged (its own UTC offset); `region` is the region id;
`symptoms` are codes joined by ";"; `seen` is visible, felt or blank. CSV keeps minutes, not
seconds or the UTC offset: JSON is the format that keeps everything.

Import: every row is checked and every problem is collected with the physical line the record
starts on; the caller stores nothing while there is one. Codes or their labels are accepted
("in_bed" or "In bed"), regions by id or label, a blank kind means twitch, the delimiter may be
",", ";" or a tab (European spreadsheets save with ";"). The local time is read in the importing
computer's time zone for that date (or the `zone` given). Each row gets a uid derived from its
content and its occurrence in the file, so importing the same file again adds nothing twice.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo

from twitchdesk.storage import vocabulary
from twitchdesk.storage.exchange.common import (
    EpisodeEntry,
    Finding,
    ParsedFile,
    RegionLookup,
    decode_utf8,
)
from twitchdesk.storage.records import EpisodeDraft, EpisodeRecord

COLUMNS: tuple[str, ...] = (
    "date",
    "time",
    "region",
    "side",
    "kind",
    "intensity",
    "duration_s",
    "context",
    "seen",
    "symptoms",
    "notes",
)
ENCODING = "utf-8-sig"
SYMPTOM_SEPARATOR = ";"
SEEN_CODES: Mapping[bool | None, str] = {True: "visible", False: "felt", None: ""}
# A clock a minute or two off between computers must not make "now" count as the future.
FUTURE_TOLERANCE = timedelta(minutes=2)
# Never change: uids of rows already imported depend on it.
_UID_NAMESPACE = uuid.UUID("5b0f6f5e-2a7c-5d8e-9c43-7f3f1d2a9b10")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_INT_RE = re.compile(r"^[+-]?\d+$")
_DELIMITERS = (",", ";", "\t")

_Reporter = Callable[[str, str], None]  # (column, reason)


# -- export -----------------------------------------------------------------------------------
def episode_row(episode: EpisodeDraft) -> list[str]:
    local = episode.started_at  # already in the episode's own offset
    return [
        # As strftime("%Y-%m-%d") writes it (years before 1000 unpadded), at a fifth of the cost:
        # an import of a big file makes this row three times per episode.
        local.date().isoformat() if local.year >= 1000 else local.strftime("%Y-%m-%d"),
        f"{local.hour:02d}:{local.minute:02d}",
        episode.region_id,
        episode.side,
        episode.kind,
        str(episode.intensity),
        "" if episode.duration_s is None else str(episode.duration_s),
        episode.context or "",
        SEEN_CODES[episode.seen],
        SYMPTOM_SEPARATOR.join(sorted(episode.symptoms)),
        # NUL cannot live in a CSV cell (spreadsheets and Python's reader refuse it).
        episode.notes.replace("\x00", ""),
    ]


def dump_csv(episodes: Iterable[EpisodeDraft]) -> bytes:
    """The CSV file's bytes for `episodes`, in the order given."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for episode in episodes:
        writer.writerow(episode_row(episode))
    return buffer.getvalue().encode(ENCODING)


# -- identity ---------------------------------------------------------------------------------
def episode_key(episode: EpisodeDraft) -> tuple[str, ...]:
    """What a CSV row can say about an episode, normalised (minutes, codes, sorted symptoms)."""
    row = episode_row(episode)
    row[-1] = episode.notes
    return tuple(row)


def content_uid(key: tuple[str, ...], occurrence: int) -> str:
    """A stable uid for the `occurrence`-th (0-based) row with this content in one file."""
    name = "\x1f".join((*key, f"#{occurrence}"))
    # uuid.uuid5(_UID_NAMESPACE, name).hex, without building a UUID object (~4 µs each).
    digest = bytearray(hashlib.sha1(_UID_NAMESPACE.bytes + name.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    return digest.hex()


# -- import -----------------------------------------------------------------------------------
def parse_csv(
    data: bytes, regions: RegionLookup, now: datetime, zone: tzinfo | None = None
) -> ParsedFile:
    """Read and check a CSV file. `now` is aware; `zone` None means the computer's local zone."""
    parsed = ParsedFile(format="csv", match_episode_content=True)
    text, problem = decode_utf8(data)
    if text is None:
        parsed.problems.append(problem or Finding("file", "cannot be read as text"))
        return parsed
    if not text.strip():
        parsed.problems.append(Finding("line 1", "the file is empty", 1))
        return parsed
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        parsed.problems.append(Finding(f"line {line}", "contains a NUL character", line))
        return parsed
    first_line = text.splitlines()[0]
    delimiter, header_problem = _choose_delimiter(first_line)
    if header_problem is not None:
        parsed.problems.append(header_problem)
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    end_of_previous = 0
    try:
        for record in reader:
            start = end_of_previous + 1
            end_of_previous = reader.line_num
            if not header:
                header = [_column_name(cell) for cell in record]
                continue
            if not "".join(record).strip():
                continue  # blank lines between rows are harmless
            if len(record) != len(header):
                parsed.problems.append(
                    Finding(
                        f"line {start}",
                        f"expected {len(header)} values, found {len(record)} "
                        "(is a note with a comma not in quotes?)",
                        start,
                    )
                )
                continue
            rows.append((start, dict(zip(header, record, strict=True))))
    except csv.Error as error:
        # The reader cannot go on after broken quoting; the rows before it are still checked.
        start = end_of_previous + 1
        parsed.problems.append(Finding(f"line {start}", _quoting_problem(error), start))
    occurrences: Counter[tuple[str, ...]] = Counter()
    for line, values in rows:
        draft = _row_draft(values, line, regions, now, zone, parsed.problems)
        if draft is None:
            continue
        key = episode_key(draft)
        uid = content_uid(key, occurrences[key])
        occurrences[key] += 1
        episode = EpisodeRecord(**vars(draft), uid=uid)
        parsed.episodes.append(EpisodeEntry(episode, f"line {line}", line))
    parsed.problems.sort(key=lambda finding: finding.line or 0)  # stable: a row's order stays
    return parsed


def _quoting_problem(error: csv.Error) -> str:
    message = str(error)
    if "unexpected end of data" in message:
        return (
            'a quoted value starts here and is never closed (a " is missing); '
            "nothing after it was read"
        )
    if "expected after" in message:
        return (
            'text follows a closing quote (inside a quoted value, write a quote as two: ""); '
            "nothing after it was read"
        )
    return f"the file's quoting is broken here ({message}); nothing after it was read"


def _column_name(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").lower()


def _choose_delimiter(first_line: str) -> tuple[str, Finding | None]:
    best: tuple[int, str, list[str]] = (-1, ",", [])
    for delimiter in _DELIMITERS:
        cells = [_column_name(c) for c in next(csv.reader([first_line], delimiter=delimiter))]
        known = len(set(cells) & set(COLUMNS))
        if known > best[0]:
            best = (known, delimiter, cells)
    _known, delimiter, cells = best
    missing = [c for c in COLUMNS if c not in cells]
    unknown = [c for c in cells if c not in COLUMNS]
    repeated = sorted({c for c in cells if cells.count(c) > 1})
    if not (missing or unknown or repeated):
        return delimiter, None
    details = []
    if missing:
        details.append(f"missing {', '.join(missing)}")
    if unknown:
        details.append(f"unknown {', '.join(repr(c) for c in unknown)}")
    if repeated:
        details.append(f"repeated {', '.join(repeated)}")
    reason = (
        f"wrong header: the first line must name the columns {','.join(COLUMNS)} "
        f"({'; '.join(details)})"
    )
    return delimiter, Finding("line 1", reason, 1)


# The columns that hold vocabulary codes, and their vocabularies.
_VOCABULARIES: Mapping[str, Mapping[str, str]] = {
    "side": vocabulary.SIDES,
    "kind": vocabulary.KINDS,
    "context": vocabulary.CONTEXTS,
    "symptoms": vocabulary.SYMPTOMS,
}


def _codes_by_text(codes: Mapping[str, str]) -> dict[str, str]:
    """Each code, and each label in lower case, → its code (the first that has it, as listed)."""
    found: dict[str, str] = {}
    for code, label in codes.items():
        found.setdefault(code, code)
        found.setdefault(label.lower(), code)
    return found


_CODES_BY_TEXT = {column: _codes_by_text(codes) for column, codes in _VOCABULARIES.items()}


def _lookup(text: str, column: str) -> str | None:
    """A code of the column's vocabulary from its code or its label, in any case."""
    return _CODES_BY_TEXT[column].get(text.strip().lower())


def _row_draft(
    values: Mapping[str, str],
    line: int,
    regions: RegionLookup,
    now: datetime,
    zone: tzinfo | None,
    problems: list[Finding],
) -> EpisodeDraft | None:
    found: list[str] = []

    def problem(column: str, reason: str) -> None:
        found.append(f"{column}: {reason}")

    day = _parse_date(values["date"].strip(), problem)
    clock = _parse_time(values["time"].strip(), problem)
    started_at: datetime | None = None
    if day is not None and clock is not None:
        naive = datetime.combine(day, clock)
        started_at = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
        if started_at > now + FUTURE_TOLERANCE:
            problem("time", f"{day.isoformat()} {clock:%H:%M} is in the future")

    region_text = values["region"].strip()
    region_id = regions.resolve(region_text) if region_text else None
    if not region_text:
        problem("region", "missing (a region id such as calf, or its label)")
    elif region_id is None:
        problem("region", f"unknown body region “{region_text}”")

    side = _required_code(values["side"], "side", problem)
    kind = "twitch" if not values["kind"].strip() else None
    if kind is None:
        kind = _required_code(values["kind"], "kind", problem)
    intensity = _parse_int(
        values["intensity"],
        "intensity",
        vocabulary.INTENSITY_MIN,
        vocabulary.INTENSITY_MAX,
        problem,
        required=True,
    )
    duration = _parse_int(
        values["duration_s"], "duration_s", 0, vocabulary.DURATION_MAX_S, problem, required=False
    )
    context = None
    if values["context"].strip():
        context = _required_code(values["context"], "context", problem)
    seen = _parse_seen(values["seen"], problem)
    symptoms: set[str] = set()
    for part in values["symptoms"].split(SYMPTOM_SEPARATOR):
        if not part.strip():
            continue
        code = _lookup(part, "symptoms")
        if code is None:
            problem(
                "symptoms", f"unknown symptom “{part.strip()}” ({_choices(vocabulary.SYMPTOMS)})"
            )
        else:
            symptoms.add(code)

    if found:
        problems.extend(Finding(f"line {line}", reason, line) for reason in found)
        return None
    assert started_at is not None and region_id is not None and side and kind
    assert intensity is not None
    return EpisodeDraft(
        started_at=started_at,
        region_id=region_id,
        side=side,
        kind=kind,
        intensity=intensity,
        duration_s=duration,
        context=context,
        seen=seen,
        symptoms=frozenset(symptoms),
        notes=values["notes"],
    )


def _choices(codes: Mapping[str, str]) -> str:
    return "use " + ", ".join(codes)


def _parse_date(text: str, problem: _Reporter) -> date | None:
    if not text:
        problem("date", "missing (use YYYY-MM-DD, e.g. 2026-03-14)")
        return None
    if _DATE_RE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    problem("date", f"“{text}” is not a date (use YYYY-MM-DD, e.g. 2026-03-14)")
    return None


def _parse_time(text: str, problem: _Reporter) -> time | None:
    if not text:
        problem("time", "missing (use HH:MM, e.g. 21:30)")
        return None
    clock = _clock(text)
    if clock is None:
        problem("time", f"“{text}” is not a time of day (use HH:MM, e.g. 21:30)")
    return clock


@functools.lru_cache(maxsize=4096)  # a day has 1,440 minutes; a big file repeats them
def _clock(text: str) -> time | None:
    match = _TIME_RE.match(text)
    if match:
        hour, minute, second = (int(part) if part else 0 for part in match.groups())
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    return None


def _required_code(text: str, column: str, problem: _Reporter) -> str | None:
    codes = _VOCABULARIES[column]
    if not text.strip():
        problem(column, f"missing ({_choices(codes)})")
        return None
    code = _lookup(text, column)
    if code is None:
        problem(column, f"unknown {column} “{text.strip()}” ({_choices(codes)})")
    return code


def _parse_int(
    text: str, column: str, low: int, high: int, problem: _Reporter, required: bool
) -> int | None:
    text = text.strip()
    if not text:
        if required:
            problem(column, f"missing (a whole number from {low} to {high})")
        return None
    if not _INT_RE.match(text):
        problem(column, f"“{text}” is not a whole number")
        return None
    value = int(text)
    if value > high:
        problem(column, f"{value} is above {high}")
    elif value < low:
        problem(column, f"{value} is below {low}")
    else:
        return value
    return None


def _parse_seen(text: str, problem: _Reporter) -> bool | None:
    key = text.strip().lower()
    for value, code in SEEN_CODES.items():
        if key == code:
            return value
    problem("seen", f"“{text.strip()}” is not visible, felt or blank")
    return None

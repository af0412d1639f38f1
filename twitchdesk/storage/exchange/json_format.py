"""The full-fidelity export: everything in the diary, readable by people and by TwitchDesk.

```
{"format": "twitchdesk-diary", "version": 1, "app_version": "0.1.0",
 "exported_at": "2026-03-14T20:30:00.123456+00:00", "demo": false,
 "episodes": [{"uid": "…", "started_at": "2026-03-14T21:30:00+01:00", "region": "calf",
               "side": "left", "kind": "twitch", "intensity": 3, "duration_s": 60,
               "context": "rest", "seen": true, "symptoms": ["weakness"], "notes": "…",
               "created_at": "…+00:00", "updated_at": "…+00:00", "deleted_at": null}],
 "daily_logs": [{"day": "2026-03-14", "caffeine_mg": 190.0, "sleep_h": 6.5, "stress": 4,
                 "exercise_min": null, "exercise_intensity": null, "alcohol_units": 0.0,
                 "water_l": 1.5, "notes": "", "updated_at": "…+00:00"}],
 "medications": [{"uid": "…", "name": "…", "category": "magnesium", "dose": "…",
                  "started_on": "2026-01-02", "stopped_on": null, "notes": "",
                  "created_at": "…", "updated_at": "…", "deleted_at": null}],
 "advice_state": [{"rule_id": "…", "dismissed_at": "…+00:00", "snoozed_until": null}]}
```

`started_at` keeps the UTC offset the episode was logged with; bookkeeping times are UTC. Codes
are the vocabulary codes (never labels). Export → import into an empty diary gives back exactly
the same rows (uids, times to the microsecond, notes byte for byte). Deleted-but-undoable
episodes and medicines are not exported by default (see snapshot.read_content); the format
carries `deleted_at` so a file that has them imports them as deleted.

Import checks everything first and names each problem by its JSON path, e.g.
`episodes[12].intensity: 11 is above 10`. Only `uid`, `started_at`, `region`, `side` and
`intensity` (episodes), `day` (daily logs), `uid`, `name`, `category`, `started_on` (medicines)
and `rule_id` are required; other fields default to "not recorded". Unknown fields are problems
(a typo must not silently drop data). `demo`, `app_version` and `exported_at` are informational.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from twitchdesk.storage import vocabulary
from twitchdesk.storage.exchange.common import (
    AdviceEntry,
    DayEntry,
    DiaryContent,
    EpisodeEntry,
    Finding,
    MedicationEntry,
    ParsedFile,
    RegionLookup,
    decode_utf8,
)
from twitchdesk.storage.exchange.json_fields import (
    ADVICE_FIELDS,
    DAY_FIELDS,
    DAY_NUMBERS,
    EPISODE_FIELDS,
    EPISODE_REQUIRED,
    FORMAT_NAME,
    FORMAT_VERSION,
    HEADER_FIELDS,
    MEDICATION_FIELDS,
    NAME_MAX,
    RULE_ID_MAX,
    SECTIONS,
    UID_MAX,
    YEARS,
)
from twitchdesk.storage.exchange.json_quick import QuickEpisodes
from twitchdesk.storage.exchange.json_text import dumps_indented
from twitchdesk.storage.records import (
    AdviceStateRecord,
    DailyFactors,
    EpisodeRecord,
    MedicationRecord,
)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# -- export -----------------------------------------------------------------------------------
def _utc_text(moment: datetime | None) -> str | None:
    """Naive UTC (as stored) → ISO 8601 with +00:00, so nobody has to guess the zone."""
    # What .replace(tzinfo=UTC).isoformat() gives, without the slow .replace.
    return None if moment is None else moment.isoformat() + "+00:00"


def episode_json(record: EpisodeRecord) -> dict[str, Any]:
    return {
        "uid": record.uid,
        "started_at": record.started_at.isoformat(),
        "region": record.region_id,
        "side": record.side,
        "kind": record.kind,
        "intensity": record.intensity,
        "duration_s": record.duration_s,
        "context": record.context,
        "seen": record.seen,
        "symptoms": sorted(record.symptoms),
        "notes": record.notes,
        "created_at": _utc_text(record.created_at),
        "updated_at": _utc_text(record.updated_at),
        "deleted_at": _utc_text(record.deleted_at),
    }


def day_json(entry: DayEntry) -> dict[str, Any]:
    factors = entry.factors
    out: dict[str, Any] = {"day": factors.day.isoformat()}
    for name in DAY_FIELDS[1:-1]:
        out[name] = getattr(factors, name)
    out["updated_at"] = _utc_text(entry.updated_at)
    return out


def medication_json(entry: MedicationEntry) -> dict[str, Any]:
    record = entry.record
    return {
        "uid": record.uid,
        "name": record.name,
        "category": record.category,
        "dose": record.dose,
        "started_on": record.started_on.isoformat(),
        "stopped_on": None if record.stopped_on is None else record.stopped_on.isoformat(),
        "notes": record.notes,
        "created_at": _utc_text(entry.created_at),
        "updated_at": _utc_text(entry.updated_at),
        "deleted_at": _utc_text(entry.deleted_at),
    }


def advice_json(entry: AdviceEntry) -> dict[str, Any]:
    state = entry.state
    return {
        "rule_id": state.rule_id,
        "dismissed_at": _utc_text(state.dismissed_at),
        "snoozed_until": None if state.snoozed_until is None else state.snoozed_until.isoformat(),
    }


def dump_json(
    content: DiaryContent, app_version: str, exported_at: datetime, demo: bool = False
) -> bytes:
    """The export file's bytes (UTF-8, indented, non-ASCII kept readable)."""
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "app_version": app_version,
        "exported_at": exported_at.astimezone(UTC).isoformat(),
        "demo": demo,
        "episodes": [episode_json(entry.record) for entry in content.episodes],
        "daily_logs": [day_json(entry) for entry in content.days],
        "medications": [medication_json(entry) for entry in content.medications],
        "advice_state": [advice_json(entry) for entry in content.advice],
    }
    return (dumps_indented(document) + "\n").encode("utf-8")


# -- import -----------------------------------------------------------------------------------
def parse_json(data: bytes, regions: RegionLookup) -> ParsedFile:
    """Read and check an export file; every problem is named by its JSON path."""
    parsed = ParsedFile(format="json")
    text, problem = decode_utf8(data)
    if text is None:
        parsed.problems.append(problem or Finding("file", "cannot be read as text"))
        return parsed
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        parsed.problems.append(
            Finding(
                f"line {error.lineno}",
                f"not valid JSON: {error.msg} (column {error.colno})",
                error.lineno,
            )
        )
        return parsed
    except (ValueError, RecursionError) as error:
        parsed.problems.append(Finding("file", f"not valid JSON: {error}"))
        return parsed
    checker = _Checker(regions, parsed.problems)
    if not checker.header(document):
        return parsed
    plain = QuickEpisodes(regions)
    builders: dict[str, Callable[[Any, str], None]] = {
        "episodes": lambda raw, path: _add(
            parsed.episodes, plain.entry(raw, path) or checker.episode(raw, path)
        ),
        "daily_logs": lambda raw, path: _add(parsed.days, checker.day(raw, path)),
        "medications": lambda raw, path: _add(parsed.medications, checker.medication(raw, path)),
        "advice_state": lambda raw, path: _add(parsed.advice, checker.advice(raw, path)),
    }
    for section, build in builders.items():
        items = document.get(section, [])
        if not isinstance(items, list):
            checker.fail(section, f"expected a list, found {_show(items)}")
            continue
        for index, raw in enumerate(items):
            build(raw, f"{section}[{index}]")
    checker.unique("episodes", [(e.where, e.record.uid) for e in parsed.episodes], "uid")
    checker.unique("daily_logs", [(d.where, d.factors.day.isoformat()) for d in parsed.days], "day")
    checker.unique("medications", [(m.where, m.record.uid) for m in parsed.medications], "uid")
    checker.unique("advice_state", [(a.where, a.state.rule_id) for a in parsed.advice], "rule_id")
    return parsed


def _add(items: list[Any], item: Any) -> None:
    if item is not None:
        items.append(item)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "…"


class _Checker:
    """Reads fields of decoded JSON, recording a problem (with its path) for each bad one.

    Each reader returns a usable value or None; an item is kept only when reading it added no
    problem, so one bad item never hides another's problems.
    """

    def __init__(self, regions: RegionLookup, problems: list[Finding]) -> None:
        self.regions = regions
        self.problems = problems

    def fail(self, path: str, reason: str) -> None:
        self.problems.append(Finding(path, reason))

    # -- structure ---------------------------------------------------------------------------
    def header(self, document: Any) -> bool:
        if not isinstance(document, dict):
            self.fail(
                "file",
                f'not a TwitchDesk export (expected an object with "format": '
                f'"{FORMAT_NAME}", found {_show(document)})',
            )
            return False
        if document.get("format") != FORMAT_NAME:
            self.fail(
                "format",
                f"not a TwitchDesk export (expected “{FORMAT_NAME}”, found "
                f"{_show(document.get('format'))})",
            )
            return False
        version = document.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.fail("version", f"expected a format version number, found {_show(version)}")
            return False
        if version > FORMAT_VERSION:
            self.fail(
                "version",
                f"this file comes from a newer TwitchDesk (format {version}); "
                "update TwitchDesk to import it",
            )
            return False
        before = len(self.problems)
        for key in document:
            if key not in HEADER_FIELDS and key not in SECTIONS:
                self.fail(key, "unknown field")
        return len(self.problems) == before

    def fields(
        self, raw: Any, path: str, allowed: Sequence[str], required: Collection[str]
    ) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.fail(path, f"expected an object, found {_show(raw)}")
            return None
        for key in raw:
            if key not in allowed:
                self.fail(f"{path}.{key}", "unknown field")
        for key in required:
            if key not in raw:
                self.fail(f"{path}.{key}", "missing")
        return raw

    def unique(self, section: str, keys: list[tuple[str, str]], field_name: str) -> None:
        first: dict[str, str] = {}
        for where, key in keys:
            if key in first:
                self.fail(f"{where}.{field_name}", f"“{key}” is also used by {first[key]}")
            else:
                first[key] = where

    # -- values ------------------------------------------------------------------------------
    def text(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        *,
        default: str | None = "",
        nullable: bool = False,
        max_len: int | None = None,
        non_empty: bool = False,
    ) -> str | None:
        value = obj.get(key, default)
        where = f"{path}.{key}"
        if value is None:
            if key in obj and not nullable:
                self.fail(where, "must not be null")
            return None
        if not isinstance(value, str):
            self.fail(where, f"expected text, found {_show(value)}")
            return None
        if non_empty and not value.strip():
            self.fail(where, "must not be empty")
        elif max_len is not None and len(value) > max_len:
            self.fail(where, f"is longer than {max_len} characters")
        return value

    def code(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        codes: Mapping[str, str],
        *,
        default: str | None = None,
        nullable: bool = False,
        noun: str = "",
    ) -> str | None:
        value = self.text(obj, key, path, default=default, nullable=nullable)
        if value is not None and value not in codes:
            self.fail(f"{path}.{key}", f"unknown {noun or key} “{value}” (use {', '.join(codes)})")
            return None
        return value

    def integer(
        self, obj: dict[str, Any], key: str, path: str, low: int, high: int, nullable: bool
    ) -> int | None:
        number = self.number(obj, key, path, low, high, nullable, whole=True)
        return None if number is None else int(number)

    def number(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        low: float,
        high: float,
        nullable: bool,
        whole: bool = False,
    ) -> float | int | None:
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None:
            if key in obj and not nullable:
                self.fail(where, "must not be null")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            noun = "a whole number" if whole else "a number"
            self.fail(where, f"expected {noun}, found {_show(value)}")
            return None
        if whole and not isinstance(value, int):
            self.fail(where, f"{_show(value)} is not a whole number")
            return None
        if value > high:
            self.fail(where, f"{_show(value)} is above {_show(high)}")
            return None
        if value < low:
            self.fail(where, f"{_show(value)} is below {_show(low)}")
            return None
        return value if whole else float(value)

    def boolean(self, obj: dict[str, Any], key: str, path: str) -> bool | None:
        value = obj.get(key)
        if value is not None and not isinstance(value, bool):
            self.fail(f"{path}.{key}", f"expected true, false or null, found {_show(value)}")
            return None
        return value

    def date_value(self, obj: dict[str, Any], key: str, path: str, nullable: bool) -> date | None:
        value = self.text(obj, key, path, default=None, nullable=nullable)
        if value is None:
            return None
        if _DATE_RE.match(value):
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                pass
            else:
                if YEARS[0] <= parsed.year <= YEARS[1]:
                    return parsed
        self.fail(f"{path}.{key}", f"“{value}” is not a date (YYYY-MM-DD)")
        return None

    def moment(
        self, obj: dict[str, Any], key: str, path: str, *, local: bool = False
    ) -> datetime | None:
        """`local`: an aware time with a whole-minute offset; otherwise naive UTC for storage."""
        value = self.text(obj, key, path, default=None, nullable=not local)
        if value is None:
            return None
        where = f"{path}.{key}"
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.fail(where, f"“{value}” is not a date and time (ISO 8601)")
            return None
        if not YEARS[0] <= parsed.year <= YEARS[1]:
            self.fail(where, f"“{value}” is not a plausible date")
            return None
        offset = parsed.utcoffset()
        if offset is None:
            if local:
                self.fail(where, f"“{value}” needs its UTC offset, e.g. +01:00")
                return None
            return parsed  # already naive UTC
        if offset % timedelta(minutes=1):
            self.fail(where, f"“{value}”: the UTC offset must be whole minutes")
            return None
        return parsed if local else parsed.astimezone(UTC).replace(tzinfo=None)

    # -- items -------------------------------------------------------------------------------
    def episode(self, raw: Any, path: str) -> EpisodeEntry | None:
        before = len(self.problems)
        obj = self.fields(raw, path, EPISODE_FIELDS, EPISODE_REQUIRED)
        if obj is None:
            return None
        uid = self.text(obj, "uid", path, default=None, max_len=UID_MAX, non_empty=True)
        started_at = self.moment(obj, "started_at", path, local=True)
        region_id = None
        region_text = self.text(obj, "region", path, default=None, non_empty=True)
        if region_text:
            region_id = self.regions.resolve(region_text)
            if region_id is None:
                self.fail(f"{path}.region", f"unknown body region “{region_text}”")
        side = self.code(obj, "side", path, vocabulary.SIDES)
        kind = self.code(obj, "kind", path, vocabulary.KINDS, default="twitch")
        intensity = self.integer(
            obj, "intensity", path, vocabulary.INTENSITY_MIN, vocabulary.INTENSITY_MAX, False
        )
        duration = self.integer(obj, "duration_s", path, 0, vocabulary.DURATION_MAX_S, True)
        context = self.code(obj, "context", path, vocabulary.CONTEXTS, nullable=True)
        seen = self.boolean(obj, "seen", path)
        symptoms = self.symptoms(obj, path)
        notes = self.text(obj, "notes", path)
        created = self.moment(obj, "created_at", path)
        updated = self.moment(obj, "updated_at", path)
        deleted = self.moment(obj, "deleted_at", path)
        if len(self.problems) != before:
            return None
        assert uid and started_at and region_id and side and kind and intensity is not None
        record = EpisodeRecord(
            started_at=started_at,
            region_id=region_id,
            side=side,
            kind=kind,
            intensity=intensity,
            duration_s=duration,
            context=context,
            seen=seen,
            symptoms=frozenset(symptoms),
            notes=notes or "",
            uid=uid,
            created_at=created,
            updated_at=updated,
            deleted_at=deleted,
        )
        return EpisodeEntry(record, path)

    def symptoms(self, obj: dict[str, Any], path: str) -> set[str]:
        raw = obj.get("symptoms", [])
        if raw is None:
            raw = []
        if not isinstance(raw, list):
            self.fail(f"{path}.symptoms", f"expected a list, found {_show(raw)}")
            return set()
        found: set[str] = set()
        for index, value in enumerate(raw):
            where = f"{path}.symptoms[{index}]"
            if not isinstance(value, str) or value not in vocabulary.SYMPTOMS:
                self.fail(
                    where,
                    f"unknown symptom {_show(value)} (use {', '.join(vocabulary.SYMPTOMS)})",
                )
            elif value in found:
                self.fail(where, f"“{value}” is listed twice")
            else:
                found.add(value)
        return found

    def day(self, raw: Any, path: str) -> DayEntry | None:
        before = len(self.problems)
        obj = self.fields(raw, path, DAY_FIELDS, ("day",))
        if obj is None:
            return None
        day = self.date_value(obj, "day", path, nullable=False)
        values: dict[str, Any] = {}
        for name, (low, high, whole) in DAY_NUMBERS.items():
            values[name] = self.number(obj, name, path, low, high, nullable=True, whole=whole)
        values["exercise_intensity"] = self.code(
            obj, "exercise_intensity", path, vocabulary.EXERCISE_INTENSITIES, nullable=True
        )
        values["notes"] = self.text(obj, "notes", path) or ""
        updated = self.moment(obj, "updated_at", path)
        if len(self.problems) != before or day is None:
            return None
        return DayEntry(DailyFactors(day=day, **values), updated, path)

    def medication(self, raw: Any, path: str) -> MedicationEntry | None:
        before = len(self.problems)
        required = ("uid", "name", "category", "started_on")
        obj = self.fields(raw, path, MEDICATION_FIELDS, required)
        if obj is None:
            return None
        uid = self.text(obj, "uid", path, default=None, max_len=UID_MAX, non_empty=True)
        name = self.text(obj, "name", path, default=None, max_len=NAME_MAX, non_empty=True)
        category = self.code(
            obj, "category", path, vocabulary.MEDICATION_CATEGORIES, noun="medicine category"
        )
        dose = self.text(obj, "dose", path, max_len=NAME_MAX)
        started_on = self.date_value(obj, "started_on", path, nullable=False)
        stopped_on = self.date_value(obj, "stopped_on", path, nullable=True)
        if started_on and stopped_on and stopped_on < started_on:
            self.fail(f"{path}.stopped_on", "is before started_on")
        notes = self.text(obj, "notes", path)
        created = self.moment(obj, "created_at", path)
        updated = self.moment(obj, "updated_at", path)
        deleted = self.moment(obj, "deleted_at", path)
        if len(self.problems) != before:
            return None
        assert uid and name and category and started_on
        record = MedicationRecord(
            name=name.strip(),
            category=category,
            started_on=started_on,
            dose=dose or "",
            stopped_on=stopped_on,
            notes=notes or "",
            uid=uid,
        )
        return MedicationEntry(record, created, updated, deleted, path)

    def advice(self, raw: Any, path: str) -> AdviceEntry | None:
        before = len(self.problems)
        obj = self.fields(raw, path, ADVICE_FIELDS, ("rule_id",))
        if obj is None:
            return None
        rule_id = self.text(obj, "rule_id", path, default=None, max_len=RULE_ID_MAX, non_empty=True)
        dismissed = self.moment(obj, "dismissed_at", path)
        snoozed = self.date_value(obj, "snoozed_until", path, nullable=True)
        if len(self.problems) != before:
            return None
        assert rule_id
        return AdviceEntry(AdviceStateRecord(rule_id, dismissed, snoozed), path)

"""The quick pass over an export's episodes: the common case, accepted without the checker.

An export holds ~100,000 episodes, and json_format's `_Checker.episode` spends ~30 µs on each
preparing to report problems that are almost never there. `QuickEpisodes.entry` accepts only
what the checker accepts and builds the same record (tests/test_exchange_fast_paths.py tries
every near miss); anything unusual goes to the checker, which names each problem.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from twitchdesk.storage import vocabulary
from twitchdesk.storage.exchange.common import EpisodeEntry, RegionLookup
from twitchdesk.storage.exchange.json_fields import EPISODE_FIELDS, EPISODE_REQUIRED, UID_MAX, YEARS
from twitchdesk.storage.records import EpisodeRecord

_EPISODE_KEYS = frozenset(EPISODE_FIELDS)
_EPISODE_REQUIRED = frozenset(EPISODE_REQUIRED)


class QuickEpisodes:
    """The common case: an episode as the app exports it, accepted in one quick pass.

    An export holds ~100,000 episodes, and `_Checker.episode` spends ~30 µs on each preparing
    to report problems that are almost never there. `entry` accepts only what the checker
    accepts and builds the same record; anything unusual (a null where a value belongs, a
    wrong type, a value out of range, an unknown code) returns None, and the checker then looks
    at the item and names each problem.
    """

    def __init__(self, regions: RegionLookup) -> None:
        self.regions = regions
        self.region_ids: dict[str, str | None] = {}  # what the file says → region id

    def entry(self, raw: Any, path: str) -> EpisodeEntry | None:
        if (
            type(raw) is not dict
            or not raw.keys() <= _EPISODE_KEYS
            or not raw.keys() >= _EPISODE_REQUIRED
        ):
            return None
        uid, region, side, intensity = raw["uid"], raw["region"], raw["side"], raw["intensity"]
        kind = raw.get("kind", "twitch")
        duration = raw.get("duration_s")
        context = raw.get("context")
        seen = raw.get("seen")
        notes = raw.get("notes", "")
        if not (
            type(uid) is str
            and len(uid) <= UID_MAX
            and uid.strip()
            and type(side) is str
            and side in vocabulary.SIDES
            and type(kind) is str
            and kind in vocabulary.KINDS
            and type(intensity) is int
            and vocabulary.INTENSITY_MIN <= intensity <= vocabulary.INTENSITY_MAX
            and (duration is None or type(duration) is int)
            and (duration is None or 0 <= duration <= vocabulary.DURATION_MAX_S)
            and (context is None or (type(context) is str and context in vocabulary.CONTEXTS))
            and (seen is None or type(seen) is bool)
            and type(notes) is str
        ):
            return None
        region_id = self.region_id(region)
        if region_id is None:
            return None
        try:
            symptoms = _symptoms(raw.get("symptoms"))
            started_at = _moment(raw["started_at"], local=True)
            created_text, updated_text = raw.get("created_at"), raw.get("updated_at")
            created_at = _moment(created_text)
            # Usually the same text: an episode is rarely edited after it was logged.
            updated_at = created_at if updated_text == created_text else _moment(updated_text)
            deleted_at = _moment(raw.get("deleted_at"))
        except _Unusual:
            return None
        assert started_at is not None
        record = EpisodeRecord(
            started_at=started_at,
            region_id=region_id,
            side=side,
            kind=kind,
            intensity=intensity,
            duration_s=duration,
            context=context,
            seen=seen,
            symptoms=symptoms,
            notes=notes,
            uid=uid,
            created_at=created_at,
            updated_at=updated_at,
            deleted_at=deleted_at,
        )
        return EpisodeEntry(record, path)

    def region_id(self, text: Any) -> str | None:
        if type(text) is not str:
            return None
        if text not in self.region_ids:
            self.region_ids[text] = self.regions.resolve(text) if text.strip() else None
        return self.region_ids[text]


class _Unusual(Exception):
    """A value for `_Checker` to look at: it may well be wrong."""


def _symptoms(raw: Any) -> frozenset[str]:
    """The codes of a list of distinct known symptoms (null: none)."""
    if raw is None or raw == []:
        return frozenset()
    if type(raw) is not list or not all(type(code) is str for code in raw):
        raise _Unusual
    codes = frozenset(raw)
    if len(codes) != len(raw) or not codes <= vocabulary.SYMPTOMS.keys():
        raise _Unusual
    return codes


def _moment(value: Any, local: bool = False) -> datetime | None:
    """What `_Checker.moment` makes of a valid time (None for null or absent, unless `local`)."""
    if value is None and not local:
        return None
    if type(value) is not str:
        raise _Unusual
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _Unusual from None
    offset = parsed.utcoffset()
    if not YEARS[0] <= parsed.year <= YEARS[1] or (offset is None and local):
        raise _Unusual
    if offset is None:
        return parsed
    if offset.seconds % 60 or offset.microseconds:  # not whole minutes
        raise _Unusual
    if local:
        return parsed
    utc = parsed.astimezone(UTC)
    return datetime.combine(utc.date(), utc.time())  # naive; a third of .replace(tzinfo=None)

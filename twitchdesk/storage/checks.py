"""What the diary refuses to store, checked before any write (the database's own constraints
are the last line, not the first): the message names the field, for the form to show."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from twitchdesk.storage import vocabulary
from twitchdesk.storage.records import DailyFactors, EpisodeDraft, MedicationDraft, to_utc_naive


class InvalidRecord(ValueError):
    """A value the diary refuses to store; the message says which field and why."""


def _check_code(field: str, value: str | None, allowed: Collection[str], optional: bool) -> None:
    if value is None and optional:
        return
    if value not in allowed:
        raise InvalidRecord(f"{field}: {value!r} is not one of {', '.join(sorted(allowed))}")


def check_episode(draft: EpisodeDraft) -> None:
    if not draft.region_id:
        raise InvalidRecord("region: choose where it twitches")
    _check_code("side", draft.side, vocabulary.SIDES, optional=False)
    _check_code("kind", draft.kind, vocabulary.KINDS, optional=False)
    _check_code("context", draft.context, vocabulary.CONTEXTS, optional=True)
    for symptom in draft.symptoms:
        _check_code("symptoms", symptom, vocabulary.SYMPTOMS, optional=False)
    if not vocabulary.INTENSITY_MIN <= draft.intensity <= vocabulary.INTENSITY_MAX:
        raise InvalidRecord("intensity: must be between 1 and 10")
    if draft.duration_s is not None and not 0 <= draft.duration_s <= vocabulary.DURATION_MAX_S:
        raise InvalidRecord("duration: must be between 0 seconds and 24 hours")
    if draft.started_at.tzinfo is None:
        raise InvalidRecord("time: must include the time zone")


def check_day(factors: DailyFactors) -> None:
    for field, (low, high) in vocabulary.DAILY_LIMITS.items():
        value = getattr(factors, field)
        if value is not None and not low <= value <= high:
            name = field.split("_")[0]
            raise InvalidRecord(f"{name}: must be between {low} and {high}")
    _check_code(
        "exercise intensity",
        factors.exercise_intensity,
        vocabulary.EXERCISE_INTENSITIES,
        optional=True,
    )


def check_medication(draft: MedicationDraft) -> None:
    if not draft.name.strip():
        raise InvalidRecord("name: enter the medicine's name")
    _check_code("category", draft.category, vocabulary.MEDICATION_CATEGORIES, optional=False)
    if draft.stopped_on is not None and draft.stopped_on < draft.started_on:
        raise InvalidRecord("stop date: cannot be before the start date")


def episode_columns(draft: EpisodeDraft) -> dict[str, Any]:
    """The episode table's values for a draft (its symptoms are rows of their own)."""
    started_at, utc_offset_min = to_utc_naive(draft.started_at)
    return {
        "started_at": started_at,
        "utc_offset_min": utc_offset_min,
        "region_id": draft.region_id,
        "side": draft.side,
        "kind": draft.kind,
        "intensity": draft.intensity,
        "duration_s": draft.duration_s,
        "context": draft.context,
        "seen": draft.seen,
        "notes": draft.notes,
    }

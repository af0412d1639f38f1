"""Checks on what the user typed, phrased for the user, field by field.

The storage layer refuses impossible values too; these checks come first so a form can show
every message beside its field, before anything is written.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from twitchdesk.storage import vocabulary
from twitchdesk.storage.records import EpisodeDraft

# A clock a minute behind between two devices must not make "now" count as the future.
FUTURE_TOLERANCE = timedelta(minutes=2)
# Back-dating further than this is almost always a typo in the year.
OLDEST_REASONABLE = timedelta(days=366 * 20)


def episode_problems(draft: EpisodeDraft, now: datetime) -> dict[str, str]:
    """Field name → message for everything wrong with `draft`; empty when it can be logged."""
    problems: dict[str, str] = {}
    if not draft.region_id:
        problems["region"] = "Choose where it twitches: click the body map or search the list."
    if draft.side not in vocabulary.SIDES:
        problems["side"] = "Choose a side."
    if draft.started_at.tzinfo is None:
        problems["time"] = "The time needs a time zone."
    elif draft.started_at > now + FUTURE_TOLERANCE:
        problems["time"] = "That time is in the future. Log episodes that have already started."
    elif draft.started_at < now - OLDEST_REASONABLE:
        problems["time"] = "That date is more than 20 years ago. Check the year."
    if draft.duration_s is not None and not 0 < draft.duration_s <= vocabulary.DURATION_MAX_S:
        problems["duration"] = (
            "Duration must be between 1 second and 24 hours. For longer, log one episode a day."
        )
    if not vocabulary.INTENSITY_MIN <= draft.intensity <= vocabulary.INTENSITY_MAX:
        problems["intensity"] = "Intensity goes from 1 to 10."
    return problems


def format_duration(seconds: int | None) -> str:
    """ "45 s", "2 min", "1 h 30 min"; unknown durations read as "—"."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min" + (f" {secs} s" if secs else "")
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h" + (f" {minutes} min" if minutes else "")

"""The export format's names and limits (see json_format.py for the format itself)."""

from __future__ import annotations

from collections.abc import Mapping

FORMAT_NAME = "twitchdesk-diary"
FORMAT_VERSION = 1
HEADER_FIELDS = ("format", "version", "app_version", "exported_at", "demo")
SECTIONS = ("episodes", "daily_logs", "medications", "advice_state")
EPISODE_FIELDS = (
    "uid",
    "started_at",
    "region",
    "side",
    "kind",
    "intensity",
    "duration_s",
    "context",
    "seen",
    "symptoms",
    "notes",
    "created_at",
    "updated_at",
    "deleted_at",
)
DAY_FIELDS = (
    "day",
    "caffeine_mg",
    "sleep_h",
    "stress",
    "exercise_min",
    "exercise_intensity",
    "alcohol_units",
    "water_l",
    "notes",
    "updated_at",
)
MEDICATION_FIELDS = (
    "uid",
    "name",
    "category",
    "dose",
    "started_on",
    "stopped_on",
    "notes",
    "created_at",
    "updated_at",
    "deleted_at",
)
EPISODE_REQUIRED = ("uid", "started_at", "region", "side", "intensity")
ADVICE_FIELDS = ("rule_id", "dismissed_at", "snoozed_until")
# The same limits the diary enforces (storage/checks.py, check_day), so a file that passes here
# can be stored.
DAY_NUMBERS: Mapping[str, tuple[float, float, bool]] = {
    # field: (lowest, highest, whole numbers only)
    "caffeine_mg": (0, 5000, False),
    "sleep_h": (0, 24, False),
    "stress": (0, 10, True),
    "exercise_min": (0, 24 * 60, True),
    "alcohol_units": (0, 100, False),
    "water_l": (0, 20, False),
}
UID_MAX = 32
NAME_MAX = 200
RULE_ID_MAX = 80
YEARS = (1900, 2999)  # years a date in the file may have

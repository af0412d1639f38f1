"""Small builders for test data (plain values; no Qt)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from twitchdesk.storage.records import EpisodeDraft

CET = timezone(timedelta(hours=1))


def episode(
    when: datetime | None = None,
    region_id: str = "calf",
    side: str = "left",
    **fields: object,
) -> EpisodeDraft:
    moment = when or datetime(2026, 3, 14, 21, 30, tzinfo=CET)
    return EpisodeDraft(started_at=moment, region_id=region_id, side=side, **fields)  # type: ignore[arg-type]

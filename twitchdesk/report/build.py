"""Building the report's content from the diary, for a period.

Everything comes from the same sources as the panels: the SQL aggregates and the trend summary
(`core.trends.load_trend_summary`) for counts per day, region and hour and the daily factors,
the advice engine (`core.rules.advise`) for what fired and why, SQL counts for what no Trends
aggregate holds (`storage.report_queries`: durations, symptoms, kinds), and episode records only
for the ones the log lists. No Qt here.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from twitchdesk import __version__
from twitchdesk.core.associations import CAVEAT
from twitchdesk.core.facts import local_today
from twitchdesk.core.trends import (
    DateRange,
    describe,
    load_trend_summary,
    preset,
    preset_range,
)
from twitchdesk.report.model import (
    AdviceRow,
    EpisodeRow,
    Headline,
    LabelFn,
    MedicineRow,
    Patient,
    RegionRow,
    ReportData,
    format_day,
    format_duration,
    short_label,
)
from twitchdesk.report.questions import answers, factor_lines
from twitchdesk.storage import vocabulary
from twitchdesk.storage.aggregates import (
    DayCount,
    RegionSideCount,
    Scope,
    episodes_per_region,
)
from twitchdesk.storage.records import EpisodeRecord, MedicationRecord
from twitchdesk.storage.report_queries import episode_facts, first_days

if TYPE_CHECKING:
    from twitchdesk.core.regions import RegionAtlas
    from twitchdesk.storage.repository import Diary

DEFAULT_DAYS = 90
# A long period (years of a busy diary) would print thousands of pages: the log lists the most
# recent episodes (about 40 pages); the summaries cover the whole period, the export every entry.
EPISODE_LOG_LIMIT = 1500


# -- the period --------------------------------------------------------------------------------
def report_period(
    diary: Diary, first: date | None = None, last: date | None = None, today: date | None = None
) -> DateRange:
    """The dates a report covers: as given, else the last 90 days (or all, if the diary is
    younger), ending today or on the last episode if that is later."""
    span = diary.episode_span()
    if first is not None and last is not None:
        return DateRange(first, last)
    if last is not None:
        return DateRange(last - timedelta(days=DEFAULT_DAYS - 1), last)
    end = preset_range(preset("90d"), today or local_today(), span).last
    if first is not None:
        return DateRange(first, max(first, end))
    start = end - timedelta(days=DEFAULT_DAYS - 1)
    if span is not None and start < span[0] <= end:
        start = span[0]
    return DateRange(start, end)


# -- building ----------------------------------------------------------------------------------
def build_report_data(
    diary: Diary,
    first: date | None = None,
    last: date | None = None,
    patient: Patient | None = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
    atlas: RegionAtlas | None = None,
) -> ReportData:
    from twitchdesk.core.regions import load_atlas
    from twitchdesk.core.rules import LEVEL_LABELS, advise

    atlas = atlas or load_atlas()
    period = report_period(diary, first, last, today)
    summary = load_trend_summary(diary, period)
    aggregates = summary.aggregates
    span = summary.diary_span
    facts = episode_facts(diary, Scope(period.first, period.last))
    listed = _latest_episodes(diary, period, aggregates.per_day, EPISODE_LOG_LIMIT)

    def label(region_id: str, side: str | None = None) -> str:
        if region_id in atlas:
            return atlas.label(region_id, side)
        return region_id.replace("_", " ").capitalize()

    began = span.first if span else period.first
    known_from = max(period.first, began) if began <= period.last else period.last
    known_days = (period.last - known_from).days + 1
    regions = _region_rows(aggregates.per_region, label)
    trend = summary.trend
    headline = Headline(
        episodes=summary.total_episodes,
        active_days=len(aggregates.per_day),
        known_days=known_days,
        regions=len(regions),
        trend=trend,
        trend_text=trend.sentence if trend else "Not enough diary yet to tell (needs 14 days).",
    )
    advice_day = period.last
    advice = advise(diary, advice_day, atlas=atlas)
    advice_rows = [
        AdviceRow(
            level=item.fired.level,
            level_label=LEVEL_LABELS[item.fired.level],
            title=item.fired.rule.title,
            text=" ".join(item.fired.rule.advice.split()),
            reasons=[c.describe() for c in item.fired.conditions if c.supports],
            red_flag=item.fired.rule.is_red_flag,
            hidden_because=item.hidden_because,
        )
        for item in advice.items
    ]
    text = describe(summary)
    new_regions = _new_regions(diary, period, span, aggregates.per_region, label)
    return ReportData(
        period=period,
        generated_at=now or datetime.now().astimezone(),
        app_version=__version__,
        patient=patient or Patient(),
        diary_span=span,
        diary_episodes=diary.episode_count(),
        headline=headline,
        answers=answers(summary, headline, regions, facts, new_regions, label)
        if headline.episodes
        else [],
        regions=regions,
        region_sides=list(aggregates.per_region),
        face_groups=frozenset(r.id for r in atlas if r.group == "face"),
        summary=summary,
        overview=text.overview,
        factors=factor_lines(summary),
        findings=text.findings,
        caveat=CAVEAT,
        medicines=_medicines(diary.medications(), period),
        advice=advice_rows,
        advice_day=advice_day,
        episodes=[_episode_row(e, label) for e in listed],
        period_episodes=facts.episodes,
    )


def _latest_episodes(
    diary: Diary, period: DateRange, per_day: list[DayCount], limit: int
) -> list[EpisodeRecord]:
    """The period's latest `limit` episodes, oldest first: only the days that hold them are read
    (`per_day`: the period's episodes per local day, oldest first)."""
    first, held = period.first, 0
    for row in reversed(per_day):
        held += row.episodes
        if held >= limit:
            first = row.day
            break
    return _episodes_in(diary, DateRange(first, period.last))[-limit:]


def _episodes_in(diary: Diary, period: DateRange) -> list[EpisodeRecord]:
    """Live episodes whose own local date is in the period, oldest first."""
    # Local dates reach 14 hours either side of UTC: fetch a day of margin, then keep each
    # episode by the date it had where it was logged (as the aggregates do).
    since = datetime.combine(period.first - timedelta(days=1), time.min, tzinfo=UTC)
    until = datetime.combine(period.last + timedelta(days=2), time.min, tzinfo=UTC)
    found = diary.episodes(since=since, until=until)
    inside = [e for e in found if period.first <= e.local_date <= period.last]
    return sorted(inside, key=lambda e: (e.local_date, e.started_at.timetz(), e.id))


def _region_rows(rows: list[RegionSideCount], label: LabelFn) -> list[RegionRow]:
    by_region: dict[str, dict[str, int]] = {}
    weighted: dict[str, float] = {}
    for row in rows:
        sides = by_region.setdefault(row.region_id, Counter())
        sides[row.side] += row.episodes
        weighted[row.region_id] = (
            weighted.get(row.region_id, 0.0) + row.mean_intensity * row.episodes
        )
    out = [
        RegionRow(
            region_id=region_id,
            label=label(region_id),
            left=sides.get("left", 0),
            right=sides.get("right", 0),
            midline=sides.get("midline", 0),
            both=sides.get("both", 0),
            mean_intensity=weighted[region_id] / max(1, sum(sides.values())),
        )
        for region_id, sides in by_region.items()
    ]
    return sorted(out, key=lambda r: (-r.total, r.label))


def _new_regions(
    diary: Diary,
    period: DateRange,
    span: DateRange | None,
    rows: list[RegionSideCount],
    label: LabelFn,
) -> list[str]:
    """Regions whose first episode ever falls in the period, with the day it was first logged."""
    if span is None or not rows:
        return []
    before: set[str] = set()
    if span.first < period.first:
        earlier = Scope(span.first, period.first - timedelta(days=1))
        before = {row.region_id for row in episodes_per_region(diary, earlier)}
    if not before:  # the diary began in this period: every region is "new", which says nothing
        return []
    candidates = {row.region_id for row in rows} - before
    if not candidates:
        return []
    first_seen = first_days(diary, Scope(period.first, period.last), candidates)
    new = sorted((first_seen[r], r) for r in candidates if r in first_seen)
    return [f"{label(r).lower()} (from {format_day(d)})" for d, r in new]


# -- medicines, episodes -----------------------------------------------------------------------
def _medicines(records: list[MedicationRecord], period: DateRange) -> list[MedicineRow]:
    """Medicines taken on at least one day of the period."""
    return [
        MedicineRow(
            name=m.name,
            category=short_label(vocabulary.MEDICATION_CATEGORIES, m.category),
            dose=m.dose,
            started=m.started_on,
            stopped=m.stopped_on,
            notes=m.notes,
        )
        for m in records
        if m.started_on <= period.last and (m.stopped_on is None or m.stopped_on >= period.first)
    ]


def _episode_row(episode: EpisodeRecord, label: LabelFn) -> EpisodeRow:
    return EpisodeRow(
        day=episode.local_date,
        time=f"{episode.started_at:%H:%M}",
        region=label(episode.region_id, episode.side),
        kind=short_label(vocabulary.KINDS, episode.kind),
        intensity=episode.intensity,
        duration="unknown" if episode.duration_s is None else format_duration(episode.duration_s),
        context=vocabulary.CONTEXTS.get(episode.context or "", "") if episode.context else "",
        symptoms="; ".join(
            vocabulary.SYMPTOMS[s] for s in vocabulary.SYMPTOMS if s in episode.symptoms
        ),
        notes=episode.notes.strip(),
    )

"""The clinician's questions answered from the diary, and the daily factors against references.

"What a clinician asks" (MedlinePlus): when did you first notice it, how long does it last, how
often, which muscles, always the same place, anything else with it. No Qt here.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date

from twitchdesk.core.facts import format_number
from twitchdesk.core.trends import TrendSummary
from twitchdesk.report.model import (
    Answer,
    FactorLine,
    Headline,
    LabelFn,
    RegionRow,
    count,
    format_day,
    format_duration,
    short_label,
)
from twitchdesk.storage import vocabulary
from twitchdesk.storage.report_queries import EpisodeFacts

CAFFEINE_LIMIT_MG = 400  # Mayo Clinic, FDA: up to about 400 mg a day is safe for most adults
SLEEP_TARGET_H = 7  # most adults need 7 hours or more
SHORT_SLEEP_H = 6
HIGH_STRESS = 7
TOP_REGIONS = 4


# -- the clinician's questions -----------------------------------------------------------------
def answers(
    summary: TrendSummary,
    headline: Headline,
    regions: list[RegionRow],
    facts: EpisodeFacts,
    new_regions: list[str],
    label: LabelFn,
) -> list[Answer]:
    period, span = summary.period, summary.diary_span
    aggregates = summary.aggregates
    total = headline.episodes
    answers: list[Answer] = []

    # When did you first notice it?
    if span is not None:
        lead = f"First logged on {format_day(span.first)}"
        if span.first < period.first:
            ago = (period.last - span.first).days
            lead += f", {count(ago, 'day')} before the end of this period"
            lead += f"; in this period, first on {format_day(aggregates.per_day[0].day)}."
        else:
            lead += ", within this period."
        answers.append(Answer("When was it first noticed?", lead))

    # How long does it last?
    durations = facts.durations
    if durations:
        unknown = facts.episodes - durations.recorded
        text = (
            f"Median {format_duration(durations.median)} "
            f"(range {format_duration(durations.shortest)} to "
            f"{format_duration(durations.longest)}), "
            f"from {count(durations.recorded, 'episode')} with a duration recorded"
        )
        text += f"; {unknown} without one." if unknown else "."
    else:
        text = "No durations were recorded."
    streak, streak_end = _longest_streak([row.day for row in aggregates.per_day])
    if streak > 1 and streak_end is not None:
        text += (
            f" Longest run of consecutive days with twitching: {streak} days "
            f"(to {format_day(streak_end)})."
        )
    answers.append(Answer("How long does an episode last?", text))

    # How often?
    weeks = headline.known_days / 7
    per_active = total / max(1, headline.active_days)
    busiest = max(aggregates.per_day, key=lambda row: (row.episodes, row.day))
    share = headline.active_days / max(1, headline.known_days)
    text = (
        f"{format_number(round(total / weeks, 1))} episodes a week on average; twitching on "
        f"{headline.active_days} of {headline.known_days} days ({share:.0%}), "
        f"{format_number(round(per_active, 1))} a day on those days "
        f"(most: {busiest.episodes} on {format_day(busiest.day)})."
    )
    text += _time_of_day(summary)
    answers.append(Answer("How often?", text))

    # Which muscles?
    parts = []
    for row in regions[:TOP_REGIONS]:
        sides = [
            f"{name} {count}"
            for name, count in (
                ("left", row.left),
                ("right", row.right),
                ("middle", row.midline),
                ("both sides", row.both),
            )
            if count
        ]
        parts.append(f"{row.label} {row.total} ({', '.join(sides)})")
    more = len(regions) - TOP_REGIONS
    text = "; ".join(parts) + (f"; {count(more, 'other region')}." if more > 0 else ".")
    answers.append(Answer("Which muscles?", text))

    # Same place or moving around?
    place_counts = Counter(
        {(row.region_id, row.side): row.episodes for row in aggregates.per_region}
    )
    (top_region, top_side), top_count = place_counts.most_common(1)[0]
    text = (
        f"{top_count / total:.0%} of episodes were in one place ({label(top_region, top_side)}); "
        f"{count(len(regions), 'body region')} in all."
    )
    if new_regions:
        text += " New in this period: " + ", ".join(new_regions) + "."
    elif span is not None and span.first < period.first:
        text += " No region was new in this period."
    answers.append(Answer("Always the same place, or moving around?", text))

    # Anything else with it?
    symptoms = facts.symptoms
    if symptoms:
        listed = [
            f"{label_text} ({count(symptoms[code], 'episode')})"
            for code, label_text in vocabulary.SYMPTOMS.items()
            if symptoms.get(code)
        ]
        text = "Reported: " + "; ".join(listed) + "."
    else:
        text = "None reported (weakness, numbness, wasting, swallowing or speech, spreading)."
    text += " Logged as: " + ", ".join(
        f"{short_label(vocabulary.KINDS, kind).lower()} {number}" for kind, number in facts.kinds
    )
    text += "."
    answers.append(Answer("Anything else with it?", text))
    return answers


def _time_of_day(summary: TrendSummary) -> str:
    bands = {"night (0–6 h)": 0, "morning (6–12 h)": 0, "afternoon (12–18 h)": 0}
    bands["evening (18–24 h)"] = 0
    names = list(bands)
    for cell in summary.aggregates.per_hour:
        bands[names[cell.hour // 6]] += cell.episodes
    total = sum(bands.values())
    if not total:
        return ""
    name, count = max(bands.items(), key=lambda item: item[1])
    return f" Most often in the {name}: {count / total:.0%}."


def _longest_streak(days: list[date]) -> tuple[int, date | None]:
    best, best_end, run, previous = 0, None, 0, None
    for day in days:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        if run > best:
            best, best_end = run, day
        previous = day
    return best, best_end


# -- daily factors -----------------------------------------------------------------------------
def factor_lines(summary: TrendSummary) -> list[FactorLine]:
    days = summary.aggregates.factors  # every day of the period, from SQL
    total_days = len(days)
    checked = sum(1 for d in days if d.checked_in)
    lines: list[FactorLine] = []

    caffeine = [d.caffeine_mg for d in days if d.caffeine_mg is not None]
    if caffeine:
        mean = statistics.fmean(caffeine)
        above = sum(1 for v in caffeine if v > CAFFEINE_LIMIT_MG)
        lines.append(
            FactorLine(
                "Caffeine",
                f"{mean:.0f} mg a day on average (highest {max(caffeine):.0f} mg)",
                f"about {CAFFEINE_LIMIT_MG} mg a day or less",
                f"{above} of {len(caffeine)} recorded days above {CAFFEINE_LIMIT_MG} mg",
                flagged=mean > CAFFEINE_LIMIT_MG,
            )
        )
    else:
        lines.append(_not_recorded("Caffeine", f"about {CAFFEINE_LIMIT_MG} mg a day or less"))

    sleep = [d.sleep_h for d in days if d.sleep_h is not None]
    if sleep:
        mean = statistics.fmean(sleep)
        short = sum(1 for v in sleep if v < SHORT_SLEEP_H)
        lines.append(
            FactorLine(
                "Sleep",
                f"{mean:.1f} hours a night on average",
                f"{SLEEP_TARGET_H} hours or more",
                f"{short} of {len(sleep)} recorded nights under {SHORT_SLEEP_H} hours",
                flagged=mean < SLEEP_TARGET_H,
            )
        )
    else:
        lines.append(_not_recorded("Sleep", f"{SLEEP_TARGET_H} hours or more"))

    stress = [d.stress for d in days if d.stress is not None]
    if stress:
        high = sum(1 for v in stress if v >= HIGH_STRESS)
        lines.append(
            FactorLine(
                "Stress",
                f"{statistics.fmean(stress):.1f} out of 10 on average",
                "self-rated, 0 to 10",
                f"{high} of {len(stress)} recorded days at {HIGH_STRESS} or more",
            )
        )
    else:
        lines.append(_not_recorded("Stress", "self-rated, 0 to 10"))

    exercise = [d for d in days if d.exercise_min is not None or d.exercise_intensity is not None]
    if exercise:
        minutes = sum(d.exercise_min or 0 for d in exercise)
        vigorous = sum(1 for d in exercise if d.exercise_intensity == "vigorous")
        lines.append(
            FactorLine(
                "Exercise",
                f"{minutes / len(exercise) * 7:.0f} minutes a week on average",
                "",
                f"{vigorous} of {len(exercise)} recorded days with vigorous exercise",
            )
        )
    else:
        lines.append(_not_recorded("Exercise", ""))

    alcohol = [d.alcohol_units for d in days if d.alcohol_units is not None]
    if alcohol:
        drinking = sum(1 for v in alcohol if v > 0)
        lines.append(
            FactorLine(
                "Alcohol",
                f"{sum(alcohol) / len(alcohol) * 7:.1f} units a week on average",
                "",
                f"{drinking} of {len(alcohol)} recorded days with alcohol",
            )
        )
    else:
        lines.append(_not_recorded("Alcohol", ""))

    lines.append(
        FactorLine(
            "Daily check-ins",
            f"{checked} of {total_days} days",
            "",
            "averages use recorded days only; a blank day is unknown, not zero",
        )
    )
    return lines


def _not_recorded(name: str, reference: str) -> FactorLine:
    return FactorLine(name, "not recorded", reference, "")

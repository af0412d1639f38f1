"""Advice rules (no Qt): the shipped files, their thresholds, the loader's errors, snooze/dismiss
and the `twitchdesk advice` command."""

from __future__ import annotations

import argparse
import io
import json
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from factories import CET, episode

from twitchdesk import cli_advice
from twitchdesk.core import rules as rules_module
from twitchdesk.core.articles import ArticleLibrary
from twitchdesk.core.facts import CATALOGUE, FactValue
from twitchdesk.core.rules import (
    LEVELS,
    RED_FLAG_LEVELS,
    Rule,
    RuleError,
    advise,
    dismissed,
    evaluate,
    evaluate_rule,
    hidden_because,
    load_rules,
    scan_articles,
    snoozed,
)
from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import AdviceStateRecord, DailyFactors, MedicationDraft
from twitchdesk.storage.repository import Diary

TODAY = date(2026, 3, 14)
RULES = {rule.id: rule for rule in load_rules()}
ARTICLES = {"when-to-see-a-doctor": {"get-help-urgently", "medicines"}, "causes-exercise": set()}


@pytest.fixture
def diary(tmp_path: Path) -> Iterator[Diary]:
    opened = open_diary(tmp_path / "diary")
    yield opened
    opened.close()


def quiet(**changes: FactValue) -> dict[str, FactValue]:
    """Facts of a diary where nothing is wrong: no symptoms, one place, modest factors."""
    values: dict[str, FactValue] = dict.fromkeys(CATALOGUE, 0)
    values.update(
        caffeine_avg_7d_mg=200.0,
        caffeine_max_7d_mg=250.0,
        sleep_avg_7d_h=7.5,
        stress_avg_7d=3.0,
        alcohol_units_7d=4.0,
        days_logged_7d=7,
        days_logged_14d=14,
        body_areas_14d=1,
        distinct_regions_14d=1,
        episodes_7d=2,
        episodes_prev_7d=2,
    )
    values.update(changes)
    return values


def fires(rule_id: str, **changes: FactValue) -> bool:
    return evaluate_rule(RULES[rule_id], quiet(**changes)) is not None


# -- the shipped rules ---------------------------------------------------------------------
def test_the_shipped_rules_load_and_cover_the_issue() -> None:
    expected = {
        "swallowing-speech-breathing",
        "weakness",
        "muscle-wasting",
        "numbness-tingling",
        "same-area-two-weeks",
        "several-areas",
        "eyelid-face",
        "new-medicine",
        "caffeine-high",
        "short-sleep",
        "high-stress",
        "exercise-before-twitches",
        "alcohol",
        "diuretic-or-steroid",
        "supplements",
        "getting-better",
        "not-enough-data",
        "eyelid-common",
    }
    assert expected <= set(RULES)
    assert RULES["swallowing-speech-breathing"].level == "urgent"
    for rule_id in expected - {"swallowing-speech-breathing"}:
        rule = RULES[rule_id]
        assert rule.level in LEVELS
    assert {r.path.name for r in RULES.values()} == {"red-flags.toml", "causes.toml", "info.toml"}
    assert all(r.is_red_flag for r in RULES.values() if r.path.name == "red-flags.toml")


def test_the_shipped_rules_point_at_real_articles_and_sections() -> None:
    library = ArticleLibrary.load()  # the Reader's own loader agrees with ours
    for rule in RULES.values():
        target = library.target(rule.article)
        assert target.article_id == rule.article_id
        if rule.anchor:
            assert library.get(rule.article_id).section_index(rule.anchor) is not None, rule.id
    red_flag_articles = {r.article_id for r in RULES.values() if r.is_red_flag}
    assert red_flag_articles == {"when-to-see-a-doctor"}


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text))


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_each_rule_is_written_for_people(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert 2 <= sentences(rule.advice) <= 4, rule.advice
    assert rule.sources and all(" — " in source for source in rule.sources)
    assert rule.title[0].isupper() and not rule.title.endswith(".")
    if rule.is_red_flag:
        assert re.search(r"\b(doctor|GP|NHS 111|medical help)\b", rule.advice)
    if rule.level == "urgent":
        assert "urgent medical help" in rule.advice
        assert "NHS 111" in rule.advice and "emergency" in rule.advice


def test_no_rule_fires_when_every_fact_is_unknown() -> None:
    unknown = dict.fromkeys(CATALOGUE, None)
    assert evaluate(RULES.values(), unknown) == []


def test_no_rule_fires_on_a_quiet_diary() -> None:
    assert [f.id for f in evaluate(RULES.values(), quiet())] == []


# -- thresholds: just below, at, just above ----------------------------------------------------
SYMPTOM_FLAGS = [
    ("swallowing-speech-breathing", "symptom_swallowing_speech_breathing_30d"),
    ("weakness", "symptom_weakness_30d"),
    ("muscle-wasting", "symptom_muscle_wasting_30d"),
    ("numbness-tingling", "symptom_numbness_tingling_30d"),
    ("eyelid-face", "symptom_eyelid_closes_fully_30d"),
    ("several-areas", "symptom_spreading_30d"),
]


@pytest.mark.parametrize(("rule_id", "fact"), SYMPTOM_FLAGS)
@pytest.mark.parametrize(("count", "expected"), [(0, False), (1, True), (2, True)])
def test_symptom_red_flags_fire_from_one_episode(
    rule_id: str, fact: str, count: int, expected: bool
) -> None:
    assert fires(rule_id, **{fact: count}) is expected


@pytest.mark.parametrize(
    ("rule_id", "fact", "below", "at", "above", "fires_at"),
    [
        ("same-area-two-weeks", "longest_region_run_days", 13, 14, 15, False),  # > 14
        ("several-areas", "body_areas_14d", 1, 2, 3, True),  # >= 2
        ("several-areas", "regions_spread", 2, 3, 4, True),  # >= 3
        ("new-medicine", "new_medicine_14d", 0, 1, 2, True),  # == 1 (a yes/no fact)
    ],
)
def test_red_flag_thresholds(
    rule_id: str, fact: str, below: float, at: float, above: float, fires_at: bool
) -> None:
    assert fires(rule_id, **{fact: below}) is False
    assert fires(rule_id, **{fact: at}) is fires_at
    if fact != "new_medicine_14d":  # a yes/no fact has no "above"
        assert fires(rule_id, **{fact: above}) is True


@pytest.mark.parametrize(
    ("eyelid", "beyond", "expected"), [(0, 1, False), (1, 0, False), (1, 1, True), (2, 2, True)]
)
def test_eyelid_with_other_face_regions(eyelid: int, beyond: int, expected: bool) -> None:
    changes = {"eyelid_episodes_14d": eyelid, "face_regions_beyond_eyelids_14d": beyond}
    assert fires("eyelid-face", **changes) is expected


@pytest.mark.parametrize(
    ("rule_id", "fact", "below", "at", "above", "fires_at"),
    [
        ("caffeine-high", "caffeine_avg_7d_mg", 399.9, 400, 400.1, False),
        ("short-sleep", "sleep_avg_7d_h", 6.9, 7, 7.1, False),  # fires BELOW 7 h
        ("short-sleep", "short_sleep_nights_7d", 1, 2, 3, True),
        ("high-stress", "stress_avg_7d", 5.9, 6, 6.1, True),
        ("alcohol", "alcohol_units_7d", 13.9, 14, 14.1, False),
        ("exercise-before-twitches", "episodes_after_exercise_7d", 1, 2, 3, True),
        ("not-enough-data", "days_logged_14d", 6, 7, 8, False),  # fires BELOW 7
        ("getting-better", "episodes_change_7d", -1, 0, 1, False),  # fires below 0
    ],
)
def test_cause_and_info_thresholds(
    rule_id: str, fact: str, below: float, at: float, above: float, fires_at: bool
) -> None:
    below_fires = rule_id in ("short-sleep", "not-enough-data", "getting-better") and (
        fact != "short_sleep_nights_7d"
    )
    changes: dict[str, FactValue] = {}
    if rule_id == "getting-better":
        changes["episodes_prev_7d"] = 3
    assert fires(rule_id, **changes, **{fact: below}) is below_fires
    assert fires(rule_id, **changes, **{fact: at}) is fires_at
    assert fires(rule_id, **changes, **{fact: above}) is not below_fires


@pytest.mark.parametrize(
    "rule_id", ["caffeine-high", "short-sleep", "high-stress", "alcohol", "diuretic-or-steroid"]
)
def test_causes_need_at_least_two_episodes_this_week(rule_id: str) -> None:
    strong = {
        "caffeine_avg_7d_mg": 800.0,
        "sleep_avg_7d_h": 4.0,
        "short_sleep_nights_7d": 7,
        "stress_avg_7d": 9.0,
        "alcohol_units_7d": 40.0,
        "active_medicine_diuretic": 1,
    }
    assert fires(rule_id, **strong, episodes_7d=2)
    assert not fires(rule_id, **strong, episodes_7d=1)


@pytest.mark.parametrize("category", ["diuretic", "corticosteroid"])
def test_diuretic_or_steroid(category: str) -> None:
    assert fires("diuretic-or-steroid", **{f"active_medicine_{category}": 1})
    assert not fires("diuretic-or-steroid", active_medicine_stimulant=1)


@pytest.mark.parametrize("category", ["magnesium", "b12", "iron", "supplement"])
def test_supplements(category: str) -> None:
    assert fires("supplements", **{f"active_medicine_{category}": 1})
    assert not fires("supplements", active_medicine_other=1)


def test_getting_better_needs_a_real_previous_week() -> None:
    assert fires("getting-better", episodes_prev_7d=3, episodes_change_7d=-1)
    assert not fires("getting-better", episodes_prev_7d=2, episodes_change_7d=-2)


def test_eyelid_common_only_without_warning_signs() -> None:
    assert fires("eyelid-common", eyelid_only_14d=1, longest_region_run_days=14)
    assert not fires("eyelid-common", eyelid_only_14d=1, longest_region_run_days=15)
    assert not fires("eyelid-common", eyelid_only_14d=1, episodes_with_symptoms_30d=1)
    assert not fires("eyelid-common", eyelid_only_14d=0)


# -- red flags end to end, from logged data --------------------------------------------------
def at(days_ago: int, hour: int = 12) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), time(hour), tzinfo=CET)


def fired_ids(diary: Diary) -> set[str]:
    return {f.id for f in advise(diary, TODAY).shown}


@pytest.mark.parametrize(("first_day", "expected"), [(14, False), (15, False), (16, True)])
def test_same_place_for_more_than_two_weeks_from_the_diary(
    diary: Diary, first_day: int, expected: bool
) -> None:
    # Runs end yesterday: 13, 14 and 15 days from first to last episode.
    for days_ago in range(first_day, 0, -5):
        diary.add_episode(episode(at(days_ago), region_id="calf", side="left"))
    diary.add_episode(episode(at(1), region_id="calf", side="left"))
    assert ("same-area-two-weeks" in fired_ids(diary)) is expected


@pytest.mark.parametrize(("days_ago", "expected"), [(29, True), (30, False)])
def test_weakness_from_the_diary_lasts_30_days(diary: Diary, days_ago: int, expected: bool) -> None:
    diary.add_episode(episode(at(days_ago), symptoms=frozenset({"weakness"})))
    assert ("weakness" in fired_ids(diary)) is expected


@pytest.mark.parametrize(("started_before", "expected"), [(13, True), (14, True), (15, False)])
def test_new_medicine_from_the_diary(diary: Diary, started_before: int, expected: bool) -> None:
    diary.add_episode(episode(at(3)))
    diary.add_medication(
        MedicationDraft(
            "Prednisolone", "corticosteroid", TODAY - timedelta(days=3 + started_before)
        )
    )
    assert ("new-medicine" in fired_ids(diary)) is expected


def test_eyelid_then_cheek_is_twitching_across_the_face(diary: Diary) -> None:
    diary.add_episode(episode(at(2), region_id="upper_eyelid"))
    diary.add_episode(episode(at(1), region_id="lower_eyelid"))
    assert "eyelid-face" not in fired_ids(diary)
    diary.add_episode(episode(at(0), region_id="cheek"))
    assert "eyelid-face" in fired_ids(diary)


def test_caffeine_from_the_diary_ignores_unrecorded_days(diary: Diary) -> None:
    diary.add_all(
        episodes=[episode(at(1)), episode(at(2))],
        days=[
            DailyFactors(TODAY - timedelta(days=d), caffeine_mg=mg)
            for d, mg in [(0, 520.0), (1, None), (2, 520.0), (3, 280.0)]
        ],
    )
    advice = advise(diary, TODAY)
    caffeine = next(f for f in advice.shown if f.id == "caffeine-high")
    assert caffeine.reasons()[0] == (
        "Average caffeine a day over the last 7 days: 440 mg (rule: more than 400 mg)"
    )
    assert [c.held for c in caffeine.conditions] == [True, True]


# -- evaluation: every leaf, three-valued logic -----------------------------------------------
def write_rules(folder: Path, text: str, name: str = "test.toml") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def one_rule(when: str, rule_id: str = "r", level: str = "info", **fields: str) -> str:
    values = {
        "id": f'"{rule_id}"',
        "level": f'"{level}"',
        "title": '"A title"',
        "when": when,
        "advice": '"Some advice. More advice."',
        "article": '"when-to-see-a-doctor#medicines"',
        "sources": '["NHS — Twitching eyes and muscles"]',
    }
    values.update(fields)
    lines = [f"{key} = {value}" for key, value in values.items() if value != "OMIT"]
    return "[[rule]]\n" + "\n".join(lines) + "\n"


def load_one(tmp_path: Path, when: str) -> Rule:
    write_rules(tmp_path / "rules", one_rule(when))
    (rule,) = load_rules(tmp_path / "rules", articles=ARTICLES)
    return rule


A = '{ fact = "episodes_7d", op = ">=", value = 3 }'
B = '{ fact = "caffeine_avg_7d_mg", op = ">", value = 400 }'


@pytest.mark.parametrize(
    ("when", "facts", "expected"),
    [
        (f"{{ all = [{A}, {B}] }}", {"episodes_7d": 3, "caffeine_avg_7d_mg": 401}, True),
        (f"{{ all = [{A}, {B}] }}", {"episodes_7d": 3, "caffeine_avg_7d_mg": None}, False),
        (f"{{ any = [{A}, {B}] }}", {"episodes_7d": 3, "caffeine_avg_7d_mg": None}, True),
        (f"{{ any = [{A}, {B}] }}", {"episodes_7d": 2, "caffeine_avg_7d_mg": None}, False),
        (f"{{ not = {B} }}", {"episodes_7d": 2, "caffeine_avg_7d_mg": 300}, True),
        # Unknown stays unknown through `not`: missing data never makes a rule fire.
        (f"{{ not = {B} }}", {"episodes_7d": 2, "caffeine_avg_7d_mg": None}, False),
        (f"{{ not = {{ not = {B} }} }}", {"caffeine_avg_7d_mg": None}, False),
        (
            f"{{ not = {{ all = [{A}, {B}] }} }}",
            {"episodes_7d": 1, "caffeine_avg_7d_mg": None},
            True,
        ),
        ('{ fact = "episodes_7d", op = "in", value = [1, 3] }', {"episodes_7d": 3}, True),
        ('{ fact = "episodes_7d", op = "in", value = [1, 3] }', {"episodes_7d": 2}, False),
        ('{ fact = "episodes_7d", op = "!=", value = 0 }', {"episodes_7d": 0}, False),
        ('{ fact = "episodes_7d", op = "<=", value = 0 }', {"episodes_7d": 0}, True),
    ],
)
def test_condition_trees(
    tmp_path: Path, when: str, facts: Mapping[str, FactValue], expected: bool
) -> None:
    assert (evaluate_rule(load_one(tmp_path, when), facts) is not None) is expected


def test_every_leaf_is_reported_with_its_actual_value(tmp_path: Path) -> None:
    rule = load_one(tmp_path, f"{{ any = [{A}, {{ not = {B} }}] }}")
    fired = evaluate_rule(rule, {"episodes_7d": 5, "caffeine_avg_7d_mg": 520.0})
    assert fired is not None
    first, second = fired.conditions  # no short cut: the second leaf is there too
    assert (first.fact, first.actual, first.held, first.negated) == ("episodes_7d", 5, True, False)
    assert (second.actual, second.held, second.negated) == (520.0, True, True)
    assert first.supports and not second.supports
    assert second.describe() == (
        "Average caffeine a day over the last 7 days: 520 mg (rule: not more than 400 mg)"
    )
    assert (
        fired.reasons()[0] == "Episodes in the last 7 days: 5 episodes (rule: at least 3 episodes)"
    )


def test_unknown_values_are_described_as_not_recorded(tmp_path: Path) -> None:
    rule = load_one(tmp_path, f"{{ any = [{A}, {B}] }}")
    fired = evaluate_rule(rule, {"episodes_7d": 3, "caffeine_avg_7d_mg": None})
    assert fired is not None
    assert fired.conditions[1].held is False and not fired.conditions[1].known
    assert "not recorded (rule: more than 400 mg)" in fired.reasons()[1]


def test_fired_rules_are_ordered_by_level() -> None:
    facts = quiet(
        symptom_weakness_30d=1,
        symptom_swallowing_speech_breathing_30d=1,
        caffeine_avg_7d_mg=500.0,
        days_logged_14d=3,
    )
    fired = evaluate(sorted(RULES.values(), key=lambda r: r.id), facts)
    assert [f.id for f in fired] == [
        "swallowing-speech-breathing",
        "weakness",
        "caffeine-high",
        "not-enough-data",
    ]


# -- loader errors name the file and the rule --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "rule_id", "message"),
    [
        (
            one_rule('{ fact = "coffee_cups", op = ">", value = 4 }'),
            "r",
            "unknown fact 'coffee_cups'",
        ),
        (one_rule('{ fact = "episodes_7d", op = "=>", value = 4 }'), "r", "unknown operator '=>'"),
        (one_rule('{ fact = "episodes_7d", op = "~", value = 4 }'), "r", "unknown operator"),
        (one_rule(A, level="warning"), "r", "bad level 'warning'"),
        (one_rule(A, article="OMIT"), "r", "missing 'article'"),
        (one_rule(A, article='"no-such-article"'), "r", "unknown article 'no-such-article'"),
        (one_rule(A, article='"when-to-see-a-doctor#nowhere"'), "r", "no section with anchor"),
        (one_rule(A, article='""'), "r", "'article' must be non-empty"),
        (one_rule(A, title="OMIT", sources="OMIT"), "r", "missing 'sources', 'title'"),
        (one_rule("OMIT"), "r", "missing 'when'"),
        (one_rule(A, sources="[]"), "r", "'sources' must be a non-empty list"),
        (one_rule(A, artcle='"x"'), "r", "unknown key(s) artcle"),
        (one_rule(A, rule_id="Bad Id"), "Bad Id", "id must be lower-case"),
        (one_rule(A, id="OMIT"), "#1", "missing 'id'"),
        (one_rule('{ fact = "episodes_7d", op = ">", value = "4" }'), "r", "must be a number"),
        (one_rule('{ fact = "episodes_7d", op = ">", value = true }'), "r", "must be a number"),
        (one_rule('{ fact = "episodes_7d", op = "in", value = 3 }'), "r", "'in' needs a non-empty"),
        (one_rule("{ all = [] }"), "r", "'all' needs a non-empty list"),
        (one_rule(f"{{ all = [{A}], any = [{B}] }}"), "r", "a condition is"),
        (one_rule('{ fact = "episodes_7d", op = ">" }'), "r", "a condition is"),
        (one_rule("{ not = [] }"), "r", "must be a table"),
        (one_rule(A) + one_rule(B), "r", "duplicate id"),
        (one_rule(A) + one_rule(B, rule_id="second", level="nope"), "second", "bad level"),
        ("[[rule]\nid = 1", None, "not valid TOML"),
        ("rules = []\n", None, "unknown top-level key(s) rules"),
    ],
)
def test_loader_errors_name_file_and_rule(
    tmp_path: Path, text: str, rule_id: str | None, message: str
) -> None:
    write_rules(tmp_path / "rules", one_rule(A, rule_id="fine"), "a-good.toml")
    write_rules(tmp_path / "rules", text, "broken.toml")
    with pytest.raises(RuleError) as caught:
        load_rules(tmp_path / "rules", articles=ARTICLES)
    error = caught.value
    assert error.path.name == "broken.toml"
    assert error.rule_id == rule_id
    assert message in str(error)
    assert str(error).startswith("broken.toml" + (f": rule '{rule_id}'" if rule_id else ""))


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write_rules(tmp_path / "rules", one_rule(A, rule_id="same"), "a.toml")
    write_rules(tmp_path / "rules", one_rule(B, rule_id="same"), "b.toml")
    with pytest.raises(RuleError, match=r"^b\.toml: rule 'same': duplicate id \(also in a\.toml\)"):
        load_rules(tmp_path / "rules", articles=ARTICLES)


def test_an_empty_rules_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    with pytest.raises(RuleError, match="no rule files"):
        load_rules(tmp_path / "rules", articles=ARTICLES)


def test_the_known_facts_can_be_given(tmp_path: Path) -> None:
    write_rules(tmp_path / "rules", one_rule('{ fact = "custom", op = ">", value = 1 }'))
    (rule,) = load_rules(tmp_path / "rules", facts={"custom"}, articles=ARTICLES)
    assert evaluate_rule(rule, {"custom": 2}) is not None


def test_article_anchors_are_read_from_headings(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text(
        "# One\n\n## Caffeine: how much is *too* much?\n\n```\n## Not a heading\n```\n"
        "### [Linked](other.md) heading ##\n",
        encoding="utf-8",
    )
    assert scan_articles(tmp_path) == {
        "one": frozenset({"one", "caffeine-how-much-is-too-much", "linked-heading"})
    }
    real = scan_articles()
    assert {"get-help-urgently", "see-a-doctor-soon", "eyelid-and-face", "medicines"} <= real[
        "when-to-see-a-doctor"
    ]
    assert "what-is-not-usually-a-worry" in real["when-to-see-a-doctor"]


# -- dismiss and snooze ---------------------------------------------------------------------
def test_red_flags_can_be_snoozed_but_not_dismissed() -> None:
    weakness, caffeine = RULES["weakness"], RULES["caffeine-high"]
    with pytest.raises(ValueError, match="snoozed, not dismissed"):
        dismissed(weakness, datetime(2026, 3, 14, 9, 0))
    assert snoozed(weakness, TODAY).snoozed_until == TODAY + timedelta(days=7)
    assert snoozed(RULES["swallowing-speech-breathing"], TODAY).snoozed_until == TODAY + timedelta(
        days=1
    )
    assert dismissed(caffeine, datetime(2026, 3, 14, 9, 0)).dismissed_at is not None
    # A red flag marked dismissed anyway (an old database, a hand edit) still shows.
    forced = AdviceStateRecord("weakness", dismissed_at=datetime(2026, 3, 1))
    assert hidden_because(weakness, forced, TODAY) is None
    assert hidden_because(caffeine, AdviceStateRecord("caffeine-high", datetime(2026, 3, 1)), TODAY)


@pytest.mark.parametrize(("days_later", "hidden"), [(6, True), (7, False), (8, False)])
def test_a_snoozed_red_flag_returns_when_it_fires_after_the_snooze(
    diary: Diary, days_later: int, hidden: bool
) -> None:
    diary.add_episode(episode(at(0), symptoms=frozenset({"weakness"})))
    diary.set_advice_state(snoozed(RULES["weakness"], TODAY))
    later = TODAY + timedelta(days=days_later)
    advice = advise(diary, later)
    (item,) = [i for i in advice.items if i.fired.id == "weakness"]
    assert item.hidden is hidden
    assert ("weakness" in {f.id for f in advice.shown}) is not hidden
    if hidden:
        assert item.hidden_because == f"snoozed until {(TODAY + timedelta(days=7)).isoformat()}"


def test_dismissed_self_care_stays_hidden(diary: Diary) -> None:
    diary.add_all(
        episodes=[episode(at(1)), episode(at(2))],
        days=[DailyFactors(TODAY, caffeine_mg=900.0)],
    )
    assert "caffeine-high" in fired_ids(diary)
    diary.set_advice_state(dismissed(RULES["caffeine-high"], datetime(2026, 3, 14, 8, 0)))
    advice = advise(diary, TODAY + timedelta(days=3))
    assert "caffeine-high" not in {f.id for f in advice.shown}
    assert [i.hidden_because for i in advice.hidden if i.fired.id == "caffeine-high"] == [
        "dismissed"
    ]


# -- the command line -------------------------------------------------------------------------
def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="twitchdesk")
    cli_advice.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["advice", *argv])


def test_cli_prints_advice_with_reasons(diary: Diary) -> None:
    diary.add_episode(episode(at(1), symptoms=frozenset({"weakness"})))
    out = io.StringIO()
    assert cli_advice.run(parse("--date", TODAY.isoformat()), diary, out) == 0
    text = " ".join(out.getvalue().split())  # lines are wrapped for the terminal
    assert text.startswith(f"Advice for {TODAY.isoformat()}: 2 items")
    assert "SEE A DOCTOR: Twitching with weakness or stiffness" in text
    assert (
        "[x] Episodes with “weakness or stiffness” in the last 30 days: 1 episode "
        "(rule: at least 1 episode)" in text
    )
    assert "Read more: when-to-see-a-doctor#see-a-doctor-soon" in text
    assert text.index("Twitching with weakness") < text.index("A few more check-ins")
    assert "TwitchDesk does not diagnose." in text


def test_cli_json(diary: Diary) -> None:
    diary.add_all(
        episodes=[episode(at(1)), episode(at(2))],
        days=[DailyFactors(TODAY - timedelta(days=d), caffeine_mg=520.0) for d in range(7)],
    )
    diary.set_advice_state(AdviceStateRecord("caffeine-high", snoozed_until=TODAY))
    out = io.StringIO()
    assert cli_advice.run(parse("--json", "--date", TODAY.isoformat()), diary, out) == 0
    items = json.loads(out.getvalue())
    (caffeine,) = [i for i in items if i["id"] == "caffeine-high"]
    assert caffeine["level"] == "self-care"
    assert caffeine["article"] == "causes-caffeine-alcohol#how-much-is-too-much"
    assert caffeine["hidden"] is None  # a snooze ending today is over
    assert caffeine["conditions"][0] == {
        "fact": "caffeine_avg_7d_mg",
        "op": ">",
        "value": 400,
        "actual": 520.0,
        "held": True,
        "negated": False,
        "text": "Average caffeine a day over the last 7 days: 520 mg (rule: more than 400 mg)",
    }
    for key in ("title", "advice", "sources"):
        assert caffeine[key]


def test_cli_rejects_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse("--date", "14/03/2026")
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_cli_reports_broken_rules(
    diary: Diary, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuleError(Path("causes.toml"), "caffeine-high", "unknown fact 'cups'")

    monkeypatch.setattr("twitchdesk.core.rules.shipped_rules", broken)
    assert cli_advice.run(parse(), diary, io.StringIO()) == 1
    assert "causes.toml: rule 'caffeine-high': unknown fact 'cups'" in capsys.readouterr().err


def test_red_flag_levels_are_the_first_two() -> None:
    assert LEVELS[:2] == ("urgent", "see-doctor")
    assert set(LEVELS[:2]) == RED_FLAG_LEVELS


def test_advice_leaves_the_cycle_collector_as_it_was(
    diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from twitchdesk.core.rules import advise

    seen: list[bool] = []
    real_evaluate = rules_module.evaluate

    def watching(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real_evaluate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rules_module, "evaluate", watching)
    advise(diary)
    assert seen == [False]  # paused while the facts and rules are worked out
    assert gc.isenabled()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuleError(Path("causes.toml"), "caffeine-high", "unknown fact 'cups'")

    monkeypatch.setattr(rules_module, "shipped_rules", broken)
    with pytest.raises(RuleError):
        advise(diary)
    assert gc.isenabled()

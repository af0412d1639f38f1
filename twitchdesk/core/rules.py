"""Advice rules: loaded from `resources/rules/*.toml`, checked, and evaluated over the facts.

A rule file holds `[[rule]]` tables::

    [[rule]]
    id = "caffeine-high"
    level = "self-care"                  # urgent | see-doctor | self-care | info
    title = "Your caffeine is above the usual daily limit"
    when = { all = [ { fact = "caffeine_avg_7d_mg", op = ">", value = 400 },
                     { fact = "episodes_7d", op = ">=", value = 2 } ] }
    advice = "..."
    article = "causes-caffeine-alcohol#how-much-is-too-much"
    sources = ["Mayo Clinic — Caffeine: how much is too much?"]

`when` is a tree of `all` / `any` (non-empty lists) and `not` (one condition) over leaves
`{fact, op, value}`. Operators come from a fixed table; nothing is ever `eval`ed. Every mistake is
a RuleError naming the file and the rule, found when the files load rather than when a user's data
happens to reach the broken rule.

Unknown values: a fact that is None ("not recorded") makes its leaf unknown, and unknown stays
unknown through `not`, so a rule can never fire because data is missing (three-valued logic:
`all` is false if any part is false, `any` true if any part is true, otherwise unknown).

Evaluation keeps every leaf with the user's actual value, so the UI and the command line can say
in plain words why a rule fired.
"""

from __future__ import annotations

import operator
import re
import tomllib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twitchdesk.core.collection import cycle_collection_paused
from twitchdesk.core.facts import (
    CATALOGUE,
    FactSheet,
    FactValue,
    compute_fact_sheet,
    format_value,
    local_today,
)
from twitchdesk.resources import resource_path
from twitchdesk.storage.records import AdviceStateRecord

if TYPE_CHECKING:
    from twitchdesk.core.regions import RegionAtlas
    from twitchdesk.storage.repository import Diary

LEVELS: tuple[str, ...] = ("urgent", "see-doctor", "self-care", "info")
LEVEL_LABELS: Mapping[str, str] = {
    "urgent": "Get help urgently",
    "see-doctor": "See a doctor",
    "self-care": "Things you can try",
    "info": "For your information",
}
# Red flags can be put off for a while but never dismissed for good.
RED_FLAG_LEVELS: frozenset[str] = frozenset({"urgent", "see-doctor"})
SNOOZE_DAYS: Mapping[str, int] = {"urgent": 1, "see-doctor": 7, "self-care": 7, "info": 7}

OPERATORS: Mapping[str, Callable[[float, Any], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    "in": lambda actual, allowed: actual in allowed,
}
OPERATOR_WORDS: Mapping[str, str] = {
    ">": "more than",
    ">=": "at least",
    "<": "less than",
    "<=": "at most",
    "==": "",
    "!=": "not",
    "in": "",
}
RULE_KEYS = frozenset({"id", "level", "title", "when", "advice", "article", "sources"})
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NON_ALNUM = re.compile(r"[\W_]+")


class RuleError(ValueError):
    """A rule file that does not follow the format; says which file, which rule, and what."""

    def __init__(self, path: Path | str, rule_id: str | None, message: str) -> None:
        self.path = Path(path)
        self.rule_id = rule_id
        self.message = message
        where = f"{self.path.name}: rule '{rule_id}'" if rule_id else self.path.name
        super().__init__(f"{where}: {message}")


# -- the tree ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Condition:
    fact: str
    op: str
    value: float | tuple[float, ...]


@dataclass(frozen=True)
class AllOf:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Condition | AllOf | AnyOf | Not


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    title: str
    advice: str
    article: str  # "article-id" or "article-id#anchor"
    sources: tuple[str, ...]
    when: Node
    path: Path

    @property
    def article_id(self) -> str:
        return self.article.partition("#")[0]

    @property
    def anchor(self) -> str | None:
        return self.article.partition("#")[2] or None

    @property
    def is_red_flag(self) -> bool:
        return self.level in RED_FLAG_LEVELS

    @property
    def can_dismiss(self) -> bool:
        return not self.is_red_flag

    @property
    def snooze_days(self) -> int:
        return SNOOZE_DAYS[self.level]


@dataclass(frozen=True)
class ConditionResult:
    """One leaf as evaluated: the rule's threshold, the user's value, and whether it held."""

    fact: str
    op: str
    value: float | tuple[float, ...]
    actual: FactValue
    held: bool  # the comparison itself; False when the value is unknown
    negated: bool = False  # inside an odd number of `not`s: the rule wants it NOT to hold
    detail: str = ""  # what the value refers to, e.g. "left calf"

    @property
    def known(self) -> bool:
        return self.actual is not None

    @property
    def supports(self) -> bool:
        """True if this leaf pushes the rule towards firing."""
        return self.known and self.held != self.negated

    def threshold(self) -> str:
        """'more than 400 mg', 'not at least 3 episodes', 'yes'."""
        words = OPERATOR_WORDS[self.op]
        value = format_value(self.fact, self.value)
        text = f"{words} {value}" if words else value
        return f"not {text}" if self.negated else text

    def describe(self) -> str:
        """'Average caffeine a day over the last 7 days: 520 mg (rule: more than 400 mg)'."""
        label = CATALOGUE[self.fact].description
        if self.detail:
            label = f"{label} ({self.detail})"
        actual = format_value(self.fact, self.actual)
        return f"{label}: {actual} (rule: {self.threshold()})"


@dataclass(frozen=True)
class FiredRule:
    rule: Rule
    conditions: tuple[ConditionResult, ...]

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def level(self) -> str:
        return self.rule.level

    def reasons(self) -> list[str]:
        return [condition.describe() for condition in self.conditions]


@dataclass(frozen=True)
class AdviceItem:
    fired: FiredRule
    hidden_because: str | None = None  # "dismissed", "snoozed until 2026-03-21"

    @property
    def hidden(self) -> bool:
        return self.hidden_because is not None


@dataclass(frozen=True)
class Advice:
    """The result of one evaluation: facts, and every fired rule with its dismiss/snooze status."""

    today: date
    facts: FactSheet
    items: tuple[AdviceItem, ...]

    @property
    def shown(self) -> list[FiredRule]:
        return [item.fired for item in self.items if not item.hidden]

    @property
    def hidden(self) -> list[AdviceItem]:
        return [item for item in self.items if item.hidden]


# -- articles ------------------------------------------------------------------------------
def slug(heading: str) -> str:
    """A heading's anchor: lower case, runs of non-alphanumerics become one "-"."""
    return _NON_ALNUM.sub("-", heading.lower()).strip("-")


def scan_articles(directory: Path | None = None) -> dict[str, frozenset[str]]:
    """article id -> its section anchors, read from `*.md` headings (code fences skipped)."""
    folder = resource_path("articles") if directory is None else Path(directory)
    articles: dict[str, frozenset[str]] = {}
    for path in sorted(folder.glob("*.md")):
        anchors: set[str] = set()
        fence: str | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            marker = _FENCE.match(line)
            if marker:
                if fence is None:
                    fence = marker.group(1)[0]
                elif marker.group(1)[0] == fence:
                    fence = None
                continue
            heading = _HEADING.match(line) if fence is None else None
            if heading:
                text = _INLINE_LINK.sub(r"\1", heading.group(1))
                anchors.add(slug(text.replace("*", "").replace("`", "")))
        articles[path.stem] = frozenset(anchors)
    return articles


# -- loading -------------------------------------------------------------------------------
def rules_dir() -> Path:
    return resource_path("rules")


@lru_cache(maxsize=1)
def shipped_rules() -> tuple[Rule, ...]:
    """The rules that come with the app, read and checked once per process (they never change
    while it runs; parsing them took ~20 ms of every evaluation)."""
    return tuple(load_rules())


def load_rules(
    directory: Path | None = None,
    *,
    facts: Collection[str] | None = None,
    articles: Mapping[str, Collection[str]] | None = None,
) -> list[Rule]:
    """Every rule in `directory/*.toml` (default: the shipped rules), files in name order.

    `facts` are the fact names a rule may use (default: the catalogue) and `articles` maps each
    article id to its anchors (default: read from the shipped articles)."""
    folder = rules_dir() if directory is None else Path(directory)
    known_facts = frozenset(CATALOGUE if facts is None else facts)
    known_articles = scan_articles() if articles is None else articles
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise RuleError(folder, None, "no rule files (*.toml) in this folder")
    for path in paths:
        for rule in parse_rule_file(path, known_facts, known_articles):
            if rule.id in seen:
                raise RuleError(path, rule.id, f"duplicate id (also in {seen[rule.id].name})")
            seen[rule.id] = path
            rules.append(rule)
    return rules


def parse_rule_file(
    path: Path, facts: Collection[str], articles: Mapping[str, Collection[str]]
) -> list[Rule]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RuleError(path, None, f"not valid TOML ({error})") from None
    extra = set(data) - {"rule"}
    if extra:
        raise RuleError(path, None, f"unknown top-level key(s) {', '.join(sorted(extra))}")
    tables = data.get("rule", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise RuleError(path, None, "rules must be [[rule]] tables")
    rules: list[Rule] = []
    seen: set[str] = set()
    for position, table in enumerate(tables, start=1):
        rule = _parse_rule(path, position, table, facts, articles)
        if rule.id in seen:
            raise RuleError(path, rule.id, "duplicate id")
        seen.add(rule.id)
        rules.append(rule)
    return rules


def _parse_rule(
    path: Path,
    position: int,
    table: dict[str, Any],
    facts: Collection[str],
    articles: Mapping[str, Collection[str]],
) -> Rule:
    raw_id = table.get("id")
    rule_id = raw_id if isinstance(raw_id, str) and raw_id else f"#{position}"

    def fail(message: str) -> RuleError:
        return RuleError(path, rule_id, message)

    missing = [key for key in sorted(RULE_KEYS) if key not in table]
    if missing:
        raise fail(f"missing {', '.join(repr(key) for key in missing)}")
    unknown = set(table) - RULE_KEYS
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(unknown))}")
    if not isinstance(raw_id, str) or not _ID.match(raw_id):
        raise fail("id must be lower-case words joined by '-', e.g. 'caffeine-high'")
    level = table["level"]
    if level not in LEVELS:
        raise fail(f"bad level {level!r}: use one of {', '.join(LEVELS)}")
    for key in ("title", "advice", "article"):
        if not isinstance(table[key], str) or not table[key].strip():
            raise fail(f"{key!r} must be non-empty text")
    sources = table["sources"]
    if (
        not isinstance(sources, list)
        or not sources
        or not all(isinstance(s, str) and s.strip() for s in sources)
    ):
        raise fail("'sources' must be a non-empty list of text")
    article = table["article"].strip()
    article_id, _, anchor = article.partition("#")
    if article_id not in articles:
        raise fail(f"unknown article {article_id!r}")
    if "#" in article and anchor not in articles[article_id]:
        raise fail(f"article {article_id!r} has no section with anchor {anchor!r}")
    when = _parse_node(table["when"], facts, fail)
    return Rule(
        id=raw_id,
        level=level,
        title=table["title"].strip(),
        advice=" ".join(table["advice"].split()),  # TOML multi-line strings read as one paragraph
        article=article,
        sources=tuple(s.strip() for s in sources),
        when=when,
        path=path,
    )


def _parse_node(raw: Any, facts: Collection[str], fail: Callable[[str], RuleError]) -> Node:
    if not isinstance(raw, dict):
        raise fail(f"a condition must be a table, not {raw!r}")
    keys = set(raw)
    if keys in ({"all"}, {"any"}):
        (key,) = keys
        children = raw[key]
        if not isinstance(children, list) or not children:
            raise fail(f"'{key}' needs a non-empty list of conditions")
        parsed = tuple(_parse_node(child, facts, fail) for child in children)
        return AllOf(parsed) if key == "all" else AnyOf(parsed)
    if keys == {"not"}:
        return Not(_parse_node(raw["not"], facts, fail))
    if keys == {"fact", "op", "value"}:
        return _parse_condition(raw, facts, fail)
    raise fail(
        f"a condition is {{all = [...]}}, {{any = [...]}}, {{not = {{...}}}} or "
        f"{{fact, op, value}}; got keys {', '.join(sorted(keys)) or 'none'}"
    )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _parse_condition(
    raw: dict[str, Any], facts: Collection[str], fail: Callable[[str], RuleError]
) -> Condition:
    fact, op, value = raw["fact"], raw["op"], raw["value"]
    if not isinstance(fact, str) or fact not in facts:
        raise fail(f"unknown fact {fact!r}")
    if not isinstance(op, str) or op not in OPERATORS:
        raise fail(f"unknown operator {op!r}: use one of {' '.join(OPERATORS)}")
    if op == "in":
        if not isinstance(value, list) or not value or not all(_is_number(v) for v in value):
            raise fail(f"'in' needs a non-empty list of numbers for {fact!r}")
        return Condition(fact, op, tuple(value))
    if not _is_number(value):
        raise fail(f"value for {fact!r} must be a number, not {value!r}")
    return Condition(fact, op, value)


# -- evaluating ------------------------------------------------------------------------------
def _evaluate(
    node: Node,
    facts: Mapping[str, FactValue],
    details: Mapping[str, str],
    negated: bool,
    out: list[ConditionResult],
) -> bool | None:
    """True, False, or None for unknown. Every leaf is visited (no short cut) and recorded."""
    if isinstance(node, Condition):
        actual = facts.get(node.fact)
        held = actual is not None and OPERATORS[node.op](actual, node.value)
        out.append(
            ConditionResult(
                node.fact, node.op, node.value, actual, held, negated, details.get(node.fact, "")
            )
        )
        return None if actual is None else held
    if isinstance(node, Not):
        inner = _evaluate(node.child, facts, details, not negated, out)
        return None if inner is None else not inner
    results = [_evaluate(child, facts, details, negated, out) for child in node.children]
    if isinstance(node, AllOf):
        if False in results:
            return False
        return None if None in results else True
    if True in results:
        return True
    return None if None in results else False


def evaluate_rule(
    rule: Rule, facts: Mapping[str, FactValue], details: Mapping[str, str] | None = None
) -> FiredRule | None:
    """The rule with its evaluated leaves if it fires, else None."""
    leaves: list[ConditionResult] = []
    if _evaluate(rule.when, facts, details or {}, False, leaves) is True:
        return FiredRule(rule, tuple(leaves))
    return None


def evaluate(
    rules: Iterable[Rule],
    facts: Mapping[str, FactValue] | FactSheet,
) -> list[FiredRule]:
    """Fired rules, most urgent level first (file order within a level)."""
    values: Mapping[str, FactValue] = facts.values if isinstance(facts, FactSheet) else facts
    details = facts.details if isinstance(facts, FactSheet) else {}
    fired = [f for rule in rules if (f := evaluate_rule(rule, values, details)) is not None]
    return sorted(fired, key=lambda f: LEVELS.index(f.level))


# -- dismiss and snooze ---------------------------------------------------------------------
def hidden_because(rule: Rule, state: AdviceStateRecord | None, today: date) -> str | None:
    """Why a fired rule is not shown today, or None if it is.

    A snooze lasts up to (not including) `snoozed_until`; after that the rule shows again
    whenever it fires. A red flag marked dismissed (an old state, an edited file) still shows."""
    if state is None:
        return None
    if state.dismissed_at is not None and rule.can_dismiss:
        return "dismissed"
    if state.snoozed_until is not None and today < state.snoozed_until:
        return f"snoozed until {state.snoozed_until.isoformat()}"
    return None


def snoozed(rule: Rule, today: date) -> AdviceStateRecord:
    return AdviceStateRecord(rule.id, snoozed_until=today + timedelta(days=rule.snooze_days))


def dismissed(rule: Rule, now: datetime) -> AdviceStateRecord:
    if not rule.can_dismiss:
        raise ValueError(f"'{rule.id}' is a warning sign: it can be snoozed, not dismissed")
    return AdviceStateRecord(rule.id, dismissed_at=now)


def apply_states(
    fired: Sequence[FiredRule], states: Mapping[str, AdviceStateRecord], today: date
) -> tuple[AdviceItem, ...]:
    return tuple(AdviceItem(f, hidden_because(f.rule, states.get(f.id), today)) for f in fired)


def advise(
    diary: Diary,
    today: date | None = None,
    rules: Sequence[Rule] | None = None,
    *,
    atlas: RegionAtlas | None = None,
) -> Advice:
    """Compute the facts, evaluate the rules and apply the user's dismiss/snooze choices."""
    today = today or local_today()
    with cycle_collection_paused():
        sheet = compute_fact_sheet(diary, today, atlas=atlas)
        fired = evaluate(shipped_rules() if rules is None else rules, sheet)
        return Advice(today, sheet, apply_states(fired, diary.advice_states(), today))


def fired_as_dict(item: FiredRule) -> dict[str, Any]:
    """A JSON-ready description of a fired rule (used by the command line and the report)."""
    return {
        "id": item.rule.id,
        "level": item.rule.level,
        "title": item.rule.title,
        "advice": item.rule.advice,
        "article": item.rule.article,
        "sources": list(item.rule.sources),
        "conditions": [
            {
                "fact": c.fact,
                "op": c.op,
                "value": list(c.value) if isinstance(c.value, tuple) else c.value,
                "actual": c.actual,
                "held": c.held,
                "negated": c.negated,
                "text": c.describe(),
            }
            for c in item.conditions
        ],
    }

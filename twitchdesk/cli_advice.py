"""`twitchdesk advice [--json] [--date YYYY-MM-DD]`: the Advice panel's evaluation, headless.

The text form is for people (each piece of advice with the reasons it fired); the JSON form is
for scripts and for checking the rules against a diary. Both list snoozed and dismissed advice
too, marked as such, because the command line is where someone goes to see everything.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from twitchdesk.cli_common import iso_date

if TYPE_CHECKING:
    from twitchdesk.storage.repository import Diary

DISCLAIMER = (
    "TwitchDesk does not diagnose. This is general information drawn from what you logged, "
    "not a substitute for a doctor. If you are worried, or something feels wrong, seek advice."
)
_WIDTH = 88


def add_parser(
    subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()
) -> argparse.ArgumentParser:
    """Register the `advice` sub-command on an argparse sub-parsers object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "advice",
        parents=list(parents),
        help="show the advice for your diary, with the reasons for each piece",
        description="Evaluate the advice rules on the diary, as the Advice panel does.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="evaluate as of this local date (default: today)",
    )
    return parser


def run(args: argparse.Namespace, diary: Diary, out: TextIO | None = None) -> int:
    """Print the evaluation; 0 on success, 1 if the rule files are broken."""
    from twitchdesk.core.rules import LEVEL_LABELS, RuleError, advise, fired_as_dict

    stream = out or sys.stdout
    try:
        advice = advise(diary, getattr(args, "date", None))
    except RuleError as error:
        print(f"twitchdesk: the advice rules could not be loaded: {error}", file=sys.stderr)
        return 1
    if getattr(args, "json", False):
        items = [
            {**fired_as_dict(item.fired), "hidden": item.hidden_because} for item in advice.items
        ]
        json.dump(items, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return 0

    write = stream.write
    shown = [item for item in advice.items if not item.hidden]
    noun = "item" if len(shown) == 1 else "items"
    write(f"Advice for {advice.today.isoformat()}: {len(shown)} {noun}\n")
    if not shown:
        write("\nNothing in your diary needs attention right now.\n")
    for item in shown:
        rule = item.fired.rule
        write(f"\n{LEVEL_LABELS[rule.level].upper()}: {rule.title}\n")
        write(textwrap.fill(rule.advice, _WIDTH, initial_indent="  ", subsequent_indent="  "))
        write("\n  Why you are seeing this:\n")
        for condition in item.fired.conditions:
            mark = "[x]" if condition.supports else "[ ]"
            write(
                textwrap.fill(
                    condition.describe(),
                    _WIDTH,
                    initial_indent=f"    {mark} ",
                    subsequent_indent="        ",
                )
                + "\n"
            )
        write(f"  Read more: {rule.article} (in the Reader)\n")
        sources = "Sources: " + "; ".join(rule.sources)
        write(textwrap.fill(sources, _WIDTH, initial_indent="  ", subsequent_indent="    ") + "\n")
    hidden = [item for item in advice.items if item.hidden]
    if hidden:
        write("\nSnoozed or dismissed:\n")
        for item in hidden:
            write(f"  - {item.fired.rule.title} ({item.hidden_because})\n")
    write("\n" + textwrap.fill(DISCLAIMER, _WIDTH) + "\n")
    return 0

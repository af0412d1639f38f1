"""`twitchdesk export` and `twitchdesk import`: the command-line side of data portability.

app.py registers the sub-commands with `add_parsers` and, holding the data-folder lock with the
diary open, calls `run_export` / `run_import`. Problems are printed one per line as
`FILE:LINE: reason` (or `FILE: json.path: reason`), like a compiler, so editors can jump to them.
Heavy modules load inside the functions, keeping `twitchdesk --version` fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twitchdesk.storage.repository import Diary

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def add_parsers(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Register `export` and `import` on an argparse sub-parsers object."""
    export = subparsers.add_parser(
        "export",
        parents=list(parents),
        help="write your diary to a file: CSV (episodes, for spreadsheets) or JSON (everything)",
        description="Write your diary to a file. CSV holds the episodes in the columns "
        "date,time,region,side,kind,intensity,duration_s,context,seen,symptoms,notes; JSON holds "
        "everything (episodes, daily check-ins, medicines) and imports back exactly.",
    )
    export.add_argument(
        "--format",
        choices=("csv", "json"),
        help="file format (default: from the output file's extension)",
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help='the file to write ("-" writes to standard output)',
    )
    importer = subparsers.add_parser(
        "import",
        parents=list(parents),
        help="add the entries of a CSV or JSON file to your diary (all or nothing)",
        description="Check FILE and add what your diary does not have yet. If anything in "
        "the file is wrong, every problem is listed with its line and nothing is imported. "
        "Importing the same file twice adds nothing twice.",
    )
    importer.add_argument("file", metavar="FILE", help="a .csv or .json file")
    importer.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and say what would be added, without changing the diary",
    )


def run_export(args: argparse.Namespace, diary: Diary) -> int:
    from datetime import UTC, datetime

    from twitchdesk import __version__
    from twitchdesk.storage.exchange.csv_format import dump_csv
    from twitchdesk.storage.exchange.exporter import format_for_path, write_atomic
    from twitchdesk.storage.exchange.json_format import dump_json
    from twitchdesk.storage.exchange.snapshot import read_content

    output: str = args.output
    fmt = args.format or (None if output == "-" else format_for_path(Path(output)))
    if fmt is None:
        return _fail(
            f"cannot tell the format from {output!r}: add --format csv or --format json",
            EXIT_USAGE,
        )
    content = read_content(diary)
    if fmt == "csv":
        data = dump_csv(entry.record for entry in content.episodes)
        what = _count(len(content.episodes), "episode")
    else:
        data = dump_json(content, __version__, datetime.now(UTC), demo=diary.is_demo)
        what = ", ".join(
            [
                _count(len(content.episodes), "episode"),
                _count(len(content.days), "daily check-in"),
                _count(len(content.medications), "medicine"),
            ]
        )
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    try:
        write_atomic(Path(output), data)
    except OSError as error:
        return _fail(f"cannot write {output}: {error.strerror or error}; nothing was written")
    print(f"Exported {what} to {output}.")
    return EXIT_OK


def run_import(args: argparse.Namespace, diary: Diary) -> int:
    from twitchdesk.core.regions import load_atlas
    from twitchdesk.storage.exchange.importer import ImportFailed, apply_import, plan_import

    label: str = args.file
    plan = plan_import(diary, Path(label), load_atlas())
    if plan.problems:
        for finding in plan.problems:
            print(finding.located(label), file=sys.stderr)
        noun = "problem" if len(plan.problems) == 1 else "problems"
        return _fail(f"{len(plan.problems)} {noun} in {label}; nothing was imported")
    for finding in plan.kept:
        print(f"{finding.located(label)} (not imported)")
    if args.dry_run:
        print(f"{plan.summary()} Dry run: nothing was changed.")
        return EXIT_OK
    if not plan.can_apply:
        print(plan.summary())
        return EXIT_OK
    try:
        result = apply_import(diary, plan)
    except ImportFailed as error:
        return _fail(str(error))
    text = result.summary()
    if plan.duplicates:
        text += f" {_count(len(plan.duplicates), 'item')} already in your diary."
    print(text)
    return EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _fail(message: str, code: int = EXIT_PROBLEMS) -> int:
    print(f"twitchdesk: {message}", file=sys.stderr)
    return code

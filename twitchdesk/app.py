"""Command line and start-up wiring: `twitchdesk` opens the window, sub-commands work headless.

Heavy modules (the ORM, Alembic, matplotlib) are imported inside the functions that need them, so
that the window can paint before the diary is loaded (see benchmarks/).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from twitchdesk import APP_NAME, __version__

if TYPE_CHECKING:
    from twitchdesk.storage.repository import Diary


# Options that only open the window: their parser needs none of the sub-commands' modules.
WINDOW_FLAGS = ("--demo", "--self-test", "--version")


def needs_commands(arguments: Sequence[str]) -> bool:
    """Whether parsing `arguments` needs the sub-commands. Opening the window (no arguments,
    `--data-dir DIR`, `--demo`) does not, and skips importing them (~10 ms before the first
    paint); anything else, help and mistakes included, gets the full parser and its messages."""
    remaining = iter(arguments)
    for argument in remaining:
        if argument == "--data-dir":
            next(remaining, None)
        elif not (argument.startswith("--data-dir=") or argument in WINDOW_FLAGS):
            return True
    return False


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder holding the diary (default: your per-user application data folder; "
        "the TWITCHDESK_DATA_DIR environment variable also sets it)",
    )
    parser = argparse.ArgumentParser(
        prog="twitchdesk",
        description="TwitchDesk: a private, offline diary for muscle twitches.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a separate demo diary, filled with six months of example data",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check the installation headlessly (temporary diary, migrations, main window)",
    )
    parser.set_defaults(command=None)
    if not with_commands:
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "demo",
        parents=[common],
        help="fill an empty data folder with a realistic six-month demo diary",
    )
    from twitchdesk import cli_advice, cli_report

    cli_advice.add_parser(commands, parents=[common])
    from twitchdesk import cli_data

    cli_data.add_parsers(commands, parents=[common])
    cli_report.add_parser(commands, parents=[common])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(needs_commands(arguments)).parse_args(arguments)
    # Everything the app creates (database, WAL, settings, backups) is private to the user.
    if os.name == "posix":
        os.umask(0o077)
    data_dir_arg: str | None = getattr(args, "data_dir", None)
    if args.self_test:
        from twitchdesk.self_test import run_self_test

        return run_self_test()
    if args.command == "demo":
        return command_demo(data_dir_arg)
    if args.command in ("export", "import"):
        from twitchdesk import cli_data

        run = cli_data.run_export if args.command == "export" else cli_data.run_import
        return with_diary(data_dir_arg, lambda diary: run(args, diary))
    if args.command == "advice":
        from twitchdesk import cli_advice

        return with_diary(data_dir_arg, lambda diary: cli_advice.run(args, diary))
    if args.command == "report":
        from twitchdesk import cli_report

        return with_diary(data_dir_arg, lambda diary: cli_report.run(args, diary))
    from twitchdesk.ui.launcher import run_gui

    return run_gui(data_dir_arg, demo=args.demo)


def fail(message: str) -> int:
    print(f"twitchdesk: {message}", file=sys.stderr)
    return 1


def with_diary(data_dir_arg: str | None, command: Callable[[Diary], int]) -> int:
    """Run a headless command on the diary, holding the data folder's lock throughout."""
    from twitchdesk.data_folder import DataFolderInUse, DataFolderLock, resolve_data_dir
    from twitchdesk.storage.schema import DatabaseProblem

    data_dir = resolve_data_dir(data_dir_arg)
    lock = DataFolderLock(data_dir)
    try:
        lock.acquire()
    except DataFolderInUse as error:
        return fail(str(error))
    try:
        from twitchdesk.storage.database import open_diary

        diary = open_diary(data_dir)
        try:
            return command(diary)
        finally:
            diary.close()
    except DatabaseProblem as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"could not use the data folder {data_dir}: {error.strerror or error}")
    finally:
        lock.release()


def command_demo(data_dir_arg: str | None) -> int:
    def write(diary: Diary) -> int:
        from twitchdesk.core.demo import write_demo

        try:
            demo = write_demo(diary)
        except ValueError as error:
            return fail(str(error))
        print(
            f"Demo diary written to {diary.path.parent if diary.path else 'the diary'}: "
            f"{len(demo.episodes)} episodes, {len(demo.days)} daily check-ins, "
            f"{len(demo.medications)} medicines."
        )
        return 0

    return with_diary(data_dir_arg, write)

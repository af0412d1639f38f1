"""`twitchdesk report -o F.pdf [--from D --to D] [--name N] [--dob D]`: the report, headless.

Needs no display: without one it asks Qt for the offscreen platform itself, and it only creates a
QGuiApplication (the report is drawn with QtGui, no widgets).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from twitchdesk.cli_common import iso_date

if TYPE_CHECKING:
    from twitchdesk.storage.repository import Diary


def add_parser(
    subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()
) -> argparse.ArgumentParser:
    """Register the `report` sub-command on an argparse sub-parsers object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "report",
        parents=list(parents),
        help="write the summary report for a clinician as a PDF",
        description="Write the summary report (the one File > Export Report as PDF makes) "
        "to a PDF file, without opening a window. The period defaults to the last 90 days.",
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE.pdf", help="the PDF file to write"
    )
    parser.add_argument(
        "--from", dest="first", type=iso_date, metavar="YYYY-MM-DD", help="first day"
    )
    parser.add_argument("--to", dest="last", type=iso_date, metavar="YYYY-MM-DD", help="last day")
    parser.add_argument("--name", default="", help="the patient's name, printed on the report")
    parser.add_argument(
        "--dob", type=iso_date, metavar="YYYY-MM-DD", help="the patient's date of birth"
    )
    parser.add_argument(
        "--paper",
        choices=("locale", "a4", "letter"),
        default="locale",
        help="paper size (default: A4 or Letter, following your locale)",
    )
    return parser


def ensure_gui_application() -> object:
    """A QGuiApplication for drawing; offscreen when there is no display to talk to."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        # Without a display Qt would abort (SIGABRT) with a misleading xcb message.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["twitchdesk"])


def run(args: argparse.Namespace, diary: Diary, out: TextIO | None = None) -> int:
    """Write the PDF; 0 on success, 1 with a message on stderr otherwise."""
    stream = out or sys.stdout
    first: date | None = args.first
    last: date | None = args.last
    if first is not None and last is not None and last < first:
        print(
            f"twitchdesk: --to ({last.isoformat()}) is before --from ({first.isoformat()})",
            file=sys.stderr,
        )
        return 1
    path = Path(args.output).expanduser()
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    app = ensure_gui_application()  # kept referenced while drawing
    from twitchdesk.report.document import write_report_pdf
    from twitchdesk.report.model import Patient

    patient = Patient(args.name.strip(), args.dob) if (args.name.strip() or args.dob) else None
    try:
        info = write_report_pdf(diary, path, first, last, patient, paper=args.paper)
    except OSError as error:
        print(f"twitchdesk: could not write {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    del app
    pages = "page" if info.pages == 1 else "pages"
    stream.write(
        f"Report for {info.period.first.isoformat()} to {info.period.last.isoformat()} "
        f"({info.episodes} episodes, {info.pages} {pages}, {info.paper}) written to {path}\n"
    )
    return 0

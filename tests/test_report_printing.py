"""Printing the report through a real CUPS queue: a private cupsd with a cups-pdf printer.

The set-up follows ../shared/notes/printing-with-cups.md: cupsd runs as root in its own session
with its own config, spool and socket under a 0755 folder; the queue uses pdftocairo so the
printed PDF keeps real text; cups-pdf reads `/etc/cups/cups-pdf-<instance>.conf` (removed at
teardown). libcups caches CUPS_SERVER the first time a process talks to CUPS, so the printing
itself runs in a fresh subprocess whose environment has it from the start.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from factories import CET, episode

from twitchdesk.storage.database import open_diary

pytestmark = pytest.mark.cups

CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
QUEUE = "TwitchDeskTestPDF"


@dataclass(frozen=True)
class CupsQueue:
    name: str
    socket: Path
    out: Path
    env: dict[str, str]


def _missing() -> str | None:
    for tool in ("cupsd", "lpadmin", "lpstat"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install cups)"
    if not CUPS_PDF_BACKEND.exists() or not CUPS_PDF_PPD.exists():
        return "cups-pdf is not installed (apt-get install cups-pdf)"
    if shutil.which("pdftotext") is None:
        return "pdftotext (poppler-utils) is not installed"
    if os.geteuid() != 0:
        return "cupsd must run as root for the cups-pdf backend (run the tests as root)"
    return None


def _write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text).lstrip())


def _lp(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)


@pytest.fixture(scope="session")
def cups_queue() -> Iterator[CupsQueue]:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    base = Path(tempfile.mkdtemp(prefix="twitchdesk-cups-"))
    instance = f"twitchdesk{uuid.uuid4().hex[:8]}"
    pdf_conf = Path("/etc/cups") / f"cups-pdf-{instance}.conf"
    folders = {
        name: base / name
        for name in ("root", "spool", "tmp", "cache", "state", "log", "out", "pdfspool")
    }
    for folder in folders.values():
        folder.mkdir()
    (folders["root"] / "ppd").mkdir()
    for folder in (base, *folders.values()):
        folder.chmod(0o755)  # filters run as user lp: they must reach everything here
    folders["tmp"].chmod(0o1777)  # ... and write their temporary files (pdftops copies the job)
    socket = base / "cups.sock"
    _write(
        folders["root"] / "cups-files.conf",
        f"""
        ServerRoot {folders["root"]}
        RequestRoot {folders["spool"]}
        TempDir {folders["tmp"]}
        CacheDir {folders["cache"]}
        StateDir {folders["state"]}
        AccessLog {folders["log"]}/access_log
        ErrorLog {folders["log"]}/error_log
        PageLog {folders["log"]}/page_log
        SystemGroup root
        User lp
        Group lp
        """,
    )
    _write(
        folders["root"] / "cupsd.conf",
        f"""
        Listen {socket}
        Browsing No
        WebInterface No
        LogLevel warn
        DefaultAuthType None
        <Location />
          Order allow,deny
          Allow all
        </Location>
        <Policy default>
          <Limit All>
            Order allow,deny
            Allow all
          </Limit>
        </Policy>
        """,
    )
    _write(
        pdf_conf,
        f"""
        Out {folders["out"]}
        Spool {folders["pdfspool"]}
        Grp root
        UserUMask 0022
        """,
    )
    env = {**os.environ, "CUPS_SERVER": str(socket)}
    check = _lp(
        [
            "cupsd",
            "-t",
            "-c",
            str(folders["root"] / "cupsd.conf"),
            "-s",
            str(folders["root"] / "cups-files.conf"),
        ],
        env,
    )
    daemon = subprocess.Popen(
        [
            "cupsd",
            "-f",
            "-c",
            str(folders["root"] / "cupsd.conf"),
            "-s",
            str(folders["root"] / "cups-files.conf"),
        ],
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while "scheduler is running" not in _lp(["lpstat", "-r"], env).stdout:
            if daemon.poll() is not None or time.monotonic() > deadline:
                log = folders["log"] / "error_log"
                pytest.fail(
                    "the private cupsd did not start:\n"
                    + check.stdout
                    + check.stderr
                    + (log.read_text() if log.exists() else "")
                )
            time.sleep(0.1)
        added = _lp(
            [
                "lpadmin",
                "-p",
                QUEUE,
                "-E",
                "-v",
                f"cups-pdf:/{instance}",
                "-P",
                str(CUPS_PDF_PPD),
                "-o",
                "pdftops-renderer-default=pdftocairo",
            ],
            env,
        )
        assert added.returncode == 0, added.stderr
        assert _lp(["lpadmin", "-d", QUEUE], env).returncode == 0
        yield CupsQueue(QUEUE, socket, folders["out"], env)
    finally:
        if daemon.poll() is None:
            os.killpg(daemon.pid, signal.SIGTERM)
            try:
                daemon.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(daemon.pid, signal.SIGKILL)
                daemon.wait()
        if daemon.stdout is not None:
            daemon.stdout.close()
        pdf_conf.unlink(missing_ok=True)
        shutil.rmtree(base, ignore_errors=True)


PRINT_SCRIPT = """
import sys
from datetime import date
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

app = QGuiApplication([])
names = [p.printerName() for p in QPrinterInfo.availablePrinters()]
if sys.argv[2] not in names:
    sys.exit(f"queue {sys.argv[2]!r} not among the printers Qt sees: {names}")

from twitchdesk.report.document import render_report
from twitchdesk.report.model import Patient
from twitchdesk.storage.database import open_diary

diary = open_diary(Path(sys.argv[1]))
printer = QPrinter()
printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
printer.setPrinterName(sys.argv[2])
printer.setDocName("TwitchDesk report")
info = render_report(
    diary, printer, date(2026, 5, 1), date(2026, 5, 31), Patient("Printed Patient")
)
diary.close()
print(info.pages)
"""


def test_report_prints_through_a_cups_queue(cups_queue: CupsQueue, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    diary = open_diary(data_dir)
    try:
        diary.add_all(
            episodes=[
                episode(datetime(2026, 5, day, 9, 30, tzinfo=CET), "upper_eyelid", "left")
                for day in (2, 3, 5, 8, 13)
            ]
        )
    finally:
        diary.close()
    before = set(cups_queue.out.rglob("*.pdf"))
    env = {**cups_queue.env, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SCRIPT, str(data_dir), cups_queue.name],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pages = int(result.stdout.split()[-1])

    # The file appears before it is complete: wait until the queue is empty, then for the file.
    deadline = time.monotonic() + 60
    printed: list[Path] = []
    while time.monotonic() < deadline:
        queued = _lp(["lpstat", "-o", cups_queue.name], cups_queue.env).stdout.strip()
        printed = sorted(set(cups_queue.out.rglob("*.pdf")) - before)
        if not queued and printed:
            break
        time.sleep(0.2)
    assert printed, "cups-pdf wrote no PDF"
    text = subprocess.run(
        ["pdftotext", "-layout", str(printed[-1]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Muscle twitch diary" in text
    assert "Printed Patient" in text
    assert "5 episodes" in text
    assert f"Page 1 of {pages}" in text

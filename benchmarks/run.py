"""TwitchDesk's performance benchmarks: one command, one table (see benchmarks/README.md).

    .venv/bin/python benchmarks/run.py            # the full run, about 5 minutes
    .venv/bin/python benchmarks/run.py --quick    # fewer runs, about 2 minutes
    .venv/bin/python benchmarks/run.py --only startup,advice

Everything that involves start-up runs in fresh subprocesses, offscreen, from source. Each row
is a median over several runs with its spread (min–max), and a verdict against the budgets of
issue 11. Rows whose feature is not in the tree yet say "not built yet", never a number.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(ROOT))

import heavy_diary  # noqa: E402

PYTHON = sys.executable
SCREEN = BENCH / "offscreen-screen.json"  # a 1920x1200 desktop, as the tests use
MPLCONFIG = heavy_diary.CACHE_DIR / "mplconfig"  # kept: a user's font cache is warm after day one
LAST_RUN = heavy_diary.CACHE_DIR / "last-run.json"
SECTIONS = ("startup", "logging", "panels", "advice", "report", "import", "sizes")
MB = 1_000_000  # sizes and memory in decimal megabytes (the stricter reading of "MB")


@dataclass(frozen=True)
class Plan:
    startup_pairs: int
    log_processes: int
    log_entries: int
    log_seconds: float  # per process: a slow build stops early rather than run for minutes
    panel_processes: int
    advice_calls: int
    advice_seconds: float
    report_processes: int
    import_processes: int
    section_seconds: float  # no new process is started when it would end after this long
    # A long task (report, import) is stopped after this many times its budget: the row then
    # shows "> limit (stopped)", a true lower bound, and the run stays within minutes.
    stop_after_budgets: float


FULL = Plan(9, 2, 200, 35, 3, 9, 30, 3, 3, 90, 6)
QUICK = Plan(4, 1, 120, 10, 1, 4, 5, 1, 1, 30, 1.5)


# -- numbers ------------------------------------------------------------------------------------
def fmt_time(seconds: float) -> str:
    if seconds < 0.1:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def fmt_range(values: Sequence[float], fmt: Callable[[float], str] = fmt_time) -> str:
    if not values:
        return "—"
    return f"{fmt(min(values))}–{fmt(max(values))}"


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 200 values is the 190th smallest)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-share * len(ordered) // 1))))
    return ordered[rank - 1]


def fmt_mb(value_bytes: float) -> str:
    return f"{value_bytes / MB:.1f} MB"


# -- the table ----------------------------------------------------------------------------------
@dataclass
class Row:
    name: str
    budget: str
    median: str = "—"
    spread: str = "—"
    runs: str = "—"
    verdict: str = "not built yet"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def note(self, text: str) -> None:
        self.details.append(text)


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def print_table(report: Report) -> None:
    headers = ("row", "budget", "median", "spread (min–max)", "runs", "verdict")
    cells = [headers] + [
        (r.name, r.budget, r.median, r.spread, r.runs, r.verdict) for r in report.rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    print(line(headers))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells[1:]:
        print(line(row))


# -- running children ---------------------------------------------------------------------------
class ChildFailed(RuntimeError):
    pass


class TimedOut(ChildFailed):
    """A probe ran past its limit: the row can still say "more than N s" (a lower bound)."""

    def __init__(self, message: str, limit: float) -> None:
        super().__init__(message)
        self.limit = limit


def mark_timed_out(row: Row, error: TimedOut, budget: float) -> None:
    row.median = f"> {error.limit:.0f} s (stopped)"
    row.runs = "1"
    row.verdict = verdict(error.limit <= budget)


class NotBuilt(Exception):
    """The feature a row measures is not in the tree yet."""


def child_env(scratch: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # .pyc files are part of a real second start
    env.pop("TWITCHDESK_DATA_DIR", None)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={SCREEN}",
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        XDG_CONFIG_HOME=str(scratch / "xdg-config"),
        XDG_DATA_HOME=str(scratch / "xdg-data"),
        XDG_CACHE_HOME=str(scratch / "xdg-cache"),
        MPLCONFIGDIR=str(MPLCONFIG),
    )
    env.update(extra)
    return env


def run_probe(scratch: Path, name: str, *args: str, timeout: float = 300) -> dict[str, Any]:
    command = [PYTHON, str(BENCH / "probes.py"), name, *args]
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=child_env(scratch),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as error:
        raise TimedOut(f"stopped after {timeout:.0f} s (probe {name})", timeout) from error
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(json.loads(line[len("RESULT ") :]))
    tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
    raise ChildFailed(f"{name} exited {done.returncode}: {tail}")


class Workspace:
    """A scratch folder for this run; every diary copy gets its own data folder in it."""

    def __init__(self, keep: bool) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="twitchdesk-bench-"))
        self.keep = keep
        self._count = 0

    def fresh_dir(self, label: str) -> Path:
        self._count += 1
        path = self.path / f"{self._count:03d}-{label}"
        path.mkdir()
        return path

    def diary(self, profile: heavy_diary.Profile) -> Path:
        data_dir = self.fresh_dir(profile.name) / "data"
        heavy_diary.install(profile, data_dir)
        return data_dir

    def close(self) -> None:
        if not self.keep:
            shutil.rmtree(self.path, ignore_errors=True)


def repeat(plan: Plan, runs: int, work: Callable[[int], None]) -> int:
    """Run `work` up to `runs` times, but start another run only when it is expected to end
    within the section's time (a slow build gets fewer runs, never an endless benchmark)."""
    started = time.perf_counter()
    done = 0
    while done < runs:
        work(done)
        done += 1
        elapsed = time.perf_counter() - started
        if elapsed + elapsed / done > plan.section_seconds:
            break
    return done


def progress(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


# -- start-up -----------------------------------------------------------------------------------
# Both harnesses start the same way (`python -c`, same prelude) and time from a timestamp the
# parent takes just before spawning (CLOCK_MONOTONIC: the same clock in both processes). They
# watch only the main window's own paint event: "paint" is the end of that event. For the bare
# window "frame" is a zero-delay timer queued from it, which runs once the children are painted
# too; for the app it is when the diary starts loading, after the panel on show (Log) and the
# check-in dock were built just after the first paint (the window paints its frame, menus and
# tabs first).
_PRELUDE = """
import os, sys, time
T0 = float(os.environ["BENCH_T0"])
def mark(name):
    sys.stdout.write(f"{name} {time.perf_counter() - T0:.6f}\\n")
    sys.stdout.flush()
"""

BARE_HARNESS = (
    _PRELUDE
    + """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Window(QMainWindow):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            mark("paint")
            QTimer.singleShot(0, lambda: (mark("frame"), os._exit(0)))
app = QApplication(sys.argv)
window = Window()
window.resize(1480, 920)  # TwitchDesk's first size on this screen: the same pixels to fill
window.show()
app.exec()
"""
)

# The app starts through its real entry point, twitchdesk.app.main. The harness only wraps the
# main window's paint event and the launcher's load_diary (which the window's first_painted
# signal calls) to take its marks; it imports those two modules first, which main() would
# import anyway.
APP_HARNESS = (
    _PRELUDE
    + """
from PySide6.QtCore import QTimer
from twitchdesk.ui import launcher as _launcher, main_window as _main_window
_paint = _main_window.MainWindow.paintEvent
_painted = []
def paintEvent(self, event):
    _paint(self, event)
    if not _painted:
        _painted.append(True)
        mark("paint")
_main_window.MainWindow.paintEvent = paintEvent
_load = _launcher.load_diary
def load_diary(window, data_dir, demo):
    mark("frame")
    ok = _load(window, data_dir, demo)
    mark("attached")
    def ready():
        mark("ready")
        rows = window.log_panel.history.model.rowCount()
        print("rows", rows, "diary", window.diary is not None, flush=True)
        os._exit(0)
    QTimer.singleShot(0, ready)  # after the frame that shows the history
    return ok
_launcher.load_diary = load_diary
from twitchdesk.app import main
sys.exit(main(["--data-dir", os.environ["BENCH_DATA"]]))
"""
)


def spawn_harness(code: str, scratch: Path, data_dir: Path | None) -> dict[str, float]:
    env = child_env(scratch, BENCH_DATA=str(data_dir or ""))
    started = time.perf_counter()
    env["BENCH_T0"] = repr(started)
    try:
        done = subprocess.run(
            [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
    except subprocess.TimeoutExpired as error:
        raise ChildFailed("start-up harness: no first paint within 120 s") from error
    marks: dict[str, float] = {"wall": time.perf_counter() - started}
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2:
            marks[parts[0]] = float(parts[1])
        elif parts[:1] == ["rows"]:
            marks["rows"] = float(parts[1])
            marks["diary"] = float(parts[3] == "True")
    if "paint" not in marks:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise ChildFailed(f"start-up harness exited {done.returncode}: {tail}")
    return marks


def bench_startup(plan: Plan, work: Workspace, report: Report) -> None:
    floor_row = report.add(Row("Bare PySide6 QMainWindow → first paint (floor)", "floor"))
    paint_row = report.add(Row("TwitchDesk → main window's first paint", "≤ 1.5× floor"))
    ready_row = report.add(
        Row("Start-up → ready to log, heavy diary (map + history)", "≤ 4× floor")
    )
    bare: list[dict[str, float]] = []
    app: list[dict[str, float]] = []
    try:
        progress("start-up: warming up (.pyc files, page cache)")
        spawn_harness(BARE_HARNESS, work.fresh_dir("bare"), None)
        spawn_harness(APP_HARNESS, work.fresh_dir("app"), work.diary(heavy_diary.HEAVY))

        def pair(number: int) -> None:
            progress(f"start-up: run {number + 1} of {plan.startup_pairs} (bare, then app)")
            data_dir = work.diary(heavy_diary.HEAVY)  # copied before the clock starts
            bare.append(spawn_harness(BARE_HARNESS, work.fresh_dir("bare"), None))
            marks = spawn_harness(APP_HARNESS, work.fresh_dir("app"), data_dir)
            if "ready" not in marks or not marks.get("rows") or not marks.get("diary"):
                raise ChildFailed(f"the app never became ready with a history: {marks}")
            app.append(marks)

        repeat(plan, plan.startup_pairs, pair)
    except ChildFailed as error:
        for row in (floor_row, paint_row, ready_row):
            if row.verdict == "not built yet":
                row.verdict = "FAILED"
        report.note(f"start-up: {error}")
        if not bare or not app:
            return
    floor = statistics.median(m["paint"] for m in bare)
    floor_row.median = fmt_time(floor)
    floor_row.spread = fmt_range([m["paint"] for m in bare])
    floor_row.runs = str(len(bare))
    floor_row.verdict = "(floor)"
    for row, key, budget in ((paint_row, "paint", 1.5), (ready_row, "ready", 4.0)):
        values = [m[key] for m in app]
        median = statistics.median(values)
        ratio = median / floor
        row.median = f"{fmt_time(median)} = {ratio:.2f}×"
        row.spread = fmt_range(values)
        row.runs = str(len(values))
        row.verdict = verdict(ratio <= budget)
    report.raw["startup"] = {"bare": bare, "app": app}
    report.note(
        "start-up medians: bare paint {} / frame {}; app paint {} (frame, menus, tabs) /"
        " Log panel and check-in built {} / diary attached {} / ready {};"
        " history rows at ready: {:.0f}".format(
            fmt_time(floor),
            fmt_time(statistics.median(m["frame"] for m in bare)),
            fmt_time(statistics.median(m["paint"] for m in app)),
            fmt_time(statistics.median(m["frame"] for m in app)),
            fmt_time(statistics.median(m["attached"] for m in app)),
            fmt_time(statistics.median(m["ready"] for m in app)),
            statistics.median(m["rows"] for m in app),
        )
    )


# -- logging ------------------------------------------------------------------------------------
def bench_logging(plan: Plan, work: Workspace, report: Report) -> None:
    p50_row = report.add(Row("Log an episode via the widgets: click → saved, p50", "—"))
    p95_row = report.add(Row("Log an episode via the widgets: click → saved, p95", "≤ 10 ms"))
    runs: list[dict[str, Any]] = []

    def one(number: int) -> None:
        progress(f"logging: process {number + 1} of {plan.log_processes}")
        data_dir = work.diary(heavy_diary.HEAVY)
        runs.append(
            run_probe(
                work.path,
                "logging",
                "--data",
                str(data_dir),
                "--entries",
                str(plan.log_entries),
                "--max-seconds",
                str(plan.log_seconds),
            )
        )

    try:
        repeat(plan, plan.log_processes, one)
    except ChildFailed as error:
        p50_row.verdict = p95_row.verdict = "FAILED"
        report.note(f"logging: {error}")
        if not runs:
            return
    latencies = [value for run in runs for value in run["latency_s"]]
    storage = [value for run in runs for value in run["storage_s"]]
    commits = [value for run in runs for value in run["commit_s"]]
    counts = "+".join(str(len(run["latency_s"])) for run in runs)
    p50_row.median = fmt_time(percentile(latencies, 0.50))
    p50_row.spread = fmt_range([percentile(run["latency_s"], 0.50) for run in runs])
    p50_row.runs = counts
    p50_row.verdict = "(info)"
    p95 = percentile(latencies, 0.95)
    p95_row.median = fmt_time(p95)
    p95_row.spread = fmt_range([percentile(run["latency_s"], 0.95) for run in runs])
    p95_row.runs = counts
    p95_row.verdict = verdict(p95 <= 0.010)
    report.raw["logging"] = runs
    report.note(
        f"logging: {counts} entries (stops after {plan.log_seconds:.0f} s per process), "
        "clicked once the app's start-up work was done (waited "
        f"{fmt_time(statistics.median(r.get('startup_work_waited_s', 0.0) for r in runs))}); "
        f"of the click, Diary.add_episode incl. change listeners p50 "
        f"{fmt_time(percentile(storage, 0.5))}, of which the commit itself (SQLite, "
        f"synchronous=FULL) p50 {fmt_time(percentile(commits, 0.5))} / p95 "
        f"{fmt_time(percentile(commits, 0.95))}; history rows listed: "
        f"{runs[0]['history_rows']}"
    )


# -- panels: Trends, Advice, Reader, memory ----------------------------------------------------
CHART_NAMES = {
    "over_time": "Over time",
    "regions": "Body regions",
    "time_of_day": "Time of day",
    "factors": "Factors",
}


def bench_panels(plan: Plan, work: Workspace, report: Report) -> None:
    open_row = report.add(Row("Trends: first opening incl. matplotlib, heavy", "≤ 1.2 s"))
    chart_rows = {
        key: report.add(Row(f"Trends redraw on a period change: {label}", "≤ 150 ms"))
        for key, label in CHART_NAMES.items()
    }
    rss_row = report.add(Row("Peak RSS after visiting every panel, heavy", "≤ 250 MB"))
    runs: list[dict[str, Any]] = []
    progress("panels: warming matplotlib's font cache")
    subprocess.run(
        [PYTHON, "-c", "import matplotlib.font_manager"],
        env=child_env(work.path),
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )

    def one(number: int) -> None:
        progress(f"panels: process {number + 1} of {plan.panel_processes}")
        data_dir = work.diary(heavy_diary.HEAVY)
        runs.append(run_probe(work.path, "panels", "--data", str(data_dir), timeout=600))

    try:
        repeat(plan, plan.panel_processes, one)
    except ChildFailed as error:
        for row in (open_row, *chart_rows.values(), rss_row):
            row.verdict = "FAILED"
        report.note(f"panels: {error}")
        if not runs:
            return
    report.raw["panels"] = runs
    opens = [run["trends_first_open_s"] for run in runs]
    open_row.median = fmt_time(statistics.median(opens))
    open_row.spread = fmt_range(opens)
    open_row.runs = str(len(opens))
    open_row.verdict = verdict(statistics.median(opens) <= 1.2)
    report.note(
        "Trends first opening: of which importing matplotlib and building the canvas "
        f"(chart_load_seconds) {fmt_time(statistics.median(r['chart_load_s'] for r in runs))};"
        " the redraws below start once the app's own start-up work is done (Advice panel,"
        " ORM on its thread, diary in memory for Trends), waited for"
        f" {fmt_time(statistics.median(r.get('startup_work_waited_s', 0.0) for r in runs))}"
        " after the first chart"
    )
    for key, row in chart_rows.items():
        by_period: dict[str, list[float]] = {}
        for run in runs:
            for period, values in run["trends_redraw_s"].get(key, {}).items():
                by_period.setdefault(period, []).extend(values)
        samples = [value for values in by_period.values() for value in values]
        if not samples:
            row.verdict = "FAILED"
            report.note(f"Trends {key}: no redraw measured (every period empty?)")
            continue
        medians = {period: statistics.median(values) for period, values in by_period.items()}
        worst = max(medians, key=lambda period: medians[period])
        row.median = f"{fmt_time(medians[worst])} (slowest: {worst})"
        row.spread = fmt_range(samples)
        row.runs = str(len(samples))
        row.verdict = verdict(medians[worst] <= 0.150)
        report.note(
            f"Trends {CHART_NAMES[key]} redraw, median per period: "
            + ", ".join(f"{period} {fmt_time(value)}" for period, value in medians.items())
        )
    switches: dict[str, list[float]] = {}
    for run in runs:
        for chart, value in run["trends_chart_switch_s"].items():
            switches.setdefault(chart, []).append(value)
    report.note(
        "Trends chart switch (90-day default period), median: "
        + ", ".join(
            f"{CHART_NAMES[c]} {fmt_time(statistics.median(v))}" for c, v in switches.items()
        )
    )
    peaks = [run["rss_end_kb"]["VmHWM"] * 1024 for run in runs]
    rss_row.median = fmt_mb(statistics.median(peaks))
    rss_row.spread = fmt_range(peaks, fmt_mb)
    rss_row.runs = str(len(peaks))
    rss_row.verdict = verdict(statistics.median(peaks) <= 250 * MB)
    report.note(
        "panels: Advice panel first opening {}, Reader {}; peak RSS (VmHWM) when ready {}, "
        "after Trends {}, after Advice and Reader {} (current RSS at the end {})".format(
            fmt_time(statistics.median(r["advice_panel_open_s"] for r in runs)),
            fmt_time(statistics.median(r["reader_panel_open_s"] for r in runs)),
            fmt_mb(statistics.median(r["rss_start_kb"]["VmHWM"] * 1024 for r in runs)),
            fmt_mb(statistics.median(r["rss_after_trends_kb"]["VmHWM"] * 1024 for r in runs)),
            fmt_mb(statistics.median(r["rss_end_kb"]["VmHWM"] * 1024 for r in runs)),
            fmt_mb(statistics.median(r["rss_end_kb"]["VmRSS"] * 1024 for r in runs)),
        )
    )


# -- advice -------------------------------------------------------------------------------------
def bench_advice(plan: Plan, work: Workspace, report: Report) -> None:
    row = report.add(Row("Advice: advise(diary, today), heavy diary", "≤ 50 ms"))
    progress("advice")
    try:
        run = run_probe(
            work.path,
            "advice",
            "--data",
            str(work.diary(heavy_diary.HEAVY)),
            "--repeat",
            str(plan.advice_calls),
            "--max-seconds",
            str(plan.advice_seconds),
        )
    except ChildFailed as error:
        row.verdict = "FAILED"
        report.note(f"advice: {error}")
        return
    report.raw["advice"] = run
    warm = run["warm_s"] or [run["cold_s"]]
    row.median = fmt_time(statistics.median(warm))
    row.spread = fmt_range(warm)
    row.runs = str(len(warm))
    row.verdict = verdict(statistics.median(warm) <= 0.050)
    preloaded = run["preloaded_rules_s"]
    report.note(
        f"advice: first call {fmt_time(run['cold_s'])} (then warm calls as in the row); with the "
        "rules parsed once, as the Advice panel does: "
        + (fmt_time(statistics.median(preloaded)) if preloaded else "not measured (time cap)")
        + f"; {run['fired']} pieces of advice fire"
    )


# -- report PDF ---------------------------------------------------------------------------------
REPORT_CASES = (
    (heavy_diary.TYPICAL, "Report PDF, one year of a typical diary", 2.0),
    (heavy_diary.HEAVY, "Report PDF, whole heavy diary (10 years)", 10.0),
)


def bench_report(plan: Plan, work: Workspace, report: Report) -> None:
    rows = [report.add(Row(name, f"≤ {budget:g} s")) for _profile, name, budget in REPORT_CASES]
    for (profile, _name, budget), row in zip(REPORT_CASES, rows, strict=True):
        try:
            report_case(plan, work, report, row, profile, budget)
        except NotBuilt as missing:
            report.note(f"report: not built yet ({missing})")
            return


def report_case(
    plan: Plan,
    work: Workspace,
    report: Report,
    row: Row,
    profile: heavy_diary.Profile,
    budget: float,
) -> None:
    """The whole of `profile`'s diary as a PDF, first report in a fresh process."""
    runs: list[dict[str, Any]] = []
    last = heavy_diary.default_last_day()
    first = last - timedelta(days=profile.days - 1)

    def one(number: int) -> None:
        progress(f"report ({profile.name}): process {number + 1} of {plan.report_processes}")
        data_dir = work.diary(profile)
        run = run_probe(
            work.path,
            "report",
            *("--data", str(data_dir), "--out", str(data_dir.parent)),
            *("--first", first.isoformat(), "--last", last.isoformat()),
            *("--warm-if-under", str(budget)),
            timeout=plan.stop_after_budgets * budget + 15,  # start-up and imports on top
        )
        if "not_built" in run:
            raise NotBuilt(run["not_built"])
        runs.append(run)

    try:
        repeat(plan, plan.report_processes, one)
    except TimedOut as error:
        report.note(f"report ({profile.name}): {error}")
        if not runs:
            mark_timed_out(row, error, budget)
            return
    except ChildFailed as error:
        row.verdict = "FAILED"
        report.note(f"report ({profile.name}): {error}")
        return
    cold = [run["cold_s"] for run in runs]
    row.median = fmt_time(statistics.median(cold))
    row.spread = fmt_range(cold)
    row.runs = str(len(cold))
    row.verdict = verdict(statistics.median(cold) <= budget)
    report.raw[f"report_{profile.name}"] = runs
    warm = [run["warm_s"] for run in runs if run["warm_s"] is not None]
    second = fmt_time(statistics.median(warm)) if warm else "skipped (first over budget)"
    report.note(
        f"report ({profile.name}, {first} to {last}): first report in a fresh process (the row)"
        f" {fmt_time(statistics.median(cold))}, a second one {second}; "
        f"{runs[0]['bytes'] / 1000:.0f} kB, {runs[0]['pages']} pages, "
        f"{runs[0]['episodes']} episodes"
    )


# -- import -------------------------------------------------------------------------------------
def exchange_fingerprint() -> str:
    """Changes whenever the exchange code does, so a stale export is never imported."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "twitchdesk" / "storage" / "exchange").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def bench_import(plan: Plan, work: Workspace, report: Report) -> None:
    row = report.add(Row("Import the heavy diary's JSON export, empty folder", "≤ 10 s"))
    source = heavy_diary.cached_database(heavy_diary.HEAVY)
    export = heavy_diary.CACHE_DIR / f"{source.stem}-export-{exchange_fingerprint()}.json"
    meta = export.with_suffix(".meta.json")
    try:
        if not export.exists() or not meta.exists():
            progress("import: exporting the heavy diary to JSON (cached)")
            for old in heavy_diary.CACHE_DIR.glob("*-export-*.json"):
                old.unlink()
            result = run_probe(
                work.path,
                "export",
                "--data",
                str(work.diary(heavy_diary.HEAVY)),
                "--out",
                str(export),
            )
            if "not_built" in result:
                report.note(f"import: not built yet ({result['not_built']})")
                return
            meta.write_text(json.dumps(result))
        exported = json.loads(meta.read_text())
        runs: list[dict[str, Any]] = []

        def one(number: int) -> None:
            progress(f"import: process {number + 1} of {plan.import_processes}")
            data_dir = work.fresh_dir("import") / "data"
            run = run_probe(
                work.path,
                "import",
                *("--data", str(data_dir), "--file", str(export)),
                timeout=plan.stop_after_budgets * 10.0 + 10,
            )
            if "not_built" in run:
                raise ChildFailed(f"not built yet: {run['not_built']}")
            if "problems" in run:
                raise ChildFailed(f"the import refused the app's own export: {run['problems']}")
            wrong = [
                key for key in ("episodes", "days", "medications") if run[key] != exported[key]
            ]
            if wrong:
                raise ChildFailed(
                    "the import did not restore the diary: "
                    + ", ".join(f"{key} {run[key]} of {exported[key]}" for key in wrong)
                )
            runs.append(run)

        repeat(plan, plan.import_processes, one)
    except TimedOut as error:
        if not runs:
            mark_timed_out(row, error, 10.0)
            report.note(f"import: {error}")
            return
    except ChildFailed as error:
        row.verdict = "not built yet" if "not built yet" in str(error) else "BROKEN"
        report.note(f"import: {error}")
        return
    totals = [run["total_s"] for run in runs]
    row.median = fmt_time(statistics.median(totals))
    row.spread = fmt_range(totals)
    row.runs = str(len(totals))
    row.verdict = verdict(statistics.median(totals) <= 10.0)
    report.raw["import"] = runs
    planned = statistics.median(r["plan_s"] for r in runs)
    report.note(
        f"import: plan (read, parse, compare) {fmt_time(planned)}"
        f", apply (one transaction) {fmt_time(statistics.median(r['apply_s'] for r in runs))}; "
        f"export file {exported['bytes'] / MB:.1f} MB, written in {fmt_time(exported['export_s'])}"
    )


# -- sizes --------------------------------------------------------------------------------------
def du_bytes(path: Path) -> int:
    done = subprocess.run(["du", "-sb", str(path)], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[0])


def bench_sizes(plan: Plan, work: Workspace, report: Report) -> None:
    bundle_row = report.add(Row("Linux bundle dist/TwitchDesk/ (du)", "≤ 200 MB"))
    deb_row = report.add(Row(".deb under dist/", "≤ 80 MB"))
    bundle = ROOT / "dist" / "TwitchDesk"
    if bundle.is_dir() and any(bundle.iterdir()):
        size = du_bytes(bundle)
        bundle_row.median, bundle_row.runs = fmt_mb(size), "1"
        bundle_row.verdict = verdict(size <= 200 * MB)
        built = datetime.fromtimestamp(bundle.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        report.note(f"bundle: {bundle} ({size / 2**20:.0f} MiB), built {built}")
    debs = sorted((ROOT / "dist").glob("*.deb"), key=lambda p: p.stat().st_mtime)
    if debs:
        deb = debs[-1]
        size = deb.stat().st_size
        deb_row.median, deb_row.runs = fmt_mb(size), "1"
        deb_row.verdict = verdict(size <= 80 * MB)
        built = datetime.fromtimestamp(deb.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        report.note(f".deb: {deb.name} ({size / 2**20:.1f} MiB), built {built}")


# -- the machine --------------------------------------------------------------------------------
def machine_description() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = subprocess.run(
        [
            PYTHON,
            "-c",
            "import PySide6, sqlalchemy, matplotlib; "
            "print(PySide6.__version__, sqlalchemy.__version__, matplotlib.__version__)",
        ],
        capture_output=True,
        text=True,
    ).stdout.split() or ["?", "?", "?"]
    return [
        f"date {datetime.now().strftime('%Y-%m-%d %H:%M')}; {cpu}, {os.cpu_count()} cores; "
        f"{platform.system()} {platform.release()}",
        f"Python {platform.python_version()}, PySide6 {versions[0]}, SQLAlchemy {versions[1]}, "
        f"matplotlib {versions[2]}; offscreen Qt platform, 1920x1200 screen",
    ]


def diary_description(profile: heavy_diary.Profile) -> str:
    path = heavy_diary.cached_database(profile)
    connection = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    try:
        episodes = connection.execute(
            "SELECT count(*) FROM episode WHERE deleted_at IS NULL"
        ).fetchone()[0]
        days = connection.execute("SELECT count(*) FROM daily_log").fetchone()[0]
        medicines = connection.execute("SELECT count(*) FROM medication").fetchone()[0]
        span = connection.execute("SELECT min(day), max(day) FROM daily_log").fetchone()
    except sqlite3.Error as error:
        return f"{profile.name} diary: {path.name} ({error})"
    finally:
        connection.close()
    return (
        f"{profile.name} diary: {episodes:,} episodes, {days:,} check-ins, {medicines} medicines,"
        f" {span[0]} to {span[1]} ({path.stat().st_size / MB:.0f} MB SQLite, seed {profile.seed})"
    )


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


BENCHES: dict[str, Callable[[Plan, Workspace, Report], None]] = {
    "startup": bench_startup,
    "logging": bench_logging,
    "panels": bench_panels,
    "advice": bench_advice,
    "report": bench_report,
    "import": bench_import,
    "sizes": bench_sizes,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="TwitchDesk performance benchmarks (issue 11)")
    parser.add_argument("--quick", action="store_true", help="fewer runs (about 2 minutes)")
    parser.add_argument(
        "--only", help=f"comma-separated sections to run: {', '.join(SECTIONS)}", default=""
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()] or list(SECTIONS)
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    plan = QUICK if args.quick else FULL
    started = time.perf_counter()
    load_before = load_average()
    for profile in (heavy_diary.HEAVY, heavy_diary.TYPICAL):
        heavy_diary.cached_database(profile)  # build once a day, outside every measurement
    work = Workspace(args.keep)
    report = Report()
    try:
        for section in SECTIONS:
            if section in chosen:
                BENCHES[section](plan, work, report)
    finally:
        work.close()
    elapsed = time.perf_counter() - started
    print()
    print(f"TwitchDesk benchmarks ({'quick' if args.quick else 'full'} run, {elapsed:.0f} s)")
    for line in machine_description():
        print(line)
    print(diary_description(heavy_diary.HEAVY))
    print(diary_description(heavy_diary.TYPICAL))
    print(f"load average before {load_before}, after {load_average()} (2 cores are shared)")
    print()
    print_table(report)
    print()
    for line in report.details:
        print(f"- {line}")
    misses = [row.name for row in report.rows if row.verdict == "MISSES"]
    LAST_RUN.parent.mkdir(parents=True, exist_ok=True)
    LAST_RUN.write_text(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "quick": args.quick,
                "rows": [row.__dict__ for row in report.rows],
                "details": report.details,
                "raw": report.raw,
            },
            indent=1,
        )
    )
    print(f"\n{len(misses)} of {len(report.rows)} rows miss their budget; raw numbers: {LAST_RUN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

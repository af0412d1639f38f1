"""The measurements that run inside one process, each started fresh by `run.py`.

    python benchmarks/probes.py NAME [options]

Each probe prints progress nowhere and its result as one line, `RESULT {json}`, on stdout.
Only the standard library is imported at the top: a probe loads what it measures itself, so
cold imports (matplotlib for Trends, the ORM, the report's modules) are part of what it times
where the user would wait for them too.

Probes:
- `logging`: click a body-map region and then the Log button, N times, on the real Log panel of
  a window started the way the app starts it (click-to-saved latency).
- `panels`: open Trends for the first time (matplotlib included), change the period on every
  chart, open Advice and Reader, then read the peak RSS (VmHWM).
- `advice`: `advise(diary, today)` on the diary, a cold call then warm ones.
- `report`: `write_report_pdf(diary, path, first, last)`, cold then warm.
- `export`: write the diary's JSON export (preparation for `import`, not timed by run.py).
- `import`: `plan_import` + `apply_import` of a JSON export into an empty data folder.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TREND_PERIOD_ORDER = ("1y", "all", "30d", "7d", "90d")  # each click changes the period


def result(payload: dict[str, Any]) -> None:
    sys.stdout.write("RESULT " + json.dumps(payload) + "\n")
    sys.stdout.flush()


def memory_kb() -> dict[str, int]:
    """Peak and current resident set size of this process, from /proc/self/status."""
    values: dict[str, int] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0])
    return values


# -- Qt helpers ---------------------------------------------------------------------------------
def wait_until(predicate: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    """Run the event loop until `predicate()` holds (checked every millisecond)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if predicate():
        return
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout
    timed_out = []

    def check() -> None:
        if predicate():
            loop.quit()
        elif time.perf_counter() > deadline:
            timed_out.append(True)
            loop.quit()

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if timed_out:
        raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what or predicate}")


def settle(ms: int = 30) -> None:
    """Let queued work and repaints run, as the app would between two user actions."""
    from PySide6.QtTest import QTest

    QTest.qWait(ms)


def start_app_window(data_dir: Path) -> tuple[Any, Any, Any]:
    """The window as `twitchdesk` opens it (launcher.start_window), with the diary attached."""
    from PySide6.QtWidgets import QApplication

    from twitchdesk.ui.launcher import configure_application, start_window

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    configure_application(app)
    started = start_window(app, str(data_dir))
    if started is None:
        raise RuntimeError("the window did not start (welcome dialog or folder in use?)")
    window, lock = started
    wait_until(lambda: window.diary is not None, 120, "the diary to attach")
    settle(50)
    return app, window, lock


def wait_for_startup_work(window: Any) -> None:
    """Wait until the work the app does by itself in its first seconds is over: the Advice
    panel built (1.5 s after the diary opens, later if a panel was just opened), the ORM and
    matplotlib loaded on their own thread (4 s after) and, if Trends was opened, the whole diary
    read into memory for it. A click during that work shares the time with it, so the rows that
    time clicks (logging, redraws) start after it; the probe notes how long it waited."""
    import threading

    from twitchdesk.ui.background_imports import THREAD_NAME

    trends = window.trends_panel if window.tabs.is_built("trends") else None
    wait_until(
        lambda: (
            window.tabs.is_built("advice")
            and hasattr(sys.modules.get("twitchdesk.storage.orm_changes"), "set_meta")
            and not any(thread.name == THREAD_NAME for thread in threading.enumerate())
            and (trends is None or (trends._aggregates is not None and trends._aggregates.loaded))
        ),
        60,
        "the app's start-up work",
    )


class FrameWatcher:
    """Tells when a chart canvas has painted a frame that holds a new matplotlib draw.

    The Trends panel asks for a draw with `draw_idle`; matplotlib draws on a queued timer or at
    the canvas's next paint and then blits in the paint. A zero-delay timer queued from that
    paint event runs once the paint is finished: that moment, if a draw has happened since the
    watch began, is when the user sees the new chart.
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self._paint_type = QEvent.Type.Paint
        self._timer = QTimer
        self.draws = 0
        self.done_at: float | None = None
        self._armed_draws: int | None = None
        self._canvas: Any = None

        watcher = self

        class _Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:
                if event.type() == watcher._paint_type:
                    watcher._timer.singleShot(0, watcher._after_paint)
                return False

        self._filter = _Filter()

    def attach(self, canvas: Any) -> None:
        if self._canvas is canvas:
            return
        self._canvas = canvas
        canvas.installEventFilter(self._filter)
        canvas.mpl_connect("draw_event", self._on_draw)

    def arm(self) -> None:
        self.done_at = None
        self._armed_draws = self.draws

    def _on_draw(self, _event: Any) -> None:
        self.draws += 1

    def _after_paint(self) -> None:
        if self._armed_draws is not None and self.draws > self._armed_draws:
            self.done_at = time.perf_counter()
            self._armed_draws = None

    @property
    def done(self) -> bool:
        return self.done_at is not None


# -- probes ---------------------------------------------------------------------------------------
def probe_logging(args: argparse.Namespace) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    _app, window, _lock = start_app_window(args.data)
    window.show_panel("log")
    settle(100)
    waited = time.perf_counter()
    wait_for_startup_work(window)
    waited = time.perf_counter() - waited
    panel = window.log_panel
    view = panel.body_map
    body_map = view.map
    view.setView("front")
    settle(50)
    diary = window.diary
    before = diary.episode_count()

    # Time the storage call on its own too, and within it the commit (everything before the
    # change listeners run): the rest of the click is the widgets' share.
    storage_times: list[float] = []
    commit_times: list[float] = []
    add_episode, notify = diary.add_episode, diary._notify
    call_started = [0.0]

    def timed_add_episode(*a: Any, **k: Any) -> Any:
        began = call_started[0] = time.perf_counter()
        try:
            return add_episode(*a, **k)
        finally:
            storage_times.append(time.perf_counter() - began)

    def timed_notify(topic: str) -> None:
        if topic == "episodes" and call_started[0]:
            commit_times.append(time.perf_counter() - call_started[0])
            call_started[0] = 0.0
        notify(topic)

    diary.add_episode = timed_add_episode
    diary._notify = timed_notify

    shapes = [shape for shape in panel.atlas.shapes("front") if shape.side in ("left", "right")]
    wanted = ("forearm", "thigh_front", "abdomen", "shin", "hand", "chest", "upper_arm_front")
    choices = [shape for shape in shapes if shape.region_id in wanted] or shapes
    latencies: list[float] = []
    deadline = time.perf_counter() + args.max_seconds
    for number in range(args.entries):
        if time.perf_counter() > deadline:
            break
        shape = choices[number % len(choices)]
        point = body_map.centerOf(shape.region_id, shape.side)
        QTest.mouseClick(body_map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        if panel.selected_region()[0] != shape.region_id:
            raise RuntimeError(f"clicking {shape.region_id} selected {panel.selected_region()}")
        settle(5)
        saved_before = len(storage_times)
        started = time.perf_counter()
        QTest.mouseClick(panel.log_button, Qt.MouseButton.LeftButton)
        latencies.append(time.perf_counter() - started)
        if len(storage_times) != saved_before + 1:
            raise RuntimeError(f"entry {number}: the Log button did not save an episode")
        settle(args.pause_ms)
    after = diary.episode_count()
    if after != before + len(latencies):
        raise RuntimeError(f"expected {before + len(latencies)} episodes, found {after}")
    result(
        {
            "latency_s": latencies,
            "storage_s": storage_times,
            "commit_s": commit_times,
            "history_rows": panel.history.model.rowCount(),
            "episodes": after,
            "startup_work_waited_s": waited,
        }
    )


def probe_panels(args: argparse.Namespace) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    _app, window, _lock = start_app_window(args.data)
    settle(200)
    out: dict[str, Any] = {"rss_start_kb": memory_kb()}
    if "matplotlib" in sys.modules:
        raise RuntimeError("matplotlib was imported before Trends was opened")
    if window.current_panel_name() != "log":
        raise RuntimeError(f"the window opened on {window.current_panel_name()}, not on Log")
    trends = window.trends_panel
    watcher = FrameWatcher()

    def on_refreshed() -> None:
        if trends._chart_view is not None:
            watcher.attach(trends._chart_view.canvas)

    trends.refreshed.connect(on_refreshed)
    watcher.arm()
    started = time.perf_counter()
    window.show_panel("trends")
    wait_until(lambda: watcher.done, 120, "the first chart")
    out["trends_first_open_s"] = watcher.done_at - started  # type: ignore[operator]
    out["chart_load_s"] = trends.chart_load_seconds
    out["first_chart"] = trends.chart
    settle(100)
    # The redraw rows measure redraws: they start once the app's own start-up work is over.
    started = time.perf_counter()
    wait_for_startup_work(window)
    out["startup_work_waited_s"] = time.perf_counter() - started
    settle(100)

    redraws: dict[str, dict[str, list[float]]] = {}
    switches: dict[str, float] = {}
    chart_buttons = {b.property("key"): b for b in trends.chart_buttons.buttons()}
    period_buttons = {b.property("key"): b for b in trends.period_buttons.buttons()}
    for chart, chart_button in chart_buttons.items():
        if trends.chart != chart:
            watcher.arm()
            started = time.perf_counter()
            QTest.mouseClick(chart_button, Qt.MouseButton.LeftButton)
            wait_until(lambda: watcher.done, 60, f"the {chart} chart")
            switches[chart] = watcher.done_at - started  # type: ignore[operator]
            settle(50)
        per_period = redraws.setdefault(chart, {})
        for _round in range(args.rounds):
            for key in TREND_PERIOD_ORDER:
                if trends.preset == key:
                    continue
                watcher.arm()
                started = time.perf_counter()
                QTest.mouseClick(period_buttons[key], Qt.MouseButton.LeftButton)
                if trends.preset != key:
                    raise RuntimeError(f"clicking the {key} period did not select it")
                if trends.plotted is None:  # an empty period draws a message, not a chart
                    settle(50)
                    continue
                wait_until(lambda: watcher.done, 60, f"{chart} at {key}")
                per_period.setdefault(key, []).append(watcher.done_at - started)  # type: ignore[operator]
                settle(50)
    out["rss_after_trends_kb"] = memory_kb()
    out["trends_redraw_s"] = redraws
    out["trends_chart_switch_s"] = switches

    advice = window.advice_panel
    started = time.perf_counter()
    window.show_panel("advice")
    wait_until(lambda: advice.advice is not None and not advice._dirty, 60, "advice")
    out["advice_panel_open_s"] = time.perf_counter() - started
    settle(200)
    started = time.perf_counter()
    window.show_panel("reader")
    settle(0)
    out["reader_panel_open_s"] = time.perf_counter() - started
    settle(300)
    window.show_panel("log")
    settle(300)
    out["rss_end_kb"] = memory_kb()
    result(out)


def probe_advice(args: argparse.Namespace) -> None:
    from twitchdesk.storage.database import open_diary

    started = time.perf_counter()
    from twitchdesk.core.rules import advise, load_rules

    imported = time.perf_counter() - started
    diary = open_diary(args.data)
    today = date.today()
    deadline = time.perf_counter() + args.max_seconds
    times: list[float] = []
    fired = 0
    for _ in range(args.repeat + 1):
        started = time.perf_counter()
        advice = advise(diary, today)
        times.append(time.perf_counter() - started)
        fired = len(advice.items)
        if time.perf_counter() > deadline:
            break
    rules = load_rules()
    preloaded: list[float] = []  # as the Advice panel calls it: rules parsed once
    for _ in range(args.repeat):
        if time.perf_counter() > deadline:
            break
        started = time.perf_counter()
        advise(diary, today, rules)
        preloaded.append(time.perf_counter() - started)
    result(
        {
            "import_s": imported,
            "cold_s": times[0],
            "warm_s": times[1:],
            "preloaded_rules_s": preloaded,
            "fired": fired,
        }
    )


def probe_report(args: argparse.Namespace) -> None:
    if _package_missing("twitchdesk.report"):
        result({"not_built": "twitchdesk.report is not in the tree"})
        return
    try:
        from twitchdesk.report import write_report_pdf  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        if _package_missing("twitchdesk.report.document"):
            result({"not_built": "twitchdesk.report has no write_report_pdf yet"})
            return
        # the package may not re-export it (yet); an ImportError here is a failure
        from twitchdesk.report.document import write_report_pdf
    from PySide6.QtWidgets import QApplication

    from twitchdesk.storage.database import open_diary
    from twitchdesk.ui.launcher import configure_application

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    configure_application(app)  # the bundled fonts, as in the app
    diary = open_diary(args.data)
    first, last = date.fromisoformat(args.first), date.fromisoformat(args.last)
    times: list[float] = []
    sizes: list[int] = []
    info: Any = None
    for number in range(2):  # cold (lazy imports included), then warm if that was quick enough
        if number and times[0] > args.warm_if_under:
            break
        path = args.out / f"report-{number}.pdf"
        started = time.perf_counter()
        info = write_report_pdf(diary, path, first, last)
        times.append(time.perf_counter() - started)
        sizes.append(path.stat().st_size if path.exists() else 0)
    if not all(sizes):
        raise RuntimeError("write_report_pdf wrote no file")
    result(
        {
            "cold_s": times[0],
            "warm_s": times[1] if len(times) > 1 else None,
            "bytes": sizes[0],
            "pages": getattr(info, "pages", None),
            "episodes": getattr(info, "episodes", None),
        }
    )


def _package_missing(name: str) -> bool:
    """True when the package is not in the tree at all (as opposed to failing to import)."""
    import importlib.util

    try:
        return importlib.util.find_spec(name) is None
    except ImportError:
        return True


def _exchange_missing() -> str | None:
    if _package_missing("twitchdesk.storage.exchange"):
        return "twitchdesk.storage.exchange is not in the tree"
    from twitchdesk.storage.exchange import exporter, importer  # an ImportError here is a failure

    for module, name in (
        (exporter, "export_json"),
        (importer, "plan_import"),
        (importer, "apply_import"),
    ):
        if not hasattr(module, name):
            return f"{module.__name__}.{name} is missing"
    return None


def probe_export(args: argparse.Namespace) -> None:
    missing = _exchange_missing()
    if missing:
        result({"not_built": missing})
        return
    from twitchdesk.storage.database import open_diary
    from twitchdesk.storage.exchange.exporter import export_json, write_atomic

    diary = open_diary(args.data)
    started = time.perf_counter()
    data = export_json(diary)
    write_atomic(args.out, data)
    result(
        {
            "export_s": time.perf_counter() - started,
            "bytes": len(data),
            "episodes": diary.episode_count(),
            "days": len(diary.days()),
            "medications": len(diary.medications()),
        }
    )


def probe_import(args: argparse.Namespace) -> None:
    missing = _exchange_missing()
    if missing:
        result({"not_built": missing})
        return
    from twitchdesk.core.regions import load_atlas
    from twitchdesk.storage.database import open_diary
    from twitchdesk.storage.exchange.importer import apply_import, plan_import

    atlas = load_atlas()
    diary = open_diary(args.data)  # a new, empty data folder
    if not diary.is_empty():
        raise RuntimeError(f"{args.data} is not empty")
    started = time.perf_counter()
    plan = plan_import(diary, args.file, atlas)
    planned = time.perf_counter()
    problems = [str(problem) for problem in plan.problems[:3]]
    if plan.problems:
        result({"problems": problems, "plan_s": planned - started})
        return
    apply_import(diary, plan)
    applied = time.perf_counter()
    result(
        {
            "plan_s": planned - started,
            "apply_s": applied - planned,
            "total_s": applied - started,
            "planned_episodes": len(plan.episodes),
            "episodes": diary.episode_count(),
            "days": len(diary.days()),
            "medications": len(diary.medications()),
        }
    )


PROBES = {
    "logging": probe_logging,
    "panels": probe_panels,
    "advice": probe_advice,
    "report": probe_report,
    "export": probe_export,
    "import": probe_import,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="one TwitchDesk benchmark probe")
    parser.add_argument("probe", choices=sorted(PROBES))
    parser.add_argument("--data", type=Path, help="the data folder (holding the diary)")
    parser.add_argument("--out", type=Path, help="output file or folder")
    parser.add_argument("--file", type=Path, help="input file (import)")
    parser.add_argument("--first", help="report: first day (ISO)")
    parser.add_argument("--last", help="report: last day (ISO)")
    parser.add_argument(
        "--warm-if-under", type=float, default=60.0, help="report: second call only if faster"
    )
    parser.add_argument("--entries", type=int, default=200, help="logging: episodes to log")
    parser.add_argument("--pause-ms", type=int, default=20, help="logging: pause between")
    parser.add_argument("--rounds", type=int, default=1, help="panels: period cycles per chart")
    parser.add_argument("--repeat", type=int, default=9, help="advice: warm calls")
    parser.add_argument(
        "--max-seconds", type=float, default=60.0, help="logging, advice: stop early after"
    )
    args = parser.parse_args(argv)
    os.umask(0o077)
    PROBES[args.probe](args)
    sys.stdout.flush()
    os._exit(0)  # skip Qt and SQLAlchemy teardown: nothing left to measure


if __name__ == "__main__":
    sys.exit(main())

"""Loading, on a thread of its own, the modules the user is likely to need next.

The window opens without SQLAlchemy (its reads are plain SQL) and without matplotlib (Trends
loads it on first use): together ~1-1.5 s of Python. A few seconds after start-up they load on a
background thread, so that the first edit, undo or check-in does not wait for the ORM and the
first opening of Trends does not wait for most of matplotlib, while the window keeps answering
(Python switches threads every few milliseconds). matplotlib's Qt backend is left to the GUI
thread: its classes are Qt widgets.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable

THREAD_NAME = "TwitchDesk: loading in the background"
AFTER_START_UP = (
    "twitchdesk.storage.engine",
    "twitchdesk.storage.orm_changes",
    "numpy",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.dates",
    "matplotlib.ticker",
)


def import_in_background(names: Iterable[str] = AFTER_START_UP) -> threading.Thread:
    """Start importing `names`, in order, on a new thread (not a daemon: quitting waits for a
    module half-imported rather than stop the interpreter under it)."""
    thread = threading.Thread(target=_import_all, args=(tuple(names),), name=THREAD_NAME)
    thread.start()
    return thread


def _import_all(names: tuple[str, ...]) -> None:
    for name in names:
        importlib.import_module(name)

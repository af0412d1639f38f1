"""Pausing Python's cycle collector around bounded bursts of work (a report, an evaluation).

Such work allocates tens or hundreds of thousands of short-lived objects (records, rows, lines,
chart artists), which set off full collections, and each of those walks every object of the
process: ~0.1 s apiece once matplotlib is loaded, and ~25 % of an advice evaluation on a long
diary. Nothing they make needs collecting before they are done; what they leave is collected
afterwards as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """The cycle collector off for the block, then back as it was (also after an error)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

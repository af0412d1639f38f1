"""Where the read-only resources (body map, articles, rules, fonts, icons) live.

From source they are in the repository's top-level `resources/`; in a PyInstaller bundle they are
unpacked beside the program (sys._MEIPASS). Qt-free so core/ can use it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    bundle_dir = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle_dir:
        base = Path(bundle_dir) / "resources"
    else:
        base = Path(__file__).resolve().parent.parent / "resources"
    return base.joinpath(*parts)

#!/usr/bin/env python3
"""Grab the main window, filled with the demo diary, to PNG files (offscreen, no display needed).

    .venv/bin/python tools/screenshot.py [--out docs/screenshots] [--size 1280x820] [panel ...]

Used for the README's screenshots and for looking at what we build.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("panels", nargs="*", default=["log", "trends", "advice", "reader"])
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--size", default="1480x920")
    parser.add_argument("--theme", choices=["light", "dark"], default="light")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    from PySide6.QtWidgets import QApplication

    from twitchdesk.core.demo import write_demo
    from twitchdesk.storage.database import open_diary
    from twitchdesk.ui.appearance import Appearance
    from twitchdesk.ui.launcher import configure_application
    from twitchdesk.ui.main_window import MainWindow
    from twitchdesk.ui.settings import AppSettings

    app = QApplication(sys.argv[:1])
    configure_application(app)
    Appearance(app, args.theme)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        diary = open_diary(data_dir)
        write_demo(diary)
        window = MainWindow(AppSettings(data_dir / "settings.ini"), data_dir)
        window.resize(width, height)
        window.show()
        window.attach_diary(diary)
        for name in args.panels:
            window.show_panel(name)
            for _ in range(5):
                app.processEvents()
            if name == "trends":
                while not window.trends_panel.charts_ready:
                    app.processEvents()
            suffix = "" if args.theme == "light" else "-dark"
            path = out / f"{name}{suffix}.png"
            window.grab().save(str(path))
            print(path)
        window.close()
        diary.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

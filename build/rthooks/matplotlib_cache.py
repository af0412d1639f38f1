"""PyInstaller run-time hook (installer.spec): matplotlib's font cache outlives a launch.

PyInstaller's own hook for matplotlib (pyi_rth_mplconfig, which the spec leaves out) points
MPLCONFIGDIR at a new temporary folder on every launch, because a onefile program unpacks to a new
folder each time and a cache listing the old font paths would break. This bundle is onedir: its
fonts stay where they are. With a fresh folder, the first chart of every session (Trends, the
report) waits while matplotlib lists every font on the system again (seconds on a busy machine).

So the frozen app keeps matplotlib's config and cache in a folder of its own, as a user's cache:
not matplotlib's shared ~/.cache/matplotlib, whose font list the bundle (which ships fewer fonts)
and a user's own matplotlib would otherwise overwrite for each other. If the bundle moves, the
listed font files go missing and matplotlib rebuilds the list by itself. A user's own
MPLCONFIGDIR wins; if the folder cannot be written, matplotlib falls back to a temporary one.
"""


def _pyi_rthook() -> None:
    # Runs in the program's __main__ before the app: a function, so that no names are left there.
    import os
    import sys

    if "MPLCONFIGDIR" in os.environ:
        return
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        root = os.path.join(os.environ.get("LOCALAPPDATA") or home, "TwitchDesk", "cache")
    elif sys.platform == "darwin":
        root = os.path.join(home, "Library", "Caches", "TwitchDesk")
    else:
        root = os.path.join(os.environ.get("XDG_CACHE_HOME") or f"{home}/.cache", "TwitchDesk")
    os.environ["MPLCONFIGDIR"] = os.path.join(root, "matplotlib")


_pyi_rthook()
del _pyi_rthook

#!/usr/bin/env python3
"""The two developer commands: open the app, run every check.

    python3 tools/dev.py run [--demo] [app arguments...]
    python3 tools/dev.py test [pytest arguments...]

Both set themselves up first, so a fresh clone needs nothing else:
- on Debian/Ubuntu as root, the system libraries Qt needs are installed when missing
  (as another user, the missing ones are listed with the command to install them);
- a virtual environment in .venv is created and filled with the exact versions in
  requirements/lock.txt; it is refreshed whenever that file or pyproject.toml changes.

Only the standard library is used here: this runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / ".twitchdesk-installed"

# What Qt needs to run offscreen (tests) and what the checks use (see ../shared/DESIGN.md).
DEBIAN_RUNTIME = [
    "libgl1",
    "libegl1",
    "libx11-6",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0",
    "libxkbcommon0",
    "fonts-dejavu-core",
]
# A real window on an X server (xcb platform), also used for screenshots under xvfb-run.
DEBIAN_WINDOW = [
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-render-util0",
    "libxcb-render0",
    "libxcb-shape0",
    "libxcb-util1",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
]
# The test suite also reads PDFs back (poppler), prints through a private CUPS queue, and
# packages a .deb.
DEBIAN_TEST = ["poppler-utils", "cups", "cups-pdf", "xvfb", "xauth", "dpkg-dev", "binutils"]


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def is_debian_like() -> bool:
    try:
        text = Path("/etc/os-release").read_text()
    except OSError:
        return False
    return any(
        word in text for word in ("ID=debian", "ID=ubuntu", "ID_LIKE=debian", "ID_LIKE=ubuntu")
    )


def missing_debian_packages(names: list[str]) -> list[str]:
    missing = []
    for name in names:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True
        )
        if "install ok installed" not in result.stdout:
            missing.append(name)
    return missing


def ensure_system_packages(names: list[str]) -> None:
    if (
        not sys.platform.startswith("linux")
        or not is_debian_like()
        or not shutil.which("dpkg-query")
    ):
        return
    missing = missing_debian_packages(names)
    if not missing:
        return
    if os.geteuid() != 0:
        say("these system packages are missing; install them with:")
        say("  sudo apt-get install -y --no-install-recommends " + " ".join(missing))
        return
    say("installing system packages: " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if subprocess.run(install, env=env).returncode != 0:
        # A fresh container usually has empty package lists: fetch them once and retry.
        subprocess.run(["apt-get", "update"], env=env, check=True)
        subprocess.run(install, env=env, check=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_venv() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 (this script must explain, not crash)
        sys.exit("TwitchDesk needs Python 3.11 or newer; this is " + sys.version.split()[0])
    python = venv_python()
    if not python.exists():
        say(f"creating a virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    fingerprint = install_fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return python
    say("installing pinned dependencies (requirements/lock.txt)")
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-c", str(LOCK), "-e", f"{ROOT}[test,installer]"], check=True)
    STAMP.write_text(fingerprint)
    return python


def run_app(args: list[str]) -> int:
    ensure_system_packages(DEBIAN_RUNTIME + DEBIAN_WINDOW)
    python = ensure_venv()
    env = dict(os.environ)
    no_display = not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display and not env.get("QT_QPA_PLATFORM"):
        say("there is no display here; run it under `xvfb-run -a python3 tools/dev.py run ...`,")
        say("or set QT_QPA_PLATFORM=offscreen to start it invisibly.")
        return 2
    return subprocess.run([str(python), "-m", "twitchdesk", *args], env=env).returncode


def run_checks(pytest_args: list[str]) -> int:
    ensure_system_packages(DEBIAN_RUNTIME + DEBIAN_WINDOW + DEBIAN_TEST)
    python = ensure_venv()
    # Qt must never look for a display in the tests (it aborts without one).
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    steps = [
        ("ruff lint", [str(python), "-m", "ruff", "check", "."]),
        ("ruff format", [str(python), "-m", "ruff", "format", "--check", "."]),
        ("mypy (core, storage)", [str(python), "-m", "mypy"]),
        ("pytest", [str(python), "-m", "pytest", *pytest_args]),
    ]
    for name, command in steps:
        say(f"{name}: {' '.join(command[2:])}")
        if subprocess.run(command, cwd=ROOT, env=env).returncode != 0:
            say(f"FAILED: {name}")
            return 1
    say("all checks passed")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    return run_app(rest) if command == "run" else run_checks(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

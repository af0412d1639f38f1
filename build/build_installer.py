"""Build TwitchDesk's installer for the operating system this runs on: one command.

    .venv/bin/python build/build_installer.py            (Windows: .venv\\Scripts\\python.exe)

1. PyInstaller builds installer.spec into dist/ (work files in pyinstaller-work/; both are
   ignored by git, and nothing is written over the recipes in build/);
2. the frozen app runs its `--self-test` offscreen: a missing data file, hidden import or Qt plugin
   fails the build here instead of on a user's machine;
3. the installer for this OS is made from the bundle:
   Linux    dist/twitchdesk_<version>_<arch>.deb   dpkg-deb, recipe in build/linux/
   Windows  dist/TwitchDesk-<version>-setup.exe    makensis build/windows/twitchdesk.nsi
   macOS    dist/TwitchDesk-<version>.dmg          build/macos/make_dmg.sh (hdiutil)
and prints where it is and how big. `--dist DIR` / `--work DIR` build elsewhere (tests use a tmp
dir); `--no-installer` stops after the smoke test. tests/test_bundle.py uses these functions.
Only the standard library is imported here, besides PyInstaller run as a subprocess.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer.spec"
LINUX = ROOT / "build" / "linux"
WINDOWS = ROOT / "build" / "windows"
MACOS = ROOT / "build" / "macos"
ICONS = ROOT / "resources" / "icons"
DEFAULT_DIST = ROOT / "dist"
DEFAULT_WORK = ROOT / "pyinstaller-work"
APP_NAME = "TwitchDesk"
APP_ID = "twitchdesk"
SELF_TEST_PASSED = "self-test passed"
# Where the .deb puts things.
DEB_PREFIX = Path("opt") / APP_ID


def say(message: str) -> None:
    print(f"[installer] {message}", flush=True)


def app_version() -> str:
    """twitchdesk.__version__, read without importing the package (or Qt)."""
    text = (ROOT / "twitchdesk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        raise RuntimeError("no __version__ in twitchdesk/__init__.py")
    return match.group(1)


def tree_size(path: Path) -> int:
    """Bytes in the files under `path` (symbolic links count as themselves, not their targets)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


# --- 1. the bundle ------------------------------------------------------------------------------
def bundle_path(dist: Path) -> Path:
    """What PyInstaller makes: the onedir folder (Linux, Windows) or the .app (macOS)."""
    return dist / (f"{APP_NAME}.app" if sys.platform == "darwin" else APP_NAME)


def frozen_program(dist: Path) -> Path:
    """The frozen executable that prints: the one to run `--self-test` with."""
    if sys.platform == "win32":
        return dist / APP_NAME / f"{APP_ID}-cli.exe"
    if sys.platform == "darwin":
        return dist / f"{APP_NAME}.app" / "Contents" / "MacOS" / APP_NAME
    return dist / APP_NAME / APP_ID


def build_bundle(dist: Path = DEFAULT_DIST, work: Path = DEFAULT_WORK) -> Path:
    """Run PyInstaller on installer.spec; returns the bundle (folder or .app)."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--workpath",
        str(work),
        "--distpath",
        str(dist),
        str(SPEC),
    ]
    say("PyInstaller: " + " ".join(command[1:]))
    subprocess.run(command, cwd=ROOT, check=True)
    bundle = bundle_path(dist)
    if not frozen_program(dist).exists():
        raise RuntimeError(f"PyInstaller finished but {frozen_program(dist)} is missing")
    return bundle


# --- 2. the smoke test --------------------------------------------------------------------------
@dataclass
class SelfTest:
    seconds: float
    output: str


def file_listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def run_self_test(program: Path | str, install_dir: Path | None = None) -> SelfTest:
    """Run `program --self-test` offscreen with a throw-away HOME; raise if it fails.

    With `install_dir`, also fail if the run wrote anything inside it (an installed app must keep
    its data in the user's folders; e.g. Python caching compiled migrations next to them).
    """
    before = file_listing(install_dir) if install_dir else set()
    with tempfile.TemporaryDirectory(prefix="twitchdesk-home-") as home:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            HOME=home,
            USERPROFILE=home,
            XDG_DATA_HOME=str(Path(home) / "data"),
            XDG_CONFIG_HOME=str(Path(home) / "config"),
            XDG_CACHE_HOME=str(Path(home) / "cache"),
        )
        env.pop("TWITCHDESK_DATA_DIR", None)
        started = time.perf_counter()
        result = subprocess.run(
            [str(program), "--self-test"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        seconds = time.perf_counter() - started
    output = result.stdout + result.stderr
    if result.returncode != 0 or SELF_TEST_PASSED not in result.stdout:
        raise RuntimeError(
            f"{program} --self-test failed (exit {result.returncode}):\n{output.strip()}"
        )
    if install_dir:
        written = sorted(file_listing(install_dir) - before)
        if written:
            raise RuntimeError(f"--self-test wrote inside {install_dir}: {written[:10]}")
    return SelfTest(seconds, output)


# --- 3a. Linux: .deb ----------------------------------------------------------------------------
def debian_version(version: str) -> str:
    """PEP 440 -> Debian: pre-releases sort before the release (0.2.0rc1 -> 0.2.0~rc1)."""
    return re.sub(r"(?<=\d)\.?((?:a|b|rc|dev)\d*)", r"~\1", version).replace("+", "+local.")


def debian_architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def is_elf(path: Path) -> bool:
    """A Linux executable or shared library (symbolic links are not: their targets are)."""
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def elf_files(folder: Path) -> list[Path]:
    return [path for path in sorted(folder.rglob("*")) if is_elf(path)]


def elf_headers(path: Path) -> str:
    """`objdump -p`: the dynamic section (NEEDED libraries) and the symbol versions needed."""
    return subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout


def needed_libraries(path: Path) -> list[str]:
    """The libraries `path` names directly (its NEEDED entries), not their own dependencies."""
    return re.findall(r"^\s*NEEDED\s+(\S+)", elf_headers(path), re.MULTILINE)


def glibc_requirement(bundle: Path) -> str:
    """The newest GLIBC_x.y symbol version any binary in the bundle needs ('' if unknown)."""
    if not shutil.which("objdump"):
        return ""
    newest: tuple[int, ...] = ()
    for path in elf_files(bundle):
        for found in re.findall(r"\bGLIBC_(\d+(?:\.\d+)+)\b", elf_headers(path)):
            newest = max(newest, tuple(int(part) for part in found.split(".")))
    return ".".join(map(str, newest))


def control_depends(control: str) -> list[str]:
    """Package names in a control file's Depends field (version constraints dropped)."""
    match = re.search(r"^Depends:(.*(?:\n .*)*)", control, re.MULTILINE)
    if not match:
        return []
    return [item.split("(")[0].strip() for item in match.group(1).replace("\n", " ").split(",")]


def _copy_mode(path: Path) -> None:
    """Files a package installs: owner-writable, world-readable, executables kept executable."""
    mode = path.lstat().st_mode
    if path.is_symlink():
        return
    if path.is_dir() or mode & 0o111:
        path.chmod(0o755)
    else:
        path.chmod(0o644)


def build_deb(bundle: Path, out_dir: Path, version: str | None = None) -> Path:
    """Package the onedir bundle as a .deb (needs dpkg-deb); returns the .deb's path.

    /opt/twitchdesk/                    the bundle (program + _internal/)
    /usr/bin/twitchdesk                 -> /opt/twitchdesk/twitchdesk
    /usr/share/applications/twitchdesk.desktop
    /usr/share/icons/hicolor/{256x256,512x512}/apps/twitchdesk.png, scalable/apps/twitchdesk.svg
    /usr/share/doc/twitchdesk/copyright
    No maintainer scripts: Debian's desktop-file-utils and icon-cache packages watch those folders
    with dpkg triggers, so menus and icon caches refresh by themselves on install and removal.
    """
    version = debian_version(version or app_version())
    arch = debian_architecture()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="twitchdesk-deb-") as staging_name:
        staging = Path(staging_name) / "root"
        install_dir = staging / DEB_PREFIX
        shutil.copytree(bundle, install_dir, symlinks=True)
        (staging / "usr" / "bin").mkdir(parents=True)
        (staging / "usr" / "bin" / APP_ID).symlink_to(f"/{DEB_PREFIX}/{APP_ID}")
        share = staging / "usr" / "share"
        (share / "applications").mkdir(parents=True)
        shutil.copy2(LINUX / "twitchdesk.desktop", share / "applications" / f"{APP_ID}.desktop")
        for folder, source, name in (
            ("256x256", "twitchdesk.png", f"{APP_ID}.png"),
            ("512x512", "twitchdesk-512.png", f"{APP_ID}.png"),
            ("scalable", "twitchdesk.svg", f"{APP_ID}.svg"),
        ):
            target = share / "icons" / "hicolor" / folder / "apps"
            target.mkdir(parents=True)
            shutil.copy2(ICONS / source, target / name)
        (share / "doc" / APP_ID).mkdir(parents=True)
        shutil.copy2(LINUX / "copyright", share / "doc" / APP_ID / "copyright")
        for path in [staging, *staging.rglob("*")]:
            _copy_mode(path)

        glibc = glibc_requirement(install_dir)
        control = (
            (LINUX / "control.in")
            .read_text(encoding="utf-8")
            .replace("@VERSION@", version)
            .replace("@ARCH@", arch)
            .replace("@INSTALLED_SIZE@", str((tree_size(staging) + 1023) // 1024))
            .replace("@LIBC@", f"libc6 (>= {glibc}), " if glibc else "")
        )
        (staging / "DEBIAN").mkdir(mode=0o755)
        (staging / "DEBIAN" / "control").write_text(control, encoding="utf-8")
        (staging / "DEBIAN" / "control").chmod(0o644)

        deb = out_dir / f"{APP_ID}_{version}_{arch}.deb"
        say(f"dpkg-deb: building {deb.name}")
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(staging), str(deb)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return deb


def unlisted_system_libraries(bundle: Path, depends: list[str]) -> dict[str, str]:
    """Libraries the bundle loads from the system whose Debian package is not in `depends`.

    Only the package owning each library on *this* machine is known (dpkg -S); a library absent
    here maps to "?". Used by the tests to keep build/linux/control.in honest.
    """
    bundled = {p.name for p in bundle.rglob("*.so*")}
    needed: set[str] = set()
    for path in elf_files(bundle):
        needed.update(needed_libraries(path))
    glibc = re.compile(r"^(ld-linux.*|libc|libm|libdl|libpthread|librt|libresolv|libutil)\.so")
    unlisted = {}
    for library in sorted(needed - bundled):
        if glibc.match(library):
            continue  # libc6, covered by the versioned libc6 dependency
        owner = subprocess.run(["dpkg", "-S", f"*/{library}"], capture_output=True, text=True)
        package = owner.stdout.split(":")[0].strip() if owner.returncode == 0 else "?"
        # Ubuntu 24.04's 64-bit time_t rebuilds (libcups2t64...) provide the old names that
        # control.in depends on, so that one .deb installs on Debian and Ubuntu alike.
        if package not in depends and package.removesuffix("t64") not in depends:
            unlisted[library] = package
    return unlisted


# --- 3b. Windows: NSIS --------------------------------------------------------------------------
def find_makensis() -> str:
    found = shutil.which("makensis")
    for candidate in (
        found,
        r"C:\Program Files (x86)\NSIS\makensis.exe",
        r"C:\Program Files\NSIS\makensis.exe",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("makensis not found: install NSIS (choco install nsis)")


def build_windows_installer(bundle: Path, out_dir: Path, version: str | None = None) -> Path:
    version = version or app_version()
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:4]]
    out_dir.mkdir(parents=True, exist_ok=True)
    setup = out_dir / f"{APP_NAME}-{version}-setup.exe"
    command = [
        find_makensis(),
        "-V2",
        f"-DVERSION={version}",
        "-DVERSION4=" + ".".join(map(str, [*numbers, 0, 0, 0, 0][:4])),
        f"-DSOURCE_DIR={bundle}",
        f"-DOUT_FILE={setup}",
        f"-DICON={ICONS / 'twitchdesk.ico'}",
        f"-DINSTALLED_SIZE_KB={tree_size(bundle) // 1024}",
        str(WINDOWS / "twitchdesk.nsi"),
    ]
    say("makensis: " + " ".join(command[1:]))
    subprocess.run(command, check=True)
    return setup


# --- 3c. macOS: .dmg ----------------------------------------------------------------------------
def build_dmg(app: Path, out_dir: Path, version: str | None = None) -> Path:
    version = version or app_version()
    out_dir.mkdir(parents=True, exist_ok=True)
    dmg = out_dir / f"{APP_NAME}-{version}.dmg"
    subprocess.run(["bash", str(MACOS / "make_dmg.sh"), str(app), str(dmg), version], check=True)
    return dmg


def build_installer(bundle: Path, out_dir: Path) -> Path:
    if sys.platform == "win32":
        return build_windows_installer(bundle, out_dir)
    if sys.platform == "darwin":
        return build_dmg(bundle, out_dir)
    if shutil.which("dpkg-deb"):
        return build_deb(bundle, out_dir)
    raise RuntimeError("only .deb packages are made on Linux: dpkg-deb is missing")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="output folder")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="PyInstaller work folder")
    parser.add_argument(
        "--no-installer", action="store_true", help="stop after building and testing the bundle"
    )
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()

    started = time.perf_counter()
    bundle = build_bundle(dist, work)
    built = time.perf_counter() - started
    say(f"bundle: {bundle} ({megabytes(tree_size(bundle))}, built in {built:.0f} s)")

    check = run_self_test(frozen_program(dist), install_dir=bundle)
    say(f"frozen --self-test passed in {check.seconds:.1f} s: {check.output.strip()}")
    if args.no_installer:
        return 0

    started = time.perf_counter()
    installer = build_installer(bundle, dist)
    say(
        f"installer: {installer} ({megabytes(installer.stat().st_size)}, "
        f"made in {time.perf_counter() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

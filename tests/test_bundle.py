"""The frozen app and its Linux package, built for real (minutes, so not in the normal run).

    TWITCHDESK_BUNDLE_TESTS=1 QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -m bundle -q

(.ci/run does this after the normal suite.) The bundle is built once per run into a tmp folder
by build/build_installer.py's own functions, then: its --self-test; the frozen window opened on
each panel (on an X server when Xvfb is there), which is what proves that the modules, plugins,
libraries and data installer.spec leaves out are not needed; what it contains; the .deb's files,
control fields and desktop entry; and, as root on Debian/Ubuntu only, a real install with dpkg,
a run of the installed copy and a clean removal. (The bundle's size budget is a benchmark row,
not a test: benchmarks/README.md.)
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
ON_LINUX = sys.platform.startswith("linux")
INSTALL_DIR = Path("/opt/twitchdesk")
INSTALLED_PATHS = (
    INSTALL_DIR,
    Path("/usr/bin/twitchdesk"),
    Path("/usr/share/applications/twitchdesk.desktop"),
    Path("/usr/share/icons/hicolor/256x256/apps/twitchdesk.png"),
    Path("/usr/share/icons/hicolor/scalable/apps/twitchdesk.svg"),
)
# The system libraries the bundle loads but does not carry (see ../shared/DESIGN.md).
REQUIRED_DEPENDS = {
    "libgl1",
    "libegl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-render-util0",
    "libxcb-render0",
    "libxcb-shape0",
    "libxcb-util1",
    "libxcb-xkb1",
    "libcups2",  # taken from the system, not bundled (installer.spec, SYSTEM_LIBRARIES)
}
PANELS = ("log", "trends", "advice", "reader")

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(
        os.environ.get("TWITCHDESK_BUNDLE_TESTS") != "1",
        reason="builds the PyInstaller bundle (minutes): set TWITCHDESK_BUNDLE_TESTS=1 "
        "(.ci/run runs these after the normal suite)",
    ),
]
needs_dpkg = pytest.mark.skipif(
    not (ON_LINUX and shutil.which("dpkg-deb") and shutil.which("dpkg")),
    reason="the .deb is made and inspected with dpkg-deb (Debian/Ubuntu only)",
)


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_installer", ROOT / "build" / "build_installer.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dist(builder: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    builder.build_bundle(folder, tmp_path_factory.mktemp("pyinstaller-work"))
    return folder


@pytest.fixture(scope="module")
def bundle(builder: ModuleType, dist: Path) -> Path:
    path: Path = builder.bundle_path(dist)
    return path


@pytest.fixture(scope="module")
def deb(builder: ModuleType, bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ON_LINUX and shutil.which("dpkg-deb")):
        pytest.skip("the .deb is made with dpkg-deb (Debian/Ubuntu only)")
    path: Path = builder.build_deb(bundle, tmp_path_factory.mktemp("deb"))
    return path


def offscreen_env(home: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    env.pop("TWITCHDESK_DATA_DIR", None)
    return env


def listing(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def test_frozen_app_passes_its_self_test(builder: ModuleType, dist: Path, tmp_path: Path) -> None:
    bundle = builder.bundle_path(dist)
    before = listing(bundle)
    result = subprocess.run(
        [str(builder.frozen_program(dist)), "--self-test"],
        env=offscreen_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    assert "main window with panels" in result.stdout
    assert listing(bundle) == before, "the self-test wrote inside the bundle"
    # The report's chart listed the fonts once, for the next launches too (not in a temporary
    # folder: build/rthooks/matplotlib_cache.py).
    assert list((tmp_path / "cache" / "TwitchDesk" / "matplotlib").glob("fontlist-*.json"))


@pytest.fixture(scope="module")
def demo_diary(builder: ModuleType, dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the demo diary, written by the frozen app's `demo` command."""
    folder = tmp_path_factory.mktemp("demo-diary")
    result = subprocess.run(
        [str(builder.frozen_program(dist)), "demo", "--data-dir", str(folder)],
        env=offscreen_env(tmp_path_factory.mktemp("home")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture
def window_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Where the frozen window is shown: a private Xvfb server when there is one (the xcb plugin,
    its GL integration and the X libraries are then loaded for real), else Qt's offscreen one."""
    (tmp_path / "home").mkdir()
    env = offscreen_env(tmp_path / "home")
    if not (ON_LINUX and shutil.which("Xvfb")):
        yield env
        return
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=[write_end],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as display_number:
        display = display_number.readline().strip()
    try:
        assert display, "Xvfb did not start"
        env.pop("QT_QPA_PLATFORM")
        env.pop("WAYLAND_DISPLAY", None)
        env["DISPLAY"] = f":{display}"
        yield env
    finally:
        server.terminate()
        server.wait(timeout=30)


def loaded_files(pid: int) -> set[str]:
    """The files (libraries, plugins) mapped into a running process."""
    maps = Path(f"/proc/{pid}/maps").read_text(encoding="utf-8")
    return {line.split(maxsplit=5)[5] for line in maps.splitlines() if len(line.split()) > 5}


def wait_for(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.skipif(not ON_LINUX, reason="reads what the process loaded from /proc")
@pytest.mark.parametrize("panel", PANELS)
def test_frozen_window_opens_on_each_panel(
    builder: ModuleType,
    dist: Path,
    demo_diary: Path,
    window_env: dict[str, str],
    panel: str,
    tmp_path: Path,
) -> None:
    """The frozen window, opened on `panel` as the settings remember it (the self-test builds the
    panels it can headlessly but never opens Trends' QtAgg canvas), stays up without an error.
    Trends must have loaded matplotlib's Agg renderer: the chart was drawn."""
    data = tmp_path / "data"
    shutil.copytree(demo_diary, data)
    (data / "settings.ini").write_text(f"[window]\nlast_panel={panel}\n", encoding="utf-8")
    window = subprocess.Popen(
        [str(builder.frozen_program(dist)), "--data-dir", str(data)],
        env=window_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        platform = "libqxcb.so" if "DISPLAY" in window_env else "libqoffscreen.so"
        drawn = "_backend_agg." if panel == "trends" else platform
        shown = wait_for(
            lambda: (
                window.poll() is None and any(drawn in name for name in loaded_files(window.pid))
            ),
            180,
        )
        time.sleep(3)  # the panel's first frames; an error in them is printed by now
        alive = window.poll() is None
        loaded = loaded_files(window.pid) if alive else set()
    finally:
        window.terminate()
        out, err = window.communicate(timeout=60)
    assert alive, f"the window closed (exit {window.returncode}):\n{out}{err}"
    assert shown, f"{drawn} never loaded:\n{err}"
    assert "Traceback" not in err and "Error" not in err, err
    assert any(platform in name for name in loaded)
    bundle = str(builder.bundle_path(dist))
    assert any(name.startswith(bundle) and "libpython3" in name for name in loaded)


def test_frozen_app_reports_the_package_version(builder: ModuleType, dist: Path) -> None:
    result = subprocess.run(
        [str(builder.frozen_program(dist)), "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"TwitchDesk {builder.app_version()}"


def test_bundle_holds_data_files_and_hidden_imports(builder: ModuleType, dist: Path) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    program = builder.frozen_program(dist)
    # sys._MEIPASS: _internal/ beside the program; Contents/Frameworks/ in a macOS .app.
    internal = program.parent / "_internal"
    if sys.platform == "darwin":
        internal = program.parent.parent / "Frameworks"
    for relative in (
        "resources/bodymap/regions.json",
        "resources/icons/twitchdesk.svg",
        "resources/fonts/DejaVuSans.ttf",
        "twitchdesk/storage/migrations/env.py",
        "twitchdesk/storage/migrations/versions/0001_initial_schema.py",
        # The charts' font and the chart toolbar's icons (the spec drops matplotlib's others).
        "matplotlib/mpl-data/matplotlibrc",
        "matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf",
        "matplotlib/mpl-data/fonts/ttf/DejaVuSans-Bold.ttf",
        "matplotlib/mpl-data/images/home.svg",
    ):
        assert (internal / relative).is_file(), relative
    assert not list(internal.rglob("__pycache__"))
    # Modules only reached by name at run time (Alembic's env.py, lazy matplotlib backends).
    modules = set(CArchiveReader(str(program)).open_embedded_archive("PYZ.pyz").toc)
    for module in (
        "alembic.context",
        "alembic.op",
        "alembic.ddl.sqlite",
        "twitchdesk.storage.models",
        "sqlalchemy.dialects.sqlite.pysqlite",
        "matplotlib.backends.backend_qtagg",
        "matplotlib.backends.backend_svg",
    ):
        assert module in modules, module
    left_out = {"tkinter", "PyQt5", "PyQt6", "pygments", "ssl", "pydoc"}
    assert not any(name.split(".")[0] in left_out for name in modules)


@pytest.mark.skipif(not ON_LINUX, reason="Qt's plugin layout checked on Linux")
def test_bundle_keeps_the_qt_plugins_it_needs_and_drops_the_rest(bundle: Path) -> None:
    plugins = bundle / "_internal" / "PySide6" / "Qt" / "plugins"
    present = {str(path.relative_to(plugins)) for path in plugins.rglob("*.so")}
    for needed in (
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "platforms/libqoffscreen.so",
        "xcbglintegrations/libqxcb-glx-integration.so",
        "iconengines/libqsvgicon.so",
        "imageformats/libqsvg.so",
        "printsupport/libcupsprintersupport.so",
    ):
        assert needed in present, needed
    for dropped in (
        "platforms/libqeglfs.so",
        "platforms/libqvnc.so",
        "platformthemes/libqgtk3.so",
        "imageformats/libqpdf.so",
        "platforminputcontexts/libqtvirtualkeyboardplugin.so",
    ):
        assert dropped not in present, dropped
    libraries = {path.name for path in (bundle / "_internal").rglob("libQt6*.so*")}
    assert "libQt6Svg.so.6" in libraries
    assert "libQt6PrintSupport.so.6" in libraries
    assert not {"libQt6Network.so.6", "libQt6Quick.so.6", "libQt6Qml.so.6"} & libraries
    # Left to the system (CUPS) or never loaded (OpenSSL: no network; Pillow's AVIF codec).
    everything = {path.name for path in (bundle / "_internal").rglob("*.so*")}
    assert not {"libcups.so.2", "libgnutls.so.30", "libcrypto.so.3", "libssl.so.3"} & everything
    assert not [name for name in everything if name.startswith(("libavif", "_avif"))]


def dpkg_field(deb: Path, field: str) -> str:
    result = subprocess.run(
        ["dpkg-deb", "--field", str(deb), field], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@needs_dpkg
def test_deb_control_fields(builder: ModuleType, deb: Path) -> None:
    assert dpkg_field(deb, "Package") == "twitchdesk"
    assert dpkg_field(deb, "Version") == builder.debian_version(builder.app_version())
    assert dpkg_field(deb, "Architecture") == builder.debian_architecture()
    depends = set(builder.control_depends("Depends: " + dpkg_field(deb, "Depends")))
    assert depends >= REQUIRED_DEPENDS, REQUIRED_DEPENDS - depends
    assert "libc6" in depends  # versioned by the newest glibc symbol the bundle uses
    info = subprocess.run(["dpkg-deb", "--info", str(deb)], capture_output=True, text=True)
    assert info.returncode == 0
    # No maintainer scripts: dpkg triggers refresh menus and icon caches.
    assert "postinst" not in info.stdout and "postrm" not in info.stdout


@needs_dpkg
def test_every_system_library_the_bundle_loads_is_a_dependency(
    builder: ModuleType, bundle: Path, deb: Path
) -> None:
    depends = builder.control_depends("Depends: " + dpkg_field(deb, "Depends"))
    unlisted = builder.unlisted_system_libraries(bundle, depends)
    # "?" = not installed on this machine, so its package cannot be named here.
    assert {lib: pkg for lib, pkg in unlisted.items() if pkg != "?"} == {}


@needs_dpkg
def test_deb_contents(deb: Path) -> None:
    listing_text = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    entries = {}
    for line in listing_text.splitlines():
        fields = line.split(maxsplit=5)
        name = fields[5].split(" -> ")[0].removeprefix(".")
        entries[name] = (fields[0], fields[1], line)
    for path in (
        "/opt/twitchdesk/twitchdesk",
        "/opt/twitchdesk/_internal/resources/bodymap/regions.json",
        "/opt/twitchdesk/_internal/twitchdesk/storage/migrations/env.py",
        "/usr/share/applications/twitchdesk.desktop",
        "/usr/share/icons/hicolor/256x256/apps/twitchdesk.png",
        "/usr/share/icons/hicolor/512x512/apps/twitchdesk.png",
        "/usr/share/icons/hicolor/scalable/apps/twitchdesk.svg",
        "/usr/share/doc/twitchdesk/copyright",
    ):
        assert path in entries, path
    assert entries["/opt/twitchdesk/twitchdesk"][0] == "-rwxr-xr-x"
    assert "-> /opt/twitchdesk/twitchdesk" in entries["/usr/bin/twitchdesk"][2]
    assert all(owner == "root/root" for _mode, owner, _line in entries.values())
    assert not [name for name in entries if "__pycache__" in name]
    # Nothing outside the package's own places.
    allowed = (
        "/opt/twitchdesk/",
        "/usr/bin/twitchdesk",
        "/usr/share/applications/twitchdesk.desktop",
        "/usr/share/icons/hicolor/",
        "/usr/share/doc/twitchdesk/",
    )
    stray = [
        name
        for name, (mode, _owner, _line) in entries.items()
        if not mode.startswith("d") and not name.startswith(allowed)
    ]
    assert stray == []


@needs_dpkg
def test_deb_desktop_entry(deb: Path, tmp_path: Path) -> None:
    subprocess.run(["dpkg-deb", "--extract", str(deb), str(tmp_path)], check=True)
    desktop = tmp_path / "usr/share/applications/twitchdesk.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  (keys keep their case)
    entry.read(desktop, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"] == "twitchdesk"
    assert section["Icon"] == "twitchdesk"
    assert section["Terminal"] == "false"
    assert {"Utility", "MedicalSoftware"} <= set(section["Categories"].strip(";").split(";"))
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True)
        assert result.returncode == 0, result.stdout


def missing_packages(names: list[str]) -> list[str]:
    missing = []
    for name in names:
        status = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True
        )
        if "install ok installed" not in status.stdout:
            missing.append(name)
    return missing


@needs_dpkg
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="installs: needs root")
def test_deb_installs_runs_and_removes_cleanly(
    builder: ModuleType, deb: Path, tmp_path: Path
) -> None:
    if not missing_packages(["twitchdesk"]):
        pytest.skip("a twitchdesk package is already installed here; leaving it alone")
    if any(path.exists() or path.is_symlink() for path in INSTALLED_PATHS):
        pytest.skip("/opt/twitchdesk or /usr/bin/twitchdesk exist without the package")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    depends = builder.control_depends("Depends: " + dpkg_field(deb, "Depends"))
    if missing_packages(depends) and shutil.which("apt-get"):
        # apt fetches the missing dependencies (dpkg -i alone would leave it unconfigured).
        install = ["apt-get", "install", "-y", "--no-install-recommends", str(deb)]
    else:
        install = ["dpkg", "-i", str(deb)]
    home = tmp_path / "home"
    home.mkdir()
    try:
        result = subprocess.run(install, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        before = listing(INSTALL_DIR)

        run = subprocess.run(
            ["/usr/bin/twitchdesk", "--self-test"],
            env=offscreen_env(home),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert "self-test passed" in run.stdout

        # A real diary goes to the user's data folder, never into the installation.
        demo = subprocess.run(
            ["/usr/bin/twitchdesk", "demo"],
            env=offscreen_env(home),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert demo.returncode == 0, demo.stdout + demo.stderr
        assert (home / "data" / "TwitchDesk" / "twitchdesk.sqlite3").is_file()
        assert listing(INSTALL_DIR) == before, "running the app wrote inside /opt/twitchdesk"
    finally:
        removed = subprocess.run(
            ["dpkg", "-r", "twitchdesk"], env=env, capture_output=True, text=True
        )
    assert removed.returncode == 0, removed.stdout + removed.stderr
    left = [str(path) for path in INSTALLED_PATHS if path.exists() or path.is_symlink()]
    assert left == []
    assert (home / "data" / "TwitchDesk" / "twitchdesk.sqlite3").is_file(), "user data went"

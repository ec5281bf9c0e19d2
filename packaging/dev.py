"""Set up a development environment and run the app or the tests, in one step.

    python3 packaging/dev.py demo    # venv + install, then open the demo workshop
    python3 packaging/dev.py test    # venv + install with test extras, ruff, pytest
                                     # (and the bundle extra: tests/test_bundle.py builds it)
    python3 packaging/dev.py run -- [ARGS]   # venv + install, then sourcing-workshop ARGS
    python3 packaging/dev.py bundle  # venv + PyInstaller: dist/sourcing-workshop/
    python3 packaging/dev.py bundle DIST WORK  # the same, built in other folders

Uses only the standard library, so it runs on a fresh machine. The virtual
environment is `.venv` at the top of the repository (or $SW_VENV). On Debian
or Ubuntu, when Qt's system libraries are missing and we run as root, they are
installed with apt-get.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("SW_VENV", REPO / ".venv"))
QT_DEBIAN_PACKAGES = [
    "libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3", "libglib2.0-0",
]
# What tests/test_desktop_integration.py validates the Linux desktop files with, and
# what tests/test_business_case_exports.py reads the minutes' word boxes with.
DESKTOP_TOOLS = {  # command: Debian package
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
    "update-mime-database": "shared-mime-info",
    "pdftotext": "poppler-utils",
}
QT_PROBE = (
    "import os; os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen');"
    "from PySide6.QtWidgets import QApplication; QApplication([])"
)


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def python_in_venv() -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    return VENV / folder / ("python.exe" if os.name == "nt" else "python")


def run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    subprocess.run([str(part) for part in command], check=True, cwd=REPO, env=env)


def ensure_venv(extras: str) -> Path:
    python = python_in_venv()
    if not python.exists():
        say(f"creating virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    stamp = VENV / f".installed{extras or '-app'}"
    inputs = [REPO / "pyproject.toml"]
    if not stamp.exists() or any(p.stat().st_mtime > stamp.stat().st_mtime for p in inputs):
        say("installing Sourcing Workshop and its dependencies")
        run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(python, "-m", "pip", "install", "--quiet", "-e", f".{extras}")
        stamp.touch()
    ensure_qt_runtime(python)
    return python


def can_apt_get() -> bool:
    return bool(shutil.which("apt-get")) and hasattr(os, "geteuid") and os.geteuid() == 0


def apt_get_install(packages: list[str]) -> None:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages, env=env)


def ensure_desktop_tools() -> None:
    """The validators of the Linux desktop files and pdftotext; without them those
    tests skip (CI=true makes them fail instead)."""
    missing = sorted({package for command, package in DESKTOP_TOOLS.items()
                      if shutil.which(command) is None})
    if not missing:
        return
    if not sys.platform.startswith("linux") or not can_apt_get():
        say("the desktop-file tests will skip without: " + " ".join(missing))
        return
    say("installing the desktop-file validators with apt-get: " + " ".join(missing))
    apt_get_install(missing)


def ensure_qt_runtime(python: Path) -> None:
    """Qt needs a few system libraries; install them on Debian if missing."""
    probe = subprocess.run([str(python), "-c", QT_PROBE], capture_output=True, text=True)
    if probe.returncode == 0:
        return
    if not can_apt_get():
        say("Qt could not start; install your system's OpenGL/EGL, xkbcommon and "
            f"fontconfig libraries. Details:\n{probe.stderr.strip()[-800:]}")
        sys.exit(2)
    say("installing Qt's system libraries with apt-get: " + " ".join(QT_DEBIAN_PACKAGES))
    apt_get_install(QT_DEBIAN_PACKAGES)


def build_bundle(python: Path, dist: Path = REPO / "dist",
                 work: Path = REPO / "build" / "pyinstaller") -> Path:
    """The one-folder bundle DIST/sourcing-workshop, from packaging/sourcing-workshop.spec;
    on Linux with the desktop entry, AppStream metainfo, MIME type and icons beside it."""
    run(python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", dist, "--workpath", work, REPO / "packaging" / "sourcing-workshop.spec")
    bundle = dist / "sourcing-workshop"
    if sys.platform.startswith("linux"):
        run(python, REPO / "packaging" / "linux" / "desktop_integration.py", "--bundle", bundle)
    return bundle


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "demo"
    if task == "test":
        python = ensure_venv("[test,bundle]")
        ensure_desktop_tools()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        say("ruff check")
        run(python, "-m", "ruff", "check", ".", env=env)
        say("pytest")
        extra = argv[1:]
        if not any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in extra):
            extra = ["-n", str(min(os.cpu_count() or 1, 4)), *extra]  # pytest-xdist
        result = subprocess.run([str(python), "-m", "pytest", *extra], cwd=REPO, env=env)
        return result.returncode
    if task == "bundle":
        python = ensure_venv("[bundle]")
        places = [Path(a).resolve() for a in argv[1:3]]  # DIST WORK, for tests/test_bundle.py
        bundle = build_bundle(python, *places)
        say(f"built {bundle}")
        return 0
    if task in ("demo", "run"):
        python = ensure_venv("")
        args = ["--demo"] if task == "demo" else [a for a in argv[1:] if a != "--"]
        return subprocess.run([str(python), "-m", "desktop_app", *args], cwd=REPO).returncode
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

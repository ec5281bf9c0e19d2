"""Build the one-folder bundle and check that it runs on its own.

    python3 packaging/check_bundle.py             # build (packaging/dev.py bundle), then check
    python3 packaging/check_bundle.py --no-build  # check dist/sourcing-workshop as it is

The bundle is copied to a temporary folder and started with an empty
environment. Where Linux allows it (root, or unprivileged user namespaces),
it runs in a private mount namespace in which this repository (with its
virtual environment), the Python that runs this script and the system's
Python libraries (/usr/lib/python3*, /usr/local/lib/python3*) are hidden, so
a pass means the bundle uses no Python or Python package of the machine. It must:

- print the version written in pyproject.toml (`--version`; Linux only: the
  Windows and macOS builds are windowed and print nothing);
- start, open the demo workshop and paint its window (`--smoke --demo`, offscreen);
- export the demo's minutes to PDF (`--demo --export minutes.pdf`);
- show every stage and export the minutes the way the window does, in a
  child process that is the bundle started again (`--self-test`).

Prints the build time and the bundle's size; exits 1 if a check fails.
Standard library only, like packaging/dev.py.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "dist" / "sourcing-workshop"
EXECUTABLE = "sourcing-workshop.exe" if os.name == "nt" else "sourcing-workshop"


def say(message: str) -> None:
    print(f"[check-bundle] {message}", flush=True)


def pyproject_version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files under `folder` (symlinks not followed)."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def hidden_python_folders() -> list[str]:
    """Folders to hide from the bundle: this repository, the venv and every
    Python installation (their standard libraries and site-packages)."""
    folders = {str(REPO), sys.prefix, sys.base_prefix, sys.exec_prefix}
    for root in ("/usr/lib", "/usr/local/lib", "/usr/lib64"):
        for path in Path(root).glob("python3*"):
            folders.add(str(path))
    kept = sorted(f for f in folders if Path(f).is_dir() and f not in ("/", "/usr", "/usr/local"))
    # A folder inside one already hidden cannot be mounted over (it is gone).
    return [f for f in kept if not any(Path(f).is_relative_to(o) and f != o for o in kept)]


def isolation_prefix(hide: list[str]) -> list[str] | None:
    """`unshare` wrapping that mounts an empty tmpfs over each folder in `hide`,
    or None where this system does not allow a private mount namespace."""
    unshare = shutil.which("unshare")
    if not sys.platform.startswith("linux") or unshare is None:
        return None
    mounts = "; ".join(f"mount -t tmpfs none {shlex.quote(f)}" for f in hide)
    base = [unshare, "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        base[1:1] = ["--user", "--map-root-user"]
    probe = subprocess.run([*base, "sh", "-c", f"{mounts} && true"], capture_output=True)
    if probe.returncode != 0:
        return None
    return [*base, "sh", "-c", f'{mounts} && exec "$0" "$@"']


def run_bundle(executable: Path, args: list[str], workdir: Path,
               prefix: list[str] | None) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(workdir / "home"),
        "XDG_CONFIG_HOME": str(workdir / "home" / ".config"),
        "XDG_DATA_HOME": str(workdir / "home" / ".local" / "share"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    command = [*(prefix or []), str(executable), *args]
    try:
        return subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True,
                              timeout=180)
    except subprocess.TimeoutExpired as expired:
        def text(value: str | bytes | None) -> str:
            return value.decode(errors="replace") if isinstance(value, bytes) else value or ""

        return subprocess.CompletedProcess(command, -1, text(expired.stdout),
                                           text(expired.stderr) + "\n(timed out after 180 s)")


def check(bundle: Path) -> list[tuple[str, str | None]]:
    """Run the three checks; (label, problem) for each, problem None when it passed."""
    size, count = folder_size(bundle)
    say(f"bundle: {bundle} — {size / 2**20:.0f} MiB in {count} files")
    results: list[tuple[str, str | None]] = []
    with tempfile.TemporaryDirectory(prefix="sw-bundle-check-") as temp:
        workdir = Path(temp)
        (workdir / "home").mkdir()
        copy = workdir / "sourcing-workshop"
        shutil.copytree(bundle, copy, symlinks=True)
        executable = copy / EXECUTABLE
        hide = hidden_python_folders()
        prefix = isolation_prefix(hide)
        if prefix is None:
            say("no private mount namespace here: Python installations stay visible "
                "(the bundle's own loader still ignores them)")
        else:
            say("hidden from the bundle: " + ", ".join(hide))

        def expect(label: str, args: list[str], test) -> None:
            started = time.perf_counter()
            result = run_bundle(executable, args, workdir, prefix)
            seconds = time.perf_counter() - started
            problem = test(result)
            if problem is None:
                say(f"PASS {label} ({seconds:.1f} s)")
            else:
                problem = (f"{problem}; exit {result.returncode}\n"
                           f"  stdout: {result.stdout.strip()[-1500:]}\n"
                           f"  stderr: {result.stderr.strip()[-1500:]}")
                say(f"FAIL {label}: {problem}")
            results.append((label, problem))

        version = pyproject_version()
        if sys.platform.startswith("linux"):
            expect("--version", ["--version"], lambda r: None if r.returncode == 0
                   and r.stdout.split() == ["sourcing-workshop", version]
                   else f"expected 'sourcing-workshop {version}'")
        expect("--smoke --demo", ["--smoke", "--demo"],
               lambda r: None if r.returncode == 0 else "the window did not open and paint")
        pdf = workdir / "minutes.pdf"

        def minutes_written(result: subprocess.CompletedProcess[str]) -> str | None:
            if result.returncode != 0:
                return "the export failed"
            if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF-"):
                return "no PDF was written"
            pages = len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))
            return None if pages >= 10 else f"the PDF has {pages} pages; the demo's have 14"

        expect("--demo --export minutes.pdf", ["--demo", "--export", str(pdf)],
               minutes_written)
        talks = sys.platform.startswith("linux")  # windowed builds elsewhere print nothing
        expect("--self-test", ["--self-test"], lambda r: None if r.returncode == 0
               and (not talks or "self-test: PASS" in r.stdout) else "the self-test failed")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="check the existing bundle")
    options = parser.parse_args()
    started_all = time.perf_counter()
    if not options.no_build:
        say("building: python3 packaging/dev.py bundle")
        started = time.perf_counter()
        subprocess.run([sys.executable, str(REPO / "packaging" / "dev.py"), "bundle"],
                       cwd=REPO, check=True)
        say(f"built in {time.perf_counter() - started:.0f} s")
    if not (BUNDLE / EXECUTABLE).is_file():
        say(f"no bundle at {BUNDLE}: build it first")
        return 1
    passed = all(problem is None for _label, problem in check(BUNDLE))
    say(("all checks passed" if passed else "some checks FAILED")
        + f" ({time.perf_counter() - started_all:.0f} s in all)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())

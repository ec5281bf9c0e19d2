"""Read-only files, folders and media, for real: the app opens the workshop
read-only with a visible banner, editing is disabled, Save a Copy As works,
and the file is not touched.

Tests run as root on CI, and root may write any file whatever its mode, so
the real app runs in a user namespace: as an ordinary user (for modes) or
with the folder bind-mounted read-only (for read-only media).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.storage.document import WorkshopDocument, can_write

DRIVER = Path(__file__).resolve().parent / "app_driver.py"


def _works(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def as_ordinary_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    wrapper = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    if not _works([*wrapper, "true"]):
        pytest.skip("running as root and user namespaces are not available here")
    return [*wrapper, *argv]


def on_read_only_media(folder: Path, argv: list[str]) -> list[str]:
    wrapper = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
               'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder)]
    if not _works([*wrapper, "true"]):
        pytest.skip("cannot make a read-only mount here (no user namespaces)")
    return [*wrapper, *argv]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def run_app(tmp_path):
    def run(argv: list[str]) -> dict:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   XDG_CONFIG_HOME=str(tmp_path / "config"),
                   XDG_DATA_HOME=str(tmp_path / "data"))
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)
        assert result.returncode == 0, result.stderr
        lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        return {k: v for line in lines for k, v in line.items()}

    return run


@pytest.fixture
def shared(tmp_path, workshop_file):
    """A folder holding the workshop, and a writable folder for copies."""
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "plan.workshop"
    shutil.move(workshop_file, path)
    (tmp_path / "mine").mkdir()
    return path


def check_read_only_window(report: dict, reason: str) -> None:
    assert report["open"] and report["read_only"], report
    assert "[read-only]" in report["title"]
    assert report["notice_visible"] and reason in report["notice"]
    assert "Save a copy" in report["notice"]
    assert not report["add_enabled"] and not report["title_editable"]


def test_a_read_only_file_opens_read_only_with_a_banner(shared, run_app, tmp_path):
    shared.chmod(0o444)
    before = digest(shared)
    copy = tmp_path / "mine" / "copy.workshop"
    report = run_app(as_ordinary_user(
        [sys.executable, str(DRIVER), str(shared), "state", str(copy)]))
    check_read_only_window(report, "cannot be written")
    assert report["copy"] == str(copy)
    assert WorkshopDocument.open(copy).workshop.participants  # an editable copy
    assert digest(shared) == before


def test_a_file_in_a_read_only_folder_opens_read_only(shared, run_app, tmp_path):
    shared.parent.chmod(0o555)
    try:
        before = digest(shared)
        report = run_app(as_ordinary_user(
            [sys.executable, str(DRIVER), str(shared), "state",
             str(tmp_path / "mine" / "copy.workshop")]))
    finally:
        shared.parent.chmod(0o755)
    check_read_only_window(report, "folder cannot be written")
    assert "copy" in report
    assert digest(shared) == before
    assert sorted(p.name for p in shared.parent.iterdir()) == ["plan.workshop"]


def test_a_file_on_read_only_media_opens_read_only(shared, run_app, tmp_path):
    before = digest(shared)
    copy = tmp_path / "mine" / "copy.workshop"
    report = run_app(on_read_only_media(
        shared.parent, [sys.executable, str(DRIVER), str(shared), "state", str(copy)]))
    check_read_only_window(report, "cannot be written")
    assert report["copy"] == str(copy)
    assert digest(shared) == before
    assert sorted(p.name for p in shared.parent.iterdir()) == ["plan.workshop"]


def test_the_command_line_reads_from_read_only_media(shared, tmp_path):
    out = tmp_path / "mine" / "plan.json"
    result = subprocess.run(on_read_only_media(
        shared.parent, [sys.executable, "-m", "desktop_app", str(shared), "--export", str(out)]),
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["workshop"]


def test_a_half_written_file_on_read_only_media_is_read_as_it_was_before(shared, tmp_path):
    """The crashed change is rolled back in a private copy (issue 26: reading
    changes nothing beside the file), so read-only media need no repair."""
    code = ("import os, signal, sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA cache_size = 1')\n"
            "c.execute('BEGIN')\n"
            "c.execute(\"UPDATE functions SET rationale = hex(zeroblob(4000))\")\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")
    subprocess.run([sys.executable, "-c", code, str(shared)], check=False)
    journal = Path(f"{shared}-journal")
    assert journal.exists()
    before = (digest(shared), digest(journal))
    out = tmp_path / "mine" / "out.json"
    result = subprocess.run(on_read_only_media(
        shared.parent, [sys.executable, "-m", "desktop_app", str(shared), "--export",
                        str(out)]),
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "0" * 8000 not in out.read_text(encoding="utf-8")
    assert (digest(shared), digest(journal)) == before


def test_can_write_asks_the_file_system(shared, tmp_path):
    assert can_write(shared)
    assert sorted(p.name for p in shared.parent.iterdir()) == ["plan.workshop"]  # no probe left
    result = subprocess.run(on_read_only_media(
        shared.parent, [sys.executable, "-c",
                        "import sys; from desktop_app.storage.document import can_write; "
                        "print(can_write(__import__('pathlib').Path(sys.argv[1])))",
                        str(shared)]),
        capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parent.parent)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("suffix", [".pdf", ".json", ".csv", ".workshop"])
def test_exporting_into_read_only_media_says_so_and_writes_nothing(shared, tmp_path, suffix):
    target_folder = tmp_path / "stick"
    target_folder.mkdir()
    result = subprocess.run(on_read_only_media(
        target_folder, [sys.executable, "-m", "desktop_app", str(shared), "--export",
                        str(target_folder / f"minutes{suffix}")]),
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Read-only file system" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(target_folder.iterdir()) == []


def test_exporting_into_a_folder_you_may_not_write_says_so(shared, tmp_path):
    target_folder = tmp_path / "theirs"
    target_folder.mkdir()
    target_folder.chmod(0o555)
    try:
        result = subprocess.run(as_ordinary_user(
            [sys.executable, "-m", "desktop_app", str(shared), "--export",
             str(target_folder / "minutes.pdf")]), capture_output=True, text=True, timeout=120)
    finally:
        target_folder.chmod(0o755)
    assert result.returncode == 2
    assert "Permission denied" in result.stderr and "Traceback" not in result.stderr
    assert list(target_folder.iterdir()) == []

"""Disk full or an unwritable export target: a message, no partial file, the
workshop intact.

A full disk is simulated for real: the command runs in a subprocess whose
RLIMIT_FSIZE caps the size of any file it writes, with SIGXFSZ ignored so a
write past the cap fails with EFBIG instead of killing the process.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.app import main
from desktop_app.files.atomic import atomic_write_bytes
from desktop_app.storage import schema
from desktop_app.storage.document import WorkshopDocument
from desktop_app.storage.errors import WriteFailed

DATA = Path(__file__).resolve().parent / "data"
FORMATS = (".pdf", ".json", ".csv", ".workshop")
TOO_SMALL = 512  # bytes: less than any export of the demo, more than zero (a partial file)


def capped(limit: int) -> Callable[[], None]:
    """preexec_fn: files the child writes cannot grow beyond `limit` bytes."""

    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return preexec


def run_capped(limit: int, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, *map(str, args)], capture_output=True, text=True, timeout=120,
        env=env, preexec_fn=capped(limit),
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> dict[str, str]:
    """Every file in the folder, hidden temporary files included, with its hash."""
    return {p.name: sha256(p) for p in sorted(folder.iterdir()) if p.is_file()} | {
        p.name + "/": "folder" for p in folder.iterdir() if p.is_dir()
    }


def assert_one_line_error(returncode: int, stdout: str, stderr: str, *words: str) -> str:
    assert returncode == 2, stderr
    assert stdout == ""
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("sourcing-workshop: error: ")
    for word in words:
        assert word in lines[0]
    return lines[0]


@pytest.fixture
def source(tmp_path, workshop_file) -> Path:
    """The demo workshop, alone in a folder of its own."""
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "demo.workshop"
    shutil.move(workshop_file, path)
    return path


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# --- exports on a full disk ---------------------------------------------------------------


@pytest.mark.parametrize("replacing", [False, True], ids=["new-target", "replacing-a-file"])
@pytest.mark.parametrize("suffix", FORMATS)
def test_an_export_that_fills_the_disk_leaves_no_file(source, out, suffix, replacing):
    target = out / f"export{suffix}"
    if replacing:
        target.write_bytes(b"the previous export, which must survive")
    before_out, before_in = listing(out), listing(source.parent)
    result = run_capped(TOO_SMALL, "-m", "desktop_app", source, "--export", target)
    assert_one_line_error(result.returncode, result.stdout, result.stderr, target.name)
    assert listing(out) == before_out, "no partial target, no temporary file, old file intact"
    assert listing(source.parent) == before_in, "the input is unchanged"


@pytest.mark.parametrize("suffix", [".json", ".csv", ".workshop"])
def test_an_export_one_byte_too_big_for_the_disk_leaves_no_file(source, out, suffix):
    """The last write is the one that fails: still nothing half-written."""
    full = out / f"full{suffix}"
    assert main([str(source), "--export", str(full)]) == 0
    size = full.stat().st_size
    full.unlink()
    target = out / f"export{suffix}"
    result = run_capped(size - 1, "-m", "desktop_app", source, "--export", target)
    assert_one_line_error(result.returncode, result.stdout, result.stderr, target.name)
    assert list(out.iterdir()) == []
    result = run_capped(size, "-m", "desktop_app", source, "--export", target)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir()] == [target.name]


# --- unwritable export targets --------------------------------------------------------------


def missing_folder(out: Path, suffix: str) -> Path:
    return out / "no such folder" / f"export{suffix}"


def a_folder(out: Path, suffix: str) -> Path:
    folder = out / f"a folder{suffix}"
    folder.mkdir()
    return folder


def under_a_file(out: Path, suffix: str) -> Path:
    plain = out / "notes.txt"
    plain.write_text("a file, not a folder", encoding="utf-8")
    return plain / f"export{suffix}"


def read_only_folder(out: Path, suffix: str) -> Path:
    folder = out / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    return folder / f"export{suffix}"


TARGETS = [
    (missing_folder, "no such folder"),
    (a_folder, "folder"),
    (under_a_file, "notes.txt"),
    pytest.param(
        read_only_folder, "locked",
        marks=pytest.mark.skipif(os.geteuid() == 0, reason="root writes to any folder"),
    ),
]


@pytest.mark.parametrize(("make", "word"), TARGETS,
                         ids=["missing-folder", "is-a-folder", "under-a-file", "read-only-folder"])
@pytest.mark.parametrize("suffix", FORMATS)
def test_an_unwritable_export_target_gives_a_message_and_no_file(
    source, out, capsys, suffix, make, word
):
    """Run in-process (the same `main` as the command): a subprocess each adds nothing."""
    target = make(out, suffix)
    before_out, before_in = listing(out), listing(source.parent)
    try:
        status = main([str(source), "--export", str(target)])
    finally:
        if target.parent.exists():
            target.parent.chmod(0o700)
    captured = capsys.readouterr()
    assert_one_line_error(status, captured.out, captured.err, word)
    assert listing(out) == before_out
    for folder in out.iterdir():
        if folder.is_dir():
            assert list(folder.iterdir()) == [], "nothing written inside"
    assert listing(source.parent) == before_in


def test_a_long_but_valid_file_name_is_written(out):
    """The temporary file beside the target must not need a longer name than the
    target itself (names are limited to 255 bytes)."""
    target = out / ("m" * 245 + ".json")
    atomic_write_bytes(target, b"{}")
    assert [p.name for p in out.iterdir()] == [target.name]
    assert target.read_bytes() == b"{}"


def test_a_file_name_too_long_for_the_file_system_is_a_write_failure(out, source, capsys):
    target = out / ("m" * 300 + ".json")
    with pytest.raises(WriteFailed, match="too long"):
        atomic_write_bytes(target, b"{}")
    assert main([str(source), "--export", str(target)]) == 2
    assert_one_line_error(2, *capsys.readouterr(), "too long")
    assert list(out.iterdir()) == []


# --- storing edits when the disk fills ------------------------------------------------------

EDITS_UNTIL_FULL = """
import json, sys
from desktop_app.domain.commands import AddItem, EditDetails, RemoveItem
from desktop_app.domain.model import ParkingItem, Stage
from desktop_app.storage import interchange
from desktop_app.storage.document import WorkshopDocument
from desktop_app.storage.errors import WriteFailed

def stored(path):
    document = WorkshopDocument.open(path, read_only=True)
    try:
        return interchange.to_dict(document.workshop)
    finally:
        document.close()

path = sys.argv[1]
document = WorkshopDocument.open(path)
report = {"stored": [], "error": None}
for number in range(1000):
    item = ParkingItem(id=f"full-{number}", stage=Stage.CLOSE, text=f"{number} " + "z" * 3000)
    before = interchange.to_dict(document.workshop)
    try:
        document.apply(AddItem("parking_lot", item))
    except WriteFailed as error:
        report["error"] = str(error)
        report["failed"] = item.id
        report["memory_unchanged"] = interchange.to_dict(document.workshop) == before
        report["memory_is_stored"] = interchange.to_dict(document.workshop) == stored(path)
        break
    report["stored"].append(item.id)
# The document is still usable: an edit that frees space is stored.
document.apply(RemoveItem("parking_lot", report["stored"][0]))
report["removed"] = report["stored"].pop(0)
report["after_removal_is_stored"] = interchange.to_dict(document.workshop) == stored(path)
document.close()
print(json.dumps(report))
"""


def test_an_edit_that_fills_the_disk_is_refused_and_every_earlier_edit_kept(source):
    size = source.stat().st_size
    result = run_capped(size + 20_000, "-c", EDITS_UNTIL_FULL, source)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["error"] is not None, "the cap was never reached"
    assert len(report["stored"]) >= 1, "edits below the cap are stored"
    assert source.name in report["error"]
    assert "Nothing was changed" in report["error"]
    assert "\n" not in report["error"] and "Traceback" not in report["error"]
    assert report["memory_unchanged"] and report["memory_is_stored"]
    assert report["after_removal_is_stored"]

    assert [p.name for p in source.parent.iterdir()] == [source.name], "no journal left"
    conn = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    document = WorkshopDocument.open(source, read_only=True)
    try:
        parked = {item.id for item in document.workshop.parking_lot}
    finally:
        document.close()
    assert set(report["stored"]) <= parked, "every edit that succeeded is in the file"
    assert report["failed"] not in parked
    assert report["removed"] not in parked


OPEN = """
import sys
from desktop_app.storage.document import WorkshopDocument
from desktop_app.storage.errors import DocumentError
try:
    document = WorkshopDocument.open(sys.argv[1])
except DocumentError as error:
    print("refused:", error)
else:
    print("read-only" if document.read_only else "writable")
    document.close()
"""


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION), ids=lambda v: f"v{v}")
def test_an_old_file_that_cannot_be_upgraded_on_a_full_disk_stays_as_it_was(tmp_path, version):
    path = tmp_path / "old.workshop"
    shutil.copyfile(DATA / f"schema-v{version}.workshop", path)
    before = sha256(path)
    result = run_capped(0, "-c", OPEN, path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    outcome = result.stdout.strip()
    assert "\n" not in outcome
    assert outcome.startswith(("refused: old.workshop", "read-only")), outcome
    assert sha256(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["old.workshop"]

"""Write a file so that it is either complete or not there at all."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop_app.files.errors import WriteFailed

TEMP_NAME_CHARS = 40  # of the target's name in the temporary file's name
# What SQLite may leave beside a temporary workshop file of a killed export.
_SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")
# Temporary files of releases that did not put their process id in the name.
_UNNAMED_TEMP_AGE = 24 * 3600  # seconds


def _temp_prefix(target: Path) -> str:
    return f".~{target.name[:TEMP_NAME_CHARS]}."


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # another user's process, or no such call
        return True
    return True


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove what killed writes of `target` left beside it: `.~NAME.PID.xxxx` files
    whose process is gone (and their SQLite journal), and, of older releases that
    named no process, those untouched for a day. Returns what was removed."""
    folder = target.parent if str(target.parent) else Path(".")
    prefix = _temp_prefix(target)
    own_name = re.compile(re.escape(prefix) + r"(?:(\d+)\.)?[a-z0-9_]{8}(?:-journal|-wal|-shm)?$")
    removed = []
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(prefix)]
    except OSError:
        return removed
    for entry in entries:
        match = own_name.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        pid = match.group(1)
        try:
            stale = (not _alive(int(pid)) if pid is not None
                     else time.time() - entry.stat(follow_symlinks=False).st_mtime
                     > _UNNAMED_TEMP_AGE)
        except (OSError, OverflowError, ValueError):
            continue
        if stale:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def temporary_sibling(target: Path) -> Iterator[Path]:
    """A temporary path in the target's folder, removed unless it was renamed.

    Being in the same folder makes the final `os.replace` atomic; a process
    killed mid-write leaves only a hidden `.~name` file, never a partial target.
    """
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_temporaries(target)
    try:
        # Part of the name only: a target name near the file system's limit
        # (255 bytes) must not make the longer temporary name impossible. The
        # process id tells a later write whether this one is still running.
        handle, name = tempfile.mkstemp(prefix=f"{_temp_prefix(target)}{os.getpid()}.",
                                        dir=folder)
    except OSError as error:
        raise WriteFailed(f"Cannot write to {folder}: {error.strerror or error}.") from None
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
    finally:
        for leftover in (temp, *(temp.with_name(temp.name + s) for s in _SQLITE_SIDE_FILES)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _stale_journal_set_aside(target: Path) -> Iterator[None]:
    """A `-journal` left beside the file being replaced belongs to the old file.

    SQLite would roll it into the new file when it is next opened and damage
    it, so it is moved aside before the replace and deleted after it.
    """
    journal = target.with_name(target.name + "-journal")
    try:
        stale = journal.exists()
    except OSError:  # a target name so long that the journal's could not exist
        stale = False
    if not stale:
        yield
        return
    aside = journal.with_name(f".~{journal.name[:TEMP_NAME_CHARS]}.replaced")
    os.replace(journal, aside)
    yield
    with contextlib.suppress(OSError):
        aside.unlink()


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(temp_path)`, then move the finished file over `target`."""
    target = Path(target)
    try:
        if target.is_symlink():  # write through the link, as an editor would
            target = Path(os.path.realpath(target))
        is_folder = target.is_dir()
    except OSError as error:  # e.g. a name too long for the file system
        raise WriteFailed(f"Could not write {target}: {error.strerror or error}.") from None
    if is_folder:
        raise WriteFailed(f"{target} is a folder; give a file name.")
    if target.exists() and not target.is_file():  # a pipe or a device: never replace it
        raise WriteFailed(f"{target} is not a regular file (a pipe or a device); give the "
                          "name of a file to write.")
    with temporary_sibling(target) as temp:
        try:
            write(temp)
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
            os.chmod(temp, mode)
            _fsync(temp)
            with _stale_journal_set_aside(target):
                os.replace(temp, target)
            _fsync_folder(target.parent if str(target.parent) else Path("."))
        except OSError as error:
            raise WriteFailed(f"Could not write {target}: {error.strerror or error}.") from None


def atomic_write_bytes(target: Path, data: bytes) -> None:
    atomic_write(Path(target), lambda temp: temp.write_bytes(data))

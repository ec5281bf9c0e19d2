"""Where a workshop's lock file lives, and whether a live process holds it.

The app locks an open workshop with Qt's `QLockFile` (desktop_app/ui/file_lock.py);
headless commands must respect that lock without importing Qt. On Linux and
macOS QLockFile also holds an `flock` on its file while the process lives, so
a non-blocking `flock` attempt tells a live lock from one left by a crash.

A lock is only ever opened if it is a small regular file: a named pipe would
block the open, a link to /dev/zero would be read for ever. Anything else at
the lock's name is a *foreign* lock: explained, and removed only by choice.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: QLockFile uses other means; see is_held
    fcntl = None  # type: ignore[assignment]


def lock_path(path: Path) -> Path:
    """`.NAME.workshop.lock` beside the file the path really names.

    Resolved, so a symlink and the file it points to share one lock.
    """
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


LOCK_LIMIT = 4096  # bytes: QLockFile writes a pid, an app name and a host name

KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
         (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
         (stat.S_ISDIR, "a folder"), (stat.S_ISSOCK, "a socket"))


def not_a_plain_file(path: Path, limit: int) -> str | None:
    """Why `path` is no small regular file ("a named pipe (FIFO)", "a symbolic
    link", "12,345 bytes"), or None when it is one or is not there. Asked of the
    name itself (lstat): a link is not followed."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None  # not there (its folder may not be one: the caller says so)
    except OSError as error:
        return f"it cannot be examined ({error.strerror})"
    for test, kind in KINDS:
        if test(info.st_mode):
            return f"it is {kind}"
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if info.st_size > limit:
        return f"it holds {info.st_size:,} bytes, far more than a lock file's few"
    return None


def foreign_lock(path: Path) -> str | None:
    """Why the lock file beside `path` cannot be one the app wrote, or None."""
    return not_a_plain_file(lock_path(path), LOCK_LIMIT)


def describe_foreign_lock(path: Path, reason: str) -> str:
    lock = lock_path(path)
    return (f"The lock file {lock.name} beside {Path(path).name} is not one Sourcing Workshop "
            f"writes: {reason}. Another program may have put it there.")


def remove_foreign_lock(path: Path) -> None:
    """Take a foreign lock away (only the lock's own name: a link, not its target)."""
    lock = lock_path(path)
    if stat.S_ISDIR(os.lstat(lock).st_mode):
        os.rmdir(lock)  # an empty folder only; one with content stays and says so
    else:
        os.unlink(lock)


def is_held(path: Path) -> bool:
    """Whether a running app holds the lock of the workshop at `path` (a foreign
    lock counts as held: nothing is written past it without the user's say)."""
    if foreign_lock(path) is not None:
        return True
    lock = lock_path(path)
    try:  # never blocks, never follows a link swapped in since the check
        descriptor = os.open(lock, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False  # no lock file (or none we may read): nobody holds it
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return True
        if fcntl is None:
            return True  # cannot tell a live lock from a stale one: assume live
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        return False
    finally:
        os.close(descriptor)

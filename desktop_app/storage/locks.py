"""Where a workshop's lock file lives, and whether a live process holds it.

The app locks an open workshop with Qt's `QLockFile` (desktop_app/ui/file_lock.py);
headless commands must respect that lock without importing Qt. On Linux and
macOS QLockFile also holds an `flock` on its file while the process lives, so
a non-blocking `flock` attempt tells a live lock from one left by a crash.
"""

from __future__ import annotations

import os
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


def is_held(path: Path) -> bool:
    """Whether a running app holds the lock of the workshop at `path`."""
    lock = lock_path(path)
    try:
        descriptor = os.open(lock, os.O_RDONLY)
    except OSError:
        return False  # no lock file (or none we may read): nobody holds it
    try:
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

"""One writer per workshop file: a `QLockFile` beside it.

The lock file names the process and computer holding it, so a second
instance can tell the user who has the file open. Qt recognises a lock left
by a crashed instance on this computer (its process is gone) and takes it
over. Age alone never makes a lock stale: a workshop may stay open for two
days. Reading the file (`--export`, `--check`, a read-only window) takes no
lock, so it always works.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QSysInfo

from desktop_app.storage.errors import DocumentError
from desktop_app.storage.locks import (
    describe_foreign_lock,
    foreign_lock,
    lock_path,
    remove_foreign_lock,
)

__all__ = ["AlreadyOpen", "ForeignLock", "Holder", "WorkshopLock", "lock_path"]




@dataclass(frozen=True)
class Holder:
    """Who holds a workshop's lock, as far as the lock file says."""

    pid: int
    host: str
    app: str

    @property
    def known(self) -> bool:
        """False for an empty or garbled lock file (a crash while it was written)."""
        return self.pid > 0 and bool(self.host)

    @property
    def on_this_computer(self) -> bool:
        return self.known and self.host == QSysInfo.machineHostName()

    @property
    def is_this_process(self) -> bool:
        return self.on_this_computer and self.pid == os.getpid()

    def describe(self) -> str:
        if not self.known:
            return "another instance of Sourcing Workshop (its lock file does not say which)"
        if self.is_this_process:
            return "this window"
        where = "on this computer" if self.on_this_computer else f"on the computer {self.host!r}"
        return f"another instance of Sourcing Workshop (process {self.pid} {where})"

    @property
    def may_be_taken_over(self) -> bool:
        """Only a lock this computer cannot check: another computer's, or a garbled one."""
        return not self.on_this_computer


class AlreadyOpen(DocumentError):
    """The file is locked by a live instance; `holder` says which."""

    def __init__(self, path: Path, holder: Holder | None) -> None:
        self.path = Path(path)
        self.holder = holder
        who = holder.describe() if holder else "another instance of Sourcing Workshop"
        super().__init__(f"{self.path.name} is already open in {who}.")


class ForeignLock(AlreadyOpen):
    """Something that is no lock file of the app sits at the lock's name (a
    named pipe, a link, a folder, a large file): never opened, taken away only
    when the user chooses to take over."""

    def __init__(self, path: Path, reason: str) -> None:
        DocumentError.__init__(self, describe_foreign_lock(path, reason))
        self.path = Path(path)
        self.holder = None
        self.reason = reason


class WorkshopLock:
    """The lock of one workshop file, held while it is open for editing."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = QLockFile(str(lock_path(self.path)))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone

    def acquire(self, take_over: bool = False) -> bool:
        """Take the lock. False if no lock file can be made here (a read-only
        folder: the document opens read-only anyway); `AlreadyOpen` if a live
        instance holds it. `take_over` removes a lock the user has declared
        stale (one left by a crash on another computer)."""
        foreign = foreign_lock(self.path)
        if foreign is not None:
            if not take_over:
                raise ForeignLock(self.path, foreign)
            try:
                remove_foreign_lock(self.path)
            except OSError as error:
                raise ForeignLock(self.path, f"{foreign}, and it could not be removed "
                                             f"({error.strerror})") from None
        elif take_over:
            self._lock.removeStaleLockFile()
        if self._lock.tryLock(0):
            return True
        error = self._lock.error()
        if error == QLockFile.LockError.LockFailedError:
            raise AlreadyOpen(self.path, self.holder())
        return False

    def holder(self) -> Holder | None:
        info = self._lock.getLockInfo()  # PySide6: (pid, host, app), or () if unreadable
        if not info or len(info) != 3:
            return None
        pid, host, app = info
        return Holder(int(pid), str(host), str(app))

    @property
    def held(self) -> bool:
        return self._lock.isLocked()

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

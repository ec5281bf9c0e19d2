"""Guards against a broken Qt binding: PySide6 6.12.0 dropped a reference to
True on every signal emit, and the interpreter aborted at exit
("bool_dealloc") after a long session. pyproject.toml excludes it."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_emitting_signals_keeps_reference_counts(qapp) -> None:
    emitter = _Emitter()
    gc.collect()
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.fired.emit(1)
    gc.collect()
    assert sys.getrefcount(True) >= before

"""How the app connects to a workshop file: by URI, never creating it, with
untrusted schema code switched off. Shared by the document and its snapshots."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

EXTENSION = ".workshop"
BUSY_TIMEOUT = 2.0  # seconds to wait for another program's lock before saying so


def uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(Path(path).resolve()))}?mode={mode}"


def connect(path: Path, mode: str, timeout: float = BUSY_TIMEOUT) -> sqlite3.Connection:
    """`mode` is "ro" or "rw": an existing file only (a missing one is an error)."""
    conn = sqlite3.connect(uri(path, mode), uri=True, timeout=timeout)
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn

"""Files that wear the workshop mark but are not workshops are refused untouched."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.storage import schema
from desktop_app.storage.document import WorkshopDocument
from desktop_app.storage.errors import DamagedFile, NotAWorkshop


def impostor(path, version: int, ddl: list[str]) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {version}")
    for statement in ddl:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    ("version", "ddl", "error", "words"),
    [
        (0, ["CREATE TABLE notes (text TEXT)"], NotAWorkshop, "holds no workshop"),
        (0, [], NotAWorkshop, "holds no workshop"),
        (1, ["CREATE TABLE workshop (id INTEGER PRIMARY KEY, title TEXT)",
             "CREATE TABLE participants (id TEXT)", "CREATE TABLE functions (id TEXT)"],
         DamagedFile, "lacks"),
        (1, ["CREATE TABLE notes (text TEXT)"], DamagedFile, "is missing"),
    ],
    ids=["v0-other-tables", "v0-empty", "v1-wrong-columns", "v1-no-tables"],
)
def test_marked_impostors_are_refused_and_not_written(tmp_path, version, ddl, error, words):
    path = tmp_path / "impostor.workshop"
    before = impostor(path, version, ddl)
    for read_only in (False, True):
        with pytest.raises(error, match=words):
            WorkshopDocument.open(path, read_only=read_only)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["impostor.workshop"]


def test_export_through_a_symlink_writes_the_linked_file(tmp_path, demo_workshop):
    from desktop_app.storage import interchange

    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    interchange.write_json(link, demo_workshop)
    assert link.is_symlink()
    assert interchange.read_json(real) == demo_workshop

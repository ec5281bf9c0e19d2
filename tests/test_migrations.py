"""Files written by an earlier version open and are upgraded in place, once."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from helpers import without_money, write_version_1

from desktop_app.domain.commands import EditDetails
from desktop_app.storage import schema
from desktop_app.storage.document import WorkshopDocument


@pytest.fixture
def demo_workshop(demo_workshop):
    """The demo as version 1 could hold it: without the criteria agreement (time and
    the count of scores then)."""
    demo_workshop.details = dataclasses.replace(demo_workshop.details, criteria_agreed_at=None,
                                                scores_when_agreed=None)
    return demo_workshop


def test_a_version_1_file_opens_with_its_content_and_is_upgraded(tmp_path, demo_workshop):
    path = tmp_path / "old.workshop"
    write_version_1(path, demo_workshop)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    document = WorkshopDocument.open(path)
    try:
        assert document.workshop == without_money(demo_workshop)  # v1 holds no amounts
    finally:
        document.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        columns = [row[1] for row in conn.execute("PRAGMA table_info(workshop)")]
        applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")]
    conn.close()
    assert "criteria_agreed_at" in columns
    assert applied == sorted(schema.KNOWN_MIGRATIONS)


def test_an_upgraded_file_stores_the_new_field(tmp_path, demo_workshop):
    from datetime import UTC, datetime

    from desktop_app.domain.commands import EditDetails

    path = tmp_path / "old.workshop"
    write_version_1(path, demo_workshop)
    agreed = datetime(2027, 3, 9, 11, 5, tzinfo=UTC)
    document = WorkshopDocument.open(path)
    document.apply(EditDetails("criteria_agreed_at", agreed))
    document.close()
    reopened = WorkshopDocument.open(path, read_only=True)
    try:
        assert reopened.workshop.details.criteria_agreed_at == agreed
    finally:
        reopened.close()


def test_a_read_only_open_of_an_old_file_does_not_upgrade_it(tmp_path, demo_workshop):
    path = tmp_path / "old.workshop"
    write_version_1(path, demo_workshop)
    before = path.read_bytes()
    document = WorkshopDocument.open(path, read_only=True)
    try:
        assert document.workshop == without_money(demo_workshop)  # v1 holds no amounts
    finally:
        document.close()
    assert path.read_bytes() == before


def test_a_file_names_the_release_that_wrote_it(tmp_path, demo_workshop):
    from desktop_app import __version__
    from desktop_app.storage.document import WorkshopDocument, write_workshop_file

    path = tmp_path / "w.workshop"
    write_workshop_file(path, demo_workshop)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT app, version FROM written_by").fetchall() == [
            ("Sourcing Workshop", __version__)]
        conn.execute("UPDATE written_by SET version = '0.0.1'")
    conn.close()
    document = WorkshopDocument.open(path)
    document.apply(EditDetails("title", "Edited"))
    document.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version FROM written_by").fetchone() == (__version__,)
    conn.close()


def test_a_file_from_a_newer_release_is_refused_naming_that_release(tmp_path, demo_workshop):
    from desktop_app.storage.document import WorkshopDocument, write_workshop_file
    from desktop_app.storage.errors import NewerVersion

    path = tmp_path / "future.workshop"
    write_workshop_file(path, demo_workshop)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE written_by SET version = '3.2.0'")
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerVersion) as raised:
        WorkshopDocument.open(path)
    assert (f"written by Sourcing Workshop 3.2.0 (file format {schema.SCHEMA_VERSION + 1})"
            in str(raised.value))
    assert f"up to {schema.SCHEMA_VERSION}" in str(raised.value)
    assert path.read_bytes() == before

"""Workshop files written by every schema version the app has shipped open,
are migrated to the current version, and lose nothing.

The fixtures in tests/data were written by the old code itself (see
tests/data/README.md); the JSON beside each is that version's own interchange
export of the same file, so it says what the old version held.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.model import SECTIONS, Details, Gate, Thresholds
from desktop_app.storage import interchange, schema
from desktop_app.storage.document import WorkshopDocument
from desktop_app.storage.errors import NewerVersion

DATA = Path(__file__).resolve().parent / "data"
VERSIONS = range(1, schema.SCHEMA_VERSION + 1)
ITEM_TYPES: dict[str, type] = {"workshop": Details, "settings": Thresholds} | {
    name: spec.item_type for name, spec in SECTIONS.items()
}
NESTED_TYPES: dict[str, type] = {"gates": Gate}


def fixture_path(version: int) -> Path:
    return DATA / f"schema-v{version}.workshop"


def old_json(version: int) -> dict[str, Any]:
    return json.loads((DATA / f"schema-v{version}.json").read_text(encoding="utf-8"))


@pytest.fixture(params=VERSIONS, ids=lambda v: f"v{v}")
def old_file(request, tmp_path) -> tuple[int, Path]:
    """A copy of one fixture: the committed file is never opened in place."""
    version = request.param
    source = fixture_path(version)
    if not source.exists():
        pytest.fail(f"{source.name} is missing; see tests/data/README.md")
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    return version, copy


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def pragma(path: Path, name: str) -> Any:
    conn = connect_ro(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchall()
    finally:
        conn.close()


def table_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in rowid order."""
    conn = connect_ro(path)
    conn.row_factory = sqlite3.Row
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {
            name: [dict(row) for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid')]
            for name in names
        }
    finally:
        conn.close()


def default_of(cls: type, name: str) -> Any:
    for field in dataclasses.fields(cls):
        if field.name == name:
            if field.default is not dataclasses.MISSING:
                return field.default
            if field.default_factory is not dataclasses.MISSING:
                return field.default_factory()
            pytest.fail(f"{cls.__name__}.{name} was added without a default: old files lack it")
    pytest.fail(f"{cls.__name__} has no field {name!r}")


def as_json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return [as_json(v) for v in value]
    return value


def assert_kept(old: dict[str, Any], new: dict[str, Any], cls: type, where: str) -> None:
    """Every field of `old` is in `new` with the same value; fields `old` did
    not have yet hold their defaults."""
    for key, value in old.items():
        assert key in new, f"{where}.{key} was lost"
        if key in NESTED_TYPES:
            assert len(new[key]) == len(value), f"{where}.{key}: items lost or added"
            for index, (old_item, new_item) in enumerate(zip(value, new[key], strict=True)):
                assert_kept(old_item, new_item, NESTED_TYPES[key], f"{where}.{key}[{index}]")
        else:
            assert new[key] == value, f"{where}.{key} changed"
    for key in new.keys() - old.keys():
        assert new[key] == as_json(default_of(cls, key)), (
            f"{where}.{key} (added later) is not its default")


def assert_everything_kept(old: dict[str, Any], new: dict[str, Any]) -> None:
    content = set(old) - {"format", "format_version"}
    assert content <= set(ITEM_TYPES), f"sections no longer known: {content - set(ITEM_TYPES)}"
    for section in ("workshop", "settings"):
        assert_kept(old[section], new[section], ITEM_TYPES[section], section)
    for section in SECTIONS:
        old_items = old.get(section, [])
        assert [i.get("id") for i in new[section]] == [i.get("id") for i in old_items], (
            f"{section}: items lost, added or reordered")
        for index, (old_item, new_item) in enumerate(zip(old_items, new[section], strict=True)):
            assert_kept(old_item, new_item, ITEM_TYPES[section], f"{section}[{index}]")


def stored_json(path: Path) -> dict[str, Any]:
    document = WorkshopDocument.open(path, read_only=True)
    try:
        return interchange.to_dict(document.workshop)
    finally:
        document.close()


# --- every shipped version has a fixture ------------------------------------------------


def test_there_is_a_fixture_for_every_schema_version():
    missing = [
        name
        for version in VERSIONS
        for name in (f"schema-v{version}.workshop", f"schema-v{version}.json")
        if not (DATA / name).exists()
    ]
    assert not missing, (
        f"SCHEMA_VERSION is {schema.SCHEMA_VERSION} but tests/data lacks {', '.join(missing)}: "
        "write them with the released code of that version (tests/data/README.md)")
    found = {int(m.group(1)) for p in DATA.glob("schema-v*.workshop")
             if (m := re.fullmatch(r"schema-v(\d+)\.workshop", p.name))}
    assert found == set(VERSIONS), "a fixture claims a version this app does not know"


def test_each_fixture_is_what_that_version_wrote(old_file):
    version, path = old_file
    assert pragma(path, "user_version") == [(version,)]
    assert pragma(path, "application_id") == [(schema.APPLICATION_ID,)]
    assert pragma(path, "integrity_check") == [("ok",)]
    assert old_json(version)["workshop"]["title"], "the JSON holds the same demo workshop"


# --- opening migrates, and nothing is lost -------------------------------------------------


def test_opening_migrates_to_the_current_version(old_file):
    version, path = old_file
    applied_before = table_rows(path)[schema.migrations.migrations_table]
    document = WorkshopDocument.open(path)
    try:
        assert not document.read_only
        assert schema.migrations.pending(document._db) == []
    finally:
        document.close()
    assert pragma(path, "user_version") == [(schema.SCHEMA_VERSION,)]
    assert pragma(path, "integrity_check") == [("ok",)]
    assert pragma(path, "foreign_key_check") == []
    applied = table_rows(path)[schema.migrations.migrations_table]
    assert [row["name"] for row in applied] == sorted(schema.KNOWN_MIGRATIONS)
    assert {row["migration_set"] for row in applied} == {schema.MIGRATION_SET}
    assert applied[:len(applied_before)] == applied_before, "old migration records kept"
    assert len(applied_before) == version


def test_nothing_is_lost_in_the_migrated_file(old_file):
    version, path = old_file
    old = old_json(version)
    WorkshopDocument.open(path).close()  # migrates in place
    assert pragma(path, "user_version") == [(schema.SCHEMA_VERSION,)]
    assert_everything_kept(old, stored_json(path))


def in_ten_thousandths(version: int, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """`row` of a file of `version` with its amounts as migration 0007 keeps them:
    cents became ten-thousandths (x 100), the same amount exactly."""
    if version >= 7:
        return row
    scaled = {column for name, column in schema.MONEY_COLUMNS if name == table}
    return {k: v * 100 if k in scaled and v is not None else v for k, v in row.items()}


def test_every_stored_row_and_value_survives_the_migration(old_file):
    """Below the model: each table's rows keep every column and value they had
    (amounts in the unit of the current version)."""
    version, path = old_file
    before = {table: [in_ten_thousandths(version, table, row) for row in rows]
              for table, rows in table_rows(path).items()}
    WorkshopDocument.open(path).close()
    after = table_rows(path)
    for table, rows in before.items():
        if table == schema.migrations.migrations_table:
            continue  # grows by the new migrations: test_opening_migrates_...
        assert table in after, f"table {table} was dropped"
        assert len(after[table]) == len(rows), f"rows of {table} lost or added"
        for old_row, new_row in zip(rows, after[table], strict=True):
            assert {k: new_row.get(k, "<missing>") for k in old_row} == old_row, table


def test_a_migrated_file_takes_edits_and_opens_again(old_file):
    from desktop_app.domain.commands import EditDetails

    _, path = old_file
    document = WorkshopDocument.open(path)
    try:
        document.apply(EditDetails("title", "Edited after the upgrade"))
        expected = interchange.to_dict(document.workshop)
    finally:
        document.close()
    assert stored_json(path) == expected
    assert expected["workshop"]["title"] == "Edited after the upgrade"
    assert pragma(path, "integrity_check") == [("ok",)]


def test_a_read_only_open_of_a_fixture_changes_nothing(old_file):
    version, path = old_file
    before = sha256(path)
    document = WorkshopDocument.open(path, read_only=True)
    try:
        assert_everything_kept(old_json(version), interchange.to_dict(document.workshop))
    finally:
        document.close()
    assert sha256(path) == before
    assert pragma(path, "user_version") == [(version,)]


def test_the_command_line_exports_each_fixture_as_json(old_file, tmp_path):
    version, path = old_file
    before = sha256(path)
    target = tmp_path / "exported.json"
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", str(path), "--export", str(target)],
        capture_output=True, text=True, timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert_everything_kept(old_json(version), json.loads(target.read_text(encoding="utf-8")))
    assert sha256(path) == before, "exporting does not upgrade or touch the input"


# --- a file from the future ----------------------------------------------------------------


@pytest.mark.parametrize("read_only", [False, True], ids=["open", "open-read-only"])
def test_a_file_claiming_a_future_version_is_refused_naming_both_versions(tmp_path, read_only):
    """test_storage covers the refusal; this pins the message to the versions."""
    path = tmp_path / "future.workshop"
    shutil.copyfile(fixture_path(schema.SCHEMA_VERSION), path)
    future = schema.SCHEMA_VERSION + 1
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {future}")
    conn.close()
    before = sha256(path)
    with pytest.raises(NewerVersion) as raised:
        WorkshopDocument.open(path, read_only=read_only)
    message = str(raised.value)
    assert f"file format {future}" in message
    assert f"up to {schema.SCHEMA_VERSION}" in message
    assert "Update the app" in message
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.workshop"]

"""Workshop files built by an attacker: each is refused with one clear sentence,
quickly, before any of its rows is read, and is left exactly as it was.

Every file here once got past the checks (issue 13): a trigger spelt 'TRIGGER',
a generated column that costs a minute per row, an orphaned score, a huge
cell, a negative format number, a file in WAL mode. The same files go through
the command line (--check, --export, --smoke), which must end within seconds
with status 2 and one line on stderr.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.domain.commands import EditDetails
from desktop_app.storage import schema
from desktop_app.storage.document import (
    MAX_WORKSHOP_BYTES,
    WorkshopDocument,
    write_workshop_file,
)
from desktop_app.storage.errors import (
    DamagedFile,
    DocumentError,
    FileTooLarge,
    NewerVersion,
    NotAWorkshop,
    UntrustedFile,
)

CLI_SECONDS = 5.0  # the bound for --check, --export and --smoke on a hostile file


def edited(path: Path, *statements: str, foreign_keys_off: bool = False) -> Path:
    """`path` changed by another program that ran `statements`."""
    conn = sqlite3.connect(path)
    try:
        if foreign_keys_off:
            conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
    return path


def schema_written(path: Path, *statements: str) -> Path:
    """`path` with `sqlite_master` edited directly (PRAGMA writable_schema)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.execute("PRAGMA writable_schema = OFF")
    finally:
        conn.close()
    return path


def upper_case_trigger(path: Path) -> Path:
    return schema_written(
        path,
        "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES "
        "('TRIGGER', 'wipe', 'workshop', 0, 'CREATE TRIGGER wipe AFTER UPDATE ON workshop "
        "BEGIN DELETE FROM actions; END')",
    )


def virtual_generated_column(path: Path) -> Path:
    return edited(path, "ALTER TABLE scores ADD COLUMN big TEXT "
                        "GENERATED ALWAYS AS (hex(zeroblob(50000000))) VIRTUAL")


def stored_generated_column(path: Path) -> Path:
    """STORED columns cannot be added by ALTER TABLE: rewrite the table's SQL."""
    conn = sqlite3.connect(path)
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'functions'").fetchone()
    conn.close()
    assert sql.endswith(")")
    hostile = sql[:-1] + ", big TEXT GENERATED ALWAYS AS (hex(zeroblob(50000000))) STORED)"
    quoted = hostile.replace("'", "''")
    return schema_written(path, f"UPDATE sqlite_master SET sql = '{quoted}' "
                                "WHERE name = 'functions'")


def expression_index(path: Path) -> Path:
    return edited(path, "CREATE INDEX slow ON functions (length(hex(zeroblob(1000000))))")


def virtual_table(path: Path) -> Path:
    return edited(path, "CREATE VIRTUAL TABLE notes USING fts5 (text)")


def extra_table(path: Path) -> Path:
    return edited(path, "CREATE TABLE payload (x BLOB)")


def lower_case_view(path: Path) -> Path:
    return edited(path, "CREATE VIEW everything AS SELECT * FROM actions")


def orphan_score(path: Path) -> Path:
    return edited(path, "INSERT INTO scores (vendor, criterion, position, score, evidence) "
                        "VALUES ('ghost', 'c1', 99, 3, '')", foreign_keys_off=True)


def orphan_wave_function(path: Path) -> Path:
    return edited(path, "INSERT INTO wave_functions (wave, function, position) "
                        "SELECT id, 'no-such-function', 99 FROM waves LIMIT 1",
                  foreign_keys_off=True)


def negative_format(path: Path) -> Path:
    return edited(path, "PRAGMA user_version = -1")


def huge_title(path: Path) -> Path:
    return edited(path, "UPDATE workshop SET title = '" + "W" * 1_000_000 + "'")


def huge_cell(path: Path) -> Path:
    """A 10 MB word in one description: under the file limit, over the field's."""
    return edited(path, "UPDATE functions SET description = "
                        "(SELECT replace(hex(zeroblob(5000000)), '00', 'ab'))"
                        " WHERE rowid = (SELECT min(rowid) FROM functions)")


def _second_row(path: Path, table: str) -> Path:
    """A copy of the one row of `table` with id 2 (CHECK (id = 1) switched off)."""
    conn = sqlite3.connect(path)
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[1] != "id"]
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(f"INSERT INTO {table} (id, {', '.join(columns)}) "
                 f"SELECT 2, {', '.join(columns)} FROM {table}")
    conn.commit()
    conn.close()
    return path


def check_violated(path: Path) -> Path:
    """A second `workshop` row (CHECK (id = 1) switched off while writing)."""
    return _second_row(path, "workshop")


def second_settings_row(path: Path) -> Path:
    return _second_row(path, "thresholds")


def over_the_file_limit(path: Path) -> Path:
    with open(path, "r+b") as handle:  # sparse: costs no disk
        handle.truncate(MAX_WORKSHOP_BYTES + 1)
    return path


def newer_with_hostile_writer(path: Path) -> Path:
    """A 'newer' file whose written_by row costs a minute to read."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE written_by")
    conn.execute("CREATE TABLE written_by (id INTEGER PRIMARY KEY, version TEXT, "
                 "app TEXT GENERATED ALWAYS AS (hex(zeroblob(50000000))) VIRTUAL)")
    conn.execute("INSERT INTO written_by (id, version) VALUES (1, '9.0')")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    return path


HOSTILE: dict[str, tuple[Callable[[Path], Path], type[DocumentError], str]] = {
    "upper-case-trigger": (upper_case_trigger, UntrustedFile, "a trigger 'wipe'"),
    "virtual-generated-column": (virtual_generated_column, UntrustedFile,
                                 "a generated column 'big' in table 'scores'"),
    "stored-generated-column": (stored_generated_column, UntrustedFile,
                                "a generated column 'big' in table 'functions'"),
    "expression-index": (expression_index, UntrustedFile, "an index 'slow'"),
    "virtual-table": (virtual_table, UntrustedFile, "a virtual table 'notes'"),
    "extra-table": (extra_table, UntrustedFile, "'payload'"),
    "view": (lower_case_view, UntrustedFile, "a view 'everything'"),
    "orphan-score": (orphan_score, DamagedFile, "refers to an entry of 'vendors'"),
    "orphan-wave-function": (orphan_wave_function, DamagedFile,
                             "refers to an entry of 'functions'"),
    "negative-format": (negative_format, NotAWorkshop, "format number (-1)"),
    "huge-title": (huge_title, DamagedFile, "at most 10,000"),
    "huge-cell": (huge_cell, DamagedFile, "at most 200,000"),
    "over-the-file-limit": (over_the_file_limit, FileTooLarge, "at most 16 MB"),
    "two-workshop-rows": (check_violated, DamagedFile, "holds 2 rows"),
    "two-settings-rows": (second_settings_row, DamagedFile, "holds 2 rows"),
    "newer-hostile-writer": (newer_with_hostile_writer, NewerVersion,
                             "a release that did not record its version"),
}


@pytest.fixture(params=list(HOSTILE), ids=list(HOSTILE))
def hostile(request, workshop_file) -> tuple[Path, type[DocumentError], str]:
    make, error, words = HOSTILE[request.param]
    return make(workshop_file), error, words


def folder_listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_each_hostile_file_is_refused_untouched_with_a_clear_sentence(hostile) -> None:
    path, error, words = hostile
    before, listing = path.read_bytes(), folder_listing(path)
    for read_only in (True, False):
        started = time.monotonic()
        with pytest.raises(error) as raised:
            WorkshopDocument.open(path, read_only=read_only)
        assert time.monotonic() - started < CLI_SECONDS  # a guard against hangs, not a benchmark
        message = str(raised.value)
        assert words in message
        assert path.name in message and len(message) < 600
    assert path.read_bytes() == before
    assert folder_listing(path) == listing


@pytest.mark.parametrize("mode", ["check", "export", "smoke"])
def test_the_command_line_refuses_each_hostile_file_within_seconds(hostile, mode,
                                                                   tmp_path) -> None:
    path, _error, words = hostile
    before, listing = path.read_bytes(), folder_listing(path)
    extra = {"check": ["--check"], "export": ["--export", str(tmp_path / "out.pdf")],
             "smoke": ["--smoke"]}[mode]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "desktop_app", str(path), *extra],
                            capture_output=True, text=True, timeout=60, env=env)
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert words in lines[0]
    assert elapsed < CLI_SECONDS, f"{mode} took {elapsed:.1f} s"
    assert path.read_bytes() == before and folder_listing(path) == listing
    assert not (tmp_path / "out.pdf").exists()


def test_the_trigger_never_runs_even_if_sqlite_would_honour_it(workshop_file) -> None:
    """What the upper-case trigger does when a file is trusted anyway: it is real."""
    probe = shutil.copyfile(workshop_file, workshop_file.with_name("probe.workshop"))
    upper_case_trigger(probe)
    conn = sqlite3.connect(probe)
    before = conn.execute("SELECT count(*) FROM actions").fetchone()[0]
    conn.execute("UPDATE workshop SET title = 'x'")
    after = conn.execute("SELECT count(*) FROM actions").fetchone()[0]
    conn.close()
    assert before > 0 and after == 0  # so refusing such a file protects every action
    path = upper_case_trigger(workshop_file)
    with pytest.raises(UntrustedFile):
        WorkshopDocument.open(path)


def test_every_file_the_app_writes_passes_its_own_schema_check(tmp_path, demo_workshop):
    path = tmp_path / "own.workshop"
    write_workshop_file(path, demo_workshop)
    document = WorkshopDocument.open(path)
    document.apply(EditDetails("title", "Edited"))
    document.close()
    conn = sqlite3.connect(path)
    found = schema.schema_objects(conn)
    conn.close()
    assert not schema.unexpected_objects(found, schema.SCHEMA_VERSION)
    assert not schema.missing_objects(found, schema.SCHEMA_VERSION)
    assert WorkshopDocument.open(path, read_only=True).workshop.details.title == "Edited"


def test_identifier_quoting_of_another_sqlite_utils_release_is_accepted() -> None:
    """`[name]`, `"name"` and `` `name` `` are the same column to SQLite and to the check."""
    n = schema.normalised_sql
    assert n('CREATE TABLE [a] ("b" TEXT,  `c`)') == n('create table "a" ([b] text, "c")')
    assert n("CREATE TABLE a (b TEXT)") != n("CREATE TABLE a (b TEXT GENERATED ALWAYS AS (1))")


@pytest.mark.parametrize(("own", "changed"), [
    ("CHECK (status IN ('draft', 'final'))", "CHECK (status IN ('DRAFT', 'FINAL'))"),
    ("CHECK (id = 1)", 'CHECK ("id = 1")'),
    ("vendor TEXT NOT NULL", 'vendor TEXT "NOT" NULL'),
])
def test_changes_hidden_in_literal_case_or_quotes_are_seen(own, changed) -> None:
    """A literal keeps its case, and a quoted word is a name: both change the table."""
    assert schema.normalised_sql(own) != schema.normalised_sql(changed)


# --- WAL mode: reading leaves nothing beside the file ----------------------------------


def to_wal(path: Path, keep_open: bool = False) -> sqlite3.Connection | None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    if not keep_open:
        conn.close()
        return None
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE workshop SET title = 'Only in the WAL'")
    conn.commit()
    return conn


def test_reading_a_wal_mode_file_creates_nothing_beside_it(workshop_file) -> None:
    to_wal(workshop_file)
    before, listing = workshop_file.read_bytes(), folder_listing(workshop_file)
    document = WorkshopDocument.open(workshop_file, read_only=True)
    assert folder_listing(workshop_file) == listing  # no -shm, no -wal
    title = document.workshop.details.title
    document.close()
    assert title and workshop_file.read_bytes() == before
    assert folder_listing(workshop_file) == listing


def test_a_wal_file_with_changes_in_its_log_is_read_with_them(workshop_file) -> None:
    writer = to_wal(workshop_file, keep_open=True)
    try:
        listing = folder_listing(workshop_file)
        document = WorkshopDocument.open(workshop_file, read_only=True)
        assert document.workshop.details.title == "Only in the WAL"
        document.close()
        assert folder_listing(workshop_file) == listing
    finally:
        writer.close()


def test_opening_a_wal_file_for_editing_turns_it_into_a_normal_workshop(workshop_file):
    to_wal(workshop_file)
    document = WorkshopDocument.open(workshop_file)
    document.apply(EditDetails("title", "Back to a rollback journal"))
    document.close()
    assert folder_listing(workshop_file) == [workshop_file.name]
    assert workshop_file.read_bytes()[18:20] == b"\x01\x01"


def test_the_window_explains_each_hostile_file_and_keeps_what_is_on_screen(
        window, hostile, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    path, _error, words = hostile
    before, listing = path.read_bytes(), folder_listing(path)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    window.open_demo()
    shown = window.session
    assert not window.open_path(path)
    assert len(messages) == 1 and words in messages[0] and "Traceback" not in messages[0]
    assert window.session is shown  # the demo stays on screen, still editable
    assert path.read_bytes() == before and folder_listing(path) == listing


def test_the_window_explains_a_symlink_that_loops(window, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    loop = tmp_path / "loop.workshop"
    loop.symlink_to(loop.name)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    assert not window.open_path(loop)
    assert len(messages) == 1 and "points to itself (a loop)" in messages[0]
    assert window.session is None and loop.is_symlink()


def test_a_wal_log_counts_towards_the_size_limit(workshop_file) -> None:
    to_wal(workshop_file)
    wal = workshop_file.with_name(workshop_file.name + "-wal")
    with open(wal, "wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_WORKSHOP_BYTES)
    with pytest.raises(FileTooLarge, match="at most 16 MB"):
        WorkshopDocument.open(workshop_file, read_only=True)


def test_an_export_never_replaces_a_pipe_or_a_link_to_one(tmp_path, demo_workshop) -> None:
    import os

    from desktop_app.files.errors import WriteFailed

    pipe = tmp_path / "p.workshop"
    os.mkfifo(pipe)
    link = tmp_path / "l.workshop"
    link.symlink_to(pipe.name)
    for target in (pipe, link):
        with pytest.raises(WriteFailed, match="not a regular file"):
            write_workshop_file(target, demo_workshop)
    assert pipe.is_fifo() and link.is_symlink()


def test_sigterm_during_a_headless_read_removes_the_private_copy(tmp_path, workshop_file):
    import os
    import signal

    to_wal(workshop_file)
    temp = tmp_path / "tmp"
    temp.mkdir()
    slow = ("import sys, time\n"
            "from desktop_app.storage import document\n"
            "real = document._check\n"
            "def slow(*a):\n"
            "    print('reading', flush=True); time.sleep(30); return real(*a)\n"
            "document._check = slow\n"
            "from desktop_app.app import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    process = subprocess.Popen([sys.executable, "-c", slow, str(workshop_file), "--check"],
                               stdout=subprocess.PIPE, text=True,
                               env=dict(os.environ, TMPDIR=str(temp)))
    assert process.stdout.readline().strip() == "reading"
    assert list(temp.glob("sourcing-workshop-read-*"))
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=20)
    assert process.returncode == 128 + signal.SIGTERM
    assert list(temp.iterdir()) == []

"""The .workshop document: edits reach the file at once and survive reopening;
a file that is not a healthy workshop is refused without being touched."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import sqlite3
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop_app.domain.commands import (
    AddItem,
    Batch,
    EditDetails,
    EditField,
    EditThresholds,
    MoveItem,
    RemoveItem,
)
from desktop_app.domain.model import (
    SECTIONS,
    Assignment,
    Details,
    Function,
    Gate,
    GateStatus,
    Participant,
    Wave,
    Workshop,
)
from desktop_app.domain.validation import LONG_TEXT_LIMIT, ValidationError
from desktop_app.files.atomic import atomic_write, atomic_write_bytes
from desktop_app.storage import interchange, schema
from desktop_app.storage.document import WorkshopDocument, write_workshop_file
from desktop_app.storage.errors import (
    DamagedFile,
    DocumentError,
    FileMissing,
    NewerVersion,
    NotAWorkshop,
    ReadOnlyDocument,
    UntrustedFile,
    WriteFailed,
)


@pytest.fixture
def demo_workshop(demo_workshop):
    """The demo with its agreed criteria reopened, so every section is editable."""
    demo_workshop.details = dataclasses.replace(demo_workshop.details, criteria_agreed_at=None)
    return demo_workshop



def dump(ws: Workshop) -> dict:
    return interchange.to_dict(ws)


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in the folder with its bytes and modification time."""
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def assert_no_sqlite_side_files(folder: Path) -> None:
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(("-journal", "-wal", "-shm"))]
    assert leftovers == []


def reopened(path: Path) -> Workshop:
    doc = WorkshopDocument.open(path)
    try:
        return doc.workshop
    finally:
        doc.close()


@pytest.fixture
def doc(workshop_file):
    document = WorkshopDocument.open(workshop_file)
    yield document
    document.close()


# --- create / open / close -------------------------------------------------------


def test_a_new_document_opens_empty_and_reopens_empty(tmp_path):
    path = tmp_path / "new.workshop"
    doc = WorkshopDocument.create(path)
    assert not doc.read_only
    assert dump(doc.workshop) == dump(Workshop())
    doc.close()
    assert dump(reopened(path)) == dump(Workshop())


def test_a_document_created_from_the_demo_reopens_with_the_same_content(tmp_path, demo_workshop):
    path = tmp_path / "demo.workshop"
    WorkshopDocument.create(path, demo_workshop).close()
    assert dump(reopened(path)) == dump(demo_workshop)


def test_create_refuses_a_path_that_already_exists_and_leaves_it_alone(tmp_path):
    path = tmp_path / "taken.workshop"
    path.write_text("my notes", encoding="utf-8")
    before = folder_state(tmp_path)
    with pytest.raises(WriteFailed) as raised:
        WorkshopDocument.create(path)
    assert "already exists" in str(raised.value)
    assert folder_state(tmp_path) == before


def test_create_in_a_folder_that_does_not_exist_fails_with_a_message(tmp_path):
    with pytest.raises(WriteFailed):
        WorkshopDocument.create(tmp_path / "no such folder" / "new.workshop")
    assert list(tmp_path.iterdir()) == []


def test_opening_a_missing_path_raises_file_missing_and_creates_nothing(tmp_path):
    for read_only in (False, True):
        with pytest.raises(FileMissing) as raised:
            WorkshopDocument.open(tmp_path / "gone.workshop", read_only=read_only)
        assert "gone.workshop" in str(raised.value)
        with pytest.raises(FileMissing):
            WorkshopDocument.open(tmp_path / "no folder" / "gone.workshop", read_only=read_only)
    assert list(tmp_path.iterdir()) == []


def test_opening_a_folder_is_refused(tmp_path):
    folder = tmp_path / "looks.workshop"
    folder.mkdir()
    with pytest.raises(NotAWorkshop):
        WorkshopDocument.open(folder)


def test_the_open_connection_is_set_up_for_safe_single_file_commits(doc):
    conn = doc._db.conn  # the pragmas are per connection: inspect the document's own
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 3  # EXTRA: durable commits
    assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0


def test_the_file_carries_the_application_id_and_the_schema_version(workshop_file):
    header = workshop_file.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert int.from_bytes(header[68:72], "big") == schema.APPLICATION_ID
    assert int.from_bytes(header[60:64], "big") == schema.SCHEMA_VERSION  # user_version
    conn = sqlite3.connect(f"file:{workshop_file}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()


def test_closing_leaves_only_the_workshop_file(tmp_path, workshop_file):
    doc = WorkshopDocument.open(workshop_file)
    doc.apply(EditDetails("title", "Edited"))
    doc.close()
    assert [p.name for p in tmp_path.iterdir()] == ["demo.workshop"]


# --- edits reach the file ------------------------------------------------------------


def test_every_section_kind_built_by_edits_survives_reopening(tmp_path, example_json):
    """Build the interchange example from an empty document, one edit at a time."""
    target = interchange.loads(example_json)
    target.thresholds = dataclasses.replace(target.thresholds, min_wave_weeks=8,
                                            close_call_margin=0.2)
    path = tmp_path / "built.workshop"
    doc = WorkshopDocument.create(path)
    for field in dataclasses.fields(Details):
        doc.apply(EditDetails(field.name, getattr(target.details, field.name)))
    doc.apply(EditThresholds("min_wave_weeks", 8))
    doc.apply(EditThresholds("close_call_margin", 0.2))
    for name in SECTIONS:
        for item in target.section(name):
            doc.apply(AddItem(name, item))
    assert dump(doc.workshop) == dump(target)
    doc.close()
    assert dump(reopened(path)) == dump(target)


def edits_of_every_kind() -> list:
    """Edits to the demo touching each kind of table the document has."""
    return [
        EditDetails("title", "Renamed workshop"),
        EditDetails("objectives", ["Only one objective now"]),
        EditDetails("objectives", ["First", "Second", "Third", "Fourth", "Fifth"]),
        EditDetails("date", None),
        EditDetails("status", "final"),
        EditThresholds("max_functions_per_wave", 2),
        EditField("participants", "p3", "attendance", "absent"),
        EditField("agenda", "a2", "planned_minutes", 90),
        EditField("functions", "f10", "sourcing", "outsource"),
        EditField("functions", "f5", "fte", 3.25),
        EditField("criteria", "c2", "knockout_min", 2),
        EditField("criteria", "c1", "knockout_min", None),
        EditField("scores", ("v1", "c1"), "score", 0),
        EditField("scores", ("v1", "c2"), "evidence", "New evidence"),
        Batch("Move a score to another vendor", [
            RemoveItem("scores", ("v3", "c7")),
            EditField("scores", ("v4", "c7"), "vendor", "v3"),
        ]),
        EditField("assignments", ("f1", "v1"), "fte_required", 9.5),
        EditField("customers", "k6", "internal_owner", "Daniel Okafor"),
        EditField("metrics", "m3", "outsourced_exempt", False),
        EditField("metrics", "m1", "review_date", "2028-02-29"),
        EditField("waves", "w1", "gates", [{"name": "Rollback plan agreed", "status": "met"},
                                            {"name": "New gate", "status": "open"}]),
        EditField("waves", "w2", "functions", ["f8", "f3"]),
        EditField("waves", "w3", "end", "2027-11-30"),
        EditField("roles", "r12", "raci", "A"),
        EditField("risks", "x2", "status", "closed"),
        EditField("decisions", "d8", "recorded_at", "2027-03-09T16:00:00-05:30"),
        EditField("actions", "t1", "due", None),
        EditField("parking_lot", "q2", "stage", "close"),
        AddItem("waves", Wave("w4", "Wave 4", date(2028, 1, 10), date(2028, 3, 31), ("f10",),
                              gates=(Gate("SOC pilot", GateStatus.OPEN),)), index=0),
        AddItem("functions", Function("f13", "Licence management"), index=3),
        AddItem("assignments", Assignment("f13", "v4", 1.5)),
        MoveItem("functions", "f12", 0),
        MoveItem("scores", ("v2", "c3"), 0),
        MoveItem("waves", "w4", 3),
        RemoveItem("functions", "f1"),
        RemoveItem("vendors", "v3"),
        RemoveItem("criteria", "c7"),
        RemoveItem("waves", "w2"),
        RemoveItem("risks", "x6"),
        EditField("risks", "x1", "id", "x99"),
        EditField("parking_lot", "q4", "id", "q40"),
        Batch("Swap vendors", [RemoveItem("assignments", ("f2", "v1")),
                               AddItem("assignments", Assignment("f2", "v4", 6))]),
    ]


def test_every_edit_is_in_the_file_at_once_even_while_the_document_is_open(
    doc, tmp_path, demo_workshop
):
    """A copy of just the .workshop file, taken after any edit, has that edit."""
    copy = tmp_path / "copy.workshop"
    for command in edits_of_every_kind():
        doc.apply(command)
        shutil.copyfile(doc.path, copy)
        assert dump(reopened(copy)) == dump(doc.workshop), command.description
        copy.unlink()
    assert dump(doc.workshop) != dump(demo_workshop)


def test_edits_survive_closing_and_reopening(workshop_file):
    doc = WorkshopDocument.open(workshop_file)
    for command in edits_of_every_kind():
        doc.apply(command)
    expected = dump(doc.workshop)
    doc.close()
    assert dump(reopened(workshop_file)) == expected
    wave = reopened(workshop_file).find("waves", "w4")
    assert wave.gates == (Gate("SOC pilot", GateStatus.OPEN),)


def test_undoing_every_edit_brings_the_file_back_to_the_original(workshop_file, demo_workshop):
    doc = WorkshopDocument.open(workshop_file)
    done = []
    for command in edits_of_every_kind():
        doc.apply(command)
        done.append(command)
    for command in reversed(done):
        doc.revert(command)
    doc.close()
    assert dump(reopened(workshop_file)) == dump(demo_workshop)


def test_removing_a_function_removes_its_rows_in_the_file_and_undo_restores_them(
    doc, demo_workshop
):
    command = RemoveItem("functions", "f1")
    doc.apply(command)
    conn = doc._db.conn
    for table, column in (("assignments", "function"), ("customers", "function"),
                          ("roles", "function"), ("wave_functions", "function")):
        count = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = 'f1'").fetchone()[0]
        assert count == 0, table
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    doc.revert(command)
    assert dump(reopened(doc.path)) == dump(demo_workshop)


def test_the_file_passes_integrity_checks_after_many_edits(doc):
    for command in edits_of_every_kind():
        doc.apply(command)
    conn = doc._db.conn
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_refused_edit_changes_neither_the_workshop_nor_the_file(doc, tmp_path):
    before_memory = dump(doc.workshop)
    before_file = doc.path.read_bytes()
    with pytest.raises(ValidationError):
        doc.apply(AddItem("assignments", Assignment("f1", "v9", 1)))
    assert dump(doc.workshop) == before_memory
    assert doc.path.read_bytes() == before_file


def test_an_edit_the_file_cannot_store_is_undone_in_memory_too(doc):
    """Renaming a function id that others point at breaks a foreign key at
    commit: the document must say so and keep memory and file in step."""
    before_memory = dump(doc.workshop)
    before_file = doc.path.read_bytes()
    with pytest.raises((WriteFailed, ValidationError)) as raised:
        doc.apply(EditField("functions", "f1", "id", "f100"))
    assert "Traceback" not in str(raised.value)
    assert dump(doc.workshop) == before_memory
    assert doc.path.read_bytes() == before_file


def test_an_item_added_through_the_app_never_makes_the_file_unopenable(workshop_file):
    """A participant with a blank name must be refused up front: storing it
    makes every later open of the file fail as "damaged"."""
    doc = WorkshopDocument.open(workshop_file)
    with contextlib.suppress(ValidationError):
        doc.apply(AddItem("participants", Participant("p99", "")))
    doc.close()
    reopened(workshop_file)  # must not raise DamagedFile


def test_a_wave_listing_a_function_twice_does_not_change_on_reopen(workshop_file):
    doc = WorkshopDocument.open(workshop_file)
    with contextlib.suppress(ValidationError):
        doc.apply(EditField("waves", "w1", "functions", ["f1", "f2", "f1"]))
    expected = doc.workshop.waves[0].functions
    doc.close()
    assert reopened(workshop_file).waves[0].functions == expected


def test_hostile_text_is_stored_verbatim(doc):
    text = ('a\x00b <b>x</b> "q" \\ \r\n\t \u202eعربي 中文 😀 '
            + "z" * (LONG_TEXT_LIMIT - 40))  # up to the limit
    doc.apply(EditField("functions", "f1", "rationale", text))
    doc.apply(EditDetails("objectives", [text, ""]))
    doc.close()
    ws = reopened(doc.path)
    assert ws.find("functions", "f1").rationale == text
    assert ws.details.objectives == (text, "")


def test_timestamps_keep_their_time_zone(doc):
    moment = datetime(2027, 3, 9, 9, 24, tzinfo=timezone(timedelta(hours=-3, minutes=-30)))
    doc.apply(EditField("decisions", "d1", "recorded_at", moment))
    doc.close()
    stored = reopened(doc.path).find("decisions", "d1").recorded_at
    assert stored == moment and stored.utcoffset() == moment.utcoffset()


# --- read-only ---------------------------------------------------------------------


def test_a_document_opened_read_only_refuses_edits_and_keeps_the_file(workshop_file, tmp_path):
    before = folder_state(tmp_path)
    doc = WorkshopDocument.open(workshop_file, read_only=True)
    try:
        assert doc.read_only
        assert doc.workshop.details.title.startswith("IT sourcing workshop")
        command = EditDetails("title", "Changed")
        with pytest.raises(ReadOnlyDocument) as raised:
            doc.apply(command)
        assert "read-only" in str(raised.value)
        assert doc.workshop.details.title != "Changed"
    finally:
        doc.close()
    assert folder_state(tmp_path) == before


def test_a_read_only_file_opens_read_only(workshop_file, tmp_path):
    os.chmod(workshop_file, 0o444)
    try:
        if os.access(workshop_file, os.W_OK):
            pytest.skip("running as root: the OS lets root write a 0o444 file, so the "
                        "app cannot tell it is read-only")
        before = folder_state(tmp_path)
        doc = WorkshopDocument.open(workshop_file)
        try:
            assert doc.read_only
            with pytest.raises(ReadOnlyDocument):
                doc.apply(EditDetails("title", "Changed"))
        finally:
            doc.close()
        assert folder_state(tmp_path) == before
    finally:
        os.chmod(workshop_file, stat.S_IRUSR | stat.S_IWUSR)


def test_a_copy_can_be_saved_from_a_read_only_document(workshop_file, tmp_path, demo_workshop):
    doc = WorkshopDocument.open(workshop_file, read_only=True)
    try:
        doc.save_copy(tmp_path / "editable.workshop")
    finally:
        doc.close()
    assert dump(reopened(tmp_path / "editable.workshop")) == dump(demo_workshop)


# --- refused files: nothing is created or changed -----------------------------------


def make_text(folder: Path, source: Path) -> Path:
    path = folder / "notes.workshop"
    path.write_text("Title: sourcing\nThis is not a database.\n", encoding="utf-8")
    return path


def make_png(folder: Path, source: Path) -> Path:
    path = folder / "picture.workshop"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
        b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
        b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    return path


def make_empty(folder: Path, source: Path) -> Path:
    path = folder / "empty.workshop"
    path.write_bytes(b"")
    return path


def make_other_sqlite(folder: Path, source: Path) -> Path:
    path = folder / "contacts.workshop"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.execute("INSERT INTO people VALUES ('Ana')")
    conn.commit()
    conn.close()
    return path


def make_short_header(folder: Path, source: Path) -> Path:
    path = folder / "stub.workshop"
    path.write_bytes(source.read_bytes()[:60])
    return path


def make_truncated(folder: Path, source: Path) -> Path:
    path = folder / "truncated.workshop"
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def make_garbled(folder: Path, source: Path) -> Path:
    path = folder / "garbled.workshop"
    data = bytearray(source.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = b"\xde\xad\xbe\xef" * 1024
    path.write_bytes(bytes(data))
    return path


def edited_copy(folder: Path, source: Path, name: str, *sql: str) -> Path:
    path = folder / name
    shutil.copyfile(source, path)
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def make_newer(folder: Path, source: Path) -> Path:
    return edited_copy(folder, source, "newer.workshop", "PRAGMA user_version = 99")


def make_newer_migration(folder: Path, source: Path) -> Path:
    return edited_copy(
        folder, source, "newer-migration.workshop",
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('sourcing-workshop', '0002_future', '2030-01-01')",
    )


def make_trigger(folder: Path, source: Path) -> Path:
    return edited_copy(
        folder, source, "trigger.workshop",
        "CREATE TRIGGER sneaky AFTER INSERT ON functions BEGIN "
        "DELETE FROM participants; END",
    )


def make_view(folder: Path, source: Path) -> Path:
    return edited_copy(folder, source, "view.workshop",
                       "CREATE VIEW everything AS SELECT * FROM functions")


def make_alien_side(folder: Path, source: Path) -> Path:
    return edited_copy(folder, source, "alien.workshop",
                       "UPDATE participants SET side = 'alien' WHERE id = 'p2'")


def make_missing_table(folder: Path, source: Path) -> Path:
    return edited_copy(folder, source, "no-functions.workshop",
                       "PRAGMA foreign_keys = OFF", "DROP TABLE functions")


REFUSED = [
    (make_text, NotAWorkshop, "not a workshop"),
    (make_png, NotAWorkshop, "not a workshop"),
    (make_empty, NotAWorkshop, "empty"),
    (make_other_sqlite, NotAWorkshop, "another program"),
    (make_short_header, DamagedFile, "damaged"),
    (make_truncated, DamagedFile, "damaged"),
    (make_garbled, DamagedFile, "damaged"),
    (make_newer, NewerVersion, "newer version"),
    (make_newer_migration, NewerVersion, "newer version"),
    (make_trigger, UntrustedFile, "trigger"),
    (make_view, UntrustedFile, "view"),
    (make_alien_side, DamagedFile, "alien"),
    (make_missing_table, DamagedFile, "damaged"),
]


@pytest.mark.parametrize("read_only", [False, True], ids=["open", "open-read-only"])
@pytest.mark.parametrize(
    ("make", "error", "fragment"), REFUSED, ids=[m.__name__[5:] for m, _, _ in REFUSED]
)
def test_a_file_that_is_not_a_healthy_workshop_is_refused_untouched(
    tmp_path, workshop_file, make, error, fragment, read_only
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = make(inbox, workshop_file)
    before = folder_state(inbox)
    with pytest.raises(error) as raised:
        WorkshopDocument.open(path, read_only=read_only)
    message = str(raised.value)
    assert path.name in message
    assert fragment.lower() in message.lower()
    assert "Traceback" not in message
    assert folder_state(inbox) == before, "bytes and modification time unchanged"
    assert_no_sqlite_side_files(inbox)


def test_every_refusal_is_a_document_error():
    for _, error, _ in REFUSED:
        assert issubclass(error, DocumentError)


# --- copies and atomic writes ---------------------------------------------------------


def test_save_copy_writes_a_file_that_opens_with_the_same_content(doc, tmp_path):
    doc.apply(EditDetails("title", "Copied after an edit"))
    doc.apply(RemoveItem("functions", "f3"))
    target = tmp_path / "copy.workshop"
    doc.save_copy(target)
    assert dump(reopened(target)) == dump(doc.workshop)
    assert int.from_bytes(target.read_bytes()[68:72], "big") == schema.APPLICATION_ID
    doc.apply(EditDetails("title", "Only in the original"))
    assert reopened(target).details.title == "Copied after an edit"


def test_save_copy_replaces_an_existing_target(doc, tmp_path):
    target = tmp_path / "old.workshop"
    target.write_text("old content", encoding="utf-8")
    doc.save_copy(target)
    assert dump(reopened(target)) == dump(doc.workshop)


def test_save_copy_refuses_to_overwrite_the_open_file(doc):
    before = doc.path.read_bytes()
    with pytest.raises(WriteFailed):
        doc.save_copy(doc.path)
    assert doc.path.read_bytes() == before


def test_save_copy_to_a_folder_is_refused(doc, tmp_path):
    folder = tmp_path / "a folder"
    folder.mkdir()
    with pytest.raises(WriteFailed):
        doc.save_copy(folder)
    assert list(folder.iterdir()) == []


def test_atomic_write_leaves_no_target_when_the_writer_fails(tmp_path):
    target = tmp_path / "minutes.workshop"

    def failing(temp: Path) -> None:
        temp.write_bytes(b"half a file")
        raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError):
        atomic_write(target, failing)
    assert list(tmp_path.iterdir()) == [], "no target and no temporary file left behind"


def test_atomic_write_keeps_the_old_file_when_the_writer_fails(tmp_path):
    target = tmp_path / "minutes.workshop"
    target.write_bytes(b"the previous version")
    before = folder_state(tmp_path)

    def failing(temp: Path) -> None:
        temp.write_bytes(b"partial")
        raise OSError(28, "No space left on device")

    with pytest.raises(WriteFailed) as raised:
        atomic_write(target, failing)
    assert "No space left" in str(raised.value)
    assert folder_state(tmp_path) == before


def test_atomic_write_replaces_the_target_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "notes.json"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["notes.json"]


def test_write_workshop_file_leaves_nothing_when_the_content_cannot_be_stored(tmp_path):
    ws = Workshop(functions=[Function("f1", "Impossible", strategic_importance=9)])
    target = tmp_path / "bad.workshop"
    with pytest.raises((sqlite3.Error, DocumentError)):
        write_workshop_file(target, ws)
    assert list(tmp_path.iterdir()) == []


def test_write_workshop_file_writes_a_complete_document(tmp_path, demo_workshop):
    target = tmp_path / "out.workshop"
    write_workshop_file(target, demo_workshop)
    assert [p.name for p in tmp_path.iterdir()] == ["out.workshop"]
    assert dump(reopened(target)) == dump(demo_workshop)

"""Rolling snapshots (issue 6): taken on open, while editing and before an
upgrade; listed newest first; restored into a new file, never in place;
offered when a workshop turns out to be damaged. Real files throughout."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from helpers import stored, write_version_1
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.modeltest import ModelTester

from desktop_app.domain.commands import EditDetails
from desktop_app.storage import interchange, schema
from desktop_app.storage.document import WorkshopDocument, write_workshop_file
from desktop_app.storage.errors import DocumentError, WriteFailed
from desktop_app.storage.snapshots import SOURCE_FILE, Snapshot, SnapshotStore
from desktop_app.ui import file_dialogs
from desktop_app.ui.models.snapshot_model import HEADERS, SnapshotModel, snapshot_time
from desktop_app.ui.snapshots_dialog import SnapshotsDialog

T0 = datetime(2027, 3, 9, 9, 0, 0)


# -- helpers -------------------------------------------------------------------------


def integrity(path: Path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [(str(error),)]
    finally:
        conn.close()


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def as_dict(workshop) -> dict:
    return interchange.to_dict(workshop)


def leftovers(folder: Path) -> list[str]:
    """Temporary or journal files an interrupted write would leave behind."""
    return sorted(p.name for p in folder.rglob("*")
                  if p.name.startswith(".~") or p.name.endswith("-journal"))


def choose_save_path(monkeypatch, target: Path, asked: list | None = None) -> None:
    """The user types `target` in the save dialog, which adds the default suffix."""

    def ask(_parent, title, suggested, _filter, suffix):
        if asked is not None:
            asked.append((title, suggested))
        return target if target.suffix else target.with_name(target.name + suffix)

    monkeypatch.setattr(file_dialogs, "ask_save_path", ask)


def record_warnings(monkeypatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    return messages


def snapshot_of(path: Path, store: SnapshotStore) -> Snapshot:
    """Open `path`, take an "open" snapshot of it into `store`, close it."""
    document = WorkshopDocument.open(path)
    try:
        document.take_snapshot(store, "open")
    finally:
        document.close()
    return store.latest_for(path)


@pytest.fixture
def store(tmp_path) -> SnapshotStore:
    return SnapshotStore(tmp_path / "data" / "snapshots")


# -- taking --------------------------------------------------------------------------


def test_a_snapshot_of_an_open_edited_document_holds_exactly_what_was_stored(
        workshop_file, store):
    document = WorkshopDocument.open(workshop_file)
    try:
        first = document.take_snapshot(store, "open")
        document.apply(EditDetails("title", "After the break"))
        document.apply(EditDetails("location", "Room 4"))
        second = document.take_snapshot(store, "timed")
        expected = as_dict(document.workshop)
    finally:
        document.close()
    assert first != second and first.parent == second.parent == store.folder_for(workshop_file)
    for path in (first, second):
        assert integrity(path) == [("ok",)]
        assert user_version(path) == schema.SCHEMA_VERSION
    assert stored(first).details.title != "After the break"  # taken before the edits
    assert as_dict(stored(second)) == expected == as_dict(stored(workshop_file))
    # A snapshot opens like any workshop (the app's own identification passes).
    reopened = WorkshopDocument.open(second, read_only=True)
    try:
        assert reopened.workshop.details.location == "Room 4"
    finally:
        reopened.close()
    assert leftovers(store.root) == []


def test_a_snapshot_is_refused_in_the_middle_of_a_change_and_leaves_nothing(
        workshop_file, store):
    document = WorkshopDocument.open(workshop_file)
    conn = document._db.conn
    try:
        conn.execute("BEGIN")
        conn.execute("UPDATE workshop SET title = 'half done' WHERE id = 1")
        with pytest.raises(WriteFailed, match="middle of a change"):
            document.take_snapshot(store, "timed")
        conn.execute("ROLLBACK")
    finally:
        document.close()
    assert store.list_for(workshop_file) == []
    assert leftovers(store.root) == []


def test_list_for_and_list_all_are_newest_first_with_reason_and_title(tmp_path, store,
                                                                      demo_workshop):
    first, second = tmp_path / "first.workshop", tmp_path / "second.workshop"
    write_workshop_file(first, demo_workshop)
    write_workshop_file(second, dataclasses.replace(
        demo_workshop, details=dataclasses.replace(demo_workshop.details, title="Second")))
    docs = {p: WorkshopDocument.open(p) for p in (first, second)}
    try:
        store.take(docs[first]._db.conn, first, "open", now=T0)
        store.take(docs[second]._db.conn, second, "open", now=T0 + timedelta(minutes=1))
        docs[first].apply(EditDetails("location", "Room 2"))  # else nothing new to keep
        store.take(docs[first]._db.conn, first, "timed", now=T0 + timedelta(minutes=6))
        store.take(docs[second]._db.conn, second, "upgrade", now=T0 + timedelta(minutes=3),
                   label="Temporary copy of x.json")
    finally:
        for document in docs.values():
            document.close()

    of_first = store.list_for(first)
    assert [(s.taken_at, s.reason) for s in of_first] == [
        (T0 + timedelta(minutes=6), "timed"), (T0, "open")]
    assert {s.title for s in of_first} == {demo_workshop.details.title}
    assert {s.source for s in of_first} == {str(first.resolve())}
    assert [s.reason_label for s in of_first] == ["While editing", "When it was opened"]

    everything = store.list_all()
    assert [(Path(s.source).name, s.reason) for s in everything] == [
        ("first.workshop", "timed"), ("Temporary copy of x.json", "upgrade"),
        ("Temporary copy of x.json", "open"), ("first.workshop", "open")]
    assert [s.taken_at for s in everything] == sorted(
        (s.taken_at for s in everything), reverse=True)
    assert everything[1].title == "Second"
    assert everything[1].reason_label == "Before a format upgrade"
    assert store.latest_for(first) == of_first[0]
    assert store.latest_for(tmp_path / "never-opened.workshop") is None
    assert store.list_for(tmp_path / "never-opened.workshop") == []


def test_the_listing_ignores_strays_and_an_empty_store(tmp_path, workshop_file):
    store = SnapshotStore(tmp_path / "nothing-yet")
    assert store.list_all() == [] and store.latest_for(workshop_file) is None
    document = WorkshopDocument.open(workshop_file)
    try:
        document.take_snapshot(store, "open")
    finally:
        document.close()
    folder = store.folder_for(workshop_file)
    (folder / "notes.txt").write_text("not a snapshot", encoding="utf-8")
    (folder / "badstamp_open.workshop").write_bytes(b"")
    (folder / ".~20270309-090000-000000_open.workshop.abc").write_bytes(b"")
    (store.root / "loose.workshop").write_bytes(b"")
    assert [s.reason for s in store.list_all()] == ["open"]
    assert [s.reason for s in store.list_for(workshop_file)] == ["open"]


def test_pruning_keeps_the_newest_keep_snapshots(workshop_file, tmp_path):
    store = SnapshotStore(tmp_path / "snapshots", keep=3)
    document = WorkshopDocument.open(workshop_file)
    try:
        for minute in range(5):
            document.apply(EditDetails("location", f"Room {minute}"))
            store.take(document._db.conn, workshop_file, "timed",
                       now=T0 + timedelta(minutes=5 * minute))
    finally:
        document.close()
    kept = store.list_for(workshop_file)
    assert [s.taken_at for s in kept] == [T0 + timedelta(minutes=m) for m in (20, 15, 10)]
    folder = store.folder_for(workshop_file)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [SOURCE_FILE, *(s.path.name for s in kept)])


def test_files_with_the_same_name_in_different_folders_keep_separate_snapshots(
        tmp_path, store, demo_workshop):
    one, two = tmp_path / "a" / "plan.workshop", tmp_path / "b" / "plan.workshop"
    for path, title in ((one, "Plan A"), (two, "Plan B")):
        path.parent.mkdir()
        write_workshop_file(path, dataclasses.replace(
            demo_workshop, details=dataclasses.replace(demo_workshop.details, title=title)))
        document = WorkshopDocument.open(path)
        try:
            document.take_snapshot(store, "open")
        finally:
            document.close()
    assert store.folder_for(one) != store.folder_for(two)
    assert store.folder_for(one).name.startswith("plan-")
    assert [s.title for s in store.list_for(one)] == ["Plan A"]
    assert [s.title for s in store.list_for(two)] == ["Plan B"]
    assert [s.source for s in store.list_for(two)] == [str(two.resolve())]
    assert len(store.list_all()) == 2


# -- restoring -----------------------------------------------------------------------


def test_restore_makes_a_new_file_and_never_touches_the_snapshot(workshop_file, store,
                                                                 tmp_path):
    document = WorkshopDocument.open(workshop_file)
    try:
        document.take_snapshot(store, "open")
        expected = as_dict(document.workshop)
        document.apply(EditDetails("title", "Changed after the snapshot"))
    finally:
        document.close()
    snapshot = store.latest_for(workshop_file)
    before = snapshot.path.read_bytes()
    mtime = snapshot.path.stat().st_mtime_ns
    target = tmp_path / "restored.workshop"
    store.restore(snapshot, target)
    assert snapshot.path.read_bytes() == before
    assert snapshot.path.stat().st_mtime_ns == mtime
    assert integrity(target) == [("ok",)]
    assert as_dict(stored(target)) == expected
    assert stored(workshop_file).details.title == "Changed after the snapshot"
    assert [s.path for s in store.list_for(workshop_file)] == [snapshot.path]
    assert leftovers(tmp_path) == []


def test_restore_of_a_snapshot_deleted_meanwhile_says_so(workshop_file, store, tmp_path):
    snapshot = snapshot_of(workshop_file, store)
    snapshot.path.unlink()
    target = tmp_path / "restored.workshop"
    with pytest.raises(DocumentError, match="no longer there"):
        store.restore(snapshot, target)
    assert not target.exists() and leftovers(tmp_path) == []


def test_restore_of_a_damaged_snapshot_fails_with_a_message_and_no_file(
        workshop_file, store, tmp_path):
    snapshot = snapshot_of(workshop_file, store)
    data = snapshot.path.read_bytes()
    snapshot.path.write_bytes(data[: len(data) // 2])
    target = tmp_path / "restored.workshop"
    with pytest.raises(DocumentError, match="could not be restored"):
        store.restore(snapshot, target)
    assert not target.exists() and leftovers(tmp_path) == []


def test_restore_of_a_snapshot_with_a_corrupt_page_makes_no_file(workshop_file, store,
                                                                  tmp_path):
    """The backup API copies pages blindly: a bad page inside the file must be
    caught before a new file is made that the app then refuses to open."""
    snapshot = snapshot_of(workshop_file, store)
    data = bytearray(snapshot.path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    last = len(data) // page - 1
    data[last * page: (last + 1) * page] = b"\xff" * page  # a table page, scribbled over
    snapshot.path.write_bytes(bytes(data))
    assert integrity(snapshot.path) != [("ok",)]
    target = tmp_path / "restored.workshop"
    with pytest.raises(DocumentError):
        store.restore(snapshot, target)
    assert not target.exists() and leftovers(tmp_path) == []


def test_restore_into_a_missing_folder_or_onto_a_folder_fails_with_a_message(
        workshop_file, store, tmp_path):
    snapshot = snapshot_of(workshop_file, store)
    with pytest.raises(WriteFailed):
        store.restore(snapshot, tmp_path / "no-such-folder" / "restored.workshop")
    with pytest.raises(WriteFailed, match="is a folder"):
        store.restore(snapshot, tmp_path)


# -- before an upgrade -----------------------------------------------------------------


@pytest.fixture
def version_1_file(tmp_path, demo_workshop) -> Path:
    demo_workshop.details = dataclasses.replace(demo_workshop.details,
                                                criteria_agreed_at=None)
    path = tmp_path / "old.workshop"
    write_version_1(path, demo_workshop)
    assert user_version(path) == 1
    return path


def test_an_upgrade_snapshot_holds_the_file_as_it_was_before_migrating(
        version_1_file, store):
    before = version_1_file.read_bytes()
    document = WorkshopDocument.open(version_1_file, snapshots=store)
    try:
        content = as_dict(document.workshop)
    finally:
        document.close()
    assert user_version(version_1_file) == schema.SCHEMA_VERSION
    [snapshot] = store.list_for(version_1_file)
    assert snapshot.reason == "upgrade"
    assert snapshot.title == document.workshop.details.title
    assert user_version(snapshot.path) == 1
    assert integrity(snapshot.path) == [("ok",)]
    conn = sqlite3.connect(f"file:{snapshot.path}?mode=ro", uri=True)
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(workshop)")}
        applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")]
    finally:
        conn.close()
    assert "criteria_agreed_at" not in columns  # the old format, untouched
    assert applied == ["0001_initial"]
    # Restoring it gives the old file back; opening the restored copy upgrades that copy.
    restored = version_1_file.with_name("restored.workshop")
    store.restore(snapshot, restored)
    assert restored.read_bytes()[:100][60:64] == before[60:64]  # user_version in the header
    assert as_dict(stored(restored)) == content


def test_no_upgrade_snapshot_for_a_current_file_or_a_read_only_open(
        workshop_file, version_1_file, store):
    WorkshopDocument.open(workshop_file, snapshots=store).close()
    WorkshopDocument.open(version_1_file, read_only=True, snapshots=store).close()
    assert store.list_all() == []
    assert user_version(version_1_file) == 1


# -- the app -----------------------------------------------------------------------------


def test_the_default_store_is_in_the_users_data_folder(window):
    root = window.documents.snapshots.root
    assert root.name == "snapshots"
    assert root.is_relative_to(Path(os.environ["XDG_DATA_HOME"]))


def test_opening_a_workshop_for_editing_takes_an_open_snapshot(window, workshop_file):
    assert window.open_path(workshop_file)
    snapshots = window.documents.snapshots.list_for(workshop_file)
    assert [s.reason for s in snapshots] == ["open"]
    assert snapshots[0].path.is_relative_to(Path(os.environ["XDG_DATA_HOME"]))
    assert as_dict(stored(snapshots[0].path)) == as_dict(window.session.workshop)
    assert window.session.snapshots is not None


def test_the_demo_and_read_only_opens_take_no_snapshot(window, workshop_file):
    store = window.documents.snapshots
    assert window.open_demo()
    demo_path = window.session.path
    assert store.list_for(demo_path) == []
    assert not store.folder_for(demo_path).exists()
    assert window.open_path(workshop_file, read_only=True)
    assert window.session.read_only and window.session.snapshots is None
    assert store.list_for(workshop_file) == []


def test_snapshots_are_private_to_the_user(workshop_file, store):
    document = WorkshopDocument.open(workshop_file)
    try:
        snapshot = document.take_snapshot(store, "open")
    finally:
        document.close()
    assert snapshot.parent.stat().st_mode & 0o077 == 0, oct(snapshot.parent.stat().st_mode)


def test_a_temporary_copy_is_snapshotted_while_editing_under_its_origin(window,
                                                                        monkeypatch):
    assert window.open_demo()
    schedule = window.session.snapshots
    clock = FakeClock()
    schedule.clock, schedule.interval_seconds, schedule.last = clock, 300, clock()
    clock.now += 300
    window.session.execute(EditDetails("location", "Room 4"))
    demo_path = window.session.path
    [snapshot] = window.documents.snapshots.list_for(demo_path)
    assert snapshot.reason == "timed"
    assert snapshot.source == "Temporary copy of the demo workshop"
    assert SnapshotModel([snapshot]).data(SnapshotModel([snapshot]).index(0, 2)) == \
        "Temporary copy of the demo workshop"
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Discard)
    assert window.files.release_session()  # no modal question left for teardown
    assert [s.path for s in window.documents.snapshots.list_all()
            if s.source == snapshot.source and s.path == snapshot.path]  # still listed


def test_an_upgrade_in_the_app_keeps_the_old_file_then_an_open_snapshot(
        window, version_1_file):
    assert window.open_path(version_1_file)
    snapshots = window.documents.snapshots.list_for(version_1_file)
    assert [s.reason for s in snapshots] == ["open", "upgrade"]
    assert [user_version(s.path) for s in snapshots] == [schema.SCHEMA_VERSION, 1]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_timed_snapshot_is_taken_after_an_edit_once_the_interval_has_passed(
        window, workshop_file):
    assert window.open_path(workshop_file)
    schedule = window.session.snapshots
    clock = FakeClock()
    schedule.clock, schedule.interval_seconds, schedule.last = clock, 300, clock()
    store = window.documents.snapshots

    def reasons() -> list[str]:
        return [s.reason for s in store.list_for(workshop_file)]

    clock.now += 299
    assert window.session.execute(EditDetails("location", "Room 1")) is None
    assert reasons() == ["open"]  # not yet five minutes
    clock.now += 1
    assert reasons() == ["open"]  # time alone takes none: only editing does
    assert window.session.execute(EditDetails("location", "Room 2")) is None
    assert reasons() == ["timed", "open"]
    assert stored(store.latest_for(workshop_file).path).details.location == "Room 2"
    clock.now += 299
    assert window.session.execute(EditDetails("location", "Room 3")) is None
    assert window.session.execute(EditDetails("location", "Room 4")) is None
    assert reasons() == ["timed", "open"]  # counted from the last snapshot
    clock.now += 1
    window.session.undo()  # undo is editing too
    assert reasons() == ["timed", "timed", "open"]
    assert stored(store.latest_for(workshop_file).path).details.location == "Room 3"


def test_a_snapshot_identical_to_the_latest_is_not_kept_twice(workshop_file, store):
    document = WorkshopDocument.open(workshop_file)
    try:
        first = store.take(document._db.conn, workshop_file, "open", now=T0)
        again = store.take(document._db.conn, workshop_file, "open",
                           now=T0 + timedelta(minutes=1))
        document.apply(EditDetails("location", "Room 9"))
        changed = store.take(document._db.conn, workshop_file, "timed",
                             now=T0 + timedelta(minutes=2))
    finally:
        document.close()
    assert again == first
    assert [s.path for s in store.list_for(workshop_file)] == [changed, first]


def test_the_snapshot_before_an_upgrade_outlives_the_rolling_ones(tmp_path, demo_workshop):
    old = tmp_path / "old.workshop"
    write_version_1(old, demo_workshop)
    store = SnapshotStore(tmp_path / "snapshots", keep=2)
    document = WorkshopDocument.open(old, snapshots=store)
    try:
        for minute in range(4):
            document.apply(EditDetails("location", f"Room {minute}"))
            store.take(document._db.conn, old, "timed",
                       now=datetime.now() + timedelta(minutes=minute + 1))
    finally:
        document.close()
    reasons = [s.reason for s in store.list_for(old)]
    assert reasons == ["timed", "timed", "upgrade"]
    assert user_version(store.list_for(old)[-1].path) == 1


def test_a_snapshot_file_opened_by_hand_opens_read_only(window, workshop_file):
    assert window.open_path(workshop_file)
    snapshot = window.documents.snapshots.latest_for(workshop_file)
    window.files.release_session()
    before = snapshot.path.read_bytes()
    assert window.open_path(snapshot.path)
    assert window.session.read_only
    assert "Restore Snapshot" in window.workspace.notice.text.text()
    assert snapshot.path.read_bytes() == before


def test_folders_of_workshops_untouched_for_months_are_removed(tmp_path, workshop_file,
                                                              demo_workshop):
    from desktop_app.storage.snapshots import STALE_DAYS

    store = SnapshotStore(tmp_path / "snapshots")
    other = tmp_path / "other.workshop"
    write_workshop_file(other, demo_workshop)
    for path, when in ((workshop_file, T0), (other, T0 + timedelta(days=STALE_DAYS + 1))):
        document = WorkshopDocument.open(path)
        store.take(document._db.conn, path, "open", now=when)
        document.close()
    stranger = tmp_path / "snapshots" / "not-ours"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("keep me", encoding="utf-8")
    store.prune_stale(now=T0 + timedelta(days=STALE_DAYS + 2))
    assert store.list_for(workshop_file) == []
    assert len(store.list_for(other)) == 1
    assert (stranger / "notes.txt").exists()


def test_a_timed_snapshot_that_fails_says_so_and_the_edit_is_still_stored(
        window, workshop_file, tmp_path):
    assert window.open_path(workshop_file)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    schedule = window.session.snapshots
    schedule.store = SnapshotStore(blocker)
    schedule.interval_seconds = 0
    assert window.session.execute(EditDetails("location", "Room 9")) is None
    assert "No snapshot could be kept" in window.statusBar().currentMessage()
    assert stored(workshop_file).details.location == "Room 9"


def test_an_open_snapshot_that_fails_says_so(window, workshop_file, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    window.documents.snapshots = SnapshotStore(blocker)
    assert window.open_path(workshop_file)
    assert "No snapshot could be kept" in window.statusBar().currentMessage()


# -- a damaged file ------------------------------------------------------------------------


@pytest.fixture
def damaged(window, workshop_file) -> tuple[Path, dict, bytes]:
    """A workshop the app snapshotted on an earlier open, since cut to half its size."""
    assert window.open_path(workshop_file)
    content = as_dict(window.session.workshop)
    window.files.release_session()
    assert window.session is None
    data = workshop_file.read_bytes()
    workshop_file.write_bytes(data[: len(data) // 2])
    return workshop_file, content, workshop_file.read_bytes()


def test_a_damaged_file_offers_its_latest_snapshot_and_restores_it_into_a_new_file(
        window, damaged, tmp_path, monkeypatch):
    path, content, damaged_bytes = damaged
    questions: list[str] = []

    def question(_parent, _title, text, *_args):
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    warnings = record_warnings(monkeypatch)
    asked: list = []
    target = tmp_path / "rescued.workshop"
    choose_save_path(monkeypatch, target, asked)
    window.open_path(path)
    assert len(questions) == 1 and "damaged" in questions[0]
    assert "A snapshot of it was kept " in questions[0]
    assert warnings == []
    assert asked and asked[0][0] == "Restore the snapshot as"
    assert window.session is not None and window.session.path == target
    assert not window.session.read_only
    assert as_dict(window.session.workshop) == content
    assert path.read_bytes() == damaged_bytes
    assert window.documents.recent()[0] == str(target.resolve())


def test_the_suggested_name_of_a_restored_file_keeps_the_time(window, damaged, monkeypatch):
    path, _content, _bytes = damaged
    assert len(window.documents.snapshots.latest_for(path).title) > 70  # the demo's title
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    asked: list = []

    def ask(_parent, title, suggested, _filter, _suffix):
        asked.append(suggested)
        return None  # cancelled

    monkeypatch.setattr(file_dialogs, "ask_save_path", ask)
    window.open_path(path)
    stamp = window.documents.snapshots.latest_for(path).taken_at.strftime("%Y-%m-%d %H%M")
    assert "restored" in asked[0].name and stamp in asked[0].name


def test_declining_the_snapshot_leaves_everything_as_it_was(window, damaged, tmp_path,
                                                             monkeypatch):
    path, _content, damaged_bytes = damaged
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.No)
    record_warnings(monkeypatch)
    asked: list = []
    choose_save_path(monkeypatch, tmp_path / "never.workshop", asked)
    files_before = sorted(p.name for p in tmp_path.iterdir())
    snapshots_before = window.documents.snapshots.list_for(path)
    assert not window.open_path(path)
    assert asked == [] and window.session is None
    assert window.pages.currentWidget() is window.welcome
    assert path.read_bytes() == damaged_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before
    assert window.documents.snapshots.list_for(path) == snapshots_before


def test_a_damaged_file_without_snapshots_just_says_it_is_damaged(window, workshop_file,
                                                                   monkeypatch):
    data = workshop_file.read_bytes()
    workshop_file.write_bytes(data[: len(data) // 2])
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: pytest.fail("asked"))
    warnings = record_warnings(monkeypatch)
    assert not window.open_path(workshop_file)
    assert len(warnings) == 1 and "damaged" in warnings[0]


# -- File > Restore Snapshot -------------------------------------------------------------


@pytest.fixture
def two_snapshotted(window, tmp_path, demo_workshop):
    """Two workshops opened in turn (each snapshotted), the second still open."""
    window.documents.snapshots = SnapshotStore(tmp_path / "snapshots")
    paths = []
    for name, title in (("alpha", "Alpha workshop"), ("beta", "Beta workshop")):
        path = tmp_path / f"{name}.workshop"
        write_workshop_file(path, dataclasses.replace(
            demo_workshop, details=dataclasses.replace(demo_workshop.details, title=title)))
        assert window.open_path(path)
        paths.append(path)
    return paths


def titles(dialog: SnapshotsDialog) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, 1)) for row in range(model.rowCount())]


def test_the_restore_action_works_with_no_workshop_open(window):
    assert window.actions.snapshots.isEnabled()
    dialog = SnapshotsDialog(window.documents.snapshots, None, window)
    try:
        assert dialog.only_current.isHidden() and not dialog.only_current.isChecked()
    finally:
        dialog.deleteLater()


def test_the_dialog_lists_snapshots_and_filters_to_the_open_workshop(window, qtbot,
                                                                     two_snapshotted):
    alpha, _beta = two_snapshotted
    dialog = SnapshotsDialog(window.documents.snapshots, window.session.path, window)
    qtbot.addWidget(dialog)
    assert dialog.only_current.isChecked()
    assert titles(dialog) == ["Beta workshop"]
    dialog.only_current.setChecked(False)
    assert titles(dialog) == ["Beta workshop", "Alpha workshop"]  # newest first
    assert [h for h in (dialog.model.headerData(c, Qt.Orientation.Horizontal)
                        for c in range(dialog.model.columnCount()))] == list(HEADERS)
    row = [dialog.model.data(dialog.model.index(1, c)) for c in range(4)]
    assert row[2] == "alpha.workshop" and row[3] == "When it was opened"
    tooltip = dialog.model.data(dialog.model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    assert str(alpha.resolve()) in tooltip
    assert dialog.restore_button.isEnabled() and dialog.empty.isHidden()
    dialog.table.selectRow(1)
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.chosen.source == str(alpha.resolve())


def test_the_dialog_with_nothing_to_restore_disables_restore(window, qtbot, tmp_path):
    dialog = SnapshotsDialog(SnapshotStore(tmp_path / "empty"), tmp_path / "x.workshop",
                             window)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert not dialog.restore_button.isEnabled() and not dialog.empty.isHidden()
    dialog._accept()
    assert dialog.chosen is None and dialog.result() != QDialog.DialogCode.Accepted


def test_file_restore_snapshot_opens_the_restored_file(window, two_snapshotted, tmp_path,
                                                        monkeypatch):
    alpha, beta = two_snapshotted
    window.session.execute(EditDetails("location", "Beta after the snapshot"))
    shown: list[list[str]] = []

    def exec_(dialog):
        shown.append(titles(dialog))
        dialog.only_current.setChecked(False)
        shown.append(titles(dialog))
        dialog.table.selectRow(titles(dialog).index("Alpha workshop"))
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(SnapshotsDialog, "exec", exec_)
    target = tmp_path / "alpha again.workshop"
    choose_save_path(monkeypatch, target)
    snapshot = window.documents.snapshots.latest_for(alpha)
    snapshot_bytes = snapshot.path.read_bytes()
    alpha_bytes = alpha.read_bytes()
    window.actions.snapshots.trigger()
    assert shown == [["Beta workshop"], ["Beta workshop", "Alpha workshop"]]
    assert window.session.path == target
    assert window.session.workshop.details.title == "Alpha workshop"
    assert snapshot.path.read_bytes() == snapshot_bytes
    assert alpha.read_bytes() == alpha_bytes
    assert stored(beta).details.location == "Beta after the snapshot"


def test_cancelling_the_dialog_changes_nothing(window, two_snapshotted, monkeypatch):
    _alpha, beta = two_snapshotted
    monkeypatch.setattr(SnapshotsDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(file_dialogs, "ask_save_path",
                        lambda *_a: pytest.fail("asked for a path"))
    window.actions.snapshots.trigger()
    assert window.session is not None and window.session.path == beta


def test_restoring_a_snapshot_deleted_meanwhile_shows_the_message(window, two_snapshotted,
                                                                   tmp_path, monkeypatch):
    alpha, _beta = two_snapshotted
    snapshot = window.documents.snapshots.latest_for(alpha)
    snapshot.path.unlink()
    warnings = record_warnings(monkeypatch)
    target = tmp_path / "restored.workshop"
    choose_save_path(monkeypatch, target)
    assert not window.files.restore_snapshot(snapshot)
    assert len(warnings) == 1 and "no longer there" in warnings[0]
    assert not target.exists()


# -- the model -----------------------------------------------------------------------------


def test_the_snapshot_model_passes_the_model_tester(window, two_snapshotted):
    model = SnapshotModel(window.documents.snapshots.list_all())
    assert model.rowCount() == 2
    ModelTester(None).check(model)
    model.set_snapshots([])
    ModelTester(None).check(model)
    assert model.snapshot(0) is None and model.snapshot(-1) is None


def test_snapshot_times_read_naturally():
    def at(taken: datetime) -> Snapshot:
        return Snapshot(Path("x.workshop"), taken, "open", "x.workshop", "")

    now = datetime(2027, 3, 9, 16, 0)
    assert snapshot_time(at(datetime(2027, 3, 9, 14, 32)), now) == "today at 14:32"
    assert snapshot_time(at(datetime(2027, 3, 8, 9, 5)), now) == "yesterday at 09:05"
    assert snapshot_time(at(datetime(2027, 2, 1, 16, 40)), now) == "2027-02-01 at 16:40"
    assert at(T0).reason_label == "When it was opened"
    assert Snapshot(Path("x"), T0, "mystery", "", "").reason_label == "mystery"


def test_an_emptied_workshop_file_offers_its_snapshot_too(window, workshop_file, tmp_path,
                                                         monkeypatch):
    """A crash or a sync tool may leave a zero-byte file behind."""
    assert window.open_path(workshop_file)
    content = as_dict(window.session.workshop)
    window.files.release_session()
    workshop_file.write_bytes(b"")
    questions: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *_a: questions.append(text)
                        or QMessageBox.StandardButton.Yes)
    target = tmp_path / "rescued.workshop"
    choose_save_path(monkeypatch, target)
    window.open_path(workshop_file)
    assert "is empty" in questions[0] and "A snapshot of it was kept" in questions[0]
    assert window.session.path == target and as_dict(window.session.workshop) == content


def test_an_old_file_is_not_upgraded_without_its_snapshot(window, tmp_path, demo_workshop):
    old = tmp_path / "old.workshop"
    write_version_1(old, demo_workshop)
    before = old.read_bytes()
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the snapshot folder should be", encoding="utf-8")
    window.documents.snapshots = SnapshotStore(blocker / "snapshots")
    assert window.open_path(old)
    assert window.session.read_only
    notice = window.workspace.notice.text.text()
    assert "older version" in notice and "no snapshot" in notice
    assert old.read_bytes() == before
    assert user_version(old) == 1


def test_a_failed_restore_keeps_the_open_workshop_open(window, workshop_file, tmp_path,
                                                       monkeypatch):
    assert window.open_path(workshop_file)
    snapshot = window.documents.snapshots.latest_for(workshop_file)
    snapshot.path.unlink()
    warnings = record_warnings(monkeypatch)
    choose_save_path(monkeypatch, tmp_path / "restored.workshop")
    assert not window.files.restore_snapshot(snapshot)
    assert warnings and "no longer there" in warnings[0]
    assert window.session is not None and window.session.path == workshop_file

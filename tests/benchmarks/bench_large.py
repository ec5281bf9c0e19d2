"""Large-workshop benchmark (issue 7, "Large workshops stay instant").

Run by hand, not by pytest:

    .venv/bin/python tests/benchmarks/bench_large.py [--runs N] [--seed S] [--profile]

It builds a large workshop (see `large_workshop.py`), writes it as interchange
JSON and as a `.workshop` in a temporary folder, and prints each figure
against a floor measured in the same run (median of N runs), with the goal
of the issue and PASS or FAIL. `--profile` then adds `-X importtime` and
cProfile hot spots of the slow paths. Nothing outside the temporary folder is
written: Qt settings and snapshots go to temporary XDG folders too.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

BARE_WINDOW = """\
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Sourcing Workshop"))
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, lambda: (window.grab(), app.exit(0)))
sys.exit(app.exec())
"""

# The same window after importing the libraries the app is built on (not a goal
# floor: it shows how much of the 3x the libraries alone take).
LIBRARIES_WINDOW = "import qtawesome, sqlite_utils\n" + BARE_WINDOW


# --- helpers -----------------------------------------------------------------------


def p99(values: list[float]) -> float:
    """Nearest-rank 99th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def child_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["QT_API"] = "pyside6"
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env["XDG_DATA_HOME"] = str(folder / "data")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_child(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process.

    `os.wait4` gives the rusage of that child alone (RUSAGE_CHILDREN would be
    the maximum over every child this process ever had).
    """
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=log, stderr=log)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            raise RuntimeError(f"{argv} failed ({process.returncode}):\n{log.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is KiB on Linux


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str, str]] = []
        self.notes: list[str] = []

    def add(self, figure: str, floor: float | None, measured: float, unit: str,
            goal: str, ok: bool | None, ratio: float | None = None) -> None:
        floor_text = "-" if floor is None else f"{floor:.4g} {unit}"
        if ratio is None and floor:
            ratio = measured / floor
        self.rows.append((
            figure, floor_text, f"{measured:.4g} {unit}",
            "-" if ratio is None else f"{ratio:.2f}x", goal,
            "info" if ok is None else ("PASS" if ok else "FAIL"),
        ))

    def ratio(self, figure: str, floor: float, measured: float, unit: str,
              limit: float) -> None:
        self.add(figure, floor, measured, unit, f"<= {limit:g}x", measured / floor <= limit)

    def print(self) -> None:
        head = ("figure", "floor", "measured", "ratio", "goal", "result")
        widths = [max(len(r[i]) for r in [head, *self.rows]) for i in range(len(head))]
        line = "  ".join("-" * w for w in widths)
        print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
        print(line)
        for row in self.rows:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        for note in self.notes:
            print(f"\n{note}")


def revision() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h %s"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain",
                                "desktop_app"], capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "an unknown revision"
    return head[:90] + (" (with local changes in desktop_app/)" if dirty else "")


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- the large workshop --------------------------------------------------------------


def make_files(folder: Path, seed: int):
    """Build, validate and write the large workshop; returns (workshop, json, .workshop)."""
    import large_workshop

    from desktop_app.domain.validation import checked
    from desktop_app.storage import interchange
    from desktop_app.storage.document import WorkshopDocument, write_workshop_file

    workshop = large_workshop.build(seed)
    for name, count in large_workshop.sizes(workshop).items():  # every field checked
        workshop.section(name)[:] = [checked(item) for item in workshop.section(name)]
        assert len(workshop.section(name)) == count
    json_path = folder / "large.json"
    interchange.write_json(json_path, workshop)
    workshop = interchange.read_json(json_path)  # schema, references, fields
    assert interchange.to_dict(workshop) == json.loads(json_path.read_text("utf-8"))
    workshop_path = folder / "large.workshop"
    write_workshop_file(workshop_path, workshop)
    document = WorkshopDocument.open(workshop_path, read_only=True)  # the app's own checks
    try:
        assert interchange.to_dict(document.workshop) == interchange.to_dict(workshop)
    finally:
        document.close()
    return workshop, json_path, workshop_path


# --- figures --------------------------------------------------------------------------


def bench_startup(table: Table, folder: Path, workshop_path: Path, runs: int) -> None:
    env = child_env(folder)
    bare = folder / "bare_window.py"
    bare.write_text(BARE_WINDOW, encoding="utf-8")
    libraries = folder / "libraries_window.py"
    libraries.write_text(LIBRARIES_WINDOW, encoding="utf-8")
    python = sys.executable
    run_child([python, str(bare)], env, folder)  # warm the page cache
    run_child([python, str(libraries)], env, folder)
    run_child([python, "-m", "desktop_app", str(workshop_path), "--smoke"], env, folder)
    floor_t, floor_m, app_t, app_m, lib_t = [], [], [], [], []
    for run in range(runs):
        say(f"  start-up run {run + 1}/{runs}")
        t, m = run_child([python, str(bare)], env, folder)
        floor_t.append(t)
        floor_m.append(m)
        lib_t.append(run_child([python, str(libraries)], env, folder)[0])
        t, m = run_child([python, "-m", "desktop_app", str(workshop_path), "--smoke"], env,
                         folder)
        app_t.append(t)
        app_m.append(m)
    table.ratio("--smoke start-up, large file", median(floor_t), median(app_t), "s", 3)
    table.add("  the bare window after importing PySide6, qtawesome, sqlite-utils",
              median(floor_t), median(lib_t), "s", "(the libraries alone)", None)
    table.ratio("peak memory of that start-up", median(floor_m), median(app_m), "MiB", 3)


def reportlab_floor(workshop, target: Path) -> None:
    """The same values as simple tables: SimpleDocTemplate, Table, default fonts."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from desktop_app.domain.commands import DETAILS, THRESHOLDS
    from desktop_app.domain.model import SECTIONS
    from desktop_app.storage.rows import section_rows

    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=7, leading=8.5)
    width = A4[0] - 40 * mm
    story = []
    for section in (DETAILS, THRESHOLDS, *SECTIONS):
        for table_name, rows in section_rows(workshop, section).items():
            if not rows:
                continue
            columns = list(next(iter(rows.values())))
            data = [[Paragraph(f"<b>{escape(c)}</b>", cell) for c in columns]]
            data += [[Paragraph(escape("" if row[c] is None else str(row[c])), cell)
                      for c in columns] for row in rows.values()]
            story.append(Paragraph(escape(table_name), styles["Heading2"]))
            grid = Table(data, colWidths=[width / len(columns)] * len(columns), repeatRows=1)
            grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                                      ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [grid, Spacer(1, 6 * mm)]
    SimpleDocTemplate(str(target), pagesize=A4).build(story)


def reportlab_plain_floor(workshop, target: Path) -> None:
    """The same rows as tables of plain strings: no Paragraphs, so no wrapping."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    from desktop_app.domain.commands import DETAILS, THRESHOLDS
    from desktop_app.domain.model import SECTIONS
    from desktop_app.storage.rows import section_rows

    heading = getSampleStyleSheet()["Heading2"]
    story = []
    for section in (DETAILS, THRESHOLDS, *SECTIONS):
        for table_name, rows in section_rows(workshop, section).items():
            if rows:
                columns = list(next(iter(rows.values())))
                data = [columns] + [["" if row[c] is None else str(row[c]) for c in columns]
                                    for row in rows.values()]
                story += [Paragraph(table_name, heading), Table(data, repeatRows=1),
                          Spacer(1, 6 * mm)]
    SimpleDocTemplate(str(target), pagesize=A4).build(story)


def bench_export(table: Table, folder: Path, workshop, workshop_path: Path,
                 runs: int) -> None:
    from desktop_app.export.minutes import build_minutes

    out, floor_out = folder / "minutes.pdf", folder / "floor.pdf"
    build_minutes(workshop, out)  # warm-up: fonts registered, modules imported
    reportlab_floor(workshop, floor_out)
    reportlab_plain_floor(workshop, floor_out)
    floor, plain, measured = [], [], []
    for run in range(runs):
        say(f"  export run {run + 1}/{runs}")
        floor.append(timed(lambda: reportlab_floor(workshop, floor_out)))
        plain.append(timed(lambda: reportlab_plain_floor(workshop, floor_out)))
        measured.append(timed(lambda: build_minutes(workshop, out)))
    table.ratio("--export PDF (build_minutes)", median(floor), median(measured), "s", 1.5)
    table.add("  same, against plain-string cells (no wrap)", median(plain), median(measured),
              "s", "(1.5x)", None)
    cli, _mem = run_child([sys.executable, "-m", "desktop_app", str(workshop_path), "--export",
                           str(folder / "cli.pdf")], child_env(folder), folder)
    table.add("  same, CLI subprocess wall time (1 run)", None, cli, "s", "-", None)


def bench_import(table: Table, folder: Path, workshop, json_path: Path, runs: int) -> None:
    from sqlite_utils import Database

    from desktop_app.domain.commands import DETAILS, THRESHOLDS
    from desktop_app.domain.model import SECTIONS
    from desktop_app.storage import interchange
    from desktop_app.storage.document import write_workshop_file
    from desktop_app.storage.rows import section_rows

    tables = [(name, list(rows.values()))
              for section in (DETAILS, THRESHOLDS, *SECTIONS)
              for name, rows in section_rows(workshop, section).items() if rows]

    def floor_once(target: Path) -> None:
        db = Database(target)
        for name, rows in tables:
            db[name].insert_all(rows)
        db.close()

    def app_once(target: Path) -> None:
        write_workshop_file(target, interchange.read_json(json_path))

    floor, measured = [], []
    for run in range(runs + 1):  # the first is a warm-up
        floor_target, app_target = folder / f"floor{run}.db", folder / f"import{run}.workshop"
        f, m = timed(lambda t=floor_target: floor_once(t)), timed(lambda t=app_target: app_once(t))
        if run:
            floor.append(f)
            measured.append(m)
        floor_target.unlink()
        app_target.unlink()
    table.ratio("import JSON -> .workshop", median(floor), median(measured), "s", 3)


def bench_edit_and_health(table: Table, folder: Path, workshop_path: Path, runs: int,
                          edits: int) -> None:
    from desktop_app.domain import health
    from desktop_app.domain.commands import EditField
    from desktop_app.storage.document import WorkshopDocument

    app_copy, floor_copy = folder / "edit.workshop", folder / "floor-edit.workshop"
    floor_p99, app_p99, checks = [], [], []
    for run in range(runs):
        say(f"  edit run {run + 1}/{runs}")
        shutil.copyfile(workshop_path, app_copy)
        shutil.copyfile(workshop_path, floor_copy)
        conn = sqlite3.connect(floor_copy, isolation_level=None)
        for pragma in ("trusted_schema = OFF", "journal_mode = DELETE", "synchronous = EXTRA",
                       "foreign_keys = ON"):
            conn.execute(f"PRAGMA {pragma}")
        document = WorkshopDocument.open(app_copy)
        ids = [f.id for f in document.workshop.functions]
        document.apply(EditField("functions", ids[0], "name", "warm-up"))  # records the writer
        floor_times, app_times = [], []
        for i in range(edits):
            fid, name = ids[i % len(ids)], f"Renamed function {run}.{i}"
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE functions SET name = ? WHERE id = ?", [name, fid])
            conn.execute("COMMIT")
            floor_times.append(time.perf_counter() - start)
            command = EditField("functions", fid, "name", name)
            app_times.append(timed(lambda c=command, d=document: d.apply(c)))
            if i % 4 == 0:  # the health check the window runs a moment after the edit
                checks.append(timed(lambda w=document.workshop: health.check(w)))
        document.close()
        conn.close()
        floor_p99.append(p99(floor_times))
        app_p99.append(p99(app_times))
    table.ratio(f"one edit stored, p99 of {edits}", median(floor_p99) * 1000,
                median(app_p99) * 1000, "ms", 3)
    table.add("health check after an edit, median", None, median(checks) * 1000, "ms",
              "< 20 ms", median(checks) < 0.020)
    table.add("health check after an edit, p99", None, p99(checks) * 1000, "ms",
              "< 20 ms", p99(checks) < 0.020)


def bench_gui(table: Table, folder: Path, workshop_path: Path, runs: int) -> None:
    """Stage switching and the UI-thread probe, in a child process with Qt."""
    copy = folder / "gui.workshop"
    shutil.copyfile(workshop_path, copy)
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--gui-child", str(copy),
         "--runs", str(runs)],
        env=child_env(folder), cwd=folder, capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the GUI part failed:\n{result.stderr}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    table.add("open the large file in the window (in-process)", None, data["open"], "s", "-",
              None)
    first, repeat = data["first_visit"], data["repeat_visit"]
    for label, values in (("first visit", first), ("later visits, median", repeat)):
        worst = max(values, key=values.get)
        table.add(f"stage switch, worst stage, {label} ({worst})", None,
                  values[worst] * 1000, "ms", "< 100 ms", values[worst] < 0.100)
    for key, label in (("edit", "UI blocked: edit via session"),
                       ("health", "UI blocked: health monitor recompute"),
                       ("export", "UI blocked: minutes export (worker)")):
        gap = median(data["gaps"][key]) * 1000
        table.add(f"{label}, max timer gap", None, gap, "ms", "<= 50 ms", gap <= 50)
    table.notes.append("stage switch (ms), first visit / later visits: " + ", ".join(
        f"{s} {first[s] * 1000:.0f}/{repeat[s] * 1000:.0f}" for s in first))
    table.notes.append("UI blocked (ms) per run: " + "; ".join(
        f"{key} " + " ".join(f"{g * 1000:.0f}" for g in values)
        for key, values in data["gaps"].items()))


# --- the GUI child ----------------------------------------------------------------------


def gui_child(path: Path, runs: int) -> None:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.domain import health
    from desktop_app.domain.commands import EditField
    from desktop_app.domain.stages import STAGES
    from desktop_app.ui.application import make_application
    from desktop_app.ui.main_window import MainWindow

    app = make_application([sys.argv[0]])
    settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    opened = timed(lambda: (window.open_path(path), QApplication.processEvents()))
    assert window.session is not None and window.workspace is not None
    workspace, session = window.workspace, window.session

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    spin(300)
    order = [info.stage for info in STAGES[1:]] + [STAGES[0].stage]
    visits: dict[str, list[float]] = {s.value: [] for s in order}
    for _ in range(runs + 1):  # the first pass is each stage's first visit
        for stage in order:
            visits[stage.value].append(timed(
                lambda s=stage: (workspace.show_stage(s), QApplication.processEvents())))
            spin(20)

    # The probe: a 10 ms timer; the largest gap between its ticks is the
    # longest the UI thread was blocked.
    ticks: list[float] = []
    probe = QTimer(interval=10)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    checks: list[float] = []  # start of every whole health check on the UI thread
    real_check = health.check

    def recording_check(workshop, codes=None):
        if codes is None and threading.current_thread() is threading.main_thread():
            checks.append(time.perf_counter())
        return real_check(workshop, codes)

    health.check = recording_check

    def blocked(start: float, end: float, floor: float | None = None,
                cap: float | None = None) -> float:
        """The longest gap between ticks around [start, end]: from the last tick
        before `start` (or `floor`, if later) to the first tick after `end` (or
        `cap`, if earlier)."""
        before = [t for t in ticks if t < start][-1:] or [start]
        after = [t for t in ticks if t > end][:1] or [end]
        first = before[0] if floor is None else max(before[0], floor)
        last = after[0] if cap is None else min(after[0], cap)
        points = [first, *(t for t in ticks if start <= t <= end), last]
        return max(b - a for a, b in itertools.pairwise(points))

    def wait_for(condition: Callable[[], bool], seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while not condition() and time.perf_counter() < deadline:
            spin(20)
        assert condition(), "timed out"

    recomputed: list[float] = []  # end of each recompute, after the window's own slots
    workspace.monitor.updated.connect(lambda _f: recomputed.append(time.perf_counter()))
    gaps: dict[str, list[float]] = {"edit": [], "health": [], "export": []}
    ids = [f.id for f in session.workshop.functions]
    workspace.show_stage(STAGES[1].stage)  # the functions stage, where the edit shows
    probe.start()
    for run in range(runs):
        spin(100)
        ticks.clear()
        checks.clear()
        recomputed.clear()
        spin(100)
        marks: dict[str, float] = {}

        def edit(run=run, marks=marks) -> None:
            marks["start"] = time.perf_counter()
            refused = session.execute(EditField("functions", ids[run], "name",
                                                f"Probe edit {run}"))
            assert refused is None, refused
            marks["end"] = time.perf_counter()

        QTimer.singleShot(0, edit)
        wait_for(lambda: bool(recomputed), 120)
        spin(400)
        edit_start, edit_end = marks["start"], marks["end"]
        recompute_start = next(t for t in checks if t > edit_end)
        gaps["edit"].append(blocked(edit_start, recompute_start, cap=recompute_start))
        gaps["health"].append(blocked(recompute_start, recomputed[0] + 0.3, floor=edit_end))
    window.minutes.ask_to_open = False
    done: list[float] = []
    window.minutes.done.connect(lambda _report: done.append(time.perf_counter()))
    for run in range(min(runs, 3)):  # each export takes seconds
        spin(100)
        ticks.clear()
        done.clear()
        spin(100)
        start = time.perf_counter()
        window.minutes.start(session.workshop, path.with_name(f"probe{run}.pdf"))
        wait_for(lambda: bool(done), 120)
        spin(100)
        gaps["export"].append(blocked(start, done[0] + 0.1))
    probe.stop()
    health.check = real_check
    session.close()
    window.session = None
    window.documents.cleanup()
    print(json.dumps({
        "open": opened,
        "first_visit": {s: v[0] for s, v in visits.items()},
        "repeat_visit": {s: median(v[1:]) for s, v in visits.items()},
        "gaps": gaps,
    }))
    app.exit(0)


# --- profiles -----------------------------------------------------------------------------


def profile(folder: Path, workshop, workshop_path: Path) -> None:
    import cProfile
    import pstats

    env = child_env(folder)
    print("\n== -X importtime of --smoke on the large file: top 15 cumulative (ms) ==")
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "desktop_app",
                             str(workshop_path), "--smoke"], env=env, cwd=folder,
                            capture_output=True, text=True)
    entries = []
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _self, cumulative, name = line[len("import time:"):].split("|")
            entries.append((int(cumulative), len(name) - len(name.lstrip()), name.strip()))
    for cumulative, _depth, name in sorted(entries, reverse=True)[:15]:
        print(f"{cumulative / 1000:9.1f}  {name}")
    top = [e for e in entries if e[1] == 1]
    print(f"  (sum of top-level imports: {sum(e[0] for e in top) / 1000:.0f} ms)")

    stats_path = folder / "smoke.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats_path), "-m",
                    "desktop_app", str(workshop_path), "--smoke"], env=env, cwd=folder,
                   capture_output=True, check=True)
    print("\n== cProfile of --smoke on the large file: top 25 cumulative ==")
    pstats.Stats(str(stats_path)).sort_stats("cumulative").print_stats(25)
    print("== same, top 20 by own time ==")
    pstats.Stats(str(stats_path)).sort_stats("tottime").print_stats(20)

    from desktop_app.export.minutes import build_minutes

    profiler = cProfile.Profile()
    profiler.runcall(build_minutes, workshop, folder / "profiled.pdf")
    print("== cProfile of build_minutes on the large workshop: top 25 cumulative ==")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


# --- main ----------------------------------------------------------------------------------


FIGURES = ("startup", "export", "import", "edits", "window")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--edits", type=int, default=200, help="edits per run for the p99")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true",
                        help="also print import times and cProfile hot spots")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--only", choices=sorted(FIGURES), action="append",
                        help="measure only these figures (repeatable), e.g. --only startup")
    parser.add_argument("--gui-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    wanted = set(args.only or FIGURES)
    if args.gui_child:
        gui_child(args.gui_child, args.runs)
        return 0

    folder = Path(tempfile.mkdtemp(prefix="sw-bench-large-"))
    # Any Qt or snapshot folder this process or its children touch stays in here.
    os.environ.update({k: v for k, v in child_env(folder).items() if k.startswith("XDG_")})
    began = time.perf_counter()
    try:
        say(f"building the large workshop in {folder}")
        workshop, json_path, workshop_path = make_files(folder, args.seed)
        import large_workshop

        sizes = large_workshop.sizes(workshop)
        table = Table()
        if "startup" in wanted:
            say("start-up (subprocesses)")
            bench_startup(table, folder, workshop_path, args.runs)
        if "export" in wanted:
            say("PDF export")
            bench_export(table, folder, workshop, workshop_path, args.runs)
        if "import" in wanted:
            say("import")
            bench_import(table, folder, workshop, json_path, args.runs)
        if "edits" in wanted:
            say("edits and health check")
            bench_edit_and_health(table, folder, workshop_path, args.runs, args.edits)
        if "window" in wanted:
            say("window: stage switching and UI probe")
            bench_gui(table, folder, workshop_path, args.runs)
        print(f"\nSourcing Workshop at {revision()}")
        print(f"Large workshop (seed {args.seed}): "
              + ", ".join(f"{n} {name}" for name, n in sizes.items()))
        print(f"JSON {json_path.stat().st_size / 1e6:.2f} MB, .workshop "
              f"{workshop_path.stat().st_size / 1e6:.2f} MB; median of {args.runs} runs; "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
        table.print()
        print(f"\n(total {time.perf_counter() - began:.0f} s)")
        if args.profile:
            profile(folder, workshop, workshop_path)
    finally:
        if args.keep:
            say(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The largest files the app accepts, checked in seconds (issue 26).

Run by hand, not by pytest:

    .venv/bin/python tests/benchmarks/bench_big_files.py

Builds, in a temporary folder, files just under the size limits: an
interchange JSON of actions, the same with one bad value in its last action, a
wave that lists one function over and over, and a `.workshop` of actions with
one bad value in its last row. Each is given to `--check` in a process of its
own; the script prints its wall time and peak memory beside `json.load` of the
same file (the floor: reading the bytes as JSON and nothing else), and PASS or
FAIL against the goal: under 10 s and under 300 MB on a 2-core laptop.

The limits were lowered from 64 MB to 16 MB to meet the goal: checking is
dominated by jsonschema (about 70 % of the time), which costs about 0.3 s per
MB of actions here; a large workshop is about 1 MB.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO))

from desktop_app.storage.document import MAX_WORKSHOP_BYTES  # noqa: E402
from desktop_app.storage.interchange import MAX_JSON_BYTES  # noqa: E402

GOAL_SECONDS, GOAL_MB = 10.0, 300.0
DEMO = REPO / "resources" / "demo" / "demo-workshop.json"


def timed(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of a child process."""
    start = os.times()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = os.times().elapsed - start.elapsed
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def actions_document(limit: int, bad_last: bool) -> bytes:
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    template = document["actions"][0]

    def action(i: int) -> dict:
        return dict(template, id=f"a{i}", text=f"Action {i}: a sentence of the length "
                                               "people type into the log")

    base = len(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    one = len(json.dumps(action(999_999), ensure_ascii=False).encode("utf-8")) + 2
    document["actions"] = [action(i) for i in range((limit - base) * 98 // 100 // one)]
    if bad_last:
        document["actions"][-1]["status"] = "not-a-status"
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    assert len(data) <= limit, (len(data), limit)
    return data


def repeated_wave(limit: int) -> bytes:
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    document["waves"][0]["functions"] = ["f1"] * (int(limit * 0.95) // 6)
    data = json.dumps(document).encode("utf-8")
    assert len(data) <= limit
    return data


def big_workshop(folder: Path, source: Path) -> Path:
    """A .workshop just under its limit, its last action's status not one of the app's."""
    path = folder / "big.workshop"
    subprocess.run([sys.executable, "-m", "desktop_app", str(source), "--export", str(path)],
                   check=True, cwd=REPO)
    with sqlite3.connect(path) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(actions)")]
        copy = 0
        while path.stat().st_size < MAX_WORKSHOP_BYTES * 0.85:  # more rows, as the app keeps them
            copy += 1
            values = ", ".join(f"id || '-{copy}'" if c == "id" else
                               "position + (SELECT max(position) + 1 FROM actions)"
                               if c == "position" else c for c in columns)
            conn.execute(f"INSERT INTO actions ({', '.join(columns)}) SELECT {values} "
                         "FROM actions WHERE id NOT LIKE '%-%' LIMIT 5000")
            conn.commit()
        conn.execute("UPDATE actions SET status = 'not-a-status' WHERE rowid = "
                     "(SELECT max(rowid) FROM actions)")
    conn.close()
    assert path.stat().st_size <= MAX_WORKSHOP_BYTES
    return path


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sw-big-") as name:
        folder = Path(name)
        cases: list[tuple[str, Path]] = []
        for label, data in (("JSON of actions", actions_document(MAX_JSON_BYTES, False)),
                            ("JSON, bad last value", actions_document(MAX_JSON_BYTES, True)),
                            ("wave repeating a function", repeated_wave(MAX_JSON_BYTES))):
            path = folder / f"{len(cases)}.json"
            path.write_bytes(data)
            cases.append((label, path))
        source = folder / "for-workshop.json"
        source.write_bytes(actions_document(MAX_JSON_BYTES // 2, False))
        cases.append((".workshop, bad last value", big_workshop(folder, source)))
        print(f"{'file':28} {'MB':>6} {'check s':>8} {'MB peak':>8} {'json.load s':>12} "
              f"{'ratio':>6}  goal")
        failed = False
        for label, path in cases:
            seconds, peak, status = timed([sys.executable, "-m", "desktop_app", str(path),
                                           "--check"])
            if path.suffix == ".json":
                floor, _peak, _ = timed([sys.executable, "-c", "import json, sys; "
                                         "json.load(open(sys.argv[1], encoding='utf-8'))",
                                         str(path)])
            else:
                floor = float("nan")
            ok = seconds < GOAL_SECONDS and peak < GOAL_MB and status in (1, 2)
            failed |= not ok
            print(f"{label:28} {path.stat().st_size / 2**20:6.1f} {seconds:8.2f} {peak:8.0f} "
                  f"{floor:12.2f} {seconds / floor:6.1f}  {'PASS' if ok else 'FAIL'}"
                  f" (exit {status})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

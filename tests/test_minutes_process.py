"""The window builds the minutes in a child process: it reports progress, ends
with one message, leaves no file when cancelled or failed, and a child that
dies is reported instead of waited on forever."""

from __future__ import annotations

import time

from pypdf import PdfReader

from desktop_app.export.minutes_process import MinutesJob


def run(job: MinutesJob) -> list[tuple]:
    job.start()
    return list(job.events())


def test_the_child_builds_the_minutes_and_reports_progress(demo_workshop, tmp_path):
    target = tmp_path / "minutes.pdf"
    messages = run(MinutesJob(demo_workshop, target))
    *progress, (kind, report) = messages
    assert kind == "finished"
    assert progress and all(m[0] == "progress" for m in progress)
    done = [m[1] for m in progress]
    assert done == sorted(done) and progress[-1][1] == progress[-1][2]
    assert report.pages == len(PdfReader(target).pages) > 3
    assert demo_workshop.details.title in PdfReader(target).pages[0].extract_text()


def test_cancelling_stops_the_child_and_leaves_no_file(demo_workshop, tmp_path):
    target = tmp_path / "minutes.pdf"
    job = MinutesJob(demo_workshop, target)
    job.cancel()  # before its first check
    assert run(job)[-1] == ("cancelled",)
    assert list(tmp_path.iterdir()) == []
    assert job.process.exitcode == 0


def test_an_unwritable_target_is_a_message(demo_workshop, tmp_path):
    messages = run(MinutesJob(demo_workshop, tmp_path / "gone" / "minutes.pdf"))
    kind, text = messages[-1]
    assert kind == "failed" and "gone" in text
    assert not (tmp_path / "gone").exists()


def test_a_child_that_dies_is_reported(demo_workshop, tmp_path):
    job = MinutesJob(demo_workshop, tmp_path / "minutes.pdf")
    job.start()
    job.process.kill()
    started = time.monotonic()
    kind, text = list(job.events())[-1]
    assert kind == "failed"
    assert "stopped unexpectedly" in text and "exit code -9" in text
    assert time.monotonic() - started < 5
    assert not (tmp_path / "minutes.pdf").exists()


def test_the_pdf_library_never_loads_in_the_window_s_process(tmp_path):
    """The report comes back without reportlab: the window stays light."""
    import json
    import subprocess
    import sys

    code = ("import json, sys\n"
            "from pathlib import Path\n"
            "from desktop_app.export.minutes_process import MinutesJob\n"
            "from desktop_app.storage import interchange\n"
            "from desktop_app.files.paths import demo_json_path\n"
            "if __name__ == '__main__':\n"
            "    job = MinutesJob(interchange.read_json(demo_json_path()), Path(sys.argv[1]))\n"
            "    job.start()\n"
            "    kind, report = list(job.events())[-1]\n"
            "    print(json.dumps([kind, report.pages, 'reportlab' in sys.modules]))\n")
    script = tmp_path / "window_side.py"
    script.write_text(code, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "m.pdf")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    kind, pages, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert kind == "finished" and pages > 3
    assert loaded is False

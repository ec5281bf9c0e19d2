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

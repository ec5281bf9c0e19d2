"""The command line, run as a user runs it: a real subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import __version__
from desktop_app.domain.stages import STAGES
from desktop_app.storage import interchange
from desktop_app.storage.document import WorkshopDocument

DEMO_CODES = {
    "undecided", "vendor-capacity", "black-box", "one-team", "metrics-exemption", "pace",
    "retained-owner", "business-case", "hidden-cost",
}


def cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *map(str, args)],
        capture_output=True, text=True, timeout=120, cwd=cwd, env=env,
    )


def assert_usage_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_version() -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"sourcing-workshop {__version__}"


def test_help_lists_every_option() -> None:
    result = cli("--help")
    assert result.returncode == 0
    for option in ("--demo", "--export", "--check", "--json", "--smoke", "--version"):
        assert option in result.stdout


def test_check_on_demo_prints_one_line_per_finding_starting_with_the_code() -> None:
    result = cli("--demo", "--check")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert {line.split("\t")[0] for line in lines} == DEMO_CODES
    assert all(line.split("\t")[1] in ("high", "medium", "low") for line in lines)


def test_check_json_gives_objects_with_code_severity_message_and_item() -> None:
    result = cli("--demo", "--check", "--json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert {f["code"] for f in findings} == DEMO_CODES
    for finding in findings:
        assert finding["message"]
        assert finding["severity"] in ("high", "medium", "low")
        assert {"section", "id", "name"} <= finding["item"].keys()


def test_check_without_findings_exits_zero(tmp_path, example_json) -> None:
    source = tmp_path / "example.json"
    source.write_text(example_json, encoding="utf-8")
    result = cli(source, "--check")
    assert (result.returncode, result.stdout) == (0, "")
    result = cli(source, "--check", "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_export_between_formats_keeps_everything(tmp_path, demo_workshop) -> None:
    as_workshop = tmp_path / "demo.workshop"
    as_json = tmp_path / "back.json"
    assert cli("--demo", "--export", as_workshop).returncode == 0
    assert cli(as_workshop, "--export", as_json).returncode == 0
    assert json.loads(as_json.read_text(encoding="utf-8")) == interchange.to_dict(demo_workshop)
    again = tmp_path / "again.workshop"
    assert cli(as_json, "--export", again).returncode == 0
    document = WorkshopDocument.open(again)
    try:
        assert interchange.to_dict(document.workshop) == interchange.to_dict(demo_workshop)
    finally:
        document.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.workshop", "back.json",
                                                            "demo.workshop"]


def test_demo_original_is_never_changed(demo_json_path) -> None:
    before = demo_json_path.read_bytes()
    assert cli("--smoke").returncode == 0
    assert cli("--demo", "--check").returncode == 1
    assert demo_json_path.read_bytes() == before


def test_export_does_not_touch_its_input(tmp_path, workshop_file) -> None:
    before = workshop_file.read_bytes()
    assert cli(workshop_file, "--export", tmp_path / "out.json").returncode == 0
    assert workshop_file.read_bytes() == before


def test_self_test_shows_every_stage_and_exports_through_the_window(workshop_file) -> None:
    result = cli(workshop_file, "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert sum(line.startswith("self-test: shown stage") for line in lines) == len(STAGES)
    assert lines[-1].startswith("self-test: PASS minutes exported")
    assert "Traceback" not in result.stderr


def test_smoke_paints_the_window_and_exits_zero(workshop_file) -> None:
    result = cli(workshop_file, "--smoke")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["missing.workshop", "--check"], ["missing.workshop", "no such file"]),
        (["missing.workshop", "--smoke"], ["missing.workshop", "does not exist"]),
        (["--bogus"], ["--bogus"]),
        (["notes.txt", "--check"], ["notes.txt"]),
        (["--demo", "--json"], ["--json"]),
        (["--check"], ["INPUT"]),
        (["--demo", "--export", "out.txt"], ["out.txt", ".pdf"]),
        (["--demo", "--export", "out.docx"], ["out.docx"]),
        (["--demo", "--smoke", "--check"], ["--smoke"]),
    ],
)
def test_bad_options_give_exit_2_and_one_line(tmp_path, args, words) -> None:
    result = cli(*args, cwd=tmp_path)
    assert_usage_error(result, *words)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"just some notes\n", ["not a workshop file"]),
        (b"", ["empty"]),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), ["not a workshop file"]),
    ],
)
def test_bad_workshop_files_are_refused_and_left_alone(tmp_path, content, words) -> None:
    bad = tmp_path / "bad.workshop"
    bad.write_bytes(content)
    result = cli(bad, "--export", tmp_path / "out.json")
    assert_usage_error(result, *words)
    assert bad.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.workshop"]


def test_another_programs_database_is_refused(tmp_path) -> None:
    other = tmp_path / "other.workshop"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    before = other.read_bytes()
    assert_usage_error(cli(other, "--check"), "another program")
    assert other.read_bytes() == before


def test_invalid_json_names_section_item_and_field(tmp_path, example_json) -> None:
    document = json.loads(example_json)
    document["functions"][1]["strategic_importance"] = 9
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    assert_usage_error(cli(bad, "--check"), "functions", "f2", "strategic_importance")


def test_unwritable_export_target_gives_exit_2(tmp_path) -> None:
    result = cli("--demo", "--export", tmp_path / "no-such-folder" / "out.json")
    assert_usage_error(result, "no-such-folder")


def test_export_over_the_input_is_refused(workshop_file) -> None:
    before = workshop_file.read_bytes()
    assert_usage_error(cli(workshop_file, "--export", workshop_file), "input")
    assert workshop_file.read_bytes() == before


def test_a_number_too_long_to_read_is_a_clear_error(tmp_path) -> None:
    source = tmp_path / "long.json"
    source.write_text(
        '{"format": "sourcing-workshop", "format_version": 1, "workshop": {"title": "x"},'
        ' "functions": [{"id": "f1", "name": "a", "votes": ' + "9" * 5000 + "}]}",
        encoding="utf-8",
    )
    assert_usage_error(cli(source, "--check"), "cannot be read")


def test_bad_input_for_a_smoke_run_says_why_in_one_line(tmp_path) -> None:
    """Without --smoke the window explains it in a message box (test_gui_desktop)."""
    bad = tmp_path / "notes.workshop"
    bad.write_text("not a workshop", encoding="utf-8")
    for path, word in ((bad, "not a workshop file"), (tmp_path / "gone.workshop", "not exist")):
        assert_usage_error(cli(path, "--smoke"), word)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert_usage_error(cli(folder, "--check"), "folder")


def test_a_workshop_without_its_suffix_is_read_by_its_content(tmp_path, workshop_file) -> None:
    renamed = tmp_path / "notes"
    renamed.write_bytes(workshop_file.read_bytes())
    result = cli(renamed, "--check")
    assert result.returncode == 1 and "Traceback" not in result.stderr  # it has findings
    assert result.stdout.strip()
    assert cli(renamed, "--smoke").returncode == 0


def test_export_minutes_and_actions(tmp_path) -> None:
    from pypdf import PdfReader

    pdf = tmp_path / "minutes.pdf"
    result = cli("--demo", "--export", pdf)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(pdf)
    assert len(reader.pages) > 3
    assert "Brandt-Halvorsen" in reader.pages[0].extract_text()
    csv_file = tmp_path / "actions.csv"
    assert cli("--demo", "--export", csv_file).returncode == 0
    lines = csv_file.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 11  # header + the demo's 10 actions


def test_unwritable_pdf_target_gives_exit_2_and_no_file(tmp_path) -> None:
    target = tmp_path / "missing-folder" / "minutes.pdf"
    assert_usage_error(cli("--demo", "--export", target), "missing-folder")
    assert not target.parent.exists()


def test_characters_no_font_draws_are_named_on_stderr(tmp_path, example_json) -> None:
    document = json.loads(example_json)
    document["workshop"]["scope"] = "Private use \ue000 character"
    source = tmp_path / "odd.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    result = cli(source, "--export", tmp_path / "odd.pdf")
    assert result.returncode == 0, result.stderr
    assert "U+E000" in result.stderr and "warning" in result.stderr


def test_a_smoke_run_on_a_damaged_or_invalid_file_says_why_without_waiting(
        tmp_path, workshop_file) -> None:
    """The window opens the file (once); with nobody to answer a dialog, the
    reason goes to stderr and the run ends with status 2."""
    data = workshop_file.read_bytes()
    workshop_file.write_bytes(data[: len(data) // 2])
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"format": "sourcing-workshop", "format_version": 1}', encoding="utf-8")
    for path, word in ((workshop_file, "damaged"), (bad_json, "workshop")):
        result = cli(path, "--smoke")
        assert result.returncode == 2
        assert word in result.stderr and "Traceback" not in result.stderr


def test_a_pipe_or_device_named_json_is_refused_at_once(tmp_path) -> None:
    import os

    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    device = tmp_path / "zero.json"
    device.symlink_to("/dev/zero")
    for path in (fifo, device):
        for extra in ("--check", "--smoke"):
            assert_usage_error(cli(path, extra), "not a regular file")


# --- issue 13: links that loop, closed pipes, the follow-up's name --------------------


@pytest.fixture
def links(tmp_path) -> dict[str, Path]:
    """A link to itself, two links to each other, and a link to nothing."""
    own = tmp_path / "self.workshop"
    own.symlink_to(own.name)
    first, second = tmp_path / "a.workshop", tmp_path / "b.workshop"
    first.symlink_to(second.name)
    second.symlink_to(first.name)
    dangling = tmp_path / "dangling.workshop"
    dangling.symlink_to("gone.workshop")
    return {"self": own, "pair": first, "dangling": dangling}


@pytest.mark.parametrize("kind", ["self", "pair", "dangling"])
@pytest.mark.parametrize("mode", [["--check"], ["--export", "out.pdf"], ["--smoke"],
                                  ["--follow-up", "next"]])
def test_a_symlink_that_loops_or_dangles_is_one_clear_line(links, kind, mode, tmp_path):
    result = cli(links[kind], *mode, cwd=tmp_path)
    words = "points to itself (a loop)" if kind != "dangling" else "which does not exist"
    assert_usage_error(result, words, "Fix or remove the link")
    assert not (tmp_path / "out.pdf").exists() and not (tmp_path / "next.workshop").exists()


def test_an_export_or_follow_up_over_a_looping_link_is_not_a_traceback(links, tmp_path):
    for option in ("--export", "--follow-up"):
        result = cli("--demo", option, links["pair"], cwd=tmp_path)
        assert "Traceback" not in result.stderr
        assert result.returncode in (0, 2), result.stderr


def test_a_reader_that_stops_early_ends_the_check_quietly(tmp_path) -> None:
    """`--check | head -1`: the pipe closes before everything is written."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for options in (["--check"], ["--check", "--json"], ["--follow-up", "next"]):
        read_end, write_end = os.pipe()
        os.close(read_end)  # the reader is gone before the first line
        try:
            result = subprocess.run([sys.executable, "-m", "desktop_app", "--demo", *options],
                                    stdout=write_end, stderr=subprocess.PIPE, text=True,
                                    timeout=60, env=env, cwd=tmp_path)
        finally:
            os.close(write_end)
        assert result.stderr == "", result.stderr
        assert result.returncode == (0 if "--follow-up" in options else 1)


def test_check_piped_into_head_exits_with_the_findings_status(tmp_path) -> None:
    shell = (f"{sys.executable} -m desktop_app --demo --check | head -1; "
             "echo status=${PIPESTATUS[0]}")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == "status=1"


@pytest.mark.parametrize(("given", "created"), [("june", "june.workshop"),
                                                 ("june.workshop", "june.workshop"),
                                                 ("june.v2", "june.v2.workshop")])
def test_follow_up_adds_the_workshop_suffix_as_the_help_says(tmp_path, given, created):
    result = cli("--demo", "--follow-up", given, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [created]
    assert f"Created {created}" in result.stdout
    again = cli("--demo", "--follow-up", given, cwd=tmp_path)
    assert_usage_error(again, "already exists")


@pytest.mark.parametrize("given", ["june.json", "june.pdf", "june.csv"])
def test_follow_up_to_another_format_is_refused(tmp_path, given):
    assert_usage_error(cli("--demo", "--follow-up", given, cwd=tmp_path), ".workshop")
    assert list(tmp_path.iterdir()) == []


def test_closed_stdout_and_an_empty_follow_up_name_are_not_tracebacks(tmp_path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    closed = subprocess.run(f"{sys.executable} -m desktop_app --demo --check >&-",
                            shell=True, capture_output=True, text=True, timeout=60, env=env)
    assert closed.returncode == 1 and closed.stderr == ""
    assert_usage_error(cli("--demo", "--follow-up", "", cwd=tmp_path), "give the follow-up")


def test_check_explains_what_the_business_case_had_to_assume(tmp_path) -> None:
    """A wave without dates, and a horizon shorter than the transition: named by
    --check, as the stage names them (issue 24)."""
    document = json.loads(interchange.dumps(interchange.read_json(
        Path(__file__).resolve().parent.parent / "resources/demo/demo-workshop.json")))
    document["waves"][0]["start"] = None
    document["workshop"]["horizon_years"] = 1
    document["waves"][2]["end"] = "2028-06-30"
    source = tmp_path / "timing.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    result = cli(source, "--check")
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("business-case")]
    text = "\n".join(lines)
    assert "has no dates: its one-off cost is counted in the start month" in text
    assert "The 1 year horizon ends before Wave 3" in text


def test_a_file_with_fractions_of_a_yen_is_refused_with_the_item_named(tmp_path) -> None:
    document = json.loads(interchange.dumps(interchange.read_json(
        Path(__file__).resolve().parent.parent / "resources/demo/demo-workshop.json")))
    document["workshop"]["currency"] = "JPY"
    document["roles"][0]["annual_cost"] = 40_000.5
    source = tmp_path / "yen.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    result = cli(source, "--check")
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "JPY has no minor unit" in result.stderr
    assert document["roles"][0]["role"] in result.stderr

"""Composition root: parse the command line, open the document, run.

Headless work (`--export`, `--check`) never imports Qt, so it runs on a
server or in CI without a display. Exit status: 0 success, 1 health findings
(with --check), 2 bad input or a bad option (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from desktop_app import APP_NAME, __version__
from desktop_app.domain import health, printable
from desktop_app.domain.followup import follow_up
from desktop_app.domain.model import Workshop
from desktop_app.domain.wording import plural
from desktop_app.exporters import BY_SUFFIX, exporter_for, suffixes_hint
from desktop_app.files.paths import demo_json_path, same_file, why_missing
from desktop_app.storage import interchange
from desktop_app.storage.document import (
    EXTENSION,
    WorkshopDocument,
    write_workshop_file,
)
from desktop_app.storage.errors import DocumentError
from desktop_app.storage.locks import describe_foreign_lock, foreign_lock, is_held

PROG = "sourcing-workshop"
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXPORT_SUFFIXES = tuple(BY_SUFFIX)


_EXPORT_HINT = f"use a file name ending in {suffixes_hint()}"


class UsageError(Exception):
    """Bad input or options: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=f"{APP_NAME}: run an IT outsourcing workshop, stage by stage.",
        epilog=(
            "Examples:  sourcing-workshop --demo  |  sourcing-workshop plan.workshop  |  "
            "sourcing-workshop plan.workshop --export plan.json  |  "
            "sourcing-workshop plan.json --check --json"
        ),
    )
    parser.add_argument(
        "input", nargs="?", metavar="INPUT", type=Path,
        help="a .workshop file, or an interchange .json file to import",
    )
    parser.add_argument(
        "--demo", action="store_true",
        help="use a fresh copy of the bundled demo workshop (the original never changes)",
    )
    parser.add_argument(
        "--export", metavar="OUT", type=Path,
        help="write INPUT to OUT without opening a window; the extension chooses the "
        "format: .workshop, .json, .pdf (the minutes) or .csv (the actions)",
    )
    parser.add_argument(
        "--check", action="store_true",
        help="print the health findings, one per line starting with the code; "
        "exit 1 if there are any, 0 if none",
    )
    parser.add_argument("--json", action="store_true", help="with --check: print JSON")
    parser.add_argument(
        "--follow-up", metavar="NEW", type=Path, dest="follow_up",
        help="create NEW.workshop, a draft follow-up of INPUT: the plan carries over, only "
        "open actions come along, and the agenda starts by reviewing them",
    )
    parser.add_argument(
        "--smoke", action="store_true",
        help="start the app on INPUT (or the demo), paint the main window, then exit 0",
    )
    parser.add_argument(
        "--self-test", action="store_true", dest="self_test",
        help="check this installation: open INPUT (or the demo) read-only, show every "
        "stage, export the minutes the way File > Export does into a temporary folder, "
        "then exit 0 (2 if anything failed)",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return parser


def _one_line(message: str) -> str:
    """One terminal line: its lines joined, cut short, nothing that steers a terminal."""
    return printable.line("; ".join(line.strip() for line in message.splitlines()
                                    if line.strip()))


def _json_for_a_terminal(text: str) -> str:
    """JSON whose strings show C1 controls and bidi overrides as \\u escapes
    (json.dumps escapes only C0 when it keeps non-ASCII letters as they are)."""
    return printable.UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _check_input(path: Path) -> None:
    """Cheap checks before reading: the file is there and is a file. Whether it
    is a workshop is decided by its content (a .json file is imported), so a
    workshop file renamed or sent without its suffix still opens."""
    if not path.exists():
        if path.is_symlink():
            raise UsageError(why_missing(path))
        raise UsageError(f"cannot open {path}: no such file")
    if path.is_dir():
        raise UsageError(f"cannot open {path}: it is a folder, not a file")


def load_workshop(path: Path) -> Workshop:
    """The content of a .workshop or .json file, for headless use."""
    _check_input(path)
    if path.suffix.lower() == ".json":
        return interchange.read_json(path)
    document = WorkshopDocument.open(path, read_only=True)
    try:
        return document.workshop.snapshot()
    finally:
        document.close()


def export(workshop: Workshop, target: Path) -> None:
    """Write `workshop` to `target` in the format its suffix names (exporters.py)."""
    exporter = exporter_for(target)
    if exporter is None:
        raise UsageError(f"cannot export to {target}: {_EXPORT_HINT}")
    result = exporter.write(workshop, target)
    for name in getattr(result, "missing_characters", ()):
        print(f"{PROG}: warning: no font can draw {_one_line(name)}; the minutes show □ "
              "instead", file=sys.stderr)


def say(text: str) -> None:
    """Print `text` on stdout. A reader that stopped reading (`| head -3`) is not an
    error: the rest is dropped quietly and the exit status stays the documented one."""
    if sys.stdout is None:  # started with stdout closed (`>&-`): nobody reads it
        return
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at the null device, so the flush at exit does not complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def print_findings(workshop: Workshop, as_json: bool) -> int:
    findings = health.check(workshop)
    if as_json:
        say(_json_for_a_terminal(json.dumps([f.as_json() for f in findings], indent=2,
                                            ensure_ascii=False)))
    elif findings:
        say("\n".join(f"{f.code}\t{f.severity.value}\t{_one_line(f.message)}"
                      for f in findings))
    return EXIT_FINDINGS if findings else EXIT_OK


def _validate(args: argparse.Namespace) -> None:
    if args.demo and args.input:
        raise UsageError("give INPUT or --demo, not both")
    if args.json and not args.check:
        raise UsageError("--json goes with --check")
    if (args.export or args.check or args.follow_up) and not (args.input or args.demo):
        raise UsageError("--export, --check and --follow-up need INPUT or --demo")
    if args.follow_up:
        if not args.follow_up.name:
            raise UsageError("give the follow-up a file name, e.g. --follow-up june")
        suffix = args.follow_up.suffix.lower()
        if suffix in EXPORT_SUFFIXES and suffix != EXTENSION:
            raise UsageError(f"the follow-up is a workshop: give NEW or NEW{EXTENSION}, "
                             f"not {args.follow_up}")
        if suffix != EXTENSION:  # `--follow-up june` creates june.workshop, as the help says
            args.follow_up = args.follow_up.with_name(args.follow_up.name + EXTENSION)
        if args.follow_up.exists():
            raise UsageError(f"{args.follow_up} already exists; choose a new name")
    for flag, on in (("--smoke", args.smoke), ("--self-test", args.self_test)):
        if on and (args.export or args.check or args.follow_up):
            raise UsageError(f"{flag} starts the app; it does not go with --export or --check")
    if args.smoke and args.self_test:
        raise UsageError("give --smoke or --self-test, not both")
    if args.export:
        if args.export.suffix.lower() not in EXPORT_SUFFIXES:
            raise UsageError(f"cannot export to {args.export}: {_EXPORT_HINT}")
        if args.input and same_file(args.export, args.input):
            raise UsageError("the export target is the input file itself; choose another name")
    for target in (args.export, args.follow_up):
        if target is None or target.suffix.lower() != EXTENSION:
            continue
        foreign = foreign_lock(target)
        if foreign is not None:
            raise UsageError(f"{describe_foreign_lock(target, foreign)} Remove it, or choose "
                             "another name")
        if is_held(target):
            raise UsageError(f"{target} is open in {APP_NAME}; close it there or choose "
                             "another name")


def run_headless(args: argparse.Namespace) -> int:
    source = demo_json_path() if args.demo else args.input
    workshop = load_workshop(source)
    status = EXIT_OK
    if args.export:
        export(workshop, args.export)
    if args.follow_up:
        new = follow_up(workshop, date.today())
        write_workshop_file(args.follow_up, new)
        say(f"Created {args.follow_up}: {plural(len(new.actions), 'open action')} carried over.")
    if args.check:
        status = print_findings(workshop, args.json)
    return status


def _end_on_signal(number: int, _frame: object) -> NoReturn:
    raise SystemExit(128 + number)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        _validate(args)
        if args.export or args.check or args.follow_up:
            # A kill ends the run through its clean-up (a private read copy, a
            # temporary export file), with the status a shell expects.
            signal.signal(signal.SIGTERM, _end_on_signal)
            return run_headless(args)
    except (UsageError, DocumentError) as error:
        print(f"{PROG}: error: {_one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, ValueError) as error:  # anything left: still one line, exit 2
        print(f"{PROG}: error: {_one_line(str(error)) or type(error).__name__}",
              file=sys.stderr)
        return EXIT_USAGE
    # The window opens and checks INPUT itself: a missing, foreign or damaged file
    # is explained in a message box over the start page (offering a snapshot
    # where there is one), which a user who double-clicked a file can see; with
    # --smoke the same explanation goes to stderr and the exit status is 2.
    from desktop_app.ui.application import run_gui

    return run_gui(args.input, demo=args.demo, smoke=args.smoke, self_test=args.self_test)


if __name__ == "__main__":
    sys.exit(main())

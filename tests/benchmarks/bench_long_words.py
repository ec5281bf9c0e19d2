"""Long-word benchmark (issue 13, item 5: "a 1 MB word must export in seconds").

Run by hand, not by pytest:

    .venv/bin/python tests/benchmarks/bench_long_words.py [--sizes 30000,100000] [--fields scope]
    .venv/bin/python tests/benchmarks/bench_long_words.py --repo /tmp/before   # an older tree

For each field (the workshop's title and scope, a function's description, a
decision's text) and each size, it exports minutes whose field is ONE word of
that many characters and prints the seconds `build_minutes` took, next to a
floor measured in the same run: plain reportlab (`SimpleDocTemplate`, the same
DejaVu Sans, paragraphs of about 1,000 characters) drawing the same number of
characters as normal words. The ratio to the floor is what should stay flat as
the size grows; a ratio that grows with the size is a cost growing faster than
the length.

`--repo PATH` imports `desktop_app` from another tree (for example one made by
`git archive COMMIT | tar -x -C PATH`), to print the figures of an older
version on the same machine. `--give-up SECONDS` (default 120) skips the larger
sizes of a field once one size took longer than that.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
SIZES = (30_000, 100_000, 300_000, 1_000_000)
FIELDS = ("title", "scope", "description", "decision")


def workshop_with(field: str, text: str):
    from desktop_app.domain.model import (
        Decision,
        DecisionStatus,
        Details,
        Function,
        Sourcing,
        Stage,
        Workshop,
    )

    function = Function(id="f1", name="Service desk", description="", fte=3,
                        strategic_importance=2, inhouse_capability=3, sourcing=Sourcing.RETAIN)
    ws = Workshop(details=Details(title="Long words"), functions=[function])
    if field == "title":
        ws.details = Details(title=text)
    elif field == "scope":
        ws.details = Details(title="Long words", scope=text)
    elif field == "description":
        ws.functions[0] = Function(**{**function.__dict__, "description": text})
    elif field == "decision":
        ws.decisions.append(Decision("d1", Stage.CLOSE, text, DecisionStatus.ACCEPTED))
    return ws


def one_word(size: int) -> str:
    # letters that do not repeat in short cycles, as a pasted blob would not
    return "".join(chr(0x61 + (i * 7) % 26) for i in range(size))


def normal_words(size: int) -> str:
    return ("lorem ipsum dolor sit amet consectetur adipiscing elit " * (size // 50 + 1))[:size]


def floor_seconds(size: int, target: Path) -> float:
    """Plain reportlab drawing `size` characters of normal words."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from desktop_app.export import fonts

    fonts.fontset()  # registers DejaVu Sans
    style = ParagraphStyle("floor", fontName=fonts.REGULAR, fontSize=9.5, leading=12.8)
    text = normal_words(size)
    story = [Paragraph(text[i:i + 1000], style) for i in range(0, len(text), 1000)]
    started = time.perf_counter()
    SimpleDocTemplate(str(target)).build(story)
    return time.perf_counter() - started


def minutes_seconds(field: str, size: int, target: Path) -> float:
    from desktop_app.export.minutes import build_minutes

    ws = workshop_with(field, one_word(size))
    started = time.perf_counter()
    build_minutes(ws, target)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--fields", default=",".join(FIELDS))
    parser.add_argument("--repo", type=Path, default=REPO,
                        help="the tree to import desktop_app from")
    parser.add_argument("--give-up", type=float, default=120.0)
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))
    sizes = [int(s) for s in args.sizes.split(",")]
    fields = args.fields.split(",")

    import desktop_app

    print(f"desktop_app from {Path(desktop_app.__file__).parent}")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "minutes.pdf"
        minutes_seconds("scope", 1_000, target)  # warm-up: fonts, imports
        floors = {size: floor_seconds(size, target) for size in sizes}
        print(f"{'field':12} {'characters':>10} {'seconds':>8} {'floor s':>8} {'ratio':>6}")
        for field in fields:
            slow = False
            for size in sizes:
                if slow:
                    print(f"{field:12} {size:>10,} {'skipped':>8}")
                    continue
                seconds = minutes_seconds(field, size, target)
                floor = floors[size]
                print(f"{field:12} {size:>10,} {seconds:8.2f} {floor:8.2f} "
                      f"{seconds / floor:6.1f}", flush=True)
                slow = seconds > args.give_up
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Screenshots of every stage of the real app on the demo, for the README.

Run on an X display (e.g. Xvfb at 1280x800):
    Xvfb :99 -screen 0 1280x800x24 &  DISPLAY=:99 .venv/bin/python packaging/take_screenshots.py
Each shot is taken of the whole screen with ImageMagick's `import -window root`,
so it shows exactly what a user sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

from desktop_app.domain.stages import STAGES
from desktop_app.ui.application import make_application
from desktop_app.ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent / "screenshots"


def main() -> int:
    os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="sw-shots-"))
    app = make_application()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.resize(1280, 800)
    window.open_demo()
    window.showMaximized()
    shots = [(info, f"stage-{info.number}-{info.stage.value.replace('_', '-')}.png")
             for info in STAGES]
    only = [a for a in sys.argv[1:] if a != "dark"]  # e.g. "business_case": that stage only
    if only:
        shots = [(info, name) for info, name in shots if info.stage.value in only]
    extra = sys.argv[1:]  # "dark" for a dark set

    def take(index: int) -> None:
        if index == len(shots):
            window.documents.release(window.session)
            window.session = None
            window.documents.cleanup()
            app.exit(0)
            return
        info, name = shots[index]
        window.workspace.show_stage(info.stage)
        if "dark" in extra:
            name = name.replace(".png", "-dark.png")

        def capture() -> None:
            subprocess.run(["import", "-window", "root", str(OUT / name)], check=True)
            take(index + 1)

        QTimer.singleShot(700, capture)

    if "dark" in extra:
        window.actions.dark.setChecked(True)
    QTimer.singleShot(1500, lambda: take(0))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

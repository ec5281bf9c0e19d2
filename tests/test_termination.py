"""SIGTERM ends the app within a second even while it is busy (issue 13, item 4):
the lock and temporary copies go, and nothing is left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# The app with its main thread made busy at a chosen moment: in the event loop
# after the window is shown ("window"), or while the workshop is being opened
# ("opening"). The busy loop stands for a long computation in Python.
BUSY_APP = """
import sys, time
from PySide6.QtCore import QTimer
from desktop_app.ui import application
from desktop_app.ui.main_window import MainWindow

def busy():
    print("busy", flush=True)
    end = time.monotonic() + 60
    while time.monotonic() < end:
        pass

when = sys.argv[1]
if when == "window":
    original = application.build_window
    def build_window(*args, **kwargs):
        window = original(*args, **kwargs)
        QTimer.singleShot(300, busy)
        return window
    application.build_window = build_window
else:
    original_demo = MainWindow.open_demo
    def open_demo(self):
        original_demo(self)
        busy()
    MainWindow.open_demo = open_demo

from desktop_app.app import main
sys.exit(main(sys.argv[2:]))
"""


def start(tmp_path: Path, when: str, *args: str) -> tuple[subprocess.Popen, Path]:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    app = subprocess.Popen([sys.executable, "-c", BUSY_APP, when, *args], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = app.stdout.readline()
    assert line.strip() == "busy", app.stderr.read()
    return app, temp


@pytest.mark.parametrize("when", ["window", "opening"])
def test_sigterm_ends_a_busy_app_within_a_second_and_leaves_nothing(tmp_path, when) -> None:
    app, temp = start(tmp_path, when, "--demo")
    try:
        assert list(temp.glob("sourcing-workshop-*/*.workshop")), "the demo copy is there"
        sent = time.monotonic()
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=20)
        took = time.monotonic() - sent
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 128 + signal.SIGTERM, err
    assert took < 1.5, f"took {took:.2f} s"  # the promise is one second; 0.5 s for the machine
    assert "ended by SIGTERM while busy" in err and "Traceback" not in err
    assert list(temp.iterdir()) == []


def test_sigterm_on_a_busy_app_releases_the_lock_of_the_open_workshop(tmp_path,
                                                                      workshop_file) -> None:
    from desktop_app.storage.locks import is_held, lock_path

    app, _temp = start(tmp_path, "window", str(workshop_file))
    try:
        deadline = time.monotonic() + 20
        while not lock_path(workshop_file).exists():
            assert time.monotonic() < deadline, "the workshop was not locked"
            time.sleep(0.05)
        app.send_signal(signal.SIGTERM)
        app.communicate(timeout=20)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 128 + signal.SIGTERM
    assert not lock_path(workshop_file).exists() and not is_held(workshop_file)

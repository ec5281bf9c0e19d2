"""Linux desktop integration (packaging/linux): the launcher, the AppStream entry,
the .workshop file type and the icons that a user sees in menus, software centres
and file managers, checked with the freedesktop tools the desktops themselves use.

Without a tool the test skips and names the Debian package; in CI (CI=true),
where they are installed, a missing tool fails the test instead.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from contextlib import closing
from pathlib import Path
from types import ModuleType

import pytest

import desktop_app
from desktop_app import APP_ID, MIME_TYPE

REPO = Path(__file__).resolve().parent.parent
LINUX = REPO / "packaging" / "linux"
INSTALL_SCRIPT = LINUX / "install-desktop-integration.sh"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
TOOL_PACKAGES = {  # tool -> the Debian package that provides it
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
    "update-mime-database": "shared-mime-info",
}
EXEC_PATH = "/opt/Sourcing Workshop/sourcing-workshop"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "desktop_integration", LINUX / "desktop_integration.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generator = _load_generator()


def tool(name: str) -> str:
    """The tool's path; skip (or fail in CI) naming the Debian package when it is missing."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian package: {TOOL_PACKAGES[name]})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def run(
    *command: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, env=env, timeout=60
    )


def exec_arguments(value: str) -> list[str]:
    """Split a desktop entry's Exec value as a launcher does (Desktop Entry spec):
    string escapes first, then quoting, then %% -> %."""
    string_escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    text, i = "", 0
    while i < len(value):
        if value[i] == "\\" and value[i + 1 : i + 2] in string_escapes:
            text += string_escapes[value[i + 1]]
            i += 2
        else:
            text += value[i]
            i += 1
    arguments: list[str] = []
    current: str | None = None
    quoted, i = False, 0
    while i < len(text):
        char = text[i]
        if quoted and char == "\\" and text[i + 1 : i + 2] in ('"', "`", "$", "\\"):
            current = (current or "") + text[i + 1]
            i += 1
        elif char == '"':
            quoted = not quoted
            current = current or ""
        elif char == " " and not quoted:
            if current is not None:
                arguments.append(current)
            current = None
        else:
            current = (current or "") + char
        i += 1
    assert not quoted, f"unbalanced quotes in Exec={value}"
    if current is not None:
        arguments.append(current)
    return [
        arg if arg.startswith("%") and len(arg) == 2 else arg.replace("%%", "%")
        for arg in arguments
    ]


def desktop_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


@pytest.fixture(scope="module")
def share(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prefix = tmp_path_factory.mktemp("prefix")
    generator.write_share_tree(prefix, EXEC_PATH)
    return prefix / "share"


def test_desktop_entry_passes_desktop_file_validate(share: Path) -> None:
    result = run(tool("desktop-file-validate"), share / "applications" / f"{APP_ID}.desktop")
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), (
        result.stdout + result.stderr
    )


def test_desktop_entry_starts_the_given_program_with_the_file(share: Path) -> None:
    keys = desktop_keys(share / "applications" / f"{APP_ID}.desktop")
    assert exec_arguments(keys["Exec"]) == [EXEC_PATH, "%f"]
    assert keys["Icon"] == APP_ID
    assert MIME_TYPE in keys["MimeType"].split(";")
    assert keys["Terminal"] == "false"


def test_odd_characters_in_the_program_path_survive_quoting(tmp_path: Path) -> None:
    odd = '/home/ann/100% "best" $apps\\`x`/sourcing-workshop'
    entry = generator.write_share_tree(tmp_path, odd)[0]
    assert exec_arguments(desktop_keys(entry)["Exec"]) == [odd, "%f"]
    result = run(tool("desktop-file-validate"), entry)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_passes_appstreamcli(share: Path) -> None:
    result = run(
        tool("appstreamcli"), "validate", "--no-net", share / "metainfo" / f"{APP_ID}.metainfo.xml"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_release_is_the_pyproject_release(share: Path) -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    component = ET.parse(share / "metainfo" / f"{APP_ID}.metainfo.xml").getroot()
    releases = component.findall("releases/release")
    assert [(r.get("version"), r.get("date")) for r in releases] == [
        (desktop_app.__version__, config["tool"]["sourcing-workshop"]["release-date"])
    ]
    assert component.findtext("id") == APP_ID
    assert component.findtext("provides/mediatype") == MIME_TYPE


def test_metainfo_screenshots_are_files_of_this_repository(share: Path) -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    prefix = config["project"]["urls"]["Homepage"].rstrip("/") + "/raw/main/"
    component = ET.parse(share / "metainfo" / f"{APP_ID}.metainfo.xml").getroot()
    shots = component.findall("screenshots/screenshot")
    assert [shot.get("type") for shot in shots].count("default") == 1
    for shot in shots:
        assert shot.findtext("caption")
        url = shot.findtext("image")
        assert url.startswith(prefix), url
        assert (REPO / url.removeprefix(prefix)).is_file(), url


MIME_PROBE = """
import json, sys
from PySide6.QtCore import QMimeDatabase
db = QMimeDatabase()
print(json.dumps({
    path: [db.mimeTypeForFile(path).name(),
           db.mimeTypeForFile(path, QMimeDatabase.MatchMode.MatchContent).name()]
    for path in sys.argv[1:]
}))
"""


def test_file_managers_recognise_workshop_files_by_name_and_content(
    share: Path, tmp_path: Path, demo_workshop
) -> None:
    from desktop_app.storage.document import write_workshop_file

    mime = tmp_path / "share" / "mime"
    shutil.copytree(share / "mime", mime)
    result = run(tool("update-mime-database"), mime)
    assert result.returncode == 0, result.stderr
    workshop = tmp_path / "x.workshop"
    write_workshop_file(workshop, demo_workshop)
    renamed = tmp_path / "notes.db"
    shutil.copyfile(workshop, renamed)
    plain = tmp_path / "plain.db"
    with closing(sqlite3.connect(plain)) as connection:  # application_id 0
        connection.execute("CREATE TABLE t (a)")
        connection.commit()
    env = {
        **os.environ,
        "XDG_DATA_DIRS": f"{tmp_path / 'share'}:/usr/share",
        "XDG_DATA_HOME": str(tmp_path / "empty-data-home"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = run(sys.executable, "-c", MIME_PROBE, workshop, renamed, plain, env=env)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found[str(workshop)] == [MIME_TYPE, MIME_TYPE]
    assert found[str(renamed)] == [MIME_TYPE, MIME_TYPE]  # by content: SQLite + application_id
    assert found[str(plain)] == ["application/vnd.sqlite3", "application/vnd.sqlite3"]


def test_every_icon_size_is_there_at_its_size(share: Path) -> None:
    hicolor = share / "icons" / "hicolor"
    svg = ET.parse(hicolor / "scalable" / "apps" / f"{APP_ID}.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    for size in ICON_SIZES:
        png = (hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
        assert struct.unpack(">II", png[16:24]) == (size, size)


def test_install_script_installs_for_the_user_and_uninstalls(tmp_path: Path) -> None:
    bundle = tmp_path / "My Apps" / "Sourcing Workshop 100% $1"
    bundle.mkdir(parents=True)
    executable = bundle / "sourcing-workshop"  # stands in for the PyInstaller executable
    executable.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/opened"\n')
    executable.chmod(0o755)
    # As `packaging/dev.py bundle` does it after PyInstaller.
    result = run(sys.executable, LINUX / "desktop_integration.py", "--bundle", bundle)
    assert result.returncode == 0, result.stderr
    data_home = tmp_path / "data home"
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}

    result = run(bundle / INSTALL_SCRIPT.name, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    expected = sorted(
        str(path.relative_to(bundle / "share"))
        for path in (bundle / "share").rglob("*")
        if path.is_file()
    )
    assert len(expected) == 3 + 1 + len(ICON_SIZES)
    for relative in expected:
        assert (data_home / relative).is_file(), relative
        assert f"installed {data_home / relative}" in result.stdout
    entry = data_home / "applications" / f"{APP_ID}.desktop"
    command = exec_arguments(desktop_keys(entry)["Exec"])
    assert command == [str(executable), "%f"]
    # What a double-click on a workshop does: the launcher runs the bundle's program.
    launched = run(*[("/tmp/a plan.workshop" if arg == "%f" else arg) for arg in command])
    assert launched.returncode == 0, launched.stderr
    assert (bundle / "opened").read_text() == "/tmp/a plan.workshop\n"
    if shutil.which("update-mime-database"):
        assert (data_home / "mime" / "mime.cache").is_file()
        assert "ran update-mime-database" in result.stdout

    result = run(bundle / INSTALL_SCRIPT.name, "--uninstall", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    left = [relative for relative in expected if (data_home / relative).exists()]
    assert left == []
    assert (bundle / "share" / "applications" / f"{APP_ID}.desktop").is_file()  # bundle untouched
    cache = data_home / "applications" / "mimeinfo.cache"
    if cache.exists():
        assert MIME_TYPE not in cache.read_text(encoding="utf-8")

"""The installable app: PyInstaller builds the one-folder bundle from
packaging/sourcing-workshop.spec, and the bundle runs on its own, with every
Python installation on the machine hidden (packaging/check_bundle.py)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import desktop_app

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "packaging"))
import check_bundle  # noqa: E402


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    if importlib.util.find_spec("PyInstaller") is None:
        message = "PyInstaller is not installed (pip install -e .[bundle])"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("bundle")
    build = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "dev.py"), "bundle",
         str(folder / "dist"), str(folder / "work")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, (build.stdout + build.stderr)[-4000:]
    return folder / "dist" / "sourcing-workshop"


def test_the_bundle_runs_without_python_and_exports_the_minutes(bundle: Path) -> None:
    """Also from the window: --self-test shows every stage (each imports its own
    module) and exports through the child process, the bundle started again."""
    results = check_bundle.check(bundle)
    assert [label for label, _problem in results] == [
        "--version", "--smoke --demo", "--demo --export minutes.pdf", "--self-test"]
    failed = {label: problem for label, problem in results if problem is not None}
    assert not failed, failed


def test_the_bundle_carries_its_resources_and_version(bundle: Path) -> None:
    internal = bundle / "_internal"
    resources = internal / "desktop_app" / "resources"
    assert (resources / "demo" / "demo-workshop.json").is_file()
    assert (resources / "catalogue" / "functions.json").is_file()
    assert (resources / "fonts" / "DejaVuSans.ttf").is_file()
    assert len(list((resources / "icons" / "png").glob("*.png"))) == 8
    assert (internal / "desktop_app" / "storage" / "interchange.schema.json").is_file()
    # The licences of the app, Python and every bundled package, listed in one README.
    listing = (internal / "licenses" / "README.txt").read_text(encoding="utf-8")
    assert (internal / "licenses" / "LICENSE").read_text(encoding="utf-8").startswith("MIT")
    for package in ("PySide6_Essentials", "reportlab", "QtAwesome", "sqlite-utils", "jsonschema"):
        assert package in listing
    assert (internal / "licenses" / "reportlab").is_dir()
    # No GTK theme plugin: it would load the desktop's GTK next to the bundled glib.
    assert not list(internal.rglob("libqgtk3*"))
    # The version comes from the package metadata there (no pyproject.toml in a bundle).
    (metadata,) = [*internal.glob("sourcing_workshop*.dist-info"),
                   *internal.glob("sourcing_workshop*.egg-info")]
    text = next(p for p in (metadata / "METADATA", metadata / "PKG-INFO") if p.exists())
    assert f"\nVersion: {desktop_app.__version__}\n" in text.read_text(encoding="utf-8")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux desktop files")
def test_the_linux_bundle_can_install_itself_on_the_desktop(bundle: Path) -> None:
    share = bundle / "share"
    assert (share / "applications" / f"{desktop_app.APP_ID}.desktop").is_file()
    assert (share / "metainfo" / f"{desktop_app.APP_ID}.metainfo.xml").is_file()
    assert (share / "mime" / "packages" / f"{desktop_app.APP_ID}.xml").is_file()
    script = bundle / "install-desktop-integration.sh"
    assert os.access(script, os.X_OK)

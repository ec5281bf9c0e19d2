"""The package list in pyproject.toml names every package, so a wheel works."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_python_package_is_in_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "desktop_app").rglob("__init__.py")
    }
    assert on_disk <= listed, f"missing from pyproject packages: {sorted(on_disk - listed)}"


def test_every_resource_folder_is_packaged() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    data = config["tool"]["setuptools"]["package-data"]
    for folder in (REPO / "resources").iterdir():
        if folder.is_dir() and not folder.name.startswith(("_", ".")):
            package = f"desktop_app.resources.{folder.name}"
            assert package in listed and package in data, folder.name

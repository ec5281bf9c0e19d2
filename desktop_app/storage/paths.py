"""Where bundled resources live, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "resources", package.parent / "resources"):
        if (candidate / "demo").is_dir():
            return candidate
    raise FileNotFoundError("the bundled resources folder is missing; reinstall the app")


def demo_json_path() -> Path:
    return resources_dir() / "demo" / "demo-workshop.json"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def catalogue_path() -> Path:
    return resources_dir() / "catalogue" / "functions.json"

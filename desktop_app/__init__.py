"""Sourcing Workshop: run an IT outsourcing workshop the right way."""

from __future__ import annotations

APP_NAME = "Sourcing Workshop"
DISTRIBUTION = "sourcing-workshop"  # the name in pyproject.toml and on PyPI
# Reverse-DNS id: the desktop entry, the AppStream component and the icon are
# named after it, and Qt reports it to the desktop (Wayland app_id).
APP_ID = "org.sourcingworkshop.SourcingWorkshop"
MIME_TYPE = "application/x-sourcing-workshop"  # .workshop files, packaging/linux


def _read_version() -> str:
    """pyproject.toml is the one place the version is written: a source
    checkout reads it there, an installed wheel or a bundle reads the package
    metadata that was built from it."""
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        try:
            project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            project = {}
        if project.get("name") == DISTRIBUTION and isinstance(project.get("version"), str):
            return project["version"]
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0+unknown"


__version__ = _read_version()

"""Where bundled resources live, in a source checkout and in an installed wheel."""

from __future__ import annotations

import errno
import os
from pathlib import Path


def real_path(path: Path) -> Path:
    """The absolute path `path` names, symlinks followed. Unlike Path.resolve()
    (RuntimeError in Python 3.11), a link that loops or dangles never raises:
    it stays as it is, and opening it then says what is wrong."""
    return Path(os.path.realpath(path))


def same_file(first: Path, second: Path) -> bool:
    return real_path(first) == real_path(second)


def why_missing(path: Path) -> str:
    """Why `path`, which does not exist as a file, cannot be opened: a sentence
    for a message, telling a missing file from a broken or looping link."""
    path = Path(path)
    if path.is_symlink():
        try:
            os.stat(path)
        except OSError as error:
            if error.errno == errno.ELOOP:
                return (f"{path} is a symbolic link that points to itself (a loop). "
                        "Fix or remove the link, or open the file it should point to.")
        try:
            target = os.readlink(path)
        except OSError:
            target = "a file"
        return (f"{path} is a symbolic link to {target}, which does not exist. "
                "Fix or remove the link, or open the file it should point to.")
    return f"{path} does not exist. Check the name and folder."


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

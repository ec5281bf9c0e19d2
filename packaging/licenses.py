"""The licences that ship with the bundle: the app's own, Python's, and those
of every package the app needs at run time, read from the installed package
metadata (so the list follows pyproject.toml's dependencies by itself).

Imported by sourcing-workshop.spec; standard library only.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
# Qt for Python wheels carry no licence file in their metadata.
QT_NOTE = (
    "PySide6 (Qt for Python) and the Qt libraries in this bundle are used under the "
    "GNU Lesser General Public License v3 (LGPL-3.0-only); see "
    "https://www.qt.io/licensing and https://doc.qt.io/qtforpython-6/licenses.html. "
    "Their source code is at https://code.qt.io. They are loaded as separate shared "
    "libraries from _internal/PySide6, which you may replace with your own build."
)


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(root: str) -> list[metadata.Distribution]:
    """`root` and everything it requires (extras left out), each once."""
    found: dict[str, metadata.Distribution] = {}
    queue = [root]
    while queue:
        name = queue.pop()
        if _key(name) in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[_key(name)] = dist
        for requirement in dist.requires or []:
            if "extra ==" not in requirement:
                queue.append(re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0])
    return sorted(found.values(), key=lambda d: _key(d.metadata["Name"]))


def licence_datas(root: str, build: Path) -> list[tuple[str, str]]:
    """(source, bundle folder) pairs for PyInstaller's `datas`, plus a written
    `licenses/README.txt` that lists every package, its version and licence."""
    datas = [(str(REPO / "LICENSE"), "licenses")]
    base = Path(sys.base_prefix)
    candidates = (base / "lib" / f"python3.{sys.version_info.minor}" / "LICENSE.txt",  # POSIX
                  base / "LICENSE.txt",  # Windows
                  base / "Resources" / "LICENSE.txt")  # some macOS framework builds
    python_licence = next((c for c in candidates if c.is_file()), None)
    lines = ["Sourcing Workshop and the software bundled with it", ""]
    if python_licence is not None:
        datas.append((str(python_licence), "licenses/python"))
        lines.append(f"Python {sys.version.split()[0]}: PSF License "
                     "(licenses/python/LICENSE.txt)")
    else:
        lines.append(f"Python {sys.version.split()[0]}: PSF License "
                     "(https://docs.python.org/3/license.html)")
    lines.append("DejaVu fonts: free licence (desktop_app/resources/fonts/LICENSE-DejaVu.txt)")
    for dist in runtime_distributions(root):
        name = dist.metadata["Name"]
        licence = (dist.metadata.get("License-Expression") or dist.metadata.get("License")
                   or "; ".join(c.split(" :: ")[-1] for c in dist.metadata.get_all("Classifier")
                                or [] if c.startswith("License ::")) or "see its files")
        files = [f for f in dist.files or [] if LICENCE_FILE.search(f.name)
                 and ".dist-info" in str(f)]
        for file in files:  # keep sub-folders: two files may share a name
            inside = Path(*file.parts[1:]).parent if len(file.parts) > 1 else Path()
            datas.append((str(dist.locate_file(file)),
                          str(Path("licenses") / _key(name) / inside)))
        lines.append(f"{name} {dist.version}: {licence.splitlines()[0][:120]}")
        if _key(name) in ("pyside6-essentials", "shiboken6"):
            lines.append(f"  {QT_NOTE}")
    readme = build / "licenses" / "README.txt"
    readme.parent.mkdir(parents=True, exist_ok=True)
    readme.write_text("\n".join(lines) + "\n", encoding="utf-8")
    datas.append((str(readme), "licenses"))
    return datas

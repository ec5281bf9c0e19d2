"""The package contracts: the core never imports Qt, and each layer imports only
the layers beneath it (the equivalent of import-linter's layers contract, as napari
keeps): domain imports nothing else of ours; files (atomic writes, resource paths,
the base file errors) nothing either; storage imports domain and files; export
imports domain and files, never storage; only ui imports Qt and qtawesome."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desktop_app"
CORE = ("domain", "files", "storage", "export")
# What each core package may import of the app besides itself ("" is the package
# root, desktop_app/__init__.py: the name and version of the app).
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "files": set(),
    "storage": {"", "domain", "files"},
    "export": {"", "domain", "files"},
}
QT_MODULES = ("PySide6", "shiboken6", "qtawesome", "PyQt5", "PyQt6", "qtpy")


def _modules(path: Path, root: Path = PACKAGE) -> set[str]:
    """Every module `path` imports, relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(root.parent).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _imports(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _modules(path)}


def core_files() -> list[Path]:
    return [p for layer in CORE if (PACKAGE / layer).exists()
            for p in sorted((PACKAGE / layer).rglob("*.py"))]


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_does_not_import_qt(path: Path) -> None:
    assert not _imports(path) & set(QT_MODULES), f"{path} imports Qt"


def test_core_modules_do_not_import_the_ui() -> None:
    for file in core_files():
        ui = [m for m in _modules(file) if m.startswith("desktop_app.ui")]
        assert not ui, f"{file} reaches into the UI: {ui}"


def violations(package: Path, layer: str) -> list[str]:
    """Imports in `package`/`layer` of app layers that `layer` may not use."""
    def layer_of(module: str) -> str | None:  # '' is desktop_app itself, None outside
        parts = module.split(".")
        if parts[0] != "desktop_app":
            return None
        return parts[1] if len(parts) > 1 and (package / parts[1]).is_dir() else ""

    broken = []
    for file in sorted((package / layer).rglob("*.py")):
        for module in sorted(_modules(file, package)):
            used = layer_of(module)
            if used is not None and used != layer and used not in ALLOWED[layer]:
                broken.append(f"{file.relative_to(package)} imports {module}")
    return broken


@pytest.mark.parametrize("layer", list(ALLOWED))
def test_each_core_package_imports_only_the_layers_beneath_it(layer: str) -> None:
    assert violations(PACKAGE, layer) == []


def test_the_contract_check_sees_a_forbidden_import(tmp_path) -> None:
    """The checker itself, on a copy of the tree with export importing storage."""
    fake = tmp_path / "desktop_app"
    for layer in (*ALLOWED, "ui"):
        (fake / layer).mkdir(parents=True)
    (fake / "export" / "probe.py").write_text(
        "from desktop_app.storage.document import WorkshopDocument\n"
        "from ..domain import model\n", encoding="utf-8")
    assert violations(fake, "export") == [
        "export/probe.py imports desktop_app.storage.document",
        "export/probe.py imports desktop_app.storage.document.WorkshopDocument",
    ]


def test_headless_commands_load_no_qt_at_all() -> None:
    """Import every core module and run the CLI's headless path: no Qt in sys.modules."""
    code = (
        f"QT_MODULES = {QT_MODULES!r}\n"
        "import sys, importlib, pkgutil, desktop_app, desktop_app.app\n"
        "for layer in ('domain', 'files', 'storage', 'export'):\n"
        "    pkg = importlib.import_module('desktop_app.' + layer)\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'desktop_app.{layer}.{m.name}')\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in QT_MODULES]\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

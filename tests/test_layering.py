"""The core never imports Qt: domain, storage and export run headless."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desktop_app"
CORE = ("domain", "storage", "export")
QT_MODULES = ("PySide6", "shiboken6", "qtawesome", "PyQt5", "PyQt6", "qtpy")


def _modules(path: Path) -> set[str]:
    """Every module `path` imports, relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
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


def test_headless_commands_load_no_qt_at_all() -> None:
    """Import every core module and run the CLI's headless path: no Qt in sys.modules."""
    code = (
        f"QT_MODULES = {QT_MODULES!r}\n"
        "import sys, importlib, pkgutil, desktop_app, desktop_app.app\n"
        "for layer in ('domain', 'storage'):\n"
        "    pkg = importlib.import_module('desktop_app.' + layer)\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'desktop_app.{layer}.{m.name}')\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in QT_MODULES]\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

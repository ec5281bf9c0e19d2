"""The desktop UI: the only package that imports PySide6 and qtawesome."""

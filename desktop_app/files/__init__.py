"""File-system helpers that storage and export share: atomic writes, where the
bundled resources (fonts, demo, catalogue) are, and the base file errors. Imports
nothing else of the app, so export needs no storage to write a file."""

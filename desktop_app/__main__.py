"""`python -m desktop_app`: the same as the `sourcing-workshop` command."""

import multiprocessing
import sys

from desktop_app.app import main

if __name__ == "__main__":
    # In a frozen bundle the minutes' child process starts this executable
    # again; freeze_support() runs the child's work instead of a second app.
    multiprocessing.freeze_support()
    sys.exit(main())

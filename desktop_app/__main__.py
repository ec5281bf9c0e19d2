"""`python -m desktop_app`: the same as the `sourcing-workshop` command."""

import multiprocessing
import sys

if __name__ == "__main__":
    # In a frozen bundle the minutes' child process starts this executable
    # again; freeze_support() runs the child's work instead of a second app,
    # before the app's own modules load.
    multiprocessing.freeze_support()
    from desktop_app.app import main

    sys.exit(main())

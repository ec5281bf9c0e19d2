"""One view per stage of the method, plus the welcome page."""

"""The command line's work, one module a kind of command (``bot/__main__.py`` parses and
dispatches)."""

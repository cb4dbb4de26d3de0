"""The ``cityeval`` command line (DESIGN §6): thin, on the same services as the GUI."""

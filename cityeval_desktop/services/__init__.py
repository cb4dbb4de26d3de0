"""Use cases shared by the CLI and the GUI; each owns the transaction of one user action."""

"""PySide6 user interface: windows, views, Qt models, dialogs, workers."""

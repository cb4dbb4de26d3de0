"""Pages of the main window: cases, frameworks, settings."""

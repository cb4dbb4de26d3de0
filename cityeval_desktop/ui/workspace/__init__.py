"""The case workspace: indicator tree, indicator editor, live score panel, self-check."""

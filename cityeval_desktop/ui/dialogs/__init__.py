"""Dialogs: new case, amend."""

"""A warning that asks before going ahead anyway: the action is named on its button, Cancel is the default."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_anyway(
    parent: QWidget,
    *,
    title: str,
    text: str,
    detail: str,
    accept: str,
    track: Callable[[QMessageBox | None], None] | None = None,
) -> bool:
    """Ask whether to go ahead despite a warning; True only when ``accept`` ("&Sign anyway") is chosen.

    Cancel is the default and the Escape button, so Enter or Escape never goes ahead by accident.
    ``track`` is given the box while it is open, then None (a caller keeps it, for tests and focus).
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(detail)
    go = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    if track is not None:
        track(box)
    try:
        box.exec()
    finally:
        if track is not None:
            track(None)
    return box.clickedButton() is go

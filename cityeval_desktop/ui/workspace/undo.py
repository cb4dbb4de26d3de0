"""Undo/redo history of the open case: each step is a pair of ordinary, audited service calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

MAX_STEPS = 500


@dataclass(frozen=True)
class Edit:
    """One saved edit: ``undo``/``redo`` call the services and return the fresh case detail."""

    label: str  # what the Edit menu shows ("answer of B1.3")
    target: str  # indicator or veto id, to show it after undo/redo
    undo: Callable[[], Any]
    redo: Callable[[], Any]


class UndoHistory(QObject):
    """A linear history; a step moves only when its service call succeeded."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._edits: list[Edit] = []
        self._index = 0  # edits[:index] are done

    def push(self, edit: Edit) -> None:
        del self._edits[self._index :]
        self._edits.append(edit)
        if len(self._edits) > MAX_STEPS:
            del self._edits[0]
        self._index = len(self._edits)
        self.changed.emit()

    def clear(self) -> None:
        self._edits.clear()
        self._index = 0
        self.changed.emit()

    def next_undo(self) -> Edit | None:
        return self._edits[self._index - 1] if self._index > 0 else None

    def next_redo(self) -> Edit | None:
        return self._edits[self._index] if self._index < len(self._edits) else None

    def undone(self) -> None:
        """The edit returned by :meth:`next_undo` was undone."""
        self._index -= 1
        self.changed.emit()

    def redone(self) -> None:
        """The edit returned by :meth:`next_redo` was done again."""
        self._index += 1
        self.changed.emit()

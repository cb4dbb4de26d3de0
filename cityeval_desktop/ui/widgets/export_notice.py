"""Where an export went: its path in the main window's status bar, with a button that opens the folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QSizePolicy, QWidget


class ExportNotice(QWidget):
    """ "<what> saved: <path>" and "Open folder"; one per status bar, showing the latest export."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_notice")
        self.path: Path | None = None
        self._text = ""
        self.label = QLabel(self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # never widen the window for a long path: the label is elided to the room it gets
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(120)
        self.open_button = QPushButton(self.tr("Open folder"), self)
        self.open_button.setToolTip(self.tr("Show the file in its folder"))
        self.open_button.clicked.connect(self._on_open_folder)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_button)

    def show_path(self, path: Path, what: str) -> None:
        """Say that ``what`` (e.g. "PDF report") was written to ``path``."""
        self.path = path
        self._text = self.tr("%1 saved: %2").replace("%1", what).replace("%2", str(path))
        self.setToolTip(str(path))
        self.label.setToolTip(str(path))
        self._elide()
        self.show()

    def text(self) -> str:
        """The whole sentence (the label may show it shortened)."""
        return self._text

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(self.label.width(), 120)
        self.label.setText(self.label.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideMiddle, room))

    @Slot()
    def _on_open_folder(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))


def announce_export(widget: QWidget, path: Path | str, what: str) -> ExportNotice | None:
    """Show in the status bar of ``widget``'s main window where an export went (the one helper every export uses).

    Returns the notice, or None when ``widget`` is not inside a main window.
    """
    window = widget.window()
    if not isinstance(window, QMainWindow):
        return None
    bar = window.statusBar()
    notice = bar.findChild(ExportNotice, "export_notice")
    if notice is None:
        notice = ExportNotice(bar)
        bar.addWidget(notice, 1)
    bar.clearMessage()  # a temporary message would hide the notice
    notice.show_path(Path(path), what)
    return notice

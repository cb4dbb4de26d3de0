"""A painted bar chart of the grade distribution per category (the regional view, issue 13 §2.2).

One block per category: its name, then one horizontal bar per grade with the count. The chart says
the same in words through its accessible description and tooltip (:meth:`GradeChart.description`).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from cityeval_desktop.ui.widgets.charts import ACCENT, MUTED, WARN

_LEFT = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
_RIGHT = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)


class GradeChart(QWidget):
    """``set_data([(category words, [(grade words, count, is_veto_or_none)])])``: bars per grade, per category."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: list[tuple[str, list[tuple[str, int, bool]]]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Grade distribution per category"))
        self._fit_height()

    def set_data(self, data: list[tuple[str, list[tuple[str, int, bool]]]]) -> None:
        self._data = data
        text = self.description()
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self._fit_height()
        self.update()

    def description(self) -> str:
        """The chart in words: one line per category, each grade and its count."""
        if not self._data:
            return self.tr("No counted results")
        sep = self.tr(", ")
        return "\n".join(
            self.tr("%1: %2").replace("%1", title).replace("%2", sep.join(f"{g} {n}" for g, n, _ in bars))
            for title, bars in self._data
        )

    def _row(self) -> int:
        return QFontMetrics(self.font()).height() + 6

    def _height(self) -> int:
        if not self._data:
            return self._row() + 8
        return sum(self._row() * (1 + len(bars)) + 8 for _, bars in self._data)

    def _fit_height(self) -> None:
        self.setFixedHeight(self._height())

    def sizeHint(self) -> QSize:
        return QSize(400, self._height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        rh = self._row()
        if not self._data:
            p.setPen(MUTED)
            p.drawText(QRectF(0, 0, self.width(), rh), _LEFT, self.description())
            p.end()
            return
        labels = [g for _, bars in self._data for g, _, _ in bars]
        label_w = max(fm.horizontalAdvance(g) for g in labels) + 12 if labels else 40
        most = max((n for _, bars in self._data for _, n, _ in bars), default=1) or 1
        value_w = fm.horizontalAdvance(str(most)) + 12
        bar_w = max(40, self.width() - label_w - value_w - 8)
        top = 0.0
        bold = self.font()
        bold.setBold(True)
        for title, bars in self._data:
            p.setFont(bold)
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(0, top, self.width(), rh), _LEFT, title)
            p.setFont(self.font())
            top += rh
            for grade, count, bad in bars:
                p.setPen(self.palette().text().color())
                p.drawText(QRectF(8, top, label_w - 8, rh), _LEFT, grade)
                track = QRectF(label_w, top + rh * 0.2, bar_w, rh * 0.6)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor("#eef1f5"))
                p.drawRoundedRect(track, 3, 3)
                p.setBrush(WARN if bad else ACCENT)
                p.drawRoundedRect(QRectF(track.left(), track.top(), bar_w * count / most, track.height()), 3, 3)
                p.setPen(self.palette().text().color())
                p.drawText(QRectF(label_w + bar_w, top, value_w, rh), _RIGHT, str(count))
                top += rh
            top += 8
        p.end()

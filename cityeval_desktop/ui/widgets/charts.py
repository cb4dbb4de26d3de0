"""Painted charts of the score panel: a radar of dimension scores and horizontal bars."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

ACCENT = QColor("#1f6feb")
GRID = QColor("#c9ced6")
MUTED = QColor("#6b7280")
WARN = QColor("#b3261e")


def score_color(score: float | None) -> QColor:
    if score is None:
        return GRID
    if score < 40:
        return WARN
    if score < 60:
        return QColor("#d97706")
    if score < 80:
        return QColor("#2563eb")
    return QColor("#15803d")


class RadarChart(QWidget):
    """Dimension scores (0-100) on a radar; excluded dimensions are drawn hollow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: list[tuple[str, float | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(200)

    def set_data(self, data: list[tuple[str, float | None]]) -> None:
        self._data = data
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, 240)

    def paintEvent(self, _event: QPaintEvent) -> None:
        n = len(self._data)
        if n < 3:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        label_w = max(fm.horizontalAdvance(label) for label, _ in self._data)
        radius = max(20.0, min(self.width() / 2 - label_w - 8, self.height() / 2 - fm.height() - 6))
        center = QPointF(self.width() / 2, self.height() / 2)

        def point(i: int, r: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / n
            return QPointF(center.x() + r * math.cos(angle), center.y() + r * math.sin(angle))

        p.setPen(QPen(GRID, 1))
        for ring in (0.2, 0.4, 0.6, 0.8, 1.0):
            p.drawPolygon(QPolygonF([point(i, radius * ring) for i in range(n)]))
        for i in range(n):
            p.drawLine(center, point(i, radius))
        values = [max(0.0, min(100.0, s or 0.0)) for _, s in self._data]
        fill = QColor(ACCENT)
        fill.setAlpha(70)
        p.setBrush(fill)
        p.setPen(QPen(ACCENT, 2))
        p.drawPolygon(QPolygonF([point(i, radius * v / 100) for i, v in enumerate(values)]))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for i, (label, score) in enumerate(self._data):
            pt = point(i, radius + 6)
            text = label if score is not None else f"{label} –"
            w = fm.horizontalAdvance(text)
            x = pt.x() - w / 2 if abs(pt.x() - center.x()) < 2 else (pt.x() if pt.x() > center.x() else pt.x() - w)
            y = pt.y() + (
                fm.ascent() if pt.y() > center.y() + 2 else (-2 if pt.y() < center.y() - 2 else fm.ascent() / 2)
            )
            p.setPen(MUTED if score is None else self.palette().text().color())
            p.drawText(QPointF(x, y), text)
        p.end()


class DimensionBars(QWidget):
    """One bar per dimension: label, bar, score (or "excluded")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: list[tuple[str, float | None]] = []
        self._excluded_text = "–"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(self, data: list[tuple[str, float | None]], excluded_text: str = "–") -> None:
        self._data = data
        self._excluded_text = excluded_text
        self.setFixedHeight(self._row_height() * max(1, len(data)) + 4)
        self.update()

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 8

    def sizeHint(self) -> QSize:
        return QSize(260, self._row_height() * max(1, len(self._data)) + 4)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self._data:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        label_w = max(fm.horizontalAdvance(label) for label, _ in self._data) + 8
        value_w = max(fm.horizontalAdvance("100.00"), fm.horizontalAdvance(self._excluded_text)) + 8
        bar_w = max(20, self.width() - label_w - value_w)
        rh = self._row_height()
        for i, (label, score) in enumerate(self._data):
            top = i * rh + 2
            p.setPen(self.palette().text().color())
            p.drawText(
                QRectF(0, top, label_w, rh), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), label
            )
            track = QRectF(label_w, top + rh * 0.25, bar_w, rh * 0.5)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#eef1f5"))
            p.drawRoundedRect(track, 3, 3)
            if score is not None:
                filled = QRectF(
                    track.left(), track.top(), track.width() * max(0.0, min(100.0, score)) / 100, track.height()
                )
                p.setBrush(score_color(score))
                p.drawRoundedRect(filled, 3, 3)
            p.setPen(self.palette().text().color() if score is not None else MUTED)
            text = f"{score:.2f}" if score is not None else self._excluded_text
            p.drawText(
                QRectF(label_w + bar_w, top, value_w, rh),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                text,
            )
        p.end()

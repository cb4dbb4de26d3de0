"""Small state icons painted at run time (no image files needed)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

SIZE = 16


def _canvas() -> tuple[QPixmap, QPainter]:
    pm = QPixmap(SIZE * 2, SIZE * 2)
    pm.setDevicePixelRatio(2.0)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pm, p


@cache
def state_icon(state: str) -> QIcon:
    """Icons for indicator states: answered, unanswered, na, evidence_missing."""
    pm, p = _canvas()
    r = QRectF(2, 2, SIZE - 4, SIZE - 4)
    if state == "answered":
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#15803d"))
        p.drawEllipse(r)
        p.setPen(QPen(QColor("white"), 1.8))
        p.drawPolyline(QPolygonF([QPointF(5, 8.5), QPointF(7.2, 10.8), QPointF(11.2, 5.8)]))
    elif state == "na":
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#9ca3af"))
        p.drawEllipse(r)
        p.setPen(QPen(QColor("white"), 1.8))
        p.drawLine(QPointF(5, 8), QPointF(11, 8))
    elif state == "evidence_missing":
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#d97706"))
        p.drawPolygon(QPolygonF([QPointF(8, 2), QPointF(14.5, 14), QPointF(1.5, 14)]))
        p.setPen(QPen(QColor("white"), 1.8))
        p.drawLine(QPointF(8, 6), QPointF(8, 10))
        p.drawPoint(QPointF(8, 12.2))
    else:
        p.setPen(QPen(QColor("#6b7280"), 1.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(r)
    p.end()
    return QIcon(pm)


@cache
def check_icon(ok: bool) -> QIcon:
    """A passed check (a white tick on green) or a failed one (a white cross on red)."""
    pm, p = _canvas()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#15803d" if ok else "#b3261e"))
    p.drawEllipse(QRectF(2, 2, SIZE - 4, SIZE - 4))
    p.setPen(QPen(QColor("white"), 1.8))
    if ok:
        p.drawPolyline(QPolygonF([QPointF(5, 8.5), QPointF(7.2, 10.8), QPointF(11.2, 5.8)]))
    else:
        p.drawLine(QPointF(5.5, 5.5), QPointF(10.5, 10.5))
        p.drawLine(QPointF(10.5, 5.5), QPointF(5.5, 10.5))
    p.end()
    return QIcon(pm)

"""Painted charts of the score panel: a radar of dimension scores and horizontal bars.

Both name their axes with the dimension titles and draw the framework's cap thresholds (the 40-point
line of the default frameworks) as a dashed guide, explained in a caption, the tooltip and the
accessible description from the framework's own cap rules (``domain/result_text.cap_rule``).
"""

from __future__ import annotations

import math
from fractions import Fraction

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from cityeval_desktop.domain import result_text
from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.domain.numbers import plain
from cityeval_desktop.domain.text import Text

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


def cap_guides(framework: Framework) -> list[tuple[float, list[Text]]]:
    """The framework's cap thresholds, lowest first, each with the cap rules that use it."""
    found: dict[Fraction, list[Text]] = {}
    for cap in framework.caps:
        found.setdefault(cap.dimension_below, []).append(result_text.cap_rule(framework, cap))
    return [(float(below), rules) for below, rules in sorted(found.items())]


_CAPTION_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


class _GuidedChart(QWidget):
    """What both charts share: the data, the dashed guide lines and their caption below the drawing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: list[tuple[str, float | None]] = []
        self._lines: list[float] = []
        self._caption = ""

    def set_guides(self, guides: list[tuple[float, list[str]]]) -> None:
        """The guide lines (score, the rules they stand for in the window's language)."""
        self._lines = [score for score, _ in guides]
        self._caption = "\n".join(
            self.tr("Dashed line at %1 points: %2")
            .replace("%1", plain(Fraction(score).limit_denominator(100)))
            .replace("%2", " ".join(rules))
            for score, rules in guides
        )
        self.setToolTip(self._caption)
        self._describe()
        self.updateGeometry()
        self.update()

    def caption(self) -> str:
        """The explanation of the dashed lines the chart draws ("" when the framework has no caps)."""
        return self._caption

    def _describe(self) -> None:
        scores = "; ".join(
            f"{label} {score:.2f}" if score is not None else f"{label} {self.tr('excluded')}"
            for label, score in self._data
        )
        self.setAccessibleDescription("\n".join(part for part in (scores, self._caption) if part))

    def _caption_height(self, width: int) -> int:
        if not self._caption:
            return 0
        rect = QFontMetrics(self.font()).boundingRect(
            QRect(0, 0, max(40, width), 10_000), _CAPTION_FLAGS, self._caption
        )
        return rect.height() + 6

    def _draw_caption(self, p: QPainter, top: float) -> None:
        if not self._caption:
            return
        p.setPen(MUTED)
        p.drawText(QRectF(0, top + 4, self.width(), self.height() - top - 4), _CAPTION_FLAGS, self._caption)


def _wrapped(text: str, fm: QFontMetrics, most: float) -> list[str]:
    """An axis title on one line, or on two when it is wider than ``most`` (split at the middle space,
    or in the middle of a Chinese title)."""
    if fm.horizontalAdvance(text) <= most or len(text) < 4:
        return [text]
    middle = len(text) // 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle)) if spaces else middle
    first, second = text[:cut].rstrip(), text[cut:].lstrip()
    return [first, second] if first and second else [text]


def _guide_pen() -> QPen:
    pen = QPen(WARN, 1.5)
    pen.setStyle(Qt.PenStyle.DashLine)
    return pen


class RadarChart(_GuidedChart):
    """Dimension scores (0-100) on a radar, each axis named by its dimension; excluded ones drawn hollow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(200)
        self.setAccessibleName(self.tr("Dimension scores, radar"))

    def set_data(self, data: list[tuple[str, float | None]]) -> None:
        """(dimension title, shown score or None when excluded) per axis."""
        self._data = data
        self._describe()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, 240 + self._caption_height(260))

    def heightForWidth(self, width: int) -> int:
        return 240 + self._caption_height(width)

    def hasHeightForWidth(self) -> bool:
        return True

    def paintEvent(self, _event: QPaintEvent) -> None:
        n = len(self._data)
        if n < 3:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        drawing = self.height() - self._caption_height(self.width())
        titles = [
            _wrapped(label if score is not None else f"{label} –", fm, self.width() * 0.3)
            for label, score in self._data
        ]
        line_h = fm.height()
        # each axis title sits outside its axis end: as large a radius as leaves every title inside
        tallest = max(len(t) for t in titles)
        radius = drawing / 2 - line_h * tallest - 6
        for i, lines in enumerate(titles):
            dx = abs(math.cos(-math.pi / 2 + 2 * math.pi * i / n))
            text_w = max(fm.horizontalAdvance(line) for line in lines)
            room = self.width() / 2 - 8 - (text_w if dx > 0.05 else text_w / 2)
            if dx > 0.05:
                radius = min(radius, room / dx - 6)
            elif room < 0:
                radius = min(radius, 20.0)
        radius = max(20.0, radius)
        center = QPointF(self.width() / 2, drawing / 2)

        def point(i: int, r: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / n
            return QPointF(center.x() + r * math.cos(angle), center.y() + r * math.sin(angle))

        p.setPen(QPen(GRID, 1))
        for ring in (0.2, 0.4, 0.6, 0.8, 1.0):
            p.drawPolygon(QPolygonF([point(i, radius * ring) for i in range(n)]))
        for i in range(n):
            p.drawLine(center, point(i, radius))
        p.setPen(_guide_pen())
        for line in self._lines:
            p.drawPolygon(QPolygonF([point(i, radius * line / 100) for i in range(n)]))
        values = [max(0.0, min(100.0, s or 0.0)) for _, s in self._data]
        fill = QColor(ACCENT)
        fill.setAlpha(70)
        p.setBrush(fill)
        p.setPen(QPen(ACCENT, 2))
        p.drawPolygon(QPolygonF([point(i, radius * v / 100) for i, v in enumerate(values)]))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(_guide_pen())
        for line in self._lines:  # the guides' figures over the filled scores, so that they stay readable
            p.drawText(
                QPointF(center.x() + 3, center.y() - radius * line / 100 - 2),
                plain(Fraction(line).limit_denominator(100)),
            )
        for i, ((_label, score), lines) in enumerate(zip(self._data, titles, strict=True)):
            pt = point(i, radius + 6)
            block = line_h * len(lines)
            if pt.y() > center.y() + 2:
                top = pt.y()  # below the chart: the title hangs from its axis end
            elif pt.y() < center.y() - 2:
                top = pt.y() - block  # above: it stands on it
            else:
                top = pt.y() - block / 2
            p.setPen(MUTED if score is None else self.palette().text().color())
            for k, line in enumerate(lines):
                w = fm.horizontalAdvance(line)
                if abs(pt.x() - center.x()) < 2:
                    x = pt.x() - w / 2
                else:
                    x = pt.x() if pt.x() > center.x() else pt.x() - w
                p.drawText(QPointF(x, top + k * line_h + fm.ascent()), line)
        self._draw_caption(p, drawing)
        p.end()


class DimensionBars(_GuidedChart):
    """One bar per dimension: its title, bar, score (or "excluded"); the guide lines across the bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._excluded_text = "–"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Dimension scores"))

    def set_data(self, data: list[tuple[str, float | None]], excluded_text: str = "–") -> None:
        """(dimension title, shown score or None when excluded) per bar."""
        self._data = data
        self._excluded_text = excluded_text
        self._fit_height()
        self._describe()
        self.update()

    def set_guides(self, guides: list[tuple[float, list[str]]]) -> None:
        super().set_guides(guides)
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # the caption wraps anew at another width
        super().resizeEvent(event)
        self._fit_height()

    def _bars_height(self) -> int:
        return self._row_height() * max(1, len(self._data)) + 4

    def _fit_height(self) -> None:
        height = self._bars_height() + self._caption_height(self.width())
        if height != self.height():
            self.setFixedHeight(height)

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 8

    def sizeHint(self) -> QSize:
        return QSize(260, self._bars_height() + self._caption_height(260))

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
        bottom = len(self._data) * rh + 2
        p.setPen(_guide_pen())
        for line in self._lines:
            x = label_w + bar_w * line / 100
            p.drawLine(QPointF(x, 0), QPointF(x, bottom))
        self._draw_caption(p, bottom)
        p.end()

"""Exact arithmetic helpers: numbers from files become Fractions; rounding is half-up."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from cityeval_desktop.domain.text import Text

Number = int | float | Decimal | Fraction

# Bounds on every number that comes from outside (answers, checklists, frameworks, settings):
# far beyond any real count, amount or ratio, and small enough that exact arithmetic stays instant.
# Without them 1e99999999 makes a 10^8-digit integer and `case show` takes minutes.
MAX_MAGNITUDE = 10**15
MAX_DECIMALS = 12
MAX_DIGITS = 30
MAX_NUMBER_TEXT = 60  # characters of a number as written, checked before it is converted
RANGE_TEXT = Text(
    "数字超出范围：绝对值应小于 10^15，小数不超过 12 位",
    "number out of range: its size must be below 10^15, with at most 12 decimal places",
)


class NumberRangeError(ValueError):
    """A number too large, too long or too finely divided to be a real answer or setting."""

    def __init__(self, value: object) -> None:
        super().__init__(f"{RANGE_TEXT.en}: {str(value)[:40]}")
        self.text = RANGE_TEXT


def check_bounds(value: Number) -> None:
    """Raise NumberRangeError (or ValueError for inf/nan) unless ``value`` is a plausible finite number."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if not -MAX_MAGNITUDE < value < MAX_MAGNITUDE:
            raise NumberRangeError(value)
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        if abs(value) >= MAX_MAGNITUDE or (value != 0 and abs(value) < 10.0**-MAX_DECIMALS):
            raise NumberRangeError(value)
        return
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("not a finite number")
        _sign, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        if len(digits) > MAX_DIGITS + MAX_DECIMALS or not -(MAX_DIGITS + MAX_DECIMALS) <= exponent <= 15:
            raise NumberRangeError(value)  # also 0E-99999999: as written, not what it is worth
        if value.is_zero():
            return
        trailing = 0
        for digit in reversed(digits):
            if digit:
                break
            trailing += 1
        if value.adjusted() >= 15 or exponent + trailing < -MAX_DECIMALS:
            raise NumberRangeError(value)
        return
    if isinstance(value, Fraction) and not -MAX_MAGNITUDE < value < MAX_MAGNITUDE:
        raise NumberRangeError(value)


def bounded_int(text: str) -> int:
    """``int(text)`` for numbers written in a file, refusing absurdly long ones before converting."""
    if len(text) > MAX_NUMBER_TEXT:
        raise NumberRangeError(text)
    value = int(text)
    check_bounds(value)
    return value


def bounded_decimal(text: str) -> Decimal:
    """``Decimal(text)`` for numbers written in a file, bounded like :func:`check_bounds`."""
    if len(text) > MAX_NUMBER_TEXT:
        raise NumberRangeError(text)
    value = Decimal(text)
    check_bounds(value)
    return value


def exact(value: Number) -> Fraction:
    """Convert a number read from YAML/JSON to an exact Fraction (0.1 stays 1/10), within the bounds."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    check_bounds(value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return Fraction(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("not a finite number")
        return Fraction(value)
    raise TypeError(f"not a number: {value!r}")


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Round an exact value half-up (away from zero at .5) to ``places`` decimals."""
    scale = 10**places
    scaled = value * scale
    if scaled >= 0:
        units = math.floor(scaled + Fraction(1, 2))
    else:
        units = -math.floor(-scaled + Fraction(1, 2))
    return Decimal(units).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def plain(value: Fraction) -> str:
    """Show an exact number as a short decimal string (exact when it terminates)."""
    if value.denominator == 1:
        return str(value.numerator)
    shown = round_half_up(value, 6).normalize()
    return format(shown, "f")


def points(value: Fraction | int, lang: str) -> str:
    """A number of points in words: ``3 分`` in Chinese; ``1 point``, ``0.5 points``, ``3 points`` in English."""
    number = plain(Fraction(value))
    if lang == "zh":
        return f"{number} 分"
    return f"{number} point" if value == 1 else f"{number} points"


def list_separator(lang: str) -> str:
    """What separates the items of a list in running text: 、 in Chinese, a comma in English."""
    return "、" if lang == "zh" else ", "

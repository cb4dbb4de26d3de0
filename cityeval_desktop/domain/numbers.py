"""Exact arithmetic helpers: numbers from files become Fractions; rounding is half-up."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

Number = int | float | Decimal | Fraction


def exact(value: Number) -> Fraction:
    """Convert a number read from YAML/JSON to an exact Fraction (0.1 stays 1/10)."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
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

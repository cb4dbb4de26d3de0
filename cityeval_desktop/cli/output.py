"""Console output helpers: language choice, aligned tables, JSON, error lines."""

from __future__ import annotations

import json
import sys
import unicodedata
from typing import Any


class Out:
    """Writes to stdout/stderr in the chosen language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def t(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def line(self, text: str = "") -> None:
        sys.stdout.write(text + "\n")

    def error(self, text: str) -> None:
        sys.stderr.write(f"error: {text}\n")

    def warning(self, text: str) -> None:
        sys.stderr.write(f"warning: {text}\n")

    def json(self, value: Any) -> None:
        sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int, right: bool = False) -> str:
    fill = " " * max(0, cols - width(text))
    return fill + text if right else text + fill


def table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    """Rows aligned in columns (CJK-aware)."""
    right = right or set()
    cols = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    out = ["  ".join(pad(h, cols[i], i in right) for i, h in enumerate(headers)).rstrip()]
    out.append("  ".join("-" * c for c in cols))
    out.extend("  ".join(pad(c, cols[i], i in right) for i, c in enumerate(r)).rstrip() for r in rows)
    return out


def bar(score: float | None, cols: int = 20) -> str:
    if score is None:
        return ""
    filled = round(max(0.0, min(100.0, score)) / 100 * cols)
    return "█" * filled + "░" * (cols - filled)

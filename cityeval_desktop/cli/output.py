"""Console output helpers: language choice, aligned tables, JSON, error lines."""

from __future__ import annotations

import json
import sys
import unicodedata
from typing import TYPE_CHECKING, Any

from cityeval_desktop.domain.wording import count

if TYPE_CHECKING:
    from cityeval_desktop.domain.scoring import Result


MAX_ERROR_LINES = 50  # a file with 50,000 unknown ids gets 50 lines and a count, not 50,000 lines


def safe(text: str) -> str:
    """Text for a terminal: control characters (ESC, newlines, BEL...) and bidi overrides made visible.

    Entity names, notes and file names come from outside; printed raw, an ESC sequence in a name
    could rewrite the screen or a newline could fake an extra line of output.
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or unicodedata.category(ch) == "Zs":
            out.append(ch)
        elif ch == "\t":
            out.append(ch)  # some commands print tab-separated columns
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}")
    return "".join(out)


class Out:
    """Writes to stdout/stderr in the chosen language; text from outside cannot drive the terminal."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def t(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def line(self, text: str = "") -> None:
        sys.stdout.write(safe(text) + "\n")

    def error(self, text: str) -> None:
        sys.stderr.write(f"error: {safe(text)}\n")

    def errors_of(self, lines: list[str]) -> None:
        """One error line per problem, at most MAX_ERROR_LINES, then how many more there are."""
        for line in lines[:MAX_ERROR_LINES]:
            self.error(line)
        if len(lines) > MAX_ERROR_LINES:
            more = len(lines) - MAX_ERROR_LINES
            self.error(self.t(f"……另有 {more} 个问题未列出", f"... and {count(more, 'more problem')} not listed"))

    def warning(self, text: str) -> None:
        sys.stderr.write(f"warning: {safe(text)}\n")

    def json(self, value: Any, *, compact: bool = False) -> None:
        """``value`` as JSON; ``compact`` (one line, no indentation) for large outputs: Python's
        indenting encoder is several times slower than its C encoder (10,000 rows: 0.6 s)."""
        indent = None if compact else 2
        self.json_text(json.dumps(value, ensure_ascii=False, indent=indent))

    def json_text(self, text: str) -> None:
        """A JSON document written by the caller (as :meth:`json` writes it: one document, then a newline)."""
        sys.stdout.write(text + "\n")


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


def result_line(out: Out, result: Result, tier_title: str, self_assessment: bool) -> str:
    """The "Total … Grade …" line of ``case show``.

    A provisional result (an indicator unanswered or a veto undecided) is a running figure: it is
    labelled so and shows no grade word or stars (DESIGN §4); ``--json`` keeps ``grade`` and adds
    ``provisional``.
    """
    t, r = out.t, result
    vetoes = ", ".join(r.vetoed)
    if r.vetoed:
        grade_text = t(f"否决（{vetoes}）", f"VETOED ({vetoes})")
    elif r.provisional:
        missing = len(r.unanswered)
        undecided = len(r.undecided_vetoes)
        parts = []
        if missing:
            parts.append(t(f"{missing} 个指标未作答", f"{count(missing, 'indicator')} unanswered"))
        if undecided:
            parts.append(t(f"{undecided} 个否决项未判定", f"{count(undecided, 'veto item')} undecided"))
        grade_text = t(f"暂不评定（{'，'.join(parts)}）", f"Not rated yet ({', '.join(parts)})")
    else:
        grade_text = r.label(out.lang)  # the public words: tier, stars and grade title, or why not
    if self_assessment:
        grade_text += t("  [自评结果]", "  [self-assessment]")
    total = t("总分（暂计）", "Total (provisional)") if r.provisional else t("总分", "Total")
    return f"{total}: {r.total_shown}   {t('等级', 'Grade')}: {grade_text}"

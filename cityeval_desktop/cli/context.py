"""The context a command works on; a database opened read-only by necessity is announced once on stderr."""

from __future__ import annotations

import argparse
import logging
import os

from cityeval_desktop.cli.output import Out
from cityeval_desktop.services.context import AppContext, open_context


def command_language(args: argparse.Namespace) -> str:
    """``--lang``, else ``CITYEVAL_LANG``, else Chinese."""
    lang = getattr(args, "lang", None) or os.environ.get("CITYEVAL_LANG", "zh")
    return "en" if lang == "en" else "zh"


_opened: list[AppContext] = []


def command_context(args: argparse.Namespace) -> AppContext:
    """Open ``--db`` / ``--data-dir``; say why when it could only be opened read-only (read-only media, full disk)."""
    ctx = open_context(getattr(args, "db", None), getattr(args, "data_dir", None))
    _opened.append(ctx)
    if ctx.read_only_reason is not None:
        out = Out(command_language(args))
        out.warning(ctx.read_only_reason.get(out.lang))
    return ctx


def close_all() -> None:
    """Close what the command opened, so SQLite removes its -wal/-shm even after a failure (a damaged file)."""
    while _opened:
        ctx = _opened.pop()
        try:
            ctx.close()
        except Exception:  # closing after a failure must not hide the failure's own message
            logging.getLogger(__name__).exception("closing the database failed")

"""The log file of one run: attached once, and known to be written or not.

A message pointing at "the details in the log" is true only when the log was written; when its
folder cannot be made or a write fails (a full disk, read-only media), :func:`details_hint` names
the folder and the reason instead. A failing write never prints Python's "--- Logging error ---"
traceback on stderr, after a clean error line.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

from cityeval_desktop import paths
from cityeval_desktop.domain.os_errors import os_reason
from cityeval_desktop.domain.text import Text

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _LogFileHandler(logging.FileHandler):
    """A file handler that remembers its first failed write instead of printing a traceback."""

    failure: BaseException | None = None

    def handleError(self, record: logging.LogRecord) -> None:
        exc = sys.exc_info()[1]
        if self.failure is None and exc is not None:
            self.failure = exc


class Logbook:
    """Where this run logs, and whether that worked."""

    def __init__(self, file: Path, handler: _LogFileHandler | None, failure: BaseException | None) -> None:
        self.file = file
        self.handler = handler
        self._failure = failure

    @property
    def failure(self) -> BaseException | None:
        """Why the log could not be opened or written (None while everything was written)."""
        return self._failure or (self.handler.failure if self.handler is not None else None)

    @property
    def written(self) -> bool:
        if self.handler is not None and self.failure is None:
            try:
                self.handler.flush()
            except OSError as exc:
                self.handler.failure = exc
        return self.handler is not None and self.failure is None

    def details_hint(self) -> Text:
        """ "details are in the log FILE", or where the log could not be written and why."""
        if self.written:
            return Text(f"详情已写入日志 {self.file}", f"details are in the log {self.file}")
        failure = self.failure
        reason = os_reason(failure) if isinstance(failure, OSError) else Text("无法写入", "it cannot be written")
        return Text(
            f"日志无法写入（{self.file.parent}：{reason.zh}），详情没有保存",
            f"the log could not be written ({self.file.parent}: {reason.en}); the details were not saved",
        )


_current: dict[str, Logbook] = {}


def start(data_dir: Path | None, name: str) -> Logbook:
    """Log this run (level INFO) to ``logs/NAME`` in the data folder; the book says whether it could."""
    previous = _current.pop("book", None)
    if previous is not None and previous.handler is not None:  # a second run in one process (tests)
        logging.getLogger().removeHandler(previous.handler)
        with contextlib.suppress(OSError):  # its last bytes may not fit either
            previous.handler.close()
    file = paths.log_dir(data_dir) / name
    handler: _LogFileHandler | None = None
    failure: BaseException | None = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handler = _LogFileHandler(file, encoding="utf-8")
    except OSError as exc:
        failure = exc
    root = logging.getLogger()
    if handler is not None:
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    book = Logbook(file, handler, failure)
    _current["book"] = book
    return book


def join(file: Path | None) -> None:
    """In a worker process: log to the parent's file (None: the parent has none; log nowhere), never to
    the terminal, where a library's warnings would read as the program's output."""
    root = logging.getLogger()
    handler: logging.Handler = logging.NullHandler()
    if file is not None:
        with contextlib.suppress(OSError):
            handler = _LogFileHandler(file, encoding="utf-8")
            handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def current() -> Logbook | None:
    """The book of this run (None before :func:`start`)."""
    return _current.get("book")


def details_hint() -> Text:
    book = current()
    if book is None:
        return Text("没有日志文件", "there is no log file")
    return book.details_hint()

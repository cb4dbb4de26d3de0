"""Checking the packages of a large import in worker processes while the import stores and commits.

The checks of a package (signatures, the report, the sealed content, the recomputed result) are pure
Python and hold the interpreter for some 80 ms each; storing the files and committing wait mostly on the
disk. With the checks in worker processes, a few packages ahead, the import of many packages uses every
core: ``package import`` of 500 packages went from 101 s to under 60 s on 2 cores
(``tests/benchmarks/package_bench.py``).

Only the checks run in the workers; they read nothing but the package file and the trust anchors and
revocation lists given at the start, and decide nothing about the database. Every decision that reads
the database, every file stored and every transaction stays in the importing process, in order. An
encrypted package is opened and checked in the importing process (its key stays there). A worker that
fails (killed, out of memory) costs nothing but speed: the package is checked again in the importing
process, and so are the ones after it.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from cityeval_desktop.services import logbook
from cityeval_desktop.services.package_check import PackageCheck, check_package

log = logging.getLogger(__name__)

#: Fewer packages than this are checked in the importing process (starting a worker costs about a second).
MIN_FILES = 16
MAX_WORKERS = 4

# set in each worker by _start
_TRUSTED: list[x509.Certificate] = []
_REVOKED: Callable[..., Any] | None = None


def _start(trusted_der: tuple[bytes, ...], index: Any, log_file: str | None) -> None:
    global _TRUSTED, _REVOKED
    threading.Thread(target=_end_with_parent, name="end-with-parent", daemon=True).start()
    logbook.join(None if log_file is None else Path(log_file))
    _TRUSTED = [x509.load_der_x509_certificate(d) for d in trusted_der]
    _REVOKED = index.problem


def _end_with_parent() -> None:
    """End this worker as soon as the importing process is gone (killed: nobody is left to shut the pool
    down, and an orphan would hold the terminal's pipes open)."""
    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        multiprocessing.connection.wait([parent.sentinel])
    else:  # no sentinel: watch for the parent to change
        first = os.getppid()
        while os.getppid() == first:
            time.sleep(0.2)
    os._exit(1)


def _check(path: str) -> PackageCheck:
    return check_package(Path(path), _TRUSTED, revoked=_REVOKED)


def _log_file() -> str | None:
    book = logbook.current()
    return str(book.file) if book is not None and book.handler is not None else None


def cores() -> int:
    """The processor cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def worker_count(files: int, *, workers: int | None = None) -> int:
    """How many worker processes an import of ``files`` packages uses (0: none, check in process)."""
    if workers is not None:
        return max(0, min(workers, MAX_WORKERS))
    available = cores()
    if files < MIN_FILES or available < 2:
        return 0
    return min(MAX_WORKERS, available)


class CheckAhead:
    """Checks the given files in worker processes, at most ``2 x workers`` ahead of the caller.

    :meth:`take` returns the check of a file (waiting for it), or None when the caller must check it
    itself: a file that was not sent (``wanted`` said no), or a worker that failed.
    """

    def __init__(
        self,
        files: Sequence[Path],
        trusted: Sequence[x509.Certificate],
        index: Any,
        workers: int,
        *,
        wanted: Callable[[Path], bool],
    ) -> None:
        self._files = list(files)
        self._wanted = wanted
        self._window = 2 * workers
        self._next = 0  # the next file to consider sending
        self._pending: dict[int, cf.Future[PackageCheck]] = {}
        self._broken = False
        self._pool: cf.ProcessPoolExecutor | None = cf.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),  # no fork of a process with open databases
            initializer=_start,
            initargs=(tuple(c.public_bytes(Encoding.DER) for c in trusted), index, _log_file()),
        )

    def take(self, position: int) -> PackageCheck | None:
        """The check of ``files[position]``; call with increasing positions."""
        self._fill(position)
        future = self._pending.pop(position, None)
        if future is None:
            return None
        try:
            return future.result()
        except Exception:  # a worker that died, or a check that failed unexpectedly: check here instead
            log.exception(
                "checking %s in a worker process failed; it is checked in this process", self._files[position]
            )
            self._broken = True
            self.close()
            return None

    def _fill(self, position: int) -> None:
        if self._broken or self._pool is None:
            return
        self._next = max(self._next, position)
        while self._next < len(self._files) and self._next < position + self._window:
            path = self._files[self._next]
            if self._wanted(path):
                try:
                    self._pending[self._next] = self._pool.submit(_check, str(path))
                except RuntimeError:  # the pool broke or was shut down
                    self._broken = True
                    return
            self._next += 1

    def close(self) -> None:
        """Stop the workers: nothing waiting is started, a check running finishes, and they are gone
        when this returns."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()

    def __enter__(self) -> CheckAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

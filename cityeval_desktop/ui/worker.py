"""One helper for long work: run a function off the GUI thread with progress and cancel."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger("cityeval.ui.worker")


class Cancelled(Exception):  # noqa: N818 - reads as "the user cancelled"
    """Raised inside a background function when the user pressed Cancel."""


class Progress:
    """Handed to the background function: report progress, check for cancel."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self._signals.progressed.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop (call between steps)."""
        if self._cancel.is_set():
            raise Cancelled


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], signals: _Signals, progress: Progress) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals
        self._progress = progress
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn(self._progress)
        except BaseException as exc:  # delivered to the GUI thread, never raised here
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)
        finally:
            self._signals.finished.emit()


class BackgroundOperation(QObject):
    """``BackgroundOperation(parent, fn).success(cb).failure(cb).run()``.

    ``fn(progress)`` runs on a worker thread and must not touch widgets; callbacks run on
    the GUI thread. A progress dialog with Cancel appears when the work takes > 400 ms, unless
    ``show_dialog`` is False: a page that shows the progress itself (the import page's bar and
    Cancel button) gets it through :meth:`progressed` and stops the work with :meth:`cancel`.
    """

    _running: set[BackgroundOperation] = set()  # noqa: RUF012 - keeps operations alive until done
    _pool: QThreadPool | None = None

    def __init__(
        self,
        parent: QWidget | None,
        fn: Callable[[Progress], Any],
        *,
        title: str = "",
        cancellable: bool = True,
        show_dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self._fn = fn
        self._title = title
        self._cancellable = cancellable
        self._show_dialog = show_dialog
        self._on_progress: Callable[[int, int, str], None] | None = None
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_cancelled: Callable[[], None] | None = None
        self._signals = _Signals()
        self._progress = Progress(self._signals)
        self._dialog: QProgressDialog | None = None
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False

    def success(self, callback: Callable[[Any], None]) -> BackgroundOperation:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> BackgroundOperation:
        self._on_failure = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> BackgroundOperation:
        """Called on the GUI thread when the work stopped because the user pressed Cancel."""
        self._on_cancelled = callback
        return self

    def progressed(self, callback: Callable[[int, int, str], None]) -> BackgroundOperation:
        """Called on the GUI thread with ``(done, total, text)`` each time the work reports progress."""
        self._on_progress = callback
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next check (what the progress dialog's Cancel does)."""
        self._on_canceled()

    @property
    def cancel_requested(self) -> bool:
        """Whether Cancel was pressed (work that stops between steps may still return what it did)."""
        return self._progress.cancelled

    @classmethod
    def pool(cls) -> QThreadPool:
        # one worker: database work is serialized, as in Anki's CollectionOp
        if cls._pool is None:
            cls._pool = QThreadPool()
            cls._pool.setMaxThreadCount(1)
        return cls._pool

    def run(self) -> BackgroundOperation:
        parent = self.parent()
        if self._show_dialog:
            self._make_dialog(parent if isinstance(parent, QWidget) else None)
        self._signals.progressed.connect(self._on_progressed)
        self._signals.succeeded.connect(self._on_succeeded)
        self._signals.failed.connect(self._on_failed)
        self._signals.finished.connect(self._on_finished)
        BackgroundOperation._running.add(self)
        self.pool().start(_Job(self._fn, self._signals, self._progress))
        return self

    def _make_dialog(self, parent: QWidget | None) -> None:
        dialog = QProgressDialog(
            self._title,
            self.tr("Cancel") if self._cancellable else "",
            0,
            0,
            parent,
        )
        dialog.setWindowTitle(self._title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self._cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self._on_canceled)
        if self._cancellable:  # Esc rejects the dialog, which may hide it without its canceled signal
            dialog.rejected.connect(self._on_canceled)
        self._dialog = dialog

    @Slot()
    def _on_canceled(self) -> None:
        self._progress.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(self.tr("Cancelling…"))

    @Slot(int, int, str)
    def _on_progressed(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, text)
        # setValue() of a modal progress dialog processes events, which may deliver the result
        # and close the dialog under us: work on a local reference
        dialog = self._dialog
        if dialog is None:
            return
        if text and not self._progress.cancelled:  # "Cancelling…" stays until the work stops
            dialog.setLabelText(text)
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        self.result = result
        self._close_dialog()
        if self._on_success is not None:
            self._on_success(result)

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self.error = exc
        self._close_dialog()
        if isinstance(exc, Cancelled):
            log.info("operation cancelled: %s", self._title)
            if self._on_cancelled is not None:
                self._on_cancelled()
            else:
                self._say_cancelled()
            return
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            from cityeval_desktop.ui.errors import show_error

            parent = self.parent()
            show_error(parent if isinstance(parent, QWidget) else None, exc)

    def _say_cancelled(self) -> None:
        """Work without a cancel callback of its own stops before it writes: say so in the status bar."""
        from PySide6.QtWidgets import QMainWindow, QMessageBox

        text = self.tr("Cancelled; nothing was saved.")
        parent = self.parent()
        window = parent.window() if isinstance(parent, QWidget) else None
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 15000)
        else:
            QMessageBox.information(window, self._title, text)

    @Slot()
    def _on_finished(self) -> None:
        self.done = True
        BackgroundOperation._running.discard(self)

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None

"""Error dialogs: what went wrong, where, what to do — never a traceback."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from cityeval_desktop.domain.text import DomainError
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.ui import i18n

log = logging.getLogger("cityeval.ui")


def describe(exc: BaseException, lang: str | None = None) -> list[str]:
    """User-facing lines for an exception from the services."""
    from cityeval_desktop.domain.loader import FrameworkError  # (not at start-up: only errors need it)

    lang = lang or i18n.lang()
    if isinstance(exc, InputError | FrameworkError):
        return exc.render(lang)
    if isinstance(exc, DomainError):
        return [exc.render(lang)]
    return [
        QCoreApplication.translate(
            "errors", "An unexpected error occurred. Nothing further was changed. Details are in the log file."
        ),
        f"{type(exc).__name__}: {exc}",
    ]


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Show an error dialog for ``exc`` (details of unexpected errors go to the log)."""
    from cityeval_desktop.domain.loader import FrameworkError

    if not isinstance(exc, DomainError | InputError | FrameworkError):
        log.error("unexpected error", exc_info=exc)
    lines = describe(exc)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or QCoreApplication.translate("errors", "Cannot do that"))
    box.setText(lines[0])
    if len(lines) > 1:
        box.setInformativeText("\n".join(lines[1:8]) + ("\n…" if len(lines) > 8 else ""))
    box.exec()

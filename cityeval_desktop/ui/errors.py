"""Error dialogs: what went wrong, where, what to do — never a traceback, an option or an internal path.

The services name where a problem is the way the command line does (``--region``, ``P2.1.value``,
``answers.P1.1.reason``); :func:`field_name` is the one place that turns those into the field names
the window shows, in the interface language.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from cityeval_desktop.domain.text import CityEvalError, DomainError
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.ui import i18n

log = logging.getLogger("cityeval.ui")

# P2.1.value, answers.P1.1.reason, S.evidence[0] (scan.pdf): an answers-document path
_ANSWER_PATH = re.compile(
    r"^(?:answers\.)?(?P<id>[^\s.\[]+(?:\.[^\s.\[]+)*?)\.(?P<field>value|reason|note|not_applicable|evidence)"
    r"(?:\[\d+\])?(?P<rest>\s.*)?$"
)
_VETO_PATH = re.compile(r"^vetoes\.(?P<id>\S+)$")
# "--uscc 9135…": an option, then the value the user gave
_OPTION = re.compile(r"^(?P<option>--[a-z][a-z-]*)(?P<rest>\s.*)?$")
# "answers.json: answers.P1.1.value": a file, then a path inside it
_IN_FILE = re.compile(r"^(?P<file>.+?): (?P<path>(?:answers|vetoes)(?:\..*)?)$")


def _option_names() -> dict[str, str]:
    # each literal is spelled out so that lupdate collects it
    return {
        "--identity": QCoreApplication.translate("errors", "signing identity"),
        "--region": QCoreApplication.translate("errors", "region code"),
        "--uscc": QCoreApplication.translate("errors", "unified social credit code"),
        "--entity-name": QCoreApplication.translate("errors", "entity name"),
        "--assessor": QCoreApplication.translate("errors", "assessor"),
        "--tier": QCoreApplication.translate("errors", "tier"),
        "--mode": QCoreApplication.translate("errors", "assessment mode"),
        "--framework": QCoreApplication.translate("errors", "framework"),
        "--reason": QCoreApplication.translate("errors", "reason for the amendment"),
        "--report-lang": QCoreApplication.translate("errors", "report language"),
        "--file": QCoreApplication.translate("errors", "answers file"),
        "--trust": QCoreApplication.translate("errors", "trusted certificate"),
        "--name": QCoreApplication.translate("errors", "name"),
        "--org": QCoreApplication.translate("errors", "organisation"),
    }


def _answer_field(indicator_id: str, field: str) -> str:
    names = {
        "value": QCoreApplication.translate("errors", "answer of %1"),
        "reason": QCoreApplication.translate("errors", "N/A reason of %1"),
        "note": QCoreApplication.translate("errors", "note of %1"),
        "not_applicable": QCoreApplication.translate("errors", "N/A mark of %1"),
        "evidence": QCoreApplication.translate("errors", "evidence of %1"),
    }
    return names[field].replace("%1", indicator_id)


def field_name(where: str) -> str:
    """``where`` of a problem as the window names it (the interface language); other places unchanged.

    ``--region 35010`` → "region code 35010"; ``P2.1.value`` → "answer of P2.1"; ``vetoes.V1`` → "veto V1";
    a file path, a case reference or a ``Sheet!Cell`` stays as it is.
    """
    where = where.strip()
    in_file = _IN_FILE.match(where)
    if in_file:
        inner = in_file["path"]
        if inner in ("answers", "vetoes"):
            return in_file["file"]
        return f"{in_file['file']}{_separator()}{field_name(inner)}"
    m = _OPTION.match(where)
    if m:
        name = _option_names().get(m["option"])
        if name is not None:
            return name + (m["rest"] or "")
        return (m["rest"] or "").strip()  # an option the window has no name for: only the value
    m = _ANSWER_PATH.match(where)
    if m:
        return _answer_field(m["id"], m["field"]) + (m["rest"] or "")
    m = _VETO_PATH.match(where)
    if m:
        return QCoreApplication.translate("errors", "veto %1").replace("%1", m["id"])
    if where == "evidence limit" or where.startswith("CITYEVAL_EVIDENCE_LIMIT_MB"):
        return QCoreApplication.translate("errors", "evidence file size limit")
    return where


def _separator() -> str:
    return "：" if i18n.lang() == "zh" else ": "


def problem_line(problem: DomainError, lang: str | None = None) -> str:
    """One problem: "<field>: <what happened, what to do>" in the interface language."""
    text = problem.message.get(lang or i18n.lang())
    where = field_name(problem.where) if problem.where else ""
    return f"{where}{_separator()}{text}" if where else text


def describe(exc: BaseException, lang: str | None = None) -> list[str]:
    """User-facing lines for an exception from the services."""
    lang = lang or i18n.lang()
    if isinstance(exc, InputError):  # fields named as the window names them
        return [problem_line(p, lang) for p in exc.problems]
    if isinstance(exc, DomainError):
        return [problem_line(exc, lang)]
    if isinstance(exc, CityEvalError):
        return exc.lines(lang)
    from cityeval_desktop.services import logbook

    book = logbook.current()
    if book is not None and book.written:
        return [
            QCoreApplication.translate(
                "errors", "An unexpected error occurred. Nothing further was changed. Details are in the log file %1."
            ).replace("%1", str(book.file))
        ]
    return [  # no pointer to a log that is not there: where it could not be written, and why
        QCoreApplication.translate("errors", "An unexpected error occurred. Nothing further was changed; %1.").replace(
            "%1", logbook.details_hint().get(lang)
        )
    ]


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Show an error dialog for ``exc`` (details of unexpected errors go to the log)."""
    expected = isinstance(exc, CityEvalError)
    if not expected:
        log.error("unexpected error", exc_info=exc)
    lines = describe(exc)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or QCoreApplication.translate("errors", "Cannot do that"))
    box.setText(lines[0])
    if len(lines) > 1:
        box.setInformativeText("\n".join(lines[1:8]) + ("\n…" if len(lines) > 8 else ""))
    if not expected:
        box.setDetailedText(f"{type(exc).__name__}: {exc}")  # behind "Show Details…", for a support request
    box.exec()

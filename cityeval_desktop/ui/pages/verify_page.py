"""Verify a signed PDF report: one plain verdict, then per signature who signed, when, and what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.services import signatures
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.signatures import coverage_text, role_title
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

OK_COLOUR, BAD_COLOUR, WARN_COLOUR = "#1b7f3b", "#b3261e", "#8a5a00"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class VerifyPage(QWidget):
    """Pick (or drop) a PDF; verification runs on the background worker against the trust list."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.operation: BackgroundOperation | None = None
        self.verdict: Any = None
        #: the checks of a result certificate (services/certificates.py), None for any other PDF
        self.certificate: Any = None
        self.setAcceptDrops(True)
        intro = QLabel(
            self.tr(
                "Check a signed report: whether it is unchanged since signing, whether the signature is valid "
                "and whether the signer is trusted here. You can also drop a PDF file on this page."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName(self.tr("PDF file to verify"))
        self.path_edit.setPlaceholderText(self.tr("PDF file to verify"))
        self.path_edit.returnPressed.connect(lambda: self.verify())
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        self.browse_button.clicked.connect(self._on_browse)
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.verify_button.clicked.connect(lambda: self.verify())
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        row.addWidget(self.verify_button)
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.details = QTextBrowser(self)
        self.details.setAccessibleName(self.tr("Verification result"))
        self.details.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.headline)
        layout.addWidget(self.details, 1)

    @Slot()
    def _on_browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Signed PDF report"), self.path_edit.text(), self.tr("PDF (*.pdf)")
        )
        if name:
            self.path_edit.setText(name)
            self.verify()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.path_edit.setText(urls[0].toLocalFile())
            self.verify()

    def verify(self, path: Path | None = None) -> BackgroundOperation | None:
        """Verify the file named in the box (or ``path``)."""
        if path is not None:
            self.path_edit.setText(str(path))
        text = self.path_edit.text().strip()
        if not text:
            self._show_headline(self.tr("Choose a PDF file first."), WARN_COLOUR)
            return None
        target, ctx = Path(text).expanduser(), self._ctx

        def work(_progress: Progress) -> object:
            from cityeval_desktop.services.certificates import check_certificate

            verdict = signatures.verify_signed_pdf(ctx, target)
            return verdict, check_certificate(ctx, verdict.signatures)  # a result certificate's own checks

        self.verify_button.setEnabled(False)
        self.details.clear()
        self._show_headline(self.tr("Verifying…"), WARN_COLOUR)
        self.operation = (
            BackgroundOperation(self, work, title=self.tr("Verifying the signature"), cancellable=False)
            .success(self._on_verified)
            .failure(self._on_failed)
            .run()
        )
        return self.operation

    def _show_headline(self, text: str, colour: str) -> None:
        self.headline.setText(text)
        self.headline.setStyleSheet(f"font-size: 14pt; font-weight: 600; color: {colour};")

    def _on_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.verdict = None
        self._show_headline(self.tr("Not verified: the file could not be checked"), BAD_COLOUR)
        self.details.setHtml("".join(f"<p>{_esc(line)}</p>" for line in describe(exc)))

    def _on_verified(self, result: Any) -> None:
        self.verify_button.setEnabled(True)
        verdict, certificate = result
        self.verdict = verdict
        self.certificate = certificate
        reports = verdict.signatures
        if not reports:
            self._show_headline(self.tr("Not signed: this PDF carries no digital signature"), BAD_COLOUR)
            self.details.setHtml(
                "<p>" + _esc(self.tr("Only a signed report proves who issued it and that it is unchanged.")) + "</p>"
            )
            return
        if verdict.ok and certificate is not None and not certificate.ok:
            self._show_headline(
                self.tr("✘ Not valid: the certificate's facts do not match its QR code or the case"), BAD_COLOUR
            )
        elif verdict.ok:
            self._show_headline(self.tr("✔ Valid: unchanged since signing, signed by a trusted signer"), OK_COLOUR)
        elif any(r.revocation is not None for r in reports):
            self._show_headline(
                self.tr("✘ Not accepted: the signer's certificate had been revoked when this was signed"), BAD_COLOUR
            )
        elif all(r.intact and r.valid and r.covers_whole_document for r in reports):
            self._show_headline(self.tr("⚠ Signature intact, but the signer is not trusted here"), WARN_COLOUR)
        else:
            self._show_headline(self.tr("✘ Not valid: the file was changed or the signature is broken"), BAD_COLOUR)
        html = "".join(self._signature_html(r, n) for n, r in enumerate(reports, start=1))
        self.details.setHtml(html + (self._certificate_html(certificate) if certificate is not None else ""))

    def _certificate_html(self, check: Any) -> str:
        """A result certificate: its QR value, whether its facts hash to it, and the comparison with the case."""
        yes, no = f"color:{OK_COLOUR}", f"color:{BAD_COLOUR}"
        facts = check.facts or {}
        rows = [
            (self.tr("Certificate number"), _esc(str(facts.get("certificate_no") or "–")), ""),
            (self.tr("QR code"), _esc(check.qr_text or "–"), ""),
            (
                self.tr("Facts and hash"),
                _esc(self.tr("match") if check.hash_matches else self.tr("do not match")),
                yes if check.hash_matches else no,
            ),
        ]
        if check.matched is not None:
            rows.append((self.tr("Case check"), _esc(i18n.pick(check.matched)), yes))
        elif check.differences:
            rows.append((self.tr("Case check"), _esc(self.tr("differs from the case")), no))
        body = "".join(f"<tr><td><b>{_esc(k)}</b></td><td style='{style}'>{v}</td></tr>" for k, v, style in rows)
        problems = "".join(f"<li>{_esc(i18n.pick(p))}</li>" for p in [*check.problems, *check.differences])
        notes = "".join(f"<li>{_esc(i18n.pick(n))}</li>" for n in check.notes)
        title, wrong, note = self.tr("Result certificate"), self.tr("What is wrong"), self.tr("Please note")
        return (
            f"<h3>{_esc(title)}</h3><table cellpadding='3'>{body}</table>"
            + (f"<p><b>{_esc(wrong)}</b></p><ul>{problems}</ul>" if problems else "")
            + (f"<p><b>{_esc(note)}</b></p><ul style='color:{WARN_COLOUR}'>{notes}</ul>" if notes else "")
        )

    def _signature_html(self, r: Any, number: int) -> str:
        yes, no = f"color:{OK_COLOUR}", f"color:{BAD_COLOUR}"
        when = r.signing_time.astimezone().strftime("%Y-%m-%d %H:%M:%S") if r.signing_time else "–"
        signer = r.signer_name + (f" ({r.organisation})" if r.organisation else "")
        unchanged = r.intact and r.covers_whole_document
        rows = [
            (self.tr("Signer"), _esc(signer), ""),
            (self.tr("Signed at"), _esc(when), ""),
            (self.tr("Certificate fingerprint"), _esc(r.fingerprint), ""),
            (
                self.tr("Content"),
                _esc(i18n.pick(coverage_text(r)) if unchanged else self.tr("changed after signing")),
                yes if unchanged else no,
            ),
            (
                self.tr("Signature"),
                _esc(self.tr("valid") if r.valid else self.tr("invalid")),
                yes if r.valid else no,
            ),
            (
                self.tr("Trust"),
                _esc(self.tr("trusted (in the trust list)") if r.trusted else self.tr("not in the trust list")),
                yes if r.trusted else no,
            ),
        ]
        if r.revocation is not None:
            rows.append((self.tr("Revocation"), _esc(self.tr("revoked before it was signed")), no))
        body = "".join(f"<tr><td><b>{_esc(k)}</b></td><td style='{style}'>{v}</td></tr>" for k, v, style in rows)
        problems = "".join(f"<li>{_esc(i18n.pick(p))}</li>" for p in r.problems)
        problems_h = self.tr("What is wrong")
        notes = "".join(f"<li>{_esc(i18n.pick(n))}</li>" for n in r.notes)
        notes_h = self.tr("Please note")
        title = self.tr("Signature %1").replace("%1", str(number))  # the PDF's field name is an internal id
        role = role_title(r)
        if role is not None:  # 评估组长 / 评估机构 / 审核人: the field the report made for that signer
            title += " · " + _esc(i18n.pick(role))
        return (
            f"<h3>{title}</h3><table cellpadding='3'>{body}</table>"
            + (f"<p><b>{problems_h}</b></p><ul>{problems}</ul>" if problems else "")
            + (f"<p><b>{notes_h}</b></p><ul style='color:{WARN_COLOUR}'>{notes}</ul>" if notes else "")
        )

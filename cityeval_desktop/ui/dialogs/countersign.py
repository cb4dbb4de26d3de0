"""The reviewer's countersignature (审核人签名): the reviewer's identity and password; signed on the worker.

The signature is added by ``services/reporting.py countersign_with_identity_file`` (the same service as
``cityeval report countersign``) into the reviewer's box of the stored final report, after the lead
assessor's and the organisation's signatures; the dialog then names the three signatures, or says why
nothing was signed (not the team's reviewer, countersigned already, a wrong password).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Signal, Slot
from PySide6.QtWidgets import QWidget

from cityeval_desktop.domain.case_data import REVIEWER
from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui.dialogs.identity_form import IdentityFormDialog
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

#: the reviewer's identity file last used here (the lead's is remembered by the finalize dialog)
LAST_REVIEWER_KEY = "countersign/last_identity"


class CountersignDialog(IdentityFormDialog):
    """Asks for the reviewer's identity and password; ``countersigned`` carries the CountersignResult."""

    countersigned = Signal(object)

    def __init__(self, ctx: AppContext, detail: CaseDetail, parent: QWidget | None = None) -> None:
        reviewers = "、".join(m.name for m in detail.case_data.with_role(REVIEWER)) or "–"
        super().__init__(
            ctx,
            detail.summary.ref,
            parent,
            title=self.tr("Countersign as reviewer"),
            intro=self.tr(
                "The team's reviewer adds the third signature to this finalized report, in its reviewer's box, "
                "after the lead assessor's and the organisation's. Their signatures stay valid; the "
                "countersigned report replaces the stored one. Reviewer of this case: %1."
            ).replace("%1", reviewers),
            identity_label=self.tr("Reviewer's identity"),
            identity_hint=self.tr("The reviewer's own identity (.p12)"),
            identity=str(QSettings().value(LAST_REVIEWER_KEY, "") or ""),
            remember_key=LAST_REVIEWER_KEY,
            action=self.tr("Countersign"),
            with_folder=False,
        )
        self.sign_button = self.action_button
        self.finish_layout(self.sign)

    @Slot()
    def sign(self) -> BackgroundOperation | None:
        """Check the fields, then countersign on the background worker."""
        if self.busy() or self.refuse(self.identity_checks(self.tr("Choose the reviewer's identity file."))):
            return None
        ctx, ref, identity_path, password = self._ctx, self.ref, self.identity_path, self.password_edit.text()

        def work(progress: Progress) -> Any:
            from cityeval_desktop.services.reporting import countersign_with_identity_file

            progress.report(0, 1, "")
            return countersign_with_identity_file(ctx, ref, identity_path, password)

        return self.start(work, self.tr("Countersigning the report"), self._on_signed)

    def _on_signed(self, result: Any) -> None:
        from cityeval_desktop.services.reporting import report_signatures

        lines = [self.tr("Countersigned by the reviewer %1.").replace("%1", result.signer_name)]
        try:
            sigs = report_signatures(self._ctx, self.ref)
        except Exception:  # the signature is stored: only the summary below is left out
            sigs = None
        if sigs is not None and sigs.org is not None and sigs.reviewer is not None:
            lines.append(
                self.tr("The report now carries three signatures: lead assessor %1, organisation %2, reviewer %3.")
                .replace("%1", sigs.lead)
                .replace("%2", sigs.org)
                .replace("%3", sigs.reviewer)
            )
        lines.append(self.tr("Report SHA-256: %1").replace("%1", result.report_sha256))
        self.done_with(lines)
        self.countersigned.emit(result)

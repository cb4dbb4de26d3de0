"""The empty workbench: what the tool does for each of its three users, what to do first, sample cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.errors import show_error

if TYPE_CHECKING:
    from cityeval_desktop.services.context import AppContext
    from cityeval_desktop.ui.worker import BackgroundOperation, Progress


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class WelcomePanel(QScrollArea):
    """Shown by the case list while there are no cases at all.

    ``samples_loaded`` carries the services' ``LoadResult`` once the sample cases are in the database.
    """

    samples_loaded = Signal(object)
    new_case_requested = Signal()
    self_check_requested = Signal()
    help_requested = Signal()

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.operation: BackgroundOperation | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        body.setObjectName("welcome")
        body.setStyleSheet(
            "#welcome QFrame#card { border: 1px solid #c9d3e0; border-radius: 8px; background: #f7f9fc; }"
        )

        title = QLabel(self.tr("Welcome to CityEval Desktop"), body)
        title.setStyleSheet("font-size: 18pt; font-weight: 600;")
        intro = QLabel(
            self.tr(
                "This workbench assesses the companies that plan, build and run city-wide digital "
                "transformation. Each case scores one company against the framework of its category "
                "(planning & consulting, construction & implementation, operations & maintenance), keeps "
                "every answer, evidence file and change in an audit trail, and ends in a signed report. "
                "There are no cases yet."
            ),
            body,
        )
        intro.setWordWrap(True)

        cards = QHBoxLayout()
        cards.setSpacing(12)
        cards.addWidget(
            self._card(
                self.tr("Third-party assessor"),
                self.tr(
                    "Open a case for a company, walk its checklist indicator by indicator, attach the "
                    "evidence (certificates, contracts, reports), decide the veto items, then finalize: the "
                    "report is signed with your identity and the revision is locked."
                ),
                self.tr("Start with File → New case… (Ctrl+N)."),
            ),
            1,
        )
        cards.addWidget(
            self._card(
                self.tr("Operator (self-check)"),
                self.tr(
                    "Answer plain-language questions about your company in the guided self-check. The score, "
                    "the weak spots (the indicators that lose the most points) and what to do next appear "
                    "as you answer."
                ),
                self.tr("Start with File → Guided self-check (Ctrl+Shift+N)."),
            ),
            1,
        )
        cards.addWidget(
            self._card(
                self.tr("Agency"),
                self.tr(
                    "Import and verify the case packages of many assessors, read the regional view of every "
                    "entity (grades, weak dimensions, self-checks beside third-party results), publish the "
                    "results for public notice and handle the objections to them."
                ),
                self.tr("Start with File → Import case packages… (Ctrl+6), then the Regional view (Ctrl+7)."),
            ),
            1,
        )

        self.load_button = QPushButton(self.tr("&Load sample cases"), body)
        self.load_button.setDefault(True)
        self.load_button.setMinimumHeight(36)
        self.load_button.clicked.connect(self.load_samples)
        self.new_button = QPushButton(self.tr("&New case…"), body)
        self.new_button.clicked.connect(self.new_case_requested)
        self.self_check_button = QPushButton(self.tr("Guided &self-check…"), body)
        self.self_check_button.clicked.connect(self.self_check_requested)
        self.help_button = QPushButton(self.tr("User &guide (F1)"), body)
        self.help_button.clicked.connect(self.help_requested)
        buttons = QHBoxLayout()
        for button in (self.load_button, self.new_button, self.self_check_button, self.help_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.samples_note = QLabel(body)
        self.samples_note.setWordWrap(True)
        self.samples_note.setStyleSheet("color: #555;")
        self.message = QLabel(body)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")

        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(cards)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addWidget(self.samples_note)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.setWidget(body)
        self.attach(ctx)

    def _card(self, heading: str, text: str, first: str) -> QFrame:
        card = QFrame(self)
        card.setObjectName("card")
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        label = QLabel(
            f"<p style='font-size: 12pt; font-weight: 600;'>{_esc(heading)}</p>"
            f"<p>{_esc(text)}</p><p><b>{_esc(first)}</b></p>",
            card,
        )
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        box = QVBoxLayout(card)
        box.setContentsMargins(14, 10, 14, 12)
        box.addWidget(label)
        return card

    def attach(self, ctx: AppContext | None) -> None:
        """Use ``ctx`` from now on; the buttons wait for it (the fast start shows this page before it exists)."""
        self._ctx = ctx
        for button in (self.load_button, self.new_button, self.self_check_button):
            button.setEnabled(ctx is not None and self.operation is None)
        if ctx is not None and not self.samples_note.text():
            # the samples module loads the services (SQLAlchemy): only once the context is there
            from cityeval_desktop.services.samples import DEMO_PASSWORD

            self.samples_note.setText(
                self.tr(
                    "The sample cases are six fictitious companies from Fujian and Zhejiang, one self-check and "
                    "one third-party assessment per category, fully answered with generated evidence files; "
                    "some are finalized and two were amended. The finalized samples are signed by a demo "
                    "identity made for them (password: %1). It is not a real assessor's identity: do not use "
                    "it for real cases."
                ).replace("%1", DEMO_PASSWORD)
            )

    @Slot()
    def load_samples(self) -> BackgroundOperation | None:
        """Make the sample cases in the background (a few seconds: reports are rendered and signed).

        Cancel stops before the next sample: the one being made is finished whole (a sample is many
        stored steps, some signed, and none is left half-made), the others are not started."""
        from cityeval_desktop.ui.worker import BackgroundOperation

        if self._ctx is None or self.operation is not None:
            return None
        ctx, lang = self._ctx, i18n.lang()

        def work(progress: Progress) -> object:
            from cityeval_desktop.services.samples import load_samples

            return load_samples(ctx, lang=lang, progress=progress.report, cancelled=lambda: progress.cancelled)

        self.message.clear()
        self.load_button.setEnabled(False)
        self.operation = BackgroundOperation(self, work, title=self.tr("Loading sample cases"))
        self.operation.success(self._on_loaded).failure(self._on_failed).run()
        return self.operation

    def _on_loaded(self, result: object) -> None:
        self.operation = None
        self.attach(self._ctx)
        count = len(getattr(result, "cases", ()))
        if getattr(result, "cancelled", False):
            text = (
                i18n.plural(
                    count,
                    self.tr("Cancelled after %1 sample case; the others were not made."),
                    self.tr("Cancelled after %1 sample cases; the others were not made."),
                )
                if count
                else self.tr("Cancelled; no sample case was loaded.")
            )
        else:
            text = i18n.plural(
                count,
                self.tr("%1 sample case loaded; if finalized, it is signed by the demo identity."),
                self.tr("%1 sample cases loaded; the finalized ones are signed by the demo identity."),
            )
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 15000)
        self.samples_loaded.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.operation = None
        self.attach(self._ctx)
        self.message.setText(self.tr("The sample cases could not all be loaded; the list shows those that were."))
        show_error(self, exc, self.tr("Sample cases not loaded"))
        self.samples_loaded.emit(None)

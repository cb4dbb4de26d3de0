"""Identities & trust: my identities, the trust list and verifying a signed PDF, as three tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui.pages.identities_page import IdentitiesPage
from cityeval_desktop.ui.pages.trust_page import TrustPage
from cityeval_desktop.ui.pages.verify_page import VerifyPage

TAB_IDENTITIES, TAB_TRUST, TAB_VERIFY = range(3)


class SigningPage(QWidget):
    """A change to the trust list refreshes the identities' "trusted" column."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.identities = IdentitiesPage(ctx, self.tabs)
        self.trust = TrustPage(ctx, self.tabs)
        self.verify = VerifyPage(ctx, self.tabs)
        self.tabs.addTab(self.identities, self.tr("My identities"))
        self.tabs.addTab(self.trust, self.tr("Trusted certificates"))
        self.tabs.addTab(self.verify, self.tr("Verify a signed PDF"))
        self.trust.trust_changed.connect(lambda: self.identities.reload())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

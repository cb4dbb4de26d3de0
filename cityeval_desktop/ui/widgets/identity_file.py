"""Choosing a PKCS#12 identity file into a line edit: one file dialog for every signing and decrypting form."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QLineEdit


def choose_identity_file(edit: QLineEdit, title: str) -> None:
    """Open the file dialog at the file ``edit`` names and put the chosen identity file into ``edit``."""
    name, _ = QFileDialog.getOpenFileName(
        edit.window(),
        title,
        edit.text(),
        QCoreApplication.translate("IdentityFile", "PKCS#12 identity (*.p12 *.pfx)"),
    )
    if name:
        edit.setText(name)

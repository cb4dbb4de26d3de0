"""The signing package sits below ui/: importing it never imports PySide6 (DESIGN §2)."""

from __future__ import annotations

import subprocess
import sys

MODULES = [
    "cityeval_desktop.signing.errors",
    "cityeval_desktop.signing.identity",
    "cityeval_desktop.signing.ca",
    "cityeval_desktop.signing.trust",
    "cityeval_desktop.signing.pades",
]


def test_signing_does_not_import_pyside6_or_services() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'cityeval_desktop.services',"
        " 'cityeval_desktop.ui', 'cityeval_desktop.cli')))\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "", f"imported from above the signing layer: {proc.stdout}"

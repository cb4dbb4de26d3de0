"""The core layers never import PySide6 (DESIGN §2)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "cityeval_desktop.domain",
    "cityeval_desktop.domain.scoring",
    "cityeval_desktop.domain.loader",
    "cityeval_desktop.domain.uscc",
    "cityeval_desktop.store.engine",
    "cityeval_desktop.store.audit",
    "cityeval_desktop.store.evidence",
    "cityeval_desktop.services.cases",
    "cityeval_desktop.services.results",
    "cityeval_desktop.cli.main",
    "cityeval_desktop.cli.commands",
]


def test_core_does_not_import_pyside6() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "", f"PySide6 imported by the core: {proc.stdout}"

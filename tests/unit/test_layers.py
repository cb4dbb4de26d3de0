"""The layers of ARCHITECTURE.md: the core never imports PySide6, and the import contracts in
``.importlinter`` hold (the same check ``.ci/run`` runs with ``lint-imports``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

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


def test_the_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "import-linter is part of the test dependencies (pip install -e '.[test]')"
    proc = subprocess.run([lint, str(ROOT / ".importlinter")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout

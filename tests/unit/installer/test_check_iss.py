"""installer/check-iss.py: the Windows installer script (installer/cityeval.iss) passes the syntax and
association checks here (no Inno Setup compiler on Linux), and copies broken the ways a hand edit breaks
it are refused with the line and the reason."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[3]
ISS = REPO / "installer" / "cityeval.iss"
CHECKER = REPO / "installer" / "check-iss.py"


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_iss", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_iss"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    """A copy of the script beside the repository files it names, and a built app's folder (as on Windows)."""
    root = tmp_path / "repo"
    (root / "installer").mkdir(parents=True)
    shutil.copy(ISS, root / "installer" / "cityeval.iss")
    for name in ("LICENSE", "docs/cli.md", "resources/icons/cityeval.ico"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, root / name)
    app = root / "dist" / "cityeval-desktop"
    (app / "_internal").mkdir(parents=True)
    for exe in ("cityeval-desktop.exe", "cityeval.exe"):
        (app / exe).write_bytes(b"MZ")
    return {"iss": root / "installer" / "cityeval.iss", "dist": root / "dist"}


def _run(iss: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, str(CHECKER), str(iss), *args], capture_output=True, text=True, encoding="utf-8", timeout=60
    )
    return done.returncode, done.stdout + done.stderr


def _broken(layout: dict[str, Path], old: str, new: str) -> Path:
    iss = layout["iss"]
    text = iss.read_text(encoding="utf-8")
    assert old in text, old
    iss.write_text(text.replace(old, new, 1), encoding="utf-8")
    return iss


def test_the_repositorys_script_passes(layout: dict[str, Path]) -> None:
    code, out = _run(layout["iss"], "--dist", str(layout["dist"]), "--require-build")
    assert code == 0, out
    assert "ok (" in out


def test_without_a_build_the_app_files_are_a_note_unless_required(layout: dict[str, Path], tmp_path: Path) -> None:
    code, out = _run(layout["iss"], "--dist", str(tmp_path / "nothing"))
    assert code == 0, out
    assert "note: Source ..\\dist\\cityeval-desktop\\*: the built app is not there" in out
    code, out = _run(layout["iss"], "--dist", str(tmp_path / "nothing"), "--require-build")
    assert code == 1 and "the built app is not there" in out


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            'ValueData: """{app}\\{#AppExe}"" ""%1"""',
            'ValueData: """{app}\\{#AppExe}"""',
            'must pass the file quoted: "%1"',
        ),
        ('ValueData: """{app}\\{#AppExe}"" ""%1"""', 'ValueData: ""{app}\\{#AppExe}" "%1"""', "text after the quoted"),
        ("[Registry]", "[Registy]", "unknown section [Registy]"),
        ("ChangesAssociations=yes", "ChangesAssociations yes", "expected key=value in [Setup]"),
        ("ChangesAssociations=yes", "ChangesAssociations=no", "ChangesAssociations=yes is needed"),
        ('"..\\LICENSE"; DestDir', '"..\\LICENSE.txt"; DestDir', "Source ..\\LICENSE.txt: no such file"),
        ('Name: "zh"; MessagesFile', 'Name: "de"; MessagesFile', "no [Languages] entry named zh"),
        ("zh.PathTask=", "zh.PathTsk=", "{cm:PathTask} has no [CustomMessages] entry for zh"),
        ("AppVersion={#AppVersion}", "AppVersion=0.1.0", "AppVersion must be {#AppVersion}"),
        (
            'Subkey: "Software\\Classes\\{#ProgId}\\DefaultIcon"',
            'Subkey: "Software\\Classes\\{#ProgId}\\Icon"',
            "no DefaultIcon for CityEval.Package",
        ),
        (
            'DestDir: "{app}"; Flags: ignoreversion recursesubdirs',
            'DestDir "{app}"; Flags: ignoreversion recursesubdirs',
            "expected 'Name: value'",
        ),
        ('Filename: "{app}\\docs\\cli.md"', 'FileName2: "{app}\\docs\\cli.md"', "unknown parameter FileName2"),
        ("{#AppName} {#AppVersion}", "{#AppNme} {#AppVersion}", "{#AppNme} is never defined"),
        ("    Result := True;\n    exit;\n  end;", "    Result := True;\n    exit;\n", "begin/case/try but"),
    ],
)
def test_a_broken_copy_fails_with_the_line_and_the_reason(
    layout: dict[str, Path], old: str, new: str, reason: str
) -> None:
    iss = _broken(layout, old, new)
    code, out = _run(iss, "--dist", str(layout["dist"]))
    assert code == 1, out
    assert reason in out, out
    assert f"{iss}:" in out  # every problem names the file (and the line)


def test_a_file_that_is_no_script_is_refused(tmp_path: Path) -> None:
    check_iss = _checker()
    big = tmp_path / "big.iss"
    big.write_bytes(b"; x\n" * (check_iss.MAX_BYTES // 4 + 1))
    assert check_iss.main([str(big)]) == 1
    binary = tmp_path / "binary.iss"
    binary.write_bytes(b"\xff\xfe\x00[Setup]")
    assert check_iss.main([str(binary)]) == 1
    assert check_iss.main([str(tmp_path / "missing.iss")]) == 1

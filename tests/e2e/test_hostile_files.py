"""Pipes and devices given as input files are refused at once, never read (issue 9, item 8).

Each command runs as a subprocess with a timeout: before the fix a named pipe blocked ``open()``
forever and ``/dev/zero`` was read until memory ran out.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import VALID_USCC

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are POSIX features")

TIMEOUT = 30


@pytest.fixture
def fifo(tmp_path: Path):
    def make(name: str) -> Path:
        path = tmp_path / name
        os.mkfifo(path)
        return path

    return make


def _refused(result, *words: str) -> None:
    assert result.code == 1, (result.code, result.out, result.err)
    assert "error:" in result.err
    assert "Traceback" not in result.err
    assert any(word in result.err for word in words), result.err


def test_a_pipe_as_answers_file_or_checklist_is_refused(cli, fifo) -> None:
    case = cli.new_case()
    for name in ("answers.json", "checklist.xlsx"):
        result = cli("--lang", "en", "case", "answer", case, "--file", str(fifo(name)), timeout=TIMEOUT)
        _refused(result, "not a regular file")


def test_dev_zero_as_checklist_identity_or_pdf_is_refused(cli, tmp_path) -> None:
    case = cli.new_case()
    zero = tmp_path / "zero.xlsx"
    zero.symlink_to("/dev/zero")
    _refused(cli("--lang", "en", "case", "answer", case, "--file", str(zero), timeout=TIMEOUT), "not a regular file")
    _refused(cli("--lang", "en", "verify-pdf", "/dev/zero", timeout=TIMEOUT), "not a regular file")
    env = cli.env(CITYEVAL_PASSWORD="secret-123456")
    result = cli(
        "--lang",
        "en",
        "report",
        "pdf",
        case,
        str(tmp_path / "r.pdf"),
        "--identity",
        "/dev/zero",
        env=env,
        timeout=TIMEOUT,
    )
    _refused(result, "not a regular file")


def test_a_pipe_as_framework_identity_or_pdf_is_refused(cli, fifo, tmp_path) -> None:
    _refused(cli("--lang", "en", "forms", "validate", str(fifo("f.yaml")), timeout=TIMEOUT), "not a regular file")
    _refused(cli("--lang", "en", "verify-pdf", str(fifo("r.pdf")), timeout=TIMEOUT), "not a regular file")
    case = cli.new_case()
    env = cli.env(CITYEVAL_PASSWORD="secret-123456")
    result = cli(
        "--lang",
        "en",
        "report",
        "pdf",
        case,
        str(tmp_path / "r2.pdf"),
        "--identity",
        str(fifo("i.p12")),
        env=env,
        timeout=TIMEOUT,
    )
    _refused(result, "not a regular file")


def test_a_pipe_in_the_user_frameworks_folder_does_not_block_the_bundled_frameworks(cli) -> None:
    folder = cli.data_dir / "frameworks"
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "broken.yaml")
    listed = cli("--lang", "en", "forms", "list", timeout=TIMEOUT)
    assert "planning-consulting" in listed.out, (listed.out, listed.err)
    assert "Traceback" not in listed.err
    made = cli("case", "new", "--framework", "planning-consulting", "--tier", "city", "--mode", "self",
               "--entity-name", "福州数字规划研究院有限公司", "--uscc", VALID_USCC[0], timeout=TIMEOUT)  # fmt: skip
    assert made.code == 0 and made.out.strip(), made.err  # case new still works with the bundled framework

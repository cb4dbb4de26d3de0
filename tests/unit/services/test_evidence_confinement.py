"""Evidence named by an answers file or a filled checklist stays inside that document's folder (issue 9, item 1)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.errors import InputError

USCC = "91350100M000100Y43"


@pytest.fixture
def ref(ctx):
    return case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="third-party",
        entity_name="福州数字规划研究院有限公司",
        uscc=USCC,
    ).ref


@pytest.fixture
def folder(tmp_path) -> Path:
    """The folder an operator's answers file arrives in, with one good scan and something outside it."""
    inbox = tmp_path / "inbox"
    (inbox / "scans").mkdir(parents=True)
    (inbox / "scans" / "certs.pdf").write_bytes(b"%PDF-1.4 certificates")
    (tmp_path / "secret.txt").write_text("CITYEVAL_PASSWORD=hunter2")
    return inbox


def _answers(folder: Path, evidence: str) -> Path:
    doc = {"answers": {"P1.1": {"value": 7, "evidence": [evidence]}}}
    path = folder / "answers.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _refused(ctx, ref, path: Path, entry: str) -> str:
    before = case_service.load_case(ctx, ref)
    with pytest.raises(InputError) as info:
        case_service.apply_answers_file(ctx, ref, path)
    after = case_service.load_case(ctx, ref)
    assert after.answers == before.answers and after.evidence == before.evidence
    assert not any(ctx.evidence.root.rglob("*")) or all(p.is_dir() for p in ctx.evidence.root.rglob("*"))
    where = " ".join(p.where for p in info.value.problems)
    assert entry in where  # the message names the entry
    return " ".join(p.message.en for p in info.value.problems)


def test_a_relative_path_inside_the_folder_is_taken(ctx, ref, folder) -> None:
    for name in ("scans/certs.pdf", "scans\\certs.pdf", "./scans/certs.pdf"):
        detail = case_service.apply_answers_file(ctx, ref, _answers(folder, name))
        assert [e.original_name for e in detail.evidence] == ["certs.pdf"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/hostname", "relative"),
        ("/proc/self/environ", "relative"),
        ("C:\\Windows\\win.ini", "relative"),
        ("~/secret.txt", "relative"),
        ("../secret.txt", ".."),
        ("scans/../../secret.txt", ".."),
        ("scans", "folder"),
        ("missing.pdf", "does not exist"),
    ],
)
def test_paths_that_leave_the_folder_are_refused(ctx, ref, folder, name, reason) -> None:
    message = _refused(ctx, ref, _answers(folder, name), name)
    assert reason in message


def test_a_link_inside_the_folder_is_refused_even_to_a_file_inside(ctx, ref, folder) -> None:
    (folder / "shadow.pdf").symlink_to(folder.parent / "secret.txt")
    assert "link" in _refused(ctx, ref, _answers(folder, "shadow.pdf"), "shadow.pdf")
    (folder / "alias.pdf").symlink_to(folder / "scans" / "certs.pdf")
    assert "link" in _refused(ctx, ref, _answers(folder, "alias.pdf"), "alias.pdf")
    (folder / "linked").symlink_to(folder.parent)
    assert "link" in _refused(ctx, ref, _answers(folder, "linked/secret.txt"), "linked/secret.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_refused_without_blocking(ctx, ref, folder) -> None:
    os.mkfifo(folder / "pipe.pdf")
    assert "regular file" in _refused(ctx, ref, _answers(folder, "pipe.pdf"), "pipe.pdf")


def test_a_filled_checklist_is_confined_to_its_folder_too(ctx, ref, folder) -> None:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from cityeval_desktop.exchange.checklist import COLUMNS, export_checklist

    detail = case_service.load_case(ctx, ref)
    book = folder / "checklist.xlsx"
    export_checklist(detail.framework, book, "zh", "city")
    col = {c.key: get_column_letter(n) for n, c in enumerate(COLUMNS, 1)}
    wb = load_workbook(book)
    ws = wb.worksheets[[w.title for w in wb.worksheets].index(next(t for t in wb.sheetnames if "清单" in t))]
    row = next(r for r in range(2, ws.max_row + 1) if ws[f"{col['id']}{r}"].value == "P1.1")
    ws[f"{col['value']}{row}"] = 7
    ws[f"{col['evidence']}{row}"] = "../secret.txt"
    wb.save(book)
    with pytest.raises(InputError) as info:
        case_service.apply_answers_file(ctx, ref, book)
    text = " ".join(f"{p.where} {p.message.en}" for p in info.value.problems)
    assert "../secret.txt" in text and ".." in text
    assert f"{col['evidence']}{row}" in text  # located at its cell
    assert case_service.load_case(ctx, ref).evidence == ()

"""Chinese outputs read as Chinese only, English ones as English only (issue 12 §2).

The six sample cases (self-checks and third-party cases of every category, amended and finalized ones,
with teams, inspections, verifications and veto bases; ``_sample_cases`` of ``tests/conftest.py``) are
written as workbooks and printed by ``case list`` / ``case show`` (the entry point, in this process).
Every Latin word of the Chinese output must be an id (USCC, indicator, dimension and veto ids, framework
ids, hashes, report numbers), a standard (GB/T, ISO...), a unit, a format name, or text from the case
itself; every CJK run of the English output must come from the case.
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cityeval_desktop.reports.xlsx import write_case_workbook, write_cases_workbook
from cityeval_desktop.services import cases
from cityeval_desktop.services.reporting import audit_entries
from tests.conftest import SampleCases, run_in_process

WORD = re.compile(r"[A-Za-z0-9]+(?:[./][A-Za-z0-9]+)*")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
#: standards, certifications and ratings the frameworks name, units, formats, formula letters
ALLOWED = {
    # standards and schemes
    "GB", "GB/T", "ISO", "IEC", "ISO/IEC", "DCMM", "DSMM", "CMMI", "ITSS", "ITIL", "CCRC", "CS", "SHA", "UTC",
    "CMDB", "SLA",
    # field terms the frameworks' level descriptors use (AI applications, the city information model)
    "AI", "CIM", "BIM", "GIS",
    # credit ratings and grades the frameworks' options carry
    "A", "AA", "AAA", "BBB",
    # formats of evidence files; formula letters of the scoring methods (f = min(1, 数值 / 60))
    "PDF", "PNG", "JPEG", "f", "min",
}  # fmt: skip
ID = re.compile(r"^(?:CS\d|[A-Z]\d+(?:\.\d+)*|[0-9a-f]{6,}|[0-9A-Z]{18}|sha256|\d+(?:\.\d+)*)$")


def _case_texts(detail: Any) -> list[str]:
    """Everything in a case that came from people, not from the application (names, notes, files...)."""
    s, data = detail.summary, detail.case_data
    out = [s.entity_name, s.uscc, s.assessor, s.amend_reason or "", data.opinion or "", data.report_no or ""]
    out.append(data.certificate_no or "")
    out += [a.note or "" for a in detail.answers.values()] + [a.reason or "" for a in detail.answers.values()]
    out += [e.original_name for e in detail.evidence]
    out += [v.by for v in detail.verifications] + [v.note or "" for v in detail.verifications]
    for b in detail.veto_basis.values():
        out += [b.source or "", b.note or ""]
    for m in data.team:
        out += [m.name, m.org, m.qualification or ""]
    for i in data.inspections:
        out += [i.place, i.checked, i.findings, *i.participants, *i.sampled_projects, *i.sampled_staff]
        out += [f.name for f in i.attachments]
    out += [d.signer_name for d in data.declarations]
    if detail.origin is not None:
        out.append(detail.origin.signer_name)
    return out


def _framework_ids(detail: Any) -> set[str]:
    fw = detail.framework
    return {fw.id, fw.key, fw.version, *fw.id.split("-")}


def foreign_latin(text: str, case_blob: str, ids: set[str]) -> list[str]:
    """Latin words of a Chinese text that are neither allowed, ids, nor the case's own text."""
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "", text)  # case ids
    for known in sorted(ids, key=len, reverse=True):
        text = text.replace(known, " ")
    return [
        w
        for w in WORD.findall(text)
        if re.search("[A-Za-z]", w)
        and w not in ALLOWED
        and not all(p in ALLOWED for p in w.split("/"))
        and not ID.match(w)
        and w not in case_blob
        and w not in ids
    ]


def foreign_cjk(text: str, case_blob: str) -> list[str]:
    """CJK runs of an English text that are not part of the case's own text."""
    return [run for run in CJK.findall(text) if run not in case_blob]


@pytest.fixture(scope="module")
def samples(_sample_cases: SampleCases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The sample cases (``tests/conftest.py``: what ``cityeval samples load`` makes), read through the services."""
    import os

    from cityeval_desktop.services.context import open_context

    data = _sample_cases.copy_to(tmp_path_factory.mktemp("samples") / "data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYEVAL_")}
    env |= {"CITYEVAL_DATA_DIR": str(data), "CITYEVAL_DB": str(data / "cases.sqlite3"), "LANG": "C.UTF-8"}
    ctx = open_context(data / "cases.sqlite3", data, actor="tester")
    refs = [s.ref for s in cases.list_cases(ctx, all_revisions=True)]
    details = {ref: cases.load_case(ctx, ref) for ref in refs}
    trails = {ref: audit_entries(ctx, d.summary.case_uuid) for ref, d in details.items()}
    for ref, d in details.items():
        _REVISIONS.setdefault(d.summary.case_uuid, []).append(d)
        _TRAILS[d.summary.case_uuid] = trails[ref]
    yield {"ctx": ctx, "env": env, "details": details, "trails": trails}
    ctx.close()


def _cells(path: Path) -> list[tuple[str, str, str]]:
    wb = load_workbook(path)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    found.append((ws.title, cell.coordinate, cell.value))
        for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right, ws.oddFooter.center):
            if part.text:
                found.append((ws.title, "header/footer", part.text.replace("&P", "").replace("&N", "")))
    return found


_REVISIONS: dict[str, list[Any]] = {}
_TRAILS: dict[str, list[dict[str, Any]]] = {}


def _blob(detail: Any) -> str:
    """The case's own text over all its revisions (the audit trail spans them)."""
    texts = [t for d in _REVISIONS.get(detail.summary.case_uuid, [detail]) for t in _case_texts(d)]
    for entry in _TRAILS.get(detail.summary.case_uuid, []):  # who signed: people's names the trail records
        new = entry.get("new")
        if isinstance(new, dict):
            texts += [str(new[k]) for k in ("signer", "signer_org", "member", "name", "org") if new.get(k)]
    return "\n".join([*texts, getpass.getuser(), "tester"])


def test_chinese_case_workbooks_are_chinese_only(samples: dict[str, Any], tmp_path: Path) -> None:
    assert len(samples["details"]) >= 6
    for ref, detail in samples["details"].items():
        out = tmp_path / f"{detail.summary.case_uuid[:8]}-{detail.summary.revision}.xlsx"
        write_case_workbook(detail, samples["trails"][ref], out, "zh")
        names = load_workbook(out).sheetnames
        assert all(CJK.fullmatch(n) for n in names), names  # Chinese sheet names
        blob, ids = _blob(detail), _framework_ids(detail)
        problems = [(sheet, where, w) for sheet, where, text in _cells(out) for w in foreign_latin(text, blob, ids)]
        assert problems == [], problems[:20]
        # no raw ISO time, no method / kind / action id anywhere
        for sheet, where, text in _cells(out):
            assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", text), (sheet, where, text)
            for word in ("yes_no", "per_item", "threshold", "deduction", "confirmed", "original", "case.create"):
                assert word not in text, (sheet, where, text)


def test_english_case_workbooks_are_english_only(samples: dict[str, Any], tmp_path: Path) -> None:
    for ref, detail in samples["details"].items():
        out = tmp_path / f"{detail.summary.case_uuid[:8]}-{detail.summary.revision}-en.xlsx"
        write_case_workbook(detail, samples["trails"][ref], out, "en")
        assert all(n.isascii() for n in load_workbook(out).sheetnames)
        blob = _blob(detail)
        problems = [(sheet, where, run) for sheet, where, text in _cells(out) for run in foreign_cjk(text, blob)]
        assert problems == [], problems[:20]


def test_many_cases_workbook_in_one_language(samples: dict[str, Any], tmp_path: Path) -> None:
    details = list(samples["details"].values())
    blob = "\n".join(_blob(d) for d in details)
    ids = set().union(*(_framework_ids(d) for d in details))
    zh, en = tmp_path / "all.xlsx", tmp_path / "all-en.xlsx"
    write_cases_workbook(details, zh, "zh")
    write_cases_workbook(details, en, "en")
    assert [(s, w, x) for s, w, t in _cells(zh) for x in foreign_latin(t, blob, ids)] == []
    assert [(s, w, x) for s, w, t in _cells(en) for x in foreign_cjk(t, blob)] == []


def _cli(samples: dict[str, Any], *args: str) -> str:
    """What ``cityeval ARGS`` prints (its entry point, run in this process) on the samples' data folder."""
    run = run_in_process(list(args), samples["env"])
    assert run.code == 0, run.err
    return run.out


def test_case_list_and_show_in_chinese_only(samples: dict[str, Any]) -> None:
    details = list(samples["details"].values())
    blob = "\n".join(_blob(d) for d in details)
    ids = set().union(*(_framework_ids(d) for d in details))
    listed = _cli(samples, "case", "list")
    assert foreign_latin(listed, blob, ids) == [], listed
    for tier in ("city", "regional", "enterprise"):  # the tier as words, not its id
        assert f" {tier} " not in listed
    assert "城市服务级" in listed
    for ref, detail in samples["details"].items():
        shown = _cli(samples, "case", "show", ref)
        assert foreign_latin(shown, blob, _framework_ids(detail)) == [], (ref, shown)
        assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", shown), shown
        if detail.summary.mode == "self":  # a self-check states its own answer: no "basis missing" note
            assert "未记录判定依据" not in shown


def test_case_list_and_show_in_english_only(samples: dict[str, Any]) -> None:
    details = list(samples["details"].values())
    blob = "\n".join(_blob(d) for d in details)
    listed = _cli(samples, "--lang", "en", "case", "list")
    assert foreign_cjk(listed, blob) == [], listed
    assert listed.rstrip().endswith(f"{len(cases.list_cases(samples['ctx']))} cases")
    assert "(s)" not in listed
    for ref in samples["details"]:
        shown = _cli(samples, "--lang", "en", "case", "show", ref)
        assert foreign_cjk(shown, blob) == [], (ref, shown)
        assert "(s)" not in shown

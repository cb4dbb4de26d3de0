"""Applying an answers file (DESIGN §6 answers.json): checked completely, then applied all
or nothing. One bad entry rejects the whole file: the case (as ``case show --json`` shows
it), the audit log and the evidence folder stay exactly as they were."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.services import cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.results import case_json
from cityeval_desktop.store import audit

# written against the 2026.1 default frameworks (their ids and rules): pinned to those files
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
USCC = "91350100M000100Y43"


def files_under(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def snapshot(ctx: Any, ref: str) -> tuple[dict[str, Any], int, list[str]]:
    """What a user can see: the case JSON, the number of audit entries, the stored files."""
    with ctx.reading() as s:
        entries = audit.count(s)
    return case_json(cases.load_case(ctx, ref)), entries, files_under(ctx.data_dir / "evidence")


def write_answers(folder: Path, doc: dict[str, Any], name: str = "answers.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def answered(ctx: Any, tmp_path: Path) -> tuple[str, Path]:
    """A draft with answers, an N/A, a veto decision and one evidence file; plus a folder
    (``pkg``) holding evidence files for further answers files."""
    case = cases.new_case(
        ctx, framework="planning-consulting", tier="city", mode="third-party", entity_name="福州规划院", uscc=USCC
    )
    pkg = tmp_path / "pkg"
    (pkg / "scans").mkdir(parents=True)
    (pkg / "scans" / "certs.pdf").write_bytes(b"%PDF certificates " + os.urandom(200))
    (pkg / "scans" / "new-contract.pdf").write_bytes(b"%PDF contract " + os.urandom(200))
    first = {
        "answers": {
            "P1.1": {"value": 7, "note": "7 名持证人员", "evidence": ["scans/certs.pdf"]},
            "P1.2": {"value": 3},
            "P1.3": {"not_applicable": True, "reason": "本层级不涉及"},
        },
        "vetoes": {"V1": False},
    }
    cases.apply_answers_file(ctx, case.case_uuid, write_answers(pkg, first, "first.json"))
    return case.case_uuid, pkg


def good_update() -> dict[str, Any]:
    """A change that would be visible if any part of it were applied."""
    return {
        "answers": {
            "P1.1": {"value": 9, "evidence": ["scans/new-contract.pdf"]},
            "P1.2": {"value": 5},
            "P2.4": {"value": True},
            "P5.2": {"value": "aa"},
        },
        "vetoes": {"V2": False, "V1": True},
    }


def test_a_good_file_is_applied_with_evidence_relative_to_the_file(
    ctx: Any, answered: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref, pkg = answered
    # the same relative name also exists under the current folder, with other bytes: it must not be used
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "scans").mkdir(parents=True)
    (elsewhere / "scans" / "new-contract.pdf").write_bytes(b"decoy")
    monkeypatch.chdir(elsewhere)

    detail = cases.apply_answers_file(ctx, ref, write_answers(pkg, good_update()))

    shown = case_json(detail)
    by_id = {i["id"]: i for i in shown["result"]["indicators"]}
    # an entry replaces value and note (ARCHITECTURE "Answers files"); evidence is only ever added
    assert (by_id["P1.1"]["answer"], by_id["P1.1"]["note"], by_id["P1.1"]["evidence"]) == (9, None, 2)
    assert by_id["P1.2"]["answer"] == 5 and by_id["P2.4"]["answer"] is True and by_id["P5.2"]["answer"] == "aa"
    assert by_id["P1.3"]["status"] == "not_applicable" and by_id["P1.3"]["reason"] == "本层级不涉及"
    assert shown["result"]["vetoes"]["V1"] is True and shown["result"]["vetoes"]["V2"] is False
    names = {(e["indicator"], e["name"]) for e in shown["evidence"]}
    assert names == {("P1.1", "certs.pdf"), ("P1.1", "new-contract.pdf")}
    contract = next(e for e in shown["evidence"] if e["name"] == "new-contract.pdf")
    stored = ctx.data_dir / "evidence" / contract["sha256"][:2] / contract["sha256"]
    assert stored.read_bytes() == (pkg / "scans" / "new-contract.pdf").read_bytes()
    # reloading gives the same figures as the returned detail
    assert case_json(cases.load_case(ctx, ref)) == shown


# (name, change to the good update, where the error must point, English message fragment)
BAD_ENTRIES: list[tuple[str, dict[str, Any], str, str]] = [
    ("unknown-indicator", {"answers": {"P9.9": {"value": 1}}}, "answers.P9.9", "unknown indicator 'P9.9'"),
    ("unknown-veto", {"vetoes": {"V99": False}}, "vetoes.V99", "unknown veto 'V99'"),
    ("veto-not-boolean", {"vetoes": {"V3": "no"}}, "vetoes.V3", "expected true"),
    ("text-for-a-number", {"answers": {"P1.1": {"value": "twelve"}}}, "answers.P1.1.value", "expected a number"),
    ("boolean-for-a-number", {"answers": {"P3.2": {"value": True}}}, "answers.P3.2.value", "expected a number"),
    (
        "level-above-range",
        {"answers": {"P1.2": {"value": 6}}},
        "answers.P1.2.value",
        "level must be a whole number 0-5",
    ),
    ("level-below-range", {"answers": {"P1.4": {"value": -1}}}, "answers.P1.4.value", "0-5"),
    ("level-not-whole", {"answers": {"P1.4": {"value": 2.5}}}, "answers.P1.4.value", "0-5"),
    ("negative-count", {"answers": {"P2.1": {"value": -1}}}, "answers.P2.1.value", "must not be negative"),
    ("negative-deductions", {"answers": {"P5.1": {"value": -2}}}, "answers.P5.1.value", "must not be negative"),
    ("float-for-a-count", {"answers": {"P2.3": {"value": 2.5}}}, "answers.P2.3.value", "expected a whole count"),
    ("negative-ratio", {"answers": {"P3.2": {"value": -5}}}, "answers.P3.2.value", "must not be negative"),
    ("unknown-choice", {"answers": {"P5.2": {"value": "aaaa"}}}, "answers.P5.2.value", "unknown choice 'aaaa'"),
    ("text-for-yes-no", {"answers": {"P2.4": {"value": "yes"}}}, "answers.P2.4.value", "expected true or false"),
    ("na-without-reason", {"answers": {"P1.4": {"not_applicable": True}}}, "answers.P1.4.reason", "N/A needs"),
    (
        "na-blank-reason",
        {"answers": {"P1.4": {"not_applicable": True, "reason": "  "}}},
        "answers.P1.4.reason",
        "N/A needs",
    ),
    (
        "na-with-a-value",
        {"answers": {"P1.4": {"not_applicable": True, "reason": "x", "value": 2}}},
        "answers.P1.4.value",
        "cannot also have a value",
    ),
    ("unknown-entry-field", {"answers": {"P1.4": {"valeu": 2}}}, "answers.P1.4", "unknown field: valeu"),
    ("unknown-top-level-key", {"answer": {}}, "answers.json", "unknown field: answer"),
    ("other-framework", {"framework": "operations-maintenance"}, "framework", "the case uses planning-consulting"),
    (
        "evidence-missing",
        {"answers": {"P1.4": {"value": 2, "evidence": ["scans/absent.pdf"]}}},
        "answers.P1.4.evidence[0] (scans/absent.pdf)",
        "does not exist",
    ),
    (
        "evidence-folder",
        {"answers": {"P1.4": {"value": 2, "evidence": ["scans"]}}},
        "answers.P1.4.evidence[0] (scans)",
        "folder",
    ),
]


def merged(change: dict[str, Any]) -> dict[str, Any]:
    doc = good_update()
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = value
    return doc


def assert_rejected_unchanged(ctx: Any, ref: str, path: Path, where: str, message: str) -> list[str]:
    before = snapshot(ctx, ref)
    with pytest.raises(InputError) as info:
        cases.apply_answers_file(ctx, ref, path)
    lines = info.value.render("en")
    assert any(where in line and message in line for line in lines), lines
    assert all(str(path) in line for line in lines), f"every problem must name the file: {lines}"
    assert snapshot(ctx, ref) == before, "a rejected file changed the case, the audit log or the evidence"
    return lines


@pytest.mark.parametrize(("change", "where", "message"), [b[1:] for b in BAD_ENTRIES], ids=[b[0] for b in BAD_ENTRIES])
def test_one_bad_entry_rejects_the_whole_file(
    ctx: Any, answered: tuple[str, Path], change: dict[str, Any], where: str, message: str
) -> None:
    ref, pkg = answered
    path = write_answers(pkg, merged(change))
    lines = assert_rejected_unchanged(ctx, ref, path, where, message)
    assert len(lines) == 1, f"only the bad entry should be reported: {lines}"


def test_every_problem_in_a_file_is_reported(ctx: Any, answered: tuple[str, Path]) -> None:
    ref, pkg = answered
    doc = merged(
        {"answers": {"P9.9": {"value": 1}, "P1.2": {"value": 7}, "P5.2": {"value": "x"}}, "vetoes": {"V0": True}}
    )
    lines = assert_rejected_unchanged(ctx, ref, write_answers(pkg, doc), "answers.P9.9", "unknown indicator")
    assert len(lines) == 4, lines


def test_evidence_over_the_limit_is_refused_and_nothing_stored(
    answered: tuple[str, Path], db_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref, pkg = answered
    monkeypatch.setenv("CITYEVAL_EVIDENCE_LIMIT_MB", "0.001")  # about 1 KB
    (pkg / "scans" / "big-scan.pdf").write_bytes(b"%PDF" + os.urandom(4096))
    fresh = open_context(db_url, data_dir, actor="tester")  # as a new process would
    try:
        path = write_answers(pkg, merged({"answers": {"P1.4": {"value": 2, "evidence": ["scans/big-scan.pdf"]}}}))
        assert_rejected_unchanged(fresh, ref, path, "answers.P1.4.evidence[0] (scans/big-scan.pdf)", "too large")
    finally:
        fresh.close()


def test_unreadable_evidence_is_refused(ctx: Any, answered: tuple[str, Path]) -> None:
    ref, pkg = answered
    locked = pkg / "scans" / "locked.pdf"
    locked.write_bytes(b"%PDF locked")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: a chmod 000 file is still readable, so there is nothing to refuse")
        path = write_answers(pkg, merged({"answers": {"P1.4": {"value": 2, "evidence": ["scans/locked.pdf"]}}}))
        assert_rejected_unchanged(ctx, ref, path, "answers.P1.4.evidence[0] (scans/locked.pdf)", "cannot be read")
    finally:
        locked.chmod(0o600)


def test_malformed_json_is_refused_with_line_and_column(ctx: Any, answered: tuple[str, Path]) -> None:
    ref, pkg = answered
    path = pkg / "broken.json"
    path.write_text('{\n  "answers": {\n    "P1.2": {"value": 4,}\n  }\n}\n', encoding="utf-8")
    assert_rejected_unchanged(ctx, ref, path, str(path), "malformed JSON (line 3, column 25)")


RAW_DOCUMENTS = {
    "duplicate-key": (b'{"answers": {"P1.2": {"value": 4}, "P1.2": {"value": 5}}}', "duplicate key 'P1.2'"),
    "nan": (b'{"answers": {"P3.2": {"value": NaN}}}', "NaN is not allowed"),
    "not-utf8": ('{"answers": {"P1.1": {"value": 7, "note": "七人"}}}'.encode("gb18030"), "not UTF-8"),
    "top-level-list": (b'[{"P1.2": 4}]', "the top level must be an object"),
    "empty-file": (b"", "malformed JSON (line 1, column 1)"),
}


@pytest.mark.parametrize(("raw", "message"), RAW_DOCUMENTS.values(), ids=RAW_DOCUMENTS.keys())
def test_unreadable_documents_are_refused(ctx: Any, answered: tuple[str, Path], raw: bytes, message: str) -> None:
    ref, pkg = answered
    path = pkg / "odd.json"
    path.write_bytes(raw)
    assert_rejected_unchanged(ctx, ref, path, str(path), message)


def test_indicator_outside_the_case_tier_is_refused(ctx: Any, tmp_path: Path) -> None:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    case = cases.new_case(ctx, framework="mini", tier="enterprise", mode="self", entity_name="小公司", uscc=USCC)
    doc = {"answers": {"S": {"value": 2}, "X": {"value": 1}}}  # X applies to regional and city only
    path = write_answers(tmp_path / "mini", doc)
    lines = assert_rejected_unchanged(ctx, case.case_uuid, path, "answers.X", "does not apply to tier enterprise")
    assert len(lines) == 1

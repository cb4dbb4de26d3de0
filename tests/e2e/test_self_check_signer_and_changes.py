"""Issue 11 §3 through the command line: who signs a self-check, and what an amended revision changed.

A self-check signed by another company's identity is refused (nothing signed), signed once the mismatch
is confirmed, and then says so on the report; the report never names another company as 评估机构. An
amended revision's report (read back with ``pdftotext``) and ``case show --json`` list what changed
against the previous revision: answers in words, N/A, evidence and vetoes.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain.loader import load_file
from cityeval_desktop.domain.methods import Choice, Deduction, PerItem, Scale, YesNo
from tests.conftest import FIXTURES, install_frameworks_2026_1

PASSWORD = "correct horse battery staple"
ENTITY = "福州数字规划研究院有限公司"
USCC = "91350100M000100Y43"
OTHER_ORG = "福建数字评估中心"


PLANNING_2026_1 = "planning-consulting@2026.1"  # written against the 2026.1 ids and rules


@pytest.fixture(autouse=True)
def _frameworks_2026_1(cli) -> None:
    install_frameworks_2026_1(cli.data_dir)


def full_answers(tier: str, evidence: Path) -> dict[str, Any]:
    fw = load_file(FIXTURES / "frameworks-2026.1" / "planning-consulting.yaml")
    answers: dict[str, Any] = {}
    for ind in fw.tier_indicators(tier):
        m = ind.method
        if isinstance(m, Scale):
            value: object = len(m.levels) - 2
        elif isinstance(m, YesNo):
            value = True
        elif isinstance(m, Choice):
            value = m.options[1].id
        elif isinstance(m, Deduction) and m.graded:
            value = {m.severities[0].id: 1}
        elif isinstance(m, PerItem | Deduction):
            value = 1
        else:
            value = 5
        entry: dict[str, Any] = {"value": value}
        if ind.evidence_required:
            entry["evidence"] = [evidence.name]
        answers[ind.id] = entry
    return {"answers": answers, "vetoes": {v.id: False for v in fw.vetoes}}


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


@pytest.fixture
def world(cli, tmp_path: Path) -> dict[str, Any]:
    """The entity's own identity and another company's, and a full answers file (the identities made through the
    entry point in this process: other tests run `identity new` as a process)."""
    cli = cli.here()
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    own, other = tmp_path / "own.p12", tmp_path / "other.p12"
    for args in (
        ("identity", "new", "--name", "王五", "--org", ENTITY, "--uscc", USCC, "--out", str(own)),
        ("identity", "new", "--name", "张三", "--org", OTHER_ORG, "--out", str(other)),
    ):
        r = cli(*args, env=env)
        assert r.code == 0, r.err
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned contract")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(full_answers("city", scan), ensure_ascii=False), "utf-8")
    return {"env": env, "own": own, "other": other, "answers": answers, "scan": scan}


def test_a_self_check_signed_by_another_company_is_refused_then_confirmed_and_printed(cli, world, tmp_path) -> None:
    env = world["env"]
    case_id = cli.new_case(framework=PLANNING_2026_1, mode="self", name=ENTITY, uscc=USCC)
    assert cli("case", "answer", case_id, "--file", str(world["answers"])).code == 0

    refused = cli("case", "finalize", case_id, "--identity", str(world["other"]), env=env)
    assert refused.code == 1
    assert "自评报告应由被评估主体自己的身份签署" in refused.err and OTHER_ORG in refused.err, refused.err
    assert "--confirm-signer-mismatch" in refused.err
    assert cli("case", "show", case_id, "--json").json()["status"] == "draft"  # nothing signed or locked

    # a signed draft report is refused the same way, and nothing is written
    draft_pdf = tmp_path / "draft.pdf"
    r = cli("report", "pdf", case_id, str(draft_pdf), "--identity", str(world["other"]), env=env)
    assert r.code == 1 and not draft_pdf.exists(), r.err

    done = cli("case", "finalize", case_id, "--identity", str(world["other"]), "--confirm-signer-mismatch", env=env)
    assert done.code == 0, done.err
    assert "签署人单位与被评估主体不一致" in done.err  # the warning line
    report = tmp_path / "final.pdf"
    assert cli("report", "pdf", case_id, str(report)).code == 0
    text = pdf_text(report)
    assert "签署人单位与被评估主体不一致" in text and OTHER_ORG in text
    assert "自评单位" in text and ENTITY in text
    assert "评估机构" not in text  # no other company presented as the assessing agency

    en = cli("--lang", "en", "case", "show", case_id)
    assert en.code == 0
    trail = cli("case", "show", case_id, "--json").json()
    assert trail["status"] == "finalized"


def test_a_self_check_signed_by_the_entitys_own_identity_needs_no_confirmation(cli, world, tmp_path) -> None:
    env = world["env"]
    case_id = cli.new_case(framework=PLANNING_2026_1, mode="self", name=ENTITY, uscc=USCC)
    assert cli("case", "answer", case_id, "--file", str(world["answers"])).code == 0
    r = cli("case", "finalize", case_id, "--identity", str(world["own"]), env=env)
    assert r.code == 0, r.err
    assert "不一致" not in r.err
    report = tmp_path / "own.pdf"
    assert cli("report", "pdf", case_id, str(report)).code == 0
    text = pdf_text(report)
    assert "自评单位" in text and "不一致" not in text and "评估机构" not in text
    assert "自评单位签章" in text


def test_a_third_party_case_still_names_the_signers_organisation_as_the_agency(cli, world, tmp_path) -> None:
    case_id = cli.new_case(framework=PLANNING_2026_1, mode="third-party", name=ENTITY, uscc=USCC)
    assert cli("case", "answer", case_id, "--file", str(world["answers"])).code == 0
    cli.staff(case_id, world["other"], PASSWORD)
    r = cli("case", "finalize", case_id, "--identity", str(world["other"]), *cli.org_args(), env=world["env"])
    assert r.code == 0, r.err
    report = tmp_path / "third.pdf"
    assert cli("report", "pdf", case_id, str(report)).code == 0
    text = pdf_text(report)
    assert f"评估机构 {OTHER_ORG}" in text and "自评单位" not in text and "不一致" not in text


def test_an_amended_revision_lists_its_changes_in_the_report_and_the_json(cli, world, tmp_path) -> None:
    env = world["env"]
    case_id = cli.new_case(framework=PLANNING_2026_1, mode="third-party", name=ENTITY, uscc=USCC)
    assert cli("case", "answer", case_id, "--file", str(world["answers"])).code == 0
    cli.staff(case_id, world["other"], PASSWORD)
    assert cli("case", "finalize", case_id, "--identity", str(world["other"]), *cli.org_args(), env=env).code == 0
    first = cli("case", "show", case_id, "--json").json()
    assert "changes" not in first  # revision 1 has nothing to compare with

    amended = cli("case", "amend", case_id, "--reason", "复核更正").out.strip()
    clear = tmp_path / "clear.pdf"
    clear.write_bytes(b"%PDF-1.4 a clearer scan")
    p11 = next(i for i in first["result"]["indicators"] if i["id"] == "P1.1")
    change = {
        "answers": {
            "P1.1": {"value": 12, "evidence": [clear.name]},
            "P5.3": {"not_applicable": True, "reason": "无第三方评估业务"},
        },
        "vetoes": {"V2": True},
    }
    (tmp_path / "change.json").write_text(json.dumps(change, ensure_ascii=False), "utf-8")
    r = cli("case", "answer", amended, "--file", str(tmp_path / "change.json"))
    assert r.code == 0, r.err

    shown = cli("case", "show", amended, "--json").json()
    changes = shown["changes"]
    assert changes["from_revision"] == 1 and changes["to_revision"] == 2
    items = {(c["section"], c["id"], c["field"]): c for c in changes["items"]}
    value = items[("answers", "P1.1", "value")]
    assert value["old"] == p11["answer"] and value["new"] == 12 and value["new_text"] == "12 人"
    assert items[("answers", "P5.3", "not_applicable")]["new"] is True
    assert items[("answers", "P5.3", "reason")]["new_text"] == "无第三方评估业务"
    assert items[("evidence", "P1.1", "added")]["file"] == clear.name
    veto = items[("vetoes", "V2", "decision")]
    assert veto["old"] is False and veto["new"] is True and veto["new_text"] == "成立（否决）"
    en = cli("--lang", "en", "case", "show", amended, "--json").json()["changes"]["items"]
    assert any(c["new_text"] == "12 people" for c in en)

    text_out = cli("case", "show", amended)
    assert "与第 1 版的差异" in text_out.out and "12 人" in text_out.out

    draft = tmp_path / "amended-draft.pdf"
    assert cli("report", "pdf", amended, str(draft)).code == 0
    text = pdf_text(draft)
    assert "与上一修订版（第 1 版）的差异" in text
    assert "12 人" in text and "新增证据" in text and clear.name in text
    assert "无第三方评估业务" in text and "成立（否决）" in text and "不成立" in text

    english = tmp_path / "amended-en.pdf"
    assert cli("report", "pdf", amended, str(english), "--report-lang", "en").code == 0
    text_en = pdf_text(english)
    assert "Changes since revision 1" in text_en and "12 people" in text_en and "Evidence added" in text_en

"""The one diff between two revisions (domain/case_diff.py): generic over the sections' fields."""

from __future__ import annotations

from cityeval_desktop.domain import case_diff
from cityeval_desktop.domain.case_diff import ADDED, ANSWERS, EVIDENCE, REMOVED, VETOES, describe, diff_sections


def sections(answers=None, vetoes=None, evidence=None) -> dict:
    return {ANSWERS: answers or {}, VETOES: vetoes or {}, EVIDENCE: evidence or {}}


def test_answers_are_compared_field_by_field_and_empty_values_are_equal() -> None:
    old = sections({"P1.1": {"value": 7, "not_applicable": False, "reason": None, "note": ""}})
    new = sections({"P1.1": {"value": 7.0, "not_applicable": False, "reason": "", "note": None}})
    assert diff_sections(old, new).empty  # 7 == 7.0, "" == None
    new = sections({"P1.1": {"value": 12, "not_applicable": False, "reason": None, "note": "复核"}})
    changes = diff_sections(old, new, from_revision=1, to_revision=2)
    assert [(c.field, c.old, c.new) for c in changes.changes] == [("value", 7, 12), ("note", None, "复核")]
    assert (changes.from_revision, changes.to_revision) == (1, 2)


def test_an_answer_given_in_one_revision_only_is_compared_with_the_empty_answer() -> None:
    new = sections({"P5.3": {"value": None, "not_applicable": True, "reason": "无此业务", "note": None}})
    changes = diff_sections(sections(), new)
    assert [(c.field, c.old, c.new) for c in changes.changes] == [
        ("not_applicable", False, True),
        ("reason", None, "无此业务"),
    ]


def test_a_veto_decided_false_is_not_the_same_as_undecided() -> None:
    changes = diff_sections(sections(vetoes={"V1": {"decision": None}}), sections(vetoes={"V1": {"decision": False}}))
    [change] = changes.changes
    assert (change.section, change.key, change.old, change.new) == (VETOES, "V1", None, False)
    shown = describe(change)
    assert shown.old.zh == "未判定" and shown.new.zh == "不成立" and shown.what.zh == "否决判定"


def test_fields_added_later_show_up_without_changing_the_diff() -> None:
    """A veto's basis and an evidence file's verification (issue 11 §1.3–1.4) are just more fields."""
    old = sections(
        vetoes={"V1": {"decision": False, "source": "信用中国", "queried_at": "2026-11-30T10:00:00+08:00"}},
        evidence={"P1.1": [{"sha256": "a" * 64, "name": "证书.pdf", "kind": "certificate"}]},
    )
    new = sections(
        vetoes={
            "V1": {"decision": False, "source": "国家企业信用信息公示系统", "queried_at": "2026-12-01T09:00:00+08:00"}
        },
        evidence={
            "P1.1": [
                {
                    "sha256": "a" * 64,
                    "name": "证书.pdf",
                    "kind": "certificate",
                    "verification": {"method": "原件核对", "conclusion": "属实", "by": "王五"},
                }
            ]
        },
    )
    changes = diff_sections(old, new)
    fields = [(c.section, c.field) for c in changes.changes]
    assert fields == [(VETOES, "source"), (VETOES, "queried_at"), (EVIDENCE, "verification")]
    verification = describe(changes.changes[-1])
    assert verification.old is None
    assert verification.new.zh == "核验方式：原件核对；核验结论：属实；核验人：王五"
    assert verification.what.zh == "证据“证书.pdf”：核验"
    assert describe(changes.changes[0]).what.zh == "查询来源"


def test_evidence_is_matched_by_content_and_name_and_counted_twice_when_attached_twice() -> None:
    a = {"sha256": "a" * 64, "name": "证书.pdf"}
    b = {"sha256": "b" * 64, "name": "证书.pdf"}  # same name, new content: removed and added
    changes = diff_sections(sections(evidence={"P1.1": [a, a]}), sections(evidence={"P1.1": [a, b]}))
    assert [(c.field, c.item) for c in changes.changes] == [(REMOVED, "证书.pdf"), (ADDED, "证书.pdf")]
    shown = describe(changes.changes[1])
    assert shown.what.zh == "新增证据" and shown.old is None and shown.new.zh == "证书.pdf"


def test_order_follows_the_framework_then_the_rest_sorted() -> None:
    old = sections({k: {"value": 1} for k in ("P2.1", "P1.1", "X9")})
    new = sections({k: {"value": 2} for k in ("P2.1", "P1.1", "X9")})
    changes = diff_sections(old, new, order={ANSWERS: ["P1.1", "P2.1"]})
    assert [c.key for c in changes.changes] == ["P1.1", "P2.1", "X9"]


def test_every_field_a_revision_has_today_has_words(mini_framework) -> None:
    """A field without a label would show its internal name: the sections of a real revision all have one."""
    from datetime import UTC, datetime
    from decimal import Decimal

    from cityeval_desktop.domain.basis import Verification, VetoBasis
    from cityeval_desktop.domain.records import CaseDetail, CaseSummary, EvidenceItem
    from cityeval_desktop.domain.scoring import Answer, score

    indicator = mini_framework.indicators()[0]
    now = datetime(2026, 12, 1, tzinfo=UTC)
    answers = {indicator.id: Answer(None, True, "无此业务", "说明", "no-business")}
    summary = CaseSummary(
        1, "u", 2, "主体", "91350100M000100Y43", "350100", mini_framework.id, mini_framework.version,
        mini_framework.sha256, mini_framework.category, "city", "self", "", "draft", now, now, None,
        Decimal(0), None, Decimal(0), None, True,
    )  # fmt: skip
    evidence = (
        EvidenceItem(1, indicator.id, "a" * 64, "证书.pdf", 10, "application/pdf", now, kind="certificate"),
        EvidenceItem(2, "", "b" * 64, "信用中国截图.png", 10, "image/png", now, veto_id="V1"),
    )
    verifications = (
        Verification(indicator.id, "a" * 64, "original", "confirmed", "王五", "2026-11-30"),
        Verification(indicator.id, None, "site-inspection", "doubtful", "王五", "2026-11-30", "待补"),
    )
    basis = {"V1": VetoBasis("信用中国", "2026-11-30T10:00:00+08:00", "无记录")}
    result = score(mini_framework, "city", answers, {})
    detail = CaseDetail(
        summary, mini_framework, answers, {}, {"V1": True}, evidence, result, veto_basis=basis,
        verifications=verifications,
    )  # fmt: skip
    doc = case_diff.revision_sections(detail)
    assert set(doc) == {ANSWERS, VETOES, EVIDENCE}
    # the veto's basis and its file sit with the veto; each file carries its kind and verification
    assert doc[VETOES]["V1"] == {
        "decision": True,
        "source": "信用中国",
        "queried_at": "2026-11-30T10:00:00+08:00",
        "note": "无记录",
        "evidence": ["信用中国截图.png"],
    }
    assert list(doc[EVIDENCE]) == [indicator.id]
    [file] = doc[EVIDENCE][indicator.id]
    assert file["kind"] == "certificate" and file["verification"]["method"] == "original"
    assert doc[ANSWERS][indicator.id]["verification"]["conclusion"] == "doubtful"
    assert doc[ANSWERS][indicator.id]["ground"] == "no-business"
    # and each reads in words against an empty revision
    empty = {ANSWERS: {}, VETOES: {}, EVIDENCE: {}}
    shown = {(c.section, c.field): describe(c, mini_framework) for c in diff_sections(empty, doc).changes}
    assert shown[(ANSWERS, "verification")].new.zh.startswith("核验方式：现场核查；核验结论：存疑")
    assert shown[(VETOES, "evidence")].new.zh == "信用中国截图.png"
    assert shown[(EVIDENCE, ADDED)].new.zh == "证书.pdf"
    for section, part in doc.items():
        for record in part.values():
            for rec in record if isinstance(record, list) else [record]:
                for name in rec:
                    if section == EVIDENCE and name in case_diff.EVIDENCE_IDENTITY:
                        continue
                    assert (section, name) in case_diff.FIELD_LABELS, (section, name)

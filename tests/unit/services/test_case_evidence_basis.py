"""Issue 11 case data: N/A grounds, veto basis, typed and verified evidence, and what finalize refuses."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cityeval_desktop.domain.basis import VetoBasis
from cityeval_desktop.services import cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.errors import InputError, StateError
from cityeval_desktop.services.results import case_json, finalize_problems, na_share
from cityeval_desktop.store import case_repo
from cityeval_desktop.store.digest import case_from_content, revision_content
from cityeval_desktop.store.models import AuditRow
from tests.case_data_helpers import staff_if_third_party

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
USCC = "91350100M000100Y43"
QUERIED = "2026-11-30T10:00:00+08:00"


def _case(ctx: Any, framework: str = "mini2", mode: str = "third-party") -> str:
    """A new case; a third-party one with its team, their declarations and an opinion (issue 12), so that
    only what these tests leave out stops a finalize."""
    fw_registry.install_file(ctx, FIXTURES / f"{framework}.yaml")
    ref = cases.new_case(
        ctx, framework=framework, tier="city", mode=mode, entity_name="福州数字规划研究院", uscc=USCC
    ).ref
    staff_if_third_party(ctx, ref, ctx.data_dir)
    return ref


def _write(folder: Path, doc: dict[str, Any], name: str = "answers.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _files(folder: Path) -> None:
    (folder / "cert.pdf").write_bytes(b"%PDF-1.4 certificate")
    (folder / "staff.pdf").write_bytes(b"%PDF-1.4 staff list")
    (folder / "credit.png").write_bytes(b"\x89PNG credit query: no record")
    (folder / "secret.pdf").write_bytes(b"%PDF-1.4 no classified work, statement")


CHECKED = {"method": "原件核对", "conclusion": "属实", "by": "王核查", "at": "2026-11-30"}


def _full(**change: Any) -> dict[str, Any]:
    """A complete third-party answers document for mini2 (city tier), with every basis given."""
    doc: dict[str, Any] = {
        "answers": {
            "S": {"value": 2, "evidence": [{"path": "cert.pdf", "verification": CHECKED}]},
            "Y": {"not_applicable": True, "ground": "no-secret", "reason": "无涉密业务", "evidence": ["secret.pdf"]},
            "C": {"value": "hi"},
            "T": {"value": 7, "evidence": [{"path": "staff.pdf", "kind": "staff-certificates"}]},
            "B": {"value": 5},
            "R": {"value": 30},
            "P": {"value": 3},
            "X": {"value": {"minor": 0}, "evidence": [{"path": "credit.png", "kind": "credit-report"}]},
        },
        "vetoes": {
            "V1": {
                "decision": False,
                "source": "信用中国",
                "queried_at": QUERIED,
                "note": "未查到严重失信记录",
                "evidence": ["credit.png"],
            },
            "V2": False,
            "V4": {"decision": False, "source": "现场核查", "queried_at": QUERIED, "evidence": ["cert.pdf"]},
        },
    }
    for key, value in change.items():
        doc[key].update(value)
    return doc


def _verify_rest(ctx: Any, ref: str) -> Any:
    detail = cases.load_case(ctx, ref)
    for ind in ("Y", "T", "X"):
        detail = cases.set_verification(ctx, ref, ind, None, {**CHECKED, "method": "issuer-query"})
    return detail


def test_a_full_third_party_document_stores_grounds_basis_kinds_and_verifications(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    detail = cases.apply_answers_file(ctx, ref, _write(tmp_path, _full()))
    assert detail.answers["Y"].ground == "no-secret" and detail.answers["Y"].reason == "无涉密业务"
    assert detail.veto_basis["V1"] == VetoBasis("信用中国", QUERIED, "未查到严重失信记录")
    assert [e.original_name for e in detail.veto_evidence("V1")] == ["credit.png"]
    assert [e.original_name for e in detail.evidence_for("X")] == ["credit.png"]  # the veto's copy is not X's
    kinds = {e.original_name: e.kind for e in detail.evidence if e.veto_id is None}
    # S and Y name one kind each, so their files take it; T and X say theirs
    assert kinds == {
        "cert.pdf": "certificate",
        "secret.pdf": None,
        "staff.pdf": "staff-certificates",
        "credit.png": "credit-report",
    }
    (cert,) = detail.evidence_for("S")
    check = detail.verification_of("S", cert.sha256)
    assert check is not None and (check.method, check.conclusion, check.by, check.at) == (
        "original",
        "confirmed",
        "王核查",
        "2026-11-30",
    )
    shown = case_json(detail)
    v1 = next(v for v in shown["vetoes"] if v["id"] == "V1")
    assert v1 == {
        "id": "V1",
        "decided": False,
        "source": "信用中国",
        "queried_at": QUERIED,
        "note": "未查到严重失信记录",
        "evidence": [{"name": "credit.png", "sha256": detail.veto_evidence("V1")[0].sha256}],
    }
    y = next(i for i in shown["result"]["indicators"] if i["id"] == "Y")
    assert y["ground"] == "no-secret" and y["answer"] is None
    s_file = next(e for e in shown["evidence"] if e["indicator"] == "S")
    assert s_file["kind"] == "certificate" and s_file["verification"]["conclusion"] == "confirmed"
    assert shown["flags"] == []
    # the whole trail: the basis, the veto's file and the verification are audited
    with ctx.reading() as s:
        rows = s.scalars(select(AuditRow).where(AuditRow.chain == ref.split("@")[0])).all()
        got = {(r.action, r.target) for r in rows}
    assert ("veto.basis", "V1") in got and ("evidence.verify", "S") in got and ("evidence.add", "V1") in got


def test_a_finished_third_party_case_passes_every_check(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    cases.apply_answers_file(ctx, ref, _write(tmp_path, _full()))
    assert [p.kind for p in finalize_problems(_verify_rest(ctx, ref))] == []


@pytest.mark.parametrize(
    ("veto", "missing_zh", "missing_en"),
    [
        ({"decision": False}, "查询来源、查询时间、至少 1 个依据文件", "the source, the query time, at least one"),
        ({"decision": True, "source": "信用中国", "evidence": ["credit.png"]}, "查询时间", "the query time missing"),
        ({"decision": False, "source": "信用中国", "queried_at": QUERIED}, "至少 1 个依据文件", "at least one"),
    ],
)
def test_a_veto_decided_without_its_basis_blocks_finalize_naming_what_is_missing(
    ctx: Any, tmp_path: Path, veto: dict[str, Any], missing_zh: str, missing_en: str
) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    cases.apply_answers_file(ctx, ref, _write(tmp_path, _full(vetoes={"V1": veto})))
    problems = [p for p in finalize_problems(_verify_rest(ctx, ref)) if p.kind == "veto_basis"]
    assert [p.target for p in problems] == ["V1"]
    assert "否决项 V1（严重失信）" in problems[0].message.zh and missing_zh in problems[0].message.zh
    assert missing_en in problems[0].message.en


def test_a_veto_the_framework_needs_no_basis_for_and_self_checks_take_a_bare_boolean(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx, mode="self")
    _files(tmp_path)
    doc = _full(vetoes={"V1": False, "V4": False})
    cases.apply_answers_file(ctx, ref, _write(tmp_path, doc))
    assert not [p for p in finalize_problems(cases.load_case(ctx, ref)) if p.kind == "veto_basis"]


def test_an_untrue_verification_flags_the_false_evidence_veto_and_refuses_it_decided_false(
    ctx: Any, tmp_path: Path
) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    cases.apply_answers_file(ctx, ref, _write(tmp_path, _full()))
    _verify_rest(ctx, ref)
    (cert,) = cases.load_case(ctx, ref).evidence_for("S")
    detail = cases.set_verification(
        ctx, ref, "S", cert.sha256, {"method": "发证机构查询", "conclusion": "不属实", "by": "王核查", "at": QUERIED}
    )
    assert case_json(detail)["flags"] == [{"id": "false_evidence", "veto": "V4", "indicators": ["S"]}]
    (problem,) = finalize_problems(detail)
    assert problem.kind == "false_evidence" and problem.target == "V4"
    assert "请判定为成立，或重新核验该证据" in problem.message.zh
    # decided true, the veto stands and nothing blocks finalize
    detail = cases.set_veto(ctx, ref, "V4", True)
    assert detail.veto_basis["V4"].source == "现场核查"  # a new decision keeps its basis
    assert finalize_problems(detail) == []
    assert detail.result.vetoed == ("V4",)


def test_n_a_is_refused_where_the_framework_does_not_allow_it_naming_the_indicator_and_why(
    ctx: Any, tmp_path: Path
) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    before = case_json(cases.load_case(ctx, ref))
    doc = _full(answers={"X": {"not_applicable": True, "reason": "不适用"}})
    with pytest.raises(InputError) as err:
        cases.apply_answers_file(ctx, ref, _write(tmp_path, doc))
    (line,) = err.value.lines("zh")
    assert "answers.X.not_applicable" in line and "指标 X（信用记录）不能标为不适用" in line
    assert "公共信用记录每个主体都有" in line
    assert case_json(cases.load_case(ctx, ref)) == before  # all or nothing
    with pytest.raises(InputError) as err:
        cases.set_answer(ctx, ref, "X", not_applicable=True, reason="不适用")
    assert "cannot be N/A" in err.value.lines("en")[0]


@pytest.mark.parametrize(
    ("entry", "where", "words"),
    [
        ({"not_applicable": True, "reason": "新成立"}, "answers.B.ground", "new-firm (Founded less than a year ago)"),
        ({"not_applicable": True, "ground": "whatever", "reason": "x"}, "answers.B.ground", "has no N/A ground"),
        ({"not_applicable": True, "ground": "new-firm"}, "answers.B.reason", "N/A needs a written reason"),
    ],
)
def test_an_n_a_names_one_of_its_grounds_and_a_reason(
    ctx: Any, tmp_path: Path, entry: dict[str, Any], where: str, words: str
) -> None:
    ref = _case(ctx)
    with pytest.raises(InputError) as err:
        cases.apply_answers_file(ctx, ref, _write(tmp_path, {"answers": {"B": entry}}))
    assert any(where in line and words in line for line in err.value.lines("en")), err.value.lines("en")


def test_a_legacy_framework_keeps_a_free_reason_and_refuses_a_ground(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx, framework="mini")
    detail = cases.apply_answers_file(
        ctx, ref, _write(tmp_path, {"answers": {"Y": {"not_applicable": True, "reason": "本单位无此项业务"}}})
    )
    assert detail.answers["Y"].not_applicable and detail.answers["Y"].ground is None
    with pytest.raises(InputError) as err:
        cases.apply_answers_file(
            ctx, ref, _write(tmp_path, {"answers": {"Y": {"not_applicable": True, "ground": "g", "reason": "r"}}})
        )
    assert "answers.Y.ground" in err.value.lines("en")[0]


def test_n_a_removing_more_than_the_framework_share_blocks_a_third_party_finalize(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    doc = _full(answers={"B": {"not_applicable": True, "ground": "public-body", "reason": "事业单位"}})
    cases.apply_answers_file(ctx, ref, _write(tmp_path, doc))
    detail = _verify_rest(ctx, ref)
    # Y: 60/100 x 10/60 = 10 %; B: 40/100 x 10/40 = 10 %; mini2 allows 20 %, so this is on the limit
    assert na_share(detail) == Fraction(1, 5)
    assert [p for p in finalize_problems(detail) if p.kind == "na_share"] == []
    # the same case against a framework allowing 15 %: the share is named with the indicators
    strict = replace(detail, framework=replace(detail.framework, not_applicable_max_share=Fraction(15, 100)))
    (problem,) = [p for p in finalize_problems(strict) if p.kind == "na_share"]
    assert "（Y、B）去掉了 20.00% 的分值，超过框架允许的 15.00%" in problem.message.zh
    assert "remove 20.00% of the points, more than the 15.00%" in problem.message.en
    # a self-check is not held to it
    selfcheck = replace(strict, summary=replace(strict.summary, mode="self"))
    assert [p for p in finalize_problems(selfcheck) if p.kind == "na_share"] == []


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        ({"V1": {"decision": False, "queried_at": "2026-11-30 10:00"}}, "vetoes.V1.queried_at", "with its offset"),
        ({"V1": {"decision": False, "queried_at": "2026-02-30T10:00:00+08:00"}}, "vetoes.V1.queried_at", "offset"),
        ({"V1": {"decision": False, "queried_at": "2026-11-30T10:00:00+08:00" + " " * 40}}, "queried_at", "offset"),
        ({"V1": {"decision": "no"}}, "vetoes.V1.decision", "decision must be true"),
        ({"V1": {"decision": False, "sauce": "x"}}, "vetoes.V1", "unknown field: sauce"),
        ({"V1": {"decision": False, "source": "信用\n中国"}}, "vetoes.V1.source", "one line"),
        ({"V1": {"decision": False, "source": "信" * 201}}, "vetoes.V1.source", "at most 200"),
        ({"V1": {"decision": False, "evidence": ["../outside.png"]}}, "vetoes.V1.evidence[0]", ""),
        ({"V1": {"decision": False, "evidence": [{"path": "credit.png"}]}}, "vetoes.V1.evidence[0]", "file paths"),
    ],
)
def test_hostile_veto_entries_are_refused_where_they_are_and_nothing_changes(
    ctx: Any, tmp_path: Path, change: dict[str, Any], where: str, words: str
) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    before = case_json(cases.load_case(ctx, ref))
    with pytest.raises(InputError) as err:
        cases.apply_answers_file(ctx, ref, _write(tmp_path, _full(vetoes=change)))
    assert any(where in line and words in line for line in err.value.lines("en")), err.value.lines("en")
    assert case_json(cases.load_case(ctx, ref)) == before


@pytest.mark.parametrize(
    ("evidence", "where", "words"),
    [
        ({"path": "cert.pdf", "kind": "contract"}, "answers.S.evidence[0].kind", "expected one of: certificate"),
        ({"path": "cert.pdf", "verification": {**CHECKED, "method": "猜测"}}, ".verification.method", "original"),
        ({"path": "cert.pdf", "verification": {**CHECKED, "conclusion": "yes"}}, ".conclusion", "untrue (不属实)"),
        ({"path": "cert.pdf", "verification": {**CHECKED, "at": "30/11/2026"}}, ".verification.at", "a date"),
        ({"path": "cert.pdf", "verification": {**CHECKED, "at": "2026-11-31"}}, ".verification.at", "no such date"),
        ({"path": "cert.pdf", "verification": {**CHECKED, "by": " "}}, ".verification.by", "who verified"),
        ({"path": "cert.pdf", "verification": "属实"}, ".verification", "expected an object"),
        ({"path": "cert.pdf", "size": 3}, "answers.S.evidence[0]", "unknown field: size"),
        ({"kind": "certificate"}, "answers.S.evidence[0].path", "expected a file path"),
    ],
)
def test_hostile_evidence_entries_are_refused_where_they_are(
    ctx: Any, tmp_path: Path, evidence: dict[str, Any], where: str, words: str
) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    with pytest.raises(InputError) as err:
        cases.apply_answers_file(ctx, ref, _write(tmp_path, {"answers": {"S": {"value": 2, "evidence": [evidence]}}}))
    assert any(where in line and words in line for line in err.value.lines("en")), err.value.lines("en")
    assert cases.load_case(ctx, ref).evidence == ()


def test_too_many_evidence_entries_are_refused_before_any_file_is_looked_at(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx)
    doc = {"answers": {"S": {"value": 2, "evidence": [f"f{n}.pdf" for n in range(1001)]}}}
    with pytest.raises(InputError) as err:
        cases.apply_answers_file(ctx, ref, _write(tmp_path, doc))
    assert err.value.lines("en") == [
        f"{tmp_path / 'answers.json'}: answers.S.evidence: too many files (1001, limit 1000)"
    ]


def test_conclusions_and_methods_are_read_as_ids_or_words(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    check = {"method": "site-inspection", "conclusion": "doubtful", "by": "李", "at": "2026-12-01T09:30:00Z"}
    detail = cases.apply_answers_file(
        ctx,
        ref,
        _write(tmp_path, {"answers": {"S": {"value": 2, "evidence": [{"path": "cert.pdf", "verification": check}]}}}),
    )
    (v,) = detail.verifications
    assert (v.method, v.conclusion, v.at) == ("site-inspection", "doubtful", "2026-12-01T09:30:00+00:00")


def test_evidence_needed_only_for_positive_claims_except_when_always(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    doc = _full()
    doc["answers"]["S"] = {"value": 0}  # "none": no certificate to show
    doc["answers"]["X"] = {"value": {"minor": 0}}  # a credit query always needs its screenshot
    cases.apply_answers_file(ctx, ref, _write(tmp_path, doc))
    detail = cases.load_case(ctx, ref)
    cases.detach_evidence(ctx, ref, "X", [e.sha256 for e in detail.evidence_for("X")])
    missing = [p.target for p in finalize_problems(_verify_rest(ctx, ref)) if p.kind == "evidence_missing"]
    assert missing == ["X"]


def test_unverified_and_untyped_files_block_a_third_party_finalize(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    cases.apply_answers_file(ctx, ref, _write(tmp_path, _full()))
    problems = {(p.kind, p.target) for p in finalize_problems(cases.load_case(ctx, ref))}
    assert problems == {("evidence_unverified", "Y"), ("evidence_unverified", "T"), ("evidence_unverified", "X")}
    detail = _verify_rest(ctx, ref)
    (staff,) = detail.evidence_for("T")
    detail = cases.set_evidence_kind(ctx, ref, staff.id, None)
    (problem,) = finalize_problems(detail)
    assert problem.kind == "evidence_kind" and "staff.pdf" in problem.message.zh
    with pytest.raises(InputError) as err:
        cases.set_evidence_kind(ctx, ref, staff.id, "contract")
    assert "人员证书及社保记录（staff-certificates）" in err.value.lines("zh")[0]
    assert finalize_problems(cases.set_evidence_kind(ctx, ref, staff.id, "staff-certificates")) == []


def test_a_basis_needs_a_decision_and_goes_with_the_veto_set_through_the_service(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx)
    with pytest.raises(StateError):
        cases.set_veto_basis(ctx, ref, "V1", VetoBasis("信用中国", QUERIED, None))
    detail = cases.set_veto(ctx, ref, "V1", False, VetoBasis("信用中国", "2026-11-30T10:00:00+08:00", "无记录"))
    assert detail.veto_basis["V1"].queried_at == QUERIED
    with pytest.raises(InputError) as err:
        cases.set_veto_basis(ctx, ref, "V1", VetoBasis("信用中国", "yesterday", None))
    assert "V1.queried_at" in err.value.lines("en")[0]
    (tmp_path / "q.png").write_bytes(b"png")
    detail = cases.add_veto_evidence(ctx, ref, "V1", [tmp_path / "q.png"])
    assert [e.original_name for e in detail.veto_evidence("V1")] == ["q.png"]
    detail = cases.remove_evidence(ctx, ref, detail.veto_evidence("V1")[0].id)
    assert detail.veto_evidence("V1") == []


def test_amend_and_the_content_keep_every_part_and_the_content_rebuilds_exactly(ctx: Any, tmp_path: Path) -> None:
    ref = _case(ctx)
    _files(tmp_path)
    cases.apply_answers_file(ctx, ref, _write(tmp_path, _full()))
    _verify_rest(ctx, ref)
    with ctx.transaction() as s:
        case = case_repo.load_revision(s, ref)
        content = revision_content(case)
        assert content["form"] == 3
        two = revision_content(case, 2)  # (revisions finalized in form 2 stay checkable in it)
        assert two["form"] == 2 and "team" not in two and "dated" not in two["evidence"][0]
        assert revision_content(case_from_content(json.loads(json.dumps(two))), 2) == two
        rebuilt = case_from_content(json.loads(json.dumps(content)))
        assert revision_content(rebuilt) == content
        copy = case_repo.copy_revision(s, case, 2)
        assert {k: v for k, v in revision_content(copy).items() if k != "revision"} == {
            k: v for k, v in content.items() if k != "revision"
        }
        old = revision_content(case, 1)
        assert old["form"] == 1 and "verifications" not in old and set(old["vetoes"][0]) == {"veto", "decided", "note"}
        assert revision_content(case_from_content(old), 1) == old
        s.rollback()


def test_verifications_of_several_files_are_stored_all_or_none(ctx: Any, tmp_path: Path) -> None:
    """``set_verifications`` (undo/redo of one verification given to several files) is one transaction."""
    _files(tmp_path)
    ref = _case(ctx)
    detail = cases.add_evidence(ctx, ref, "T", [tmp_path / "staff.pdf", tmp_path / "cert.pdf"])
    staff, cert = (e.sha256 for e in detail.evidence_for("T"))
    with pytest.raises(InputError):  # the second file is not T's: nothing is stored, not even the first
        cases.set_verifications(ctx, ref, "T", [(staff, CHECKED), ("0" * 64, CHECKED)])
    assert cases.load_case(ctx, ref).verifications == ()
    done = cases.set_verifications(ctx, ref, "T", [(staff, CHECKED), (cert, CHECKED)])
    assert {v.sha256 for v in done.verifications} == {staff, cert}
    back = cases.set_verifications(ctx, ref, "T", [(staff, None), (cert, None)])
    assert back.verifications == ()

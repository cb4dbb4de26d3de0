"""A third-party case on a framework that asks for an on-site inspection sample (mini2 with ``inspection``),
finished but for the sample, and inspection record files: for the tests of the sample (unit and GUI)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RAW = (FIXTURES / "mini2.yaml").read_bytes()
USCC = "91350100M000100Y43"
QUERIED = "2026-11-30T10:00:00+08:00"
CHECKED = {"method": "原件核对", "conclusion": "属实", "by": "王核查", "at": "2026-11-30"}
#: at least 3 distinct projects and 2 distinct staff
SAMPLE = b"inspection:\n  sample_projects: 3\n  sample_staff: 2"


def with_setting(extra: bytes, raw: bytes = RAW) -> bytes:
    """mini2's YAML with ``extra`` lines on line 8 (after ``gap_below``)."""
    return raw.replace(b"gap_below: 0.6", b"gap_below: 0.6\n" + extra)


def sample_framework(ctx: Any, folder: Path, extra: bytes = SAMPLE) -> str:
    from cityeval_desktop.services import frameworks as fw_registry

    path = folder / "mini2-sample.yaml"
    path.write_bytes(with_setting(extra, RAW.replace(b"id: mini2\n", b"id: mini2-sample\n")))
    fw_registry.install_file(ctx, path)
    return "mini2-sample"


def finished_case(ctx: Any, folder: Path, mode: str = "third-party") -> str:
    """A mini2-sample case that passes every check but the inspection sample (see test_case_evidence_basis)."""
    from cityeval_desktop.services import cases
    from tests.case_data_helpers import staff_if_third_party

    framework = sample_framework(ctx, folder)
    ref = cases.new_case(
        ctx, framework=framework, tier="city", mode=mode, entity_name="福州数字规划研究院", uscc=USCC
    ).ref
    staff_if_third_party(ctx, ref, ctx.data_dir)
    (folder / "cert.pdf").write_bytes(b"%PDF-1.4 certificate")
    (folder / "staff.pdf").write_bytes(b"%PDF-1.4 staff list")
    (folder / "credit.png").write_bytes(b"\x89PNG credit query: no record")
    (folder / "secret.pdf").write_bytes(b"%PDF-1.4 no classified work, statement")
    third = mode == "third-party"
    doc = {
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
            "V1": {"decision": False, "source": "信用中国", "queried_at": QUERIED, "evidence": ["credit.png"]}
            if third
            else False,
            "V2": False,
            "V4": {"decision": False, "source": "现场核查", "queried_at": QUERIED, "evidence": ["cert.pdf"]}
            if third
            else False,
        },
    }
    answers = folder / "answers.json"
    answers.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    cases.apply_answers_file(ctx, ref, answers)
    if third:
        for ind in ("Y", "T", "X"):
            cases.set_verification(ctx, ref, ind, None, {**CHECKED, "method": "issuer-query"})
    return ref


def record_file(folder: Path, projects: list[str], staff: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    doc = {
        "date": "2026-06-20",
        "place": "福州市鼓楼区软件园 A 座",
        "participants": ["钱组长", "赵审核"],
        "checked": "核对劳动合同与社保缴纳记录",
        "findings": "与申报材料一致",
        "sampled_projects": projects,
        "sampled_staff": staff,
    }
    path = folder / "record.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path

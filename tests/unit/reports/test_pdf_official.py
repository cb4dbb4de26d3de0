"""The PDF as an official 评估报告 (issue 12 §2): the cover's numbers and dates, every section in order,
the audit trail annexed with people instead of the operating-system account, Chinese-only Chinese reports,
English-only English ones, a self-check's result box, and charts that explain their 40-point line.

The finalized reports are the signed ones the samples store (a fully formed third-party case: team,
declarations, opinion, on-site record, verified evidence; and a self-check), read with ``pdftotext``.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain.basis import CONCLUSIONS, EVIDENCE_KINDS, VERIFICATION_METHODS
from cityeval_desktop.reports.labels import ACTIONS
from cityeval_desktop.reports.pdf import render_case_report
from cityeval_desktop.services import case_data, cases, samples
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.reporting import stored_final_report
from cityeval_desktop.store import audit

OS_ACCOUNT = "tester"  # the actor every test context records (the operating-system login in real use)
ZH_SECTIONS = (
    "一、评估依据",
    "二、评估过程",
    "三、结果概览",
    "四、计分方法与复核",
    "五、综合评价意见",
    "六、指标得分明细",
    "七、短板清单",
    "八、不适用指标及依据",
    "九、否决项判定及依据",
    "十、证据索引",
    "十一、现场核查记录",
    "十二、评审组与回避声明",
    "十三、声明与使用限制",
    "附件：审计记录",
    "签章",
)
EN_SECTIONS = (
    "1. Basis of the assessment",
    "2. How the assessment was carried out",
    "3. Summary of the result",
    "4. How the score was computed",
    "5. Overall opinion",
    "6. Indicator scores",
    "7. Gaps",
    "8. Indicators not applicable and their grounds",
    "9. Veto decisions and their basis",
    "10. Evidence index",
    "11. On-site inspection records",
    "12. Assessment team and independence declarations",
    "13. Statements and limits of use",
    "Annex: audit trail",
    "Signatures",
)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[./@:+\-][A-Za-z0-9]+)*")
# what a Chinese report may still spell in Latin letters: standards and schemes, units, the hash name,
# the signature format, credit ratings (of the indicators' options), formula symbols (f, D, T)
ALLOWED = {
    *("GB/T", "GB", "ISO", "IEC", "DCMM", "CMMI", "ITSS", "CCRC", "CS", "PAdES", "SHA-256"),
    *("B", "KB", "MB", "GB"),
    *("AAA", "AA", "A", "BBB", "BB"),
    *("f", "D", "T"),
}
USCC = re.compile(r"\b\d{8}[0-9A-HJ-NPQRTUWXY]{10}\b")
ID = re.compile(
    r"[A-Z]{1,2}\d+(?:\.\d+)*"  # indicator, dimension, veto ids (B1.1, D5, V9), CS levels (CS4)
    r"|[0-9a-f]{6,}"  # hashes and fingerprints (whole or shortened), the case uuid's pieces
    r"|[0-9a-f]+(?:-[0-9a-f]+)+(?:@\d+)?"  # the case uuid and its ref
    r"|[0-9A-F]{1,2}(?::[0-9A-F]{2})+|UTC[+-]\d{2}:\d{2}"  # the signature's appearance: fingerprint, offset
    r"|(?:CMMI|CS|ITSS|DCMM)\d"  # the levels of those schemes
)


def _latin_words(text: str) -> list[tuple[str, str]]:
    """Each Latin word of ``text`` with the whole token it is part of: a hash that begins with digits
    (``20f923…``), or one a line break cut in two, is a word ``f923`` to LATIN, and an id as a whole."""
    hex_or_break = set("0123456789abcdef\n")
    found = []
    for m in LATIN.finditer(text):
        start, end = m.start(), m.end()
        while start and text[start - 1] in hex_or_break:
            start -= 1
        while end < len(text) and text[end] in hex_or_break:
            end += 1
        found.append((m.group(), text[start:end].strip("\n").replace("\n", "")))
    return found


def pdf_text(pdf: bytes, folder: Path, name: str, *, page: int | None = None) -> str:
    path = folder / name
    path.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def user_texts(detail: Any, *, squeezed: bool = True) -> list[str]:
    """What people typed or named (names, file names, notes, places): shown as given, in any language."""
    s, cd = detail.summary, detail.case_data
    found = [s.entity_name, s.assessor or "", s.uscc]
    found += [e.original_name for e in detail.evidence]
    found += [t for a in detail.answers.values() for t in (a.note, a.reason) if t]
    found += [t for b in detail.veto_basis.values() for t in (b.source, b.note) if t]
    found += [v.by for v in detail.verifications]
    for m in cd.team:
        found += [m.name, m.org, m.qualification or ""]
    for rec in cd.inspections:
        found += [rec.place, rec.checked, rec.findings, *rec.participants, *rec.sampled_projects, *rec.sampled_staff]
        found += [f.name for f in rec.attachments]
    return sorted({squeeze(t) if squeezed else t for t in found if t and t.strip()}, key=len, reverse=True)


def without(text: str, parts: list[str]) -> str:
    flat = squeeze(text)
    for part in parts:
        flat = flat.replace(part, " ")
    return flat


class Sample:
    def __init__(self, ctx: Any, key: str, lang: str) -> None:
        spec = next(s for s in samples.SAMPLES if s.key == key)
        made = samples.load_samples(ctx, lang=lang, key_size=2048, specs=(spec,)).cases[0]
        self.ctx, self.ref, self.lang = ctx, made.ref, lang
        self.detail = cases.load_case(ctx, made.ref)
        self.pdf = stored_final_report(ctx, made.ref, lang)
        assert self.pdf is not None

    def entries(self) -> list[dict[str, Any]]:
        with self.ctx.reading() as s:
            return list(audit.export_chain(s, self.detail.summary.case_uuid))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One database with the finalized third-party sample in Chinese and the self-check sample; another
    with the third-party sample made in English (its declarations and opinion written in English)."""
    out: dict[str, Any] = {}
    contexts = []
    for lang in ("zh", "en"):
        folder = tmp_path_factory.mktemp(f"official-{lang}")
        ctx = open_context(folder / "cases.sqlite3", folder, actor=OS_ACCOUNT)
        contexts.append(ctx)
        out[f"third-{lang}"] = Sample(ctx, "xm-construction", lang)
        if lang == "zh":
            out["self-zh"] = Sample(ctx, "nb-construction", lang)
            out["ctx"] = ctx
    yield out
    for ctx in contexts:
        ctx.close()


# ----------------------------------------------------------------------------- the cover and the sections
def test_the_cover_carries_the_numbers_dates_organisation_and_lead(world: dict[str, Any], tmp_path: Path) -> None:
    sample = world["third-zh"]
    cd = sample.detail.case_data
    cover = squeeze(pdf_text(sample.pdf, tmp_path, "zh.pdf", page=1))
    lead = cd.with_role("lead")[0]

    def day(d: Any) -> str:
        return f"{d.year}年{d.month}月{d.day}日"

    for key, value in (
        ("报告编号", cd.report_no),
        ("证书编号", cd.certificate_no),
        ("统一社会信用代码", sample.detail.summary.uscc),
        ("评估基准日", day(cd.reference_date)),
        ("考察期", f"{day(cd.window_from)}至{day(cd.window_to)}"),
        ("有效期", f"{day(cd.valid_from)}至{day(cd.valid_until)}"),
        ("评估组长", f"{lead.name}（{lead.org}）"),
        ("评估方式", "第三方评估"),
        ("服务级别", "区域服务级"),
    ):
        assert value and squeeze(key + value) in cover, (key, value)
    assert "评估结果" in cover and "自评" not in cover
    assert "（regional）" not in cover and "UTC" not in cover  # no tier id, times in local words
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日\d{2}:\d{2}（北京时间）", cover)


def test_every_section_is_there_in_order_in_both_languages(world: dict[str, Any], tmp_path: Path) -> None:
    for key, sections in (("third-zh", ZH_SECTIONS), ("third-en", EN_SECTIONS)):
        text = squeeze(pdf_text(world[key].pdf, tmp_path, f"{key}.pdf"))
        at = 0
        for heading in sections:  # each one after the one before
            found = text.find(squeeze(heading), at)
            assert found >= 0, (key, heading)
            at = found


def test_basis_process_opinion_inspection_team_and_terms(world: dict[str, Any], tmp_path: Path) -> None:
    sample = world["third-zh"]
    d, cd = sample.detail, sample.detail.case_data
    text = squeeze(pdf_text(sample.pdf, tmp_path, "zh.pdf"))
    # 评估依据: the policy documents and standards the framework cites, the framework and its hash
    for cited in ("《关于深化智慧城市发展推进城市全域数字化转型的指导意见》", "《政府采购法》", "GB/T20986-2023"):
        assert cited in text, cited
    assert squeeze(f"标识 {d.framework.id}，版本 {d.framework.version}") in text and d.framework.sha256 in text
    # 评估过程: the five stages, dated from the audit chain; the integrity line names the chain head
    stages = text[text.index("二、评估过程") : text.index("三、结果概览")]
    for stage in ("1.受理", "2.材料审查", "3.现场核查", "4.专家评审", "5.审核批准"):
        assert stage in stages
    inspected = cd.inspections[0].day
    assert f"{inspected.year}年{inspected.month}月{inspected.day}日" in stages
    assert "未记录" not in stages  # every stage of a fully formed case has its record
    # (the report is signed before finalize records its number, the signature and the lock)
    shown = [e for e in sample.entries() if e["action"] not in {"case.numbers", "report.sign", "case.finalize"}]
    assert f"链校验通过，共{len(shown)}条记录，链头哈希{shown[-1]['hash'][:16]}" in stages
    # 综合评价意见: the stored opinion, paragraph by paragraph
    for paragraph in cd.opinion.split("\n"):
        assert squeeze(paragraph) in text
    # 现场核查记录 with the samples, the attachment and its hash
    rec = cd.inspections[0]
    for item in (rec.place, rec.checked, rec.findings, *rec.sampled_projects, *rec.sampled_staff):
        assert squeeze(item) in text, item
    assert rec.attachments[0].name in text and rec.attachments[0].sha256[:16] in text
    # 评审组与回避声明: role words, the declaration's signing time and the signer's fingerprint
    team = text[text.index("十二、评审组与回避声明") : text.index("十三、声明与使用限制")]
    for m in cd.team:
        decl = cd.declaration_of(m.name)
        assert squeeze(m.name) in team and decl is not None
        assert decl.signer_fingerprint[:16] in team and squeeze(decl.statement) in team
    assert "组长" in team and "审核" in team and "lead" not in team and "reviewer" not in team
    # 声明与使用限制: use, responsibility for the evidence and for the assessment, validity, context
    start = text.index("十三、声明与使用限制")
    terms = text[start : text.index("附件：审计记录", start)]
    for words in (
        "经营主体对其提交的证据材料的真实性",
        "评估机构和评审组对评估过程和评估结论负责",
        "有效期",
        "脱离上下文",
    ):
        assert words in terms, words


def test_the_evidence_index_names_kind_method_and_conclusion_in_words(world: dict[str, Any], tmp_path: Path) -> None:
    sample = world["third-zh"]
    text = squeeze(pdf_text(sample.pdf, tmp_path, "zh.pdf"))
    index = text[text.index("十、证据索引") : text.index("十一、现场核查记录")]
    for item in sample.detail.evidence:
        assert item.sha256 in index
    kinds = {e.kind for e in sample.detail.evidence if e.kind}
    assert kinds and all(EVIDENCE_KINDS[k].zh in index for k in kinds)
    for v in sample.detail.verifications:
        assert VERIFICATION_METHODS[v.method].zh in index and CONCLUSIONS[v.conclusion].zh in index
    for raw_id in (*kinds, *(v.method for v in sample.detail.verifications), "confirmed"):
        assert raw_id not in index, raw_id


def test_the_audit_annex_names_people_and_words_never_the_os_account(world: dict[str, Any], tmp_path: Path) -> None:
    sample = world["third-zh"]
    raw = pdf_text(sample.pdf, tmp_path, "zh.pdf")
    annex = raw[raw.rindex("附件：审计记录") :]
    assert OS_ACCOUNT not in raw
    assert "评审组" in annex and "建立案例" in annex and "签署回避声明" in annex
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}", raw), "raw ISO times"
    for code in ACTIONS:
        assert code not in raw, code
    assert "（北京时间）" in annex


def test_an_audit_entry_by_a_team_member_shows_their_name_and_role(world: dict[str, Any], tmp_path: Path) -> None:
    ctx = world["ctx"]
    ref = cases.new_case(
        ctx,
        framework="construction-implementation",
        tier="city",
        mode="third-party",
        entity_name="福州测试工程有限公司",
        uscc="91350100M000100Y43",
    ).ref
    lead_ctx = open_context(ctx.data_dir / "cases.sqlite3", ctx.data_dir, actor="钱组长")
    try:
        case_data.add_member(lead_ctx, ref, name="钱组长", role="lead", org="福建数字评估中心")
    finally:
        lead_ctx.close()
    detail = cases.load_case(ctx, ref)
    with ctx.reading() as s:
        entries = list(audit.export_chain(s, detail.summary.case_uuid))
    text = squeeze(pdf_text(render_case_report(detail, audit_entries=entries).pdf, tmp_path, "draft.pdf"))
    annex = text[text.rindex("附件：审计记录") :]
    assert "钱组长（组长）" in annex  # the member's entry
    assert "评审组建立案例" in annex  # the entry of the OS account: the role-neutral team
    assert OS_ACCOUNT not in text
    # a draft: validity and number set at finalize, no opinion yet, no inspection recorded
    cover = text[: text.index("一、评估依据")]
    assert cover.count("定稿时确定") == 2 and "有效期" in cover and "报告编号" in cover
    assert "草稿尚未填写综合评价意见" in text and "未记录现场核查" in text
    process = text[text.index("二、评估过程") : text.index("三、结果概览")]
    assert "3.现场核查未记录" in process and "尚未定稿" in process


# ----------------------------------------------------------------------------- one language only
def test_a_chinese_report_has_no_latin_words_but_ids_standards_units_and_names(
    world: dict[str, Any], tmp_path: Path
) -> None:
    for key in ("third-zh", "self-zh"):
        sample = world[key]
        d = sample.detail
        text = pdf_text(sample.pdf, tmp_path, f"{key}.pdf")
        text = USCC.sub(" ", text)  # 统一社会信用代码 are ids (the organisation's is in its signature)
        named = {w for t in user_texts(d, squeezed=False) for w in LATIN.findall(t)}
        known = {d.framework.id, d.framework.key, d.case_data.report_no, d.case_data.certificate_no, d.summary.ref}
        words = {w: whole for w, whole in _latin_words(text) if w not in named | ALLOWED | known}
        stray = sorted(w for w, whole in words.items() if not (ID.fullmatch(w) or ID.fullmatch(whole)))
        assert not stray, (key, stray)
        for english in ("SELF-ASSESSMENT", "VETOED", "Assessor", "(city)", "（city）", "half-up"):
            assert english not in text, english


def test_an_english_report_has_no_chinese_but_names_and_right_plurals(world: dict[str, Any], tmp_path: Path) -> None:
    sample = world["third-en"]
    text = pdf_text(sample.pdf, tmp_path, "en.pdf")
    rest = without(text, user_texts(sample.detail))
    assert not CJK.findall(rest), sorted(set(CJK.findall(rest)))[:20]
    assert "(s)" not in text
    flat = " ".join(text.split())
    # the basis names the documents the sources cite, whole (never a fragment of a remark)
    basis = flat[flat.index("1. Basis of the assessment") : flat.index("2. How the assessment was carried out")]
    assert "NDRC data [2024] No. 660 (cited by" in basis and "Government Procurement Law, art. 22" in basis
    assert "GB/T 20986-2023" in basis and "proposal" not in basis and "instead)" not in basis
    assert "1 inspection record" in flat and "2 declarations signed" in flat
    assert re.search(r"\d+ entries, chain head hash", flat)
    assert re.search(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November"
                     r"|December) \d{4}, \d{2}:\d{2} \(UTC\+8\)", flat)  # fmt: skip


# ----------------------------------------------------------------------------- self-check, charts
def dominant(pdf: bytes, folder: Path, colour: tuple[int, int, int], page: int = 1) -> int:
    """How many pixels of the page (72 dpi) have about this colour."""
    from PIL import Image

    path = folder / "page.pdf"
    path.write_bytes(pdf)
    args = ["pdftoppm", "-png", "-r", "72", "-f", str(page), "-l", str(page), "-singlefile", str(path)]
    subprocess.run([*args, str(folder / "page")], check=True)
    with Image.open(folder / "page.png") as im:
        data = im.convert("RGB").tobytes()
    pixels = (data[n : n + 3] for n in range(0, len(data), 3))
    return sum(1 for px in pixels if all(abs(a - b) <= 6 for a, b in zip(px, colour, strict=True)))


def test_a_self_check_result_box_reads_self_check_and_is_not_styled_official(
    world: dict[str, Any], tmp_path: Path
) -> None:
    own, official = world["self-zh"], world["third-zh"]
    cover = squeeze(pdf_text(own.pdf, tmp_path, "self.pdf", page=1))
    assert "自评参考等级" in cover and "自评得分" in cover and "非第三方评估结论" in cover
    assert "评估结果" not in cover.replace("自评结果", "")
    assert "自评得分" not in squeeze(pdf_text(official.pdf, tmp_path, "third.pdf", page=1))
    whole = squeeze(pdf_text(own.pdf, tmp_path, "self-all.pdf"))
    assert "评估机构" not in whole  # no organisation is presented as the assessor of a self-check
    assert "不是第三方评估结论" in whole and "自评单位" in whole
    blue_fill = (0xE8, 0xEE, 0xF5)  # the official box's fill
    assert dominant(official.pdf, tmp_path, blue_fill) > 5000
    assert dominant(own.pdf, tmp_path, blue_fill) < dominant(official.pdf, tmp_path, blue_fill) // 5


def test_the_charts_name_their_axes_and_explain_the_40_point_line(world: dict[str, Any], tmp_path: Path) -> None:
    for key in ("third-zh", "third-en"):
        sample = world[key]
        fw, lang = sample.detail.framework, sample.lang
        summary = ""
        for page in range(1, 6):
            said = squeeze(pdf_text(sample.pdf, tmp_path, f"{key}-p.pdf", page=page))
            if squeeze(EN_SECTIONS[2] if lang == "en" else ZH_SECTIONS[2]) in said:
                summary = said
                break
        assert summary, "the summary page"
        for dim in fw.dimensions:  # in the bars and on the radar's spokes
            assert summary.count(squeeze(dim.title.get(lang))[:6]) >= 2, dim.id
        line = "图中红色虚线为40分线，来自本框架的上限规则" if lang == "zh" else "Thereddashedlinemarks40points"
        assert line in summary
        assert squeeze("低于 40 分时，等级最高为" if lang == "zh" else "is below 40, the grade is at most") in summary


def test_the_evidence_index_gives_the_date_a_file_proves_and_flags_one_outside_the_window(
    world: dict[str, Any], tmp_path: Path
) -> None:
    ctx = world["ctx"]
    ref = cases.new_case(
        ctx,
        framework="construction-implementation",
        tier="city",
        mode="third-party",
        entity_name="福州证明日期工程有限公司",
        uscc="91350100M000100Y43",
        reference_date="2026-06-30",
    ).ref
    indicator = cases.load_case(ctx, ref).framework.indicators()[0].id
    (tmp_path / "旧合同.pdf").write_bytes(b"%PDF-1.4 a contract signed in 2021")
    (tmp_path / "新合同.pdf").write_bytes(b"%PDF-1.4 a contract signed in 2025")
    cases.add_evidence(ctx, ref, indicator, [tmp_path / "旧合同.pdf"], dated="2021-03-01")
    detail = cases.add_evidence(ctx, ref, indicator, [tmp_path / "新合同.pdf"], dated="2025-05-20")
    with ctx.reading() as s:
        entries = list(audit.export_chain(s, detail.summary.case_uuid))
    for lang, flagged, plain in (
        ("zh", "证明日期2021-03-01不在考察期2023-07-01至2026-06-30内", "证明日期2025-05-20"),
        ("en", "2021-03-01,liesoutsidethereviewwindow2023-07-01to2026-06-30", "dateproved2025-05-20"),
    ):
        text = squeeze(pdf_text(render_case_report(detail, audit_entries=entries, lang=lang).pdf, tmp_path, "e.pdf"))
        index = text[text.index("旧合同.pdf") :]
        assert flagged in index and plain in index
        if lang == "zh":
            assert "证明日期2025-05-20不在" not in index  # only the file outside the window is flagged

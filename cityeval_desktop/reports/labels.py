"""Fixed bilingual wording of the PDF report (Chinese first, English second)."""

from __future__ import annotations

from cityeval_desktop.domain.scoring import NOT_RATED_INCOMPLETE
from cityeval_desktop.domain.text import Text

# Marks of the report, each in the report's language only (a Chinese report reads as Chinese only).
DRAFT_MARK = Text("草稿", "DRAFT")
VETOED_MARK = Text("否决", "VETOED")
SELF_TAG = Text("自评", "SELF-ASSESSMENT")
SELF_BANNER = Text("自评结果，不代表第三方评估结论", "Self-assessment — not a third-party assessment result")
SIGNATURE_CAPTION = Text("评估机构签章", "Assessor signature")
SELF_SIGNATURE_CAPTION = Text("自评单位签章", "Signature of the self-assessing entity")
UNSIGNED_MARK = Text("未签署", "unsigned")
COPY_MARK = Text("未签名副本", "UNSIGNED COPY")

L: dict[str, Text] = {
    # document
    "title": Text(
        "城市全域数字化转型经营主体评估报告", "City-wide Digital Transformation Market Entity Assessment Report"
    ),
    "creator": Text("CityEval Desktop", "CityEval Desktop"),
    "page": Text("第 {n} 页 / 共 {total} 页", "Page {n} of {total}"),
    "case_footer": Text("案例 {ref} · 框架 {framework}", "Case {ref} · framework {framework}"),
    "subject": Text("{entity}（{code}）评估报告，案例 {ref}", "Assessment report of {entity} ({code}), case {ref}"),
    # cover
    "result_third": Text("评估结果", "Assessment result"),
    "result_self": Text("自评结果", "Self-assessment result"),
    "total": Text("总分", "Total score"),
    "total_of": Text("{total} / 100", "{total} / 100"),
    "vetoed_by": Text("触发否决项：", "Veto items decided true:"),
    "vetoed_note": Text(
        "存在成立的否决项，不评定等级；总分仅供参考。",
        "A veto item applies: no grade is given; the total is shown for reference only.",
    ),
    "no_grade": Text("未评定等级", "No grade"),
    "provisional_label": NOT_RATED_INCOMPLETE,
    "provisional_total": Text("总分（暂计）", "Running total (provisional)"),
    "provisional_result": Text(
        "暂不评定：{unanswered} 个指标未作答，{undecided} 个否决项未判定",
        "not rated yet: {unanswered} unanswered, {undecided} undecided",
    ),
    "draft_cover": Text(
        "草稿：本报告尚未定稿，结果可能变化，不具有评估结论效力。",
        "Draft: this report is not finalized; the result may change and is not an assessment conclusion.",
    ),
    "copy_cover": Text(
        "未签名副本：本文件是已定稿报告的另一语言副本，不带电子签名；以随案例保存的已签署报告为准。",
        "Unsigned copy: this is the finalized report in another language, without the electronic signature; "
        "the signed report stored with the case is the authoritative one.",
    ),
    "undecided_cover": Text(
        "尚有 {n} 个否决项未判定：{ids}。",
        "{n} not decided yet: {ids}.",
    ),
    "entity": Text("经营主体名称", "Entity name"),
    "uscc": Text("统一社会信用代码", "Unified social credit code"),
    "region": Text("行政区划代码", "Region code"),
    "category": Text("经营主体类别", "Category"),
    "tier": Text("服务级别", "Tier"),
    "mode": Text("评估方式", "Assessment mode"),
    "assessor": Text("评估人", "Assessor"),
    "assessor_org": Text("评估机构", "Assessor organisation"),
    "signer": Text("签署人", "Signed by"),
    "self_org": Text("自评单位", "Self-assessing entity"),
    "signer_org": Text("签署人单位", "Signer's organisation"),
    "signer_check": Text("签署人核对", "Signer check"),
    "framework": Text("评估框架", "Framework"),
    "framework_sha": Text("框架 SHA-256", "Framework SHA-256"),
    "content_sha": Text("内容哈希（SHA-256）", "Content hash (SHA-256)"),
    "case_id": Text("案例编号", "Case id"),
    "revision": Text("修订版本", "Revision"),
    "revision_value": Text("第 {rev} 版", "revision {rev}"),
    "amend_reason": Text("修订理由", "Reason for the amendment"),
    "status": Text("状态", "Status"),
    "status_draft": Text("草稿", "Draft"),
    "status_finalized": Text("已定稿", "Finalized"),
    "created": Text("建档时间", "Created"),
    "finalized_at": Text("定稿时间", "Finalized"),
    "generated": Text("报告生成时间", "Report generated"),
    "not_given": Text("（未填写）", "(not given)"),
    # sections
    "s_summary": Text("一、结果概览", "1. Summary"),
    "s_method": Text("二、计分方法与复核", "2. How the score was computed"),
    "s_indicators": Text("三、指标得分明细", "3. Indicator scores"),
    "s_gaps": Text("四、短板清单（失分由高到低）", "4. Gaps (points lost, largest first)"),
    "s_vetoes": Text("五、否决项判定", "5. Veto decisions"),
    "s_evidence": Text("六、证据索引", "6. Evidence index"),
    "s_audit": Text("七、审计记录摘要", "7. Audit trail summary"),
    "s_signature": Text("签章", "Signatures"),
    "s_changes": Text("与上一修订版（第 {rev} 版）的差异", "Changes since revision {rev}"),
    "changes_none": Text(
        "与第 {rev} 版相比，答案、不适用、证据和否决判定均无变化。",
        "Compared with revision {rev}, no answer, N/A, evidence or veto decision changed.",
    ),
    "changes_missing": Text(
        "第 {rev} 版不在本数据库中（例如只导入了本修订版），无法列出差异。",
        "Revision {rev} is not in this database (only this revision was imported, say), so the changes "
        "cannot be listed.",
    ),
    "changes_count": Text("与第 {rev} 版相比共有 {n} 处变化：", "{n} against revision {rev}:"),
    "c_item": Text("指标或否决项", "Indicator or veto"),
    "c_what": Text("变化内容", "What changed"),
    "c_old": Text("第 {rev} 版", "Revision {rev}"),
    "c_new": Text("本版（第 {rev} 版）", "This revision ({rev})"),
    "c_empty": Text("（空）", "(empty)"),
    # summary
    "radar_title": Text("维度得分雷达图（0–100）", "Dimension scores, radar (0–100)"),
    "bars_title": Text("维度得分", "Dimension scores"),
    "excluded": Text("不计入", "excluded"),
    "k_total": Text("总分", "Total"),
    "k_grade": Text("结果", "Result"),
    "k_completeness": Text("完整度", "Completeness"),
    "completeness_value": Text(
        "{pct}（已作答 {answered} 项、不适用 {na} 项，共 {total} 项）",
        "{pct} ({answered} answered, {na} not applicable, of {total})",
    ),
    "k_vetoes": Text("否决项", "Veto items"),
    "vetoes_none": Text("均不成立", "none applies"),
    "vetoes_undecided": Text("未判定：{ids}", "not decided: {ids}"),
    "k_gaps": Text("短板数", "Gaps"),
    "k_conditions": Text("准入条件", "Entry conditions"),
    "cond_met": Text("满足", "met"),
    "cond_not_met": Text("未满足", "not met"),
    "k_na_share": Text("不适用占比", "N/A share"),
    # method section
    "m_intro": Text(
        "以下说明按本报告所列数字即可复核总分与等级（依据评估框架 {framework}，服务级别 {tier}）：",
        "The figures in this report are enough to re-check the total and the grade "
        "(framework {framework}, tier {tier}):",
    ),
    "m_rules": Text(
        "\n".join(
            [
                "1. 每个指标的得分率 f 由其计分方法确定（0–1，见第六部分）；指标得分 = 分值 × f；"
                "未作答的适用指标得 0 分。",
                "2. 标记为“不适用”（须写明理由）的指标不计入分母；不属于本服务级别的指标不参与评估。",
                "3. 维度得分 D = 100 × Σ指标得分 ÷ Σ该维度适用指标分值；没有适用指标的维度不计入总分。",
                "4. 总分 T = Σ(维度权重 × D) ÷ Σ计入维度的权重，用未舍入的 D 精确计算。",
                "5. 展示的总分、维度得分和指标得分按四舍五入保留 2 位小数；"
                "等级按展示的总分对照下表确定，上限规则也按展示的维度得分判断。",
                "6. 任一否决项成立时不评定等级（总分仍列出）。",
                "7. 短板失分 = 100 × 维度权重 ÷ Σ计入维度权重 × (指标分值 − 指标得分) ÷ Σ该维度适用指标分值，"
                "即该指标使总分减少的分数。",
            ]
        ),
        "\n".join(
            [
                "1. Each indicator's fraction f (0–1) follows from its scoring method (see part 6); "
                "earned = points × f; an unanswered applicable indicator earns 0.",
                "2. An indicator marked not applicable (with a written reason) leaves the denominator; "
                "indicators outside the case's tier are not assessed.",
                "3. Dimension score D = 100 × Σ earned ÷ Σ points of the dimension's applicable indicators; "
                "a dimension without applicable indicators is excluded.",
                "4. Total T = Σ(weight × D) ÷ Σ weights of the included dimensions, computed from the exact D.",
                "5. The total, dimension scores and earned points are shown rounded half-up to 2 decimals; "
                "the grade is the highest band whose minimum the shown total reaches, and caps use the shown "
                "dimension scores.",
                "6. If any veto item is decided true, no grade is given (the total is still shown).",
                "7. Points lost on a gap = 100 × dimension weight ÷ Σ included weights × (points − earned) ÷ "
                "Σ points of the dimension's applicable indicators: what the indicator costs the total.",
            ]
        ),
    ),
    "grades_title": Text("等级划分", "Grade bands"),
    "g_min": Text("最低总分", "Minimum total"),
    "g_stars": Text("星级", "Stars"),
    "g_title": Text("含义", "Meaning"),
    "caps_title": Text("上限规则", "Caps"),
    "caps_none": Text("本框架未设上限规则。", "This framework has no caps."),
    "dims_title": Text("维度计算", "Dimensions"),
    "sources_title": Text("指标与规则的出处", "Where the indicators and rules come from"),
    "sources_intro": Text(
        "各指标、准入条件和否决项所依据的已发布规范或方案；标为“本框架建议”的是本评估框架提出的做法。",
        "The published scheme each indicator, entry condition and veto follows; a rule marked as this "
        "framework's proposal is proposed by the assessment framework itself.",
    ),
    "src_item": Text("指标或规则", "Indicator or rule"),
    "src_source": Text("出处", "Source"),
    "src_condition": Text("准入条件：{title}", "Entry condition: {title}"),
    "src_veto": Text("否决项：{title}", "Veto: {title}"),
    "d_dimension": Text("维度", "Dimension"),
    "d_weight": Text("权重", "Weight"),
    "d_possible": Text("适用分值", "Applicable points"),
    "d_earned": Text("得分合计", "Earned"),
    "d_score": Text("维度得分 D", "Score D"),
    "d_included": Text("计入总分", "Included"),
    "yes": Text("是", "yes"),
    "no": Text("否", "no"),
    "d_sum": Text("合计（计入维度）", "Total (included dimensions)"),
    "m_total_line": Text(
        "Σ(权重 × D) = {num}；Σ权重 = {den}；T = {num} ÷ {den} = {total}（按未舍入的 D 计算后四舍五入）。",
        "Σ(weight × D) = {num}; Σ weights = {den}; T = {num} ÷ {den} = {total} (from the exact D, then rounded).",
    ),
    # indicators
    "dim_heading": Text("{id} {title}（权重 {weight}，得分 {score}）", "{id} {title} (weight {weight}, score {score})"),
    "dim_heading_excluded": Text("{id} {title}（权重 {weight}，不计入）", "{id} {title} (weight {weight}, excluded)"),
    "i_id": Text("编号", "Id"),
    "i_title": Text("指标", "Indicator"),
    "i_method": Text("计分方法", "Method"),
    "i_answer": Text("作答", "Answer"),
    "i_fraction": Text("得分率", "Fraction"),
    "i_earned": Text("得分 / 分值", "Earned / points"),
    "i_evidence": Text("证据", "Files"),
    "i_note": Text("备注：", "Note: "),
    "i_note_more": Text("备注（续）：", "Note (cont.): "),
    "i_reason": Text("不适用理由：", "Reason for N/A: "),
    "i_reason_more": Text("不适用理由（续）：", "Reason for N/A (cont.): "),
    "reason_below": Text("理由见下行", "reason below"),
    "yes_answer": Text("是", "Yes"),
    "no_answer": Text("否", "No"),
    "na": Text("不适用", "Not applicable"),
    "unanswered": Text("未作答", "Not answered"),
    "no_tier_indicators": Text("本服务级别下该维度没有指标。", "This dimension has no indicators for the tier."),
    # gaps
    "gp_rank": Text("序号", "#"),
    "gp_lost": Text("失分", "Points lost"),
    "gp_next": Text("下一步", "Next step"),
    "gaps_none": Text("没有失分的指标。", "No indicator lost points."),
    "gaps_only_below": Text(
        "短板为得分率低于 {below} 的指标，以及触发封顶的维度中的指标；全部未得满分的指标见下表。",
        "Gaps are the indicators scoring below {below} of their points, and those of a dimension that "
        "triggered a cap; every indicator below full marks is listed below.",
    ),
    "gaps_none_below": Text("没有得分率低于 {below} 的指标。", "No indicator scores below {below} of its points."),
    "below_full_title": Text("全部未得满分的指标", "Every indicator below full marks"),
    "gaps_total": Text(
        "合计失分 {lost}（= 100 − 总分 {total}）。", "Points lost in all: {lost} (= 100 − total {total})."
    ),
    # vetoes
    "v_decision": Text("判定", "Decision"),
    "v_true": Text("否决成立", "Applies (vetoed)"),
    "v_false": Text("不成立", "Does not apply"),
    "v_none": Text("未判定", "Not decided"),
    "vetoes_empty": Text("本框架没有否决项。", "This framework has no veto items."),
    # evidence
    "e_indicator": Text("指标", "Indicator"),
    "e_name": Text("原始文件名", "Original name"),
    "e_size": Text("大小", "Size"),
    "e_sha": Text("SHA-256", "SHA-256"),
    "e_dated": Text("证明日期", "date proved"),
    "evidence_none": Text("未附证据文件。", "No evidence files."),
    "evidence_count": Text("共 {n} 个文件，合计 {size}。", "{n}, {size} in all."),
    # N/A, the basis of veto decisions, evidence verifications (issue 11)
    "s_na": Text("不适用指标及依据", "Indicators marked N/A and their grounds"),
    "na_none": Text("没有标记为不适用的指标。", "No indicator is marked N/A."),
    "na_ground": Text("依据", "Ground"),
    "na_reason": Text("说明", "Note"),
    "na_share": Text(
        "不适用共去掉 {share}% 的分值（框架上限 {limit}%）。",
        "N/A removes {share}% of the points in all (the framework allows {limit}%).",
    ),
    "na_free": Text("（框架未规定依据）", "(the framework names no grounds)"),
    "na_ground_source": Text("（出处：{source}）", " (source: {source})"),
    "s_veto_basis": Text("否决项判定依据", "The basis of the veto decisions"),
    "vb_source": Text("查询来源", "Source"),
    "vb_time": Text("查询时间", "Queried at"),
    "vb_note": Text("说明", "Note"),
    "vb_files": Text("依据文件", "Files"),
    "vb_none": Text("没有已判定的否决项。", "No veto is decided."),
    "s_verification": Text("证据核验", "Evidence verification"),
    "ver_file": Text("文件", "File"),
    "ver_whole": Text("（该指标全部证据）", "(all of the indicator's evidence)"),
    "ver_method": Text("核验方式", "Method"),
    "ver_conclusion": Text("结论", "Conclusion"),
    "ver_by": Text("核验人", "By"),
    "ver_at": Text("日期", "On"),
    "ver_none": Text("没有证据核验记录。", "No evidence was verified."),
    "ver_flag": Text(
        "注意：指标 {ids} 的证据核验结论为不属实，涉及否决项 {veto}（提供虚假材料）。",
        "Note: evidence of {ids} was verified untrue, which concerns veto {veto} (false material).",
    ),
    # audit
    "a_count": Text("记录条数", "Entries"),
    "a_first": Text("首条时间", "First entry"),
    "a_last": Text("末条时间", "Last entry"),
    "a_head": Text("链头哈希", "Chain head hash"),
    "a_check": Text("链校验", "Chain check"),
    "a_ok": Text("通过（每条记录的哈希与前后链接均正确）", "passed (every entry's hash and link is correct)"),
    "a_bad": Text("未通过：{n} 处问题（请运行数据库检查）", "failed: {n} (run the database check)"),
    "a_pos": Text("序号", "#"),
    "a_time": Text("时间（UTC）", "Time (UTC)"),
    "a_actor": Text("操作人", "Actor"),
    "a_action": Text("操作", "Action"),
    "a_target": Text("对象", "Target"),
    "a_more": Text(
        "…… 另有 {n} 条记录未列出（完整记录随案例包提供）……", "… {n} not listed (the case package carries them all) …"
    ),
    "audit_none": Text("没有审计记录。", "No audit entries."),
    # signature
    "sig_statement": Text(
        "本报告由评估机构以电子签章（PAdES）签署后生效；签章覆盖报告全部内容，任何改动都会使签章失效。",
        "This report takes effect when the assessor signs it electronically (PAdES); the signature covers "
        "the whole report and any change invalidates it.",
    ),
    "sig_self": Text(
        "本报告为经营主体自评结果，签章仅证明报告内容未被改动，不代表第三方评估结论。",
        "This is the entity's self-assessment; a signature only proves the report is unaltered and is not a "
        "third-party assessment result.",
    ),
    # the official report (issue 12 §2): cover, sections and their wording
    "report_no": Text("报告编号", "Report number"),
    "certificate_no": Text("证书编号", "Certificate number"),
    "reference_date": Text("评估基准日", "Reference date"),
    "window": Text("考察期", "Review window"),
    "valid": Text("有效期", "Valid"),
    "valid_until": Text("有效期至", "Valid until"),
    "at_finalize": Text("定稿时确定", "set at finalization"),
    "not_set": Text("未设定", "not set"),
    "span": Text("{start} 至 {end}", "{start} to {end}"),
    "lead": Text("评估组长", "Lead assessor"),
    "self_team": Text("自评工作组", "Self-check team"),
    "result_self_box": Text(
        "自评结果（经营主体自评，非第三方评估结论）", "Self-check result (the entity's own, not a third-party result)"
    ),
    "self_score": Text("自评得分", "Self-check score"),
    "self_grade": Text("自评参考等级", "Self-check reference grade"),
    "third_grade": Text("评定等级", "Grade awarded"),
    "zone": Text("北京时间", "UTC+8"),
    "s_basis": Text("一、评估依据", "1. Basis of the assessment"),
    "s_process": Text("二、评估过程", "2. How the assessment was carried out"),
    "s_summary_n": Text("三、结果概览", "3. Summary of the result"),
    "s_method_n": Text("四、计分方法与复核", "4. How the score was computed"),
    "s_opinion": Text("五、综合评价意见", "5. Overall opinion"),
    "s_indicators_n": Text("六、指标得分明细", "6. Indicator scores"),
    "s_gaps_n": Text("七、短板清单（失分由高到低）", "7. Gaps (points lost, largest first)"),
    "s_na_n": Text("八、不适用指标及依据", "8. Indicators not applicable and their grounds"),
    "s_vetoes_n": Text("九、否决项判定及依据", "9. Veto decisions and their basis"),
    "s_evidence_n": Text("十、证据索引", "10. Evidence index"),
    "s_inspections": Text("十一、现场核查记录", "11. On-site inspection records"),
    "s_team": Text("十二、评审组与回避声明", "12. Assessment team and independence declarations"),
    "s_terms": Text("十三、声明与使用限制", "13. Statements and limits of use"),
    "s_annex_audit": Text("附件：审计记录", "Annex: audit trail"),
    "basis_intro": Text(
        "本次评估依据下列政策文件、法规、标准和评估框架进行；各指标、准入条件和否决项逐项的出处见第四部分。",
        "The assessment follows the policy documents, laws, standards and the assessment framework below; "
        "where each indicator, entry condition and veto comes from is listed in part 4.",
    ),
    "basis_policies": Text("政策文件与法规", "Policy documents and laws"),
    "basis_standards": Text("标准与规范", "Standards"),
    "basis_framework": Text("评估框架", "Assessment framework"),
    "basis_framework_value": Text("{title}（标识 {id}，版本 {version}）", "{title} (id {id}, version {version})"),
    "basis_window": Text("评估基准日与考察期", "Reference date and review window"),
    "basis_none": Text("评估框架未列出政策文件或法规。", "The framework names no policy document or law."),
    "basis_no_standards": Text("评估框架未列出标准。", "The framework names no standard."),
    "basis_cited": Text("（{n} 项指标或规则引用）", " (cited by {n})"),
    "process_intro": Text(
        "各阶段日期取自本案例的审计记录（受理为建档，材料审查为作答、证据和核验，现场核查为核查记录，"
        "专家评审为评审组声明与综合评价意见，审核批准为定稿与签署）。",
        "Each stage's dates come from the case's audit trail (acceptance: the case was opened; document review: "
        "answers, evidence and verifications; on-site inspection: the inspection records; expert review: the "
        "team's declarations and the opinion; approval: finalization and signing).",
    ),
    "p_stage": Text("阶段", "Stage"),
    "p_dates": Text("日期", "Dates"),
    "p_what": Text("记录", "Recorded"),
    "p_accept": Text("受理", "Acceptance"),
    "p_review": Text("材料审查", "Document review"),
    "p_onsite": Text("现场核查", "On-site inspection"),
    "p_expert": Text("专家评审", "Expert review"),
    "p_approve": Text("审核批准", "Review and approval"),
    "p_none": Text("未记录", "not recorded"),
    "p_accept_what": Text("建立案例", "case opened"),
    "p_review_what": Text(
        "作答 {answers} 次，添加证据 {files} 次，核验证据 {checks} 次",
        "{answers}, {files}, {checks}",
    ),
    "p_onsite_what": Text("核查记录 {n} 份", "{n}"),
    "p_expert_what": Text("回避声明 {decl} 份，综合评价意见 {op} 次", "{decl}, {op}"),
    "p_approve_what": Text("定稿并签署", "finalized and signed"),
    "p_approve_draft": Text("尚未定稿", "not finalized yet"),
    "integrity": Text(
        "审计记录完整性：链校验{state}，共 {n} 条记录，链头哈希 {head}…（全部记录见附件：审计记录）。",
        "Audit trail integrity: the chain check {state}; {n}, chain head hash {head}… "
        "(every entry is in the annex: audit trail).",
    ),
    "integrity_ok": Text("通过", "passed"),
    "integrity_bad": Text("未通过（{n} 处问题）", "failed ({n})"),
    "integrity_none": Text("审计记录完整性：没有审计记录。", "Audit trail integrity: there are no audit entries."),
    "opinion_none_draft": Text(
        "草稿尚未填写综合评价意见（定稿前须由评估组长填写）。",
        "The draft has no written opinion yet (the lead assessor writes it before finalization).",
    ),
    "opinion_none": Text("本案例没有综合评价意见。", "This case has no written opinion."),
    "opinion_self": Text("（自评单位填写）", "(written by the self-assessing entity)"),
    "na_none_line": Text("没有标记为不适用的指标。", "No indicator is marked not applicable."),
    "e_kind": Text("证据类型", "Kind"),
    "e_method": Text("核验方式", "Verified by"),
    "e_conclusion": Text("核验结论", "Conclusion"),
    "e_unverified": Text("未核验", "not verified"),
    "kind_none": Text("未注明", "not given"),
    "kind_other": Text("其他", "other"),
    "veto_evidence": Text("否决项 {id}", "veto {id}"),
    "in_none": Text("未记录现场核查。", "No on-site inspection is recorded."),
    "in_title": Text("现场核查 {n}：{day}", "Inspection {n}: {day}"),
    "in_day": Text("日期", "Date"),
    "in_place": Text("地点", "Place"),
    "in_participants": Text("参加人员", "Participants"),
    "in_checked": Text("核查内容", "What was checked"),
    "in_findings": Text("核查发现", "Findings"),
    "in_projects": Text("抽查项目", "Sampled projects"),
    "in_staff": Text("抽查人员", "Sampled staff"),
    "in_files": Text("附件", "Attachments"),
    "in_nothing": Text("无", "none"),
    "in_sample_asked": Text("框架要求抽查", "Sample the framework asks for"),
    "in_sample_taken": Text("本次已抽查（同名只计一次）", "Sampled (each name counted once)"),
    "in_sample_and": Text("、", " and "),
    "in_sample_projects": Text("项目不少于 {n} 个", "at least {n}"),
    "in_sample_staff": Text("人员不少于 {n} 人", "at least {n}"),
    "in_found_projects": Text("项目 {n} 个", "{n}"),
    "in_found_staff": Text("人员 {n} 人", "{n}"),
    "t_none": Text("本案例未记录评审组。", "No assessment team is recorded for this case."),
    "t_name": Text("姓名", "Name"),
    "t_role": Text("角色", "Role"),
    "t_org": Text("单位", "Organisation"),
    "t_qual": Text("资格或专家库编号", "Qualification or expert no."),
    "t_decl": Text("回避与独立性声明", "Independence declaration"),
    "t_signed": Text("已签署 {at}，签名指纹 {fp}…", "signed {at}, signer fingerprint {fp}…"),
    "t_unsigned": Text("未签署", "not signed"),
    "t_statement": Text("声明全文：", "Statement: "),
    "terms_third": Text(
        "\n".join(
            [
                "1. 本报告是评估机构依据第一部分所列依据，对经营主体在考察期内的能力和业绩作出的评估结论，"
                "可用于城市全域数字化转型相关项目的遴选、招标投标和供应商管理中说明该主体的评估结果。",
                "2. 经营主体对其提交的证据材料的真实性、完整性和合法性负责；评估机构和评审组对评估过程和评估结论负责。",
                "3. 评估结论仅反映评估基准日及考察期内的情况，在有效期内有效；有效期届满、经营主体情况发生重大变化"
                "或报告被修订后，以最新的有效报告为准。",
                "4. 本报告须完整使用，不得摘录部分内容或脱离上下文引用，不得用于本报告所述评估范围以外的用途；"
                "报告以电子签章生效，任何改动都会使签章失效。",
            ]
        ),
        "\n".join(
            [
                "1. This report is the assessor organisation's conclusion on the entity's capability and track record "
                "in the review window, on the basis listed in part 1; it may be used to show the entity's result in "
                "the selection, tendering and supplier management of city-wide digital transformation projects.",
                "2. The entity is responsible for the truth, completeness and lawfulness of the evidence it supplied; "
                "the assessor organisation and the team are responsible for the assessment and its conclusion.",
                "3. The conclusion describes the entity as of the reference date and the review window and holds "
                "during the validity; once the validity ends, the entity changes materially or the report is "
                "amended, the latest valid report prevails.",
                "4. The report is to be used as a whole: no extract may be quoted out of context and it may not be "
                "used outside the scope of the assessment it describes; it takes effect with its electronic "
                "signature, which any change invalidates.",
            ]
        ),
    ),
    "terms_self": Text(
        "\n".join(
            [
                "1. 本报告是经营主体按第一部分所列依据进行的自评，仅供其了解自身情况和改进参考，不是第三方评估结论，"
                "不得作为第三方评估结果使用。",
                "2. 经营主体对其证据材料的真实性、完整性和合法性以及自评结论负责。",
                "3. 自评结论仅反映评估基准日及考察期内的情况。",
                "4. 本报告须完整使用，不得摘录部分内容或脱离上下文引用。",
            ]
        ),
        "\n".join(
            [
                "1. This report is the entity's self-check on the basis listed in part 1, for its own understanding "
                "and improvement; it is not a third-party assessment result and may not be used as one.",
                "2. The entity is responsible for the truth, completeness and lawfulness of its evidence and for the "
                "self-check's conclusion.",
                "3. The conclusion describes the entity as of the reference date and the review window only.",
                "4. The report is to be used as a whole: no extract may be quoted out of context.",
            ]
        ),
    ),
    "chart_line": Text(
        "图中红色虚线为 {cap} 分线，来自本框架的上限规则：{rules}",
        "The red dashed line marks {cap} points, from the framework's caps: {rules}",
    ),
    "chart_no_line": Text(
        "本框架未设上限规则，图中不画上限线。", "The framework has no caps, so the charts draw no cap line."
    ),
    "chart_excluded": Text("带 * 的维度不计入总分。", "A dimension marked * is excluded from the total."),
    "team_actor": Text("评审组", "assessment team"),
    "self_actor": Text("自评单位", "self-assessing entity"),
    "actor_member": Text("{name}（{role}）", "{name} ({role})"),
    "this_case": Text("本案例", "this case"),
    "a_time_local": Text("时间（北京时间）", "Time (UTC+8)"),
    "action_other": Text("其他操作", "other action"),
    "inspection_n": Text("第 {n} 份核查记录", "inspection record {n}"),
    "p_amended": Text("；{day} 修订为第 {rev} 版", "; amended to revision {rev} on {day}"),
    "t_statement_other": Text(
        "（声明以另一种语言签署，全文见另一语言的报告和案例包）",
        "(signed in Chinese: the full text is in the Chinese report and in the case package)",
    ),
}

ACTIONS: dict[str, Text] = {
    "case.create": Text("建立案例", "case created"),
    "case.amend": Text("修订", "amended"),
    "case.finalize": Text("定稿", "finalized"),
    "case.delete": Text("删除草稿", "draft deleted"),
    "answer.set": Text("作答", "answer set"),
    "answer.clear": Text("清除作答", "answer cleared"),
    "evidence.add": Text("添加证据", "evidence added"),
    "evidence.remove": Text("移除证据", "evidence removed"),
    "veto.set": Text("判定否决项", "veto decided"),
    "veto.basis": Text("记录判定依据", "veto basis recorded"),
    "evidence.kind": Text("注明证据类型", "evidence kind set"),
    "evidence.verify": Text("核验证据", "evidence verified"),
    "evidence.dated": Text("注明证明日期", "date proved set"),
    "report.sign": Text("签署报告", "report signed"),
    "case.reference_date": Text("设定评估基准日", "reference date set"),
    "case.numbers": Text("编定报告编号", "report number assigned"),
    "case.opinion": Text("填写综合评价意见", "opinion written"),
    "team.add": Text("加入评审组", "team member added"),
    "team.remove": Text("移出评审组", "team member removed"),
    "team.declare": Text("签署回避声明", "declaration signed"),
    "team.declaration.withdraw": Text("撤回回避声明", "declaration withdrawn"),
    "inspection.add": Text("记录现场核查", "inspection recorded"),
    "inspection.remove": Text("移除现场核查记录", "inspection record removed"),
    "package.export": Text("导出案例包", "package exported"),
    "report.certificate": Text("出具评估结果证书", "result certificate issued"),
    "report.countersign": Text("审核人加签", "countersigned by the reviewer"),
}


def label(key: str, lang: str, **kwargs: object) -> str:
    """The report wording ``key`` in ``lang``, formatted with ``kwargs``."""
    text = L[key].get(lang)
    return text.format(**kwargs) if kwargs else text


def action(code: str, lang: str) -> str:
    """An audit action as a reader understands it, keeping the code for cross-checks."""
    text = ACTIONS.get(code)
    return f"{text.get(lang)} ({code})" if text else code


def action_words(code: str, lang: str) -> str:
    """An audit action in words only (a report's language, no code); an action not listed reads 其他操作."""
    text = ACTIONS.get(code)
    return text.get(lang) if text else L["action_other"].get(lang)

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BackgroundOperation</name>
    <message>
        <location filename="../../cityeval_desktop/ui/worker.py" line="+156"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Cancelled; nothing was saved.</source>
        <translation>已取消，未保存任何内容。</translation>
    </message>
</context>
<context>
    <name>CaseDataPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/case_data_page.py" line="+163"/>
        <source>Reference date and validity</source>
        <translation>评估基准日与有效期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reference da&amp;te</source>
        <translation>评估基准日(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review window</source>
        <translation>考察期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report no.</source>
        <translation>报告编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate no.</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;Add member…</source>
        <translation>添加成员(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove member…</source>
        <translation>移除成员…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign &amp;declaration…</source>
        <translation>签署声明(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The selected member signs their independence declaration</source>
        <translation>所选成员签署其回避与独立性声明</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Assessment team</source>
        <translation>评审组</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Strengths, weaknesses and recommendations. Draft it from the result, then edit it.</source>
        <translation>优势、不足与改进建议。可先按评估结果起草，再行编辑。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Draft from the &amp;result</source>
        <translation>按评估结果起草(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Written opinion</source>
        <translation>综合评价意见</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Participants</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+216"/>
        <source>Findings</source>
        <translation>核查结论</translation>
    </message>
    <message>
        <location line="-216"/>
        <source>Files</source>
        <translation>附件数</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add &amp;inspection record…</source>
        <translation>添加现场核查记录(&amp;I)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove record…</source>
        <translation>移除记录…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>On-site inspection records</source>
        <translation>现场核查记录</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>%1 to %2 (%3 months up to the reference date)</source>
        <translation>%1 至 %2（截至评估基准日的 %3 个月）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>no reference date set: the review window follows from it</source>
        <translation>尚未设置评估基准日：考察期据此确定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>set at finalize</source>
        <translation>定稿时确定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>none (a self-check gets no certificate)</source>
        <translation>无（自评不发证书）</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>A third-party finalize needs a lead assessor, a reviewer who is not the lead, and every member&apos;s signed declaration.</source>
        <translation>第三方评估定稿须有组长、与组长不同的审核人，且每位成员均已签署回避与独立性声明。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A self-check needs no team; one listed here appears in the report.</source>
        <translation>自评无须评审组；此处列出的成员将写入报告。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>%1 of at least %2 projects</source>
        <translation>项目 %1 个（至少 %2 个）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 of at least %2 staff</source>
        <translation>人员 %1 人（至少 %2 人）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sample the framework asks for: %1</source>
        <translation>框架要求的抽查：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Checked</source>
        <translation>核查内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sampled projects</source>
        <translation>抽查项目</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sampled staff</source>
        <translation>抽查人员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Change the reference date</source>
        <translation>修改评估基准日</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Changing the reference date withdraws %1 signed declaration.</source>
        <translation>修改评估基准日将撤回已签署的 %1 份声明。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changing the reference date withdraws %1 signed declarations.</source>
        <translation>修改评估基准日将撤回已签署的 %1 份声明。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each declaration names the review window; the members sign again for the new one.</source>
        <translation>每份声明都写明了考察期；成员须按新的考察期重新签署。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Change the date</source>
        <translation>修改日期(&amp;C)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>reference date</source>
        <translation>评估基准日</translation>
    </message>
    <message>
        <location line="+32"/>
        <location line="+39"/>
        <source>team member %1</source>
        <translation>评审组成员 %1</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Undo puts them back on the team.</source>
        <translation>撤销可将其重新加入评审组。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Their signed declaration is removed with them; undo puts them back unsigned.</source>
        <translation>其已签署的声明将一并移除；撤销后该成员回到评审组，但声明须重新签署。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove a team member</source>
        <translation>移除评审组成员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove %1 from the assessment team?</source>
        <translation>将 %1 从评审组中移除？</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+176"/>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <location line="-149"/>
        <source>Sign a declaration</source>
        <translation>签署声明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set the reference date first: the declaration names the review window.</source>
        <translation>请先设置评估基准日：声明须写明考察期。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1 / %2 characters</source>
        <translation>%1 / %2 字</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>written opinion</source>
        <translation>综合评价意见</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Draft the opinion</source>
        <translation>起草综合评价意见</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the text in the box with a new draft from the result?</source>
        <translation>用按评估结果重新起草的意见替换当前文字？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The text there now is lost unless you undo the save afterwards.</source>
        <translation>当前文字将被替换，之后可用撤销恢复。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+39"/>
        <source>inspection record of %1</source>
        <translation>%1 的现场核查记录</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Remove an inspection record</source>
        <translation>移除现场核查记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the inspection record of %1 at %2?</source>
        <translation>移除 %1 在 %2 的现场核查记录？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Undo puts it back.</source>
        <translation>撤销可恢复该记录。</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/case_table_model.py" line="+42"/>
        <source>Entity</source>
        <translation>经营主体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mode</source>
        <translation>评估方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Complete</source>
        <translation>完整度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rev.</source>
        <translation>版次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case id</source>
        <translation>案例编号</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Not rated yet: not every indicator is answered or every veto decided</source>
        <translation>暂不评定：尚有指标未作答或否决项未判定</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>unverified</source>
        <translation>未验证</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>expired %1</source>
        <translation>已过期 %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Valid from %1 to %2</source>
        <translation>有效期 %1 至 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Expired: the result is no longer valid; a new assessment is needed</source>
        <translation>已过期：该结果不再有效，需要重新评估</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Imported from %1 on %2, signed by %3</source>
        <translation>于 %2 从 %1 导入，签署人 %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Unverified (signer not trusted): accepted by %1</source>
        <translation>未验证（签署人不受信任）：由 %1 确认接收</translation>
    </message>
</context>
<context>
    <name>CaseWorkspace</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/case_workspace.py" line="+79"/>
        <source>← Cases</source>
        <translation>← 案例列表</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+173"/>
        <source>Guided self-check…</source>
        <translation>引导式自评…</translation>
    </message>
    <message>
        <location line="-171"/>
        <source>Amend…</source>
        <translation>修订…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finalize and sign…</source>
        <translation>定稿并签署…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF report…</source>
        <translation>PDF 报告…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel…</source>
        <translation>Excel…</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>Revision %1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessor: %1</source>
        <translation>评估人员：%1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Certificate fingerprint (SHA-256): %1</source>
        <translation>证书指纹（SHA-256）：%1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Self-check preview…</source>
        <translation>自评问题预览…</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>Could not undo or redo: %1</source>
        <translation>无法撤销或重做：%1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>answer of %1</source>
        <translation>%1 的作答</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>N/A of %1</source>
        <translation>%1 的不适用标记</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>note of %1</source>
        <translation>%1 的备注</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>veto %1</source>
        <translation>否决项 %1</translation>
    </message>
    <message>
        <location line="+171"/>
        <source>evidence added to %1</source>
        <translation>%1 新增的证据</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>evidence removed from %1</source>
        <translation>%1 移除的证据</translation>
    </message>
    <message>
        <location line="+310"/>
        <source>Finalized — read-only</source>
        <translation>已定稿 — 只读</translation>
    </message>
    <message>
        <location line="-705"/>
        <source>Draft — changes are saved automatically</source>
        <translation>草稿 — 修改自动保存</translation>
    </message>
    <message>
        <location line="-154"/>
        <source>Export package…</source>
        <translation>导出案例包…</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+21"/>
        <source>Indicators</source>
        <translation>指标评分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessment details</source>
        <translation>评估信息</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reference date, team and declarations, written opinion, on-site inspections (Ctrl+PgDown)</source>
        <translation>评估基准日、评审组与声明、综合评价意见、现场核查记录（Ctrl+PgDown）</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>version %1</source>
        <translation>%1 版</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>This workbench opened the database read-only</source>
        <translation>本工作台以只读方式打开数据库</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Draft — read-only: the database cannot be written</source>
        <translation>草稿 — 只读：数据库无法写入</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Draft — read-only: another workbench is using the database</source>
        <translation>草稿 — 只读：另一个工作台正在使用该数据库</translation>
    </message>
    <message>
        <location line="+224"/>
        <source>basis of veto %1</source>
        <translation>否决项 %1 的判定依据</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Attach the basis of veto %1</source>
        <translation>附上否决项 %1 的判定依据</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>basis files of veto %1</source>
        <translation>否决项 %1 的依据文件</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>evidence kind in %1</source>
        <translation>%1 的证据类型</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>date proved in %1</source>
        <translation>%1 的证明日期</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>verification in %1</source>
        <translation>%1 的证据核验</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Amend finalized case</source>
        <translation>修订已定稿案例</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new draft revision is created with the same answers; the finalized revision stays unchanged. Why is it amended?</source>
        <translation>将沿用现有作答创建一个新的草稿版本，已定稿版本保持不变。请说明修订原因：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Amend</source>
        <translation>修订</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>An amendment needs a reason.</source>
        <translation>修订必须填写原因。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>A signed package of this revision to send to an agency</source>
        <translation>将此修订版本导出为签名案例包，发送给主管部门</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Imported from the package %1 on %2 by %3; signed by %4 on %5</source>
        <translation>由 %3 于 %2 从案例包 %1 导入；签署人 %4，签署时间 %5</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Imported — signer trusted here</source>
        <translation>已导入 — 签署人在本机构受信任</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>accepted by %1 although the signer is not trusted here</source>
        <translation>签署人在本机构不受信任，由 %1 确认接收</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unverified (signer not trusted)</source>
        <translation>未验证（签署人不受信任）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Package SHA-256: %1
Signer&apos;s certificate fingerprint (SHA-256): %2</source>
        <translation>案例包 SHA-256：%1
签署人证书指纹（SHA-256）：%2</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+5"/>
        <source>Export package</source>
        <translation>导出案例包</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Only a finalized revision can be exported as a package. Finalize and sign first.</source>
        <translation>只有已定稿的修订版本才能导出为案例包。请先定稿并签署。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Case package</source>
        <translation>案例包</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Finalized</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The revision is finalized and the signed report is stored with the case. Open the report?</source>
        <translation>该版本已定稿，签署后的报告已随案例保存。是否打开报告？</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalized — signed by %1 on %2 — read-only</source>
        <translation>已定稿 — 由 %1 于 %2 签署 — 只读</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>unknown signer</source>
        <translation>签署人不详</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (lead assessor)</source>
        <translation>%1（评估组长）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (organisation)</source>
        <translation>%1（评估机构）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (reviewer)</source>
        <translation>%1（审核人）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>awaiting the reviewer&apos;s countersignature</source>
        <translation>待审核人签名</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Valid from %1 to %2</source>
        <translation>有效期 %1 至 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>EXPIRED on %1</source>
        <translation>已于 %1 过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The result is no longer valid: a new assessment is needed.</source>
        <translation>该结果已不再有效，需要重新评估。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Signed report (%1)…</source>
        <translation>已签署报告（%1）…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unsigned copy in %1…</source>
        <translation>%1未签名副本…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Countersign as reviewer…</source>
        <translation>审核人签名…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Result certificate…</source>
        <translation>结果证书…</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Result certificate</source>
        <translation>结果证书</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Unsigned copy</source>
        <translation>未签名副本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only a signed revision has a report copy in the other language. Finalize and sign first.</source>
        <translation>只有已签署的修订版本才有另一语言的报告副本。请先定稿并签署。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save an unsigned copy in %1 (the signed report is in %2)</source>
        <translation>保存%1未签名副本（已签署报告为%2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unsigned-copy</source>
        <translation>未签名副本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unsigned copy in %1</source>
        <translation>%1未签名副本</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save the signed report (%1)</source>
        <translation>保存已签署报告（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>signed</source>
        <translation>已签署</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed report</source>
        <translation>已签署报告</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save PDF report</source>
        <translation>保存 PDF 报告</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Every revision of this case: open one read-only, or compare two</source>
        <translation>本案例的全部修订版本：以只读方式打开任一版本，或比较两个版本</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Revision %1 of %2 — an older revision, read-only</source>
        <translation>第 %1 版（共 %2 版）— 旧版本，只读</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill the case in Excel: export its checklist, apply it filled in</source>
        <translation>在电子表格中填写本案例：导出检查清单，填好后导入</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export checklist workbook…</source>
        <translation>导出检查清单工作簿…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Apply filled checklist or answers file…</source>
        <translation>导入已填写的清单或答案文件…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Save checklist workbook</source>
        <translation>保存检查清单工作簿</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Writing the checklist workbook</source>
        <translation>正在写出检查清单工作簿</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Checklist workbook</source>
        <translation>检查清单工作簿</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Checklist not written</source>
        <translation>检查清单未写出</translation>
    </message>
    <message>
        <location line="-103"/>
        <location line="+13"/>
        <source>Revisi&amp;ons…</source>
        <translation>修订记录(&amp;O)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Revisi&amp;ons (%1)…</source>
        <translation>修订记录（%1）(&amp;O)…</translation>
    </message>
    <message>
        <location line="+111"/>
        <source>Apply a filled checklist or answers file</source>
        <translation>导入已填写的清单或答案文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checklist or answers (*.xlsx *.json);;Excel workbook (*.xlsx);;Answers file (*.json)</source>
        <translation>检查清单或答案文件 (*.xlsx *.json);;电子表格工作簿 (*.xlsx);;答案文件 (*.json)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Apply answers</source>
        <translation>导入作答</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Apply %1 to this case? Each indicator filled in the file replaces its answer here; blank rows change nothing. If any entry is wrong, nothing is applied.</source>
        <translation>把 %1 导入本案例？文件中填写了的指标将替换此处的作答，空白行不做改动。只要有一处错误，就什么都不导入。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Applied (%1 of %2 indicators done)</source>
        <translation>已导入（已完成 %1/%2 个指标）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Answers not applied</source>
        <translation>作答未导入</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing was applied: the case is unchanged. Correct these entries in %1 and apply it again.</source>
        <translation>未导入任何内容，案例保持不变。请在 %1 中改正以下各处后重新导入。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Applying the answers</source>
        <translation>正在导入作答</translation>
    </message>
    <message>
        <location line="-292"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>PDF report</source>
        <translation>PDF 报告</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Writing the report</source>
        <translation>正在生成报告</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Report not written</source>
        <translation>未能生成报告</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save Excel workbook</source>
        <translation>保存 Excel 工作簿</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+147"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="-135"/>
        <source>Writing the workbook</source>
        <translation>正在生成工作簿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel workbook</source>
        <translation>Excel 工作簿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workbook not written</source>
        <translation>未能生成工作簿</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/cases_page.py" line="+54"/>
        <source>Search cases</source>
        <translation>搜索案例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search entity name or unified social credit code…</source>
        <translation>搜索经营主体名称或统一社会信用代码…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All tiers</source>
        <translation>全部层级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All modes</source>
        <translation>全部评估方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cases</source>
        <translation>案例列表</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>New case…</source>
        <translation>新建案例…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete draft…</source>
        <translation>删除草稿…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One row per listed case, with dimension scores</source>
        <translation>每个列出的案例一行，含各维度得分</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>%1 of %2 cases</source>
        <translation>显示 %1 个，共 %2 个案例</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Finalized cases cannot be deleted</source>
        <translation>已定稿的案例不能删除</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Finalized cases cannot be deleted.</source>
        <translation>已定稿的案例不能删除。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete draft</source>
        <translation>删除草稿</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the draft case of “%1” (revision %2)? Its answers are removed; the audit trail keeps a record.</source>
        <translation>确定删除“%1”的草稿案例（第 %2 版）？其作答将被删除，审计日志中仍保留记录。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No cases are listed.</source>
        <translation>当前没有列出的案例。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export cases to Excel</source>
        <translation>导出案例到 Excel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Case list workbook</source>
        <translation>案例列表工作簿</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exporting cases</source>
        <translation>正在导出案例</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/certificate.py" line="+34"/>
        <source>Result certificate</source>
        <translation>结果证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the one-page result certificate of this finalized revision for the entity to show, signed by the issuing organisation. Its QR code carries the certificate&apos;s hash, which the command cityeval verify-pdf checks against the case.</source>
        <translation>为该定稿版本出具一页的评估结果证书，供经营主体出示，由发证机构数字签名。证书上的二维码载有证书校验码，可用命令 cityeval verify-pdf 据此与案例核对。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The issuing organisation&apos;s identity (.p12)</source>
        <translation>发证机构的签署身份（.p12）</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Identity</source>
        <translation>签署身份</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Certificate language</source>
        <translation>证书语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Write certificate</source>
        <translation>出具证书</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Save the result certificate</source>
        <translation>保存评估结果证书</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose the issuing organisation&apos;s identity file.</source>
        <translation>请选择发证机构的签署身份文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose where to save the certificate.</source>
        <translation>请选择证书的保存位置。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Writing the certificate</source>
        <translation>正在出具证书</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Certificate written: %1</source>
        <translation>证书已写出：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate number: %1, issued by %2</source>
        <translation>证书编号：%1，发证机构：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificate hash (in its QR code): %1</source>
        <translation>证书校验码（即二维码内容）：%1</translation>
    </message>
</context>
<context>
    <name>CheckTableModel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/widgets/package_models.py" line="+69"/>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>CountersignDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/countersign.py" line="+37"/>
        <source>Countersign as reviewer</source>
        <extracomment>the reviewer&apos;s identity file last used here (the lead&apos;s is remembered by the finalize dialog)</extracomment>
        <translation>审核人签名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The team&apos;s reviewer adds the third signature to this finalized report, in its reviewer&apos;s box, after the lead assessor&apos;s and the organisation&apos;s. Their signatures stay valid; the countersigned report replaces the stored one. Reviewer of this case: %1.</source>
        <translation>评审组的审核人在评估组长和评估机构之后，于审核人签名框中为这份已定稿的报告加上第三个签名。前两个签名依然有效；加签后的报告取代原先存储的报告。本案例的审核人：%1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The reviewer&apos;s own identity (.p12)</source>
        <translation>审核人本人的签署身份（.p12）</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Reviewer&apos;s identity</source>
        <translation>审核人身份</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Countersign</source>
        <translation>签名</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose the reviewer&apos;s identity file.</source>
        <translation>请选择审核人的身份文件。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Countersigning the report</source>
        <translation>正在加签报告</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Countersigned by the reviewer %1.</source>
        <translation>审核人 %1 已签名。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The report now carries three signatures: lead assessor %1, organisation %2, reviewer %3.</source>
        <translation>报告现有三个签名：评估组长 %1、评估机构 %2、审核人 %3。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Report SHA-256: %1</source>
        <translation>报告 SHA-256：%1</translation>
    </message>
</context>
<context>
    <name>DatabasePage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/tools_page.py" line="+54"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder (evidence files)</source>
        <translation>数据文件夹（证据文件）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Writes a consistent copy of the database to a new file while you keep working. Evidence files live in the data folder: back that folder up too.</source>
        <translation>把数据库的一致副本写入新文件，期间可继续工作。证据文件保存在数据文件夹中，请一并备份该文件夹。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Checks that the database file is sound, that no audit entry was changed or removed, that every finalized revision still agrees with its signed report, and that every evidence file is present and unchanged. Nothing is modified.</source>
        <translation>检查数据库文件是否完好、审计记录是否被改动或删除、每个定稿版本是否仍与其已签署报告一致，以及每个证据文件是否存在且未被改动。检查不会修改任何内容。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Check now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Repair…</source>
        <translation>修复(&amp;R)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Removes stray files and partial copies from the evidence folder and recomputes the figures the case list shows. Nothing else is changed.</source>
        <translation>删除证据文件夹中无用的文件和未完成的副本，并重算案例列表显示的数字。不改动其他任何内容。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Back up the database</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Database (*.sqlite3)</source>
        <translation>数据库 (*.sqlite3)</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Verify every&amp;thing again</source>
        <translation>全部重新核验(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cases and files unchanged since an earlier check on this computer found them sound are not verified again, which keeps the check quick. Tick this to verify every one of them as well.</source>
        <translation>本机此前检查已核验无误、且此后未有任何改动的案例和文件不再重复核验，检查因此很快。勾选此项则全部重新核验。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>PostgreSQL dump (*.dump)</source>
        <translation>PostgreSQL 转储文件 (*.dump)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Backing up the database</source>
        <translation>正在备份数据库</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Backed up to %1</source>
        <translation>已备份到 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database backup</source>
        <translation>数据库备份</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No backup was written.</source>
        <translation>未写出备份。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backup not written</source>
        <translation>备份未写出</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Backup cancelled; no file was written.</source>
        <translation>备份已取消，未写出任何文件。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the database</source>
        <translation>正在检查数据库</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Check cancelled.</source>
        <translation>检查已取消。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The check could not run.</source>
        <translation>检查未能运行。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Of these, %1 and %2 were unchanged since an earlier check on this computer and were not verified again.</source>
        <translation>其中 %1、%2自本机上次检查以来未有任何改动，未重复核验。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 case</source>
        <translation>%1 个案例</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 cases</source>
        <translation>%1 个案例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 file</source>
        <translation>%1 个文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 files</source>
        <translation>%1 个文件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>✘ %1 problem found (%2). Restore from a backup, or keep this list for the administrator.</source>
        <translation>✘ 发现 %1 个问题（%2）。请从备份恢复，或把此列表交给管理员。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✘ %1 problems found (%2). Restore from a backup, or keep this list for the administrator.</source>
        <translation>✘ 发现 %1 个问题（%2）。请从备份恢复，或把此列表交给管理员。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Remove %1 from the evidence folder and recompute the list figures of %2?

No case, answer, evidence file in use or report is changed; problems that need a backup stay listed.</source>
        <translation>从证据文件夹删除 %1，并重算 %2的列表数字？

不会改动任何案例、答案、在用的证据文件或报告；需要从备份恢复的问题仍会列出。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+27"/>
        <source>%1 stray file</source>
        <translation>%1 个无用文件</translation>
    </message>
    <message>
        <location line="-27"/>
        <location line="+27"/>
        <source>%1 stray files</source>
        <translation>%1 个无用文件</translation>
    </message>
    <message>
        <location line="-26"/>
        <location line="+28"/>
        <source>%1 revision</source>
        <translation>%1 个修订版本</translation>
    </message>
    <message>
        <location line="-28"/>
        <location line="+28"/>
        <source>%1 revisions</source>
        <translation>%1 个修订版本</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Repaired: %1 removed (%2 KB freed), list figures of %3 recomputed.</source>
        <translation>已修复：删除 %1（释放 %2 KB），重算 %3的列表数字。</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Repair the database</source>
        <translation>修复数据库</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>%1 audit entry</source>
        <translation>审计记录 %1 条</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 audit entries</source>
        <translation>审计记录 %1 条</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 evidence file intact</source>
        <translation>证据文件 %1 个均完好</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 evidence files intact</source>
        <translation>证据文件 %1 个均完好</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>✔ No problem found (%1): %2, chains intact; %3.</source>
        <translation>✔ 未发现问题（%1）：%2，链完整；%3。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Repairing the database</source>
        <translation>正在修复数据库</translation>
    </message>
</context>
<context>
    <name>DecideObjectionDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/objection.py" line="+260"/>
        <source>Decide objection %1</source>
        <translation>对异议 %1 作出决定</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Objection %1 against the result of %2 (%3, %4), now: %5.</source>
        <translation>异议 %1，针对 %2 的评估结果（%3，%4），当前状态：%5。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Upheld: the objection holds</source>
        <translation>异议成立(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dismissed: the objection does not hold</source>
        <translation>异议不成立(&amp;D)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>An upheld objection withdraws this result (%1) from the regional view and the public disclosure until an amended revision is imported or finalized. The decision cannot be taken back.</source>
        <translation>异议成立后，该评估结果（%1）将从区域视图和公示中撤下，直至导入或定稿修订后的新版本。决定作出后不可撤回。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Reason for the decision</source>
        <translation>决定理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why the objection holds or does not hold (required)</source>
        <translation>异议成立或不成立的理由（必填）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Reason</source>
        <translation>理由(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Decide…</source>
        <translation>作出决定…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Choose the decision: upheld or dismissed.</source>
        <translation>请选择决定：异议成立或异议不成立。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Write the reason for the decision: it is required.</source>
        <translation>请填写决定理由：理由为必填项。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Uphold objection %1 and withdraw the result?</source>
        <translation>确认异议 %1 成立并撤下该评估结果？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The result of %1 (%2) leaves the regional view and the public disclosure until an amended revision is there. The decision is final.</source>
        <translation>%1 的评估结果（%2）将从区域视图和公示中撤下，直至出现修订后的新版本。此决定不可撤回。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Uphold and withdraw</source>
        <translation>异议成立并撤下(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss objection %1?</source>
        <translation>确认异议 %1 不成立？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The result of %1 (%2) stays counted and disclosed. The decision is final.</source>
        <translation>%1 的评估结果（%2）继续计入统计并公示。此决定不可撤回。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dismiss</source>
        <translation>异议不成立(&amp;D)</translation>
    </message>
</context>
<context>
    <name>DeclarationDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/case_data_dialogs.py" line="+201"/>
        <source>Independence declaration of %1</source>
        <translation>%1 的回避与独立性声明</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 signs this statement with their own signing identity (its name must be %1). The signed statement is stored with the case and checked each time it is shown.</source>
        <translation>%1 用本人的签署身份（身份名称须为 %1）签署以下声明。签署后的声明随案例保存，每次显示时重新验证。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The member&apos;s signing identity (.p12)</source>
        <translation>成员本人的签署身份（.p12）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Identity</source>
        <translation>签署身份(&amp;I)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Sign…</source>
        <translation>签署(&amp;S)…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Signing identity</source>
        <translation>签署身份</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Choose the member&apos;s identity file.</source>
        <translation>请选择该成员的身份文件。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Identity password</source>
        <translation>身份密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password of %1 (the identity of %2)</source>
        <translation>%1 的密码（%2 的签署身份）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Identity</source>
        <translation>签署身份</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Signing the declaration</source>
        <translation>正在签署声明</translation>
    </message>
</context>
<context>
    <name>DeltaDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/delta.py" line="+256"/>
        <source>Self-check against third-party result</source>
        <translation>自评与第三方评估结果对比</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Categories</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+10"/>
        <source>USCC %1</source>
        <translation>统一社会信用代码 %1</translation>
    </message>
</context>
<context>
    <name>DeltaModel</name>
    <message>
        <location line="-195"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Self-check</source>
        <translation>自评</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Third-party</source>
        <translation>第三方评估</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The self-check rates this higher than the assessor</source>
        <translation>自评高于评估机构的评定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not compared: one of the two has no figure here</source>
        <translation>未比较：其中一方在此项没有分值</translation>
    </message>
</context>
<context>
    <name>DeltaPanel</name>
    <message>
        <location line="+16"/>
        <source>Self-check</source>
        <translation>自评</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Third-party result</source>
        <translation>第三方评估结果</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Open &amp;self-check</source>
        <translation>打开自评(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;third-party result</source>
        <translation>打开第三方评估结果(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Dimensions only</source>
        <translation>仅显示维度(&amp;D)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Difference = self-check − third-party. ▲ on red: the self-check rates itself higher than the assessor (%1 lines); the largest over-rating is listed first.</source>
        <translation>差值 = 自评 − 第三方评估。红底 ▲：自评高于评估机构的评定（共 %1 项）；自评偏高最多的排在最前。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Differences by dimension and indicator</source>
        <translation>各维度和指标的差值</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>no grade</source>
        <translation>无等级</translation>
    </message>
</context>
<context>
    <name>DimensionBars</name>
    <message>
        <location filename="../../cityeval_desktop/ui/widgets/charts.py" line="+222"/>
        <source>Dimension scores</source>
        <translation>维度得分</translation>
    </message>
</context>
<context>
    <name>DisclosureDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/disclosure.py" line="+59"/>
        <source>Publish disclosure</source>
        <translation>发布评估结果公示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Publish the counted third-party results with their public fields only, signed by the agency. The notice runs the given number of working days from today, skipping weekends and the holidays listed below; figures of groups smaller than the minimum size are withheld.</source>
        <translation>发布计入统计的第三方评估结果（仅含可公开的信息），由本机构数字签名。公示期自今日起按所填工作日计算，跳过周末和下列节假日；主体数少于最小公布组规模的分组不公布统计数。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Agency identity</source>
        <translation>机构签名身份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The agency&apos;s identity (.p12)</source>
        <translation>本机构的签名身份文件（.p12）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <location line="+9"/>
        <source> working days</source>
        <translation> 个工作日</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where and how to hand in an objection</source>
        <translation>提出异议的地址、电话或邮箱</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> entities</source>
        <translation> 家</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>disclosure</source>
        <translation>评估结果公示</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leave empty for no CSV</source>
        <translation>留空则不写出 CSV 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave empty for no JSON</source>
        <translation>留空则不写出 JSON 文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Results</source>
        <translation>公示范围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notice period</source>
        <translation>公示期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact for objections</source>
        <translation>异议受理联系方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum group size</source>
        <translation>最小公布组规模</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>公示语言</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF (signed)</source>
        <translation>PDF（已签名）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV</source>
        <translation>CSV 表格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON</source>
        <translation>JSON 数据</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+2"/>
        <source>Holidays and make-up working days</source>
        <translation>节假日与调休上班日</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日（如 2026-10-01）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make-up working day</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>all regions</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all tiers</source>
        <translation>全部层级</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 · %2 · %3 · valid on %4</source>
        <translation>%1 · %2 · %3 · %4 有效</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>make-up working day</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Type a date (YYYY-MM-DD) to add.</source>
        <translation>请输入要添加的日期（年-月-日）。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Choose a date in the list to remove.</source>
        <translation>请先在列表中选择要删除的日期。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose the agency&apos;s identity file.</source>
        <translation>请选择本机构的签名身份文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose where to save the PDF.</source>
        <translation>请选择 PDF 的保存位置。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Publishing the disclosure</source>
        <translation>正在发布评估结果公示</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 result</source>
        <translation>%1 个结果</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 results</source>
        <translation>%1 个结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 page</source>
        <translation>%1 页</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 pages</source>
        <translation>%1 页</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Disclosure written: %1 (%2, %3)</source>
        <translation>已写出评估结果公示：%1（%2，%3）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Written: %1</source>
        <translation>已写出：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notice period %1 to %2 (%3 working days); objections by %2</source>
        <translation>公示期 %1 至 %2（%3 个工作日），异议截止 %2</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/import_page.py" line="+71"/>
        <source>Drop package files (.cityeval, .cityeval.p7m) or whole folders here</source>
        <translation>将案例包文件（.cityeval、.cityeval.p7m）或整个文件夹拖放到这里</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Packages to import</source>
        <translation>待导入的案例包</translation>
    </message>
</context>
<context>
    <name>EvidenceActions</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/evidence_actions.py" line="+38"/>
        <source>Adding evidence</source>
        <translation>正在添加证据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Evidence not added</source>
        <translation>未能添加证据</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Remove evidence</source>
        <translation>移除证据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove %1 file from %2?
%3</source>
        <translation>从 %2 移除 %1 个文件？
%3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove %1 files from %2?
%3</source>
        <translation>从 %2 移除 %1 个文件？
%3</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+5"/>
        <source>Evidence not opened</source>
        <translation>未能打开证据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No program is set up to open %1. A copy is at:
%2</source>
        <translation>本机没有可打开 %1 的程序。副本保存在：
%2</translation>
    </message>
</context>
<context>
    <name>EvidenceList</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/indicator_editor.py" line="+85"/>
        <source>File</source>
        <extracomment>the column of the date a file proves (证明日期) the narrowest the file name column gets (the list scrolls sideways rather than hide the names) how a date outside the review window is marked</extracomment>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verification</source>
        <translation>核验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date proved</source>
        <translation>证明日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The date the file proves (a contract&apos;s signing date), YYYY-MM-DD; optional</source>
        <translation>文件所证明的日期（如合同签订日期），格式 YYYY-MM-DD，可不填</translation>
    </message>
</context>
<context>
    <name>ExportNotice</name>
    <message>
        <location filename="../../cityeval_desktop/ui/widgets/export_notice.py" line="+25"/>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the file in its folder</source>
        <translation>在文件夹中查看该文件</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 saved: %2</source>
        <translation>%1已保存：%2</translation>
    </message>
</context>
<context>
    <name>ExportPackageDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/export_package.py" line="+40"/>
        <source>Export package</source>
        <translation>导出案例包</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write this finalized revision as a signed package to send to an agency: the answers, the evidence files, the signed report and the audit trail in one file that the agency checks on import. The package is checked whole after it is written.</source>
        <translation>将此定稿修订版本写成签名案例包发送给主管部门：作答、证据文件、已签署报告和审计记录都在一个文件中，主管部门导入时会逐项核验。案例包写出后会完整复核一遍。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your signing identity (.p12)</source>
        <translation>您的签名身份（.p12）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Encrypt for an agency certificate</source>
        <translation>用主管部门的证书加密</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only the holder of that certificate&apos;s identity can open the package (for USB sticks and e-mail)</source>
        <translation>只有持有该证书对应身份的机构才能打开案例包（适用于 U 盘和电子邮件传送）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The agency&apos;s certificate (.pem)</source>
        <translation>主管部门的证书（.pem）</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Identity</source>
        <translation>身份</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agency certificate</source>
        <translation>主管部门证书</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Encrypted case package (*.p7m)</source>
        <translation>加密案例包 (*.p7m)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Case package (*.cityeval)</source>
        <translation>案例包 (*.cityeval)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the package</source>
        <translation>保存案例包</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The agency&apos;s certificate</source>
        <translation>主管部门的证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate (*.pem *.crt *.cer *.der)</source>
        <translation>证书 (*.pem *.crt *.cer *.der)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Only “%1” (certificate fingerprint %2, valid until %3) can open the package</source>
        <translation>只有“%1”（证书指纹 %2，有效期至 %3）能打开此案例包</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Choose your identity file.</source>
        <translation>请选择您的身份文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose where to save the package.</source>
        <translation>请选择案例包的保存位置。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose the agency&apos;s certificate, or untick encryption.</source>
        <translation>请选择主管部门的证书，或取消勾选加密。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Writing the package</source>
        <translation>正在写出案例包</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Encrypted: only “%1” (certificate fingerprint %2) can open it</source>
        <translation>已加密：只有“%1”（证书指纹 %2）能打开</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>SHA-256: %1</source>
        <translation>SHA-256：%1</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Package written and checked: %1</source>
        <translation>案例包已写出并复核：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 evidence file, %2, signed by %3</source>
        <translation>%1 个证据文件，%2，签署人 %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 evidence files, %2, signed by %3</source>
        <translation>%1 个证据文件，%2，签署人 %3</translation>
    </message>
</context>
<context>
    <name>FinalizeDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/finalize.py" line="+63"/>
        <location line="+83"/>
        <source>Finalize and sign</source>
        <extracomment>the open &quot;signer is not the entity&quot; question (tests answer it with real key presses)</extracomment>
        <translation>定稿并签署</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>Your signing identity (.p12)</source>
        <translation>您的签名身份文件（.p12）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+7"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Identity</source>
        <translation>签名身份</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+8"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report language</source>
        <translation>报告语言</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>All checks pass. Signing stores the signed report with the case, writes its hash to the audit trail and locks this revision (changes then need an amendment).</source>
        <translation>全部检查已通过。签署后，报告随案例保存，其哈希值写入审计日志，本版本随即锁定（此后修改需通过修订）。</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Check before signing (this does not stop finalizing):</source>
        <extracomment>what the assessor should look at again before signing, without it stopping the finalize</extracomment>
        <translation>签署前请核实（不影响定稿）：</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The assessor organisation&apos;s identity (.p12)</source>
        <translation>评估机构的机构身份（.p12）</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>A third-party report is signed by the lead assessor first and then by the assessor organisation&apos;s identity; the reviewer countersigns later.</source>
        <translation>第三方评估报告先由评估组长签名，再以评估机构的机构身份签章；审核人其后另行加签。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Lead assessor&apos;s identity</source>
        <translation>评估组长身份</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+42"/>
        <source>Organisation identity</source>
        <translation>机构身份</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Organisation password</source>
        <translation>机构身份密码</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Checking the case…</source>
        <translation>正在检查案例…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing and signing the report…</source>
        <translation>正在生成并签署报告…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storing the signed report…</source>
        <translation>正在保存已签署的报告…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed.</source>
        <translation>已签署。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Signing identity</source>
        <translation>签名身份</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose the lead assessor&apos;s identity file.</source>
        <translation>请选择评估组长的身份文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose your identity file.</source>
        <translation>请选择您的身份文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the identity&apos;s password.</source>
        <translation>请输入身份文件的密码。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose the assessor organisation&apos;s identity file: a third-party report carries its signature.</source>
        <translation>请选择评估机构的机构身份文件：第三方评估报告须有评估机构签章。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The organisation signs with its own identity, not the lead assessor&apos;s.</source>
        <translation>评估机构须用自己的机构身份签章，不能用评估组长的身份。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the organisation identity&apos;s password.</source>
        <translation>请输入机构身份的密码。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Signing the report</source>
        <translation>正在签署报告</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Not signed: choose an identity of the assessed entity itself.</source>
        <translation>未签署：请选择被评估主体自己的签署身份。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The signer is not the assessed entity</source>
        <translation>签署人不是被评估主体</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A self-check is signed by an identity of the assessed entity itself, and this identity is not one:</source>
        <translation>自评报告应由被评估主体自己的身份签署，而所选身份不是：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign with this identity anyway? The report will then say that the signer&apos;s organisation is not the assessed entity.</source>
        <translation>仍要以此身份签署吗？报告上将注明签署人单位与被评估主体不一致。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Sign anyway</source>
        <translation>仍然签署(&amp;S)</translation>
    </message>
</context>
<context>
    <name>FinalizePanel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/finalize_panel.py" line="+75"/>
        <source>Before finalizing</source>
        <translation>定稿前需处理</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hide the list (Finalize and sign shows it again)</source>
        <translation>隐藏清单（点“定稿并签署”可再次显示）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Finalize and sign…</source>
        <translation>定稿并签署…</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Click or press Enter to go there</source>
        <translation>单击或按回车键前往</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>1 problem stops finalizing. Click it, or press Enter on it, to go there.</source>
        <translation>还有 1 个问题妨碍定稿。单击该项或在其上按回车键即可前往处理。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 problems in one place stop finalizing. Click one, or press Enter on it, to go there.</source>
        <translation>还有 %1 个问题（涉及 1 处）妨碍定稿。单击某一项或在其上按回车键即可前往处理。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 problems in %2 places stop finalizing. Click one, or press Enter on it, to go there.</source>
        <translation>还有 %1 个问题（涉及 %2 处）妨碍定稿。单击某一项或在其上按回车键即可前往处理。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>All checks pass. Signing stores the signed report with the case, writes its hash to the audit trail and locks this revision.</source>
        <translation>全部检查已通过。签署后，已签署的报告随案例保存，其哈希写入审计记录，本修订版本随即锁定。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Assessment team</source>
        <translation>评审组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Independence declarations</source>
        <translation>回避与独立性声明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Written opinion</source>
        <translation>综合评价意见</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On-site inspection records</source>
        <translation>现场核查记录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The case as a whole</source>
        <translation>案例整体</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Veto %1  %2</source>
        <translation>否决项 %1  %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>not signed: %1</source>
        <translation>尚未签署：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 of at least %2 projects sampled</source>
        <translation>已抽查项目 %1 个，至少需 %2 个</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of at least %2 staff sampled</source>
        <translation>已抽查人员 %1 人，至少需 %2 人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not answered yet</source>
        <translation>尚未作答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>marked N/A without a reason</source>
        <translation>标记为不适用但未填写理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>needs at least one evidence file</source>
        <translation>至少需要 1 个证据文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not decided yet</source>
        <translation>尚未判定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no lead assessor: add a member with the role lead assessor</source>
        <translation>没有组长：请添加一名角色为“组长”的成员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no reviewer distinct from the lead: add a member with the role reviewer</source>
        <translation>没有独立于组长的审核人：请添加一名角色为“审核”的成员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no written opinion: draft it from the result, edit it and save it</source>
        <translation>尚无综合评价意见：请按评估结果起草，编辑后保存</translation>
    </message>
</context>
<context>
    <name>FrameworksPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/frameworks_page.py" line="+49"/>
        <source>Frameworks</source>
        <translation>评估框架列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Indicators of the framework</source>
        <translation>框架指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item</source>
        <translation>评估项</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+136"/>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <location line="-136"/>
        <location line="+136"/>
        <source>Method</source>
        <translation>计分方法</translation>
    </message>
    <message>
        <location line="-133"/>
        <source>Indicator details</source>
        <translation>指标详情</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Frameworks available for new cases. Files that fail to load are listed below with the reason.</source>
        <translation>以下为可用于新建案例的评估框架。加载失败的文件及原因列于下方。</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Veto items</source>
        <translation>否决项</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Any dimension below %1 → at most %2</source>
        <translation>任一维度低于 %1 分 → 最高评为 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tiers</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Grades</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Caps</source>
        <translation>等级封顶规则</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Weight %1 of 100; %2 indicators.</source>
        <translation>权重 %1（满分 100），共 %2 项指标。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Decided true: the case gets no grade.</source>
        <translation>判定为“是”时，该案例不予评级。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Guidance</source>
        <translation>评分指引</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Levels</source>
        <translation>评分档次</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Thresholds per tier</source>
        <translation>各层级阈值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How to improve</source>
        <translation>改进建议</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>required</source>
        <translation>必需</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Export workbook…</source>
        <translation>导出工作簿…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the selected framework as an Excel workbook to review it or edit it into a new framework</source>
        <translation>把所选评估框架导出为电子表格工作簿，用于审阅或编辑成新的框架</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import workbook…</source>
        <translation>导入工作簿…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check an edited framework workbook and save it as a framework file</source>
        <translation>检查编辑好的框架工作簿并保存为框架文件</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Export framework workbook</source>
        <translation>导出框架工作簿</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+31"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>电子表格工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Writing the framework workbook</source>
        <translation>正在写出框架工作簿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Framework workbook</source>
        <translation>框架工作簿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workbook not written</source>
        <translation>工作簿未写出</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Import framework workbook</source>
        <translation>导入框架工作簿</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Framework workbook not imported</source>
        <translation>框架工作簿未导入</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 has problems; nothing was saved. Correct them in the workbook and import it again.</source>
        <translation>%1 有以下问题，未保存任何内容。请在工作簿中改正后重新导入。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Checking the framework workbook</source>
        <translation>正在检查框架工作簿</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Save framework file</source>
        <translation>保存框架文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Framework file (*.yaml)</source>
        <translation>框架文件 (*.yaml)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Framework file not saved</source>
        <translation>框架文件未保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Framework file</source>
        <translation>框架文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Framework saved</source>
        <translation>框架已保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2 indicators) is valid and saved to %3. Load it now so that new cases can use it?</source>
        <translation>%1（%2 个指标）校验通过，已保存到 %3。现在加载，以便新案例使用？</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Framework not loaded</source>
        <translation>框架未加载</translation>
    </message>
</context>
<context>
    <name>GradeChart</name>
    <message>
        <location filename="../../cityeval_desktop/ui/widgets/grade_chart.py" line="+26"/>
        <source>Grade distribution per category</source>
        <translation>各类别等级分布</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No counted results</source>
        <translation>没有计入的结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <location filename="../../cityeval_desktop/ui/help.py" line="+95"/>
        <location line="+41"/>
        <source>CityEval Desktop — User guide</source>
        <extracomment>Screen (the class name of a page, panel or dialog) → guide page (a file name in docs/guide/&lt;lang&gt;/ without &quot;.md&quot;). The innermost visible screen around the focus wins. Add a line here for every new screen; the guide page must exist in both languages (tests/gui/test_first_run.py checks it).</extracomment>
        <translation>评估工作台 — 使用指南</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>← Back</source>
        <translation>← 后退</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forward →</source>
        <translation>前进 →</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>User guide — %1</source>
        <translation>使用指南 — %1</translation>
    </message>
</context>
<context>
    <name>IdentitiesPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/identities_page.py" line="+92"/>
        <source>Your signing identities: a private key protected by a password, with its certificate. Create one, send a certificate request to the agency&apos;s CA and install the certificate it issues.</source>
        <translation>您的签名身份：受密码保护的私钥及其证书。可新建身份，把证书签发请求交给主管部门的证书机构，再安装其签发的证书。</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+172"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="-171"/>
        <location line="+172"/>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="-170"/>
        <location line="+174"/>
        <source>Issued by</source>
        <translation>签发者</translation>
    </message>
    <message>
        <location line="-173"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trust</source>
        <translation>信任</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+156"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="-140"/>
        <source>New identity…</source>
        <translation>新建身份…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add existing…</source>
        <translation>添加已有身份…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add an identity file (.p12) you already have to this list</source>
        <translation>把您已有的身份文件（.p12）加入此列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate request…</source>
        <translation>证书签发请求…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write a certificate request (.csr) to send to the agency&apos;s CA</source>
        <translation>生成证书签发请求（.csr），交给主管部门的证书机构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Install certificate…</source>
        <translation>安装证书…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install the certificate the CA issued for this identity</source>
        <translation>安装证书机构为此身份签发的证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export certificate…</source>
        <translation>导出证书…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the public certificate (.pem) for others to trust</source>
        <translation>导出公开证书（.pem），供他人加入信任列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+335"/>
        <source>Remove from list</source>
        <translation>从列表中移除</translation>
    </message>
    <message>
        <location line="-334"/>
        <source>Forget this identity here; the file itself is kept</source>
        <translation>不再在此列出该身份；身份文件本身保留</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Open it with its password to see it</source>
        <translation>输入密码打开后显示</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+79"/>
        <source>itself (self-signed)</source>
        <translation>自身（自签名）</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>%1 (file not found)</source>
        <translation>%1（找不到文件）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>expired %1</source>
        <translation>已于 %1 过期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>from %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>trust list unreadable</source>
        <translation>无法读取信任列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>trusted here</source>
        <translation>本机信任</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>self-signed, not trusted</source>
        <translation>自签名，未受信任</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>issuer not trusted</source>
        <translation>签发者不受信任</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No identity yet. Create one with “New identity…” or add a file you already have.</source>
        <translation>还没有身份。请用“新建身份…”创建，或添加您已有的身份文件。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Open it with “Add existing…” and its password to show its certificate.</source>
        <translation>请用“添加已有身份…”并输入密码打开，以显示其证书。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Subject</source>
        <translation>主体</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location line="-173"/>
        <source>Signing identities</source>
        <translation>签名身份列表</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Identity details</source>
        <translation>身份详情</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>%1 (organisation identity)</source>
        <translation>%1（机构身份）</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Organisation identity: its certificate carries the organisation&apos;s unified social credit code; it signs a third-party report as the assessor organisation</source>
        <translation>机构身份：其证书载有机构的统一社会信用代码，用于以评估机构名义签署第三方评估报告</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Personal identity</source>
        <translation>个人身份</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fingerprint (SHA-256)</source>
        <translation>指纹（SHA-256）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chain</source>
        <translation>证书链</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The certificate has expired: it cannot sign. Write a certificate request, have the CA issue a new certificate and install it.</source>
        <translation>证书已过期，无法签名。请生成证书签发请求，由证书机构签发新证书后安装。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The certificate is not valid yet; check this computer&apos;s date and time.</source>
        <translation>证书尚未生效；请检查本机的日期和时间。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signatures made with this identity are trusted by this workbench.</source>
        <translation>本工作台信任用此身份所做的签名。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Self-signed: others trust your signatures only after adding your exported certificate to their trust list, or after the agency&apos;s CA issues you a certificate.</source>
        <translation>自签名证书：他人须把您导出的证书加入其信任列表，或由主管部门的证书机构 为您签发证书后，才会信任您的签名。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Its issuer is not in this workbench&apos;s trust list; add the CA&apos;s certificate under “Trusted certificates”.</source>
        <translation>其签发者不在本工作台的信任列表中；请在“受信任的证书”中添加该证书机构的证书。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Identity password</source>
        <translation>身份密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password of %1</source>
        <translation>%1 的密码</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Identity created: %1 (fingerprint %2).</source>
        <translation>已创建身份：%1（指纹 %2）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add an identity</source>
        <translation>添加身份</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PKCS#12 identity (*.p12 *.pfx)</source>
        <translation>PKCS#12 身份文件 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Opening the identity</source>
        <translation>正在打开身份</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Identity not opened</source>
        <translation>未能打开身份</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Identity added: %1.</source>
        <translation>已添加身份：%1。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Save certificate request</source>
        <translation>保存证书签发请求</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Certificate request (*.csr)</source>
        <translation>证书签发请求 (*.csr)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Certificate request</source>
        <translation>证书签发请求</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificate request written: %1. Send it to the agency&apos;s CA; install what it returns.</source>
        <translation>已生成证书签发请求：%1。请交给主管部门的证书机构，并安装其返回的证书。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Writing the certificate request</source>
        <translation>正在生成证书签发请求</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Request not written</source>
        <translation>未生成签发请求</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Issued certificate</source>
        <translation>签发的证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate (*.pem *.crt *.cer)</source>
        <translation>证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Certificate installed: %1, issued by %2.</source>
        <translation>已安装证书：%1，签发者 %2。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Installing the certificate</source>
        <translation>正在安装证书</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Certificate not installed</source>
        <translation>证书未安装</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export certificate</source>
        <translation>导出证书</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Certificate (*.pem)</source>
        <translation>证书 (*.pem)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Certificate exported: %1. Give it to whoever must trust your signatures.</source>
        <translation>已导出证书：%1。请交给需要信任您签名的人。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exporting the certificate</source>
        <translation>正在导出证书</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Certificate not exported</source>
        <translation>证书未导出</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Remove %1 from this list? The file itself is not deleted.</source>
        <translation>从列表中移除 %1？身份文件本身不会被删除。</translation>
    </message>
</context>
<context>
    <name>IdentityFile</name>
    <message>
        <location filename="../../cityeval_desktop/ui/widgets/identity_file.py" line="+15"/>
        <source>PKCS#12 identity (*.p12 *.pfx)</source>
        <translation>PKCS#12 身份文件 (*.p12 *.pfx)</translation>
    </message>
</context>
<context>
    <name>IdentityFormDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/identity_form.py" line="+88"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Enter the identity&apos;s password.</source>
        <translation>请输入身份文件的密码。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写出任何文件。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/import_page.py" line="+37"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ledger</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Import the case packages assessors send. Each package is checked whole first; one that fails a check is refused, copied to the quarantine folder with the reason and listed in the ledger. Each package is imported on its own, so Cancel stops between two packages and nothing is left half imported. Imported cases are read-only here.</source>
        <translation>导入评估机构发来的案例包。每个案例包先完整核验；任何一项检查未通过的案例包会被拒绝，连同原因复制到隔离文件夹，并记入导入台账。每个案例包单独导入，因此“取消”会在两个案例包之间停止，不会留下导入一半的内容。导入的案例在本机构只读。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify one package…</source>
        <translation>核验单个案例包…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check a single package in detail without importing it</source>
        <translation>逐项核验一个案例包，但不导入</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Optional: a certificate to trust for this import (.pem)</source>
        <translation>可选：本次导入额外信任的证书（.pem）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+18"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Also import packages whose signer is not trusted here</source>
        <translation>签署人在本机构不受信任的案例包也导入</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only when you have made sure of the sender in another way: such cases are marked “unverified (signer not trusted)” in the case list and the workspace, and your name is recorded as the person who accepted them.</source>
        <translation>仅在您已通过其他途径确认发送方时使用：这类案例在案例列表和工作区中标记为“未验证（签署人不受信任）”，并记录您为确认接收人。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Agency identity (.p12), for encrypted packages only</source>
        <translation>主管部门身份（.p12），仅用于加密的案例包</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <source>Password of the agency identity</source>
        <translation>主管部门身份的密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also trust</source>
        <translation>额外信任</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+10"/>
        <location line="+155"/>
        <source>Agency identity</source>
        <translation>主管部门身份</translation>
    </message>
    <message>
        <location line="-183"/>
        <source>Certificate to trust for this import</source>
        <translation>本次导入额外信任的证书</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start import</source>
        <translation>开始导入</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop after the package being imported now; the rest stay untouched</source>
        <translation>当前案例包导入完成后停止；其余案例包不做任何处理</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%v of %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Import results</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search the import ledger</source>
        <translation>搜索导入台账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search file, case, signer, reason or person…</source>
        <translation>搜索文件、案例、签署人、原因或操作人…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open quarantine folder</source>
        <translation>打开隔离文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refused packages are copied there, each with a file saying why</source>
        <translation>被拒绝的案例包复制到这里，每个都附有说明原因的文件</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Import ledger</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Case packages</source>
        <translation>案例包</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Case packages (*.cityeval *.p7m)</source>
        <translation>案例包 (*.cityeval *.p7m)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A folder of case packages</source>
        <translation>存放案例包的文件夹</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Certificate to trust</source>
        <translation>要信任的证书</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Certificate (*.pem *.crt *.cer)</source>
        <translation>证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>This workbench opened the database read-only: nothing can be imported</source>
        <translation>本工作台以只读方式打开数据库，无法导入</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Import untrusted packages</source>
        <translation>导入不受信任的案例包</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Packages whose signer is not trusted here will be imported and marked “unverified”, with your name as the person who accepted them. Go on?</source>
        <translation>签署人在本机构不受信任的案例包将被导入并标记为“未验证”，并记录您为确认接收人。是否继续？</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Looking for packages…</source>
        <translation>正在查找案例包…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Importing packages</source>
        <translation>正在导入案例包</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cancelling after the current package…</source>
        <translation>当前案例包完成后即取消…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Checking and importing %1 of %2: %3</source>
        <translation>正在核验并导入第 %1 个（共 %2 个）：%3</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 imported, %2 skipped (already here), %3 refused</source>
        <translation>已导入 %1 个，跳过 %2 个（已存在），拒绝 %3 个</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelled after %1 of %2 packages (%3); the other %4 were not touched.</source>
        <translation>已在处理 %1 个案例包（共 %2 个）后取消（%3）；其余 %4 个未做任何处理。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No package files (.cityeval) were found in what you chose.</source>
        <translation>所选内容中没有找到案例包文件（.cityeval）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 packages: %2</source>
        <translation>共 %1 个案例包：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refused packages were copied to the quarantine folder; the ledger says why.</source>
        <translation>被拒绝的案例包已复制到隔离文件夹，原因见导入台账。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Nothing was imported: %1</source>
        <translation>未导入任何内容：%1</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>%1 of %2 entries</source>
        <translation>显示 %1 条，共 %2 条</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Quarantine folder</source>
        <translation>隔离文件夹</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No package has been refused yet: the folder is empty.</source>
        <translation>尚无被拒绝的案例包，隔离文件夹为空。</translation>
    </message>
</context>
<context>
    <name>ImportResultModel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/widgets/package_models.py" line="+36"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>案例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signer</source>
        <translation>签署人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trusted</source>
        <translation>受信任</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>IndicatorEditor</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/indicator_editor.py" line="+98"/>
        <location line="+7"/>
        <source>Answer</source>
        <translation>作答</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Clear answer</source>
        <translation>清除作答</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Not applicable (N/A) — a written reason is required</source>
        <translation>不适用 — 须填写理由</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The framework&apos;s ground for N/A</source>
        <translation>评估框架规定的不适用依据</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Why does this indicator not apply to this entity?</source>
        <translation>该指标为何不适用于本经营主体？</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Assessor&apos;s note (saved automatically)</source>
        <translation>评估人员备注（自动保存）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify…</source>
        <translation>核验…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record how the selected files (none selected: all of the indicator&apos;s evidence) were verified</source>
        <translation>记录所选文件的核验情况（未选文件时为该指标全部证据）</translation>
    </message>
    <message>
        <location line="-26"/>
        <location line="+63"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="-71"/>
        <source>Why the indicator does not apply</source>
        <translation>不适用理由</translation>
    </message>
    <message>
        <location line="+116"/>
        <source>evidence required</source>
        <translation>需提供证据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>To improve: %1</source>
        <translation>改进建议：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The framework does not allow N/A here</source>
        <translation>评估框架不允许该指标标记为不适用</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Threshold for this tier: %1 %2. Bands: %3</source>
        <translation>本层级阈值：%1 %2。分档：%3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bands: %1</source>
        <translation>分档：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Target: %1 %2 (full points at or above it)</source>
        <translation>目标值：%1 %2（达到或超过即得满分）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Count the occurrences of each severity (0 if none); the points come off down to 0.</source>
        <translation>按严重程度分别填写次数（没有填 0），扣完为止。</translation>
    </message>
    <message>
        <location line="+172"/>
        <source>(kind not given)</source>
        <translation>（未注明类型）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kind of %1</source>
        <translation>%1 的证据类型</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Kinds: %1.</source>
        <translation>证据类型：%1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At least one file is required before finalizing.</source>
        <translation>定稿前须至少提供一个文件。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Drop files here or use Add files.</source>
        <translation>可将文件拖放到此处，或点击“添加文件”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All of the evidence: %1</source>
        <translation>该指标全部证据：%1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The date the file proves, YYYY-MM-DD; optional</source>
        <translation>文件所证明的日期，格式 YYYY-MM-DD，可不填</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Date %1 proves</source>
        <translation>%1 的证明日期</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Enter a number.</source>
        <translation>请输入数字。</translation>
    </message>
    <message>
        <location line="+177"/>
        <source>Write the reason, then press Enter: N/A is saved with its reason.</source>
        <translation>请填写理由后按回车键：“不适用”将连同理由一并保存。</translation>
    </message>
    <message>
        <location line="-130"/>
        <location line="+173"/>
        <source>N/A needs a written reason.</source>
        <translation>选择“不适用”须填写理由。</translation>
    </message>
    <message>
        <location line="-518"/>
        <source>%1 per item, up to %2 (enter a whole number)</source>
        <translation>每项 %1，最高 %2（请输入整数）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 off per occurrence (enter a whole number; 0 if none)</source>
        <translation>每出现一次扣 %1（请输入整数；没有则填 0）</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 off each; any raises veto %2</source>
        <translation>每次扣 %1；出现即触发否决项 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 off each</source>
        <translation>每次扣 %1</translation>
    </message>
    <message>
        <location line="+173"/>
        <source>%1 file proves a date outside the review window %2 to %3; check it before finalizing.</source>
        <translation>%1 个文件的证明日期不在考察期 %2 至 %3 内，定稿前请核实。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 files prove a date outside the review window %2 to %3; check them before finalizing.</source>
        <translation>%1 个文件的证明日期不在考察期 %2 至 %3 内，定稿前请核实。</translation>
    </message>
    <message>
        <location line="+339"/>
        <source>Add evidence files</source>
        <translation>添加证据文件</translation>
    </message>
</context>
<context>
    <name>IndicatorTree</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/indicator_tree.py" line="+38"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Answered</source>
        <translation>已作答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not answered yet</source>
        <translation>尚未作答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered, but required evidence is missing</source>
        <translation>已作答，但缺少必需的证据</translation>
    </message>
</context>
<context>
    <name>InspectionDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/case_data_dialogs.py" line="+34"/>
        <source>Add an on-site inspection record</source>
        <translation>添加现场核查记录</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>one person per line</source>
        <translation>每行一人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>what was checked on site</source>
        <translation>现场核查了哪些内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>what was found</source>
        <translation>核查发现的情况</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>optional: one project per line</source>
        <translation>选填：每行一个项目</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>optional: one person per line</source>
        <translation>选填：每行一人</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add &amp;files…</source>
        <translation>添加附件(&amp;F)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove file</source>
        <translation>移除附件</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>&amp;Date</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Place</source>
        <translation>地点(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partici&amp;pants</source>
        <translation>参加人员(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Checked</source>
        <translation>核查内容(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F&amp;indings</source>
        <translation>核查结论(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sampled pro&amp;jects</source>
        <translation>抽查项目(&amp;J)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sampled s&amp;taff</source>
        <translation>抽查人员(&amp;T)</translation>
    </message>
    <message>
        <location line="-21"/>
        <location line="+22"/>
        <location line="+85"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>Attach files to the inspection record</source>
        <translation>为现场核查记录添加附件</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Type where the inspection took place.</source>
        <translation>请填写核查地点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name at least one participant.</source>
        <translation>请至少填写一名参加人员。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Describe what was checked.</source>
        <translation>请填写核查内容。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Describe the findings.</source>
        <translation>请填写核查结论。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>At most %1 lines.</source>
        <translation>最多 %1 行。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Participants</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checked</source>
        <translation>核查内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Findings</source>
        <translation>核查结论</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sampled projects</source>
        <translation>抽查项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sampled staff</source>
        <translation>抽查人员</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/widgets/package_models.py" line="+58"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>案例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signer</source>
        <translation>签署人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trusted</source>
        <translation>受信任</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../cityeval_desktop/ui/main_window.py" line="+102"/>
        <source>CityEval Desktop — City digital-transformation entity assessment</source>
        <extracomment>why Publish disclosure… did not open for a region searched by name (the last such message)</extracomment>
        <translation>CityEval Desktop — 城市全域数字化转型经营主体评估工作台</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> — read-only (the database file or its disk cannot be written)</source>
        <translation> — 只读（数据库文件或其所在磁盘不可写）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> — read-only (another workbench is using the database)</source>
        <translation> — 只读（另一个工作台正在使用该数据库）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Pages</source>
        <translation>页面导航</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cases</source>
        <translation>案例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frameworks</source>
        <translation>评估框架</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identities &amp; trust</source>
        <translation>证书与信任</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database</source>
        <translation>数据库维护</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import packages</source>
        <translation>导入案例包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regional view</source>
        <translation>区域视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Objections</source>
        <translation>异议</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New case…</source>
        <translation>新建案例(&amp;N)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Guided &amp;self-check (new self-assessment)…</source>
        <translation>引导式自评（新建自评）(&amp;S)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>E&amp;xport case list to Excel…</source>
        <translation>导出案例列表到 Excel(&amp;X)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Import case packages…</source>
        <translation>导入案例包(&amp;I)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Verify a case package…</source>
        <translation>核验案例包(&amp;V)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+119"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="-118"/>
        <location line="+119"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="-115"/>
        <source>&amp;Case</source>
        <translation>案例(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Next indicator</source>
        <translation>下一指标(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Previous indicator</source>
        <translation>上一指标(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next &amp;unanswered</source>
        <translation>下一未答指标(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Close case</source>
        <translation>关闭案例(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Delete draft…</source>
        <translation>删除草稿(&amp;D)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Finalize and sign…</source>
        <translation>定稿并签署(&amp;F)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;PDF report…</source>
        <translation>PDF 报告(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Excel workbook…</source>
        <translation>Excel 工作簿(&amp;E)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unsigned report c&amp;opy in the other language…</source>
        <translation>另一语言的未签名报告副本(&amp;O)…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export &amp;package…</source>
        <translation>导出案例包(&amp;P)…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Export checklist &amp;workbook…</source>
        <translation>导出检查清单工作簿(&amp;W)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Apply filled checklist or answers file…</source>
        <translation>导入已填写的清单或答案文件(&amp;A)…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cases</source>
        <translation>案例(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Frameworks</source>
        <translation>评估框架(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Identities and trust</source>
        <translation>证书与信任(&amp;I)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Database maintenance</source>
        <translation>数据库维护(&amp;D)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;gional view</source>
        <translation>区域视图(&amp;G)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Objections</source>
        <translation>异议(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Reload</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User guide</source>
        <translation>使用指南(&amp;U)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>&amp;Undo %1</source>
        <translation>撤销%1(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo %1</source>
        <translation>重做%1(&amp;R)</translation>
    </message>
    <message>
        <location line="+160"/>
        <source>The region search “%1” shows %2 regions (%3). A disclosure publishes one region or every region: choose the region in the list, or click it in the figures; clear the search to publish every region.</source>
        <translation>按名称搜索的区域“%1”显示了 %2 个区域（%3）。一份公示只发布一个区域或全部区域：请在列表中选择该区域，或在统计表中点击它；清除搜索即发布全部区域。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The region search “%1” shows no region, so there is nothing of it to publish: choose a region in the list, or clear the search to publish every region.</source>
        <translation>按名称搜索的区域“%1”没有显示任何区域，没有可公示的结果：请在列表中选择一个区域，或清除搜索以发布全部区域。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Publish disclosure</source>
        <translation>发布评估结果公示</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>About CityEval Desktop</source>
        <translation>关于 CityEval Desktop</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CityEval Desktop %1
City-wide digital transformation market entity assessment workbench.
Data folder: %2</source>
        <translation>CityEval Desktop %1
城市全域数字化转型经营主体评估工作台。
数据文件夹：%2</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/case_data_dialogs.py" line="-328"/>
        <source>Add a team member</source>
        <translation>添加评审组成员</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>optional: certificate or expert-pool number</source>
        <translation>选填：资格证书或专家库编号</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Role</source>
        <translation>角色(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Organisation</source>
        <translation>单位(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Qualification</source>
        <translation>资格编号(&amp;Q)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Type the member&apos;s name.</source>
        <translation>请填写成员姓名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is already on the team.</source>
        <translation>评审组中已有 %1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The team already has a lead assessor (%1); a team has one lead.</source>
        <translation>评审组已有组长（%1）；一个评审组只有一名组长。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type the member&apos;s organisation.</source>
        <translation>请填写成员所在单位。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qualification</source>
        <translation>资格编号</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/new_case.py" line="+61"/>
        <source>New case</source>
        <translation>新建案例</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Registered name of the entity</source>
        <translation>经营主体的登记名称</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>18 characters, e.g. 91350100M000100Y43</source>
        <translation>18 位，例如 91350100M000100Y43</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>6-digit region code (GB/T 2260)</source>
        <translation>6 位行政区划代码（GB/T 2260）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Entity name</source>
        <translation>经营主体名称</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Region code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+258"/>
        <source>Framework</source>
        <translation>评估框架</translation>
    </message>
    <message>
        <location line="-256"/>
        <location line="+257"/>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="-256"/>
        <location line="+257"/>
        <source>Mode</source>
        <translation>评估方式</translation>
    </message>
    <message>
        <location line="-256"/>
        <location line="+257"/>
        <source>Assessor</source>
        <translation>评估人员</translation>
    </message>
    <message>
        <location line="-253"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Not offered, as they cannot be loaded: %1. The Frameworks page says why.</source>
        <translation>以下框架文件无法加载，未列出：%1。原因见“评估框架”页。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Enter the 18-character code; it is checked as you type.</source>
        <translation>请输入 18 位代码，输入时即时校验。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Valid code %1. Registered in %2.</source>
        <translation>代码有效：%1，登记地 %2。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Empty: the registration region %1 of the code is used.</source>
        <translation>留空则使用代码中的登记地 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Empty: the registration region of the code is used.</source>
        <translation>留空则使用代码中的登记地。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Region %1.</source>
        <translation>行政区划：%1。</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>An open case exists</source>
        <translation>已有未定稿的案例</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2) already has an open draft case with this framework.</source>
        <translation>%1（%2）在此评估体系下已有 1 个未定稿的草稿案例。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2) already has %3 open draft cases with this framework.</source>
        <translation>%1（%2）在此评估体系下已有 %3 个未定稿的草稿案例。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open the newest one to go on with it, or create a new case if this is a separate assessment.</source>
        <translation>可打开最新的一个继续评估；如确属另一次评估，可仍然新建案例。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open the existing case</source>
        <translation>打开已有案例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create a new case anyway</source>
        <translation>仍然新建案例</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>• %1, revision %2, created %3</source>
        <translation>• %1，修订 %2，创建于 %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>, assessor %1</source>
        <translation>，评估人 %1</translation>
    </message>
</context>
<context>
    <name>NewIdentityDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/new_identity.py" line="+52"/>
        <source>New signing identity</source>
        <translation>新建签名身份</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Creates a private key and a self-signed certificate in a password-protected file. Keep the file and its password safe: whoever has both can sign in your name.</source>
        <translation>在受密码保护的文件中生成私钥和自签名证书。请妥善保管文件和密码：同时拥有二者的人可以用您的名义签名。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Your name, e.g. 张三</source>
        <translation>您的姓名，如：张三</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Assessment organisation (optional)</source>
        <translation>评估机构（可不填）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Of the organisation (optional), 18 characters</source>
        <translation>单位的代码（可选），18 位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Written into the certificate: the organisation&apos;s own self-checks are matched to it by code</source>
        <translation>写入证书：本单位的自评按代码与证书匹配</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>At least %1 characters</source>
        <translation>至少 %1 个字符</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeat the password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location line="-12"/>
        <location line="+13"/>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>identity</source>
        <translation>身份</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save identity as</source>
        <translation>身份文件另存为</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PKCS#12 identity (*.p12)</source>
        <translation>PKCS#12 身份文件 (*.p12)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Type your name (it appears in the certificate and in every signature).</source>
        <translation>请输入姓名（将出现在证书和每个签名中）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A unified social credit code belongs to an organisation: type the organisation too.</source>
        <translation>统一社会信用代码是单位的代码：请同时填写单位名称。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The unified social credit code is not valid. %1</source>
        <translation>统一社会信用代码有误：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a password for the file.</source>
        <translation>请为身份文件设置密码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The password needs at least %1 characters (it has %2): it alone protects your signing key.</source>
        <translation>密码至少需要 %1 个字符（现在 %2 个）：签名私钥只靠它保护。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type the password again to confirm it.</source>
        <translation>请再次输入密码以确认。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose where to save the identity file.</source>
        <translation>请选择身份文件的保存位置。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 already exists; choose another name (an identity is never overwritten).</source>
        <translation>%1 已存在；请换一个文件名（身份文件从不覆盖）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The folder %1 does not exist; choose another place.</source>
        <translation>文件夹 %1 不存在；请选择其他位置。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Creating the identity</source>
        <translation>正在创建身份</translation>
    </message>
</context>
<context>
    <name>ObjectionForms</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/objection.py" line="-298"/>
        <source>Grounds</source>
        <translation>异议理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Objected by</source>
        <translation>提出人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for the decision</source>
        <translation>决定理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files handed in</source>
        <translation>所附材料</translation>
    </message>
</context>
<context>
    <name>ObjectionTableModel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/objections_page.py" line="+87"/>
        <source>Number</source>
        <translation>异议编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entity</source>
        <translation>经营主体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>案例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Objected by</source>
        <translation>提出人</translation>
    </message>
</context>
<context>
    <name>ObjectionsPage</name>
    <message>
        <location line="-16"/>
        <source>not named</source>
        <translation>未署名</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Objections to published results. Record each one as it is handed in, take it under review and decide it with the reason. An upheld objection withdraws the result it was made against from the regional view and the public disclosure until an amended revision is there.</source>
        <translation>对已公示评估结果的异议。收到异议即登记，再进入复核，最后写明理由作出决定。异议成立的评估结果将从区域视图和公示中撤下，直至出现修订后的新版本。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Record objection…</source>
        <translation>登记异议(&amp;R)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start re&amp;view</source>
        <translation>开始复核(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Decide…</source>
        <translation>作出决定(&amp;D)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open only</source>
        <translation>仅显示未决定的(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the objections not decided yet</source>
        <translation>只列出尚未作出决定的异议</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This window is read-only: objections can be looked at here, not recorded or decided.</source>
        <translation>本窗口为只读：可以查看异议，但不能登记或作出决定。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Objections</source>
        <translation>异议列表</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Open &amp;case</source>
        <translation>打开案例(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the result objected to (read-only)</source>
        <translation>打开异议所针对的评估结果（只读）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Grounds of the objection</source>
        <translation>异议理由</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>History of the objection</source>
        <translation>异议处理记录</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Files handed in</source>
        <translation>所附材料</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>O&amp;pen file</source>
        <translation>打开文件(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save a copy…</source>
        <translation>另存副本(&amp;S)…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Grounds</source>
        <translation>异议理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files</source>
        <translation>附件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 open objection</source>
        <translation>%1 项未决定的异议</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 open objections</source>
        <translation>%1 项未决定的异议</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 objection</source>
        <translation>共 %1 项异议</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 objections</source>
        <translation>共 %1 项异议</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No objection selected.</source>
        <translation>未选择异议。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No objections recorded.</source>
        <translation>尚未登记任何异议。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1  received from %2, recorded by %3</source>
        <translation>%1  受理，提出人：%2，登记人：%3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1  review started by %2</source>
        <translation>%1  开始复核，操作人：%2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1  decided by %2: %3</source>
        <translation>%1  作出决定：%3，决定人：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reason: %1</source>
        <translation>理由：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+93"/>
        <source>The result %1 is withdrawn from the regional view and the public disclosure until an amended revision is there.</source>
        <translation>评估结果 %1 已从区域视图和公示中撤下，直至出现修订后的新版本。</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>An amended revision is here: %1. It takes the withdrawn result&apos;s place in the regional view and the disclosure, by the usual counting rule.</source>
        <translation>已有修订后的版本：%1。它按通常的计入规则取代被撤回的结果，进入区域视图和公示。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Objection %1 recorded against %2 (%3).</source>
        <translation>已登记异议 %1，针对 %2（%3）。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Review not started</source>
        <translation>未能开始复核</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Objection %1 is under review.</source>
        <translation>异议 %1 已进入复核。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Objection %1 decided: %2.</source>
        <translation>异议 %1 已作出决定：%2。</translation>
    </message>
    <message>
        <location line="+34"/>
        <location line="+5"/>
        <source>File not opened</source>
        <translation>未能打开文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No program is set up to open %1. A copy is at:
%2</source>
        <translation>没有设置用于打开 %1 的程序。副本位于：
%2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Save a copy</source>
        <translation>另存副本</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Copy not saved</source>
        <translation>副本未保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved a copy of %1 to %2</source>
        <translation>已将 %1 的副本保存到 %2</translation>
    </message>
</context>
<context>
    <name>PackageTables</name>
    <message>
        <location filename="../../cityeval_desktop/ui/widgets/package_models.py" line="-127"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>not checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not checked: an earlier check failed</source>
        <translation>未检查：前面的检查未通过</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>%1 — unverified</source>
        <translation>%1 — 未验证</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+74"/>
        <source>Certificate fingerprint (SHA-256): %1</source>
        <translation>证书指纹（SHA-256）：%1</translation>
    </message>
    <message>
        <location line="-70"/>
        <location line="+62"/>
        <source>Copied to the quarantine folder: %1</source>
        <translation>已复制到隔离文件夹：%1</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>revision %1</source>
        <translation>修订 %1</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/password.py" line="+44"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat the password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Type the password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type the password again to confirm it.</source>
        <translation>请再次输入密码以确认。</translation>
    </message>
</context>
<context>
    <name>ProblemsDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/problems.py" line="+34"/>
        <source>Copy the list</source>
        <translation>复制列表</translation>
    </message>
</context>
<context>
    <name>RadarChart</name>
    <message>
        <location filename="../../cityeval_desktop/ui/widgets/charts.py" line="-97"/>
        <source>Dimension scores, radar</source>
        <translation>维度得分雷达图</translation>
    </message>
</context>
<context>
    <name>RecordObjectionDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/objection.py" line="+47"/>
        <source>Record objection</source>
        <translation>登记异议</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Record an objection to one finalized third-party result: name the result by its case reference (uuid@revision) or by the entity&apos;s USCC, write the grounds as handed in, and add the files that came with it. The objection is received at once and gets its number.</source>
        <translation>对一项已定稿的第三方评估结果登记异议：用案例编号（编号@修订号）或经营主体的统一社会信用代码指明该结果，照实填写异议理由，并添加随附的材料。登记后即为已受理，并获得异议编号。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Result objected to</source>
        <translation>异议针对的评估结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case reference (uuid@revision) or USCC</source>
        <translation>案例编号（编号@修订号）或统一社会信用代码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grounds</source>
        <translation>异议理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The grounds of the objection, as handed in (required)</source>
        <translation>异议理由，照提交的内容填写（必填）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Objected by</source>
        <translation>提出人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the person or organisation (left empty: not named)</source>
        <translation>提出异议的个人或单位名称（不填则记为未署名）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Files handed in</source>
        <translation>所附材料</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Add files…</source>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;move file</source>
        <translation>移除文件(&amp;M)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Result</source>
        <translation>评估结果(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Grounds</source>
        <translation>异议理由(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Objected &amp;by</source>
        <translation>提出人(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files</source>
        <translation>附件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Record</source>
        <translation>登记</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Files handed in with the objection</source>
        <translation>随异议提交的材料</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Name the result objected to: its case reference or the entity&apos;s USCC.</source>
        <translation>请指明异议针对的评估结果：填写案例编号或经营主体的统一社会信用代码。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write the grounds of the objection: they are required.</source>
        <translation>请填写异议理由：理由为必填项。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Recording the objection</source>
        <translation>正在登记异议</translation>
    </message>
</context>
<context>
    <name>RegionModels</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/region_models.py" line="+235"/>
        <location line="+161"/>
        <source>Entity</source>
        <translation>经营主体</translation>
    </message>
    <message>
        <location line="-160"/>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered in</source>
        <translation>注册地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service region</source>
        <translation>服务区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+320"/>
        <location line="+81"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="-400"/>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latest grade</source>
        <translation>最新等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mode</source>
        <translation>评估方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessor organisation</source>
        <translation>评估机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalized</source>
        <translation>定稿日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trust</source>
        <translation>信任</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Self-check (not counted)</source>
        <translation>自评（不计入）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Untrusted (counted)</source>
        <translation>不受信任（已计入）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Untrusted (not counted)</source>
        <translation>不受信任（未计入）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trusted</source>
        <translation>受信任</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>A self-check: shown beside the third-party results, never counted in any figure</source>
        <translation>自评：显示在第三方评估结果旁，从不计入任何统计</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Imported from a package whose signer is not trusted here: left out of the figures unless “Include untrusted” is on</source>
        <translation>从签名者在本机不受信任的案例包导入：除非勾选“计入不受信任的结果”，否则不计入统计</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Expires within %1 days of the as-of date</source>
        <translation>自统计日起 %1 天内到期</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>excluded at this tier</source>
        <translation>该级别不适用</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+81"/>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>Entities</source>
        <translation>主体数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grades</source>
        <translation>等级分布</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean</source>
        <translation>平均分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vetoed</source>
        <translation>否决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expiring ≤ 90 days</source>
        <translation>90 天内到期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Untrusted left out</source>
        <translation>未计入（不受信任）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Self-checks (apart)</source>
        <translation>自评数（单列）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Self-check mean</source>
        <translation>自评平均分</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Click (or press Enter) to show this region&apos;s entities</source>
        <translation>单击（或按回车键）显示该区域的经营主体</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Self-checks are shown apart and never counted in the figures</source>
        <translation>自评单独显示，从不计入统计</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regional mean</source>
        <translation>区域平均分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>National mean</source>
        <translation>全库平均分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weak point</source>
        <translation>短板</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Weak point %1: below the national mean (the largest gap first)</source>
        <translation>短板 %1：低于全库平均分（差距大者在前）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Weak point %1</source>
        <translation>短板 %1</translation>
    </message>
</context>
<context>
    <name>RegionPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/region_page.py" line="+153"/>
        <source>All categories</source>
        <extracomment>how long the page waits after a filter change before it asks the service (typing a date fires per digit)</extracomment>
        <translation>全部类别</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All tiers</source>
        <translation>全部层级</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Registration region</source>
        <translation>注册地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service region</source>
        <translation>服务区域</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Include untrusted results</source>
        <translation>计入不受信任的结果</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Count results whose signer is not trusted here too (they are marked in the table)</source>
        <translation>签名者在本机不受信任的结果也计入统计（表中另有标记）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cate&amp;gory:</source>
        <translation>类别(&amp;G)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tier:</source>
        <translation>层级(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Group &amp;by:</source>
        <translation>区域口径(&amp;B)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;As of:</source>
        <translation>统计日(&amp;A)：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>All regions</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A region code (a province or city includes its parts) or words of its name</source>
        <translation>行政区划代码（省、市代码包含其下属区划）或区域名称中的文字</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Region code or name…</source>
        <translation>区划代码或名称…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search entities</source>
        <translation>搜索经营主体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search entity name or unified social credit code…</source>
        <translation>搜索主体名称或统一社会信用代码…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show self-checks beside</source>
        <translation>在旁显示自评</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>List the latest valid self-checks too, marked; they are never counted in any figure</source>
        <translation>同时列出最新的有效自评并加以标记；自评从不计入任何统计</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show all regions</source>
        <translation>显示全部区域</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Region:</source>
        <translation>区域(&amp;R)：</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Entities</source>
        <translation>经营主体</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Figures per region and category</source>
        <translation>按区域和类别的统计</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dimension means against the national mean</source>
        <translation>各维度平均分与全库平均分对比</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grade distribution per category</source>
        <translation>各类别等级分布</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Heatmap of dimension scores</source>
        <translation>维度得分热力图</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Figures</source>
        <translation>统计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per region</source>
        <translation>按区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dimension means and weak points</source>
        <translation>维度平均分与短板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade distribution</source>
        <translation>等级分布</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the case read-only with its report and evidence (Enter)</source>
        <translation>以只读方式打开案例及其报告和证据（回车键）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare with &amp;self-check…</source>
        <translation>比对自评(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The entity&apos;s own self-check beside this result, per dimension</source>
        <translation>按维度将该主体的自评与此结果并列比对</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record &amp;objection…</source>
        <translation>登记异议(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Publish disclosure…</source>
        <translation>发布公示(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Publish the figures shown here</source>
        <translation>发布此处显示的统计结果</translation>
    </message>
    <message>
        <location line="+52"/>
        <location line="+21"/>
        <location line="+72"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location line="-71"/>
        <source>Reading the regional figures</source>
        <translation>正在读取区域统计</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The figures could not be read</source>
        <translation>无法读取统计结果</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>No counted result to show.</source>
        <translation>没有可显示的计入结果。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dimension scores of %1 (choose another category in the filter above to see it)</source>
        <translation>%1的维度得分（在上方筛选中选择其他类别即可查看）</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>%1 of %2 rows shown · %3 results counted</source>
        <extracomment>the entity table&apos;s columns that give up width when the table is wider than the window (their full text is in the tooltip), and how narrow each may get: the first six first (their headers kept whole)</extracomment>
        <translation>显示 %1 / %2 行 · 计入 %3 个结果</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> · %1 withdrawn after an upheld objection</source>
        <translation> · %1 项结果因异议成立已撤下</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The database is read-only here: no objection can be recorded</source>
        <translation>此处数据库为只读：不能登记异议</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record an objection to this third-party result</source>
        <translation>对该第三方评估结果登记异议</translation>
    </message>
</context>
<context>
    <name>RevisionsDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/revisions_panel.py" line="+71"/>
        <source>Revision</source>
        <translation>修订号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>建立时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalized</source>
        <translation>定稿时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed by</source>
        <translation>签署人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for the amendment</source>
        <translation>修订理由</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Open selected revision</source>
        <translation>打开所选版本(&amp;O)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>with</source>
        <translation>与</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Revisions — %1</source>
        <translation>修订记录 — %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every revision of this case is kept. Finalized revisions are read-only; an amendment starts a new draft revision. Select one to open it, or compare two below.</source>
        <translation>本案例的每个修订版本都会保留。已定稿的版本只读；修订会新建一个草稿版本。选中一个版本即可打开，也可以在下方比较两个版本。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 (latest)</source>
        <translation>%1（最新）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Certificate fingerprint (SHA-256): %1</source>
        <translation>证书指纹（SHA-256）：%1</translation>
    </message>
    <message>
        <location line="-78"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location line="+121"/>
        <source>revision %1 (%2)</source>
        <translation>第 %1 版（%2）</translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+1"/>
        <source>Revision %1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What changed</source>
        <translation>改动项目</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose two different revisions to see what changed.</source>
        <translation>请选择两个不同的版本，查看改动内容。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two revisions have the same answers, vetoes and evidence.</source>
        <translation>两个版本的作答、否决项判定和证据完全相同。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 and %2 differ.</source>
        <translation>%1、%2有变化。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 indicator</source>
        <translation>%1 个指标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 indicators</source>
        <translation>%1 个指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 veto decision</source>
        <translation>%1 个否决项判定</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 veto decisions</source>
        <translation>%1 个否决项判定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Result</source>
        <translation>评估结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total score</source>
        <translation>总分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Indicators (%1 changed)</source>
        <translation>指标（%1 项有变化）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Press Enter or double-click to show this indicator</source>
        <translation>按回车键或双击，在工作区中显示该指标</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Evidence removed</source>
        <translation>移除的证据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evidence added</source>
        <translation>新增的证据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Veto decisions (%1 changed)</source>
        <translation>否决项判定（%1 项有变化）</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Answer</source>
        <translation>作答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A reason</source>
        <translation>不适用理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 provisional (%2 % complete)</source>
        <translation>暂计 %1（已完成 %2%）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>None: vetoed (%1)</source>
        <translation>无：已否决（%1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not rated yet (the case is incomplete)</source>
        <translation>暂不评定（案例尚未完成）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>excluded</source>
        <translation>不计入</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 points</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Undecided</source>
        <translation>未判定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applies (vetoed)</source>
        <translation>是（否决）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Does not apply</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ScorePanel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/score_panel.py" line="+63"/>
        <source>Veto items</source>
        <translation>否决项</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Largest gaps</source>
        <translation>主要短板</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Completeness</source>
        <translation>完整度</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Not decided</source>
        <translation>未判定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No — does not apply</source>
        <translation>否 — 未触发</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>YES — veto applies</source>
        <translation>是 — 触发否决</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>A running figure: it changes as answers are given. No grade until the case is complete.</source>
        <translation>暂计分数：随作答变化；全部作答并判定否决项后才给出等级。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>VETOED (%1)</source>
        <translation>已否决（%1）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Self-assessment — not a third-party result</source>
        <translation>自评结果 — 非第三方评估结论</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 veto item not decided</source>
        <translation>%1 个否决项未判定</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 veto items not decided</source>
        <translation>%1 个否决项未判定</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Evidence of %1 was verified untrue: decide veto %2 or verify the evidence again</source>
        <translation>指标 %1 的证据核验结论为不属实：请判定否决项 %2，或重新核验该证据</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No indicator is a gap.</source>
        <translation>没有指标列为短板。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All indicators below full marks (%1)</source>
        <translation>全部未得满分的指标（%1 个）</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>Not rated yet · %1 of %2 answered</source>
        <translation>暂不评定 · 已答 %1/%2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 of %2 (%3%)</source>
        <translation>%1 / %2（%3%）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>excluded</source>
        <translation>不计入</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>No points lost.</source>
        <translation>无失分项。</translation>
    </message>
</context>
<context>
    <name>SelfCheckDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/self_check.py" line="+397"/>
        <source>Improvement plan</source>
        <translation>改进计划</translation>
    </message>
    <message>
        <location line="-280"/>
        <source>Guided self-check — %1</source>
        <translation>引导式自评 — %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>← Previous</source>
        <translation>← 上一题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next →</source>
        <translation>下一题 →</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>See improvement plan</source>
        <translation>查看改进计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy plan</source>
        <translation>复制计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+220"/>
        <source>%1 of %2 answered</source>
        <translation>已答 %1 / %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Running score %1 (provisional)</source>
        <translation>暂计得分 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Score %1 · veto applies</source>
        <translation>得分 %1 · 否决项成立</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Score %1 · %2</source>
        <translation>得分 %1 · %2</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>Question %1 of %2</source>
        <translation>第 %1 题，共 %2 题</translation>
    </message>
    <message>
        <location line="-134"/>
        <source>Self-check preview — %1</source>
        <translation>自评问题预览 — %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Preview: this is not a self-assessment draft, so nothing can be answered here. Answers of a third-party case are entered in the workspace.</source>
        <translation>预览：这不是自评草稿，此处不能作答。第三方评估案例请在工作区中录入。</translation>
    </message>
    <message>
        <location line="+270"/>
        <source>Improvement plan (%1 not answered yet)</source>
        <translation>改进计划（尚有 %1 项未作答）</translation>
    </message>
</context>
<context>
    <name>SelfCheckPlan</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/self_check_plan.py" line="+26"/>
        <source>Running score (provisional): %1 — %2 of %3 questions answered</source>
        <extracomment>links in the plan: ``ind:ID`` jumps back to an indicator&apos;s question, ``veto:ID`` to a veto question</extracomment>
        <translation>暂计得分：%1（已答 %2/%3 题）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>, %1 veto question open</source>
        <translation>，还有 %1 个否决问题未答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, %1 veto questions open</source>
        <translation>，还有 %1 个否决问题未答</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>. The grade is given once every question is answered.</source>
        <translation>。全部问题答完后才给出等级。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A veto item applies (%1): there will be no grade.</source>
        <translation>否决项成立（%1）：将不评定等级。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Score %1 — a veto item applies (%2): no grade.</source>
        <translation>得分 %1 — 否决项成立（%2）：不评定等级。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Self-assessment result</source>
        <translation>自评结果</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Current result</source>
        <translation>当前结果</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Improvement plan</source>
        <translation>改进计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not counted</source>
        <translation>不计入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>veto question</source>
        <translation>否决问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not answered yet</source>
        <translation>尚未作答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click a question to answer it. Unanswered questions earn no points yet.</source>
        <translation>点击问题即可返回作答。未作答的问题暂不得分。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where points are lost, largest first</source>
        <translation>失分情况（从多到少）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points lost</source>
        <translation>失分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What to do next</source>
        <translation>下一步怎么做</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No points lost on the questions answered so far.</source>
        <translation>已答问题没有失分。</translation>
    </message>
</context>
<context>
    <name>SelfCheckWording</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/self_check_wording.py" line="+37"/>
        <source>Count each one: %1 or more earn the full points.</source>
        <translation>逐项计数：达到 %1 项及以上可得满分。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter how many there were of each kind, 0 if none.</source>
        <translation>按每种情况分别填写次数，没有填 0。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter how many there were, 0 if none.</source>
        <translation>请填写次数或条数，没有就填 0。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Aim for %1 %2 or more: that earns the most points.</source>
        <translation>争取达到 %1 %2及以上，即可得最高分。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your answer</source>
        <translation>您的回答</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worth %1 of 100 points</source>
        <translation>本题 %1 分（总分 100 分）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> · please attach proof</source>
        <translation> · 请上传证明材料</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This does not apply to us (say why below)</source>
        <translation>本题不适用于我单位（请在下方说明原因）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why does this not apply to your organisation?</source>
        <translation>为什么本题不适用于贵单位？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Anything you want to remember or tell the assessor (saved automatically)</source>
        <translation>想记下或告诉评估人员的内容（自动保存）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your notes (optional)</source>
        <translation>您的备注（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supporting files</source>
        <translation>证明材料</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/settings_page.py" line="+45"/>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+24"/>
        <location line="+96"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>Largest evidence file</source>
        <translation>单个证据文件大小上限</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence file size limit</source>
        <translation>证据文件大小上限</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your profile</source>
        <translation>个人资料</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your name, as on your signing certificate</source>
        <translation>您的姓名，与签名证书上一致</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Assessment organisation</source>
        <translation>评估机构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signing identity offered when finalizing (.p12)</source>
        <translation>定稿时默认使用的签名身份（.p12）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save profile</source>
        <translation>保存个人资料</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default identity</source>
        <translation>默认签名身份</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Default signing identity</source>
        <translation>默认签名身份</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PKCS#12 identity (*.p12 *.pfx)</source>
        <translation>PKCS#12 身份文件 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Saved. New cases name %1 as assessor.</source>
        <translation>已保存。新建案例的评估人为 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved. Without a name, new cases leave the assessor empty.</source>
        <translation>已保存。未填写姓名时，新建案例的评估人留空。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The new data folder is used from the next start. Cases stay in the current folder; copy them with a database backup (Database page) if you move.</source>
        <translation>新的数据文件夹将在下次启动时使用。案例仍保存在当前文件夹中；如需迁移，请先在“数据库维护”页备份数据库后复制过去。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Evidence files larger than %1 MB are refused.</source>
        <translation>大于 %1 MB 的证据文件将被拒绝。</translation>
    </message>
</context>
<context>
    <name>SigningPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/signing_page.py" line="+24"/>
        <source>My identities</source>
        <translation>我的身份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trusted certificates</source>
        <translation>受信任的证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verify a signed PDF</source>
        <translation>验证已签名的 PDF</translation>
    </message>
</context>
<context>
    <name>TeamModel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/case_data_page.py" line="-692"/>
        <source>Name</source>
        <extracomment>the targets of the case data&apos;s finalize problems (the workspace jumps to the part named)</extracomment>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qualification</source>
        <translation>资格编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Declaration</source>
        <translation>回避声明</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>signed · valid</source>
        <translation>已签署 · 有效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>signed · signer not trusted</source>
        <translation>已签署 · 签署人未受信</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>INVALID — sign again</source>
        <translation>无效 — 须重新签署</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not signed</source>
        <translation>未签署</translation>
    </message>
</context>
<context>
    <name>TrustPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/trust_page.py" line="+52"/>
        <source>Signed reports and packages are accepted when their signer&apos;s certificate, or the CA that issued it, is in this list. Add only certificates you received from a source you know.</source>
        <extracomment>the open &quot;a CA of the same name&quot; question (tests answer it with real key presses)</extracomment>
        <translation>签署人的证书或签发该证书的证书机构在此列表中时，签名的报告和案例包才被认可。只添加来源可靠的证书。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Trusted certificates</source>
        <translation>受信任的证书列表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Subject</source>
        <translation>主体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>USCC</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Issued by</source>
        <translation>签发者</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add certificate…</source>
        <translation>添加证书…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a CA or signer certificate, or a trusted CA&apos;s revocation list (.crl)</source>
        <translation>加入证书机构或签署人的证书，或受信任证书机构的吊销列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop trusting the selected certificate (Delete)</source>
        <translation>不再信任所选证书（Delete 键）</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>CA</source>
        <translation>证书机构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Organisation certificate</source>
        <translation>机构证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signer certificate</source>
        <translation>签署人证书</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CA · revocation list no. %1 (%2 revoked)</source>
        <translation>证书机构 · 吊销列表第 %1 号（已吊销 %2 个）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>An organisation&apos;s certificate: unified social credit code %1</source>
        <translation>机构证书：统一社会信用代码 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The trust list is empty: no signature is accepted as trusted yet. Add the agency CA&apos;s certificate.</source>
        <translation>信任列表为空：目前没有任何签名会被认可为可信。请添加主管部门证书机构的证书。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Trust a certificate</source>
        <translation>信任证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate or revocation list (*.pem *.crt *.cer *.crl);;All files (*)</source>
        <translation>证书或吊销列表 (*.pem *.crt *.cer *.crl);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not added: a CA of the same name is trusted already.</source>
        <translation>未加入：信任列表中已有同名的证书机构。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not added to the trust list</source>
        <translation>未加入信任列表</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This revocation list of %1 is in the trust list already.</source>
        <translation>%1 的这份吊销列表已在信任列表中。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revocation list of %1 added (no. %2, %3 revoked).</source>
        <translation>已加入 %1 的吊销列表（第 %2 号，已吊销 %3 个）。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>A CA of the same name is trusted already</source>
        <translation>已信任同名的证书机构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The trust list already holds a CA of this name with another key: %1.</source>
        <translation>信任列表中已有同名但密钥不同的证书机构：%1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CAs of one name cannot be told apart by it: packages and reports signed under a namesake CA are refused as forged. Add this certificate only if you know the CA changed its key, or there really is a second CA of that name, and remove the old one when it is no longer used.</source>
        <translation>同名的证书机构无法凭名称区分：以同名机构名义签发的案例包和报告会被当作伪造而拒绝。只有确知该机构更换了密钥，或确实另有一家同名机构时，才加入此证书；旧证书不再使用时，请将其移出信任列表。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Add anyway</source>
        <translation>仍然加入(&amp;A)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Its revocation lists were removed too (%1).</source>
        <translation>其吊销列表也已一并移除（%1 份）。</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>Trusted: %1.</source>
        <translation>已信任：%1。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Remove from the trust list</source>
        <translation>从信任列表中移除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop trusting %1 (fingerprint %2)? Reports and packages signed with it, or with certificates it issued, will show as not trusted.</source>
        <translation>不再信任 %1（指纹 %2）？用它或它签发的证书签名的报告和案例包将显示为不可信。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Certificate not removed</source>
        <translation>证书未移除</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No longer trusted: %1.</source>
        <translation>已不再信任：%1。</translation>
    </message>
</context>
<context>
    <name>VerificationDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/verification_dialog.py" line="+32"/>
        <source>Verify the evidence of %1</source>
        <translation>核验指标 %1 的证据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All of the evidence of %1</source>
        <translation>指标 %1 的全部证据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 selected file</source>
        <translation>所选的 %1 个文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 selected files</source>
        <translation>所选的 %1 个文件</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Who verified it</source>
        <translation>核验人姓名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A date (2026-11-30) or a time with its time zone</source>
        <translation>日期（如 2026-11-30）或带时区的时间</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Method</source>
        <translation>核验方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conclusion</source>
        <translation>核验结论</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified by</source>
        <translation>核验人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified on</source>
        <translation>核验日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>VerifyPackageDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/verify_package.py" line="+64"/>
        <source>Verify a case package</source>
        <translation>核验案例包</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check a case package before relying on it: its structure and checksums, its signature, whether the signer is trusted here, the audit trail, the signed report and the result. Nothing is imported or changed. You can also drop a package on this window.</source>
        <translation>在采信案例包之前先核验：包结构与校验值、签名、签署人在本机构是否受信任、审计链、已签署报告和评估结果。不会导入或改动任何内容。也可以把案例包拖放到此窗口。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Package file (.cityeval)</source>
        <translation>案例包文件（.cityeval）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+7"/>
        <location line="+4"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Verify</source>
        <translation>核验</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Optional: a certificate to trust for this check (.pem)</source>
        <translation>可选：本次核验额外信任的证书（.pem）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Agency identity (.p12), for encrypted packages only</source>
        <translation>主管部门身份（.p12），仅用于加密的案例包</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Password of the agency identity</source>
        <translation>主管部门身份的密码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Package</source>
        <translation>案例包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also trust</source>
        <translation>额外信任</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+68"/>
        <source>Agency identity</source>
        <translation>主管部门身份</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Checks of the package</source>
        <translation>案例包核验项</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Case package</source>
        <translation>案例包</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Case package (%1)</source>
        <translation>案例包 (%1)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Certificate to trust</source>
        <translation>要信任的证书</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Certificate (*.pem *.crt *.cer)</source>
        <translation>证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Choose a package file first.</source>
        <translation>请先选择案例包文件。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Verifying…</source>
        <translation>正在核验…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verifying the package</source>
        <translation>正在核验案例包</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not verified: the package could not be checked</source>
        <translation>未核验：无法检查该案例包</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>✔ Valid: every check passed and the signer is trusted here</source>
        <translation>✔ 有效：全部检查通过，签署人在本机构受信任</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⚠ Every check passed, but the signer is not trusted here: an import would be unverified</source>
        <translation>⚠ 全部检查通过，但签署人在本机构不受信任：导入后将标记为未验证</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>✘ Not valid: %1 of %2 checks failed</source>
        <translation>✘ 无效：%2 项检查中有 %1 项未通过</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Signer</source>
        <translation>签署人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate fingerprint</source>
        <translation>证书指纹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signed at</source>
        <translation>签署时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, revision %2</source>
        <translation>%1，修订 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case</source>
        <translation>案例</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Entity</source>
        <translation>主体</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1, %2 points</source>
        <translation>%1，%2 分</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 file, %2</source>
        <translation>%1 个文件，%2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 files, %2</source>
        <translation>%1 个文件，%2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>SHA-256 of the file</source>
        <translation>文件的 SHA-256</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note</source>
        <translation>注意</translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/verify_page.py" line="+48"/>
        <source>Check a signed report: whether it is unchanged since signing, whether the signature is valid and whether the signer is trusted here. You can also drop a PDF file on this page.</source>
        <extracomment>the checks of a result certificate (services/certificates.py), None for any other PDF</extracomment>
        <translation>检查已签名的报告：签署后是否被改动、签名是否有效、签署人在本机是否可信。也可以把 PDF 文件拖放到本页。</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+1"/>
        <source>PDF file to verify</source>
        <translation>要验证的 PDF 文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify</source>
        <translation>验证</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Verification result</source>
        <translation>验证结果</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Signed PDF report</source>
        <translation>已签名的 PDF 报告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Choose a PDF file first.</source>
        <translation>请先选择 PDF 文件。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Verifying…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verifying the signature</source>
        <translation>正在验证签名</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Not verified: the file could not be checked</source>
        <translation>未能验证：无法检查该文件</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not signed: this PDF carries no digital signature</source>
        <translation>未签名：该 PDF 没有数字签名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only a signed report proves who issued it and that it is unchanged.</source>
        <translation>只有已签名的报告才能证明由谁出具、且未被改动。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>✘ Not valid: the certificate&apos;s facts do not match its QR code or the case</source>
        <translation>✘ 无效：证书内容与其二维码或案例不一致</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>✔ Valid: unchanged since signing, signed by a trusted signer</source>
        <translation>✔ 有效：签署后未被改动，签署人可信</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>✘ Not accepted: the signer&apos;s certificate had been revoked when this was signed</source>
        <translation>✘ 不予接受：签署时签署人的证书已被吊销</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⚠ Signature intact, but the signer is not trusted here</source>
        <translation>⚠ 签名完好，但签署人在本机不受信任</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✘ Not valid: the file was changed or the signature is broken</source>
        <translation>✘ 无效：文件已被改动或签名已损坏</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Certificate number</source>
        <translation>证书编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QR code</source>
        <translation>二维码内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Facts and hash</source>
        <translation>内容与校验码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>match</source>
        <translation>一致</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>do not match</source>
        <translation>不一致</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <source>Case check</source>
        <translation>案例核对</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>differs from the case</source>
        <translation>与案例不一致</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Result certificate</source>
        <translation>结果证书</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Signer</source>
        <translation>签署人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed at</source>
        <translation>签署时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate fingerprint</source>
        <translation>证书指纹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>changed after signing</source>
        <translation>签署后已被改动</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Trust</source>
        <translation>信任</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trusted (in the trust list)</source>
        <translation>可信（在信任列表中）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not in the trust list</source>
        <translation>不在信任列表中</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Revocation</source>
        <translation>吊销</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>revoked before it was signed</source>
        <translation>签署前已被吊销</translation>
    </message>
    <message>
        <location line="-33"/>
        <location line="+36"/>
        <source>What is wrong</source>
        <translation>问题所在</translation>
    </message>
    <message>
        <location line="-36"/>
        <location line="+38"/>
        <source>Please note</source>
        <translation>请注意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signature %1</source>
        <translation>签名 %1</translation>
    </message>
</context>
<context>
    <name>VetoBasisRow</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/veto_basis.py" line="+60"/>
        <source>Where it was looked up</source>
        <extracomment>the framework asks for the basis (or suggests where to look it up)</extracomment>
        <translation>查询来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the decision was looked up (pick a suggested source or type one)</source>
        <translation>判定的查询来源（可从建议中选择，也可直接填写）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When it was looked up</source>
        <translation>查询时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+70"/>
        <source>When it was looked up (local time; saved with its time zone)</source>
        <translation>查询时间（本地时间，保存时带时区）</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill in the current time with its time zone</source>
        <translation>填入当前时间（带时区）</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source>What the query showed</source>
        <translation>查询结果说明</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attach…</source>
        <translation>附文件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach the query result (a screenshot or a saved page)</source>
        <translation>附上查询结果（截图或保存的网页）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queried at</source>
        <translation>查询时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>
Saved: %1</source>
        <translation>
已保存：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Files: %1</source>
        <translation>依据文件：%1</translation>
    </message>
</context>
<context>
    <name>VetoPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/self_check.py" line="-339"/>
        <source>A yes/no question that can stop the grade: please answer it honestly.</source>
        <translation>这是一道可能直接否决评级的是非题，请如实回答。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Yes — this applies to us (there will be no grade)</source>
        <translation>是 — 我单位存在这种情况（将不评定等级）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No — this does not apply to us</source>
        <translation>否 — 我单位不存在这种情况</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not sure yet — decide later</source>
        <translation>还不确定 — 稍后再定</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/welcome.py" line="+55"/>
        <source>Welcome to CityEval Desktop</source>
        <translation>欢迎使用城市全域数字化转型经营主体评估工作台</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This workbench assesses the companies that plan, build and run city-wide digital transformation. Each case scores one company against the framework of its category (planning &amp; consulting, construction &amp; implementation, operations &amp; maintenance), keeps every answer, evidence file and change in an audit trail, and ends in a signed report. There are no cases yet.</source>
        <translation>本工作台用于评估承担城市全域数字化转型规划、建设和运营的经营主体。每个案例按企业所属类别（规划咨询、建设实施、运营运维）的评估框架为一家企业打分，每项作答、每个证据文件和每次修改都记入审计记录，最终形成一份经签名的报告。目前还没有任何案例。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Third-party assessor</source>
        <translation>第三方评估机构</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a case for a company, walk its checklist indicator by indicator, attach the evidence (certificates, contracts, reports), decide the veto items, then finalize: the report is signed with your identity and the revision is locked.</source>
        <translation>为企业新建案例，对照核查清单逐项打分，添加证据（证书、合同、报告），判定否决项，然后定稿：报告用你的签名身份签署，该版本随即锁定。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start with File → New case… (Ctrl+N).</source>
        <translation>第一步：文件 → 新建案例…（Ctrl+N）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Operator (self-check)</source>
        <translation>经营主体（自评）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answer plain-language questions about your company in the guided self-check. The score, the weak spots (the indicators that lose the most points) and what to do next appear as you answer.</source>
        <translation>在引导式自评中回答关于本企业的通俗问题，随答随出得分、短板（失分最多的指标）和下一步的改进建议。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start with File → Guided self-check (Ctrl+Shift+N).</source>
        <translation>第一步：文件 → 引导式自评（Ctrl+Shift+N）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Agency</source>
        <translation>主管部门</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import and verify the case packages of many assessors, read the regional view of every entity (grades, weak dimensions, self-checks beside third-party results), publish the results for public notice and handle the objections to them.</source>
        <translation>导入并核验多家评估机构的案例包，查看本区域全部经营主体的区域视图（等级、短板维度、自评与第三方评估结果对照），公示评估结果并处理异议。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start with File → Import case packages… (Ctrl+6), then the Regional view (Ctrl+7).</source>
        <translation>第一步：文件 → 导入案例包…（Ctrl+6），然后打开“区域视图”（Ctrl+7）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Load sample cases</source>
        <translation>载入示例案例(&amp;L)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;New case…</source>
        <translation>新建案例(&amp;N)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Guided &amp;self-check…</source>
        <translation>引导式自评(&amp;S)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User &amp;guide (F1)</source>
        <translation>使用指南（F1）(&amp;G)</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>The sample cases are six fictitious companies from Fujian and Zhejiang, one self-check and one third-party assessment per category, fully answered with generated evidence files; some are finalized and two were amended. The finalized samples are signed by a demo identity made for them (password: %1). It is not a real assessor&apos;s identity: do not use it for real cases.</source>
        <translation>示例案例是六家虚构的福建、浙江企业，每个类别各有一个自评案例和一个第三方评估案例，全部指标均已作答，并附有程序生成的证据文件；其中一些已定稿，两个做过修订。已定稿的示例由专门为其生成的演示签名身份签署（密码：%1）。它不是真实评估人员的身份，切勿用于真实案例。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Loading sample cases</source>
        <translation>正在载入示例案例</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cancelled after %1 sample case; the others were not made.</source>
        <translation>已在载入 %1 个示例案例后取消；其余的未载入。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled after %1 sample cases; the others were not made.</source>
        <translation>已在载入 %1 个示例案例后取消；其余的未载入。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled; no sample case was loaded.</source>
        <translation>已取消，未载入任何示例案例。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 sample case loaded; if finalized, it is signed by the demo identity.</source>
        <translation>已载入 %1 个示例案例；如已定稿，由演示签名身份签署。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 sample cases loaded; the finalized ones are signed by the demo identity.</source>
        <translation>已载入 %1 个示例案例；已定稿的示例由演示签名身份签署。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The sample cases could not all be loaded; the list shows those that were.</source>
        <translation>示例案例未能全部载入；列表中显示的是已载入的案例。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sample cases not loaded</source>
        <translation>示例案例未载入</translation>
    </message>
</context>
<context>
    <name>_GuidedChart</name>
    <message>
        <location filename="../../cityeval_desktop/ui/widgets/charts.py" line="-61"/>
        <source>Dashed line at %1 points: %2</source>
        <translation>虚线为 %1 分线：%2</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../cityeval_desktop/ui/app.py" line="+277"/>
        <source>Opened by %1 on the computer %2 (process %3) since %4.</source>
        <translation>由 %1 在计算机 %2 上打开（进程 %3），打开时间 %4。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opened on the computer %1 (process %2) since %3.</source>
        <translation>在计算机 %1 上打开（进程 %2），打开时间 %3。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This database is already open in another workbench.</source>
        <translation>该数据库已在另一个工作台中打开。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Two workbenches changing the same cases would overwrite each other&apos;s work. Open it read-only to look at cases and export reports, or quit and use the other workbench.</source>
        <translation>两个工作台同时修改同一批案例会互相覆盖对方的工作。可以只读方式打开，查看案例并导出报告；或者退出，改用另一个工作台。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>If no workbench runs there any more (the computer was switched off), delete the lock file %1 and start again.</source>
        <translation>如果那里已不再运行工作台（例如计算机已关机），请删除锁文件 %1 后重新启动。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Open read-only</source>
        <translation>以只读方式打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The workbench could not start; %1.</source>
        <translation>工作台无法启动；%1。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The file named on the command line cannot be opened: give the path of a case package (.cityeval).</source>
        <translation>命令行中给出的文件无法打开：请给出案例包（.cityeval）的路径。</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../cityeval_desktop/ui/errors.py" line="+37"/>
        <source>signing identity</source>
        <translation>签名身份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>region code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>entity name</source>
        <translation>经营主体名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assessor</source>
        <translation>评估人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tier</source>
        <translation>服务级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assessment mode</source>
        <translation>评估方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>framework</source>
        <translation>评估框架</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reason for the amendment</source>
        <translation>修订理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>report language</source>
        <translation>报告语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>answers file</source>
        <translation>答案文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trusted certificate</source>
        <translation>受信任的证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>answer of %1</source>
        <translation>%1 的作答值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A reason of %1</source>
        <translation>%1 的不适用理由</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>note of %1</source>
        <translation>%1 的备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A mark of %1</source>
        <translation>%1 的不适用标记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>evidence of %1</source>
        <translation>%1 的证据文件</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>veto %1</source>
        <translation>否决项 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>evidence file size limit</source>
        <translation>证据文件大小上限</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>An unexpected error occurred. Nothing further was changed. Details are in the log file %1.</source>
        <translation>发生意外错误，未作任何进一步更改。详细信息已记录在日志文件 %1 中。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An unexpected error occurred. Nothing further was changed; %1.</source>
        <translation>发生意外错误，未作任何进一步更改；%1。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot do that</source>
        <translation>无法执行此操作</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../cityeval_desktop/ui/labels.py" line="+10"/>
        <source>Planning &amp; consulting</source>
        <translation>规划咨询</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Construction &amp; implementation</source>
        <translation>建设实施</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operations &amp; maintenance</source>
        <translation>运营运维</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Self-assessment</source>
        <translation>自评</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Third-party</source>
        <translation>第三方评估</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalized</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Answered</source>
        <translation>已作答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unanswered</source>
        <translation>未作答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Regional service</source>
        <translation>区域服务级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>City service</source>
        <translation>城市服务级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enterprise service</source>
        <translation>企业服务级</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Levels</source>
        <translation>等级评分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yes / no</source>
        <translation>是/否</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choice</source>
        <translation>选项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tier threshold</source>
        <translation>层级门槛</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bands</source>
        <translation>分档</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ratio to target</source>
        <translation>目标比率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per item</source>
        <translation>按项计分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>acceptance report</source>
        <translation>验收报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>certificate</source>
        <translation>资质证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>staff certificates and social insurance</source>
        <translation>人员证书及社保记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IP certificate</source>
        <translation>知识产权证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>audited financial statements</source>
        <translation>审计报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>credit report</source>
        <translation>信用报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>government document</source>
        <translation>政府文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>operations report</source>
        <translation>运维报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>survey</source>
        <translation>满意度调查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>standard</source>
        <translation>标准文本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>profile</name>
    <message>
        <location filename="../../cityeval_desktop/ui/profile.py" line="+42"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: at most %2 characters; shorten it.</source>
        <translation>%1：最多 %2 个字符，请缩短。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: contains control characters; type it again.</source>
        <translation>%1：含有控制字符，请重新输入。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Default identity: %1 is not a file; choose your identity file (.p12).</source>
        <translation>默认签名身份：%1 不是文件，请选择您的身份文件（.p12）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default identity: %1 is not an identity file (.p12 or .pfx); choose another file.</source>
        <translation>默认签名身份：%1 不是身份文件（.p12 或 .pfx），请另选文件。</translation>
    </message>
</context>
</TS>

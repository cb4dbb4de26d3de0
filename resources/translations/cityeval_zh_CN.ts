<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BackgroundOperation</name>
    <message>
        <location filename="../../cityeval_desktop/ui/worker.py" line="+115"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/case_table_model.py" line="+37"/>
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
</context>
<context>
    <name>CaseWorkspace</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/case_workspace.py" line="+64"/>
        <source>← Cases</source>
        <translation>← 案例列表</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+119"/>
        <source>Guided self-check…</source>
        <translation>引导式自评…</translation>
    </message>
    <message>
        <location line="-117"/>
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
        <location line="+84"/>
        <source>Revision %1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessor: %1</source>
        <translation>评估人员：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Certificate fingerprint (SHA-256): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Self-check preview…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Could not undo or redo: %1</source>
        <translation>无法撤销或重做：%1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>answer of %1</source>
        <translation>%1 的作答</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>N/A of %1</source>
        <translation>%1 的不适用标记</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>note of %1</source>
        <translation>%1 的备注</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>veto %1</source>
        <translation>否决项 %1</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>evidence added to %1</source>
        <translation>%1 新增的证据</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>evidence removed from %1</source>
        <translation>%1 移除的证据</translation>
    </message>
    <message>
        <location line="+160"/>
        <source>Finalized — read-only</source>
        <translation>已定稿 — 只读</translation>
    </message>
    <message>
        <location line="-390"/>
        <source>Draft — changes are saved automatically</source>
        <translation>草稿 — 修改自动保存</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+262"/>
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
        <location line="+97"/>
        <source>Finalized</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The revision is finalized and the signed report is stored with the case. Open the report?</source>
        <translation>该版本已定稿，签署后的报告已随案例保存。是否打开报告？</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Finalized — signed by %1 on %2 — read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown signer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Chinese</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Signed report (%1)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unsigned copy in %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Unsigned copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only a signed revision has a report copy in the other language. Finalize and sign first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save an unsigned copy in %1 (the signed report is in %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unsigned copy in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save the signed report (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signed report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save PDF report</source>
        <translation>保存 PDF 报告</translation>
    </message>
    <message>
        <location line="+63"/>
        <location line="+13"/>
        <source>Re&amp;visions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Every revision of this case: open one read-only, or compare two</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Re&amp;visions (%1)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Revision %1 of %2 — an older revision, read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-103"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>PDF report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
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
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Writing the workbook</source>
        <translation>正在生成工作簿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel workbook</source>
        <translation type="unfinished"></translation>
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
        <location line="+35"/>
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
        <location line="+75"/>
        <source>%1 of %2 cases</source>
        <translation>显示 %1 个，共 %2 个案例</translation>
    </message>
    <message>
        <location line="+7"/>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exporting cases</source>
        <translation>正在导出案例</translation>
    </message>
</context>
<context>
    <name>EvidenceList</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/indicator_editor.py" line="+72"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
</context>
<context>
    <name>ExportNotice</name>
    <message>
        <location filename="../../cityeval_desktop/ui/widgets/export_notice.py" line="+25"/>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the file in its folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 saved: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FinalizeDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/finalize.py" line="+53"/>
        <location line="+38"/>
        <source>Finalize and sign</source>
        <translation>定稿并签署</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Your signing identity (.p12)</source>
        <translation>您的签名身份文件（.p12）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Identity</source>
        <translation>签名身份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report language</source>
        <translation>报告语言</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>All checks pass. Signing stores the signed report with the case, writes its hash to the audit trail and locks this revision (changes then need an amendment).</source>
        <translation>全部检查已通过。签署后，报告随案例保存，其哈希值写入审计日志，本版本随即锁定（此后修改需通过修订）。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Checking the case…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing and signing the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storing the signed report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Signing identity</source>
        <translation>签名身份</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PKCS#12 identity (*.p12 *.pfx)</source>
        <translation>PKCS#12 身份文件 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose your identity file.</source>
        <translation>请选择您的身份文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the identity&apos;s password.</source>
        <translation>请输入身份文件的密码。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Signing the report</source>
        <translation>正在签署报告</translation>
    </message>
</context>
<context>
    <name>FinalizePanel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/finalize_panel.py" line="+63"/>
        <source>Before finalizing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hide the list (Finalize and sign shows it again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Finalize and sign…</source>
        <translation type="unfinished">定稿并签署…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Click or press Enter to go there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 problem(s) in %2 place(s) stop finalizing. Click one, or press Enter on it, to go there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>All checks pass. Signing stores the signed report with the case, writes its hash to the audit trail and locks this revision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Veto %1  %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>not answered yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>marked N/A without a reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>needs at least one evidence file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not decided yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FrameworksPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/frameworks_page.py" line="+43"/>
        <source>Item</source>
        <translation>评估项</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+134"/>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <location line="-134"/>
        <location line="+134"/>
        <source>Method</source>
        <translation>计分方法</translation>
    </message>
    <message>
        <location line="-117"/>
        <source>Frameworks available for new cases. Files that fail to load are listed below with the reason.</source>
        <translation>以下为可用于新建案例的评估框架。加载失败的文件及原因列于下方。</translation>
    </message>
    <message>
        <location line="+53"/>
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
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <location filename="../../cityeval_desktop/ui/help.py" line="+85"/>
        <location line="+43"/>
        <source>CityEval Desktop — User guide</source>
        <extracomment>Screen (the class name of a page, panel or dialog) → guide page (a file name in docs/guide/&lt;lang&gt;/ without &quot;.md&quot;, optionally with &quot;#anchor&quot;). Add a line here for every new screen; the guide page must exist in both languages (tests/gui/test_first_run.py checks it).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Navigation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>← Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forward →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+30"/>
        <source>User guide — %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdentitiesPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/identities_page.py" line="+105"/>
        <source>Your signing identities: a private key protected by a password, with its certificate. Create one, send a certificate request to the agency&apos;s CA and install the certificate it issues.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+155"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-154"/>
        <location line="+155"/>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-154"/>
        <location line="+156"/>
        <source>Issued by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-155"/>
        <source>Valid until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+141"/>
        <source>File</source>
        <translation type="unfinished">文件</translation>
    </message>
    <message>
        <location line="-126"/>
        <source>New identity…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add existing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add an identity file (.p12) you already have to this list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate request…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write a certificate request (.csr) to send to the agency&apos;s CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Install certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install the certificate the CA issued for this identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the public certificate (.pem) for others to trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+318"/>
        <source>Remove from list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-317"/>
        <source>Forget this identity here; the file itself is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Open it with its password to see it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+66"/>
        <source>itself (self-signed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-59"/>
        <source>%1 (file not found)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>expired %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>trust list unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>trusted here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>self-signed, not trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>issuer not trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No identity yet. Create one with “New identity…” or add a file you already have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Open it with “Add existing…” and its password to show its certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fingerprint (SHA-256)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The certificate has expired: it cannot sign. Write a certificate request, have the CA issue a new certificate and install it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The certificate is not valid yet; check this computer&apos;s date and time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signatures made with this identity are trusted by this workbench.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Self-signed: others trust your signatures only after adding your exported certificate to their trust list, or after the agency&apos;s CA issues you a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Its issuer is not in this workbench&apos;s trust list; add the CA&apos;s certificate under “Trusted certificates”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Identity password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Identity created: %1 (fingerprint %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add an identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PKCS#12 identity (*.p12 *.pfx)</source>
        <translation type="unfinished">PKCS#12 身份文件 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Opening the identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Identity not opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Identity added: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save certificate request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Certificate request (*.csr)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Certificate request written: %1. Send it to the agency&apos;s CA; install what it returns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Writing the certificate request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Request not written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Issued certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificate (*.pem *.crt *.cer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Certificate installed: %1, issued by %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Installing the certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Certificate not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Certificate (*.pem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Certificate exported: %1. Give it to whoever must trust your signatures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exporting the certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Certificate not exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Remove %1 from this list? The file itself is not deleted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IndicatorEditor</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/indicator_editor.py" line="+86"/>
        <source>Answer</source>
        <translation>作答</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Clear answer</source>
        <translation>清除作答</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not applicable (N/A) — a written reason is required</source>
        <translation>不适用 — 须填写理由</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why does this indicator not apply to this entity?</source>
        <translation>该指标为何不适用于本经营主体？</translation>
    </message>
    <message>
        <location line="+6"/>
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
        <location line="+27"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>%1 points · %2</source>
        <translation>%1 分 · %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>evidence required</source>
        <translation>需提供证据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>To improve: %1</source>
        <translation>改进建议：%1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+31"/>
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
        <location line="+6"/>
        <source>%1 points per item, up to %2 points (enter a whole number)</source>
        <translation>每项 %1 分，最高 %2 分（请输入整数）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 points off per occurrence (enter a whole number; 0 if none)</source>
        <translation>每出现一次扣 %1 分（请输入整数；没有则填 0）</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Kinds: %1.</source>
        <translation>证据类型：%1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At least one file is required before finalizing.</source>
        <translation>定稿前须至少提供一个文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Drop files here or use Add files.</source>
        <translation>可将文件拖放到此处，或点击“添加文件”。</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Enter a number.</source>
        <translation>请输入数字。</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Write the reason, then press Enter: N/A is saved with its reason.</source>
        <translation>请填写理由后按回车键：“不适用”将连同理由一并保存。</translation>
    </message>
    <message>
        <location line="-57"/>
        <location line="+74"/>
        <source>N/A needs a written reason.</source>
        <translation>选择“不适用”须填写理由。</translation>
    </message>
    <message>
        <location line="+30"/>
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
    <name>MainWindow</name>
    <message>
        <location filename="../../cityeval_desktop/ui/main_window.py" line="+83"/>
        <source>CityEval Desktop — City digital-transformation entity assessment</source>
        <translation>CityEval Desktop — 城市全域数字化转型经营主体评估工作台</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cases</source>
        <translation>案例</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Frameworks</source>
        <translation>评估框架</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+20"/>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location line="+19"/>
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
        <location line="+3"/>
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
        <location line="+74"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location line="-73"/>
        <location line="+74"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location line="-70"/>
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
        <source>Unsigned report copy in the other language…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
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
        <location line="+2"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>&amp;Undo %1</source>
        <translation>撤销%1(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo %1</source>
        <translation>重做%1(&amp;R)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location line="+97"/>
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
    <name>NewCaseDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/new_case.py" line="+62"/>
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
        <location line="+16"/>
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
        <location line="+236"/>
        <source>Framework</source>
        <translation>评估框架</translation>
    </message>
    <message>
        <location line="-235"/>
        <location line="+236"/>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="-235"/>
        <location line="+236"/>
        <source>Mode</source>
        <translation>评估方式</translation>
    </message>
    <message>
        <location line="-235"/>
        <location line="+236"/>
        <source>Assessor</source>
        <translation>评估人员</translation>
    </message>
    <message>
        <location line="-232"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location line="+75"/>
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
        <location line="+11"/>
        <source>Region %1.</source>
        <translation>行政区划：%1。</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>An open case exists</source>
        <translation>已有未定稿的案例</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2) already has %3 open draft case(s) with this framework.</source>
        <translation>%1（%2）在此评估体系下已有 %3 个未定稿的草稿案例。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open the newest one to go on with it, or create a new case if this is a separate assessment.</source>
        <translation>可打开最新的一个继续评估；如确属另一次评估，可仍然新建案例。</translation>
    </message>
    <message>
        <location line="+3"/>
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
        <location filename="../../cityeval_desktop/ui/dialogs/new_identity.py" line="+47"/>
        <source>New signing identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Creates a private key and a self-signed certificate in a password-protected file. Keep the file and its password safe: whoever has both can sign in your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Your name, e.g. 张三</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Assessment organisation (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose…</source>
        <translation type="unfinished">选择…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation type="unfinished">密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeat the password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Create</source>
        <translation type="unfinished">创建</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Save identity as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PKCS#12 identity (*.p12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Type your name (it appears in the certificate and in every signature).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a password for the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the password again to confirm it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose where to save the identity file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 already exists; choose another name (an identity is never overwritten).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The folder %1 does not exist; choose another place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Creating the identity</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/password.py" line="+44"/>
        <source>Password</source>
        <translation type="unfinished">密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Repeat the password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Type the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type the password again to confirm it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProblemsDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/problems.py" line="+34"/>
        <source>Copy the list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RevisionsDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/revisions_panel.py" line="+71"/>
        <source>Revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation type="unfinished">状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalized</source>
        <translation type="unfinished">已定稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for the amendment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Open selected revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Compare revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Revisions — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every revision of this case is kept. Finalized revisions are read-only; an amendment starts a new draft revision. Select one to open it, or compare two below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 (latest)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Certificate fingerprint (SHA-256): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+43"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+1"/>
        <source>Revision %1</source>
        <translation type="unfinished">第 %1 版</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose two different revisions to see what changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two revisions have the same answers, vetoes and evidence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 indicator(s) and %2 veto decision(s) differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade</source>
        <translation type="unfinished">等级</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Indicators (%1 changed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Press Enter or double-click to show this indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Evidence removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evidence added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Veto decisions (%1 changed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Answer</source>
        <translation type="unfinished">作答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not applicable</source>
        <translation type="unfinished">不适用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation type="unfinished">备注</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 provisional (%2 % complete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>None: vetoed (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not yet (the case is incomplete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>excluded</source>
        <translation type="unfinished">不计入</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Undecided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applies (vetoed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Does not apply</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScorePanel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/score_panel.py" line="+53"/>
        <source>Veto items</source>
        <translation>否决项</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Largest gaps</source>
        <translation>主要短板</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Completeness</source>
        <translation>完整度</translation>
    </message>
    <message>
        <location line="+17"/>
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
        <location line="+16"/>
        <source>VETOED (%1)</source>
        <translation>已否决（%1）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Self-assessment — not a third-party result</source>
        <translation>自评结果 — 非第三方评估结论</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Capped from %1: a dimension is below the floor</source>
        <translation>由 %1 降级：存在低于下限的维度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 veto item(s) not decided</source>
        <translation>%1 个否决项未判定</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of %2 (%3%)</source>
        <translation>%1 / %2（%3%）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>excluded</source>
        <translation>不计入</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No points lost.</source>
        <translation>无失分项。</translation>
    </message>
</context>
<context>
    <name>SelfCheckDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/self_check.py" line="+389"/>
        <source>Improvement plan</source>
        <translation>改进计划</translation>
    </message>
    <message>
        <location line="-272"/>
        <source>Guided self-check — %1</source>
        <translation>引导式自评 — %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Self-check preview — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Preview: this is not a self-assessment draft, so nothing can be answered here. Answers of a third-party case are entered in the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
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
        <location line="+212"/>
        <source>%1 of %2 answered</source>
        <translation>已答 %1 / %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Running score %1 (provisional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Score %1 · veto applies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Score %1 · %2</source>
        <translation>得分 %1 · %2</translation>
    </message>
    <message>
        <location line="-117"/>
        <source>Question %1 of %2</source>
        <translation>第 %1 题，共 %2 题</translation>
    </message>
    <message>
        <location line="+136"/>
        <source>Improvement plan (%1 not answered yet)</source>
        <translation>改进计划（尚有 %1 项未作答）</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/settings_page.py" line="+44"/>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+96"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="-95"/>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your name, as on your signing certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Assessment organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signing identity offered when finalizing (.p12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation type="unfinished">选择…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Default signing identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PKCS#12 identity (*.p12 *.pfx)</source>
        <translation type="unfinished">PKCS#12 身份文件 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Saved. New cases name %1 as assessor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved. Without a name, new cases leave the assessor empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The new data folder is used from the next start. Cases stay in the current folder; copy them with “cityeval db backup” if you move.</source>
        <translation>新的数据文件夹将在下次启动时生效。案例仍保存在当前文件夹中；如需迁移，请使用“cityeval db backup”复制。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Evidence files larger than %1 MB are refused.</source>
        <translation>大于 %1 MB 的证据文件将被拒绝。</translation>
    </message>
</context>
<context>
    <name>VetoPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/self_check.py" line="-331"/>
        <source>A yes/no question that can stop the grade: please answer it honestly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Yes — this applies to us (there will be no grade)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No — this does not apply to us</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not sure yet — decide later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/welcome.py" line="+55"/>
        <source>Welcome to CityEval Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This workbench assesses the companies that plan, build and run city-wide digital transformation. Each case scores one company against the framework of its category (planning &amp; consulting, construction &amp; implementation, operations &amp; maintenance), keeps every answer, evidence file and change in an audit trail, and ends in a signed report. There are no cases yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Third-party assessor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a case for a company, walk its checklist indicator by indicator, attach the evidence (certificates, contracts, reports), decide the veto items, then finalize: the report is signed with your identity and the revision is locked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start with File → New case… (Ctrl+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Operator (self-check)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answer plain-language questions about your company in the guided self-check. The score, the weak spots (the indicators that lose the most points) and what to do next appear as you answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start with File → Guided self-check (Ctrl+Shift+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Agency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Today: browse the frameworks, list and filter every case in this database, export the list to Excel, read each case&apos;s signed report and audit trail. Importing case packages from many assessors and the regional overview are planned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start with the Frameworks page (Ctrl+2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Load sample cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;New case…</source>
        <translation type="unfinished">新建案例(&amp;N)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Guided &amp;self-check…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User &amp;guide (F1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+55"/>
        <source>The sample cases are six fictitious companies from Fujian and Zhejiang, one self-check and one third-party assessment per category, fully answered with generated evidence files; some are finalized and two were amended. The finalized samples are signed by a demo identity made for them (password: %1). It is not a real assessor&apos;s identity: do not use it for real cases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Loading sample cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 sample case(s) loaded; the finalized ones are signed by the demo identity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The sample cases could not all be loaded; the list shows those that were.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sample cases not loaded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../cityeval_desktop/ui/errors.py" line="+37"/>
        <source>signing identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>region code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unified social credit code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>entity name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assessor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assessment mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>framework</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reason for the amendment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>report language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>answers file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trusted certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>answer of %1</source>
        <translation>%1 的作答</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A reason of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>note of %1</source>
        <translation>%1 的备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A mark of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>evidence of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+29"/>
        <source>veto %1</source>
        <translation>否决项 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>evidence file size limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>An unexpected error occurred. Nothing further was changed. Details are in the log file.</source>
        <translation>发生意外错误，未作任何进一步更改。详细信息已记录在日志文件中。</translation>
    </message>
    <message>
        <location line="+16"/>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: at most %2 characters; shorten it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: contains control characters; type it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Default identity: %1 is not a file; choose your identity file (.p12).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default identity: %1 is not an identity file (.p12 or .pfx); choose another file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

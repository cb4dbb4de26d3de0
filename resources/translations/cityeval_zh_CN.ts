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
        <location filename="../../cityeval_desktop/ui/workspace/case_workspace.py" line="+56"/>
        <source>← Cases</source>
        <translation>← 案例列表</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Guided self-check…</source>
        <translation>引导式自评…</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location line="+67"/>
        <source>Revision %1</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assessor: %1</source>
        <translation>评估人员：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Finalized — read-only</source>
        <translation>已定稿 — 只读</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Draft — changes are saved automatically</source>
        <translation>草稿 — 修改自动保存</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Adding evidence</source>
        <translation>正在添加证据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evidence not added</source>
        <translation>未能添加证据</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Remove evidence</source>
        <translation>移除证据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove %1 file(s) from %2?
%3</source>
        <translation>确定从 %2 移除 %1 个文件？
%3</translation>
    </message>
    <message>
        <location line="+32"/>
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
        <location line="+44"/>
        <source>Finalized</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The revision is finalized and the signed report is stored with the case. Open the report?</source>
        <translation>该版本已定稿，签署后的报告已随案例保存。是否打开报告？</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Save PDF report</source>
        <translation>保存 PDF 报告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+12"/>
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
        <location line="+15"/>
        <source>Writing the workbook</source>
        <translation>正在生成工作簿</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Workbook not written</source>
        <translation>未能生成工作簿</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/cases_page.py" line="+53"/>
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
        <location line="+35"/>
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
        <location line="+22"/>
        <source>Exporting cases</source>
        <translation>正在导出案例</translation>
    </message>
</context>
<context>
    <name>EvidenceList</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/indicator_editor.py" line="+62"/>
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
    <name>FinalizeDialog</name>
    <message>
        <location filename="../../cityeval_desktop/ui/dialogs/finalize.py" line="+46"/>
        <location line="+40"/>
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
        <location line="+16"/>
        <source>%1 check(s) fail. Double-click one to go there; finalize when all pass.</source>
        <translation>有 %1 项检查未通过。双击某项可跳转到对应位置；全部通过后方可定稿。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>All checks pass. Signing stores the signed report with the case, writes its hash to the audit trail and locks this revision (changes then need an amendment).</source>
        <translation>全部检查已通过。签署后，报告随案例保存，其哈希值写入审计日志，本版本随即锁定（此后修改需通过修订）。</translation>
    </message>
    <message>
        <location line="+15"/>
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
        <location line="+15"/>
        <source>Signing the report</source>
        <translation>正在签署报告</translation>
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
    <name>IndicatorEditor</name>
    <message>
        <location filename="../../cityeval_desktop/ui/workspace/indicator_editor.py" line="+64"/>
        <source>Answer</source>
        <translation>作答</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Clear answer</source>
        <translation>清除作答</translation>
    </message>
    <message>
        <location line="+14"/>
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
        <location line="+8"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location line="+7"/>
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
        <location line="+21"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+25"/>
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
        <location line="+16"/>
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
        <location line="+72"/>
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
        <location line="+24"/>
        <source>Enter a number.</source>
        <translation>请输入数字。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Write the reason, then press Enter: N/A is saved with its reason.</source>
        <translation>请填写理由后按回车键：“不适用”将连同理由一并保存。</translation>
    </message>
    <message>
        <location line="+14"/>
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
        <location line="+18"/>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location line="+18"/>
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
        <location line="+9"/>
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
        <location line="+49"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location line="+95"/>
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
        <location filename="../../cityeval_desktop/ui/dialogs/new_case.py" line="+41"/>
        <source>New case</source>
        <translation>新建案例</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Registered name of the entity</source>
        <translation>经营主体的登记名称</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>18 characters, e.g. 91350100M000100Y43</source>
        <translation>18 位，例如 91350100M000100Y43</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>6-digit region code (GB/T 2260)</source>
        <translation>6 位行政区划代码（GB/T 2260）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Entity name</source>
        <translation>经营主体名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Region code</source>
        <translation>行政区划代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Framework</source>
        <translation>评估框架</translation>
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
        <source>Assessor</source>
        <translation>评估人员</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Enter the 18-character code; it is checked as you type.</source>
        <translation>请输入 18 位代码，输入时即时校验。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Valid code. Registered in %1.</source>
        <translation>代码有效。登记地：%1。</translation>
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
        <location filename="../../cityeval_desktop/ui/workspace/self_check.py" line="+40"/>
        <source>VETOED</source>
        <translation>已否决</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Self-assessment result</source>
        <translation>自评结果</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Current result</source>
        <translation>当前结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+141"/>
        <source>Improvement plan</source>
        <translation>改进计划</translation>
    </message>
    <message>
        <location line="-140"/>
        <source>Where points are lost, largest first</source>
        <translation>失分情况（按失分从高到低）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points lost</source>
        <translation>失分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What to do next</source>
        <translation>下一步措施</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Guided self-check — %1</source>
        <translation>引导式自评 — %1</translation>
    </message>
    <message>
        <location line="+12"/>
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
        <location line="+60"/>
        <source>%1 of %2 answered</source>
        <translation>已答 %1 / %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Score %1 · %2</source>
        <translation>得分 %1 · %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Question %1 of %2</source>
        <translation>第 %1 题，共 %2 题</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Improvement plan (%1 not answered yet)</source>
        <translation>改进计划（尚有 %1 项未作答）</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../cityeval_desktop/ui/pages/settings_page.py" line="+40"/>
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
        <location line="+33"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence file size limit</source>
        <translation>证据文件大小上限</translation>
    </message>
    <message>
        <location line="+24"/>
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
    <name>errors</name>
    <message>
        <location filename="../../cityeval_desktop/ui/errors.py" line="+27"/>
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
</TS>

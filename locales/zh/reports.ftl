# kaoping messages: reports (zh). Every id here exists in every language;
# tests/messages.rs checks it.

report-rank = 名次
report-id = 编号
report-name = 名称
report-status = 状态
report-base = 基础分
report-total = 总分
report-grade = 等次
report-status-selected = 入选
report-status-ranked = 未入选
report-status-excluded = 取消资格
report-status-revoked = 撤销
report-status-scored = 已评分
report-all-candidates = 全部候选对象
report-cohort-line = {$heading} — 有效候选 {$eligible} 个，{$quota}
report-selects-nobody = 考核评分，不评选
report-no-quota = 不设名额
report-quota = 名额 {$quota} 个，入选 {$selected} 个
report-quota-revoked = 名额 {$quota} 个，入选 {$selected} 个，撤销 {$revoked} 个，实有称号 {$held} 个（不递补）
report-quota-line = 名额线 {$quota}
report-grade-counts = 等次分布
report-score-details = 得分明细
report-findings = 发现的问题
report-severity = { $severity ->
    [error] 错误
    [warning] 警告
   *[info] 提示
}
report-max = 满分
report-grade-band = 按分数应得等次
report-xlsx-policy-sheet = 考评办法
report-xlsx-item = 项目
report-xlsx-value = 内容
report-xlsx-title = 名称
report-xlsx-id = 办法标识
report-xlsx-version = 版本
report-xlsx-effective = 施行日期
report-xlsx-source = 依据文件
report-xlsx-produced = 生成日期
report-xlsx-comment = 依据考评办法 {$policy}（版本 {$version}）于 {$date} 生成。

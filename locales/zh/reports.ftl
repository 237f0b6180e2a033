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
report-md-sum-adjusted = 基础分为各项之和，总分为基础分加加分、减扣分
report-md-sum = 总分为各项之和
report-md-rounding-mode = { $mode ->
    [half_even] 四舍六入五成双
    [down] 截断
   *[half_away_from_zero] 四舍五入
}
report-md-rounding = 每项指标得分保留 {$places} 位小数（{$mode}），{$sum}
report-md-exact = 指标得分不取舍
report-md-quota-revoked = 有效候选 {$eligible} 个，名额 {$quota} 个，入选 {$selected} 个，撤销 {$revoked} 个，实有称号 {$held} 个（无人递补）
report-md-quota = 有效候选 {$eligible} 个，名额 {$quota} 个，入选 {$selected} 个
report-md-no-quota = 有效候选 {$eligible} 个，本组不评选
report-md-assessed = 有效候选 {$eligible} 个，考核评分，不评选
report-md-results = 考核结果
report-md-ranking = 排名
report-md-policy = 考评办法：{$id}
report-md-version = 版本：{$version}
report-md-effective = 施行日期：{$date}
report-md-source = 依据文件：{$source}
report-md-total = 满分：{$total}（{$indicators} 项指标；{$rounding}）
report-md-full-stop = 。
report-md-grades = 等次分布：{$counts}。
report-md-selected = 入选名单
report-md-flag = 标记 {$flag}
report-md-flag-revoked = 撤销（称号已撤销，不予报送，无人递补）：
report-md-severity-count = {$severity}（{$count}）
report-md-none = 无。
report-md-candidate = 候选对象
report-md-message = 内容
report-md-clause = 条款
report-md-rule = 规则
report-md-readings = 解释口径
report-md-no-readings = 本办法未声明解释口径。
report-md-readings-intro = 本办法在原文不明确处采用以下解释：
report-md-place = 位置
report-md-reading = 解释
report-md-item = 项目
report-md-points = 得分
report-md-note = 说明
report-md-group-no-quota = 本组不评选。
report-md-revoked = 撤销（选定后撤销，名额不递补）：
report-md-listed = 第 {$rank} 名：{$name}（{$id}），总分 {$total}，{$status}
report-html-policy = 考评办法
report-html-total = {$total}（{$indicators} 项指标；{$rounding}）
report-html-chart = 得分构成
report-html-nobody-ranked = 无排名候选对象。
report-html-chart-label = {$group} 得分构成
report-chart-revoked = （撤销）

# kaoping messages: explain (zh). Every id here exists in every language;
# tests/messages.rs checks it.

## The step words at the head of each line of a derivation.
explain-step-fact = 事实
explain-step-let = 取值
explain-step-cap = 上限
explain-step-floor = 下限
explain-step-test = 判断
explain-step-cohort = 同组
explain-step-value = 结果
explain-step-points = 分值
explain-step-deduct = 扣减
explain-step-scale = 折算
explain-step-veto = 否决
explain-step-round = 修约
explain-step-sum = 合计
explain-step-excluded = 排除
explain-step-zeroed = 计零
explain-step-grade = 等次
explain-step-tie = 同分
explain-severity-error = 问题
explain-severity-warning = 警告
explain-severity-info = 提示

## Numbers and lines.
explain-number-with-fraction = {$decimal}（= {$fraction}）
explain-cap = {$quantity} {$before}，上限 {$limit} → {$after}{$effect}
explain-floor = {$quantity} {$before}，下限 {$limit} → {$after}{$effect}
explain-cap-applied = （超出上限，按上限计）
explain-cap-not-reached = （未超上限）
explain-floor-applied = （低于下限，按下限计）
explain-floor-not-reached = （未低于下限）
explain-where = 其中：{$parameters}
explain-formula = 政策原文：{$formula}
explain-yes = 是
explain-no = 否
explain-test = {$expression}：{$verdict}
explain-test-sides = {$expression}（{$left} 对 {$right}）：{$verdict}
explain-cohort = {$expression} = {$value}（同组有效候选对象 {$peers} 个）
explain-cohort-own = {$expression} = {$value}（本单位取值 {$own}，同组有效候选对象 {$peers} 个）
explain-reading = 解读：{$reading}
explain-deductions = {$from} − {$deducted} = {$result}（扣完为止）
explain-veto = {$before} → 0（适用上述计零规定）
explain-round = {$before} → {$after}（按政策规定保留 {$places} 位小数）
explain-items-sum = 各分项之和 = {$sum}
explain-item = 分项
explain-over-peers = （同组比较得分）
explain-scaled-items = （评价方法按 {$basis} 分制计分，分项合计按 {$max}/{$basis} 折算计入本指标）
explain-not-computed = {$indicator}：未计算。本项在同组有效候选对象之间比较得分，该候选对象已被排除

## Headings and the summary at the end.
explain-eligibility = 资格审查
explain-no-eligibility-rule = 无适用的资格条件
explain-eligible = 符合资格：未触发任何排除条款
explain-bonus = 加分
explain-deduction = 扣分
explain-base = 基础分
explain-total = 总分
explain-grade = 等次
explain-rank = 名次
explain-status = 结论
explain-total-none = 无（已排除）
explain-base-sum = 基础分 {$base}
explain-capped-from = （封顶前 {$uncapped}）
explain-held-by-bounds = = {$sum}，按总分上下限计为 {$total}
explain-rank-of = 第 {$rank} 名（共 {$eligible} 个有效候选对象）
explain-rank-unranked = 无（本政策不排名次）
explain-rank-excluded = 无（已排除）
explain-flag-revoked-in-top = 否。名次 {$rank} 在前 {$top} 名之内，但已撤销的称号不再推荐，后续名次不递补
explain-flag-revoked = 否。已撤销的称号不再推荐

## How a tie on the total was broken.
explain-tie-decided = 与{$other}总分同为 {$total}，{$key} {$own} {$comparison} {$theirs}，名次{$side ->
    [ahead] 在前
   *[behind] 在后
}
explain-tie-shared = 与{$other}总分同为 {$total}，各项排名依据均相同，并列第 {$rank} 名

## Why the candidate ends with its status.
explain-status-selected = 入选
explain-status-ranked = 未入选
explain-status-excluded = 排除
explain-status-revoked = 撤销
explain-status-scored = 已评分
explain-why-excluded = 已排除：{$reasons}
explain-why-excluded-by = 依据{$clause}，{$message}
explain-why-revoked = 入选后被撤销：{$reason}。名次和得分保持不变，不以任何称号推荐，后续名次不递补
explain-why-quota-tie = 名额线上出现并列，并列者全部入选：{$message}{$cites}
explain-why-within-quota = 第 {$rank} 名，在 {$quota} 个名额之内{$cites}
explain-why-selected = 入选
explain-why-outside-quota = 未入选：第 {$rank} 名，在 {$quota} 个名额之外{$cites}
explain-why-no-quota = 参与排名；本组不设名额
explain-why-graded = 已评分，等次为{$grade}；本政策不评选
explain-why-scored = 已评分；本政策不评选

## `explain` given a name that several candidates share.
explain-ambiguous-name = 有多个候选对象名为“{$name}”，请改用其中一个编号：{$ids}

# kaoping messages: rulebook (zh). Every id here exists in every language;
# tests/messages.rs checks it.

rulebook-policy-id = 考评办法标识：
rulebook-version = 版本：{$version}
rulebook-effective = 施行日期：{$date}
rulebook-source = 依据文件：{$source}
rulebook-total = 总分：{$total} 分
rulebook-rounding-mode = { $mode ->
    [half_even] 四舍六入五成双
    [down] 直接舍去多余位数
   *[half_away_from_zero] 四舍五入
}
rulebook-rounding = 各指标得分保留 {$places} 位小数（{$mode}），总分为各指标四舍五入后得分之和。
rulebook-final-at-least = 最终总分不低于 {$points} 分。
rulebook-final-at-most = 最终总分不高于 {$points} 分。
rulebook-extends = 修订自考评办法{" "}
rulebook-extends-detail = （版本 {$version}，{$file}）；本说明未标明改动之处，与原办法相同。
rulebook-generated = 本说明由 kaoping doc 根据考评办法文件生成；与办法文件不一致的，以办法文件为准。
rulebook-tree-heading = 指标及分值
rulebook-tree-total = 合计
rulebook-column-indicator = 指标
rulebook-column-id = 标识
rulebook-column-max = 分值
rulebook-column-clause = 条款
rulebook-column-parameter = 参数
rulebook-column-value = 取值
rulebook-column-clause-and-reading = 条款及口径
rulebook-column-grade = 等次
rulebook-column-threshold = 分数线
rulebook-column-quota = 名额
rulebook-scaled-short = （分项按 {$basis} 分计，折算）
rulebook-scaled = 各分项按 {$basis} 分计分，合计折算为 {$max} 分。
rulebook-parameters-heading = 参数
rulebook-parameters-changed = { $count ->
    [0] 与 {$parent} 相比：参数均未改动。
   *[other] 与 {$parent} 相比：改动参数 {$count} 项（以“原值 → 新值”标出）。
}
rulebook-parameter-added = （新增）
rulebook-reading-inline = 口径：{$reading}
rulebook-clause = 条款：{$clause}
rulebook-reading = 口径：{$reading}
rulebook-shared-heading = 通用取值
rulebook-rules-heading = 计分规则
rulebook-section-heading = {$label}（{$id}），{$max} 分
rulebook-score = 得分 ={" "}
rulebook-score-before = 原办法：
rulebook-score-deducts = 以 {$max} 分（或各分项得分之和）为基数，减去下列扣分，最低 0 分。
rulebook-score-items = 得分为各分项得分之和。
rulebook-let = 设{" "}
rulebook-zero = 本项记零分
rulebook-finding = { $severity ->
    [error] 问题
    [warning] 提醒
   *[info] 说明
}
rulebook-when = ，条件：
rulebook-message = ，提示：“{$message}”
rulebook-points = 计分：
rulebook-points-each = （逐项计算）
rulebook-eligibility-heading = 参评资格、否决及提示
rulebook-exclude = 不得参评
rulebook-revoke = 撤销入选资格
rulebook-adjustments-heading = 加分与扣分
rulebook-adjustment-heading = { $kind ->
    [bonus] {$label}（{$id}），加分
   *[deduction] {$label}（{$id}），扣分
}
rulebook-adjustment-cap = 最多 {$cap} 分。
rulebook-grades-heading = 等次
rulebook-grades-by = 评定依据：
rulebook-grades-by-total = 按总分评定等次。
rulebook-grade-rest = 未达以上等次
rulebook-grade-at-least = {$points} 分及以上
rulebook-quota-count = 不超过 {$count} 名
rulebook-quota-share = 不超过参评对象的 {$share}%
rulebook-in-group = {$group}：{$what}
rulebook-grade-at-most = 最高评为{$grade}
rulebook-grade-forced = 评为{$grade}
rulebook-ranking-heading = 排名与选拔
rulebook-group-by = 按以下字段分组排名、分组选拔：
rulebook-list-separator = 、
rulebook-group-list = ，分为 {$groups}
rulebook-rank-by-total = 按总分从高到低排名；总分相同的，名次并列。
rulebook-rank-with-tie-breakers = 按总分从高到低排名；总分相同的，依次比较{$breakers}的得分。
rulebook-no-ranks = 只计分，不排名。
rulebook-select = 按名次选拔前 {$count} 名；名额线上并列的，一并入选。
rulebook-flag = 标记 {$flag}：名次前 {$count} 名。
rulebook-no-quota = 不设名额，不选拔。

# kaoping messages: evaluation (zh). Every id here exists in every language;
# tests/messages.rs checks it.


## An evaluation that stops: where in the policy, and for which candidate.
eval-candidate-title = {$id}（{$name}）
eval-for-candidate = 候选对象 {$candidate}：{$message}
eval-for-candidate-reading = 候选对象 {$candidate}：{$message}（此处读取 {$facts}）
eval-label = 计算此处时出错
eval-help = 事实数据产生了此规则无法处理的值；请核对规则和事实数据
eval-help-candidate = 请核对 `{$id}` 在此处读取的事实数据；如数据无误，则需修改规则使其能处理这种情况
eval-division-by-zero = 除数为零
eval-scaled-from-zero = 折算基数为零
eval-label-candidate = 为候选对象 {$candidate} 计算此处时出错
eval-score-outside-indicator = 指标 {$place} 得分 `{$value}`，超出 0 至 {$max} 的范围
eval-score-outside-item = 评分项 {$place} 得分 `{$value}`，超出 0 至 {$max} 的范围
eval-score-outside = {$place} 得分 `{$value}`，超出 0 至 {$max} 的范围

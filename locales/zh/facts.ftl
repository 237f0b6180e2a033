# kaoping messages: facts (zh). Every id here exists in every language;
# tests/messages.rs checks it.


## Where a problem is. A place names the candidate when the problem lies
## inside one.
facts-problem = {$place}：{$message}
facts-place = `{$path}`（第 {$line} 行）
facts-place-file = 事实文件（第 {$line} 行）
facts-place-top = 文件顶层（第 {$line} 行）
facts-place-candidate = 候选对象 {$candidate} · {$path}（第 {$line} 行）
facts-place-candidate-item = 候选对象 {$candidate}（第 {$line} 行）

## The whole file.
facts-empty = 事实文件是空的
facts-empty-help = 事实文件应是一个 YAML 映射，其中的键即考评办法 `input` 块所列字段
facts-tab = YAML 格式有误（第 {$line} 行）：此行用制表符（Tab）缩进，而 YAML 只能用空格缩进
facts-tab-help = 请把第 {$line} 行开头的制表符换成空格，并与相邻的键对齐
facts-yaml = YAML 格式有误（第 {$line} 行）：{$message}
facts-yaml-help = 请修正 YAML 语法；事实文件必须是一个 YAML 映射
facts-yaml-documents = 事实文件只能有一个 YAML 文档，此文件不止一个（`---` 开始了另一个文档）
facts-yaml-nodes = 文件展开后超过 {$nodes} 个值，远超任何事实文件的规模（是否有别名层层引用？）
facts-yaml-depth = 文件的嵌套超过 {$depth} 层
facts-yaml-aliases = 文件使用的别名超过 {$aliases} 个
facts-yaml-too-large = 文件过大或嵌套过深，超出了 YAML 读取器的限度
facts-yaml-too-many = 文件展开后的值超出了任何事实文件的规模（是否有别名层层引用？）

## What a field expects, and what was found instead.
facts-kind-whole-number = 整数
facts-kind-number = 数字
facts-kind-bool = `true` 或 `false`
facts-kind-text = 文本
facts-kind-date = 日期
facts-kind-enum = 允许的取值之一
facts-kind-list = 列表
facts-kind-record = 键值映射
facts-kind-value = 一个值
facts-found-code = `{$value}`
facts-found-number = 一个数字
facts-found-text = 文本 `{$value}`
facts-found-null = 空值（null）
facts-found-list = 一个列表
facts-found-mapping = 一个映射
facts-found-structure = 一个映射或列表
facts-expected-found = 应为{$expected}，实际为{$found}
facts-write-expected-help = 此处应填{$expected}，以考评办法的输入结构为准
facts-null-help = 请填写一个值；如该字段可以省略，也可删去这个键
facts-quoted-help = 请去掉引号：在 YAML 中，带引号的值是文本

## Keys.
facts-unknown-key = 未知的键 `{$key}`
facts-did-you-mean = 是否应为 `{$name}`？
facts-allowed-keys = 此处允许的键有：{$keys}
facts-key-twice = 键 `{$key}` 出现了两次（第一次在第 {$line} 行）
facts-remove-one = 请删去其中一个
facts-missing-key = {$place}缺少键 `{$key}`
facts-missing-key-labelled = {$place}缺少键 `{$key}`（{$label}）
facts-missing-key-help = 请补上 `{$key}:`；只有声明为 `optional` 的字段可以省略
facts-duplicate-key = {$name} `{$value}` 重复（第一次出现在第 {$line} 行）
facts-duplicate-key-help = `{$list}` 中每个 `{$name}` 都必须唯一
facts-placeholder = {$place}仍保留着模板的示例条目 `{$placeholder}`：它会被当作真实数据计分
facts-placeholder-help = 请用真实数据替换示例条目，或将其删除
facts-reference = `{$key}` 不在 `{$list}` 中
facts-reference-help = 请在 `{$list}` 中添加 `{"{"} {$field}: {$key}, … {"}"}`

## Values.
facts-number-help = 请用普通的十进制数字书写，如 12 或 2.5
facts-too-many-digits = `{$value}` 有 {$digits} 位有效数字，事实数据中的数字最多 {$limit} 位
facts-too-many-digits-help = 任何数量、分数或金额都用不到这么多位，请核对该值
facts-whole-number-help = 此字段是计数，请填写整数
facts-out-of-range = `{$value}` 超出范围：应为{$expected}
facts-out-of-range-help = 数值不会被自动截断，请更正该值
facts-bool = 应为“是”或“否”（true 或 false），实际为 `{$value}`
facts-bool-help = 请填“是”或“否”（也可写 true 或 false）
facts-date = 应为 YYYY-MM-DD 格式的日期，实际为 `{$value}`
facts-date-help = 日期请写成 2019-11-10 这样的格式
facts-enum = `{$value}` 不是允许的取值
facts-enum-help = 请从以下取值中选择：{$choices}

## Full-width characters typed by a Chinese input method.
facts-full-width = `{$character}` 是全角{$what}，请改为半角的 `{$ascii}`（把输入法切换到半角）
facts-full-width-digit = 数字
facts-full-width-punctuation = 标点
facts-full-width-letter = 字母
facts-full-width-space = 空格
facts-candidate-title = {$id}（{$name}）
facts-full-width-separator = `{$character}` 是全角逗号；数字中不加分隔符，请写成 40000000 这样

## The mark under the place a problem points at.
facts-here = 此处
facts-choice = {$label}（{$name}）
facts-list-separator = 、

## JSON facts.
facts-json = JSON 格式有误（第 {$line} 行第 {$column} 列）：{$message}
facts-json-help = 请修正 JSON 语法；事实文件必须是一个 JSON 对象
facts-json-empty-help = JSON 事实文件应是一个对象，其中的键即考评办法 `input` 块所列字段
facts-json-quoted-help = 请去掉引号：在 JSON 中，带引号的值是文本
facts-json-end = 文件在 JSON 结束之前就结束了：缺少收尾的 `]`、`{"}"}` 或 `"`
facts-json-colon = 键的后面应有 `:`
facts-json-list-comma = 列表的各项之间应以 `,` 分隔，最后一项之后应是 `]`
facts-json-object-comma = 对象的各个键之间应以 `,` 分隔，最后一个之后应是 `{"}"}`
facts-json-value = 此处应有一个值：数字、带双引号的文本、true、false、null、列表 `[…]` 或对象 `{"{"}…{"}"}`
facts-json-key = 此处应有一个带双引号的键
facts-json-escape = 文本中的转义写法有误：反斜杠用于转义，如 `\n`、`\"` 或 `\\`
facts-json-number = 数字写法有误：请用普通十进制数字书写，如 12 或 2.5
facts-json-control = 引号内的文本含有换行符或制表符：请写作 `\n` 或 `\t`
facts-json-trailing-comma = 最后一项之后多了逗号：请删去
facts-json-trailing = JSON 对象结束后还有内容：事实文件只能是一个对象

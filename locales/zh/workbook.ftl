# kaoping messages: workbook (zh). Every id here exists in every language;
# tests/messages.rs checks it.


## Where a problem is: a sheet, a cell (`推选案卷!D7`), a row, a file.
wb-problem = {$place}：{$message}
wb-place-row = {$sheet} 第 {$row} 行
wb-place-workbook = 工作簿
wb-place-folder = 文件夹 `{$folder}`

## Sheets and their headers.
wb-unknown-sheet = 未知的工作表
wb-sheets-are = 本考评办法的工作表有：{$sheets}
wb-second-sheet = `{$path}` 有第二张工作表（第一张是 `{$first}`）
wb-second-sheet-help = 每张表只保留一张工作表
wb-missing-sheet = 缺少工作表 `{$sheet}`（{$path}）
wb-missing-sheet-help = 请添加名为 `{$sheet}` 的工作表；`kaoping template 考评办法 --xlsx 文件` 可生成全部工作表
wb-missing-file = 缺少文件 `{$file}`（{$path}）
wb-missing-file-help = 请把工作表 `{$sheet}` 另存为此文件夹中的 `{$file}`（CSV UTF-8 格式）
wb-unknown-column = 未知的列 `{$name}`
wb-extra-column = 列 `{$name}` 不属于本考评办法，其内容不会被读取
wb-extra-column-help = 可留作备注，也可删除
wb-unknown-path = 未知的列路径 `{$name}`
wb-unknown-path-help = 是否应为 `{$path}`？第二行表头写的是各列的路径
wb-column-twice = 列 `{$name}` 出现了两次（第一次在 {$first}）
wb-remove-one = 请删去其中一列
wb-missing-column = 缺少列 `{$header}`（{$path}）
wb-missing-column-help = 请添加这一列；列标题可以写标签，也可以写路径
wb-headless-value = 此列没有列标题，却填了值
wb-headless-value-help = 请给这一列加上标题，或清空该单元格

## Rows and the items they belong to.
wb-owner-empty = 应填{$owner}，实际为空
wb-owner-empty-help = 每一行都要写明所属的条目
wb-owner-not-item = `{$value}` 不是任何条目的名称
wb-owner-not-item-help = 请填写此行所属条目的{$owner}
wb-one-row = 此工作表在表头下只能有一行数据
wb-one-row-help = 请只保留一行，其余各行移到相应的位置
wb-no-row = 表头下应有一行数据，但没有
wb-no-row-help = 请填写这一行
wb-duplicate-key = {$name} `{$value}` 重复（第一次在 {$first}）
wb-duplicate-key-help = `{$list}` 中每个 `{$name}` 都必须唯一；改正之前，其他工作表中找不到所属条目的行暂不报错（它们可能属于被 `{$value}` 覆盖的那个条目）
wb-missing-column-in-row = 缺少 `{$header}`（{$path}）：工作表中没有这一列
wb-missing-column-in-row-help = 请添加这一列；只有可选字段可以省略
wb-empty-cell = 应填{$expected}，实际为空
wb-empty-cell-help = 请填写{$label}；只有可选字段可以留空
wb-not-in-sheet = `{$value}` 不在 `{$sheet}` 中
wb-name-an-item = 请按{$key}填写 `{$sheet}` 中的某一条目

## Cells.
wb-one-of = 以下之一：{$choices}
wb-bool = “是”或“否”（true 或 false）
wb-date = YYYY-MM-DD 格式的日期
wb-percent = 单元格以百分比显示 `{$shown}`，Excel 实际存的是小数（{$fraction}）；此列要求把百分数作为数字填写
wb-percent-help = 请输入 {$number}（而不是 {$shown}），并把单元格格式设为“常规”或“数值”
wb-formula-error = 应为{$expected}，实际为错误值 `{$error}`
wb-formula-error-help = 请修正公式，或直接输入数值
wb-inexact = `{$value}` 的有效数字超过 {$digits} 位，不是精确值：应为{$expected}
wb-inexact-help = Excel 只保留 15 位数字：请把数值取整，或以文本形式输入（以英文单引号开头）
wb-inexact-text-help = 请以文本形式输入（以英文单引号开头）
wb-date-time = 应为不含时刻的日期，实际为 `{$value}`
wb-date-time-help = 只写日期即可，如 2019-11-10
wb-date-number = 应为 YYYY-MM-DD 格式的日期，实际为数字 `{$value}`
wb-date-number-help = 请把单元格格式设为日期，或以文本写成 2019-11-10
wb-text-expected = 应为文本，实际为 `{$value}`
wb-text-expected-help = 请填写文本，或把单元格格式设为“文本”

## Files.
wb-not-xlsx = `{$file}` 不是 Excel 工作簿（.xlsx）：{$error}
wb-not-xlsx-help = 请把文件另存为 Excel 工作簿（.xlsx）
wb-refused = `{$file}` 未予读取：{$error}
wb-refused-help = 请删除表格以外远处的内容，或用 Excel 打开后重新保存
wb-folder-unreadable = 无法读取文件夹 `{$folder}`：{$error}
wb-folder-unreadable-help = 请给出一个存放 .csv 文件的文件夹，每张工作表一个文件
wb-file-unreadable = 无法读取：{$error}
wb-file-unreadable-help = 请检查该文件
wb-not-utf8 = 不是 UTF-8 文本（第 {$offset} 字节处无效）
wb-not-utf8-help = 请把工作表另存为“CSV UTF-8”格式
wb-csv-quoting-help = 请修正该 CSV 文件中的引号

## The prompts a template shows when a cell is selected.
wb-prompt-percentage = {$expected}。百分数只填数字：97% 填 97，不要填 97% 或 0.97
wb-prompt-owner = {$key}，须与工作表“{$sheet}”中的一致
wb-prompt-owner-number = 序号：该条目在所属条目各行中的次序（1、2、……），所属条目见工作表“{$sheet}”

## Facts that a workbook cannot hold (`kaoping convert`).
wb-empty-optional-list = `{$path}` 是空列表，而工作簿无法区分空列表与未填写：请填入条目，或删去该项
wb-would-not-read-back = 转换后无法原样读回：{$problem}
wb-reads-back-differently = `{$path}` 转换后读回的值会不同（空文本、顶层的可选空列表，或各字段都未填写的可选记录，在工作簿中都没有单元格可以存放）

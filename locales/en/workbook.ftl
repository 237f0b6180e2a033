# kaoping messages: workbook (en). Every id here exists in every language;
# tests/messages.rs checks it.


## Where a problem is: a sheet, a cell (`推选案卷!D7`), a row, a file.
wb-problem = {$place}: {$message}
wb-place-row = {$sheet} row {$row}
wb-place-workbook = the workbook
wb-place-folder = the folder `{$folder}`

## Sheets and their headers.
wb-unknown-sheet = unknown sheet
wb-sheets-are = the sheets of this policy are: {$sheets}
wb-second-sheet = a second sheet for `{$path}` (the first is `{$first}`)
wb-second-sheet-help = keep one sheet per table
wb-missing-sheet = missing sheet `{$sheet}` ({$path})
wb-missing-sheet-help = add a sheet named `{$sheet}`; `kaoping template POLICY --xlsx FILE` writes every sheet
wb-missing-file = missing file `{$file}` ({$path})
wb-missing-file-help = save the sheet `{$sheet}` as `{$file}` (CSV UTF-8) in this folder
wb-unknown-column = unknown column `{$name}`
wb-extra-column = column `{$name}` is not part of the policy; its cells are not read
wb-extra-column-help = keep it for your own notes, or delete it
wb-unknown-path = unknown column path `{$name}`
wb-unknown-path-help = did you mean `{$path}`? The second header row holds each column's path
wb-column-twice = column `{$name}` appears twice (first at {$first})
wb-remove-one = remove one of them
wb-missing-column = missing column `{$header}` ({$path})
wb-missing-column-help = add the column; a header may be the label or the path
wb-headless-value = a value in a column without a header
wb-headless-value-help = give the column a header, or clear the cell

## Rows and the items they belong to.
wb-owner-empty = expected {$owner}, found an empty cell
wb-owner-empty-help = every row names the item it belongs to
wb-owner-not-item = `{$value}` does not name an item
wb-owner-not-item-help = write the {$owner} of the item this row belongs to
wb-one-row = this sheet holds one row of data, below its header
wb-one-row-help = keep one row, or move the others where they belong
wb-no-row = expected one row of data below the header, found none
wb-no-row-help = fill in the row
wb-duplicate-key = duplicate {$name} `{$value}` (first at {$first})
wb-duplicate-key-help = each `{$name}` in `{$list}` must be unique; until it is, rows of other sheets that name no item are not reported (they may belong to the item `{$value}` replaced)
wb-missing-column-in-row = missing `{$header}` ({$path}): the sheet has no such column
wb-missing-column-in-row-help = add the column; only optional fields may be left out
wb-empty-cell = expected {$expected}, found an empty cell
wb-empty-cell-help = fill in {$label}; only optional fields may be left empty
wb-not-in-sheet = `{$value}` is not in `{$sheet}`
wb-name-an-item = name an item of `{$sheet}` by its {$key}

## Cells.
wb-one-of = one of {$choices}
wb-bool = 是 or 否 (true or false)
wb-date = a date YYYY-MM-DD
wb-percent = the cell shows `{$shown}` as a percentage, which Excel holds as a fraction ({$fraction}); this column takes the percentage as a number
wb-percent-help = type {$number} (not {$shown}), and set the cell's format to 常规 (General) or 数值 (Number)
wb-formula-error = expected {$expected}, found the error `{$error}`
wb-formula-error-help = correct the formula, or type the value
wb-inexact = `{$value}` has more than {$digits} significant digits, so it is not exact: expected {$expected}
wb-inexact-help = Excel keeps 15 digits: round the value, or enter it as text (start it with an apostrophe)
wb-inexact-text-help = enter it as text (start it with an apostrophe)
wb-date-time = expected a date without a time of day, found `{$value}`
wb-date-time-help = write the day only, like 2019-11-10
wb-date-number = expected a date YYYY-MM-DD, found the number `{$value}`
wb-date-number-help = format the cell as a date, or write the date as text like 2019-11-10
wb-text-expected = expected text, found `{$value}`
wb-text-expected-help = write the text, or format the cell as Text

## Files.
wb-not-xlsx = `{$file}` is not an Excel workbook (.xlsx): {$error}
wb-not-xlsx-help = save the file as an Excel workbook (.xlsx)
wb-refused = `{$file}` is refused unread: {$error}
wb-refused-help = delete what lies far beyond the tables, or open the file in Excel and save it anew
wb-folder-unreadable = cannot read the folder `{$folder}`: {$error}
wb-folder-unreadable-help = give a folder of .csv files, one per sheet
wb-file-unreadable = cannot read: {$error}
wb-file-unreadable-help = check the file
wb-not-utf8 = not UTF-8 text (invalid byte at offset {$offset})
wb-not-utf8-help = save the sheet as "CSV UTF-8"
wb-csv-quoting-help = fix the quoting of the CSV file

## The prompts a template shows when a cell is selected.
wb-prompt-percentage = {$expected}. 百分数只填数字：97% 填 97，不要填 97% 或 0.97 (type 97 for 97%)
wb-prompt-owner = {$key}, as in sheet {$sheet}
wb-prompt-owner-number = 序号: the item's place (1, 2, …) among its owner's rows in sheet {$sheet}

## Facts that a workbook cannot hold (`kaoping convert`).
wb-empty-optional-list = `{$path}` is an empty list, which a workbook cannot tell from a missing one: give it items, or leave it out
wb-would-not-read-back = it would not read back: {$problem}
wb-reads-back-differently = `{$path}` would read back differently (empty text, an empty optional list at the top level, or an optional record with every field absent has no cells to hold it)

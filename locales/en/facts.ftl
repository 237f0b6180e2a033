# kaoping messages: facts (en). Every id here exists in every language;
# tests/messages.rs checks it.


## Where a problem is. A place names the candidate when the problem lies
## inside one (`candidate xunyang (浔阳区生态环境局) · daily.cases (line 96)`).
facts-problem = {$place}: {$message}
facts-place = `{$path}` (line {$line})
facts-place-file = the facts file (line {$line})
facts-place-top = the top level (line {$line})
facts-place-candidate = candidate {$candidate} · {$path} (line {$line})
facts-place-candidate-item = candidate {$candidate} (line {$line})

## The whole file.
facts-empty = the facts file is empty
facts-empty-help = a facts file is a YAML mapping with the keys of the policy's `input` block
facts-tab = invalid YAML (line {$line}): a tab indents this line, and YAML indents with spaces only
facts-tab-help = replace the tab at the start of line {$line} with spaces, aligned with the keys beside it
facts-yaml = invalid YAML (line {$line}): {$message}
facts-yaml-help = fix the YAML syntax; the facts file must be one YAML mapping
facts-yaml-documents = a facts file holds one YAML document, and this one has more (`---` starts another)
facts-yaml-nodes = the file expands to more than {$nodes} values, far beyond any facts file (aliases repeating aliases?)
facts-yaml-depth = the file nests values more than {$depth} levels deep
facts-yaml-aliases = the file uses more than {$aliases} aliases
facts-yaml-too-large = the file is larger or more deeply nested than the YAML reader allows
facts-yaml-too-many = the file expands to more values than any facts file holds (aliases repeating aliases?)

## What a field expects, and what was found instead.
facts-kind-whole-number = a whole number
facts-kind-number = a number
facts-kind-bool = `true` or `false`
facts-kind-text = text
facts-kind-date = a date
facts-kind-enum = one of the allowed values
facts-kind-list = a list
facts-kind-record = a mapping of keys
facts-kind-value = a value
facts-found-code = `{$value}`
facts-found-number = a number
facts-found-text = the text `{$value}`
facts-found-null = nothing (null)
facts-found-list = a list
facts-found-mapping = a mapping
facts-found-structure = a mapping or a list
facts-expected-found = expected {$expected}, found {$found}
facts-write-expected-help = write {$expected} here, as the policy's input schema declares
facts-null-help = give a value, or remove the key if the field is optional
facts-quoted-help = remove the quotes: quoted values are text in YAML

## Keys.
facts-unknown-key = unknown key `{$key}`
facts-did-you-mean = did you mean `{$name}`?
facts-allowed-keys = the allowed keys here are: {$keys}
facts-key-twice = key `{$key}` appears twice (first on line {$line})
facts-remove-one = remove one of them
facts-missing-key = missing key `{$key}` in {$place}
facts-missing-key-labelled = missing key `{$key}` ({$label}) in {$place}
facts-missing-key-help = add `{$key}:`; only fields declared `optional` may be left out
facts-duplicate-key = duplicate {$name} `{$value}` (first on line {$line})
facts-duplicate-key-help = each `{$name}` in `{$list}` must be unique
facts-placeholder = {$place} still holds the template's placeholder item `{$placeholder}`: it would be scored as a real one
facts-placeholder-help = replace the example item with real data, or delete it
facts-reference = `{$key}` is not in `{$list}`
facts-reference-help = add `{"{"} {$field}: {$key}, … {"}"}` to `{$list}`

## Values.
facts-number-help = write the number in plain decimal digits, like 12 or 2.5
facts-too-many-digits = `{$value}` has {$digits} significant digits: facts numbers have at most {$limit}
facts-too-many-digits-help = no count, score or amount needs more: check the value
facts-whole-number-help = this field counts things: use a whole number
facts-out-of-range = `{$value}` is out of range: expected {$expected}
facts-out-of-range-help = values are never clamped: correct the value
facts-bool = expected 是 or 否 (true or false), found `{$value}`
facts-bool-help = choose 是 or 否 (or write true or false)
facts-date = expected a date YYYY-MM-DD, found `{$value}`
facts-date-help = write dates like 2019-11-10
facts-enum = `{$value}` is not an allowed value
facts-enum-help = use one of: {$choices}

## Full-width characters typed by a Chinese input method.
facts-full-width = `{$character}` is a full-width {$what}; type `{$ascii}` (switch the input method to half-width)
facts-full-width-digit = digit
facts-full-width-punctuation = punctuation mark
facts-full-width-letter = letter
facts-full-width-space = space
facts-candidate-title = {$id} ({$name})
facts-full-width-separator = `{$character}` is a full-width comma; numbers are written without separators, like 40000000

## The mark under the place a problem points at.
facts-here = here
facts-choice = {$label} ({$name})
facts-list-separator = {", "}

## JSON facts.
facts-json = invalid JSON (line {$line}, column {$column}): {$message}
facts-json-help = fix the JSON syntax; the facts file must be one JSON object
facts-json-empty-help = a JSON facts file is one object with the keys of the policy's `input` block
facts-json-quoted-help = remove the quotes: in JSON, a value in quotes is text
facts-json-end = the text ends before the JSON does: a closing `]`, `{"}"}` or `"` is missing
facts-json-colon = expected `:` after the key
facts-json-list-comma = expected `,` between the items of a list, or `]` after the last
facts-json-object-comma = expected `,` between the keys of an object, or `{"}"}` after the last
facts-json-value = expected a value: a number, text in double quotes, true, false, null, a list `[…]` or an object `{"{"}…{"}"}`
facts-json-key = expected a key in double quotes
facts-json-escape = invalid escape in text: a backslash starts an escape such as `\n`, `\"` or `\\`
facts-json-number = invalid number: write it in plain decimal digits, like 12 or 2.5
facts-json-control = a line break or tab inside text in quotes: write it as `\n` or `\t`
facts-json-trailing-comma = a comma after the last item: remove it
facts-json-trailing = more after the end of the JSON object: a facts file is one object

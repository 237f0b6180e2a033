# kaoping messages: cli (en). Every id here exists in every language;
# tests/messages.rs checks it.

cli-errors-and-warnings = {$source}: {$errors ->
    [one] 1 error
   *[other] {$errors} errors
}, {$warnings ->
    [one] 1 warning
   *[other] {$warnings} warnings
}

## --help. The English help is the doc comments in src/main.rs; these are
## the same words, for translators. Ids: help-option-ARG (global options),
## help-command-NAME, help-NAME-ARG.
help-about = Score candidates by declarative, versioned policy files.
help-after = Exit status:
    0  success
    1  an invalid policy or facts file, a failing test case, a file `fmt --check`
    {"   "}would change; or a file that cannot be read or written (missing, unreadable,
    {"   "}or existing without `--force`)
    2  a usage error: an unknown option, a missing argument, `-` where it cannot be
    {"   "}used, or a file name whose extension contradicts what is written

    `-` stands for standard input (POLICY, FACTS) or standard output (`-o`).
help-version = Print version
help-help = Print help
help-command-help = Print this message or the help of the given subcommand(s)
help-usage = Usage: 
help-heading-options = Options
help-heading-arguments = Arguments
help-heading-commands = Commands
help-option-error-format = How to render problems found in policies and facts: human (colourful, with source snippets), plain (without colour or Unicode art), json (one JSON object per problem) [default: human].
help-option-lang = The language of messages and reports: zh or en [default: from LC_ALL, LC_MESSAGES or LANG; English when none names Chinese].
help-option-root = The folder tree whose policies `extends` may read [default: the current folder].
help-command-check = Check a policy file and report every problem found.
help-check-policy = The policy file (.kp); `-` for standard input.
help-check-readings = Also list the readings (interpretations) the policy relies on.
help-check-explain-cost = Also list how each list method over a whole list is evaluated, marking those that scan the list once per candidate.
help-command-score = Score the candidates of a facts file under a policy.
help-score-policy = The policy file (.kp); `-` for standard input.
help-score-facts = The facts: a YAML or JSON (.json) file, an Excel workbook (.xlsx), a folder of .csv files, or `-` for standard input (JSON when it starts with `{"{"}`, else YAML).
help-score-format = Output format: table, json, markdown, csv, xlsx, html [default: from the `-o` file's extension, else table].
help-score-output = Write to this file (atomically) instead of standard output; `-` for standard output. Its extension (.txt .json .md .csv .xlsx .html) gives the format.
help-score-force = Replace the `-o` file if it exists.
help-command-diff = Show what a rule change or a fact change does to the scores and the selected lists.
help-command-diff-long = Show what a rule change or a fact change does to the scores and the selected lists.

  `kaoping diff OLD.kp NEW.kp FACTS` compares two policies on the same facts; `kaoping diff POLICY --facts OLD.yaml NEW.yaml` compares two facts files under one policy.
help-diff-paths = OLD.kp NEW.kp FACTS, or POLICY with --facts.
help-diff-facts = Compare these two facts files under one policy.
help-diff-format = Output format: text or json [default: text].
help-command-test = Run the policy test cases stored as data (`tests/*.yaml` beside the policies).
help-test-dir = A folder to search for `tests/*.yaml` case files, or one case file [default: policies].
help-test-update = Rewrite the expectations that changed from the current outcome, in place in the case file (its comments and layout kept), after showing the diff.
help-test-junit = Also write a JUnit XML report to this file (.xml), for CI systems.
help-test-force = Replace the JUnit file if it exists.
help-command-schema = Print a JSON Schema of the policy's facts file, for editors.
help-schema-policy = The policy file (.kp); `-` for standard input.
help-schema-output = Write the schema to this file (.json), atomically, instead of standard output.
help-schema-force = Replace the `-o` file if it exists.
help-command-template = Print a commented YAML skeleton of a facts file with one candidate, for data clerks; with `--xlsx FILE`, write the empty facts workbook instead.
help-template-policy = The policy file (.kp); `-` for standard input.
help-template-xlsx = Write the empty workbook (a sheet per table, labelled headers, validation) to this file (.xlsx), or `-` for standard output when it is not a terminal.
help-template-output = Write the YAML template to this file (.yaml), atomically, instead of standard output.
help-template-force = Replace the workbook or the `-o` file if it exists.
help-template-schema = The schema named in the YAML's first line (`# yaml-language-server: $schema=…`), for editors to check and complete the facts [default: the policy's name with `.schema.json`, beside the facts file].
help-command-convert = Convert facts between YAML, an Excel workbook and a folder of CSV files.
help-command-convert-long = Convert facts between YAML, an Excel workbook and a folder of CSV files.

  The output is a workbook when it ends in `.xlsx`, else a folder of `.csv` files (one per sheet). It is checked to read back as the same facts.
help-convert-policy = The policy file (.kp) whose schema lays the facts out.
help-convert-facts = The facts: a YAML or JSON (.json) file, an Excel workbook (.xlsx), a folder of .csv files, or `-` for standard input (JSON when it starts with `{"{"}`, else YAML).
help-convert-output = The workbook (.xlsx) or folder to write.
help-convert-force = Replace the workbook, or write into a folder that already holds files.
help-command-fmt = Rewrite policy files in the canonical layout, keeping every comment.
help-command-fmt-long = Rewrite policy files in the canonical layout, keeping every comment.

  `kaoping fmt -` formats standard input to standard output, for editors.
help-fmt-paths = Policy files (.kp), or folders to search for them; `-` for standard input.
help-fmt-check = Change nothing: list the files that are not formatted, and exit 1 if any.
help-command-explain = Show how one candidate's every number was derived, with clauses and readings.
help-explain-policy = The policy file (.kp); `-` for standard input.
help-explain-facts = The facts: a YAML or JSON (.json) file, an Excel workbook (.xlsx), a folder of .csv files, or `-` for standard input (JSON when it starts with `{"{"}`, else YAML).
help-explain-id = The candidate's id, or its name as the facts write it (`浔阳区生态环境局`).
help-explain-format = Output format: text or json [default: text].

## What stops a command before any policy or facts problem.
cli-error = error: {$message}
cli-usage-hint = For more information, try '--help'.
cli-cannot-read = cannot read `{$file}`: {$reason}
cli-cannot-read-stdin = cannot read standard input: {$reason}
cli-reason-not-found = there is no such file or folder
cli-reason-not-found-in = there is no such file or folder in `{$folder}`
cli-reason-permission = permission denied
cli-not-utf8 = `{$file}` is not UTF-8 text (invalid byte at offset {$offset}); save it as UTF-8
cli-one-stdin = only one input can be `-` (standard input); name the others as files
cli-stdin-with-files = `-` (standard input) cannot be mixed with files
cli-diff-usage = give `OLD.kp NEW.kp FACTS`, or `POLICY --facts OLD.yaml NEW.yaml`
cli-no-candidate = no candidate `{$id}` in `{$facts}`; {$hint}
cli-no-candidate-hint = run `kaoping score` to list the candidates
cli-did-you-mean = did you mean `{$name}`?
cli-more-errors = … and {$count ->
    [one] 1 more error
   *[other] {$count} more errors
}; `--all-errors` shows them
cli-wrong-policy = {$unknown} of the {$keys} keys of these facts are unknown to policy `{$policy}`: these facts do not look like facts for it
cli-wrong-policy-like = these facts look like facts for policy `{$other}` ({$file}), not for `{$policy}`
cli-wrong-policy-help = check that the policy and the facts belong together; `kaoping template POLICY` shows the facts a policy takes
cli-here = here
cli-cannot-convert = cannot write the facts as a workbook: {$reason}
help-option-all-errors = Show every error of a policy or facts file, not only the first screenful.
help-command-doc = Write the policy's rulebook: the document a committee approves, generated from the policy (indicators and maxima, each rule with its clause, parameters, eligibility, grades, ranking and selection).
help-doc-policy = The policy file (.kp); `-` for standard input.
help-doc-format = Output format: md or html [default: from the `-o` file's extension, else md].
help-doc-output = Write to this file (atomically) instead of standard output (.md or .html).
help-doc-force = Replace the `-o` file if it exists.

## kaoping check --explain-cost
cost-heading = How each list method over a whole list is evaluated (⚠ marks a scan per candidate, whose time grows with the square of the candidates):
cost-none = No list method runs over a whole list of the facts: each candidate's rules read only its own facts and fixed lists.
cost-once = once per evaluation, or once per cohort
cost-rank = one sort per cohort, then a binary search per candidate
cost-keyed = grouped once by key; each key's value is computed once, then looked up per candidate
cost-group-scan = grouped once by key; each candidate then scans its whole group
cost-scan = each candidate scans the whole list
cost-summary = { $calls ->
        [one] 1 call
       *[other] { $calls } calls
    }, { $scans ->
        [0] none of which scans
        [one] 1 of which scans
       *[other] { $scans } of which scan
    } its list once per candidate. A `count`, `any` or `filter` is grouped by key when its condition joins, with `and`, equalities such as `city == candidate.city` and conditions on the item alone (README.md, "How rules scale").

## kaoping lsp: the language server's words (answers, diagnostics, code lenses).
help-command-lsp = Run the language server on standard input and output, for editors (VS Code, Neovim, Helix, Zed).
help-lsp-stdio = Accepted and ignored: standard input and output are the only transport, and some clients add this flag on their own.
lsp-internal-error = internal error in the language server: { $reason }
lsp-unknown-method = the language server does not answer `{ $method }`
lsp-invalid-params = invalid parameters: { $reason }
lsp-not-open = `{ $uri }` is not open in the editor
lsp-help = help: { $help }
lsp-lens-score = score { $low }–{ $high } · { $count ->
    [one] 1 candidate
   *[other] { $count } candidates
}
lsp-lens-unscored = not scored
lsp-lens-facts-error = the facts `{ $file }` cannot be scored: { $reason }
lsp-unknown-command = unknown command `{ $command }`
lsp-explain-arguments = `kaoping.explain` takes one argument: {"{"} "policy": URI, "facts": PATH, "candidate": ID {"}"}
lsp-explain-no-candidate = the facts have no candidate `{ $id }`

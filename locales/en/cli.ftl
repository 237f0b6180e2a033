# kaoping messages: cli (en). Every id here exists in every language;
# tests/messages.rs checks it.

cli-errors-and-warnings = {$source}: {$errors ->
    [one] 1 error
   *[other] {$errors} errors
}, {$warnings ->
    [one] 1 warning
   *[other] {$warnings} warnings
}

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

# kaoping messages: cli (en). Every id here exists in every language;
# tests/messages.rs checks it.

cli-errors-and-warnings = {$source}: {$errors ->
    [one] 1 error
   *[other] {$errors} errors
}, {$warnings ->
    [one] 1 warning
   *[other] {$warnings} warnings
}

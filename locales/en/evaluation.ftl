# kaoping messages: evaluation (en). Every id here exists in every language;
# tests/messages.rs checks it.


## An evaluation that stops: where in the policy, and for which candidate.
eval-candidate-title = {$id} ({$name})
eval-for-candidate = candidate {$candidate}: {$message}
eval-for-candidate-reading = candidate {$candidate}: {$message} (this code reads {$facts})
eval-label = while evaluating this
eval-help = the facts produced a value this rule cannot handle; check the rule and the facts
eval-help-candidate = check the facts of `{$id}` that this code reads; if they are right, the rule must handle them
eval-division-by-zero = division by zero
eval-scaled-from-zero = scaled from zero
eval-label-candidate = while evaluating this for candidate {$candidate}
eval-score-outside-indicator = indicator {$place} scored `{$value}`, outside 0..{$max}
eval-score-outside-item = item {$place} scored `{$value}`, outside 0..{$max}
eval-score-outside = {$place} scored `{$value}`, outside 0..{$max}

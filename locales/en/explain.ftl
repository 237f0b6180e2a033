# kaoping messages: explain (en). Every id here exists in every language;
# tests/messages.rs checks it.

## The step words at the head of each line of a derivation.
explain-step-fact = fact
explain-step-let = let
explain-step-cap = cap
explain-step-floor = floor
explain-step-test = test
explain-step-cohort = cohort
explain-step-value = value
explain-step-points = points
explain-step-deduct = deduct
explain-step-scale = scale
explain-step-veto = veto
explain-step-round = round
explain-step-sum = sum
explain-step-excluded = EXCLUDED
explain-step-zeroed = ZEROED
explain-step-grade = GRADE
explain-step-tie = tie
explain-severity-error = error
explain-severity-warning = warning
explain-severity-info = info

## Numbers and lines.
explain-number-with-fraction = {$decimal} (= {$fraction})
explain-cap = {$quantity} {$before}, at most {$limit} → {$after} {$effect}
explain-floor = {$quantity} {$before}, at least {$limit} → {$after} {$effect}
explain-cap-applied = (capped)
explain-cap-not-reached = (not reached)
explain-floor-applied = (raised to the floor)
explain-floor-not-reached = (not reached)
explain-where = where: {$parameters}
explain-formula = as written: {$formula}
explain-yes = yes
explain-no = no
explain-test = {$expression}: {$verdict}
explain-test-sides = {$expression}  ({$left} vs {$right}): {$verdict}
explain-cohort = {$expression} = {$value}  (among {$peers} eligible peers)
explain-cohort-own = {$expression} = {$value}  (own value {$own}, among {$peers} eligible peers)
explain-reading = Reading: {$reading}
explain-deductions = {$from} − {$deducted} = {$result} (down to zero)
explain-veto = {$before} → 0 (the `zero when` rule above)
explain-round = {$before} → {$after} ({$places} places, as the policy declares)
explain-items-sum = of the items = {$sum}
explain-item = item
explain-over-peers = (over peers)
explain-scaled-items = (on the {$basis}-point scale of the method; the items' sum is scaled {$max}/{$basis} into the indicator)
explain-not-computed = {$indicator} — not computed: it compares eligible peers, and this candidate is excluded

## Headings and the summary at the end.
explain-eligibility = 资格 eligibility
explain-no-eligibility-rule = no eligibility rule applies
explain-eligible = eligible: no exclusion rule fired
explain-bonus = 加分 bonus
explain-deduction = 扣分 deduction
explain-base = 基础分 base
explain-total = 总分 total
explain-grade = 等次 grade
explain-rank = 名次 rank
explain-status = 状态 status
explain-total-none = none (excluded)
explain-base-sum = base {$base}
explain-capped-from = (capped from {$uncapped})
explain-held-by-bounds = = {$sum}, held to {$total} by the final bounds
explain-rank-of = {$rank} of {$eligible} eligible
explain-rank-unranked = none (the policy does not rank)
explain-rank-excluded = none (excluded)
explain-flag-revoked-in-top = no — rank {$rank} is within the top {$top}, but a revoked title is not put forward; nobody moves up
explain-flag-revoked = no — a revoked title is not put forward

## How a tie on the total was broken.
explain-tie-decided = with {$other} on total {$total}; {$key} {$own} {$comparison} {$theirs}, so ranked {$side ->
    [ahead] ahead
   *[behind] behind
}
explain-tie-shared = with {$other} on total {$total} and on every tie-breaker; they share rank {$rank}

## Why the candidate ends with its status.
explain-status-selected = selected
explain-status-ranked = ranked
explain-status-excluded = excluded
explain-status-revoked = revoked
explain-status-scored = scored
explain-why-excluded = excluded {$reasons}
explain-why-excluded-by = by {$clause}: {$message}
explain-why-revoked = revoked after selection: {$reason}; ranks and scores stand, the title is put forward under no flag, and nobody moves up
explain-why-quota-tie = a tie on the quota line selects every tied candidate: {$message}{$cites}
explain-why-within-quota = rank {$rank} is within the quota of {$quota}{$cites}
explain-why-selected = selected
explain-why-outside-quota = not selected: rank {$rank} is outside the quota of {$quota}{$cites}
explain-why-no-quota = ranked; this group has no quota
explain-why-graded = scored and graded {$grade}; the policy selects nobody
explain-why-scored = scored; the policy selects nobody

## `explain` given a name that several candidates share.
explain-ambiguous-name = several candidates are named `{$name}`; give one of their ids: {$ids}

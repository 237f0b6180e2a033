# kaoping messages: reports (en). Every id here exists in every language;
# tests/messages.rs checks it.

report-rank = Rank
report-id = Id
report-name = Name
report-status = Status
report-base = Base
report-total = Total
report-grade = Grade
report-status-selected = selected
report-status-ranked = not selected
report-status-excluded = excluded
report-status-revoked = revoked
report-status-scored = scored
report-all-candidates = All candidates
report-cohort-line = {$heading} — {$eligible} eligible, {$quota}
report-selects-nobody = assessed: the policy selects nobody
report-no-quota = no quota
report-quota = quota {$quota}, selected {$selected}
report-quota-revoked = quota {$quota}, selected {$selected}, revoked {$revoked} ({$held} titles held, nobody moves up)
report-quota-line = quota line {$quota}
report-grade-counts = grades
report-score-details = Score details
report-findings = Findings
report-severity = { $severity ->
    [error] error
    [warning] warning
   *[info] info
}
report-max = Max
report-grade-band = Grade by score
report-xlsx-policy-sheet = Policy
report-xlsx-item = Item
report-xlsx-value = Value
report-xlsx-title = Title
report-xlsx-id = Policy id
report-xlsx-version = Version
report-xlsx-effective = Effective
report-xlsx-source = Source document
report-xlsx-produced = Produced on
report-xlsx-comment = Scored under policy {$policy}, version {$version}, on {$date}.

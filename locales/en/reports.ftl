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
report-md-sum-adjusted = the base is the indicators' sum; total = base + bonuses − deductions
report-md-sum = the total is the indicators' sum
report-md-rounding-mode = { $mode ->
    [half_even] half to even
    [down] extra digits dropped
   *[half_away_from_zero] half away from zero
}
report-md-rounding = each indicator's score rounded to {$places} decimal places ({$mode}); {$sum}
report-md-exact = exact scores, not rounded
report-md-quota-revoked = {$eligible} eligible, quota {$quota}, selected {$selected}, revoked {$revoked}, titles held {$held} (nobody moves up)
report-md-quota = {$eligible} eligible, quota {$quota}, selected {$selected}
report-md-no-quota = {$eligible} eligible, no quota in this group
report-md-assessed = {$eligible} eligible; assessed, nobody is selected
report-md-results = Results
report-md-ranking = Ranking
report-md-policy = Policy: {$id}
report-md-version = Version: {$version}
report-md-effective = Effective: {$date}
report-md-source = Source: {$source}
report-md-total = Total: {$total} ({$indicators} indicators; {$rounding})
report-md-full-stop = .
report-md-grades = Grades: {$counts}.
report-md-selected = Selected
report-md-flag = Flag {$flag}
report-md-flag-revoked = Revoked (not put forward; nobody moves up):
report-md-severity-count = {$severity} ({$count})
report-md-none = None.
report-md-candidate = Candidate
report-md-message = Message
report-md-clause = Clause
report-md-rule = Rule
report-md-readings = Readings
report-md-no-readings = The policy declares no readings.
report-md-readings-intro = How the policy reads its source where the text is unclear:
report-md-place = Place
report-md-reading = Reading
report-md-item = Item
report-md-points = Points
report-md-note = Note
report-md-group-no-quota = No quota in this group.
report-md-revoked = Revoked after selection (the place stays empty):
report-md-listed = No. {$rank}: {$name} ({$id}), total {$total}, {$status}
report-html-policy = Policy
report-html-total = {$total} ({$indicators} indicators; {$rounding})
report-html-chart = Score by indicator
report-html-nobody-ranked = Nobody was ranked.
report-html-chart-label = Score by indicator, {$group}
report-chart-revoked = {" "}(revoked)

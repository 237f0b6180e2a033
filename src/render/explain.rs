//! One candidate's derivation, as text a committee member reads and as JSON
//! for programs: every number of the outcome, step by step, with the clause
//! after each rule and the readings marked as such.

use serde_json::{json, Value as Json};

use crate::ledger::{CandidateLedger, Entry, IndicatorLedger, Ledger, RuleKind};
use crate::number::Number;
use crate::outcome::{
    AdjustmentKind, AdjustmentOutcome, CandidateOutcome, FindingKind, GradeOutcome, GroupOutcome,
    Outcome, Status,
};
use crate::policy::Policy;

use super::breakdown;

/// The candidate's outcome, ledger and group, found by id.
struct Subject<'a> {
    outcome: &'a CandidateOutcome,
    ledger: &'a CandidateLedger,
    group: Option<&'a GroupOutcome>,
}

fn subject<'a>(outcome: &'a Outcome, ledger: &'a Ledger, id: &str) -> Option<Subject<'a>> {
    let candidate = outcome.candidates.iter().find(|c| c.id == id)?;
    let group_name = candidate.group.as_deref().unwrap_or("");
    Some(Subject {
        outcome: candidate,
        ledger: ledger.candidate(id)?,
        group: outcome.groups.iter().find(|g| g.name == group_name),
    })
}

/// A number as a decimal: exact when its expansion ends, else `≈` and four
/// places (550/7 → `≈78.5714`), never a fraction.
fn show(number: &Number) -> String {
    number.to_decimal_string(crate::number::EXPLAIN_PLACES)
}

fn cites(cites: &[String]) -> String {
    if cites.is_empty() {
        String::new()
    } else {
        format!("  [{}]", cites.join("；"))
    }
}

fn label(name: &str, label: &Option<String>) -> String {
    match label {
        Some(label) => format!("{label} {name}"),
        None => name.to_string(),
    }
}

fn entry_lines(entry: &Entry, indent: &str, out: &mut String) {
    let line = match entry {
        Entry::Input { path, value } => format!("fact     {path} = {value}"),
        Entry::Let { name, value } => format!("let      {name} = {value}"),
        Entry::Bound {
            operator,
            expression,
            before,
            limit,
            after,
        } => {
            let effect = if before == after {
                "not reached"
            } else {
                "applied"
            };
            format!(
                "{operator:<8} {expression}: {} {operator} {} → {} ({effect})",
                show(before),
                show(limit),
                show(after)
            )
        }
        Entry::Condition {
            expression,
            sides,
            holds,
        } => {
            let verdict = if *holds { "yes" } else { "no" };
            match sides {
                Some((left, right)) => {
                    format!("test     {expression}  ({left} vs {right}): {verdict}")
                }
                None => format!("test     {expression}: {verdict}"),
            }
        }
        Entry::Cohort {
            expression,
            value,
            own_value,
            peers,
        } => match own_value {
            Some(own) => format!(
                "cohort   {expression} = {value}  (own value {own}, among {peers} eligible peers)"
            ),
            None => format!("cohort   {expression} = {value}  (among {peers} eligible peers)"),
        },
        Entry::Rule {
            kind,
            severity,
            message,
            cites: rule_cites,
            readings,
        } => {
            let what = match kind {
                RuleKind::Exclude => "EXCLUDED",
                RuleKind::Zero => "ZEROED  ",
                RuleKind::Finding => severity.as_str(),
                RuleKind::Grade => "GRADE   ",
            };
            let mut text = format!("{what:<8} {message}{}", cites(rule_cites));
            for reading in readings {
                text.push_str(&format!("\n{indent}         Reading: {reading}"));
            }
            text
        }
        Entry::Score { value } => format!("value    {}", show(value)),
        Entry::Deducted {
            points,
            message,
            cites: line_cites,
        } => format!("points   {}  {message}{}", show(points), cites(line_cites)),
        Entry::Deductions {
            from,
            deducted,
            result,
        } => format!(
            "deduct   {} − {} = {} (down to zero)",
            show(from),
            show(deducted),
            show(result)
        ),
        Entry::Scaled {
            sum,
            basis,
            max,
            result,
        } => format!(
            "scale    {} × {} ÷ {} = {}",
            show(sum),
            show(max),
            show(basis),
            show(result)
        ),
        Entry::Vetoed { before } => {
            format!("veto     {} → 0 (the `zero when` rule above)", show(before))
        }
        Entry::Rounded {
            before,
            after,
            places,
        } => format!(
            "round    {} → {} ({places} places, as the policy declares)",
            show(before),
            after.to_fixed(*places)
        ),
    };
    out.push_str(indent);
    out.push_str(&line);
    out.push('\n');
}

/// `scale` is, for an item, where its score stands: `""`, or the scale words
/// when its indicator scales the items' sum (` — on the 30-point scale, …`).
fn indicator_text(
    indicator: &IndicatorLedger,
    indent: &str,
    is_item: bool,
    scale: &str,
    out: &mut String,
) {
    let kind = if is_item { "item " } else { "" };
    let cohort = if indicator.cohort {
        "  (over peers)"
    } else {
        ""
    };
    out.push_str(&format!(
        "{indent}{kind}{} — {} / {}{scale}{}{cohort}\n",
        label(&indicator.name, &indicator.label),
        if is_item {
            show(&indicator.score)
        } else {
            indicator.score.to_fixed(2)
        },
        indicator.max,
        cites(&indicator.cites)
    ));
    let inner = format!("{indent}    ");
    for reading in &indicator.readings {
        out.push_str(&format!("{inner}Reading: {reading}\n"));
    }
    // Steps before the items are shared by them; the sum, scaling and
    // rounding come after.
    let split = indicator
        .entries
        .iter()
        .position(|e| matches!(e, Entry::Score { .. }))
        .unwrap_or(indicator.entries.len());
    for entry in &indicator.entries[..split] {
        entry_lines(entry, &inner, out);
    }
    let scale = indicator
        .entries
        .iter()
        .find_map(|entry| match entry {
            Entry::Scaled { basis, max, .. } => Some(format!(
                " (on the {basis}-point scale of the method; the items' sum is scaled {max}/{basis} into the indicator)"
            )),
            _ => None,
        })
        .unwrap_or_default();
    for item in &indicator.items {
        indicator_text(item, &inner, true, &scale, out);
    }
    for entry in &indicator.entries[split..] {
        if !indicator.items.is_empty() {
            if let Entry::Score { value } = entry {
                out.push_str(&format!("{inner}sum      of the items = {}\n", show(value)));
                continue;
            }
        }
        entry_lines(entry, &inner, out);
    }
}

/// Why the candidate ends with its status, in one sentence.
fn verdict(policy: &Policy, subject: &Subject) -> String {
    let candidate = subject.outcome;
    let quota = subject.group.and_then(|g| g.quota);
    let selection = policy.selections.iter().find(|s| {
        s.group
            .as_deref()
            .is_none_or(|g| Some(g) == candidate.group.as_deref())
    });
    let quota_cites = selection
        .map(|s| cites(&s.annotations.cites))
        .unwrap_or_default();
    let overrun = candidate
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::QuotaOverrun && f.rule == "select");
    match candidate.status {
        Status::Excluded => {
            let reasons: Vec<String> = candidate
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::Exclusion)
                .map(|f| match &f.clause {
                    Some(clause) => format!("by {clause}: {}", f.message),
                    None => f.message.clone(),
                })
                .collect();
            format!("excluded {}", reasons.join("; "))
        }
        Status::Revoked => {
            let reason = candidate
                .findings
                .iter()
                .find(|f| f.kind == FindingKind::Revocation)
                .map(|f| {
                    format!(
                        "{}{}",
                        f.message,
                        f.clause
                            .as_ref()
                            .map(|c| format!(" [{c}]"))
                            .unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            format!("revoked after selection: {reason}; ranks and scores stand, the title is put forward under no flag, and nobody moves up")
        }
        Status::Selected => match (overrun, quota) {
            (Some(finding), _) => format!(
                "a tie on the quota line selects every tied candidate: {}{quota_cites}",
                finding.message
            ),
            (None, Some(quota)) => format!(
                "rank {} is within the quota of {quota}{quota_cites}",
                candidate.rank.unwrap_or(0)
            ),
            (None, None) => "selected".into(),
        },
        Status::Ranked => match quota {
            Some(quota) => format!(
                "not selected: rank {} is outside the quota of {quota}{quota_cites}",
                candidate.rank.unwrap_or(0)
            ),
            None => "ranked; this group has no quota".into(),
        },
        Status::Scored => match &candidate.grade {
            Some(grade) => format!(
                "scored and graded {}; the policy selects nobody",
                grade.label.as_deref().unwrap_or(&grade.name)
            ),
            None => "scored; the policy selects nobody".into(),
        },
    }
}

/// `base 93.50 + 宣传报道加分 2.00 (capped from 2.40) − 通报批评扣分 1.00 = 94.50`,
/// and the final bounds when they changed the sum.
fn total_sum(candidate: &CandidateOutcome, total: &Number) -> String {
    let base = candidate.base.as_ref().unwrap_or(total);
    let mut text = format!("base {}", base.to_fixed(2));
    for adjustment in &candidate.adjustments {
        let sign = match adjustment.kind {
            AdjustmentKind::Bonus => "+",
            AdjustmentKind::Deduction => "−",
        };
        let capped = if adjustment.uncapped != adjustment.points {
            format!(" (capped from {})", adjustment.uncapped.to_fixed(2))
        } else {
            String::new()
        };
        text.push_str(&format!(
            " {sign} {} {}{capped}",
            adjustment.label.as_deref().unwrap_or(&adjustment.name),
            adjustment.points.to_fixed(2)
        ));
    }
    match breakdown::unbounded_total(candidate) {
        Some(sum) if &sum != total => text.push_str(&format!(
            " = {}, held to {} by the final bounds",
            sum.to_fixed(2),
            total.to_fixed(2)
        )),
        _ => text.push_str(&format!(" = {}", total.to_fixed(2))),
    }
    text
}

/// A bonus or deduction block: what it gave, the cap, and its lines as the
/// ledger recorded them (or the outcome's reasons, when there is no ledger
/// of it).
fn adjustment_text(adjustment: &AdjustmentOutcome, ledger: &CandidateLedger, out: &mut String) {
    let kind = match adjustment.kind {
        AdjustmentKind::Bonus => "加分 bonus",
        AdjustmentKind::Deduction => "扣分 deduction",
    };
    let cap = breakdown::cap_words(adjustment, 2);
    let clause = adjustment
        .clause
        .as_ref()
        .map(|c| format!("  [{c}]"))
        .unwrap_or_default();
    out.push_str(&format!(
        "{kind} {} — {}{}{clause}\n",
        label(&adjustment.name, &adjustment.label),
        adjustment.points.to_fixed(2),
        if cap.is_empty() {
            String::new()
        } else {
            format!(" ({cap})")
        }
    ));
    // A ledger with no steps (an outcome recorded without them) falls back
    // on the outcome's reasons, so a block never shows without its why.
    let recorded = ledger
        .adjustments
        .iter()
        .find(|l| l.name == adjustment.name && !l.entries.is_empty());
    match recorded {
        Some(recorded) => {
            for reading in &recorded.readings {
                out.push_str(&format!("    Reading: {reading}\n"));
            }
            for entry in &recorded.entries {
                entry_lines(entry, "    ", out);
            }
        }
        None => {
            for reason in &adjustment.reasons {
                let clause = reason
                    .clause
                    .as_ref()
                    .map(|c| format!("  [{c}]"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "    points   {}  {}{clause}\n",
                    show(&reason.points),
                    reason.message
                ));
            }
        }
    }
}

/// The derivation of candidate `id` as text, or `None` when there is no such candidate.
pub fn explain_text(
    policy: &Policy,
    outcome: &Outcome,
    ledger: &Ledger,
    id: &str,
) -> Option<String> {
    let subject = subject(outcome, ledger, id)?;
    let candidate = subject.outcome;
    let mut out = String::new();
    let group = match (&candidate.group, subject.group) {
        (Some(name), Some(group)) => format!(" — {}", label(name, &group.label)),
        _ => String::new(),
    };
    out.push_str(&format!(
        "{} ({}){group}\n{}\n\n",
        candidate.display_name(),
        candidate.id,
        outcome.title.as_deref().unwrap_or(&outcome.policy_id)
    ));

    out.push_str("资格 eligibility\n");
    if subject.ledger.eligibility.is_empty() {
        out.push_str("    no eligibility rule applies\n");
    }
    for entry in &subject.ledger.eligibility {
        entry_lines(entry, "    ", &mut out);
    }
    if !candidate.status.eq(&Status::Excluded) {
        out.push_str("    eligible: no exclusion rule fired\n");
    }
    for entry in &subject.ledger.findings {
        entry_lines(entry, "    ", &mut out);
    }
    out.push('\n');

    for (index, indicator) in subject.ledger.indicators.iter().enumerate() {
        match indicator {
            Some(indicator) => indicator_text(indicator, "", false, "", &mut out),
            None => {
                let definition = &policy.indicators[index];
                out.push_str(&format!(
                    "{} — not computed: it compares eligible peers, and this candidate is excluded\n",
                    label(&definition.name, &definition.label)
                ));
            }
        }
        out.push('\n');
    }

    let adjusted = breakdown::shows_adjustments(outcome) && candidate.base.is_some();
    if adjusted {
        for adjustment in &candidate.adjustments {
            adjustment_text(adjustment, subject.ledger, &mut out);
            out.push('\n');
        }
    }
    match &candidate.total {
        Some(total) => {
            let parts: Vec<String> = candidate
                .indicators
                .iter()
                .filter_map(|i| i.score.as_ref().map(|s| s.to_fixed(2)))
                .collect();
            if adjusted {
                let base = candidate.base.as_ref().unwrap_or(total);
                out.push_str(&format!(
                    "基础分 base  {} = {}\n",
                    base.to_fixed(2),
                    parts.join(" + ")
                ));
                out.push_str(&format!("总分 total   {}\n", total_sum(candidate, total)));
            } else {
                out.push_str(&format!(
                    "总分 total   {} = {}\n",
                    total.to_fixed(2),
                    parts.join(" + ")
                ));
            }
        }
        None => out.push_str("总分 total   none (excluded)\n"),
    }
    for entry in &subject.ledger.after_total {
        entry_lines(entry, "    ", &mut out);
    }
    if let Some(grade) = &candidate.grade {
        out.push_str(&format!(
            "等次 grade   {}\n",
            breakdown::grade_story(grade, 2)
        ));
    }
    match (candidate.rank, subject.group) {
        (Some(rank), Some(group)) => out.push_str(&format!(
            "名次 rank    {rank} of {} eligible\n",
            group.eligible
        )),
        _ if candidate.status != Status::Excluded => {
            out.push_str("名次 rank    none (the policy does not rank)\n")
        }
        _ => out.push_str("名次 rank    none (excluded)\n"),
    }
    for (flag, on) in &candidate.flags {
        let line = if *on {
            "yes".to_string()
        } else if candidate.status == Status::Revoked {
            let top = policy
                .flags
                .iter()
                .find(|f| {
                    f.flag.as_deref() == Some(flag.as_str())
                        && f.group
                            .as_deref()
                            .is_none_or(|g| Some(g) == candidate.group.as_deref())
                })
                .map(|f| f.count);
            match (candidate.rank, top) {
                (Some(rank), Some(top)) if rank <= top => format!(
                    "no — rank {rank} is within the top {top}, but a revoked title is not put forward; nobody moves up"
                ),
                _ => "no — a revoked title is not put forward".to_string(),
            }
        } else {
            "no".to_string()
        };
        out.push_str(&format!("{flag:<12} {line}\n"));
    }
    out.push_str(&format!(
        "状态 status  {} — {}\n",
        candidate.status.as_str(),
        verdict(policy, &subject)
    ));
    Some(out)
}

fn number_json(number: &Number) -> Json {
    json!(number.to_exact_string())
}

fn entry_json(entry: &Entry) -> Json {
    match entry {
        Entry::Input { path, value } => json!({ "step": "fact", "path": path, "value": value }),
        Entry::Let { name, value } => json!({ "step": "let", "name": name, "value": value }),
        Entry::Bound {
            operator,
            expression,
            before,
            limit,
            after,
        } => json!({
            "step": operator, "expression": expression, "before": number_json(before),
            "limit": number_json(limit), "after": number_json(after), "applied": before != after,
        }),
        Entry::Condition {
            expression,
            sides,
            holds,
        } => json!({
            "step": "test", "expression": expression,
            "left": sides.as_ref().map(|s| &s.0), "right": sides.as_ref().map(|s| &s.1), "holds": holds,
        }),
        Entry::Cohort {
            expression,
            value,
            own_value,
            peers,
        } => {
            json!({ "step": "cohort", "expression": expression, "value": value, "own_value": own_value, "peers": peers })
        }
        Entry::Rule {
            kind,
            severity,
            message,
            cites,
            readings,
        } => json!({
            "step": match kind { RuleKind::Exclude => "exclude", RuleKind::Zero => "zero", RuleKind::Finding => "finding", RuleKind::Grade => "grade" },
            "severity": severity.as_str(), "message": message, "cites": cites, "readings": readings,
        }),
        Entry::Score { value } => json!({ "step": "value", "value": number_json(value) }),
        Entry::Deducted {
            points,
            message,
            cites,
        } => {
            json!({ "step": "points", "points": number_json(points), "message": message, "cites": cites })
        }
        Entry::Deductions {
            from,
            deducted,
            result,
        } => json!({
            "step": "deductions", "from": number_json(from), "deducted": number_json(deducted),
            "result": number_json(result),
        }),
        Entry::Scaled {
            sum,
            basis,
            max,
            result,
        } => json!({
            "step": "scale", "sum": number_json(sum), "basis": number_json(basis),
            "max": number_json(max), "result": number_json(result),
        }),
        Entry::Vetoed { before } => {
            json!({ "step": "veto", "before": number_json(before), "after": "0" })
        }
        Entry::Rounded {
            before,
            after,
            places,
        } => {
            json!({ "step": "round", "before": number_json(before), "after": after.to_fixed(*places), "places": places })
        }
    }
}

fn indicator_json(indicator: &IndicatorLedger) -> Json {
    json!({
        "name": indicator.name,
        "label": indicator.label,
        "max": number_json(&indicator.max),
        "cites": indicator.cites,
        "readings": indicator.readings,
        "cohort": indicator.cohort,
        "steps": indicator.entries.iter().map(entry_json).collect::<Vec<_>>(),
        "items": indicator.items.iter().map(indicator_json).collect::<Vec<_>>(),
        "exact": number_json(&indicator.exact),
        "score": indicator.score.to_fixed(2),
    })
}

fn adjustment_json(adjustment: &AdjustmentOutcome, ledger: &CandidateLedger) -> Json {
    let recorded = ledger
        .adjustments
        .iter()
        .find(|l| l.name == adjustment.name);
    json!({
        "name": adjustment.name,
        "label": adjustment.label,
        "kind": adjustment.kind,
        "points": number_json(&adjustment.points),
        "uncapped": number_json(&adjustment.uncapped),
        "cap": adjustment.cap.as_ref().map(number_json),
        "clause": adjustment.clause,
        "reasons": adjustment.reasons.iter().map(|reason| json!({
            "message": reason.message,
            "points": number_json(&reason.points),
            "clause": reason.clause,
        })).collect::<Vec<_>>(),
        "steps": recorded.map_or(Vec::new(), |l| l.entries.iter().map(entry_json).collect()),
    })
}

fn grade_json(grade: &GradeOutcome) -> Json {
    json!({
        "name": grade.name,
        "label": grade.label,
        "value": grade.value.to_fixed(2),
        "band": grade.band,
        "changes": grade.changes.iter().map(|change| json!({
            "kind": change.kind,
            "to": change.to,
            "message": change.message,
            "clause": change.clause,
        })).collect::<Vec<_>>(),
        "story": breakdown::grade_story(grade, 2),
    })
}

/// The derivation of candidate `id` as JSON, or `None` when there is no such candidate.
pub fn explain_json(
    policy: &Policy,
    outcome: &Outcome,
    ledger: &Ledger,
    id: &str,
) -> Option<String> {
    let subject = subject(outcome, ledger, id)?;
    let candidate = subject.outcome;
    let mut document = json!({
        "id": candidate.id,
        "name": candidate.name,
        "group": candidate.group,
        "eligibility": subject.ledger.eligibility.iter().map(entry_json).collect::<Vec<_>>(),
        "findings": subject.ledger.findings.iter().map(entry_json).collect::<Vec<_>>(),
        "indicators": subject.ledger.indicators.iter().zip(&policy.indicators).map(|(ledger, definition)| match ledger {
            Some(ledger) => indicator_json(ledger),
            None => json!({ "name": definition.name, "label": definition.label, "computed": false }),
        }).collect::<Vec<_>>(),
        "total": candidate.total.as_ref().map(|t| t.to_fixed(2)),
        "rank": candidate.rank,
        "eligible_in_group": subject.group.map(|g| g.eligible),
        "flags": candidate.flags.iter().map(|(name, on)| json!({ "name": name, "value": on })).collect::<Vec<_>>(),
        "status": candidate.status.as_str(),
        "why": verdict(policy, &subject),
    });
    // Added keys only, for the constructs the outcome uses: documents of
    // policies without them stay as they were.
    let object = document.as_object_mut().expect("built as an object");
    if breakdown::shows_adjustments(outcome) {
        object.insert(
            "base".into(),
            json!(candidate.base.as_ref().map(|b| b.to_fixed(2))),
        );
        object.insert(
            "adjustments".into(),
            candidate
                .adjustments
                .iter()
                .map(|a| adjustment_json(a, subject.ledger))
                .collect(),
        );
    }
    if !subject.ledger.after_total.is_empty() {
        object.insert(
            "after_total".into(),
            subject.ledger.after_total.iter().map(entry_json).collect(),
        );
    }
    if breakdown::shows_grades(outcome) {
        object.insert(
            "grade".into(),
            candidate.grade.as_ref().map_or(Json::Null, grade_json),
        );
    }
    let mut text = serde_json::to_string_pretty(&document).expect("JSON values always serialize");
    text.push('\n');
    Some(text)
}

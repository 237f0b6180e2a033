//! The derivation as JSON, for programs: every key of earlier versions, and
//! added keys only (`limit_expression`, `ties`).

use serde_json::{json, Value as Json};

use crate::ledger::{CandidateLedger, Entry, IndicatorLedger, Ledger, RuleKind};
use crate::messages::Language;
use crate::number::Number;
use crate::outcome::{AdjustmentOutcome, GradeOutcome, Outcome};
use crate::policy::Policy;

use super::super::breakdown;
use super::{subject, tie, verdict};

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
            limit_expression,
            after,
        } => json!({
            "step": operator, "expression": expression, "before": number_json(before),
            "limit": number_json(limit), "after": number_json(after), "applied": before != after,
            "limit_expression": limit_expression,
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
pub(super) fn explain_json(
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
        // The contract's sentence stays in English, whatever the reader's language.
        "why": verdict(policy, &subject, Language::English),
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
    let ties = tie::ties(policy, outcome, candidate);
    if !ties.is_empty() {
        object.insert(
            "ties".into(),
            ties.iter()
                .map(|tie| {
                    json!({
                        "with": tie.other.id,
                        "with_name": tie.other.name,
                        "total": tie.total.to_fixed(2),
                        "decided_by": tie.decided_by.as_ref().map(|d| &policy.indicators[d.indicator].name),
                        "own": tie.decided_by.as_ref().map(|d| number_json(d.own)),
                        "theirs": tie.decided_by.as_ref().map(|d| number_json(d.theirs)),
                        "ahead": tie.decided_by.as_ref().map(|d| d.ahead()),
                    })
                })
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
            candidate.grade.as_deref().map_or(Json::Null, grade_json),
        );
    }
    let mut text = serde_json::to_string_pretty(&document).expect("JSON values always serialize");
    text.push('\n');
    Some(text)
}

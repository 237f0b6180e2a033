//! Why the candidate ends with its status, in one sentence.

use crate::messages::Language;
use crate::outcome::{FindingKind, Status};
use crate::policy::Policy;
use crate::tr;

use super::words::cites;
use super::Subject;

pub(super) fn status_word(status: Status, language: Language) -> String {
    match status {
        Status::Selected => tr!(language, "explain-status-selected"),
        Status::Ranked => tr!(language, "explain-status-ranked"),
        Status::Excluded => tr!(language, "explain-status-excluded"),
        Status::Revoked => tr!(language, "explain-status-revoked"),
        Status::Scored => tr!(language, "explain-status-scored"),
    }
}

/// Why the candidate ends with its status, in one sentence.
pub(super) fn verdict(policy: &Policy, subject: &Subject, language: Language) -> String {
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
    let rank = candidate.rank.unwrap_or(0).to_string();
    match candidate.status {
        Status::Excluded => {
            let reasons: Vec<String> = candidate
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::Exclusion)
                .map(|f| match &f.clause {
                    Some(clause) => tr!(
                        language,
                        "explain-why-excluded-by",
                        clause = clause.as_str(),
                        message = f.message.as_str()
                    ),
                    None => f.message.clone(),
                })
                .collect();
            let separator = if language == Language::English {
                "; "
            } else {
                "；"
            };
            tr!(
                language,
                "explain-why-excluded",
                reasons = reasons.join(separator)
            )
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
            tr!(language, "explain-why-revoked", reason = reason)
        }
        Status::Selected => match (overrun, quota) {
            (Some(finding), _) => tr!(
                language,
                "explain-why-quota-tie",
                message = finding.message.as_str(),
                cites = quota_cites
            ),
            (None, Some(quota)) => tr!(
                language,
                "explain-why-within-quota",
                rank = rank,
                quota = quota.to_string(),
                cites = quota_cites
            ),
            (None, None) => tr!(language, "explain-why-selected"),
        },
        Status::Ranked => match quota {
            Some(quota) => tr!(
                language,
                "explain-why-outside-quota",
                rank = rank,
                quota = quota.to_string(),
                cites = quota_cites
            ),
            None => tr!(language, "explain-why-no-quota"),
        },
        Status::Scored => match &candidate.grade {
            Some(grade) => tr!(
                language,
                "explain-why-graded",
                grade = grade.label.as_deref().unwrap_or(&grade.name)
            ),
            None => tr!(language, "explain-why-scored"),
        },
    }
}

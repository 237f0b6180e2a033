//! What evaluation produces: per-candidate statuses, ranks, scores and
//! findings, in the candidates' facts order.

use crate::ast::Severity;
use crate::number::Number;

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub policy_id: String,
    pub title: Option<String>,
    pub version: Option<String>,
    /// The candidate field that groups candidates (`level`), if any.
    pub group_field: Option<String>,
    pub groups: Vec<GroupOutcome>,
    pub candidates: Vec<CandidateOutcome>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupOutcome {
    /// The group's value (`city`); empty when candidates are not grouped.
    pub name: String,
    pub label: Option<String>,
    pub quota: Option<u32>,
    pub eligible: usize,
    pub selected: usize,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Selected,
    Ranked,
    Excluded,
    Revoked,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Selected => "selected",
            Status::Ranked => "ranked",
            Status::Excluded => "excluded",
            Status::Revoked => "revoked",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CandidateOutcome {
    pub id: String,
    pub name: Option<String>,
    /// The candidate's group (`city` / `county`), if the policy groups.
    pub group: Option<String>,
    pub status: Status,
    pub rank: Option<u32>,
    pub total: Option<Number>,
    pub indicators: Vec<IndicatorOutcome>,
    /// `flag NAME top N` results, in declaration order.
    pub flags: Vec<(String, bool)>,
    pub findings: Vec<Finding>,
}

impl CandidateOutcome {
    pub fn indicator(&self, name: &str) -> Option<&IndicatorOutcome> {
        self.indicators
            .iter()
            .find(|indicator| indicator.name == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorOutcome {
    pub name: String,
    pub label: Option<String>,
    pub max: Number,
    /// The rounded score; `None` when it depends on peers and the candidate
    /// was excluded.
    pub score: Option<Number>,
    /// The exact score before rounding.
    pub exact: Option<Number>,
    pub items: Vec<ItemOutcome>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemOutcome {
    pub name: String,
    pub label: Option<String>,
    pub max: Number,
    /// Items are not rounded: this is exact.
    pub score: Number,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    /// An `exclude when` rule fired.
    Exclusion,
    /// A `zero when` rule set an indicator to 0.
    Zeroed,
    /// A `finding` rule fired.
    Finding,
    /// A tie at a quota line selected more candidates than the quota.
    QuotaOverrun,
    /// A `revoke when` rule withdrew a selection.
    Revocation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub kind: FindingKind,
    pub message: String,
    /// The clause citations of the rule that produced it.
    pub clause: Option<String>,
    /// Where the rule is in the policy (`indicator case_files`, …).
    pub rule: String,
}

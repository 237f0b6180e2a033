//! What evaluation produces: per-candidate statuses, ranks, scores and
//! findings, in the candidates' facts order.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use crate::ast::Severity;
use crate::number::Number;

/// A name or label that the policy declares once and every candidate's
/// outcome repeats: shared, not copied, so 100,000 outcomes hold one text.
/// It reads as a `str` (compares with, derefs to, serializes as one).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(Arc<str>);

impl Name {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<Arc<str>> for Name {
    fn from(text: Arc<str>) -> Self {
        Name(text)
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Self {
        Name(Arc::from(text))
    }
}

impl From<String> for Name {
    fn from(text: String) -> Self {
        Name(Arc::from(text))
    }
}

impl From<&Name> for String {
    fn from(name: &Name) -> Self {
        name.as_str().to_string()
    }
}

impl From<Name> for String {
    fn from(name: Name) -> Self {
        name.as_str().to_string()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The result of evaluating one facts file: every candidate's status, rank and
/// scores, and how each group's quota was filled.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The identifier after `policy` in the header: which policy produced this.
    pub policy_id: String,
    /// The header's `title`, if it declares one.
    pub title: Option<String>,
    /// The header's `version`, if it declares one, so that a result says which
    /// edition of the rules produced it.
    pub version: Option<String>,
    /// The candidate field that groups candidates (`level`), if any.
    pub group_field: Option<String>,
    /// One per group, in the order the grouping enum declares its variants; a
    /// single group with an empty name when the policy does not group.
    pub groups: Vec<GroupOutcome>,
    /// Every candidate, excluded ones included, in facts order.
    pub candidates: Vec<CandidateOutcome>,
}

/// How selection went in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupOutcome {
    /// The group's value (`city`); empty when candidates are not grouped.
    pub name: String,
    /// The group variant's label (`市级`), if the enum declares one.
    pub label: Option<String>,
    /// `N` of the `select` rule that applies here; `None` when no rule selects in this group.
    pub quota: Option<u32>,
    /// How many of the group's candidates were not excluded, and so were ranked.
    pub eligible: usize,
    /// How many candidates the quota selected, ties at the line included; a later
    /// revocation does not lower it.
    pub selected: usize,
    /// How many of those `selected` were revoked since (`revoke when`): the
    /// titles held are `selected - revoked`, and nobody moved up.
    pub revoked: usize,
    /// Quota overruns of the `select` and `flag` rules in this group; each is also
    /// reported on the tied candidates.
    pub findings: Vec<Finding>,
}

/// Where a candidate ended up; serialized in lowercase, as the results contract spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Ranked within the group's quota (rank ≤ `N`), ties at the line included.
    Selected,
    /// Eligible and ranked, but outside the quota or in a group that selects nobody.
    Ranked,
    /// An `exclude when` rule fired: the candidate has neither a rank nor a total.
    Excluded,
    /// Selected, then withdrawn by a `revoke when` rule; rank and scores stay,
    /// every flag is cleared (a revoked title is put forward nowhere), and
    /// nobody moves up into the freed place or onto a flag's list.
    Revoked,
    /// Eligible and scored (and graded, when the policy grades) by a policy
    /// that selects nobody: an assessment, not a competition.
    Scored,
}

impl Status {
    /// The lowercase name used in tables and JSON (`selected`, `ranked`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Selected => "selected",
            Status::Ranked => "ranked",
            Status::Excluded => "excluded",
            Status::Revoked => "revoked",
            Status::Scored => "scored",
        }
    }
}

/// Everything evaluation decided about one candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateOutcome {
    /// The candidate's key (its `id` field), as text; shared with the facts.
    pub id: Name,
    /// The candidate's `name` field, when the candidate record declares one.
    pub name: Option<Name>,
    /// The candidate's group (`city` / `county`), if the policy groups.
    pub group: Option<Name>,
    /// Whether the candidate was selected, only ranked, excluded or revoked.
    pub status: Status,
    /// Competition rank within the group (1, 2, 2, 4), by total and then the
    /// tie-breaker indicators; `None` for excluded candidates.
    pub rank: Option<u32>,
    /// The final total: `base` plus the bonuses, minus the deductions, within
    /// the header's `final` bounds; equal to `base` when the policy declares
    /// none of them. Exact, no rounding of its own; `None` for excluded candidates.
    pub total: Option<Number>,
    /// Sum of the rounded indicator scores; `None` for excluded candidates.
    pub base: Option<Number>,
    /// The `bonus` and `deduction` blocks, in declaration order; empty when
    /// the policy declares none, or for an excluded candidate.
    pub adjustments: Vec<AdjustmentOutcome>,
    /// The grade, when the policy declares `grades`; `None` for excluded
    /// candidates and for policies without grades.
    /// Boxed, so that under a policy without grades a candidate carries a
    /// word for it rather than a grade's 112 bytes.
    pub grade: Option<Box<GradeOutcome>>,
    /// One per indicator, in declaration order, excluded candidates included (their
    /// peer-dependent indicators carry no score).
    pub indicators: Vec<IndicatorOutcome>,
    /// `flag NAME top N` results, in declaration order; all `false` for a
    /// revoked candidate.
    pub flags: Vec<(String, bool)>,
    /// Everything reported about this candidate (exclusions, zeroed indicators,
    /// findings, quota overruns, revocations), in the order evaluation met them.
    pub findings: Vec<Finding>,
}

impl CandidateOutcome {
    /// The candidate's name, or its id when the candidate record has no name:
    /// how messages about several candidates name each.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// The outcome of the indicator named `name`, if the policy declares one.
    pub fn indicator(&self, name: &str) -> Option<&IndicatorOutcome> {
        self.indicators
            .iter()
            .find(|indicator| indicator.name == name)
    }
}

/// What the policy declares about an indicator or item: its name, label,
/// maximum and scale. Every candidate's outcome shares the policy's one
/// copy, so that 100,000 outcomes hold the 64 bytes once rather than once
/// per candidate and item.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    /// The identifier, as used by `rank by` and the JSON `indicators` keys.
    pub name: Name,
    /// The display label (`满意度`), if it declares one.
    pub label: Option<Name>,
    /// The most points it gives; every score lies within `[0, max]`.
    pub max: Number,
    /// `scaled from N`: its items are on an `N`-point scale, and their sum
    /// enters the score × max ÷ N. Reports say so beside each item.
    pub scaled_from: Option<Number>,
}

impl Declared {
    /// A declaration to share among outcomes.
    pub fn new(
        name: impl Into<Name>,
        label: Option<Name>,
        max: Number,
        scaled_from: Option<Number>,
    ) -> Arc<Declared> {
        Arc::new(Declared {
            name: name.into(),
            label,
            max,
            scaled_from,
        })
    }
}

/// One candidate's score on one indicator. Reads the declaration's fields
/// as its own (`outcome.name`, `outcome.max`).
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorOutcome {
    /// The indicator's name, label, maximum and scale, shared with the policy.
    pub declared: Arc<Declared>,
    /// The rounded score; `None` when it depends on peers and the candidate
    /// was excluded.
    pub score: Option<Number>,
    /// The exact score before rounding.
    pub exact: Option<Number>,
    /// Item scores in declaration order; empty when the indicator scores with
    /// `score`, or when it depends on peers and the candidate was excluded.
    pub items: Vec<ItemOutcome>,
}

impl Deref for IndicatorOutcome {
    type Target = Declared;
    fn deref(&self) -> &Declared {
        &self.declared
    }
}

/// One item of an indicator (or of an item, to any depth), before any
/// `scaled from` rescaling of its parent: on its parent's `scaled_from`
/// scale when it has one. Reads the declaration's fields as its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemOutcome {
    /// The item's name, label, maximum and scale, shared with the policy.
    pub declared: Arc<Declared>,
    /// Items are not rounded: this is exact.
    pub score: Number,
    /// Its own items, in declaration order; empty for a leaf.
    pub items: Vec<ItemOutcome>,
}

impl Deref for ItemOutcome {
    type Target = Declared;
    fn deref(&self) -> &Declared {
        &self.declared
    }
}

/// Whether an adjustment adds to the total or takes from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AdjustmentKind {
    /// A `bonus` block (加分): added to the base.
    Bonus,
    /// A `deduction` block (扣分): subtracted from the base.
    Deduction,
}

/// One `bonus` or `deduction` block, outside the indicators' maxima.
#[derive(Debug, Clone, PartialEq)]
pub struct AdjustmentOutcome {
    /// The block's identifier.
    pub name: String,
    /// The block's label (`宣传报道加分`), if it declares one.
    pub label: Option<String>,
    /// Added or subtracted.
    pub kind: AdjustmentKind,
    /// The points that count, never negative: `uncapped` within `cap`.
    pub points: Number,
    /// The points before the cap.
    pub uncapped: Number,
    /// `cap N`, when the block declares one.
    pub cap: Option<Number>,
    /// The block's clause citations.
    pub clause: Option<String>,
    /// Why: one per `add`/`deduct` line that gave points, in order (or one
    /// for a block scored with `score`).
    pub reasons: Vec<Reason>,
}

/// One line of an adjustment that gave points.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The line's message, or what it counted when it has none.
    pub message: String,
    /// The points this line gave, before the block's cap.
    pub points: Number,
    /// The line's own citations, or the block's when it has none.
    pub clause: Option<String>,
}

/// A candidate's grade and how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeOutcome {
    /// The final grade's name (`良好`).
    pub name: String,
    /// The final grade's label, when the band declares one.
    pub label: Option<String>,
    /// The graded value (`grades by …`, the total by default).
    pub value: Number,
    /// The band the value falls in, before vetoes and quotas.
    pub band: String,
    /// What moved the grade from `band` to `name`, in order; empty when nothing did.
    pub changes: Vec<GradeChange>,
}

/// Why a grade differs from the band of its value.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeChange {
    /// A veto forced it, a rule capped it, or the band's quota was full.
    pub kind: GradeChangeKind,
    /// The grade after this change.
    pub to: String,
    /// The rule's message (the quota rule's for `quota`).
    pub message: String,
    /// The rule's clause citations.
    pub clause: Option<String>,
}

/// The ways a grade can move away from its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GradeChangeKind {
    /// `grade X when …`: a veto set the grade.
    Forced,
    /// `grade at most X when …`: a rule capped the grade.
    Capped,
    /// The band's quota was full: the candidate fell to the next band.
    Quota,
}

/// Which kind of rule produced a finding; serialized in lowercase as a finding's JSON `kind`.
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
    /// A `grade X when` rule forced the grade.
    #[serde(rename = "grade_forced")]
    GradeForced,
    /// A `grade at most X when` rule capped the grade.
    #[serde(rename = "grade_capped")]
    GradeCapped,
}

/// Something a rule reported about a candidate, or a quota overrun in a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Exclusions and revocations are errors, zeroed scores and quota overruns
    /// warnings, `finding` rules as declared; revoking an unselected candidate is
    /// only info.
    pub severity: Severity,
    /// Which kind of rule fired, so a reader can tell vetoes from notes.
    pub kind: FindingKind,
    /// The rule's message with its `{…}` holes filled in; a quota overrun's message
    /// names the tied candidates.
    pub message: String,
    /// The clause citations of the rule that produced it.
    pub clause: Option<Name>,
    /// Where the rule is in the policy (`indicator case_files`, …).
    pub rule: Name,
}

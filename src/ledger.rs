//! The derivation ledger: for each candidate, how every number in its outcome
//! came about — the facts read, the named intermediate values, every cap,
//! floor, threshold, veto, scaling and rounding with its value before and
//! after, the cohort facts used, and the clauses and readings of each rule.
//!
//! The interpreter fills it only when asked (`Policy::explain`); plain
//! evaluation records nothing.

use crate::ast::Severity;
use crate::number::Number;

/// The ledgers of every candidate, in facts order.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// One ledger per candidate, in the order of the facts file.
    pub candidates: Vec<CandidateLedger>,
}

impl Ledger {
    /// The ledger of the candidate with this id.
    pub fn candidate(&self, id: &str) -> Option<&CandidateLedger> {
        self.candidates.iter().find(|candidate| candidate.id == id)
    }
}

/// How one candidate's outcome was derived.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateLedger {
    /// The candidate's id, as in the facts.
    pub id: String,
    /// The eligibility rules that fired (empty for an eligible candidate).
    pub eligibility: Vec<Entry>,
    /// Candidate-level findings (rules outside indicators) that fired.
    pub findings: Vec<Entry>,
    /// One derivation per indicator, in policy order; `None` for a cohort
    /// indicator of an excluded candidate, which is never computed.
    pub indicators: Vec<Option<IndicatorLedger>>,
    /// One derivation per `bonus` or `deduction` block, in policy order
    /// (their `add`/`deduct` lines are `Entry::Deducted`).
    pub adjustments: Vec<IndicatorLedger>,
    /// What was decided after the total: grade rules that fired and
    /// findings that read the total, rank or grade.
    pub after_total: Vec<Entry>,
}

/// How one indicator (or one item of it) was scored.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorLedger {
    /// The indicator's or item's name in the policy.
    pub name: String,
    /// Its label (the Chinese name), if the policy gives one.
    pub label: Option<String>,
    /// The points it is worth.
    pub max: Number,
    /// The clauses it cites.
    pub cites: Vec<String>,
    /// The readings (interpretations of the source text) it relies on.
    pub readings: Vec<String>,
    /// Whether it was computed over the candidate's peers (cohort phase).
    pub cohort: bool,
    /// The steps, in evaluation order.
    pub entries: Vec<Entry>,
    /// The items, each with its own steps; empty for an indicator scored directly.
    pub items: Vec<IndicatorLedger>,
    /// The exact value before rounding (items are never rounded).
    pub exact: Number,
    /// The value that enters the total: rounded as the policy declares for an
    /// indicator, equal to `exact` for an item.
    pub score: Number,
}

/// One step of a derivation.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A value read from the facts, with its path (`candidate.team.mobile.connected`).
    Input {
        /// Where the value is in the facts.
        path: String,
        /// The value as it reads in a message.
        value: String,
    },
    /// A named intermediate value (`let earned = …`).
    Let {
        /// The name given in the policy.
        name: String,
        /// The value, exact.
        value: String,
    },
    /// `cap` (at most) or `floor` (at least) was applied.
    Bound {
        /// `cap` or `floor`.
        operator: &'static str,
        /// The source text of the bounded expression.
        expression: String,
        /// The value before the bound.
        before: Number,
        /// The bound.
        limit: Number,
        /// The bound's source text (`supervision_earned_cap`), so that
        /// `explain` can name it by its label; `None` where the policy wrote
        /// no expression (a block's `cap`).
        limit_expression: Option<String>,
        /// The value after it.
        after: Number,
    },
    /// A condition decided a branch (thresholds are conditions).
    Condition {
        /// The condition's source text.
        expression: String,
        /// For a comparison, its two sides' values.
        sides: Option<(String, String)>,
        /// Whether it held.
        holds: bool,
    },
    /// A fact about the candidate's peers (the cohort).
    Cohort {
        /// What was asked, as written (`peers.rank_desc(satisfaction.votes)`).
        expression: String,
        /// The answer.
        value: String,
        /// The candidate's own value, where the question ranks it among its peers.
        own_value: Option<String>,
        /// How many eligible peers the cohort has.
        peers: usize,
    },
    /// A rule fired: an exclusion, a veto that zeroed the score, or a finding.
    Rule {
        /// What kind of rule.
        kind: RuleKind,
        /// The severity of the finding it produced.
        severity: Severity,
        /// Its message.
        message: String,
        /// The clauses it cites.
        cites: Vec<String>,
        /// The readings attached to it.
        readings: Vec<String>,
    },
    /// The score expression's value (or the sum of the items).
    Score {
        /// The value, exact.
        value: Number,
    },
    /// The items' sum rescaled (`scaled from`).
    Scaled {
        /// The items' sum.
        sum: Number,
        /// The basis the items add up to.
        basis: Number,
        /// The indicator's maximum.
        max: Number,
        /// `sum × max ÷ basis`.
        result: Number,
    },
    /// A `deduct` line took points off (or, in a `bonus` block, an `add`
    /// line gave them).
    Deducted {
        /// The points this line gave or took, never negative.
        points: Number,
        /// The line's message, or its source text when it has none.
        message: String,
        /// The clauses the line cites.
        cites: Vec<String>,
    },
    /// The deductions were taken from the starting points (the max, or the
    /// items' sum) and the result stopped at zero (扣完为止).
    Deductions {
        /// The points deductions started from.
        from: Number,
        /// The sum of the deductions.
        deducted: Number,
        /// `from − deducted`, at least 0.
        result: Number,
    },
    /// A `zero when` veto replaced the computed value with 0.
    Vetoed {
        /// The value the veto replaced.
        before: Number,
    },
    /// Rounding as the policy declares it.
    Rounded {
        /// The exact value.
        before: Number,
        /// The rounded value.
        after: Number,
        /// The decimal places.
        places: u32,
    },
}

/// Which kind of rule an `Entry::Rule` records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// `exclude when`: the candidate left the ranking.
    Exclude,
    /// `zero when`: the indicator scored 0.
    Zero,
    /// `finding … when`: reported, the score unchanged.
    Finding,
    /// `grade X when` or `grade at most X when`: the grade was forced or capped.
    Grade,
}

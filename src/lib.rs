//! kaoping (考评) scores candidates by declarative, versioned policy files.
//!
//! A policy is text in the kaoping scoring language (`.kp`). It is parsed,
//! checked once, and then evaluated against as many facts files as needed:
//!
//! ```
//! let policy_text = r#"
//! policy demo {
//!   title "示例"
//!   total 10
//!   round 2 half_away_from_zero per indicator
//! }
//! input {
//!   candidates: list of { id: text, name: text, votes: int[0..] } key id
//! }
//! indicator satisfaction "满意度" max 10 {
//!   cite "示例 一"
//!   let n = peers.count()
//!   let r = peers.rank_desc(votes)
//!   score 10 * (n - r + 1) / n
//! }
//! rank by total, satisfaction
//! select 1
//! "#;
//! let checked = kaoping::load_policy("demo.kp", policy_text).expect("a valid policy");
//! let facts = checked.policy.load_facts("facts.yaml", "
//! candidates:
//!   - { id: a, name: 甲, votes: 30 }
//!   - { id: b, name: 乙, votes: 10 }
//!   - { id: c, name: 丙, votes: 20 }
//! ").expect("valid facts");
//! let outcome = checked.policy.evaluate(&facts).expect("evaluation succeeds");
//! let first = &outcome.candidates[0];
//! assert_eq!(first.rank, Some(1));
//! assert_eq!(first.status, kaoping::Status::Selected);
//! // b is third of three: 10 × (3 − 3 + 1) ÷ 3 = 3.33 after rounding.
//! assert_eq!(outcome.candidates[1].total.as_ref().unwrap().to_fixed(2), "3.33");
//! let json = kaoping::render::json(&checked.policy, &outcome);
//! assert!(json.contains("\"status\": \"selected\""));
//! ```
//!
//! The stages are modules named after what they produce: [`syntax`] (the
//! syntax tree), [`check`] (the checked [`Policy`]), [`facts`] (validated
//! [`Facts`]), [`eval`] (the [`Outcome`]), and [`render`] (text and JSON).
//! Errors are [`Report`]s of miette diagnostics; the library never prints.

#![warn(missing_docs)]

pub mod analysis;
pub mod ast;
pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod eval;
pub mod facts;
pub mod format;
pub mod inheritance;
pub mod json_schema;
pub mod ledger;
pub mod lsp;
pub mod messages;
pub mod number;
pub mod outcome;
pub mod policy;
pub mod policy_tests;
pub mod render;
pub mod script;
pub mod syntax;
pub mod template;
pub mod value;
pub mod workbook;

use std::path::Path;

pub use diagnostic::{Problem, Report};
pub use facts::Facts;
pub use number::Number;
pub use outcome::{CandidateOutcome, Finding, FindingKind, IndicatorOutcome, Outcome, Status};
pub use policy::Policy;

/// A policy that passed the checker, with the warnings the checker raised.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The checked policy, ready to load facts and evaluate them.
    pub policy: Policy,
    /// Warnings only (for example unused inputs); empty when there are none.
    pub warnings: Report,
}

/// Parses and checks a policy. A policy that `extends` another reads it from
/// the file system, at its path relative to `source_name`, and only inside
/// the current folder's tree (see [`load_policy_in`]). On failure the report
/// holds every problem found, errors and warnings alike.
pub fn load_policy(source_name: &str, source: &str) -> Result<Checked, Report> {
    load_policy_in(Path::new("."), source_name, source)
}

/// Parses and checks a policy whose `extends` chain may read `.kp` files
/// inside `root` only: a policy another program or an editor hands over must
/// not reach the rest of the machine. Symbolic links are followed before the
/// check, so a link inside `root` that points out of it is refused too.
pub fn load_policy_in(root: &Path, source_name: &str, source: &str) -> Result<Checked, Report> {
    let read = |path: &Path| inheritance::read_inside(root, path);
    load_policy_checked(source_name, source, &read)
}

/// Parses and checks a policy, reading the policies it extends with `read`
/// (given the path relative to `source_name`'s folder, `.` and `..` resolved):
/// for programs that keep policies elsewhere than in files. `read` is the
/// program's sandbox: it is only asked for relative `.kp` paths that do not
/// climb above the folder `source_name` is named from, so a reader that joins
/// the path to its own root stays inside that root.
pub fn load_policy_with(
    source_name: &str,
    source: &str,
    read: inheritance::ReadPolicy<'_>,
) -> Result<Checked, Report> {
    let read = |path: &Path| inheritance::refuse_climbing(path).and_then(|()| read(path));
    load_policy_checked(source_name, source, &read)
}

/// Parses and checks a policy, handing `read` each policy the chain extends
/// at its path joined to `source_name`'s folder, as it is: for a language
/// server, whose reader prefers an editor's unsaved text and keeps to the
/// workspace itself. Unlike [`load_policy_with`], an absolute `source_name`
/// or a path that climbs is the reader's to allow or refuse.
pub fn load_policy_reading(
    source_name: &str,
    source: &str,
    read: inheritance::ReadPolicy<'_>,
) -> Result<Checked, Report> {
    load_policy_checked(source_name, source, read)
}

fn load_policy_checked(
    source_name: &str,
    source: &str,
    read: inheritance::ReadPolicy<'_>,
) -> Result<Checked, Report> {
    let file =
        syntax::parse_all(source).map_err(|problems| Report::new(source_name, source, problems))?;
    let inherited = inheritance::resolve(file, source_name, source, read);
    let report = |problems| {
        Report::new(source_name, source, problems).with_inherited(inherited.sources.clone())
    };
    let Some(file) = &inherited.file else {
        return Err(report(inherited.problems));
    };
    let (policy, mut problems) = check::check(
        file,
        source_name,
        source,
        &inherited.ancestors,
        &inherited.sources,
    );
    inheritance::attribute(
        &mut problems,
        &inherited.changes,
        source_name,
        source,
        &inherited.sources,
    );
    let inheritance_failed = inherited
        .problems
        .iter()
        .any(|problem| problem.level == diagnostic::Level::Error);
    if inheritance_failed {
        // As within the checker: an input or a parameter looks unused only
        // because of the errors, so the warning would send the author the
        // wrong way.
        problems.retain(|problem| {
            !matches!(
                problem.code,
                "kaoping::check::unused_input" | "kaoping::check::unused_parameter"
            )
        });
    }
    problems.extend(inherited.problems.iter().cloned());
    match policy {
        Some(policy) if !inheritance_failed => Ok(Checked {
            policy,
            warnings: report(problems),
        }),
        _ => Err(report(problems)),
    }
}

impl Policy {
    /// Loads and validates a YAML facts file against this policy's schema.
    pub fn load_facts(&self, source_name: &str, text: &str) -> Result<Facts, Report> {
        facts::load(self, source_name, text)
    }

    /// Loads and validates JSON facts against this policy's schema: the same
    /// layout, validation and messages (in English) as YAML facts.
    pub fn load_facts_json(&self, source_name: &str, text: &str) -> Result<Facts, Report> {
        facts::load_json_in(self, source_name, text, messages::Language::English)
    }

    /// Evaluates the facts. Deterministic: the same inputs give the same outcome.
    pub fn evaluate(&self, facts: &Facts) -> Result<Outcome, Report> {
        eval::evaluate(self, facts)
    }

    /// How each list method call over a whole list (`candidates`, `peers`,
    /// a top-level list of the facts) is evaluated, in source order: what
    /// `kaoping check --explain-cost` prints. A [`eval::CostKind::Scan`] or
    /// [`eval::CostKind::GroupScan`] costs time that grows with the square
    /// of the candidates.
    pub fn costs(&self) -> Vec<eval::Cost> {
        self.prepared().costs()
    }

    /// Evaluates the facts by walking the checked code instead of compiling
    /// it to closures first: the same outcome as [`Policy::evaluate`], more
    /// slowly. For benchmarks and for tests that compare the two.
    pub fn evaluate_walking(&self, facts: &Facts) -> Result<Outcome, Report> {
        eval::evaluate_walking(self, facts)
    }

    /// Evaluates the facts and records the derivation of every number: the
    /// same outcome as [`Policy::evaluate`], with its [`ledger::Ledger`].
    pub fn explain(&self, facts: &Facts) -> Result<(Outcome, ledger::Ledger), Report> {
        eval::explain(self, facts)
    }
}

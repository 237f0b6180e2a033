//! Policy test cases: expectations stored as data next to the policies, run by
//! `kaoping test [DIR]`.
//!
//! A case is one YAML file in a `tests` folder. It names the clause it pins, the
//! policy and the facts (both relative to the case file), and what the outcome
//! must say about some candidates:
//!
//! ```yaml
//! name: 附1 一(二) earned points are capped at 30
//! clause: 附1 一(二)
//! policy: ../collective.kp
//! facts: ../../../examples/jiangxi-2019/collectives.yaml   # or facts_inline: |
//! expect:
//!   nanchang:                  # candidate id → any subset of the keys below
//!     status: selected         # selected | ranked | scored | excluded | revoked
//!     rank: 1                  # null for an excluded candidate
//!     total: "96.18"           # exactly two decimals; null for an excluded candidate
//!     base: "93.50"            # the sum of the rounded indicators, before bonus and deductions
//!     adjustments: { media: "2.00" }   # a `bonus` or `deduction` block: the points that count
//!     grade: 良好              # the final grade; null when there is none (excluded)
//!     national: true           # any other key names a flag (`flag national top 10`)
//!     indicators: { supervision: "30.00", team.mobile: "10.00" }   # indicator or a path to an item
//!     findings: [ "附1 四(三)" ]  # each entry equals a finding's clause (or one of its
//!                              # citations) or appears in its message; [] means none
//! ```
//!
//! `findings_exactly: [ … ]` (instead of `findings:`) says the list is the
//! whole story: each entry matches a finding as above, every finding is
//! matched by an entry of its own (a finding twice, the entry twice), and a
//! finding no entry matches fails the case. `findings:` is a subset check.
//!
//! An item is named by its path from the indicator, to any depth
//! (`environment.air.targets.pm10`).
//!
//! Only the listed keys are compared, so a case pins exactly what its clause
//! decides. Scores are compared as text with two decimal places, the way the
//! results contract prints them (an item's exact score is printed the same way);
//! a total below zero is written with a minus sign (`"-1.50"`).
//!
//! [`discover`] finds the case files, [`run_case`] runs one, [`render_diff`]
//! explains a failure, [`update_case`] rewrites a case's `expect:` section from
//! the current outcome, and [`junit`] reports a run as JUnit XML.
//!
//! ```no_run
//! use std::path::Path;
//! let paths = kaoping::policy_tests::discover(Path::new("policies")).unwrap();
//! let results: Vec<_> = paths.iter().map(|path| kaoping::policy_tests::run_case(path)).collect();
//! for result in results.iter().filter(|result| !result.passed()) {
//!     println!("FAIL {} ({})", result.name, result.path.display());
//!     println!("{}", kaoping::policy_tests::render_diff(result));
//! }
//! let xml = kaoping::policy_tests::junit(&results);
//! # let _ = xml;
//! ```

use std::fmt;
use std::path::{Component, Path, PathBuf};

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

mod layout;

use crate::diagnostic::{did_you_mean, Level, Report};
use crate::outcome::{CandidateOutcome, Finding, ItemOutcome, Outcome, Status};
use crate::policy::Policy;

// ───────────────────────────────────────────── the case file

/// One test case, as read from its YAML file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case checks, in a sentence; the test's name in reports.
    pub name: String,
    /// The clause of the source text the case pins (`附1 一(二)`).
    #[serde(default)]
    pub clause: Option<String>,
    /// The policy file, relative to the case file.
    pub policy: PathBuf,
    /// The facts file, relative to the case file; exactly one of `facts` and
    /// `facts_inline` is given.
    #[serde(default)]
    pub facts: Option<PathBuf>,
    /// The facts themselves, as YAML text inside the case.
    #[serde(default)]
    pub facts_inline: Option<String>,
    /// What the outcome must say, by candidate id, in file order.
    #[serde(deserialize_with = "ordered_expectations")]
    pub expect: Vec<(String, Expectation)>,
}

/// What a case expects of one candidate. Every key is optional; only the keys
/// given are compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expectation {
    /// The candidate's status.
    pub status: Option<Status>,
    /// The candidate's rank; `Some(None)` expects no rank (`rank: null`).
    pub rank: Option<Option<u32>>,
    /// The total as text with two decimals; `Some(None)` expects no total.
    pub total: Option<Option<String>>,
    /// The base (the sum of the rounded indicator scores, before any bonus or
    /// deduction) as text with two decimals; `Some(None)` expects none.
    pub base: Option<Option<String>>,
    /// The points that count of `bonus` and `deduction` blocks, by block name,
    /// as text with two decimals; `None` expects no points (an excluded
    /// candidate).
    pub adjustments: Option<Vec<(String, Option<String>)>>,
    /// The final grade's name; `Some(None)` expects no grade (`grade: null`).
    pub grade: Option<Option<String>>,
    /// Flags by name (`national: true`), in file order.
    pub flags: Vec<(String, bool)>,
    /// Scores by `indicator` or the path of an item (`indicator.item.sub`, to
    /// any depth), as text with two decimals;
    /// `None` expects no score (a peer indicator of an excluded candidate).
    pub indicators: Option<Vec<(String, Option<String>)>>,
    /// Each entry must equal a finding's clause, or one of the clause's
    /// citations, or appear in a finding's message; an empty list expects no
    /// findings at all.
    pub findings: Option<Vec<String>>,
    /// Whether `findings` was written as `findings_exactly`: then the entries
    /// and the findings pair off one to one, and an extra finding fails.
    pub findings_exactly: bool,
}

/// A case file that cannot be read, parsed or rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseError {
    /// The case file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for CaseError {}

impl Case {
    /// Parses a case from YAML text; `path` only names the file in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Case, CaseError> {
        let error = |message: String| CaseError {
            path: path.to_path_buf(),
            message,
        };
        let options = serde_saphyr::options! { with_snippet: false };
        let case: Case = serde_saphyr::from_str_with_options(text, options).map_err(|e| {
            let text = e.without_snippet().to_string();
            error(text.strip_prefix("error: ").unwrap_or(&text).to_string())
        })?;
        match (&case.facts, &case.facts_inline) {
            (Some(_), Some(_)) => {
                return Err(error(
                    "give either `facts` (a path) or `facts_inline` (YAML text), not both".into(),
                ))
            }
            (None, None) => {
                return Err(error(
                    "missing `facts` (a path relative to the case) or `facts_inline` (YAML text)"
                        .into(),
                ))
            }
            _ => {}
        }
        if case.expect.is_empty() {
            return Err(error(
                "`expect` lists no candidate, so the case would check nothing".into(),
            ));
        }
        Ok(case)
    }

    /// Reads and parses a case file.
    pub fn read(path: &Path) -> Result<Case, CaseError> {
        let text = read_text(path).map_err(|message| CaseError {
            path: path.to_path_buf(),
            message,
        })?;
        Case::parse(path, &text)
    }
}

fn ordered_expectations<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<(String, Expectation)>, D::Error> {
    deserializer.deserialize_map(OrderedMap::<Expectation>::new(
        "a mapping from candidate ids to expectations",
    ))
}

/// A YAML mapping read in file order, refusing duplicate keys.
struct OrderedMap<T> {
    expecting: &'static str,
    _values: std::marker::PhantomData<T>,
}

impl<T> OrderedMap<T> {
    fn new(expecting: &'static str) -> Self {
        OrderedMap {
            expecting,
            _values: std::marker::PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedMap<T> {
    type Value = Vec<(String, T)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries: Vec<(String, T)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if entries.iter().any(|(seen, _)| *seen == key) {
                return Err(de::Error::custom(format!("`{key}` is listed twice")));
            }
            let value = map.next_value::<T>()?;
            entries.push((key, value));
        }
        Ok(entries)
    }
}

/// A score or total: text with exactly two decimals, or null.
struct TwoPlaces(Option<String>);

impl<'de> Deserialize<'de> for TwoPlaces {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Option::<String>::deserialize(deserializer)?;
        if let Some(text) = &text {
            if !is_two_places(text) {
                return Err(de::Error::custom(format!(
                    "`{text}`: write scores as text with exactly two decimals, as \"30.00\""
                )));
            }
        }
        Ok(TwoPlaces(text))
    }
}

fn is_two_places(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    match text.split_once('.') {
        Some((whole, fraction)) => {
            !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && fraction.len() == 2
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// The value of a key that names a flag.
struct FlagValue(bool);

impl<'de> Deserialize<'de> for FlagValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagVisitor;
        impl Visitor<'_> for FlagVisitor {
            type Value = FlagValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "`true` or `false`: a key other than status, rank, total, base, \
                     adjustments, grade, indicators and findings names a flag",
                )
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<FlagValue, E> {
                Ok(FlagValue(value))
            }
        }
        // `any`, so that a misspelt key (`stauts: selected`) is reported with
        // the explanation above rather than as a bad boolean.
        deserializer.deserialize_any(FlagVisitor)
    }
}

struct Scores(Vec<(String, Option<String>)>);

impl<'de> Deserialize<'de> for Scores {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = deserializer.deserialize_map(OrderedMap::<TwoPlaces>::new(
            "a mapping from `indicator` or `indicator.item` (to any depth) to a score such as \"30.00\"",
        ))?;
        Ok(Scores(
            entries
                .into_iter()
                .map(|(name, score)| (name, score.0))
                .collect(),
        ))
    }
}

struct Adjustments(Vec<(String, Option<String>)>);

impl<'de> Deserialize<'de> for Adjustments {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = deserializer.deserialize_map(OrderedMap::<TwoPlaces>::new(
            "a mapping from a `bonus` or `deduction` block's name to its points, such as \"2.00\"",
        ))?;
        Ok(Adjustments(
            entries
                .into_iter()
                .map(|(name, points)| (name, points.0))
                .collect(),
        ))
    }
}

struct Findings(Vec<String>);

impl<'de> Deserialize<'de> for Findings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FindingsVisitor;
        impl<'de> Visitor<'de> for FindingsVisitor {
            type Value = Findings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of clauses or message fragments")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Findings, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = seq.next_element::<String>()? {
                    entries.push(entry);
                }
                Ok(Findings(entries))
            }
        }
        deserializer.deserialize_seq(FindingsVisitor)
    }
}

fn parse_status(text: &str) -> Option<Status> {
    [
        Status::Selected,
        Status::Ranked,
        Status::Scored,
        Status::Excluded,
        Status::Revoked,
    ]
    .into_iter()
    .find(|status| status.as_str() == text)
}

impl<'de> Deserialize<'de> for Expectation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ExpectationVisitor;
        impl<'de> Visitor<'de> for ExpectationVisitor {
            type Value = Expectation;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a mapping with any of status, rank, total, base, adjustments, grade, \
                     indicators, findings (or findings_exactly) and flags",
                )
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Expectation, A::Error> {
                let mut expectation = Expectation::default();
                let mut seen: Vec<String> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if seen.contains(&key) {
                        return Err(de::Error::custom(format!("`{key}` is listed twice")));
                    }
                    seen.push(key.clone());
                    match key.as_str() {
                        "status" => {
                            let text = map.next_value::<String>()?;
                            let status = parse_status(&text).ok_or_else(|| {
                                de::Error::custom(format!(
                                    "unknown status `{text}`; expected selected, ranked, \
                                     scored, excluded or revoked"
                                ))
                            })?;
                            expectation.status = Some(status);
                        }
                        "rank" => expectation.rank = Some(map.next_value::<Option<u32>>()?),
                        "total" => expectation.total = Some(map.next_value::<TwoPlaces>()?.0),
                        "base" => expectation.base = Some(map.next_value::<TwoPlaces>()?.0),
                        "adjustments" => {
                            expectation.adjustments = Some(map.next_value::<Adjustments>()?.0)
                        }
                        "grade" => expectation.grade = Some(map.next_value::<Option<String>>()?),
                        "indicators" => {
                            expectation.indicators = Some(map.next_value::<Scores>()?.0)
                        }
                        "findings" | "findings_exactly" => {
                            if expectation.findings.is_some() {
                                return Err(de::Error::custom(
                                    "`findings` and `findings_exactly` are both given; \
                                     use one (`findings_exactly` also fails on a finding \
                                     it does not list)",
                                ));
                            }
                            expectation.findings = Some(map.next_value::<Findings>()?.0);
                            expectation.findings_exactly = key == "findings_exactly";
                        }
                        _ => {
                            let value = map.next_value::<FlagValue>()?;
                            expectation.flags.push((key, value.0));
                        }
                    }
                }
                Ok(expectation)
            }
        }
        deserializer.deserialize_map(ExpectationVisitor)
    }
}

// ───────────────────────────────────────────── discovery

/// The case files under `dir`: every `*.yaml` file directly inside a folder
/// named `tests` at any depth (`DIR/**/tests/*.yaml`), or directly inside
/// `dir` itself when `dir` is such a folder; sorted by path. Hidden folders
/// and `target` are skipped. A file given as `dir` is returned alone.
pub fn discover(dir: &Path) -> Result<Vec<PathBuf>, std::io::Error> {
    let metadata = std::fs::metadata(dir)?;
    if metadata.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut found = Vec::new();
    let own_name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|path| path.file_name().map(|name| name.to_os_string()));
    if own_name.as_deref() == Some(std::ffi::OsStr::new("tests")) {
        yaml_files_in(dir, &mut found)?;
    }
    walk(dir, &mut found)?;
    found.sort();
    found.dedup();
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), std::io::Error> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_type()?.is_dir() {
            continue;
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        let path = entry.path();
        if name == "tests" {
            yaml_files_in(&path, found)?;
        }
        walk(&path, found)?;
    }
    Ok(())
}

fn yaml_files_in(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), std::io::Error> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_file() && path.extension().is_some_and(|ext| ext == "yaml") {
            found.push(path);
        }
    }
    Ok(())
}

// ───────────────────────────────────────────── running a case

/// One expectation that the outcome does not meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The candidate id the expectation is about.
    pub candidate: String,
    /// The key within the candidate (`status`, `national`,
    /// `indicators.supervision`, `findings`); empty when the candidate itself
    /// is missing.
    pub field: String,
    /// The expected value as the case writes it (`"30.00"`, `1`, `null`).
    pub expected: String,
    /// What the outcome holds, written the same way.
    pub found: String,
    /// The candidate, indicator, item, flag, bonus or deduction block, or
    /// grade the case names does not exist, so [`update_case`] cannot fix
    /// this mismatch.
    pub missing: bool,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.candidate)?;
        } else {
            write!(f, "{}.{}", self.candidate, self.field)?;
        }
        write!(f, ": expected {}, found {}", self.expected, self.found)
    }
}

/// The result of running one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseResult {
    /// The case's `name`; the file name when the case could not be read.
    pub name: String,
    /// The case file.
    pub path: PathBuf,
    /// The clause the case pins, if it names one.
    pub clause: Option<String>,
    /// Every expectation the outcome does not meet, in the case's order.
    pub mismatches: Vec<Mismatch>,
    /// Why the case could not run: an unreadable case, a policy or facts
    /// problem (the rendered messages), or an evaluation error.
    pub error: Option<String>,
    /// The case's expectations, as read; empty when the case could not run.
    pub expected: Vec<(String, Expectation)>,
    /// The same candidates and keys, read from the current outcome (a missing
    /// candidate, indicator or flag keeps its expected value); empty when the
    /// case could not run.
    pub found: Vec<(String, Expectation)>,
}

impl CaseResult {
    /// Whether the case ran and every expectation held.
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.mismatches.is_empty()
    }

    fn broken(path: &Path, name: String, clause: Option<String>, error: String) -> CaseResult {
        CaseResult {
            name,
            path: path.to_path_buf(),
            clause,
            mismatches: Vec::new(),
            error: Some(error),
            expected: Vec::new(),
            found: Vec::new(),
        }
    }
}

/// Runs one case: reads it, loads the policy and the facts relative to the
/// case file, evaluates, and compares. Never fails: a case that cannot run is
/// a failed result whose `error` says why.
pub fn run_case(path: &Path) -> CaseResult {
    run_case_in(Path::new("."), path)
}

/// [`run_case`] for a case whose policy's `extends` chain may read policies
/// inside `root` only (see [`crate::load_policy_in`]).
pub fn run_case_in(root: &Path, path: &Path) -> CaseResult {
    let case = match Case::read(path) {
        Ok(case) => case,
        Err(error) => {
            let name = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            return CaseResult::broken(path, name, None, error.to_string());
        }
    };
    let broken =
        |error: String| CaseResult::broken(path, case.name.clone(), case.clause.clone(), error);
    let base = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let policy_path = normalize(&base.join(&case.policy));
    let policy_text = match read_text(&policy_path) {
        Ok(text) => text,
        Err(message) => return broken(format!("policy: {message}")),
    };
    let checked =
        match crate::load_policy_in(root, &policy_path.display().to_string(), &policy_text) {
            Ok(checked) => checked,
            Err(report) => return broken(render_report(&report)),
        };
    let (facts_name, facts_text) = match (&case.facts, &case.facts_inline) {
        (Some(facts), _) => {
            let facts_path = normalize(&base.join(facts));
            match read_text(&facts_path) {
                Ok(text) => (facts_path.display().to_string(), text),
                Err(message) => return broken(format!("facts: {message}")),
            }
        }
        (None, Some(inline)) => (format!("{} (facts_inline)", path.display()), inline.clone()),
        (None, None) => unreachable!("Case::parse requires facts or facts_inline"),
    };
    let facts = match checked.policy.load_facts(&facts_name, &facts_text) {
        Ok(facts) => facts,
        Err(report) => return broken(render_report(&report)),
    };
    let outcome = match checked.policy.evaluate(&facts) {
        Ok(outcome) => outcome,
        Err(report) => return broken(render_report(&report)),
    };
    let (mismatches, found) = compare_outcome(&checked.policy, &outcome, &case.expect);
    CaseResult {
        name: case.name.clone(),
        path: path.to_path_buf(),
        clause: case.clause.clone(),
        mismatches,
        error: None,
        expected: case.expect,
        found,
    }
}

/// What [`compare_outcome`] returns: every expectation the outcome does not
/// meet, and the same candidates and keys read from the outcome.
pub type Compared = (Vec<Mismatch>, Vec<(String, Expectation)>);

/// Compares an outcome of `policy` with a case's expectations: the mismatches
/// in the case's order, and the expectations as the outcome would write them
/// (what [`CaseResult::found`] holds). [`run_case`] calls it after evaluating;
/// it is public so that an outcome built or changed by hand can be checked.
pub fn compare_outcome(
    policy: &Policy,
    outcome: &Outcome,
    expect: &[(String, Expectation)],
) -> Compared {
    let mut mismatches = Vec::new();
    let mut found = Vec::new();
    for (id, expected) in expect {
        let Some(candidate) = outcome.candidates.iter().find(|c| c.id == *id) else {
            let ids = outcome.candidates.iter().map(|c| c.id.as_str());
            mismatches.push(Mismatch {
                candidate: id.clone(),
                field: String::new(),
                expected: "a candidate with this id".into(),
                found: format!("none{}", hint(did_you_mean(id, ids))),
                missing: true,
            });
            found.push((id.clone(), expected.clone()));
            continue;
        };
        let mut check = Check {
            id,
            mismatches: &mut mismatches,
        };
        let actual = project(policy, candidate, expected, &mut check);
        found.push((id.clone(), actual));
    }
    (mismatches, found)
}

struct Check<'a> {
    id: &'a str,
    mismatches: &'a mut Vec<Mismatch>,
}

impl Check<'_> {
    fn compare(&mut self, field: &str, expected: String, found: String) {
        if expected != found {
            self.push(field, expected, found, false);
        }
    }

    fn push(&mut self, field: &str, expected: String, found: String, missing: bool) {
        self.mismatches.push(Mismatch {
            candidate: self.id.to_string(),
            field: field.to_string(),
            expected,
            found,
            missing,
        });
    }
}

/// The candidate's outcome, read for the keys `expected` lists, recording
/// each difference.
fn project(
    policy: &Policy,
    candidate: &CandidateOutcome,
    expected: &Expectation,
    check: &mut Check,
) -> Expectation {
    let mut actual = Expectation::default();
    if let Some(status) = expected.status {
        actual.status = Some(candidate.status);
        check.compare(
            "status",
            quote(status.as_str()),
            quote(candidate.status.as_str()),
        );
    }
    if let Some(rank) = expected.rank {
        actual.rank = Some(candidate.rank);
        check.compare("rank", rank_text(rank), rank_text(candidate.rank));
    }
    if let Some(total) = &expected.total {
        let found = candidate.total.as_ref().map(|total| total.to_fixed(2));
        check.compare("total", score_text(total), score_text(&found));
        actual.total = Some(found);
    }
    if let Some(base) = &expected.base {
        let found = candidate.base.as_ref().map(|base| base.to_fixed(2));
        check.compare("base", score_text(base), score_text(&found));
        actual.base = Some(found);
    }
    if let Some(adjustments) = &expected.adjustments {
        let mut found_points = Vec::new();
        for (name, want) in adjustments {
            let field = format!("adjustments.{name}");
            match points_of(policy, candidate, name) {
                Ok(found) => {
                    check.compare(&field, score_text(want), score_text(&found));
                    found_points.push((name.clone(), found));
                }
                Err(problem) => {
                    check.push(&field, score_text(want), problem, true);
                    found_points.push((name.clone(), want.clone()));
                }
            }
        }
        actual.adjustments = Some(found_points);
    }
    if let Some(grade) = &expected.grade {
        let found = candidate.grade.as_ref().map(|grade| grade.name.clone());
        match grade
            .as_deref()
            .and_then(|name| unknown_grade(policy, name))
        {
            Some(problem) => {
                check.push("grade", grade_text(grade), problem, true);
                actual.grade = Some(grade.clone());
            }
            None => {
                check.compare("grade", grade_text(grade), grade_text(&found));
                actual.grade = Some(found);
            }
        }
    }
    for (name, want) in &expected.flags {
        match candidate.flags.iter().find(|(flag, _)| flag == name) {
            Some((_, value)) => {
                check.compare(name, want.to_string(), value.to_string());
                actual.flags.push((name.clone(), *value));
            }
            None => {
                let names = candidate.flags.iter().map(|(flag, _)| flag.as_str());
                let found = if candidate.flags.is_empty() {
                    "no such flag: the policy declares no flags, and this key is not status, \
                     rank, total, base, adjustments, grade, indicators or findings"
                        .to_string()
                } else {
                    format!("no such flag{}", hint(did_you_mean(name, names)))
                };
                check.push(name, want.to_string(), found, true);
                actual.flags.push((name.clone(), *want));
            }
        }
    }
    if let Some(scores) = &expected.indicators {
        let mut found_scores = Vec::new();
        for (key, want) in scores {
            let field = format!("indicators.{key}");
            match score_of(policy, candidate, key) {
                Ok(found) => {
                    check.compare(&field, score_text(want), score_text(&found));
                    found_scores.push((key.clone(), found));
                }
                Err(problem) => {
                    check.push(&field, score_text(want), problem, true);
                    found_scores.push((key.clone(), want.clone()));
                }
            }
        }
        actual.indicators = Some(found_scores);
    }
    if let Some(entries) = &expected.findings {
        if expected.findings_exactly {
            actual.findings = Some(exact_findings(&candidate.findings, entries, check));
            actual.findings_exactly = true;
        } else {
            let (ok, found) = findings_of(&candidate.findings, entries);
            if !ok {
                let listed = listed_findings(&candidate.findings);
                if entries.is_empty() {
                    check.push("findings", "no findings".into(), listed, false);
                } else {
                    for entry in entries {
                        if !candidate.findings.iter().any(|f| finding_matches(f, entry)) {
                            check.push(
                                "findings",
                                format!("a finding matching {}", quote(entry)),
                                listed.clone(),
                                false,
                            );
                        }
                    }
                }
            }
            actual.findings = Some(found);
        }
    }
    actual
}

/// The candidate's findings as a mismatch shows them.
fn listed_findings(findings: &[Finding]) -> String {
    if findings.is_empty() {
        "no findings".to_string()
    } else {
        let texts: Vec<String> = findings
            .iter()
            .map(|finding| quote(&finding_text(finding)))
            .collect();
        format!("[{}]", texts.join(", "))
    }
}

/// Checks `findings_exactly`: entries and findings must pair off one to one
/// (a maximum bipartite matching, so an entry that could match several
/// findings never steals the only partner of another). Records one mismatch
/// per unpaired entry and per unpaired finding, and returns the list that
/// describes the outcome: every finding in order, by its paired entry when
/// it has one, else by its clause (or message).
fn exact_findings(findings: &[Finding], entries: &[String], check: &mut Check) -> Vec<String> {
    let partner = pair_off(findings, entries);
    let listed = listed_findings(findings);
    for (index, entry) in entries.iter().enumerate() {
        if !partner.contains(&Some(index)) {
            let why = if findings.iter().any(|f| finding_matches(f, entry)) {
                "one more finding matching"
            } else {
                "a finding matching"
            };
            check.push(
                "findings_exactly",
                format!("{why} {}", quote(entry)),
                listed.clone(),
                false,
            );
        }
    }
    for (finding, paired) in findings.iter().zip(&partner) {
        if paired.is_none() {
            check.push(
                "findings_exactly",
                "no finding the list does not name".into(),
                format!("an extra finding {}", quote(&finding_text(finding))),
                false,
            );
        }
    }
    findings
        .iter()
        .zip(&partner)
        .map(|(finding, paired)| match paired {
            Some(index) => entries[*index].clone(),
            None => finding
                .clause
                .as_ref()
                .map_or_else(|| finding.message.clone(), String::from),
        })
        .collect()
}

/// For each finding, the entry it is paired with: a maximum matching of the
/// "entry matches finding" graph, by augmenting paths, entries tried in order.
fn pair_off(findings: &[Finding], entries: &[String]) -> Vec<Option<usize>> {
    fn augment(
        entry: usize,
        findings: &[Finding],
        entries: &[String],
        partner: &mut [Option<usize>],
        visited: &mut [bool],
    ) -> bool {
        for (index, finding) in findings.iter().enumerate() {
            if visited[index] || !finding_matches(finding, &entries[entry]) {
                continue;
            }
            visited[index] = true;
            let free = match partner[index] {
                None => true,
                Some(other) => augment(other, findings, entries, partner, visited),
            };
            if free {
                partner[index] = Some(entry);
                return true;
            }
        }
        false
    }
    let mut partner = vec![None; findings.len()];
    for entry in 0..entries.len() {
        let mut visited = vec![false; findings.len()];
        augment(entry, findings, entries, &mut partner, &mut visited);
    }
    partner
}

/// The rounded score of `indicator`, or the exact score of the item at
/// `indicator.item.sub…` (any depth), or why there is none.
fn score_of(
    policy: &Policy,
    candidate: &CandidateOutcome,
    key: &str,
) -> Result<Option<String>, String> {
    let mut path = key.split('.');
    let name = path.next().unwrap_or_default();
    let Some(declared) = policy.indicators.iter().find(|i| i.name == name) else {
        let names = policy.indicators.iter().map(|i| i.name.as_str());
        return Err(format!(
            "no such indicator{}",
            hint(did_you_mean(name, names))
        ));
    };
    let outcome = candidate.indicator(name);
    let Some(first) = path.next() else {
        return Ok(outcome
            .and_then(|indicator| indicator.score.as_ref())
            .map(|score| score.to_fixed(2)));
    };
    // Walk the declaration and the outcome side by side; the outcome may lack
    // items (a peer indicator of an excluded candidate), the declaration not.
    let mut declared = declared;
    let mut parent = name.to_string();
    let mut items: Option<&[ItemOutcome]> = outcome.map(|indicator| indicator.items.as_slice());
    let mut found: Option<&ItemOutcome> = None;
    for item in std::iter::once(first).chain(path) {
        let Some(child) = declared.items.iter().find(|i| i.name == item) else {
            let names = declared.items.iter().map(|i| i.name.as_str());
            return Err(if declared.items.is_empty() {
                format!("no such item: `{parent}` has no items")
            } else {
                format!("no such item{}", hint(did_you_mean(item, names)))
            });
        };
        found = items.and_then(|items| items.iter().find(|i| i.name == item));
        items = found.map(|item| item.items.as_slice());
        declared = child;
        parent = format!("{parent}.{item}");
    }
    Ok(found.map(|item| item.score.to_fixed(2)))
}

/// The points that count of the `bonus` or `deduction` block `name`, or why
/// there are none: `None` for a candidate without them (an excluded one).
fn points_of(
    policy: &Policy,
    candidate: &CandidateOutcome,
    name: &str,
) -> Result<Option<String>, String> {
    if !policy.adjustments.iter().any(|a| a.name == name) {
        let names = policy.adjustments.iter().map(|a| a.name.as_str());
        return Err(if policy.adjustments.is_empty() {
            "no such bonus or deduction: the policy declares none".to_string()
        } else {
            format!(
                "no such bonus or deduction{}",
                hint(did_you_mean(name, names))
            )
        });
    }
    Ok(candidate
        .adjustments
        .iter()
        .find(|a| a.name == name)
        .map(|adjustment| adjustment.points.to_fixed(2)))
}

/// Why the policy cannot give the grade `name`, if it cannot.
fn unknown_grade(policy: &Policy, name: &str) -> Option<String> {
    let Some(scale) = &policy.grades else {
        return Some("no grade: the policy declares no grades".to_string());
    };
    if scale.bands.iter().any(|band| band.name == name) {
        return None;
    }
    let names = scale.bands.iter().map(|band| band.name.as_str());
    Some(format!("no such grade{}", hint(did_you_mean(name, names))))
}

fn finding_matches(finding: &Finding, entry: &str) -> bool {
    let clause_matches = finding
        .clause
        .as_deref()
        .is_some_and(|clause| clause == entry || clause.split('；').any(|cite| cite == entry));
    clause_matches || finding.message.contains(entry)
}

/// Whether the entries hold, and the findings list that describes the current
/// outcome: unchanged when they hold; otherwise the entries that still match,
/// then the clause (or message) of every finding none of them covers.
fn findings_of(findings: &[Finding], entries: &[String]) -> (bool, Vec<String>) {
    let holds = if entries.is_empty() {
        findings.is_empty()
    } else {
        entries
            .iter()
            .all(|entry| findings.iter().any(|f| finding_matches(f, entry)))
    };
    if holds {
        return (true, entries.to_vec());
    }
    let mut found: Vec<String> = entries
        .iter()
        .filter(|entry| findings.iter().any(|f| finding_matches(f, entry)))
        .cloned()
        .collect();
    for finding in findings {
        if found.iter().any(|entry| finding_matches(finding, entry)) {
            continue;
        }
        found.push(
            finding
                .clause
                .as_ref()
                .map_or_else(|| finding.message.clone(), String::from),
        );
    }
    (false, found)
}

fn finding_text(finding: &Finding) -> String {
    match &finding.clause {
        Some(clause) => format!("{clause}: {}", finding.message),
        None => finding.message.clone(),
    }
}

fn hint(suggestion: Option<String>) -> String {
    suggestion.map(|s| format!(" ({s})")).unwrap_or_default()
}

fn rank_text(rank: Option<u32>) -> String {
    rank.map_or_else(|| "null".to_string(), |rank| rank.to_string())
}

fn score_text(score: &Option<String>) -> String {
    score.as_deref().map_or_else(|| "null".to_string(), quote)
}

fn grade_text(grade: &Option<String>) -> String {
    grade.as_deref().map_or_else(|| "null".to_string(), quote)
}

/// A YAML double-quoted string: a JSON string literal is one, escapes included.
fn quote(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// A mapping key: plain when that is safe, quoted otherwise.
fn key(text: &str) -> String {
    let plain = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        text.to_string()
    } else {
        quote(text)
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "`{}` is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut parts: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match parts.last() {
                Some(Component::Normal(_)) => {
                    parts.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => parts.push(component),
            },
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        PathBuf::from(".")
    } else {
        parts.iter().collect()
    }
}

/// Every problem of a report on its own line, `file:line:column: level: message`.
fn render_report(report: &Report) -> String {
    let mut lines = Vec::new();
    for problem in &report.problems {
        let (line, column) = report.line_column(problem.span.start);
        let level = match problem.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let mut text = format!(
            "{}:{line}:{column}: {level}: {}",
            report.source_name, problem.message
        );
        if let Some(help) = &problem.help {
            text.push_str(&format!("\n  help: {help}"));
        }
        lines.push(text);
    }
    if lines.is_empty() {
        lines.push(report.to_string());
    }
    lines.join("\n")
}

// ───────────────────────────────────────────── diffs, updates, reports

/// Explains a failed case: one line per mismatch
/// (`nanchang.indicators.supervision: expected "30.00", found "20.00"`), and
/// under the lines of each candidate a unified diff of its expected and found
/// YAML. An error that kept the case from running is returned as is; a
/// passing case gives an empty string.
pub fn render_diff(result: &CaseResult) -> String {
    if let Some(error) = &result.error {
        return error.clone();
    }
    let mut text = String::new();
    let mut candidates: Vec<&str> = Vec::new();
    for mismatch in &result.mismatches {
        if !candidates.contains(&mismatch.candidate.as_str()) {
            candidates.push(&mismatch.candidate);
        }
    }
    for id in candidates {
        for mismatch in result.mismatches.iter().filter(|m| m.candidate == id) {
            text.push_str(&mismatch.to_string());
            text.push('\n');
        }
        let expected = result
            .expected
            .iter()
            .find(|(candidate, _)| candidate == id);
        let found = result.found.iter().find(|(candidate, _)| candidate == id);
        let missing = result
            .mismatches
            .iter()
            .any(|m| m.candidate == id && m.field.is_empty());
        if let (Some((_, expected)), Some((_, found)), false) = (expected, found, missing) {
            let mut old = String::new();
            let mut new = String::new();
            write_candidate(&mut old, id, expected, "");
            write_candidate(&mut new, id, found, "");
            let diff = similar::TextDiff::from_lines(&old, &new);
            let unified = diff
                .unified_diff()
                .context_radius(20)
                .header("expected", "found")
                .to_string();
            text.push_str(&unified);
        }
    }
    text
}

/// Writes the `expect:` section: every candidate and key of `expect`, in
/// order, in block style, with scores and findings double-quoted.
fn write_expect(out: &mut String, expect: &[(String, Expectation)]) {
    out.push_str("expect:\n");
    for (id, expectation) in expect {
        write_candidate(out, id, expectation, "  ");
    }
}

/// Writes one candidate's expectation, its id preceded by `indent`.
fn write_candidate(out: &mut String, id: &str, e: &Expectation, indent: &str) {
    let empty = e.status.is_none()
        && e.rank.is_none()
        && e.total.is_none()
        && e.base.is_none()
        && e.adjustments.is_none()
        && e.grade.is_none()
        && e.flags.is_empty()
        && e.indicators.is_none()
        && e.findings.is_none();
    if empty {
        out.push_str(&format!("{indent}{}: {{}}\n", key(id)));
        return;
    }
    out.push_str(&format!("{indent}{}:\n", key(id)));
    let inner = format!("{indent}  ");
    if let Some(status) = e.status {
        out.push_str(&format!("{inner}status: {}\n", status.as_str()));
    }
    if let Some(rank) = e.rank {
        out.push_str(&format!("{inner}rank: {}\n", rank_text(rank)));
    }
    if let Some(total) = &e.total {
        out.push_str(&format!("{inner}total: {}\n", score_text(total)));
    }
    if let Some(base) = &e.base {
        out.push_str(&format!("{inner}base: {}\n", score_text(base)));
    }
    if let Some(adjustments) = &e.adjustments {
        write_scores(out, &inner, "adjustments", adjustments);
    }
    if let Some(grade) = &e.grade {
        out.push_str(&format!("{inner}grade: {}\n", grade_text(grade)));
    }
    for (name, value) in &e.flags {
        out.push_str(&format!("{inner}{}: {value}\n", key(name)));
    }
    if let Some(scores) = &e.indicators {
        write_scores(out, &inner, "indicators", scores);
    }
    if let Some(findings) = &e.findings {
        let field = if e.findings_exactly {
            "findings_exactly"
        } else {
            "findings"
        };
        if findings.is_empty() {
            out.push_str(&format!("{inner}{field}: []\n"));
        } else {
            out.push_str(&format!("{inner}{field}:\n"));
            for finding in findings {
                out.push_str(&format!("{inner}  - {}\n", quote(finding)));
            }
        }
    }
}

/// Writes a mapping of names to scores under `field`, in block style.
fn write_scores(out: &mut String, inner: &str, field: &str, scores: &[(String, Option<String>)]) {
    if scores.is_empty() {
        out.push_str(&format!("{inner}{field}: {{}}\n"));
    } else {
        out.push_str(&format!("{inner}{field}:\n"));
        for (name, score) in scores {
            out.push_str(&format!("{inner}  {}: {}\n", key(name), score_text(score)));
        }
    }
}

/// Rewrites the expectations that changed from the current outcome, in the
/// author's layout: each changed value is edited where the case writes it
/// (block or flow style), and every other byte — comments, order, spacing —
/// stays. Only when a changed value cannot be found in place (a `findings`
/// list) is the `expect:` section rewritten whole, for the candidates and
/// keys it already lists; everything around the section is kept as written. Returns whether the file
/// changed: a passing case is left alone. Refuses a case that could not run,
/// one whose mismatches name a candidate, indicator, item, flag, bonus or
/// deduction block, or grade that does not exist, and a file in which the section cannot be found. The file is
/// written through a temporary file and a rename.
pub fn update_case(path: &Path, result: &CaseResult) -> Result<bool, CaseError> {
    let error = |message: String| CaseError {
        path: path.to_path_buf(),
        message,
    };
    if let Some(problem) = &result.error {
        return Err(error(format!(
            "the case did not run, so it cannot be updated:\n{problem}"
        )));
    }
    if result.passed() {
        return Ok(false);
    }
    let missing: Vec<String> = result
        .mismatches
        .iter()
        .filter(|m| m.missing)
        .map(|m| m.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(error(format!(
            "the outcome has nothing to write for:\n{}",
            missing.join("\n")
        )));
    }
    let text = read_text(path).map_err(error)?;
    let (start, end) = expect_section(&text)
        .ok_or_else(|| error("no top-level `expect:` line to rewrite".into()))?;
    // The changed values edited where the author wrote them; the section
    // rewritten whole only when one of them cannot be found in place (a
    // `findings` list).
    let reads_back = |updated: &str| {
        Case::parse(path, updated)
            .map(|case| case.expect == result.found)
            .unwrap_or(false)
    };
    let in_place = layout::edit_in_place(&text, (start, end), &result.mismatches, &result.found)
        .filter(|edited| reads_back(edited));
    let updated = match in_place {
        Some(edited) => edited,
        None => {
            let mut section = String::new();
            write_expect(&mut section, &result.found);
            let updated = format!("{}{section}{}", &text[..start], &text[end..]);
            let reread = Case::parse(path, &updated)
                .map_err(|e| error(format!("the rewritten case would not parse: {}", e.message)))?;
            if reread.expect != result.found {
                return Err(error(
                    "the rewritten case would not read back as the outcome; left unchanged".into(),
                ));
            }
            updated
        }
    };
    if updated == text {
        return Ok(false);
    }
    write_atomically(path, &updated).map_err(error)?;
    Ok(true)
}

/// The byte range of the top-level `expect:` section: from its line to the
/// next top-level key, leaving the comments and blank lines just before that
/// key (or at the end of the file) outside.
fn expect_section(text: &str) -> Option<(usize, usize)> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((offset, line));
        offset += line.len();
    }
    let first = lines.iter().position(|(_, line)| {
        line.strip_prefix("expect")
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })?;
    let is_top_level_key = |line: &str| {
        line.chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#')
    };
    let is_gap = |line: &str| line.trim().is_empty() || line.starts_with('#');
    let mut last = lines
        .iter()
        .skip(first + 1)
        .position(|(_, line)| is_top_level_key(line))
        .map_or(lines.len(), |index| first + 1 + index);
    while last > first + 1 && is_gap(lines[last - 1].1) {
        last -= 1;
    }
    let end = lines.get(last).map_or(text.len(), |(offset, _)| *offset);
    Some((lines[first].0, end))
}

fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| format!("`{}` is not a file name", path.display()))?;
    let temporary = directory.join(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let result = std::fs::write(&temporary, text).and_then(|_| std::fs::rename(&temporary, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(format!("cannot write `{}`: {e}", path.display()));
    }
    Ok(())
}

/// The results as JUnit XML: one testsuite `kaoping` with one testcase per
/// case, named by the case's `name`, with the case file as its classname and
/// its clause as a property. A mismatch is a `failure` whose message lists the
/// mismatches and whose text is [`render_diff`]; a case that could not run is
/// an `error`.
pub fn junit(results: &[CaseResult]) -> String {
    use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};
    let mut suite = TestSuite::new("kaoping");
    for result in results {
        let status = if result.passed() {
            TestCaseStatus::success()
        } else {
            let (kind, message) = match &result.error {
                Some(error) => (
                    NonSuccessKind::Error,
                    error.lines().next().unwrap_or_default().to_string(),
                ),
                None => (
                    NonSuccessKind::Failure,
                    result
                        .mismatches
                        .iter()
                        .map(|m| m.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            let mut status = TestCaseStatus::non_success(kind);
            status
                .set_message(message)
                .set_description(render_diff(result));
            status
        };
        let mut case = TestCase::new(result.name.as_str(), status);
        case.set_classname(result.path.display().to_string());
        if let Some(clause) = &result.clause {
            case.add_property(Property::new("clause", clause.as_str()));
        }
        suite.add_test_case(case);
    }
    let mut report = quick_junit::Report::new("kaoping");
    report.add_test_suite(suite);
    report
        .to_string()
        .expect("JUnit XML written to memory cannot fail")
}

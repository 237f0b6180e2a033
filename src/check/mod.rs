//! Syntax tree → checked `Policy`. Resolves every name, infers and checks
//! every type, validates the sums of maxima, and compiles expressions to
//! `Code`. Collects every problem; never stops at the first.

mod declarations;
mod expressions;
mod late;
mod points;
mod schema;
mod unknown;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::ast::{self, BinaryOperator, ExpressionKind, Span, UnaryOperator};
use crate::diagnostic::{did_you_mean, Problem, SourceFile};
use crate::number::Number;
use crate::policy::*;
use crate::value::{Date, Value};

/// How deeply expressions may nest (parentheses, operators, calls). Real
/// policies stay far below; the bound keeps every later recursive walk safe.
const MAX_EXPRESSION_DEPTH: usize = 200;

const SCALAR_TYPES: [&str; 5] = ["int", "decimal", "bool", "text", "date"];
/// The built-in functions, as a policy calls them.
pub const FUNCTIONS: [&str; 13] = [
    "min",
    "max",
    "round_down",
    "round_up",
    "round",
    "abs",
    "present",
    "days_between",
    "date",
    "characters",
    "contains_any",
    "extension",
    "grouped",
];
/// The list methods, as a policy calls them (`LIST.name(…)`).
pub const LIST_METHODS: [&str; 18] = [
    "count",
    "sum",
    "max",
    "min",
    "mean",
    "filter",
    "map",
    "any",
    "all",
    "group_by",
    "distinct_by",
    "duplicates_by",
    "take_per",
    "drop_per",
    "take",
    "drop",
    "contains",
    "rank_desc",
];

/// Checks a parsed policy. Returns the policy when there are no errors, and
/// every problem found (warnings included) either way. A policy that extends
/// others is checked as the tree `inheritance::resolve` merged, with the
/// `ancestors` it names and the `inherited` texts its spans may point into.
pub fn check(
    file: &ast::PolicyFile,
    source_name: &str,
    source: &str,
    ancestors: &[Ancestor],
    inherited: &[SourceFile],
) -> (Option<Policy>, Vec<Problem>) {
    let mut checker = Checker::new();
    checker.inherited = inherited.to_vec();
    let resolved;
    let file = if checker.unresolved_inheritance(file) {
        resolved = as_declared(file);
        &resolved
    } else {
        file
    };
    let definition = checker
        .policy(file, source_name, source)
        .map(|definition| PolicyDefinition {
            ancestors: ancestors.to_vec(),
            inherited: inherited.to_vec(),
            ..definition
        });
    let has_errors = checker
        .problems
        .iter()
        .any(|problem| problem.level == crate::diagnostic::Level::Error);
    // Only a policy without errors is compiled for evaluation.
    let policy = definition.filter(|_| !has_errors).map(Policy::new);
    (policy, checker.problems)
}

struct Checker {
    problems: Vec<Problem>,
    records: Vec<RecordType>,
    record_names: BTreeMap<String, (RecordId, Span)>,
    root: Option<RecordId>,
    parameters: Vec<ParameterInfo>,
    parameter_types: Vec<Type>,
    /// Where each parameter's name is written, by index in `parameters`.
    parameter_names: Vec<Span>,
    /// The parameters something reads (an expression or a range bound), by
    /// index in `parameters`; the rest are reported as unused.
    used_parameters: BTreeSet<usize>,
    /// Parameters whose value failed to check: that was reported, and their
    /// uses as range bounds are not reported again.
    failed_parameters: BTreeSet<String>,
    /// Whether the expression being checked read one of `failed_parameters`:
    /// a constant that does cannot be computed, and says nothing more.
    read_failed_parameter: bool,
    /// The input block's fields, read from the syntax tree before any type is
    /// resolved, so that `text ref NAME` can be resolved anywhere: (name, keyed).
    root_lists: Vec<(String, bool)>,
    source: String,
    source_name: String,
    /// The texts of the policies extended, for placing rules they declare.
    inherited: Vec<SourceFile>,
    /// The compiled `script` blocks and the functions they define.
    scripts: crate::script::Scripts,
    /// The functions a block that failed to compile seems to define: calls
    /// to them are not reported again as unknown.
    uncompiled_functions: Vec<String>,
    derived: Vec<Derived>,
    derived_types: Vec<Type>,
    used_fields: BTreeSet<(RecordId, usize)>,
    candidate_record: Option<RecordId>,
    readings: Vec<ReadingInfo>,
    /// Optional values known to be present where the expression being
    /// checked is evaluated: tested with `present(…)` by an enclosing `and`,
    /// `or`, `if` or rule condition. Compared as written (spans ignored).
    present: Vec<ast::Expression>,
    /// How deep the expression being checked is nested.
    depth: usize,
    /// Whether the nesting limit was already reported (once is enough).
    too_deep_reported: bool,
    /// What the code being checked may read of the outcome: nothing while
    /// scoring; the total, scores and rank in grade rules; also the grade in
    /// late findings and lets.
    phase: Phase,
    /// The latest phase the code checked since the last reset read from.
    phase_read: Phase,
    /// What after-total names refer to, read from the syntax tree up front.
    late_names: late::LateNames,
    /// The header's rounding mode, which `round(x, places)` follows; half
    /// away from zero when the header declares none.
    rounding_mode: ast::RoundingMode,
    /// Where names are declared, for saying why one cannot be read.
    declared: unknown::Declared,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Parameters, maxima, quotas: no candidate, no facts.
    Constant,
    /// Per-candidate rules; `peers` only where `peers` is true.
    Candidate { peers: bool },
}

enum Entry {
    Named { name: String, slot: usize, ty: Type },
    Item { slot: usize, ty: Type },
}

struct Scope {
    context: Context,
    entries: Vec<Entry>,
    next_slot: usize,
    slots: usize,
    /// Top-level lets visible here (those declared before, for a let).
    visible_derived: usize,
    /// The max of the indicator or item whose body is being checked, which
    /// the bare name `max` reads there.
    own_max: Option<Number>,
}

impl Scope {
    fn new(context: Context, visible_derived: usize) -> Scope {
        Scope {
            context,
            entries: Vec::new(),
            next_slot: 0,
            slots: 0,
            visible_derived,
            own_max: None,
        }
    }

    fn allocate(&mut self) -> usize {
        let slot = self.next_slot;
        self.next_slot += 1;
        self.slots = self.slots.max(self.next_slot);
        slot
    }
}

type Typed = (Code, Type);

impl Checker {
    /// Whether an error was found. The warnings that say something is unused
    /// hold back then: a broken expression may be what failed to use it.
    fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|problem| problem.level == crate::diagnostic::Level::Error)
    }

    fn new() -> Self {
        Checker {
            problems: Vec::new(),
            records: Vec::new(),
            record_names: BTreeMap::new(),
            root: None,
            parameters: Vec::new(),
            parameter_types: Vec::new(),
            parameter_names: Vec::new(),
            used_parameters: BTreeSet::new(),
            failed_parameters: BTreeSet::new(),
            read_failed_parameter: false,
            root_lists: Vec::new(),
            source: String::new(),
            source_name: String::new(),
            inherited: Vec::new(),
            scripts: crate::script::Scripts::default(),
            uncompiled_functions: Vec::new(),
            derived: Vec::new(),
            derived_types: Vec::new(),
            used_fields: BTreeSet::new(),
            candidate_record: None,
            readings: Vec::new(),
            present: Vec::new(),
            depth: 0,
            too_deep_reported: false,
            phase: Phase::Scoring,
            phase_read: Phase::Scoring,
            late_names: late::LateNames::default(),
            rounding_mode: ast::RoundingMode::HalfAwayFromZero,
            declared: unknown::Declared::default(),
        }
    }

    fn error(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn policy(
        &mut self,
        file: &ast::PolicyFile,
        source_name: &str,
        source: &str,
    ) -> Option<PolicyDefinition> {
        use ast::Declaration as D;
        self.source = source.to_string();
        self.source_name = source_name.to_string();
        self.late_names = late::LateNames::of(file);
        self.declared = unknown::Declared::of(file);
        if let Some(rounding) = &file.header.rounding {
            self.rounding_mode = rounding.mode;
        }
        for declaration in &file.declarations {
            if let D::Script(block) = declaration {
                self.script(block);
            }
        }
        if let Some(fields) = file.declarations.iter().find_map(|d| match d {
            D::Input(fields, _) => Some(fields),
            _ => None,
        }) {
            self.root_lists = fields
                .iter()
                .map(|field| {
                    let keyed = matches!(
                        &field.field_type,
                        ast::TypeExpression::List { key: Some(_), .. }
                    );
                    (field.name.text.clone(), keyed)
                })
                .collect();
        }
        // Records first, so that fields may name records declared later.
        for declaration in &file.declarations {
            if let D::Record(record) = declaration {
                if let Some((_, first)) = self.record_names.get(&record.name.text) {
                    let first = *first;
                    self.error(
                        Problem::error(
                            "kaoping::check::duplicate_name",
                            format!("record `{}` is declared twice", record.name.text),
                            record.name.span,
                        )
                        .with_related(first, "first declared here")
                        .with_help("rename or remove one of them"),
                    );
                    continue;
                }
                let id = self.records.len();
                self.records.push(RecordType {
                    name: record.name.text.clone(),
                    label: record.label.clone(),
                    fields: Vec::new(),
                });
                self.record_names
                    .insert(record.name.text.clone(), (id, record.name.span));
            }
        }

        // Parameters come before the schema only in the sense that defaults
        // may use them; they cannot see facts.
        let mut parameter_spans: BTreeMap<String, Span> = BTreeMap::new();
        for declaration in &file.declarations {
            if let D::Parameter(parameter) = declaration {
                self.parameter(parameter, &mut parameter_spans);
            }
        }

        for declaration in &file.declarations {
            if let D::Record(record) = declaration {
                if let Some((id, span)) = self.record_names.get(&record.name.text).copied() {
                    if span.start == record.name.span.start {
                        let fields = self.fields(&record.fields);
                        self.records[id].fields = fields;
                    }
                }
            }
        }

        let inputs: Vec<_> = file
            .declarations
            .iter()
            .filter_map(|d| match d {
                D::Input(fields, span) => Some((fields, *span)),
                _ => None,
            })
            .collect();
        match inputs.as_slice() {
            [] => self.error(
                Problem::error(
                    "kaoping::check::missing_input",
                    "the policy declares no `input` block",
                    file.header.span,
                )
                .with_help("add `input { candidates: list of Candidate key id … }` describing the facts file"),
            ),
            [(fields, _), rest @ ..] => {
                for (_, span) in rest {
                    self.error(
                        Problem::error(
                            "kaoping::check::duplicate_input",
                            "the policy declares more than one `input` block",
                            *span,
                        )
                        .with_help("merge the fields into one `input` block"),
                    );
                }
                let id = self.records.len();
                self.records.push(RecordType {
                    name: "input".into(),
                    label: None,
                    fields: Vec::new(),
                });
                let fields = self.fields(fields);
                self.records[id].fields = fields;
                self.root = Some(id);
            }
        }

        let (candidates_field, candidate_record, candidate_id_field) = self.candidate_list(file)?;
        self.candidate_record = Some(candidate_record);

        // Top-level lets, in order: each sees those before it.
        let mut derived_spans: BTreeMap<String, Span> = BTreeMap::new();
        for declaration in &file.declarations {
            if let D::Derived(derived) = declaration {
                self.derived_let(derived, &mut derived_spans, &parameter_spans);
            }
        }

        let mut indicators = Vec::new();
        let mut indicator_spans: BTreeMap<String, Span> = BTreeMap::new();
        for declaration in &file.declarations {
            if let D::Indicator(indicator) = declaration {
                if let Some(first) = indicator_spans.get(&indicator.name.text) {
                    let first = *first;
                    self.error(
                        Problem::error(
                            "kaoping::check::duplicate_name",
                            format!("indicator `{}` is declared twice", indicator.name.text),
                            indicator.name.span,
                        )
                        .with_related(first, "first declared here")
                        .with_help("give each indicator its own name"),
                    );
                }
                indicator_spans
                    .entry(indicator.name.text.clone())
                    .or_insert(indicator.name.span);
                if let Some(compiled) = self.indicator(indicator, None) {
                    indicators.push(compiled);
                }
            }
        }

        let mut adjustments = Vec::new();
        for declaration in &file.declarations {
            if let D::Adjustment(adjustment) = declaration {
                let taken = indicator_spans
                    .get(&adjustment.name.text)
                    .copied()
                    .or_else(|| {
                        file.declarations.iter().find_map(|other| match other {
                            D::Adjustment(first)
                                if first.name.text == adjustment.name.text
                                    && first.span.start < adjustment.span.start =>
                            {
                                Some(first.name.span)
                            }
                            _ => None,
                        })
                    });
                if let Some(first) = taken {
                    self.error(
                        Problem::error(
                            "kaoping::check::duplicate_name",
                            format!("`{}` is declared twice", adjustment.name.text),
                            adjustment.name.span,
                        )
                        .with_related(first, "first declared here")
                        .with_help("give each indicator, bonus and deduction its own name"),
                    );
                }
                if let Some(compiled) = self.adjustment(adjustment) {
                    adjustments.push(compiled);
                }
            }
        }

        let mut exclusions = Vec::new();
        let mut findings = Vec::new();
        let mut late_findings = Vec::new();
        let mut revocations = Vec::new();
        for declaration in &file.declarations {
            match declaration {
                D::Exclude(rule) => {
                    if let Some(rule) = self.top_rule(rule, "exclude rule", false) {
                        exclusions.push(rule);
                    }
                }
                D::Finding(rule) => {
                    // A finding that reads the total, a rank or the grade
                    // runs after grading.
                    self.phase = Phase::Graded;
                    self.phase_read = Phase::Scoring;
                    let compiled = self.top_rule(rule, "finding", false);
                    let late = self.phase_read > Phase::Scoring;
                    self.phase = Phase::Scoring;
                    if let Some(rule) = compiled {
                        if late {
                            late_findings.push(rule);
                        } else {
                            findings.push(rule);
                        }
                    }
                }
                D::Revoke(rule) => {
                    if let Some(rule) = self.top_rule(rule, "revoke rule", false) {
                        revocations.push(rule);
                    }
                }
                _ => {}
            }
        }

        let header = self.header(&file.header, &indicators);
        let grouping = self.grouping(file, candidate_record);
        let ranking = self.ranking(file, &indicators, &indicator_spans);
        let (selections, flags) = self.selections(file, grouping.as_ref());
        let grades = self.grade_scale(file, grouping.as_ref());
        let grade_rules = self.grade_rules(file, grades.as_ref());

        let candidate_name_field = self.records[candidate_record].field_index("name");
        self.unused_inputs(
            candidate_record,
            candidate_id_field,
            candidate_name_field,
            &grouping,
        );
        self.unused_parameters();

        Some(PolicyDefinition {
            adjustments,
            grades,
            grade_rules,
            late_findings,
            ranks: self.late_names.ranks(),
            header: header?,
            source_name: source_name.to_string(),
            source: Arc::from(source),
            ancestors: Vec::new(),
            inherited: Vec::new(),
            scripts: std::mem::take(&mut self.scripts),
            records: self.records.clone(),
            root: self.root?,
            candidates_field,
            candidate_record,
            candidate_id_field,
            candidate_name_field,
            parameters: self.parameters.clone(),
            derived: self.derived.clone(),
            exclusions,
            findings,
            revocations,
            indicators,
            grouping,
            ranking,
            selections,
            flags,
            readings: {
                let mut readings = std::mem::take(&mut self.readings);
                readings.sort_by_key(|reading| reading.span.start);
                readings
            },
        })
    }

    /// `override` and `remove` change what `extends` brings in; the
    /// inheritance stage consumes them, so any left here had nothing to
    /// change. Reports each; returns whether there were any.
    fn unresolved_inheritance(&mut self, file: &ast::PolicyFile) -> bool {
        let before = self.problems.len();
        for declaration in &file.declarations {
            let (keyword, span) = match declaration {
                ast::Declaration::Override(replacement) => ("override", replacement.span()),
                ast::Declaration::Remove(removal) => ("remove", removal.span),
                _ => continue,
            };
            self.error(
                Problem::error(
                    "kaoping::check::nothing_inherited",
                    format!("`{keyword}` in a policy that extends no other"),
                    span,
                )
                .with_help(
                    "add `extends \"PATH\"` to the header to build on another policy, or declare this without `override`/`remove`",
                ),
            );
        }
        self.problems.len() > before
    }

    /// Compiles a `script` block and registers the functions it defines.
    fn script(&mut self, block: &ast::ScriptBlock) {
        let compiled = match crate::script::compile(block) {
            Ok(compiled) => compiled,
            Err(error) => {
                self.error(
                    Problem::error(
                        "kaoping::check::script",
                        format!("the script does not compile: {}", error.message),
                        error.span,
                    )
                    .with_help(
                        "fix the rhai code; scripts may not use `eval`, `import` or modules",
                    ),
                );
                self.uncompiled_functions
                    .extend(crate::script::declared_names(&block.source));
                return;
            }
        };
        let index = self.scripts.blocks.len();
        for (name, arity) in crate::script::functions(&compiled) {
            let clash = if FUNCTIONS.contains(&name.as_str()) {
                Some(format!("`{name}` is a built-in function"))
            } else if self.scripts.functions.iter().any(|f| f.name == name) {
                Some(format!("script function `{name}` is defined twice"))
            } else {
                None
            };
            if let Some(message) = clash {
                self.error(
                    Problem::error("kaoping::check::duplicate_name", message, block.span)
                        .with_help("give the script function another name"),
                );
                continue;
            }
            self.scripts.functions.push(crate::script::ScriptFunction {
                name,
                arity,
                block: index,
            });
        }
        self.scripts.blocks.push(compiled);
    }

    /// Where a rule was written, for findings: the line, and the file when it
    /// is inherited from another policy.
    fn place(&self, what: &str, span: Span) -> String {
        let location =
            crate::diagnostic::locate(&self.source_name, &self.source, &self.inherited, span.start);
        if location.file_offset == 0 {
            format!("{what} at line {}", location.line)
        } else {
            format!("{what} at line {} of {}", location.line, location.file)
        }
    }

    // ------------------------------------------------------------ header

    fn header(&mut self, header: &ast::Header, indicators: &[Indicator]) -> Option<PolicyHeader> {
        let total = match &header.total {
            Some(expression) => self.constant_number(expression)?,
            None => {
                self.error(
                    Problem::error(
                        "kaoping::check::missing_total",
                        "the header declares no `total`",
                        header.span,
                    )
                    .with_help("add `total 100` (the points all indicators add up to)"),
                );
                return None;
            }
        };
        let sum = indicators
            .iter()
            .fold(Number::zero(), |sum, indicator| sum.add(&indicator.max));
        if !indicators.is_empty() && sum != total {
            let names = indicators
                .iter()
                .map(|i| format!("{} {}", i.name, i.max))
                .collect::<Vec<_>>()
                .join(" + ");
            self.error(
                Problem::error(
                    "kaoping::check::maxima_sum",
                    format!(
                        "indicator maxima add up to `{sum}`, but the declared total is `{total}`"
                    ),
                    header.total.as_ref().map_or(header.span, |t| t.span),
                )
                .with_label("declared total")
                .with_help(format!(
                    "the maxima are {names}; change a weight or the total"
                )),
            );
        }
        let rounding = header.rounding.as_ref().and_then(|rounding| {
            if rounding.places > 10 {
                self.error(
                    Problem::error(
                        "kaoping::check::rounding",
                        format!("cannot round to `{}` places", rounding.places),
                        rounding.span,
                    )
                    .with_help("use between 0 and 10 places"),
                );
                None
            } else {
                Some((rounding.places, rounding.mode))
            }
        });
        if let Some((date, span)) = &header.effective {
            if Date::parse(date).is_none() {
                self.error(
                    Problem::error(
                        "kaoping::check::date",
                        format!("`{date}` is not a calendar date"),
                        *span,
                    )
                    .with_help("write dates as YYYY-MM-DD"),
                );
            }
        }
        let final_at_least = self.final_bound(header.final_at_least.as_ref());
        let final_at_most = self.final_bound(header.final_at_most.as_ref());
        if let (Some(low), Some(high), Some((_, span))) =
            (&final_at_least, &final_at_most, &header.final_at_most)
        {
            if low > high {
                self.error(
                    Problem::error(
                        "kaoping::check::final_bounds",
                        format!("the final total is at least {} and at most {}", low, high),
                        *span,
                    )
                    .with_help("the least total must not be above the most"),
                );
            }
        }
        Some(PolicyHeader {
            final_at_least,
            final_at_most,
            id: header.id.text.clone(),
            title: header.title.clone(),
            version: header.version.clone(),
            effective: header.effective.as_ref().map(|(date, _)| date.clone()),
            source: header.source.clone(),
            total,
            rounding,
        })
    }
}

impl Checker {
    fn final_bound(&mut self, bound: Option<&(String, Span)>) -> Option<Number> {
        let (text, span) = bound?;
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        match Number::parse_decimal(digits) {
            Some(number) if negative => Some(number.negate()),
            Some(number) => Some(number),
            None => {
                self.error(
                    Problem::error(
                        "kaoping::check::final_bounds",
                        format!("`{text}` is not a number"),
                        *span,
                    )
                    .with_help("write `final at least 0` or `final at most 105`"),
                );
                None
            }
        }
    }
}

/// The file with each stray `override` read as the declaration it carries and
/// each stray `remove` dropped, so that one misplaced keyword is reported once
/// rather than again by every rule that uses the name it declares.
fn as_declared(file: &ast::PolicyFile) -> ast::PolicyFile {
    use ast::{Declaration as D, Override as O};
    let declarations = file
        .declarations
        .iter()
        .filter_map(|declaration| match declaration {
            D::Override(O::Parameter(parameter)) => Some(D::Parameter(parameter.clone())),
            D::Override(O::Indicator(indicator)) => Some(D::Indicator(indicator.clone())),
            D::Override(O::Record(record)) => Some(D::Record(record.clone())),
            D::Override(O::Rank(rank)) => Some(D::Rank(rank.clone())),
            D::Override(O::Group(group)) => Some(D::Group(group.clone())),
            D::Override(O::Grades(grades)) => Some(D::Grades(grades.clone())),
            D::Override(O::Adjustment(adjustment)) => Some(D::Adjustment(adjustment.clone())),
            D::Override(O::Item { .. }) | D::Remove(_) => None,
            other => Some(other.clone()),
        })
        .collect();
    ast::PolicyFile {
        header: file.header.clone(),
        declarations,
    }
}

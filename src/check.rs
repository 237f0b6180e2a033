//! Syntax tree → checked `Policy`. Resolves every name, infers and checks
//! every type, validates the sums of maxima, and compiles expressions to
//! `Code`. Collects every problem; never stops at the first.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::ast::{self, BinaryOperator, ExpressionKind, Span, UnaryOperator};
use crate::diagnostic::{did_you_mean, Problem};
use crate::number::Number;
use crate::policy::*;
use crate::value::{Date, Value};

const SCALAR_TYPES: [&str; 5] = ["int", "decimal", "bool", "text", "date"];
const FUNCTIONS: [&str; 7] = [
    "min",
    "max",
    "round_down",
    "round",
    "abs",
    "present",
    "days_between",
];
const LIST_METHODS: [&str; 18] = [
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
/// every problem found (warnings included) either way.
pub fn check(
    file: &ast::PolicyFile,
    source_name: &str,
    source: &str,
) -> (Option<Policy>, Vec<Problem>) {
    let mut checker = Checker::new();
    let policy = checker.policy(file, source_name, source);
    let has_errors = checker
        .problems
        .iter()
        .any(|problem| problem.level == crate::diagnostic::Level::Error);
    (if has_errors { None } else { policy }, checker.problems)
}

struct Checker {
    problems: Vec<Problem>,
    records: Vec<RecordType>,
    record_names: BTreeMap<String, (RecordId, Span)>,
    root: Option<RecordId>,
    parameters: Vec<ParameterInfo>,
    parameter_types: Vec<Type>,
    /// The input block's fields, read from the syntax tree before any type is
    /// resolved, so that `text ref NAME` can be resolved anywhere: (name, keyed).
    root_lists: Vec<(String, bool)>,
    source: String,
    derived: Vec<Derived>,
    derived_types: Vec<Type>,
    used_fields: BTreeSet<(RecordId, usize)>,
    candidate_record: Option<RecordId>,
    readings: Vec<ReadingInfo>,
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
}

impl Scope {
    fn new(context: Context, visible_derived: usize) -> Scope {
        Scope {
            context,
            entries: Vec::new(),
            next_slot: 0,
            slots: 0,
            visible_derived,
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
    fn new() -> Self {
        Checker {
            problems: Vec::new(),
            records: Vec::new(),
            record_names: BTreeMap::new(),
            root: None,
            parameters: Vec::new(),
            parameter_types: Vec::new(),
            root_lists: Vec::new(),
            source: String::new(),
            derived: Vec::new(),
            derived_types: Vec::new(),
            used_fields: BTreeSet::new(),
            candidate_record: None,
            readings: Vec::new(),
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
    ) -> Option<Policy> {
        use ast::Declaration as D;
        self.source = source.to_string();
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

        let mut exclusions = Vec::new();
        let mut findings = Vec::new();
        let mut revocations = Vec::new();
        for declaration in &file.declarations {
            match declaration {
                D::Exclude(rule) => {
                    if let Some(rule) = self.top_rule(rule, "exclude rule", false) {
                        exclusions.push(rule);
                    }
                }
                D::Finding(rule) => {
                    if let Some(rule) = self.top_rule(rule, "finding", false) {
                        findings.push(rule);
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

        let candidate_name_field = self.records[candidate_record].field_index("name");
        self.unused_inputs(
            candidate_record,
            candidate_id_field,
            candidate_name_field,
            &grouping,
        );

        Some(Policy {
            header: header?,
            source_name: source_name.to_string(),
            source: Arc::from(source),
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
        Some(PolicyHeader {
            id: header.id.text.clone(),
            title: header.title.clone(),
            version: header.version.clone(),
            effective: header.effective.as_ref().map(|(date, _)| date.clone()),
            source: header.source.clone(),
            total,
            rounding,
        })
    }

    // ------------------------------------------------------------ schema

    fn fields(&mut self, declarations: &[ast::FieldDeclaration]) -> Vec<Field> {
        let mut fields: Vec<Field> = Vec::new();
        for declaration in declarations {
            if let Some(first) = fields.iter().find(|f| f.name == declaration.name.text) {
                let first = first.span;
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_name",
                        format!("field `{}` is declared twice", declaration.name.text),
                        declaration.name.span,
                    )
                    .with_related(first, "first declared here")
                    .with_help("each field of a record needs its own name"),
                );
                continue;
            }
            let schema = self
                .field_type(&declaration.field_type)
                .unwrap_or(FieldType::Unknown);
            let default = declaration.default.as_ref().and_then(|expression| {
                let value = self.constant(expression)?;
                let expected = schema.expression_type();
                let (_, found) = value;
                if !compatible(&self.records, &expected, &found) {
                    self.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "the default of `{}` is {}, but the field is {}",
                                declaration.name.text,
                                self.describe(&found),
                                self.describe(&expected)
                            ),
                            expression.span,
                        )
                        .with_help("give a default of the field's type"),
                    );
                    return None;
                }
                Some(value.0)
            });
            fields.push(Field {
                name: declaration.name.text.clone(),
                label: declaration.label.clone(),
                schema,
                default,
                span: declaration.span,
            });
        }
        fields
    }

    fn field_type(&mut self, expression: &ast::TypeExpression) -> Option<FieldType> {
        use ast::TypeExpression as T;
        match expression {
            T::Named(name) => match name.text.as_str() {
                "int" => Some(FieldType::Number {
                    integer: true,
                    low: None,
                    high: None,
                }),
                "decimal" => Some(FieldType::Number {
                    integer: false,
                    low: None,
                    high: None,
                }),
                "bool" => Some(FieldType::Bool),
                "text" => Some(FieldType::Text),
                "date" => Some(FieldType::Date),
                other => match self.record_names.get(other) {
                    Some((id, _)) => Some(FieldType::Record(*id)),
                    None => {
                        let names: Vec<String> = SCALAR_TYPES
                            .iter()
                            .map(|s| s.to_string())
                            .chain(self.record_names.keys().cloned())
                            .collect();
                        let mut problem = Problem::error(
                            "kaoping::check::unknown_type",
                            format!("unknown type `{other}`"),
                            name.span,
                        );
                        problem = match did_you_mean(other, names.iter().map(String::as_str)) {
                            Some(help) => problem.with_help(help),
                            None => problem.with_help(
                                "use int, decimal, bool, text, date, or a `record` declared in this policy",
                            ),
                        };
                        self.error(problem);
                        None
                    }
                },
            },
            T::Range {
                scalar,
                low,
                high,
                span,
            } => {
                let integer = scalar.text == "int";
                let bound = |text: &Option<String>| -> Result<Option<Number>, ()> {
                    match text {
                        None => Ok(None),
                        Some(text) => Number::parse_decimal(text).map(Some).ok_or(()),
                    }
                };
                let (Ok(low), Ok(high)) = (bound(low), bound(high)) else {
                    self.error(
                        Problem::error(
                            "kaoping::check::range",
                            "a range bound is not a number",
                            *span,
                        )
                        .with_help("write ranges like `decimal[0..100]` or `int[0..]`"),
                    );
                    return None;
                };
                if !matches!(scalar.text.as_str(), "int" | "decimal") {
                    self.error(
                        Problem::error(
                            "kaoping::check::range",
                            format!(
                                "only `int` and `decimal` take a range, not `{}`",
                                scalar.text
                            ),
                            scalar.span,
                        )
                        .with_help("remove the range"),
                    );
                }
                if let (Some(low), Some(high)) = (&low, &high) {
                    if low > high {
                        self.error(
                            Problem::error(
                                "kaoping::check::range",
                                format!("the range `{low}..{high}` is empty"),
                                *span,
                            )
                            .with_help("put the smaller bound first"),
                        );
                    }
                }
                Some(FieldType::Number { integer, low, high })
            }
            T::Reference(target, _) => self.reference(target),
            T::Optional(inner, _) => Some(FieldType::Optional(Box::new(self.field_type(inner)?))),
            T::List { element, key, .. } => {
                let element = self.field_type(element)?;
                let key = match key {
                    None => None,
                    Some(key) => {
                        let FieldType::Record(id) = element else {
                            self.error(
                                Problem::error(
                                    "kaoping::check::list_key",
                                    "only a list of records can have a `key`",
                                    key.span,
                                )
                                .with_help("remove `key`, or make the elements records"),
                            );
                            return None;
                        };
                        match self.records[id].field_index(&key.text) {
                            Some(index) => Some(index),
                            None => {
                                let names: Vec<String> = self.records[id]
                                    .fields
                                    .iter()
                                    .map(|f| f.name.clone())
                                    .collect();
                                let mut problem = Problem::error(
                                    "kaoping::check::unknown_field",
                                    format!(
                                        "record `{}` has no field `{}` to use as key",
                                        self.records[id].name, key.text
                                    ),
                                    key.span,
                                );
                                if let Some(help) =
                                    did_you_mean(&key.text, names.iter().map(String::as_str))
                                {
                                    problem = problem.with_help(help);
                                } else {
                                    problem = problem
                                        .with_help("name a text field of the element record");
                                }
                                self.error(problem);
                                None
                            }
                        }
                    }
                };
                Some(FieldType::List {
                    element: Box::new(element),
                    key,
                })
            }
            T::Record(fields, _) => {
                let id = self.records.len();
                self.records.push(RecordType {
                    name: String::new(),
                    label: None,
                    fields: Vec::new(),
                });
                let fields = self.fields(fields);
                self.records[id].fields = fields;
                Some(FieldType::Record(id))
            }
            T::Enum(variants, span) => {
                let mut seen: Vec<(String, Option<String>)> = Vec::new();
                for (name, label) in variants {
                    if seen.iter().any(|(v, _)| *v == name.text) {
                        self.error(
                            Problem::error(
                                "kaoping::check::duplicate_name",
                                format!("enum variant `{}` is listed twice", name.text),
                                name.span,
                            )
                            .with_help("list each variant once"),
                        );
                    } else {
                        seen.push((name.text.clone(), label.clone()));
                    }
                }
                if seen.is_empty() {
                    self.error(
                        Problem::error("kaoping::check::enum", "an enum needs variants", *span)
                            .with_help("list the allowed values, e.g. `enum { city, county }`"),
                    );
                }
                Some(FieldType::Enum(Arc::new(EnumType { variants: seen })))
            }
        }
    }

    fn reference(&mut self, target: &ast::Name) -> Option<FieldType> {
        match self
            .root_lists
            .iter()
            .position(|(name, _)| *name == target.text)
        {
            Some(index) if self.root_lists[index].1 => {
                Some(FieldType::Reference { root_field: index })
            }
            Some(_) => {
                self.error(
                    Problem::error(
                        "kaoping::check::reference",
                        format!(
                            "`{}` is not a keyed list, so nothing can refer to it",
                            target.text
                        ),
                        target.span,
                    )
                    .with_help(format!(
                        "declare it as `{}: list of RECORD key FIELD` in the input block",
                        target.text
                    )),
                );
                None
            }
            None => {
                let mut problem = Problem::error(
                    "kaoping::check::reference",
                    format!("`{}` is not a field of the input block", target.text),
                    target.span,
                );
                problem = match did_you_mean(
                    &target.text,
                    self.root_lists.iter().map(|(n, _)| n.as_str()),
                ) {
                    Some(help) => problem.with_help(help),
                    None => problem.with_help("refer to a keyed list declared in `input`"),
                };
                self.error(problem);
                None
            }
        }
    }

    fn candidate_list(&mut self, file: &ast::PolicyFile) -> Option<(usize, RecordId, usize)> {
        let root = self.root?;
        let Some(index) = self.records[root].field_index("candidates") else {
            self.error(
                Problem::error(
                    "kaoping::check::missing_candidates",
                    "the input block has no `candidates` list",
                    file.header.span,
                )
                .with_help("add `candidates: list of RECORD key id` to the input block"),
            );
            return None;
        };
        let field = &self.records[root].fields[index];
        match &field.schema {
            FieldType::List {
                element,
                key: Some(key),
            } => match **element {
                FieldType::Record(record) => Some((index, record, *key)),
                _ => None,
            },
            _ => {
                let span = field.span;
                self.error(
                    Problem::error(
                        "kaoping::check::missing_candidates",
                        "`candidates` must be a keyed list of records",
                        span,
                    )
                    .with_help("declare it as `candidates: list of Candidate key id`"),
                );
                None
            }
        }
    }

    // ------------------------------------------------------------ parameters and lets

    fn parameter(&mut self, parameter: &ast::Parameter, spans: &mut BTreeMap<String, Span>) {
        if let Some(first) = spans.get(&parameter.name.text) {
            let first = *first;
            self.error(
                Problem::error(
                    "kaoping::check::duplicate_name",
                    format!("parameter `{}` is declared twice", parameter.name.text),
                    parameter.name.span,
                )
                .with_related(first, "first declared here")
                .with_help("remove one, or give it another name"),
            );
            return;
        }
        spans.insert(parameter.name.text.clone(), parameter.name.span);
        self.note_readings(
            &format!("param {}", parameter.name.text),
            &parameter.annotations,
        );
        if let Some((value, ty)) = self.constant(&parameter.value) {
            self.parameter_types.push(ty);
            self.parameters.push(ParameterInfo {
                name: parameter.name.text.clone(),
                label: parameter.label.clone(),
                value,
                annotations: parameter.annotations.clone(),
                span: parameter.span,
            });
        }
    }

    fn derived_let(
        &mut self,
        derived: &ast::Parameter,
        spans: &mut BTreeMap<String, Span>,
        parameters: &BTreeMap<String, Span>,
    ) {
        let name = &derived.name.text;
        if let Some(first) = spans.get(name).or_else(|| parameters.get(name)) {
            let first = *first;
            self.error(
                Problem::error(
                    "kaoping::check::duplicate_name",
                    format!("`{name}` is already declared"),
                    derived.name.span,
                )
                .with_related(first, "first declared here")
                .with_help("give the `let` another name"),
            );
            return;
        }
        spans.insert(name.clone(), derived.name.span);
        self.note_readings(&format!("let {name}"), &derived.annotations);
        let mut scope = Scope::new(Context::Candidate { peers: true }, self.derived.len());
        if let Some((code, ty)) = self.expression(&derived.value, &mut scope) {
            let uses_peers = self.uses_peers(&code);
            self.derived.push(Derived {
                name: name.clone(),
                code,
                uses_peers,
                slots: scope.slots,
                span: derived.span,
            });
            self.derived_types.push(ty);
        }
    }

    fn constant(&mut self, expression: &ast::Expression) -> Option<(Value, Type)> {
        let mut scope = Scope::new(Context::Constant, 0);
        let (code, ty) = self.expression(expression, &mut scope)?;
        match crate::eval::evaluate_constant(&code, scope.slots) {
            Ok(value) => Some((value, ty)),
            Err(error) => {
                self.error(
                    Problem::error("kaoping::check::constant", error.message, error.span)
                        .with_help("a constant must be computable without facts"),
                );
                None
            }
        }
    }

    fn constant_number(&mut self, expression: &ast::Expression) -> Option<Number> {
        let (value, ty) = self.constant(expression)?;
        match value {
            Value::Number(number) => Some(number),
            _ => {
                self.error(
                    Problem::error(
                        "kaoping::check::type",
                        format!("expected a number, found {}", self.describe(&ty)),
                        expression.span,
                    )
                    .with_help("write a number or the name of a numeric `param`"),
                );
                None
            }
        }
    }

    fn note_readings(&mut self, place: &str, annotations: &ast::Annotations) {
        for (text, span) in &annotations.readings {
            self.readings.push(ReadingInfo {
                place: place.to_string(),
                text: text.clone(),
                cites: annotations.cites.clone(),
                span: *span,
            });
        }
    }

    // ------------------------------------------------------------ indicators

    fn indicator(
        &mut self,
        indicator: &ast::Indicator,
        parent: Option<(&str, &mut Scope)>,
    ) -> Option<Indicator> {
        let place = match &parent {
            Some((parent, _)) => format!("item {parent}.{}", indicator.name.text),
            None => format!("indicator {}", indicator.name.text),
        };
        self.note_readings(&place, &indicator.body.annotations);
        let max = self.constant_number(&indicator.max);
        if let Some(max) = &max {
            if max.is_negative() || max.is_zero() {
                self.error(
                    Problem::error(
                        "kaoping::check::maximum",
                        format!(
                            "the maximum of `{}` must be positive, found `{max}`",
                            indicator.name.text
                        ),
                        indicator.max.span,
                    )
                    .with_help("give the points this indicator is worth"),
                );
            }
        }
        let scaled_from = indicator
            .scaled_from
            .as_ref()
            .and_then(|expression| self.constant_number(expression));

        let mut own_scope;
        let (scope, is_item): (&mut Scope, bool) = match parent {
            Some((_, scope)) => (scope, true),
            None => {
                own_scope = Scope::new(Context::Candidate { peers: true }, self.derived.len());
                (&mut own_scope, false)
            }
        };
        let entries_before = scope.entries.len();
        let mut steps = Vec::new();
        let mut score = None;
        let mut score_seen: Option<Span> = None;
        let mut local_names: BTreeMap<String, Span> = BTreeMap::new();
        for statement in &indicator.body.statements {
            match statement {
                ast::Statement::Let(name, expression) => {
                    if let Some(first) = local_names.get(&name.text) {
                        let first = *first;
                        self.error(
                            Problem::error(
                                "kaoping::check::duplicate_name",
                                format!(
                                    "`{}` is bound twice in `{}`",
                                    name.text, indicator.name.text
                                ),
                                name.span,
                            )
                            .with_related(first, "first bound here")
                            .with_help("give the second `let` another name"),
                        );
                        continue;
                    }
                    local_names.insert(name.text.clone(), name.span);
                    let slot = scope.allocate();
                    // A binding whose expression failed still exists, with a
                    // type that fits anywhere, so its uses raise no further errors.
                    let (code, ty) = self.expression(expression, scope).unwrap_or_else(|| {
                        (Code::constant(Value::Absent, name.span), Type::Unknown)
                    });
                    scope.entries.push(Entry::Named {
                        name: name.text.clone(),
                        slot,
                        ty,
                    });
                    steps.push(Step::Let {
                        slot,
                        name: name.text.clone(),
                        code,
                    });
                }
                ast::Statement::Score(expression) => {
                    if let Some(first) = score_seen {
                        self.error(
                            Problem::error(
                                "kaoping::check::duplicate_score",
                                format!("`{}` has more than one `score`", indicator.name.text),
                                expression.span,
                            )
                            .with_related(first, "first `score` here")
                            .with_help("combine them into one expression"),
                        );
                        continue;
                    }
                    score_seen = Some(expression.span);
                    if let Some(code) = self.expect(expression, scope, &Type::Number) {
                        score = Some(code);
                    }
                }
                ast::Statement::Zero(rule) => {
                    if let Some(rule) = self.rule(rule, scope) {
                        steps.push(Step::Zero(rule));
                    }
                }
                ast::Statement::Finding(rule) => {
                    if let Some(rule) = self.rule(rule, scope) {
                        steps.push(Step::Finding(rule));
                    }
                }
            }
        }

        let mut items = Vec::new();
        let mut item_names: BTreeMap<String, Span> = BTreeMap::new();
        for item in &indicator.body.items {
            if is_item {
                self.error(
                    Problem::error(
                        "kaoping::check::nested_item",
                        format!("item `{}` is inside another item", item.name.text),
                        item.name.span,
                    )
                    .with_help("items belong directly to an indicator"),
                );
                continue;
            }
            if let Some(first) = item_names.get(&item.name.text) {
                let first = *first;
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_name",
                        format!(
                            "item `{}` is declared twice in `{}`",
                            item.name.text, indicator.name.text
                        ),
                        item.name.span,
                    )
                    .with_related(first, "first declared here")
                    .with_help("give each item its own name"),
                );
            }
            item_names
                .entry(item.name.text.clone())
                .or_insert(item.name.span);
            if let Some(compiled) = self.indicator(item, Some((&indicator.name.text, &mut *scope)))
            {
                items.push(compiled);
            }
        }
        scope.entries.truncate(entries_before);

        if !indicator.body.items.is_empty() && score_seen.is_some() {
            self.error(
                Problem::error(
                    "kaoping::check::score_and_items",
                    format!("`{}` has both items and a `score`", indicator.name.text),
                    score_seen.unwrap_or(indicator.name.span),
                )
                .with_label("this score")
                .with_help(
                    "an indicator with items scores as their sum: remove the `score` or the items",
                ),
            );
        }
        if indicator.body.items.is_empty() && score_seen.is_none() {
            self.error(
                Problem::error(
                    "kaoping::check::missing_score",
                    format!("`{}` has no `score` and no items", indicator.name.text),
                    indicator.name.span,
                )
                .with_help("add `score EXPRESSION` or `item NAME max N { … }` entries"),
            );
        }
        if indicator.scaled_from.is_some() && indicator.body.items.is_empty() {
            self.error(
                Problem::error(
                    "kaoping::check::scaled_without_items",
                    format!(
                        "`{}` is `scaled from` but has no items",
                        indicator.name.text
                    ),
                    indicator
                        .scaled_from
                        .as_ref()
                        .map_or(indicator.name.span, |s| s.span),
                )
                .with_help("`scaled from N` rescales the sum of items; remove it or add items"),
            );
        }

        // The sum of the items must equal the indicator's max, or the
        // declared `scaled from` basis.
        if let (Some(max), false) = (
            &max,
            items.is_empty() || items.len() != indicator.body.items.len(),
        ) {
            let sum = items
                .iter()
                .fold(Number::zero(), |sum, item| sum.add(&item.max));
            let expected = scaled_from.clone().unwrap_or_else(|| max.clone());
            if sum != expected {
                let breakdown = items
                    .iter()
                    .map(|item| item.max.to_string())
                    .collect::<Vec<_>>()
                    .join(" + ");
                let problem = if scaled_from.is_some() {
                    Problem::error(
                        "kaoping::check::item_sum",
                        format!(
                            "the items of `{}` add up to `{sum}`, but it is scaled from `{expected}`",
                            indicator.name.text
                        ),
                        indicator.scaled_from.as_ref().map_or(indicator.name.span, |s| s.span),
                    )
                    .with_help(format!("the items are {breakdown}; make `scaled from` their sum"))
                } else {
                    Problem::error(
                        "kaoping::check::item_sum",
                        format!(
                            "the items of `{}` add up to `{sum}`, but its max is `{max}`",
                            indicator.name.text
                        ),
                        indicator.max.span,
                    )
                    .with_label("declared max")
                    .with_help(format!(
                        "the items are {breakdown}; fix a maximum, or write `max {max} scaled from {sum}` to rescale them explicitly"
                    ))
                };
                self.error(problem);
            }
        }

        let max = max?;
        let uses_peers = steps.iter().any(|step| match step {
            Step::Let { code, .. } => self.uses_peers(code),
            Step::Zero(rule) | Step::Finding(rule) => self.rule_uses_peers(rule),
        }) || score.as_ref().is_some_and(|code| self.uses_peers(code))
            || items.iter().any(|item: &Indicator| item.uses_peers);
        Some(Indicator {
            name: indicator.name.text.clone(),
            label: indicator.label.clone(),
            max,
            scaled_from,
            annotations: indicator.body.annotations.clone(),
            steps,
            score,
            items,
            uses_peers,
            slots: scope.slots,
            span: indicator.span,
        })
    }

    fn rule(&mut self, rule: &ast::Rule, scope: &mut Scope) -> Option<CandidateRule> {
        let condition = self.expect(&rule.condition, scope, &Type::Bool);
        let message = self.template(&rule.message, scope);
        Some(CandidateRule {
            severity: rule.severity,
            condition: condition?,
            message: message?,
            annotations: rule.annotations.clone(),
            slots: scope.slots,
            span: rule.span,
        })
    }

    fn top_rule(&mut self, rule: &ast::Rule, what: &str, peers: bool) -> Option<CandidateRule> {
        let mut scope = Scope::new(Context::Candidate { peers }, self.derived.len());
        let compiled = self.rule(rule, &mut scope)?;
        if self.rule_uses_peers(&compiled) {
            self.error(
                Problem::error(
                    "kaoping::check::peers_outside_indicator",
                    format!("this {what} depends on `peers`, which exist only once eligibility is settled"),
                    rule.condition.span,
                )
                .with_help("compare against peers inside an indicator instead"),
            );
            return None;
        }
        let (line, _) = crate::diagnostic::line_column(&self.source, rule.span.start);
        self.note_readings(&format!("{what} at line {line}"), &rule.annotations);
        Some(CandidateRule {
            slots: scope.slots,
            ..compiled
        })
    }

    fn template(
        &mut self,
        template: &ast::Template,
        scope: &mut Scope,
    ) -> Option<Vec<MessagePart>> {
        let mut parts = Vec::new();
        let mut ok = true;
        for part in &template.parts {
            match part {
                ast::TemplatePart::Text(text) => parts.push(MessagePart::Text(text.clone())),
                ast::TemplatePart::Hole(expression) => match self.expression(expression, scope) {
                    Some((code, _)) => parts.push(MessagePart::Hole(code)),
                    None => ok = false,
                },
            }
        }
        ok.then_some(parts)
    }

    fn uses_peers(&self, code: &Code) -> bool {
        let mut found = false;
        visit(code, &mut |code| match &code.kind {
            CodeKind::Peers => found = true,
            CodeKind::Derived(index) if self.derived.get(*index).is_some_and(|d| d.uses_peers) => {
                found = true
            }
            _ => {}
        });
        found
    }

    fn rule_uses_peers(&self, rule: &CandidateRule) -> bool {
        self.uses_peers(&rule.condition)
            || rule.message.iter().any(|part| match part {
                MessagePart::Hole(code) => self.uses_peers(code),
                MessagePart::Text(_) => false,
            })
    }

    // ------------------------------------------------------------ ranking and selection

    fn grouping(&mut self, file: &ast::PolicyFile, candidate: RecordId) -> Option<Grouping> {
        let mut result = None;
        for declaration in &file.declarations {
            let ast::Declaration::Group(group) = declaration else {
                continue;
            };
            self.note_readings("group", &group.annotations);
            if result.is_some() {
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_group",
                        "candidates are grouped twice",
                        group.span,
                    )
                    .with_help("keep one `group by` rule"),
                );
                continue;
            }
            let record = &self.records[candidate];
            match record.field_index(&group.field.text) {
                Some(index) => match &record.fields[index].schema {
                    FieldType::Enum(variants) => {
                        self.used_fields.insert((candidate, index));
                        result = Some(Grouping {
                            field: index,
                            field_name: group.field.text.clone(),
                            variants: Arc::clone(variants),
                            annotations: group.annotations.clone(),
                        });
                    }
                    _ => self.error(
                        Problem::error(
                            "kaoping::check::group_field",
                            format!(
                                "cannot group by `{}`: it is not an enum field",
                                group.field.text
                            ),
                            group.field.span,
                        )
                        .with_help("group by a candidate field declared as `enum { … }`"),
                    ),
                },
                None => {
                    let names: Vec<String> = record.fields.iter().map(|f| f.name.clone()).collect();
                    let mut problem = Problem::error(
                        "kaoping::check::unknown_field",
                        format!("candidates have no field `{}`", group.field.text),
                        group.field.span,
                    );
                    problem =
                        match did_you_mean(&group.field.text, names.iter().map(String::as_str)) {
                            Some(help) => problem.with_help(help),
                            None => {
                                problem.with_help("group by an enum field of the candidate record")
                            }
                        };
                    self.error(problem);
                }
            }
        }
        result
    }

    fn ranking(
        &mut self,
        file: &ast::PolicyFile,
        indicators: &[Indicator],
        declared: &BTreeMap<String, Span>,
    ) -> Ranking {
        let mut ranking = Ranking {
            tie_breakers: Vec::new(),
            annotations: ast::Annotations::default(),
        };
        let mut seen = false;
        for declaration in &file.declarations {
            let ast::Declaration::Rank(rank) = declaration else {
                continue;
            };
            self.note_readings("rank", &rank.annotations);
            if seen {
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_rank",
                        "the policy ranks twice",
                        rank.span,
                    )
                    .with_help("keep one `rank by` rule"),
                );
                continue;
            }
            seen = true;
            ranking.annotations = rank.annotations.clone();
            for (position, key) in rank.keys.iter().enumerate() {
                if key.text == "total" {
                    if position != 0 {
                        self.error(
                            Problem::error(
                                "kaoping::check::rank_key",
                                "`total` must be the first ranking key",
                                key.span,
                            )
                            .with_help("write `rank by total, INDICATOR, …`"),
                        );
                    }
                    continue;
                }
                if position == 0 {
                    self.error(
                        Problem::error(
                            "kaoping::check::rank_key",
                            format!("ranking starts with `{}`, not `total`", key.text),
                            key.span,
                        )
                        .with_help(
                            "candidates are ranked by total first: write `rank by total, …`",
                        ),
                    );
                }
                match indicators.iter().position(|i| i.name == key.text) {
                    Some(index) => ranking.tie_breakers.push(index),
                    None if declared.contains_key(&key.text) => {}
                    None => {
                        let mut problem = Problem::error(
                            "kaoping::check::unknown_name",
                            format!("unknown indicator `{}`", key.text),
                            key.span,
                        );
                        problem = match did_you_mean(
                            &key.text,
                            declared.keys().map(String::as_str).chain(["total"]),
                        ) {
                            Some(help) => problem.with_help(help),
                            None => problem.with_help("rank by `total` and indicator names"),
                        };
                        self.error(problem);
                    }
                }
            }
        }
        ranking
    }

    fn selections(
        &mut self,
        file: &ast::PolicyFile,
        grouping: Option<&Grouping>,
    ) -> (Vec<Selection>, Vec<Selection>) {
        let mut selections: Vec<Selection> = Vec::new();
        let mut flags: Vec<Selection> = Vec::new();
        for declaration in &file.declarations {
            let (rule, is_flag) = match declaration {
                ast::Declaration::Select(rule) => (rule, false),
                ast::Declaration::Flag(rule) => (rule, true),
                _ => continue,
            };
            self.note_readings(if is_flag { "flag" } else { "select" }, &rule.annotations);
            let Some(count) = self.constant_number(&rule.count) else {
                continue;
            };
            let count = match count.to_i128().and_then(|c| u32::try_from(c).ok()) {
                Some(count) => count,
                None => {
                    self.error(
                        Problem::error(
                            "kaoping::check::quota",
                            format!("a quota must be a whole number, found `{count}`"),
                            rule.count.span,
                        )
                        .with_help("select a whole number of candidates"),
                    );
                    continue;
                }
            };
            if let Some(group) = &rule.group {
                match grouping {
                    None => {
                        self.error(
                            Problem::error(
                                "kaoping::check::unknown_group",
                                format!("unknown group `{}`: candidates are not grouped", group.text),
                                group.span,
                            )
                            .with_help("add `group by FIELD`, or drop `in …` to select from all candidates"),
                        );
                        continue;
                    }
                    Some(grouping) if !grouping.variants.has(&group.text) => {
                        let mut problem = Problem::error(
                            "kaoping::check::unknown_group",
                            format!("unknown group `{}`", group.text),
                            group.span,
                        );
                        problem = match did_you_mean(&group.text, grouping.variants.names()) {
                            Some(help) => problem.with_help(help),
                            None => problem.with_help(format!(
                                "the groups are the values of `{}`: {}",
                                grouping.field_name,
                                grouping.variants.names().collect::<Vec<_>>().join(", ")
                            )),
                        };
                        self.error(problem);
                        continue;
                    }
                    Some(_) => {}
                }
            }
            let list = if is_flag { &mut flags } else { &mut selections };
            let flag = rule.flag.as_ref().map(|f| f.text.clone());
            if let Some(previous) = list
                .iter()
                .find(|s| s.group == rule.group.as_ref().map(|g| g.text.clone()) && s.flag == flag)
            {
                let previous = previous.span;
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_selection",
                        "this group already has a quota",
                        rule.span,
                    )
                    .with_related(previous, "first quota here")
                    .with_help("keep one quota per group"),
                );
                continue;
            }
            list.push(Selection {
                flag,
                count,
                group: rule.group.as_ref().map(|g| g.text.clone()),
                annotations: rule.annotations.clone(),
                span: rule.span,
            });
        }
        (selections, flags)
    }

    fn unused_inputs(
        &mut self,
        candidate: RecordId,
        id_field: usize,
        name_field: Option<usize>,
        _grouping: &Option<Grouping>,
    ) {
        self.used_fields.insert((candidate, id_field));
        if let Some(name_field) = name_field {
            self.used_fields.insert((candidate, name_field));
        }
        let Some(root) = self.root else { return };
        // With errors, fields may look unused only because a broken
        // expression failed to reach them; report those errors alone.
        if self
            .problems
            .iter()
            .any(|p| p.level == crate::diagnostic::Level::Error)
        {
            return;
        }
        let mut warnings = Vec::new();
        let mut visited = BTreeSet::new();
        self.collect_unused(root, "", &mut warnings, &mut visited);
        self.problems.extend(warnings);
    }

    /// Returns whether anything under this record is used.
    fn collect_unused(
        &self,
        record: RecordId,
        prefix: &str,
        warnings: &mut Vec<Problem>,
        visited: &mut BTreeSet<RecordId>,
    ) -> bool {
        if !visited.insert(record) {
            return true;
        }
        let mut any_used = false;
        for (index, field) in self.records[record].fields.iter().enumerate() {
            let path = if prefix.is_empty() {
                field.name.clone()
            } else {
                format!("{prefix}.{}", field.name)
            };
            let nested = record_of(&field.schema);
            let used_here = self.used_fields.contains(&(record, index));
            let used_below = match nested {
                Some(nested) => {
                    let mut inner = Vec::new();
                    let used = self.collect_unused(nested, &path, &mut inner, visited);
                    if used_here || used {
                        warnings.extend(inner);
                    }
                    used
                }
                None => false,
            };
            if used_here || used_below {
                any_used = true;
            } else {
                warnings.push(
                    Problem::warning(
                        "kaoping::check::unused_input",
                        format!("input field `{path}` is never used"),
                        field.span,
                    )
                    .with_label("declared here")
                    .with_help("use it in a rule, or remove it from the schema"),
                );
            }
        }
        any_used
    }

    // ------------------------------------------------------------ expressions

    fn expect(
        &mut self,
        expression: &ast::Expression,
        scope: &mut Scope,
        expected: &Type,
    ) -> Option<Code> {
        let (code, found) = self.expression(expression, scope)?;
        if compatible(&self.records, expected, &found) {
            Some(code)
        } else {
            let help = match (expected, &found) {
                (Type::Bool, Type::Number) => "compare the number, e.g. `x > 0`".to_string(),
                (Type::Number, Type::Optional(_)) | (Type::Bool, Type::Optional(_)) => {
                    "the field is optional: give a fallback with `?? VALUE`".to_string()
                }
                _ => format!("this needs {}", self.describe(expected)),
            };
            self.error(
                Problem::error(
                    "kaoping::check::type",
                    format!(
                        "expected {}, found {}",
                        self.describe(expected),
                        self.describe(&found)
                    ),
                    expression.span,
                )
                .with_help(help),
            );
            None
        }
    }

    fn describe(&self, ty: &Type) -> String {
        match ty {
            Type::Number => "a number".into(),
            Type::Bool => "a bool".into(),
            Type::Text => "text".into(),
            Type::Date => "a date".into(),
            Type::Enum(variants) => format!(
                "an enum of {}",
                variants.names().collect::<Vec<_>>().join("|")
            ),
            Type::Reference(_) => "text (a reference)".into(),
            Type::List(element) => format!("a list of {}", self.describe(element)),
            Type::Record(id) => {
                let name = &self.records[*id].name;
                if name.is_empty() {
                    "a record".into()
                } else {
                    format!("a `{name}` record")
                }
            }
            Type::Optional(inner) => format!("an optional {}", self.describe(inner)),
            Type::Nothing => "an empty list".into(),
            Type::Unknown => "a value of unknown type".into(),
        }
    }

    fn expression(&mut self, expression: &ast::Expression, scope: &mut Scope) -> Option<Typed> {
        let span = expression.span;
        let code = |kind| Code { kind, span };
        match &expression.kind {
            ExpressionKind::Number(text) => match Number::parse_decimal(text) {
                Some(number) => Some((Code::constant(Value::Number(number), span), Type::Number)),
                None => {
                    self.error(Problem::error(
                        "kaoping::check::number",
                        format!("`{text}` is not a number"),
                        span,
                    ));
                    None
                }
            },
            ExpressionKind::Percent(text) => {
                let number = Number::parse_decimal(text)?
                    .divide(&Number::from_integer(100))
                    .expect("100 is not zero");
                Some((Code::constant(Value::Number(number), span), Type::Number))
            }
            ExpressionKind::Boolean(value) => {
                Some((Code::constant(Value::Bool(*value), span), Type::Bool))
            }
            ExpressionKind::Text(text) => {
                Some((Code::constant(Value::text(text), span), Type::Text))
            }
            ExpressionKind::Date(text) => match Date::parse(text) {
                Some(date) => Some((Code::constant(Value::Date(date), span), Type::Date)),
                None => {
                    self.error(
                        Problem::error(
                            "kaoping::check::date",
                            format!("`{text}` is not a calendar date"),
                            span,
                        )
                        .with_help("write dates as YYYY-MM-DD"),
                    );
                    None
                }
            },
            ExpressionKind::Name(name) => self.name(name, scope),
            ExpressionKind::Record(entries) => {
                let mut fields = Vec::new();
                let mut codes = Vec::new();
                let mut ok = true;
                for (key, value) in entries {
                    if fields.iter().any(|f: &Field| f.name == key.text) {
                        self.error(
                            Problem::error(
                                "kaoping::check::duplicate_name",
                                format!("`{}` appears twice in this record", key.text),
                                key.span,
                            )
                            .with_help("give each entry its own name"),
                        );
                        ok = false;
                        continue;
                    }
                    match self.expression(value, scope) {
                        Some((value_code, ty)) => {
                            fields.push(Field {
                                name: key.text.clone(),
                                label: None,
                                schema: field_type_of(&ty),
                                default: None,
                                span: key.span,
                            });
                            codes.push(value_code);
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                let id = self.records.len();
                self.records.push(RecordType {
                    name: String::new(),
                    label: None,
                    fields,
                });
                Some((code(CodeKind::Record(codes)), Type::Record(id)))
            }
            ExpressionKind::List(elements) => {
                let mut element_type = Type::Nothing;
                let mut codes = Vec::new();
                for element in elements {
                    let (element_code, ty) = self.expression(element, scope)?;
                    match unify(&self.records, &element_type, &ty) {
                        Some(unified) => element_type = unified,
                        None => {
                            self.error(
                                Problem::error(
                                    "kaoping::check::type",
                                    format!(
                                        "list elements must have one type: expected {}, found {}",
                                        self.describe(&element_type),
                                        self.describe(&ty)
                                    ),
                                    element.span,
                                )
                                .with_help("make every element the same type"),
                            );
                            return None;
                        }
                    }
                    codes.push(element_code);
                }
                Some((
                    code(CodeKind::List(codes)),
                    Type::List(Box::new(element_type)),
                ))
            }
            ExpressionKind::Field(target, field) => {
                let (target_code, target_type) = self.expression(target, scope)?;
                self.field_access(target_code, &target_type, field, span)
            }
            ExpressionKind::Index(target, key) => {
                let (target_code, target_type) = self.expression(target, scope)?;
                let (key_code, key_type) = self.expression(key, scope)?;
                self.index(
                    target_code,
                    &target_type,
                    key_code,
                    &key_type,
                    key.span,
                    span,
                )
            }
            ExpressionKind::Unary(operator, operand) => {
                let expected = match operator {
                    UnaryOperator::Negate => Type::Number,
                    UnaryOperator::Not => Type::Bool,
                };
                let operand_code = self.expect(operand, scope, &expected)?;
                Some((
                    code(CodeKind::Unary(*operator, Box::new(operand_code))),
                    expected,
                ))
            }
            ExpressionKind::Binary(operator, left, right) => {
                self.binary(*operator, left, right, scope, span)
            }
            ExpressionKind::If(condition, then, otherwise) => {
                let condition_code = self.expect(condition, scope, &Type::Bool);
                let then_typed = self.expression(then, scope);
                let otherwise_typed = self.expression(otherwise, scope);
                let ((then_code, then_type), (otherwise_code, otherwise_type)) =
                    (then_typed?, otherwise_typed?);
                let Some(ty) = unify(&self.records, &then_type, &otherwise_type) else {
                    self.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "the branches of `if` differ: {} and {}",
                                self.describe(&then_type),
                                self.describe(&otherwise_type)
                            ),
                            otherwise.span,
                        )
                        .with_related(then.span, "the `then` branch")
                        .with_help("both branches must give the same type"),
                    );
                    return None;
                };
                Some((
                    code(CodeKind::If(
                        Box::new(condition_code?),
                        Box::new(then_code),
                        Box::new(otherwise_code),
                    )),
                    ty,
                ))
            }
            ExpressionKind::Call(function, arguments) => {
                self.call(function, arguments, scope, span)
            }
            ExpressionKind::Method(target, method, arguments) => {
                let (target_code, target_type) = self.expression(target, scope)?;
                self.method(
                    target_code,
                    &target_type,
                    target.span,
                    method,
                    arguments,
                    scope,
                    span,
                )
            }
        }
    }

    fn name(&mut self, name: &ast::Name, scope: &mut Scope) -> Option<Typed> {
        let span = name.span;
        let code = |kind| Code { kind, span };
        for entry in scope.entries.iter().rev() {
            match entry {
                Entry::Named {
                    name: bound,
                    slot,
                    ty,
                } if *bound == name.text => {
                    return Some((code(CodeKind::Local(*slot)), ty.clone()));
                }
                Entry::Item { slot, ty } => {
                    if name.text == "it" {
                        return Some((code(CodeKind::Local(*slot)), ty.clone()));
                    }
                    if let Type::Record(record) = ty {
                        if let Some(index) = self.records[*record].field_index(&name.text) {
                            self.used_fields.insert((*record, index));
                            let ty = self.records[*record].fields[index].schema.expression_type();
                            return Some((
                                code(CodeKind::Field(
                                    Box::new(code(CodeKind::Local(*slot))),
                                    index,
                                )),
                                ty,
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        let candidate_context = matches!(scope.context, Context::Candidate { .. });
        if candidate_context && name.text == "candidate" {
            let record = self.candidate_record?;
            return Some((code(CodeKind::Candidate), Type::Record(record)));
        }
        if name.text == "peers" {
            return match scope.context {
                Context::Candidate { peers: true } => Some((
                    code(CodeKind::Peers),
                    Type::List(Box::new(Type::Record(self.candidate_record?))),
                )),
                _ => {
                    self.error(
                        Problem::error(
                            "kaoping::check::peers_outside_indicator",
                            "`peers` is only available inside indicators",
                            span,
                        )
                        .with_help("peers are the eligible candidates of the same group, known after eligibility"),
                    );
                    None
                }
            };
        }
        if candidate_context {
            if let Some(index) = self.derived[..scope.visible_derived.min(self.derived.len())]
                .iter()
                .position(|d| d.name == name.text)
            {
                return Some((
                    code(CodeKind::Derived(index)),
                    self.derived_types[index].clone(),
                ));
            }
        }
        if let Some(index) = self.parameters.iter().position(|p| p.name == name.text) {
            let value = self.parameters[index].value.clone();
            return Some((
                Code::constant(value, span),
                self.parameter_types[index].clone(),
            ));
        }
        if candidate_context {
            if let Some(root) = self.root {
                if let Some(index) = self.records[root].field_index(&name.text) {
                    self.used_fields.insert((root, index));
                    let ty = self.records[root].fields[index].schema.expression_type();
                    return Some((code(CodeKind::Root(index)), ty));
                }
            }
        }
        // Nothing matched: suggest the closest visible name.
        let mut visible: Vec<String> = Vec::new();
        for entry in &scope.entries {
            match entry {
                Entry::Named { name, .. } => visible.push(name.clone()),
                Entry::Item { ty, .. } => {
                    visible.push("it".into());
                    if let Type::Record(record) = ty {
                        visible.extend(self.records[*record].fields.iter().map(|f| f.name.clone()));
                    }
                }
            }
        }
        visible.extend(self.parameters.iter().map(|p| p.name.clone()));
        if candidate_context {
            visible.push("candidate".into());
            visible.extend(self.derived.iter().map(|d| d.name.clone()));
            if let Some(root) = self.root {
                visible.extend(self.records[root].fields.iter().map(|f| f.name.clone()));
            }
        }
        let mut problem = Problem::error(
            "kaoping::check::unknown_name",
            format!("unknown name `{}`", name.text),
            span,
        );
        problem = match did_you_mean(&name.text, visible.iter().map(String::as_str)) {
            Some(help) => problem.with_help(help),
            None if scope.context == Context::Constant => {
                problem.with_help("a constant can use numbers and earlier parameters only")
            }
            None => problem.with_help("declare it with `let` or `param`, or reach the facts through `candidate.` or an input field"),
        };
        self.error(problem);
        None
    }

    fn field_access(
        &mut self,
        target: Code,
        target_type: &Type,
        field: &ast::Name,
        span: Span,
    ) -> Option<Typed> {
        match target_type {
            Type::Unknown => Some((target, Type::Unknown)),
            Type::Record(record) => match self.records[*record].field_index(&field.text) {
                Some(index) => {
                    self.used_fields.insert((*record, index));
                    let ty = self.records[*record].fields[index].schema.expression_type();
                    Some((
                        Code {
                            kind: CodeKind::Field(Box::new(target), index),
                            span,
                        },
                        ty,
                    ))
                }
                None => {
                    let record_type = &self.records[*record];
                    let names: Vec<String> =
                        record_type.fields.iter().map(|f| f.name.clone()).collect();
                    let owner = if Some(*record) == self.candidate_record {
                        "`candidate`".to_string()
                    } else if record_type.name.is_empty() {
                        "this record".to_string()
                    } else {
                        format!("`{}`", record_type.name)
                    };
                    let mut problem = Problem::error(
                        "kaoping::check::unknown_field",
                        format!("{owner} has no field `{}`", field.text),
                        field.span,
                    );
                    problem = match did_you_mean(&field.text, names.iter().map(String::as_str)) {
                        Some(help) => problem.with_help(help),
                        None => problem.with_help(format!("its fields are: {}", names.join(", "))),
                    };
                    self.error(problem);
                    None
                }
            },
            Type::Optional(_) => {
                self.error(
                    Problem::error(
                        "kaoping::check::optional",
                        format!("cannot read `{}` of a value that may be absent", field.text),
                        field.span,
                    )
                    .with_help("test it with `present(…)` or give a fallback with `??`"),
                );
                None
            }
            other => {
                let described = self.describe(other);
                self.error(
                    Problem::error(
                        "kaoping::check::unknown_field",
                        format!("{described} has no field `{}`", field.text),
                        field.span,
                    )
                    .with_help("only records have fields"),
                );
                None
            }
        }
    }

    fn index(
        &mut self,
        target: Code,
        target_type: &Type,
        key: Code,
        key_type: &Type,
        key_span: Span,
        span: Span,
    ) -> Option<Typed> {
        if matches!(target_type, Type::Unknown) || matches!(key_type, Type::Unknown) {
            return Some((target, Type::Unknown));
        }
        // A keyed root list indexed by a reference to it: always found,
        // because loading the facts checks every reference.
        if let (CodeKind::Root(root_field), Type::List(element)) = (&target.kind, target_type) {
            if let (Some(root), Type::Record(element_record)) = (self.root, element.as_ref()) {
                if let FieldType::List {
                    key: Some(key_field),
                    ..
                } = &self.records[root].fields[*root_field].schema
                {
                    if *key_type == Type::Reference(*root_field) {
                        self.used_fields.insert((*element_record, *key_field));
                        return Some((
                            Code {
                                kind: CodeKind::Lookup {
                                    list: Box::new(target),
                                    key_field: *key_field,
                                    key: Box::new(key),
                                },
                                span,
                            },
                            Type::Record(*element_record),
                        ));
                    }
                    let field_name = self.records[root].fields[*root_field].name.clone();
                    self.error(
                        Problem::error(
                            "kaoping::check::index",
                            format!("`{field_name}` can only be indexed by a field declared `text ref {field_name}`"),
                            key_span,
                        )
                        .with_help(format!(
                            "declare the key field as `text ref {field_name}` so that loading checks it exists"
                        )),
                    );
                    return None;
                }
            }
        }
        if let (Type::Record(record), Type::Enum(variants)) = (target_type, key_type) {
            let record_type = &self.records[*record];
            let mut fields = Vec::new();
            let mut field_type: Option<Type> = None;
            for variant in variants.names() {
                match record_type.field_index(variant) {
                    Some(index) => {
                        let ty = record_type.fields[index].schema.expression_type();
                        match &field_type {
                            Some(previous) if unify(&self.records, previous, &ty).is_none() => {
                                self.error(
                                    Problem::error(
                                        "kaoping::check::index",
                                        "the record's fields have different types, so indexing it has no single type",
                                        span,
                                    )
                                    .with_help("give every field the same type"),
                                );
                                return None;
                            }
                            _ => field_type = Some(ty),
                        }
                        fields.push(index);
                    }
                    None => {
                        self.error(
                            Problem::error(
                                "kaoping::check::index",
                                format!("the record has no entry for `{variant}`"),
                                span,
                            )
                            .with_help(format!(
                                "indexing by an enum needs one entry per variant: {}",
                                variants.names().collect::<Vec<_>>().join(", ")
                            )),
                        );
                        return None;
                    }
                }
            }
            return Some((
                Code {
                    kind: CodeKind::Select {
                        record: Box::new(target),
                        variants: Arc::clone(variants),
                        fields,
                        key: Box::new(key),
                    },
                    span,
                },
                field_type.unwrap_or(Type::Nothing),
            ));
        }
        let described = self.describe(target_type);
        let key_described = self.describe(key_type);
        self.error(
            Problem::error(
                "kaoping::check::index",
                format!("cannot index {described} by {key_described}"),
                span,
            )
            .with_help(
                "index a keyed input list by a `text ref` field, or a record by an enum value",
            ),
        );
        None
    }

    fn binary(
        &mut self,
        operator: BinaryOperator,
        left: &ast::Expression,
        right: &ast::Expression,
        scope: &mut Scope,
        span: Span,
    ) -> Option<Typed> {
        use BinaryOperator as B;
        let make = |kind| Code { kind, span };
        match operator {
            B::Add | B::Subtract | B::Multiply | B::Divide | B::Cap | B::Floor => {
                let left_code = self.expect_operand(operator, left, scope, &Type::Number);
                let right_code = self.expect_operand(operator, right, scope, &Type::Number);
                Some((
                    make(CodeKind::Binary(
                        operator,
                        Box::new(left_code?),
                        Box::new(right_code?),
                    )),
                    Type::Number,
                ))
            }
            B::And | B::Or => {
                let left_code = self.expect_operand(operator, left, scope, &Type::Bool);
                let right_code = self.expect_operand(operator, right, scope, &Type::Bool);
                Some((
                    make(CodeKind::Binary(
                        operator,
                        Box::new(left_code?),
                        Box::new(right_code?),
                    )),
                    Type::Bool,
                ))
            }
            B::Default => {
                let (left_code, left_type) = self.expression(left, scope)?;
                let Type::Optional(inner) = left_type else {
                    self.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "`??` needs an optional value on its left, found {}",
                                self.describe(&left_type)
                            ),
                            left.span,
                        )
                        .with_help("the value is always present: remove `?? …`"),
                    );
                    return None;
                };
                let right_code = self.expect(right, scope, &inner)?;
                Some((
                    make(CodeKind::Binary(
                        operator,
                        Box::new(left_code),
                        Box::new(right_code),
                    )),
                    *inner,
                ))
            }
            B::Equal | B::NotEqual | B::Less | B::LessEqual | B::Greater | B::GreaterEqual => {
                let left_typed = self.expression(left, scope);
                let right_typed = self.expression(right, scope);
                let ((left_code, left_type), (right_code, right_type)) =
                    (left_typed?, right_typed?);
                let ordered = !matches!(operator, B::Equal | B::NotEqual);
                // An enum compared with a text literal: the literal must be a variant.
                for (ty, other, other_span) in [
                    (&left_type, &right_code, right.span),
                    (&right_type, &left_code, left.span),
                ] {
                    if let (Type::Enum(variants), CodeKind::Constant(Value::Text(text))) =
                        (ty, &other.kind)
                    {
                        if !variants.has(text) {
                            let mut problem = Problem::error(
                                "kaoping::check::unknown_variant",
                                format!("`{text}` is not a value of this enum"),
                                other_span,
                            );
                            problem = match did_you_mean(text, variants.names()) {
                                Some(help) => problem.with_help(help),
                                None => problem.with_help(format!(
                                    "its values are: {}",
                                    variants.names().collect::<Vec<_>>().join(", ")
                                )),
                            };
                            self.error(problem);
                            return None;
                        }
                    }
                }
                let comparable = match (&left_type, &right_type) {
                    (Type::Number, Type::Number) | (Type::Date, Type::Date) => true,
                    (a, b) if a.is_text_like() && b.is_text_like() => !ordered,
                    (Type::Bool, Type::Bool) => !ordered,
                    _ => false,
                };
                if !comparable {
                    let help = if ordered {
                        "`<`, `<=`, `>`, `>=` compare two numbers or two dates"
                    } else {
                        "compare two values of the same type"
                    };
                    self.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "cannot compare {} with {} using `{}`",
                                self.describe(&left_type),
                                self.describe(&right_type),
                                operator.symbol()
                            ),
                            span,
                        )
                        .with_help(help),
                    );
                    return None;
                }
                Some((
                    make(CodeKind::Binary(
                        operator,
                        Box::new(left_code),
                        Box::new(right_code),
                    )),
                    Type::Bool,
                ))
            }
        }
    }

    fn expect_operand(
        &mut self,
        operator: BinaryOperator,
        operand: &ast::Expression,
        scope: &mut Scope,
        expected: &Type,
    ) -> Option<Code> {
        let (code, found) = self.expression(operand, scope)?;
        if compatible(&self.records, expected, &found) {
            return Some(code);
        }
        let help = match (expected, &found) {
            (Type::Number, Type::Bool) => {
                "use `if CONDITION then 1 else 0` to count a condition".to_string()
            }
            (_, Type::Optional(_)) => {
                "the value may be absent: give a fallback with `?? VALUE`".to_string()
            }
            _ => format!(
                "`{}` works on {}",
                operator.symbol(),
                self.describe(expected)
            ),
        };
        self.error(
            Problem::error(
                "kaoping::check::type",
                format!(
                    "`{}` expects {}, found {}",
                    operator.symbol(),
                    self.describe(expected),
                    self.describe(&found)
                ),
                operand.span,
            )
            .with_help(help),
        );
        None
    }

    fn call(
        &mut self,
        function: &ast::Name,
        arguments: &[ast::Expression],
        scope: &mut Scope,
        span: Span,
    ) -> Option<Typed> {
        let make = |kind| Code { kind, span };
        let (which, arity): (Function, std::ops::RangeInclusive<usize>) =
            match function.text.as_str() {
                "min" => (Function::Min, 1..=usize::MAX),
                "max" => (Function::Max, 1..=usize::MAX),
                "round_down" => (Function::RoundDown, 1..=1),
                "round" => (Function::Round, 2..=2),
                "abs" => (Function::Abs, 1..=1),
                "present" => (Function::Present, 1..=1),
                "days_between" => (Function::DaysBetween, 2..=2),
                other => {
                    // The arguments are still checked, so their own mistakes show.
                    for argument in arguments {
                        self.expression(argument, scope);
                    }
                    let mut problem = Problem::error(
                        "kaoping::check::unknown_function",
                        format!("unknown function `{other}`"),
                        function.span,
                    );
                    let methods_hint = LIST_METHODS.contains(&other);
                    problem = match did_you_mean(other, FUNCTIONS) {
                        Some(help) => problem.with_help(help),
                        None if methods_hint => problem.with_help(format!(
                            "`{other}` is a list method: write `LIST.{other}(…)`"
                        )),
                        None => problem
                            .with_help(format!("the functions are: {}", FUNCTIONS.join(", "))),
                    };
                    self.error(problem);
                    return None;
                }
            };
        if !arity.contains(&arguments.len()) {
            let expected = if arity.end() == &usize::MAX {
                format!("at least {}", arity.start())
            } else {
                arity.start().to_string()
            };
            self.error(
                Problem::error(
                    "kaoping::check::arity",
                    format!(
                        "`{}` takes {expected} argument(s), found {}",
                        function.text,
                        arguments.len()
                    ),
                    span,
                )
                .with_help("check the function's arguments in the language tour"),
            );
            return None;
        }
        match which {
            Function::Present => {
                let (code, ty) = self.expression(&arguments[0], scope)?;
                if !matches!(ty, Type::Optional(_)) {
                    self.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "`present` needs an optional value, found {}",
                                self.describe(&ty)
                            ),
                            arguments[0].span,
                        )
                        .with_help("this value is always present"),
                    );
                    return None;
                }
                Some((make(CodeKind::Call(which, vec![code])), Type::Bool))
            }
            Function::DaysBetween => {
                let from = self.expect(&arguments[0], scope, &Type::Date);
                let to = self.expect(&arguments[1], scope, &Type::Date);
                Some((make(CodeKind::Call(which, vec![from?, to?])), Type::Number))
            }
            Function::Round => {
                let value = self.expect(&arguments[0], scope, &Type::Number);
                let places = self.expect(&arguments[1], scope, &Type::Number);
                Some((
                    make(CodeKind::Call(which, vec![value?, places?])),
                    Type::Number,
                ))
            }
            _ => {
                let mut codes = Vec::new();
                let mut ok = true;
                for argument in arguments {
                    match self.expect(argument, scope, &Type::Number) {
                        Some(code) => codes.push(code),
                        None => ok = false,
                    }
                }
                ok.then(|| (make(CodeKind::Call(which, codes)), Type::Number))
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn method(
        &mut self,
        list: Code,
        list_type: &Type,
        list_span: Span,
        method: &ast::Name,
        arguments: &[ast::Expression],
        scope: &mut Scope,
        span: Span,
    ) -> Option<Typed> {
        let element = match list_type {
            Type::List(element) => (**element).clone(),
            Type::Unknown => return Some((list, Type::Unknown)),
            Type::Optional(_) => {
                self.error(
                    Problem::error(
                        "kaoping::check::optional",
                        format!(
                            "cannot call `{}` on a value that may be absent",
                            method.text
                        ),
                        list_span,
                    )
                    .with_help("give a fallback first, e.g. `(x ?? [])`"),
                );
                return None;
            }
            other => {
                let described = self.describe(other);
                self.error(
                    Problem::error(
                        "kaoping::check::type",
                        format!("`{}` is a list method, but this is {described}", method.text),
                        list_span,
                    )
                    .with_help("list methods apply to lists, e.g. `candidate.supervision.deductions.sum(points)`"),
                );
                return None;
            }
        };
        let which = match method.text.as_str() {
            "count" => ListMethod::Count,
            "sum" => ListMethod::Sum,
            "max" => ListMethod::Max,
            "min" => ListMethod::Min,
            "mean" => ListMethod::Mean,
            "filter" => ListMethod::Filter,
            "map" => ListMethod::Map,
            "any" => ListMethod::Any,
            "all" => ListMethod::All,
            "group_by" => ListMethod::GroupBy,
            "distinct_by" => ListMethod::DistinctBy,
            "duplicates_by" => ListMethod::DuplicatesBy,
            "take_per" => ListMethod::TakePer,
            "drop_per" => ListMethod::DropPer,
            "take" => ListMethod::Take,
            "drop" => ListMethod::Drop,
            "contains" => ListMethod::Contains,
            "rank_desc" => ListMethod::RankDescending,
            other => {
                let mut problem = Problem::error(
                    "kaoping::check::unknown_method",
                    format!("lists have no method `{other}`"),
                    method.span,
                );
                problem = match did_you_mean(other, LIST_METHODS) {
                    Some(help) => problem.with_help(help),
                    None => problem
                        .with_help(format!("the list methods are: {}", LIST_METHODS.join(", "))),
                };
                self.error(problem);
                return None;
            }
        };
        let (min_arguments, max_arguments) = match which {
            ListMethod::Count
            | ListMethod::Sum
            | ListMethod::Max
            | ListMethod::Min
            | ListMethod::Mean => (0, 1),
            ListMethod::TakePer | ListMethod::DropPer => (2, 2),
            _ => (1, 1),
        };
        if arguments.len() < min_arguments || arguments.len() > max_arguments {
            let expected = if min_arguments == max_arguments {
                min_arguments.to_string()
            } else {
                format!("{min_arguments} or {max_arguments}")
            };
            self.error(
                Problem::error(
                    "kaoping::check::arity",
                    format!(
                        "`{}` takes {expected} argument(s), found {}",
                        method.text,
                        arguments.len()
                    ),
                    span,
                )
                .with_help("check the method in the language tour"),
            );
            return None;
        }
        // `take`, `drop` and `contains` evaluate their argument once, outside
        // the per-item scope.
        if matches!(
            which,
            ListMethod::Take | ListMethod::Drop | ListMethod::Contains
        ) {
            let expected = if which == ListMethod::Contains {
                element.clone()
            } else {
                Type::Number
            };
            let argument = self.expect(&arguments[0], scope, &expected)?;
            let result = if which == ListMethod::Contains {
                Type::Bool
            } else {
                list_type.clone()
            };
            return Some((
                Code {
                    kind: CodeKind::Method {
                        method: which,
                        list: Box::new(list),
                        slot: usize::MAX,
                        arguments: vec![argument],
                    },
                    span,
                },
                result,
            ));
        }
        if which == ListMethod::RankDescending
            && Some(&element) != self.candidate_record.map(Type::Record).as_ref()
        {
            self.error(
                Problem::error(
                    "kaoping::check::type",
                    "`rank_desc` ranks the current candidate among a list of candidates",
                    list_span,
                )
                .with_help("use it as `peers.rank_desc(EXPRESSION)`"),
            );
            return None;
        }
        let slot = scope.allocate();
        scope.entries.push(Entry::Item {
            slot,
            ty: element.clone(),
        });
        let compiled: Vec<Option<Typed>> = arguments
            .iter()
            .map(|a| self.expression(a, scope))
            .collect();
        scope.entries.pop();
        let mut codes = Vec::new();
        let mut types = Vec::new();
        for typed in compiled {
            let (code, ty) = typed?;
            codes.push(code);
            types.push(ty);
        }
        let number_argument = |checker: &mut Checker, index: usize| -> bool {
            match types.get(index) {
                Some(Type::Number | Type::Unknown) => true,
                Some(other) => {
                    let described = checker.describe(other);
                    checker.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!("`{}` needs a number here, found {described}", method.text),
                            arguments[index].span,
                        )
                        .with_help("give an expression that yields a number for each item"),
                    );
                    false
                }
                None => {
                    if matches!(element, Type::Number | Type::Nothing | Type::Unknown) {
                        true
                    } else {
                        let described = checker.describe(&element);
                        checker.error(
                            Problem::error(
                                "kaoping::check::type",
                                format!(
                                    "`{}()` needs a list of numbers, found a list of {described}",
                                    method.text
                                ),
                                span,
                            )
                            .with_help(format!(
                                "say what to {} for each item, e.g. `.{}(points)`",
                                method.text, method.text
                            )),
                        );
                        false
                    }
                }
            }
        };
        let bool_argument = |checker: &mut Checker, index: usize| -> bool {
            match types.get(index) {
                Some(Type::Bool | Type::Unknown) => true,
                Some(other) => {
                    let described = checker.describe(other);
                    checker.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!("`{}` needs a condition, found {described}", method.text),
                            arguments[index].span,
                        )
                        .with_help("give a true/false expression over the item's fields"),
                    );
                    false
                }
                None => true,
            }
        };
        let key_argument = |checker: &mut Checker, index: usize| -> bool {
            match &types[index] {
                Type::Number
                | Type::Unknown
                | Type::Text
                | Type::Enum(_)
                | Type::Reference(_)
                | Type::Date
                | Type::Bool => true,
                other => {
                    let described = checker.describe(other);
                    checker.error(
                        Problem::error(
                            "kaoping::check::type",
                            format!(
                                "`{}` needs a key to compare, found {described}",
                                method.text
                            ),
                            arguments[index].span,
                        )
                        .with_help("use a text, number, date, bool or enum field as the key"),
                    );
                    false
                }
            }
        };
        let result = match which {
            ListMethod::Count => bool_argument(self, 0).then_some(Type::Number),
            ListMethod::Sum
            | ListMethod::Max
            | ListMethod::Min
            | ListMethod::Mean
            | ListMethod::RankDescending => number_argument(self, 0).then_some(Type::Number),
            ListMethod::Filter => bool_argument(self, 0).then(|| list_type.clone()),
            ListMethod::Any | ListMethod::All => bool_argument(self, 0).then_some(Type::Bool),
            ListMethod::Map => Some(Type::List(Box::new(types[0].clone()))),
            ListMethod::DistinctBy | ListMethod::DuplicatesBy => {
                key_argument(self, 0).then(|| list_type.clone())
            }
            ListMethod::TakePer | ListMethod::DropPer => {
                (key_argument(self, 0) && number_argument(self, 1)).then(|| list_type.clone())
            }
            ListMethod::GroupBy => {
                if key_argument(self, 0) {
                    let id = self.records.len();
                    self.records.push(RecordType {
                        name: "group".into(),
                        label: None,
                        fields: vec![
                            Field {
                                name: "key".into(),
                                label: None,
                                schema: field_type_of(&types[0]),
                                default: None,
                                span,
                            },
                            Field {
                                name: "items".into(),
                                label: None,
                                schema: field_type_of(list_type),
                                default: None,
                                span,
                            },
                        ],
                    });
                    Some(Type::List(Box::new(Type::Record(id))))
                } else {
                    None
                }
            }
            ListMethod::Take | ListMethod::Drop | ListMethod::Contains => {
                unreachable!("handled above")
            }
        }?;
        Some((
            Code {
                kind: CodeKind::Method {
                    method: which,
                    list: Box::new(list),
                    slot,
                    arguments: codes,
                },
                span,
            },
            result,
        ))
    }
}

fn record_of(schema: &FieldType) -> Option<RecordId> {
    match schema {
        FieldType::Record(id) => Some(*id),
        FieldType::List { element, .. } => record_of(element),
        FieldType::Optional(inner) => record_of(inner),
        _ => None,
    }
}

/// Whether a value of type `found` may stand where `expected` is needed.
fn compatible(records: &[RecordType], expected: &Type, found: &Type) -> bool {
    if matches!(found, Type::Unknown) || matches!(expected, Type::Unknown) {
        return true;
    }
    unify(records, expected, found).is_some_and(|unified| {
        same_shape(records, &unified, expected) || matches!(expected, Type::Text)
    })
}

/// The common type of two branches or list elements, if they have one.
fn unify(records: &[RecordType], a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Unknown, other) | (other, Type::Unknown) => Some(other.clone()),
        (Type::Nothing, other) | (other, Type::Nothing) => Some(other.clone()),
        (Type::List(x), Type::List(y)) => Some(Type::List(Box::new(unify(records, x, y)?))),
        (Type::Optional(x), Type::Optional(y)) => {
            Some(Type::Optional(Box::new(unify(records, x, y)?)))
        }
        (x, y) if same_shape(records, x, y) => Some(x.clone()),
        (x, y) if x.is_text_like() && y.is_text_like() => Some(Type::Text),
        _ => None,
    }
}

/// Structural equality: two record types with the same field names and
/// field types are the same type, wherever they were written.
fn same_shape(records: &[RecordType], a: &Type, b: &Type) -> bool {
    match (a, b) {
        (Type::Record(x), Type::Record(y)) => {
            x == y || {
                let (x, y) = (&records[*x].fields, &records[*y].fields);
                x.len() == y.len()
                    && x.iter().zip(y).all(|(f, g)| {
                        f.name == g.name
                            && same_shape(
                                records,
                                &f.schema.expression_type(),
                                &g.schema.expression_type(),
                            )
                    })
            }
        }
        (Type::List(x), Type::List(y)) | (Type::Optional(x), Type::Optional(y)) => {
            same_shape(records, x, y)
        }
        _ => a == b,
    }
}

fn field_type_of(ty: &Type) -> FieldType {
    match ty {
        Type::Number => FieldType::Number {
            integer: false,
            low: None,
            high: None,
        },
        Type::Bool => FieldType::Bool,
        Type::Text | Type::Nothing | Type::Unknown => FieldType::Text,
        Type::Date => FieldType::Date,
        Type::Enum(variants) => FieldType::Enum(Arc::clone(variants)),
        Type::Reference(root_field) => FieldType::Reference {
            root_field: *root_field,
        },
        Type::List(element) => FieldType::List {
            element: Box::new(field_type_of(element)),
            key: None,
        },
        Type::Record(id) => FieldType::Record(*id),
        Type::Optional(inner) => FieldType::Optional(Box::new(field_type_of(inner))),
    }
}

/// Calls `f` on every node of `code`.
pub fn visit(code: &Code, f: &mut dyn FnMut(&Code)) {
    f(code);
    match &code.kind {
        CodeKind::Constant(_)
        | CodeKind::Local(_)
        | CodeKind::Candidate
        | CodeKind::Root(_)
        | CodeKind::Peers
        | CodeKind::Derived(_) => {}
        CodeKind::Field(inner, _) | CodeKind::Unary(_, inner) => visit(inner, f),
        CodeKind::Lookup { list, key, .. } => {
            visit(list, f);
            visit(key, f);
        }
        CodeKind::Select { record, key, .. } => {
            visit(record, f);
            visit(key, f);
        }
        CodeKind::Record(items) | CodeKind::List(items) | CodeKind::Call(_, items) => {
            for item in items {
                visit(item, f);
            }
        }
        CodeKind::Binary(_, left, right) => {
            visit(left, f);
            visit(right, f);
        }
        CodeKind::If(condition, then, otherwise) => {
            visit(condition, f);
            visit(then, f);
            visit(otherwise, f);
        }
        CodeKind::Method {
            list, arguments, ..
        } => {
            visit(list, f);
            for argument in arguments {
                visit(argument, f);
            }
        }
    }
}

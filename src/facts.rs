//! YAML facts → typed `Value`s, validated against the policy's input schema.
//!
//! The schema drives deserialization (`DeserializeSeed`), so every scalar is
//! read from its text (numbers never pass through `f64`), and every unknown
//! key, missing key, wrong type or out-of-range value becomes a problem that
//! names the field path and the line. Loading goes on after such problems so
//! that one run reports them all; only a malformed YAML structure stops it.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_saphyr::Spanned;

use crate::ast::Span;
use crate::diagnostic::{closest, Problem, Report};
use crate::messages::Language;
use crate::policy::{FieldType, Policy, RecordId};
use crate::tr;
use crate::value::Value;

mod places;
mod references;
mod scalar;

use places::{candidate_title, Pending, PLACE};

pub(crate) use references::{did_you_mean, ReferenceCheck};
use scalar::character_span;
pub(crate) use scalar::{
    describe_range, enum_choices, expected_kind, joined, scalar_value, ScalarProblem,
};

/// Facts loaded and validated against one policy.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The name the facts text was loaded under, usually its path.
    pub source_name: String,
    /// The root record, laid out as the policy's `input` block.
    pub root: Value,
    /// What loading noticed that is not wrong but probably not meant (the
    /// template's placeholder item left in); no errors.
    warnings: Report,
}

impl Facts {
    /// Facts with no warnings.
    pub(crate) fn new(source_name: &str, root: Value) -> Self {
        Facts {
            source_name: source_name.to_string(),
            root,
            warnings: Report::new(source_name, "", Vec::new()),
        }
    }

    /// These facts with `warnings`, a report on the text they were loaded from.
    pub(crate) fn with_warnings(mut self, warnings: Report) -> Self {
        self.warnings = warnings;
        self
    }

    /// The warnings loading gave, to show beside the results: the
    /// template's placeholder item (`示例`) left in a list, for one. Empty
    /// when there are none.
    pub fn warnings(&self) -> &Report {
        &self.warnings
    }

    /// The candidates, in facts order. `policy` must be the policy these
    /// facts were loaded for, since its schema decides where the list lies.
    pub fn candidates(&self, policy: &Policy) -> &Arc<[Value]> {
        self.root.field(policy.candidates_field).as_list()
    }
}

/// Loads `text` as facts for `policy`, with messages in English.
pub fn load(policy: &Policy, source_name: &str, text: &str) -> Result<Facts, Report> {
    load_in(policy, source_name, text, Language::English)
}

/// Loads `text` as facts for `policy`, with messages in `language`: the
/// language of the clerk who fills the facts.
pub fn load_in(
    policy: &Policy,
    source_name: &str,
    text: &str,
    language: Language,
) -> Result<Facts, Report> {
    let report = |problems| Report::new(source_name, text, problems);
    let has_content = text
        .lines()
        .any(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'));
    if !has_content {
        return Err(report(vec![Problem::error(
            "kaoping::facts::empty",
            tr!(language, "facts-empty"),
            Span::new(0, 0),
        )
        .with_help(tr!(language, "facts-empty-help"))
        .with_label(tr!(language, "facts-here"))]));
    }
    let loader = Loader {
        policy,
        language,
        source: text,
        problems: RefCell::new(Vec::new()),
        warnings: RefCell::new(Vec::new()),
        reading: RefCell::new((String::new(), String::new())),
        references: RefCell::new(Vec::new()),
        candidates: RefCell::new(HashMap::new()),
        texts: RefCell::default(),
    };
    // Duplicate keys reach the record visitor, which reports them with both
    // lines and goes on.
    // The reader's default budget (250,000 values, a million events) guards
    // against alias bombs, but also refuses a plain file of 10,000
    // candidates. Without aliases a value takes at least a byte of text, so
    // limits that grow with the text never refuse an honest file, while alias
    // expansion stays bounded by the alias limits and by the same budget.
    let defaults = serde_saphyr::Budget::default();
    let options = serde_saphyr::options! {
        with_snippet: false,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        budget: serde_saphyr::budget! {
            max_nodes: defaults.max_nodes.max(text.len()),
            max_events: defaults.max_events.max(2 * text.len()),
            max_total_scalar_bytes: defaults.max_total_scalar_bytes.max(text.len()),
        },
    };
    let result =
        serde_saphyr::with_deserializer_from_str_with_options(text, options, |deserializer| {
            ValueSeed {
                loader: &loader,
                schema: &FieldType::Record(policy.root),
                path: String::new(),
                holder: Span::new(0, 0),
                key_field: None,
                element: false,
            }
            .deserialize(deserializer)
        });
    let warnings = loader.warnings.take();
    let mut problems;
    match result {
        Ok(loaded) => {
            loader_check_references(&loader, &loaded.value);
            problems = loader.placed_problems();
            if problems.is_empty() {
                let facts = Facts::new(source_name, loaded.value);
                // A report holds a copy of the whole text, as large as the
                // facts tree itself: keep one only when there is a warning to show.
                if warnings.is_empty() {
                    return Ok(facts);
                }
                return Ok(facts.with_warnings(report(warnings)));
            }
        }
        // A tab in the indentation confuses the structure around it, so
        // saphyr's error (and what the seed made of the lines around it)
        // points elsewhere: the tab is the one problem to fix.
        Err(_) if tab_indentation(text).is_some() => {
            let span = tab_indentation(text).unwrap_or_default();
            let (line, _) = crate::diagnostic::line_column(text, span.start);
            let line = line.to_string();
            problems = vec![Problem::error(
                "kaoping::facts::yaml",
                tr!(language, "facts-tab", line = &line),
                span,
            )
            .with_help(tr!(language, "facts-tab-help", line = &line))
            .with_label(tr!(language, "facts-here"))];
        }
        Err(error) => {
            // Problems the seed found are already stored; this error is
            // saphyr's, about the YAML structure, and stops the reading.
            let message = saphyr_message(&error, language);
            let span = error
                .location()
                .map(|location| location_span(text, &location))
                .unwrap_or_default();
            let (path, expected) = loader.reading.take();
            let (line, _) = crate::diagnostic::line_column(text, span.start);
            // A mapping or list where a scalar belongs is the only structural
            // mismatch that stops the reading; anything else is YAML syntax.
            if message.contains("scalar") && !path.is_empty() {
                let found = tr!(language, "facts-found-structure");
                loader.problem(
                    &path,
                    span,
                    tr!(
                        language,
                        "facts-expected-found",
                        expected = &expected,
                        found = found
                    ),
                    tr!(language, "facts-write-expected-help", expected = &expected),
                );
                problems = loader.placed_problems();
            } else {
                problems = loader.placed_problems();
                problems.push(
                    Problem::error(
                        "kaoping::facts::yaml",
                        tr!(
                            language,
                            "facts-yaml",
                            line = line.to_string(),
                            message = message
                        ),
                        span,
                    )
                    .with_help(tr!(language, "facts-yaml-help"))
                    .with_label(tr!(language, "facts-here")),
                );
            }
        }
    }
    problems.extend(warnings);
    Err(report(problems))
}

/// The first tab in the indentation of a line (before its first other
/// character), outside block scalars' text too: facts files have none.
/// Blank lines and comments are skipped: a tab there is harmless, and
/// blaming it would hide the real error.
fn tab_indentation(text: &str) -> Option<Span> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start_matches([' ', '\t']);
        let indentation = line.len() - content.len();
        let harmless = content.trim().is_empty() || content.starts_with('#');
        if let Some(tab) = line[..indentation].find('\t').filter(|_| !harmless) {
            return Some(Span::new(offset + tab, offset + tab + 1));
        }
        offset += line.len();
    }
    None
}

fn saphyr_message(error: &serde_saphyr::Error, language: Language) -> String {
    use serde_saphyr::budget::BudgetBreach;
    // The reader's own words for these name its API or print Rust values;
    // a clerk needs to know what is wrong with the file.
    match error.without_snippet() {
        serde_saphyr::Error::MultipleDocuments { .. } => {
            return tr!(language, "facts-yaml-documents");
        }
        serde_saphyr::Error::Budget { breach, .. } => {
            return match breach {
                BudgetBreach::Nodes { nodes } => tr!(
                    language,
                    "facts-yaml-nodes",
                    nodes = nodes.saturating_sub(1).to_string()
                ),
                BudgetBreach::Depth { depth } => {
                    tr!(language, "facts-yaml-depth", depth = depth.to_string())
                }
                BudgetBreach::Aliases { aliases } => {
                    tr!(
                        language,
                        "facts-yaml-aliases",
                        aliases = aliases.to_string()
                    )
                }
                _ => tr!(language, "facts-yaml-too-large"),
            };
        }
        _ => {}
    }
    let text = error.without_snippet().to_string();
    // A budget breach met inside our own reading arrives as plain text.
    if let Some(index) = text.find("budget breached: ") {
        let breach = &text[index + "budget breached: ".len()..];
        return if breach.starts_with("Nodes") {
            tr!(language, "facts-yaml-too-many")
        } else {
            tr!(language, "facts-yaml-too-large")
        };
    }
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    let first_line = text.lines().next().unwrap_or_default();
    // The diagnostic shows the place itself: drop saphyr's "line N column M: "
    // prefix and " at line N, column M" suffix.
    let message = match first_line.split_once(": ") {
        Some((place, rest)) if place.starts_with("line ") && place.contains(" column ") => rest,
        _ => first_line,
    };
    match message.rfind(" at line ") {
        Some(index) if message[index..].contains(", column ") => message[..index].to_string(),
        _ => message.to_string(),
    }
}

fn location_span(text: &str, location: &serde_saphyr::Location) -> Span {
    let span = location.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(offset), Some(length)) => Span::new(offset as usize, (offset + length) as usize),
        _ => {
            // Fall back to line and column.
            let line = location.line().max(1) as usize;
            let column = location.column().max(1) as usize;
            let offset = text
                .split_inclusive('\n')
                .take(line - 1)
                .map(str::len)
                .sum::<usize>();
            let within = text[offset.min(text.len())..]
                .char_indices()
                .nth(column - 1)
                .map_or(0, |(index, _)| index);
            Span::new(offset + within, offset + within)
        }
    }
}

struct Loader<'a> {
    policy: &'a Policy,
    language: Language,
    source: &'a str,
    /// Problems whose message holds [`PLACE`] where their place goes: the
    /// place names the candidate, known only once its item is read.
    problems: RefCell<Vec<Pending>>,
    warnings: RefCell<Vec<Problem>>,
    /// The path and expected kind of the value being read, so that a YAML
    /// error from saphyr can say which field it was about.
    reading: RefCell<(String, String)>,
    /// (root list index, referenced key, where, path) — checked once all is read.
    references: RefCell<Vec<(usize, String, Span, String)>>,
    /// The candidates read so far, by their index in the candidate list:
    /// how a clerk knows them (`xunyang (浔阳区生态环境局)`).
    candidates: RefCell<HashMap<usize, (String, String)>>,
    /// Texts read so far, so that repeated ones are held once.
    texts: RefCell<crate::value::TextCache>,
}

impl Loader<'_> {
    fn problem(&self, path: &str, span: Span, message: String, help: impl Into<String>) {
        let message = tr!(
            self.language,
            "facts-problem",
            place = PLACE,
            message = message
        );
        self.pending(
            path,
            span,
            Problem::error("kaoping::facts::invalid", message, span).with_help(help),
        );
    }

    /// Stores `problem`, whose message holds [`PLACE`], about `path`.
    fn pending(&self, path: &str, span: Span, problem: Problem) {
        let (line, _) = crate::diagnostic::line_column(self.source, span.start);
        self.problems.borrow_mut().push(Pending {
            path: path.to_string(),
            line,
            problem,
        });
    }

    /// The problems found, each with its place written: inside a candidate,
    /// the candidate by id and name and the path within it.
    fn placed_problems(&self) -> Vec<Problem> {
        let candidates = self.candidates.borrow();
        let list = &self.policy.record(self.policy.root).fields[self.policy.candidates_field].name;
        self.problems
            .take()
            .into_iter()
            .map(|pending| places::placed(pending, list, &candidates, self.language))
            .collect()
    }

    fn span_of<T>(&self, spanned: &Spanned<T>) -> Span {
        location_span(self.source, &spanned.referenced)
    }
}

fn loader_check_references(loader: &Loader, root: &Value) {
    let policy = loader.policy;
    let list = &policy.record(policy.root).fields[policy.candidates_field].name;
    let mut check = ReferenceCheck::new(policy, root, loader.language);
    for (root_field, key, span, path) in loader.references.take() {
        if let Some(problem) = check.missing(root_field, &key) {
            if let Some((index, _)) = places::candidate_index(list, &path) {
                // Facts with problems may hold anything where the list belongs.
                let item = match root {
                    Value::Record(fields) => match fields.get(policy.candidates_field) {
                        Some(Value::List(items)) => items.get(index),
                        _ => None,
                    },
                    _ => None,
                };
                let title = item.and_then(|item| candidate_title(policy, item, loader.language));
                if let Some(title) = title {
                    loader.candidates.borrow_mut().entry(index).or_insert(title);
                }
            }
            let message = tr!(
                loader.language,
                "facts-problem",
                place = PLACE,
                message = problem.message
            );
            loader.pending(
                &path,
                span,
                Problem::error("kaoping::facts::reference", message, span).with_help(problem.help),
            );
        }
    }
}

struct Loaded {
    value: Value,
    span: Span,
    /// For a record read as an element of a keyed list: where its key was.
    key_span: Option<Span>,
}

struct ValueSeed<'a, 'l> {
    loader: &'l Loader<'a>,
    schema: &'l FieldType,
    path: String,
    /// Where the key holding this value is: missing-key problems point there.
    holder: Span,
    key_field: Option<usize>,
    /// Whether this value is an element of a list (it has no key of its own).
    element: bool,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Loaded;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Loaded, D::Error> {
        let loader = self.loader;
        let language = loader.language;
        *loader.reading.borrow_mut() = (self.path.clone(), expected_kind(self.schema, language));
        let path = self.path.clone();
        let schema = self.schema;
        // Every scalar is read as its text, so numbers never pass through f64.
        // `None` means the value is missing (null) or quoted where the field
        // is not text; the problem is already recorded.
        let scalar = |deserializer: D| -> Result<Option<(String, Span)>, D::Error> {
            let text: Spanned<Option<String>> = Spanned::deserialize(deserializer)?;
            let span = loader.span_of(&text);
            let expected = expected_kind(schema, language);
            let Some(value) = text.value else {
                loader.problem(
                    &path,
                    span,
                    tr!(
                        language,
                        "facts-expected-found",
                        expected = &expected,
                        found = tr!(language, "facts-found-null")
                    ),
                    tr!(language, "facts-null-help"),
                );
                return Ok(None);
            };
            let quoted = matches!(loader.source.as_bytes().get(span.start), Some(b'"' | b'\''));
            if quoted && matches!(schema, FieldType::Number { .. } | FieldType::Bool) {
                loader.problem(
                    &path,
                    span,
                    tr!(
                        language,
                        "facts-expected-found",
                        expected = &expected,
                        found = tr!(language, "facts-found-text", value = &value)
                    ),
                    tr!(language, "facts-quoted-help"),
                );
                return Ok(None);
            }
            Ok(Some((value, span)))
        };
        let absent = |span: Span| Loaded {
            value: Value::Absent,
            span,
            key_span: None,
        };
        match self.schema {
            FieldType::Unknown => unreachable!("a checked policy has no field of unknown type"),
            FieldType::Optional(inner) => {
                let loaded: Option<Loaded> = deserializer.deserialize_option(OptionVisitor {
                    seed: ValueSeed {
                        loader,
                        schema: inner,
                        path: self.path.clone(),
                        holder: self.holder,
                        key_field: self.key_field,
                        element: self.element,
                    },
                })?;
                Ok(loaded.unwrap_or(Loaded {
                    value: Value::Absent,
                    span: self.holder,
                    key_span: None,
                }))
            }
            FieldType::Record(id) => deserializer.deserialize_any(RecordVisitor {
                loader,
                record: *id,
                path: self.path,
                holder: self.holder,
                key_field: self.key_field,
                element: self.element,
            }),
            FieldType::List { element, key } => deserializer.deserialize_any(ListVisitor {
                loader,
                element,
                key: *key,
                path: self.path,
                holder: self.holder,
            }),
            FieldType::Number { .. }
            | FieldType::Bool
            | FieldType::Text
            | FieldType::Date
            | FieldType::Enum(_) => {
                let Some((text, span)) = scalar(deserializer)? else {
                    return Ok(absent(self.holder));
                };
                let value = match scalar_value(schema, &text, language) {
                    Ok(value) => loader.texts.borrow_mut().share(value),
                    Err(problem) => {
                        // A full-width character is pointed at itself.
                        let span = match problem.at {
                            Some(at) => character_span(loader.source, span, &text, at),
                            None => span,
                        };
                        loader.problem(&self.path, span, problem.message, problem.help);
                        Value::Absent
                    }
                };
                Ok(Loaded {
                    value,
                    span,
                    key_span: None,
                })
            }
            FieldType::Reference { root_field } => {
                let Some((text, span)) = scalar(deserializer)? else {
                    return Ok(absent(self.holder));
                };
                let text = text.trim();
                loader.references.borrow_mut().push((
                    *root_field,
                    text.to_string(),
                    span,
                    self.path.clone(),
                ));
                Ok(Loaded {
                    value: loader.texts.borrow_mut().text(text),
                    span,
                    key_span: None,
                })
            }
        }
    }
}

struct OptionVisitor<'a, 'l> {
    seed: ValueSeed<'a, 'l>,
}

impl<'de> Visitor<'de> for OptionVisitor<'_, '_> {
    type Value = Option<Loaded>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an optional value")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.seed.deserialize(deserializer).map(Some)
    }
}

struct RecordVisitor<'a, 'l> {
    loader: &'l Loader<'a>,
    record: RecordId,
    path: String,
    holder: Span,
    key_field: Option<usize>,
    element: bool,
}

/// A value of the wrong shape (a scalar or list where a mapping belongs, …)
/// is reported and skipped, so that loading goes on to find more problems.
macro_rules! reject_other_shapes {
    () => {
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<Loaded, E> {
            let found = tr!(
                self.loader.language,
                "facts-found-code",
                value = value.to_string()
            );
            Ok(self.wrong_shape(found))
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Loaded, E> {
            let found = tr!(
                self.loader.language,
                "facts-found-code",
                value = value.to_string()
            );
            Ok(self.wrong_shape(found))
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Loaded, E> {
            let found = tr!(
                self.loader.language,
                "facts-found-code",
                value = value.to_string()
            );
            Ok(self.wrong_shape(found))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Loaded, E> {
            let found = tr!(self.loader.language, "facts-found-number");
            Ok(self.wrong_shape(found))
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<Loaded, E> {
            let found = tr!(self.loader.language, "facts-found-text", value = value);
            Ok(self.wrong_shape(found))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Loaded, E> {
            let found = tr!(self.loader.language, "facts-found-null");
            Ok(self.wrong_shape(found))
        }
        fn visit_none<E: de::Error>(self) -> Result<Loaded, E> {
            let found = tr!(self.loader.language, "facts-found-null");
            Ok(self.wrong_shape(found))
        }
    };
}

fn wrong_shape(loader: &Loader, path: &str, holder: Span, expected: &str, found: String) -> Loaded {
    loader.problem(
        path,
        holder,
        tr!(
            loader.language,
            "facts-expected-found",
            expected = expected,
            found = found
        ),
        tr!(
            loader.language,
            "facts-write-expected-help",
            expected = expected
        ),
    );
    Loaded {
        value: Value::Absent,
        span: holder,
        key_span: None,
    }
}

impl RecordVisitor<'_, '_> {
    fn wrong_shape(self, found: String) -> Loaded {
        let expected = tr!(self.loader.language, "facts-kind-record");
        wrong_shape(self.loader, &self.path, self.holder, &expected, found)
    }
}

impl ListVisitor<'_, '_> {
    fn wrong_shape(self, found: String) -> Loaded {
        let expected = tr!(self.loader.language, "facts-kind-list");
        wrong_shape(self.loader, &self.path, self.holder, &expected, found)
    }
}

impl<'de> Visitor<'de> for RecordVisitor<'_, '_> {
    type Value = Loaded;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping")
    }

    reject_other_shapes!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Loaded, A::Error> {
        while sequence.next_element::<IgnoredAny>()?.is_some() {}
        let found = tr!(self.loader.language, "facts-found-list");
        Ok(self.wrong_shape(found))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loaded, A::Error> {
        let record = self.loader.policy.record(self.record);
        let mut suggested: Vec<String> = Vec::new();
        let mut values: Vec<Option<Value>> = vec![None; record.fields.len()];
        let mut key_spans: Vec<Option<Span>> = vec![None; record.fields.len()];
        let mut first_key: Option<Span> = None;
        let mut key_span = None;
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let span = self.loader.span_of(&key);
            first_key.get_or_insert(span);
            let child_path = if self.path.is_empty() {
                key.value.clone()
            } else {
                format!("{}.{}", self.path, key.value)
            };
            let Some(index) = record.field_index(&key.value) else {
                if let Some(close) =
                    closest(&key.value, record.fields.iter().map(|f| f.name.as_str()))
                {
                    suggested.push(close.to_string());
                }
                let language = self.loader.language;
                let names = record.fields.iter().map(|f| f.name.as_str());
                let help = did_you_mean(&key.value, names.clone(), language).unwrap_or_else(|| {
                    let keys = scalar::joined(names, language);
                    tr!(language, "facts-allowed-keys", keys = keys)
                });
                self.loader.problem(
                    &child_path,
                    span,
                    tr!(language, "facts-unknown-key", key = key.value.as_str()),
                    help,
                );
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if let Some(first) = key_spans[index] {
                let (first_line, _) =
                    crate::diagnostic::line_column(self.loader.source, first.start);
                let language = self.loader.language;
                self.loader.problem(
                    &child_path,
                    span,
                    tr!(
                        language,
                        "facts-key-twice",
                        key = key.value.as_str(),
                        line = first_line.to_string()
                    ),
                    tr!(language, "facts-remove-one"),
                );
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            key_spans[index] = Some(span);
            let field = &record.fields[index];
            let loaded = map.next_value_seed(ValueSeed {
                loader: self.loader,
                schema: &field.schema,
                path: child_path,
                holder: span,
                key_field: None,
                element: false,
            });
            let mut loaded = loaded?;
            if Some(index) == self.key_field {
                key_span = Some(loaded.span);
                loaded.value = trimmed_key(loaded.value);
            }
            values[index] = Some(loaded.value);
        }
        // A missing key is reported at the key that holds this mapping; a list
        // element or the top level has none, so at its first key instead.
        let holder = if self.element || self.path.is_empty() {
            first_key.unwrap_or(self.holder)
        } else {
            self.holder
        };
        let mut fields = Vec::with_capacity(values.len());
        for (field, value) in record.fields.iter().zip(values) {
            let value = match value {
                Some(value) => value,
                None => match (&field.default, &field.schema) {
                    (Some(default), _) => default.clone(),
                    (None, FieldType::Optional(_)) => Value::Absent,
                    // A misspelt key was already reported with this name as its suggestion.
                    (None, _) if suggested.contains(&field.name) => Value::Absent,
                    (None, _) => {
                        let language = self.loader.language;
                        // The top level is no path; elsewhere the place is
                        // written once the candidate is known.
                        let place = if self.path.is_empty() {
                            let (line, _) =
                                crate::diagnostic::line_column(self.loader.source, holder.start);
                            tr!(language, "facts-place-top", line = line.to_string())
                        } else {
                            PLACE.to_string()
                        };
                        let key = field.name.as_str();
                        let message = match &field.label {
                            Some(label) => tr!(
                                language,
                                "facts-missing-key-labelled",
                                key = key,
                                label = label,
                                place = place
                            ),
                            None => tr!(language, "facts-missing-key", key = key, place = place),
                        };
                        self.loader.pending(
                            &self.path,
                            holder,
                            Problem::error("kaoping::facts::missing", message, holder)
                                .with_help(tr!(language, "facts-missing-key-help", key = key)),
                        );
                        Value::Absent
                    }
                },
            };
            fields.push(value);
        }
        Ok(Loaded {
            value: Value::record(fields),
            span: holder,
            key_span,
        })
    }
}

struct ListVisitor<'a, 'l> {
    loader: &'l Loader<'a>,
    element: &'l FieldType,
    key: Option<usize>,
    path: String,
    holder: Span,
}

impl<'de> Visitor<'de> for ListVisitor<'_, '_> {
    type Value = Loaded;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    reject_other_shapes!();

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loaded, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        let found = tr!(self.loader.language, "facts-found-mapping");
        Ok(self.wrong_shape(found))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Loaded, A::Error> {
        let mut items = Vec::new();
        let mut seen_keys: BTreeMap<String, Span> = BTreeMap::new();
        let key_name = match (self.key, self.element) {
            (Some(key), FieldType::Record(id)) => {
                Some(self.loader.policy.record(*id).fields[key].name.clone())
            }
            _ => None,
        };
        loop {
            let path = format!("{}[{}]", self.path, items.len());
            // What was pending before this item: a candidate is named only
            // when a problem is about it, so that a clean file of many
            // candidates builds no names (references are checked, and their
            // candidates named, once all is read).
            let pending_before = self.loader.problems.borrow().len();
            let Some(loaded) = sequence.next_element_seed(ValueSeed {
                loader: self.loader,
                schema: self.element,
                path: path.clone(),
                holder: self.holder,
                key_field: self.key,
                element: true,
            })?
            else {
                break;
            };
            if let (Some(key), Some(key_name)) = (self.key, &key_name) {
                let key_value = match &loaded.value {
                    Value::Record(fields) => fields.get(key),
                    // An item of the wrong shape (`cities: [0]`) loads as
                    // `Absent`, its problem reported, and has no key to compare.
                    _ => None,
                };
                if let Some(Value::Text(text)) = key_value {
                    let span = loaded.key_span.unwrap_or(loaded.span);
                    if let Some(first) = seen_keys.get(&**text) {
                        let (first_line, _) =
                            crate::diagnostic::line_column(self.loader.source, first.start);
                        let language = self.loader.language;
                        self.loader.problem(
                            &format!("{path}.{key_name}"),
                            span,
                            tr!(
                                language,
                                "facts-duplicate-key",
                                name = key_name,
                                value = &**text,
                                line = first_line.to_string()
                            ),
                            tr!(
                                language,
                                "facts-duplicate-key-help",
                                name = key_name,
                                list = &self.path
                            ),
                        );
                    } else {
                        seen_keys.insert(text.to_string(), span);
                    }
                }
            }
            // The template's example item left in a top-level list would be
            // scored as if it were real.
            if !self.path.contains(['.', '[']) && is_placeholder_item(&loaded.value) {
                let span = loaded.key_span.unwrap_or(loaded.span);
                let (line, _) = crate::diagnostic::line_column(self.loader.source, span.start);
                let language = self.loader.language;
                let place = tr!(
                    language,
                    "facts-place",
                    path = &path,
                    line = line.to_string()
                );
                let (message, help) = placeholder_warning(&place, language);
                self.loader.warnings.borrow_mut().push(
                    Problem::warning(PLACEHOLDER, message, span)
                        .with_help(help)
                        .with_label(tr!(language, "facts-here")),
                );
            }
            let policy = self.loader.policy;
            if self.loader.problems.borrow().len() != pending_before
                && self.path == policy.record(policy.root).fields[policy.candidates_field].name
            {
                if let Some(title) = candidate_title(policy, &loaded.value, self.loader.language) {
                    self.loader
                        .candidates
                        .borrow_mut()
                        .insert(items.len(), title);
                }
            }
            items.push(loaded.value);
        }
        Ok(Loaded {
            value: Value::list(items),
            span: self.holder,
            key_span: None,
        })
    }
}

/// The code of the warning about the template's placeholder item.
pub(crate) const PLACEHOLDER: &str = "kaoping::facts::placeholder";

/// Whether an item of a top-level list is the template's example item: one
/// of its own text fields (its key, its name, a reference) is exactly the
/// template's placeholder text `示例`.
pub(crate) fn is_placeholder_item(item: &Value) -> bool {
    match item {
        Value::Record(fields) => fields.iter().any(|field| {
            matches!(field, Value::Text(text) if **text == *crate::template::TEXT_PLACEHOLDER)
        }),
        _ => false,
    }
}

/// The warning (message, help) for a placeholder item at `place`.
pub(crate) fn placeholder_warning(place: &str, language: Language) -> (String, String) {
    (
        tr!(
            language,
            "facts-placeholder",
            place = place,
            placeholder = crate::template::TEXT_PLACEHOLDER
        ),
        tr!(language, "facts-placeholder-help"),
    )
}

/// A key as the clerk meant it: spaces around it (a trailing space, or an
/// ideographic space typed by a Chinese input method) are not part of it,
/// as they are not part of a number or an enum value.
pub(crate) fn trimmed_key(value: Value) -> Value {
    match &value {
        Value::Text(text) if text.trim().len() != text.len() => Value::text(text.trim()),
        _ => value,
    }
}

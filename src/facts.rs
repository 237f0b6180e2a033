//! YAML facts → typed `Value`s, validated against the policy's input schema.
//!
//! The schema drives deserialization (`DeserializeSeed`), so every scalar is
//! read from its text (numbers never pass through `f64`), and every unknown
//! key, missing key, wrong type or out-of-range value becomes a problem that
//! names the field path and the line. Loading goes on after such problems so
//! that one run reports them all; only a malformed YAML structure stops it.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_saphyr::Spanned;

use crate::ast::Span;
use crate::diagnostic::{closest, Problem, Report};
use crate::messages::Language;
use crate::number::Number;
use crate::policy::{EnumType, FieldType, Policy, RecordId};
use crate::tr;
use crate::value::{Date, Value};

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
    pub fn candidates(&self, policy: &Policy) -> &Arc<Vec<Value>> {
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
        .with_help(tr!(language, "facts-empty-help"))]));
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
                return Ok(Facts::new(source_name, loaded.value).with_warnings(report(warnings)));
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
            .with_help(tr!(language, "facts-tab-help", line = &line))];
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
                    .with_help(tr!(language, "facts-yaml-help")),
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
}

/// A problem whose place is written once the candidates are known.
struct Pending {
    path: String,
    line: usize,
    problem: Problem,
}

/// Stands in a pending message for its place.
const PLACE: &str = "\u{1}place\u{1}";

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
            .map(
                |Pending {
                     path,
                     line,
                     problem,
                 }| {
                    let line_text = line.to_string();
                    let candidate = candidate_index(list, &path)
                        .and_then(|(index, rest)| Some((candidates.get(&index)?, rest)));
                    let title = candidate.map(|((_, title), rest)| (title.as_str(), rest));
                    let place = match title {
                        Some((candidate, "")) => tr!(
                            self.language,
                            "facts-place-candidate-item",
                            candidate = candidate,
                            line = &line_text
                        ),
                        Some((candidate, rest)) => tr!(
                            self.language,
                            "facts-place-candidate",
                            candidate = candidate,
                            path = rest,
                            line = &line_text
                        ),
                        None if path.is_empty() => {
                            tr!(self.language, "facts-place-file", line = &line_text)
                        }
                        None => tr!(
                            self.language,
                            "facts-place",
                            path = path.as_str(),
                            line = &line_text
                        ),
                    };
                    let mut placed = Problem {
                        message: problem.message.replace(PLACE, &place),
                        ..problem
                    };
                    if !path.is_empty() {
                        placed = placed.with_field("path", path.as_str());
                    }
                    if let Some(((id, _), _)) = candidate {
                        placed = placed.with_field("candidate", id.as_str());
                    }
                    placed
                },
            )
            .collect()
    }

    fn span_of<T>(&self, spanned: &Spanned<T>) -> Span {
        location_span(self.source, &spanned.referenced)
    }
}

/// `(2, "daily.cases")` for `candidates[2].daily.cases` when the candidate
/// list is `candidates`; `(2, "")` for the item itself.
fn candidate_index<'p>(list: &str, path: &'p str) -> Option<(usize, &'p str)> {
    let rest = path.strip_prefix(list)?.strip_prefix('[')?;
    let (index, rest) = rest.split_once(']')?;
    let index = index.parse().ok()?;
    Some((index, rest.strip_prefix('.').unwrap_or(rest)))
}

/// A candidate's id, and how a clerk knows it: its id, and its name when it
/// has one (`xunyang (浔阳区生态环境局)`).
fn candidate_title(policy: &Policy, item: &Value, language: Language) -> Option<(String, String)> {
    let Value::Record(fields) = item else {
        return None;
    };
    let id = match fields.get(policy.candidate_id_field)? {
        Value::Text(id) => id.to_string(),
        _ => return None,
    };
    let name = policy
        .candidate_name_field
        .and_then(|index| match fields.get(index) {
            Some(Value::Text(name)) if !name.is_empty() => Some(name.to_string()),
            _ => None,
        });
    let title = match name {
        Some(name) => tr!(language, "facts-candidate-title", id = &id, name = name),
        None => id.clone(),
    };
    Some((id, title))
}

fn loader_check_references(loader: &Loader, root: &Value) {
    let mut check = ReferenceCheck::new(loader.policy, root, loader.language);
    for (root_field, key, span, path) in loader.references.take() {
        if let Some(problem) = check.missing(root_field, &key) {
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

/// Checks `text ref` values against the keys of the root lists they name.
/// Each list's keys are collected once, so checking every reference of a
/// file is linear in its size.
pub(crate) struct ReferenceCheck<'a> {
    policy: &'a Policy,
    root: &'a Value,
    language: Language,
    keys: HashMap<usize, HashSet<&'a str>>,
}

impl<'a> ReferenceCheck<'a> {
    pub fn new(policy: &'a Policy, root: &'a Value, language: Language) -> Self {
        ReferenceCheck {
            policy,
            root,
            language,
            keys: HashMap::new(),
        }
    }

    /// Why `key`, read for a `text ref` to the root list at `root_field`,
    /// names no item of that list; `None` when it does.
    pub fn missing(&mut self, root_field: usize, key: &str) -> Option<ScalarProblem> {
        let (policy, root) = (self.policy, self.root);
        let known = self
            .keys
            .entry(root_field)
            .or_insert_with(|| list_keys(policy, root, root_field));
        if known.contains(key) {
            None
        } else {
            missing_reference(policy, root, root_field, key, self.language)
        }
    }
}

/// The text keys of the keyed root list at `root_field`.
fn list_keys<'a>(policy: &Policy, root: &'a Value, root_field: usize) -> HashSet<&'a str> {
    let root_record = policy.record(policy.root);
    let Some(FieldType::List {
        key: Some(key_field),
        ..
    }) = root_record
        .fields
        .get(root_field)
        .map(|field| &field.schema)
    else {
        return HashSet::new();
    };
    let Value::Record(fields) = root else {
        return HashSet::new();
    };
    let Some(Value::List(items)) = fields.get(root_field) else {
        return HashSet::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::Record(fields) => match fields.get(*key_field) {
                Some(Value::Text(text)) => Some(&**text),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// A "did you mean `…`?" help line in `language`, naming the closest of
/// `candidates` to `name`; `None` when none is close enough.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    language: Language,
) -> Option<String> {
    closest(name, candidates).map(|found| tr!(language, "facts-did-you-mean", name = found))
}

/// Why `key`, read for a `text ref` to the root list at `root_field`, names
/// no item of that list; `None` when it does.
fn missing_reference(
    policy: &Policy,
    root: &Value,
    root_field: usize,
    key: &str,
    language: Language,
) -> Option<ScalarProblem> {
    let root_record = policy.record(policy.root);
    let FieldType::List {
        element,
        key: Some(key_field),
    } = &root_record.fields.get(root_field)?.schema
    else {
        return None;
    };
    let Value::Record(fields) = root else {
        return None;
    };
    let Some(Value::List(items)) = fields.get(root_field) else {
        return None;
    };
    let key_of = |item: &Value| match item {
        Value::Record(fields) => match fields.get(*key_field) {
            Some(Value::Text(text)) => Some(text.to_string()),
            _ => None,
        },
        _ => None,
    };
    if items
        .iter()
        .any(|item| key_of(item).as_deref() == Some(key))
    {
        return None;
    }
    let list_name = &root_record.fields[root_field].name;
    let keys: Vec<String> = items.iter().filter_map(key_of).collect();
    let key_name = match element.as_ref() {
        FieldType::Record(id) => policy.record(*id).fields[*key_field].name.clone(),
        _ => String::new(),
    };
    let help = match did_you_mean(key, keys.iter().map(String::as_str), language) {
        Some(help) => help,
        None => tr!(
            language,
            "facts-reference-help",
            field = key_name,
            key = key,
            list = list_name
        ),
    };
    Some(ScalarProblem::new(
        tr!(language, "facts-reference", key = key, list = list_name),
        help,
    ))
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
                    Ok(value) => value,
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
                    value: Value::text(text),
                    span,
                    key_span: None,
                })
            }
        }
    }
}

/// Why a scalar's text does not fit its field: the message (after the
/// place, which the caller names) and the help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScalarProblem {
    pub message: String,
    pub help: String,
    /// The byte offset, within the text, of the character at fault (a
    /// full-width digit), when one character is.
    pub at: Option<usize>,
}

impl ScalarProblem {
    pub(crate) fn new(message: String, help: impl Into<String>) -> Self {
        ScalarProblem {
            message,
            help: help.into(),
            at: None,
        }
    }
}

/// The span of the character at byte `at` of a scalar's `text`, when the
/// scalar's source at `span` holds the text as written (plain or quoted).
fn character_span(source: &str, span: Span, text: &str, at: usize) -> Span {
    let written = source.get(span.start..).unwrap_or_default();
    let Some(start) = written.find(text).filter(|&start| start <= 1) else {
        return span;
    };
    let character = text[at..].chars().next().map_or(1, char::len_utf8);
    let start = span.start + start + at;
    Span::new(start, start + character)
}

/// The first full-width character of `text` (typed by a Chinese input
/// method in place of its half-width twin), as (byte offset, problem).
fn full_width(text: &str, schema: &FieldType, language: Language) -> Option<(usize, String)> {
    text.char_indices().find_map(|(at, character)| {
        let ascii = match character {
            '\u{3000}' => ' ',
            '。' => '.',
            '、' => ',',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(character as u32 - 0xFEE0)?,
            _ => return None,
        };
        // A comma in a number separates thousands, which no number takes,
        // half-width or not.
        if ascii == ',' && matches!(schema, FieldType::Number { .. }) {
            let message = tr!(
                language,
                "facts-full-width-separator",
                character = character.to_string()
            );
            return Some((at, message));
        }
        let what = if ascii.is_ascii_digit() {
            tr!(language, "facts-full-width-digit")
        } else if ascii.is_ascii_alphabetic() {
            tr!(language, "facts-full-width-letter")
        } else if ascii == ' ' {
            tr!(language, "facts-full-width-space")
        } else {
            tr!(language, "facts-full-width-punctuation")
        };
        let message = tr!(
            language,
            "facts-full-width",
            character = character.to_string(),
            what = what,
            ascii = ascii.to_string()
        );
        Some((at, message))
    })
}

/// The value of a scalar field written as `text`, validated as every facts
/// format (YAML, workbook, CSV) validates it, with the same words: numbers
/// parsed exactly from decimal text and checked against their range,
/// `true`/`false` (any case) or `是`/`否`, `YYYY-MM-DD` dates, and an enum
/// variant by its name or its label (`county` or `县级`). Spaces around the
/// text are dropped, except for text fields, which take it as it is;
/// references are checked once all facts are read.
pub(crate) fn scalar_value(
    schema: &FieldType,
    text: &str,
    language: Language,
) -> Result<Value, ScalarProblem> {
    let written = text;
    // Spaces around a number, a date or a choice are not part of it; text
    // is kept as written.
    let text = match schema {
        FieldType::Text | FieldType::Optional(_) => text,
        _ => text.trim(),
    };
    // Where `text` starts in what was written, for pointing at a character.
    let lead = written.len() - written.trim_start().len();
    let lead = if text.len() == written.len() { 0 } else { lead };
    let found = |text: &str| tr!(language, "facts-found-code", value = text);
    // A full-width digit or mark where a number, date or choice belongs is
    // the cause, named at its character; the value is not guessed.
    let full_width_help = |problem: ScalarProblem| match full_width(text, schema, language) {
        Some((at, help)) => ScalarProblem {
            help,
            at: Some(lead + at),
            ..problem
        },
        None => problem,
    };
    match schema {
        FieldType::Optional(inner) => scalar_value(inner, text, language),
        FieldType::Number { integer, low, high } => {
            let kind = expected_kind(schema, language);
            let range = describe_range(low, high);
            let expected = format!("{kind}{range}");
            match Number::parse_decimal(text) {
                None => Err(full_width_help(ScalarProblem::new(
                    tr!(
                        language,
                        "facts-expected-found",
                        expected = &expected,
                        found = found(text)
                    ),
                    tr!(language, "facts-number-help"),
                ))),
                Some(_) if significant_digits(text) > MAX_SIGNIFICANT_DIGITS => {
                    Err(ScalarProblem::new(
                        tr!(
                            language,
                            "facts-too-many-digits",
                            value = abbreviated(text),
                            digits = significant_digits(text).to_string(),
                            limit = MAX_SIGNIFICANT_DIGITS.to_string()
                        ),
                        tr!(language, "facts-too-many-digits-help"),
                    ))
                }
                Some(number) if *integer && !number.is_integer() => Err(ScalarProblem::new(
                    tr!(
                        language,
                        "facts-expected-found",
                        expected = &expected,
                        found = found(text)
                    ),
                    tr!(language, "facts-whole-number-help"),
                )),
                Some(number)
                    if low.as_ref().is_some_and(|low| number < *low)
                        || high.as_ref().is_some_and(|high| number > *high) =>
                {
                    Err(ScalarProblem::new(
                        tr!(
                            language,
                            "facts-out-of-range",
                            value = text,
                            expected = &expected
                        ),
                        tr!(language, "facts-out-of-range-help"),
                    ))
                }
                Some(number) => Ok(Value::Number(number)),
            }
        }
        FieldType::Bool => match text {
            "是" => Ok(Value::Bool(true)),
            "否" => Ok(Value::Bool(false)),
            _ if text.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
            _ if text.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
            _ => Err(full_width_help(ScalarProblem::new(
                tr!(language, "facts-bool", value = text),
                tr!(language, "facts-bool-help"),
            ))),
        },
        FieldType::Text | FieldType::Reference { .. } => Ok(Value::text(text)),
        FieldType::Date => match Date::parse(text) {
            Some(date) => Ok(Value::Date(date)),
            None => Err(full_width_help(ScalarProblem::new(
                tr!(language, "facts-date", value = text),
                tr!(language, "facts-date-help"),
            ))),
        },
        FieldType::Enum(variants) => {
            if variants.has(text) {
                return Ok(Value::text(text));
            }
            let by_label = variants
                .variants
                .iter()
                .find(|(_, label)| label.as_deref() == Some(text));
            match by_label {
                Some((name, _)) => Ok(Value::text(name)),
                None => {
                    let names_and_labels = variants
                        .variants
                        .iter()
                        .flat_map(|(name, label)| [Some(name.as_str()), label.as_deref()])
                        .flatten();
                    let help =
                        did_you_mean(text, names_and_labels, language).unwrap_or_else(|| {
                            tr!(
                                language,
                                "facts-enum-help",
                                choices = enum_choices(variants)
                            )
                        });
                    Err(ScalarProblem::new(
                        tr!(language, "facts-enum", value = text),
                        help,
                    ))
                }
            }
        }
        FieldType::List { .. } | FieldType::Record(_) | FieldType::Unknown => {
            let expected = expected_kind(schema, language);
            Err(ScalarProblem::new(
                tr!(
                    language,
                    "facts-expected-found",
                    expected = &expected,
                    found = found(text)
                ),
                tr!(language, "facts-write-expected-help", expected = &expected),
            ))
        }
    }
}

/// `市级 (city), 县级 (county)`: an enum's variants as a workbook offers
/// them, each label with its name.
pub(crate) fn enum_choices(variants: &EnumType) -> String {
    variants
        .variants
        .iter()
        .map(|(name, label)| match label {
            Some(label) => format!("{label} ({name})"),
            None => name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a field of type `schema` holds, as a message names it: `a number`.
pub(crate) fn expected_kind(schema: &FieldType, language: Language) -> String {
    match schema {
        FieldType::Number { integer: true, .. } => tr!(language, "facts-kind-whole-number"),
        FieldType::Number { .. } => tr!(language, "facts-kind-number"),
        FieldType::Bool => tr!(language, "facts-kind-bool"),
        FieldType::Text | FieldType::Reference { .. } => tr!(language, "facts-kind-text"),
        FieldType::Date => tr!(language, "facts-kind-date"),
        FieldType::Enum(_) => tr!(language, "facts-kind-enum"),
        FieldType::List { .. } => tr!(language, "facts-kind-list"),
        FieldType::Record(_) => tr!(language, "facts-kind-record"),
        FieldType::Optional(inner) => expected_kind(inner, language),
        FieldType::Unknown => tr!(language, "facts-kind-value"),
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

/// ` 1–5`, ` ≥ 0`: a number field's declared range as it reads after its type.
pub(crate) fn describe_range(low: &Option<Number>, high: &Option<Number>) -> String {
    match (low, high) {
        (Some(low), Some(high)) => format!(" {low}–{high}"),
        (Some(low), None) => format!(" ≥ {low}"),
        (None, Some(high)) => format!(" ≤ {high}"),
        (None, None) => String::new(),
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
                    let keys = names.collect::<Vec<_>>().join(", ");
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
            value: Value::Record(Arc::new(fields)),
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
                self.loader
                    .warnings
                    .borrow_mut()
                    .push(Problem::warning(PLACEHOLDER, message, span).with_help(help));
            }
            let policy = self.loader.policy;
            if self.path == policy.record(policy.root).fields[policy.candidates_field].name {
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
            value: Value::List(Arc::new(items)),
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

/// As many significant digits as a decimal type holds. Arithmetic stays
/// exact beyond it, but no real count, score or amount comes near it, and
/// the bound keeps hostile numbers from making every operation slow.
const MAX_SIGNIFICANT_DIGITS: usize = 28;

/// The digits of a decimal literal without leading zeros (before or after the
/// point) and without trailing zeros after the point.
fn significant_digits(text: &str) -> usize {
    let unsigned = text.trim_start_matches(['-', '+']);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let fraction = fraction.trim_end_matches('0');
    let digits = format!("{whole}{fraction}");
    digits.trim_start_matches('0').len()
}

/// A long literal shortened for a message: its first and last digits.
fn abbreviated(text: &str) -> String {
    if text.chars().count() <= 40 {
        return text.to_string();
    }
    let head: String = text.chars().take(12).collect();
    let tail: String = text.chars().skip(text.chars().count() - 8).collect();
    format!("{head}…{tail}")
}

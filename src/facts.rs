//! YAML or JSON facts → typed `Value`s, validated against the policy's input
//! schema.
//!
//! The schema drives deserialization (`DeserializeSeed`), so every scalar is
//! read from its text (numbers never pass through `f64`), and every unknown
//! key, missing key, wrong type or out-of-range value becomes a problem that
//! names the field path and the line. Loading goes on after such problems so
//! that one run reports them all; only malformed syntax stops it. The
//! reading is the same for both syntaxes: `yaml.rs` and `json.rs` only say
//! how their reader hands over a scalar or a key and where it is written
//! (`Syntax`), and word their reader's errors.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::ast::Span;
use crate::diagnostic::{closest, Problem, Report};
use crate::messages::Language;
use crate::policy::{FieldType, Policy, RecordId};
use crate::tr;
use crate::value::Value;

mod json;
mod places;
mod references;
mod scalar;
mod yaml;

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
    yaml::load(policy, source_name, text, language)
}

/// Loads JSON `text` as facts for `policy`, with messages in `language`:
/// the same schema, the same validation and the same words as YAML facts,
/// each problem with its line and column.
pub fn load_json_in(
    policy: &Policy,
    source_name: &str,
    text: &str,
    language: Language,
) -> Result<Facts, Report> {
    json::load(policy, source_name, text, language)
}

/// The one problem of a file with nothing to read.
fn empty_file(language: Language, help: String) -> Problem {
    Problem::error(
        "kaoping::facts::empty",
        tr!(language, "facts-empty"),
        Span::new(0, 0),
    )
    .with_help(help)
    .with_label(tr!(language, "facts-here"))
}

/// How one facts syntax (YAML, JSON) hands the schema-driven reading its
/// scalars and keys, each with where it is written in the source.
trait Syntax {
    /// Whether the reading keeps the path and schema it is at, for an error
    /// of the reader that stops it (YAML's mapping where a scalar belongs).
    const REMEMBERS_READING: bool;

    fn scalar<'de, D: Deserializer<'de>>(
        source: &str,
        deserializer: D,
    ) -> Result<Scalar<'de>, D::Error>;

    /// The next key of a mapping and where it is written.
    fn key<'de, A: MapAccess<'de>>(
        source: &str,
        map: &mut A,
    ) -> Result<Option<(Cow<'de, str>, Span)>, A::Error>;

    /// The help for a quoted value where a number or `true`/`false` belongs.
    fn quoted_help(language: Language) -> String;
}

/// A value read where the schema wants a scalar.
enum Scalar<'de> {
    Null(Span),
    Text {
        text: Cow<'de, str>,
        span: Span,
        /// Written in quotes, so text even when it looks like a number.
        quoted: bool,
    },
    /// A mapping or a list, skipped (YAML's reader stops there instead).
    Structure {
        span: Span,
        mapping: bool,
    },
}

struct Loader<'a> {
    policy: &'a Policy,
    language: Language,
    source: &'a str,
    /// Problems whose message holds [`PLACE`] where their place goes: the
    /// place names the candidate, known only once its item is read.
    problems: RefCell<Vec<Pending>>,
    warnings: RefCell<Vec<Problem>>,
    /// The path and schema of the value being read, so that a YAML error
    /// from saphyr can say which field it was about.
    reading: RefCell<(String, Option<&'a FieldType>)>,
    /// (root list index, referenced key, where, path) — checked once all is read.
    references: RefCell<Vec<(usize, String, Span, String)>>,
    /// The candidates read so far, by their index in the candidate list:
    /// how a clerk knows them (`xunyang (浔阳区生态环境局)`).
    candidates: RefCell<HashMap<usize, (String, String)>>,
    /// Texts read so far, so that repeated ones are held once.
    texts: RefCell<crate::value::TextCache>,
    /// The root lists that some `text ref` names, by their root field.
    referenced: Vec<usize>,
    /// The keys of those lists already read: a reference to a list read
    /// before it (the usual order: `cities`, then `candidates`) is checked
    /// as it is read, and only the others are kept for the end, so that a
    /// large file keeps no key and path per reference.
    read_keys: RefCell<HashMap<usize, HashSet<Arc<str>>>>,
}

impl<'a> Loader<'a> {
    fn new(policy: &'a Policy, language: Language, source: &'a str) -> Self {
        Loader {
            policy,
            language,
            source,
            problems: RefCell::new(Vec::new()),
            warnings: RefCell::new(Vec::new()),
            reading: RefCell::new((String::new(), None)),
            references: RefCell::new(Vec::new()),
            candidates: RefCell::new(HashMap::new()),
            texts: RefCell::default(),
            referenced: referenced_root_lists(policy),
            read_keys: RefCell::default(),
        }
    }

    /// Remembers the keys of the root list at `root_field`, once read whole,
    /// when a `text ref` names it.
    fn list_read(&self, root_field: usize, list: &Value) {
        if !self.referenced.contains(&root_field) {
            return;
        }
        let Some(FieldType::List {
            key: Some(key_field),
            ..
        }) = self
            .policy
            .record(self.policy.root)
            .fields
            .get(root_field)
            .map(|field| &field.schema)
        else {
            return;
        };
        let Value::List(items) = list else {
            return;
        };
        let keys = items
            .iter()
            .filter_map(|item| match item {
                Value::Record(fields) => match fields.get(*key_field) {
                    Some(Value::Text(text)) => Some(text.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        self.read_keys.borrow_mut().insert(root_field, keys);
    }

    /// Whether `key` is known to name an item of the root list at
    /// `root_field`: `false` also when that list is not read yet.
    fn names_read_item(&self, root_field: usize, key: &str) -> bool {
        self.read_keys
            .borrow()
            .get(&root_field)
            .is_some_and(|keys| keys.contains(key))
    }

    /// The facts read whole as `root`, once their references are checked;
    /// or every problem found.
    fn finish(self, source_name: &str, root: Value) -> Result<Facts, Report> {
        loader_check_references(&self, &root);
        let problems = self.placed_problems();
        if problems.is_empty() {
            let facts = Facts::new(source_name, root);
            // A report holds a copy of the whole text, as large as the facts
            // tree itself: keep one only when there is a warning to show.
            let warnings = self.warnings.take();
            if warnings.is_empty() {
                return Ok(facts);
            }
            return Ok(facts.with_warnings(Report::new(source_name, self.source, warnings)));
        }
        Err(self.failed(source_name, problems))
    }

    /// The report of facts that did not load: `problems`, then the warnings.
    fn failed(&self, source_name: &str, mut problems: Vec<Problem>) -> Report {
        problems.extend(self.warnings.take());
        Report::new(source_name, self.source, problems)
    }

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
}

/// The root fields that a `text ref` anywhere in the input names.
fn referenced_root_lists(policy: &Policy) -> Vec<usize> {
    fn named(schema: &FieldType, found: &mut Vec<usize>) {
        match schema {
            FieldType::Reference { root_field } if !found.contains(root_field) => {
                found.push(*root_field);
            }
            FieldType::List { element, .. } | FieldType::Optional(element) => named(element, found),
            _ => {}
        }
    }
    let mut found = Vec::new();
    for record in &policy.records {
        for field in &record.fields {
            named(&field.schema, &mut found);
        }
    }
    found
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

/// Where a value lies in the facts (`cities[2].briefs[0].month`), as a
/// chain of steps borrowed from the reading: written out only for a
/// problem, so that a clean file builds no path strings.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Field(&'p Path<'p>, &'p str),
    Item(&'p Path<'p>, usize),
}

impl Path<'_> {
    fn is_root(&self) -> bool {
        matches!(self, Path::Root)
    }

    /// The key of a list or record that lies at the top level.
    fn top_level_key(&self) -> Option<&str> {
        match self {
            Path::Field(Path::Root, key) => Some(key),
            _ => None,
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(Path::Root, key) => f.write_str(key),
            Path::Field(parent, key) => write!(f, "{parent}.{key}"),
            Path::Item(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

struct ValueSeed<'a, 'l, 'p, S> {
    loader: &'l Loader<'a>,
    schema: &'a FieldType,
    path: Path<'p>,
    /// Where the key holding this value is: missing-key problems point there.
    holder: Span,
    key_field: Option<usize>,
    /// Whether this value is an element of a list (it has no key of its own).
    element: bool,
    syntax: PhantomData<S>,
}

impl<'a, 'l, 'p, S: Syntax> ValueSeed<'a, 'l, 'p, S> {
    /// The seed of the whole file, read as `root`: the policy's root record.
    fn root(loader: &'l Loader<'a>, root: &'a FieldType) -> Self {
        ValueSeed {
            loader,
            schema: root,
            path: Path::Root,
            holder: Span::new(0, 0),
            key_field: None,
            element: false,
            syntax: PhantomData,
        }
    }

    /// A scalar's text and where it is. `None` means the value is missing
    /// (null), quoted where the field is not text, or not a scalar; the
    /// problem is already recorded.
    fn scalar<'de, D: Deserializer<'de>>(
        &self,
        deserializer: D,
    ) -> Result<Option<(Cow<'de, str>, Span)>, D::Error> {
        let loader = self.loader;
        let language = loader.language;
        let expected_found = |span: Span, found: String, help: String| {
            let expected = expected_kind(self.schema, language);
            let message = tr!(
                language,
                "facts-expected-found",
                expected = &expected,
                found = found
            );
            loader.problem(&self.path.to_string(), span, message, help);
        };
        let scalar = S::scalar(loader.source, deserializer).inspect_err(|_| {
            // The reader stopped inside this value (YAML's mapping where a
            // scalar belongs): its error is told with this path.
            if S::REMEMBERS_READING {
                *loader.reading.borrow_mut() = (self.path.to_string(), Some(self.schema));
            }
        })?;
        match scalar {
            Scalar::Null(span) => {
                let found = tr!(language, "facts-found-null");
                expected_found(span, found, tr!(language, "facts-null-help"));
                Ok(None)
            }
            Scalar::Structure { span, mapping } => {
                let found = if mapping {
                    tr!(language, "facts-found-mapping")
                } else {
                    tr!(language, "facts-found-list")
                };
                let expected = expected_kind(self.schema, language);
                let help = tr!(language, "facts-write-expected-help", expected = &expected);
                expected_found(span, found, help);
                Ok(None)
            }
            Scalar::Text { text, span, quoted } => {
                if quoted && matches!(self.schema, FieldType::Number { .. } | FieldType::Bool) {
                    let found = tr!(language, "facts-found-text", value = &*text);
                    expected_found(span, found, S::quoted_help(language));
                    return Ok(None);
                }
                Ok(Some((text, span)))
            }
        }
    }

    fn child(&self, schema: &'a FieldType) -> ValueSeed<'a, 'l, 'p, S> {
        ValueSeed {
            loader: self.loader,
            schema,
            path: self.path,
            holder: self.holder,
            key_field: self.key_field,
            element: self.element,
            syntax: PhantomData,
        }
    }
}

impl<'de, S: Syntax> DeserializeSeed<'de> for ValueSeed<'_, '_, '_, S> {
    type Value = Loaded;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Loaded, D::Error> {
        let loader = self.loader;
        let language = loader.language;
        let absent = |span: Span| Loaded {
            value: Value::Absent,
            span,
            key_span: None,
        };
        match self.schema {
            FieldType::Unknown => unreachable!("a checked policy has no field of unknown type"),
            FieldType::Optional(inner) => {
                let loaded: Option<Loaded> = deserializer.deserialize_option(OptionVisitor {
                    seed: self.child(inner),
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
                syntax: PhantomData::<S>,
            }),
            FieldType::List { element, key } => deserializer.deserialize_any(ListVisitor {
                loader,
                element,
                key: *key,
                path: self.path,
                holder: self.holder,
                syntax: PhantomData::<S>,
            }),
            FieldType::Number { .. }
            | FieldType::Bool
            | FieldType::Text
            | FieldType::Date
            | FieldType::Enum(_) => {
                let Some((text, span)) = self.scalar(deserializer)? else {
                    return Ok(absent(self.holder));
                };
                let value = match scalar_value(self.schema, &text, language) {
                    Ok(value) => loader.texts.borrow_mut().share(value),
                    Err(problem) => {
                        // A full-width character is pointed at itself.
                        let span = match problem.at {
                            Some(at) => character_span(loader.source, span, &text, at),
                            None => span,
                        };
                        loader.problem(&self.path.to_string(), span, problem.message, problem.help);
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
                let Some((text, span)) = self.scalar(deserializer)? else {
                    return Ok(absent(self.holder));
                };
                let text = text.trim();
                if !loader.names_read_item(*root_field, text) {
                    loader.references.borrow_mut().push((
                        *root_field,
                        text.to_string(),
                        span,
                        self.path.to_string(),
                    ));
                }
                Ok(Loaded {
                    value: loader.texts.borrow_mut().text(text),
                    span,
                    key_span: None,
                })
            }
        }
    }
}

struct OptionVisitor<'a, 'l, 'p, S> {
    seed: ValueSeed<'a, 'l, 'p, S>,
}

impl<'de, S: Syntax> Visitor<'de> for OptionVisitor<'_, '_, '_, S> {
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

struct RecordVisitor<'a, 'l, 'p, S> {
    loader: &'l Loader<'a>,
    record: RecordId,
    path: Path<'p>,
    holder: Span,
    key_field: Option<usize>,
    element: bool,
    syntax: PhantomData<S>,
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

impl<S> RecordVisitor<'_, '_, '_, S> {
    fn wrong_shape(self, found: String) -> Loaded {
        let expected = tr!(self.loader.language, "facts-kind-record");
        wrong_shape(
            self.loader,
            &self.path.to_string(),
            self.holder,
            &expected,
            found,
        )
    }
}

impl<S> ListVisitor<'_, '_, '_, S> {
    fn wrong_shape(self, found: String) -> Loaded {
        let expected = tr!(self.loader.language, "facts-kind-list");
        wrong_shape(
            self.loader,
            &self.path.to_string(),
            self.holder,
            &expected,
            found,
        )
    }
}

impl<'de, S: Syntax> Visitor<'de> for RecordVisitor<'_, '_, '_, S> {
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
        while let Some((key, span)) = S::key(self.loader.source, &mut map)? {
            first_key.get_or_insert(span);
            let child_path = Path::Field(&self.path, &key);
            let Some(index) = record.field_index(&key) else {
                if let Some(close) = closest(&key, record.fields.iter().map(|f| f.name.as_str())) {
                    suggested.push(close.to_string());
                }
                let language = self.loader.language;
                let names = record.fields.iter().map(|f| f.name.as_str());
                let help = did_you_mean(&key, names.clone(), language).unwrap_or_else(|| {
                    let keys = scalar::joined(names, language);
                    tr!(language, "facts-allowed-keys", keys = keys)
                });
                self.loader.problem(
                    &child_path.to_string(),
                    span,
                    tr!(language, "facts-unknown-key", key = &*key),
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
                    &child_path.to_string(),
                    span,
                    tr!(
                        language,
                        "facts-key-twice",
                        key = &*key,
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
                syntax: PhantomData::<S>,
            });
            let mut loaded = loaded?;
            if Some(index) == self.key_field {
                key_span = Some(loaded.span);
                loaded.value = trimmed_key(loaded.value);
            }
            if self.path.is_root() {
                self.loader.list_read(index, &loaded.value);
            }
            values[index] = Some(loaded.value);
        }
        // A missing key is reported at the key that holds this mapping; a list
        // element or the top level has none, so at its first key instead.
        let holder = if self.element || self.path.is_root() {
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
                        let place = if self.path.is_root() {
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
                            &self.path.to_string(),
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

struct ListVisitor<'a, 'l, 'p, S> {
    loader: &'l Loader<'a>,
    element: &'a FieldType,
    key: Option<usize>,
    path: Path<'p>,
    holder: Span,
    syntax: PhantomData<S>,
}

impl<'de, S: Syntax> Visitor<'de> for ListVisitor<'_, '_, '_, S> {
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
        let mut seen_keys: BTreeMap<Arc<str>, Span> = BTreeMap::new();
        let key_name = match (self.key, self.element) {
            (Some(key), FieldType::Record(id)) => {
                Some(self.loader.policy.record(*id).fields[key].name.clone())
            }
            _ => None,
        };
        loop {
            let path = Path::Item(&self.path, items.len());
            // What was pending before this item: a candidate is named only
            // when a problem is about it, so that a clean file of many
            // candidates builds no names (references are checked, and their
            // candidates named, once all is read).
            let pending_before = self.loader.problems.borrow().len();
            let Some(loaded) = sequence.next_element_seed(ValueSeed {
                loader: self.loader,
                schema: self.element,
                path,
                holder: self.holder,
                key_field: self.key,
                element: true,
                syntax: PhantomData::<S>,
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
                                list = self.path.to_string()
                            ),
                        );
                    } else {
                        // The item's own text, shared: a copy per key would
                        // add a string per candidate to the reading's peak.
                        seen_keys.insert(text.clone(), span);
                    }
                }
            }
            // The template's example item left in a top-level list would be
            // scored as if it were real.
            if self.path.top_level_key().is_some() && is_placeholder_item(&loaded.value) {
                let span = loaded.key_span.unwrap_or(loaded.span);
                let (line, _) = crate::diagnostic::line_column(self.loader.source, span.start);
                let language = self.loader.language;
                let place = tr!(
                    language,
                    "facts-place",
                    path = path.to_string(),
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
                && self.path.top_level_key()
                    == Some(&policy.record(policy.root).fields[policy.candidates_field].name)
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

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
use crate::diagnostic::{closest, did_you_mean, Problem, Report};
use crate::number::Number;
use crate::policy::{EnumType, FieldType, Policy, RecordId};
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

/// Loads `text` as facts for `policy`.
pub fn load(policy: &Policy, source_name: &str, text: &str) -> Result<Facts, Report> {
    let report = |problems| Report::new(source_name, text, problems);
    let has_content = text
        .lines()
        .any(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'));
    if !has_content {
        return Err(report(vec![Problem::error(
            "kaoping::facts::empty",
            "the facts file is empty",
            Span::new(0, 0),
        )
        .with_help(
            "a facts file is a YAML mapping with the keys of the policy's `input` block",
        )]));
    }
    let loader = Loader {
        policy,
        source: text,
        problems: RefCell::new(Vec::new()),
        warnings: RefCell::new(Vec::new()),
        reading: RefCell::new((String::new(), "a mapping")),
        references: RefCell::new(Vec::new()),
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
    let mut problems = loader.problems.into_inner();
    let warnings = loader.warnings.into_inner();
    match result {
        Ok(loaded) => {
            loader_check_references(
                policy,
                text,
                &loaded.value,
                &loader.references.into_inner(),
                &mut problems,
            );
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
            problems = vec![Problem::error(
                "kaoping::facts::yaml",
                format!("invalid YAML (line {line}): a tab indents this line, and YAML indents with spaces only"),
                span,
            )
            .with_help(format!("replace the tab at the start of line {line} with spaces, aligned with the keys beside it"))];
        }
        Err(error) => {
            // Problems the seed found are already stored; this error is
            // saphyr's, about the YAML structure, and stops the reading.
            let message = saphyr_message(&error);
            let span = error
                .location()
                .map(|location| location_span(text, &location))
                .unwrap_or_default();
            let (path, expected) = loader.reading.into_inner();
            let (line, _) = crate::diagnostic::line_column(text, span.start);
            // A mapping or list where a scalar belongs is the only structural
            // mismatch that stops the reading; anything else is YAML syntax.
            let problem = if message.contains("scalar") && !path.is_empty() {
                Problem::error(
                    "kaoping::facts::invalid",
                    format!(
                        "`{path}` (line {line}): expected {expected}, found a mapping or a list"
                    ),
                    span,
                )
                .with_help(format!(
                    "write {expected} here, as the policy's input schema declares"
                ))
            } else {
                Problem::error(
                    "kaoping::facts::yaml",
                    format!("invalid YAML (line {line}): {message}"),
                    span,
                )
                .with_help("fix the YAML syntax; the facts file must be one YAML mapping")
            };
            problems.push(problem);
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

fn saphyr_message(error: &serde_saphyr::Error) -> String {
    use serde_saphyr::budget::BudgetBreach;
    // The reader's own words for these name its API or print Rust values;
    // a clerk needs to know what is wrong with the file.
    match error.without_snippet() {
        serde_saphyr::Error::MultipleDocuments { .. } => {
            return "a facts file holds one YAML document, and this one has more (`---` starts another)"
                .into()
        }
        serde_saphyr::Error::Budget { breach, .. } => {
            return match breach {
                BudgetBreach::Nodes { nodes } => format!(
                    "the file expands to more than {} values, far beyond any facts file (aliases repeating aliases?)",
                    nodes.saturating_sub(1)
                ),
                BudgetBreach::Depth { depth } => {
                    format!("the file nests values more than {depth} levels deep")
                }
                BudgetBreach::Aliases { aliases } => {
                    format!("the file uses more than {aliases} aliases")
                }
                _ => "the file is larger or more deeply nested than the YAML reader allows".into(),
            }
        }
        _ => {}
    }
    let text = error.without_snippet().to_string();
    // A budget breach met inside our own reading arrives as plain text.
    if let Some(index) = text.find("budget breached: ") {
        let breach = &text[index + "budget breached: ".len()..];
        return if breach.starts_with("Nodes") {
            "the file expands to more values than any facts file holds (aliases repeating aliases?)"
                .into()
        } else {
            "the file is larger or more deeply nested than the YAML reader allows".into()
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
    source: &'a str,
    problems: RefCell<Vec<Problem>>,
    warnings: RefCell<Vec<Problem>>,
    /// The path and expected kind of the value being read, so that a YAML
    /// error from saphyr can say which field it was about.
    reading: RefCell<(String, &'static str)>,
    /// (root list index, referenced key, where, path) — checked once all is read.
    references: RefCell<Vec<(usize, String, Span, String)>>,
}

impl Loader<'_> {
    fn problem(&self, path: &str, span: Span, message: String, help: impl Into<String>) {
        let (line, _) = crate::diagnostic::line_column(self.source, span.start);
        let place = if path.is_empty() {
            "the facts file".to_string()
        } else {
            format!("`{path}`")
        };
        self.problems.borrow_mut().push(
            Problem::error(
                "kaoping::facts::invalid",
                format!("{place} (line {line}): {message}"),
                span,
            )
            .with_help(help),
        );
    }

    fn span_of<T>(&self, spanned: &Spanned<T>) -> Span {
        location_span(self.source, &spanned.referenced)
    }
}

fn loader_check_references(
    policy: &Policy,
    source: &str,
    root: &Value,
    references: &[(usize, String, Span, String)],
    problems: &mut Vec<Problem>,
) {
    let mut check = ReferenceCheck::new(policy, root);
    for (root_field, key, span, path) in references {
        if let Some(problem) = check.missing(*root_field, key) {
            let (line, _) = crate::diagnostic::line_column(source, span.start);
            problems.push(
                Problem::error(
                    "kaoping::facts::reference",
                    format!("`{path}` (line {line}): {}", problem.message),
                    *span,
                )
                .with_help(problem.help),
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
    keys: HashMap<usize, HashSet<&'a str>>,
}

impl<'a> ReferenceCheck<'a> {
    pub fn new(policy: &'a Policy, root: &'a Value) -> Self {
        ReferenceCheck {
            policy,
            root,
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
            missing_reference(policy, root, root_field, key)
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

/// Why `key`, read for a `text ref` to the root list at `root_field`, names
/// no item of that list; `None` when it does.
fn missing_reference(
    policy: &Policy,
    root: &Value,
    root_field: usize,
    key: &str,
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
    let help = match did_you_mean(key, keys.iter().map(String::as_str)) {
        Some(help) => help,
        None => format!("add `{{ {key_name}: {key}, … }}` to `{list_name}`"),
    };
    Some(ScalarProblem::new(
        format!("`{key}` is not in `{list_name}`"),
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
        *loader.reading.borrow_mut() = (self.path.clone(), expected_kind(self.schema));
        let path = self.path.clone();
        let schema = self.schema;
        // Every scalar is read as its text, so numbers never pass through f64.
        // `None` means the value is missing (null) or quoted where the field
        // is not text; the problem is already recorded.
        let scalar = |deserializer: D| -> Result<Option<(String, Span)>, D::Error> {
            let text: Spanned<Option<String>> = Spanned::deserialize(deserializer)?;
            let span = loader.span_of(&text);
            let Some(value) = text.value else {
                loader.problem(
                    &path,
                    span,
                    format!("expected {}, found nothing (null)", expected_kind(schema)),
                    "give a value, or remove the key if the field is optional",
                );
                return Ok(None);
            };
            let quoted = matches!(loader.source.as_bytes().get(span.start), Some(b'"' | b'\''));
            if quoted && matches!(schema, FieldType::Number { .. } | FieldType::Bool) {
                loader.problem(
                    &path,
                    span,
                    format!(
                        "expected {}, found the text `{value}`",
                        expected_kind(schema)
                    ),
                    "remove the quotes: quoted values are text in YAML",
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
                let value = match scalar_value(schema, &text) {
                    Ok(value) => value,
                    Err(problem) => {
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
}

impl ScalarProblem {
    fn new(message: String, help: impl Into<String>) -> Self {
        ScalarProblem {
            message,
            help: help.into(),
        }
    }
}

/// The value of a scalar field written as `text`, validated as every facts
/// format (YAML, workbook, CSV) validates it, with the same words: numbers
/// parsed exactly from decimal text and checked against their range,
/// `true`/`false` (any case) or `是`/`否`, `YYYY-MM-DD` dates, and an enum
/// variant by its name or its label (`county` or `县级`). Spaces around the
/// text are dropped, except for text fields, which take it as it is;
/// references are checked once all facts are read.
pub(crate) fn scalar_value(schema: &FieldType, text: &str) -> Result<Value, ScalarProblem> {
    // Spaces around a number, a date or a choice are not part of it; text
    // is kept as written.
    let text = match schema {
        FieldType::Text | FieldType::Optional(_) => text,
        _ => text.trim(),
    };
    match schema {
        FieldType::Optional(inner) => scalar_value(inner, text),
        FieldType::Number { integer, low, high } => {
            let kind = if *integer {
                "a whole number"
            } else {
                "a number"
            };
            let range = describe_range(low, high);
            match Number::parse_decimal(text) {
                None => Err(ScalarProblem::new(
                    format!("expected {kind}{range}, found `{text}`"),
                    "write the number in plain decimal digits, like 12 or 2.5",
                )),
                Some(_) if significant_digits(text) > MAX_SIGNIFICANT_DIGITS => {
                    Err(ScalarProblem::new(
                        format!(
                            "`{}` has {} significant digits: facts numbers have at most {MAX_SIGNIFICANT_DIGITS}",
                            abbreviated(text),
                            significant_digits(text)
                        ),
                        "no count, score or amount needs more: check the value",
                    ))
                }
                Some(number) if *integer && !number.is_integer() => Err(ScalarProblem::new(
                    format!("expected a whole number{range}, found `{text}`"),
                    "this field counts things: use a whole number",
                )),
                Some(number)
                    if low.as_ref().is_some_and(|low| number < *low)
                        || high.as_ref().is_some_and(|high| number > *high) =>
                {
                    Err(ScalarProblem::new(
                        format!("`{text}` is out of range: expected {kind}{range}"),
                        "values are never clamped: correct the value",
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
            _ => Err(ScalarProblem::new(
                format!("expected 是 or 否 (true or false), found `{text}`"),
                "choose 是 or 否 (or write true or false)",
            )),
        },
        FieldType::Text | FieldType::Reference { .. } => Ok(Value::text(text)),
        FieldType::Date => match Date::parse(text) {
            Some(date) => Ok(Value::Date(date)),
            None => Err(ScalarProblem::new(
                format!("expected a date YYYY-MM-DD, found `{text}`"),
                "write dates like 2019-11-10",
            )),
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
                    let help = did_you_mean(text, names_and_labels)
                        .unwrap_or_else(|| format!("use one of: {}", enum_choices(variants)));
                    Err(ScalarProblem::new(
                        format!("`{text}` is not an allowed value"),
                        help,
                    ))
                }
            }
        }
        FieldType::List { .. } | FieldType::Record(_) | FieldType::Unknown => {
            Err(ScalarProblem::new(
                format!("expected {}, found `{text}`", expected_kind(schema)),
                format!(
                    "write {} here, as the policy's input schema declares",
                    expected_kind(schema)
                ),
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

pub(crate) fn expected_kind(schema: &FieldType) -> &'static str {
    match schema {
        FieldType::Number { integer: true, .. } => "a whole number",
        FieldType::Number { .. } => "a number",
        FieldType::Bool => "`true` or `false`",
        FieldType::Text | FieldType::Reference { .. } => "text",
        FieldType::Date => "a date",
        FieldType::Enum(_) => "one of the allowed values",
        FieldType::List { .. } => "a list",
        FieldType::Record(_) => "a mapping of keys",
        FieldType::Optional(inner) => expected_kind(inner),
        FieldType::Unknown => "a value",
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
            Ok(self.wrong_shape(format!("`{value}`")))
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Loaded, E> {
            Ok(self.wrong_shape(format!("`{value}`")))
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Loaded, E> {
            Ok(self.wrong_shape(format!("`{value}`")))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Loaded, E> {
            Ok(self.wrong_shape("a number".into()))
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<Loaded, E> {
            Ok(self.wrong_shape(format!("the text `{value}`")))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Loaded, E> {
            Ok(self.wrong_shape("nothing (null)".into()))
        }
        fn visit_none<E: de::Error>(self) -> Result<Loaded, E> {
            Ok(self.wrong_shape("nothing (null)".into()))
        }
    };
}

fn wrong_shape(loader: &Loader, path: &str, holder: Span, expected: &str, found: String) -> Loaded {
    loader.problem(
        path,
        holder,
        format!("expected {expected}, found {found}"),
        format!("write {expected} here, as the policy's input schema declares"),
    );
    Loaded {
        value: Value::Absent,
        span: holder,
        key_span: None,
    }
}

impl RecordVisitor<'_, '_> {
    fn wrong_shape(self, found: String) -> Loaded {
        wrong_shape(
            self.loader,
            &self.path,
            self.holder,
            "a mapping of keys",
            found,
        )
    }
}

impl ListVisitor<'_, '_> {
    fn wrong_shape(self, found: String) -> Loaded {
        wrong_shape(self.loader, &self.path, self.holder, "a list", found)
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
        Ok(self.wrong_shape("a list".into()))
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
                let help = did_you_mean(&key.value, record.fields.iter().map(|f| f.name.as_str()))
                    .unwrap_or_else(|| {
                        format!(
                            "the allowed keys here are: {}",
                            record
                                .fields
                                .iter()
                                .map(|f| f.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                self.loader.problem(
                    &child_path,
                    span,
                    format!("unknown key `{}`", key.value),
                    help,
                );
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if let Some(first) = key_spans[index] {
                let (first_line, _) =
                    crate::diagnostic::line_column(self.loader.source, first.start);
                self.loader.problem(
                    &child_path,
                    span,
                    format!(
                        "key `{}` appears twice (first on line {first_line})",
                        key.value
                    ),
                    "remove one of them",
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
                        let place = if self.path.is_empty() {
                            "the top level".to_string()
                        } else {
                            format!("`{}`", self.path)
                        };
                        let label = field
                            .label
                            .as_ref()
                            .map(|l| format!(" ({l})"))
                            .unwrap_or_default();
                        let (line, _) =
                            crate::diagnostic::line_column(self.loader.source, holder.start);
                        self.loader.problems.borrow_mut().push(
                            Problem::error(
                                "kaoping::facts::missing",
                                format!(
                                    "missing key `{}`{label} in {place} (line {line})",
                                    field.name
                                ),
                                holder,
                            )
                            .with_help(format!(
                                "add `{}:`; only fields declared `optional` may be left out",
                                field.name
                            )),
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
        Ok(self.wrong_shape("a mapping".into()))
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
                        self.loader.problem(
                            &format!("{path}.{key_name}"),
                            span,
                            format!("duplicate {key_name} `{text}` (first on line {first_line})"),
                            format!("each `{key_name}` in `{}` must be unique", self.path),
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
                let (message, help) = placeholder_warning(&format!("`{path}` (line {line})"));
                self.loader
                    .warnings
                    .borrow_mut()
                    .push(Problem::warning(PLACEHOLDER, message, span).with_help(help));
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
pub(crate) fn placeholder_warning(place: &str) -> (String, String) {
    (
        format!(
            "{place} still holds the template's placeholder item `{}`: it would be scored as a real one",
            crate::template::TEXT_PLACEHOLDER
        ),
        "replace the example item with real data, or delete it".into(),
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

//! A commented YAML skeleton of a facts file, for the clerks who fill one in.
//!
//! The template has every key of the policy's `input` block, with one
//! example item in each list (so exactly one candidate), and every line
//! carries a comment with the field's label, its type and allowed range,
//! the enum options, whether it is optional and its default. The
//! placeholder values are valid: the least value of a range (0 when that
//! is allowed), the first enum variant, `false`, `2019-01-01` and the text
//! `"示例"`, and a `text ref` names the key of its list's example item, so
//! the template loads as facts exactly as it is written.

use crate::facts::describe_range;
use crate::number::Number;
use crate::policy::{Field, FieldType, Policy, RecordId, RecordType};
use crate::value::Value;

/// The placeholder of every text field.
pub const TEXT_PLACEHOLDER: &str = "示例";

/// The placeholder of every date field.
pub const DATE_PLACEHOLDER: &str = "2019-01-01";

/// Comments start in this column at most; a longer line has its comment two
/// spaces after it.
const COMMENT_COLUMN_LIMIT: usize = 44;

/// The file name `kaoping template` names in its schema line when told no
/// other: the policy's own name with `.schema.json` (`collective.schema.json`
/// for `collective.kp`), which `kaoping schema POLICY -o` writes beside the
/// facts file. `facts.schema.json` for a policy read from standard input.
pub fn schema_file_name(policy: &std::path::Path) -> String {
    match policy.file_stem().and_then(|stem| stem.to_str()) {
        Some(stem) if stem != "-" => format!("{stem}.schema.json"),
        _ => "facts.schema.json".to_string(),
    }
}

/// [`template`], with a first line that names `schema` for the YAML
/// language server (`# yaml-language-server: $schema=…`): editors with the
/// common YAML extension then check and complete the facts against the
/// schema that `kaoping schema` writes, a path relative to the facts file or
/// a URL.
pub fn template_with_schema(policy: &Policy, schema: &str) -> String {
    format!(
        "# yaml-language-server: $schema={schema}\n{}",
        template(policy)
    )
}

/// The commented YAML template of a facts file for `policy`, with one
/// example item in every list. It loads with [`Policy::load_facts`] as it
/// stands.
pub fn template(policy: &Policy) -> String {
    let mut writer = Writer {
        policy,
        lines: Vec::new(),
    };
    let root = policy.record(policy.root);
    for (index, field) in root.fields.iter().enumerate() {
        if index > 0 {
            writer.blank();
        }
        writer.field(field, "", 0);
    }
    let mut text = header(policy);
    text.push_str(&writer.finish());
    text
}

fn header(policy: &Policy) -> String {
    let header = &policy.header;
    let mut lines = Vec::new();
    lines.push(format!(
        "# {}",
        header.title.as_deref().unwrap_or(&header.id)
    ));
    let mut about = format!("# 事实数据模板 facts template · policy {}", header.id);
    if let Some(version) = &header.version {
        about.push_str(&format!(" {version}"));
    }
    lines.push(about);
    if let Some(source) = &header.source {
        lines.push(format!("# {source}"));
    }
    lines.push("#".into());
    lines.push("# 以下均为有效的示例值，文件可原样加载；请替换为实际数据。每个列表给出一个示例项，按需增删。".into());
    lines.push(
        "# Every value below is a valid placeholder, so the file loads as it stands: replace"
            .into(),
    );
    lines.push(
        "# them with the real figures. Each list shows one example item; add or remove items."
            .into(),
    );
    lines.push(
        "# 标注（可选 optional）的字段可以删除；有默认值 default 的字段省略时取默认值。".into(),
    );
    lines.push(
        "# Fields marked optional may be removed; a field with a default takes it when left out."
            .into(),
    );
    lines.push(String::new());
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

struct Writer<'p> {
    policy: &'p Policy,
    /// Each line's YAML and its comment, if any.
    lines: Vec<(String, Option<String>)>,
}

impl Writer<'_> {
    fn blank(&mut self) {
        self.lines.push((String::new(), None));
    }

    fn line(&mut self, code: String, comment: Option<String>) {
        self.lines.push((code, comment));
    }

    /// Writes `field` and its contents. `prefix` starts its first line (the
    /// indentation, and `- ` for the first field of a list item); `indent`
    /// is the indentation of the field's own key.
    fn field(&mut self, field: &Field, prefix: &str, indent: usize) {
        let (schema, optional) = match &field.schema {
            FieldType::Optional(inner) => (inner.as_ref(), true),
            schema => (schema, false),
        };
        let mut comment = field.label.clone().unwrap_or_default();
        let mut note = |text: String| {
            if !comment.is_empty() {
                comment.push_str(" · ");
            }
            comment.push_str(&text);
        };
        let description = self.describe(schema);
        if !description.is_empty() {
            note(description);
        }
        if let Some(default) = &field.default {
            note(format!(
                "默认 default {}",
                self.flow_value(default, &field.schema)
            ));
        }
        if optional {
            comment.push_str("（可选 optional）");
        }
        let comment = (!comment.is_empty()).then_some(comment);
        let name = &field.name;

        if let Some(default) = &field.default {
            let value = self.flow_value(default, &field.schema);
            self.line(format!("{prefix}{name}: {value}"), comment);
            return;
        }
        match schema {
            FieldType::Record(id) => {
                let fields = &self.policy.record(*id).fields;
                if fields.is_empty() {
                    self.line(format!("{prefix}{name}: {{}}"), comment);
                } else {
                    self.line(format!("{prefix}{name}:"), comment);
                    self.record(*id, indent + 2, false);
                }
            }
            FieldType::List { element, .. } => {
                self.line(format!("{prefix}{name}:"), comment);
                self.item(element, indent + 2);
            }
            scalar => {
                let value = self.example(scalar, 0);
                self.line(format!("{prefix}{name}: {value}"), comment);
            }
        }
    }

    /// Writes the fields of a record at `indent`; as a list item, the first
    /// field carries the `- `.
    fn record(&mut self, id: RecordId, indent: usize, item: bool) {
        let fields = &self.policy.record(id).fields;
        for (index, field) in fields.iter().enumerate() {
            let (prefix, own_indent) = if item {
                let dash = if index == 0 { "- " } else { "  " };
                (format!("{}{dash}", " ".repeat(indent)), indent + 2)
            } else {
                (" ".repeat(indent), indent)
            };
            self.field(field, &prefix, own_indent);
        }
    }

    /// Writes the one example item of a list at `indent`.
    fn item(&mut self, element: &FieldType, indent: usize) {
        let element = match element {
            FieldType::Optional(inner) => inner.as_ref(),
            element => element,
        };
        match element {
            FieldType::Record(id) if !self.policy.record(*id).fields.is_empty() => {
                self.record(*id, indent, true);
            }
            element => {
                let value = self.example(element, 0);
                self.line(format!("{}- {value}", " ".repeat(indent)), None);
            }
        }
    }

    /// The type and allowed values of a field, as its comment states them.
    fn describe(&self, schema: &FieldType) -> String {
        match schema {
            FieldType::Number { integer, low, high } => {
                let kind = if *integer { "int" } else { "decimal" };
                format!("{kind}{}", describe_range(low, high))
            }
            FieldType::Bool => "true / false (是 / 否)".into(),
            FieldType::Text => "text".into(),
            FieldType::Date => "date YYYY-MM-DD".into(),
            FieldType::Enum(variants) => {
                let options: Vec<String> = variants
                    .variants
                    .iter()
                    .map(|(name, label)| match label {
                        Some(label) => format!("{name} {label}"),
                        None => name.clone(),
                    })
                    .collect();
                format!("one of: {}", options.join(" | "))
            }
            FieldType::Reference { root_field } => {
                let root = self.policy.record(self.policy.root);
                let list = &root.fields[*root_field];
                match self.key_field(*root_field) {
                    Some(key) => format!(
                        "text ref {list}: the {key} of an item of {list}",
                        list = list.name,
                        key = key.name
                    ),
                    None => format!("text ref {}", list.name),
                }
            }
            FieldType::List { element, key } => {
                let element = match element.as_ref() {
                    FieldType::Optional(inner) => inner.as_ref(),
                    element => element,
                };
                let mut text = match element {
                    FieldType::Record(id) => {
                        let record = self.policy.record(*id);
                        match record_title(record) {
                            Some(title) => format!("list of {title}"),
                            None => "list".to_string(),
                        }
                    }
                    element => format!("list of {}", self.describe(element)),
                };
                if let (Some(key), FieldType::Record(id)) = (key, element) {
                    let key = &self.policy.record(*id).fields[*key].name;
                    text.push_str(&format!(" · {key} 不得重复 unique"));
                }
                text
            }
            FieldType::Record(id) => record_title(self.policy.record(*id)).unwrap_or_default(),
            FieldType::Optional(inner) => self.describe(inner),
            FieldType::Unknown => String::new(),
        }
    }

    /// The key field of the keyed list at `root_field`.
    fn key_field(&self, root_field: usize) -> Option<&Field> {
        let root = self.policy.record(self.policy.root);
        let mut schema = &root.fields[root_field].schema;
        if let FieldType::Optional(inner) = schema {
            schema = inner;
        }
        match schema {
            FieldType::List {
                element,
                key: Some(key),
            } => match element.as_ref() {
                FieldType::Record(id) => Some(&self.policy.record(*id).fields[*key]),
                _ => None,
            },
            _ => None,
        }
    }

    /// The YAML of a valid example value of `schema`, in flow style. A
    /// reference repeats what the template writes for the key of its list's
    /// example item; `depth` stops a reference that leads back to itself.
    fn example(&self, schema: &FieldType, depth: usize) -> String {
        match schema {
            FieldType::Number { integer, low, high } => {
                example_number(*integer, low, high).to_exact_string()
            }
            FieldType::Bool => "false".into(),
            FieldType::Text => quoted(TEXT_PLACEHOLDER),
            FieldType::Date => DATE_PLACEHOLDER.into(),
            FieldType::Enum(variants) => variants
                .names()
                .next()
                .map(plain_or_quoted)
                .unwrap_or_default(),
            FieldType::Reference { root_field } => match self.key_field(*root_field) {
                Some(key) if depth < 8 => match &key.default {
                    Some(default) => self.flow_value(default, &key.schema),
                    None => self.example(&key.schema, depth + 1),
                },
                _ => quoted(TEXT_PLACEHOLDER),
            },
            FieldType::List { element, .. } => format!("[{}]", self.example(element, depth)),
            FieldType::Record(id) => {
                let fields: Vec<String> = self
                    .policy
                    .record(*id)
                    .fields
                    .iter()
                    .map(|field| {
                        let value = match &field.default {
                            Some(default) => self.flow_value(default, &field.schema),
                            None => self.example(&field.schema, depth),
                        };
                        format!("{}: {value}", field.name)
                    })
                    .collect();
                if fields.is_empty() {
                    "{}".into()
                } else {
                    format!("{{ {} }}", fields.join(", "))
                }
            }
            FieldType::Optional(inner) => self.example(inner, depth),
            FieldType::Unknown => "~".into(),
        }
    }

    /// A value (a default) as YAML in flow style.
    fn flow_value(&self, value: &Value, schema: &FieldType) -> String {
        match (value, schema) {
            (_, FieldType::Optional(inner)) => self.flow_value(value, inner),
            (Value::Absent, _) => "~".into(),
            (Value::Number(number), _) => number.to_exact_string(),
            (Value::Bool(truth), _) => truth.to_string(),
            (Value::Text(text), FieldType::Enum(_)) => plain_or_quoted(text),
            (Value::Text(text), _) => quoted(text),
            (Value::Date(date), _) => date.to_string(),
            (Value::List(items), FieldType::List { element, .. }) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|item| self.flow_value(item, element))
                    .collect();
                format!("[{}]", items.join(", "))
            }
            (Value::Record(values), FieldType::Record(id)) => {
                let fields: Vec<String> = self
                    .policy
                    .record(*id)
                    .fields
                    .iter()
                    .zip(values.iter())
                    .map(|(field, value)| {
                        format!("{}: {}", field.name, self.flow_value(value, &field.schema))
                    })
                    .collect();
                if fields.is_empty() {
                    "{}".into()
                } else {
                    format!("{{ {} }}", fields.join(", "))
                }
            }
            (Value::List(_) | Value::Record(_), _) => "~".into(),
        }
    }

    /// The lines, with the comments of neighbouring lines aligned.
    fn finish(self) -> String {
        let column = self
            .lines
            .iter()
            .filter(|(_, comment)| comment.is_some())
            .map(|(code, _)| display_width(code))
            .filter(|width| *width <= COMMENT_COLUMN_LIMIT)
            .max()
            .unwrap_or(0)
            + 2;
        let mut text = String::new();
        for (code, comment) in self.lines {
            text.push_str(&code);
            if let Some(comment) = comment {
                let width = display_width(&code);
                let padding = if width + 2 <= column {
                    column - width
                } else {
                    2
                };
                text.push_str(&" ".repeat(padding));
                text.push_str("# ");
                text.push_str(&comment);
            }
            text.push('\n');
        }
        text
    }
}

/// How a comment names a declared record: `City（设区市）`; `None` for an
/// inline record, which has no name.
fn record_title(record: &RecordType) -> Option<String> {
    match (record.name.as_str(), &record.label) {
        ("", _) => None,
        (name, Some(label)) if label != name => Some(format!("{name}（{label}）")),
        (name, _) => Some(name.to_string()),
    }
}

/// A number inside the range: the lower bound when there is one (rounded up
/// to a whole number for `int`), else 0 when the upper bound allows it,
/// else the upper bound (rounded down).
fn example_number(integer: bool, low: &Option<Number>, high: &Option<Number>) -> Number {
    let whole_up = |number: &Number| {
        let down = number.round_down();
        if down == *number {
            down
        } else {
            down.add(&Number::from_integer(1))
        }
    };
    match (low, high) {
        (Some(low), _) if integer => whole_up(low),
        (Some(low), _) => low.clone(),
        (None, Some(high)) if high.is_negative() => {
            if integer {
                high.round_down()
            } else {
                high.clone()
            }
        }
        _ => Number::zero(),
    }
}

/// Text as a double-quoted YAML scalar: a JSON string literal is one,
/// escapes included.
fn quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// An identifier (an enum variant) as a plain YAML scalar, or quoted when
/// YAML would read it as something other than text.
fn plain_or_quoted(text: &str) -> String {
    let special = matches!(
        text.to_ascii_lowercase().as_str(),
        "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    );
    let plain = !text.is_empty()
        && !special
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// Columns a line takes in a terminal or editor: wide (CJK) characters take two.
fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

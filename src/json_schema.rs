//! A JSON Schema (draft 2020-12) for a policy's facts files, so that an
//! editor can validate and complete them while they are typed.
//!
//! The schema follows the policy's `input` block: every mapping is an object
//! with `additionalProperties: false`, every field without `optional` or a
//! default is `required`, numbers carry their inclusive range, enums list
//! their variants, and each field's label is its `title`. Named records
//! become `$defs` (`#/$defs/Candidate`); inline records are nested objects.
//!
//! JSON Schema cannot say everything the loader in [`crate::facts`] checks:
//! that the keys of a keyed list are unique, that a `text ref` names a key
//! of its list, that a date exists in the calendar, or that numbers are
//! plain decimals (no `1e3`). The descriptions state the first two; the
//! loader remains the authority, and a schema-valid file may still be
//! refused by `kaoping score`. In one place the schema is stricter: the
//! loader reads any scalar as text (`id: 12`), the schema wants a string
//! there (`id: "12"`), as YAML tools other than kaoping would read `12` as
//! a number.
//!
//! Like the loader, the schema takes an enum's labels beside its names
//! (`县级` for `county`) and 是/否 beside `true` and `false`, so an editor
//! flags nothing that the workbook offers and `kaoping score` accepts.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value as Json};

use crate::number::Number;
use crate::policy::{Field, FieldType, Policy, RecordId};
use crate::value::Value;

/// The JSON Schema dialect the generated schemas declare.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The `pattern` of a date: `YYYY-MM-DD`. The loader also refuses dates
/// that do not exist, such as `2019-02-30`.
pub const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// The JSON Schema of the facts files `policy` accepts.
///
/// The result has no `$id` and refers to nothing outside itself: `$ref`s
/// point into its own `$defs`. Key order follows the policy's declarations,
/// so the same policy always gives the same text.
pub fn json_schema(policy: &Policy) -> Json {
    let mut builder = Builder {
        policy,
        definitions: BTreeMap::new(),
    };
    let mut schema = Map::new();
    schema.insert("$schema".into(), json!(DIALECT));
    let title = policy
        .header
        .title
        .clone()
        .unwrap_or_else(|| policy.header.id.clone());
    schema.insert("title".into(), json!(title));
    schema.insert("description".into(), json!(describe_policy(policy)));
    schema.extend(builder.object(policy.root));

    // Named records are emitted once each, in declaration order; building
    // one may reach more of them.
    let mut definitions = Map::new();
    let mut built: BTreeMap<RecordId, Json> = BTreeMap::new();
    loop {
        let pending: Vec<RecordId> = builder
            .definitions
            .keys()
            .copied()
            .filter(|id| !built.contains_key(id))
            .collect();
        if pending.is_empty() {
            break;
        }
        for id in pending {
            let record = policy.record(id);
            let mut definition = Map::new();
            definition.insert(
                "title".into(),
                json!(record.label.clone().unwrap_or_else(|| record.name.clone())),
            );
            definition.extend(builder.object(id));
            built.insert(id, Json::Object(definition));
        }
    }
    for (id, definition) in built {
        definitions.insert(builder.definitions[&id].clone(), definition);
    }
    if !definitions.is_empty() {
        schema.insert("$defs".into(), Json::Object(definitions));
    }
    Json::Object(schema)
}

fn describe_policy(policy: &Policy) -> String {
    let header = &policy.header;
    let mut text = format!("kaoping 事实数据 facts file for policy `{}`", header.id);
    if let Some(version) = &header.version {
        text.push_str(&format!(" {version}"));
    }
    if let Some(source) = &header.source {
        text.push_str(&format!(" · {source}"));
    }
    text.push_str(
        ". Keys in keyed lists must be unique and references must name an existing key; \
         this schema cannot check either, `kaoping score` does.",
    );
    text
}

struct Builder<'p> {
    policy: &'p Policy,
    /// The named records referred to so far, with their `$defs` names.
    definitions: BTreeMap<RecordId, String>,
}

impl Builder<'_> {
    /// The keywords of an object with the fields of `record`.
    fn object(&mut self, record: RecordId) -> Map<String, Json> {
        let fields = &self.policy.record(record).fields;
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in fields {
            properties.insert(field.name.clone(), Json::Object(self.field(field)));
            let optional = matches!(field.schema, FieldType::Optional(_));
            if !optional && field.default.is_none() {
                required.push(json!(field.name));
            }
        }
        let mut object = Map::new();
        object.insert("type".into(), json!("object"));
        object.insert("properties".into(), Json::Object(properties));
        if !required.is_empty() {
            object.insert("required".into(), Json::Array(required));
        }
        object.insert("additionalProperties".into(), json!(false));
        object
    }

    fn field(&mut self, field: &Field) -> Map<String, Json> {
        let (keywords, notes) = self.schema(&field.schema);
        let mut schema = Map::new();
        if let Some(label) = &field.label {
            schema.insert("title".into(), json!(label));
        }
        with_notes(&mut schema, keywords, notes);
        if let Some(default) = &field.default {
            schema.insert(
                "default".into(),
                value_json(self.policy, default, &field.schema),
            );
        }
        schema
    }

    /// The keywords that describe values of `schema`, and the notes for the
    /// description of whatever holds them.
    fn schema(&mut self, schema: &FieldType) -> (Map<String, Json>, Vec<String>) {
        let mut keywords = Map::new();
        let mut notes = Vec::new();
        match schema {
            FieldType::Number { integer, low, high } => {
                let kind = if *integer { "integer" } else { "number" };
                keywords.insert("type".into(), json!(kind));
                if let Some(low) = low {
                    keywords.insert("minimum".into(), number_json(low));
                }
                if let Some(high) = high {
                    keywords.insert("maximum".into(), number_json(high));
                }
            }
            FieldType::Bool => {
                // The loader takes the workbook's 是/否 as well, and so must
                // an editor, or it would flag what `kaoping score` accepts.
                keywords.insert("type".into(), json!(["boolean", "string"]));
                keywords.insert("enum".into(), json!([true, false, "是", "否"]));
            }
            FieldType::Text => {
                keywords.insert("type".into(), json!("string"));
            }
            FieldType::Date => {
                keywords.insert("type".into(), json!("string"));
                keywords.insert("format".into(), json!("date"));
                keywords.insert("pattern".into(), json!(DATE_PATTERN));
                notes.push("日期 date YYYY-MM-DD".to_string());
            }
            FieldType::Enum(variants) => {
                keywords.insert("type".into(), json!("string"));
                // Names and labels both: YAML takes `county` and `县级` alike.
                let mut accepted: Vec<Json> = variants.names().map(|name| json!(name)).collect();
                for label in variants
                    .variants
                    .iter()
                    .filter_map(|(_, label)| label.as_ref())
                {
                    if !accepted.contains(&json!(label)) {
                        accepted.push(json!(label));
                    }
                }
                keywords.insert("enum".into(), Json::Array(accepted));
                let options: Vec<String> = variants
                    .variants
                    .iter()
                    .map(|(name, label)| match label {
                        Some(label) => format!("{name} = {label}"),
                        None => name.clone(),
                    })
                    .collect();
                notes.push(format!("取值 one of: {}", options.join("; ")));
            }
            FieldType::Reference { root_field } => {
                keywords.insert("type".into(), json!("string"));
                let root = self.policy.record(self.policy.root);
                let list = &root.fields[*root_field];
                match key_name(self.policy, &list.schema) {
                    Some(key) => notes.push(format!(
                        "须为 `{list}` 中某项的 `{key}` must be the `{key}` of an item of `{list}`",
                        list = list.name
                    )),
                    None => notes.push(format!(
                        "须为 `{list}` 中某项的键 must be the key of an item of `{list}`",
                        list = list.name
                    )),
                }
            }
            FieldType::List { element, key } => {
                keywords.insert("type".into(), json!("array"));
                let (items, item_notes) = self.schema(element);
                let mut item_schema = Map::new();
                with_notes(&mut item_schema, items, item_notes);
                keywords.insert("items".into(), Json::Object(item_schema));
                if key.is_some() {
                    if let Some(key) = key_name(self.policy, schema) {
                        notes.push(format!(
                            "每项的 `{key}` 不得重复 each item's `{key}` must be unique \
                             (not checked by this schema)"
                        ));
                    }
                }
            }
            FieldType::Record(id) => {
                let record = self.policy.record(*id);
                if record.name.is_empty() || *id == self.policy.root {
                    keywords.extend(self.object(*id));
                } else {
                    let name = self.definition_name(*id);
                    keywords.insert(
                        "$ref".into(),
                        json!(format!("#/$defs/{}", pointer_fragment(&name))),
                    );
                }
            }
            FieldType::Optional(inner) => {
                // The loader takes an empty value (null) as a left-out one.
                let (inner, inner_notes) = self.schema(inner);
                keywords = nullable(inner);
                notes.extend(inner_notes);
                notes.push("可选 optional: may be left out or left empty".to_string());
            }
            FieldType::Unknown => {}
        }
        (keywords, notes)
    }

    /// The `$defs` name of a named record: its name, unless another record
    /// already took it.
    fn definition_name(&mut self, id: RecordId) -> String {
        if let Some(name) = self.definitions.get(&id) {
            return name.clone();
        }
        let base = self.policy.record(id).name.clone();
        let mut name = base.clone();
        let mut suffix = 2;
        while self.definitions.values().any(|taken| *taken == name) {
            name = format!("{base}_{suffix}");
            suffix += 1;
        }
        self.definitions.insert(id, name.clone());
        name
    }
}

/// Puts `description` (from the notes) before the other keywords, after
/// any title already in `schema`.
fn with_notes(schema: &mut Map<String, Json>, keywords: Map<String, Json>, notes: Vec<String>) {
    if !notes.is_empty() {
        schema.insert("description".into(), json!(notes.join(". ")));
    }
    schema.extend(keywords);
}

/// Keywords that also accept `null`. Adding `null` to `type` (and `enum`)
/// keeps an error inside the value pointing at the value; only a `$ref`
/// needs an `anyOf`.
fn nullable(mut keywords: Map<String, Json>) -> Map<String, Json> {
    let kinds = match keywords.get_mut("type") {
        Some(Json::String(kind)) => Some(vec![json!(std::mem::take(kind))]),
        Some(Json::Array(kinds)) => Some(std::mem::take(kinds)),
        _ => None,
    };
    match kinds {
        Some(mut kinds) => {
            kinds.push(json!("null"));
            keywords.insert("type".into(), Json::Array(kinds));
            if let Some(Json::Array(variants)) = keywords.get_mut("enum") {
                variants.push(Json::Null);
            }
            keywords
        }
        _ => {
            let mut any = Map::new();
            any.insert(
                "anyOf".into(),
                json!([Json::Object(keywords), { "type": "null" }]),
            );
            any
        }
    }
}

/// The name of the key field of a keyed list of records.
fn key_name(policy: &Policy, list: &FieldType) -> Option<String> {
    match list {
        FieldType::List {
            element,
            key: Some(key),
        } => match element.as_ref() {
            FieldType::Record(id) => Some(policy.record(*id).fields[*key].name.clone()),
            _ => None,
        },
        FieldType::Optional(inner) => key_name(policy, inner),
        _ => None,
    }
}

/// A `$defs` name as a JSON Pointer token inside a URI fragment: `~` and `/`
/// escaped as JSON Pointer says, anything but unreserved ASCII percent-encoded.
fn pointer_fragment(name: &str) -> String {
    let token = name.replace('~', "~0").replace('/', "~1");
    let mut fragment = String::new();
    for byte in token.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            fragment.push(byte as char);
        } else {
            fragment.push_str(&format!("%{byte:02X}"));
        }
    }
    fragment
}

/// A number as JSON: an integer when it is whole and fits, otherwise the
/// nearest double (range bounds are decimal literals, so this is exact to
/// the digits written).
fn number_json(number: &Number) -> Json {
    let text = number.to_exact_string();
    if let Ok(integer) = text.parse::<i64>() {
        return json!(integer);
    }
    let double = match text.split_once('/') {
        Some((numerator, denominator)) => {
            numerator.parse::<f64>().unwrap_or(f64::NAN) / denominator.parse::<f64>().unwrap_or(1.0)
        }
        None => text.parse::<f64>().unwrap_or(f64::NAN),
    };
    serde_json::Number::from_f64(double).map_or(Json::Null, Json::Number)
}

/// A facts value (a field's default) as JSON, laid out by its field type.
fn value_json(policy: &Policy, value: &Value, schema: &FieldType) -> Json {
    match (value, schema) {
        (Value::Absent, _) => Json::Null,
        (_, FieldType::Optional(inner)) => value_json(policy, value, inner),
        (Value::Number(number), _) => number_json(number),
        (Value::Bool(truth), _) => json!(truth),
        (Value::Text(text), _) => json!(text.as_ref()),
        (Value::Date(date), _) => json!(date.to_string()),
        (Value::List(items), FieldType::List { element, .. }) => Json::Array(
            items
                .iter()
                .map(|item| value_json(policy, item, element))
                .collect(),
        ),
        (Value::Record(values), FieldType::Record(id)) => Json::Object(
            policy
                .record(*id)
                .fields
                .iter()
                .zip(values.iter())
                .map(|(field, value)| {
                    (field.name.clone(), value_json(policy, value, &field.schema))
                })
                .collect(),
        ),
        (Value::List(_) | Value::Record(_), _) => Json::Null,
    }
}

//! `text ref` values checked against the keys of the root lists they name.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::closest;
use crate::messages::Language;
use crate::policy::{FieldType, Policy};
use crate::tr;
use crate::value::Value;

use super::ScalarProblem;

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

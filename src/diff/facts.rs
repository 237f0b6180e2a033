//! The facts side of a diff: which facts differ between two facts files
//! (path, old value, new value, per candidate), and the facts file a new
//! policy reads made readable by the old one, when the new policy adds facts.

use crate::facts::Facts;
use crate::policy::{FieldType, Policy, RecordId};
use crate::value::Value;

/// One fact that differs between two facts files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactChange {
    /// The candidate's id; `None` for a fact outside the candidates
    /// (`province.cases_total`).
    pub candidate: Option<String>,
    /// The candidate's name, when its record has one.
    pub name: Option<String>,
    /// The fact's path from the candidate (`daily.cases`) or from the root
    /// (`cities[抚州市].key_units_list_published`).
    pub path: String,
    /// Its value in the old facts (`（无）` for one they leave out).
    pub old: String,
    /// Its value in the new facts.
    pub new: String,
}

/// Every fact that differs between `old` and `new`, both loaded for
/// `policy`: the facts outside the candidates first, then each candidate's,
/// in the new facts' order. Candidates only in one file are left to the
/// outcome's changes, which name them.
pub fn fact_changes(policy: &Policy, old: &Facts, new: &Facts) -> Vec<FactChange> {
    let mut changes = Vec::new();
    let root = policy.record(policy.root);
    for (index, field) in root.fields.iter().enumerate() {
        if index == policy.candidates_field {
            continue;
        }
        let mut walk = Walk {
            policy,
            candidate: None,
            changes: &mut changes,
        };
        walk.value(
            &field.schema,
            old.root.field(index),
            new.root.field(index),
            &field.name,
        );
    }
    let old_candidates = old.candidates(policy);
    let candidate_record = policy.record(policy.candidate_record);
    for after in new.candidates(policy).iter() {
        let id = after.field(policy.candidate_id_field);
        let Some(before) = old_candidates
            .iter()
            .find(|c| c.field(policy.candidate_id_field) == id)
        else {
            continue;
        };
        if before == after {
            continue;
        }
        let name = policy
            .candidate_name_field
            .map(|field| after.field(field).display());
        let mut walk = Walk {
            policy,
            candidate: Some((id.display(), name)),
            changes: &mut changes,
        };
        for (index, field) in candidate_record.fields.iter().enumerate() {
            walk.value(
                &field.schema,
                before.field(index),
                after.field(index),
                &field.name,
            );
        }
    }
    changes
}

struct Walk<'a> {
    policy: &'a Policy,
    candidate: Option<(String, Option<String>)>,
    changes: &'a mut Vec<FactChange>,
}

impl Walk<'_> {
    fn value(&mut self, schema: &FieldType, old: &Value, new: &Value, path: &str) {
        if old == new {
            return;
        }
        match schema {
            FieldType::Record(id) => self.record(*id, old, new, path),
            FieldType::Optional(inner) if old != &Value::Absent && new != &Value::Absent => {
                self.value(inner, old, new, path)
            }
            FieldType::List {
                element,
                key: Some(key),
            } => match element.as_ref() {
                FieldType::Record(id) => self.keyed_list(*id, *key, old, new, path),
                _ => self.leaf(old, new, path),
            },
            _ => self.leaf(old, new, path),
        }
    }

    fn record(&mut self, id: RecordId, old: &Value, new: &Value, path: &str) {
        for (index, field) in self.policy.record(id).fields.iter().enumerate() {
            let path = format!("{path}.{}", field.name);
            self.value(&field.schema, old.field(index), new.field(index), &path);
        }
    }

    /// A list keyed by one of its fields (`cities` by name): items matched
    /// by key, so that one city's change names that city.
    fn keyed_list(&mut self, id: RecordId, key: usize, old: &Value, new: &Value, path: &str) {
        let (old, new) = (old.as_list(), new.as_list());
        let find = |list: &[Value], wanted: &Value| {
            list.iter().find(|item| item.field(key) == wanted).cloned()
        };
        for after in new.iter() {
            let label = format!("{path}[{}]", after.field(key).display());
            match find(old, after.field(key)) {
                Some(before) => self.record(id, &before, after, &label),
                None => self.leaf(&Value::Absent, after, &label),
            }
        }
        for before in old.iter() {
            if find(new, before.field(key)).is_none() {
                let label = format!("{path}[{}]", before.field(key).display());
                self.leaf(before, &Value::Absent, &label);
            }
        }
    }

    fn leaf(&mut self, old: &Value, new: &Value, path: &str) {
        let (candidate, name) = match &self.candidate {
            Some((id, name)) => (Some(id.clone()), name.clone()),
            None => (None, None),
        };
        self.changes.push(FactChange {
            candidate,
            name,
            path: path.to_string(),
            old: old.display(),
            new: new.display(),
        });
    }
}

/// A key the new policy reads and the old one does not know, left out of
/// the facts the old policy reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredKey {
    /// Its path in the facts (`candidates.daily.inspections_online`).
    pub path: String,
    /// How many times the facts file writes it.
    pub count: usize,
}

/// The YAML facts `text`, written for `other`, without the keys `reader`
/// does not know, so that `reader` can read the same facts; and the keys left
/// out. Only keys `other` declares are left out: a typo stays in, and
/// loading reports it. `diff` calls it both ways: the old policy reads
/// facts without the keys the new one adds, the new policy reads them
/// without the keys it removed.
pub fn facts_for(reader: &Policy, other: &Policy, text: &str) -> (String, Vec<IgnoredKey>) {
    let mut added = Vec::new();
    added_paths(
        reader,
        reader.root,
        other,
        other.root,
        &mut Vec::new(),
        &mut added,
    );
    if added.is_empty() {
        return (text.to_string(), Vec::new());
    }
    let mut kept = String::with_capacity(text.len());
    let mut ignored: Vec<IgnoredKey> = Vec::new();
    // The keys above the current line, by the column their name starts in.
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut dropping: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let blank = content.trim().is_empty() || content.starts_with('#');
        if let Some(column) = dropping {
            if blank || indent > column {
                continue;
            }
            dropping = None;
        }
        if blank {
            kept.push_str(line);
            continue;
        }
        let (dash, rest, column) = match content.strip_prefix("- ") {
            Some(rest) => {
                let inner = rest.trim_start_matches(' ');
                (true, inner, indent + 2 + (rest.len() - inner.len()))
            }
            None => (false, content, indent),
        };
        let Some(key) = key_of(rest) else {
            kept.push_str(line);
            continue;
        };
        while stack.last().is_some_and(|(top, _)| *top >= column) {
            stack.pop();
        }
        let mut path: Vec<&str> = stack.iter().map(|(_, name)| name.as_str()).collect();
        path.push(&key);
        if added.iter().any(|added| added == &path) {
            let shown = path.join(".");
            match ignored.iter_mut().find(|k| k.path == shown) {
                Some(known) => known.count += 1,
                None => ignored.push(IgnoredKey {
                    path: shown,
                    count: 1,
                }),
            }
            dropping = Some(column);
            if dash {
                // The item goes on with its other keys, on the lines below.
                kept.push_str(&format!("{}-\n", " ".repeat(indent)));
            }
            continue;
        }
        stack.push((column, key));
        kept.push_str(line);
    }
    (kept, ignored)
}

/// The key a YAML line starts with (`daily:`, `"id": x`), if it is a key line.
fn key_of(content: &str) -> Option<String> {
    if let Some(quote @ ('"' | '\'')) = content.chars().next() {
        let close = content[1..].find(quote)? + 1;
        return content[close + 1..]
            .trim_start()
            .starts_with(':')
            .then(|| content[1..close].to_string());
    }
    let (index, _) = content.char_indices().find(|&(index, c)| {
        c == ':'
            && content[index + 1..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    })?;
    let key = content[..index].trim();
    (!key.is_empty() && !key.contains(['{', '[', '"', '\''])).then(|| key.to_string())
}

/// The paths of the fields `new` declares and `old` does not, lists seen
/// through (`candidates.daily.inspections_online`).
fn added_paths(
    old: &Policy,
    old_record: RecordId,
    new: &Policy,
    new_record: RecordId,
    prefix: &mut Vec<String>,
    added: &mut Vec<Vec<String>>,
) {
    let before = old.record(old_record);
    for field in &new.record(new_record).fields {
        prefix.push(field.name.clone());
        match before.field_index(&field.name) {
            None => added.push(prefix.clone()),
            Some(index) => {
                if let (Some(old_inner), Some(new_inner)) = (
                    record_of(&before.fields[index].schema),
                    record_of(&field.schema),
                ) {
                    added_paths(old, old_inner, new, new_inner, prefix, added);
                }
            }
        }
        prefix.pop();
    }
}

fn record_of(schema: &FieldType) -> Option<RecordId> {
    match schema {
        FieldType::Record(id) => Some(*id),
        FieldType::List { element, .. } | FieldType::Optional(element) => record_of(element),
        _ => None,
    }
}

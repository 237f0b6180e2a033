//! How `explain` says things in the reader's language: numbers as decimals
//! (with the exact fraction beside a decimal that does not end), step words
//! padded into a column, and the policy's names given their labels.

use unicode_width::UnicodeWidthStr;

use crate::messages::Language;
use crate::number::{Number, EXPLAIN_PLACES};
use crate::policy::{FieldType, Policy, RecordId};
use crate::tr;

/// The longest fraction worth showing beside its decimal: `466/7` helps a
/// reader check a sum by hand, `1359/130000` does not.
const MAX_FRACTION_CHARS: usize = 9;

/// A number as a decimal: exact when its expansion ends (`78.5`); else two
/// places with the exact fraction beside it when that fraction is short
/// (`≈66.57 (= 466/7)`), or four places alone when it is not (`≈0.0102`).
pub fn number(number: &Number, language: Language) -> String {
    let exact = number.to_exact_string();
    if !exact.contains('/') {
        return number.to_decimal_string(EXPLAIN_PLACES);
    }
    if exact.len() <= MAX_FRACTION_CHARS {
        let decimal = number.to_decimal_string(crate::number::MESSAGE_PLACES);
        return tr!(
            language,
            "explain-number-with-fraction",
            decimal = decimal,
            fraction = exact
        );
    }
    number.to_decimal_string(EXPLAIN_PLACES)
}

/// `word` followed by spaces up to `width` display columns (a Chinese
/// character takes two), and at least one space.
pub fn pad(word: &str, width: usize) -> String {
    let used = word.width();
    format!("{word}{}", " ".repeat(width.saturating_sub(used).max(1)))
}

/// The step word of a derivation line, padded into its column.
pub fn step(word: String) -> String {
    pad(&word, 9)
}

/// `强化监督表现 supervision`: a label before the name, when there is one.
pub fn label(name: &str, label: &Option<String>) -> String {
    match label {
        Some(label) => format!("{label} {name}"),
        None => name.to_string(),
    }
}

/// `  [附1 一(二)；附1 二]`, or nothing.
pub fn cites(cites: &[String]) -> String {
    if cites.is_empty() {
        String::new()
    } else {
        format!("  [{}]", cites.join("；"))
    }
}

/// The label the policy gives the fact at `path` (`candidate.supervision.
/// commendations` → `通报表扬`), found by walking the facts' record types.
pub fn fact_label<'a>(policy: &'a Policy, path: &str) -> Option<&'a str> {
    let mut segments = path.split('.');
    let first = strip_key(segments.next()?);
    let (mut record, mut label): (RecordId, Option<&str>) = if first == "candidate" {
        (policy.candidate_record, None)
    } else {
        let root = policy.record(policy.root);
        let field = &root.fields[root.field_index(first)?];
        (record_of(&field.schema)?, field.label.as_deref())
    };
    let mut rest = segments.peekable();
    while let Some(segment) = rest.next() {
        let fields = policy.record(record);
        let field = &fields.fields[fields.field_index(strip_key(segment))?];
        label = field.label.as_deref();
        if rest.peek().is_some() {
            record = record_of(&field.schema)?;
        }
    }
    label
}

/// `cities[抚州市]` → `cities`.
fn strip_key(segment: &str) -> &str {
    segment.split('[').next().unwrap_or(segment)
}

fn record_of(schema: &FieldType) -> Option<RecordId> {
    match schema {
        FieldType::Record(id) => Some(*id),
        FieldType::List { element, .. } | FieldType::Optional(element) => record_of(element),
        _ => None,
    }
}

/// The label of the parameter a bound's source text names, if it names one
/// that has a label (`supervision_earned_cap` → `强化监督累计得分上限`).
pub fn parameter_label<'a>(policy: &'a Policy, expression: &str) -> Option<&'a str> {
    let name = expression.trim();
    policy
        .parameters
        .iter()
        .find(|parameter| parameter.name == name)
        .and_then(|parameter| parameter.label.as_deref())
}

/// The quantity a bound limits and the limit, as a reader names them. A
/// parameter labelled `强化监督累计得分上限` names the quantity
/// `强化监督累计得分`; any other labelled limit is named beside its value; an
/// unlabelled one leaves the quantity as the policy wrote it (`earned - lost =`).
pub fn bound_names(
    policy: &Policy,
    operator: &str,
    expression: &str,
    limit_expression: Option<&str>,
    limit: String,
) -> (String, String) {
    let Some(limit_label) = limit_expression.and_then(|text| parameter_label(policy, text)) else {
        return (format!("{expression} ="), limit);
    };
    let suffixes: &[&str] = if operator == "cap" {
        &["累计上限", "上限", "最高分", "封顶"]
    } else {
        &["下限", "最低分", "保底"]
    };
    for suffix in suffixes {
        if let Some(quantity) = limit_label.strip_suffix(suffix) {
            if !quantity.is_empty() {
                return (quantity.to_string(), limit);
            }
        }
    }
    (format!("{expression} ="), format!("{limit_label} {limit}"))
}

/// The labelled parameters an expression reads, each as `name = label value`
/// (`baseline_share = 基准值达标比例 0.5`), in the order it reads them; a
/// field after a dot (`d.cases`) is not a parameter.
pub fn parameters_read(policy: &Policy, expression: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut previous = ' ';
    let mut start = None;
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    for (index, c) in expression.char_indices().chain([(expression.len(), ' ')]) {
        match (start, is_name(c)) {
            (None, true) if previous != '.' && !previous.is_alphanumeric() => start = Some(index),
            (Some(from), false) => {
                let name = &expression[from..index];
                start = None;
                let parameter = policy.parameters.iter().find(|p| p.name == name);
                if let Some((parameter, label)) =
                    parameter.and_then(|p| p.label.as_deref().map(|label| (p, label)))
                {
                    let text = format!("{name} = {label} {}", parameter.value.display());
                    if !found.contains(&text) {
                        found.push(text);
                    }
                }
            }
            _ => {}
        }
        previous = c;
    }
    found
}

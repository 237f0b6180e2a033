//! Where a facts problem is, as the clerk knows it: inside a candidate, the
//! candidate by id and name and the path within it (`candidate xunyang
//! (浔阳区生态环境局) · daily.cases (line 96)`); elsewhere the path.

use std::collections::HashMap;

use crate::diagnostic::Problem;
use crate::messages::Language;
use crate::policy::Policy;
use crate::tr;
use crate::value::Value;

/// A problem whose place is written once the candidates are known.
pub(super) struct Pending {
    pub path: String,
    pub line: usize,
    pub problem: Problem,
}

/// Stands in a pending message for its place.
pub(super) const PLACE: &str = "\u{1}place\u{1}";

/// The pending problem with its place written, and the `path` and
/// `candidate` fields machine output shows.
pub(super) fn placed(
    pending: Pending,
    list: &str,
    candidates: &HashMap<usize, (String, String)>,
    language: Language,
) -> Problem {
    let Pending {
        path,
        line,
        problem,
    } = pending;
    let line = line.to_string();
    let candidate = candidate_index(list, &path)
        .and_then(|(index, rest)| Some((candidates.get(&index)?, rest)));
    let place = match candidate {
        Some(((_, title), "")) => tr!(
            language,
            "facts-place-candidate-item",
            candidate = title,
            line = &line
        ),
        Some(((_, title), rest)) => tr!(
            language,
            "facts-place-candidate",
            candidate = title,
            path = rest,
            line = &line
        ),
        None if path.is_empty() => tr!(language, "facts-place-file", line = &line),
        None => tr!(language, "facts-place", path = path.as_str(), line = &line),
    };
    let mut placed = Problem {
        message: problem.message.replace(PLACE, &place),
        ..problem
    }
    .with_label(tr!(language, "facts-here"));
    if !path.is_empty() {
        placed = placed.with_field("path", path.as_str());
    }
    if let Some(((id, _), _)) = candidate {
        placed = placed.with_field("candidate", id.as_str());
    }
    placed
}

/// `(2, "daily.cases")` for `candidates[2].daily.cases` when the candidate
/// list is `candidates`; `(2, "")` for the item itself.
pub(super) fn candidate_index<'p>(list: &str, path: &'p str) -> Option<(usize, &'p str)> {
    let rest = path.strip_prefix(list)?.strip_prefix('[')?;
    let (index, rest) = rest.split_once(']')?;
    let index = index.parse().ok()?;
    Some((index, rest.strip_prefix('.').unwrap_or(rest)))
}

/// A candidate's id, and how a clerk knows it: its id, and its name when it
/// has one (`xunyang (浔阳区生态环境局)`).
pub(super) fn candidate_title(
    policy: &Policy,
    item: &Value,
    language: Language,
) -> Option<(String, String)> {
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

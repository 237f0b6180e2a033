//! Which candidate a committee member means: its id, or its name as the
//! facts spell it (`浔阳区生态环境局`).

use crate::outcome::Outcome;

/// What a candidate key named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// One candidate: its id.
    Found(String),
    /// No candidate has this id or name.
    Unknown,
    /// Several candidates have this name: their ids, in facts order.
    Ambiguous(Vec<String>),
}

/// The candidate whose id is `key`, else the one whose name is `key`.
pub fn find_candidate(outcome: &Outcome, key: &str) -> Lookup {
    let key = key.trim();
    if let Some(candidate) = outcome.candidates.iter().find(|c| c.id == key) {
        return Lookup::Found(candidate.id.to_string());
    }
    let named: Vec<String> = outcome
        .candidates
        .iter()
        .filter(|c| c.name.as_deref().map(str::trim) == Some(key))
        .map(|c| c.id.to_string())
        .collect();
    match named.len() {
        0 => Lookup::Unknown,
        1 => Lookup::Found(named.into_iter().next().expect("one id")),
        _ => Lookup::Ambiguous(named),
    }
}

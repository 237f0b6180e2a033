//! The "score on examples" code lens: with a facts file for the policy,
//! each indicator shows the range of its rounded score over the candidates,
//! and the `kaoping.explain` command returns one candidate's `explain` text.
//!
//! The facts file of a policy is, in order: the `kaoping.facts` setting (one
//! path for every policy, or an object from a policy's path inside the root
//! to its facts' path), else `<stem>.facts.yaml` or `.json` beside the
//! policy, else `facts.yaml` or `facts.json` in its folder.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_server::{ErrorCode, ResponseError};
use lsp_types::{CodeLens, CodeLensParams, Command, ExecuteCommandParams, Url};
use serde_json::{json, Value};

use super::server::{failure, Document, Server};
use super::text::LineIndex;
use crate::ast::{Declaration, Override, Span};
use crate::inheritance::normalize;
use crate::messages::Language;
use crate::{tr, Checked, Outcome, Policy};

/// The command a lens runs, and that the server executes.
pub const EXPLAIN: &str = "kaoping.explain";

/// The `kaoping.facts` setting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FactsSetting {
    /// Not set: the facts are found by convention.
    #[default]
    Unset,
    /// One facts file for every policy.
    Every(String),
    /// A facts file for each policy named, by path inside the root.
    Each(BTreeMap<String, String>),
}

impl FactsSetting {
    /// Reads the setting from `initializationOptions` or the settings of
    /// `workspace/didChangeConfiguration`: `{ "kaoping": { "facts": … } }`,
    /// `{ "kaoping.facts": … }` or `{ "facts": … }`.
    pub fn from_options(options: Option<&Value>) -> FactsSetting {
        let Some(options) = options else {
            return FactsSetting::Unset;
        };
        let value = options
            .get("kaoping")
            .and_then(|kaoping| kaoping.get("facts"))
            .or_else(|| options.get("kaoping.facts"))
            .or_else(|| options.get("facts"));
        match value {
            Some(Value::String(path)) if !path.is_empty() => FactsSetting::Every(path.clone()),
            Some(Value::Object(map)) => FactsSetting::Each(
                map.iter()
                    .filter_map(|(policy, facts)| {
                        Some((policy.clone(), facts.as_str()?.to_string()))
                    })
                    .collect(),
            ),
            _ => FactsSetting::Unset,
        }
    }
}

/// The last scoring of each policy on its facts, with what it was computed from.
#[derive(Default)]
pub struct Cache {
    entries: BTreeMap<Url, (u64, Arc<Scored>)>,
}

/// A policy scored on its facts, or why the facts could not be scored.
enum Scored {
    Outcome(Outcome),
    Failed(String),
}

/// The facts file for `document`, if one is configured or found by convention.
pub fn facts_for(server: &Server, document: &Document) -> Option<PathBuf> {
    let configured = match &server.facts {
        FactsSetting::Every(path) => Some(path.clone()),
        FactsSetting::Each(map) => map
            .get(&document.name)
            .or_else(|| map.get(&format!("./{}", document.name)))
            .cloned(),
        FactsSetting::Unset => None,
    };
    if let Some(path) = configured {
        return Some(normalize(&server.root.join(path)));
    }
    let folder = document.path.parent()?;
    let stem = document.path.file_stem()?.to_string_lossy();
    [
        format!("{stem}.facts.yaml"),
        format!("{stem}.facts.json"),
        "facts.yaml".to_string(),
        "facts.json".to_string(),
    ]
    .into_iter()
    .map(|name| folder.join(name))
    .find(|path| path.is_file())
}

/// `textDocument/codeLens`: nothing without a facts file or while the policy
/// does not check.
pub fn code_lenses(
    server: &mut Server,
    params: CodeLensParams,
) -> Result<Option<Vec<CodeLens>>, ResponseError> {
    let uri = params.text_document.uri;
    let document = server.document(&uri)?;
    let Ok(checked) = &document.checked else {
        return Ok(Some(Vec::new()));
    };
    let Some(facts) = facts_for(server, document) else {
        return Ok(Some(Vec::new()));
    };
    let key = cache_key(document, checked, &facts, server.language);
    let scored = match server.lenses.entries.get(&uri) {
        Some((cached, scored)) if *cached == key => Arc::clone(scored),
        _ => {
            let scored = Arc::new(score(&checked.policy, &facts, server.language));
            server
                .lenses
                .entries
                .insert(uri.clone(), (key, Arc::clone(&scored)));
            scored
        }
    };
    let document = server.document(&uri)?;
    let Ok(checked) = &document.checked else {
        return Ok(Some(Vec::new()));
    };
    Ok(Some(lenses(
        server,
        document,
        &checked.policy,
        &uri,
        &facts,
        &scored,
    )))
}

fn cache_key(document: &Document, checked: &Checked, facts: &Path, language: Language) -> u64 {
    let mut hasher = DefaultHasher::new();
    document.text.hash(&mut hasher);
    for file in &checked.warnings.inherited {
        file.text.hash(&mut hasher);
    }
    facts.hash(&mut hasher);
    // A folder of CSV files changes when one of its files does.
    let mut files = vec![facts.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(facts) {
        let mut inside: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
        inside.sort();
        files.extend(inside);
    }
    for file in files {
        if let Ok(metadata) = std::fs::metadata(&file) {
            file.hash(&mut hasher);
            metadata.len().hash(&mut hasher);
            metadata.modified().ok().hash(&mut hasher);
        }
    }
    language.hash(&mut hasher);
    hasher.finish()
}

fn score(policy: &Policy, facts: &Path, language: Language) -> Scored {
    match load_facts(policy, facts, language) {
        Ok(loaded) => match policy.evaluate(&loaded) {
            Ok(outcome) => Scored::Outcome(outcome),
            Err(report) => Scored::Failed(first_problem(&report)),
        },
        Err(reason) => Scored::Failed(reason),
    }
}

/// Reads and validates facts as `kaoping score` does: YAML, JSON (`.json`),
/// a workbook (`.xlsx`) or a folder of CSV files.
fn load_facts(policy: &Policy, facts: &Path, language: Language) -> Result<crate::Facts, String> {
    let name = facts.display().to_string();
    let extension = facts
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
    let loaded = if facts.is_dir() {
        crate::workbook::load_csv_folder_in(policy, facts, language)
    } else if extension.as_deref() == Some("xlsx") {
        let bytes = std::fs::read(facts).map_err(|error| error.to_string())?;
        crate::workbook::load_xlsx_in(policy, &name, &bytes, language)
    } else {
        let text = std::fs::read_to_string(facts).map_err(|error| error.to_string())?;
        if extension.as_deref() == Some("json") {
            crate::facts::load_json_in(policy, &name, &text, language)
        } else {
            crate::facts::load_in(policy, &name, &text, language)
        }
    };
    loaded.map_err(|report| first_problem(&report))
}

fn first_problem(report: &crate::Report) -> String {
    let count = report.errors().count();
    let first = report
        .errors()
        .next()
        .map(|problem| problem.message.clone())
        .unwrap_or_default();
    if count > 1 {
        format!("{first} (+{})", count - 1)
    } else {
        first
    }
}

fn lenses(
    server: &Server,
    document: &Document,
    policy: &Policy,
    uri: &Url,
    facts: &Path,
    scored: &Scored,
) -> Vec<CodeLens> {
    let language = server.language;
    let index = LineIndex::new(&document.text, server.encoding);
    let parsed = crate::syntax::parse(&document.text).ok();
    let header = parsed
        .as_ref()
        .map_or(Span::new(0, 0), |file| file.header.id.span);
    let facts_shown = facts
        .strip_prefix(&server.root)
        .unwrap_or(facts)
        .display()
        .to_string();
    let outcome = match scored {
        Scored::Failed(reason) => {
            let title = tr!(
                language,
                "lsp-lens-facts-error",
                file = facts_shown.as_str(),
                reason = reason.as_str()
            );
            return vec![CodeLens {
                range: index.range(header.start..header.end),
                command: Some(Command::new(title, String::new(), None)),
                data: None,
            }];
        }
        Scored::Outcome(outcome) => outcome,
    };
    // Where each indicator is declared in this file; an inherited one shows
    // on the header, named by its label.
    let mut declared: BTreeMap<&str, Span> = BTreeMap::new();
    if let Some(file) = &parsed {
        for declaration in &file.declarations {
            if let Declaration::Indicator(indicator)
            | Declaration::Override(Override::Indicator(indicator)) = declaration
            {
                declared.insert(&indicator.name.text, indicator.name.span);
            }
        }
    }
    let places = policy.header.rounding.map_or(2, |(places, _)| places);
    let candidates: Vec<Value> = outcome
        .candidates
        .iter()
        .map(|candidate| json!({ "id": candidate.id.as_str(), "name": candidate.display_name() }))
        .collect();
    let arguments = json!({
        "policy": uri.as_str(),
        "facts": facts.display().to_string(),
        "candidates": candidates,
    });
    policy
        .indicators
        .iter()
        .map(|indicator| {
            let scores: Vec<&crate::Number> = outcome
                .candidates
                .iter()
                .filter_map(|candidate| {
                    candidate
                        .indicators
                        .iter()
                        .find(|scored| scored.name == indicator.name)
                        .and_then(|scored| scored.score.as_ref())
                })
                .collect();
            let range = match (scores.iter().min(), scores.iter().max()) {
                (Some(low), Some(high)) => tr!(
                    language,
                    "lsp-lens-score",
                    low = low.to_fixed(places),
                    high = high.to_fixed(places),
                    count = scores.len()
                ),
                _ => tr!(language, "lsp-lens-unscored"),
            };
            let (span, title) = match declared.get(indicator.name.as_str()) {
                Some(span) => (*span, range),
                None => {
                    let name = indicator
                        .label
                        .as_ref()
                        .map_or(indicator.name.as_str(), |label| label.as_str());
                    (header, format!("{name} {range}"))
                }
            };
            CodeLens {
                range: index.range(span.start..span.end),
                command: Some(Command::new(
                    title,
                    EXPLAIN.to_string(),
                    Some(vec![arguments.clone()]),
                )),
                data: None,
            }
        })
        .collect()
}

/// `workspace/executeCommand` `kaoping.explain` with `{ policy, facts,
/// candidate }`: the `kaoping explain` text of that candidate.
pub fn execute_command(
    server: &mut Server,
    params: ExecuteCommandParams,
) -> Result<Option<Value>, ResponseError> {
    let language = server.language;
    let invalid = |message: String| failure(ErrorCode::InvalidParams, message);
    if params.command != EXPLAIN {
        return Err(invalid(tr!(
            language,
            "lsp-unknown-command",
            command = params.command.as_str()
        )));
    }
    let argument = params.arguments.first().cloned().unwrap_or_default();
    let text_of = |name: &str| {
        argument
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let (Some(policy), Some(facts), Some(candidate)) =
        (text_of("policy"), text_of("facts"), text_of("candidate"))
    else {
        return Err(invalid(tr!(language, "lsp-explain-arguments")));
    };
    let uri = Url::parse(&policy).map_err(|error| invalid(error.to_string()))?;
    let checked = match server.documents.get(&uri) {
        Some(document) => document.checked.clone(),
        None => {
            let path = uri
                .to_file_path()
                .map_err(|()| invalid(tr!(language, "lsp-explain-arguments")))?;
            let text =
                std::fs::read_to_string(&path).map_err(|error| invalid(error.to_string()))?;
            let name = path
                .strip_prefix(&server.root)
                .unwrap_or(&path)
                .display()
                .to_string();
            let read = |wanted: &Path| server.read_policy(wanted);
            crate::load_policy_reading(&name, &text, &read)
        }
    };
    let checked = checked.map_err(|report| invalid(first_problem(&report)))?;
    let facts = normalize(&server.root.join(facts));
    let loaded = load_facts(&checked.policy, &facts, language).map_err(invalid)?;
    let (outcome, ledger) = crate::eval::explain_in(&checked.policy, &loaded, language)
        .map_err(|report| invalid(first_problem(&report)))?;
    use crate::render::explain::{explain_text_in, find_candidate, Lookup};
    let id = match find_candidate(&outcome, &candidate) {
        Lookup::Found(found) => found,
        Lookup::Ambiguous(_) | Lookup::Unknown => candidate.clone(),
    };
    let text =
        explain_text_in(&checked.policy, &outcome, &ledger, &id, language).ok_or_else(|| {
            invalid(tr!(
                language,
                "lsp-explain-no-candidate",
                id = candidate.as_str()
            ))
        })?;
    Ok(Some(Value::String(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    // issue 17 §7: the setting's three shapes.
    #[test]
    fn the_facts_setting_reads_a_path_or_a_map() {
        let every = json!({ "kaoping": { "facts": "facts.yaml" } });
        assert_eq!(
            FactsSetting::from_options(Some(&every)),
            FactsSetting::Every("facts.yaml".into())
        );
        let each = json!({ "kaoping.facts": { "a.kp": "a.yaml" } });
        let FactsSetting::Each(map) = FactsSetting::from_options(Some(&each)) else {
            panic!("a map");
        };
        assert_eq!(map.get("a.kp").map(String::as_str), Some("a.yaml"));
        assert_eq!(FactsSetting::from_options(None), FactsSetting::Unset);
        assert_eq!(
            FactsSetting::from_options(Some(&json!({ "facts": 3 }))),
            FactsSetting::Unset
        );
    }
}

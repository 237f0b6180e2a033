//! YAML facts: serde-saphyr drives the schema-driven reading, with a budget
//! that bounds alias expansion, and its errors are told in the clerk's words.

use std::borrow::Cow;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess};
use serde_saphyr::Spanned;

use super::{empty_file, Facts, Loader, Scalar, Syntax, ValueSeed};
use crate::ast::Span;
use crate::diagnostic::{Problem, Report};
use crate::messages::Language;
use crate::policy::{FieldType, Policy};
use crate::tr;

/// The YAML syntax, as the reading sees it: scalars and keys as saphyr's
/// `Spanned` text, a quoted scalar told by its first character.
pub(super) struct Yaml;

impl Syntax for Yaml {
    const REMEMBERS_READING: bool = true;

    fn scalar<'de, D: Deserializer<'de>>(
        source: &str,
        deserializer: D,
    ) -> Result<Scalar<'de>, D::Error> {
        let text: Spanned<Option<String>> = Spanned::deserialize(deserializer)?;
        let span = location_span(source, &text.referenced);
        Ok(match text.value {
            None => Scalar::Null(span),
            Some(value) => Scalar::Text {
                quoted: matches!(source.as_bytes().get(span.start), Some(b'"' | b'\'')),
                text: Cow::Owned(value),
                span,
            },
        })
    }

    fn key<'de, A: MapAccess<'de>>(
        source: &str,
        map: &mut A,
    ) -> Result<Option<(Cow<'de, str>, Span)>, A::Error> {
        Ok(map.next_key::<Spanned<String>>()?.map(|key| {
            (
                Cow::Owned(key.value),
                location_span(source, &key.referenced),
            )
        }))
    }

    fn quoted_help(language: Language) -> String {
        tr!(language, "facts-quoted-help")
    }
}

/// Loads YAML `text` as facts for `policy`, with messages in `language`.
pub(super) fn load(
    policy: &Policy,
    source_name: &str,
    text: &str,
    language: Language,
) -> Result<Facts, Report> {
    let report = |problems| Report::new(source_name, text, problems);
    let has_content = text
        .lines()
        .any(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'));
    if !has_content {
        let help = tr!(language, "facts-empty-help");
        return Err(report(vec![empty_file(language, help)]));
    }
    let root = FieldType::Record(policy.root);
    let loader = Loader::new(policy, language, text);
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
            ValueSeed::<Yaml>::root(&loader, &root).deserialize(deserializer)
        });
    let problems = match result {
        Ok(loaded) => return loader.finish(source_name, loaded.value),
        // A tab in the indentation confuses the structure around it, so
        // saphyr's error (and what the seed made of the lines around it)
        // points elsewhere: the tab is the one problem to fix.
        Err(_) if tab_indentation(text).is_some() => {
            let span = tab_indentation(text).unwrap_or_default();
            let (line, _) = crate::diagnostic::line_column(text, span.start);
            let line = line.to_string();
            vec![Problem::error(
                "kaoping::facts::yaml",
                tr!(language, "facts-tab", line = &line),
                span,
            )
            .with_help(tr!(language, "facts-tab-help", line = &line))
            .with_label(tr!(language, "facts-here"))]
        }
        Err(error) => {
            // Problems the seed found are already stored; this error is
            // saphyr's, about the YAML structure, and stops the reading.
            let message = saphyr_message(&error, language);
            let span = error
                .location()
                .map(|location| location_span(text, &location))
                .unwrap_or_default();
            let (path, schema) = loader.reading.take();
            let (line, _) = crate::diagnostic::line_column(text, span.start);
            // A mapping or list where a scalar belongs is the only structural
            // mismatch that stops the reading; anything else is YAML syntax.
            match schema {
                Some(schema) if message.contains("scalar") && !path.is_empty() => {
                    let expected = super::expected_kind(schema, language);
                    let found = tr!(language, "facts-found-structure");
                    loader.problem(
                        &path,
                        span,
                        tr!(
                            language,
                            "facts-expected-found",
                            expected = &expected,
                            found = found
                        ),
                        tr!(language, "facts-write-expected-help", expected = &expected),
                    );
                    loader.placed_problems()
                }
                _ => {
                    let mut problems = loader.placed_problems();
                    problems.push(
                        Problem::error(
                            "kaoping::facts::yaml",
                            tr!(
                                language,
                                "facts-yaml",
                                line = line.to_string(),
                                message = message
                            ),
                            span,
                        )
                        .with_help(tr!(language, "facts-yaml-help"))
                        .with_label(tr!(language, "facts-here")),
                    );
                    problems
                }
            }
        }
    };
    Err(loader.failed(source_name, problems))
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

fn saphyr_message(error: &serde_saphyr::Error, language: Language) -> String {
    use serde_saphyr::budget::BudgetBreach;
    // The reader's own words for these name its API or print Rust values;
    // a clerk needs to know what is wrong with the file.
    match error.without_snippet() {
        serde_saphyr::Error::MultipleDocuments { .. } => {
            return tr!(language, "facts-yaml-documents");
        }
        serde_saphyr::Error::Budget { breach, .. } => {
            return match breach {
                BudgetBreach::Nodes { nodes } => tr!(
                    language,
                    "facts-yaml-nodes",
                    nodes = nodes.saturating_sub(1).to_string()
                ),
                BudgetBreach::Depth { depth } => {
                    tr!(language, "facts-yaml-depth", depth = depth.to_string())
                }
                BudgetBreach::Aliases { aliases } => {
                    tr!(
                        language,
                        "facts-yaml-aliases",
                        aliases = aliases.to_string()
                    )
                }
                _ => tr!(language, "facts-yaml-too-large"),
            };
        }
        _ => {}
    }
    let text = error.without_snippet().to_string();
    // A budget breach met inside our own reading arrives as plain text.
    if let Some(index) = text.find("budget breached: ") {
        let breach = &text[index + "budget breached: ".len()..];
        return if breach.starts_with("Nodes") {
            tr!(language, "facts-yaml-too-many")
        } else {
            tr!(language, "facts-yaml-too-large")
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A policy whose references sit in an optional field and in a list, both
    /// to the same root list, which is not the first.
    const POLICY: &str = r#"
policy references {
  title "引用"
  total 10
}
input {
  year: int
  candidates: list of {
    id: text, name: text,
    home: text,
    second: optional text ref regions,
    visits: list of text ref regions
  } key id
  regions: list of { code: text } key code
}
indicator visits "走访" max 10 {
  cite "一"
  score if year > 2018 and candidate.home == "a" and candidate.visits.count() > 0 and present(candidate.second) then 10 else 0
}
"#;

    fn policy() -> Policy {
        crate::load_policy("references.kp", POLICY)
            .expect("the test policy checks")
            .policy
    }

    /// The references the loader still holds, to check at the end, after
    /// reading `text` whole: `path = key`.
    fn deferred(policy: &Policy, text: &str) -> Vec<String> {
        let loader = Loader::new(policy, Language::English, text);
        let root = FieldType::Record(policy.root);
        let options = serde_saphyr::options! {
            duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        };
        serde_saphyr::with_deserializer_from_str_with_options(text, options, |deserializer| {
            ValueSeed::<Yaml>::root(&loader, &root).deserialize(deserializer)
        })
        .expect("the test facts are YAML");
        let references = loader.references.take();
        references
            .into_iter()
            .map(|(_, key, _, path)| format!("{path} = {key}"))
            .collect()
    }

    const CANDIDATES: &str = "candidates:
  - { id: x1, name: 甲, home: a, second: b, visits: [a, b] }
  - { id: x2, name: 乙, home: a, visits: [c] }
";

    // issue 16 §3: the root lists a `text ref` names, wherever it sits (an
    // optional field, a list), each once.
    #[test]
    fn the_referenced_root_lists_are_found_once_each() {
        let policy = policy();
        let regions = policy.record(policy.root).field_index("regions").unwrap();
        assert_eq!(super::super::referenced_root_lists(&policy), vec![regions]);
    }

    // issue 16 §3: with `regions` written first, every reference is checked
    // as it is read and only the one naming no region (`c`) waits for the
    // end, where it is reported as before.
    #[test]
    fn references_to_a_list_read_before_them_are_checked_as_they_are_read() {
        let policy = policy();
        let text = format!("year: 2019\nregions: [{{ code: a }}, {{ code: b }}]\n{CANDIDATES}");
        assert_eq!(
            deferred(&policy, &text),
            vec!["candidates[1].visits[0] = c"]
        );
        let problem = policy.load_facts("facts.yaml", &text).unwrap_err();
        assert!(format!("{:?}", problem.errors().next().unwrap()).contains("`c`"));
    }

    // issue 16 §3: references read before their list wait for the end.
    #[test]
    fn references_to_a_list_read_after_them_wait_for_the_end() {
        let policy = policy();
        let text = format!("year: 2019\n{CANDIDATES}regions: [{{ code: a }}, {{ code: b }}]\n");
        assert_eq!(
            deferred(&policy, &text),
            vec![
                "candidates[0].second = b",
                "candidates[0].visits[0] = a",
                "candidates[0].visits[1] = b",
                "candidates[1].visits[0] = c",
            ]
        );
    }
}

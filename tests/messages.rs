//! The message catalogues (`locales/<language>/<area>.ftl`, issue 15 §2):
//! every language has every message with the same arguments, every file
//! parses, and every id the code asks for exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use kaoping::messages::{catalogue_sources, defines, Language, AREAS};

/// Message id → the names of the variables its text uses.
type Catalogue = BTreeMap<String, BTreeSet<String>>;

fn variables_of(pattern: &Pattern<&str>, into: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, into);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, into: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => inline_variables(inline, into),
        Expression::Select { selector, variants } => {
            inline_variables(selector, into);
            for variant in variants {
                variables_of(&variant.value, into);
            }
        }
    }
}

fn inline_variables(inline: &InlineExpression<&str>, into: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            into.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, into),
        _ => {}
    }
}

fn catalogue(language: Language) -> Catalogue {
    let mut messages = Catalogue::new();
    for (area, source) in AREAS.iter().zip(catalogue_sources(language)) {
        let resource = match fluent_syntax::parser::parse(source) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!(
                "locales/{}/{area}.ftl does not parse: {errors:?}",
                language.tag()
            ),
        };
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                if let Some(value) = &message.value {
                    variables_of(value, &mut variables);
                }
                let id = message.id.name.to_string();
                assert!(
                    messages.insert(id.clone(), variables).is_none(),
                    "`{id}` is defined twice in locales/{}",
                    language.tag()
                );
            }
        }
    }
    messages
}

#[test]
fn every_language_has_every_message_with_the_same_arguments() {
    let english = catalogue(Language::English);
    assert!(!english.is_empty());
    for language in Language::ALL {
        let other = catalogue(language);
        let missing: Vec<_> = english
            .keys()
            .filter(|id| !other.contains_key(*id))
            .collect();
        let extra: Vec<_> = other
            .keys()
            .filter(|id| !english.contains_key(*id))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "locales/{}: missing {missing:?}, not in English {extra:?}",
            language.tag()
        );
        for (id, variables) in &english {
            assert_eq!(
                &other[id],
                variables,
                "`{id}` uses other arguments in locales/{}",
                language.tag()
            );
        }
    }
}

/// The ids named by `tr!(language, "id"` in the source, with where they are.
fn ids_used_in(folder: &Path, found: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(folder)
        .expect("src is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            ids_used_in(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file is readable");
            let mut rest = text.as_str();
            while let Some(at) = rest.find("tr!(") {
                rest = &rest[at + 4..];
                // The id is the first string literal of the call.
                let Some(open) = rest.find('"') else { break };
                let after = &rest[open + 1..];
                let Some(close) = after.find('"') else { break };
                let id = &after[..close];
                if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    found.push((id.to_owned(), path.display().to_string()));
                }
            }
        }
    }
}

#[test]
fn every_message_the_code_names_is_in_every_catalogue() {
    let mut used = Vec::new();
    ids_used_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut used,
    );
    assert!(!used.is_empty(), "the scan finds the `tr!` calls");
    let mut missing = Vec::new();
    for (id, file) in &used {
        for language in Language::ALL {
            if !defines(language, id) {
                missing.push(format!("{id} ({file}) in locales/{}", language.tag()));
            }
        }
    }
    assert!(missing.is_empty(), "messages not defined: {missing:#?}");
}

/// The locale decides the language when `--lang` is not given (issue 15 §2:
/// "the language follows the locale"), and `--lang` overrides it.
#[test]
fn the_locale_chooses_the_language_and_lang_overrides_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let broken = root.join("tests/data/policies/item_nested_sum.kp");
    let run = |lang: Option<&str>, locale: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kaoping"));
        command
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", locale)
            .env("NO_COLOR", "1");
        if let Some(lang) = lang {
            command.args(["--lang", lang]);
        }
        let output = command
            .arg("check")
            .arg(&broken)
            .output()
            .expect("kaoping runs");
        assert_eq!(output.status.code(), Some(1));
        String::from_utf8(output.stderr).expect("UTF-8")
    };
    assert!(run(None, "zh_CN.UTF-8").contains("1 个错误，0 个警告"));
    assert!(run(None, "en_US.UTF-8").contains("1 error, 0 warnings"));
    assert!(run(Some("en"), "zh_CN.UTF-8").contains("1 error, 0 warnings"));
    assert!(run(Some("zh"), "C").contains("1 个错误，0 个警告"));
}

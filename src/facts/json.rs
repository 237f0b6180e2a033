//! JSON facts: serde_json drives the same schema-driven reading as YAML.
//! Every scalar and key is read as the raw text it is written as (a
//! `RawValue` borrowed from the source), so a number's text is exactly what
//! was written (never an `f64`) and its place is where the slice lies.

use std::borrow::Cow;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess};
use serde_json::value::RawValue;

use super::{empty_file, Facts, Loader, Scalar, Syntax, ValueSeed};
use crate::ast::Span;
use crate::diagnostic::{Problem, Report};
use crate::messages::Language;
use crate::policy::{FieldType, Policy};
use crate::tr;

/// The JSON syntax, as the reading sees it.
pub(super) struct Json;

impl Syntax for Json {
    // serde_json never stops at a value of the wrong shape: the reading
    // reports it and goes on, so there is no reader error to name a path in.
    const REMEMBERS_READING: bool = false;

    fn scalar<'de, D: Deserializer<'de>>(
        source: &str,
        deserializer: D,
    ) -> Result<Scalar<'de>, D::Error> {
        let raw = <&RawValue>::deserialize(deserializer)?;
        let written = raw.get();
        let span = span_in(source, written);
        Ok(match written.as_bytes().first() {
            Some(b'n') => Scalar::Null(span),
            Some(b'"') => Scalar::Text {
                text: unquoted(written),
                span,
                quoted: true,
            },
            Some(b'{') => Scalar::Structure {
                span,
                mapping: true,
            },
            Some(b'[') => Scalar::Structure {
                span,
                mapping: false,
            },
            // A number, `true` or `false`: its text as written, as YAML
            // hands a plain scalar.
            _ => Scalar::Text {
                text: Cow::Borrowed(written),
                span,
                quoted: false,
            },
        })
    }

    fn key<'de, A: MapAccess<'de>>(
        source: &str,
        map: &mut A,
    ) -> Result<Option<(Cow<'de, str>, Span)>, A::Error> {
        Ok(map
            .next_key::<&RawValue>()?
            .map(|raw| (unquoted(raw.get()), span_in(source, raw.get()))))
    }

    fn quoted_help(language: Language) -> String {
        tr!(language, "facts-json-quoted-help")
    }
}

/// Where `written`, a slice of `source`, lies in it.
fn span_in(source: &str, written: &str) -> Span {
    let start = (written.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
    if start <= source.len() && start + written.len() <= source.len() {
        Span::new(start, start + written.len())
    } else {
        Span::new(0, 0)
    }
}

/// The text of a JSON string as written with its quotes: borrowed when it
/// has no escapes, as nearly all facts text has none.
fn unquoted(written: &str) -> Cow<'_, str> {
    let inner = &written[1..written.len() - 1];
    if inner.contains('\\') {
        // serde_json has already checked the string, so this cannot fail.
        Cow::Owned(serde_json::from_str::<String>(written).unwrap_or_default())
    } else {
        Cow::Borrowed(inner)
    }
}

/// Loads JSON `text` as facts for `policy`, with messages in `language`.
pub(super) fn load(
    policy: &Policy,
    source_name: &str,
    text: &str,
    language: Language,
) -> Result<Facts, Report> {
    if text.trim().is_empty() {
        let help = tr!(language, "facts-json-empty-help");
        return Err(Report::new(
            source_name,
            text,
            vec![empty_file(language, help)],
        ));
    }
    let root = FieldType::Record(policy.root);
    let loader = Loader::new(policy, language, text);
    // serde_json's recursion limit (128 levels) stops a deeply nested file
    // with an error; what the schema does not expect is skipped without
    // recursion.
    // A byte order mark (Windows Notepad writes one) is not JSON; the
    // slices read stay slices of `text`, so places are still right.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut deserializer = serde_json::Deserializer::from_str(&text[bom..]);
    let result = ValueSeed::<Json>::root(&loader, &root)
        .deserialize(&mut deserializer)
        .and_then(|loaded| deserializer.end().map(|()| loaded));
    match result {
        Ok(loaded) => loader.finish(source_name, loaded.value),
        Err(error) => {
            let mut problems = loader.placed_problems();
            problems.push(syntax_problem(text, bom, &error, language));
            Err(loader.failed(source_name, problems))
        }
    }
}

/// serde_json's error, at its line and column, in the clerk's words.
fn syntax_problem(
    text: &str,
    bom: usize,
    error: &serde_json::Error,
    language: Language,
) -> Problem {
    let offset = bom + offset_of(&text[bom..], error.line(), error.column());
    let end = text[offset..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8());
    // serde_json counts bytes; the message counts characters, as the
    // rendered place does.
    let (line, column) = crate::diagnostic::line_column(text, offset);
    Problem::error(
        "kaoping::facts::json",
        tr!(
            language,
            "facts-json",
            line = line.to_string(),
            column = column.to_string(),
            message = json_message(error, language)
        ),
        Span::new(offset, end),
    )
    .with_help(tr!(language, "facts-json-help"))
    .with_label(tr!(language, "facts-here"))
}

/// The byte offset of serde_json's 1-based line and column (a column
/// counts bytes; 0 is before the line's first character).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut offset = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// What serde_json found wrong, without its " at line N column M": its
/// messages name JSON's own terms, so each known one is worded for a clerk
/// in their language; an unknown one is kept as it is.
fn json_message(error: &serde_json::Error, language: Language) -> String {
    let text = error.to_string();
    let message = match text.rfind(" at line ") {
        Some(index) => &text[..index],
        None => text.as_str(),
    };
    match message {
        "EOF while parsing a list"
        | "EOF while parsing an object"
        | "EOF while parsing a string"
        | "EOF while parsing a value" => tr!(language, "facts-json-end"),
        "expected `:`" => tr!(language, "facts-json-colon"),
        "expected `,` or `]`" => tr!(language, "facts-json-list-comma"),
        "expected `,` or `}`" => tr!(language, "facts-json-object-comma"),
        "expected ident" | "expected value" => tr!(language, "facts-json-value"),
        "expected `\"`" | "key must be a string" => tr!(language, "facts-json-key"),
        "invalid escape"
        | "invalid unicode code point"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape" => tr!(language, "facts-json-escape"),
        "invalid number" | "number out of range" => tr!(language, "facts-json-number"),
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            tr!(language, "facts-json-control")
        }
        "trailing comma" => tr!(language, "facts-json-trailing-comma"),
        "trailing characters" => tr!(language, "facts-json-trailing"),
        "recursion limit exceeded" => {
            tr!(language, "facts-yaml-depth", depth = "128")
        }
        other => other.to_string(),
    }
}

//! One scalar of the facts, from its text to its value: the validation every
//! facts format (YAML, workbook, CSV) shares, with the same words in the
//! clerk's language, full-width characters named at the character.

use crate::ast::Span;
use crate::messages::Language;
use crate::number::Number;
use crate::policy::{EnumType, FieldType};
use crate::tr;
use crate::value::{Date, Value};

use super::did_you_mean;

/// Why a scalar's text does not fit its field: the message (after the
/// place, which the caller names) and the help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScalarProblem {
    pub message: String,
    pub help: String,
    /// The byte offset, within the text, of the character at fault (a
    /// full-width digit), when one character is.
    pub at: Option<usize>,
}

impl ScalarProblem {
    pub(crate) fn new(message: String, help: impl Into<String>) -> Self {
        ScalarProblem {
            message,
            help: help.into(),
            at: None,
        }
    }
}

/// The span of the character at byte `at` of a scalar's `text`, when the
/// scalar's source at `span` holds the text as written (plain or quoted).
pub(super) fn character_span(source: &str, span: Span, text: &str, at: usize) -> Span {
    let written = source.get(span.start..).unwrap_or_default();
    let Some(start) = written.find(text).filter(|&start| start <= 1) else {
        return span;
    };
    let character = text[at..].chars().next().map_or(1, char::len_utf8);
    let start = span.start + start + at;
    Span::new(start, start + character)
}

/// The first full-width character of `text` (typed by a Chinese input
/// method in place of its half-width twin), as (byte offset, problem).
fn full_width(text: &str, schema: &FieldType, language: Language) -> Option<(usize, String)> {
    text.char_indices().find_map(|(at, character)| {
        let ascii = match character {
            '\u{3000}' => ' ',
            '。' => '.',
            '、' => ',',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(character as u32 - 0xFEE0)?,
            _ => return None,
        };
        // A comma in a number separates thousands, which no number takes,
        // half-width or not.
        if ascii == ',' && matches!(schema, FieldType::Number { .. }) {
            let message = tr!(
                language,
                "facts-full-width-separator",
                character = character.to_string()
            );
            return Some((at, message));
        }
        let what = if ascii.is_ascii_digit() {
            tr!(language, "facts-full-width-digit")
        } else if ascii.is_ascii_alphabetic() {
            tr!(language, "facts-full-width-letter")
        } else if ascii == ' ' {
            tr!(language, "facts-full-width-space")
        } else {
            tr!(language, "facts-full-width-punctuation")
        };
        let message = tr!(
            language,
            "facts-full-width",
            character = character.to_string(),
            what = what,
            ascii = ascii.to_string()
        );
        Some((at, message))
    })
}

/// The value of a scalar field written as `text`, validated as every facts
/// format (YAML, workbook, CSV) validates it, with the same words: numbers
/// parsed exactly from decimal text and checked against their range,
/// `true`/`false` (any case) or `是`/`否`, `YYYY-MM-DD` dates, and an enum
/// variant by its name or its label (`county` or `县级`). Spaces around the
/// text are dropped, except for text fields, which take it as it is;
/// references are checked once all facts are read.
pub(crate) fn scalar_value(
    schema: &FieldType,
    text: &str,
    language: Language,
) -> Result<Value, ScalarProblem> {
    let written = text;
    // Spaces around a number, a date or a choice are not part of it; text
    // is kept as written.
    let text = match schema {
        FieldType::Text | FieldType::Optional(_) => text,
        _ => text.trim(),
    };
    // Where `text` starts in what was written, for pointing at a character.
    let lead = written.len() - written.trim_start().len();
    let lead = if text.len() == written.len() { 0 } else { lead };
    let found = |text: &str| tr!(language, "facts-found-code", value = text);
    // A full-width digit or mark where a number, date or choice belongs is
    // the cause, named at its character; the value is not guessed.
    let full_width_help = |problem: ScalarProblem| match full_width(text, schema, language) {
        Some((at, help)) => ScalarProblem {
            help,
            at: Some(lead + at),
            ..problem
        },
        None => problem,
    };
    match schema {
        FieldType::Optional(inner) => scalar_value(inner, text, language),
        FieldType::Number { integer, low, high } => {
            // Written out only for a problem: a clean file has many numbers.
            let expected = || {
                let kind = expected_kind(schema, language);
                format!("{kind}{}", describe_range(low, high))
            };
            match Number::parse_decimal(text) {
                None => Err(full_width_help(ScalarProblem::new(
                    tr!(
                        language,
                        "facts-expected-found",
                        expected = expected(),
                        found = found(text)
                    ),
                    tr!(language, "facts-number-help"),
                ))),
                Some(_) if significant_digits(text) > MAX_SIGNIFICANT_DIGITS => {
                    Err(ScalarProblem::new(
                        tr!(
                            language,
                            "facts-too-many-digits",
                            value = abbreviated(text),
                            digits = significant_digits(text).to_string(),
                            limit = MAX_SIGNIFICANT_DIGITS.to_string()
                        ),
                        tr!(language, "facts-too-many-digits-help"),
                    ))
                }
                Some(number) if *integer && !number.is_integer() => Err(ScalarProblem::new(
                    tr!(
                        language,
                        "facts-expected-found",
                        expected = expected(),
                        found = found(text)
                    ),
                    tr!(language, "facts-whole-number-help"),
                )),
                Some(number)
                    if low.as_ref().is_some_and(|low| number < *low)
                        || high.as_ref().is_some_and(|high| number > *high) =>
                {
                    Err(ScalarProblem::new(
                        tr!(
                            language,
                            "facts-out-of-range",
                            value = text,
                            expected = expected()
                        ),
                        tr!(language, "facts-out-of-range-help"),
                    ))
                }
                Some(number) => Ok(Value::Number(number)),
            }
        }
        FieldType::Bool => match text {
            "是" => Ok(Value::Bool(true)),
            "否" => Ok(Value::Bool(false)),
            _ if text.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
            _ if text.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
            _ => Err(full_width_help(ScalarProblem::new(
                tr!(language, "facts-bool", value = text),
                tr!(language, "facts-bool-help"),
            ))),
        },
        FieldType::Text | FieldType::Reference { .. } => Ok(Value::text(text)),
        FieldType::Date => match Date::parse(text) {
            Some(date) => Ok(Value::Date(date)),
            None => Err(full_width_help(ScalarProblem::new(
                tr!(language, "facts-date", value = text),
                tr!(language, "facts-date-help"),
            ))),
        },
        FieldType::Enum(variants) => {
            if variants.has(text) {
                return Ok(Value::text(text));
            }
            let by_label = variants
                .variants
                .iter()
                .find(|(_, label)| label.as_deref() == Some(text));
            match by_label {
                Some((name, _)) => Ok(Value::text(name)),
                None => {
                    let names_and_labels = variants
                        .variants
                        .iter()
                        .flat_map(|(name, label)| [Some(name.as_str()), label.as_deref()])
                        .flatten();
                    let help =
                        did_you_mean(text, names_and_labels, language).unwrap_or_else(|| {
                            tr!(
                                language,
                                "facts-enum-help",
                                choices = enum_choices(variants, language)
                            )
                        });
                    Err(ScalarProblem::new(
                        tr!(language, "facts-enum", value = text),
                        help,
                    ))
                }
            }
        }
        FieldType::List { .. } | FieldType::Record(_) | FieldType::Unknown => {
            let expected = expected_kind(schema, language);
            Err(ScalarProblem::new(
                tr!(
                    language,
                    "facts-expected-found",
                    expected = &expected,
                    found = found(text)
                ),
                tr!(language, "facts-write-expected-help", expected = &expected),
            ))
        }
    }
}

/// `市级 (city), 县级 (county)`: an enum's variants as a workbook offers
/// them, each label with its name, listed as `language` lists things.
pub(crate) fn enum_choices(variants: &EnumType, language: Language) -> String {
    joined(
        variants.variants.iter().map(|(name, label)| match label {
            Some(label) => tr!(language, "facts-choice", label = label, name = name),
            None => name.clone(),
        }),
        language,
    )
}

/// Items listed as `language` lists them: `a, b, c` or `甲、乙、丙`.
pub(crate) fn joined(
    items: impl IntoIterator<Item = impl Into<String>>,
    language: Language,
) -> String {
    let separator = tr!(language, "facts-list-separator");
    items
        .into_iter()
        .map(Into::into)
        .collect::<Vec<String>>()
        .join(&separator)
}

/// What a field of type `schema` holds, as a message names it: `a number`.
pub(crate) fn expected_kind(schema: &FieldType, language: Language) -> String {
    match schema {
        FieldType::Number { integer: true, .. } => tr!(language, "facts-kind-whole-number"),
        FieldType::Number { .. } => tr!(language, "facts-kind-number"),
        FieldType::Bool => tr!(language, "facts-kind-bool"),
        FieldType::Text | FieldType::Reference { .. } => tr!(language, "facts-kind-text"),
        FieldType::Date => tr!(language, "facts-kind-date"),
        FieldType::Enum(_) => tr!(language, "facts-kind-enum"),
        FieldType::List { .. } => tr!(language, "facts-kind-list"),
        FieldType::Record(_) => tr!(language, "facts-kind-record"),
        FieldType::Optional(inner) => expected_kind(inner, language),
        FieldType::Unknown => tr!(language, "facts-kind-value"),
    }
}

/// ` 1–5`, ` ≥ 0`: a number field's declared range as it reads after its type.
pub(crate) fn describe_range(low: &Option<Number>, high: &Option<Number>) -> String {
    match (low, high) {
        (Some(low), Some(high)) => format!(" {low}–{high}"),
        (Some(low), None) => format!(" ≥ {low}"),
        (None, Some(high)) => format!(" ≤ {high}"),
        (None, None) => String::new(),
    }
}

/// As many significant digits as a decimal type holds. Arithmetic stays
/// exact beyond it, but no real count, score or amount comes near it, and
/// the bound keeps hostile numbers from making every operation slow.
const MAX_SIGNIFICANT_DIGITS: usize = 28;

/// The digits of a decimal literal without leading zeros (before or after the
/// point) and without trailing zeros after the point.
fn significant_digits(text: &str) -> usize {
    let unsigned = text.trim_start_matches(['-', '+']);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let fraction = fraction.trim_end_matches('0');
    // The digits of `{whole}{fraction}` from the first that is not zero,
    // counted without writing them out: every number read passes here.
    match whole.trim_start_matches('0') {
        "" => fraction.trim_start_matches('0').len(),
        whole => whole.len() + fraction.len(),
    }
}

/// A long literal shortened for a message: its first and last digits.
fn abbreviated(text: &str) -> String {
    if text.chars().count() <= 40 {
        return text.to_string();
    }
    let head: String = text.chars().take(12).collect();
    let tail: String = text.chars().skip(text.chars().count() - 8).collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::significant_digits;

    #[test]
    fn significant_digits_skip_leading_and_trailing_zeros() {
        for (text, digits) in [
            ("0", 0),
            ("0.0", 0),
            ("12", 2),
            ("-0012.50", 3),
            ("0.00123", 3),
            ("100", 3),
            ("100.000", 3),
            ("+7.0001", 5),
        ] {
            assert_eq!(significant_digits(text), digits, "{text}");
        }
    }
}

//! One cell → one value: a cell read as the field of its column expects,
//! validated as a YAML scalar is, in the clerk's language.

use crate::facts::{describe_range, enum_choices, expected_kind, scalar_value, ScalarProblem};
use crate::messages::Language;
use crate::policy::FieldType;
use crate::tr;
use crate::value::Value;

use super::cells::{decimal_text, Cell, EXCEL_DIGITS};
use super::layout::without_optional;

/// `a number 0–100`, `a date`: what a field expects, range included.
pub(crate) fn expectation(schema: &FieldType, language: Language) -> String {
    match schema {
        FieldType::Number { low, high, .. } => {
            format!(
                "{}{}",
                expected_kind(schema, language),
                describe_range(low, high)
            )
        }
        FieldType::Enum(variants) => tr!(
            language,
            "wb-one-of",
            choices = enum_choices(variants, language)
        ),
        FieldType::Bool => tr!(language, "wb-bool"),
        FieldType::Date => tr!(language, "wb-date"),
        other => expected_kind(other, language),
    }
}

/// A percent-formatted number in a column that holds the percentage as a
/// number: Excel holds 97% as 0.97, which read as it is would be 0.97%.
pub(super) fn percent_problem(cell: &Cell, language: Language) -> ScalarProblem {
    let shown = cell.shown();
    let number = shown.trim_end_matches('%');
    let fraction = match cell {
        Cell::Percent(value) => decimal_text(*value).unwrap_or_else(|text| text),
        _ => shown.clone(),
    };
    ScalarProblem::new(
        tr!(language, "wb-percent", shown = &shown, fraction = fraction),
        tr!(language, "wb-percent-help", number = number, shown = &shown),
    )
}

/// The value of a non-empty cell in a column of type `schema`.
///
/// Text is kept as written; other text is trimmed and validated as YAML
/// scalars are. An Excel number stands for
/// the decimal [`decimal_text`] gives. Booleans are Excel's or the text
/// `true`/`false`/`是`/`否`; dates are date cells or `YYYY-MM-DD` text; an
/// enum value is a variant's name or its label.
pub(crate) fn cell_value(
    cell: &Cell,
    schema: &FieldType,
    language: Language,
) -> Result<Value, ScalarProblem> {
    let schema = without_optional(schema).0;
    // Outside a percentage column a percent format is only how the number
    // shows: 0.5 shown as 50% is 0.5.
    let number;
    let cell = match cell {
        Cell::Percent(value) => {
            number = Cell::Number(*value);
            &number
        }
        cell => cell,
    };
    if let Cell::Error(error) = cell {
        return Err(ScalarProblem::new(
            tr!(
                language,
                "wb-formula-error",
                expected = expectation(schema, language),
                error = error.to_string()
            ),
            tr!(language, "wb-formula-error-help"),
        ));
    }
    let digits = EXCEL_DIGITS.to_string();
    match (schema, cell) {
        (FieldType::Number { .. }, Cell::Number(value)) => match decimal_text(*value) {
            Ok(text) => scalar_value(schema, &text, language),
            Err(text) => Err(ScalarProblem::new(
                tr!(
                    language,
                    "wb-inexact",
                    value = text,
                    digits = &digits,
                    expected = expectation(schema, language)
                ),
                tr!(language, "wb-inexact-help"),
            )),
        },
        (FieldType::Bool, Cell::Bool(value)) => Ok(Value::Bool(*value)),
        (FieldType::Date, Cell::Date { time: Some(_), .. }) => Err(ScalarProblem::new(
            tr!(language, "wb-date-time", value = cell.shown()),
            tr!(language, "wb-date-time-help"),
        )),
        (FieldType::Date, Cell::Number(_)) => Err(ScalarProblem::new(
            tr!(language, "wb-date-number", value = cell.shown()),
            tr!(language, "wb-date-number-help"),
        )),
        (FieldType::Text | FieldType::Reference { .. }, Cell::Number(value)) => {
            match decimal_text(*value) {
                Ok(text) => Ok(Value::text(&text)),
                Err(text) => Err(ScalarProblem::new(
                    tr!(
                        language,
                        "wb-inexact",
                        value = text,
                        digits = &digits,
                        expected = expected_kind(schema, language)
                    ),
                    tr!(language, "wb-inexact-text-help"),
                )),
            }
        }
        // Text is kept as written, spaces and line breaks included, as YAML
        // keeps it; a reference is a key, without spaces around it.
        (FieldType::Text, Cell::Text(text)) => Ok(Value::text(text)),
        (FieldType::Reference { .. }, Cell::Text(text)) => Ok(Value::text(text.trim())),
        (FieldType::Text | FieldType::Reference { .. }, other) => Err(ScalarProblem::new(
            tr!(language, "wb-text-expected", value = other.shown()),
            tr!(language, "wb-text-expected-help"),
        )),
        (_, cell) => scalar_value(schema, &cell.shown(), language),
    }
}

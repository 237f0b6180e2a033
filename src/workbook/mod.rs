//! Facts as a workbook: an `.xlsx` file, or a folder of `.csv` files (one
//! per sheet, the file's stem naming the sheet), read into the same
//! [`Facts`] the YAML loader produces, and written from them.
//!
//! # Layout
//!
//! The policy's `input` schema decides the sheets, for any policy:
//!
//! - **Every list is a sheet**, one row per item: top-level lists
//!   (`cities`, `candidates`), lists inside a top-level record, and lists
//!   nested in list items at any depth (`candidates[].supervision.commendations`,
//!   `candidates[].case_files.recommended`, lists of scalars such as
//!   `candidates[].daily.commendations`). An item's nested records are
//!   flattened into its row, one column per scalar field named by its path
//!   (`team.mobile.connected`). A list of scalars has one value column.
//! - **A nested list's sheet starts with owner columns** naming the item
//!   each row belongs to: the enclosing list's key (`candidates.id`), one
//!   column per enclosing list for deeper nesting; a list without a key is
//!   named by the item's 1-based number in its list (`….#`). Rows keep their
//!   order within each owner (case files are taken in order), and one
//!   owner's rows may be interleaved with another's.
//! - **A top-level record is a sheet of one row** (`province`); the
//!   top-level scalars, if any, share one such sheet named `input`.
//! - **Names.** A sheet is written under its field's label when that is a
//!   valid, unshared Excel sheet name, else under its path (shortened with
//!   a number past Excel's 31 characters); either is read. Each sheet has
//!   two header rows: labels (a column's own label when no other column of
//!   the sheet has it, else the labels of its whole path joined with `·`,
//!   else its path), then paths. A reader accepts any of those per column,
//!   and the path row may be left out. Owner columns are headed
//!   `候选集体·编号` (the list's label and its key's), or the key's path.
//! - **Empty cells.** An empty cell of an optional field is absent; of a
//!   field with a default, the default. An optional record whose cells are
//!   all empty (and whose lists have no rows) is absent. An optional list
//!   with no rows for its owner is absent; a row holding only the owner
//!   cells says the list is given and empty. Blank rows are skipped.
//! - **Errors.** Unknown sheets and columns, a missing sheet or required
//!   column, a column named twice, a value under no header, a row whose
//!   owner does not exist, a duplicate key and an unknown `text ref` are all
//!   reported, each naming sheet and cell (`` 推选案卷!D7: expected a number
//!   0–100, found `八十` ``), and loading goes on to report every one.
//!
//! # Values, and exactness
//!
//! A text field takes its cell's text as written. Other text cells, keys
//! and references included (`九江市　` is `九江市`), are trimmed and then
//! validated exactly as YAML scalars are (the same code and wording,
//! `facts::scalar_value`): numbers are parsed from their decimal text.
//! An Excel number is an `f64`, and Excel keeps at most 15 significant
//! digits of what is typed, so a number cell is read as the shortest
//! decimal that converts back to the same `f64`; that is the number typed.
//! When that decimal needs more than 15 significant digits the value was
//! computed, not typed (`0.1 + 0.2` gives `0.30000000000000004`), and it is
//! rejected, asking for the value to be rounded or entered as text; no
//! rounding is guessed. An `int` field rejects a fraction. Booleans are
//! Excel booleans or the text `true`/`false`/`是`/`否`; dates are date cells
//! (with no time of day) or `YYYY-MM-DD` text; an enum value is a variant's
//! name or its label. Number cells in text fields are read as their decimal.
//!
//! A number cell formatted as a percentage holds 0.97 when it shows 97%.
//! In a column that holds a percentage as a number (its label has `%` or
//! `％`, or it is a `率` ranging 0..100, like `案件填报率(%)`) such a cell is
//! refused, saying to type 97; elsewhere the format is only display.
//!
//! # Bounds
//!
//! Before anything is read, a workbook whose files expand beyond 100 times
//! its size (at least 64 MiB) is refused; then a value past row 200,000 or
//! column 1,000, or more than 5 million grid cells, stops the reading. A
//! sheet's item whose own text is `示例` (the YAML template's placeholder)
//! gets a warning.
//!
//! Writing mirrors this: a number is an Excel number when it has at most 15
//! significant digits (then the `f64` reads back as the same decimal), else
//! text. Converting facts checks that the workbook reads back to the same
//! facts, and refuses (naming the value) when it would not: empty text, an
//! empty optional list at the top level (no row can mark it), or an
//! optional record given with every field absent.

mod cells;
mod layout;
mod read;
mod values;
mod write;

use std::path::Path;

use crate::ast::Span;
use crate::diagnostic::{Problem, Report};
use crate::facts::Facts;
use crate::messages::Language;
use crate::policy::{FieldType, Policy};
use crate::tr;
use crate::value::Value;

pub use cells::{decimal_text, sheet_from_csv, sheets_from_xlsx, Cell, Sheet, EXCEL_DIGITS};
pub use read::{load_sheets, load_sheets_in, SheetSource};

use layout::{without_optional, Layout};

/// Writing a workbook failed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum WorkbookError {
    /// The policy's schema has a shape no sheet can hold.
    #[error("{0}")]
    #[diagnostic(code(kaoping::workbook::layout))]
    Layout(String),
    /// A fact would read back differently from a workbook.
    #[error("cannot write the facts as a workbook: {0}")]
    #[diagnostic(code(kaoping::workbook::unrepresentable))]
    Unrepresentable(String),
    /// `rust_xlsxwriter` refused the workbook.
    #[error("could not write the Excel workbook: {0}")]
    #[diagnostic(code(kaoping::workbook::xlsx))]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A CSV file could not be written.
    #[error("could not write CSV: {0}")]
    #[diagnostic(code(kaoping::workbook::csv))]
    Csv(String),
}

fn layout(policy: &Policy) -> Result<Layout, WorkbookError> {
    Layout::new(policy).map_err(WorkbookError::Layout)
}

/// Loads facts from the bytes of an `.xlsx` file, with messages in English.
pub fn load_xlsx(policy: &Policy, source_name: &str, bytes: &[u8]) -> Result<Facts, Report> {
    load_xlsx_in(policy, source_name, bytes, Language::English)
}

/// Loads facts from the bytes of an `.xlsx` file, with messages in `language`.
pub fn load_xlsx_in(
    policy: &Policy,
    source_name: &str,
    bytes: &[u8],
    language: Language,
) -> Result<Facts, Report> {
    let sheets = cells::read_xlsx(bytes).map_err(|problem| match problem {
        cells::XlsxProblem::Unreadable(error) => sourceless(
            source_name,
            "kaoping::facts::workbook",
            tr!(language, "wb-not-xlsx", file = source_name, error = error),
            tr!(language, "wb-not-xlsx-help"),
        ),
        cells::XlsxProblem::Beyond(error) => sourceless(
            source_name,
            "kaoping::facts::workbook",
            tr!(language, "wb-refused", file = source_name, error = error),
            tr!(language, "wb-refused-help"),
        ),
    })?;
    let source = SheetSource {
        language,
        folder: None,
    };
    load_sheets_in(policy, source_name, &sheets, &source)
}

/// Loads facts from a folder of `.csv` files, one per sheet, each named
/// after its sheet (`候选集体.csv`), with messages in English. Other files
/// are ignored; CSV files must be UTF-8 (Excel: "CSV UTF-8").
pub fn load_csv_folder(policy: &Policy, folder: &Path) -> Result<Facts, Report> {
    load_csv_folder_in(policy, folder, Language::English)
}

/// [`load_csv_folder`] with messages in `language`; every problem names its
/// file (`file` field), and a missing sheet is a missing file in the folder.
pub fn load_csv_folder_in(
    policy: &Policy,
    folder: &Path,
    language: Language,
) -> Result<Facts, Report> {
    let source_name = folder.display().to_string();
    let files = csv_files(folder).map_err(|error| {
        sourceless(
            &source_name,
            "kaoping::facts::workbook",
            tr!(
                language,
                "wb-folder-unreadable",
                folder = &source_name,
                error = error.to_string()
            ),
            tr!(language, "wb-folder-unreadable-help"),
        )
    })?;
    let mut sheets = Vec::new();
    let mut problems = Vec::new();
    for (name, path) in files {
        let file = path.display().to_string();
        let problem = |message: String, help: String| {
            Problem::error(
                "kaoping::facts::workbook",
                tr!(language, "wb-problem", place = &file, message = message),
                Span::new(0, 0),
            )
            .with_help(help)
            .with_field("file", &file)
            .with_field("sheet", &name)
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                problems.push(problem(
                    tr!(language, "wb-file-unreadable", error = error.to_string()),
                    tr!(language, "wb-file-unreadable-help"),
                ));
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let offset = error.utf8_error().valid_up_to().to_string();
                problems.push(problem(
                    tr!(language, "wb-not-utf8", offset = offset),
                    tr!(language, "wb-not-utf8-help"),
                ));
                continue;
            }
        };
        match sheet_from_csv(&name, &text) {
            Ok(sheet) => sheets.push(sheet),
            Err(error) => problems.push(problem(error, tr!(language, "wb-csv-quoting-help"))),
        }
    }
    if !problems.is_empty() {
        return Err(Report::new(&source_name, "", problems));
    }
    let source = SheetSource {
        language,
        folder: Some(folder.to_path_buf()),
    };
    load_sheets_in(policy, &source_name, &sheets, &source)
}

/// The `.csv` files of a folder by sheet name, sorted by file name.
fn csv_files(folder: &Path) -> std::io::Result<Vec<(String, std::path::PathBuf)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        let is_csv = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
        let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) else {
            continue;
        };
        if is_csv && path.is_file() && !stem.starts_with('.') && !stem.starts_with("~$") {
            files.push((stem.to_string(), path));
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(files)
}

fn sourceless(source_name: &str, code: &'static str, message: String, help: String) -> Report {
    Report::new(
        source_name,
        "",
        vec![Problem::error(code, message, Span::new(0, 0)).with_help(help)],
    )
}

/// The sheets of the empty template: one per table, header rows only.
pub fn template_sheets(policy: &Policy) -> Result<Vec<Sheet>, WorkbookError> {
    Ok(write::template_sheets(&layout(policy)?))
}

/// The empty template workbook for `policy`: every sheet with its header
/// rows (labels, then paths), and data validation for ranges, choices,
/// dates and references.
pub fn template_xlsx(policy: &Policy) -> Result<Vec<u8>, WorkbookError> {
    template_xlsx_in(policy, Language::English)
}

/// [`template_xlsx`], with the prompts a clerk sees entering a value (what
/// the cell takes) in `language`.
pub fn template_xlsx_in(policy: &Policy, language: Language) -> Result<Vec<u8>, WorkbookError> {
    let layout = layout(policy)?;
    let sheets = write::template_sheets(&layout);
    Ok(write::xlsx_bytes(policy, &layout, &sheets, language)?)
}

/// The sheets holding `facts`, as [`template_xlsx`] lays them out.
pub fn facts_sheets(policy: &Policy, facts: &Facts) -> Result<Vec<Sheet>, WorkbookError> {
    let layout = layout(policy)?;
    write::facts_sheets(policy, &layout, &facts.root, Language::English)
        .map_err(WorkbookError::Unrepresentable)
}

/// The filled workbook of `facts`, checked to read back as the same facts.
pub fn facts_xlsx(policy: &Policy, facts: &Facts) -> Result<Vec<u8>, WorkbookError> {
    facts_xlsx_in(policy, facts, Language::English)
}

/// [`facts_xlsx`], with a refusal's words and the workbook's prompts in
/// `language`.
pub fn facts_xlsx_in(
    policy: &Policy,
    facts: &Facts,
    language: Language,
) -> Result<Vec<u8>, WorkbookError> {
    let layout = layout(policy)?;
    let sheets = write::facts_sheets(policy, &layout, &facts.root, language)
        .map_err(WorkbookError::Unrepresentable)?;
    let bytes = write::xlsx_bytes(policy, &layout, &sheets, language)?;
    let read_back = sheets_from_xlsx(&bytes)
        .map_err(WorkbookError::Unrepresentable)
        .and_then(|sheets| reads_back(policy, facts, &sheets, language));
    read_back.map(|()| bytes)
}

/// The CSV files of `facts`: (file name, text) per sheet, checked to read
/// back as the same facts.
pub fn facts_csv(policy: &Policy, facts: &Facts) -> Result<Vec<(String, String)>, WorkbookError> {
    facts_csv_in(policy, facts, Language::English)
}

/// [`facts_csv`], with a refusal's words in `language`.
pub fn facts_csv_in(
    policy: &Policy,
    facts: &Facts,
    language: Language,
) -> Result<Vec<(String, String)>, WorkbookError> {
    let layout = layout(policy)?;
    let sheets = write::facts_sheets(policy, &layout, &facts.root, language)
        .map_err(WorkbookError::Unrepresentable)?;
    let mut files = Vec::new();
    let mut parsed = Vec::new();
    for sheet in &sheets {
        let text = write::csv_text(sheet).map_err(WorkbookError::Csv)?;
        parsed.push(sheet_from_csv(&sheet.name, &text).map_err(WorkbookError::Csv)?);
        files.push((format!("{}.csv", sheet.name), text));
    }
    reads_back(policy, facts, &parsed, language)?;
    Ok(files)
}

/// Whether `sheets` load as exactly `facts`; `Err` names the first value
/// that would change.
fn reads_back(
    policy: &Policy,
    facts: &Facts,
    sheets: &[Sheet],
    language: Language,
) -> Result<(), WorkbookError> {
    let source = SheetSource {
        language,
        folder: None,
    };
    let loaded = load_sheets_in(policy, &facts.source_name, sheets, &source).map_err(|report| {
        let first = report
            .problems
            .first()
            .map_or_else(String::new, |problem| problem.message.clone());
        WorkbookError::Unrepresentable(tr!(language, "wb-would-not-read-back", problem = first))
    })?;
    let root = FieldType::Record(policy.root);
    match first_difference(policy, &root, &facts.root, &loaded.root, "") {
        None => Ok(()),
        Some(path) => Err(WorkbookError::Unrepresentable(tr!(
            language,
            "wb-reads-back-differently",
            path = path
        ))),
    }
}

fn first_difference(
    policy: &Policy,
    schema: &FieldType,
    written: &Value,
    read: &Value,
    path: &str,
) -> Option<String> {
    if written == read {
        return None;
    }
    let (schema, _) = without_optional(schema);
    let place = if path.is_empty() { "the facts" } else { path };
    match (schema, written, read) {
        (FieldType::Record(id), Value::Record(a), Value::Record(b)) => policy
            .record(*id)
            .fields
            .iter()
            .zip(a.iter().zip(b.iter()))
            .find_map(|(field, (a, b))| {
                let child = if path.is_empty() {
                    field.name.clone()
                } else {
                    format!("{path}.{}", field.name)
                };
                first_difference(policy, &field.schema, a, b, &child)
            })
            .or_else(|| Some(place.to_string())),
        (FieldType::List { element, .. }, Value::List(a), Value::List(b)) if a.len() == b.len() => {
            a.iter()
                .zip(b.iter())
                .enumerate()
                .find_map(|(index, (a, b))| {
                    first_difference(policy, element, a, b, &format!("{path}[{index}]"))
                })
                .or_else(|| Some(place.to_string()))
        }
        _ => Some(place.to_string()),
    }
}

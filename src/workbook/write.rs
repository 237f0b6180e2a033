//! Facts → sheets, and sheets → an `.xlsx` workbook or CSV files: the empty
//! template a clerk fills in, and a filled workbook converted from facts.
//!
//! Each sheet has two header rows: the labels (row 1), and the paths
//! (row 2, grey), so that a header can be read either way. Numbers are
//! written as Excel numbers when Excel holds them exactly (at most 15
//! significant digits), else as text; booleans as `是`/`否`; dates as date
//! cells (`yyyy-mm-dd`); enum values by label when every variant has a
//! distinct label, else by name.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, Formula,
    Workbook, Worksheet, XlsxError,
};

use crate::messages::Language;
use crate::number::Number;
use crate::policy::{EnumType, FieldType, Policy, RecordId};
use crate::tr;
use crate::value::{Date, Value};

use super::cells::{column_name, decimal_text, significant_digits, Cell, Sheet, EXCEL_DIGITS};
use super::layout::{key_text, without_optional, Layout, Rows, Table};

/// Rows written below the header rows: the first data row, 0-based.
pub(crate) const FIRST_DATA_ROW: usize = 2;

/// The last row Excel has, 0-based; validation covers every data row.
const LAST_ROW: u32 = 1_048_575;

/// The creation date of every workbook, fixed so that output is deterministic.
const CREATED: (u16, u8, u8) = (2000, 1, 1);

/// The sheets of the empty template: header rows only.
pub(crate) fn template_sheets(layout: &Layout) -> Vec<Sheet> {
    layout.tables.iter().map(header_sheet).collect()
}

fn header_sheet(table: &Table) -> Sheet {
    let mut sheet = Sheet::new(table.sheet.clone());
    let slots = 0..table.slot_count();
    sheet.push_row(
        slots
            .clone()
            .map(|slot| Cell::Text(table.slot_header(slot).to_string()))
            .collect(),
    );
    sheet.push_row(
        slots
            .map(|slot| Cell::Text(table.slot_path(slot).to_string()))
            .collect(),
    );
    sheet
}

/// The sheets holding `root` (a facts root of `policy`). `Err` names a value
/// a workbook cannot hold apart from another: an empty optional list with no
/// owner column to mark it.
pub(crate) fn facts_sheets(
    policy: &Policy,
    layout: &Layout,
    root: &Value,
    language: Language,
) -> Result<Vec<Sheet>, String> {
    let mut writer = Writer {
        policy,
        layout,
        sheets: template_sheets(layout),
        language,
    };
    let Value::Record(values) = root else {
        return Err("the facts have no root record".into());
    };
    let root_record = policy.record(policy.root);
    let mut scalars = layout
        .root_scalars
        .map(|table| vec![Cell::Empty; layout.tables[table].slot_count()]);
    for (field, value) in root_record.fields.iter().zip(values.iter()) {
        let (schema, _) = without_optional(&field.schema);
        match schema {
            FieldType::List { .. } => {
                if let Some(table) = layout.table_at(&field.name) {
                    writer.list(table, value, &[])?;
                }
            }
            FieldType::Record(id) => {
                if let (Some(table), Value::Record(_)) = (layout.table_at(&field.name), value) {
                    let mut row = vec![Cell::Empty; layout.tables[table].slot_count()];
                    writer.record(table, *id, value, "", &mut row, &[])?;
                    writer.sheets[table].push_row(row);
                }
            }
            scalar => {
                if let (Some(table), Some(row)) = (layout.root_scalars, scalars.as_mut()) {
                    if let Some(column) = layout.tables[table].column_at(&field.name) {
                        row[column] = writer.cell(value, scalar);
                    }
                }
            }
        }
    }
    if let (Some(table), Some(row)) = (layout.root_scalars, scalars) {
        writer.sheets[table].push_row(row);
    }
    Ok(writer.sheets)
}

struct Writer<'a> {
    policy: &'a Policy,
    layout: &'a Layout,
    sheets: Vec<Sheet>,
    /// The language of a refusal's words.
    language: Language,
}

impl Writer<'_> {
    /// Appends the rows of a list's items, each starting with `owner`'s cells.
    fn list(&mut self, table: usize, value: &Value, owner: &[Cell]) -> Result<(), String> {
        let Value::List(items) = value else {
            return Ok(());
        };
        let spec = &self.layout.tables[table];
        let Rows::List {
            element,
            key,
            optional,
        } = &spec.rows
        else {
            return Ok(());
        };
        if items.is_empty() && *optional {
            if owner.is_empty() {
                return Err(tr!(
                    self.language,
                    "wb-empty-optional-list",
                    path = spec.path.as_str()
                ));
            }
            // A row with only the owner's cells says the list is given, and empty.
            let mut row = owner.to_vec();
            row.resize(spec.slot_count(), Cell::Empty);
            self.sheets[table].push_row(row);
            return Ok(());
        }
        for (index, item) in items.iter().enumerate() {
            let mut row = owner.to_vec();
            row.resize(spec.slot_count(), Cell::Empty);
            match element {
                FieldType::Record(id) => {
                    let own = match (key, item) {
                        (Some(key), Value::Record(fields)) => fields
                            .get(*key)
                            .and_then(key_text)
                            .map_or(Cell::Empty, Cell::Text),
                        _ => Cell::Number((index + 1) as f64),
                    };
                    let mut child_owner = owner.to_vec();
                    child_owner.push(own);
                    self.record(table, *id, item, "", &mut row, &child_owner)?;
                }
                scalar => {
                    if let Some(cell) = row.get_mut(owner.len()) {
                        *cell = self.cell(item, scalar);
                    }
                }
            }
            self.sheets[table].push_row(row);
        }
        Ok(())
    }

    /// Fills `row` with the scalar fields of `value` (a record of type
    /// `record`, or absent), and appends the rows of the lists inside it.
    fn record(
        &mut self,
        table: usize,
        record: RecordId,
        value: &Value,
        prefix: &str,
        row: &mut [Cell],
        child_owner: &[Cell],
    ) -> Result<(), String> {
        let policy = self.policy;
        let owners = self.layout.tables[table].owners.len();
        for (index, field) in policy.record(record).fields.iter().enumerate() {
            let field_value = match value {
                Value::Record(fields) => fields.get(index).unwrap_or(&Value::Absent),
                _ => &Value::Absent,
            };
            let path = format!("{prefix}{}", field.name);
            let (schema, _) = without_optional(&field.schema);
            match schema {
                FieldType::Record(id) => self.record(
                    table,
                    *id,
                    field_value,
                    &format!("{path}."),
                    row,
                    child_owner,
                )?,
                FieldType::List { .. } => {
                    let list_path = format!("{}.{path}", self.layout.tables[table].path);
                    if let Some(child) = self.layout.table_at(&list_path) {
                        self.list(child, field_value, child_owner)?;
                    }
                }
                scalar => {
                    if let Some(column) = self.layout.tables[table].column_at(&path) {
                        if let Some(cell) = row.get_mut(owners + column) {
                            *cell = self.cell(field_value, scalar);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn cell(&self, value: &Value, schema: &FieldType) -> Cell {
        value_cell(value, schema)
    }
}

/// How a value is written in a cell of type `schema`.
pub(crate) fn value_cell(value: &Value, schema: &FieldType) -> Cell {
    match value {
        Value::Absent | Value::List(_) | Value::Record(_) => Cell::Empty,
        Value::Number(number) => number_cell(number),
        Value::Bool(true) => Cell::Text("是".into()),
        Value::Bool(false) => Cell::Text("否".into()),
        Value::Date(date) => date_cell(*date),
        Value::Text(text) => match without_optional(schema).0 {
            FieldType::Enum(variants) if labels_usable(variants) => variants
                .variants
                .iter()
                .find(|(name, _)| **name == **text)
                .and_then(|(_, label)| label.clone())
                .map_or_else(|| Cell::Text(text.to_string()), Cell::Text),
            _ => Cell::Text(text.to_string()),
        },
    }
}

/// An Excel number when the `f64` holds the decimal exactly, else its text.
fn number_cell(number: &Number) -> Cell {
    let text = number.to_exact_string();
    if !text.contains('/') && significant_digits(&text) <= EXCEL_DIGITS {
        if let Ok(value) = text.parse::<f64>() {
            let back = decimal_text(value).ok();
            if back.as_deref().and_then(Number::parse_decimal).as_ref() == Some(number) {
                return Cell::Number(value);
            }
        }
    }
    Cell::Text(text)
}

fn date_cell(date: Date) -> Cell {
    let text = date.to_string();
    let year = text.get(0..4).and_then(|p| p.parse::<u16>().ok());
    let month = text.get(5..7).and_then(|p| p.parse::<u8>().ok());
    let day = text.get(8..10).and_then(|p| p.parse::<u8>().ok());
    match (year, month, day) {
        (Some(year), Some(month), Some(day)) => Cell::Date {
            year,
            month,
            day,
            time: None,
        },
        _ => Cell::Text(text),
    }
}

/// Whether an enum's values are written by label: every variant has one, no
/// two share one, none is another variant's name, and the list fits an
/// Excel drop-down (no commas, 255 characters).
pub(crate) fn labels_usable(variants: &EnumType) -> bool {
    let labels: Vec<&str> = variants
        .variants
        .iter()
        .filter_map(|(_, label)| label.as_deref())
        .collect();
    let mut distinct = labels.clone();
    distinct.sort_unstable();
    distinct.dedup();
    labels.len() == variants.variants.len()
        && distinct.len() == labels.len()
        && !labels
            .iter()
            .any(|label| variants.has(label) || label.contains(','))
        && labels
            .iter()
            .map(|label| label.chars().count() + 1)
            .sum::<usize>()
            <= 255
}

/// CSV text of a sheet: text as it is, other cells as [`Cell::shown`] shows them.
pub(crate) fn csv_text(sheet: &Sheet) -> Result<String, String> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let width = sheet.width();
    for row in &sheet.rows {
        let cells: Vec<String> = (0..width)
            .map(|column| match row.get(column) {
                Some(Cell::Text(text)) => text.clone(),
                Some(cell) => cell.shown(),
                None => String::new(),
            })
            .collect();
        writer.write_record(&cells).map_err(|e| e.to_string())?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    // Excel reads a CSV file as UTF-8 (not the system code page) only
    // when it starts with a byte-order mark.
    Ok(format!("\u{feff}{text}"))
}

/// The workbook of `sheets` (one per table of `layout`, in its order), with
/// formats, frozen headers and data validation.
pub(crate) fn xlsx_bytes(
    policy: &Policy,
    layout: &Layout,
    sheets: &[Sheet],
    language: Language,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let (year, month, day) = CREATED;
    let created = ExcelDateTime::from_ymd(year, month, day)?.and_hms(0, 0, 0)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let formats = Formats {
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7)),
        path: Format::new()
            .set_italic()
            .set_font_color(Color::RGB(0x808080)),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        language,
    };
    for (table, sheet) in layout.tables.iter().zip(sheets) {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&table.sheet)?;
        write_sheet(worksheet, policy, layout, table, sheet, &formats)?;
    }
    workbook.save_to_buffer()
}

struct Formats {
    header: Format,
    path: Format,
    date: Format,
    /// The language of the prompts a clerk sees entering a value.
    language: Language,
}

fn write_sheet(
    worksheet: &mut Worksheet,
    policy: &Policy,
    layout: &Layout,
    table: &Table,
    sheet: &Sheet,
    formats: &Formats,
) -> Result<(), XlsxError> {
    for slot in 0..table.slot_count() {
        let column = to_column(slot)?;
        let schema = slot_schema(table, slot);
        if matches!(schema, Some(FieldType::Date)) {
            worksheet.set_column_format(column, &formats.date)?;
        }
        let width = [table.slot_header(slot), table.slot_path(slot)]
            .iter()
            .map(|text| unicode_width::UnicodeWidthStr::width(*text))
            .max()
            .unwrap_or(0)
            .clamp(8, 40);
        worksheet.set_column_width(column, width as f64 + 2.0)?;
        if let Some(validation) = validation(policy, layout, table, slot, formats.language) {
            worksheet.add_data_validation(
                FIRST_DATA_ROW as u32,
                column,
                LAST_ROW,
                column,
                &validation,
            )?;
        }
    }
    for (row_index, row) in sheet.rows.iter().enumerate() {
        let row_number = u32::try_from(row_index).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (column_index, cell) in row.iter().enumerate() {
            let column = to_column(column_index)?;
            let format = match row_index {
                0 => Some(&formats.header),
                1 => Some(&formats.path),
                _ => None,
            };
            match (cell, format) {
                (Cell::Empty, _) => {}
                (Cell::Text(text), Some(format)) => {
                    worksheet.write_string_with_format(row_number, column, text, format)?;
                }
                (Cell::Text(text), None) => {
                    worksheet.write_string(row_number, column, text)?;
                }
                (Cell::Number(value) | Cell::Percent(value), _) => {
                    worksheet.write_number(row_number, column, *value)?;
                }
                (Cell::Bool(value), _) => {
                    worksheet.write_boolean(row_number, column, *value)?;
                }
                (
                    Cell::Date {
                        year, month, day, ..
                    },
                    _,
                ) => match ExcelDateTime::from_ymd(*year, *month, *day) {
                    Ok(date) => {
                        worksheet.write_datetime_with_format(
                            row_number,
                            column,
                            &date,
                            &formats.date,
                        )?;
                    }
                    // Before 1900 or after 9999 Excel has no date: keep the text.
                    Err(_) => {
                        worksheet.write_string(row_number, column, cell.shown())?;
                    }
                },
                (Cell::Error(text), _) => {
                    worksheet.write_string(row_number, column, text)?;
                }
            }
        }
    }
    worksheet.set_freeze_panes(FIRST_DATA_ROW as u32, 0)?;
    Ok(())
}

fn to_column(index: usize) -> Result<u16, XlsxError> {
    u16::try_from(index).map_err(|_| XlsxError::RowColumnLimitError)
}

/// The field type of a slot's column; `None` for owner columns.
fn slot_schema(table: &Table, slot: usize) -> Option<&FieldType> {
    slot.checked_sub(table.owners.len())
        .map(|column| &table.columns[column].schema)
}

/// The data validation of a slot's column: the range of a number, the
/// choices of an enum or a bool, any date, and for references and owner
/// columns the keys of the list they name.
fn validation(
    policy: &Policy,
    layout: &Layout,
    table: &Table,
    slot: usize,
    language: Language,
) -> Option<DataValidation> {
    let header = table.slot_header(slot).to_string();
    let validation = match slot.checked_sub(table.owners.len()) {
        None => key_list(policy, layout, table.owners[slot].table)?,
        Some(column) => match &table.columns[column].schema {
            FieldType::Number { integer, low, high } => number_validation(*integer, low, high)?,
            FieldType::Enum(variants) => {
                let choices: Vec<String> = if labels_usable(variants) {
                    variants
                        .variants
                        .iter()
                        .filter_map(|(_, label)| label.clone())
                        .collect()
                } else {
                    variants.names().map(str::to_string).collect()
                };
                DataValidation::new().allow_list_strings(&choices).ok()?
            }
            FieldType::Bool => DataValidation::new()
                .allow_list_strings(&["是", "否"])
                .ok()?,
            FieldType::Date => {
                let first = ExcelDateTime::from_ymd(1900, 1, 1).ok()?;
                let last = ExcelDateTime::from_ymd(9999, 12, 31).ok()?;
                DataValidation::new().allow_date(DataValidationRule::Between(first, last))
            }
            FieldType::Reference { root_field } => {
                let root_field = policy.record(policy.root).fields.get(*root_field)?;
                key_list(policy, layout, layout.table_at(&root_field.name)?)?
            }
            _ => return None,
        },
    };
    let percentage = slot
        .checked_sub(table.owners.len())
        .is_some_and(|column| table.columns[column].percentage);
    let message = match slot_schema(table, slot) {
        // Excel turns `97%` typed in a cell into 0.97, which would pass the
        // 0–100 range: the message says what to type.
        Some(schema) if percentage => tr!(
            language,
            "wb-prompt-percentage",
            expected = super::values::expectation(schema, language)
        ),
        Some(schema) => super::values::expectation(schema, language),
        None => {
            let owner = &table.owners[slot];
            let sheet = layout.tables[owner.table].sheet.as_str();
            match owner.key {
                Some(_) => tr!(
                    language,
                    "wb-prompt-owner",
                    key = owner.key_label.as_str(),
                    sheet = sheet
                ),
                None => tr!(language, "wb-prompt-owner-number", sheet = sheet),
            }
        }
    };
    let validation = match validation.clone().set_input_title(truncated(&header, 32)) {
        Ok(titled) => titled,
        Err(_) => validation,
    };
    let validation = match validation
        .clone()
        .set_input_message(truncated(&message, 255))
    {
        Ok(with_message) => with_message,
        Err(_) => validation,
    };
    Some(validation)
}

fn truncated(text: &str, limit: usize) -> String {
    text.chars().take(limit).collect()
}

/// A drop-down of the keys in a keyed list's key column.
fn key_list(policy: &Policy, layout: &Layout, table: usize) -> Option<DataValidation> {
    let spec = &layout.tables[table];
    let Rows::List {
        element: FieldType::Record(record),
        key: Some(key),
        ..
    } = &spec.rows
    else {
        return None;
    };
    let name = &policy.record(*record).fields.get(*key)?.name;
    let column = spec.owners.len() + spec.column_at(name)?;
    let letters = column_name(column);
    let sheet = spec.sheet.replace('\'', "''");
    let formula = format!(
        "='{sheet}'!${letters}${}:${letters}${}",
        FIRST_DATA_ROW + 1,
        LAST_ROW + 1
    );
    Some(DataValidation::new().allow_list_formula(Formula::new(formula)))
}

fn number_validation(
    integer: bool,
    low: &Option<Number>,
    high: &Option<Number>,
) -> Option<DataValidation> {
    let whole = |number: &Number| number.to_i128().and_then(|n| i32::try_from(n).ok());
    let real = |number: &Number| number.to_exact_string().parse::<f64>().ok();
    let whole_bounds = (low.as_ref().map(whole), high.as_ref().map(whole));
    let validation = DataValidation::new();
    Some(match (integer, whole_bounds) {
        (true, (None, None)) => {
            validation.allow_whole_number(DataValidationRule::Between(i32::MIN, i32::MAX))
        }
        (true, (Some(Some(low)), None)) => {
            validation.allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(low))
        }
        (true, (None, Some(Some(high)))) => {
            validation.allow_whole_number(DataValidationRule::LessThanOrEqualTo(high))
        }
        (true, (Some(Some(low)), Some(Some(high)))) => {
            validation.allow_whole_number(DataValidationRule::Between(low, high))
        }
        _ => match (low.as_ref().map(real), high.as_ref().map(real)) {
            (Some(Some(low)), None) => {
                validation.allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(low))
            }
            (None, Some(Some(high))) => {
                validation.allow_decimal_number(DataValidationRule::LessThanOrEqualTo(high))
            }
            (Some(Some(low)), Some(Some(high))) => {
                validation.allow_decimal_number(DataValidationRule::Between(low, high))
            }
            _ => return None,
        },
    })
}

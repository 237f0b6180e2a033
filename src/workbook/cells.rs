//! Sheets as grids of cells, read from an `.xlsx` file or from `.csv` text,
//! and the one exactness rule for Excel numbers.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

/// Excel keeps at most this many significant decimal digits of a number.
pub const EXCEL_DIGITS: usize = 15;

/// One cell as a workbook or a CSV file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing, or only spaces.
    Empty,
    /// Text as typed; CSV cells are all text.
    Text(String),
    /// An Excel number, which is an `f64`.
    Number(f64),
    /// An Excel number in a cell formatted as a percentage (`0%`, `0.00%`,
    /// any format code with `%`): the value Excel holds, which is 0.97 when
    /// the cell shows 97%.
    Percent(f64),
    /// An Excel boolean (`TRUE`, `FALSE`).
    Bool(bool),
    /// A number formatted as a date: the calendar day, and the time of day
    /// (hours, minutes, seconds) when it is not midnight.
    Date {
        /// The year, as Excel's calendar gives it.
        year: u16,
        /// The month, 1 to 12.
        month: u8,
        /// The day of the month.
        day: u8,
        /// The time of day, when the cell has one.
        time: Option<(u8, u8, u8)>,
    },
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing (spaces count as nothing).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person reads it, for messages and headers.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_string(),
            Cell::Number(value) => decimal_text(*value).unwrap_or_else(|_| value.to_string()),
            Cell::Percent(value) => percent_text(*value),
            Cell::Bool(true) => "TRUE".into(),
            Cell::Bool(false) => "FALSE".into(),
            Cell::Date {
                year,
                month,
                day,
                time,
            } => {
                let date = format!("{year:04}-{month:02}-{day:02}");
                match time {
                    None => date,
                    Some((hour, minute, second)) => {
                        format!("{date} {hour:02}:{minute:02}:{second:02}")
                    }
                }
            }
            Cell::Error(error) => error.clone(),
        }
    }
}

/// One sheet: a name and its cells by row and column, counted from 0 at A1.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// The sheet's name (a CSV file's stem).
    pub name: String,
    /// The cells, row by row; rows may have different lengths.
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// An empty sheet called `name`.
    pub fn new(name: impl Into<String>) -> Sheet {
        Sheet {
            name: name.into(),
            rows: Vec::new(),
        }
    }

    /// The cell at a row and column counted from 0; `Empty` past the end.
    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|cells| cells.get(column))
            .unwrap_or(&Cell::Empty)
    }

    /// Sets a cell, growing the grid as needed.
    pub fn set(&mut self, row: usize, column: usize, cell: Cell) {
        if self.rows.len() <= row {
            self.rows.resize(row + 1, Vec::new());
        }
        let cells = &mut self.rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        cells[column] = cell;
    }

    /// Appends a row of cells.
    pub fn push_row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// The number of columns of the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// A workbook whose files expand to more than this many times its own size
/// is refused before it is read (honest `.xlsx` files expand 5 to 20 times).
pub const MAX_EXPANSION: u64 = 100;

/// Bytes any workbook may expand to, whatever its size.
pub const MIN_EXPANDED_BYTES: u64 = 64 << 20;

/// No facts sheet has a value this far to the right: column ALM and beyond
/// are refused.
pub const MAX_COLUMNS: u32 = 1_000;

/// No facts sheet has a value this far down.
pub const MAX_ROWS: u32 = 200_000;

/// The grid of one workbook's sheets (each row as long as its last value)
/// holds at most this many cells.
pub const MAX_CELLS: usize = 5_000_000;

/// The sheets of an `.xlsx` file, in workbook order, with the values of
/// formula cells as Excel last computed them. `Err` when the bytes are not a
/// workbook calamine can open, or when they expand beyond the bounds above
/// (a zip bomb, a cell far beyond any facts sheet): then nothing is read
/// into memory.
pub fn sheets_from_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    read_xlsx(bytes).map_err(|problem| match problem {
        XlsxProblem::Unreadable(message) | XlsxProblem::Beyond(message) => message,
    })
}

/// Why an `.xlsx` file gave no sheets.
pub(crate) enum XlsxProblem {
    /// It is not a workbook calamine can open.
    Unreadable(String),
    /// It is refused unread: it expands, or reaches, beyond the bounds.
    Beyond(String),
}

/// [`sheets_from_xlsx`], telling a damaged file from one refused unread.
pub(crate) fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, XlsxProblem> {
    use XlsxProblem::{Beyond, Unreadable};
    check_expansion(bytes).map_err(Beyond)?;
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| Unreadable(e.to_string()))?;
    let mut sheets = Vec::new();
    let mut cells_left = MAX_CELLS;
    for name in workbook.sheet_names() {
        let mut reader = match workbook.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            // A chart sheet holds no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => {
                sheets.push(Sheet::new(name));
                continue;
            }
            Err(e) => return Err(Unreadable(format!("sheet `{name}`: {e}"))),
        };
        let percent: Vec<bool> = reader
            .styles()
            .iter()
            .map(|style| {
                style
                    .number_format
                    .as_ref()
                    .is_some_and(|format| is_percent_format(&format.format_code))
            })
            .collect();
        let mut sheet = Sheet::new(name.clone());
        while let Some((cell, style)) = reader
            .next_cell_with_style_id()
            .map_err(|e| Unreadable(format!("sheet `{name}`: {e}")))?
        {
            let (row, column) = cell.get_position();
            let data: Data = cell.get_value().clone().into();
            if matches!(data, Data::Empty) {
                continue;
            }
            if row >= MAX_ROWS || column >= MAX_COLUMNS {
                return Err(Beyond(format!(
                    "sheet `{name}` has a value at {}, beyond any facts sheet \
                     (at most {MAX_ROWS} rows and {MAX_COLUMNS} columns): delete what lies \
                     below or to the right of the table",
                    cell_name(row as usize, column as usize)
                )));
            }
            let (row, column) = (row as usize, column as usize);
            let grows = row.saturating_sub(sheet.rows.len())
                + sheet
                    .rows
                    .get(row)
                    .map_or(column + 1, |cells| (column + 1).saturating_sub(cells.len()));
            cells_left = cells_left.checked_sub(grows).ok_or_else(|| {
                Beyond(format!(
                    "sheet `{name}` reaches {} with more than {MAX_CELLS} cells in the \
                     workbook, beyond any facts workbook: delete stray values far from the tables",
                    cell_name(row, column)
                ))
            })?;
            let mut value = cell_from_calamine(&data);
            if let Cell::Number(number) = value {
                if percent.get(style).copied().unwrap_or(false) {
                    value = Cell::Percent(number);
                }
            }
            sheet.set(row, column, value);
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// Refuses a workbook whose files, read through, would expand beyond
/// [`MAX_EXPANSION`] times its size (or [`MIN_EXPANDED_BYTES`]). The sizes
/// the zip directory declares are checked first; since they may lie, each
/// file is then inflated into nothing, stopping at the bound.
fn check_expansion(bytes: &[u8]) -> Result<(), String> {
    use std::io::Read as _;
    let bound = (bytes.len() as u64)
        .saturating_mul(MAX_EXPANSION)
        .max(MIN_EXPANDED_BYTES);
    let refuse = |what: &str| {
        format!(
            "{what} expands beyond {} MB, {MAX_EXPANSION} times the file's size: no facts \
             workbook does (a damaged file, or a zip bomb)",
            bound >> 20
        )
    };
    // Not a zip file: calamine says so in its own words.
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut declared: u64 = 0;
    for index in 0..archive.len() {
        // An entry zip cannot open is skipped, not taken as the end of the
        // check: the entries after it may be the bomb.
        let Ok(file) = archive.by_index_raw(index) else {
            continue;
        };
        declared = declared.saturating_add(file.size());
    }
    if declared > bound {
        return Err(refuse("the workbook"));
    }
    let mut left = bound;
    for index in 0..archive.len() {
        let Ok(file) = archive.by_index(index) else {
            continue;
        };
        let name = file.name().map(|name| name.to_string()).unwrap_or_default();
        let read = std::io::copy(&mut file.take(left + 1), &mut std::io::sink())
            .map_err(|e| format!("`{name}` in the workbook cannot be read: {e}"))?;
        if read > left {
            return Err(refuse(&format!("`{name}` in the workbook")));
        }
        left -= read;
    }
    Ok(())
}

/// Whether an Excel number format shows its number as a percentage: a `%`
/// outside quoted text and escapes (`0%`, `0.00%`, `#,##0.0%`).
pub fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if !quoted => {
                chars.next();
            }
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// `97%`: a percent cell as Excel shows it (exactly, unrounded).
fn percent_text(value: f64) -> String {
    match decimal_text(value)
        .ok()
        .as_deref()
        .and_then(crate::number::Number::parse_decimal)
    {
        Some(number) => {
            let hundred = crate::number::Number::from_integer(100);
            format!("{}%", number.multiply(&hundred).to_exact_string())
        }
        None => format!("{value}"),
    }
}

fn cell_from_calamine(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Float(value) => Cell::Number(*value),
        Data::Int(value) => Cell::Number(*value as f64),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(value) if value.is_datetime() => {
            let (year, month, day, hour, minute, second, milli) = value.to_ymd_hms_milli();
            let time = (hour, minute, second, milli) != (0, 0, 0, 0);
            Cell::Date {
                year,
                month,
                day,
                time: time.then_some((hour, minute, second)),
            }
        }
        Data::DateTime(value) => Cell::Number(value.as_f64()),
        Data::DateTimeIso(text) => iso_date(text).unwrap_or_else(|| Cell::Text(text.clone())),
        Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Error(error) => Cell::Error(error.to_string()),
    }
}

/// `2019-11-10` or `2019-11-10T00:00:00` as a date cell.
fn iso_date(text: &str) -> Option<Cell> {
    let (date, rest) = (text.get(..10)?, text.get(10..)?);
    if !(rest.is_empty()
        || rest
            .trim_start_matches('T')
            .trim_matches(['0', ':', '.'])
            .is_empty())
    {
        return None;
    }
    let mut parts = date.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some(Cell::Date {
        year,
        month,
        day,
        time: None,
    })
}

/// A sheet from CSV text (a leading byte-order mark is skipped); every cell
/// is text. `Err` names the line the CSV is malformed on.
pub fn sheet_from_csv(name: &str, text: &str) -> Result<Sheet, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet::new(name);
    for record in reader.records() {
        let record = record.map_err(|error| match error.position() {
            Some(position) => format!("line {}: {error}", position.line()),
            None => error.to_string(),
        })?;
        sheet.push_row(
            record
                .iter()
                .map(|text| {
                    if text.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(text.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(sheet)
}

/// The exact decimal an Excel number stands for: the shortest text that
/// reads back as the same `f64`. A value that needs more than
/// [`EXCEL_DIGITS`] significant digits was not typed (Excel keeps 15) but
/// computed, and binary fractions show through (`0.1 + 0.2` is
/// `0.30000000000000004`); guessing which decimal was meant would not be
/// exact, so `Err` returns the text for the message instead.
pub fn decimal_text(value: f64) -> Result<String, String> {
    if !value.is_finite() {
        return Err(value.to_string());
    }
    let text = if value == 0.0 {
        "0".to_string()
    } else {
        value.to_string()
    };
    if significant_digits(&text) > EXCEL_DIGITS {
        Err(text)
    } else {
        Ok(text)
    }
}

/// The significant digits of plain decimal text: from the first non-zero
/// digit to the last non-zero one.
pub fn significant_digits(text: &str) -> usize {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

/// `A`, `B`, …, `Z`, `AA`: the letters of a 0-based column.
pub fn column_name(column: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let remainder = (rest - 1) % 26;
        letters.push(b'A' + remainder as u8);
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// `D7`: the reference of a cell at a 0-based row and column.
pub fn cell_name(row: usize, column: usize) -> String {
    format!("{}{}", column_name(column), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_numbers_are_read_as_the_decimal_typed() {
        assert_eq!(decimal_text(0.1), Ok("0.1".into()));
        assert_eq!(decimal_text(310000000.0), Ok("310000000".into()));
        assert_eq!(decimal_text(-0.0), Ok("0".into()));
        assert_eq!(
            decimal_text(123456789012345.0),
            Ok("123456789012345".into())
        );
        assert_eq!(decimal_text(0.000123), Ok("0.000123".into()));
        assert_eq!(
            decimal_text(0.1 + 0.2),
            Err("0.30000000000000004".to_string())
        );
        assert!(decimal_text(f64::NAN).is_err());
    }

    #[test]
    fn percent_formats_are_told_by_a_percent_sign_outside_quotes() {
        for code in ["0%", "0.00%", "#,##0.0%", "0.0%;[Red]-0.0%"] {
            assert!(is_percent_format(code), "{code}");
        }
        for code in ["General", "0.00", "0.0\"%\"", "0\\%", "yyyy-mm-dd"] {
            assert!(!is_percent_format(code), "{code}");
        }
        assert_eq!(percent_text(0.97), "97%");
        assert_eq!(percent_text(0.955), "95.5%");
    }

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }
}

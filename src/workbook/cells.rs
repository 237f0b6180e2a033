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

/// The sheets of an `.xlsx` file, in workbook order, with the values of
/// formula cells as Excel last computed them. `Err` when the bytes are not a
/// workbook calamine can open.
pub fn sheets_from_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| format!("sheet `{name}`: {e}"))?;
        let mut sheet = Sheet::new(name);
        if let Some((first_row, first_column)) = range.start() {
            let (first_row, first_column) = (first_row as usize, first_column as usize);
            sheet.rows.resize(first_row, Vec::new());
            for cells in range.rows() {
                let mut row = vec![Cell::Empty; first_column];
                row.extend(cells.iter().map(cell_from_calamine));
                sheet.rows.push(row);
            }
        }
        sheets.push(sheet);
    }
    Ok(sheets)
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
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }
}

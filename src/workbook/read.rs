//! Sheets → `Facts`: each sheet bound to its table, each header cell to its
//! column, each row to the list item it is, and every value validated as
//! the YAML loader validates it. Problems are collected, never the first only.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::ast::Span;
use crate::diagnostic::{Problem, Report};
use crate::facts::Facts;
use crate::facts::{
    did_you_mean, is_placeholder_item, placeholder_warning, trimmed_key, ReferenceCheck,
    PLACEHOLDER,
};
use crate::messages::Language;
use crate::policy::{FieldType, Policy, RecordId};
use crate::tr;
use crate::value::Value;

use super::cells::{cell_name, Cell, Sheet};
use super::layout::{key_text, without_optional, Layout, Rows, Table};
use super::values::{cell_value, expectation, percent_problem};

const INVALID: &str = "kaoping::facts::invalid";
const MISSING: &str = "kaoping::facts::missing";
const REFERENCE: &str = "kaoping::facts::reference";
const STRUCTURE: &str = "kaoping::facts::workbook";

/// Loads facts for `policy` from sheets (a workbook's, or a folder of CSV
/// files'), with messages in English. The report's problems name sheet and
/// cell; it has no source text.
pub fn load_sheets(policy: &Policy, source_name: &str, sheets: &[Sheet]) -> Result<Facts, Report> {
    load_sheets_in(policy, source_name, sheets, &SheetSource::default())
}

/// Where sheets come from, and the language their problems are told in.
#[derive(Clone, Debug, Default)]
pub struct SheetSource {
    /// The language of the messages.
    pub language: Language,
    /// The folder of CSV files the sheets were read from (`None` for a
    /// workbook): a missing sheet is then a missing file, and every problem
    /// names its file.
    pub folder: Option<std::path::PathBuf>,
}

/// [`load_sheets`], with messages in `source.language` and places named as
/// files when the sheets are a folder of CSV files.
pub fn load_sheets_in(
    policy: &Policy,
    source_name: &str,
    sheets: &[Sheet],
    source: &SheetSource,
) -> Result<Facts, Report> {
    let report = |problems| Report::new(source_name, "", problems);
    let layout = Layout::new(policy)
        .map_err(|message| report(vec![Problem::error(STRUCTURE, message, Span::new(0, 0))]))?;
    let mut reader = Reader {
        policy,
        language: source.language,
        source,
        sheet_names: sheets.iter().map(|sheet| sheet.name.clone()).collect(),
        layout: &layout,
        bound: vec![None; layout.tables.len()],
        problems: Vec::new(),
        warnings: Vec::new(),
        references: Vec::new(),
        known: vec![BTreeSet::new(); layout.tables.len()],
        duplicated: vec![false; layout.tables.len()],
    };
    reader.bind(sheets);
    let root = reader.root();
    reader.check_owners();
    let mut check = ReferenceCheck::new(policy, &root, source.language);
    for (root_field, key, place) in std::mem::take(&mut reader.references) {
        if let Some(problem) = check.missing(root_field, &key) {
            reader.problem(REFERENCE, &place, problem.message, problem.help);
        }
    }
    if reader.problems.is_empty() {
        Ok(Facts::new(source_name, root).with_warnings(report(reader.warnings)))
    } else {
        reader.problems.extend(reader.warnings);
        Err(report(reader.problems))
    }
}

/// A sheet bound to its table: where each slot's column is, and its rows.
#[derive(Clone)]
struct Bound<'s> {
    sheet: &'s Sheet,
    /// The sheet column of each slot (owner columns, then columns).
    columns: Vec<Option<usize>>,
    rows: Vec<DataRow>,
    /// Rows by the owner key they name, in sheet order.
    by_owner: BTreeMap<Vec<String>, Vec<usize>>,
}

#[derive(Clone)]
struct DataRow {
    /// 0-based row in the sheet.
    row: usize,
    /// The owner key, when every owner cell could be read.
    owner: Option<Vec<String>>,
    /// Whether any cell besides the owner cells holds something; a row
    /// without says only that its owner's list is given (and may be empty).
    has_item: bool,
}

struct Reader<'a> {
    policy: &'a Policy,
    language: Language,
    source: &'a SheetSource,
    /// The names of the sheets given, to tell which sheet a place names.
    sheet_names: Vec<String>,
    layout: &'a Layout,
    bound: Vec<Option<Bound<'a>>>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    /// (root list index, referenced key, cell) — checked once all is read.
    references: Vec<(usize, String, String)>,
    /// Per table: the owner key of every item read, for the rows of the
    /// tables nested in it.
    known: Vec<BTreeSet<Vec<String>>>,
    /// Per table: whether a key was given twice. The rows of nested tables
    /// that name no item then most likely belong to the item whose key was
    /// overwritten; reporting each of them would bury the one mistake.
    duplicated: Vec<bool>,
}

/// What one cell yields.
enum Read {
    Empty,
    Value(Value),
}

impl<'a> Reader<'a> {
    fn problem(&mut self, code: &'static str, place: &str, message: String, help: String) {
        let problem = self.placed(
            Problem::error(code, "", Span::new(0, 0)),
            place,
            message,
            help,
        );
        self.problems.push(problem);
    }

    fn warning(&mut self, code: &'static str, place: &str, message: String, help: String) {
        let problem = self.placed(
            Problem::warning(code, "", Span::new(0, 0)),
            place,
            message,
            help,
        );
        self.warnings.push(problem);
    }

    /// `problem` with its message after `place` (`推选案卷!D7`, `推选案卷 row
    /// 7`, a sheet's name), and the sheet, cell and file it names as fields
    /// for machine output.
    fn placed(&self, problem: Problem, place: &str, message: String, help: String) -> Problem {
        let (sheet, cell) = match place.rsplit_once('!') {
            Some((sheet, cell)) => (Some(sheet), Some(cell)),
            None => (
                self.sheet_names
                    .iter()
                    .map(String::as_str)
                    .filter(|name| place == *name || place.starts_with(&format!("{name} ")))
                    .max_by_key(|name| name.len()),
                None,
            ),
        };
        let mut problem = Problem {
            message: tr!(
                self.language,
                "wb-problem",
                place = place,
                message = message
            ),
            ..problem
        }
        .with_help(help);
        if let Some(sheet) = sheet {
            problem = problem.with_field("sheet", sheet);
            if let Some(folder) = &self.source.folder {
                let file = folder.join(format!("{sheet}.csv"));
                problem = problem.with_field("file", file.display().to_string());
            }
        }
        if let Some(cell) = cell {
            problem = problem.with_field("cell", cell);
        }
        problem
    }

    fn row_place(&self, sheet: &str, row: usize) -> String {
        tr!(
            self.language,
            "wb-place-row",
            sheet = sheet,
            row = (row + 1).to_string()
        )
    }

    fn table(&self, table: usize) -> &'a Table {
        &self.layout.tables[table]
    }

    // ───────────────────────────── sheets and headers

    fn bind(&mut self, sheets: &'a [Sheet]) {
        let language = self.language;
        for sheet in sheets {
            let Some(table) = self.layout.table_named(&sheet.name) else {
                let help = did_you_mean(&sheet.name, self.layout.sheet_names(), language)
                    .unwrap_or_else(|| {
                        let sheets = crate::facts::joined(self.layout.sheet_names(), language);
                        tr!(language, "wb-sheets-are", sheets = sheets)
                    });
                let message = tr!(language, "wb-unknown-sheet");
                self.problem(STRUCTURE, &sheet.name, message, help);
                continue;
            };
            if let Some(first) = &self.bound[table] {
                let first = first.sheet.name.clone();
                let path = self.table(table).path.clone();
                self.problem(
                    STRUCTURE,
                    &sheet.name,
                    tr!(language, "wb-second-sheet", path = path, first = first),
                    tr!(language, "wb-second-sheet-help"),
                );
                continue;
            }
            let bound = self.bind_sheet(table, sheet);
            self.bound[table] = Some(bound);
        }
        for (index, table) in self.layout.tables.iter().enumerate() {
            if self.bound[index].is_some() || !table.required() {
                continue;
            }
            let (sheet, path) = (table.sheet.as_str(), table.path.as_str());
            // In a folder of CSV files a sheet is a file: name the file and
            // the folder the clerk has to put it in.
            let (place, message, help) = match &self.source.folder {
                Some(folder) => {
                    let folder = folder.display().to_string();
                    let file = format!("{sheet}.csv");
                    (
                        tr!(language, "wb-place-folder", folder = &folder),
                        tr!(language, "wb-missing-file", file = &file, path = path),
                        tr!(
                            language,
                            "wb-missing-file-help",
                            sheet = sheet,
                            file = &file
                        ),
                    )
                }
                None => (
                    tr!(language, "wb-place-workbook"),
                    tr!(language, "wb-missing-sheet", sheet = sheet, path = path),
                    tr!(language, "wb-missing-sheet-help", sheet = sheet),
                ),
            };
            let mut problem = self.placed(
                Problem::error(STRUCTURE, "", Span::new(0, 0)),
                &place,
                message,
                help,
            );
            problem = problem.with_field("sheet", sheet);
            if let Some(folder) = &self.source.folder {
                let file = folder.join(format!("{sheet}.csv"));
                problem = problem.with_field("file", file.display().to_string());
            }
            self.problems.push(problem);
        }
    }

    fn bind_sheet(&mut self, table_index: usize, sheet: &'a Sheet) -> Bound<'a> {
        let language = self.language;
        let table = self.table(table_index);
        let mut bound = Bound {
            sheet,
            columns: vec![None; table.slot_count()],
            rows: Vec::new(),
            by_owner: BTreeMap::new(),
        };
        let Some(header) = (0..sheet.rows.len()).find(|&row| !blank(sheet, row)) else {
            return bound;
        };
        let width = sheet.width();
        // Columns with a header that names nothing; their cells are not read.
        let mut unknown = BTreeSet::new();
        for column in 0..width {
            let cell = sheet.cell(header, column);
            if cell.is_empty() {
                continue;
            }
            let name = cell.shown();
            let place = format!("{}!{}", sheet.name, cell_name(header, column));
            match table.header_names.get(&name) {
                None => {
                    unknown.insert(column);
                    let names = (0..table.slot_count())
                        .flat_map(|slot| [table.slot_header(slot), table.slot_path(slot)]);
                    match did_you_mean(&name, names, language) {
                        // Close to a column: a typo, and the column it
                        // meant goes unread.
                        Some(help) => {
                            let message = tr!(language, "wb-unknown-column", name = &name);
                            self.problem(STRUCTURE, &place, message, help);
                        }
                        // Like nothing the policy has: the clerk's own column
                        // (备注), kept beside the data and not read.
                        None => {
                            let message = tr!(language, "wb-extra-column", name = &name);
                            let help = tr!(language, "wb-extra-column-help");
                            self.warning(STRUCTURE, &place, message, help);
                        }
                    }
                }
                Some(&slot) => match bound.columns[slot] {
                    Some(first) => {
                        unknown.insert(column);
                        self.problem(
                            STRUCTURE,
                            &place,
                            tr!(
                                language,
                                "wb-column-twice",
                                name = &name,
                                first = cell_name(header, first)
                            ),
                            tr!(language, "wb-remove-one"),
                        );
                    }
                    None => bound.columns[slot] = Some(column),
                },
            }
        }
        // A mistyped label over a path row that names its column: the path
        // row says what the column is, so the typo costs one error, not a
        // missing column and a row of paths read as data.
        let below = header + 1;
        if below < sheet.rows.len() {
            let rescued: Vec<(usize, usize)> = unknown
                .iter()
                .filter_map(|&column| {
                    let slot = *table.header_names.get(&sheet.cell(below, column).shown())?;
                    bound.columns[slot].is_none().then_some((column, slot))
                })
                .collect();
            for &(column, slot) in &rescued {
                bound.columns[slot] = Some(column);
            }
            if self.is_second_header(table, &bound, sheet, below) {
                for (column, _) in rescued {
                    unknown.remove(&column);
                }
            } else {
                for (_, slot) in rescued {
                    bound.columns[slot] = None;
                }
            }
        }
        for slot in 0..table.slot_count() {
            let required = match slot.checked_sub(table.owners.len()) {
                None => true,
                Some(column) => table.columns[column].required,
            };
            if required && bound.columns[slot].is_none() {
                self.problem(
                    MISSING,
                    &sheet.name,
                    tr!(
                        language,
                        "wb-missing-column",
                        header = table.slot_header(slot),
                        path = table.slot_path(slot)
                    ),
                    tr!(language, "wb-missing-column-help"),
                );
            }
        }
        let mut first_data = header + 1;
        if self.is_second_header(table, &bound, sheet, header + 1) {
            first_data += 1;
        } else if self.is_mistyped_second_header(table, &bound, sheet, header + 1) {
            // The path row with a typo: its other cells are paths, so it is
            // no data; reading it as data would only bury the typo.
            first_data += 1;
        }
        for row in first_data..sheet.rows.len() {
            if blank(sheet, row) {
                continue;
            }
            for column in 0..width {
                let headed = bound.columns.contains(&Some(column)) || unknown.contains(&column);
                if !headed && !sheet.cell(row, column).is_empty() {
                    self.problem(
                        STRUCTURE,
                        &format!("{}!{}", sheet.name, cell_name(row, column)),
                        tr!(language, "wb-headless-value"),
                        tr!(language, "wb-headless-value-help"),
                    );
                }
            }
            let owner = self.owner_key(table, &bound, sheet, row);
            let has_item = (table.owners.len()..table.slot_count()).any(|slot| {
                bound.columns[slot].is_some_and(|column| !sheet.cell(row, column).is_empty())
            });
            if !has_item && table.owners.is_empty() {
                continue;
            }
            if let Some(owner) = &owner {
                bound
                    .by_owner
                    .entry(owner.clone())
                    .or_default()
                    .push(bound.rows.len());
            }
            bound.rows.push(DataRow {
                row,
                owner,
                has_item,
            });
        }
        bound
    }

    /// Whether `row` is the path row with some paths mistyped: most of its
    /// headed cells are their column's path (or label), and every other
    /// non-empty cell is text that looks like a path (`satisfaction.vots`).
    /// Each mistyped path is reported with the path its column has.
    fn is_mistyped_second_header(
        &mut self,
        table: &Table,
        bound: &Bound,
        sheet: &Sheet,
        row: usize,
    ) -> bool {
        if blank(sheet, row) {
            return false;
        }
        let mut matching = 0;
        let mut mistyped = Vec::new();
        for column in 0..sheet.width() {
            let cell = sheet.cell(row, column);
            if cell.is_empty() {
                continue;
            }
            let shown = cell.shown();
            let slot = bound.columns.iter().position(|&at| at == Some(column));
            match slot {
                Some(slot) if table.header_names.get(&shown) == Some(&slot) => matching += 1,
                Some(slot) if looks_like_path(&shown) => mistyped.push((column, shown, slot)),
                None if looks_like_path(&shown) => {}
                _ => return false,
            }
        }
        if mistyped.is_empty() || matching < mistyped.len() {
            return false;
        }
        for (column, shown, slot) in mistyped {
            let place = format!("{}!{}", sheet.name, cell_name(row, column));
            let message = tr!(self.language, "wb-unknown-path", name = shown);
            let help = tr!(
                self.language,
                "wb-unknown-path-help",
                path = table.slot_path(slot)
            );
            self.problem(STRUCTURE, &place, message, help);
        }
        true
    }

    /// Whether `row` repeats the header by other names (the paths under the
    /// labels, as `kaoping template` writes them).
    fn is_second_header(&self, table: &Table, bound: &Bound, sheet: &Sheet, row: usize) -> bool {
        if blank(sheet, row) {
            return false;
        }
        (0..sheet.width()).all(|column| {
            let cell = sheet.cell(row, column);
            let slot = bound.columns.iter().position(|&at| at == Some(column));
            match slot {
                None => cell.is_empty(),
                Some(slot) => table.header_names.get(&cell.shown()) == Some(&slot),
            }
        })
    }

    /// The owner key a row names, or `None` (after reporting) when an owner
    /// cell is empty or does not fit the key.
    fn owner_key(
        &mut self,
        table: &Table,
        bound: &Bound,
        sheet: &Sheet,
        row: usize,
    ) -> Option<Vec<String>> {
        let mut key = Vec::with_capacity(table.owners.len());
        let mut complete = true;
        for (slot, owner) in table.owners.iter().enumerate() {
            let column = bound.columns[slot]?;
            let cell = sheet.cell(row, column);
            let place = format!("{}!{}", sheet.name, cell_name(row, column));
            if cell.is_empty() {
                self.problem(
                    INVALID,
                    &place,
                    tr!(
                        self.language,
                        "wb-owner-empty",
                        owner = owner.header.as_str()
                    ),
                    tr!(self.language, "wb-owner-empty-help"),
                );
                complete = false;
                continue;
            }
            let value = match &owner.key {
                Some(schema) => cell_value(cell, schema, self.language).map(trimmed_key),
                None => cell_value(
                    cell,
                    &FieldType::Number {
                        integer: true,
                        low: Some(crate::number::Number::from_integer(1)),
                        high: None,
                    },
                    self.language,
                ),
            };
            match value.ok().as_ref().and_then(key_text) {
                Some(text) => key.push(text),
                None => {
                    self.problem(
                        INVALID,
                        &place,
                        tr!(self.language, "wb-owner-not-item", value = cell.shown()),
                        tr!(
                            self.language,
                            "wb-owner-not-item-help",
                            owner = owner.header.as_str()
                        ),
                    );
                    complete = false;
                }
            }
        }
        complete.then_some(key)
    }

    // ───────────────────────────── values

    fn root(&mut self) -> Value {
        let policy = self.policy;
        let root = policy.record(policy.root);
        let scalars_row = self
            .layout
            .root_scalars
            .and_then(|table| self.single_row(table));
        let mut fields = Vec::with_capacity(root.fields.len());
        for field in &root.fields {
            let (schema, optional) = without_optional(&field.schema);
            let value = match schema {
                FieldType::List { .. } => match self.layout.table_at(&field.name) {
                    Some(table) => self.list(table, &[], optional),
                    None => Value::Absent,
                },
                FieldType::Record(id) => match self.layout.table_at(&field.name) {
                    Some(table) => self.single_row_record(table, *id, optional),
                    None => Value::Absent,
                },
                _ => match self.layout.root_scalars {
                    Some(table) => match self.table(table).column_at(&field.name) {
                        Some(column) => self.scalar(table, scalars_row, column),
                        None => Value::Absent,
                    },
                    None => Value::Absent,
                },
            };
            fields.push(value);
        }
        Value::record(fields)
    }

    /// The row of a one-row table; more rows, or none where one is needed,
    /// are reported. Called once per table.
    fn single_row(&mut self, table: usize) -> Option<usize> {
        let bound = self.bound[table].as_ref()?;
        let name = bound.sheet.name.clone();
        let rows: Vec<usize> = bound.rows.iter().map(|row| row.row).collect();
        if let Some(&extra) = rows.get(1) {
            self.problem(
                STRUCTURE,
                &format!("{name}!A{}", extra + 1),
                tr!(self.language, "wb-one-row"),
                tr!(self.language, "wb-one-row-help"),
            );
        }
        if rows.is_empty() && self.table(table).required() {
            self.problem(
                MISSING,
                &name,
                tr!(self.language, "wb-no-row"),
                tr!(self.language, "wb-no-row-help"),
            );
        }
        rows.first().copied()
    }

    fn single_row_record(&mut self, table: usize, record: RecordId, optional: bool) -> Value {
        let row = self.single_row(table);
        let outer = std::mem::take(&mut self.problems);
        let (value, given) = self.record(table, row, record, "", &[]);
        let inner = std::mem::replace(&mut self.problems, outer);
        if optional && !given {
            return Value::Absent;
        }
        self.problems.extend(inner);
        value
    }

    /// The items of the list in `table` that belong to the owner `owner`.
    fn list(&mut self, table: usize, owner: &[String], optional: bool) -> Value {
        let Some(bound) = &self.bound[table] else {
            return if optional {
                Value::Absent
            } else {
                Value::List(Arc::from(Vec::new()))
            };
        };
        let rows: Vec<DataRow> = if self.table(table).owners.is_empty() {
            bound.rows.clone()
        } else {
            bound
                .by_owner
                .get(owner)
                .map(|indices| indices.iter().map(|&i| bound.rows[i].clone()).collect())
                .unwrap_or_default()
        };
        if rows.is_empty() && optional {
            return Value::Absent;
        }
        let Rows::List { element, key, .. } = &self.table(table).rows else {
            return Value::Absent;
        };
        let mut items = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for data in rows.iter().filter(|data| data.has_item) {
            let number = (items.len() + 1).to_string();
            let value = match element {
                FieldType::Record(id) => {
                    let own = match key {
                        Some(key) => {
                            let name = &self.policy.record(*id).fields[*key].name;
                            self.key_of_row(table, data.row, name)
                        }
                        None => Some(number.clone()),
                    };
                    let mut item_key = owner.to_vec();
                    if let Some(own) = &own {
                        item_key.push(own.clone());
                        self.known[table].insert(item_key.clone());
                    }
                    if let (Some(key), Some(own)) = (key, &own) {
                        let name = self.policy.record(*id).fields[*key].name.clone();
                        let place = self.place(table, data.row, &name);
                        if let Some(first) = seen.get(own) {
                            self.duplicated[table] = true;
                            let path = self.table(table).path.clone();
                            self.problem(
                                INVALID,
                                &place,
                                tr!(
                                    self.language,
                                    "wb-duplicate-key",
                                    name = &name,
                                    value = own.as_str(),
                                    first = first.as_str()
                                ),
                                tr!(
                                    self.language,
                                    "wb-duplicate-key-help",
                                    name = &name,
                                    list = path,
                                    value = own.as_str()
                                ),
                            );
                        } else {
                            seen.insert(own.clone(), place.rsplit('!').next().unwrap_or("").into());
                        }
                    }
                    let nested_key = if own.is_some() {
                        item_key
                    } else {
                        // An item whose key could not be read owns nothing.
                        vec![String::from("\u{0}")]
                    };
                    let value = self.record(table, Some(data.row), *id, "", &nested_key).0;
                    if owner.is_empty() && is_placeholder_item(&value) {
                        let place = match key {
                            Some(key) => {
                                let name = self.policy.record(*id).fields[*key].name.clone();
                                self.place(table, data.row, &name)
                            }
                            None => self.row_place(&self.table(table).sheet, data.row),
                        };
                        let (message, help) = placeholder_warning(&place, self.language);
                        self.warnings.push(
                            Problem::warning(PLACEHOLDER, message, Span::new(0, 0)).with_help(help),
                        );
                    }
                    value
                }
                _ => self.scalar(table, Some(data.row), 0),
            };
            items.push(value);
        }
        Value::list(items)
    }

    /// The key text of the item in `row`, read from its key column.
    fn key_of_row(&mut self, table: usize, row: usize, key: &str) -> Option<String> {
        let column = self.table(table).column_at(key)?;
        let bound = self.bound[table].as_ref()?;
        let cell = bound
            .sheet
            .cell(row, bound.columns[self.table(table).owners.len() + column]?);
        if cell.is_empty() {
            return None;
        }
        cell_value(
            cell,
            &self.table(table).columns[column].schema,
            self.language,
        )
        .map(trimmed_key)
        .ok()
        .as_ref()
        .and_then(key_text)
    }

    /// `sheet!D7` for the cell of the column at `path` in `row`, or
    /// `sheet row 7` when the sheet lacks the column.
    fn place(&self, table: usize, row: usize, path: &str) -> String {
        let Some(bound) = &self.bound[table] else {
            return self.table(table).sheet.clone();
        };
        let owners = self.table(table).owners.len();
        match self
            .table(table)
            .column_at(path)
            .and_then(|column| bound.columns[owners + column])
        {
            Some(column) => format!("{}!{}", bound.sheet.name, cell_name(row, column)),
            None => self.row_place(&bound.sheet.name, row),
        }
    }

    /// The record of type `record` whose fields are the columns under
    /// `prefix` in `row` (none when the sheet has no row for it), and
    /// whether any of its cells, or any row of a list in it, holds something.
    fn record(
        &mut self,
        table: usize,
        row: Option<usize>,
        record: RecordId,
        prefix: &str,
        item_key: &[String],
    ) -> (Value, bool) {
        let policy = self.policy;
        let mut given = false;
        let mut fields = Vec::new();
        for field in &policy.record(record).fields {
            let path = format!("{prefix}{}", field.name);
            let (schema, optional) = without_optional(&field.schema);
            let value = match schema {
                FieldType::Record(id) => {
                    let outer = std::mem::take(&mut self.problems);
                    let (value, inner_given) =
                        self.record(table, row, *id, &format!("{path}."), item_key);
                    let inner = std::mem::replace(&mut self.problems, outer);
                    given |= inner_given;
                    if optional && !inner_given {
                        Value::Absent
                    } else {
                        self.problems.extend(inner);
                        value
                    }
                }
                FieldType::List { .. } => {
                    let list_path = format!("{}.{path}", self.table(table).path);
                    match self.layout.table_at(&list_path) {
                        Some(child) => {
                            let value = self.list(child, item_key, optional);
                            given |=
                                matches!(&value, Value::List(_)) && self.owns_rows(child, item_key);
                            value
                        }
                        None => Value::Absent,
                    }
                }
                _ => match self.table(table).column_at(&path) {
                    Some(column) => {
                        let value = self.scalar(table, row, column);
                        given |= self.cell_given(table, row, column);
                        value
                    }
                    None => Value::Absent,
                },
            };
            fields.push(value);
        }
        (Value::record(fields), given)
    }

    fn owns_rows(&self, table: usize, owner: &[String]) -> bool {
        match &self.bound[table] {
            Some(bound) if self.table(table).owners.is_empty() => !bound.rows.is_empty(),
            Some(bound) => bound.by_owner.contains_key(owner),
            None => false,
        }
    }

    fn cell_given(&self, table: usize, row: Option<usize>, column: usize) -> bool {
        let owners = self.table(table).owners.len();
        match (&self.bound[table], row) {
            (Some(bound), Some(row)) => bound.columns[owners + column]
                .is_some_and(|at| !bound.sheet.cell(row, at).is_empty()),
            _ => false,
        }
    }

    /// The value of one scalar column in `row`: validated, defaulted when
    /// empty and the field has a default, absent when empty and optional.
    fn scalar(&mut self, table: usize, row: Option<usize>, column: usize) -> Value {
        let spec = &self.table(table).columns[column];
        let owners = self.table(table).owners.len();
        let read = match (&self.bound[table], row) {
            (Some(bound), Some(row)) => match bound.columns[owners + column] {
                Some(at) => {
                    let cell = bound.sheet.cell(row, at);
                    if cell.is_empty() {
                        Read::Empty
                    } else {
                        let place = format!("{}!{}", bound.sheet.name, cell_name(row, at));
                        let value = match cell {
                            Cell::Percent(_) if spec.percentage => {
                                Err(percent_problem(cell, self.language))
                            }
                            _ if spec.key => {
                                cell_value(cell, &spec.schema, self.language).map(trimmed_key)
                            }
                            _ => cell_value(cell, &spec.schema, self.language),
                        };
                        match value {
                            Ok(value) => {
                                if let FieldType::Reference { root_field } = &spec.schema {
                                    if let Value::Text(text) = &value {
                                        self.references.push((
                                            *root_field,
                                            text.to_string(),
                                            place,
                                        ));
                                    }
                                }
                                Read::Value(value)
                            }
                            Err(problem) => {
                                self.problem(INVALID, &place, problem.message, problem.help);
                                Read::Value(Value::Absent)
                            }
                        }
                    }
                }
                // The missing column is reported once, unless it may be
                // missing (a field of an optional record), in which case
                // the row that gives the record misses it.
                None if spec.required || spec.may_be_empty => Read::Value(Value::Absent),
                None => {
                    let place = self.row_place(&bound.sheet.name, row);
                    let message = tr!(
                        self.language,
                        "wb-missing-column-in-row",
                        header = spec.header.as_str(),
                        path = spec.path.as_str()
                    );
                    let help = tr!(self.language, "wb-missing-column-in-row-help");
                    self.problem(MISSING, &place, message, help);
                    Read::Value(Value::Absent)
                }
            },
            // A missing sheet or row is reported once, where it is missing.
            _ => Read::Value(Value::Absent),
        };
        match read {
            Read::Value(value) => value,
            Read::Empty => {
                if let Some(default) = &spec.default {
                    return default.clone();
                }
                if !spec.may_be_empty {
                    let place = self.place(table, row.unwrap_or(0), &spec.path.clone());
                    let expected = expectation(&spec.schema, self.language);
                    let label = spec.header.clone();
                    self.problem(
                        INVALID,
                        &place,
                        tr!(self.language, "wb-empty-cell", expected = expected),
                        tr!(self.language, "wb-empty-cell-help", label = label),
                    );
                }
                Value::Absent
            }
        }
    }

    // ───────────────────────────── owners

    /// Reports every row that names an owner no table has.
    fn check_owners(&mut self) {
        for (index, table) in self.layout.tables.iter().enumerate() {
            let Some(bound) = &self.bound[index] else {
                continue;
            };
            let mut problems = Vec::new();
            for data in &bound.rows {
                let Some(key) = &data.owner else { continue };
                for (level, owner) in table.owners.iter().enumerate() {
                    let prefix = &key[..=level];
                    if self.known[owner.table].contains(prefix) {
                        continue;
                    }
                    if self.duplicated[owner.table] {
                        break;
                    }
                    let Some(column) = bound.columns[level] else {
                        break;
                    };
                    let owner_sheet = self.bound[owner.table]
                        .as_ref()
                        .map_or(self.table(owner.table).sheet.clone(), |b| {
                            b.sheet.name.clone()
                        });
                    let siblings: Vec<&str> = self.known[owner.table]
                        .iter()
                        .filter(|known| known.len() == level + 1 && known[..level] == key[..level])
                        .map(|known| known[level].as_str())
                        .collect();
                    let value = &key[level];
                    let language = self.language;
                    let help = did_you_mean(value, siblings.iter().copied(), language)
                        .unwrap_or_else(|| {
                            tr!(
                                language,
                                "wb-name-an-item",
                                sheet = &owner_sheet,
                                key = owner.key_label.as_str()
                            )
                        });
                    problems.push((
                        format!("{}!{}", bound.sheet.name, cell_name(data.row, column)),
                        tr!(
                            language,
                            "wb-not-in-sheet",
                            value = value,
                            sheet = &owner_sheet
                        ),
                        help,
                    ));
                    break;
                }
            }
            for (place, message, help) in problems {
                self.problem(REFERENCE, &place, message, help);
            }
        }
    }
}

/// Whether a header cell reads like a field path (`satisfaction.votes`,
/// `candidates.id`): ASCII words joined by dots, as no data value is written.
fn looks_like_path(text: &str) -> bool {
    text.contains('.')
        && text.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '#')
        })
}

fn blank(sheet: &Sheet, row: usize) -> bool {
    sheet
        .rows
        .get(row)
        .is_none_or(|cells| cells.iter().all(Cell::is_empty))
}

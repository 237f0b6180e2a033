//! Which sheets and columns a policy's facts take in a workbook, derived
//! from the `input` schema alone so that any policy gets one.
//!
//! Every list reached from the input is a table: a top-level list, a list
//! inside a top-level record, or a list inside a list item (at any depth).
//! Each top-level record is a table of one row, and so are the top-level
//! scalars together (the `input` table). An item's nested records are
//! flattened into its row, one column per scalar field, named by its path
//! relative to the item (`team.mobile.connected`). A table of a list nested
//! in a list item starts with one owner column per enclosing list: that
//! list's key (`candidates.id`), or the item's 1-based number within its own
//! list (`candidates.case_files.recommended.#`) when the list has no key.

use std::collections::{BTreeMap, BTreeSet};

use crate::policy::{FieldType, Policy, RecordId};
use crate::value::Value;

/// The sheet name of the top-level scalars, which have no record to name them.
pub(crate) const ROOT_SCALARS: &str = "input";

/// Excel refuses longer sheet names.
const SHEET_NAME_LIMIT: usize = 31;

/// Joins the labels of a flattened column's path segments.
pub(crate) const LABEL_SEPARATOR: &str = "·";

/// Every table of a policy's facts, in the order the schema declares them
/// (depth first): the order sheets are written in.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub tables: Vec<Table>,
    /// The table of each list or top-level record, by its schema path.
    by_path: BTreeMap<String, usize>,
    /// The table of the top-level scalars, when the input has any.
    pub root_scalars: Option<usize>,
}

/// What a table's rows are.
#[derive(Debug, Clone)]
pub(crate) enum Rows {
    /// One row per item of a list.
    List {
        element: FieldType,
        /// The element record's field whose value must be unique.
        key: Option<usize>,
        optional: bool,
    },
    /// The one row of a top-level record.
    Record { optional: bool },
    /// The one row of the top-level scalars.
    RootScalars,
}

#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The schema path: `candidates.supervision.commendations`, `province`.
    pub path: String,
    /// The name written; unique, and valid as an Excel sheet name.
    pub sheet: String,
    /// Every name a sheet may have to be this table.
    pub names: Vec<String>,
    pub rows: Rows,
    /// The enclosing lists' keys, outermost first.
    pub owners: Vec<Owner>,
    pub columns: Vec<Column>,
    /// The owner columns' and then the columns' accepted header names, each
    /// mapped to its slot (owners first, then columns).
    pub header_names: BTreeMap<String, usize>,
    /// What a list's own owner column, in the tables nested in its items,
    /// looks like; `None` for tables that are not lists.
    pub as_owner: Option<Owner>,
    label: Option<String>,
}

/// An owner column: which item of an enclosing list a row belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Owner {
    /// The enclosing list's table.
    pub table: usize,
    pub header: String,
    pub path: String,
    /// The key field's type, or `None` when the list has no key and its
    /// items are numbered from 1.
    pub key: Option<FieldType>,
    /// The key's label alone (`编号`), accepted as a header when unambiguous.
    pub key_label: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Column {
    /// Relative to the row's item: `team.mobile.connected`.
    pub path: String,
    pub header: String,
    /// The field's type, `optional` removed.
    pub schema: FieldType,
    pub default: Option<Value>,
    /// Whether an empty cell is allowed: the field is optional or has a default.
    pub may_be_empty: bool,
    /// Whether the header must have this column: no optional record
    /// encloses the field, and an empty cell would be an error.
    pub required: bool,
    /// Whether the column is its list's key (spaces around a key are not
    /// part of it).
    pub key: bool,
    /// Whether the column holds a percentage as a number (97 for 97%): see
    /// [`is_percentage`].
    pub percentage: bool,
    /// The last segment's label, if it has one.
    leaf_label: Option<String>,
    /// Every segment's label (or name) joined: `队伍建设与管理·移动执法系统建设使用·…`.
    full_label: String,
}

impl Layout {
    /// The layout of `policy`'s facts. `Err` names a shape that has no
    /// layout (a list of lists, a list of optional values).
    pub fn new(policy: &Policy) -> Result<Layout, String> {
        let mut builder = Builder {
            policy,
            tables: Vec::new(),
            root_scalars: None,
        };
        let root = policy.record(policy.root);
        for field in &root.fields {
            let (schema, optional) = without_optional(&field.schema);
            match schema {
                FieldType::List { element, key } => builder.list_table(
                    field.name.clone(),
                    field.label.clone(),
                    element,
                    *key,
                    optional,
                    Vec::new(),
                )?,
                FieldType::Record(id) => {
                    let table = builder.add_table(
                        field.name.clone(),
                        field.label.clone(),
                        Rows::Record { optional },
                        Vec::new(),
                    );
                    builder.flatten(table, *id, "", &[], optional, &[])?;
                }
                scalar => {
                    let table = match builder.root_scalars {
                        Some(table) => table,
                        None => {
                            let table = builder.add_table(
                                ROOT_SCALARS.into(),
                                None,
                                Rows::RootScalars,
                                Vec::new(),
                            );
                            builder.root_scalars = Some(table);
                            table
                        }
                    };
                    builder.tables[table].columns.push(Column::new(
                        field.name.clone(),
                        vec![field.label.clone().unwrap_or_else(|| field.name.clone())],
                        field.label.clone(),
                        scalar,
                        field.default.clone(),
                        optional,
                        false,
                    ));
                }
            }
        }
        let mut tables = builder.tables;
        name_sheets(&mut tables);
        for table in &mut tables {
            name_columns(table);
        }
        let by_path = tables
            .iter()
            .enumerate()
            .filter(|(_, table)| !matches!(table.rows, Rows::RootScalars))
            .map(|(index, table)| (table.path.clone(), index))
            .collect();
        Ok(Layout {
            root_scalars: builder.root_scalars,
            tables,
            by_path,
        })
    }

    /// The table of the list or top-level record at this schema path.
    pub fn table_at(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    /// The table a sheet called `name` holds.
    pub fn table_named(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.tables
            .iter()
            .position(|table| table.names.iter().any(|accepted| accepted == name))
    }

    /// The canonical sheet names, for "did you mean" help.
    pub fn sheet_names(&self) -> impl Iterator<Item = &str> {
        self.tables.iter().map(|table| table.sheet.as_str())
    }
}

impl Table {
    /// The header a slot (owner columns first, then columns) is written with.
    pub fn slot_header(&self, slot: usize) -> &str {
        match slot.checked_sub(self.owners.len()) {
            None => &self.owners[slot].header,
            Some(column) => &self.columns[column].header,
        }
    }

    /// The path a slot is written with in the second header row.
    pub fn slot_path(&self, slot: usize) -> &str {
        match slot.checked_sub(self.owners.len()) {
            None => &self.owners[slot].path,
            Some(column) => &self.columns[column].path,
        }
    }

    pub fn slot_count(&self) -> usize {
        self.owners.len() + self.columns.len()
    }

    /// The column at this path relative to the row's item.
    pub fn column_at(&self, path: &str) -> Option<usize> {
        self.columns.iter().position(|column| column.path == path)
    }

    /// Whether the table must be in a workbook: a list or record that is
    /// not optional. Its rows may still be none.
    pub fn required(&self) -> bool {
        match &self.rows {
            Rows::List { optional, .. } | Rows::Record { optional, .. } => !optional,
            Rows::RootScalars => self.columns.iter().any(|column| column.required),
        }
    }
}

impl Column {
    fn new(
        path: String,
        labels: Vec<String>,
        leaf_label: Option<String>,
        schema: &FieldType,
        default: Option<Value>,
        optional: bool,
        under_optional: bool,
    ) -> Column {
        let may_be_empty = optional || default.is_some();
        let percentage = is_percentage(leaf_label.as_deref(), schema);
        Column {
            path,
            header: String::new(),
            schema: schema.clone(),
            default,
            may_be_empty,
            required: !may_be_empty && !under_optional,
            key: false,
            percentage,
            leaf_label,
            full_label: labels.join(LABEL_SEPARATOR),
        }
    }
}

/// Whether a number field holds a percentage as a number, so that 97% is
/// written 97: its label says so with `%` or `％` (`案件填报率(%)`), or it is
/// a rate (`率`) ranging over 0 to 100. A cell formatted as a percentage in
/// such a column holds 0.97 for 97%, and is refused.
pub(crate) fn is_percentage(label: Option<&str>, schema: &FieldType) -> bool {
    let FieldType::Number { low, high, .. } = schema else {
        return false;
    };
    let Some(label) = label else {
        return false;
    };
    let hundred = crate::number::Number::from_integer(100);
    let zero = crate::number::Number::zero();
    label.contains(['%', '％'])
        || (label.contains('率') && low.as_ref() == Some(&zero) && high.as_ref() == Some(&hundred))
}

/// The field type inside `optional`, and whether it was optional.
pub(crate) fn without_optional(schema: &FieldType) -> (&FieldType, bool) {
    match schema {
        FieldType::Optional(inner) => (without_optional(inner).0, true),
        schema => (schema, false),
    }
}

struct Builder<'p> {
    policy: &'p Policy,
    tables: Vec<Table>,
    root_scalars: Option<usize>,
}

impl Builder<'_> {
    fn add_table(
        &mut self,
        path: String,
        label: Option<String>,
        rows: Rows,
        owners: Vec<Owner>,
    ) -> usize {
        self.tables.push(Table {
            path,
            sheet: String::new(),
            names: Vec::new(),
            rows,
            owners,
            columns: Vec::new(),
            header_names: BTreeMap::new(),
            as_owner: None,
            label,
        });
        self.tables.len() - 1
    }

    fn list_table(
        &mut self,
        path: String,
        label: Option<String>,
        element: &FieldType,
        key: Option<usize>,
        optional: bool,
        owners: Vec<Owner>,
    ) -> Result<(), String> {
        let rows = Rows::List {
            element: element.clone(),
            key,
            optional,
        };
        let table = self.add_table(path.clone(), label.clone(), rows, owners.clone());
        let shown = label.clone().unwrap_or_else(|| path.clone());
        let as_owner = match (element, key) {
            (FieldType::Record(id), Some(key)) => {
                let field = &self.policy.record(*id).fields[key];
                let key_label = field.label.clone().unwrap_or_else(|| field.name.clone());
                // `设区市·设区市` says no more than `设区市`.
                let header = if shown == key_label {
                    key_label.clone()
                } else {
                    format!("{shown}{LABEL_SEPARATOR}{key_label}")
                };
                Owner {
                    table,
                    header,
                    path: format!("{path}.{}", field.name),
                    key: Some(without_optional(&field.schema).0.clone()),
                    key_label,
                }
            }
            _ => Owner {
                table,
                header: format!("{shown}{LABEL_SEPARATOR}序号"),
                path: format!("{path}.#"),
                key: None,
                key_label: "序号".into(),
            },
        };
        self.tables[table].as_owner = Some(as_owner.clone());
        let mut child_owners = owners;
        child_owners.push(as_owner);
        match element {
            FieldType::Record(id) => {
                self.flatten(table, *id, "", &[], false, &child_owners)?;
                if let Some(key) = key {
                    let name = &self.policy.record(*id).fields[key].name;
                    if let Some(column) = self.tables[table].column_at(name) {
                        self.tables[table].columns[column].key = true;
                    }
                }
                Ok(())
            }
            FieldType::List { .. } | FieldType::Optional(_) | FieldType::Unknown => Err(format!(
                "`{path}` is a list of lists or of optional values, which a workbook cannot lay out"
            )),
            scalar => {
                let name = path.rsplit('.').next().unwrap_or(&path).to_string();
                self.tables[table].columns.push(Column::new(
                    name,
                    vec![shown],
                    label,
                    scalar,
                    None,
                    false,
                    false,
                ));
                Ok(())
            }
        }
    }

    /// Adds a column for every scalar field of `record` (recursively through
    /// nested records) to `table`, and a table for every list in it.
    fn flatten(
        &mut self,
        table: usize,
        record: RecordId,
        prefix: &str,
        labels: &[String],
        under_optional: bool,
        child_owners: &[Owner],
    ) -> Result<(), String> {
        let policy = self.policy;
        for field in &policy.record(record).fields {
            let path = format!("{prefix}{}", field.name);
            let mut field_labels = labels.to_vec();
            field_labels.push(field.label.clone().unwrap_or_else(|| field.name.clone()));
            let (schema, optional) = without_optional(&field.schema);
            match schema {
                FieldType::Record(id) => self.flatten(
                    table,
                    *id,
                    &format!("{path}."),
                    &field_labels,
                    under_optional || optional,
                    child_owners,
                )?,
                FieldType::List { element, key } => {
                    let list_path = format!("{}.{path}", self.tables[table].path);
                    self.list_table(
                        list_path,
                        field.label.clone(),
                        element,
                        *key,
                        optional,
                        child_owners.to_vec(),
                    )?;
                }
                scalar => {
                    let column = Column::new(
                        path,
                        field_labels,
                        field.label.clone(),
                        scalar,
                        field.default.clone(),
                        optional,
                        under_optional,
                    );
                    self.tables[table].columns.push(column);
                }
            }
        }
        Ok(())
    }
}

fn valid_sheet_name(name: &str) -> bool {
    let length = name.chars().count();
    (1..=SHEET_NAME_LIMIT).contains(&length)
        && !name.contains(['[', ']', ':', '*', '?', '/', '\\'])
        && !name.starts_with('\'')
        && !name.ends_with('\'')
        && !name.eq_ignore_ascii_case("history")
        && name.trim() == name
}

/// Gives each table its written sheet name: its label when that is a valid
/// sheet name that no other table shares, else its path, else a shortened
/// path with the table's number. Excel compares sheet names without case.
fn name_sheets(tables: &mut [Table]) {
    let folded = |name: &str| name.to_lowercase();
    let mut label_counts: BTreeMap<String, usize> = BTreeMap::new();
    for table in tables.iter() {
        if let Some(label) = &table.label {
            *label_counts.entry(folded(label)).or_default() += 1;
        }
    }
    let paths: BTreeSet<String> = tables.iter().map(|table| folded(&table.path)).collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (index, table) in tables.iter_mut().enumerate() {
        let usable_label = table.label.clone().filter(|label| {
            valid_sheet_name(label)
                && label_counts.get(&folded(label)) == Some(&1)
                && (!paths.contains(&folded(label)) || folded(label) == folded(&table.path))
        });
        let mut name = match usable_label {
            Some(label) => label,
            None if valid_sheet_name(&table.path) => table.path.clone(),
            None => shortened(&table.path, index),
        };
        if taken.contains(&folded(&name)) {
            name = shortened(&table.path, index);
        }
        taken.insert(folded(&name));
        let mut names = vec![name.clone(), table.path.clone()];
        if let Some(label) = &table.label {
            if label_counts.get(&folded(label)) == Some(&1) && !paths.contains(&folded(label)) {
                names.push(label.clone());
            }
        }
        names.dedup();
        table.sheet = name;
        table.names = names;
    }
}

/// A valid sheet name made from a path too long (or too odd) to be one.
fn shortened(path: &str, index: usize) -> String {
    let suffix = format!("~{}", index + 1);
    let room = SHEET_NAME_LIMIT - suffix.chars().count();
    let kept: String = path
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
        .take(room)
        .collect();
    format!("{kept}{suffix}")
}

/// Gives each column its written header (its own label when no other column
/// of the table has it, else the labels of its whole path, else the path),
/// and records every header name the table accepts.
fn name_columns(table: &mut Table) {
    let mut leaf_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut full_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for column in &table.columns {
        if let Some(leaf) = &column.leaf_label {
            *leaf_counts.entry(leaf).or_default() += 1;
        }
        *full_counts.entry(&column.full_label).or_default() += 1;
    }
    let paths: BTreeSet<&str> = table
        .columns
        .iter()
        .map(|column| column.path.as_str())
        .chain(table.owners.iter().map(|owner| owner.path.as_str()))
        .collect();
    let owner_headers: BTreeSet<&str> = table
        .owners
        .iter()
        .map(|owner| owner.header.as_str())
        .collect();
    let unique = |name: &str, counts: &BTreeMap<&str, usize>| {
        counts.get(name) == Some(&1) && !paths.contains(name) && !owner_headers.contains(name)
    };
    let mut accepted: Vec<(String, usize)> = Vec::new();
    let owners = table.owners.len();
    let mut headers = Vec::with_capacity(table.columns.len());
    for (index, column) in table.columns.iter().enumerate() {
        let slot = owners + index;
        let leaf = column
            .leaf_label
            .as_deref()
            .filter(|leaf| unique(leaf, &leaf_counts));
        let full = Some(column.full_label.as_str()).filter(|full| unique(full, &full_counts));
        let header = leaf.or(full).unwrap_or(&column.path).to_string();
        for name in [
            Some(header.as_str()),
            Some(column.path.as_str()),
            leaf,
            full,
        ]
        .into_iter()
        .flatten()
        {
            accepted.push((name.to_string(), slot));
        }
        headers.push(header);
    }
    for (column, header) in table.columns.iter_mut().zip(headers) {
        column.header = header;
    }
    for (slot, owner) in table.owners.iter().enumerate() {
        accepted.push((owner.header.clone(), slot));
        accepted.push((owner.path.clone(), slot));
    }
    // The key's bare label (`编号`) is a courtesy: it yields to any column
    // that has the name, and to a second owner with the same key label.
    let mut bare_labels: BTreeMap<&str, usize> = BTreeMap::new();
    for owner in &table.owners {
        *bare_labels.entry(&owner.key_label).or_default() += 1;
    }
    for (slot, owner) in table.owners.iter().enumerate() {
        let label = owner.key_label.as_str();
        if bare_labels.get(label) == Some(&1) && !accepted.iter().any(|(name, _)| name == label) {
            accepted.push((label.to_string(), slot));
        }
    }
    // A name two slots would accept belongs to neither; the written header
    // and the path are unique by construction, so each slot keeps a name.
    let mut slots_of: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (name, slot) in accepted {
        slots_of.entry(name).or_default().insert(slot);
    }
    table.header_names = slots_of
        .into_iter()
        .filter_map(|(name, slots)| {
            (slots.len() == 1).then(|| (name, *slots.iter().next().unwrap_or(&0)))
        })
        .collect();
}

/// The text that identifies a keyed item: its key value as written.
pub(crate) fn key_text(value: &Value) -> Option<String> {
    match value {
        Value::Text(text) => Some(text.to_string()),
        Value::Number(number) => Some(number.to_exact_string()),
        Value::Date(date) => Some(date.to_string()),
        Value::Bool(value) => Some(value.to_string()),
        _ => None,
    }
}

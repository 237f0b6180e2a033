//! The index of a policy and the chain it extends: every declaration as a
//! symbol, every use of a name with the symbol it resolves to, and the
//! scopes that completion asks about. Built from each file's own syntax tree
//! (not the merged one), so that a parameter the child overrides still has
//! its parent's declaration and uses, and the override is one more use.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::types::{declared, FieldShape, RecordId, RecordShape, Ty};
use crate::ast::{
    Annotations, Declaration, FieldDeclaration, Indicator, Name, Override, PolicyFile, Removed,
    Span, TypeExpression,
};

/// The index of a symbol in `Index::symbols`.
pub(super) type SymbolId = usize;

/// One file of the chain: the edited file first, then each ancestor.
#[derive(Clone, Debug)]
pub(super) struct SourceText {
    pub(super) path: PathBuf,
    pub(super) text: Arc<str>,
    /// Where its first byte sits in the shared offset space.
    pub(super) offset: usize,
    /// The policy's title, which names the file in a hover.
    pub(super) title: Option<String>,
}

/// What a symbol declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Parameter,
    Let,
    Record,
    Field,
    Indicator,
    Item,
    EnumValue,
    Function,
    Adjustment,
}

/// A parameter's value as one file of the chain sets it.
#[derive(Clone, Debug)]
pub(super) struct ParameterValue {
    pub(super) file: usize,
    pub(super) text: String,
    pub(super) cites: Vec<String>,
    pub(super) readings: Vec<String>,
}

/// One declaration.
#[derive(Clone, Debug)]
pub(super) struct Symbol {
    pub(super) kind: Kind,
    pub(super) name: String,
    /// The label as written, for a field with its parents' labels before it.
    pub(super) label: Option<String>,
    /// The name where it is declared, in the shared offset space.
    pub(super) span: Span,
    pub(super) ty: Ty,
    pub(super) cites: Vec<String>,
    pub(super) readings: Vec<String>,
    /// A parameter's value in each file that sets it, root first.
    pub(super) values: Vec<ParameterValue>,
    /// An indicator's or item's `max` as written.
    pub(super) max: Option<String>,
    /// An item's path (`team.mobile`), a field's (`Candidate.daily.filing`).
    pub(super) path: String,
    /// For a `let` inside a block: the block's span, where it can be read.
    pub(super) block: Option<Span>,
    /// A block `let`'s owner, as `indicator supervision`.
    pub(super) owner: Option<String>,
}

/// A block's `let`s, for the names completion offers inside it.
#[derive(Clone, Debug)]
pub(super) struct BlockScope {
    pub(super) span: Span,
    pub(super) lets: Vec<SymbolId>,
}

/// A built-in function or list method named in an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Builtin {
    Function(&'static str),
    Method(&'static str),
}

/// Everything the analysis knows about a chain.
#[derive(Clone, Debug, Default)]
pub(super) struct Index {
    /// The edited file first, then its ancestors, nearest first.
    pub(super) files: Vec<SourceText>,
    pub(super) symbols: Vec<Symbol>,
    /// Each use of a name (never its declaration) and what it names.
    pub(super) uses: Vec<(Span, SymbolId)>,
    pub(super) builtins: Vec<(Span, Builtin)>,
    pub(super) records: Vec<RecordShape>,
    pub(super) record_names: BTreeMap<String, RecordId>,
    /// Named records' symbols.
    pub(super) record_symbols: BTreeMap<String, SymbolId>,
    /// The `input` block's record.
    pub(super) root: Option<RecordId>,
    pub(super) parameters: BTreeMap<String, SymbolId>,
    /// Top-level `let`s, in the merged order (root's first).
    pub(super) lets: Vec<SymbolId>,
    /// Indicators and items by path (`team`, `team.mobile`).
    pub(super) indicators: BTreeMap<String, SymbolId>,
    pub(super) adjustments: BTreeMap<String, SymbolId>,
    pub(super) functions: BTreeMap<String, SymbolId>,
    pub(super) enum_values: Vec<SymbolId>,
    pub(super) blocks: Vec<BlockScope>,
    /// Each `extends "PATH"`'s path and the file it names.
    pub(super) extends: Vec<(Span, usize)>,
}

impl Index {
    /// The type of `value[key]`, in one place for the walk and for completion
    /// on the text before the cursor: a list's element; for a record, its
    /// first field's type.
    pub(super) fn indexed(&self, value: &Ty) -> Ty {
        match value.present() {
            Ty::List(element) => (**element).clone(),
            Ty::Record(record) => self
                .records
                .get(*record)
                .and_then(|record| record.fields.first())
                .map_or(Ty::Unknown, |field| field.ty.clone()),
            _ => Ty::Unknown,
        }
    }

    /// The index of `trees`, given root first with their files.
    pub(super) fn build(files: Vec<SourceText>, trees: &[(usize, PolicyFile)]) -> Index {
        let mut index = Index {
            files,
            ..Index::default()
        };
        for (file, tree) in trees {
            if let Some((_, span)) = &tree.header.extends {
                if file + 1 < index.files.len() {
                    index.extends.push((*span, file + 1));
                }
            }
            index.declare_names(*file, tree);
        }
        for (file, tree) in trees {
            index.declare_fields(*file, tree);
        }
        super::walk::walk(&mut index, trees);
        index
            .uses
            .sort_by_key(|(span, symbol)| (span.start, span.end, *symbol));
        index
            .uses
            .dedup_by_key(|(span, symbol)| (span.start, span.end, *symbol));
        index
            .builtins
            .sort_by_key(|(span, _)| (span.start, span.end));
        index
    }

    /// The record the `candidates` list holds.
    pub(super) fn candidate(&self) -> Option<RecordId> {
        let root = self.records.get(self.root?)?;
        let field = root
            .fields
            .iter()
            .find(|field| field.name == "candidates")?;
        match field.ty.element() {
            Ty::Record(id) => Some(id),
            _ => None,
        }
    }

    /// A field of a record by name.
    pub(super) fn field(&self, record: RecordId, name: &str) -> Option<&FieldShape> {
        self.records
            .get(record)?
            .fields
            .iter()
            .find(|field| field.name == name)
    }

    /// The text of `span` in the file that holds it.
    pub(super) fn slice(&self, span: Span) -> Option<&str> {
        let file = self.file_of(span.start)?;
        let source = &self.files[file];
        source
            .text
            .get(span.start - source.offset..span.end.checked_sub(source.offset)?)
    }

    /// Which file holds the shared offset.
    pub(super) fn file_of(&self, offset: usize) -> Option<usize> {
        self.files
            .iter()
            .position(|file| offset >= file.offset && offset <= file.offset + file.text.len())
    }

    pub(super) fn add_symbol(&mut self, symbol: Symbol) -> SymbolId {
        self.symbols.push(symbol);
        self.symbols.len() - 1
    }

    pub(super) fn add_use(&mut self, name: &Name, symbol: SymbolId) {
        self.uses.push((name.span, symbol));
    }

    /// A symbol named by `name`, with nothing yet known beyond its kind,
    /// label and type.
    pub(super) fn symbol(kind: Kind, name: &Name, label: Option<String>, ty: Ty) -> Symbol {
        Symbol {
            kind,
            name: name.text.clone(),
            label,
            span: name.span,
            ty,
            cites: Vec::new(),
            readings: Vec::new(),
            values: Vec::new(),
            max: None,
            path: name.text.clone(),
            block: None,
            owner: None,
        }
    }

    /// Parameters, top-level lets, records' names, indicators and items,
    /// adjustments and script functions: what expressions and types may name.
    fn declare_names(&mut self, file: usize, tree: &PolicyFile) {
        for declaration in &tree.declarations {
            match declaration {
                Declaration::Parameter(parameter)
                | Declaration::Override(Override::Parameter(parameter)) => {
                    self.parameter(file, parameter)
                }
                Declaration::Derived(derived) => {
                    let symbol =
                        self.add_symbol(Self::symbol(Kind::Let, &derived.name, None, Ty::Unknown));
                    self.symbols[symbol].cites = derived.annotations.cites.clone();
                    self.lets.push(symbol);
                }
                Declaration::Record(record) => {
                    self.record_name(&record.name, record.label.clone());
                }
                Declaration::Override(
                    Override::Record(record) | Override::RecordExtension(record),
                ) => {
                    self.record_name(&record.name, record.label.clone());
                }
                Declaration::Indicator(indicator)
                | Declaration::Override(Override::Indicator(indicator)) => {
                    self.indicator(indicator, "", true);
                }
                Declaration::Override(Override::Item { parents, item }) => {
                    let mut path = String::new();
                    for parent in parents {
                        if !path.is_empty() {
                            path.push('.');
                        }
                        path.push_str(&parent.text);
                        if let Some(&symbol) = self.indicators.get(&path) {
                            self.add_use(parent, symbol);
                        }
                    }
                    self.indicator(item, &path, false);
                }
                Declaration::Remove(removal) => self.removal(&removal.removed),
                Declaration::Adjustment(adjustment)
                | Declaration::Override(Override::Adjustment(adjustment)) => {
                    match self.adjustments.get(&adjustment.name.text) {
                        Some(&symbol) => self.add_use(&adjustment.name, symbol),
                        None => {
                            let mut symbol = Self::symbol(
                                Kind::Adjustment,
                                &adjustment.name,
                                adjustment.label.clone(),
                                Ty::Number(None),
                            );
                            symbol.cites = adjustment.body.annotations.cites.clone();
                            symbol.readings = readings(&adjustment.body.annotations);
                            let id = self.add_symbol(symbol);
                            self.adjustments.insert(adjustment.name.text.clone(), id);
                        }
                    }
                }
                Declaration::Script(script) => self.script_functions(script.source_span),
                _ => {}
            }
        }
    }

    fn parameter(&mut self, file: usize, parameter: &crate::ast::Parameter) {
        let value = ParameterValue {
            file,
            text: self
                .slice(parameter.value.span)
                .unwrap_or_default()
                .trim()
                .to_owned(),
            cites: parameter.annotations.cites.clone(),
            readings: readings(&parameter.annotations),
        };
        let symbol = match self.parameters.get(&parameter.name.text) {
            Some(&symbol) => {
                self.add_use(&parameter.name, symbol);
                symbol
            }
            None => {
                let symbol = self.add_symbol(Self::symbol(
                    Kind::Parameter,
                    &parameter.name,
                    None,
                    Ty::Unknown,
                ));
                self.parameters.insert(parameter.name.text.clone(), symbol);
                symbol
            }
        };
        let symbol = &mut self.symbols[symbol];
        if parameter.label.is_some() {
            symbol.label = parameter.label.clone();
        }
        symbol.values.push(value);
    }

    fn record_name(&mut self, name: &Name, label: Option<String>) {
        if let Some(&symbol) = self.record_symbols.get(&name.text) {
            self.add_use(name, symbol);
            return;
        }
        self.records.push(RecordShape {
            name: Some(name.text.clone()),
            fields: Vec::new(),
        });
        let id = self.records.len() - 1;
        self.record_names.insert(name.text.clone(), id);
        let symbol = self.add_symbol(Self::symbol(Kind::Record, name, label, Ty::Record(id)));
        self.record_symbols.insert(name.text.clone(), symbol);
    }

    /// An indicator or item and its items; one the chain already declares
    /// (an override) becomes a use, and takes the new max and clauses.
    fn indicator(&mut self, indicator: &Indicator, parent: &str, top: bool) {
        let path = if parent.is_empty() {
            indicator.name.text.clone()
        } else {
            format!("{parent}.{}", indicator.name.text)
        };
        let max = self
            .slice(indicator.max.span)
            .map(|text| text.trim().to_owned());
        let symbol = match self.indicators.get(&path) {
            Some(&symbol) => {
                self.add_use(&indicator.name, symbol);
                symbol
            }
            None => {
                let kind = if top { Kind::Indicator } else { Kind::Item };
                let mut symbol = Self::symbol(kind, &indicator.name, None, Ty::Number(None));
                symbol.path = path.clone();
                let id = self.add_symbol(symbol);
                self.indicators.insert(path.clone(), id);
                id
            }
        };
        let entry = &mut self.symbols[symbol];
        if indicator.label.is_some() {
            entry.label = indicator.label.clone();
        }
        entry.max = max;
        entry.cites = indicator.body.annotations.cites.clone();
        entry.readings = readings(&indicator.body.annotations);
        for item in &indicator.body.items {
            self.indicator(item, &path, false);
        }
    }

    fn removal(&mut self, removed: &Removed) {
        match removed {
            Removed::Indicator(name) => {
                if let Some(&symbol) = self.indicators.get(&name.text) {
                    self.add_use(name, symbol);
                }
            }
            Removed::Item(names) => {
                let mut path = String::new();
                for name in names {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&name.text);
                    if let Some(&symbol) = self.indicators.get(&path) {
                        self.add_use(name, symbol);
                    }
                }
            }
            Removed::Adjustment(_, name) => {
                if let Some(&symbol) = self.adjustments.get(&name.text) {
                    self.add_use(name, symbol);
                }
            }
        }
    }

    /// `fn NAME(` in a script block: the functions rules may call.
    fn script_functions(&mut self, source: Span) {
        let Some(text) = self.slice(source).map(str::to_owned) else {
            return;
        };
        let mut searched = 0;
        while let Some(found) = text[searched..].find("fn ") {
            let start = searched + found;
            searched = start + 3;
            let before_ok = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            let rest = &text[searched..];
            let name_length = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if !before_ok || name_length == 0 || !rest[name_length..].trim_start().starts_with('(')
            {
                continue;
            }
            let name = Name {
                text: rest[..name_length].to_owned(),
                span: Span::new(
                    source.start + searched,
                    source.start + searched + name_length,
                ),
            };
            if !self.functions.contains_key(&name.text) {
                let symbol =
                    self.add_symbol(Self::symbol(Kind::Function, &name, None, Ty::Unknown));
                self.functions.insert(name.text.clone(), symbol);
            }
        }
    }

    /// Record fields, the `input` block, and the enum values they declare.
    fn declare_fields(&mut self, _file: usize, tree: &PolicyFile) {
        for declaration in &tree.declarations {
            match declaration {
                Declaration::Record(record) | Declaration::Override(Override::Record(record)) => {
                    let Some(&id) = self.record_names.get(&record.name.text) else {
                        continue;
                    };
                    let fields = self.fields(&record.fields, &record.name.text, None);
                    self.records[id].fields = fields;
                }
                Declaration::Override(Override::RecordExtension(record)) => {
                    let Some(&id) = self.record_names.get(&record.name.text) else {
                        continue;
                    };
                    let fields = self.fields(&record.fields, &record.name.text, None);
                    self.records[id].fields.extend(fields);
                }
                Declaration::Input(fields, _) => {
                    let fields = self.fields(fields, "input", None);
                    match self.root {
                        Some(root) => self.records[root].fields.extend(fields),
                        None => {
                            self.records.push(RecordShape { name: None, fields });
                            self.root = Some(self.records.len() - 1);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn fields(
        &mut self,
        declarations: &[FieldDeclaration],
        path: &str,
        label: Option<&str>,
    ) -> Vec<FieldShape> {
        let mut fields = Vec::new();
        for declaration in declarations {
            let field_path = format!("{path}.{}", declaration.name.text);
            let field_label = match (label, &declaration.label) {
                (Some(parent), Some(own)) => Some(format!("{parent} › {own}")),
                (None, Some(own)) => Some(own.clone()),
                (parent, None) => parent.map(str::to_owned),
            };
            let names = self.record_names.clone();
            let record_named = |name: &str| names.get(name).copied();
            // A nested record's fields carry its label before theirs; the
            // items of a list start afresh (a candidate is not "候选单位 › …").
            let nested = match &declaration.field_type {
                TypeExpression::Record(..) => true,
                TypeExpression::Optional(inner, _) => matches!(**inner, TypeExpression::Record(..)),
                _ => false,
            };
            let inner_label = if nested { field_label.clone() } else { None };
            let mut inline = |fields: &[FieldDeclaration]| {
                let shapes = self.fields(fields, &field_path, inner_label.as_deref());
                self.records.push(RecordShape {
                    name: None,
                    fields: shapes,
                });
                self.records.len() - 1
            };
            let ty = declared(&declaration.field_type, &record_named, &mut inline);
            self.bound_uses(&declaration.field_type);
            self.enum_values(&declaration.field_type);
            let mut symbol = Self::symbol(Kind::Field, &declaration.name, field_label, ty.clone());
            symbol.path = path.to_owned();
            let id = self.add_symbol(symbol);
            fields.push(FieldShape {
                name: declaration.name.text.clone(),
                ty,
                symbol: Some(id),
            });
        }
        fields
    }

    /// A range bound that names a parameter reads it.
    fn bound_uses(&mut self, expression: &crate::ast::TypeExpression) {
        use crate::ast::{RangeBound, TypeExpression};
        match expression {
            TypeExpression::Range { low, high, .. } => {
                for bound in [low, high].into_iter().flatten() {
                    if let RangeBound::Parameter(name) = bound {
                        if let Some(&symbol) = self.parameters.get(&name.text) {
                            self.add_use(name, symbol);
                        }
                    }
                }
            }
            TypeExpression::Optional(inner, _) => self.bound_uses(inner),
            TypeExpression::List { element, .. } => self.bound_uses(element),
            TypeExpression::Named(name) => {
                if let Some(&symbol) = self.record_symbols.get(&name.text) {
                    self.add_use(name, symbol);
                }
            }
            TypeExpression::Record(..)
            | TypeExpression::Enum(..)
            | TypeExpression::Reference(..) => {}
        }
    }

    fn enum_values(&mut self, expression: &crate::ast::TypeExpression) {
        use crate::ast::TypeExpression;
        match expression {
            TypeExpression::Enum(values, _) => {
                let ty = Ty::Enum(
                    values
                        .iter()
                        .map(|(name, label)| (name.text.clone(), label.clone()))
                        .collect(),
                );
                for (name, label) in values {
                    let mut symbol = Self::symbol(Kind::EnumValue, name, label.clone(), ty.clone());
                    symbol.path = name.text.clone();
                    let id = self.add_symbol(symbol);
                    self.enum_values.push(id);
                }
            }
            TypeExpression::Optional(inner, _) | TypeExpression::List { element: inner, .. } => {
                self.enum_values(inner)
            }
            _ => {}
        }
    }
}

/// The readings' texts.
pub(super) fn readings(annotations: &Annotations) -> Vec<String> {
    annotations
        .readings
        .iter()
        .map(|(text, _)| text.clone())
        .collect()
}

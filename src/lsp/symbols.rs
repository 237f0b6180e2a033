//! The outline of a policy: the header, the input and its records,
//! parameters, `let`s, indicators with their items to any depth (and their
//! `let`s), bonus and deduction blocks, the grade scale, and the rules, each
//! with its Chinese label as the detail.

use lsp_types::{DocumentSymbol, SymbolKind};

use super::text::{Encoding, LineIndex};
use crate::ast::{
    Adjustment, Declaration, FieldDeclaration, GradeScale, Indicator, Override, Parameter,
    PolicyFile, RecordDeclaration, Removed, Span, Statement, TypeExpression,
};
use crate::outcome::AdjustmentKind;

/// The outline of `text`; empty while it does not parse (the diagnostics say why).
pub fn outline(text: &str, encoding: Encoding) -> Vec<DocumentSymbol> {
    let Ok(file) = crate::syntax::parse(text) else {
        return Vec::new();
    };
    let index = LineIndex::new(text, encoding);
    Outline { text, index }.file(&file)
}

struct Outline<'a> {
    text: &'a str,
    index: LineIndex<'a>,
}

impl Outline<'_> {
    fn file(&self, file: &PolicyFile) -> Vec<DocumentSymbol> {
        let header = &file.header;
        let mut symbols = vec![self.symbol(
            format!("policy {}", header.id.text),
            header.title.clone(),
            SymbolKind::MODULE,
            header.span,
            header.id.span,
            Vec::new(),
        )];
        for declaration in &file.declarations {
            symbols.extend(self.declaration(declaration));
        }
        symbols
    }

    fn declaration(&self, declaration: &Declaration) -> Option<DocumentSymbol> {
        Some(match declaration {
            Declaration::Input(fields, span) => self.symbol(
                "input".into(),
                None,
                SymbolKind::STRUCT,
                *span,
                Span::new(span.start, span.start + "input".len()),
                self.fields(fields),
            ),
            Declaration::Record(record) => self.record("record", record),
            Declaration::Parameter(parameter) => {
                self.parameter("", parameter, SymbolKind::CONSTANT)
            }
            Declaration::Derived(parameter) => self.parameter("", parameter, SymbolKind::VARIABLE),
            Declaration::Indicator(indicator) => self.indicator(indicator, SymbolKind::CLASS),
            Declaration::Adjustment(adjustment) => self.adjustment("", adjustment),
            Declaration::Grades(grades) => self.grades("grades", grades),
            Declaration::Override(change) => self.change(change),
            Declaration::Remove(removal) => {
                let (what, names) = match &removal.removed {
                    Removed::Indicator(name) => ("indicator", vec![name]),
                    Removed::Item(names) => ("item", names.iter().collect()),
                    Removed::Adjustment(kind, name) => (adjustment_word(*kind), vec![name]),
                };
                let path: Vec<&str> = names.iter().map(|name| name.text.as_str()).collect();
                let selection = names.last().map_or(removal.span, |name| name.span);
                self.symbol(
                    format!("remove {what} {}", path.join(".")),
                    None,
                    SymbolKind::NULL,
                    removal.span,
                    selection,
                    Vec::new(),
                )
            }
            Declaration::Exclude(rule) => self.rule("exclude when", rule.span, rule.condition.span),
            Declaration::Finding(rule) => self.rule("finding", rule.span, rule.condition.span),
            Declaration::Revoke(rule) => self.rule("revoke when", rule.span, rule.condition.span),
            Declaration::GradeRule(rule) => self.rule("grade", rule.span, rule.condition.span),
            Declaration::Group(rule) => self.rule("group by", rule.span, rule.field.span),
            Declaration::Rank(rule) => self.line(rule.span),
            Declaration::Select(rule) | Declaration::Flag(rule) => self.line(rule.span),
            Declaration::Script(script) => self.symbol(
                "script".into(),
                None,
                SymbolKind::FUNCTION,
                script.span,
                Span::new(script.span.start, script.span.start),
                Vec::new(),
            ),
        })
    }

    fn change(&self, change: &Override) -> DocumentSymbol {
        let mut symbol = match change {
            Override::Parameter(parameter) => self.parameter("", parameter, SymbolKind::CONSTANT),
            Override::Indicator(indicator) => self.indicator(indicator, SymbolKind::CLASS),
            Override::Item { parents, item } => {
                let mut symbol = self.indicator(item, SymbolKind::OBJECT);
                let path: Vec<&str> = parents.iter().map(|name| name.text.as_str()).collect();
                symbol.name = format!("{}.{}", path.join("."), symbol.name);
                symbol
            }
            Override::Record(record) => self.record("record", record),
            Override::RecordExtension(record) => self.record("extend record", record),
            Override::Rank(rule) => self.line(rule.span),
            Override::Group(rule) => self.rule("group by", rule.span, rule.field.span),
            Override::Grades(grades) => self.grades("grades", grades),
            Override::Adjustment(adjustment) => self.adjustment("", adjustment),
        };
        if !matches!(change, Override::RecordExtension(_)) {
            symbol.name = format!("override {}", symbol.name);
        }
        symbol
    }

    fn record(&self, word: &str, record: &RecordDeclaration) -> DocumentSymbol {
        self.symbol(
            format!("{word} {}", record.name.text),
            record.label.clone(),
            SymbolKind::STRUCT,
            record.span,
            record.name.span,
            self.fields(&record.fields),
        )
    }

    fn fields(&self, fields: &[FieldDeclaration]) -> Vec<DocumentSymbol> {
        fields
            .iter()
            .map(|field| {
                let children = match element(&field.field_type) {
                    Some(TypeExpression::Record(nested, _)) => self.fields(nested),
                    _ => Vec::new(),
                };
                self.symbol(
                    field.name.text.clone(),
                    field.label.clone(),
                    SymbolKind::FIELD,
                    field.span,
                    field.name.span,
                    children,
                )
            })
            .collect()
    }

    fn parameter(&self, word: &str, parameter: &Parameter, kind: SymbolKind) -> DocumentSymbol {
        self.symbol(
            format!("{word}{}", parameter.name.text),
            parameter.label.clone(),
            kind,
            parameter.span,
            parameter.name.span,
            Vec::new(),
        )
    }

    fn indicator(&self, indicator: &Indicator, kind: SymbolKind) -> DocumentSymbol {
        let mut children: Vec<DocumentSymbol> = indicator
            .body
            .statements
            .iter()
            .filter_map(|statement| match statement {
                Statement::Let(name, value) => Some(self.symbol(
                    name.text.clone(),
                    None,
                    SymbolKind::VARIABLE,
                    Span::new(name.span.start, value.span.end),
                    name.span,
                    Vec::new(),
                )),
                _ => None,
            })
            .collect();
        children.extend(
            indicator
                .body
                .items
                .iter()
                .map(|item| self.indicator(item, SymbolKind::OBJECT)),
        );
        self.symbol(
            indicator.name.text.clone(),
            indicator.label.clone(),
            kind,
            indicator.span,
            indicator.name.span,
            children,
        )
    }

    fn adjustment(&self, word: &str, adjustment: &Adjustment) -> DocumentSymbol {
        self.symbol(
            format!(
                "{word}{} {}",
                adjustment_word(adjustment.kind),
                adjustment.name.text
            ),
            adjustment.label.clone(),
            SymbolKind::CLASS,
            adjustment.span,
            adjustment.name.span,
            Vec::new(),
        )
    }

    fn grades(&self, word: &str, grades: &GradeScale) -> DocumentSymbol {
        let bands = grades
            .bands
            .iter()
            .map(|band| {
                self.symbol(
                    band.name.text.clone(),
                    band.label.clone(),
                    SymbolKind::ENUM_MEMBER,
                    band.span,
                    band.name.span,
                    Vec::new(),
                )
            })
            .collect();
        let start = grades.span.start;
        self.symbol(
            word.into(),
            None,
            SymbolKind::ENUM,
            grades.span,
            Span::new(start, start),
            bands,
        )
    }

    /// A rule, named by its keyword and the text of what it tests.
    fn rule(&self, word: &str, span: Span, subject: Span) -> DocumentSymbol {
        let written = self.source(subject);
        self.symbol(
            format!("{word} {written}"),
            None,
            SymbolKind::EVENT,
            span,
            subject,
            Vec::new(),
        )
    }

    /// A one-line declaration, named by its own text.
    fn line(&self, span: Span) -> DocumentSymbol {
        self.symbol(
            self.source(span),
            None,
            SymbolKind::EVENT,
            span,
            Span::new(span.start, span.start),
            Vec::new(),
        )
    }

    /// Source text on one line, shortened to what an outline shows.
    fn source(&self, span: Span) -> String {
        let text = self.text.get(span.start..span.end).unwrap_or_default();
        let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut short: String = line.chars().take(60).collect();
        if short.len() < line.len() {
            short.push('…');
        }
        short
    }

    #[allow(deprecated)]
    fn symbol(
        &self,
        name: String,
        detail: Option<String>,
        kind: SymbolKind,
        span: Span,
        selection: Span,
        children: Vec<DocumentSymbol>,
    ) -> DocumentSymbol {
        // The protocol wants the selection inside the range, and clients
        // drop a symbol that breaks it.
        let start = span.start.min(selection.start);
        let end = span.end.max(selection.end);
        DocumentSymbol {
            name: if name.trim().is_empty() {
                "_".into()
            } else {
                name
            },
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: self.index.range(start..end),
            selection_range: self.index.range(selection.start..selection.end),
            children: (!children.is_empty()).then_some(children),
        }
    }
}

fn adjustment_word(kind: AdjustmentKind) -> &'static str {
    match kind {
        AdjustmentKind::Bonus => "bonus",
        AdjustmentKind::Deduction => "deduction",
    }
}

/// The record a field holds, through `list of` and `optional`.
fn element(field_type: &TypeExpression) -> Option<&TypeExpression> {
    match field_type {
        TypeExpression::Record(..) => Some(field_type),
        TypeExpression::Optional(inner, _) => element(inner),
        TypeExpression::List { element: inner, .. } => element(inner),
        _ => None,
    }
}

//! Why a name that exists cannot be read where it is written.
//!
//! "unknown name … declare it with `let`" is wrong advice when the name is
//! declared: a top-level `let` further down, a `let` inside another
//! indicator, a candidate's field written without `candidate.`, a list
//! item's field outside the method that walks the list, or anything per
//! candidate read where only constants may stand. These are found from the
//! syntax tree, read once before checking, and named instead.

use super::*;
use crate::diagnostic::line_column;

/// Where a name is declared, as the author wrote it.
#[derive(Default)]
pub(super) struct Declared {
    /// Top-level `let`s, in order: name and name's span.
    lets: Vec<(String, Span)>,
    /// `let`s inside indicators, items and adjustments: name, span and the
    /// block's description ("indicator `satisfaction`").
    body_lets: Vec<(String, Span, String)>,
}

impl Declared {
    pub(super) fn of(file: &ast::PolicyFile) -> Declared {
        let mut declared = Declared::default();
        for declaration in &file.declarations {
            match declaration {
                ast::Declaration::Derived(derived) => declared
                    .lets
                    .push((derived.name.text.clone(), derived.name.span)),
                ast::Declaration::Indicator(indicator) => {
                    declared.block_lets(&indicator.body, &indicator.name, "indicator");
                }
                ast::Declaration::Adjustment(adjustment) => {
                    let kind = match adjustment.kind {
                        crate::outcome::AdjustmentKind::Bonus => "bonus",
                        crate::outcome::AdjustmentKind::Deduction => "deduction",
                    };
                    declared.block_lets(&adjustment.body, &adjustment.name, kind);
                }
                _ => {}
            }
        }
        declared
    }

    fn block_lets(&mut self, block: &ast::Block, owner: &ast::Name, kind: &str) {
        for statement in &block.statements {
            if let ast::Statement::Let(name, _) = statement {
                self.body_lets.push((
                    name.text.clone(),
                    name.span,
                    format!("{kind} `{}`", owner.text),
                ));
            }
        }
        for item in &block.items {
            self.block_lets(&item.body, &item.name, "item");
        }
    }
}

impl Checker {
    /// The problem that says why `name`, declared somewhere, cannot be read
    /// in `scope`; `None` when it is declared nowhere.
    pub(super) fn unreadable_name(&self, name: &ast::Name, scope: &Scope) -> Option<Problem> {
        let text = name.text.as_str();
        let problem = |message: String| {
            Problem::error("kaoping::check::unreadable_name", message, name.span)
                .with_label("read here")
        };
        let declared_let = self
            .declared
            .lets
            .iter()
            .find(|(declared, _)| declared == text);
        let candidate_field = self
            .candidate_record
            .is_some_and(|record| self.records[record].field_index(text).is_some());
        let input_field = self
            .root
            .is_some_and(|root| self.records[root].field_index(text).is_some());
        if scope.context == Context::Constant {
            let per_candidate = declared_let.is_some()
                || candidate_field
                || input_field
                || text == "candidate"
                || self.late_names.declares(text);
            if per_candidate {
                return Some(
                    problem(format!(
                        "`{text}` is known only for each candidate: a parameter, a maximum or a quota cannot read it"
                    ))
                    .with_help(
                        "a constant is the same for every candidate: write a number or the name of a `param`",
                    ),
                );
            }
            return None;
        }
        if let Some((_, span)) = declared_let.filter(|(_, span)| span.start > name.span.start) {
            let (line, _) = line_column(&self.source, span.start);
            return Some(
                problem(format!(
                    "`{text}` is declared below, at line {line}: a `let` reads only the `let`s above it"
                ))
                .with_related(*span, "declared here")
                .with_help(format!("move `let {text}` above the `let` that reads it")),
            );
        }
        if let Some((_, span, owner)) = self
            .declared
            .body_lets
            .iter()
            .find(|(declared, _, _)| declared == text)
        {
            return Some(
                problem(format!(
                    "`{text}` is a `let` of {owner}: only that block's own lines can read it"
                ))
                .with_related(*span, "declared here")
                .with_help(format!(
                    "make it a top-level `let {text} = …` that every rule can read, or declare it again here"
                )),
            );
        }
        if candidate_field {
            return Some(
                problem(format!(
                    "`{text}` is a field of each candidate: write `candidate.{text}`"
                ))
                .with_help(format!(
                    "`candidate.{text}` is this candidate's; alone, a field's name is read only inside a list method such as `peers.sum({text})`"
                )),
            );
        }
        if let Some(field) = self.enum_field_with_variant(text) {
            return Some(
                problem(format!(
                    "`{text}` is a value of the enum of field `{field}`: write it as text, `\"{text}\"`"
                ))
                .with_help(format!(
                    "compare the field with the quoted value, as in `{field} == \"{text}\"`"
                )),
            );
        }
        let list_record = self
            .records
            .iter()
            .enumerate()
            .find(|(id, record)| Some(*id) != self.root && record.field_index(text).is_some());
        if let Some((id, record)) = list_record {
            let lists = self.lists_of(id);
            let owner = if record.name.is_empty() {
                "each item of a list".to_string()
            } else {
                format!("record `{}`", record.name)
            };
            let example = match lists.first() {
                Some(list) => format!("for example `{list}.filter({text} …)`"),
                None => "inside the method that walks the list".to_string(),
            };
            return Some(
                problem(format!(
                    "`{text}` is a field of {owner}: it is read only inside a method over that list, such as `.filter(…)`, `.map(…)` or `.sum(…)`"
                ))
                .with_help(format!(
                    "read it through the list, {example}, or through `for each`"
                )),
            );
        }
        None
    }

    /// The name of a field whose enum has `variant` among its values.
    fn enum_field_with_variant(&self, variant: &str) -> Option<&str> {
        fn has(schema: &FieldType, variant: &str) -> bool {
            match schema {
                FieldType::Enum(variants) => variants.has(variant),
                FieldType::Optional(inner) => has(inner, variant),
                FieldType::List { element, .. } => has(element, variant),
                _ => false,
            }
        }
        self.records
            .iter()
            .flat_map(|record| &record.fields)
            .find(|field| has(&field.schema, variant))
            .map(|field| field.name.as_str())
    }

    /// How rules reach the lists whose items are of record `id`: the
    /// candidate's fields and the input's, written as in a policy.
    fn lists_of(&self, id: RecordId) -> Vec<String> {
        let holds = |field: &Field| {
            matches!(&field.schema, FieldType::List { element, .. }
                if matches!(element.as_ref(), FieldType::Record(record) if *record == id))
        };
        let mut lists = Vec::new();
        if let Some(record) = self.candidate_record {
            for field in self.records[record].fields.iter().filter(|f| holds(f)) {
                lists.push(format!("candidate.{}", field.name));
            }
        }
        if let Some(root) = self.root {
            for field in self.records[root].fields.iter().filter(|f| holds(f)) {
                lists.push(field.name.clone());
            }
        }
        lists
    }
}

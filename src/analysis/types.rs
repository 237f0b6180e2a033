//! The shapes of values as the analysis sees them: what the `input` block
//! and the records declare, and what an expression over them gives. Looser
//! than the checker's types on purpose: an editor wants the fields of
//! `candidate.materials.` even where the checker would ask for `present(…)`
//! first.

use crate::ast::{RangeBound, TypeExpression};

/// The index of a record shape in `Index::records`.
pub(super) type RecordId = usize;

/// What a name or an expression holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Ty {
    /// A number; `declared` keeps the scalar and bounds a field was written with.
    Number(Option<NumberShape>),
    Bool,
    Text,
    Date,
    /// `text ref LIST`.
    Reference(String),
    /// The enum's values, with their labels.
    Enum(Vec<(String, Option<String>)>),
    List(Box<Ty>),
    Record(RecordId),
    Optional(Box<Ty>),
    /// What `group_by` gives for each key: a record of `key` and `items`.
    Group {
        key: Box<Ty>,
        items: Box<Ty>,
    },
    Unknown,
}

/// A number field as declared: `int[0..]`, `decimal[0..case_file_full_score]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct NumberShape {
    pub(super) integer: bool,
    pub(super) low: Option<String>,
    pub(super) high: Option<String>,
}

/// A record: named (`record CaseFile`), inline in a field, the `input`
/// block, or a record literal in a parameter.
#[derive(Clone, Debug, Default)]
pub(super) struct RecordShape {
    pub(super) name: Option<String>,
    pub(super) fields: Vec<FieldShape>,
}

/// One field of a record and its symbol, when it was declared in a file.
#[derive(Clone, Debug)]
pub(super) struct FieldShape {
    pub(super) name: String,
    pub(super) ty: Ty,
    pub(super) symbol: Option<usize>,
}

impl Ty {
    /// The value inside an optional: an editor offers its fields anyway.
    pub(super) fn present(&self) -> &Ty {
        match self {
            Ty::Optional(inner) => inner.present(),
            other => other,
        }
    }

    /// The items' type of a list, or `Unknown`.
    pub(super) fn element(&self) -> Ty {
        match self.present() {
            Ty::List(element) => (**element).clone(),
            _ => Ty::Unknown,
        }
    }
}

/// The type as a policy would write it: `decimal[0..100]`, `list of CaseFile`.
pub(super) fn describe(ty: &Ty, records: &[RecordShape]) -> String {
    describe_at(ty, records, 0)
}

fn describe_at(ty: &Ty, records: &[RecordShape], depth: usize) -> String {
    if depth > 8 {
        return "…".into();
    }
    match ty {
        Ty::Number(None) => "decimal".into(),
        Ty::Number(Some(shape)) => {
            let scalar = if shape.integer { "int" } else { "decimal" };
            if shape.low.is_none() && shape.high.is_none() {
                scalar.into()
            } else {
                format!(
                    "{scalar}[{}..{}]",
                    shape.low.as_deref().unwrap_or(""),
                    shape.high.as_deref().unwrap_or("")
                )
            }
        }
        Ty::Bool => "bool".into(),
        Ty::Text => "text".into(),
        Ty::Date => "date".into(),
        Ty::Reference(list) => format!("text ref {list}"),
        Ty::Enum(values) => format!(
            "enum {{ {} }}",
            values
                .iter()
                .map(|(name, _)| name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Ty::List(element) => format!("list of {}", describe_at(element, records, depth + 1)),
        Ty::Record(id) => match records.get(*id).and_then(|record| record.name.clone()) {
            Some(name) => name,
            None => "{ … }".into(),
        },
        Ty::Optional(inner) => format!("optional {}", describe_at(inner, records, depth + 1)),
        Ty::Group { key, items } => format!(
            "{{ key: {}, items: {} }}",
            describe_at(key, records, depth + 1),
            describe_at(items, records, depth + 1)
        ),
        Ty::Unknown => "?".into(),
    }
}

/// The type a field declaration names, given the named records so far.
pub(super) fn declared(
    expression: &TypeExpression,
    record_named: &dyn Fn(&str) -> Option<RecordId>,
    inline: &mut dyn FnMut(&[crate::ast::FieldDeclaration]) -> RecordId,
) -> Ty {
    match expression {
        TypeExpression::Named(name) => match name.text.as_str() {
            "int" => Ty::Number(Some(NumberShape {
                integer: true,
                low: None,
                high: None,
            })),
            "decimal" => Ty::Number(Some(NumberShape {
                integer: false,
                low: None,
                high: None,
            })),
            "bool" => Ty::Bool,
            "text" => Ty::Text,
            "date" => Ty::Date,
            other => record_named(other).map_or(Ty::Unknown, Ty::Record),
        },
        TypeExpression::Range {
            scalar, low, high, ..
        } => Ty::Number(Some(NumberShape {
            integer: scalar.text == "int",
            low: low.as_ref().map(|bound| RangeBound::text(bound).to_owned()),
            high: high
                .as_ref()
                .map(|bound| RangeBound::text(bound).to_owned()),
        })),
        TypeExpression::Reference(list, _) => Ty::Reference(list.text.clone()),
        TypeExpression::Optional(inner, _) => {
            Ty::Optional(Box::new(declared(inner, record_named, inline)))
        }
        TypeExpression::List { element, .. } => {
            Ty::List(Box::new(declared(element, record_named, inline)))
        }
        TypeExpression::Record(fields, _) => Ty::Record(inline(fields)),
        TypeExpression::Enum(values, _) => Ty::Enum(
            values
                .iter()
                .map(|(name, label)| (name.text.clone(), label.clone()))
                .collect(),
        ),
    }
}

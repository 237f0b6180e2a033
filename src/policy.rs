//! The checked policy: resolved types, the facts schema, and every rule
//! compiled to `Code` whose names are already slots and field indices. The
//! interpreter walks `Code` and never looks a name up.

use std::sync::Arc;

use crate::ast::{Annotations, BinaryOperator, RoundingMode, Severity, Span, UnaryOperator};
use crate::number::Number;
use crate::value::Value;

/// A policy that passed `check`: it can evaluate any facts its schema accepts.
#[derive(Debug, Clone)]
pub struct Policy {
    pub header: PolicyHeader,
    pub source_name: String,
    pub source: Arc<str>,
    pub records: Vec<RecordType>,
    /// The record type of the `input` block: the root of every facts file.
    pub root: RecordId,
    /// Index of the candidate list among the root's fields.
    pub candidates_field: usize,
    pub candidate_record: RecordId,
    /// Index of the candidate's id field (the candidate list's key).
    pub candidate_id_field: usize,
    pub candidate_name_field: Option<usize>,
    pub parameters: Vec<ParameterInfo>,
    pub derived: Vec<Derived>,
    pub exclusions: Vec<CandidateRule>,
    pub findings: Vec<CandidateRule>,
    pub revocations: Vec<CandidateRule>,
    pub indicators: Vec<Indicator>,
    pub grouping: Option<Grouping>,
    pub ranking: Ranking,
    pub selections: Vec<Selection>,
    pub flags: Vec<Selection>,
    /// Every reading in the policy, in source order, with where it applies.
    pub readings: Vec<ReadingInfo>,
}

#[derive(Debug, Clone)]
pub struct PolicyHeader {
    pub id: String,
    pub title: Option<String>,
    pub version: Option<String>,
    pub effective: Option<String>,
    pub source: Option<String>,
    pub total: Number,
    pub rounding: Option<(u32, RoundingMode)>,
}

pub type RecordId = usize;

#[derive(Debug, Clone)]
pub struct RecordType {
    pub name: String,
    pub label: Option<String>,
    pub fields: Vec<Field>,
}

impl RecordType {
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|field| field.name == name)
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub label: Option<String>,
    pub schema: FieldType,
    pub default: Option<Value>,
    pub span: Span,
}

/// What a facts file may hold in a field: the expression type plus the
/// constraints that loading enforces.
#[derive(Debug, Clone)]
pub enum FieldType {
    Number {
        integer: bool,
        low: Option<Number>,
        high: Option<Number>,
    },
    Bool,
    Text,
    Date,
    Enum(Arc<EnumType>),
    /// Text that must equal the key of an item in a root list.
    Reference {
        root_field: usize,
    },
    List {
        element: Box<FieldType>,
        /// The element record's field that must be unique across the list.
        key: Option<usize>,
    },
    Record(RecordId),
    Optional(Box<FieldType>),
    /// A field whose declared type failed to check; kept so that uses of the
    /// field raise no second error. Never part of a checked policy.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumType {
    pub variants: Vec<(String, Option<String>)>,
}

impl EnumType {
    pub fn has(&self, name: &str) -> bool {
        self.variants.iter().any(|(variant, _)| variant == name)
    }
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.variants.iter().map(|(variant, _)| variant.as_str())
    }
}

/// The type of an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    Number,
    Bool,
    Text,
    Date,
    Enum(Arc<EnumType>),
    /// Text known to be a key of the root list at this index.
    Reference(usize),
    List(Box<Type>),
    Record(RecordId),
    Optional(Box<Type>),
    /// The element type of an empty list literal: fits any list.
    Nothing,
    /// The type of an expression that already failed to check; it fits
    /// anywhere so that one mistake is reported once.
    Unknown,
}

impl Type {
    pub fn is_text_like(&self) -> bool {
        matches!(self, Type::Text | Type::Enum(_) | Type::Reference(_))
    }
}

impl FieldType {
    pub fn expression_type(&self) -> Type {
        match self {
            FieldType::Number { .. } => Type::Number,
            FieldType::Bool => Type::Bool,
            FieldType::Text => Type::Text,
            FieldType::Date => Type::Date,
            FieldType::Enum(variants) => Type::Enum(Arc::clone(variants)),
            FieldType::Reference { root_field } => Type::Reference(*root_field),
            FieldType::List { element, .. } => Type::List(Box::new(element.expression_type())),
            FieldType::Record(id) => Type::Record(*id),
            FieldType::Optional(inner) => Type::Optional(Box::new(inner.expression_type())),
            FieldType::Unknown => Type::Unknown,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ParameterInfo {
    pub name: String,
    pub label: Option<String>,
    pub value: Value,
    pub annotations: Annotations,
    pub span: Span,
}

/// A top-level `let`: a value derived from one candidate, computed once.
#[derive(Debug, Clone)]
pub struct Derived {
    pub name: String,
    pub code: Code,
    pub uses_peers: bool,
    pub slots: usize,
    pub span: Span,
}

/// `exclude when`, `finding … when`, `revoke when` at the top level.
#[derive(Debug, Clone)]
pub struct CandidateRule {
    pub severity: Severity,
    pub condition: Code,
    pub message: Vec<MessagePart>,
    pub annotations: Annotations,
    /// Local slots the rule's expressions need.
    pub slots: usize,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum MessagePart {
    Text(String),
    Hole(Code),
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub name: String,
    pub label: Option<String>,
    pub max: Number,
    /// `scaled from N`: the items' sum is multiplied by max ÷ N.
    pub scaled_from: Option<Number>,
    pub annotations: Annotations,
    pub steps: Vec<Step>,
    pub score: Option<Code>,
    pub items: Vec<Indicator>,
    pub uses_peers: bool,
    pub slots: usize,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Step {
    Let {
        slot: usize,
        name: String,
        code: Code,
    },
    Zero(CandidateRule),
    Finding(CandidateRule),
}

#[derive(Debug, Clone)]
pub struct Grouping {
    pub field: usize,
    pub field_name: String,
    pub variants: Arc<EnumType>,
    pub annotations: Annotations,
}

#[derive(Debug, Clone)]
pub struct Ranking {
    /// Indicator indices to break ties with, after the total.
    pub tie_breakers: Vec<usize>,
    pub annotations: Annotations,
}

#[derive(Debug, Clone)]
pub struct Selection {
    /// For `flag NAME top N`, the flag's name.
    pub flag: Option<String>,
    pub count: u32,
    /// The group it applies to; `None` applies to every group.
    pub group: Option<String>,
    pub annotations: Annotations,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct ReadingInfo {
    pub place: String,
    pub text: String,
    pub cites: Vec<String>,
    pub span: Span,
}

/// Compiled expression code.
#[derive(Debug, Clone)]
pub struct Code {
    pub kind: CodeKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum CodeKind {
    Constant(Value),
    Local(usize),
    Candidate,
    Root(usize),
    Peers,
    Derived(usize),
    Field(Box<Code>, usize),
    /// Find the item of a keyed list whose key field equals the key.
    Lookup {
        list: Box<Code>,
        key_field: usize,
        key: Box<Code>,
    },
    /// Pick a record's field by an enum value; `fields[i]` is the field index
    /// for the enum's i-th variant.
    Select {
        record: Box<Code>,
        variants: Arc<EnumType>,
        fields: Vec<usize>,
        key: Box<Code>,
    },
    Record(Vec<Code>),
    List(Vec<Code>),
    Unary(UnaryOperator, Box<Code>),
    Binary(BinaryOperator, Box<Code>, Box<Code>),
    If(Box<Code>, Box<Code>, Box<Code>),
    Call(Function, Vec<Code>),
    /// A list method whose argument expressions run once per item, with the
    /// item in `slot`.
    Method {
        method: ListMethod,
        list: Box<Code>,
        slot: usize,
        arguments: Vec<Code>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Min,
    Max,
    RoundDown,
    Round,
    Abs,
    Present,
    DaysBetween,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMethod {
    Count,
    Sum,
    Max,
    Min,
    Mean,
    Filter,
    Map,
    Any,
    All,
    GroupBy,
    DistinctBy,
    DuplicatesBy,
    TakePer,
    DropPer,
    Take,
    Drop,
    Contains,
    RankDescending,
}

impl Code {
    pub fn constant(value: Value, span: Span) -> Code {
        Code {
            kind: CodeKind::Constant(value),
            span,
        }
    }
}

impl Policy {
    pub fn record(&self, id: RecordId) -> &RecordType {
        &self.records[id]
    }

    pub fn candidate_fields(&self) -> &RecordType {
        &self.records[self.candidate_record]
    }

    pub fn indicator_index(&self, name: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.name == name)
    }

    /// The groups candidates are ranked in, in declaration order.
    pub fn group_names(&self) -> Vec<String> {
        match &self.grouping {
            Some(grouping) => grouping.variants.names().map(str::to_string).collect(),
            None => vec![String::new()],
        }
    }
}

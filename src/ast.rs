//! The typed syntax tree of a policy, as written. Every node carries its
//! source span; spans are ignored by equality so that two trees that say the
//! same thing compare equal wherever they were written.

use std::fmt;

/// A byte range in the policy source.
#[derive(Clone, Copy, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}
impl Eq for Span {}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start, span.end.saturating_sub(span.start)).into()
    }
}

/// A name as written, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyFile {
    pub header: Header,
    pub declarations: Vec<Declaration>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub id: Name,
    pub title: Option<String>,
    pub version: Option<String>,
    pub effective: Option<(String, Span)>,
    pub source: Option<String>,
    pub total: Option<Expression>,
    pub rounding: Option<Rounding>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundingMode {
    HalfAwayFromZero,
    HalfEven,
    Down,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rounding {
    pub places: u32,
    pub mode: RoundingMode,
    pub span: Span,
}

/// Citations and readings attached to a rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Annotations {
    pub cites: Vec<String>,
    pub readings: Vec<(String, Span)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Declaration {
    Input(Vec<FieldDeclaration>, Span),
    Record(RecordDeclaration),
    Parameter(Parameter),
    Derived(Parameter),
    Indicator(Indicator),
    Exclude(Rule),
    Finding(Rule),
    Revoke(Rule),
    Group(GroupRule),
    Rank(RankRule),
    Select(SelectRule),
    Flag(SelectRule),
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordDeclaration {
    pub name: Name,
    pub label: Option<String>,
    pub fields: Vec<FieldDeclaration>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDeclaration {
    pub name: Name,
    pub label: Option<String>,
    pub field_type: TypeExpression,
    pub default: Option<Expression>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpression {
    Named(Name),
    Range {
        scalar: Name,
        low: Option<String>,
        high: Option<String>,
        span: Span,
    },
    Reference(Name, Span),
    Optional(Box<TypeExpression>, Span),
    List {
        element: Box<TypeExpression>,
        key: Option<Name>,
        span: Span,
    },
    Record(Vec<FieldDeclaration>, Span),
    Enum(Vec<(Name, Option<String>)>, Span),
}

impl TypeExpression {
    pub fn span(&self) -> Span {
        match self {
            TypeExpression::Named(name) => name.span,
            TypeExpression::Range { span, .. }
            | TypeExpression::Reference(_, span)
            | TypeExpression::Optional(_, span)
            | TypeExpression::List { span, .. }
            | TypeExpression::Record(_, span)
            | TypeExpression::Enum(_, span) => *span,
        }
    }
}

/// `param name = value` and top-level `let name = value` share this shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub name: Name,
    pub label: Option<String>,
    pub value: Expression,
    pub annotations: Annotations,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub name: Name,
    pub label: Option<String>,
    pub max: Expression,
    pub scaled_from: Option<Expression>,
    pub body: Block,
    pub span: Span,
}

/// The body of an indicator or an item.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    pub annotations: Annotations,
    pub statements: Vec<Statement>,
    pub items: Vec<Indicator>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    Let(Name, Expression),
    Score(Expression),
    Zero(Rule),
    Finding(Rule),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// `exclude|zero|revoke when CONDITION "message"` and `finding SEVERITY when …`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub severity: Severity,
    pub condition: Expression,
    pub message: Template,
    pub annotations: Annotations,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    Text(String),
    Hole(Expression),
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupRule {
    pub field: Name,
    pub annotations: Annotations,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RankRule {
    pub keys: Vec<Name>,
    pub annotations: Annotations,
    pub span: Span,
}

/// `select N [in GROUP]` and `flag NAME top N [in GROUP]`.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectRule {
    pub flag: Option<Name>,
    pub count: Expression,
    pub group: Option<Name>,
    pub annotations: Annotations,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expression {
    pub kind: ExpressionKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExpressionKind {
    Number(String),
    Percent(String),
    Boolean(bool),
    Text(String),
    Date(String),
    Name(Name),
    Record(Vec<(Name, Expression)>),
    List(Vec<Expression>),
    Call(Name, Vec<Expression>),
    Method(Box<Expression>, Name, Vec<Expression>),
    Field(Box<Expression>, Name),
    Index(Box<Expression>, Box<Expression>),
    Unary(UnaryOperator, Box<Expression>),
    Binary(BinaryOperator, Box<Expression>, Box<Expression>),
    If(Box<Expression>, Box<Expression>, Box<Expression>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOperator {
    Negate,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOperator {
    Add,
    Subtract,
    Multiply,
    Divide,
    Cap,
    Floor,
    Default,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    And,
    Or,
}

impl BinaryOperator {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOperator::Add => "+",
            BinaryOperator::Subtract => "-",
            BinaryOperator::Multiply => "*",
            BinaryOperator::Divide => "/",
            BinaryOperator::Cap => "cap",
            BinaryOperator::Floor => "floor",
            BinaryOperator::Default => "??",
            BinaryOperator::Equal => "==",
            BinaryOperator::NotEqual => "!=",
            BinaryOperator::Less => "<",
            BinaryOperator::LessEqual => "<=",
            BinaryOperator::Greater => ">",
            BinaryOperator::GreaterEqual => ">=",
            BinaryOperator::And => "and",
            BinaryOperator::Or => "or",
        }
    }
}

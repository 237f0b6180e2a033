//! The typed syntax tree of a policy, as written. Every node carries its
//! source span; spans are ignored by equality so that two trees that say the
//! same thing compare equal wherever they were written.

use std::fmt;

/// A half-open byte range in a source text: a policy, or a facts file when a
/// `Problem` is about facts.
#[derive(Clone, Copy, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset just past the last byte: the range is half-open.
    pub end: usize,
}

impl Span {
    /// The bytes from `start` up to, not including, `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The smallest span that covers both.
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
    /// The identifier as written; it may be Chinese.
    pub text: String,
    /// Where the identifier was written.
    pub span: Span,
}

/// A whole policy as parsed: the header, then everything else.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyFile {
    /// The `policy NAME { … }` block.
    pub header: Header,
    /// Everything after the header, in source order.
    pub declarations: Vec<Declaration>,
}

/// The `policy NAME { … }` block: what the policy is and how it scores.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// The policy's identifier, which names it in outcomes.
    pub id: Name,
    /// `extends "PATH"`: the policy this one starts from, as written (relative
    /// to this file), with the span of the path.
    pub extends: Option<(String, Span)>,
    /// A human-readable title, if given.
    pub title: Option<String>,
    /// The edition of the rules (`2019.1`), if given.
    pub version: Option<String>,
    /// The date the policy takes effect as written, with its span; the checker
    /// rejects impossible dates.
    pub effective: Option<(String, Span)>,
    /// The document the policy encodes (`赣环执法〔2019〕2号 附1`), if given.
    pub source: Option<String>,
    /// The points the indicator maxima must add up to, a constant; the checker
    /// requires it.
    pub total: Option<Expression>,
    /// How each indicator's score is rounded; `None` leaves scores exact.
    pub rounding: Option<Rounding>,
    /// `final at least N`: no total below N after bonus and deductions, as
    /// written (a signed number) with its span.
    pub final_at_least: Option<(String, Span)>,
    /// `final at most N`: no total above N after bonus and deductions.
    pub final_at_most: Option<(String, Span)>,
    /// The whole header block.
    pub span: Span,
}

/// How a rounded digit is chosen. All modes give the exact value of the rounded decimal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundingMode {
    /// A tie moves away from zero: 2.345 becomes 2.35 and -2.345 becomes -2.35.
    HalfAwayFromZero,
    /// A tie goes to the even digit: 2.345 becomes 2.34 and 2.355 becomes 2.36.
    HalfEven,
    /// Drops the extra digits, toward zero: 2.349 becomes 2.34 and -2.349 becomes -2.34.
    Down,
}

/// The header's `round PLACES MODE per indicator`, the only rounding there is.
#[derive(Clone, Debug, PartialEq)]
pub struct Rounding {
    /// Decimal places to keep; the checker accepts 0 to 10.
    pub places: u32,
    /// How ties and extra digits are settled.
    pub mode: RoundingMode,
    /// The whole `round` field.
    pub span: Span,
}

/// Citations and readings attached to a rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Annotations {
    /// `cite "…"` clause references, in order; a finding's clause joins them.
    pub cites: Vec<String>,
    /// `reading "…"` interpretations of the source text, each with its span, as
    /// `kaoping check --readings` lists them.
    pub readings: Vec<(String, Span)>,
}

/// One top-level declaration after the header.
#[derive(Clone, Debug, PartialEq)]
pub enum Declaration {
    /// The `input { … }` block: the top-level fields of the facts file.
    Input(Vec<FieldDeclaration>, Span),
    /// A named `record` type.
    Record(RecordDeclaration),
    /// `param NAME = VALUE`: a constant a later year may change.
    Parameter(Parameter),
    /// A top-level `let`: a value computed for each candidate, usable by every rule.
    Derived(Parameter),
    /// An `indicator` that scores candidates.
    Indicator(Indicator),
    /// `exclude when`: makes a candidate ineligible.
    Exclude(Rule),
    /// A top-level `finding`: reports without changing any score.
    Finding(Rule),
    /// `revoke when`: withdraws a selection after the fact.
    Revoke(Rule),
    /// `group by FIELD`: the groups candidates are ranked and selected in.
    Group(GroupRule),
    /// `rank by total, …`: the ranking keys.
    Rank(RankRule),
    /// `select N [in GROUP]`: a quota.
    Select(SelectRule),
    /// `flag NAME top N [in GROUP]`: marks the top `N` without selecting them.
    Flag(SelectRule),
    /// `override …`: replaces something inherited through `extends`.
    Override(Override),
    /// `remove indicator NAME`, `remove item INDICATOR.ITEM`, `remove bonus
    /// NAME` or `remove deduction NAME`: drops something inherited through `extends`.
    Remove(Removal),
    /// `script { … }`: functions written in rhai.
    Script(ScriptBlock),
    /// `bonus NAME { … }` or `deduction NAME { … }`: points outside the maxima.
    Adjustment(Adjustment),
    /// `grades [by EXPRESSION] { BAND … }`: the grade scale.
    Grades(GradeScale),
    /// `grade X when …` or `grade at most X when …`: a veto on the grade.
    GradeRule(GradeRule),
}

/// `bonus NAME "label" [cap N] { … }` (加分) or `deduction NAME … { … }` (扣分):
/// points added to or taken from the total, outside the indicators' maxima.
#[derive(Clone, Debug, PartialEq)]
pub struct Adjustment {
    /// Added (`bonus`) or subtracted (`deduction`).
    pub kind: crate::outcome::AdjustmentKind,
    /// The block's identifier.
    pub name: Name,
    /// A human-readable label, if given.
    pub label: Option<String>,
    /// `cap N`: the most the block gives; more is dropped.
    pub cap: Option<Expression>,
    /// `let`, `add`/`deduct` lines, `score`, findings, citations and readings.
    pub body: Block,
    /// The whole declaration.
    pub span: Span,
}

/// `grades [by EXPRESSION] { … }`: ordered bands, best first.
#[derive(Clone, Debug, PartialEq)]
pub struct GradeScale {
    /// The value graded; `None` grades the total.
    pub by: Option<Expression>,
    /// The bands, best first; the last has no bound.
    pub bands: Vec<GradeBand>,
    /// Citations and readings behind the scale.
    pub annotations: Annotations,
    /// The whole declaration.
    pub span: Span,
}

/// `优秀 >= 90 quota 20%`: one band of a grade scale.
#[derive(Clone, Debug, PartialEq)]
pub struct GradeBand {
    /// The grade's name, which rules and outcomes use.
    pub name: Name,
    /// A human-readable label, if given.
    pub label: Option<String>,
    /// `>= N`: the least value the band takes, inclusive; `None` for the last band.
    pub at_least: Option<Expression>,
    /// `quota N [in GROUP]` or `quota P% [in GROUP]`.
    pub quotas: Vec<GradeQuota>,
    /// Citations and readings behind the band.
    pub annotations: Annotations,
    /// The whole band.
    pub span: Span,
}

/// `quota N [in GROUP]`: at most N candidates (or, for a percent literal, that
/// share of the group's graded candidates) get the band.
#[derive(Clone, Debug, PartialEq)]
pub struct GradeQuota {
    /// A whole number, or a share written as a percent literal.
    pub amount: Expression,
    /// The group it applies to; `None` applies it in every group.
    pub group: Option<Name>,
    /// The whole quota.
    pub span: Span,
}

/// `grade X when …` (forces the grade: 一票否决) or `grade at most X when …`
/// (caps it); the score and rank stay.
#[derive(Clone, Debug, PartialEq)]
pub struct GradeRule {
    /// `at most`: cap the grade rather than force it.
    pub at_most: bool,
    /// The grade forced or capped to.
    pub grade: Name,
    /// When the rule fires.
    pub condition: Expression,
    /// The finding's message.
    pub message: Template,
    /// Citations and readings behind the rule.
    pub annotations: Annotations,
    /// The whole rule.
    pub span: Span,
}

/// `script { … }`: rhai source whose functions expressions may call.
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptBlock {
    /// The rhai text between the braces, exactly as written.
    pub source: String,
    /// Where that text starts and ends, braces excluded; rhai's line and
    /// column positions are counted from its start.
    pub source_span: Span,
    /// The whole block.
    pub span: Span,
}

/// What an `override` replaces. The replacement takes the inherited one's
/// place, so indicator order and every reference to the name stay as they were.
#[derive(Clone, Debug, PartialEq)]
pub enum Override {
    /// `override param NAME = VALUE`: a new value; the label is inherited unless given.
    Parameter(Parameter),
    /// `override indicator NAME … { … }`: the whole indicator, items included.
    Indicator(Indicator),
    /// `override item INDICATOR.ITEM … { … }`: one item of an inherited
    /// indicator, at any depth (`override item quality.air.control.pm10 …`).
    Item {
        /// Where the item is: the inherited indicator, then each item that
        /// holds it, outermost first; never empty.
        parents: Vec<Name>,
        /// The replacement item, named like the one it replaces.
        item: Indicator,
    },
    /// `override record NAME { … }`: a record type with other fields, such as
    /// a candidate with a new fact.
    Record(RecordDeclaration),
    /// `extend record NAME { … }`: the inherited record with the fields
    /// given added after its own.
    RecordExtension(RecordDeclaration),
    /// `override rank by …`: new ranking keys.
    Rank(RankRule),
    /// `override group by FIELD`: a new grouping.
    Group(GroupRule),
    /// `override grades … { … }`: a whole new grade scale.
    Grades(GradeScale),
    /// `override bonus NAME … { … }` or `override deduction NAME … { … }`:
    /// the block of that kind and name, replaced whole.
    Adjustment(Adjustment),
}

impl Override {
    /// Where the replacement was written, from the keyword after `override`
    /// (the `override` keyword itself keeps no span).
    pub fn span(&self) -> Span {
        match self {
            Override::Parameter(parameter) => parameter.span,
            Override::Indicator(indicator)
            | Override::Item {
                item: indicator, ..
            } => indicator.span,
            Override::Record(record) | Override::RecordExtension(record) => record.span,
            Override::Rank(rank) => rank.span,
            Override::Group(group) => group.span,
            Override::Grades(grades) => grades.span,
            Override::Adjustment(adjustment) => adjustment.span,
        }
    }
}

/// `remove indicator NAME`, `remove item INDICATOR.ITEM[.ITEM…]`,
/// `remove bonus NAME` or `remove deduction NAME`.
#[derive(Clone, Debug, PartialEq)]
pub struct Removal {
    /// What is removed.
    pub removed: Removed,
    /// The whole declaration.
    pub span: Span,
}

/// What a `remove` drops from the policy extended.
#[derive(Clone, Debug, PartialEq)]
pub enum Removed {
    /// `remove indicator NAME`.
    Indicator(Name),
    /// `remove item a.b.c`: the indicator, then each item down to the one
    /// removed; at least two names.
    Item(Vec<Name>),
    /// `remove bonus NAME` or `remove deduction NAME`.
    Adjustment(crate::outcome::AdjustmentKind, Name),
}

/// `record NAME "label" { fields }`: a record type that fields can name.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDeclaration {
    /// The type's name, as other declarations refer to it.
    pub name: Name,
    /// A human-readable label, if given.
    pub label: Option<String>,
    /// The record's fields, in declaration order.
    pub fields: Vec<FieldDeclaration>,
    /// The whole declaration.
    pub span: Span,
}

/// `name "label": TYPE = DEFAULT`: one field of a record or of the input.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDeclaration {
    /// The field's name, as facts and expressions spell it.
    pub name: Name,
    /// A human-readable label, if given.
    pub label: Option<String>,
    /// What the facts may hold in this field.
    pub field_type: TypeExpression,
    /// A constant used when the facts leave the field out.
    pub default: Option<Expression>,
    /// The whole field declaration.
    pub span: Span,
}

/// A field's type as written; the checker resolves names and checks bounds.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpression {
    /// `int`, `decimal`, `bool`, `text`, `date`, or the name of a `record`.
    Named(Name),
    /// `int[0..]`, `decimal[1..5]` or `decimal[0..full_score]`: a number
    /// within inclusive bounds.
    Range {
        /// `int` or `decimal`.
        scalar: Name,
        /// The lower bound as written; `None` when open.
        low: Option<RangeBound>,
        /// The upper bound as written; `None` when open.
        high: Option<RangeBound>,
        /// The whole range type.
        span: Span,
    },
    /// `text ref LIST`: text that must be a key of the named keyed input list.
    Reference(Name, Span),
    /// `optional T`: the facts may leave the value out.
    Optional(Box<TypeExpression>, Span),
    /// `list of T [key FIELD]`.
    List {
        /// The type of each item.
        element: Box<TypeExpression>,
        /// The field whose values must be unique across the list, and by which
        /// `list[key]` finds an item; `None` for a list without a key.
        key: Option<Name>,
        /// The whole list type.
        span: Span,
    },
    /// An inline record `{ fields }`.
    Record(Vec<FieldDeclaration>, Span),
    /// `enum { city "市级", … }`: variant names, each with an optional label.
    Enum(Vec<(Name, Option<String>)>, Span),
}

/// One bound of a range type, as written.
#[derive(Clone, Debug, PartialEq)]
pub enum RangeBound {
    /// A number (`-3`, `0.5`); the checker reads it exactly.
    Number(String),
    /// The name of a `param`: the bound is the parameter's value, so a policy
    /// that overrides the parameter moves the bound, and with it what the
    /// facts may hold.
    Parameter(Name),
}

impl RangeBound {
    /// The bound as written: the number or the parameter's name.
    pub fn text(&self) -> &str {
        match self {
            RangeBound::Number(text) => text,
            RangeBound::Parameter(name) => &name.text,
        }
    }
}

impl TypeExpression {
    /// Where the whole type expression was written.
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
    /// The name that expressions use.
    pub name: Name,
    /// A human-readable label, if given; only `param` takes one.
    pub label: Option<String>,
    /// For `param`, a constant that may use earlier parameters; for `let`, any
    /// expression over the candidate and the facts.
    pub value: Expression,
    /// Citations and readings that justify the value.
    pub annotations: Annotations,
    /// The whole declaration.
    pub span: Span,
}

/// `indicator NAME "label" max N [scaled from M] { … }`, and also an `item`
/// inside one, which never has `scaled from`.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// The identifier that ranking keys and outcomes use.
    pub name: Name,
    /// A human-readable label, if given.
    pub label: Option<String>,
    /// The most points it gives, a constant; the score must lie within `[0, max]`.
    pub max: Expression,
    /// What the items add up to when that differs from `max`; their sum is then
    /// scaled by `max` over it. `None` when the items add up to `max`.
    pub scaled_from: Option<Expression>,
    /// The citations, statements and items inside the braces.
    pub body: Block,
    /// The whole declaration.
    pub span: Span,
}

/// The body of an indicator or an item.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    /// Citations and readings for the indicator or item as a whole.
    pub annotations: Annotations,
    /// `let`, `score`, `zero when` and `finding` statements, in source order.
    pub statements: Vec<Statement>,
    /// The `item`s, whose scores add up to the indicator's before any scaling.
    pub items: Vec<Indicator>,
}

/// One statement in an indicator or item body.
#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    /// `let NAME = VALUE`: a binding visible to the statements after it.
    Let(Name, Expression),
    /// `score VALUE`: the score, before zeroing and rounding.
    Score(Expression),
    /// `zero when`: a veto that sets the indicator or item to 0 and reports it.
    Zero(Rule),
    /// `finding`: reports without changing the score.
    Finding(Rule),
    /// `deduct A per Q`, `deduct A per S of Q` or `deduct A when C`: points
    /// off the max (or the items' sum), down to zero; in a `deduction` block,
    /// points of the deduction.
    Deduct(PointsLine),
    /// `add A per Q` or `add A when C`: points of a `bonus` block.
    Add(PointsLine),
    /// `full when C`: the max when C holds, else 0.
    Full {
        /// When full marks are given.
        condition: Expression,
        /// Citations and readings behind the line.
        annotations: Annotations,
        /// The whole statement.
        span: Span,
    },
}

/// One `deduct` or `add` line.
#[derive(Clone, Debug, PartialEq)]
pub struct PointsLine {
    /// The points per unit, per step, or in all (`when`).
    pub amount: Expression,
    /// What the amount is multiplied by.
    pub basis: PointsBasis,
    /// What the line says when it gives points, if written.
    pub message: Option<Template>,
    /// Citations and readings behind the line.
    pub annotations: Annotations,
    /// The whole line.
    pub span: Span,
}

/// How many times a line's amount counts.
#[derive(Clone, Debug, PartialEq)]
pub enum PointsBasis {
    /// `per Q` (times Q) or `per S of Q` (times the whole steps of S in Q);
    /// a negative Q counts as 0.
    Per {
        /// `S`: the size of one step; `None` counts Q itself.
        step: Option<Expression>,
        /// `Q`: the shortfall, gap or count.
        quantity: Expression,
    },
    /// `when C`: once, when C holds.
    When(Expression),
    /// `for each LIST`: the amount (and the message) once per item of the
    /// list, with the item's fields in scope; each item is a reason of its own.
    Each(Expression),
}

/// How serious a finding is, least first; serialized in lowercase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For the record; nothing needs doing.
    Info,
    /// Someone should look at it.
    Warning,
    /// The rule was broken: exclusions and revocations carry this.
    Error,
}

impl Severity {
    /// The lowercase name used in tables and JSON.
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
    /// `exclude` and `revoke` rules are errors, `zero` rules warnings, and
    /// `finding` rules as declared.
    pub severity: Severity,
    /// A boolean expression; the rule fires when it is true.
    pub condition: Expression,
    /// What the finding says when the rule fires.
    pub message: Template,
    /// Citations and readings behind the rule.
    pub annotations: Annotations,
    /// The whole rule.
    pub span: Span,
}

/// A message with `{expression}` holes, such as `"{candidate.city}未发布名录"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// Text and holes, in order.
    pub parts: Vec<TemplatePart>,
    /// The whole quoted template.
    pub span: Span,
}

/// One piece of a message template.
#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Literal text, with escapes already resolved.
    Text(String),
    /// A `{expression}` whose value is shown in its place.
    Hole(Expression),
}

/// `group by FIELD`: candidates are ranked and selected within each value of the field.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRule {
    /// The candidate's enum field whose variants are the groups.
    pub field: Name,
    /// Citations and readings behind the grouping.
    pub annotations: Annotations,
    /// The whole rule.
    pub span: Span,
}

/// `rank by total, INDICATOR, …`: what orders candidates within a group.
#[derive(Clone, Debug, PartialEq)]
pub struct RankRule {
    /// `total` first, then the indicators whose rounded scores break ties, in
    /// order.
    pub keys: Vec<Name>,
    /// Citations and readings behind the ranking.
    pub annotations: Annotations,
    /// The whole rule.
    pub span: Span,
}

/// `select N [in GROUP]` and `flag NAME top N [in GROUP]`.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectRule {
    /// The flag's name for `flag`; `None` for `select`.
    pub flag: Option<Name>,
    /// `N`, a constant: candidates ranked `N` or better qualify, ties included.
    pub count: Expression,
    /// The group the rule applies to; `None` applies it in every group.
    pub group: Option<Name>,
    /// Citations and readings behind the quota.
    pub annotations: Annotations,
    /// The whole rule.
    pub span: Span,
}

/// An expression and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Expression {
    /// What the expression is.
    pub kind: ExpressionKind,
    /// The whole expression, operands included.
    pub span: Span,
}

/// The forms an expression can take.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpressionKind {
    /// A decimal literal as written; the checker reads it exactly.
    Number(String),
    /// `50%`: the digits without the `%`; the checker divides them by 100.
    Percent(String),
    /// `true` or `false`.
    Boolean(bool),
    /// A string literal, with escapes already resolved.
    Text(String),
    /// A `YYYY-MM-DD` literal as written; the checker rejects impossible dates.
    Date(String),
    /// A parameter, `let` binding, input field, or one of `candidate`, `peers` and
    /// `it`.
    Name(Name),
    /// A record literal `{ key: value, … }`, entries in source order.
    Record(Vec<(Name, Expression)>),
    /// A list literal `[a, b, …]`.
    List(Vec<Expression>),
    /// A built-in function call such as `min(a, b)`.
    Call(Name, Vec<Expression>),
    /// `receiver.method(arguments)`, such as `candidates.count(city == candidate.city)`.
    Method(Box<Expression>, Name, Vec<Expression>),
    /// `record.field`.
    Field(Box<Expression>, Name),
    /// `target[key]`: an item of a keyed list by its key, or a record's field by an enum value.
    Index(Box<Expression>, Box<Expression>),
    /// A prefix operator and its operand.
    Unary(UnaryOperator, Box<Expression>),
    /// An infix operator and its left and right operands.
    Binary(BinaryOperator, Box<Expression>, Box<Expression>),
    /// `if CONDITION then A else B`.
    If(Box<Expression>, Box<Expression>, Box<Expression>),
}

/// Dropping a tree recursively would use one stack frame per level, and a
/// long operator chain (`0 + 0 + … + 0`) is thousands of levels deep; the
/// children are moved to a heap stack and dropped one by one instead.
impl Drop for Expression {
    fn drop(&mut self) {
        let mut pending: Vec<Expression> = Vec::new();
        take_children(&mut self.kind, &mut pending);
        while let Some(mut expression) = pending.pop() {
            take_children(&mut expression.kind, &mut pending);
        }
    }
}

fn take_children(kind: &mut ExpressionKind, pending: &mut Vec<Expression>) {
    let kind = std::mem::replace(kind, ExpressionKind::Boolean(false));
    match kind {
        ExpressionKind::Number(_)
        | ExpressionKind::Percent(_)
        | ExpressionKind::Boolean(_)
        | ExpressionKind::Text(_)
        | ExpressionKind::Date(_)
        | ExpressionKind::Name(_) => {}
        ExpressionKind::Record(entries) => {
            pending.extend(entries.into_iter().map(|(_, value)| value))
        }
        ExpressionKind::List(items) | ExpressionKind::Call(_, items) => pending.extend(items),
        ExpressionKind::Method(target, _, arguments) => {
            pending.push(*target);
            pending.extend(arguments);
        }
        ExpressionKind::Field(target, _) | ExpressionKind::Unary(_, target) => {
            pending.push(*target)
        }
        ExpressionKind::Index(target, key) | ExpressionKind::Binary(_, target, key) => {
            pending.push(*target);
            pending.push(*key);
        }
        ExpressionKind::If(condition, then, otherwise) => {
            pending.push(*condition);
            pending.push(*then);
            pending.push(*otherwise);
        }
    }
}

/// A prefix operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOperator {
    /// `-x`.
    Negate,
    /// `not x`.
    Not,
}

/// An infix operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOperator {
    /// `a + b`, exact.
    Add,
    /// `a - b`, exact.
    Subtract,
    /// `a * b`, exact.
    Multiply,
    /// `a / b`, exact; dividing by zero is an evaluation error.
    Divide,
    /// `a cap b`: at most `b`, the smaller of the two.
    Cap,
    /// `a floor b`: at least `b`, the larger of the two.
    Floor,
    /// `a ?? b`: `a`, or `b` when the facts left `a` out; `b` is read only then.
    Default,
    /// `a == b`.
    Equal,
    /// `a != b`.
    NotEqual,
    /// `a < b`.
    Less,
    /// `a <= b`.
    LessEqual,
    /// `a > b`.
    Greater,
    /// `a >= b`.
    GreaterEqual,
    /// `a and b`; `b` is read only when `a` is true.
    And,
    /// `a or b`; `b` is read only when `a` is false.
    Or,
}

impl BinaryOperator {
    /// The operator as written in a policy, for messages.
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

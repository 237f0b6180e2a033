//! The checked policy: resolved types, the facts schema, and every rule
//! compiled to `Code` whose names are already slots and field indices. The
//! interpreter walks `Code` and never looks a name up.

use std::sync::Arc;

use crate::ast::{Annotations, BinaryOperator, RoundingMode, Severity, Span, UnaryOperator};
use crate::number::Number;
use crate::value::Value;

/// A policy that passed `check`, with its code compiled for evaluation: it
/// can evaluate any facts its schema accepts, as often and on as many
/// threads as its owner likes. Its parts are those of [`PolicyDefinition`],
/// which it dereferences to.
///
/// The closures that evaluation runs borrow the definition's code, so both
/// live in one self-referential cell (`self_cell`): the definition is boxed
/// and never moves or changes, and the closures are built once, here, not
/// once per evaluation.
pub struct Policy {
    cell: PolicyCell,
}

self_cell::self_cell!(
    struct PolicyCell {
        owner: PolicyDefinition,
        #[covariant]
        dependent: Prepared,
    }
);

impl Policy {
    /// Compiles a checked definition for evaluation.
    pub(crate) fn new(definition: PolicyDefinition) -> Self {
        Policy {
            cell: PolicyCell::new(definition, |definition| Prepared::new(definition)),
        }
    }

    /// The checked definition, to change and compile again with
    /// [`Policy::new_unchecked`]: for tests and tools that build a variant
    /// of a checked policy without writing its text.
    pub fn into_definition(self) -> PolicyDefinition {
        self.cell.into_owner()
    }

    /// Compiles a definition that did not come from `check` as it stands.
    /// The caller answers for it being what `check` would accept: the
    /// evaluator trusts checked code and panics on a type error.
    pub fn new_unchecked(definition: PolicyDefinition) -> Self {
        Policy::new(definition)
    }

    /// The plans and closures evaluation runs.
    pub(crate) fn prepared(&self) -> &Prepared<'_> {
        self.cell.borrow_dependent()
    }
}

impl std::ops::Deref for Policy {
    type Target = PolicyDefinition;

    fn deref(&self) -> &PolicyDefinition {
        self.cell.borrow_owner()
    }
}

impl Clone for Policy {
    fn clone(&self) -> Self {
        Policy::new(PolicyDefinition::clone(self))
    }
}

impl std::fmt::Debug for Policy {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        PolicyDefinition::fmt(self, formatter)
    }
}

use crate::eval::Prepared;

/// What `check` makes of a policy text: types, schema, rules compiled to
/// [`Code`]. [`Policy`] holds one and derefs to it.
#[derive(Debug, Clone)]
pub struct PolicyDefinition {
    /// The `policy { … }` header: what names the policy, the total the
    /// indicator maxima add up to, and how scores are rounded.
    pub header: PolicyHeader,
    /// The name the policy text was loaded under, usually its path;
    /// diagnostics raised while evaluating cite it.
    pub source_name: String,
    /// The policy text, kept so that evaluation errors can point into it.
    pub source: Arc<str>,
    /// The policies this one extends, nearest first; empty when it extends none.
    pub ancestors: Vec<Ancestor>,
    /// The texts of the policies extended, which spans past the end of
    /// `source` point into.
    pub inherited: Vec<crate::diagnostic::SourceFile>,
    /// Every record type, indexed by [`RecordId`]: declared records, the
    /// `input` block, inline record types, record literals and the results of
    /// `group_by`. Field types, types and code refer to records by index only.
    pub records: Vec<RecordType>,
    /// The record type of the `input` block: the root of every facts file.
    pub root: RecordId,
    /// Index of the candidate list among the root's fields.
    pub candidates_field: usize,
    /// The record type of each candidate: the element of the candidate list.
    pub candidate_record: RecordId,
    /// Index of the candidate's id field (the candidate list's key).
    pub candidate_id_field: usize,
    /// Index of the candidate's `name` field, when it has one; outcomes show
    /// the name beside the identifier.
    pub candidate_name_field: Option<usize>,
    /// The `param`s, in declaration order, each already evaluated to a
    /// constant. Code never reads them: every use is compiled to its value.
    pub parameters: Vec<ParameterInfo>,
    /// The top-level `let`s, in declaration order; [`CodeKind::Derived`]
    /// indexes this list. Each sees only those declared before it.
    pub derived: Vec<Derived>,
    /// The `exclude when` rules. A candidate for whom any of them fires is
    /// excluded, and every rule that fires is reported.
    pub exclusions: Vec<CandidateRule>,
    /// The top-level `finding … when` rules, run for every candidate in the
    /// eligibility phase; they report and change nothing else.
    pub findings: Vec<CandidateRule>,
    /// The `revoke when` rules, run after selection: one that fires turns a
    /// selected candidate into a revoked one, and nobody moves up.
    pub revocations: Vec<CandidateRule>,
    /// The indicators in declaration order, which is the order of scores in
    /// outcomes; [`Ranking::tie_breakers`] index this list. Their maxima add
    /// up to the header's total.
    pub indicators: Vec<Indicator>,
    /// `group by`: the enum field whose values split candidates into groups
    /// that are ranked and selected separately; `None` ranks everyone together.
    pub grouping: Option<Grouping>,
    /// `rank by`: how candidates of a group are ordered.
    pub ranking: Ranking,
    /// The `select N [in GROUP]` quotas. At most one is declared per group,
    /// and the first that applies to a group sets the group's quota.
    pub selections: Vec<Selection>,
    /// The `flag NAME top N [in GROUP]` rules: chosen like quotas, but they
    /// set the named flag instead of the status. Every one that applies is run.
    pub flags: Vec<Selection>,
    /// Every reading in the policy, in source order, with where it applies.
    pub readings: Vec<ReadingInfo>,
    /// The `script { … }` blocks, compiled, and the functions they define;
    /// [`CodeKind::Script`] indexes the functions.
    pub scripts: crate::script::Scripts,
    /// The `bonus` and `deduction` blocks, in declaration order: points
    /// outside the indicators' maxima.
    pub adjustments: Vec<Adjustment>,
    /// `grades { … }`, when the policy grades.
    pub grades: Option<GradeScale>,
    /// The `grade X when` and `grade at most X when` rules, in declaration order.
    pub grade_rules: Vec<GradeRule>,
    /// Top-level `finding`s that read what is decided after the scores (the
    /// total, a rank, a grade): run after grading, for eligible candidates only.
    pub late_findings: Vec<CandidateRule>,
    /// Whether candidates get ranks: the policy declares `rank by`, `select`,
    /// `flag` or a grade quota. Otherwise an eligible candidate has no rank.
    pub ranks: bool,
}

/// What a rule after the total can read about the candidate's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomeValue {
    /// The final total.
    Total,
    /// The sum of the rounded indicator scores.
    Base,
    /// The sum of the `bonus` blocks' points.
    Bonus,
    /// The sum of the `deduction` blocks' points.
    Deductions,
    /// The candidate's competition rank in its group.
    Rank,
    /// The candidate's grade, by name.
    Grade,
    /// An indicator's rounded score (a path of one index) or an item's exact
    /// score (indicator index, then item indices, level by level).
    Section(Vec<usize>),
    /// A `bonus` or `deduction` block's points, by index in [`Policy::adjustments`].
    Adjustment(usize),
}

/// How far evaluation has come when a value can be read: what code may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Scores are being computed: only the facts.
    Scoring,
    /// Scores, total and rank are known: the grade rules and `grades by`.
    Totalled,
    /// The grade is known too: late findings.
    Graded,
}

/// A `bonus` (加分) or `deduction` (扣分) block.
#[derive(Debug, Clone)]
pub struct Adjustment {
    /// The identifier; outcomes and after-total rules use it.
    pub name: String,
    /// The human-readable label, if any.
    pub label: Option<String>,
    /// Added or subtracted.
    pub kind: crate::outcome::AdjustmentKind,
    /// The most points the block gives; more is dropped.
    pub cap: Option<Number>,
    /// The citations and readings behind the block.
    pub annotations: Annotations,
    /// `let`, `finding` and the `add`/`deduct` lines ([`Step::Points`]), in order.
    pub steps: Vec<Step>,
    /// `score EXPRESSION`, in place of points lines.
    pub score: Option<Code>,
    /// The size of the evaluation frame its code needs.
    pub slots: usize,
    /// The whole declaration.
    pub span: Span,
}

/// The checked `grades { … }`.
#[derive(Debug, Clone)]
pub struct GradeScale {
    /// `grades by …`; `None` grades the total.
    pub by: Option<Code>,
    /// Frame slots the `by` expression needs.
    pub slots: usize,
    /// Best first; the last has no bound.
    pub bands: Vec<GradeBand>,
    /// The grade names as an enum, the type of `grade` in late rules.
    pub names: Arc<EnumType>,
    /// The citations and readings behind the scale.
    pub annotations: Annotations,
    /// The whole declaration.
    pub span: Span,
}

/// One band of the grade scale.
#[derive(Debug, Clone)]
pub struct GradeBand {
    /// The grade's name.
    pub name: String,
    /// Its label, if any.
    pub label: Option<String>,
    /// The least value that gets it, inclusive; `None` for the last band.
    pub at_least: Option<Number>,
    /// Its quotas; the first whose group applies is the group's.
    pub quotas: Vec<GradeQuota>,
    /// The citations and readings behind the band.
    pub annotations: Annotations,
    /// The whole band.
    pub span: Span,
}

/// `quota N` or `quota P%`, optionally `in GROUP`.
#[derive(Debug, Clone)]
pub struct GradeQuota {
    /// A number of candidates, or a share of the group's graded candidates.
    pub amount: QuotaAmount,
    /// The group it applies to; `None` applies in every group.
    pub group: Option<String>,
    /// The whole quota.
    pub span: Span,
}

/// How many candidates a grade quota allows.
#[derive(Debug, Clone, PartialEq)]
pub enum QuotaAmount {
    /// At most this many.
    Count(u32),
    /// At most this share of the group's graded candidates, rounded down.
    Share(Number),
}

/// `grade X when …` (forces) or `grade at most X when …` (caps).
#[derive(Debug, Clone)]
pub struct GradeRule {
    /// Cap rather than force.
    pub at_most: bool,
    /// The band forced or capped to, by index in [`GradeScale::bands`].
    pub band: usize,
    /// The condition, message and clause.
    pub rule: CandidateRule,
}

/// A policy that another extends, directly or through its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ancestor {
    /// The identifier in the ancestor's header.
    pub id: String,
    /// The ancestor's version, if it declares one.
    pub version: Option<String>,
    /// The ancestor's effective date as written, if it declares one.
    pub effective: Option<String>,
    /// The path the ancestor was read from.
    pub source_name: String,
}

/// The checked header: what names the policy in outcomes, and the total and
/// rounding every score obeys.
#[derive(Debug, Clone)]
pub struct PolicyHeader {
    /// The identifier after `policy`, which names the policy in outcomes.
    pub id: String,
    /// A human-readable title, if given.
    pub title: Option<String>,
    /// The edition of the rules, such as `2019.1`, if given.
    pub version: Option<String>,
    /// The date the policy takes effect, as written; the checker has verified
    /// that it is a calendar date.
    pub effective: Option<String>,
    /// The document the policy encodes, if given.
    pub source: Option<String>,
    /// The points the indicator maxima add up to; the checker enforces the sum.
    pub total: Number,
    /// `final at least N`: the final total is never below it.
    pub final_at_least: Option<Number>,
    /// `final at most N`: the final total is never above it.
    pub final_at_most: Option<Number>,
    /// Decimal places (0 to 10) and mode for rounding each indicator's score
    /// after all of its own arithmetic; `None` keeps scores exact. The total
    /// is the sum of the rounded scores.
    pub rounding: Option<(u32, RoundingMode)>,
}

/// Index of a record type in [`Policy::records`].
pub type RecordId = usize;

/// A record type: the fields of a facts mapping or of a record value. A
/// record [`Value`] holds one value per field, at the field's index.
#[derive(Debug, Clone)]
pub struct RecordType {
    /// The declared name: `input` for the root, `group` for the results of
    /// `group_by`, and empty for inline record types and record literals.
    pub name: String,
    /// The human-readable label given in the declaration, if any.
    pub label: Option<String>,
    /// The fields in declaration order; code and record values address them
    /// by position.
    pub fields: Vec<Field>,
}

impl RecordType {
    /// The position of the field called `name`, if there is one.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|field| field.name == name)
    }
}

/// One field of a record type.
#[derive(Debug, Clone)]
pub struct Field {
    /// The key in facts files, and the name expressions read the field by.
    pub name: String,
    /// The human-readable label, if any; a missing-key error shows it.
    pub label: Option<String>,
    /// What facts may hold here, and so the field's type in expressions.
    pub schema: FieldType,
    /// The value taken when facts leave the key out: a constant that the
    /// checker has verified fits the field.
    pub default: Option<Value>,
    /// The field's declaration; duplicate-name and unused-input diagnostics
    /// point here.
    pub span: Span,
}

/// What a facts file may hold in a field: the expression type plus the
/// constraints that loading enforces.
#[derive(Debug, Clone)]
pub enum FieldType {
    /// A number, read exactly from its decimal text.
    Number {
        /// Whether only whole numbers are allowed (`int` rather than `decimal`).
        integer: bool,
        /// The inclusive lower bound of a range such as `int[0..]`, if any.
        low: Option<Number>,
        /// The inclusive upper bound of a range, if any.
        high: Option<Number>,
    },
    /// `true` or `false`.
    Bool,
    /// Any text.
    Text,
    /// A calendar date, written `YYYY-MM-DD`.
    Date,
    /// Text that must be one of the enum's variants.
    Enum(Arc<EnumType>),
    /// Text that must equal the key of an item in a root list.
    Reference {
        /// Index of the keyed list among the root record's fields.
        root_field: usize,
    },
    /// A list; loading checks every item against the element type.
    List {
        /// The type of each item.
        element: Box<FieldType>,
        /// The element record's field that must be unique across the list.
        key: Option<usize>,
    },
    /// A nested mapping of the given record type.
    Record(RecordId),
    /// A field that facts may leave out. It then holds [`Value::Absent`],
    /// which expressions must test with `present` or replace with `??`.
    Optional(Box<FieldType>),
    /// A field whose declared type failed to check; kept so that uses of the
    /// field raise no second error. Never part of a checked policy.
    Unknown,
}

/// The variants of an `enum { … }` type. Their declaration order is also
/// the order of groups when candidates are grouped by the enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumType {
    /// Each variant's name and optional label, in declaration order; names
    /// are unique.
    pub variants: Vec<(String, Option<String>)>,
}

impl EnumType {
    /// Whether `name` is one of the variants.
    pub fn has(&self, name: &str) -> bool {
        self.variants.iter().any(|(variant, _)| variant == name)
    }
    /// The variant names, in declaration order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.variants.iter().map(|(variant, _)| variant.as_str())
    }
}

/// The type of an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// An exact rational number.
    Number,
    /// `true` or `false`.
    Bool,
    /// Text.
    Text,
    /// A calendar date.
    Date,
    /// A value of an enum: at run time, text that is one of its variants.
    Enum(Arc<EnumType>),
    /// Text known to be a key of the root list at this index.
    Reference(usize),
    /// A list whose items all have the inner type.
    List(Box<Type>),
    /// A record of the given type. Record types compare by shape, so two
    /// types with the same field names and field types fit each other.
    Record(RecordId),
    /// A value that may be absent; when present, it has the inner type.
    Optional(Box<Type>),
    /// The element type of an empty list literal: fits any list.
    Nothing,
    /// The type of an expression that already failed to check; it fits
    /// anywhere so that one mistake is reported once.
    Unknown,
}

impl Type {
    /// Whether values of this type are text at run time (text, enum values
    /// and references), so that they can be compared for equality.
    pub fn is_text_like(&self) -> bool {
        matches!(self, Type::Text | Type::Enum(_) | Type::Reference(_))
    }
}

impl FieldType {
    /// The type an expression has when it reads a field of this schema. The
    /// constraints (ranges, keys) are dropped: loading has enforced them.
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

/// A `param`: a named constant that the checker evaluates once.
#[derive(Debug, Clone)]
pub struct ParameterInfo {
    /// The name rules use for it.
    pub name: String,
    /// The human-readable label, if any.
    pub label: Option<String>,
    /// The constant's value; every use of the parameter is compiled to it.
    pub value: Value,
    /// The citations and readings behind the parameter.
    pub annotations: Annotations,
    /// The whole declaration.
    pub span: Span,
}

/// A top-level `let`: a value derived from one candidate, computed once.
#[derive(Debug, Clone)]
pub struct Derived {
    /// The name rules read the value by.
    pub name: String,
    /// The expression, evaluated in its own frame of `slots` values; its
    /// value is computed once per candidate and then cached.
    pub code: Code,
    /// Whether the value reads `peers`, directly or through an earlier `let`.
    /// Only indicators may then use it, and an indicator that does is
    /// evaluated in the cohort phase.
    pub uses_peers: bool,
    /// What must be known before it can be computed: `Scoring` for a value of
    /// the facts alone; later when it reads the total, a score, a rank or the
    /// grade, and then only rules of that phase may read it.
    pub phase: Phase,
    /// The size of the evaluation frame the code needs: one slot for the
    /// current item of each list method.
    pub slots: usize,
    /// The whole declaration.
    pub span: Span,
}

/// A rule checked for one candidate: `exclude when`, `finding … when` and
/// `revoke when` at the top level, and `zero when` and `finding … when`
/// inside an indicator or item.
#[derive(Debug, Clone)]
pub struct CandidateRule {
    /// How serious the finding is: `exclude` and `revoke` rules are errors,
    /// `zero` rules warnings, and `finding` rules as declared.
    pub severity: Severity,
    /// A boolean expression; the rule fires when it is true. Never reads
    /// `peers` in a top-level rule, since those run before eligibility is settled.
    pub condition: Code,
    /// The finding's message; its holes are evaluated only when the rule
    /// fires, in the same frame as the condition.
    pub message: Vec<MessagePart>,
    /// The citations and readings behind the rule; the citations become the
    /// finding's clause.
    pub annotations: Annotations,
    /// Local slots the rule's expressions need.
    pub slots: usize,
    /// Where a top-level rule is (`exclude rule at line 151`), as findings
    /// and readings name it; empty for rules inside indicators, which are
    /// named after their indicator.
    pub place: String,
    /// The whole rule.
    pub span: Span,
}

/// One piece of a rule's message template.
#[derive(Debug, Clone)]
pub enum MessagePart {
    /// Literal text, copied as written.
    Text(String),
    /// An `{expression}` hole, replaced by the display text of its value.
    Hole(Code),
}

/// An indicator, or an item inside one: a part of the total, scored for
/// each candidate.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// The name (the key of the score in outcomes and the results contract,
    /// and the name `rank by` uses), the label, the points it is worth
    /// (positive; the score must lie within `0..=max`, indicator maxima add
    /// up to the header's total, item maxima to their indicator's maximum or
    /// `scaled from` basis) and `scaled from N` (the items' sum is
    /// multiplied by max ÷ N). Shared with every candidate's outcome, and
    /// read as the indicator's own fields (`indicator.max`).
    pub declared: Arc<crate::outcome::Declared>,
    /// The citations and readings behind the indicator.
    pub annotations: Annotations,
    /// The `let`, `zero when` and `finding` statements in source order, run
    /// before the score. An item's steps run after its indicator's, in the
    /// same frame.
    pub steps: Vec<Step>,
    /// The score expression; `None` when the indicator has items and scores
    /// as their sum, or scores by `deduct` lines. `full when C` is compiled
    /// to `if C then max else 0`.
    pub score: Option<Code>,
    /// Whether it has `deduct` lines ([`Step::Points`]): the score is then
    /// the max (or the items' sum) less the deductions, down to zero.
    pub deducts: bool,
    /// The items, whose scores add up to the indicator's before any scaling;
    /// an item may have items of its own, to any depth.
    pub items: Vec<Indicator>,
    /// Whether any of its code reads `peers`: directly, through an item, or
    /// through a top-level `let`. Decides whether the indicator is evaluated
    /// in the cohort phase (eligible candidates only) rather than per candidate.
    pub uses_peers: bool,
    /// The size of the evaluation frame its code needs. An indicator and its
    /// items share one frame, so the indicator's count covers its items'.
    pub slots: usize,
    /// The whole declaration; a score outside `0..=max` is reported here.
    pub span: Span,
}

impl std::ops::Deref for Indicator {
    type Target = crate::outcome::Declared;
    fn deref(&self) -> &crate::outcome::Declared {
        &self.declared
    }
}

/// A definition edited in place (a test, a program building a variant)
/// gets its own copy of the declaration, which outcomes scored before keep.
impl std::ops::DerefMut for Indicator {
    fn deref_mut(&mut self) -> &mut crate::outcome::Declared {
        Arc::make_mut(&mut self.declared)
    }
}

/// One statement of an indicator or item body, run in order before the score.
#[derive(Debug, Clone)]
pub enum Step {
    /// `let NAME = …`: evaluates the code and stores the value in the frame.
    Let {
        /// The frame slot that holds the value; later code reads it as
        /// [`CodeKind::Local`].
        slot: usize,
        /// The name as written; compiled code refers to the slot only.
        name: String,
        /// The bound expression.
        code: Code,
    },
    /// `zero when`: when it fires, the score is still computed and then
    /// replaced by 0, and a `zeroed` finding is reported.
    Zero(CandidateRule),
    /// `finding … when`: reports a finding and changes no score.
    Finding(CandidateRule),
    /// `deduct …` (or `add …` in a bonus): points this line gives or takes.
    Points(PointsRule),
}

/// A checked `deduct` or `add` line.
#[derive(Debug, Clone)]
pub struct PointsRule {
    /// The points per unit, per step, or in all.
    pub amount: Code,
    /// How many times the amount counts.
    pub basis: PointsCount,
    /// The message, when written; otherwise `text` names the line.
    pub message: Option<Vec<MessagePart>>,
    /// The line as written, for the ledger and reasons without a message.
    pub text: String,
    /// The citations and readings behind the line.
    pub annotations: Annotations,
    /// The whole line.
    pub span: Span,
}

/// How many times a points line's amount counts.
#[derive(Debug, Clone)]
pub enum PointsCount {
    /// `per Q`: Q times (0 when Q is negative); `per S of Q`: the whole steps of S in Q.
    Per {
        /// The step size S, if written.
        step: Option<Code>,
        /// The quantity Q.
        quantity: Code,
    },
    /// `when C`: once, when C holds.
    When(Code),
    /// `for each LIST`: the amount once per item, with the item in `slot`;
    /// each item that gives points is a reason of its own.
    Each {
        /// The list.
        list: Code,
        /// The frame slot that holds the current item while the amount and
        /// the message are evaluated.
        slot: usize,
    },
}

/// `group by FIELD`: candidates are ranked, selected and shown per value
/// of an enum field of the candidate record.
#[derive(Debug, Clone)]
pub struct Grouping {
    /// Index of the enum field among the candidate record's fields.
    pub field: usize,
    /// The field's name; outcomes and the results contract use it as the key
    /// of each candidate's group.
    pub field_name: String,
    /// The enum's variants: the groups, in the order outcomes list them.
    pub variants: Arc<EnumType>,
    /// The citations and readings behind the rule.
    pub annotations: Annotations,
}

/// `rank by total, …`: the candidates of a group are ordered by total, then
/// by the tie-breakers' rounded scores; equal keys share a competition rank.
#[derive(Debug, Clone)]
pub struct Ranking {
    /// Indicator indices to break ties with, after the total.
    pub tie_breakers: Vec<usize>,
    /// The citations and readings behind the rule.
    pub annotations: Annotations,
}

/// A `select N [in GROUP]` quota or a `flag NAME top N [in GROUP]` rule.
/// Every candidate ranked N or better is chosen, so a tie at the line can
/// choose more than N; a `quota_overrun` finding then names the tied
/// candidates.
#[derive(Debug, Clone)]
pub struct Selection {
    /// For `flag NAME top N`, the flag's name.
    pub flag: Option<String>,
    /// N: candidates whose rank is at most N are chosen.
    pub count: u32,
    /// The group it applies to; `None` applies to every group.
    pub group: Option<String>,
    /// The citations and readings behind the rule; the citations become the
    /// clause of any quota overrun finding.
    pub annotations: Annotations,
    /// The whole rule.
    pub span: Span,
}

/// A `reading "…"`: how the policy interprets its source document, as
/// `kaoping check --readings` lists them.
#[derive(Debug, Clone)]
pub struct ReadingInfo {
    /// Where the reading stands, such as `indicator team`, `item team.safety`,
    /// `param limit`, `let share`, `exclude rule at line 12` or `group`.
    pub place: String,
    /// The interpretation as written.
    pub text: String,
    /// The citations of the same declaration, which the reading interprets.
    pub cites: Vec<String>,
    /// The reading in the policy text.
    pub span: Span,
}

/// Compiled expression code.
#[derive(Debug, Clone)]
pub struct Code {
    /// What the node computes.
    pub kind: CodeKind,
    /// The expression it was compiled from; evaluation errors point here.
    pub span: Span,
}

/// The operations of compiled code. Names are already resolved: locals are
/// frame slots, fields are indices and parameters are constants. In a
/// checked policy every operand has the type its operation needs, so
/// evaluation never meets a type error.
#[derive(Debug, Clone)]
pub enum CodeKind {
    /// A value known when checking: a literal or a parameter.
    Constant(Value),
    /// Reads a slot of the evaluation frame: an indicator's `let`, or the
    /// current item of a list method.
    Local(usize),
    /// The candidate being evaluated.
    Candidate,
    /// A field of the facts' root record (an `input` field), by index.
    Root(usize),
    /// The eligible candidates of the current candidate's group. Only code
    /// marked `uses_peers` reaches it, and such code runs only in the cohort
    /// phase.
    Peers,
    /// The value of a top-level `let`, by index into [`Policy::derived`];
    /// computed on first use and cached for the candidate.
    Derived(usize),
    /// A field of a record value, by its index in the record type; the name
    /// is kept for the ledger's fact paths.
    Field(Box<Code>, usize, Arc<str>),
    /// Find the item of a keyed list whose key field equals the key.
    Lookup {
        /// A keyed list of the root record.
        list: Box<Code>,
        /// Index of the key field in the list's element record.
        key_field: usize,
        /// The reference to find; loading has checked that it exists.
        key: Box<Code>,
    },
    /// Pick a record's field by an enum value; `fields[i]` is the field index
    /// for the enum's i-th variant.
    Select {
        /// The record to pick a field from.
        record: Box<Code>,
        /// The key's enum, whose variant order `fields` follows.
        variants: Arc<EnumType>,
        /// The field index for each variant, in variant order.
        fields: Vec<usize>,
        /// The enum value that picks the field.
        key: Box<Code>,
    },
    /// A record literal: one code per field, in the order of its record type.
    Record(Vec<Code>),
    /// A list literal: one code per item.
    List(Vec<Code>),
    /// Negation of a number, or `not` of a bool.
    Unary(UnaryOperator, Box<Code>),
    /// Arithmetic, a comparison, `and`, `or` or `??`. The last three evaluate
    /// their right operand only when it decides the result.
    Binary(BinaryOperator, Box<Code>, Box<Code>),
    /// `if CONDITION then A else B`; only the branch taken is evaluated.
    If(Box<Code>, Box<Code>, Box<Code>),
    /// A built-in function applied to its arguments, all evaluated first.
    Call(Function, Vec<Code>),
    /// A script function (an index into [`crate::script::Scripts::functions`])
    /// applied to its number arguments, all evaluated first.
    Script(usize, Vec<Code>),
    /// What the candidate's outcome says after the scores: the total, a
    /// rank, a grade, a section's score. Only late code (grade rules, late
    /// findings and lets) reads it.
    Outcome(OutcomeValue),
    /// A list method whose argument expressions run once per item, with the
    /// item in `slot`.
    Method {
        /// Which method.
        method: ListMethod,
        /// The list it is called on.
        list: Box<Code>,
        /// The frame slot that holds the current item (`it`, whose fields are in
        /// scope by name). `usize::MAX` for `take`, `drop` and `contains`, whose
        /// argument is evaluated once rather than per item.
        slot: usize,
        /// The argument expressions; none where a numeric method works on the
        /// items themselves.
        arguments: Vec<Code>,
    },
}

/// A built-in function, called as `name(…)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `min(…)`: the smallest of one or more numbers.
    Min,
    /// `max(…)`: the largest of one or more numbers.
    Max,
    /// `round_down(x)`: the largest whole number not above `x`;
    /// `round_down(x, places)`: the largest number with that many decimal
    /// places (0 to 10) not above `x`. It rounds toward negative infinity,
    /// whatever the header's rounding mode, so on a negative number it moves
    /// away from zero: `round_down(-2.5)` is -3 and `round_down(-2.341, 2)`
    /// is -2.35 (the header's `down` mode would give -2 and -2.34). Other
    /// places are an evaluation error, as for `round`.
    RoundDown,
    /// `round_up(x)`: the smallest whole number not below `x`;
    /// `round_up(x, places)`: the smallest number with that many decimal
    /// places (0 to 10) not below `x`, toward positive infinity:
    /// `round_up(2.341, 2)` is 2.35 and `round_up(-2.5)` is -2. Other
    /// places are an evaluation error, as for `round`.
    RoundUp,
    /// `round(x, places)`: rounds to 0 to 10 places in the mode the policy
    /// header declares for its scores (`round 2 half_even per indicator` →
    /// half_even), or half away from zero when the header declares no
    /// rounding; the checker records the mode here. Other places are an
    /// evaluation error.
    Round(RoundingMode),
    /// `abs(x)`: the absolute value.
    Abs,
    /// `present(x)`: whether an optional value is present.
    Present,
    /// `days_between(from, to)`: the days from the first date to the second,
    /// negative when the second is earlier.
    DaysBetween,
    /// `date(year, month, day)`: a calendar date from its parts; an
    /// impossible date is an evaluation error.
    Date,
    /// `characters(text)`: how many characters the text has, counted as
    /// Unicode scalar values (never bytes) other than white space, as the
    /// 2019 spec counts a 3,000-character limit.
    Characters,
    /// `contains_any(text, names)`: the names that occur in the text, each
    /// once, in the order of the list; empty when none does.
    ContainsAny,
    /// `extension(name)`: the file type a name ends in, lowercased, without
    /// the dot (`事迹.DOCX` → `docx`); a bare type (`pdf`) is its own.
    Extension,
    /// `grouped(number)`: the number as text with its whole part in groups
    /// of three (`3412` → `3,412`), for messages.
    Grouped,
}

/// A list method, called as `LIST.name(…)`. Most arguments are evaluated
/// once per item, with the item in the method's slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMethod {
    /// `count()`: the number of items; `count(condition)`: the number of
    /// items for which the condition holds.
    Count,
    /// `sum()`: the sum of the items; `sum(x)`: the sum of `x` over the items.
    Sum,
    /// `max()` or `max(x)`: the largest item or value; 0 for an empty list.
    Max,
    /// `min()` or `min(x)`: the smallest item or value; 0 for an empty list.
    Min,
    /// `mean()` or `mean(x)`: the arithmetic mean; 0 for an empty list.
    Mean,
    /// `filter(condition)`: the items for which the condition holds, in order.
    Filter,
    /// `map(x)`: the value of `x` for each item, in order.
    Map,
    /// `any(condition)`: whether the condition holds for some item; false for
    /// an empty list.
    Any,
    /// `all(condition)`: whether the condition holds for every item; true for
    /// an empty list.
    All,
    /// `group_by(key)`: one `group` record of `key` and `items` per key, in the
    /// order the keys first appear.
    GroupBy,
    /// `distinct_by(key)`: the first item with each key, in order.
    DistinctBy,
    /// `duplicates_by(key)`: every item whose key an earlier item already had.
    DuplicatesBy,
    /// `take_per(key, limit)`: the items kept while fewer than `limit`
    /// (computed per item) items with the same key have been kept.
    TakePer,
    /// `drop_per(key, limit)`: the items that `take_per` leaves out.
    DropPer,
    /// `take(n)`: the first `n` items, or all of them when there are fewer;
    /// `n` must be a whole number, not negative.
    Take,
    /// `drop(n)`: all but the first `n` items.
    Drop,
    /// `contains(value)`: whether an item equals the value.
    Contains,
    /// `rank_desc(x)`: the current candidate's competition rank by `x` among
    /// a list of candidates, highest first: 1 plus the number of items whose
    /// `x` is strictly greater.
    RankDescending,
}

impl Code {
    /// A node that yields a value known when checking, with the span it came from.
    pub fn constant(value: Value, span: Span) -> Code {
        Code {
            kind: CodeKind::Constant(value),
            span,
        }
    }

    /// The nodes directly below this one, in the order evaluation meets
    /// them (a method's list before its arguments). A top-level `let`'s
    /// code is not below the `Derived` that reads it.
    pub fn children(&self) -> Vec<&Code> {
        match &self.kind {
            CodeKind::Constant(_)
            | CodeKind::Local(_)
            | CodeKind::Candidate
            | CodeKind::Root(_)
            | CodeKind::Peers
            | CodeKind::Outcome(_)
            | CodeKind::Derived(_) => Vec::new(),
            CodeKind::Field(target, _, _) => vec![target],
            CodeKind::Lookup { list, key, .. } => vec![list, key],
            CodeKind::Select { record, key, .. } => vec![record, key],
            CodeKind::Record(codes)
            | CodeKind::List(codes)
            | CodeKind::Call(_, codes)
            | CodeKind::Script(_, codes) => codes.iter().collect(),
            CodeKind::Unary(_, operand) => vec![operand],
            CodeKind::Binary(_, left, right) => vec![left, right],
            CodeKind::If(condition, then, otherwise) => vec![condition, then, otherwise],
            CodeKind::Method {
                list, arguments, ..
            } => std::iter::once(&**list).chain(arguments).collect(),
        }
    }
}

impl PolicyDefinition {
    /// The file a span offset of this policy falls in (its own or one it
    /// extends), with the line and column there.
    pub fn locate(&self, offset: usize) -> crate::diagnostic::Location<'_> {
        crate::diagnostic::locate(&self.source_name, &self.source, &self.inherited, offset)
    }

    /// The text a span of this policy covers, in whichever file it is; empty
    /// for a span that fits no file.
    pub fn text_at(&self, span: Span) -> &str {
        let location = self.locate(span.start);
        let start = span.start - location.file_offset;
        let end = span.end.saturating_sub(location.file_offset);
        location.text.get(start..end).unwrap_or_default()
    }

    /// The record type with this identifier.
    pub fn record(&self, id: RecordId) -> &RecordType {
        &self.records[id]
    }

    /// The candidate record type, whose fields `candidate.` reads.
    pub fn candidate_fields(&self) -> &RecordType {
        &self.records[self.candidate_record]
    }

    /// The position of the indicator called `name` in `indicators`, if any.
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

//! The interpreter: evaluates a checked policy against loaded facts.
//!
//! Phases, in order:
//! 1. eligibility: every `exclude when` rule, for every candidate;
//! 2. per-candidate indicators (those that do not read `peers`);
//! 3. cohort indicators, over the eligible candidates of the same group;
//! 4. rounding, totals, and ranking with the declared tie-breakers;
//! 5. quota selection, flags, and revocations.
//!
//! A checked policy never meets a type error here; the errors this module can
//! raise are about values (division by zero, a score outside its maximum).

mod compiled;
mod grading;
mod phases;
mod scoring;

use phases::{evaluate_inner, Mode};
mod indexes;
mod plans;

use compiled::Compiled;
use indexes::{cohort_of, competition_rank, Indexes, JoinKey};
pub use plans::{Cost, CostKind};
use plans::{Join, Plan, Planner, Scope};

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::ast::{BinaryOperator, RoundingMode, Severity, Span, UnaryOperator};
use crate::diagnostic::{Problem, Report};
use crate::facts::Facts;
use crate::ledger::{CandidateLedger, Entry, IndicatorLedger, Ledger, RuleKind};
use crate::messages::Language;
use crate::number::{Number, EXPLAIN_PLACES};
use crate::outcome::*;
use crate::policy::*;
use crate::tr;
use crate::value::{Date, Value};

/// A problem met while evaluating: always about a value, with the policy
/// span that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    /// What went wrong with the value, in words for whoever wrote the
    /// policy or the facts.
    pub message: String,
    /// The policy code that produced the value; the diagnostic points here.
    pub span: Span,
    /// The index, in facts order, of the candidate being evaluated, when
    /// the value was one candidate's: the report names it, since the fix is
    /// often in that candidate's facts.
    pub candidate: Option<usize>,
    /// The message as a catalogue entry, for the reader's language: its id
    /// and arguments. `None` keeps `message` in every language.
    pub(crate) words: Option<(&'static str, Vec<(&'static str, String)>)>,
}

impl EvalError {
    fn new(message: impl Into<String>, span: Span) -> Self {
        EvalError {
            message: message.into(),
            span,
            candidate: None,
            words: None,
        }
    }

    /// This error with its message as the catalogue entry `id`.
    pub(crate) fn with_words(
        mut self,
        id: &'static str,
        arguments: Vec<(&'static str, String)>,
    ) -> Self {
        self.words = Some((id, arguments));
        self
    }

    /// This error, as met while evaluating the candidate at `index`
    /// (the innermost candidate, when one is already named, stays).
    pub(crate) fn for_candidate(mut self, index: usize) -> Self {
        self.candidate.get_or_insert(index);
        self
    }
}

type Result<T> = std::result::Result<T, EvalError>;

/// What evaluation needs of a policy that depends on its code alone: the
/// list methods' plans and the roots compiled to closures. Built once, when
/// the policy is checked, and kept in the [`Policy`], so that evaluating
/// many fact sets compiles nothing again.
pub struct Prepared<'p> {
    planner: Planner<'p>,
    compiled: Compiled<'p>,
}

impl<'p> Prepared<'p> {
    pub(crate) fn new(policy: &'p PolicyDefinition) -> Self {
        let planner = Planner::new(&policy.derived);
        let compiled = Compiled::new(policy, &planner);
        Prepared { planner, compiled }
    }

    /// How each list method call over a list that is not the candidate's
    /// own is evaluated, in source order.
    pub(crate) fn costs(&self) -> Vec<Cost> {
        self.planner.costs(self.compiled.codes().iter().copied())
    }
}

/// Evaluates code that needs no facts (parameters, maxima, quotas).
pub fn evaluate_constant(code: &Code, slots: usize) -> Result<Value> {
    // The checker refuses script calls in constants, so none is needed here.
    static NO_SCRIPTS: std::sync::OnceLock<crate::script::Scripts> = std::sync::OnceLock::new();
    let planner = Planner::new(&[]);
    let indexes = Indexes::new(&planner);
    let context = Context {
        root: &Value::Absent,
        candidate: &Value::Absent,
        peers: None,
        derived_cache: RefCell::new(Vec::new()),
        derived: &[],
        scripts: NO_SCRIPTS.get_or_init(Default::default),
        recorder: None,
        indexes: &indexes,
        compiled: None,
        outcome: None,
    };
    let mut frame = vec![Value::Absent; slots];
    context.eval(code, &mut frame)
}

struct Context<'a> {
    root: &'a Value,
    candidate: &'a Value,
    peers: Option<&'a Arc<[Value]>>,
    derived: &'a [Derived],
    derived_cache: RefCell<Vec<Option<Value>>>,
    scripts: &'a crate::script::Scripts,
    /// Present only when a ledger was asked for; plain evaluation pays one
    /// branch at the few nodes that record.
    recorder: Option<&'a Recorder<'a>>,
    /// Whole-list work shared by every candidate of the evaluation; while
    /// recording, used only where skipping the walk changes no ledger entry.
    indexes: &'a Indexes<'a>,
    /// The policy's roots as closures; absent while recording, since the
    /// ledger needs the interpreter's every step.
    compiled: Option<&'a Compiled<'a>>,
    /// The candidate's outcome so far, for code that runs after the total
    /// ([`CodeKind::Outcome`]); absent while scoring.
    outcome: Option<&'a CandidateOutcome>,
}

/// Collects ledger entries while an indicator is evaluated.
struct Recorder<'a> {
    policy: &'a Policy,
    entries: RefCell<Vec<Entry>>,
    /// The facts path a `let` slot holds, when its value came straight from the facts.
    slot_paths: RefCell<Vec<Option<String>>>,
    /// How deep evaluation is inside per-item arguments (`sum(points)`):
    /// steps there repeat once per item, so only their result is recorded.
    per_item_depth: std::cell::Cell<u32>,
    /// The candidate's own value in the last `rank_desc`, for the cohort entry.
    own_value: RefCell<Option<String>>,
}

impl<'a> Recorder<'a> {
    fn new(policy: &'a Policy) -> Self {
        Recorder {
            policy,
            entries: RefCell::new(Vec::new()),
            slot_paths: RefCell::new(Vec::new()),
            per_item_depth: std::cell::Cell::new(0),
            own_value: RefCell::new(None),
        }
    }

    fn text(&self, span: Span) -> String {
        self.policy
            .source
            .get(span.start..span.end)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn push(&self, entry: Entry) {
        if self.per_item_depth.get() > 0 {
            return;
        }
        let mut entries = self.entries.borrow_mut();
        // A fact read several times is listed once.
        if let Entry::Input { path, .. } = &entry {
            if entries
                .iter()
                .any(|e| matches!(e, Entry::Input { path: p, .. } if p == path))
            {
                return;
            }
        }
        entries.push(entry);
    }

    fn take(&self) -> Vec<Entry> {
        std::mem::take(&mut *self.entries.borrow_mut())
    }

    fn set_slot_path(&self, slot: usize, path: Option<String>) {
        let mut paths = self.slot_paths.borrow_mut();
        if paths.len() <= slot {
            paths.resize(slot + 1, None);
        }
        paths[slot] = path;
    }

    /// The facts path of a value read by `code`, when it reads the facts directly.
    fn path_of(&self, context: &Context, code: &Code, frame: &mut Vec<Value>) -> Option<String> {
        match &code.kind {
            CodeKind::Candidate => Some("candidate".into()),
            CodeKind::Root(index) => Some(
                self.policy.record(self.policy.root).fields[*index]
                    .name
                    .clone(),
            ),
            CodeKind::Local(slot) => self.slot_paths.borrow().get(*slot).cloned().flatten(),
            CodeKind::Field(target, _, name) => {
                Some(format!("{}.{name}", self.path_of(context, target, frame)?))
            }
            CodeKind::Lookup { list, key, .. } => {
                let list = self.path_of(context, list, frame)?;
                let key = context.eval(key, frame).ok()?;
                Some(format!("{list}[{}]", key.display()))
            }
            _ => None,
        }
    }
}

impl<'a> Context<'a> {
    fn for_candidate(
        policy: &'a Policy,
        facts: &'a Facts,
        indexes: &'a Indexes<'a>,
        candidate: &'a Value,
        peers: Option<&'a Arc<[Value]>>,
    ) -> Self {
        Context {
            root: &facts.root,
            candidate,
            peers,
            derived: &policy.derived,
            derived_cache: RefCell::new(vec![None; policy.derived.len()]),
            scripts: &policy.scripts,
            recorder: None,
            indexes,
            compiled: None,
            outcome: None,
        }
    }

    /// What the candidate's outcome says: the total, a rank, a grade, a
    /// section's score. The checker lets only late code read it, and late
    /// code runs only for eligible candidates, which have all of these.
    fn outcome_value(&self, value: &OutcomeValue, span: Span) -> Result<Value> {
        let outcome = self
            .outcome
            .ok_or_else(|| EvalError::new("read before the total is known", span))?;
        let sum_of = |kind: AdjustmentKind| {
            outcome
                .adjustments
                .iter()
                .filter(|adjustment| adjustment.kind == kind)
                .fold(Number::zero(), |sum, adjustment| {
                    sum.add(&adjustment.points)
                })
        };
        let number = |number: Option<&Number>| match number {
            Some(number) => Ok(Value::Number(number.clone())),
            None => Err(EvalError::new("read before it is known", span)),
        };
        match value {
            OutcomeValue::Total => number(outcome.total.as_ref()),
            OutcomeValue::Base => number(outcome.base.as_ref()),
            OutcomeValue::Bonus => Ok(Value::Number(sum_of(AdjustmentKind::Bonus))),
            OutcomeValue::Deductions => Ok(Value::Number(sum_of(AdjustmentKind::Deduction))),
            OutcomeValue::Rank => number(
                outcome
                    .rank
                    .map(|rank| Number::from_integer(i128::from(rank)))
                    .as_ref(),
            ),
            OutcomeValue::Grade => match &outcome.grade {
                Some(grade) => Ok(Value::Text(grade.name.as_str().into())),
                None => Err(EvalError::new("the grade is read before it is known", span)),
            },
            OutcomeValue::Adjustment(index) => number(
                outcome
                    .adjustments
                    .get(*index)
                    .map(|adjustment| &adjustment.points),
            ),
            OutcomeValue::Section(path) => {
                let indicator = &outcome.indicators[path[0]];
                if path.len() == 1 {
                    return number(indicator.score.as_ref());
                }
                let mut item = &indicator.items[path[1]];
                for &index in &path[2..] {
                    item = &item.items[index];
                }
                Ok(Value::Number(item.score.clone()))
            }
        }
    }

    /// The value of a root (a `let` step), compiled when it can be.
    fn root_value(&self, code: &Code, frame: &mut Vec<Value>) -> Result<Value> {
        match self.compiled.and_then(|compiled| compiled.value(code)) {
            Some(run) => run(self, frame),
            None => self.eval(code, frame),
        }
    }

    /// The number of a root (a score), compiled when it can be.
    fn root_number(&self, code: &Code, frame: &mut Vec<Value>) -> Result<Number> {
        match self.compiled.and_then(|compiled| compiled.number(code)) {
            Some(run) => run(self, frame),
            None => Ok(self.eval(code, frame)?.as_number().clone()),
        }
    }

    /// Whether a root (a rule's condition) holds, compiled when it can be.
    fn root_holds(&self, code: &Code, frame: &mut Vec<Value>) -> Result<bool> {
        match self.compiled.and_then(|compiled| compiled.boolean(code)) {
            Some(run) => run(self, frame),
            None => Ok(self.eval(code, frame)?.as_bool()),
        }
    }

    /// The value of the top-level `let` at `index`, computed on first use
    /// and cached for the candidate.
    fn derived_value(&self, index: usize) -> Result<Value> {
        if let Some(value) = &self.derived_cache.borrow()[index] {
            return Ok(value.clone());
        }
        let derived = &self.derived[index];
        let mut own_frame = vec![Value::Absent; derived.slots];
        let value = match self.compiled {
            Some(compiled) => compiled.derived(index)(self, &mut own_frame)?,
            None => self.eval(&derived.code, &mut own_frame)?,
        };
        self.derived_cache.borrow_mut()[index] = Some(value.clone());
        Ok(value)
    }

    /// The value a path of field reads (`candidate.daily.filing`) ends at,
    /// found by reference: a field chain then clones only its last value,
    /// not every record on the way.
    fn place<'f>(&'f self, code: &Code, frame: &'f [Value]) -> Option<&'f Value> {
        match &code.kind {
            CodeKind::Candidate => Some(self.candidate),
            CodeKind::Root(index) => Some(self.root.field(*index)),
            CodeKind::Local(slot) => Some(&frame[*slot]),
            CodeKind::Field(target, index, _) => {
                self.place(target, frame).map(|record| record.field(*index))
            }
            _ => None,
        }
    }

    fn eval(&self, code: &Code, frame: &mut Vec<Value>) -> Result<Value> {
        Ok(match &code.kind {
            CodeKind::Constant(value) => value.clone(),
            CodeKind::Local(slot) => frame[*slot].clone(),
            CodeKind::Candidate => self.candidate.clone(),
            CodeKind::Root(index) => self.root.field(*index).clone(),
            CodeKind::Peers => Value::List(Arc::clone(
                self.peers
                    .expect("the checker allows `peers` only in cohort code"),
            )),
            CodeKind::Derived(index) => self.derived_value(*index)?,
            CodeKind::Outcome(value) => self.outcome_value(value, code.span)?,
            CodeKind::Field(target, index, _) => {
                let value = match self.place(target, frame) {
                    Some(record) => record.field(*index).clone(),
                    None => self.eval(target, frame)?.field(*index).clone(),
                };
                if let Some(recorder) = self.recorder {
                    if !matches!(value, Value::Record(_)) {
                        if let Some(path) = recorder.path_of(self, code, frame) {
                            recorder.push(Entry::Input {
                                path,
                                value: value.display_to(EXPLAIN_PLACES),
                            });
                        }
                    }
                }
                value
            }
            CodeKind::Lookup {
                list,
                key_field,
                key,
            } => {
                // While recording, only a list read straight from the root: reading
                // it records nothing, so skipping the read changes no ledger entry.
                let indexed = self.recorder.is_none() || matches!(list.kind, CodeKind::Root(_));
                let found = if indexed && self.indexes.planner.scope(list) == Scope::Facts {
                    let index = match self.indexes.lookup(list) {
                        Some(index) => index,
                        None => {
                            let mut index = HashMap::new();
                            for item in self.eval(list, frame)?.as_list().iter() {
                                // The first item with a key wins, as in the search below.
                                index
                                    .entry(item.field(*key_field).clone())
                                    .or_insert_with(|| item.clone());
                            }
                            self.indexes.store_lookup(list, index)
                        }
                    };
                    let key = self.eval(key, frame)?;
                    index.get(&key).cloned().ok_or(key)
                } else {
                    let list = self.eval(list, frame)?;
                    let key = self.eval(key, frame)?;
                    list.as_list()
                        .iter()
                        .find(|item| *item.field(*key_field) == key)
                        .cloned()
                        .ok_or(key)
                };
                found.map_err(|key| {
                    EvalError::new(format!("no entry with key `{}`", key.display()), code.span)
                })?
            }
            CodeKind::Select {
                record,
                variants,
                fields,
                key,
            } => {
                let record = self.eval(record, frame)?;
                let key = self.eval(key, frame)?;
                select(&record, variants, fields, &key, code.span)?
            }
            CodeKind::Record(fields) => {
                let mut values = Vec::with_capacity(fields.len());
                for field in fields {
                    values.push(self.eval(field, frame)?);
                }
                Value::record(values)
            }
            CodeKind::List(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(self.eval(item, frame)?);
                }
                Value::List(Arc::from(values))
            }
            CodeKind::Unary(operator, operand) => {
                let value = self.eval(operand, frame)?;
                match operator {
                    UnaryOperator::Negate => Value::Number(value.as_number().negate()),
                    UnaryOperator::Not => Value::Bool(!value.as_bool()),
                }
            }
            CodeKind::Binary(operator, left, right) => {
                self.binary(*operator, left, right, frame, code.span)?
            }
            CodeKind::If(condition, then, otherwise) => {
                let holds = self.eval(condition, frame)?.as_bool();
                if let Some(recorder) = self.recorder {
                    let sides = match &condition.kind {
                        CodeKind::Binary(operator, left, right)
                            if !matches!(operator, BinaryOperator::And | BinaryOperator::Or) =>
                        {
                            Some((
                                self.eval(left, frame)?.display_to(EXPLAIN_PLACES),
                                self.eval(right, frame)?.display_to(EXPLAIN_PLACES),
                            ))
                        }
                        _ => None,
                    };
                    recorder.push(Entry::Condition {
                        expression: recorder.text(condition.span),
                        sides,
                        holds,
                    });
                }
                if holds {
                    self.eval(then, frame)?
                } else {
                    self.eval(otherwise, frame)?
                }
            }
            CodeKind::Call(function, arguments) => {
                self.call(*function, arguments, frame, code.span)?
            }
            CodeKind::Script(function, arguments) => {
                let mut numbers = Vec::with_capacity(arguments.len());
                for argument in arguments {
                    numbers.push(self.eval(argument, frame)?.as_number().clone());
                }
                let result = crate::script::call(self.scripts, *function, &numbers)
                    .map_err(|error| EvalError::new(error.0, code.span))?;
                Value::Number(result)
            }
            CodeKind::Method {
                method,
                list,
                slot,
                arguments,
            } => {
                let value = self.method(code, *method, list, *slot, arguments, frame)?;
                if let (Some(recorder), CodeKind::Peers) = (self.recorder, &list.kind) {
                    let own = recorder.own_value.borrow_mut().take();
                    recorder.push(Entry::Cohort {
                        expression: recorder.text(code.span),
                        own_value: own,
                        value: value.display_to(EXPLAIN_PLACES),
                        peers: self.peers.map_or(0, |peers| peers.len()),
                    });
                }
                value
            }
        })
    }

    fn binary(
        &self,
        operator: BinaryOperator,
        left: &Code,
        right: &Code,
        frame: &mut Vec<Value>,
        span: Span,
    ) -> Result<Value> {
        use BinaryOperator as B;
        // Short-circuit the logical operators and `??`.
        match operator {
            B::And => {
                return Ok(Value::Bool(
                    self.eval(left, frame)?.as_bool() && self.eval(right, frame)?.as_bool(),
                ))
            }
            B::Or => {
                return Ok(Value::Bool(
                    self.eval(left, frame)?.as_bool() || self.eval(right, frame)?.as_bool(),
                ))
            }
            B::Default => {
                let value = self.eval(left, frame)?;
                return if value == Value::Absent {
                    self.eval(right, frame)
                } else {
                    Ok(value)
                };
            }
            _ => {}
        }
        let (left_code, right_code) = (left, right);
        let left = self.eval(left, frame)?;
        let right = self.eval(right, frame)?;
        Ok(match operator {
            B::Add => Value::Number(left.as_number().add(right.as_number())),
            B::Subtract => Value::Number(left.as_number().subtract(right.as_number())),
            B::Multiply => Value::Number(left.as_number().multiply(right.as_number())),
            B::Divide => Value::Number(
                left.as_number()
                    .divide(right.as_number())
                    .ok_or_else(|| EvalError::new("division by zero", span))?,
            ),
            B::Cap | B::Floor => {
                let (before, limit) = (left.as_number(), right.as_number());
                let after = if operator == B::Cap {
                    before.clone().min(limit.clone())
                } else {
                    before.clone().max(limit.clone())
                };
                if let Some(recorder) = self.recorder {
                    recorder.push(Entry::Bound {
                        operator: operator.symbol(),
                        expression: recorder.text(left_code.span),
                        before: before.clone(),
                        limit: limit.clone(),
                        limit_expression: Some(recorder.text(right_code.span)),
                        after: after.clone(),
                    });
                }
                Value::Number(after)
            }
            B::Equal => Value::Bool(left == right),
            B::NotEqual => Value::Bool(left != right),
            B::Less => Value::Bool(left.compare(&right) == Ordering::Less),
            B::LessEqual => Value::Bool(left.compare(&right) != Ordering::Greater),
            B::Greater => Value::Bool(left.compare(&right) == Ordering::Greater),
            B::GreaterEqual => Value::Bool(left.compare(&right) != Ordering::Less),
            B::And | B::Or | B::Default => unreachable!("handled above"),
        })
    }

    fn call(
        &self,
        function: Function,
        arguments: &[Code],
        frame: &mut Vec<Value>,
        span: Span,
    ) -> Result<Value> {
        let mut values = Vec::with_capacity(arguments.len());
        for argument in arguments {
            values.push(self.eval(argument, frame)?);
        }
        apply(function, &values, span)
    }

    /// The list method argument at `index`, run for `item`.
    fn item_argument(
        &self,
        arguments: &(impl Arguments + ?Sized),
        index: usize,
        slot: usize,
        item: &Value,
        frame: &mut Vec<Value>,
    ) -> Result<Value> {
        frame[slot] = item.clone();
        arguments.per_item(self, index, frame)
    }

    /// Evaluates `code` without recording its steps: what runs once per item
    /// is summed up by its result, not listed step by step.
    fn unrecorded(&self, code: &Code, frame: &mut Vec<Value>) -> Result<Value> {
        match self.recorder {
            None => self.eval(code, frame),
            Some(recorder) => {
                let depth = &recorder.per_item_depth;
                depth.set(depth.get() + 1);
                let value = self.eval(code, frame);
                depth.set(depth.get() - 1);
                value
            }
        }
    }

    fn method(
        &self,
        code: &Code,
        method: ListMethod,
        list: &Code,
        slot: usize,
        arguments: &[Code],
        frame: &mut Vec<Value>,
    ) -> Result<Value> {
        let span = code.span;
        let plan = match self.recorder {
            None => self.indexes.planner.plan(code),
            // While recording, the shortcuts must leave the ledger as walking
            // would: the list is read straight from the root or the cohort
            // (which records nothing), and every argument runs per item (where
            // nothing is recorded either), not once as for `take` or `contains`.
            Some(_)
                if matches!(list.kind, CodeKind::Root(_) | CodeKind::Peers)
                    && !matches!(
                        method,
                        ListMethod::Take | ListMethod::Drop | ListMethod::Contains
                    ) =>
            {
                self.indexes.planner.plan(code)
            }
            Some(_) => Plan::Walk,
        };
        match plan {
            Plan::Walk => {
                let list = self.eval(list, frame)?;
                self.method_over(method, list.as_list(), slot, arguments, frame, span)
            }
            Plan::Once(scope) => {
                let cohort = cohort_of(scope, self.peers);
                if let Some(value) = self.indexes.value(code, cohort) {
                    return Ok(value);
                }
                let list = self.eval(list, frame)?;
                let value =
                    self.method_over(method, list.as_list(), slot, arguments, frame, span)?;
                self.indexes.store_value(code, cohort, value.clone());
                Ok(value)
            }
            Plan::Rank(scope) => {
                let cohort = cohort_of(scope, self.peers);
                let own = self.item_argument(arguments, 0, slot, self.candidate, frame)?;
                if let Some(recorder) = self.recorder {
                    *recorder.own_value.borrow_mut() = Some(own.display_to(EXPLAIN_PLACES));
                }
                let sorted = match self.indexes.ranking(code, cohort) {
                    Some(sorted) => sorted,
                    None => {
                        let list = self.eval(list, frame)?;
                        let mut values = Vec::with_capacity(list.as_list().len());
                        for item in list.as_list().iter() {
                            values.push(
                                self.item_argument(arguments, 0, slot, item, frame)?
                                    .as_number()
                                    .clone(),
                            );
                        }
                        self.indexes.store_ranking(code, cohort, values)
                    }
                };
                let rank = competition_rank(&sorted, own.as_number());
                Ok(Value::Number(Number::from_integer(rank as i128)))
            }
            Plan::Join(join) => {
                let Some(groups) = self.join_groups(code, &join, list, slot, arguments, frame)?
                else {
                    // An empty list never evaluates its predicate.
                    return self.method_over(method, &[], slot, arguments, frame, span);
                };
                let key = self.outer_key(&join, &arguments[0], frame)?;
                let cohort = cohort_of(join.scope, self.peers);
                if join.keyed {
                    if let Some(value) = self.indexes.keyed(code, cohort, &key) {
                        return Ok(value);
                    }
                }
                let items = groups.get(&key).map_or(&[][..], |items| &items[..]);
                let value = self.method_over(method, items, slot, arguments, frame, span)?;
                if join.keyed {
                    self.indexes.store_keyed(code, cohort, key, value.clone());
                }
                Ok(value)
            }
            Plan::Keyed { scope } => {
                let cohort = cohort_of(scope, self.peers);
                let key = self.chain_key(list, frame)?;
                if let Some(key) = &key {
                    if let Some(value) = self.indexes.keyed(code, cohort, key) {
                        return Ok(value);
                    }
                }
                let items = self.eval(list, frame)?;
                let value =
                    self.method_over(method, items.as_list(), slot, arguments, frame, span)?;
                if let Some(key) = key {
                    self.indexes.store_keyed(code, cohort, key, value.clone());
                }
                Ok(value)
            }
        }
    }

    /// The join's list grouped by its key, once per evaluation (or cohort);
    /// `None` when the list is empty.
    fn join_groups(
        &self,
        code: &Code,
        join: &Join,
        list: &Code,
        slot: usize,
        arguments: &[Code],
        frame: &mut Vec<Value>,
    ) -> Result<Option<indexes::Groups>> {
        let cohort = cohort_of(join.scope, self.peers);
        let groups = match self.indexes.join(code, cohort) {
            Some(groups) => groups,
            None => {
                let list = self.eval(list, frame)?;
                let parts = plans::conjuncts(&arguments[0]);
                let item_sides: Vec<&Code> =
                    join.keys.iter().map(|key| key.sides(&parts).0).collect();
                let mut groups: HashMap<JoinKey, Vec<Value>> = HashMap::new();
                for item in list.as_list().iter() {
                    let mut key = Vec::with_capacity(item_sides.len());
                    for side in &item_sides {
                        key.push(self.item_argument(
                            std::slice::from_ref(*side),
                            0,
                            slot,
                            item,
                            frame,
                        )?);
                    }
                    groups.entry(key).or_default().push(item.clone());
                }
                let groups = groups
                    .into_iter()
                    .map(|(key, items)| (key, Arc::from(items)))
                    .collect();
                self.indexes.store_join(code, cohort, groups)
            }
        };
        Ok((!groups.is_empty()).then_some(groups))
    }

    /// The candidate's key for `join`: its outer sides, in predicate order.
    /// Walking evaluates them once per item, where nothing is recorded; so
    /// are they here.
    fn outer_key(&self, join: &Join, predicate: &Code, frame: &mut Vec<Value>) -> Result<JoinKey> {
        // Split once per call, not once per key.
        let parts = plans::conjuncts(predicate);
        join.keys
            .iter()
            .map(|key| self.unrecorded(key.sides(&parts).1, frame))
            .collect()
    }

    /// The key of the join at the bottom of a keyed chain (`list` is the
    /// chain's list), or `None` when that join's list is empty.
    fn chain_key(&self, list: &Code, frame: &mut Vec<Value>) -> Result<Option<JoinKey>> {
        let CodeKind::Method {
            list: inner,
            slot,
            arguments,
            ..
        } = &list.kind
        else {
            unreachable!("a keyed chain is built on a list method")
        };
        match self.indexes.planner.plan(list) {
            Plan::Join(join) => {
                match self.join_groups(list, &join, inner, *slot, arguments, frame)? {
                    Some(_) => Ok(Some(self.outer_key(&join, &arguments[0], frame)?)),
                    None => Ok(None),
                }
            }
            Plan::Keyed { .. } => self.chain_key(inner, frame),
            _ => unreachable!("a keyed chain is built on a keyed join"),
        }
    }

    /// A list method over `items`, walked in full.
    fn method_over(
        &self,
        method: ListMethod,
        items: &[Value],
        slot: usize,
        arguments: &(impl Arguments + ?Sized),
        frame: &mut Vec<Value>,
        span: Span,
    ) -> Result<Value> {
        // The numbers a numeric method works on: the items themselves, or the
        // argument evaluated for each.
        let numbers = |this: &Self, frame: &mut Vec<Value>| -> Result<Vec<Number>> {
            if arguments.count() == 0 {
                Ok(items.iter().map(|item| item.as_number().clone()).collect())
            } else {
                items
                    .iter()
                    .map(|item| {
                        Ok(this
                            .item_argument(arguments, 0, slot, item, frame)?
                            .as_number()
                            .clone())
                    })
                    .collect()
            }
        };
        let keep = |this: &Self, frame: &mut Vec<Value>, wanted: bool| -> Result<Value> {
            let mut kept = Vec::new();
            for item in items.iter() {
                if this
                    .item_argument(arguments, 0, slot, item, frame)?
                    .as_bool()
                    == wanted
                {
                    kept.push(item.clone());
                }
            }
            Ok(Value::List(Arc::from(kept)))
        };
        Ok(match method {
            ListMethod::Count if arguments.count() == 0 => {
                Value::Number(Number::from_integer(items.len() as i128))
            }
            ListMethod::Count => Value::Number(Number::from_integer(
                keep(self, frame, true)?.as_list().len() as i128,
            )),
            ListMethod::Sum => Value::Number(
                numbers(self, frame)?
                    .iter()
                    .fold(Number::zero(), |sum, n| sum.add(n)),
            ),
            // An empty list's max, min and mean are 0: scores start at nothing.
            ListMethod::Max => Value::Number(
                numbers(self, frame)?
                    .into_iter()
                    .max()
                    .unwrap_or_else(Number::zero),
            ),
            ListMethod::Min => Value::Number(
                numbers(self, frame)?
                    .into_iter()
                    .min()
                    .unwrap_or_else(Number::zero),
            ),
            ListMethod::Mean => {
                let numbers = numbers(self, frame)?;
                if numbers.is_empty() {
                    Value::Number(Number::zero())
                } else {
                    let sum = numbers.iter().fold(Number::zero(), |sum, n| sum.add(n));
                    Value::Number(
                        sum.divide(&Number::from_integer(numbers.len() as i128))
                            .expect("the list is not empty"),
                    )
                }
            }
            ListMethod::Filter => keep(self, frame, true)?,
            ListMethod::Any => {
                let mut any = false;
                for item in items.iter() {
                    if self
                        .item_argument(arguments, 0, slot, item, frame)?
                        .as_bool()
                    {
                        any = true;
                        break;
                    }
                }
                Value::Bool(any)
            }
            ListMethod::All => {
                let mut all = true;
                for item in items.iter() {
                    if !self
                        .item_argument(arguments, 0, slot, item, frame)?
                        .as_bool()
                    {
                        all = false;
                        break;
                    }
                }
                Value::Bool(all)
            }
            ListMethod::Map => {
                let mut mapped = Vec::with_capacity(items.len());
                for item in items.iter() {
                    mapped.push(self.item_argument(arguments, 0, slot, item, frame)?);
                }
                Value::List(Arc::from(mapped))
            }
            ListMethod::GroupBy => {
                // Groups keep the order in which their keys first appear.
                let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
                for item in items.iter() {
                    let key = self.item_argument(arguments, 0, slot, item, frame)?;
                    match groups.iter_mut().find(|(existing, _)| *existing == key) {
                        Some((_, members)) => members.push(item.clone()),
                        None => groups.push((key, vec![item.clone()])),
                    }
                }
                Value::List(Arc::from(
                    groups
                        .into_iter()
                        .map(|(key, members)| {
                            Value::record(vec![key, Value::List(Arc::from(members))])
                        })
                        .collect::<Vec<_>>(),
                ))
            }
            ListMethod::DistinctBy | ListMethod::DuplicatesBy => {
                let mut seen: Vec<Value> = Vec::new();
                let mut kept = Vec::new();
                for item in items.iter() {
                    let key = self.item_argument(arguments, 0, slot, item, frame)?;
                    let repeated = seen.contains(&key);
                    if !repeated {
                        seen.push(key);
                    }
                    if repeated == (method == ListMethod::DuplicatesBy) {
                        kept.push(item.clone());
                    }
                }
                Value::List(Arc::from(kept))
            }
            ListMethod::TakePer | ListMethod::DropPer => {
                let mut counts: Vec<(Value, Number)> = Vec::new();
                let mut kept = Vec::new();
                for item in items.iter() {
                    let key = self.item_argument(arguments, 0, slot, item, frame)?;
                    let limit = self
                        .item_argument(arguments, 1, slot, item, frame)?
                        .as_number()
                        .clone();
                    let taken = match counts.iter_mut().find(|(existing, _)| *existing == key) {
                        Some((_, count)) => count,
                        None => {
                            counts.push((key, Number::zero()));
                            &mut counts.last_mut().expect("just pushed").1
                        }
                    };
                    let within = *taken < limit;
                    if within {
                        *taken = taken.add(&Number::from_integer(1));
                    }
                    if within == (method == ListMethod::TakePer) {
                        kept.push(item.clone());
                    }
                }
                Value::List(Arc::from(kept))
            }
            ListMethod::Take | ListMethod::Drop => {
                let count = arguments.once(self, 0, frame)?;
                let count = count.as_number();
                if count.is_negative() || !count.is_integer() {
                    return Err(EvalError::new(format!("cannot take `{count}` items"), span));
                }
                let count = count
                    .to_i128()
                    .map_or(usize::MAX, |c| usize::try_from(c).unwrap_or(usize::MAX));
                let count = count.min(items.len());
                let slice = if method == ListMethod::Take {
                    &items[..count]
                } else {
                    &items[count..]
                };
                Value::List(Arc::from(slice.to_vec()))
            }
            ListMethod::Contains => {
                let wanted = arguments.once(self, 0, frame)?;
                Value::Bool(items.contains(&wanted))
            }
            ListMethod::RankDescending => {
                // Standard competition rank: 1 + the number of items that are strictly better.
                let own = self.item_argument(arguments, 0, slot, self.candidate, frame)?;
                if let Some(recorder) = self.recorder {
                    *recorder.own_value.borrow_mut() = Some(own.display_to(EXPLAIN_PLACES));
                }
                let own = own.as_number();
                let mut better = 0i128;
                for item in items.iter() {
                    if self
                        .item_argument(arguments, 0, slot, item, frame)?
                        .as_number()
                        > own
                    {
                        better += 1;
                    }
                }
                Value::Number(Number::from_integer(better + 1))
            }
        })
    }

    fn message(&self, parts: &[MessagePart], frame: &mut Vec<Value>) -> Result<String> {
        let mut text = String::new();
        for part in parts {
            match part {
                MessagePart::Text(literal) => text.push_str(literal),
                MessagePart::Hole(code) => text.push_str(&self.eval(code, frame)?.display()),
            }
        }
        // Grown piece by piece, the text may hold up to twice its length;
        // a finding keeps it to the end, for most of 100,000 candidates.
        text.shrink_to_fit();
        Ok(text)
    }

    /// Evaluates a rule; returns its message when the condition holds.
    fn rule(&self, rule: &CandidateRule, frame: &mut Vec<Value>) -> Result<Option<String>> {
        if frame.len() < rule.slots {
            frame.resize(rule.slots, Value::Absent);
        }
        if self.root_holds(&rule.condition, frame)? {
            Ok(Some(self.message(&rule.message, frame)?))
        } else {
            Ok(None)
        }
    }
}

/// The field of `record` that the enum value `key` picks: `fields[i]` is the
/// field for the enum's i-th variant.
fn select(
    record: &Value,
    variants: &EnumType,
    fields: &[usize],
    key: &Value,
    span: Span,
) -> Result<Value> {
    let position = variants
        .names()
        .position(|name| name == key.as_text())
        .ok_or_else(|| EvalError::new(format!("`{}` is not a variant", key.display()), span))?;
    Ok(record.field(fields[position]).clone())
}

/// The places argument of `round`, `round_up` or `round_down`: a whole
/// number from 0 to 10, or an evaluation error.
fn places(function: &str, value: &Value, span: Span) -> Result<u32> {
    value
        .as_number()
        .to_i128()
        .and_then(|p| u32::try_from(p).ok())
        .filter(|p| *p <= 10)
        .ok_or_else(|| EvalError::new(format!("`{function}` takes 0 to 10 places"), span))
}

/// The optional second argument of `round_up` and `round_down`: 0 places
/// (a whole number) when it is left out.
fn optional_places(function: &str, values: &[Value], span: Span) -> Result<u32> {
    values
        .get(1)
        .map_or(Ok(0), |value| places(function, value, span))
}

/// A built-in function applied to its evaluated arguments.
fn apply(function: Function, values: &[Value], span: Span) -> Result<Value> {
    Ok(match function {
        Function::Min => Value::Number(
            values
                .iter()
                .map(|v| v.as_number().clone())
                .min()
                .expect("the checker requires an argument"),
        ),
        Function::Max => Value::Number(
            values
                .iter()
                .map(|v| v.as_number().clone())
                .max()
                .expect("the checker requires an argument"),
        ),
        Function::RoundDown => {
            let places = optional_places("round_down", values, span)?;
            Value::Number(values[0].as_number().round_down_to(places))
        }
        Function::RoundUp => {
            let places = optional_places("round_up", values, span)?;
            Value::Number(values[0].as_number().round_up_to(places))
        }
        Function::Abs => {
            let number = values[0].as_number();
            Value::Number(if number.is_negative() {
                number.negate()
            } else {
                number.clone()
            })
        }
        Function::Round(mode) => {
            let places = places("round", &values[1], span)?;
            Value::Number(values[0].as_number().round(places, mode))
        }
        Function::Present => Value::Bool(values[0] != Value::Absent),
        Function::DaysBetween => match (&values[0], &values[1]) {
            (Value::Date(from), Value::Date(to)) => Value::Number(Number::from_integer(
                (to.days_since_epoch() - from.days_since_epoch()) as i128,
            )),
            _ => unreachable!("the checker requires dates"),
        },
        Function::Date => {
            let part = |index: usize| values[index].as_number().to_i128();
            let date = match (part(0), part(1), part(2)) {
                (Some(year), Some(month), Some(day)) => i64::try_from(year)
                    .ok()
                    .zip(u32::try_from(month).ok())
                    .zip(u32::try_from(day).ok())
                    .and_then(|((year, month), day)| Date::from_parts(year, month, day)),
                _ => None,
            };
            let date = date.ok_or_else(|| {
                EvalError::new(
                    format!(
                        "`date({}, {}, {})` is not a calendar date",
                        values[0].as_number(),
                        values[1].as_number(),
                        values[2].as_number()
                    ),
                    span,
                )
            })?;
            Value::Date(date)
        }
        Function::Characters => {
            let count = values[0]
                .as_text()
                .chars()
                .filter(|c| !c.is_whitespace())
                .count();
            Value::Number(Number::from_integer(count as i128))
        }
        Function::ContainsAny => {
            let text = values[0].as_text();
            let mut hits: Vec<Value> = Vec::new();
            for name in values[1].as_list().iter() {
                let needle = name.as_text();
                if !needle.is_empty() && text.contains(needle) && !hits.contains(name) {
                    hits.push(name.clone());
                }
            }
            Value::List(Arc::from(hits))
        }
        Function::Extension => {
            let name = values[0].as_text();
            let extension = name.rsplit_once('.').map_or(name, |(_, after)| after);
            Value::text(&extension.to_lowercase())
        }
        Function::Grouped => Value::text(&grouped(values[0].as_number())),
    })
}

/// A list method's argument expressions, interpreted or compiled, so that
/// both evaluators share one definition of every method.
trait Arguments {
    fn count(&self) -> usize;
    /// The argument at `index`, run once per item (the item is in its slot).
    fn per_item(&self, context: &Context, index: usize, frame: &mut Vec<Value>) -> Result<Value>;
    /// The argument at `index`, run once for the call (`take`, `contains`).
    fn once(&self, context: &Context, index: usize, frame: &mut Vec<Value>) -> Result<Value>;
}

impl Arguments for [Code] {
    fn count(&self) -> usize {
        self.len()
    }

    fn per_item(&self, context: &Context, index: usize, frame: &mut Vec<Value>) -> Result<Value> {
        context.unrecorded(&self[index], frame)
    }

    fn once(&self, context: &Context, index: usize, frame: &mut Vec<Value>) -> Result<Value> {
        context.eval(&self[index], frame)
    }
}

/// Evaluates `policy` on `facts`.
pub fn evaluate(policy: &Policy, facts: &Facts) -> std::result::Result<Outcome, Report> {
    evaluate_inner(policy, facts, Mode::Compiled)
        .map(|(outcome, _)| outcome)
        .map_err(|error| eval_report(policy, facts, error, None))
}

/// [`evaluate`], with a problem's words in `language`.
pub fn evaluate_in(
    policy: &Policy,
    facts: &Facts,
    language: Language,
) -> std::result::Result<Outcome, Report> {
    evaluate_inner(policy, facts, Mode::Compiled)
        .map(|(outcome, _)| outcome)
        .map_err(|error| eval_report(policy, facts, error, Some(language)))
}

/// Evaluates `policy` on `facts` by walking its checked code, without
/// compiling it: the same outcome as [`evaluate`], more slowly.
pub fn evaluate_walking(policy: &Policy, facts: &Facts) -> std::result::Result<Outcome, Report> {
    evaluate_inner(policy, facts, Mode::Walked)
        .map(|(outcome, _)| outcome)
        .map_err(|error| eval_report(policy, facts, error, None))
}

/// Evaluates `policy` on `facts` and records how every number came about.
pub fn explain(policy: &Policy, facts: &Facts) -> std::result::Result<(Outcome, Ledger), Report> {
    evaluate_inner(policy, facts, Mode::Recorded)
        .map(|(outcome, ledger)| (outcome, ledger.expect("recording was asked for")))
        .map_err(|error| eval_report(policy, facts, error, None))
}

/// [`explain`], with a problem's words in `language`.
pub fn explain_in(
    policy: &Policy,
    facts: &Facts,
    language: Language,
) -> std::result::Result<(Outcome, Ledger), Report> {
    evaluate_inner(policy, facts, Mode::Recorded)
        .map(|(outcome, ledger)| (outcome, ledger.expect("recording was asked for")))
        .map_err(|error| eval_report(policy, facts, error, Some(language)))
}

/// The report of an evaluation error: at the policy code that met it, and
/// naming the candidate whose facts it was evaluating, with the facts that
/// code reads, since the cause is as often in one candidate's facts as in
/// the rule.
///
/// With no `language` (the English functions that came first) the message is
/// the evaluator's own, as it always was, and the candidate is named in the
/// label and the help; in a language, the message itself names it.
fn eval_report(
    policy: &Policy,
    facts: &Facts,
    error: EvalError,
    words: Option<Language>,
) -> Report {
    let language = words.unwrap_or_default();
    let candidate = error.candidate.and_then(|index| {
        let item = facts.candidates(policy).get(index)?;
        let id = item.field(policy.candidate_id_field).display();
        let name = policy
            .candidate_name_field
            .map(|field| item.field(field).display())
            .filter(|name| !name.is_empty());
        Some((index, id, name))
    });
    let reads = read_paths(&policy.source, error.span, policy);
    // The evaluator's own words, for the messages a clerk may meet.
    let inner = match (words, error.message.as_str(), &error.words) {
        (Some(_), _, Some((id, arguments))) => {
            let arguments: Vec<(&str, crate::messages::Argument)> = arguments
                .iter()
                .map(|(name, value)| (*name, value.into()))
                .collect();
            crate::messages::text(language, id, &arguments)
        }
        (Some(_), "division by zero", _) => tr!(language, "eval-division-by-zero"),
        (Some(_), "scaled from zero", _) => tr!(language, "eval-scaled-from-zero"),
        (_, other, _) => other.to_string(),
    };
    let title = candidate.as_ref().map(|(_, id, name)| match name {
        Some(name) => tr!(language, "eval-candidate-title", id = id, name = name),
        None => id.clone(),
    });
    let mut problem = match (&candidate, &title) {
        (Some((_, id, _)), Some(title)) if words.is_none() => {
            Problem::error("kaoping::eval", inner.as_str(), error.span)
                .with_field("candidate", id)
                .with_label(tr!(language, "eval-label-candidate", candidate = title))
        }
        (Some((_, id, _)), Some(title)) => {
            let message = if reads.is_empty() {
                tr!(
                    language,
                    "eval-for-candidate",
                    candidate = title,
                    message = inner.as_str()
                )
            } else {
                tr!(
                    language,
                    "eval-for-candidate-reading",
                    candidate = title,
                    message = inner.as_str(),
                    facts = reads.join(", ")
                )
            };
            Problem::error("kaoping::eval", message, error.span)
                .with_field("candidate", id)
                .with_label(tr!(language, "eval-label"))
        }
        _ => Problem::error("kaoping::eval", inner, error.span)
            .with_label(tr!(language, "eval-label")),
    };
    problem = problem.with_help(match &candidate {
        Some((_, id, _)) => tr!(language, "eval-help-candidate", id = id),
        None => tr!(language, "eval-help"),
    });
    Report::new(&policy.source_name, &policy.source, vec![problem])
        .with_inherited(policy.inherited.clone())
}

/// The input fields the policy text at `span` names (`daily.cases`), in the
/// order written: the facts the failing code reads. Only names that are
/// fields of the candidate record or a record below it count, so local
/// names and functions are left out.
fn read_paths(source: &str, span: Span, policy: &Policy) -> Vec<String> {
    let Some(text) = source.get(span.start..span.end) else {
        return Vec::new();
    };
    let candidate = match &policy.record(policy.root).fields[policy.candidates_field].schema {
        FieldType::List { element, .. } => match element.as_ref() {
            FieldType::Record(id) => *id,
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    let mut paths: Vec<String> = Vec::new();
    let words = text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'));
    for word in words.filter(|word| !word.is_empty()) {
        // `candidate.daily.cases` reads the candidate's `daily.cases`.
        let word = word.strip_prefix("candidate.").unwrap_or(word);
        // The longest prefix of `a.b.c` that walks the candidate's records.
        let mut record = Some(candidate);
        let mut walked = Vec::new();
        for part in word.split('.') {
            let Some(id) = record else { break };
            let Some(index) = policy.record(id).field_index(part) else {
                break;
            };
            walked.push(part);
            record = match &policy.record(id).fields[index].schema {
                FieldType::Record(id) => Some(*id),
                FieldType::Optional(inner) => match inner.as_ref() {
                    FieldType::Record(id) => Some(*id),
                    _ => None,
                },
                _ => None,
            };
        }
        let path = walked.join(".");
        if !walked.is_empty() && !paths.contains(&path) {
            paths.push(path);
        }
    }
    paths
}

/// A number as messages show it, with the whole part in groups of three.
fn grouped(number: &Number) -> String {
    let text = number.to_string();
    let (approximate, text) = match text.strip_prefix('≈') {
        Some(rest) => ("≈", rest),
        None => ("", text.as_str()),
    };
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let split = unsigned
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(unsigned.len());
    let (whole, rest) = unsigned.split_at(split);
    let mut out = format!("{approximate}{sign}");
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out.push_str(rest);
    out
}

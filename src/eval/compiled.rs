//! Checked code turned into closures, for evaluation without a ledger.
//!
//! The interpreter (`Context::eval`) walks a `Code` tree: for every node it
//! matches the node's kind, builds a `Value`, and for every list method looks
//! up its plan by address. Profiled on the 2019 policies, that walk, the
//! values it builds and the lists that `filter` and `map` build for the next
//! method to consume were most of the gap to the hand-written reference. So,
//! once per evaluation, every root the phases run (rule conditions, `let`
//! steps, scores, top-level `let`s) is compiled here into a tree of closures:
//!
//! - typed: numbers and truth values pass as `Number` and `bool`, never
//!   wrapped in a `Value`;
//! - field paths (`candidate.daily.filing.fill_rate`) are a base and a list
//!   of field indices, read by reference; an operand that is such a path or
//!   a constant is borrowed, not cloned;
//! - a list method's plan (`plans.rs`) is decided here, once, not looked up
//!   per call;
//! - `filter` and `map` feeding another list method hand their items on one
//!   at a time instead of building the list in between, when their argument
//!   cannot fail (so no error can depend on the order the stages run in).
//!
//! The closures compute exactly what the interpreter computes, in the same
//! order for everything that has an order; the differential and property
//! tests run both. What is not worth a closure of its own (text functions,
//! `group_by`, the whole-list shortcuts, scripts) is left to the interpreter,
//! called from the closure. `explain` always interprets: its ledger records
//! steps that these closures skip.

use std::cmp::Ordering;
use std::sync::Arc;

use super::plans::{cannot_fail, Address, AddressMap, Plan, Planner};
use super::{apply, select, Arguments, Context, EvalError, Result};
use crate::ast::{BinaryOperator, UnaryOperator};
use crate::number::Number;
use crate::policy::{
    Code, CodeKind, Function, Indicator, ListMethod, PointsCount, PolicyDefinition, Step,
};
use crate::value::Value;

/// The frame of slots that `let`s and list items are held in.
type Frame = Vec<Value>;

/// A compiled expression producing a `T`.
pub(super) type Run<'p, T> =
    Box<dyn for<'c> Fn(&Context<'c>, &mut Frame) -> Result<T> + Send + Sync + 'p>;

/// Gives a closure the higher-ranked signature of [`Run`]; `Box::new` alone
/// would not infer it.
fn run<'p, T>(
    closure: impl for<'c> Fn(&Context<'c>, &mut Frame) -> Result<T> + Send + Sync + 'p,
) -> Run<'p, T> {
    Box::new(closure)
}

/// `combine` applied to two operands, computed left first and then borrowed.
fn both<'p, A: Read + Send + Sync + 'p, B: Read + Send + Sync + 'p, R>(
    left: Operand<'p, A>,
    right: Operand<'p, B>,
    combine: impl Fn(&A, &B) -> Result<R> + Send + Sync + 'p,
) -> Run<'p, R> {
    run(move |context, frame| {
        let left_computed = left.compute(context, frame)?;
        let right_computed = right.compute(context, frame)?;
        combine(
            left.get(context, frame, &left_computed),
            right.get(context, frame, &right_computed),
        )
    })
}

/// `if CONDITION then A else B`: only the branch taken runs.
fn choose<'p, T: 'p>(
    condition: Run<'p, bool>,
    then: Run<'p, T>,
    otherwise: Run<'p, T>,
) -> Run<'p, T> {
    run(move |context, frame| {
        if condition(context, frame)? {
            then(context, frame)
        } else {
            otherwise(context, frame)
        }
    })
}

/// The compiled roots of one policy, built once and kept with it.
pub(super) struct Compiled<'p> {
    roots: AddressMap<Root<'p>>,
    derived: Vec<Run<'p, Value>>,
    /// Every root and top-level `let`, in the order compiled: all the code
    /// an evaluation can run.
    codes: Vec<&'p Code>,
}

/// The roots being compiled, by address, and the code they were compiled from.
pub(super) struct Roots<'p> {
    map: AddressMap<Root<'p>>,
    codes: Vec<&'p Code>,
}

impl<'p> Roots<'p> {
    fn insert(&mut self, code: &'p Code, root: Root<'p>) {
        self.map.insert(Address::of(code), root);
        self.codes.push(code);
    }
}

/// A root is compiled to the type its place needs.
enum Root<'p> {
    Value(Run<'p, Value>),
    Number(Run<'p, Number>),
    Bool(Run<'p, bool>),
}

impl<'p> Compiled<'p> {
    /// Compiles every root of `policy`: rule conditions, indicator and item
    /// steps and scores, and the top-level `let`s.
    pub fn new(policy: &'p PolicyDefinition, planner: &Planner) -> Self {
        let compiler = Compiler { planner };
        let mut roots = Roots {
            map: AddressMap::default(),
            codes: Vec::new(),
        };
        let rules = policy
            .exclusions
            .iter()
            .chain(&policy.findings)
            .chain(&policy.revocations)
            .chain(&policy.late_findings)
            .chain(policy.grade_rules.iter().map(|grade| &grade.rule));
        for rule in rules {
            let condition = &rule.condition;
            roots.insert(condition, Root::Bool(compiler.boolean(condition)));
        }
        for indicator in &policy.indicators {
            compiler.indicator(indicator, &mut roots);
        }
        for adjustment in &policy.adjustments {
            compiler.steps(&adjustment.steps, &mut roots);
            if let Some(score) = &adjustment.score {
                roots.insert(score, Root::Number(compiler.number(score)));
            }
        }
        if let Some(by) = policy.grades.as_ref().and_then(|grades| grades.by.as_ref()) {
            roots.insert(by, Root::Number(compiler.number(by)));
        }
        let derived = policy
            .derived
            .iter()
            .map(|derived| compiler.value(&derived.code))
            .collect();
        let mut codes = roots.codes;
        codes.extend(policy.derived.iter().map(|derived| &derived.code));
        Compiled {
            roots: roots.map,
            derived,
            codes,
        }
    }

    /// Every piece of code an evaluation can run, from its roots.
    pub fn codes(&self) -> &[&'p Code] {
        &self.codes
    }

    /// The compiled value of the top-level `let` at `index`.
    pub fn derived(&self, index: usize) -> &Run<'p, Value> {
        &self.derived[index]
    }

    pub fn value(&self, code: &Code) -> Option<&Run<'p, Value>> {
        match self.roots.get(&Address::of(code)) {
            Some(Root::Value(run)) => Some(run),
            _ => None,
        }
    }

    pub fn number(&self, code: &Code) -> Option<&Run<'p, Number>> {
        match self.roots.get(&Address::of(code)) {
            Some(Root::Number(run)) => Some(run),
            _ => None,
        }
    }

    pub fn boolean(&self, code: &Code) -> Option<&Run<'p, bool>> {
        match self.roots.get(&Address::of(code)) {
            Some(Root::Bool(run)) => Some(run),
            _ => None,
        }
    }
}

struct Compiler<'i> {
    planner: &'i Planner<'i>,
}

/// A path of field reads from the candidate, the facts' root or a frame slot.
struct Path {
    base: Base,
    fields: Box<[usize]>,
}

enum Base {
    Candidate,
    Root(usize),
    Local(usize),
}

impl Path {
    fn of(code: &Code) -> Option<Path> {
        let mut fields = Vec::new();
        let mut code = code;
        loop {
            match &code.kind {
                CodeKind::Field(target, index, _) => {
                    fields.push(*index);
                    code = target;
                }
                CodeKind::Candidate => break Some(Base::Candidate),
                CodeKind::Root(index) => break Some(Base::Root(*index)),
                CodeKind::Local(slot) => break Some(Base::Local(*slot)),
                _ => break None,
            }
        }
        .map(|base| {
            fields.reverse();
            Path {
                base,
                fields: fields.into_boxed_slice(),
            }
        })
    }

    fn get<'f>(&self, context: &'f Context, frame: &'f [Value]) -> &'f Value {
        let mut value = match self.base {
            Base::Candidate => context.candidate,
            Base::Root(index) => context.root.field(index),
            Base::Local(slot) => &frame[slot],
        };
        for &index in &self.fields {
            value = value.field(index);
        }
        value
    }
}

/// An operand: borrowed where it already exists (a constant, a fact, a frame
/// slot), computed otherwise. `T` is what the operand is read as: a `Value`,
/// or a `Number` for arithmetic.
enum Operand<'p, T> {
    Constant(T),
    Path(Path),
    Computed(Run<'p, T>),
}

/// How a value found at a path is read as an operand's type.
trait Read {
    fn read(value: &Value) -> &Self;
}

impl Read for Value {
    fn read(value: &Value) -> &Value {
        value
    }
}

impl Read for Number {
    fn read(value: &Value) -> &Number {
        value.as_number()
    }
}

impl<'p, T: Read> Operand<'p, T> {
    /// Computes the operand if it must be computed. Run for both operands
    /// before either is borrowed, left first, as the interpreter does.
    fn compute(&self, context: &Context, frame: &mut Frame) -> Result<Option<T>> {
        match self {
            Operand::Computed(run) => run(context, frame).map(Some),
            _ => Ok(None),
        }
    }

    fn get<'f>(
        &'f self,
        context: &'f Context,
        frame: &'f [Value],
        computed: &'f Option<T>,
    ) -> &'f T {
        match self {
            Operand::Constant(value) => value,
            Operand::Path(path) => T::read(path.get(context, frame)),
            Operand::Computed(_) => computed.as_ref().expect("computed first"),
        }
    }
}

impl Arguments for [Run<'_, Value>] {
    fn count(&self) -> usize {
        self.len()
    }

    fn per_item(&self, context: &Context, index: usize, frame: &mut Frame) -> Result<Value> {
        self[index](context, frame)
    }

    fn once(&self, context: &Context, index: usize, frame: &mut Frame) -> Result<Value> {
        self[index](context, frame)
    }
}

/// The items a list method consumes, handed on one at a time.
enum Source<'p> {
    /// The items of a list value.
    List(Run<'p, Value>),
    /// The items of `source` for which `keep` holds, with the item in `slot`.
    Filter {
        source: Box<Source<'p>>,
        slot: usize,
        keep: Run<'p, bool>,
    },
    /// `map` applied to each item of `source`, with the item in `slot`.
    Map {
        source: Box<Source<'p>>,
        slot: usize,
        map: Run<'p, Value>,
    },
}

/// Whether a visit wants the next item.
#[derive(PartialEq, Eq)]
enum Next {
    Continue,
    Stop,
}

type Visit<'v> = dyn FnMut(&Context, &mut Frame, &Value) -> Result<Next> + 'v;

impl<'p> Source<'p> {
    /// Calls `visit` with each item in order until it returns `Next::Stop`.
    fn each(&self, context: &Context, frame: &mut Frame, visit: &mut Visit) -> Result<Next> {
        match self {
            Source::List(list) => {
                let list = list(context, frame)?;
                for item in list.as_list().iter() {
                    if visit(context, frame, item)? == Next::Stop {
                        return Ok(Next::Stop);
                    }
                }
                Ok(Next::Continue)
            }
            Source::Filter { source, slot, keep } => {
                source.each(context, frame, &mut |context, frame, item| {
                    frame[*slot] = item.clone();
                    if keep(context, frame)? {
                        visit(context, frame, item)
                    } else {
                        Ok(Next::Continue)
                    }
                })
            }
            Source::Map { source, slot, map } => {
                source.each(context, frame, &mut |context, frame, item| {
                    frame[*slot] = item.clone();
                    let mapped = map(context, frame)?;
                    visit(context, frame, &mapped)
                })
            }
        }
    }

    /// The number of items, without visiting them when the list is at hand.
    fn count(&self, context: &Context, frame: &mut Frame) -> Result<usize> {
        if let Source::List(list) = self {
            return Ok(list(context, frame)?.as_list().len());
        }
        let mut count = 0;
        self.each(context, frame, &mut |_, _, _| {
            count += 1;
            Ok(Next::Continue)
        })?;
        Ok(count)
    }

    /// The items as a list value.
    fn collect(&self, context: &Context, frame: &mut Frame) -> Result<Value> {
        let mut items = Vec::new();
        self.each(context, frame, &mut |_, _, item| {
            items.push(item.clone());
            Ok(Next::Continue)
        })?;
        Ok(Value::List(Arc::from(items)))
    }
}

fn is_arithmetic(operator: BinaryOperator) -> bool {
    use BinaryOperator as B;
    matches!(
        operator,
        B::Add | B::Subtract | B::Multiply | B::Divide | B::Cap | B::Floor
    )
}

fn is_comparison(operator: BinaryOperator) -> bool {
    use BinaryOperator as B;
    matches!(
        operator,
        B::Equal | B::NotEqual | B::Less | B::LessEqual | B::Greater | B::GreaterEqual
    )
}

/// Whether `code` always gives a number, so it can be compiled as one.
fn gives_number(code: &Code) -> bool {
    match &code.kind {
        CodeKind::Constant(value) => matches!(value, Value::Number(_)),
        CodeKind::Unary(UnaryOperator::Negate, _) => true,
        CodeKind::Binary(operator, _, _) => is_arithmetic(*operator),
        CodeKind::Call(function, _) => matches!(function, Function::Min | Function::Max),
        CodeKind::Method { method, .. } => matches!(
            method,
            ListMethod::Count
                | ListMethod::Sum
                | ListMethod::Max
                | ListMethod::Min
                | ListMethod::Mean
                | ListMethod::RankDescending
        ),
        _ => false,
    }
}

/// Whether `code` always gives a truth value, so it can be compiled as one.
fn gives_bool(code: &Code) -> bool {
    match &code.kind {
        CodeKind::Constant(value) => matches!(value, Value::Bool(_)),
        CodeKind::Unary(UnaryOperator::Not, _) => true,
        CodeKind::Binary(operator, _, _) => {
            is_comparison(*operator) || matches!(operator, BinaryOperator::And | BinaryOperator::Or)
        }
        CodeKind::Call(Function::Present, _) => true,
        CodeKind::Method { method, .. } => matches!(
            method,
            ListMethod::Any | ListMethod::All | ListMethod::Contains
        ),
        _ => false,
    }
}

impl Compiler<'_> {
    fn steps<'p>(&self, steps: &'p [Step], roots: &mut Roots<'p>) {
        for step in steps {
            match step {
                Step::Let { code, .. } => {
                    roots.insert(code, Root::Value(self.value(code)));
                }
                Step::Zero(rule) | Step::Finding(rule) => {
                    let condition = &rule.condition;
                    roots.insert(condition, Root::Bool(self.boolean(condition)));
                }
                Step::Points(line) => {
                    roots.insert(&line.amount, Root::Number(self.number(&line.amount)));
                    match &line.basis {
                        PointsCount::Per { step, quantity } => {
                            for code in step.iter().chain([quantity]) {
                                roots.insert(code, Root::Number(self.number(code)));
                            }
                        }
                        PointsCount::When(condition) => {
                            roots.insert(condition, Root::Bool(self.boolean(condition)));
                        }
                        PointsCount::Each { list, .. } => {
                            roots.insert(list, Root::Value(self.value(list)));
                        }
                    }
                }
            }
        }
    }

    fn indicator<'p>(&self, indicator: &'p Indicator, roots: &mut Roots<'p>) {
        self.steps(&indicator.steps, roots);
        if let Some(score) = &indicator.score {
            roots.insert(score, Root::Number(self.number(score)));
        }
        for item in &indicator.items {
            self.indicator(item, roots);
        }
    }

    /// The interpreter, for what has no closure of its own.
    fn interpreted<'p>(&self, code: &'p Code) -> Run<'p, Value> {
        run(move |context, frame| context.eval(code, frame))
    }

    /// A list method that is walked item by item (no whole-list shortcut).
    fn walked(&self, code: &Code) -> bool {
        matches!(code.kind, CodeKind::Method { .. }) && self.planner.plan(code) == Plan::Walk
    }

    fn value<'p>(&self, code: &'p Code) -> Run<'p, Value> {
        if gives_number(code) {
            let number = self.number(code);
            return run(move |context, frame| Ok(Value::Number(number(context, frame)?)));
        }
        if gives_bool(code) {
            let holds = self.boolean(code);
            return run(move |context, frame| Ok(Value::Bool(holds(context, frame)?)));
        }
        self.untyped(code)
    }

    /// `value` without the typed shortcuts: for code that `number` or
    /// `boolean` hands back, which `value` would send to them again.
    fn untyped<'p>(&self, code: &'p Code) -> Run<'p, Value> {
        if let Some(path) = Path::of(code) {
            return run(move |context, frame| Ok(path.get(context, frame).clone()));
        }
        match &code.kind {
            CodeKind::Constant(value) => {
                let value = value.clone();
                run(move |_, _| Ok(value.clone()))
            }
            CodeKind::Derived(index) => {
                let index = *index;
                run(move |context, _| context.derived_value(index))
            }
            CodeKind::Field(target, index, _) => {
                let target = self.value(target);
                let index = *index;
                run(move |context, frame| Ok(target(context, frame)?.field(index).clone()))
            }
            CodeKind::Binary(BinaryOperator::Default, left, right) => {
                let (left, right) = (self.value(left), self.value(right));
                run(move |context, frame| {
                    let value = left(context, frame)?;
                    if value == Value::Absent {
                        right(context, frame)
                    } else {
                        Ok(value)
                    }
                })
            }
            CodeKind::If(condition, then, otherwise) => choose(
                self.boolean(condition),
                self.value(then),
                self.value(otherwise),
            ),
            CodeKind::Method {
                method: ListMethod::Filter | ListMethod::Map,
                ..
            } if self.walked(code) => {
                let stage = self.stage(code).expect("a walked filter or map");
                run(move |context, frame| stage.collect(context, frame))
            }
            CodeKind::Method {
                method,
                list,
                slot,
                arguments,
            } if self.walked(code) => {
                let (method, slot, span) = (*method, *slot, code.span);
                let list = self.value(list);
                let arguments: Vec<_> = arguments.iter().map(|a| self.value(a)).collect();
                run(move |context, frame| {
                    let list = list(context, frame)?;
                    context.method_over(method, list.as_list(), slot, &arguments[..], frame, span)
                })
            }
            CodeKind::Call(function, arguments) => {
                let (function, span) = (*function, code.span);
                let arguments: Vec<_> = arguments.iter().map(|a| self.value(a)).collect();
                run(move |context, frame| {
                    let mut values = Vec::with_capacity(arguments.len());
                    for argument in &arguments {
                        values.push(argument(context, frame)?);
                    }
                    apply(function, &values, span)
                })
            }
            CodeKind::Select {
                record,
                variants,
                fields,
                key,
            } => {
                let span = code.span;
                both(
                    self.operand(record),
                    self.operand(key),
                    move |record, key| select(record, variants, fields, key, span),
                )
            }
            _ => self.interpreted(code),
        }
    }

    /// The items of the list `code` gives, fusing walked `filter` and `map`.
    /// The items of the list `code` gives. A walked `filter` or `map` whose
    /// argument cannot fail is fused: its items are handed on one at a time.
    fn source<'p>(&self, code: &'p Code) -> Source<'p> {
        match &code.kind {
            CodeKind::Method { arguments, .. } if arguments.iter().all(cannot_fail) => self
                .stage(code)
                .unwrap_or_else(|| Source::List(self.value(code))),
            _ => Source::List(self.value(code)),
        }
    }

    /// `code` as a stage over the items of its list, if it is a walked
    /// `filter` or `map`. Only the stages before it are fused (`source`), so
    /// its own argument may fail.
    fn stage<'p>(&self, code: &'p Code) -> Option<Source<'p>> {
        let CodeKind::Method {
            method: method @ (ListMethod::Filter | ListMethod::Map),
            list,
            slot,
            arguments,
        } = &code.kind
        else {
            return None;
        };
        if !self.walked(code) {
            return None;
        }
        let source = Box::new(self.source(list));
        let slot = *slot;
        Some(if *method == ListMethod::Filter {
            Source::Filter {
                source,
                slot,
                keep: self.boolean(&arguments[0]),
            }
        } else {
            Source::Map {
                source,
                slot,
                map: self.value(&arguments[0]),
            }
        })
    }

    fn operand<'p>(&self, code: &'p Code) -> Operand<'p, Value> {
        if let CodeKind::Constant(value) = &code.kind {
            return Operand::Constant(value.clone());
        }
        match Path::of(code) {
            Some(path) => Operand::Path(path),
            None => Operand::Computed(self.value(code)),
        }
    }

    fn number_operand<'p>(&self, code: &'p Code) -> Operand<'p, Number> {
        if let CodeKind::Constant(Value::Number(number)) = &code.kind {
            return Operand::Constant(number.clone());
        }
        match Path::of(code) {
            Some(path) => Operand::Path(path),
            None => Operand::Computed(self.number(code)),
        }
    }

    fn number<'p>(&self, code: &'p Code) -> Run<'p, Number> {
        if let Some(path) = Path::of(code) {
            return run(move |context, frame| Ok(path.get(context, frame).as_number().clone()));
        }
        match &code.kind {
            CodeKind::Constant(Value::Number(number)) => {
                let number = number.clone();
                run(move |_, _| Ok(number.clone()))
            }
            CodeKind::Unary(UnaryOperator::Negate, operand) => {
                let operand = self.number(operand);
                run(move |context, frame| Ok(operand(context, frame)?.negate()))
            }
            CodeKind::Binary(operator, left, right) if is_arithmetic(*operator) => {
                self.arithmetic(*operator, left, right, code)
            }
            CodeKind::If(condition, then, otherwise) => choose(
                self.boolean(condition),
                self.number(then),
                self.number(otherwise),
            ),
            CodeKind::Call(function @ (Function::Min | Function::Max), arguments) => {
                let arguments: Vec<_> = arguments.iter().map(|a| self.number(a)).collect();
                let smallest = *function == Function::Min;
                run(move |context, frame| {
                    // Every argument is evaluated, as the interpreter does.
                    let mut best: Option<Number> = None;
                    for argument in &arguments {
                        let number = argument(context, frame)?;
                        best = Some(match best {
                            Some(best) if (number < best) == smallest && number != best => number,
                            Some(best) => best,
                            None => number,
                        });
                    }
                    Ok(best.expect("the checker requires an argument"))
                })
            }
            CodeKind::Method {
                method:
                    method @ (ListMethod::Count
                    | ListMethod::Sum
                    | ListMethod::Max
                    | ListMethod::Min
                    | ListMethod::Mean),
                list,
                slot,
                arguments,
            } if self.walked(code) => self.numeric_method(*method, list, *slot, arguments.first()),
            _ => {
                let value = self.untyped(code);
                run(move |context, frame| Ok(value(context, frame)?.as_number().clone()))
            }
        }
    }

    fn arithmetic<'p>(
        &self,
        operator: BinaryOperator,
        left: &'p Code,
        right: &'p Code,
        code: &'p Code,
    ) -> Run<'p, Number> {
        use BinaryOperator as B;
        let (left, right) = (self.number_operand(left), self.number_operand(right));
        let span = code.span;
        both(left, right, move |a: &Number, b: &Number| {
            Ok(match operator {
                B::Add => a.add(b),
                B::Subtract => a.subtract(b),
                B::Multiply => a.multiply(b),
                B::Divide => a
                    .divide(b)
                    .ok_or_else(|| EvalError::new("division by zero", span))?,
                B::Cap => a.clone().min(b.clone()),
                B::Floor => a.clone().max(b.clone()),
                _ => unreachable!("only arithmetic is compiled here"),
            })
        })
    }

    fn numeric_method<'p>(
        &self,
        method: ListMethod,
        list: &'p Code,
        slot: usize,
        argument: Option<&'p Code>,
    ) -> Run<'p, Number> {
        let source = self.source(list);
        if method == ListMethod::Count {
            return match argument {
                None => run(move |context, frame| {
                    Ok(Number::from_integer(source.count(context, frame)? as i128))
                }),
                Some(condition) => {
                    let condition = self.boolean(condition);
                    run(move |context, frame| {
                        let mut count = 0i128;
                        source.each(context, frame, &mut |context, frame, item| {
                            frame[slot] = item.clone();
                            if condition(context, frame)? {
                                count += 1;
                            }
                            Ok(Next::Continue)
                        })?;
                        Ok(Number::from_integer(count))
                    })
                }
            };
        }
        // The number each item contributes: the item itself, or the argument.
        let argument = argument.map(|argument| self.number(argument));
        run(move |context, frame| {
            let mut sum = Number::zero();
            let mut count = 0i128;
            let mut best: Option<Number> = None;
            source.each(context, frame, &mut |context, frame, item| {
                let number = match &argument {
                    None => item.as_number().clone(),
                    Some(argument) => {
                        frame[slot] = item.clone();
                        argument(context, frame)?
                    }
                };
                match method {
                    ListMethod::Sum | ListMethod::Mean => {
                        sum = sum.add(&number);
                        count += 1;
                    }
                    ListMethod::Max | ListMethod::Min => {
                        let better = match &best {
                            None => true,
                            Some(best) => match number.cmp(best) {
                                Ordering::Greater => method == ListMethod::Max,
                                Ordering::Less => method == ListMethod::Min,
                                Ordering::Equal => false,
                            },
                        };
                        if better {
                            best = Some(number);
                        }
                    }
                    _ => unreachable!("only the numeric methods are compiled here"),
                }
                Ok(Next::Continue)
            })?;
            // An empty list's max, min and mean are 0: scores start at nothing.
            Ok(match method {
                ListMethod::Sum => sum,
                ListMethod::Mean if count == 0 => Number::zero(),
                ListMethod::Mean => sum
                    .divide(&Number::from_integer(count))
                    .expect("the list is not empty"),
                _ => best.unwrap_or_else(Number::zero),
            })
        })
    }

    fn boolean<'p>(&self, code: &'p Code) -> Run<'p, bool> {
        if let Some(path) = Path::of(code) {
            return run(move |context, frame| Ok(path.get(context, frame).as_bool()));
        }
        match &code.kind {
            CodeKind::Constant(Value::Bool(holds)) => {
                let holds = *holds;
                run(move |_, _| Ok(holds))
            }
            CodeKind::Unary(UnaryOperator::Not, operand) => {
                let operand = self.boolean(operand);
                run(move |context, frame| Ok(!operand(context, frame)?))
            }
            CodeKind::Binary(BinaryOperator::And, left, right) => {
                let (left, right) = (self.boolean(left), self.boolean(right));
                run(move |context, frame| Ok(left(context, frame)? && right(context, frame)?))
            }
            CodeKind::Binary(BinaryOperator::Or, left, right) => {
                let (left, right) = (self.boolean(left), self.boolean(right));
                run(move |context, frame| Ok(left(context, frame)? || right(context, frame)?))
            }
            CodeKind::Binary(operator, left, right) if is_comparison(*operator) => {
                self.comparison(*operator, left, right)
            }
            CodeKind::If(condition, then, otherwise) => choose(
                self.boolean(condition),
                self.boolean(then),
                self.boolean(otherwise),
            ),
            CodeKind::Call(Function::Present, arguments) => {
                let operand = self.operand(&arguments[0]);
                run(move |context, frame| {
                    let computed = operand.compute(context, frame)?;
                    Ok(*operand.get(context, frame, &computed) != Value::Absent)
                })
            }
            CodeKind::Method {
                method: method @ (ListMethod::Any | ListMethod::All),
                list,
                slot,
                arguments,
            } if self.walked(code) => {
                let source = self.source(list);
                let condition = self.boolean(&arguments[0]);
                let (slot, wanted) = (*slot, *method == ListMethod::Any);
                // `any` stops at the first item that holds, `all` at the first
                // that does not; either way that item decides.
                run(move |context, frame| {
                    let mut decided = false;
                    source.each(context, frame, &mut |context, frame, item| {
                        frame[slot] = item.clone();
                        if condition(context, frame)? == wanted {
                            decided = true;
                            return Ok(Next::Stop);
                        }
                        Ok(Next::Continue)
                    })?;
                    Ok(decided == wanted)
                })
            }
            _ => {
                let value = self.untyped(code);
                run(move |context, frame| Ok(value(context, frame)?.as_bool()))
            }
        }
    }

    fn comparison<'p>(
        &self,
        operator: BinaryOperator,
        left: &'p Code,
        right: &'p Code,
    ) -> Run<'p, bool> {
        use BinaryOperator as B;
        let (left, right) = (self.operand(left), self.operand(right));
        both(left, right, move |a: &Value, b: &Value| {
            Ok(match operator {
                B::Equal => a == b,
                B::NotEqual => a != b,
                B::Less => a.compare(b) == Ordering::Less,
                B::LessEqual => a.compare(b) != Ordering::Greater,
                B::Greater => a.compare(b) == Ordering::Greater,
                B::GreaterEqual => a.compare(b) != Ordering::Less,
                _ => unreachable!("only comparisons are compiled here"),
            })
        })
    }
}

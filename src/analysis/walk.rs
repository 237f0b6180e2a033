//! Resolves every name an expression uses, following the checker's scoping
//! (`check/expressions.rs` `Checker::name`): a method's item fields and
//! `it`, the block's `let`s above, `max` in a body, `candidate` and `peers`,
//! top-level `let`s declared before (all of them, in a rule), parameters,
//! the input's fields, then the names known after the total. Each use is
//! recorded with its symbol, and each `let` gets the type of its value.

use super::index::{BlockScope, Builtin, Index, Kind, Symbol, SymbolId};
use super::types::{FieldShape, RecordShape, Ty};
use crate::ast::{
    BinaryOperator, Block, Declaration, Expression, ExpressionKind, Indicator, Name, Override,
    PointsBasis, PointsLine, PolicyFile, Rule, Span, Statement, Template, TemplatePart,
    UnaryOperator,
};

/// As in the checker: deeper expressions are refused there, so nothing
/// deeper is worth resolving, and the walk's recursion stays bounded.
const MAX_DEPTH: usize = 200;

#[derive(Clone)]
enum Entry {
    Named(String, SymbolId),
    Item(Ty),
}

#[derive(Clone)]
struct Env {
    constant: bool,
    peers: bool,
    in_block: bool,
    visible_lets: usize,
    entries: Vec<Entry>,
}

impl Env {
    fn constant() -> Env {
        Env {
            constant: true,
            peers: false,
            in_block: false,
            visible_lets: 0,
            entries: Vec::new(),
        }
    }
    fn candidate(visible_lets: usize, peers: bool) -> Env {
        Env {
            constant: false,
            peers,
            in_block: false,
            visible_lets,
            entries: Vec::new(),
        }
    }
}

/// Resolves the expressions of `trees`, root first: parameters and
/// top-level `let`s first (their types feed everything else), then the rest.
pub(super) fn walk(index: &mut Index, trees: &[(usize, PolicyFile)]) {
    let mut walker = Walker { index };
    let mut let_number = 0;
    for (_, tree) in trees {
        for declaration in &tree.declarations {
            match declaration {
                Declaration::Parameter(parameter)
                | Declaration::Override(Override::Parameter(parameter)) => {
                    let ty = walker.expression(&parameter.value, &mut Env::constant(), 0);
                    if let Some(&symbol) = walker.index.parameters.get(&parameter.name.text) {
                        walker.index.symbols[symbol].ty = ty;
                    }
                }
                Declaration::Derived(derived) => {
                    let mut env = Env::candidate(let_number, false);
                    let ty = walker.expression(&derived.value, &mut env, 0);
                    if let Some(&symbol) = walker.index.lets.get(let_number) {
                        walker.index.symbols[symbol].ty = ty;
                    }
                    let_number += 1;
                }
                _ => {}
            }
        }
    }
    let all_lets = walker.index.lets.len();
    for (_, tree) in trees {
        if let Some(total) = &tree.header.total {
            walker.expression(total, &mut Env::constant(), 0);
        }
        for declaration in &tree.declarations {
            walker.declaration(declaration, all_lets);
        }
    }
}

struct Walker<'a> {
    index: &'a mut Index,
}

impl Walker<'_> {
    fn declaration(&mut self, declaration: &Declaration, all_lets: usize) {
        match declaration {
            Declaration::Indicator(indicator)
            | Declaration::Override(Override::Indicator(indicator)) => {
                let mut env = Env::candidate(all_lets, true);
                self.indicator(indicator, "", "indicator", &mut env);
            }
            Declaration::Override(Override::Item { parents, item }) => {
                let path = parents
                    .iter()
                    .map(|name| name.text.as_str())
                    .collect::<Vec<_>>()
                    .join(".");
                let mut env = Env::candidate(all_lets, true);
                self.indicator(item, &path, "item", &mut env);
            }
            Declaration::Exclude(rule) | Declaration::Finding(rule) | Declaration::Revoke(rule) => {
                self.rule(rule, &mut Env::candidate(all_lets, false));
            }
            Declaration::Adjustment(adjustment)
            | Declaration::Override(Override::Adjustment(adjustment)) => {
                if let Some(cap) = &adjustment.cap {
                    self.expression(cap, &mut Env::constant(), 0);
                }
                let mut env = Env::candidate(all_lets, false);
                let kind = match adjustment.kind {
                    crate::outcome::AdjustmentKind::Bonus => "bonus",
                    crate::outcome::AdjustmentKind::Deduction => "deduction",
                };
                let owner = format!("{kind} {}", adjustment.name.text);
                self.block(&adjustment.body, &mut env, &owner, adjustment.span, "");
            }
            Declaration::Group(group) | Declaration::Override(Override::Group(group)) => {
                if let Some(candidate) = self.index.candidate() {
                    self.field_use(candidate, &group.field);
                }
            }
            Declaration::Rank(rank) | Declaration::Override(Override::Rank(rank)) => {
                for key in &rank.keys {
                    if let Some(&symbol) = self.index.indicators.get(&key.text) {
                        self.index.add_use(key, symbol);
                    }
                }
            }
            Declaration::Select(select) | Declaration::Flag(select) => {
                self.expression(&select.count, &mut Env::constant(), 0);
                if let Some(group) = &select.group {
                    self.enum_value_use(group);
                }
            }
            Declaration::Grades(grades) | Declaration::Override(Override::Grades(grades)) => {
                if let Some(by) = &grades.by {
                    self.expression(by, &mut Env::candidate(all_lets, false), 0);
                }
                for band in &grades.bands {
                    if let Some(at_least) = &band.at_least {
                        self.expression(at_least, &mut Env::constant(), 0);
                    }
                    for quota in &band.quotas {
                        self.expression(&quota.amount, &mut Env::constant(), 0);
                        if let Some(group) = &quota.group {
                            self.enum_value_use(group);
                        }
                    }
                }
            }
            Declaration::GradeRule(rule) => {
                let mut env = Env::candidate(all_lets, false);
                self.expression(&rule.condition, &mut env, 0);
                self.template(&rule.message, &mut env);
            }
            Declaration::Input(..)
            | Declaration::Record(_)
            | Declaration::Parameter(_)
            | Declaration::Derived(_)
            | Declaration::Override(
                Override::Parameter(_) | Override::Record(_) | Override::RecordExtension(_),
            )
            | Declaration::Remove(_)
            | Declaration::Script(_) => {}
        }
    }

    fn indicator(&mut self, indicator: &Indicator, parent: &str, kind: &str, env: &mut Env) {
        self.expression(&indicator.max, &mut Env::constant(), 0);
        if let Some(scaled) = &indicator.scaled_from {
            self.expression(scaled, &mut Env::constant(), 0);
        }
        let path = if parent.is_empty() {
            indicator.name.text.clone()
        } else {
            format!("{parent}.{}", indicator.name.text)
        };
        let owner = format!("{kind} {path}");
        env.in_block = true;
        self.block(&indicator.body, env, &owner, indicator.span, &path);
    }

    fn block(&mut self, body: &Block, env: &mut Env, owner: &str, span: Span, path: &str) {
        let before = env.entries.len();
        let mut lets = Vec::new();
        for statement in &body.statements {
            match statement {
                Statement::Let(name, value) => {
                    let ty = self.expression(value, env, 0);
                    let symbol = self.index.add_symbol(Symbol {
                        block: Some(span),
                        owner: Some(owner.to_owned()),
                        ..Index::symbol(Kind::Let, name, None, ty)
                    });
                    env.entries.push(Entry::Named(name.text.clone(), symbol));
                    lets.push(symbol);
                }
                Statement::Score(value) => {
                    self.expression(value, env, 0);
                }
                Statement::Zero(rule) | Statement::Finding(rule) => self.rule(rule, env),
                Statement::Deduct(line) | Statement::Add(line) => self.points(line, env),
                Statement::Full { condition, .. } => {
                    self.expression(condition, env, 0);
                }
            }
        }
        for item in &body.items {
            self.indicator(item, path, "item", env);
        }
        env.entries.truncate(before);
        self.index.blocks.push(BlockScope { span, lets });
    }

    fn points(&mut self, line: &PointsLine, env: &mut Env) {
        self.expression(&line.amount, env, 0);
        let mut item = None;
        match &line.basis {
            PointsBasis::Per { step, quantity } => {
                if let Some(step) = step {
                    self.expression(step, env, 0);
                }
                self.expression(quantity, env, 0);
            }
            PointsBasis::When(condition) => {
                self.expression(condition, env, 0);
            }
            PointsBasis::Each(list) => item = Some(self.expression(list, env, 0).element()),
        }
        if let Some(message) = &line.message {
            let pushed = item.is_some();
            if let Some(item) = item {
                env.entries.push(Entry::Item(item));
            }
            self.template(message, env);
            if pushed {
                env.entries.pop();
            }
        }
    }

    fn rule(&mut self, rule: &Rule, env: &mut Env) {
        self.expression(&rule.condition, env, 0);
        self.template(&rule.message, env);
    }

    fn template(&mut self, template: &Template, env: &mut Env) {
        for part in &template.parts {
            if let TemplatePart::Hole(expression) = part {
                self.expression(expression, env, 0);
            }
        }
    }

    fn field_use(&mut self, record: usize, name: &Name) -> Ty {
        let Some(field) = self.index.field(record, &name.text).cloned() else {
            return Ty::Unknown;
        };
        if let Some(symbol) = field.symbol {
            self.index.add_use(name, symbol);
        }
        field.ty
    }

    fn enum_value_use(&mut self, name: &Name) {
        let found = self
            .index
            .enum_values
            .iter()
            .copied()
            .find(|&symbol| self.index.symbols[symbol].name == name.text);
        if let Some(symbol) = found {
            self.index.add_use(name, symbol);
        }
    }

    /// `level == "county"`: the quoted value names the enum's `county`, so
    /// that hovering it shows its label and references find it.
    fn enum_literal(&mut self, compared: &Ty, literal: &Expression) {
        let (Ty::Enum(_), ExpressionKind::Text(value)) = (compared.present(), &literal.kind) else {
            return;
        };
        let found = self.index.enum_values.iter().copied().find(|&symbol| {
            let symbol = &self.index.symbols[symbol];
            symbol.name == *value && symbol.ty == *compared.present()
        });
        let inside = Span::new(literal.span.start + 1, literal.span.end.saturating_sub(1));
        let written = self.index.slice(inside) == Some(value.as_str());
        if let (Some(symbol), true) = (found, written) {
            self.index.uses.push((inside, symbol));
        }
    }

    fn symbol_use(&mut self, name: &Name, symbol: SymbolId) -> Ty {
        self.index.add_use(name, symbol);
        self.index.symbols[symbol].ty.clone()
    }

    fn name(&mut self, name: &Name, env: &Env) -> Ty {
        let text = name.text.as_str();
        for entry in env.entries.iter().rev() {
            match entry {
                Entry::Named(bound, symbol) if bound == text => {
                    return self.symbol_use(name, *symbol);
                }
                Entry::Item(ty) => {
                    if text == "it" {
                        return ty.clone();
                    }
                    match ty.present() {
                        Ty::Record(record) if self.index.field(*record, text).is_some() => {
                            return self.field_use(*record, name);
                        }
                        Ty::Group { key, items } => match text {
                            "key" => return (**key).clone(),
                            "items" => return (**items).clone(),
                            _ => {}
                        },
                        _ => {}
                    }
                }
                Entry::Named(..) => {}
            }
        }
        if text == "max" && env.in_block {
            return Ty::Number(None);
        }
        let candidate = self.index.candidate();
        if !env.constant && text == "candidate" {
            return candidate.map_or(Ty::Unknown, Ty::Record);
        }
        if text == "peers" && env.peers {
            return Ty::List(Box::new(candidate.map_or(Ty::Unknown, Ty::Record)));
        }
        if !env.constant {
            let visible = env.visible_lets.min(self.index.lets.len());
            let found = self.index.lets[..visible]
                .iter()
                .copied()
                .find(|&symbol| self.index.symbols[symbol].name == text);
            if let Some(symbol) = found {
                return self.symbol_use(name, symbol);
            }
        }
        if let Some(&symbol) = self.index.parameters.get(text) {
            return self.symbol_use(name, symbol);
        }
        if !env.constant {
            if let Some(root) = self.index.root {
                if self.index.field(root, text).is_some() {
                    return self.field_use(root, name);
                }
            }
            if let Some(&symbol) = self.index.indicators.get(text) {
                self.index.add_use(name, symbol);
                return Ty::Number(None);
            }
            if let Some(&symbol) = self.index.adjustments.get(text) {
                self.index.add_use(name, symbol);
                return Ty::Number(None);
            }
            match text {
                "total" | "base" | "rank" | "bonus" | "deductions" => return Ty::Number(None),
                "grade" => return Ty::Text,
                _ => {}
            }
        }
        Ty::Unknown
    }

    fn expression(&mut self, expression: &Expression, env: &mut Env, depth: usize) -> Ty {
        if depth > MAX_DEPTH {
            return Ty::Unknown;
        }
        let depth = depth + 1;
        match &expression.kind {
            ExpressionKind::Number(_) | ExpressionKind::Percent(_) => Ty::Number(None),
            ExpressionKind::Boolean(_) => Ty::Bool,
            ExpressionKind::Text(_) => Ty::Text,
            ExpressionKind::Date(_) => Ty::Date,
            ExpressionKind::Name(name) => self.name(name, env),
            ExpressionKind::Record(entries) => {
                let mut fields = Vec::new();
                for (key, value) in entries {
                    let ty = self.expression(value, env, depth);
                    let symbol = self.index.add_symbol(Symbol {
                        path: String::new(),
                        ..Index::symbol(Kind::Field, key, None, ty.clone())
                    });
                    fields.push(FieldShape {
                        name: key.text.clone(),
                        ty,
                        symbol: Some(symbol),
                    });
                }
                self.index.records.push(RecordShape { name: None, fields });
                Ty::Record(self.index.records.len() - 1)
            }
            ExpressionKind::List(items) => {
                let mut element = Ty::Unknown;
                for item in items {
                    let ty = self.expression(item, env, depth);
                    if element == Ty::Unknown {
                        element = ty;
                    }
                }
                Ty::List(Box::new(element))
            }
            ExpressionKind::Call(function, arguments) => {
                let mut types = Vec::new();
                for argument in arguments {
                    types.push(self.expression(argument, env, depth));
                }
                if let Some(builtin) = super::help::function(&function.text) {
                    self.index
                        .builtins
                        .push((function.span, Builtin::Function(builtin)));
                    return function_type(builtin);
                }
                if let Some(&symbol) = self.index.functions.get(&function.text) {
                    self.index.add_use(function, symbol);
                }
                Ty::Unknown
            }
            ExpressionKind::Method(target, method, arguments) => {
                let list = self.expression(target, env, depth);
                let element = list.element();
                let per_item = !matches!(method.text.as_str(), "take" | "drop" | "contains");
                if per_item {
                    env.entries.push(Entry::Item(element.clone()));
                }
                let mut types = Vec::new();
                for argument in arguments {
                    types.push(self.expression(argument, env, depth));
                }
                if per_item {
                    env.entries.pop();
                }
                let Some(builtin) = super::help::method(&method.text) else {
                    return Ty::Unknown;
                };
                self.index
                    .builtins
                    .push((method.span, Builtin::Method(builtin)));
                method_type(builtin, &list, &element, types.first())
            }
            ExpressionKind::Field(target, field) => {
                let ty = self.expression(target, env, depth);
                match ty.present() {
                    Ty::Record(record) => self.field_use(*record, field),
                    Ty::Group { key, items } => match field.text.as_str() {
                        "key" => (**key).clone(),
                        "items" => (**items).clone(),
                        _ => Ty::Unknown,
                    },
                    _ => Ty::Unknown,
                }
            }
            ExpressionKind::Index(target, key) => {
                let ty = self.expression(target, env, depth);
                self.expression(key, env, depth);
                self.index.indexed(&ty)
            }
            ExpressionKind::Unary(operator, operand) => {
                self.expression(operand, env, depth);
                match operator {
                    UnaryOperator::Negate => Ty::Number(None),
                    UnaryOperator::Not => Ty::Bool,
                }
            }
            ExpressionKind::Binary(operator, left_operand, right_operand) => {
                let left = self.expression(left_operand, env, depth);
                let right = self.expression(right_operand, env, depth);
                if matches!(operator, BinaryOperator::Equal | BinaryOperator::NotEqual) {
                    self.enum_literal(&left, right_operand);
                    self.enum_literal(&right, left_operand);
                }
                match operator {
                    BinaryOperator::Add
                    | BinaryOperator::Subtract
                    | BinaryOperator::Multiply
                    | BinaryOperator::Divide
                    | BinaryOperator::Cap
                    | BinaryOperator::Floor => Ty::Number(None),
                    BinaryOperator::Default => match left {
                        Ty::Optional(inner) => *inner,
                        Ty::Unknown => right,
                        other => other,
                    },
                    _ => Ty::Bool,
                }
            }
            ExpressionKind::If(condition, then, otherwise) => {
                self.expression(condition, env, depth);
                let then = self.expression(then, env, depth);
                let otherwise = self.expression(otherwise, env, depth);
                if then == Ty::Unknown {
                    otherwise
                } else {
                    then
                }
            }
        }
    }
}

/// What a built-in function gives.
pub(super) fn function_type(name: &str) -> Ty {
    match name {
        "present" => Ty::Bool,
        "date" => Ty::Date,
        "contains_any" => Ty::List(Box::new(Ty::Text)),
        "extension" | "grouped" => Ty::Text,
        _ => Ty::Number(None),
    }
}

/// What a list method gives, over `list` of `element`, given its first
/// argument's type.
pub(super) fn method_type(name: &str, list: &Ty, element: &Ty, argument: Option<&Ty>) -> Ty {
    match name {
        "filter" | "distinct_by" | "duplicates_by" | "take_per" | "drop_per" | "take" | "drop" => {
            list.present().clone()
        }
        "map" => Ty::List(Box::new(argument.cloned().unwrap_or(Ty::Unknown))),
        "any" | "all" | "contains" => Ty::Bool,
        "group_by" => Ty::List(Box::new(Ty::Group {
            key: Box::new(argument.cloned().unwrap_or(Ty::Unknown)),
            items: Box::new(Ty::List(Box::new(element.clone()))),
        })),
        "max" | "min" if argument.is_none() => match element {
            Ty::Number(_) => element.clone(),
            _ => Ty::Number(None),
        },
        _ => Ty::Number(None),
    }
}

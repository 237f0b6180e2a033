//! Points lines (`deduct 0.5 per gap`, `add 3 when …`) and the `bonus` and
//! `deduction` blocks that give points outside the indicators' maxima.

use std::collections::BTreeMap;

use super::*;
use crate::outcome::AdjustmentKind;

impl Checker {
    /// A checked `deduct` or `add` line. Constant amounts and steps are
    /// checked here; a negative amount met at run time is an evaluation error.
    pub(super) fn points_line(
        &mut self,
        line: &ast::PointsLine,
        scope: &mut Scope,
        place: &str,
    ) -> Option<PointsRule> {
        self.note_readings(place, &line.annotations);
        if let ast::PointsBasis::Each(list) = &line.basis {
            return self.points_for_each(line, list, scope);
        }
        let amount = self.expect(&line.amount, scope, &Type::Number);
        self.not_negative(&line.amount, "the points of a line");
        let (basis, basis_end) = match &line.basis {
            ast::PointsBasis::Per { step, quantity } => {
                let step_code = match step {
                    Some(step) => {
                        let code = self.expect(step, scope, &Type::Number);
                        if let Some(value) = self.constant_value(step) {
                            if value.is_negative() || value.is_zero() {
                                self.error(
                                    Problem::error(
                                        "kaoping::check::points_step",
                                        format!("a step must be positive, found {}", value),
                                        step.span,
                                    )
                                    .with_help(
                                        "`deduct 1 per 10 of shortfall` counts whole steps of 10",
                                    ),
                                );
                            }
                        }
                        Some(code)
                    }
                    None => None,
                };
                let quantity_code = self.expect(quantity, scope, &Type::Number);
                let basis = match (step_code, quantity_code) {
                    (Some(Some(step)), Some(quantity)) => Some(PointsCount::Per {
                        step: Some(step),
                        quantity,
                    }),
                    (None, Some(quantity)) => Some(PointsCount::Per {
                        step: None,
                        quantity,
                    }),
                    _ => None,
                };
                (basis, quantity.span.end)
            }
            ast::PointsBasis::When(condition) => (
                self.expect(condition, scope, &Type::Bool)
                    .map(PointsCount::When),
                condition.span.end,
            ),
            ast::PointsBasis::Each(_) => unreachable!("handled above"),
        };
        let message = match &line.message {
            Some(template) => {
                let known = self.present.len();
                if let ast::PointsBasis::When(condition) = &line.basis {
                    self.present
                        .extend(super::expressions::present_when(condition, true));
                }
                let message = self.template(template, scope);
                self.present.truncate(known);
                Some(message?)
            }
            None => None,
        };
        let text = self.text_at(Span::new(line.span.start, basis_end));
        Some(PointsRule {
            amount: amount?,
            basis: basis?,
            message,
            text,
            annotations: line.annotations.clone(),
            span: line.span,
        })
    }

    /// `add AMOUNT for each LIST ["message"]`: the amount and the message
    /// see the item's fields, as a list method's argument does.
    fn points_for_each(
        &mut self,
        line: &ast::PointsLine,
        list: &ast::Expression,
        scope: &mut Scope,
    ) -> Option<PointsRule> {
        let (list_code, list_type) = self.expression(list, scope)?;
        let element = match list_type {
            Type::List(element) => *element,
            Type::Unknown => return None,
            other => {
                let found = self.describe(&other);
                self.error(
                    Problem::error(
                        "kaoping::check::type",
                        format!("`for each` needs a list, found {found}"),
                        list.span,
                    )
                    .with_help("write the list whose items each give points: `add points for each candidate.bonuses`"),
                );
                return None;
            }
        };
        let slot = scope.allocate();
        scope.entries.push(Entry::Item { slot, ty: element });
        // The item's fields shadow outer names, so an outer `present(x)`
        // says nothing about an `x` written here.
        let outer_present = std::mem::take(&mut self.present);
        let amount = self.expect(&line.amount, scope, &Type::Number);
        self.not_negative(&line.amount, "the points of a line");
        let message = line
            .message
            .as_ref()
            .map(|template| self.template(template, scope));
        self.present = outer_present;
        scope.entries.pop();
        let message = match message {
            Some(parts) => Some(parts?),
            None => None,
        };
        let text = self.text_at(Span::new(line.span.start, list.span.end));
        Some(PointsRule {
            amount: amount?,
            basis: PointsCount::Each {
                list: list_code,
                slot,
            },
            message,
            text,
            annotations: line.annotations.clone(),
            span: line.span,
        })
    }

    /// The source text a span covers, in whichever file it is.
    fn text_at(&self, span: Span) -> String {
        let location =
            crate::diagnostic::locate(&self.source_name, &self.source, &self.inherited, span.start);
        let start = span.start - location.file_offset;
        let end = span.end.saturating_sub(location.file_offset);
        location
            .text
            .get(start..end)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The value of an expression when it is a constant (a literal or a
    /// parameter), without reporting anything when it is not.
    fn constant_value(&mut self, expression: &ast::Expression) -> Option<Number> {
        match &expression.kind {
            ExpressionKind::Number(_) | ExpressionKind::Percent(_) => {
                let known = self.problems.len();
                let value = self.constant_number(expression);
                self.problems.truncate(known);
                value
            }
            ExpressionKind::Name(name) => self
                .parameters
                .iter()
                .find(|p| p.name == name.text)
                .and_then(|p| match &p.value {
                    Value::Number(number) => Some(number.clone()),
                    _ => None,
                }),
            ExpressionKind::Unary(UnaryOperator::Negate, operand) => {
                self.constant_value(operand).map(|value| value.negate())
            }
            _ => None,
        }
    }

    fn not_negative(&mut self, expression: &ast::Expression, what: &str) {
        if let Some(value) = self.constant_value(expression) {
            if value.is_negative() {
                self.error(
                    Problem::error(
                        "kaoping::check::negative_points",
                        format!("{what} must not be negative, found {}", value),
                        expression.span,
                    )
                    .with_help("write the points as a positive number: `deduct` takes them off, `add` gives them"),
                );
            }
        }
    }

    /// A `bonus` or `deduction` block. Like an indicator's body, but scored by
    /// its `add` (or `deduct`) lines or one `score`, from the facts alone.
    pub(super) fn adjustment(&mut self, adjustment: &ast::Adjustment) -> Option<Adjustment> {
        let (keyword, verb, other_verb) = match adjustment.kind {
            AdjustmentKind::Bonus => ("bonus", "add", "deduct"),
            AdjustmentKind::Deduction => ("deduction", "deduct", "add"),
        };
        let place = format!("{keyword} {}", adjustment.name.text);
        self.note_readings(&place, &adjustment.body.annotations);
        let cap = adjustment.cap.as_ref().and_then(|cap| {
            let value = self.constant_number(cap)?;
            if value.is_negative() || value.is_zero() {
                self.error(
                    Problem::error(
                        "kaoping::check::maximum",
                        format!("a cap must be positive, found {}", value),
                        cap.span,
                    )
                    .with_help(format!("`cap N` is the most the {keyword} gives")),
                );
                return None;
            }
            Some(value)
        });
        let mut scope = Scope::new(Context::Candidate { peers: false }, self.derived.len());
        let mut steps = Vec::new();
        let mut score = None;
        let mut score_seen: Option<Span> = None;
        let mut lines_seen: Option<Span> = None;
        let mut local_names: BTreeMap<String, Span> = BTreeMap::new();
        for statement in &adjustment.body.statements {
            match statement {
                ast::Statement::Let(name, expression) => {
                    if let Some(step) = self.body_let(
                        name,
                        expression,
                        &mut scope,
                        &mut local_names,
                        &adjustment.name,
                    ) {
                        steps.push(step);
                    }
                }
                ast::Statement::Score(expression) => {
                    if let Some(first) = score_seen.or(lines_seen) {
                        self.error(
                            Problem::error(
                                "kaoping::check::duplicate_score",
                                format!("`{}` has a `score` and other points", adjustment.name.text),
                                expression.span,
                            )
                            .with_related(first, "points given here")
                            .with_help(format!("score a {keyword} with `{verb}` lines or with one `score`, not both")),
                        );
                        continue;
                    }
                    score_seen = Some(expression.span);
                    score = self.expect(expression, &mut scope, &Type::Number);
                }
                ast::Statement::Finding(rule) => {
                    self.note_readings(&place, &rule.annotations);
                    if let Some(rule) = self.rule(rule, &mut scope) {
                        steps.push(Step::Finding(rule));
                    }
                }
                ast::Statement::Add(line) | ast::Statement::Deduct(line) => {
                    let is_add = matches!(statement, ast::Statement::Add(_));
                    let fits = is_add == (adjustment.kind == AdjustmentKind::Bonus);
                    // Even a line of the wrong kind says how the block
                    // scores: no "gives no points" error besides.
                    lines_seen.get_or_insert(line.span);
                    if !fits {
                        self.error(
                            Problem::error(
                                "kaoping::check::points_verb",
                                format!("`{other_verb}` in a `{keyword}` block"),
                                line.span,
                            )
                            .with_help(format!(
                                "a `{keyword}` block's lines are `{verb}` lines; put `{other_verb}` lines in a `{}` block",
                                if is_add { "bonus" } else { "deduction" }
                            )),
                        );
                        continue;
                    }
                    if let Some(first) = score_seen {
                        self.error(
                            Problem::error(
                                "kaoping::check::duplicate_score",
                                format!("`{}` has a `score` and `{verb}` lines", adjustment.name.text),
                                line.span,
                            )
                            .with_related(first, "the `score`")
                            .with_help(format!("score a {keyword} with `{verb}` lines or with one `score`, not both")),
                        );
                        continue;
                    }
                    lines_seen.get_or_insert(line.span);
                    if let Some(rule) = self.points_line(line, &mut scope, &place) {
                        steps.push(Step::Points(rule));
                    }
                }
                ast::Statement::Zero(ast::Rule { span, .. })
                | ast::Statement::Full { span, .. } => {
                    self.error(
                        Problem::error(
                            "kaoping::check::not_in_adjustment",
                            format!(
                                "`zero when` and `full when` score indicators, not a `{keyword}`"
                            ),
                            *span,
                        )
                        .with_help(format!("give the points with `{verb} N when CONDITION`")),
                    );
                }
            }
        }
        for item in &adjustment.body.items {
            self.error(
                Problem::error(
                    "kaoping::check::not_in_adjustment",
                    format!("item `{}` inside a `{keyword}` block", item.name.text),
                    item.name.span,
                )
                .with_help(format!(
                    "a `{keyword}` has no items: give each reason its own `{verb}` line"
                )),
            );
        }
        if score_seen.is_none() && lines_seen.is_none() && adjustment.body.items.is_empty() {
            self.error(
                Problem::error(
                    "kaoping::check::missing_score",
                    format!("`{}` gives no points", adjustment.name.text),
                    adjustment.name.span,
                )
                .with_help(format!(
                    "add `{verb} N per QUANTITY`, `{verb} N when CONDITION` or `score EXPRESSION`"
                )),
            );
        }
        let steps_use_peers = steps.iter().any(|step| match step {
            Step::Let { code, .. } => self.uses_peers(code),
            Step::Finding(rule) | Step::Zero(rule) => self.rule_uses_peers(rule),
            Step::Points(line) => self.points_use_peers(line),
        });
        if steps_use_peers {
            self.error(
                Problem::error(
                    "kaoping::check::peers_outside_indicator",
                    format!("`{}` depends on `peers`", adjustment.name.text),
                    adjustment.name.span,
                )
                .with_help("bonus and deduction points come from the candidate's own facts"),
            );
        }
        Some(Adjustment {
            name: adjustment.name.text.clone(),
            label: adjustment.label.clone(),
            kind: adjustment.kind,
            cap,
            annotations: adjustment.body.annotations.clone(),
            steps,
            score,
            slots: scope.slots,
            span: adjustment.span,
        })
    }

    pub(super) fn points_use_peers(&self, line: &PointsRule) -> bool {
        let codes: Vec<&Code> = match &line.basis {
            PointsCount::Per { step, quantity } => step.iter().chain([quantity]).collect(),
            PointsCount::When(condition)
            | PointsCount::Each {
                list: condition, ..
            } => {
                vec![condition]
            }
        };
        self.uses_peers(&line.amount)
            || codes.into_iter().any(|code| self.uses_peers(code))
            || line.message.iter().flatten().any(|part| match part {
                MessagePart::Hole(code) => self.uses_peers(code),
                MessagePart::Text(_) => false,
            })
    }
}

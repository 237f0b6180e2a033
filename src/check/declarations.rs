//! Parameters, top-level lets, indicators and items, candidate rules, grouping,
//! ranking and selection.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::expressions::visit;
use super::*;

impl Checker {
    // ------------------------------------------------------------ parameters and lets

    pub(super) fn parameter(
        &mut self,
        parameter: &ast::Parameter,
        spans: &mut BTreeMap<String, Span>,
    ) {
        if let Some(first) = spans.get(&parameter.name.text) {
            let first = *first;
            self.error(
                Problem::error(
                    "kaoping::check::duplicate_name",
                    format!("parameter `{}` is declared twice", parameter.name.text),
                    parameter.name.span,
                )
                .with_related(first, "first declared here")
                .with_help("remove one, or give it another name"),
            );
            return;
        }
        spans.insert(parameter.name.text.clone(), parameter.name.span);
        self.note_readings(
            &format!("param {}", parameter.name.text),
            &parameter.annotations,
        );
        match self.constant(&parameter.value) {
            Some((value, ty)) => {
                self.parameter_types.push(ty);
                self.parameter_names.push(parameter.name.span);
                self.parameters.push(ParameterInfo {
                    name: parameter.name.text.clone(),
                    label: parameter.label.clone(),
                    value,
                    annotations: parameter.annotations.clone(),
                    span: parameter.span,
                });
            }
            None => {
                self.failed_parameters.insert(parameter.name.text.clone());
            }
        }
    }

    /// Warns about each parameter that nothing reads: no expression (a rule,
    /// a maximum, a quota, another parameter) and no range bound. A later
    /// year that changes it would change nothing. With errors, a parameter
    /// may look unused only because a broken expression failed to reach it,
    /// so then nothing is said.
    pub(super) fn unused_parameters(&mut self) {
        if self.has_errors() {
            return;
        }
        let mut warnings = Vec::new();
        for (index, parameter) in self.parameters.iter().enumerate() {
            if self.used_parameters.contains(&index) {
                continue;
            }
            let span = self.parameter_names[index];
            let problem = Problem::warning(
                "kaoping::check::unused_parameter",
                format!("parameter `{}` is never used", parameter.name),
                span,
            )
            .with_label("declared here");
            // Declared in a policy this one extends: the extending policy
            // replaced or removed every rule that read it, and cannot remove
            // the parameter itself.
            let inherited = self
                .inherited
                .iter()
                .filter(|file| file.offset <= span.start)
                .max_by_key(|file| file.offset);
            let problem = match inherited {
                Some(file) => problem.with_help(format!(
                    "it is declared in `{}`, and nothing in `{}` reads it any more: an `override` or `remove` there replaced every rule that did; use it again, or leave it if that was the intent",
                    file.name, self.source_name
                )),
                None => problem.with_help(
                    "use it in a rule, a maximum or a range bound (`decimal[0..NAME]`), or remove it",
                ),
            };
            warnings.push(problem);
        }
        self.problems.extend(warnings);
    }

    pub(super) fn derived_let(
        &mut self,
        derived: &ast::Parameter,
        spans: &mut BTreeMap<String, Span>,
        parameters: &BTreeMap<String, Span>,
    ) {
        let name = &derived.name.text;
        if let Some(first) = spans.get(name).or_else(|| parameters.get(name)) {
            let first = *first;
            self.error(
                Problem::error(
                    "kaoping::check::duplicate_name",
                    format!("`{name}` is already declared"),
                    derived.name.span,
                )
                .with_related(first, "first declared here")
                .with_help("give the `let` another name"),
            );
            return;
        }
        spans.insert(name.clone(), derived.name.span);
        self.note_readings(&format!("let {name}"), &derived.annotations);
        let mut scope = Scope::new(Context::Candidate { peers: true }, self.derived.len());
        // A `let` may read what is decided after the scores; then only rules
        // of that phase may read it (`Checker::name` refuses the others).
        self.phase = Phase::Graded;
        self.phase_read = Phase::Scoring;
        let typed = self.expression(&derived.value, &mut scope);
        let phase = self.phase_read;
        self.phase = Phase::Scoring;
        if let Some((code, ty)) = typed {
            let mut uses_peers = self.uses_peers(&code);
            if uses_peers && phase > Phase::Scoring {
                // Reported here; the rules that read it are not told again.
                uses_peers = false;
                self.error(
                    Problem::error(
                        "kaoping::check::phase",
                        format!("`{name}` reads both `peers` and what is decided after the scores"),
                        derived.span,
                    )
                    .with_help("peers are known while scoring, the total only after: split it into two `let`s"),
                );
            }
            self.derived.push(Derived {
                name: name.clone(),
                code,
                uses_peers,
                phase,
                slots: scope.slots,
                span: derived.span,
            });
            self.derived_types.push(ty);
        } else {
            // Its error is reported; the name still stands, of a type that
            // fits anywhere, so that the lets and rules reading it are not
            // each reported as reading an unknown name. The policy is not
            // built with errors, so the placeholder is never evaluated.
            self.derived.push(Derived {
                name: name.clone(),
                code: Code::constant(Value::Absent, derived.span),
                uses_peers: false,
                phase: Phase::Scoring,
                slots: scope.slots,
                span: derived.span,
            });
            self.derived_types.push(Type::Unknown);
        }
    }

    pub(super) fn constant(&mut self, expression: &ast::Expression) -> Option<(Value, Type)> {
        let mut scope = Scope::new(Context::Constant, 0);
        let read_failed = std::mem::replace(&mut self.read_failed_parameter, false);
        let typed = self.expression(expression, &mut scope);
        let reads_failed = std::mem::replace(&mut self.read_failed_parameter, read_failed);
        let (code, ty) = typed?;
        if reads_failed {
            // It reads a parameter whose own error is reported already,
            // and has no value to compute.
            return None;
        }
        match crate::eval::evaluate_constant(&code, scope.slots) {
            Ok(value) => Some((value, ty)),
            Err(error) => {
                self.error(
                    Problem::error("kaoping::check::constant", error.message, error.span)
                        .with_help("a constant must be computable without facts"),
                );
                None
            }
        }
    }

    pub(super) fn constant_number(&mut self, expression: &ast::Expression) -> Option<Number> {
        let (value, ty) = self.constant(expression)?;
        match value {
            Value::Number(number) => Some(number),
            _ => {
                self.error(
                    Problem::error(
                        "kaoping::check::type",
                        format!("expected a number, found {}", self.describe(&ty)),
                        expression.span,
                    )
                    .with_help("write a number or the name of a numeric `param`"),
                );
                None
            }
        }
    }

    pub(super) fn note_readings(&mut self, place: &str, annotations: &ast::Annotations) {
        for (text, span) in &annotations.readings {
            self.readings.push(ReadingInfo {
                place: place.to_string(),
                text: text.clone(),
                cites: annotations.cites.clone(),
                span: *span,
            });
        }
    }

    // ------------------------------------------------------------ indicators

    pub(super) fn indicator(
        &mut self,
        indicator: &ast::Indicator,
        parent: Option<(&str, &mut Scope)>,
    ) -> Option<Indicator> {
        let place = match &parent {
            Some((parent, _)) => format!("item {parent}.{}", indicator.name.text),
            None => format!("indicator {}", indicator.name.text),
        };
        let path = match &parent {
            Some((parent, _)) => format!("{parent}.{}", indicator.name.text),
            None => indicator.name.text.clone(),
        };
        self.note_readings(&place, &indicator.body.annotations);
        let max = self.constant_number(&indicator.max);
        if let Some(max) = &max {
            if max.is_negative() || max.is_zero() {
                self.error(
                    Problem::error(
                        "kaoping::check::maximum",
                        format!(
                            "the maximum of `{}` must be positive, found `{max}`",
                            indicator.name.text
                        ),
                        indicator.max.span,
                    )
                    .with_help("give the points this indicator is worth"),
                );
            }
        }
        let scaled_from = indicator
            .scaled_from
            .as_ref()
            .and_then(|expression| self.constant_number(expression));

        let mut own_scope;
        let scope: &mut Scope = match parent {
            Some((_, scope)) => scope,
            None => {
                own_scope = Scope::new(Context::Candidate { peers: true }, self.derived.len());
                &mut own_scope
            }
        };
        let entries_before = scope.entries.len();
        let outer_max = std::mem::replace(&mut scope.own_max, max.clone());
        let mut steps = Vec::new();
        let mut score = None;
        let mut score_seen: Option<Span> = None;
        let mut deducts_seen: Option<Span> = None;
        let mut misplaced_points = false;
        let mut local_names: BTreeMap<String, Span> = BTreeMap::new();
        for statement in &indicator.body.statements {
            match statement {
                ast::Statement::Let(name, expression) => {
                    if let Some(step) =
                        self.body_let(name, expression, scope, &mut local_names, &indicator.name)
                    {
                        steps.push(step);
                    }
                }
                ast::Statement::Score(expression) => {
                    if let Some(first) = score_seen {
                        self.error(
                            Problem::error(
                                "kaoping::check::duplicate_score",
                                format!("`{}` has more than one `score`", indicator.name.text),
                                expression.span,
                            )
                            .with_related(first, "first `score` here")
                            .with_help("combine them into one expression"),
                        );
                        continue;
                    }
                    score_seen = Some(expression.span);
                    if let Some(code) = self.expect(expression, scope, &Type::Number) {
                        score = Some(code);
                    }
                }
                ast::Statement::Zero(rule) => {
                    self.note_readings(&place, &rule.annotations);
                    if let Some(rule) = self.rule(rule, scope) {
                        steps.push(Step::Zero(rule));
                    }
                }
                ast::Statement::Finding(rule) => {
                    self.note_readings(&place, &rule.annotations);
                    if let Some(rule) = self.rule(rule, scope) {
                        steps.push(Step::Finding(rule));
                    }
                }
                ast::Statement::Deduct(line) => {
                    deducts_seen.get_or_insert(line.span);
                    if let Some(rule) = self.points_line(line, scope, &place) {
                        steps.push(Step::Points(rule));
                    }
                }
                ast::Statement::Add(line) => {
                    // It says how the item means to score: no "no score" error besides.
                    misplaced_points = true;
                    self.error(
                        Problem::error(
                            "kaoping::check::points_verb",
                            format!("`add` in `{}`", indicator.name.text),
                            line.span,
                        )
                        .with_help("points above an item's max are a bonus: put `add` lines in a `bonus NAME { … }` block; an item scores by `deduct` lines, `full when`, `score` or its items"),
                    );
                }
                ast::Statement::Full {
                    condition,
                    annotations,
                    span,
                } => {
                    if let Some(first) = score_seen {
                        self.error(
                            Problem::error(
                                "kaoping::check::duplicate_score",
                                format!("`{}` has more than one `score`", indicator.name.text),
                                *span,
                            )
                            .with_related(first, "first `score` here")
                            .with_help("`full when C` is the score: the max when C holds, else 0; keep one of them"),
                        );
                        continue;
                    }
                    score_seen = Some(*span);
                    self.note_readings(&place, annotations);
                    let full = scope.own_max.clone();
                    if let (Some(condition), Some(full)) =
                        (self.expect(condition, scope, &Type::Bool), full)
                    {
                        score = Some(Code {
                            kind: CodeKind::If(
                                Box::new(condition),
                                Box::new(Code::constant(Value::Number(full), *span)),
                                Box::new(Code::constant(Value::Number(Number::zero()), *span)),
                            ),
                            span: *span,
                        });
                    }
                }
            }
        }

        let mut items = Vec::new();
        let mut item_names: BTreeMap<String, Span> = BTreeMap::new();
        for item in &indicator.body.items {
            if let Some(first) = item_names.get(&item.name.text) {
                let first = *first;
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_name",
                        format!(
                            "item `{}` is declared twice in `{}`",
                            item.name.text, indicator.name.text
                        ),
                        item.name.span,
                    )
                    .with_related(first, "first declared here")
                    .with_help("give each item its own name"),
                );
            }
            item_names
                .entry(item.name.text.clone())
                .or_insert(item.name.span);
            if let Some(compiled) = self.indicator(item, Some((&path, &mut *scope))) {
                items.push(compiled);
            }
        }
        scope.entries.truncate(entries_before);
        scope.own_max = outer_max;
        if let (Some(deduct), Some(score)) = (deducts_seen, score_seen) {
            self.error(
                Problem::error(
                    "kaoping::check::score_and_deductions",
                    format!("`{}` has both `deduct` lines and a score", indicator.name.text),
                    deduct,
                )
                .with_label("this deduction")
                .with_related(score, "the score")
                .with_help("`deduct` lines take points off the max (扣完为止); remove them or the `score`/`full when`"),
            );
        }

        if !indicator.body.items.is_empty() && score_seen.is_some() {
            self.error(
                Problem::error(
                    "kaoping::check::score_and_items",
                    format!("`{}` has both items and a `score`", indicator.name.text),
                    score_seen.unwrap_or(indicator.name.span),
                )
                .with_label("this score")
                .with_help(
                    "an indicator with items scores as their sum: remove the `score` or the items",
                ),
            );
        }
        if indicator.body.items.is_empty()
            && score_seen.is_none()
            && deducts_seen.is_none()
            && !misplaced_points
        {
            self.error(
                Problem::error(
                    "kaoping::check::missing_score",
                    format!("`{}` has no `score` and no items", indicator.name.text),
                    indicator.name.span,
                )
                .with_help("add `score EXPRESSION`, `full when CONDITION`, `deduct N per QUANTITY` lines, or `item NAME max N { … }` entries"),
            );
        }
        if indicator.scaled_from.is_some() && indicator.body.items.is_empty() {
            self.error(
                Problem::error(
                    "kaoping::check::scaled_without_items",
                    format!(
                        "`{}` is `scaled from` but has no items",
                        indicator.name.text
                    ),
                    indicator
                        .scaled_from
                        .as_ref()
                        .map_or(indicator.name.span, |s| s.span),
                )
                .with_help("`scaled from N` rescales the sum of items; remove it or add items"),
            );
        }

        // The sum of the items must equal the indicator's max, or the
        // declared `scaled from` basis.
        if let (Some(max), false) = (
            &max,
            items.is_empty() || items.len() != indicator.body.items.len(),
        ) {
            let sum = items
                .iter()
                .fold(Number::zero(), |sum, item| sum.add(&item.max));
            let expected = scaled_from.clone().unwrap_or_else(|| max.clone());
            if sum != expected {
                let breakdown = items
                    .iter()
                    .map(|item| item.max.to_string())
                    .collect::<Vec<_>>()
                    .join(" + ");
                let problem = if scaled_from.is_some() {
                    Problem::error(
                        "kaoping::check::item_sum",
                        format!(
                            "the items of `{}` add up to `{sum}`, but it is scaled from `{expected}`",
                            indicator.name.text
                        ),
                        indicator.scaled_from.as_ref().map_or(indicator.name.span, |s| s.span),
                    )
                    .with_help(format!("the items are {breakdown}; make `scaled from` their sum"))
                } else {
                    Problem::error(
                        "kaoping::check::item_sum",
                        format!(
                            "the items of `{}` add up to `{sum}`, but its max is `{max}`",
                            indicator.name.text
                        ),
                        indicator.max.span,
                    )
                    .with_label("declared max")
                    .with_help(format!(
                        "the items are {breakdown}; fix a maximum, or write `max {} scaled from {}` to rescale them explicitly",
                        max.to_expression_text(),
                        sum.to_expression_text()
                    ))
                };
                self.error(problem);
            }
        }

        let max = max?;
        let uses_peers = steps.iter().any(|step| match step {
            Step::Let { code, .. } => self.uses_peers(code),
            Step::Zero(rule) | Step::Finding(rule) => self.rule_uses_peers(rule),
            Step::Points(line) => self.points_use_peers(line),
        }) || score.as_ref().is_some_and(|code| self.uses_peers(code))
            || items.iter().any(|item: &Indicator| item.uses_peers);
        Some(Indicator {
            declared: crate::outcome::Declared::new(
                indicator.name.text.as_str(),
                indicator.label.as_deref().map(Into::into),
                max,
                scaled_from,
            ),
            annotations: indicator.body.annotations.clone(),
            steps,
            score,
            deducts: deducts_seen.is_some(),
            items,
            uses_peers,
            slots: scope.slots,
            span: indicator.span,
        })
    }

    /// A `let` in the body of an indicator, item or block called `owner`:
    /// its step, or `None` when the name is already bound there. A binding
    /// whose expression failed still exists, with a type that fits anywhere,
    /// so its uses raise no further errors.
    pub(super) fn body_let(
        &mut self,
        name: &ast::Name,
        expression: &ast::Expression,
        scope: &mut Scope,
        local_names: &mut BTreeMap<String, Span>,
        owner: &ast::Name,
    ) -> Option<Step> {
        if let Some(first) = local_names.get(&name.text) {
            let first = *first;
            self.error(
                Problem::error(
                    "kaoping::check::duplicate_name",
                    format!("`{}` is bound twice in `{}`", name.text, owner.text),
                    name.span,
                )
                .with_related(first, "first bound here")
                .with_help("give the second `let` another name"),
            );
            return None;
        }
        local_names.insert(name.text.clone(), name.span);
        let slot = scope.allocate();
        let (code, ty) = self
            .expression(expression, scope)
            .unwrap_or_else(|| (Code::constant(Value::Absent, name.span), Type::Unknown));
        scope.entries.push(Entry::Named {
            name: name.text.clone(),
            slot,
            ty,
        });
        Some(Step::Let {
            slot,
            name: name.text.clone(),
            code,
        })
    }

    pub(super) fn rule(&mut self, rule: &ast::Rule, scope: &mut Scope) -> Option<CandidateRule> {
        let condition = self.expect(&rule.condition, scope, &Type::Bool);
        // The message is built only when the condition holds.
        let known = self.present.len();
        self.present
            .extend(super::expressions::present_when(&rule.condition, true));
        let message = self.template(&rule.message, scope);
        self.present.truncate(known);
        Some(CandidateRule {
            severity: rule.severity,
            condition: condition?,
            message: message?,
            annotations: rule.annotations.clone(),
            slots: scope.slots,
            place: String::new(),
            span: rule.span,
        })
    }

    pub(super) fn top_rule(
        &mut self,
        rule: &ast::Rule,
        what: &str,
        peers: bool,
    ) -> Option<CandidateRule> {
        let mut scope = Scope::new(Context::Candidate { peers }, self.derived.len());
        let compiled = self.rule(rule, &mut scope)?;
        if self.rule_uses_peers(&compiled) {
            self.error(
                Problem::error(
                    "kaoping::check::peers_outside_indicator",
                    format!("this {what} depends on `peers`, which exist only once eligibility is settled"),
                    rule.condition.span,
                )
                .with_help("compare against peers inside an indicator instead"),
            );
            return None;
        }
        let place = self.place(what, rule.span);
        self.note_readings(&place, &rule.annotations);
        Some(CandidateRule {
            slots: scope.slots,
            place,
            ..compiled
        })
    }

    pub(super) fn template(
        &mut self,
        template: &ast::Template,
        scope: &mut Scope,
    ) -> Option<Vec<MessagePart>> {
        let mut parts = Vec::new();
        let mut ok = true;
        for part in &template.parts {
            match part {
                ast::TemplatePart::Text(text) => parts.push(MessagePart::Text(text.clone())),
                ast::TemplatePart::Hole(expression) => match self.expression(expression, scope) {
                    Some((code, _)) => parts.push(MessagePart::Hole(code)),
                    None => ok = false,
                },
            }
        }
        ok.then_some(parts)
    }

    pub(super) fn uses_peers(&self, code: &Code) -> bool {
        let mut found = false;
        visit(code, &mut |code| match &code.kind {
            CodeKind::Peers => found = true,
            CodeKind::Derived(index) if self.derived.get(*index).is_some_and(|d| d.uses_peers) => {
                found = true
            }
            _ => {}
        });
        found
    }

    pub(super) fn rule_uses_peers(&self, rule: &CandidateRule) -> bool {
        self.uses_peers(&rule.condition)
            || rule.message.iter().any(|part| match part {
                MessagePart::Hole(code) => self.uses_peers(code),
                MessagePart::Text(_) => false,
            })
    }

    // ------------------------------------------------------------ ranking and selection

    pub(super) fn grouping(
        &mut self,
        file: &ast::PolicyFile,
        candidate: RecordId,
    ) -> Option<Grouping> {
        let mut result = None;
        for declaration in &file.declarations {
            let ast::Declaration::Group(group) = declaration else {
                continue;
            };
            self.note_readings("group", &group.annotations);
            if result.is_some() {
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_group",
                        "candidates are grouped twice",
                        group.span,
                    )
                    .with_help("keep one `group by` rule"),
                );
                continue;
            }
            let record = &self.records[candidate];
            match record.field_index(&group.field.text) {
                Some(index) => match &record.fields[index].schema {
                    FieldType::Enum(variants) => {
                        self.used_fields.insert((candidate, index));
                        result = Some(Grouping {
                            field: index,
                            field_name: group.field.text.clone(),
                            variants: Arc::clone(variants),
                            annotations: group.annotations.clone(),
                        });
                    }
                    _ => self.error(
                        Problem::error(
                            "kaoping::check::group_field",
                            format!(
                                "cannot group by `{}`: it is not an enum field",
                                group.field.text
                            ),
                            group.field.span,
                        )
                        .with_help("group by a candidate field declared as `enum { … }`"),
                    ),
                },
                None => {
                    let names: Vec<String> = record.fields.iter().map(|f| f.name.clone()).collect();
                    let mut problem = Problem::error(
                        "kaoping::check::unknown_field",
                        format!("candidates have no field `{}`", group.field.text),
                        group.field.span,
                    );
                    problem =
                        match did_you_mean(&group.field.text, names.iter().map(String::as_str)) {
                            Some(help) => problem.with_help(help),
                            None => {
                                problem.with_help("group by an enum field of the candidate record")
                            }
                        };
                    self.error(problem);
                }
            }
        }
        result
    }

    pub(super) fn ranking(
        &mut self,
        file: &ast::PolicyFile,
        indicators: &[Indicator],
        declared: &BTreeMap<String, Span>,
    ) -> Ranking {
        let mut ranking = Ranking {
            tie_breakers: Vec::new(),
            annotations: ast::Annotations::default(),
        };
        let mut seen = false;
        for declaration in &file.declarations {
            let ast::Declaration::Rank(rank) = declaration else {
                continue;
            };
            self.note_readings("rank", &rank.annotations);
            if seen {
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_rank",
                        "the policy ranks twice",
                        rank.span,
                    )
                    .with_help("keep one `rank by` rule"),
                );
                continue;
            }
            seen = true;
            ranking.annotations = rank.annotations.clone();
            for (position, key) in rank.keys.iter().enumerate() {
                if key.text == "total" {
                    if position != 0 {
                        self.error(
                            Problem::error(
                                "kaoping::check::rank_key",
                                "`total` must be the first ranking key",
                                key.span,
                            )
                            .with_help("write `rank by total, INDICATOR, …`"),
                        );
                    }
                    continue;
                }
                if position == 0 {
                    self.error(
                        Problem::error(
                            "kaoping::check::rank_key",
                            format!("ranking starts with `{}`, not `total`", key.text),
                            key.span,
                        )
                        .with_help(
                            "candidates are ranked by total first: write `rank by total, …`",
                        ),
                    );
                }
                match indicators.iter().position(|i| i.name == key.text) {
                    Some(index) => ranking.tie_breakers.push(index),
                    None if declared.contains_key(&key.text) => {}
                    None => {
                        let mut problem = Problem::error(
                            "kaoping::check::unknown_name",
                            format!("unknown indicator `{}`", key.text),
                            key.span,
                        );
                        problem = match did_you_mean(
                            &key.text,
                            declared.keys().map(String::as_str).chain(["total"]),
                        ) {
                            Some(help) => problem.with_help(help),
                            None => problem.with_help("rank by `total` and indicator names"),
                        };
                        self.error(problem);
                    }
                }
            }
        }
        ranking
    }

    /// Whether `in GROUP` names a group of the policy's grouping; reports it
    /// when not. `instead` finishes the help for a policy that does not
    /// group ("drop `in …` to …").
    pub(super) fn known_group(
        &mut self,
        group: &ast::Name,
        grouping: Option<&Grouping>,
        instead: &str,
    ) -> bool {
        match grouping {
            None => {
                self.error(
                    Problem::error(
                        "kaoping::check::unknown_group",
                        format!("unknown group `{}`: candidates are not grouped", group.text),
                        group.span,
                    )
                    .with_help(format!("add `group by FIELD`, or drop `in …` to {instead}")),
                );
                false
            }
            Some(grouping) if !grouping.variants.has(&group.text) => {
                let mut problem = Problem::error(
                    "kaoping::check::unknown_group",
                    format!("unknown group `{}`", group.text),
                    group.span,
                );
                problem = match did_you_mean(&group.text, grouping.variants.names()) {
                    Some(help) => problem.with_help(help),
                    None => problem.with_help(format!(
                        "the groups are the values of `{}`: {}",
                        grouping.field_name,
                        grouping.variants.names().collect::<Vec<_>>().join(", ")
                    )),
                };
                self.error(problem);
                false
            }
            Some(_) => true,
        }
    }

    pub(super) fn selections(
        &mut self,
        file: &ast::PolicyFile,
        grouping: Option<&Grouping>,
    ) -> (Vec<Selection>, Vec<Selection>) {
        let mut selections: Vec<Selection> = Vec::new();
        let mut flags: Vec<Selection> = Vec::new();
        for declaration in &file.declarations {
            let (rule, is_flag) = match declaration {
                ast::Declaration::Select(rule) => (rule, false),
                ast::Declaration::Flag(rule) => (rule, true),
                _ => continue,
            };
            self.note_readings(if is_flag { "flag" } else { "select" }, &rule.annotations);
            let Some(count) = self.constant_number(&rule.count) else {
                continue;
            };
            let count = match count.to_i128().and_then(|c| u32::try_from(c).ok()) {
                Some(count) => count,
                None => {
                    self.error(
                        Problem::error(
                            "kaoping::check::quota",
                            format!("a quota must be a whole number, found `{count}`"),
                            rule.count.span,
                        )
                        .with_help("select a whole number of candidates"),
                    );
                    continue;
                }
            };
            if let Some(group) = &rule.group {
                if !self.known_group(group, grouping, "select from all candidates") {
                    continue;
                }
            }
            let list = if is_flag { &mut flags } else { &mut selections };
            let flag = rule.flag.as_ref().map(|f| f.text.clone());
            if let Some(previous) = list
                .iter()
                .find(|s| s.group == rule.group.as_ref().map(|g| g.text.clone()) && s.flag == flag)
            {
                let previous = previous.span;
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_selection",
                        "this group already has a quota",
                        rule.span,
                    )
                    .with_related(previous, "first quota here")
                    .with_help("keep one quota per group"),
                );
                continue;
            }
            list.push(Selection {
                flag,
                count,
                group: rule.group.as_ref().map(|g| g.text.clone()),
                annotations: rule.annotations.clone(),
                span: rule.span,
            });
        }
        (selections, flags)
    }
}

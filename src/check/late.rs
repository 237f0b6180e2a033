//! What is decided after the scores: the names that read the total, a
//! section's score, the rank and the grade; the grade scale and the grade
//! rules that read them. The checker orders the phases here: code of an
//! earlier phase that reads a later value is an error naming both places.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::*;

/// What after-total names refer to, read from the syntax tree before any
/// code is checked, so that a rule anywhere may name an indicator declared later.
#[derive(Default)]
pub(super) struct LateNames {
    /// The indicators, each with its items to any depth.
    sections: Vec<Section>,
    /// The `bonus` and `deduction` blocks' names and declarations.
    adjustments: Vec<(String, Span)>,
    /// The `grades` block and its grade names, when there is one.
    grades: Option<(Span, Arc<EnumType>)>,
    /// The declaration that makes the policy rank, when one does.
    ranks: Option<Span>,
    /// Whether the policy declares a `bonus` block, a `deduction` block,
    /// and bounds on the final total: `bonus`, `deductions` and `base` mean
    /// something only then.
    has_bonus: bool,
    has_deductions: bool,
    has_final: bool,
}

struct Section {
    name: String,
    span: Span,
    items: Vec<Section>,
}

impl Section {
    fn of(indicator: &ast::Indicator) -> Section {
        Section {
            name: indicator.name.text.clone(),
            span: indicator.name.span,
            items: indicator.body.items.iter().map(Section::of).collect(),
        }
    }
}

impl LateNames {
    /// Whether `name` reads something of the outcome: the total, a rank,
    /// the grade, an indicator's or an adjustment's score.
    pub(super) fn declares(&self, name: &str) -> bool {
        matches!(
            name,
            "total" | "rank" | "grade" | "base" | "bonus" | "deductions"
        ) || self.sections.iter().any(|section| section.name == name)
            || self
                .adjustments
                .iter()
                .any(|(adjustment, _)| adjustment == name)
    }

    pub(super) fn of(file: &ast::PolicyFile) -> LateNames {
        use ast::Declaration as D;
        let mut names = LateNames {
            has_final: file.header.final_at_least.is_some() || file.header.final_at_most.is_some(),
            ..LateNames::default()
        };
        for declaration in &file.declarations {
            match declaration {
                D::Indicator(indicator) => names.sections.push(Section::of(indicator)),
                D::Adjustment(adjustment) => {
                    match adjustment.kind {
                        crate::outcome::AdjustmentKind::Bonus => names.has_bonus = true,
                        crate::outcome::AdjustmentKind::Deduction => names.has_deductions = true,
                    }
                    names
                        .adjustments
                        .push((adjustment.name.text.clone(), adjustment.name.span));
                }
                D::Grades(scale) if names.grades.is_none() => {
                    let variants = scale
                        .bands
                        .iter()
                        .map(|band| (band.name.text.clone(), band.label.clone()))
                        .collect();
                    // The `grades` keyword, not the whole block, is where
                    // "decided here" points.
                    let keyword = Span::new(scale.span.start, scale.span.start + "grades".len());
                    names.grades = Some((keyword, Arc::new(EnumType { variants })));
                    if let Some(band) = scale.bands.iter().find(|band| !band.quotas.is_empty()) {
                        names.ranks.get_or_insert(band.quotas[0].span);
                    }
                }
                D::Rank(rule) => {
                    names.ranks.get_or_insert(rule.span);
                }
                D::Select(rule) | D::Flag(rule) => {
                    names.ranks.get_or_insert(rule.span);
                }
                _ => {}
            }
        }
        names
    }

    /// Whether candidates get ranks.
    pub(super) fn ranks(&self) -> bool {
        self.ranks.is_some()
    }
}

impl Checker {
    /// `total`, `rank`, `grade`, an indicator's or a block's name: the value
    /// it reads, or `None` when the name is none of these.
    pub(super) fn late_name(&mut self, name: &ast::Name) -> Option<Option<Typed>> {
        let names = &self.late_names;
        let adjusted = names.has_bonus || names.has_deductions || names.has_final;
        let (value, ty, needs, decided) = match name.text.as_str() {
            "total" => (OutcomeValue::Total, Type::Number, Phase::Totalled, None),
            "base" if adjusted => (OutcomeValue::Base, Type::Number, Phase::Totalled, None),
            "bonus" if names.has_bonus => {
                (OutcomeValue::Bonus, Type::Number, Phase::Totalled, None)
            }
            "deductions" if names.has_deductions => (
                OutcomeValue::Deductions,
                Type::Number,
                Phase::Totalled,
                None,
            ),
            "rank" => match names.ranks {
                Some(span) => (
                    OutcomeValue::Rank,
                    Type::Number,
                    Phase::Totalled,
                    Some(span),
                ),
                None => {
                    self.error(
                        Problem::error(
                            "kaoping::check::no_ranking",
                            "`rank` is unknown: this policy does not rank candidates",
                            name.span,
                        )
                        .with_help("add `rank by total` to rank the candidates of each group"),
                    );
                    return Some(None);
                }
            },
            "grade" => match &names.grades {
                Some((span, grades)) => (
                    OutcomeValue::Grade,
                    Type::Enum(Arc::clone(grades)),
                    Phase::Graded,
                    Some(*span),
                ),
                None => {
                    self.error(
                        Problem::error(
                            "kaoping::check::no_grades",
                            "`grade` is unknown: this policy declares no grades",
                            name.span,
                        )
                        .with_help("declare them with `grades { 优秀 >= 90  合格 >= 60  不合格 }`"),
                    );
                    return Some(None);
                }
            },
            other => {
                if let Some(index) = names.sections.iter().position(|s| s.name == other) {
                    (
                        OutcomeValue::Section(vec![index]),
                        Type::Number,
                        Phase::Totalled,
                        Some(names.sections[index].span),
                    )
                } else if let Some(index) = names.adjustments.iter().position(|a| a.0 == other) {
                    (
                        OutcomeValue::Adjustment(index),
                        Type::Number,
                        Phase::Totalled,
                        Some(names.adjustments[index].1),
                    )
                } else {
                    return None;
                }
            }
        };
        Some(self.read_late(value, ty, needs, decided, &name.text, name.span))
    }

    /// `indicator.item.sub`: an item's score, when the path starts with an
    /// indicator's name that nothing else in scope takes. `None` when the
    /// expression is not such a path.
    pub(super) fn section_path(
        &mut self,
        expression: &ast::Expression,
        scope: &Scope,
    ) -> Option<Option<Typed>> {
        let mut names: Vec<&ast::Name> = Vec::new();
        let mut current = expression;
        loop {
            match &current.kind {
                ExpressionKind::Field(target, field) => {
                    names.push(field);
                    current = target;
                }
                ExpressionKind::Name(name) => {
                    names.push(name);
                    break;
                }
                _ => return None,
            }
        }
        names.reverse();
        let root = names[0];
        if !matches!(scope.context, Context::Candidate { .. }) || self.is_bound(&root.text, scope) {
            return None;
        }
        let index = self
            .late_names
            .sections
            .iter()
            .position(|section| section.name == root.text)?;
        let mut indices = vec![index];
        let mut section = &self.late_names.sections[index];
        let mut path = root.text.clone();
        for name in &names[1..] {
            match section.items.iter().position(|item| item.name == name.text) {
                Some(position) => {
                    indices.push(position);
                    section = &section.items[position];
                    path = format!("{path}.{}", name.text);
                }
                None => {
                    let mut problem = Problem::error(
                        "kaoping::check::unknown_item",
                        format!("`{path}` has no item `{}`", name.text),
                        name.span,
                    );
                    let items: Vec<&str> = section.items.iter().map(|i| i.name.as_str()).collect();
                    problem = match did_you_mean(&name.text, items.iter().copied()) {
                        Some(help) => problem.with_help(help),
                        None if items.is_empty() => {
                            problem.with_help(format!("`{path}` has no items"))
                        }
                        None => problem.with_help(format!("its items are {}", items.join(", "))),
                    };
                    self.error(problem);
                    return Some(None);
                }
            }
        }
        let decided = section.span;
        Some(self.read_late(
            OutcomeValue::Section(indices),
            Type::Number,
            Phase::Totalled,
            Some(decided),
            &path,
            expression.span,
        ))
    }

    /// Whether `name` already means something where `scope` is: a local, a
    /// list item's field, a `let`, a parameter or an input field.
    fn is_bound(&self, name: &str, scope: &Scope) -> bool {
        let local = scope.entries.iter().any(|entry| match entry {
            Entry::Named { name: bound, .. } => bound == name,
            Entry::Item { ty, .. } => {
                name == "it"
                    || matches!(ty, Type::Record(record) if self.records[*record].field_index(name).is_some())
            }
        });
        local
            || matches!(name, "candidate" | "peers")
            || self.derived[..scope.visible_derived.min(self.derived.len())]
                .iter()
                .any(|derived| derived.name == name)
            || self.parameters.iter().any(|p| p.name == name)
            || self
                .root
                .is_some_and(|root| self.records[root].field_index(name).is_some())
    }

    fn read_late(
        &mut self,
        value: OutcomeValue,
        ty: Type,
        needs: Phase,
        decided: Option<Span>,
        written: &str,
        span: Span,
    ) -> Option<Typed> {
        if needs > self.phase {
            self.phase_error(&format!("`{written}`"), needs, decided, span);
            return None;
        }
        self.phase_read = self.phase_read.max(needs);
        Some((
            Code {
                kind: CodeKind::Outcome(value),
                span,
            },
            ty,
        ))
    }

    /// A top-level `let` that reads a later phase's value, used too early.
    pub(super) fn too_early(&mut self, name: &ast::Name, needs: Phase, declared: Span) {
        let (message, help) = match (self.phase, needs) {
            (Phase::Scoring, _) => (
                format!("`{}` reads what is decided after the scores (the total, a score, a rank or the grade): a score, a bonus or an eligibility rule cannot read it", name.text),
                "a score that depended on the total or the grade would go round in a circle; read it in a `grade … when` rule or a top-level `finding`, which run after the total",
            ),
            _ => (
                format!("`{}` reads the grade, which the grade rules decide: a grade rule or `grades by` cannot read it", name.text),
                "read it in a top-level `finding`, which runs after grading",
            ),
        };
        self.error(
            Problem::error("kaoping::check::phase", message, name.span)
                .with_label("read here")
                .with_related(declared, "declared here")
                .with_help(help),
        );
    }

    fn phase_error(&mut self, what: &str, needs: Phase, decided: Option<Span>, span: Span) {
        let (message, help) = match (self.phase, needs) {
            (Phase::Scoring, _) => (
                format!("{what} is known only after every score: a score, a bonus or an eligibility rule cannot read it"),
                "a score that depended on the total or the grade would go round in a circle; read it in a `grade … when` rule or a top-level `finding`, which run after the total",
            ),
            _ => (
                format!("{what} is decided by the grade rules: a grade rule or `grades by` cannot read it"),
                "read the grade in a top-level `finding`, which runs after grading",
            ),
        };
        let mut problem = Problem::error("kaoping::check::phase", message, span)
            .with_label("read here")
            .with_help(help);
        if let Some(decided) = decided {
            problem = problem.with_related(decided, "decided here");
        }
        self.error(problem);
    }

    // ------------------------------------------------------------ grades

    pub(super) fn grade_scale(
        &mut self,
        file: &ast::PolicyFile,
        grouping: Option<&Grouping>,
    ) -> Option<GradeScale> {
        let mut result = None;
        for declaration in &file.declarations {
            let ast::Declaration::Grades(scale) = declaration else {
                continue;
            };
            let keyword = |span: Span| Span::new(span.start, span.start + "grades".len());
            if let Some(first) = result.as_ref().map(|r: &GradeScale| keyword(r.span)) {
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_grades",
                        "the policy declares its grades twice",
                        keyword(scale.span),
                    )
                    .with_related(first, "first declared here")
                    .with_help("keep one `grades { … }` block"),
                );
                continue;
            }
            self.note_readings("grades", &scale.annotations);
            let mut scope = Scope::new(Context::Candidate { peers: false }, self.derived.len());
            let by = scale.by.as_ref().and_then(|by| {
                self.phase = Phase::Totalled;
                let code = self.expect(by, &mut scope, &Type::Number);
                self.phase = Phase::Scoring;
                code
            });
            let bands = self.bands(scale, grouping);
            let names = Arc::new(EnumType {
                variants: bands
                    .iter()
                    .map(|band: &GradeBand| (band.name.clone(), band.label.clone()))
                    .collect(),
            });
            result = Some(GradeScale {
                by,
                slots: scope.slots,
                bands,
                names,
                annotations: scale.annotations.clone(),
                span: scale.span,
            });
        }
        result
    }

    fn bands(&mut self, scale: &ast::GradeScale, grouping: Option<&Grouping>) -> Vec<GradeBand> {
        let mut bands: Vec<GradeBand> = Vec::new();
        let mut seen: BTreeMap<String, Span> = BTreeMap::new();
        if scale.bands.len() < 2 {
            self.error(
                Problem::error(
                    "kaoping::check::grade_bands",
                    "a grade scale needs at least two grades",
                    scale.span,
                )
                .with_help("write the grades best first, each with its least score, and the last without one: `优秀 >= 90  合格 >= 60  不合格`"),
            );
        }
        let last = scale.bands.len().saturating_sub(1);
        // The band above: its least score, where that is written, and
        // whether it has a quota, which alone can send a candidate to a
        // band with the same least score (先进 >= 70 quota 6, 合格 >= 70).
        let mut previous: Option<(Number, Span, bool)> = None;
        for (position, band) in scale.bands.iter().enumerate() {
            if let Some(first) = seen.get(&band.name.text) {
                let first = *first;
                self.error(
                    Problem::error(
                        "kaoping::check::duplicate_name",
                        format!("grade `{}` is declared twice", band.name.text),
                        band.name.span,
                    )
                    .with_related(first, "first declared here")
                    .with_help("give each grade its own name"),
                );
            }
            seen.entry(band.name.text.clone()).or_insert(band.name.span);
            self.note_readings(&format!("grade {}", band.name.text), &band.annotations);
            let at_least = match (&band.at_least, position == last) {
                (Some(bound), true) => {
                    self.error(
                        Problem::error(
                            "kaoping::check::grade_bands",
                            format!("the last grade `{}` has a least score", band.name.text),
                            bound.span,
                        )
                        .with_help(
                            "the last grade takes every value below the others: remove its `>= …`",
                        ),
                    );
                    None
                }
                (None, false) => {
                    self.error(
                        Problem::error(
                            "kaoping::check::grade_bands",
                            format!("grade `{}` has no least score", band.name.text),
                            band.name.span,
                        )
                        .with_help(format!(
                            "write `{} >= N`; only the last grade goes without one",
                            band.name.text
                        )),
                    );
                    None
                }
                (Some(bound), false) => self.constant_number(bound),
                (None, true) => None,
            };
            if let (Some(bound), Some((above, above_span, above_quota))) = (&at_least, &previous) {
                if bound > above || (bound == above && !above_quota) {
                    self.error(
                        Problem::error(
                            "kaoping::check::grade_bands",
                            format!(
                                "grade `{}` starts at {}, not below the grade above it ({})",
                                band.name.text, bound, above
                            ),
                            band.at_least.as_ref().map_or(band.span, |b| b.span),
                        )
                        .with_related(*above_span, "the grade above")
                        .with_help(
                            "write the grades best first, each starting lower than the one before (at the same score only below a grade with a quota)",
                        ),
                    );
                }
            }
            if let (Some(bound), Some(expression)) = (&at_least, &band.at_least) {
                previous = Some((bound.clone(), expression.span, !band.quotas.is_empty()));
            }
            let quotas = self.grade_quotas(band, position == last, grouping);
            bands.push(GradeBand {
                name: band.name.text.clone(),
                label: band.label.clone(),
                at_least,
                quotas,
                annotations: band.annotations.clone(),
                span: band.span,
            });
        }
        bands
    }

    fn grade_quotas(
        &mut self,
        band: &ast::GradeBand,
        last: bool,
        grouping: Option<&Grouping>,
    ) -> Vec<GradeQuota> {
        let mut quotas: Vec<GradeQuota> = Vec::new();
        for quota in &band.quotas {
            if last {
                self.error(
                    Problem::error(
                        "kaoping::check::grade_quota",
                        format!("the last grade `{}` has a quota", band.name.text),
                        quota.span,
                    )
                    .with_help("candidates beyond a quota fall to the next grade; the last grade has none below it, so it takes no quota"),
                );
                continue;
            }
            let Some(number) = self.constant_number(&quota.amount) else {
                continue;
            };
            let amount = if matches!(quota.amount.kind, ExpressionKind::Percent(_)) {
                if number.is_negative() || number > Number::from_integer(1) {
                    self.error(
                        Problem::error(
                            "kaoping::check::grade_quota",
                            "a share must lie between 0% and 100%",
                            quota.amount.span,
                        )
                        .with_help(
                            "write the share of the group's candidates, such as `quota 20%`",
                        ),
                    );
                    continue;
                }
                QuotaAmount::Share(number)
            } else {
                match number.to_i128().and_then(|count| u32::try_from(count).ok()) {
                    Some(count) => QuotaAmount::Count(count),
                    None => {
                        self.error(
                            Problem::error(
                                "kaoping::check::grade_quota",
                                format!(
                                    "a quota must be a whole number of candidates, found {}",
                                    number
                                ),
                                quota.amount.span,
                            )
                            .with_help(
                                "write a count (`quota 6`) or a share as a percent (`quota 20%`)",
                            ),
                        );
                        continue;
                    }
                }
            };
            if let Some(group) = &quota.group {
                if !self.known_group(group, grouping, "apply the quota to all candidates") {
                    continue;
                }
            }
            let group = quota.group.as_ref().map(|group| group.text.clone());
            if let Some(first) = quotas.iter().find(|q| q.group == group) {
                let first = first.span;
                self.error(
                    Problem::error(
                        "kaoping::check::grade_quota",
                        format!(
                            "grade `{}` has two quotas for the same group",
                            band.name.text
                        ),
                        quota.span,
                    )
                    .with_related(first, "first quota here")
                    .with_help("keep one quota per group"),
                );
                continue;
            }
            quotas.push(GradeQuota {
                amount,
                group,
                span: quota.span,
            });
        }
        quotas
    }

    pub(super) fn grade_rules(
        &mut self,
        file: &ast::PolicyFile,
        scale: Option<&GradeScale>,
    ) -> Vec<GradeRule> {
        let mut rules = Vec::new();
        for declaration in &file.declarations {
            let ast::Declaration::GradeRule(rule) = declaration else {
                continue;
            };
            let Some(scale) = scale else {
                if self.late_names.grades.is_none() {
                    self.error(
                        Problem::error(
                            "kaoping::check::no_grades",
                            "a grade rule, but the policy declares no grades",
                            rule.span,
                        )
                        .with_help("declare them with `grades { 优秀 >= 90  合格 >= 60  不合格 }`"),
                    );
                }
                continue;
            };
            let band = scale.bands.iter().position(|b| b.name == rule.grade.text);
            if band.is_none() {
                let mut problem = Problem::error(
                    "kaoping::check::unknown_grade",
                    format!("unknown grade `{}`", rule.grade.text),
                    rule.grade.span,
                );
                problem = match did_you_mean(
                    &rule.grade.text,
                    scale.bands.iter().map(|b| b.name.as_str()),
                ) {
                    Some(help) => problem.with_help(help),
                    None => problem.with_help(format!(
                        "the grades are {}",
                        scale
                            .bands
                            .iter()
                            .map(|b| b.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                self.error(problem);
            }
            let as_rule = ast::Rule {
                severity: if rule.at_most {
                    crate::ast::Severity::Warning
                } else {
                    crate::ast::Severity::Error
                },
                condition: rule.condition.clone(),
                message: rule.message.clone(),
                annotations: rule.annotations.clone(),
                span: rule.span,
            };
            self.phase = Phase::Totalled;
            let compiled = self.top_rule(&as_rule, "grade rule", false);
            self.phase = Phase::Scoring;
            if let (Some(band), Some(compiled)) = (band, compiled) {
                rules.push(GradeRule {
                    at_most: rule.at_most,
                    band,
                    rule: compiled,
                });
            }
        }
        rules
    }
}

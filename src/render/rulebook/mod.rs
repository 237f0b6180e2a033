//! The rulebook (规则说明): the policy as the document a committee approves
//! (issue 15 §5). The section tree with maxima, each rule in words and as
//! written, with its clause and readings; the parameters with their values
//! (and, for a policy that extends another, what changed); eligibility and
//! vetoes, bonuses and deductions, grades, ranking and selection. Headings
//! and connecting words come from `locales/*/rulebook.ftl`; the policy's
//! own labels, clauses and expressions are shown as written.

mod document;
mod selection;
mod source;

use crate::ast::{RoundingMode, Severity};
use crate::messages::Language;
use crate::outcome::AdjustmentKind;
use crate::policy::{
    CandidateRule, Indicator, MessagePart, ParameterInfo, PointsCount, Policy, Step,
};
use crate::tr;

use document::{words, Block, Inline, Line};
use source::{balanced, parameter_text, source_text};

/// The rulebook in Markdown. `parent` is the policy `policy` extends, when
/// it extends one: its values are shown beside the ones that changed.
pub fn markdown(policy: &Policy, parent: Option<&Policy>, language: Language) -> String {
    document::markdown(&blocks(policy, parent, language))
}

/// The rulebook as one self-contained HTML page.
pub fn html(policy: &Policy, parent: Option<&Policy>, language: Language) -> String {
    document::html(
        &title(policy),
        language.tag(),
        &blocks(policy, parent, language),
    )
}

fn title(policy: &Policy) -> String {
    policy
        .header
        .title
        .clone()
        .unwrap_or_else(|| policy.header.id.clone())
}

/// Everything the rulebook says, in order.
fn blocks(policy: &Policy, parent: Option<&Policy>, language: Language) -> Vec<Block> {
    let writer = Writer {
        policy,
        parent,
        language,
    };
    let mut blocks = vec![Block::Heading(1, title(policy))];
    writer.header(&mut blocks);
    writer.tree(&mut blocks);
    writer.parameters(&mut blocks);
    writer.shared_values(&mut blocks);
    writer.indicators(&mut blocks);
    writer.eligibility(&mut blocks);
    writer.adjustments(&mut blocks);
    writer.grades(&mut blocks);
    writer.ranking(&mut blocks);
    blocks
}

struct Writer<'a> {
    policy: &'a Policy,
    parent: Option<&'a Policy>,
    language: Language,
}

impl Writer<'_> {
    /// The expression behind `span`, as the policy wrote it, on one line.
    fn written(&self, span: crate::ast::Span) -> String {
        balanced(source_text(self.policy.text_at(span)))
    }

    fn header(&self, blocks: &mut Vec<Block>) {
        let language = self.language;
        let header = &self.policy.header;
        let mut entries = vec![(
            0,
            vec![
                Inline::Text(tr!(language, "rulebook-policy-id")),
                Inline::Code(header.id.clone()),
            ],
        )];
        if let Some(version) = &header.version {
            entries.push((
                0,
                words(tr!(language, "rulebook-version", version = version)),
            ));
        }
        if let Some(effective) = &header.effective {
            entries.push((
                0,
                words(tr!(language, "rulebook-effective", date = effective)),
            ));
        }
        if let Some(source) = &header.source {
            entries.push((0, words(tr!(language, "rulebook-source", source = source))));
        }
        entries.push((
            0,
            words(tr!(
                language,
                "rulebook-total",
                total = header.total.to_string()
            )),
        ));
        if let Some((places, mode)) = header.rounding {
            let mode = match mode {
                RoundingMode::HalfAwayFromZero => "half_away_from_zero",
                RoundingMode::HalfEven => "half_even",
                RoundingMode::Down => "down",
            };
            entries.push((
                0,
                words(tr!(
                    language,
                    "rulebook-rounding",
                    places = places.to_string(),
                    mode = tr!(language, "rulebook-rounding-mode", mode = mode)
                )),
            ));
        }
        if let Some(least) = &header.final_at_least {
            entries.push((
                0,
                words(tr!(
                    language,
                    "rulebook-final-at-least",
                    points = least.to_string()
                )),
            ));
        }
        if let Some(most) = &header.final_at_most {
            entries.push((
                0,
                words(tr!(
                    language,
                    "rulebook-final-at-most",
                    points = most.to_string()
                )),
            ));
        }
        if let Some(ancestor) = self.policy.ancestors.first() {
            entries.push((
                0,
                vec![
                    Inline::Text(tr!(language, "rulebook-extends")),
                    Inline::Code(ancestor.id.clone()),
                    Inline::Text(tr!(
                        language,
                        "rulebook-extends-detail",
                        version = ancestor.version.as_deref().unwrap_or("—"),
                        file = ancestor.source_name.as_str()
                    )),
                ],
            ));
        }
        blocks.push(Block::List(entries));
        blocks.push(Block::Paragraph(words(tr!(language, "rulebook-generated"))));
    }

    /// The section tree: every indicator and item with its maximum.
    fn tree(&self, blocks: &mut Vec<Block>) {
        let language = self.language;
        blocks.push(Block::Heading(2, tr!(language, "rulebook-tree-heading")));
        let mut rows = Vec::new();
        for indicator in &self.policy.indicators {
            self.tree_rows(indicator, &[], &mut rows);
        }
        rows.push(vec![
            words(tr!(language, "rulebook-tree-total")),
            Vec::new(),
            words(self.policy.header.total.to_string()),
            Vec::new(),
        ]);
        blocks.push(Block::Table {
            header: vec![
                tr!(language, "rulebook-column-indicator"),
                tr!(language, "rulebook-column-id"),
                tr!(language, "rulebook-column-max"),
                tr!(language, "rulebook-column-clause"),
            ],
            rows,
        });
    }

    fn tree_rows(&self, indicator: &Indicator, above: &[&str], rows: &mut Vec<Vec<Line>>) {
        let mut path: Vec<&str> = above.to_vec();
        path.push(&indicator.name);
        let indent = "　".repeat(above.len());
        let label = indicator.label.as_deref().unwrap_or(&indicator.name);
        let mut max = indicator.max.to_string();
        if let Some(old) = self.parent_section(&path).map(|old| &old.max) {
            if *old != indicator.max {
                max = format!("{old} → {max}");
            }
        }
        if let Some(basis) = &indicator.scaled_from {
            max.push_str(&tr!(
                self.language,
                "rulebook-scaled-short",
                basis = basis.to_string()
            ));
        }
        rows.push(vec![
            words(format!("{indent}{label}")),
            vec![Inline::Code(path.join("."))],
            words(max),
            words(indicator.annotations.cites.join("；")),
        ]);
        for item in &indicator.items {
            self.tree_rows(item, &path, rows);
        }
    }

    /// The parent's indicator or item at `path`, when there is a parent.
    fn parent_section(&self, path: &[&str]) -> Option<&Indicator> {
        let parent = self.parent?;
        let (first, rest) = path.split_first()?;
        let mut section = parent.indicators.iter().find(|i| i.name == *first)?;
        for name in rest {
            section = section.items.iter().find(|i| i.name == *name)?;
        }
        Some(section)
    }

    fn parameters(&self, blocks: &mut Vec<Block>) {
        let language = self.language;
        if self.policy.parameters.is_empty() {
            return;
        }
        blocks.push(Block::Heading(
            2,
            tr!(language, "rulebook-parameters-heading"),
        ));
        let mut changed = 0usize;
        let rows: Vec<Vec<Line>> = self
            .policy
            .parameters
            .iter()
            .map(|parameter| {
                let value = parameter_value(self.policy, parameter);
                let value = match (self.parent, self.parent_parameter(parameter)) {
                    (Some(parent), Some(Some(old))) if old.value != parameter.value => {
                        changed += 1;
                        format!("{} → {value}", parameter_value(parent, old))
                    }
                    (_, Some(None)) => {
                        changed += 1;
                        format!("{value}{}", tr!(language, "rulebook-parameter-added"))
                    }
                    _ => value,
                };
                vec![
                    words(parameter.label.as_deref().unwrap_or_default()),
                    vec![Inline::Code(parameter.name.clone())],
                    words(value),
                    self.notes(&parameter.annotations),
                ]
            })
            .collect();
        if let Some(parent) = self.parent {
            blocks.push(Block::Paragraph(words(tr!(
                language,
                "rulebook-parameters-changed",
                parent = parent.header.id.as_str(),
                count = changed
            ))));
        }
        blocks.push(Block::Table {
            header: vec![
                tr!(language, "rulebook-column-parameter"),
                tr!(language, "rulebook-column-id"),
                tr!(language, "rulebook-column-value"),
                tr!(language, "rulebook-column-clause-and-reading"),
            ],
            rows,
        });
    }

    /// `None` without a parent; `Some(None)` when the parent lacks it.
    fn parent_parameter(&self, parameter: &ParameterInfo) -> Option<Option<&ParameterInfo>> {
        let parent = self.parent?;
        Some(
            parent
                .parameters
                .iter()
                .find(|old| old.name == parameter.name),
        )
    }

    /// The clauses and readings of a declaration, for a table cell.
    fn notes(&self, annotations: &crate::ast::Annotations) -> Line {
        let mut parts: Vec<String> = annotations.cites.clone();
        parts.extend(annotations.readings.iter().map(|(text, _)| {
            tr!(
                self.language,
                "rulebook-reading-inline",
                reading = text.as_str()
            )
        }));
        words(parts.join("；"))
    }

    /// The clause and readings as list entries at `depth`.
    fn annotation_entries(
        &self,
        annotations: &crate::ast::Annotations,
        depth: usize,
        entries: &mut Vec<(usize, Line)>,
    ) {
        if !annotations.cites.is_empty() {
            entries.push((
                depth,
                words(tr!(
                    self.language,
                    "rulebook-clause",
                    clause = annotations.cites.join("；")
                )),
            ));
        }
        for (reading, _) in &annotations.readings {
            entries.push((
                depth,
                words(tr!(
                    self.language,
                    "rulebook-reading",
                    reading = reading.as_str()
                )),
            ));
        }
    }

    /// Top-level `let`s: values the rules share.
    fn shared_values(&self, blocks: &mut Vec<Block>) {
        if self.policy.derived.is_empty() {
            return;
        }
        blocks.push(Block::Heading(
            2,
            tr!(self.language, "rulebook-shared-heading"),
        ));
        let entries = self
            .policy
            .derived
            .iter()
            .map(|derived| {
                (
                    0,
                    vec![
                        Inline::Code(derived.name.clone()),
                        Inline::Text(" = ".into()),
                        Inline::Code(self.written(derived.code.span)),
                    ],
                )
            })
            .collect();
        blocks.push(Block::List(entries));
    }

    fn indicators(&self, blocks: &mut Vec<Block>) {
        blocks.push(Block::Heading(
            2,
            tr!(self.language, "rulebook-rules-heading"),
        ));
        for indicator in &self.policy.indicators {
            self.section(indicator, &[], blocks);
        }
    }

    /// One indicator or item: its heading, clause, readings, steps and
    /// score; then its items, a level deeper.
    fn section(&self, indicator: &Indicator, above: &[&str], blocks: &mut Vec<Block>) {
        let language = self.language;
        let mut path: Vec<&str> = above.to_vec();
        path.push(&indicator.name);
        let label = indicator.label.as_deref().unwrap_or(&indicator.name);
        let level = u8::try_from(3 + above.len()).unwrap_or(6).min(6);
        blocks.push(Block::Heading(
            level,
            tr!(
                language,
                "rulebook-section-heading",
                label = label,
                id = path.join("."),
                max = indicator.max.to_string()
            ),
        ));
        let mut entries = Vec::new();
        self.annotation_entries(&indicator.annotations, 0, &mut entries);
        if let Some(basis) = &indicator.scaled_from {
            entries.push((
                0,
                words(tr!(
                    language,
                    "rulebook-scaled",
                    basis = basis.to_string(),
                    max = indicator.max.to_string()
                )),
            ));
        }
        self.steps(&indicator.steps, &mut entries);
        match &indicator.score {
            Some(score) => {
                let written = self.written(score.span);
                entries.push((
                    0,
                    vec![
                        Inline::Text(tr!(language, "rulebook-score")),
                        Inline::Code(written.clone()),
                    ],
                ));
                let old = self
                    .parent_section(&path)
                    .and_then(|old| old.score.as_ref())
                    .and_then(|old| {
                        self.parent
                            .map(|p| balanced(source_text(p.text_at(old.span))))
                    });
                if let Some(old) = old.filter(|old| *old != written) {
                    entries.push((
                        1,
                        vec![
                            Inline::Text(tr!(language, "rulebook-score-before")),
                            Inline::Code(old),
                        ],
                    ));
                }
            }
            None if indicator.deducts => entries.push((
                0,
                words(tr!(
                    language,
                    "rulebook-score-deducts",
                    max = indicator.max.to_string()
                )),
            )),
            None if !indicator.items.is_empty() => {
                entries.push((0, words(tr!(language, "rulebook-score-items"))))
            }
            None => {}
        }
        if !entries.is_empty() {
            blocks.push(Block::List(entries));
        }
        for item in &indicator.items {
            self.section(item, &path, blocks);
        }
    }

    /// `let`, `zero when`, `finding` and points lines, in order.
    fn steps(&self, steps: &[Step], entries: &mut Vec<(usize, Line)>) {
        let language = self.language;
        for step in steps {
            match step {
                Step::Let { name, code, .. } => entries.push((
                    0,
                    vec![
                        Inline::Text(tr!(language, "rulebook-let")),
                        Inline::Code(name.clone()),
                        Inline::Text(" = ".into()),
                        Inline::Code(self.written(code.span)),
                    ],
                )),
                Step::Zero(rule) => self.rule(tr!(language, "rulebook-zero"), rule, entries),
                Step::Finding(rule) => self.rule(self.finding_words(rule.severity), rule, entries),
                Step::Points(points) => {
                    let mut line = vec![
                        Inline::Text(tr!(language, "rulebook-points")),
                        Inline::Code(source_text(&points.text)),
                    ];
                    if let PointsCount::Each { .. } = points.basis {
                        line.push(Inline::Text(tr!(language, "rulebook-points-each")));
                    }
                    if let Some(message) = &points.message {
                        line.push(Inline::Text(tr!(
                            language,
                            "rulebook-message",
                            message = self.message(message)
                        )));
                    }
                    entries.push((0, line));
                    self.annotation_entries(&points.annotations, 1, entries);
                }
            }
        }
    }

    fn finding_words(&self, severity: Severity) -> String {
        tr!(
            self.language,
            "rulebook-finding",
            severity = severity.as_str()
        )
    }

    /// A rule: what it does, its condition as written, its message, then
    /// its clause and readings a level deeper.
    fn rule(&self, what: String, rule: &CandidateRule, entries: &mut Vec<(usize, Line)>) {
        let mut line = vec![
            Inline::Text(what),
            Inline::Text(tr!(self.language, "rulebook-when")),
            Inline::Code(self.written(rule.condition.span)),
        ];
        let message = self.message(&rule.message);
        if !message.is_empty() {
            line.push(Inline::Text(tr!(
                self.language,
                "rulebook-message",
                message = message
            )));
        }
        entries.push((0, line));
        self.annotation_entries(&rule.annotations, 1, entries);
    }

    /// A message template with its holes as written: `{count} 件`.
    fn message(&self, parts: &[MessagePart]) -> String {
        parts
            .iter()
            .map(|part| match part {
                MessagePart::Text(text) => text.clone(),
                MessagePart::Hole(code) => format!("{{{}}}", self.written(code.span)),
            })
            .collect()
    }

    /// Exclusions, revocations and the findings the policy raises.
    fn eligibility(&self, blocks: &mut Vec<Block>) {
        let language = self.language;
        let policy = self.policy;
        let findings = policy.findings.iter().chain(&policy.late_findings);
        if policy.exclusions.is_empty()
            && policy.revocations.is_empty()
            && findings.clone().next().is_none()
        {
            return;
        }
        blocks.push(Block::Heading(
            2,
            tr!(language, "rulebook-eligibility-heading"),
        ));
        let mut entries = Vec::new();
        for rule in &policy.exclusions {
            self.rule(tr!(language, "rulebook-exclude"), rule, &mut entries);
        }
        for rule in &policy.revocations {
            self.rule(tr!(language, "rulebook-revoke"), rule, &mut entries);
        }
        for rule in findings {
            self.rule(self.finding_words(rule.severity), rule, &mut entries);
        }
        blocks.push(Block::List(entries));
    }

    fn adjustments(&self, blocks: &mut Vec<Block>) {
        let language = self.language;
        if self.policy.adjustments.is_empty() {
            return;
        }
        blocks.push(Block::Heading(
            2,
            tr!(language, "rulebook-adjustments-heading"),
        ));
        for adjustment in &self.policy.adjustments {
            let kind = match adjustment.kind {
                AdjustmentKind::Bonus => "bonus",
                AdjustmentKind::Deduction => "deduction",
            };
            blocks.push(Block::Heading(
                3,
                tr!(
                    language,
                    "rulebook-adjustment-heading",
                    label = adjustment.label.as_deref().unwrap_or(&adjustment.name),
                    id = adjustment.name.as_str(),
                    kind = kind
                ),
            ));
            let mut entries = Vec::new();
            if let Some(cap) = &adjustment.cap {
                entries.push((
                    0,
                    words(tr!(
                        language,
                        "rulebook-adjustment-cap",
                        cap = cap.to_string()
                    )),
                ));
            }
            self.annotation_entries(&adjustment.annotations, 0, &mut entries);
            self.steps(&adjustment.steps, &mut entries);
            if let Some(score) = &adjustment.score {
                entries.push((
                    0,
                    vec![
                        Inline::Text(tr!(language, "rulebook-score")),
                        Inline::Code(self.written(score.span)),
                    ],
                ));
            }
            blocks.push(Block::List(entries));
        }
    }
}

/// A parameter's value: the number (with the expression it comes
/// from, when it is computed), or a table or list as written.
fn parameter_value(policy: &Policy, parameter: &ParameterInfo) -> String {
    use crate::value::Value;
    let written = parameter_text(policy.text_at(parameter.span));
    match &parameter.value {
        Value::Number(_) | Value::Bool(_) | Value::Text(_) | Value::Date(_) => {
            let shown = parameter.value.display();
            let literal = written.trim_matches('"');
            if written.is_empty() || literal == shown {
                shown
            } else {
                format!("{shown}（= {written}）")
            }
        }
        _ if !written.is_empty() => written,
        _ => parameter.value.display(),
    }
}

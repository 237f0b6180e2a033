//! Scoring one candidate: an indicator and its items to any depth, their
//! `let`, `zero when`, `finding` and points lines, and the `bonus` and
//! `deduction` blocks outside the maxima.

use super::*;

pub(super) fn clause(annotations: &crate::ast::Annotations) -> Option<String> {
    if annotations.cites.is_empty() {
        None
    } else {
        Some(annotations.cites.join("；"))
    }
}

/// Where a rule or score sits, as findings and errors name it. Formatted
/// only when one is raised, not once per candidate and indicator.
#[derive(Clone, Copy)]
pub(super) enum Place<'p> {
    Indicator(&'p str),
    /// An item, by its path from the indicator down.
    Item(&'p SectionPath<'p>),
    Named(&'p str),
}

/// Where an item sits, indicator first, kept on the stack as scoring
/// descends: nothing is allocated unless a message names it.
pub(super) struct SectionPath<'p> {
    name: &'p str,
    parent: Option<&'p SectionPath<'p>>,
}

impl std::fmt::Display for SectionPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(parent) = self.parent {
            write!(f, "{parent}.")?;
        }
        f.write_str(self.name)
    }
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Indicator(indicator) => write!(f, "indicator {indicator}"),
            Place::Item(path) => write!(f, "item {path}"),
            Place::Named(name) => f.write_str(name),
        }
    }
}

pub(super) fn finding(
    names: &Indexes,
    rule: &CandidateRule,
    kind: FindingKind,
    message: String,
    place: Place,
) -> Finding {
    Finding {
        severity: rule.severity,
        kind,
        message,
        clause: clause(&rule.annotations).map(|clause| names.name(clause)),
        rule: names.name(place.to_string()),
    }
}

pub(super) struct Scored {
    pub(super) outcome: IndicatorOutcome,
    pub(super) findings: Vec<Finding>,
    pub(super) ledger: Option<IndicatorLedger>,
}

pub(super) fn readings(annotations: &crate::ast::Annotations) -> Vec<String> {
    annotations
        .readings
        .iter()
        .map(|(text, _)| text.clone())
        .collect()
}

pub(super) fn rule_entry(rule: &CandidateRule, kind: RuleKind, message: &str) -> Entry {
    Entry::Rule {
        kind,
        severity: rule.severity,
        message: message.to_string(),
        cites: rule.annotations.cites.clone(),
        readings: readings(&rule.annotations),
    }
}

/// Scores `indicator` for the context's candidate. `frame` is reused from
/// one indicator to the next: every slot is written before it is read, so
/// what an earlier indicator left in it is never seen.
pub(super) fn score_indicator(
    context: &Context,
    indicator: &Indicator,
    rounding: Option<(u32, RoundingMode)>,
    frame: &mut Vec<Value>,
) -> Result<Scored> {
    if frame.len() < indicator.slots {
        frame.resize(indicator.slots, Value::Absent);
    }
    let mut findings = Vec::new();
    if let Some(recorder) = context.recorder {
        // Slots are reused between indicators: forget the previous one's paths.
        recorder.take();
        recorder.slot_paths.borrow_mut().clear();
    }
    let path = SectionPath {
        name: &indicator.name,
        parent: None,
    };
    let node = score_node(context, indicator, &path, frame, &mut findings)?;
    let Node {
        exact,
        items,
        mut entries,
        item_ledgers,
    } = node;
    let score = match rounding {
        Some((places, mode)) => {
            let rounded = exact.round(places, mode);
            if context.recorder.is_some() {
                entries.push(Entry::Rounded {
                    before: exact.clone(),
                    after: rounded.clone(),
                    places,
                });
            }
            rounded
        }
        None => exact.clone(),
    };
    let ledger = context.recorder.map(|_| IndicatorLedger {
        name: indicator.name.to_string(),
        label: indicator.label.as_deref().map(String::from),
        max: indicator.max.clone(),
        cites: indicator.annotations.cites.clone(),
        readings: readings(&indicator.annotations),
        cohort: indicator.uses_peers,
        entries,
        items: item_ledgers,
        exact: exact.clone(),
        score: score.clone(),
    });
    Ok(Scored {
        outcome: IndicatorOutcome {
            declared: Arc::clone(&indicator.declared),
            score: Some(score),
            exact: Some(exact),
            items,
        },
        findings,
        ledger,
    })
}

/// An indicator or item scored exactly, before any rounding.
struct Node {
    exact: Number,
    items: Vec<ItemOutcome>,
    entries: Vec<Entry>,
    item_ledgers: Vec<IndicatorLedger>,
}

/// Scores an indicator or an item, its own items first (in the same frame,
/// after its own steps), then its score: the `score`, the items' sum
/// (scaled), or the max; less its deductions, down to zero; then `zero
/// when`; and it must lie within `0..=max`. `path` names it, indicator first.
fn score_node(
    context: &Context,
    node: &Indicator,
    path: &SectionPath,
    frame: &mut Vec<Value>,
    findings: &mut Vec<Finding>,
) -> Result<Node> {
    let recorder = context.recorder;
    let mut zeroed = false;
    let mut deducted = Number::zero();
    run_steps(
        context,
        &node.steps,
        frame,
        place_of(path),
        findings,
        &mut zeroed,
        &mut deducted,
    )?;
    let mut entries = recorder.map(Recorder::take).unwrap_or_default();
    let mut items = Vec::with_capacity(node.items.len());
    let mut item_ledgers = Vec::new();
    let mut raw = if let Some(score) = &node.score {
        let value = context.root_number(score, frame)?;
        if let Some(recorder) = recorder {
            entries.extend(recorder.take());
            entries.push(Entry::Score {
                value: value.clone(),
            });
        }
        value
    } else if node.items.is_empty() {
        // Scored by its deductions alone: they start from the max.
        node.max.clone()
    } else {
        let mut sum = Number::zero();
        for item in &node.items {
            let item_path = SectionPath {
                name: &item.name,
                parent: Some(path),
            };
            let scored = score_node(context, item, &item_path, frame, findings)?;
            sum = sum.add(&scored.exact);
            if recorder.is_some() {
                let item_entries = scored.entries;
                item_ledgers.push(IndicatorLedger {
                    name: item.name.to_string(),
                    label: item.label.as_deref().map(String::from),
                    max: item.max.clone(),
                    cites: item.annotations.cites.clone(),
                    readings: readings(&item.annotations),
                    cohort: item.uses_peers,
                    entries: item_entries,
                    items: scored.item_ledgers,
                    exact: scored.exact.clone(),
                    score: scored.exact.clone(),
                });
            }
            items.push(ItemOutcome {
                declared: Arc::clone(&item.declared),
                score: scored.exact,
                items: scored.items,
            });
        }
        if recorder.is_some() {
            entries.push(Entry::Score { value: sum.clone() });
        }
        match &node.scaled_from {
            Some(basis) => {
                let result = sum
                    .multiply(&node.max)
                    .divide(basis)
                    .ok_or_else(|| EvalError::new("scaled from zero", node.span))?;
                if recorder.is_some() {
                    entries.push(Entry::Scaled {
                        sum,
                        basis: basis.clone(),
                        max: node.max.clone(),
                        result: result.clone(),
                    });
                }
                result
            }
            None => sum,
        }
    };
    if node.deducts {
        let from = raw;
        let difference = from.subtract(&deducted);
        raw = if difference.is_negative() {
            Number::zero()
        } else {
            difference
        };
        if recorder.is_some() {
            entries.push(Entry::Deductions {
                from,
                deducted: deducted.clone(),
                result: raw.clone(),
            });
        }
    }
    if zeroed && recorder.is_some() {
        entries.push(Entry::Vetoed {
            before: raw.clone(),
        });
    }
    let exact = if zeroed { Number::zero() } else { raw };
    within(&exact, &node.max, place_of(path), node.span)?;
    Ok(Node {
        exact,
        items,
        entries,
        item_ledgers,
    })
}

fn place_of<'p>(path: &'p SectionPath<'p>) -> Place<'p> {
    match path.parent {
        None => Place::Indicator(path.name),
        Some(_) => Place::Item(path),
    }
}

/// A `bonus` or `deduction` block scored for the context's candidate.
pub(super) struct AdjustmentScored {
    pub(super) outcome: AdjustmentOutcome,
    pub(super) findings: Vec<Finding>,
    pub(super) ledger: Option<IndicatorLedger>,
}

/// Scores a `bonus` or `deduction` block: its lines' points (or its
/// `score`), never negative, within its cap. Each line that gives points is
/// a reason.
pub(super) fn score_adjustment(
    context: &Context,
    adjustment: &Adjustment,
    frame: &mut Vec<Value>,
) -> Result<AdjustmentScored> {
    if frame.len() < adjustment.slots {
        frame.resize(adjustment.slots, Value::Absent);
    }
    if let Some(recorder) = context.recorder {
        recorder.take();
        recorder.slot_paths.borrow_mut().clear();
    }
    let place = Place::Named(&adjustment.name);
    let mut findings = Vec::new();
    let mut reasons = Vec::new();
    let mut zeroed = false;
    let mut points = Number::zero();
    for step in &adjustment.steps {
        if let Step::Points(line) = step {
            for (given, message) in line_grants(context, line, frame, place, true)? {
                points = points.add(&given);
                let message = message.unwrap_or_else(|| line.text.clone());
                if let Some(recorder) = context.recorder {
                    recorder.push(Entry::Deducted {
                        points: given.clone(),
                        message: message.clone(),
                        cites: line.annotations.cites.clone(),
                    });
                }
                reasons.push(Reason {
                    message,
                    points: given,
                    clause: clause(&line.annotations).or_else(|| clause(&adjustment.annotations)),
                });
            }
        } else {
            let mut unused = Number::zero();
            run_steps(
                context,
                std::slice::from_ref(step),
                frame,
                place,
                &mut findings,
                &mut zeroed,
                &mut unused,
            )?;
        }
    }
    if let Some(score) = &adjustment.score {
        points = context.root_number(score, frame)?;
        if points.is_negative() {
            return Err(EvalError::new(
                format!("{place} gave `{points}` points, below 0"),
                score.span,
            ));
        }
        if !points.is_zero() {
            reasons.push(Reason {
                message: adjustment
                    .label
                    .clone()
                    .unwrap_or_else(|| adjustment.name.clone()),
                points: points.clone(),
                clause: clause(&adjustment.annotations),
            });
        }
    }
    let uncapped = points;
    let points = match &adjustment.cap {
        Some(cap) if &uncapped > cap => cap.clone(),
        _ => uncapped.clone(),
    };
    let ledger = context.recorder.map(|recorder| {
        let mut entries = recorder.take();
        entries.push(Entry::Score {
            value: uncapped.clone(),
        });
        if let Some(cap) = &adjustment.cap {
            entries.push(Entry::Bound {
                operator: "cap",
                expression: adjustment.name.clone(),
                before: uncapped.clone(),
                limit: cap.clone(),
                limit_expression: None,
                after: points.clone(),
            });
        }
        IndicatorLedger {
            name: adjustment.name.clone(),
            label: adjustment.label.clone(),
            max: adjustment.cap.clone().unwrap_or_else(|| uncapped.clone()),
            cites: adjustment.annotations.cites.clone(),
            readings: readings(&adjustment.annotations),
            cohort: false,
            entries,
            items: Vec::new(),
            exact: points.clone(),
            score: points.clone(),
        }
    });
    Ok(AdjustmentScored {
        outcome: AdjustmentOutcome {
            name: adjustment.name.clone(),
            label: adjustment.label.clone(),
            kind: adjustment.kind,
            points,
            uncapped,
            cap: adjustment.cap.clone(),
            clause: clause(&adjustment.annotations),
            reasons,
        },
        findings,
        ledger,
    })
}

/// What one `deduct` or `add` line gives, each grant with its message
/// (built only when `messages` is asked for, and only where the line has
/// one): one grant for `per` and `when`, one per item for `for each`;
/// grants of 0 points are left out.
fn line_grants(
    context: &Context,
    line: &PointsRule,
    frame: &mut Vec<Value>,
    place: Place,
    messages: bool,
) -> Result<Vec<(Number, Option<String>)>> {
    let message = |frame: &mut Vec<Value>| -> Result<Option<String>> {
        match (&line.message, messages) {
            (Some(parts), true) => Ok(Some(context.message(parts, frame)?)),
            _ => Ok(None),
        }
    };
    let PointsCount::Each { list, slot } = &line.basis else {
        let points = line_points(context, line, frame, place)?;
        if points.is_zero() {
            return Ok(Vec::new());
        }
        return Ok(vec![(points, message(frame)?)]);
    };
    let items = context.root_value(list, frame)?;
    let mut grants = Vec::new();
    for item in items.as_list().iter() {
        frame[*slot] = item.clone();
        let points = context.root_number(&line.amount, frame)?;
        if points.is_negative() {
            return Err(EvalError::new(
                format!("{place}: `{points}` points; a line's points must not be negative"),
                line.amount.span,
            ));
        }
        if !points.is_zero() {
            grants.push((points, message(frame)?));
        }
    }
    Ok(grants)
}

/// The points one `deduct` or `add` line gives: the amount times the
/// quantity (0 when it is negative), times the whole steps in it, or once
/// when its condition holds.
fn line_points(
    context: &Context,
    line: &PointsRule,
    frame: &mut Vec<Value>,
    place: Place,
) -> Result<Number> {
    let times = match &line.basis {
        PointsCount::When(condition) => {
            if context.root_holds(condition, frame)? {
                Number::from_integer(1)
            } else {
                return Ok(Number::zero());
            }
        }
        PointsCount::Each { .. } => unreachable!("`line_grants` counts items"),
        PointsCount::Per { step, quantity } => {
            let quantity = context.root_number(quantity, frame)?;
            if quantity.is_negative() || quantity.is_zero() {
                return Ok(Number::zero());
            }
            match step {
                None => quantity,
                Some(step) => {
                    let size = context.root_number(step, frame)?;
                    if size.is_negative() || size.is_zero() {
                        return Err(EvalError::new(
                            format!("{place}: a step of `{size}`; a step must be positive"),
                            step.span,
                        ));
                    }
                    quantity
                        .divide(&size)
                        .expect("the step is positive")
                        .round_down()
                }
            }
        }
    };
    let amount = context.root_number(&line.amount, frame)?;
    if amount.is_negative() {
        return Err(EvalError::new(
            format!("{place}: `{amount}` points; a line's points must not be negative"),
            line.amount.span,
        ));
    }
    Ok(amount.multiply(&times))
}

/// Runs the steps of a body in order; `deducted` sums the points its
/// `deduct` lines take.
fn run_steps(
    context: &Context,
    steps: &[Step],
    frame: &mut Vec<Value>,
    place: Place,
    findings: &mut Vec<Finding>,
    zeroed: &mut bool,
    deducted: &mut Number,
) -> Result<()> {
    for step in steps {
        match step {
            Step::Let { slot, code, name } => {
                let value = context.root_value(code, frame)?;
                if let Some(recorder) = context.recorder {
                    recorder.set_slot_path(*slot, recorder.path_of(context, code, frame));
                    if !matches!(value, Value::Record(_)) {
                        recorder.push(Entry::Let {
                            name: name.clone(),
                            value: value.display_to(EXPLAIN_PLACES),
                        });
                    }
                }
                frame[*slot] = value;
            }
            Step::Zero(rule) => {
                if let Some(message) = context.rule(rule, frame)? {
                    *zeroed = true;
                    if let Some(recorder) = context.recorder {
                        recorder.push(rule_entry(rule, RuleKind::Zero, &message));
                    }
                    findings.push(finding(
                        context.indexes,
                        rule,
                        FindingKind::Zeroed,
                        message,
                        place,
                    ));
                }
            }
            Step::Finding(rule) => {
                if let Some(message) = context.rule(rule, frame)? {
                    if let Some(recorder) = context.recorder {
                        recorder.push(rule_entry(rule, RuleKind::Finding, &message));
                    }
                    findings.push(finding(
                        context.indexes,
                        rule,
                        FindingKind::Finding,
                        message,
                        place,
                    ));
                }
            }
            Step::Points(line) => {
                // Messages are built only for the ledger.
                let messages = context.recorder.is_some();
                for (points, message) in line_grants(context, line, frame, place, messages)? {
                    if let Some(recorder) = context.recorder {
                        recorder.push(Entry::Deducted {
                            points: points.clone(),
                            message: message.unwrap_or_else(|| line.text.clone()),
                            cites: line.annotations.cites.clone(),
                        });
                    }
                    *deducted = deducted.add(&points);
                }
            }
        }
    }
    Ok(())
}

pub(super) fn within(value: &Number, max: &Number, place: Place, span: Span) -> Result<()> {
    if value.is_negative() || value > max {
        let (id, name) = match place {
            Place::Indicator(name) => ("eval-score-outside-indicator", name.to_string()),
            Place::Item(path) => ("eval-score-outside-item", path.to_string()),
            Place::Named(name) => ("eval-score-outside", name.to_string()),
        };
        let arguments = vec![
            ("place", name),
            ("value", value.to_string()),
            ("max", max.to_string()),
        ];
        return Err(
            EvalError::new(format!("{place} scored `{value}`, outside 0..{max}"), span)
                .with_words(id, arguments),
        );
    }
    Ok(())
}

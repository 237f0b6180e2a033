//! What a rule change or a fact change does: the structural differences
//! between two policies, and the differences between two outcomes — who
//! enters or leaves the selected lists first, then every candidate whose
//! status, rank or scores moved.

mod facts;
mod statements;

pub use facts::{fact_changes, facts_for, FactChange, IgnoredKey};

use serde_json::{json, Value as Json};

use crate::number::Number;
use crate::outcome::{CandidateOutcome, Outcome, Status};
use crate::policy::{Indicator, Policy};

/// A parameter that differs between two policies.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterChange {
    /// The parameter's name.
    pub name: String,
    /// Its value in the old policy, `None` when the new policy adds it.
    pub old: Option<String>,
    /// Its value in the new policy, `None` when the new policy removes it.
    pub new: Option<String>,
}

/// An indicator or item that differs between two policies.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorChange {
    /// `supervision`, or `team.mobile` for an item.
    pub name: String,
    /// What happened to it.
    pub change: Change,
    /// When its rules changed, the statements that differ, as written:
    /// `(old, new)`, with `None` on the side that lacks the statement.
    pub statements: Vec<(Option<String>, Option<String>)>,
}

impl IndicatorChange {
    fn new(name: String, change: Change) -> Self {
        IndicatorChange {
            name,
            change,
            statements: Vec::new(),
        }
    }
}

/// How an indicator or item changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Only the new policy has it.
    Added,
    /// Only the old policy has it.
    Removed,
    /// Both have it; each string says what differs (`max 30 → 25`, `rules`).
    Changed(Vec<String>),
}

/// The structural differences between two policies.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyChanges {
    /// Parameters added, removed or given another value.
    pub parameters: Vec<ParameterChange>,
    /// Indicators and items added, removed or changed.
    pub indicators: Vec<IndicatorChange>,
    /// `bonus` and `deduction` blocks (`bonus media`), the grade scale
    /// (`grades`) and the grade rules (`grade rules`) added, removed or changed.
    pub rules: Vec<IndicatorChange>,
}

impl PolicyChanges {
    /// Whether the two policies say the same thing structurally.
    pub fn is_empty(&self) -> bool {
        self.parameters.is_empty() && self.indicators.is_empty() && self.rules.is_empty()
    }
}

/// Compares two policies' parameters, indicators and items.
pub fn policy_changes(old: &Policy, new: &Policy) -> PolicyChanges {
    let mut changes = PolicyChanges::default();
    for parameter in &old.parameters {
        let after = new.parameters.iter().find(|p| p.name == parameter.name);
        let old_value = format!("{:?}", parameter.value);
        match after {
            None => changes.parameters.push(ParameterChange {
                name: parameter.name.clone(),
                old: Some(old_value),
                new: None,
            }),
            Some(after) if after.value != parameter.value => {
                changes.parameters.push(ParameterChange {
                    name: parameter.name.clone(),
                    old: Some(old_value),
                    new: Some(format!("{:?}", after.value)),
                })
            }
            Some(_) => {}
        }
    }
    for parameter in &new.parameters {
        if !old.parameters.iter().any(|p| p.name == parameter.name) {
            changes.parameters.push(ParameterChange {
                name: parameter.name.clone(),
                old: None,
                new: Some(format!("{:?}", parameter.value)),
            });
        }
    }
    compare_indicators(
        old,
        &old.indicators,
        new,
        &new.indicators,
        "",
        &mut changes.indicators,
    );
    changes.rules = compare_rules(old, new);
    changes
}

/// The blocks, the grade scale and the grade rules of a policy, each by the
/// name a change reports and its text, line by line with comments dropped
/// (its statements are compared when it changed).
fn rules_of(policy: &Policy) -> Vec<(String, String)> {
    let text = |span| {
        policy
            .text_at(span)
            .lines()
            .map(|line| line.split("//").next().unwrap_or_default().trim())
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut rules: Vec<(String, String)> = policy
        .adjustments
        .iter()
        .map(|adjustment| {
            let kind = match adjustment.kind {
                crate::outcome::AdjustmentKind::Bonus => "bonus",
                crate::outcome::AdjustmentKind::Deduction => "deduction",
            };
            (format!("{kind} {}", adjustment.name), text(adjustment.span))
        })
        .collect();
    if let Some(grades) = &policy.grades {
        rules.push(("grades".into(), text(grades.span)));
    }
    if !policy.grade_rules.is_empty() {
        let all = policy
            .grade_rules
            .iter()
            .map(|rule| text(rule.rule.span))
            .collect::<Vec<_>>()
            .join("\n");
        rules.push(("grade rules".into(), all));
    }
    rules
}

/// The text with every run of whitespace, line breaks included, folded, so
/// that reformatting is not reported as a change.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn compare_rules(old: &Policy, new: &Policy) -> Vec<IndicatorChange> {
    let (before, after) = (rules_of(old), rules_of(new));
    let mut changes = Vec::new();
    for (name, text) in &before {
        match after.iter().find(|(other, _)| other == name) {
            None => changes.push(IndicatorChange::new(name.clone(), Change::Removed)),
            Some((_, new_text)) if folded(new_text) != folded(text) => {
                changes.push(IndicatorChange {
                    name: name.clone(),
                    change: Change::Changed(vec!["rules".into()]),
                    statements: statements::changed(
                        &statements::statements(text),
                        &statements::statements(new_text),
                    ),
                })
            }
            Some(_) => {}
        }
    }
    for (name, _) in &after {
        if !before.iter().any(|(other, _)| other == name) {
            changes.push(IndicatorChange::new(name.clone(), Change::Added));
        }
    }
    changes
}

/// The declaration's text with whitespace and comments folded, so that
/// reformatting is not reported as a change.
fn normalized(policy: &Policy, indicator: &Indicator) -> String {
    policy
        .text_at(indicator.span)
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

fn compare_indicators(
    old_policy: &Policy,
    old: &[Indicator],
    new_policy: &Policy,
    new: &[Indicator],
    prefix: &str,
    changes: &mut Vec<IndicatorChange>,
) {
    let qualified = |name: &str| format!("{prefix}{name}");
    for before in old {
        match new.iter().find(|i| i.name == before.name) {
            None => changes.push(IndicatorChange::new(
                qualified(&before.name),
                Change::Removed,
            )),
            Some(after) => {
                let mut what = Vec::new();
                if before.max != after.max {
                    what.push(format!("max {} → {}", before.max, after.max));
                }
                if before.label != after.label {
                    what.push(format!(
                        "label {} → {}",
                        before.label.as_deref().unwrap_or("—"),
                        after.label.as_deref().unwrap_or("—")
                    ));
                }
                if before.scaled_from != after.scaled_from {
                    let show = |n: &Option<Number>| {
                        n.as_ref().map_or("none".to_string(), |n| n.to_string())
                    };
                    what.push(format!(
                        "scaled from {} → {}",
                        show(&before.scaled_from),
                        show(&after.scaled_from)
                    ));
                }
                let mut changed_statements = Vec::new();
                if before.items.is_empty()
                    && after.items.is_empty()
                    && normalized(old_policy, before) != normalized(new_policy, after)
                {
                    what.push("rules".into());
                    changed_statements = statements::changed(
                        &statements::statements(old_policy.text_at(before.span)),
                        &statements::statements(new_policy.text_at(after.span)),
                    );
                }
                if !what.is_empty() {
                    changes.push(IndicatorChange {
                        name: qualified(&before.name),
                        change: Change::Changed(what),
                        statements: changed_statements,
                    });
                }
                compare_indicators(
                    old_policy,
                    &before.items,
                    new_policy,
                    &after.items,
                    &format!("{}.", before.name),
                    changes,
                );
            }
        }
    }
    for after in new {
        if !old.iter().any(|i| i.name == after.name) {
            changes.push(IndicatorChange::new(qualified(&after.name), Change::Added));
        }
    }
}

/// A candidate entering or leaving a selected list.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectionChange {
    /// The list: `selected`, or a flag such as `national`, with the group.
    pub list: String,
    /// The candidate's id.
    pub id: String,
    /// The candidate's name.
    pub name: Option<String>,
    /// `true` when the candidate enters the list, `false` when it leaves.
    pub enters: bool,
}

/// How one candidate's outcome moved.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateChange {
    /// The candidate's id.
    pub id: String,
    /// The candidate's name.
    pub name: Option<String>,
    /// Old and new status, when it changed.
    pub status: Option<(Status, Status)>,
    /// Old and new rank, when it changed.
    pub rank: Option<(Option<u32>, Option<u32>)>,
    /// Old and new total, when it changed.
    pub total: Option<(Option<Number>, Option<Number>)>,
    /// Old and new grade, when it changed (a policy that grades).
    pub grade: Option<(Option<String>, Option<String>)>,
    /// Each indicator whose score changed: name, old, new.
    pub indicators: Vec<(String, Option<Number>, Option<Number>)>,
}

/// The differences between two outcomes of the same candidates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutcomeChanges {
    /// Who enters or leaves a selected list, first of all.
    pub selections: Vec<SelectionChange>,
    /// Every candidate whose status, rank or scores changed, in the new facts order.
    pub candidates: Vec<CandidateChange>,
    /// Candidates only in the old outcome.
    pub removed: Vec<String>,
    /// Candidates only in the new outcome.
    pub added: Vec<String>,
}

fn on_list(candidate: &CandidateOutcome, list: &str) -> bool {
    if list == "selected" {
        candidate.status == Status::Selected
    } else {
        candidate.flags.iter().any(|(name, on)| name == list && *on)
    }
}

/// Compares two outcomes candidate by candidate, matched by id.
pub fn outcome_changes(old: &Outcome, new: &Outcome) -> OutcomeChanges {
    let mut changes = OutcomeChanges::default();
    let mut lists = vec!["selected".to_string()];
    for candidate in old.candidates.iter().chain(&new.candidates) {
        for (flag, _) in &candidate.flags {
            if !lists.contains(flag) {
                lists.push(flag.clone());
            }
        }
    }
    for list in &lists {
        for after in &new.candidates {
            let before = old.candidates.iter().find(|c| c.id == after.id);
            let was = before.is_some_and(|b| on_list(b, list));
            let is = on_list(after, list);
            if was != is {
                let group = after
                    .group
                    .as_deref()
                    .map(|g| format!(" ({g})"))
                    .unwrap_or_default();
                changes.selections.push(SelectionChange {
                    list: format!("{list}{group}"),
                    id: after.id.to_string(),
                    name: after.name.as_deref().map(String::from),
                    enters: is,
                });
            }
        }
        for before in &old.candidates {
            if on_list(before, list) && !new.candidates.iter().any(|c| c.id == before.id) {
                changes.selections.push(SelectionChange {
                    list: list.clone(),
                    id: before.id.to_string(),
                    name: before.name.as_deref().map(String::from),
                    enters: false,
                });
            }
        }
    }
    for after in &new.candidates {
        let Some(before) = old.candidates.iter().find(|c| c.id == after.id) else {
            changes.added.push(after.id.to_string());
            continue;
        };
        let mut indicators = Vec::new();
        for indicator in &after.indicators {
            let old_score = before
                .indicator(&indicator.name)
                .and_then(|i| i.score.clone());
            if old_score != indicator.score {
                indicators.push((
                    indicator.name.to_string(),
                    old_score,
                    indicator.score.clone(),
                ));
            }
        }
        for indicator in &before.indicators {
            if after.indicator(&indicator.name).is_none() {
                indicators.push((indicator.name.to_string(), indicator.score.clone(), None));
            }
        }
        let change = CandidateChange {
            id: after.id.to_string(),
            name: after.name.as_deref().map(String::from),
            status: (before.status != after.status).then_some((before.status, after.status)),
            rank: (before.rank != after.rank).then_some((before.rank, after.rank)),
            total: (before.total != after.total)
                .then(|| (before.total.clone(), after.total.clone())),
            grade: {
                let grade_of = |c: &CandidateOutcome| c.grade.as_ref().map(|g| g.name.clone());
                (grade_of(before) != grade_of(after)).then(|| (grade_of(before), grade_of(after)))
            },
            indicators,
        };
        if change.status.is_some()
            || change.rank.is_some()
            || change.total.is_some()
            || change.grade.is_some()
            || !change.indicators.is_empty()
        {
            changes.candidates.push(change);
        }
    }
    for before in &old.candidates {
        if !new.candidates.iter().any(|c| c.id == before.id) {
            changes.removed.push(before.id.to_string());
        }
    }
    changes
}

fn score(number: &Option<Number>) -> String {
    number.as_ref().map_or("—".into(), |n| n.to_fixed(2))
}

fn delta(old: &Option<Number>, new: &Option<Number>) -> String {
    match (old, new) {
        (Some(old), Some(new)) => {
            let change = new.subtract(old);
            let sign = if change.is_negative() { "" } else { "+" };
            format!(" ({sign}{})", change.to_fixed(2))
        }
        _ => String::new(),
    }
}

fn rank(rank: &Option<u32>) -> String {
    rank.map_or("—".into(), |r| r.to_string())
}

/// The changes as text a person reads: selected lists first, then the rule
/// changes (when comparing policies), then each candidate that moved.
pub fn text(policy: Option<&PolicyChanges>, outcome: &OutcomeChanges) -> String {
    text_with_facts(policy, outcome, None)
}

/// [`text`], and after the rule changes the facts that differ (when
/// comparing two facts files): the shared facts, then each candidate's.
pub fn text_with_facts(
    policy: Option<&PolicyChanges>,
    outcome: &OutcomeChanges,
    facts: Option<&[FactChange]>,
) -> String {
    let mut out = String::new();
    out.push_str("selected lists 入选名单\n");
    if outcome.selections.is_empty() {
        out.push_str("  no one enters or leaves\n");
    }
    for change in &outcome.selections {
        let sign = if change.enters {
            "+ enters"
        } else {
            "- leaves"
        };
        out.push_str(&format!(
            "  {sign} {}: {} ({})\n",
            change.list,
            change.name.as_deref().unwrap_or(&change.id),
            change.id
        ));
    }
    if let Some(policy) = policy {
        out.push_str("\nrule changes 规则变化\n");
        if policy.is_empty() {
            out.push_str("  none\n");
        }
        for parameter in &policy.parameters {
            match (&parameter.old, &parameter.new) {
                (Some(old), Some(new)) => {
                    out.push_str(&format!("  param {}: {old} → {new}\n", parameter.name))
                }
                (None, Some(new)) => {
                    out.push_str(&format!("  param {} added: {new}\n", parameter.name))
                }
                (Some(old), None) => {
                    out.push_str(&format!("  param {} removed (was {old})\n", parameter.name))
                }
                (None, None) => {}
            }
        }
        for indicator in policy.indicators.iter().chain(&policy.rules) {
            match &indicator.change {
                Change::Added => out.push_str(&format!("  + {} added\n", indicator.name)),
                Change::Removed => out.push_str(&format!("  - {} removed\n", indicator.name)),
                Change::Changed(what) => {
                    out.push_str(&format!("  ~ {}: {}\n", indicator.name, what.join("; ")));
                    for line in statement_lines(&indicator.statements) {
                        out.push_str(&format!("      {line}\n"));
                    }
                }
            }
        }
    }
    if let Some(facts) = facts {
        out.push_str("\nfacts that differ 事实变化\n");
        if facts.is_empty() {
            out.push_str("  none\n");
        }
        let mut current: Option<&str> = None;
        for change in facts {
            let indent = match &change.candidate {
                Some(id) => {
                    if current != Some(id.as_str()) {
                        out.push_str(&format!(
                            "  {} ({id})\n",
                            change.name.as_deref().unwrap_or(id)
                        ));
                        current = Some(id);
                    }
                    "    "
                }
                None => "  ",
            };
            out.push_str(&format!(
                "{indent}{}: {} → {}\n",
                change.path, change.old, change.new
            ));
        }
    }
    out.push_str("\ncandidates that moved 变化的候选\n");
    if outcome.candidates.is_empty() {
        out.push_str("  none\n");
    }
    for change in &outcome.candidates {
        out.push_str(&format!(
            "  {} ({})\n",
            change.name.as_deref().unwrap_or(&change.id),
            change.id
        ));
        if let Some((old, new)) = change.status {
            out.push_str(&format!("    status {} → {}\n", old.as_str(), new.as_str()));
        }
        if let Some((old, new)) = &change.rank {
            out.push_str(&format!("    rank   {} → {}\n", rank(old), rank(new)));
        }
        if let Some((old, new)) = &change.grade {
            let name = |grade: &Option<String>| grade.clone().unwrap_or_else(|| "—".into());
            out.push_str(&format!("    grade  {} → {}\n", name(old), name(new)));
        }
        if let Some((old, new)) = &change.total {
            out.push_str(&format!(
                "    total  {} → {}{}\n",
                score(old),
                score(new),
                delta(old, new)
            ));
        }
        for (name, old, new) in &change.indicators {
            out.push_str(&format!(
                "    {name} {} → {}{}\n",
                score(old),
                score(new),
                delta(old, new)
            ));
        }
    }
    for id in &outcome.added {
        out.push_str(&format!("  + {id} only in the new facts\n"));
    }
    for id in &outcome.removed {
        out.push_str(&format!("  - {id} only in the old facts\n"));
    }
    out
}

/// `` `score min(x, 30)` → `score min(x, 25)` ``, `` + `zero when …` ``,
/// `` - `…` ``: each changed statement as the policies write it.
fn statement_lines(statements: &[(Option<String>, Option<String>)]) -> Vec<String> {
    statements
        .iter()
        .map(|change| match change {
            (Some(old), Some(new)) => format!("`{old}` → `{new}`"),
            (None, Some(new)) => format!("+ `{new}`"),
            (Some(old), None) => format!("- `{old}`"),
            (None, None) => String::new(),
        })
        .collect()
}

fn change_json(change: &IndicatorChange) -> Json {
    match &change.change {
        Change::Added => json!({ "name": change.name, "change": "added" }),
        Change::Removed => json!({ "name": change.name, "change": "removed" }),
        Change::Changed(what) if change.statements.is_empty() => {
            json!({ "name": change.name, "change": "changed", "what": what })
        }
        Change::Changed(what) => json!({
            "name": change.name, "change": "changed", "what": what,
            "statements": change.statements.iter().map(|(old, new)| json!({ "old": old, "new": new })).collect::<Vec<_>>(),
        }),
    }
}

/// The same changes as JSON, with decimals as two-place strings.
pub fn json(policy: Option<&PolicyChanges>, outcome: &OutcomeChanges) -> String {
    json_with_facts(policy, outcome, None)
}

/// [`json`], with the key `facts` added when two facts files are compared.
pub fn json_with_facts(
    policy: Option<&PolicyChanges>,
    outcome: &OutcomeChanges,
    facts: Option<&[FactChange]>,
) -> String {
    let number = |n: &Option<Number>| n.as_ref().map(|n| n.to_fixed(2));
    let document = json!({
        "selections": outcome.selections.iter().map(|s| json!({
            "list": s.list, "id": s.id, "name": s.name, "change": if s.enters { "enters" } else { "leaves" },
        })).collect::<Vec<_>>(),
        "policy": policy.map(|p| json!({
            "parameters": p.parameters.iter().map(|c| json!({ "name": c.name, "old": c.old, "new": c.new })).collect::<Vec<_>>(),
            "indicators": p.indicators.iter().map(change_json).collect::<Vec<_>>(),
            "rules": p.rules.iter().map(change_json).collect::<Vec<_>>(),
        })),
        "candidates": outcome.candidates.iter().map(|c| {
            let mut object = json!({ "id": c.id, "name": c.name });
            if let Some((old, new)) = c.status {
                object["status"] = json!({ "old": old.as_str(), "new": new.as_str() });
            }
            if let Some((old, new)) = &c.rank {
                object["rank"] = json!({ "old": old, "new": new });
            }
            if let Some((old, new)) = &c.grade {
                object["grade"] = json!({ "old": old, "new": new });
            }
            if let Some((old, new)) = &c.total {
                object["total"] = json!({ "old": number(old), "new": number(new),
                    "delta": match (old, new) { (Some(o), Some(n)) => Some(n.subtract(o).to_fixed(2)), _ => None } });
            }
            object["indicators"] = Json::Array(c.indicators.iter().map(|(name, old, new)| json!({
                "name": name, "old": number(old), "new": number(new),
                "delta": match (old, new) { (Some(o), Some(n)) => Some(n.subtract(o).to_fixed(2)), _ => None },
            })).collect());
            object
        }).collect::<Vec<_>>(),
        "added": outcome.added,
        "removed": outcome.removed,
    });
    let mut document = document;
    if let Some(facts) = facts {
        document["facts"] = facts
            .iter()
            .map(|f| json!({ "candidate": f.candidate, "name": f.name, "path": f.path, "old": f.old, "new": f.new }))
            .collect();
    }
    let mut text = serde_json::to_string_pretty(&document).expect("JSON values always serialize");
    text.push('\n');
    text
}

//! What every output shares about the constructs of issue 14: which of them
//! an outcome uses, the item tree of an indicator, and a candidate's base,
//! bonus, deductions and grade in words.
//!
//! The renderers decide from the outcome alone whether to show base and
//! adjustments or grades, because the policy's declarations of them are not
//! visible to every renderer (the table and JSON writers are also used on
//! outcomes built by hand). Policies without these constructs therefore
//! render exactly as before.

use crate::number::Number;
use crate::outcome::{
    AdjustmentKind, AdjustmentOutcome, CandidateOutcome, GradeChangeKind, GradeOutcome,
    IndicatorOutcome, ItemOutcome, Outcome,
};
use crate::policy::{Indicator, Policy};

/// Whether the outputs show each candidate's base and adjustments: some
/// candidate has a `bonus` or `deduction` block, or a total that differs
/// from its base (the header's `final` bounds bit). A policy that declares
/// only final bounds which never bite is shown as one without them: its
/// totals are its bases.
pub fn shows_adjustments(outcome: &Outcome) -> bool {
    outcome.candidates.iter().any(|candidate| {
        !candidate.adjustments.is_empty()
            || matches!((&candidate.base, &candidate.total), (Some(base), Some(total)) if base != total)
    })
}

/// Whether the outputs show grades: some candidate was graded, which only
/// a policy that declares `grades` does.
pub fn shows_grades(outcome: &Outcome) -> bool {
    outcome
        .candidates
        .iter()
        .any(|candidate| candidate.grade.is_some())
}

/// Whether the policy is an assessment rather than a competition: it has no
/// `select`, so nobody is selected, no quota line is drawn and no list of the
/// selected is printed.
pub fn selects_nobody(policy: &Policy) -> bool {
    policy.selections.is_empty()
}

/// Whether some item of the policy has items of its own. Reports that show
/// indicators only (the ranking tables) then add each candidate's item tree,
/// since a two-level indicator's score no longer says where it came from.
pub fn has_nested_items(policy: &Policy) -> bool {
    policy
        .indicators
        .iter()
        .any(|indicator| indicator.items.iter().any(|item| !item.items.is_empty()))
}

/// One `bonus` or `deduction` block as a column of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct AdjustmentColumn {
    /// The block's identifier.
    pub name: String,
    /// Its label, if declared.
    pub label: Option<String>,
    /// Added or subtracted.
    pub kind: AdjustmentKind,
}

impl AdjustmentColumn {
    /// `加分 宣传报道加分` or `扣分 通报批评扣分`: the kind, then the label or name.
    pub fn heading(&self) -> String {
        format!(
            "{} {}",
            kind_words(self.kind),
            self.label.as_deref().unwrap_or(&self.name)
        )
    }
}

/// 加分 or 扣分.
pub fn kind_words(kind: AdjustmentKind) -> &'static str {
    match kind {
        AdjustmentKind::Bonus => "加分",
        AdjustmentKind::Deduction => "扣分",
    }
}

/// The blocks of the outcome in declaration order: every eligible
/// candidate carries all of them in that order, so the first one to carry
/// any gives the order; later candidates can only add a block nobody before
/// them had (an outcome built by hand).
pub fn adjustment_columns(outcome: &Outcome) -> Vec<AdjustmentColumn> {
    let mut columns: Vec<AdjustmentColumn> = Vec::new();
    for adjustment in outcome.candidates.iter().flat_map(|c| &c.adjustments) {
        if !columns.iter().any(|column| column.name == adjustment.name) {
            columns.push(AdjustmentColumn {
                name: adjustment.name.clone(),
                label: adjustment.label.clone(),
                kind: adjustment.kind,
            });
        }
    }
    columns
}

/// The candidate's outcome of the block named `name`.
pub fn adjustment<'a>(
    candidate: &'a CandidateOutcome,
    name: &str,
) -> Option<&'a AdjustmentOutcome> {
    candidate
        .adjustments
        .iter()
        .find(|adjustment| adjustment.name == name)
}

/// `+2.00` for a bonus, `−2.00` for a deduction, `0.00` for none: the sign
/// says which way the points go, so a row can be read left to right.
pub fn signed_points(adjustment: &AdjustmentOutcome, places: u32) -> String {
    let points = adjustment.points.to_fixed(places);
    if adjustment.points.is_zero() {
        return points;
    }
    match adjustment.kind {
        AdjustmentKind::Bonus => format!("+{points}"),
        AdjustmentKind::Deduction => format!("−{points}"),
    }
}

/// What the cap did: `capped at 2 from 2.40`, `cap 2` when it did not bite,
/// nothing when the block has no cap.
pub fn cap_words(adjustment: &AdjustmentOutcome, places: u32) -> String {
    match &adjustment.cap {
        Some(cap) if adjustment.uncapped != adjustment.points => format!(
            "capped at {cap} from {}",
            adjustment.uncapped.to_fixed(places)
        ),
        Some(cap) => format!("cap {cap}"),
        None => String::new(),
    }
}

/// base + bonuses − deductions, before the header's `final` bounds.
pub fn unbounded_total(candidate: &CandidateOutcome) -> Option<Number> {
    let mut sum = candidate.base.clone()?;
    for adjustment in &candidate.adjustments {
        sum = match adjustment.kind {
            AdjustmentKind::Bonus => sum.add(&adjustment.points),
            AdjustmentKind::Deduction => sum.subtract(&adjustment.points),
        };
    }
    Some(sum)
}

/// The grades of the outcome, best first, for counting them per group.
///
/// The policy's declared scale, best first; for an outcome built without
/// one (a policy that does not grade), read off the candidates: bands hold value intervals that do not overlap, so the band
/// of the highest value is the best; a grade reached only by falling (a cap,
/// or a full quota) sits just below the grade it fell from; one reached only
/// by a veto goes last, where a 一票否决 grade belongs.
pub fn grade_scale(policy: &Policy, outcome: &Outcome) -> Vec<String> {
    if let Some(scale) = &policy.grades {
        return scale.bands.iter().map(|band| band.name.clone()).collect();
    }
    let graded: Vec<&GradeOutcome> = outcome
        .candidates
        .iter()
        .filter_map(|c| c.grade.as_deref())
        .collect();
    let mut bands: Vec<(&str, &Number)> = Vec::new();
    for grade in &graded {
        match bands.iter_mut().find(|(band, _)| *band == grade.band) {
            Some((_, best)) if *best < &grade.value => *best = &grade.value,
            Some(_) => {}
            None => bands.push((&grade.band, &grade.value)),
        }
    }
    // Stable: equal values keep first-seen order.
    bands.sort_by(|a, b| b.1.cmp(a.1));
    let mut scale: Vec<String> = bands.iter().map(|(band, _)| band.to_string()).collect();
    let mut vetoed: Vec<String> = Vec::new();
    for grade in &graded {
        let mut from = grade.band.as_str();
        for change in &grade.changes {
            if !scale.contains(&change.to) && !vetoed.contains(&change.to) {
                match change.kind {
                    GradeChangeKind::Forced => vetoed.push(change.to.clone()),
                    GradeChangeKind::Capped | GradeChangeKind::Quota => {
                        let at = scale
                            .iter()
                            .position(|g| g == from)
                            .map_or(scale.len(), |i| i + 1);
                        scale.insert(at, change.to.clone());
                    }
                }
            }
            from = &change.to;
        }
    }
    for grade in graded.iter().map(|g| &g.name) {
        if !scale.contains(grade) && !vetoed.contains(grade) {
            vetoed.push(grade.clone());
        }
    }
    scale.extend(vetoed);
    scale
}

/// Each grade of `scale` with how many of `members` hold it, for a
/// committee's count per group.
pub fn grade_counts<'a>(
    scale: &'a [String],
    members: &[&CandidateOutcome],
) -> Vec<(&'a str, usize)> {
    scale
        .iter()
        .map(|grade| {
            let count = members
                .iter()
                .filter(|c| c.grade.as_ref().is_some_and(|g| &g.name == grade))
                .count();
            (grade.as_str(), count)
        })
        .collect()
}

/// The grade as a report cell: its label (or name), and when a rule moved
/// it away from its band, how: `良好 (capped from 优秀)`.
pub fn grade_cell(grade: &GradeOutcome) -> String {
    let shown = grade.label.as_deref().unwrap_or(&grade.name);
    match grade.changes.last() {
        None => shown.to_string(),
        Some(change) => {
            let how = match change.kind {
                GradeChangeKind::Forced => "forced",
                GradeChangeKind::Capped => "capped",
                GradeChangeKind::Quota => "over quota",
            };
            format!("{shown} ({how} from {})", grade.band)
        }
    }
}

/// How the grade was reached, in one line:
/// `95.00 → 优秀, capped to 良好 by 不得评为优秀：… [五(二)]`.
pub fn grade_story(grade: &GradeOutcome, places: u32) -> String {
    let mut text = format!("{} → {}", grade.value.to_fixed(places), grade.band);
    for change in &grade.changes {
        let clause = change
            .clause
            .as_ref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        let how = match change.kind {
            GradeChangeKind::Forced => "forced to",
            GradeChangeKind::Capped => "capped to",
            GradeChangeKind::Quota => "over the quota, down to",
        };
        text.push_str(&format!(
            ", {how} {} by {}{clause}",
            change.to, change.message
        ));
    }
    text
}

/// One item of an indicator's tree, with where it sits.
pub struct ItemNode<'a> {
    /// The names from the indicator's first-level item down to this one.
    pub path: Vec<&'a str>,
    /// The item's declaration.
    pub item: &'a Indicator,
    /// The item whose items are on this item's scale, when it is `scaled
    /// from` another (for the scale's words beside each child).
    pub parent: &'a Indicator,
}

/// Every item under `indicator`, parents before their children, in
/// declaration order.
pub fn item_nodes(indicator: &Indicator) -> Vec<ItemNode<'_>> {
    fn walk<'a>(parent: &'a Indicator, path: &[&'a str], out: &mut Vec<ItemNode<'a>>) {
        for item in &parent.items {
            let mut here = path.to_vec();
            here.push(&item.name);
            out.push(ItemNode {
                path: here.clone(),
                item,
                parent,
            });
            walk(item, &here, out);
        }
    }
    let mut nodes = Vec::new();
    walk(indicator, &[], &mut nodes);
    nodes
}

/// The item at `path` (names from the first level down) of a scored indicator.
pub fn item_at<'a>(indicator: &'a IndicatorOutcome, path: &[&str]) -> Option<&'a ItemOutcome> {
    let (first, rest) = path.split_first()?;
    let mut item = indicator.items.iter().find(|i| i.name == *first)?;
    for name in rest {
        item = item.items.iter().find(|i| i.name == *name)?;
    }
    Some(item)
}

/// One line of a candidate's score details.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailRow {
    /// 0 for an indicator, the base, an adjustment, the total and the grade;
    /// one more for each level of items, and for an adjustment's reasons.
    pub depth: usize,
    /// What the row is (`空气质量 air`, `加分 宣传报道加分 media`, a reason's message).
    pub what: String,
    /// Its points (signed for an adjustment), or the grade; `—` when there is none.
    pub value: String,
    /// The most it could be, when that is a number; empty otherwise.
    pub max: String,
    /// The scale, the cap, the clause, or how the grade was reached.
    pub note: String,
}

/// Whether the reports add per-candidate score details: there is an item
/// tree deeper than the ranking table shows, or a base and adjustments.
pub fn shows_details(policy: &Policy, outcome: &Outcome) -> bool {
    has_nested_items(policy) || shows_adjustments(outcome)
}

fn named(label: Option<&str>, name: &str) -> String {
    match label {
        Some(label) => format!("{label} {name}"),
        None => name.to_string(),
    }
}

fn bracketed(clause: Option<&str>) -> String {
    clause.map(|c| format!("[{c}]")).unwrap_or_default()
}

fn joined(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A candidate's score details, top to bottom: each indicator with its item
/// tree (when the policy nests items), the base, each bonus and deduction
/// with its reasons, the total and the grade.
pub fn detail_rows(policy: &Policy, candidate: &CandidateOutcome, places: u32) -> Vec<DetailRow> {
    let mut rows = Vec::new();
    let score = |n: Option<&Number>| n.map_or("—".to_string(), |n| n.to_fixed(places));
    if has_nested_items(policy) {
        for indicator in &policy.indicators {
            let scored = candidate.indicator(&indicator.name);
            rows.push(DetailRow {
                depth: 0,
                what: named(indicator.label.as_deref(), &indicator.name),
                value: score(scored.and_then(|s| s.score.as_ref())),
                max: indicator.max.to_string(),
                note: scale_note(indicator),
            });
            for node in item_nodes(indicator) {
                let item = scored.and_then(|s| item_at(s, &node.path));
                rows.push(DetailRow {
                    depth: node.path.len(),
                    what: named(node.item.label.as_deref(), &node.item.name),
                    value: score(item.map(|i| &i.score)),
                    max: node.item.max.to_string(),
                    note: scale_note(node.item),
                });
            }
        }
    }
    if candidate.base.is_some() && shows_adjustments_of(candidate) {
        rows.push(DetailRow {
            depth: 0,
            what: "基础分 base".into(),
            value: score(candidate.base.as_ref()),
            max: policy.header.total.to_string(),
            note: "各项指标得分之和 the indicators' sum".into(),
        });
        for adjustment in &candidate.adjustments {
            rows.push(DetailRow {
                depth: 0,
                what: format!(
                    "{} {}",
                    kind_words(adjustment.kind),
                    named(adjustment.label.as_deref(), &adjustment.name)
                ),
                value: signed_points(adjustment, places),
                max: String::new(),
                note: joined(&[
                    cap_words(adjustment, places),
                    bracketed(adjustment.clause.as_deref()),
                ]),
            });
            for reason in &adjustment.reasons {
                rows.push(DetailRow {
                    depth: 1,
                    what: reason.message.clone(),
                    value: reason.points.to_fixed(places),
                    max: String::new(),
                    note: bracketed(reason.clause.as_deref()),
                });
            }
        }
    }
    if candidate.base.is_some() || has_nested_items(policy) {
        let note = match (unbounded_total(candidate), &candidate.total) {
            (Some(unbounded), Some(total)) if &unbounded != total => format!(
                "{} held to {} by the final bounds",
                unbounded.to_fixed(places),
                total.to_fixed(places)
            ),
            _ => String::new(),
        };
        rows.push(DetailRow {
            depth: 0,
            what: "总分 total".into(),
            value: score(candidate.total.as_ref()),
            max: String::new(),
            note,
        });
    }
    if let Some(grade) = &candidate.grade {
        rows.push(DetailRow {
            depth: 0,
            what: "等次 grade".into(),
            value: grade.label.as_deref().unwrap_or(&grade.name).to_string(),
            max: String::new(),
            note: grade_story(grade, places),
        });
    }
    rows
}

/// A candidate's own reason to show base and adjustments: it has blocks,
/// or bounds changed its total.
fn shows_adjustments_of(candidate: &CandidateOutcome) -> bool {
    !candidate.adjustments.is_empty()
        || matches!((&candidate.base, &candidate.total), (Some(base), Some(total)) if base != total)
}

fn scale_note(indicator: &Indicator) -> String {
    match &indicator.scaled_from {
        Some(basis) if !indicator.items.is_empty() => format!(
            "items on a {basis}-point scale, scaled {}/{basis}",
            indicator.max
        ),
        _ => String::new(),
    }
}

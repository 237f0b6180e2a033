//! Outcome → text a person reads (a ranking table per group) or JSON other
//! programs read (the results contract of the spec).

pub mod breakdown;
mod chart;
pub mod csv;
pub mod explain;
pub mod html;
pub mod markdown;
pub mod rulebook;
mod table;
pub mod xlsx;

pub use table::{status_words, table, table_with, TableOptions};

use serde_json::{json, Map, Value as Json};

use crate::number::Number;
use crate::outcome::{
    AdjustmentOutcome, CandidateOutcome, Finding, GroupOutcome, ItemOutcome, Outcome, Status,
};
use crate::policy::Policy;

/// The candidates of a cohort: ranked ones by rank (facts order among
/// equals), then the excluded ones in facts order.
pub(crate) fn members<'a>(outcome: &'a Outcome, group: &GroupOutcome) -> Vec<&'a CandidateOutcome> {
    let mut members: Vec<&CandidateOutcome> = outcome
        .candidates
        .iter()
        .filter(|c| c.group.as_deref().unwrap_or("") == group.name)
        .collect();
    // Excluded last: a policy that does not rank leaves every rank `None`,
    // and its scored candidates keep their facts order ahead of the excluded.
    members.sort_by_key(|c| (c.status == Status::Excluded, c.rank.unwrap_or(u32::MAX)));
    members
}

/// Places shown for decimal scores: the policy's rounding, at least two.
fn places(policy: &Policy) -> u32 {
    policy
        .header
        .rounding
        .map_or(2, |(places, _)| places.max(2))
}

/// `(max, basis)` when the indicator `name` is `scaled from basis`: its
/// items are on the basis's scale and their sum enters the indicator × max ÷
/// basis (the 2019 case files: items of 15 on the method's 30, into 20).
pub(crate) fn scale_of(policy: &Policy, name: &str) -> Option<(Number, Number)> {
    let indicator = policy.indicators.iter().find(|i| i.name == name)?;
    indicator
        .scaled_from
        .as_ref()
        .map(|basis| (indicator.max.clone(), basis.clone()))
}

/// Which scale an item's score is on, in words: `of 15`, or `of 15, scaled
/// 20/30` when its indicator scales the items' sum.
pub fn item_scale_words(item_max: &Number, scale: Option<&(Number, Number)>) -> String {
    match scale {
        Some((max, basis)) => format!("of {item_max}, scaled {max}/{basis}"),
        None => format!("of {item_max}"),
    }
}

/// Whether the item scores as shown (to `places`) add up, scaled when the
/// indicator scales, to the indicator's score as shown. Items are not
/// rounded before the indicator, so they may not: 3.333… + 3.333… shows as
/// 3.33 + 3.33 = 6.66 beside an indicator of 6.67. True when there is
/// nothing to compare.
pub fn items_add_up(
    indicator: &crate::outcome::IndicatorOutcome,
    scale: Option<&(Number, Number)>,
    places: u32,
) -> bool {
    let Some(score) = &indicator.score else {
        return true;
    };
    if indicator.items.is_empty() {
        return true;
    }
    let shown = |n: &Number| Number::parse_decimal(&n.to_fixed(places)).expect("fixed text");
    let mut sum = Number::zero();
    for item in &indicator.items {
        sum = sum.add(&shown(&item.score));
    }
    if let Some((max, basis)) = scale {
        match sum.multiply(max).divide(basis) {
            Some(scaled) => sum = scaled,
            None => return true,
        }
    }
    sum.to_fixed(places) == score.to_fixed(places)
}

/// A rule's place as a committee reads it (issue 15 §2): a top-level rule,
/// which the checker names by its line (`finding at line 189`), is named by
/// its clause instead (`finding [附3 二(四)2(1)]`); a rule without a clause
/// keeps its line, the only thing that finds it. Other places (`indicator
/// supervision`, `select`) are already words and stay as they are.
pub fn rule_place(place: &str, cites: &[&str]) -> String {
    match place.find(" at line ") {
        Some(at) if !cites.is_empty() => format!("{} [{}]", &place[..at], cites.join("；")),
        _ => place.to_string(),
    }
}

/// A finding's rule as [`rule_place`] names it.
pub fn finding_rule(finding: &Finding) -> String {
    match &finding.clause {
        Some(clause) => rule_place(&finding.rule, &[clause.as_str()]),
        None => finding.rule.to_string(),
    }
}

/// What a report says where shown items do not add up to their indicator.
pub const ITEMS_NOT_ROUNDED: &str =
    "分项不先四舍五入，四舍五入后的分项之和可能与指标得分不同 items are not rounded before the indicator, so the rounded items may not add up to it";

fn decimal(number: &Number, places: u32) -> Json {
    Json::String(number.to_fixed(places))
}

fn finding_json(finding: &Finding) -> Json {
    json!({
        "severity": finding.severity.as_str(),
        "kind": finding.kind,
        "message": finding.message,
        "clause": finding.clause,
        "rule": finding.rule,
    })
}

/// The results contract: every candidate in facts order with `id`, `name`,
/// the group field (`level`), `status`, flags (`national`), `rank`, `total`,
/// `indicators.<id>.score` and `findings`. Decimals are strings.
///
/// Items nest `items` inside items as deep as the policy nests them. When the
/// outcome has adjustments ([`breakdown::shows_adjustments`]) every candidate
/// adds `base` and `adjustments` after `total`; when it has grades
/// ([`breakdown::shows_grades`]), `grade` and `grade_band` (null when
/// excluded). Outcomes without them give the same bytes as before.
pub fn json(policy: &Policy, outcome: &Outcome) -> String {
    let mut bytes = Vec::new();
    write_json(policy, outcome, &mut bytes).expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

/// Writes the same bytes as [`json`] to `writer` as they are produced, so
/// a large outcome never exists twice in memory (as values and as text).
pub fn write_json(
    policy: &Policy,
    outcome: &Outcome,
    writer: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *writer, &json_document(policy, outcome))
        .map_err(std::io::Error::from)?;
    writer.write_all(b"\n")
}

/// The results document of `outcome`, candidates written lazily.
fn json_document<'a>(policy: &Policy, outcome: &'a Outcome) -> Document<'a> {
    let places = places(policy);
    let groups: Vec<Json> = outcome
        .groups
        .iter()
        .map(|group| {
            json!({
                "name": group.name,
                "label": group.label,
                "quota": group.quota,
                "eligible": group.eligible,
                "selected": group.selected,
                "revoked": group.revoked,
                "findings": group.findings.iter().map(finding_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    Document {
        policy: json!({
            "id": outcome.policy_id,
            "title": outcome.title,
            "version": outcome.version,
        }),
        candidates: Candidates {
            outcome,
            places,
            adjustments: breakdown::shows_adjustments(outcome),
            grades: breakdown::shows_grades(outcome),
        },
        groups,
    }
}

/// The results document, in the contract's key order.
#[derive(serde::Serialize)]
struct Document<'a> {
    policy: Json,
    candidates: Candidates<'a>,
    groups: Vec<Json>,
}

/// The candidates, each turned into JSON only while it is written: a whole
/// document of JSON values would take several times the memory of the
/// output at 100,000 candidates.
struct Candidates<'a> {
    outcome: &'a Outcome,
    places: u32,
    /// Whether candidates carry `base` and `adjustments` ([`breakdown::shows_adjustments`]).
    adjustments: bool,
    /// Whether candidates carry `grade` and `grade_band` ([`breakdown::shows_grades`]).
    grades: bool,
}

impl serde::Serialize for Candidates<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut sequence = serializer.serialize_seq(Some(self.outcome.candidates.len()))?;
        for candidate in &self.outcome.candidates {
            sequence.serialize_element(&candidate_json(self, candidate))?;
        }
        sequence.end()
    }
}

fn candidate_json(written: &Candidates, candidate: &CandidateOutcome) -> Json {
    let (outcome, places) = (written.outcome, written.places);
    let mut object = Map::new();
    object.insert("id".into(), json!(candidate.id));
    object.insert("name".into(), json!(candidate.name));
    if let (Some(field), Some(group)) = (&outcome.group_field, &candidate.group) {
        object.insert(field.clone(), json!(group));
    }
    object.insert("status".into(), json!(candidate.status.as_str()));
    for (flag, value) in &candidate.flags {
        object.insert(flag.clone(), json!(value));
    }
    object.insert("rank".into(), json!(candidate.rank));
    object.insert(
        "total".into(),
        candidate
            .total
            .as_ref()
            .map_or(Json::Null, |t| decimal(t, places)),
    );
    if written.adjustments {
        object.insert(
            "base".into(),
            candidate
                .base
                .as_ref()
                .map_or(Json::Null, |b| decimal(b, places)),
        );
        object.insert(
            "adjustments".into(),
            Json::Array(
                candidate
                    .adjustments
                    .iter()
                    .map(|a| adjustment_json(a, places))
                    .collect(),
            ),
        );
    }
    if written.grades {
        let grade = candidate.grade.as_ref();
        object.insert("grade".into(), json!(grade.map(|g| &g.name)));
        object.insert("grade_band".into(), json!(grade.map(|g| &g.band)));
    }
    let mut indicators = Map::new();
    for indicator in &candidate.indicators {
        let mut entry = Map::new();
        entry.insert(
            "score".into(),
            indicator
                .score
                .as_ref()
                .map_or(Json::Null, |s| decimal(s, places)),
        );
        entry.insert("max".into(), decimal(&indicator.max, places));
        if !indicator.items.is_empty() {
            // Added keys only: `max` of each item, and `scaled_from` when the
            // items are on another scale than the indicator.
            entry.insert("items".into(), items_json(&indicator.items, places));
            if let Some(basis) = indicator.scaled_from.as_ref() {
                entry.insert("scaled_from".into(), decimal(basis, places));
            }
        }
        indicators.insert(indicator.name.to_string(), Json::Object(entry));
    }
    object.insert("indicators".into(), Json::Object(indicators));
    object.insert(
        "findings".into(),
        Json::Array(candidate.findings.iter().map(finding_json).collect()),
    );
    Json::Object(object)
}

/// Items keyed by name, nested as the indicator nests them: a leaf has
/// `score`, `exact` and `max` as it always had; an item with items of its
/// own adds `items` (and `scaled_from`, when they are on another scale),
/// exactly as an indicator does.
fn items_json(items: &[ItemOutcome], places: u32) -> Json {
    let items: Map<String, Json> = items
        .iter()
        .map(|item| {
            let mut entry = Map::new();
            entry.insert("score".into(), decimal(&item.score, places));
            entry.insert("exact".into(), json!(item.score.to_exact_string()));
            entry.insert("max".into(), decimal(&item.max, places));
            if !item.items.is_empty() {
                entry.insert("items".into(), items_json(&item.items, places));
                if let Some(basis) = item.scaled_from.as_ref() {
                    entry.insert("scaled_from".into(), decimal(basis, places));
                }
            }
            (item.name.to_string(), Json::Object(entry))
        })
        .collect();
    Json::Object(items)
}

/// A `bonus` or `deduction` block: its points (never negative; `kind` says
/// which way they go), the points before the cap, and each reason.
fn adjustment_json(adjustment: &AdjustmentOutcome, places: u32) -> Json {
    json!({
        "name": adjustment.name,
        "label": adjustment.label,
        "kind": adjustment.kind,
        "points": decimal(&adjustment.points, places),
        "uncapped": decimal(&adjustment.uncapped, places),
        "cap": adjustment.cap.as_ref().map(|cap| decimal(cap, places)),
        "clause": adjustment.clause,
        "reasons": adjustment.reasons.iter().map(|reason| json!({
            "message": reason.message,
            "points": decimal(&reason.points, places),
            "clause": reason.clause,
        })).collect::<Vec<_>>(),
    })
}

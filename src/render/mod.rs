//! Outcome → text a person reads (a ranking table per group) or JSON other
//! programs read (the results contract of the spec).

pub mod csv;
pub mod explain;
pub mod html;
pub mod markdown;
pub mod xlsx;

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};
use serde_json::{json, Map, Value as Json};

use crate::number::Number;
use crate::outcome::{CandidateOutcome, Finding, GroupOutcome, Outcome, Status};
use crate::policy::Policy;

/// The candidates of a cohort: ranked ones by rank (facts order among
/// equals), then the excluded ones in facts order.
pub(crate) fn members<'a>(outcome: &'a Outcome, group: &GroupOutcome) -> Vec<&'a CandidateOutcome> {
    let mut members: Vec<&CandidateOutcome> = outcome
        .candidates
        .iter()
        .filter(|c| c.group.as_deref().unwrap_or("") == group.name)
        .collect();
    members.sort_by_key(|c| c.rank.unwrap_or(u32::MAX));
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
        candidates: Candidates { outcome, places },
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
}

impl serde::Serialize for Candidates<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut sequence = serializer.serialize_seq(Some(self.outcome.candidates.len()))?;
        for candidate in &self.outcome.candidates {
            sequence.serialize_element(&candidate_json(self.outcome, candidate, self.places))?;
        }
        sequence.end()
    }
}

fn candidate_json(outcome: &Outcome, candidate: &CandidateOutcome, places: u32) -> Json {
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
            let items: Map<String, Json> = indicator
                .items
                .iter()
                .map(|item| {
                    (
                        item.name.clone(),
                        json!({
                            "score": decimal(&item.score, places),
                            "exact": item.score.to_exact_string(),
                            "max": decimal(&item.max, places),
                        }),
                    )
                })
                .collect();
            entry.insert("items".into(), Json::Object(items));
            if let Some(basis) = indicator.scaled_from.as_ref() {
                entry.insert("scaled_from".into(), decimal(basis, places));
            }
        }
        indicators.insert(indicator.name.clone(), Json::Object(entry));
    }
    object.insert("indicators".into(), Json::Object(indicators));
    object.insert(
        "findings".into(),
        Json::Array(candidate.findings.iter().map(finding_json).collect()),
    );
    Json::Object(object)
}

fn status_text(candidate: &CandidateOutcome) -> String {
    let base = match candidate.status {
        Status::Selected => "入选 selected",
        Status::Ranked => "未入选 ranked",
        Status::Excluded => "排除 excluded",
        Status::Revoked => "撤销 revoked",
        Status::Scored => "已评分 scored",
    };
    let flags: Vec<&str> = candidate
        .flags
        .iter()
        .filter(|(_, on)| *on)
        .map(|(name, _)| name.as_str())
        .collect();
    if flags.is_empty() {
        base.to_string()
    } else {
        format!("{base} +{}", flags.join(" +"))
    }
}

/// A ranking table per group, the selection line, and the findings.
pub fn table(policy: &Policy, outcome: &Outcome) -> String {
    let places = places(policy);
    let mut text = String::new();
    if let Some(title) = &outcome.title {
        text.push_str(title);
        if let Some(version) = &outcome.version {
            text.push_str(&format!(" ({version})"));
        }
        text.push('\n');
    }
    for group in &outcome.groups {
        let members = members(outcome, group);
        if members.is_empty() {
            continue;
        }
        let heading = match (&group.label, group.name.is_empty()) {
            (_, true) => "全部候选 all candidates".to_string(),
            (Some(label), false) => format!("{label} {}", group.name),
            (None, false) => group.name.clone(),
        };
        let quota = group.quota.map_or("no quota".to_string(), |q| {
            if group.revoked > 0 {
                format!(
                    "quota {q}, selected {}, revoked {} ({} titles held, nobody moves up)",
                    group.selected,
                    group.revoked,
                    group.selected.saturating_sub(group.revoked)
                )
            } else {
                format!("quota {q}, selected {}", group.selected)
            }
        });
        text.push_str(&format!(
            "\n{heading} — {} eligible, {quota}\n",
            group.eligible
        ));

        let mut table = Table::new();
        table.load_preset(presets::UTF8_FULL_CONDENSED);
        table.set_content_arrangement(ContentArrangement::Disabled);
        let mut header = vec![
            Cell::new("名次"),
            Cell::new("id"),
            Cell::new("名称"),
            Cell::new("状态"),
        ];
        for indicator in &policy.indicators {
            let label = indicator
                .label
                .clone()
                .unwrap_or_else(|| indicator.name.clone());
            header.push(Cell::new(format!(
                "{label}\n{}/{}",
                indicator.name, indicator.max
            )));
        }
        header.push(Cell::new(format!("总分\n/{}", policy.header.total)));
        table.set_header(header);
        let mut line_drawn = group.quota.is_none();
        for candidate in &members {
            if !line_drawn
                && candidate.status != Status::Selected
                && candidate.status != Status::Revoked
            {
                line_drawn = true;
                let mut separator = vec![
                    Cell::new("──"),
                    Cell::new(format!("名额线 quota {}", group.quota.unwrap_or(0))),
                ];
                separator.extend((0..policy.indicators.len() + 3).map(|_| Cell::new("")));
                table.add_row(separator);
            }
            let mut row = vec![
                Cell::new(candidate.rank.map_or("—".into(), |r| r.to_string())),
                Cell::new(&candidate.id),
                Cell::new(candidate.name.as_deref().unwrap_or("")),
                Cell::new(status_text(candidate)),
            ];
            for indicator in &candidate.indicators {
                row.push(
                    Cell::new(
                        indicator
                            .score
                            .as_ref()
                            .map_or("—".into(), |s| s.to_fixed(places)),
                    )
                    .set_alignment(CellAlignment::Right),
                );
            }
            row.push(
                Cell::new(
                    candidate
                        .total
                        .as_ref()
                        .map_or("—".into(), |t| t.to_fixed(places)),
                )
                .set_alignment(CellAlignment::Right),
            );
            table.add_row(row);
        }
        text.push_str(&table.to_string());
        text.push('\n');
        for finding in &group.findings {
            text.push_str(&format!("  {}\n", finding_line(finding)));
        }
    }
    let with_findings: Vec<&CandidateOutcome> = outcome
        .candidates
        .iter()
        .filter(|c| !c.findings.is_empty())
        .collect();
    if !with_findings.is_empty() {
        text.push_str("\nfindings 发现\n");
        for candidate in with_findings {
            let name = candidate.name.as_deref().unwrap_or(&candidate.id);
            text.push_str(&format!("{name} ({})\n", candidate.id));
            for finding in &candidate.findings {
                text.push_str(&format!("  {}\n", finding_line(finding)));
            }
        }
    }
    text
}

fn finding_line(finding: &Finding) -> String {
    let clause = finding
        .clause
        .as_ref()
        .map(|c| format!(" [{c}]"))
        .unwrap_or_default();
    format!(
        "{:<7} {}{clause}",
        finding.severity.as_str(),
        finding.message
    )
}

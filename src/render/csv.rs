//! One CSV row per candidate, for spreadsheets and other programs.

use crate::number::Number;
use crate::outcome::Outcome;
use crate::policy::Policy;

use super::breakdown::{self, item_at, item_nodes};
use super::places;

/// The outcome as CSV: a header row of field ids, then one row per
/// candidate in facts order. Columns: `id`, `name`, the group field
/// (`level`) when the policy groups, `status`, one per flag (`national`,
/// `true`/`false`), `rank`, `total`, one per indicator (`supervision`) in
/// declaration order, then one per item (`team.mobile`), an item's own
/// items after it with their whole path (`quality.air.targets.pm10`).
///
/// A policy with `bonus` or `deduction` blocks adds, after `total`, `base`
/// and one column per block, `bonus.NAME` or `deduction.NAME`, holding its
/// points (never negative: the column's kind says which way they go, and
/// `total` = `base` + bonuses − deductions within the `final` bounds). A
/// policy that grades adds `grade` and `grade_band` after those: the grade
/// name, and the band of the value before vetoes and quotas. Decimals are text
/// with the policy's places (at least two); a missing value is an empty
/// cell. No byte-order mark, nothing but the header and the rows.
///
/// Text cells (ids, names, the group) that begin with `=`, `+`, `-`, `@`, a
/// tab or a carriage return get a leading `'`, so a spreadsheet opening the
/// file shows them as text instead of running them as a formula (OWASP's
/// CSV injection advice). Number cells are written as they stand: `-1.50`
/// stays a number.
pub fn csv(policy: &Policy, outcome: &Outcome) -> String {
    let places = places(policy);
    let fixed = |number: Option<&Number>| number.map_or(String::new(), |n| n.to_fixed(places));
    let flags: Vec<&str> = super::markdown::flag_names(policy);
    let items: Vec<(&str, Vec<&str>)> = policy
        .indicators
        .iter()
        .flat_map(|indicator| {
            item_nodes(indicator)
                .into_iter()
                .map(move |node| (indicator.name.as_str(), node.path))
        })
        .collect();
    let adjustments = breakdown::shows_adjustments(outcome);
    let columns = breakdown::adjustment_columns(outcome);
    let grades = breakdown::shows_grades(outcome);

    let mut header: Vec<String> = vec!["id".into(), "name".into()];
    if let Some(field) = &outcome.group_field {
        header.push(field.clone());
    }
    header.push("status".into());
    header.extend(flags.iter().map(|flag| flag.to_string()));
    header.push("rank".into());
    header.push("total".into());
    if adjustments {
        header.push("base".into());
        header.extend(columns.iter().map(|column| {
            let kind = match column.kind {
                crate::outcome::AdjustmentKind::Bonus => "bonus",
                crate::outcome::AdjustmentKind::Deduction => "deduction",
            };
            format!("{kind}.{}", column.name)
        }));
    }
    if grades {
        header.push("grade".into());
        header.push("grade_band".into());
    }
    header.extend(policy.indicators.iter().map(|i| i.name.clone()));
    header.extend(
        items
            .iter()
            .map(|(indicator, path)| format!("{indicator}.{}", path.join("."))),
    );

    let header: Vec<String> = header.iter().map(|cell| text_cell(cell)).collect();
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer
        .write_record(&header)
        .expect("writing to memory cannot fail");
    for candidate in &outcome.candidates {
        let mut row: Vec<String> = vec![
            text_cell(&candidate.id),
            text_cell(candidate.name.as_deref().unwrap_or_default()),
        ];
        if outcome.group_field.is_some() {
            row.push(text_cell(candidate.group.as_deref().unwrap_or_default()));
        }
        row.push(candidate.status.as_str().to_string());
        for flag in &flags {
            let on = candidate.flags.iter().any(|(name, on)| name == flag && *on);
            row.push(on.to_string());
        }
        row.push(candidate.rank.map_or(String::new(), |r| r.to_string()));
        row.push(fixed(candidate.total.as_ref()));
        if adjustments {
            row.push(fixed(candidate.base.as_ref()));
            for column in &columns {
                let points = breakdown::adjustment(candidate, &column.name).map(|a| &a.points);
                row.push(fixed(points));
            }
        }
        if grades {
            let grade = candidate.grade.as_ref();
            row.push(text_cell(grade.map_or("", |g| g.name.as_str())));
            row.push(text_cell(grade.map_or("", |g| g.band.as_str())));
        }
        for indicator in &policy.indicators {
            let score = candidate
                .indicator(&indicator.name)
                .and_then(|i| i.score.as_ref());
            row.push(fixed(score));
        }
        for (indicator, path) in &items {
            let score = candidate
                .indicator(indicator)
                .and_then(|i| item_at(i, path))
                .map(|it| &it.score);
            row.push(fixed(score));
        }
        writer
            .write_record(&row)
            .expect("writing to memory cannot fail");
    }
    let bytes = writer.into_inner().expect("flushing to memory cannot fail");
    String::from_utf8(bytes).expect("every cell is UTF-8 text")
}

/// A text cell a spreadsheet will not run as a formula: one that begins
/// with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`.
pub(crate) fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

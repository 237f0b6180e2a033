//! One CSV row per candidate, for spreadsheets and other programs.

use crate::messages::Language;
use crate::number::Number;
use crate::outcome::Outcome;
use crate::policy::Policy;
use crate::tr;

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
    write(policy, outcome, None)
}

/// The CSV report a committee opens in a spreadsheet (issue 15 §2): a
/// UTF-8 byte-order mark (Chinese Excel reads the file as UTF-8 only with
/// one, as `convert` writes its sheets), then a row of labels in the
/// reader's language (编号, 名称, 状态, 名次, 总分, each indicator's and
/// item's label), then the header row of [`csv`] unchanged, then a row of
/// maxima (`满分` in the first column), then the candidates as in [`csv`].
/// A program reads it as [`csv`] after skipping the mark and the first
/// row, and the maxima row, whose `status` is empty.
pub fn csv_with(policy: &Policy, outcome: &Outcome, language: Language) -> String {
    write(policy, outcome, Some(language))
}

fn write(policy: &Policy, outcome: &Outcome, labelled: Option<Language>) -> String {
    let language = labelled.unwrap_or_default();
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

    // Each column: its key (the header row), its label, and its maximum.
    let mut header: Vec<String> = vec!["id".into(), "name".into()];
    let mut labels: Vec<String> = vec![tr!(language, "report-id"), tr!(language, "report-name")];
    let mut maxima: Vec<String> = vec![tr!(language, "report-max"), String::new()];
    if let Some(field) = &outcome.group_field {
        header.push(field.clone());
        let label = policy
            .candidate_fields()
            .fields
            .iter()
            .find(|f| &f.name == field)
            .and_then(|f| f.label.clone());
        labels.push(label.unwrap_or_else(|| field.clone()));
        maxima.push(String::new());
    }
    header.push("status".into());
    labels.push(tr!(language, "report-status"));
    maxima.push(String::new());
    for flag in &flags {
        header.push(flag.to_string());
        labels.push(flag.to_string());
        maxima.push(String::new());
    }
    header.push("rank".into());
    labels.push(tr!(language, "report-rank"));
    maxima.push(String::new());
    header.push("total".into());
    labels.push(tr!(language, "report-total"));
    maxima.push(policy.header.total.to_fixed(places));
    if adjustments {
        header.push("base".into());
        labels.push(tr!(language, "report-base"));
        maxima.push(policy.header.total.to_fixed(places));
        for column in &columns {
            let kind = match column.kind {
                crate::outcome::AdjustmentKind::Bonus => "bonus",
                crate::outcome::AdjustmentKind::Deduction => "deduction",
            };
            header.push(format!("{kind}.{}", column.name));
            labels.push(column.heading());
            let cap = policy
                .adjustments
                .iter()
                .find(|a| a.name == column.name)
                .and_then(|a| a.cap.as_ref());
            maxima.push(cap.map_or(String::new(), |cap| cap.to_fixed(places)));
        }
    }
    if grades {
        header.push("grade".into());
        labels.push(tr!(language, "report-grade"));
        maxima.push(String::new());
        header.push("grade_band".into());
        labels.push(tr!(language, "report-grade-band"));
        maxima.push(String::new());
    }
    for indicator in &policy.indicators {
        header.push(indicator.name.to_string());
        labels.push(
            indicator
                .label
                .as_deref()
                .unwrap_or(&indicator.name)
                .to_string(),
        );
        maxima.push(indicator.max.to_fixed(places));
    }
    for indicator in &policy.indicators {
        for node in item_nodes(indicator) {
            header.push(format!("{}.{}", indicator.name, node.path.join(".")));
            labels.push(
                node.item
                    .label
                    .as_deref()
                    .unwrap_or(&node.item.name)
                    .to_string(),
            );
            maxima.push(node.item.max.to_fixed(places));
        }
    }

    let header: Vec<String> = header.iter().map(|cell| text_cell(cell)).collect();
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    if labelled.is_some() {
        let labels: Vec<String> = labels.iter().map(|cell| text_cell(cell)).collect();
        writer
            .write_record(&labels)
            .expect("writing to memory cannot fail");
    }
    writer
        .write_record(&header)
        .expect("writing to memory cannot fail");
    if labelled.is_some() {
        writer
            .write_record(&maxima)
            .expect("writing to memory cannot fail");
    }
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
    let text = String::from_utf8(bytes).expect("every cell is UTF-8 text");
    match labelled {
        Some(_) => format!("\u{FEFF}{text}"),
        None => text,
    }
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

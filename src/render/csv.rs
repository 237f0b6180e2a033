//! One CSV row per candidate, for spreadsheets and other programs.

use crate::number::Number;
use crate::outcome::Outcome;
use crate::policy::Policy;

use super::places;

/// The outcome as CSV: a header row of field ids, then one row per
/// candidate in facts order. Columns: `id`, `name`, the group field
/// (`level`) when the policy groups, `status`, one per flag (`national`,
/// `true`/`false`), `rank`, `total`, one per indicator (`supervision`) in
/// declaration order, then one per item (`team.mobile`). Decimals are text
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
    let items: Vec<(&str, &str)> = policy
        .indicators
        .iter()
        .flat_map(|indicator| {
            indicator
                .items
                .iter()
                .map(move |item| (indicator.name.as_str(), item.name.as_str()))
        })
        .collect();

    let mut header: Vec<String> = vec!["id".into(), "name".into()];
    if let Some(field) = &outcome.group_field {
        header.push(field.clone());
    }
    header.push("status".into());
    header.extend(flags.iter().map(|flag| flag.to_string()));
    header.push("rank".into());
    header.push("total".into());
    header.extend(policy.indicators.iter().map(|i| i.name.clone()));
    header.extend(
        items
            .iter()
            .map(|(indicator, item)| format!("{indicator}.{item}")),
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
        for indicator in &policy.indicators {
            let score = candidate
                .indicator(&indicator.name)
                .and_then(|i| i.score.as_ref());
            row.push(fixed(score));
        }
        for (indicator, item) in &items {
            let score = candidate
                .indicator(indicator)
                .and_then(|i| i.items.iter().find(|it| it.name == *item))
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

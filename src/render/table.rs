//! The ranking table for a terminal: a table per group, the selection line,
//! the score details when the policy has more than the table shows, and
//! the findings.

use comfy_table::{
    presets, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width,
};
use unicode_width::UnicodeWidthStr;

use crate::messages::Language;
use crate::outcome::{CandidateOutcome, Finding, Outcome, Status};
use crate::policy::Policy;
use crate::tr;

use super::breakdown::{self, DetailRow};
use super::{members, places};

/// How the terminal table is written: in whose language, and how wide it
/// may be.
#[derive(Clone, Copy, Debug, Default)]
pub struct TableOptions {
    /// The language of the headings and status words.
    pub language: Language,
    /// The columns available (the terminal's width, `COLUMNS`); a table
    /// wider than this wraps its cells to fit. `None` never wraps.
    pub width: Option<u16>,
}

/// A candidate's status in the reader's language (入选, 未入选…).
pub fn status_words(status: Status, language: Language) -> String {
    match status {
        Status::Selected => tr!(language, "report-status-selected"),
        Status::Ranked => tr!(language, "report-status-ranked"),
        Status::Excluded => tr!(language, "report-status-excluded"),
        Status::Revoked => tr!(language, "report-status-revoked"),
        Status::Scored => tr!(language, "report-status-scored"),
    }
}

fn status_text(candidate: &CandidateOutcome, language: Language) -> String {
    let base = status_words(candidate.status, language);
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

/// A ranking table per group, the selection line, and the findings. A
/// policy with a bonus or deduction adds the base and one column per block
/// before the total; a policy that grades adds 等次 after it and a count per
/// grade under each table; nested items or adjustments add each candidate's
/// score details under its group.
pub fn table(policy: &Policy, outcome: &Outcome) -> String {
    table_with(policy, outcome, TableOptions::default())
}

/// [`table`] in `options.language`, fitted to `options.width`.
pub fn table_with(policy: &Policy, outcome: &Outcome, options: TableOptions) -> String {
    let language = options.language;
    let places = places(policy);
    let adjustments = breakdown::shows_adjustments(outcome);
    let columns = breakdown::adjustment_columns(outcome);
    let grades = breakdown::shows_grades(outcome);
    let scale = breakdown::grade_scale(policy, outcome);
    let details = breakdown::shows_details(policy, outcome);
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
            (_, true) => tr!(language, "report-all-candidates"),
            (Some(label), false) => format!("{label} {}", group.name),
            (None, false) => group.name.clone(),
        };
        let quota = if breakdown::selects_nobody(policy) {
            tr!(language, "report-selects-nobody")
        } else {
            group.quota.map_or(tr!(language, "report-no-quota"), |q| {
                if group.revoked > 0 {
                    tr!(
                        language,
                        "report-quota-revoked",
                        quota = q,
                        selected = group.selected,
                        revoked = group.revoked,
                        held = group.selected.saturating_sub(group.revoked)
                    )
                } else {
                    tr!(
                        language,
                        "report-quota",
                        quota = q,
                        selected = group.selected
                    )
                }
            })
        };
        text.push('\n');
        text.push_str(&tr!(
            language,
            "report-cohort-line",
            heading = heading,
            eligible = group.eligible,
            quota = quota
        ));
        text.push('\n');

        let mut table = Table::new();
        table.load_preset(presets::UTF8_FULL_CONDENSED);
        table.set_content_arrangement(ContentArrangement::Disabled);
        let mut header = vec![
            Cell::new(tr!(language, "report-rank")),
            Cell::new(tr!(language, "report-id")),
            Cell::new(tr!(language, "report-name")),
            Cell::new(tr!(language, "report-status")),
        ];
        // The compact header, for a narrow terminal, leaves out the ids.
        let mut compact: Vec<Cell> = header.clone();
        for indicator in &policy.indicators {
            let label = indicator
                .label
                .clone()
                .unwrap_or_else(|| indicator.name.clone());
            header.push(Cell::new(format!(
                "{label}\n{}/{}",
                indicator.name, indicator.max
            )));
            compact.push(Cell::new(format!("{label}\n/{}", indicator.max)));
        }
        if adjustments {
            header.push(Cell::new(format!(
                "{}\n/{}",
                tr!(language, "report-base"),
                policy.header.total
            )));
            compact.push(header[header.len() - 1].clone());
            for column in &columns {
                header.push(Cell::new(format!("{}\n{}", column.heading(), column.name)));
                compact.push(Cell::new(column.heading()));
            }
        }
        header.push(Cell::new(format!(
            "{}\n/{}",
            tr!(language, "report-total"),
            policy.header.total
        )));
        compact.push(header[header.len() - 1].clone());
        if grades {
            header.push(Cell::new(tr!(language, "report-grade")));
            compact.push(header[header.len() - 1].clone());
        }
        let width = header.len();
        // The widest number (rank, score, points) or status word of each
        // column: a narrow terminal wraps labels and names, never these.
        let mut whole: Vec<usize> = vec![0; width];
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
                    Cell::new(tr!(
                        language,
                        "report-quota-line",
                        quota = group.quota.unwrap_or(0)
                    )),
                ];
                separator.extend((2..width).map(|_| Cell::new("")));
                table.add_row(separator);
            }
            let number = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
            let mut row = vec![
                Cell::new(candidate.rank.map_or("—".into(), |r| r.to_string())),
                Cell::new(&candidate.id),
                Cell::new(candidate.name.as_deref().unwrap_or("")),
                Cell::new(status_text(candidate, language)),
            ];
            for indicator in &candidate.indicators {
                row.push(number(
                    indicator
                        .score
                        .as_ref()
                        .map_or("—".into(), |s| s.to_fixed(places)),
                ));
            }
            if adjustments {
                row.push(number(
                    candidate
                        .base
                        .as_ref()
                        .map_or("—".into(), |b| b.to_fixed(places)),
                ));
                for column in &columns {
                    row.push(number(
                        breakdown::adjustment(candidate, &column.name)
                            .map_or("—".into(), |a| breakdown::signed_points(a, places)),
                    ));
                }
            }
            row.push(number(
                candidate
                    .total
                    .as_ref()
                    .map_or("—".into(), |t| t.to_fixed(places)),
            ));
            if grades {
                row.push(Cell::new(
                    candidate
                        .grade
                        .as_deref()
                        .map_or("—".into(), breakdown::grade_cell),
                ));
            }
            for (column, cell) in row.iter().enumerate() {
                keep_whole(&mut whole, column, &cell.content());
            }
            table.add_row(row);
        }
        fit(&mut table, compact, &whole, options.width);
        text.push_str(&table.to_string());
        text.push('\n');
        if grades {
            text.push_str(&format!(
                "  {}  {}\n",
                tr!(language, "report-grade-counts"),
                grade_counts(&scale, &members)
            ));
        }
        for finding in &group.findings {
            text.push_str(&format!("  {}\n", finding_line(finding, language)));
        }
        if details {
            text.push_str(&format!("\n{}\n", tr!(language, "report-score-details")));
            let rows: Vec<Vec<DetailRow>> = members
                .iter()
                .map(|candidate| breakdown::detail_rows(policy, candidate, places))
                .collect();
            let widths = detail_widths(rows.iter().flatten());
            for (candidate, rows) in members.iter().zip(&rows) {
                let name = candidate.display_name();
                text.push_str(&format!("{name} ({})\n", candidate.id));
                detail_lines(rows, widths, &mut text);
            }
        }
    }
    let with_findings: Vec<&CandidateOutcome> = outcome
        .candidates
        .iter()
        .filter(|c| !c.findings.is_empty())
        .collect();
    if !with_findings.is_empty() {
        text.push_str(&format!("\n{}\n", tr!(language, "report-findings")));
        for candidate in with_findings {
            let name = candidate.display_name();
            text.push_str(&format!("{name} ({})\n", candidate.id));
            for finding in &candidate.findings {
                text.push_str(&format!("  {}\n", finding_line(finding, language)));
            }
        }
    }
    text
}

/// `优秀 1 · 良好 2 · 合格 0`: every grade of the outcome, best first, with
/// how many of these candidates hold it.
pub(super) fn grade_counts(scale: &[String], members: &[&CandidateOutcome]) -> String {
    breakdown::grade_counts(scale, members)
        .iter()
        .map(|(grade, count)| format!("{grade} {count}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// What a detail row shows in its first column: indented by depth.
fn detail_what(row: &DetailRow) -> String {
    format!("{}{}", "  ".repeat(row.depth + 1), row.what)
}

/// The widths of the first two columns over a whole group, so that every
/// candidate's points line up under each other.
fn detail_widths<'a>(rows: impl Iterator<Item = &'a DetailRow> + Clone) -> (usize, usize) {
    let what = rows.clone().map(|r| detail_what(r).width()).max();
    let value = rows.map(|r| r.value.width()).max();
    (what.unwrap_or(0), value.unwrap_or(0))
}

/// The rows indented by depth, the points aligned in one column.
fn detail_lines(rows: &[DetailRow], (what_width, value_width): (usize, usize), text: &mut String) {
    for row in rows {
        let shown = detail_what(row);
        let mut line = format!(
            "{shown}{}  {}{}",
            " ".repeat(what_width - shown.width()),
            " ".repeat(value_width - row.value.width()),
            row.value
        );
        if !row.max.is_empty() {
            line.push_str(&format!(" / {}", row.max));
        }
        if !row.note.is_empty() {
            line.push_str(&format!("  {}", row.note));
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
}

/// Drops to the compact layout when the table's natural width is more than
/// `width`: the header without ids, and cells wrapped to fit, the widest
/// first (comfy-table's dynamic arrangement), so numbers stay whole.
fn fit(table: &mut Table, compact: Vec<Cell>, whole: &[usize], width: Option<u16>) {
    let Some(width) = width else {
        return;
    };
    let natural = table
        .lines()
        .next()
        .map_or(0, |line| UnicodeWidthStr::width(line.as_str()));
    if natural > usize::from(width) {
        table.set_header(compact);
        table.set_content_arrangement(ContentArrangement::Dynamic);
        table.set_width(width);
        for (index, &least) in whole.iter().enumerate() {
            // comfy-table's boundary counts the cell's padding, one space a side.
            if let (Some(column), Ok(least)) = (table.column_mut(index), u16::try_from(least + 2)) {
                if least > 2 {
                    column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(least)));
                }
            }
        }
    }
}

/// Notes the width of a cell that must not be split: a number (`92.00`,
/// `+2.00`, `−2.00`, `—`) anywhere, and the status word (column 3).
fn keep_whole(whole: &mut [usize], column: usize, text: &str) {
    let number = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '+' | '-' | '−' | '—'));
    let status = column == 3 && !text.contains(' ');
    if number || status {
        if let Some(widest) = whole.get_mut(column) {
            *widest = (*widest).max(text.width());
        }
    }
}

fn finding_line(finding: &Finding, language: Language) -> String {
    let clause = finding
        .clause
        .as_ref()
        .map(|c| format!(" [{c}]"))
        .unwrap_or_default();
    let severity = tr!(
        language,
        "report-severity",
        severity = finding.severity.as_str()
    );
    // Padded to the widest word, counted in columns (CJK words are double width).
    let padding = 7usize.saturating_sub(severity.width());
    format!(
        "{severity}{} {}{clause}",
        " ".repeat(padding),
        finding.message
    )
}

//! The ranking table for a terminal: a table per group, the selection line,
//! the score details when the policy has more than the table shows, and
//! the findings.

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};
use unicode_width::UnicodeWidthStr;

use crate::outcome::{CandidateOutcome, Finding, Outcome, Status};
use crate::policy::Policy;

use super::breakdown::{self, DetailRow};
use super::{members, places};

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

/// A ranking table per group, the selection line, and the findings. A
/// policy with a bonus or deduction adds the base and one column per block
/// before the total; a policy that grades adds 等次 after it and a count per
/// grade under each table; nested items or adjustments add each candidate's
/// score details under its group.
pub fn table(policy: &Policy, outcome: &Outcome) -> String {
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
            (_, true) => "全部候选 all candidates".to_string(),
            (Some(label), false) => format!("{label} {}", group.name),
            (None, false) => group.name.clone(),
        };
        let quota = if breakdown::selects_nobody(policy) {
            "assessed: the policy selects nobody".to_string()
        } else {
            group.quota.map_or("no quota".to_string(), |q| {
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
            })
        };
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
        if adjustments {
            header.push(Cell::new(format!("基础分\n/{}", policy.header.total)));
            for column in &columns {
                header.push(Cell::new(format!("{}\n{}", column.heading(), column.name)));
            }
        }
        header.push(Cell::new(format!("总分\n/{}", policy.header.total)));
        if grades {
            header.push(Cell::new("等次\ngrade"));
        }
        let width = header.len();
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
                separator.extend((2..width).map(|_| Cell::new("")));
                table.add_row(separator);
            }
            let number = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
            let mut row = vec![
                Cell::new(candidate.rank.map_or("—".into(), |r| r.to_string())),
                Cell::new(&candidate.id),
                Cell::new(candidate.name.as_deref().unwrap_or("")),
                Cell::new(status_text(candidate)),
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
                        .as_ref()
                        .map_or("—".into(), breakdown::grade_cell),
                ));
            }
            table.add_row(row);
        }
        text.push_str(&table.to_string());
        text.push('\n');
        if grades {
            text.push_str(&format!(
                "  等次 grades  {}\n",
                grade_counts(&scale, &members)
            ));
        }
        for finding in &group.findings {
            text.push_str(&format!("  {}\n", finding_line(finding)));
        }
        if details {
            text.push_str("\n得分明细 score details\n");
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
        text.push_str("\nfindings 发现\n");
        for candidate in with_findings {
            let name = candidate.display_name();
            text.push_str(&format!("{name} ({})\n", candidate.id));
            for finding in &candidate.findings {
                text.push_str(&format!("  {}\n", finding_line(finding)));
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

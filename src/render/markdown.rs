//! A Markdown report for an evaluation committee: the policy's header, a
//! ranking table and the selected list per cohort, every finding by severity,
//! and the readings (interpretations) the policy relies on. A policy with
//! bonus or deductions adds base and one column per block to the table; one
//! that grades adds 等次 and a count per grade; nested items or adjustments
//! add each candidate's score details. A policy that selects nobody gets
//! results instead of a ranking, and no list of the selected.
//!
//! The helpers shared with the HTML report (status and severity words,
//! cohort headings and members) live here too.

use crate::ast::{RoundingMode, Severity};
use crate::number::Number;
use crate::outcome::{CandidateOutcome, Finding, GroupOutcome, Outcome, Status};
use crate::policy::Policy;

use super::breakdown::{self, DetailRow};
use super::{members, places};

/// Severities in the order reports list them: the most serious first.
pub(super) const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// The status in Chinese and English, as a committee reads it.
pub(super) fn status_words(status: Status) -> &'static str {
    match status {
        Status::Selected => "入选 selected",
        Status::Ranked => "未入选 ranked",
        Status::Excluded => "排除 excluded",
        Status::Revoked => "撤销 revoked",
        Status::Scored => "已评分 scored",
    }
}

/// The status words followed by the flags the candidate carries (`+national`).
pub(super) fn status_with_flags(candidate: &CandidateOutcome) -> String {
    let mut text = status_words(candidate.status).to_string();
    for (flag, on) in &candidate.flags {
        if *on {
            text.push_str(" +");
            text.push_str(flag);
        }
    }
    text
}

/// The severity in Chinese and English.
pub(super) fn severity_words(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误 error",
        Severity::Warning => "警告 warning",
        Severity::Info => "提示 info",
    }
}

/// The cohort's heading: the group label and name (`市级 city`), or
/// `全部候选 all candidates` when the policy does not group.
pub(super) fn group_heading(group: &GroupOutcome) -> String {
    match (&group.label, group.name.is_empty()) {
        (_, true) => "全部候选 all candidates".to_string(),
        (Some(label), false) => format!("{label} {}", group.name),
        (None, false) => group.name.clone(),
    }
}

/// The candidate's name, or its id when it has none.
pub(super) fn display_name(candidate: &CandidateOutcome) -> &str {
    candidate.display_name()
}

/// How the header rounds each indicator, and how the total is made, in words.
pub(super) fn rounding_words(policy: &Policy, outcome: &Outcome) -> String {
    let sum = if breakdown::shows_adjustments(outcome) {
        "基础分为各项之和，总分为基础分加加分、减扣分 total = base + bonus − deductions"
    } else {
        "总分为各项之和"
    };
    match policy.header.rounding {
        Some((places, mode)) => {
            let mode = match mode {
                RoundingMode::HalfAwayFromZero => "四舍五入 half away from zero",
                RoundingMode::HalfEven => "四舍六入五成双 half even",
                RoundingMode::Down => "截断 down",
            };
            format!("每项指标得分保留 {places} 位小数（{mode}），{sum}")
        }
        None => "指标得分不取舍 exact scores".to_string(),
    }
}

/// The quota line of a cohort: how many were eligible, the quota, how many
/// it selected, and, shown apart, how many of those were revoked since and
/// how many titles are held, so a revoked title is never counted as held.
pub(super) fn quota_words(group: &GroupOutcome) -> String {
    match group.quota {
        Some(quota) if group.revoked > 0 => format!(
            "有效候选 eligible {}，名额 quota {quota}，入选 selected {}，撤销 revoked {}，实有称号 titles held {}（无人递补 nobody moves up）",
            group.eligible,
            group.selected,
            group.revoked,
            group.selected.saturating_sub(group.revoked)
        ),
        Some(quota) => format!(
            "有效候选 eligible {}，名额 quota {quota}，入选 selected {}",
            group.eligible, group.selected
        ),
        None => format!(
            "有效候选 eligible {}，本组不评选 no quota",
            group.eligible
        ),
    }
}

/// The cohort's summary line: the quota words, or for a policy that selects
/// nobody, how many were assessed, so that an assessment never reads as a
/// competition nobody won.
pub(super) fn cohort_words(policy: &Policy, group: &GroupOutcome) -> String {
    if breakdown::selects_nobody(policy) {
        format!(
            "有效候选 eligible {}，考核评分，不评选 assessed, nobody is selected",
            group.eligible
        )
    } else {
        quota_words(group)
    }
}

/// What a cohort's section is: a ranking, or for a policy that selects
/// nobody, the results of an assessment.
pub(super) fn cohort_title(policy: &Policy) -> &'static str {
    if breakdown::selects_nobody(policy) {
        "考核结果 results"
    } else {
        "排名 ranking"
    }
}

/// `优秀 1，良好 2，合格 0`: every grade of the outcome, best first, with
/// how many of the cohort hold it.
pub(super) fn grade_count_words(scale: &[String], members: &[&CandidateOutcome]) -> String {
    breakdown::grade_counts(scale, members)
        .iter()
        .map(|(grade, count)| format!("{grade} {count}"))
        .collect::<Vec<_>>()
        .join("，")
}

/// A grade cell: the grade and how a rule moved it, or `—`.
pub(super) fn grade_text(candidate: &CandidateOutcome) -> String {
    candidate
        .grade
        .as_ref()
        .map_or("—".to_string(), breakdown::grade_cell)
}

/// The revoked candidates of a cohort who ranked within `flag`'s top N:
/// the flag's list leaves them out and nobody moves up, which the reports say.
pub(super) fn revoked_within_flag<'a>(
    policy: &Policy,
    group: &GroupOutcome,
    members: &[&'a CandidateOutcome],
    flag: &str,
) -> Vec<&'a CandidateOutcome> {
    let top = policy
        .flags
        .iter()
        .filter(|f| f.flag.as_deref() == Some(flag))
        .find(|f| f.group.as_deref().is_none_or(|g| g == group.name))
        .map(|f| f.count);
    members
        .iter()
        .copied()
        .filter(|c| c.status == Status::Revoked)
        .filter(|c| matches!((c.rank, top), (Some(rank), Some(top)) if rank <= top))
        .collect()
}

/// A finding's clause in brackets, or nothing.
pub(super) fn clause_words(finding: &Finding) -> String {
    finding
        .clause
        .as_ref()
        .map(|clause| format!("［{clause}］"))
        .unwrap_or_default()
}

/// The names of the flags the policy sets, in declaration order, once each.
pub(super) fn flag_names(policy: &Policy) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for flag in policy.flags.iter().filter_map(|f| f.flag.as_deref()) {
        if !names.contains(&flag) {
            names.push(flag);
        }
    }
    names
}

/// A score, or `—` when there is none.
pub(super) fn score_text(score: Option<&Number>, places: u32) -> String {
    score.map_or("—".to_string(), |s| s.to_fixed(places))
}

/// Text made safe for Markdown, in a table cell or running text: line
/// breaks folded, `|` escaped, and the characters that would start markup
/// escaped. An underscore inside a word (`case_files`) starts no emphasis
/// and is left alone.
fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, &ch) in chars.iter().enumerate() {
        match ch {
            '\\' | '*' | '`' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(ch);
            }
            '_' => {
                let before = index > 0 && chars[index - 1].is_alphanumeric();
                let after = chars.get(index + 1).is_some_and(|c| c.is_alphanumeric());
                if !(before && after) {
                    out.push('\\');
                }
                out.push('_');
            }
            '\r' if chars.get(index + 1) == Some(&'\n') => {}
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// An identifier as inline code; safe in table cells as well.
fn code(text: &str) -> String {
    let text = text.replace('|', "\\|").replace(['\n', '\r'], " ");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// The committee's report in Markdown: title, version and source; per cohort
/// a ranking table (rank, id, name, status, each indicator, total), the
/// selected list and every flag's list; all findings by severity with the
/// candidate and clause; and the readings the policy relies on.
pub fn markdown(policy: &Policy, outcome: &Outcome) -> String {
    let places = places(policy);
    let header = &policy.header;
    let mut out = String::new();

    let title = outcome
        .title
        .as_deref()
        .or(header.title.as_deref())
        .unwrap_or(&outcome.policy_id);
    out.push_str(&format!("# {}\n\n", escape(title)));
    out.push_str(&format!("- 政策 policy: {}\n", code(&outcome.policy_id)));
    if let Some(version) = outcome.version.as_deref().or(header.version.as_deref()) {
        out.push_str(&format!("- 版本 version: {}\n", escape(version)));
    }
    if let Some(effective) = &header.effective {
        out.push_str(&format!("- 生效日期 effective: {}\n", escape(effective)));
    }
    if let Some(source) = &header.source {
        out.push_str(&format!("- 依据 source: {}\n", escape(source)));
    }
    out.push_str(&format!(
        "- 满分 total: {}（{} 项指标 indicators；{}）\n",
        header.total,
        policy.indicators.len(),
        rounding_words(policy, outcome)
    ));

    let flags = flag_names(policy);
    for group in &outcome.groups {
        let members = members(outcome, group);
        if members.is_empty() {
            continue;
        }
        let heading = group_heading(group);
        out.push_str(&format!(
            "\n## {} — {}\n\n",
            escape(&heading),
            cohort_title(policy)
        ));
        out.push_str(&format!("{}。\n\n", cohort_words(policy, group)));
        ranking_table(&mut out, policy, outcome, &members, places);
        if breakdown::shows_grades(outcome) {
            out.push_str(&format!(
                "\n等次分布 grades：{}。\n",
                escape(&grade_count_words(
                    &breakdown::grade_scale(policy, outcome),
                    &members
                ))
            ));
        }

        // An assessment selects nobody: no list of the selected at all.
        if !breakdown::selects_nobody(policy) {
            out.push_str(&format!(
                "\n### 入选名单 selected — {}\n\n",
                escape(&heading)
            ));
            selected_list(&mut out, group, &members, places);
        }
        for flag in &flags {
            out.push_str(&format!(
                "\n### 标记 flag {} — {}\n\n",
                code(flag),
                escape(&heading)
            ));
            let flagged: Vec<&&CandidateOutcome> = members
                .iter()
                .filter(|c| c.flags.iter().any(|(name, on)| name == flag && *on))
                .collect();
            list_candidates(&mut out, &flagged, places);
            let revoked = revoked_within_flag(policy, group, &members, flag);
            if !revoked.is_empty() {
                out.push_str(
                    "\n撤销 revoked（称号已撤销，不予报送，无人递补 not put forward, nobody moves up）:\n\n",
                );
                let revoked: Vec<&&CandidateOutcome> = revoked.iter().collect();
                list_candidates(&mut out, &revoked, places);
            }
        }
        if !group.findings.is_empty() {
            out.push('\n');
            for finding in &group.findings {
                out.push_str(&format!(
                    "> **{}**: {}{}\n",
                    severity_words(finding.severity),
                    escape(&finding.message),
                    escape(&clause_words(finding))
                ));
            }
        }
        if breakdown::shows_details(policy, outcome) {
            out.push_str(&format!(
                "\n### 得分明细 score details — {}\n",
                escape(&heading)
            ));
            for candidate in &members {
                out.push_str(&format!(
                    "\n#### {}（{}）\n\n",
                    escape(display_name(candidate)),
                    code(&candidate.id)
                ));
                detail_table(&mut out, &breakdown::detail_rows(policy, candidate, places));
            }
        }
    }

    out.push_str("\n## 发现 findings\n");
    for severity in SEVERITIES {
        let found: Vec<(&CandidateOutcome, &Finding)> = outcome
            .candidates
            .iter()
            .flat_map(|c| c.findings.iter().map(move |f| (c, f)))
            .filter(|(_, f)| f.severity == severity)
            .collect();
        out.push_str(&format!(
            "\n### {}（{}）\n\n",
            severity_words(severity),
            found.len()
        ));
        if found.is_empty() {
            out.push_str("无 none.\n");
            continue;
        }
        out.push_str("| 候选 candidate | id | 内容 message | 条款 clause | 规则 rule |\n");
        out.push_str("|---|---|---|---|---|\n");
        for (candidate, finding) in found {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                escape(display_name(candidate)),
                code(&candidate.id),
                escape(&finding.message),
                escape(finding.clause.as_deref().unwrap_or("—")),
                code(&super::finding_rule(finding))
            ));
        }
    }

    out.push_str("\n## 解释 readings\n\n");
    if policy.readings.is_empty() {
        out.push_str("本政策未声明解释 the policy declares no readings.\n");
    } else {
        out.push_str("本政策在原文不明确处采用以下解释 how the policy reads its source:\n\n");
        out.push_str("| # | 位置 place | 条款 cites | 解释 reading |\n");
        out.push_str("|---:|---|---|---|\n");
        for (index, reading) in policy.readings.iter().enumerate() {
            let cites = if reading.cites.is_empty() {
                "—".to_string()
            } else {
                reading.cites.join("；")
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                index + 1,
                escape(&reading_place(reading)),
                escape(&cites),
                escape(&reading.text)
            ));
        }
    }
    out
}

/// One candidate's details as a table; each level of items is indented by
/// an ideographic space, which a Markdown table keeps (it trims only ASCII
/// spaces).
fn detail_table(out: &mut String, rows: &[DetailRow]) {
    out.push_str("| 项目 item | 得分 points | 满分 max | 说明 note |\n");
    out.push_str("|---|---:|---:|---|\n");
    for row in rows {
        out.push_str(&format!(
            "| {}{} | {} | {} | {} |\n",
            "\u{3000}".repeat(row.depth),
            escape(&row.what),
            escape(&row.value),
            escape(&row.max),
            escape(&row.note)
        ));
    }
}

fn ranking_table(
    out: &mut String,
    policy: &Policy,
    outcome: &Outcome,
    members: &[&CandidateOutcome],
    places: u32,
) {
    let adjustments = breakdown::shows_adjustments(outcome);
    let columns = breakdown::adjustment_columns(outcome);
    let grades = breakdown::shows_grades(outcome);
    out.push_str("| 名次 rank | id | 名称 name | 状态 status |");
    for indicator in &policy.indicators {
        let label = indicator.label.as_deref().unwrap_or(&indicator.name);
        out.push_str(&format!(
            " {} {} /{} |",
            escape(label),
            code(&indicator.name),
            indicator.max
        ));
    }
    if adjustments {
        out.push_str(&format!(" 基础分 base /{} |", policy.header.total));
        for column in &columns {
            out.push_str(&format!(
                " {} {} |",
                escape(&column.heading()),
                code(&column.name)
            ));
        }
    }
    out.push_str(&format!(" 总分 total /{} |", policy.header.total));
    if grades {
        out.push_str(" 等次 grade |");
    }
    out.push_str("\n|---:|---|---|---|");
    for _ in &policy.indicators {
        out.push_str("---:|");
    }
    if adjustments {
        out.push_str(&"---:|".repeat(columns.len() + 1));
    }
    out.push_str("---:|");
    if grades {
        out.push_str("---|");
    }
    out.push('\n');
    for candidate in members {
        out.push_str(&format!(
            "| {} | {} | {} | {} |",
            candidate.rank.map_or("—".to_string(), |r| r.to_string()),
            code(&candidate.id),
            escape(candidate.name.as_deref().unwrap_or("")),
            escape(&status_with_flags(candidate))
        ));
        for indicator in &policy.indicators {
            let score = candidate
                .indicator(&indicator.name)
                .and_then(|i| i.score.as_ref());
            out.push_str(&format!(" {} |", score_text(score, places)));
        }
        if adjustments {
            out.push_str(&format!(
                " {} |",
                score_text(candidate.base.as_ref(), places)
            ));
            for column in &columns {
                let points = breakdown::adjustment(candidate, &column.name)
                    .map_or("—".to_string(), |a| breakdown::signed_points(a, places));
                out.push_str(&format!(" {points} |"));
            }
        }
        out.push_str(&format!(
            " {} |",
            score_text(candidate.total.as_ref(), places)
        ));
        if grades {
            out.push_str(&format!(" {} |", escape(&grade_text(candidate))));
        }
        out.push('\n');
    }
}

fn selected_list(
    out: &mut String,
    group: &GroupOutcome,
    members: &[&CandidateOutcome],
    places: u32,
) {
    if group.quota.is_none() {
        out.push_str("本组不评选 no quota in this group.\n");
        return;
    }
    let chosen: Vec<&&CandidateOutcome> = members
        .iter()
        .filter(|c| c.status == Status::Selected)
        .collect();
    list_candidates(out, &chosen, places);
    let revoked: Vec<&&CandidateOutcome> = members
        .iter()
        .filter(|c| c.status == Status::Revoked)
        .collect();
    if !revoked.is_empty() {
        out.push_str("\n撤销 revoked（选定后撤销，名额不递补 the place stays empty）:\n\n");
        list_candidates(out, &revoked, places);
    }
}

fn list_candidates(out: &mut String, candidates: &[&&CandidateOutcome], places: u32) {
    if candidates.is_empty() {
        out.push_str("无 none.\n");
        return;
    }
    for candidate in candidates {
        out.push_str(&format!(
            "- 第 {} 名：{}（{}），总分 total {}，{}\n",
            candidate.rank.map_or("—".to_string(), |r| r.to_string()),
            escape(display_name(candidate)),
            code(&candidate.id),
            score_text(candidate.total.as_ref(), places),
            escape(status_words(candidate.status))
        ));
    }
}

/// A reading's place, named by its clause rather than its line.
pub(super) fn reading_place(reading: &crate::policy::ReadingInfo) -> String {
    let cites: Vec<&str> = reading.cites.iter().map(String::as_str).collect();
    super::rule_place(&reading.place, &cites)
}

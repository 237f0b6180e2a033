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
use crate::messages::Language;
use crate::number::Number;
use crate::outcome::{CandidateOutcome, Finding, GroupOutcome, Outcome, Status};
use crate::policy::Policy;
use crate::tr;

use super::breakdown::{self, DetailRow};
use super::{members, places};

/// Whose words a report speaks: both languages side by side, as the
/// reports always did ([`markdown`], [`super::html::html`]), or the
/// reader's language alone ([`markdown_with`]).
#[derive(Clone, Copy)]
pub(super) enum Voice {
    Both,
    One(Language),
}

/// The words for `voice`: `both` as written, or the catalogue's message.
macro_rules! say {
    ($voice:expr, $both:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        match $voice {
            Voice::Both => String::from($both),
            Voice::One(language) => tr!(language, $id $(, $name = $value)*),
        }
    };
}

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

/// The status in `voice`.
pub(super) fn status_in(status: Status, voice: Voice) -> String {
    match voice {
        Voice::Both => status_words(status).to_string(),
        Voice::One(language) => super::status_words(status, language),
    }
}

/// The status words followed by the flags the candidate carries (`+national`).
pub(super) fn status_with_flags_in(candidate: &CandidateOutcome, voice: Voice) -> String {
    let mut text = status_in(candidate.status, voice);
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

/// The severity in `voice`.
pub(super) fn severity_in(severity: Severity, voice: Voice) -> String {
    say!(
        voice,
        severity_words(severity),
        "report-severity",
        severity = severity.as_str()
    )
}

/// The cohort's heading: the group label and name (`市级 city`), or
/// `全部候选 all candidates` when the policy does not group.
pub(super) fn group_heading_in(group: &GroupOutcome, voice: Voice) -> String {
    match (&group.label, group.name.is_empty()) {
        (_, true) => say!(voice, "全部候选 all candidates", "report-all-candidates"),
        (Some(label), false) => format!("{label} {}", group.name),
        (None, false) => group.name.clone(),
    }
}

/// The candidate's name, or its id when it has none.
pub(super) fn display_name(candidate: &CandidateOutcome) -> &str {
    candidate.display_name()
}

/// How the header rounds each indicator, and how the total is made, in words.
pub(super) fn rounding_words_in(policy: &Policy, outcome: &Outcome, voice: Voice) -> String {
    let sum = if breakdown::shows_adjustments(outcome) {
        say!(
            voice,
            "基础分为各项之和，总分为基础分加加分、减扣分 total = base + bonus − deductions",
            "report-md-sum-adjusted"
        )
    } else {
        say!(voice, "总分为各项之和", "report-md-sum")
    };
    match policy.header.rounding {
        Some((places, mode)) => {
            let (both, key) = match mode {
                RoundingMode::HalfAwayFromZero => {
                    ("四舍五入 half away from zero", "half_away_from_zero")
                }
                RoundingMode::HalfEven => ("四舍六入五成双 half even", "half_even"),
                RoundingMode::Down => ("截断 down", "down"),
            };
            let mode = say!(voice, both, "report-md-rounding-mode", mode = key);
            say!(
                voice,
                format!("每项指标得分保留 {places} 位小数（{mode}），{sum}"),
                "report-md-rounding",
                places = places.to_string(),
                mode = mode.as_str(),
                sum = sum.as_str()
            )
        }
        None => say!(voice, "指标得分不取舍 exact scores", "report-md-exact"),
    }
}

/// The quota line of a cohort: how many were eligible, the quota, how many
/// it selected, and, shown apart, how many of those were revoked since and
/// how many titles are held, so a revoked title is never counted as held.
fn quota_words_in(group: &GroupOutcome, voice: Voice) -> String {
    if let Voice::One(language) = voice {
        let eligible = group.eligible;
        return match group.quota {
            Some(quota) if group.revoked > 0 => tr!(
                language,
                "report-md-quota-revoked",
                eligible = eligible,
                quota = quota,
                selected = group.selected,
                revoked = group.revoked,
                held = group.selected.saturating_sub(group.revoked)
            ),
            Some(quota) => tr!(
                language,
                "report-md-quota",
                eligible = eligible,
                quota = quota,
                selected = group.selected
            ),
            None => tr!(language, "report-md-no-quota", eligible = eligible),
        };
    }
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
pub(super) fn cohort_words_in(policy: &Policy, group: &GroupOutcome, voice: Voice) -> String {
    if breakdown::selects_nobody(policy) {
        say!(
            voice,
            format!(
                "有效候选 eligible {}，考核评分，不评选 assessed, nobody is selected",
                group.eligible
            ),
            "report-md-assessed",
            eligible = group.eligible
        )
    } else {
        quota_words_in(group, voice)
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

pub(super) fn cohort_title_in(policy: &Policy, voice: Voice) -> String {
    if breakdown::selects_nobody(policy) {
        say!(voice, cohort_title(policy), "report-md-results")
    } else {
        say!(voice, cohort_title(policy), "report-md-ranking")
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
        .as_deref()
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
    write(policy, outcome, Voice::Both)
}

/// [`markdown`] in the reader's language alone (issue 15 §2): the same
/// sections and tables, with headings, status words and sentences from
/// `reports.ftl`. The policy's own words (labels, messages, clauses) stay
/// as written.
pub fn markdown_with(policy: &Policy, outcome: &Outcome, language: Language) -> String {
    write(policy, outcome, Voice::One(language))
}

fn write(policy: &Policy, outcome: &Outcome, voice: Voice) -> String {
    let places = places(policy);
    let header = &policy.header;
    let mut out = String::new();

    let title = outcome
        .title
        .as_deref()
        .or(header.title.as_deref())
        .unwrap_or(&outcome.policy_id);
    out.push_str(&format!("# {}\n\n", escape(title)));
    let id = code(&outcome.policy_id);
    let line = say!(
        voice,
        format!("政策 policy: {id}"),
        "report-md-policy",
        id = id.as_str()
    );
    out.push_str(&format!("- {line}\n"));
    if let Some(version) = outcome.version.as_deref().or(header.version.as_deref()) {
        let version = escape(version);
        let line = say!(
            voice,
            format!("版本 version: {version}"),
            "report-md-version",
            version = version.as_str()
        );
        out.push_str(&format!("- {line}\n"));
    }
    if let Some(effective) = &header.effective {
        let date = escape(effective);
        let line = say!(
            voice,
            format!("生效日期 effective: {date}"),
            "report-md-effective",
            date = date.as_str()
        );
        out.push_str(&format!("- {line}\n"));
    }
    if let Some(source) = &header.source {
        let source = escape(source);
        let line = say!(
            voice,
            format!("依据 source: {source}"),
            "report-md-source",
            source = source.as_str()
        );
        out.push_str(&format!("- {line}\n"));
    }
    let rounding = rounding_words_in(policy, outcome, voice);
    let line = say!(
        voice,
        format!(
            "满分 total: {}（{} 项指标 indicators；{rounding}）",
            header.total,
            policy.indicators.len()
        ),
        "report-md-total",
        total = header.total.to_string(),
        indicators = policy.indicators.len().to_string(),
        rounding = rounding.as_str()
    );
    out.push_str(&format!("- {line}\n"));

    let flags = flag_names(policy);
    for group in &outcome.groups {
        let members = members(outcome, group);
        if members.is_empty() {
            continue;
        }
        let heading = group_heading_in(group, voice);
        out.push_str(&format!(
            "\n## {} — {}\n\n",
            escape(&heading),
            cohort_title_in(policy, voice)
        ));
        out.push_str(&format!(
            "{}{}\n\n",
            cohort_words_in(policy, group, voice),
            say!(voice, "。", "report-md-full-stop")
        ));
        ranking_table(&mut out, policy, outcome, &members, places, voice);
        if breakdown::shows_grades(outcome) {
            let counts = escape(&grade_count_words(
                &breakdown::grade_scale(policy, outcome),
                &members,
            ));
            let line = say!(
                voice,
                format!("等次分布 grades：{counts}。"),
                "report-md-grades",
                counts = counts.as_str()
            );
            out.push_str(&format!("\n{line}\n"));
        }

        // An assessment selects nobody: no list of the selected at all.
        if !breakdown::selects_nobody(policy) {
            out.push_str(&format!(
                "\n### {} — {}\n\n",
                say!(voice, "入选名单 selected", "report-md-selected"),
                escape(&heading)
            ));
            selected_list(&mut out, group, &members, places, voice);
        }
        for flag in &flags {
            let flag_code = code(flag);
            out.push_str(&format!(
                "\n### {} — {}\n\n",
                say!(
                    voice,
                    format!("标记 flag {flag_code}"),
                    "report-md-flag",
                    flag = flag_code.as_str()
                ),
                escape(&heading)
            ));
            let flagged: Vec<&&CandidateOutcome> = members
                .iter()
                .filter(|c| c.flags.iter().any(|(name, on)| name == flag && *on))
                .collect();
            list_candidates(&mut out, &flagged, places, voice);
            let revoked = revoked_within_flag(policy, group, &members, flag);
            if !revoked.is_empty() {
                let words = say!(
                    voice,
                    "撤销 revoked（称号已撤销，不予报送，无人递补 not put forward, nobody moves up）:",
                    "report-md-flag-revoked"
                );
                out.push_str(&format!("\n{words}\n\n"));
                let revoked: Vec<&&CandidateOutcome> = revoked.iter().collect();
                list_candidates(&mut out, &revoked, places, voice);
            }
        }
        if !group.findings.is_empty() {
            out.push('\n');
            for finding in &group.findings {
                out.push_str(&format!(
                    "> **{}**: {}{}\n",
                    severity_in(finding.severity, voice),
                    escape(&finding.message),
                    escape(&clause_words(finding))
                ));
            }
        }
        if breakdown::shows_details(policy, outcome) {
            out.push_str(&format!(
                "\n### {} — {}\n",
                say!(voice, "得分明细 score details", "report-score-details"),
                escape(&heading)
            ));
            for candidate in &members {
                out.push_str(&format!(
                    "\n#### {}（{}）\n\n",
                    escape(display_name(candidate)),
                    code(&candidate.id)
                ));
                detail_table(
                    &mut out,
                    &breakdown::detail_rows(policy, candidate, places),
                    voice,
                );
            }
        }
    }

    out.push_str(&format!(
        "\n## {}\n",
        say!(voice, "发现 findings", "report-findings")
    ));
    for severity in SEVERITIES {
        let found: Vec<(&CandidateOutcome, &Finding)> = outcome
            .candidates
            .iter()
            .flat_map(|c| c.findings.iter().map(move |f| (c, f)))
            .filter(|(_, f)| f.severity == severity)
            .collect();
        let severity_count = say!(
            voice,
            format!("{}（{}）", severity_words(severity), found.len()),
            "report-md-severity-count",
            severity = severity_in(severity, voice),
            count = found.len().to_string()
        );
        out.push_str(&format!("\n### {severity_count}\n\n"));
        if found.is_empty() {
            out.push_str(&format!("{}\n", say!(voice, "无 none.", "report-md-none")));
            continue;
        }
        let columns = match voice {
            Voice::Both => {
                "| 候选 candidate | id | 内容 message | 条款 clause | 规则 rule |".to_string()
            }
            Voice::One(language) => format!(
                "| {} | {} | {} | {} | {} |",
                tr!(language, "report-md-candidate"),
                tr!(language, "report-id"),
                tr!(language, "report-md-message"),
                tr!(language, "report-md-clause"),
                tr!(language, "report-md-rule")
            ),
        };
        out.push_str(&format!("{columns}\n"));
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

    out.push_str(&format!(
        "\n## {}\n\n",
        say!(voice, "解释 readings", "report-md-readings")
    ));
    if policy.readings.is_empty() {
        let words = say!(
            voice,
            "本政策未声明解释 the policy declares no readings.",
            "report-md-no-readings"
        );
        out.push_str(&format!("{words}\n"));
    } else {
        let words = say!(
            voice,
            "本政策在原文不明确处采用以下解释 how the policy reads its source:",
            "report-md-readings-intro"
        );
        out.push_str(&format!("{words}\n\n"));
        let columns = match voice {
            Voice::Both => "| # | 位置 place | 条款 cites | 解释 reading |".to_string(),
            Voice::One(language) => format!(
                "| # | {} | {} | {} |",
                tr!(language, "report-md-place"),
                tr!(language, "report-md-clause"),
                tr!(language, "report-md-reading")
            ),
        };
        out.push_str(&format!("{columns}\n"));
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
fn detail_table(out: &mut String, rows: &[DetailRow], voice: Voice) {
    let columns = match voice {
        Voice::Both => "| 项目 item | 得分 points | 满分 max | 说明 note |".to_string(),
        Voice::One(language) => format!(
            "| {} | {} | {} | {} |",
            tr!(language, "report-md-item"),
            tr!(language, "report-md-points"),
            tr!(language, "report-max"),
            tr!(language, "report-md-note")
        ),
    };
    out.push_str(&format!("{columns}\n"));
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
    voice: Voice,
) {
    let adjustments = breakdown::shows_adjustments(outcome);
    let columns = breakdown::adjustment_columns(outcome);
    let grades = breakdown::shows_grades(outcome);
    let first = match voice {
        Voice::Both => "| 名次 rank | id | 名称 name | 状态 status |".to_string(),
        Voice::One(language) => format!(
            "| {} | {} | {} | {} |",
            tr!(language, "report-rank"),
            tr!(language, "report-id"),
            tr!(language, "report-name"),
            tr!(language, "report-status")
        ),
    };
    out.push_str(&first);
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
        out.push_str(&format!(
            " {} /{} |",
            say!(voice, "基础分 base", "report-base"),
            policy.header.total
        ));
        for column in &columns {
            out.push_str(&format!(
                " {} {} |",
                escape(&column.heading()),
                code(&column.name)
            ));
        }
    }
    out.push_str(&format!(
        " {} /{} |",
        say!(voice, "总分 total", "report-total"),
        policy.header.total
    ));
    if grades {
        out.push_str(&format!(" {} |", say!(voice, "等次 grade", "report-grade")));
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
            escape(&status_with_flags_in(candidate, voice))
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
    voice: Voice,
) {
    if group.quota.is_none() {
        let words = say!(
            voice,
            "本组不评选 no quota in this group.",
            "report-md-group-no-quota"
        );
        out.push_str(&format!("{words}\n"));
        return;
    }
    let chosen: Vec<&&CandidateOutcome> = members
        .iter()
        .filter(|c| c.status == Status::Selected)
        .collect();
    list_candidates(out, &chosen, places, voice);
    let revoked: Vec<&&CandidateOutcome> = members
        .iter()
        .filter(|c| c.status == Status::Revoked)
        .collect();
    if !revoked.is_empty() {
        let words = say!(
            voice,
            "撤销 revoked（选定后撤销，名额不递补 the place stays empty）:",
            "report-md-revoked"
        );
        out.push_str(&format!("\n{words}\n\n"));
        list_candidates(out, &revoked, places, voice);
    }
}

fn list_candidates(out: &mut String, candidates: &[&&CandidateOutcome], places: u32, voice: Voice) {
    if candidates.is_empty() {
        out.push_str(&format!("{}\n", say!(voice, "无 none.", "report-md-none")));
        return;
    }
    for candidate in candidates {
        let line = listed_line(candidate, places, voice, escape, &code(&candidate.id));
        out.push_str(&format!("- {line}\n"));
    }
}

/// One selected candidate in a list: rank, name, id (already marked up by the
/// report), total and status, with text escaped by the report's `escape`.
pub(super) fn listed_line(
    candidate: &CandidateOutcome,
    places: u32,
    voice: Voice,
    escape: fn(&str) -> String,
    id: &str,
) -> String {
    let rank = candidate.rank.map_or("—".to_string(), |r| r.to_string());
    let name = escape(display_name(candidate));
    let total = score_text(candidate.total.as_ref(), places);
    let status = escape(&status_in(candidate.status, voice));
    say!(
        voice,
        format!("第 {rank} 名：{name}（{id}），总分 total {total}，{status}"),
        "report-md-listed",
        rank = rank.as_str(),
        name = name.as_str(),
        id = id,
        total = total.as_str(),
        status = status.as_str()
    )
}

/// A reading's place, named by its clause rather than its line.
pub(super) fn reading_place(reading: &crate::policy::ReadingInfo) -> String {
    let cites: Vec<&str> = reading.cites.iter().map(String::as_str).collect();
    super::rule_place(&reading.place, &cites)
}

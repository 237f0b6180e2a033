//! A self-contained HTML report: one file with its styles inline and no
//! network references, readable on a desktop screen and printable. Per
//! cohort a ranking table and a stacked bar chart (inline SVG), then the
//! findings and the readings. The constructs of issue 14 are shown as in the
//! Markdown report (see there), the score details as a table per candidate.

use std::fmt::Write as _;

use crate::outcome::{CandidateOutcome, Finding, GroupOutcome, Outcome, Status};
use crate::policy::Policy;

use super::breakdown::{self, DetailRow};
use super::markdown::{
    self, clause_words, cohort_title_in, cohort_words_in, display_name, flag_names,
    grade_count_words, grade_text, group_heading_in, revoked_within_flag, rounding_words_in,
    score_text, severity_in, status_with_flags_in, Voice, SEVERITIES,
};
use crate::messages::Language;
use crate::tr;

/// The words for `voice`: the two-language HTML as written, or the
/// catalogue's message.
macro_rules! say {
    ($voice:expr, $both:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        match $voice {
            Voice::Both => String::from($both),
            Voice::One(language) => tr!(language, $id $(, $name = $value)*),
        }
    };
}
use super::{members, places};

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 24px 32px 48px; max-width: 1200px; color: #1d1d1f; background: #fff;
  font: 14px/1.5 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, sans-serif; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #1d1d1f; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.en { color: #666; font-weight: normal; }
header dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 0; }
header dt { color: #555; }
header dd { margin: 0; }
.summary { margin: 4px 0 10px; color: #333; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border: 1px solid #c8c8cc; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f2f2f5; font-weight: 600; vertical-align: bottom; }
th .id, td .id { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; color: #555; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.status-selected td { background: #f3f8f1; }
tr.status-revoked td, tr.status-excluded td { color: #777; }
tr.status-revoked td.status, tr.status-excluded td.status { color: #b3261e; }
tr.below-line td { border-top: 3px double #1d1d1f; }
.note { margin: 6px 0; padding: 6px 10px; border-left: 4px solid #d9a400; background: #fff8e1; }
.note.error { border-left-color: #b3261e; background: #fdecea; }
.chart { margin: 12px 0 0; }
.chart svg { display: block; max-width: 100%; height: auto; }
.chart text { font-size: 12px; fill: #1d1d1f; }
.chart .axis text { fill: #666; font-size: 11px; }
.chart .grid { stroke: #ddd; stroke-width: 1; }
.chart .track { fill: #eeeef2; }
.chart .status-revoked .segment { opacity: 0.4; }
.chart .quota-line { stroke: #1d1d1f; stroke-width: 1; stroke-dasharray: 4 3; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 4px 0 8px; padding: 0; }
.legend li { display: flex; align-items: center; gap: 6px; }
.legend svg { flex: none; }
ul.names { margin: 4px 0; padding-left: 20px; }
.severity-error { color: #b3261e; }
.severity-warning { color: #8a5a00; }
.severity-info { color: #33579a; }
section { margin-bottom: 8px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; color: #000; background: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  thead th, tr.status-selected td, .note, .note.error { background: none; }
  tr.status-selected td:first-child { font-weight: 700; }
  thead { display: table-header-group; }
  tr, .chart, .legend, .note { break-inside: avoid; page-break-inside: avoid; }
  section { break-inside: avoid; page-break-inside: avoid; }
  section.cohort { break-before: page; page-break-before: always; break-inside: auto; page-break-inside: auto; }
  section.cohort:first-of-type { break-before: auto; page-break-before: auto; }
  .chart .track { fill: none; stroke: #bbb; stroke-width: 0.5; }
  .chart .grid { stroke: #ccc; }
  th, td { border-color: #888; }
}
"#;

/// Escapes text for HTML content and attribute values: `&`, `<`, `>`, `"`
/// and `'`.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The committee's report as one self-contained HTML page: header, per
/// cohort a ranking table and a stacked horizontal bar chart of the
/// indicator scores (inline SVG, one bar per ranked candidate, segments
/// carrying `data-candidate`, `data-indicator` and `data-score`), the
/// findings by severity and the readings. No scripts, no external
/// resources; the output depends only on the policy and the outcome.
pub fn html(policy: &Policy, outcome: &Outcome) -> String {
    write_page(policy, outcome, Voice::Both)
}

/// [`html`] in the reader's language alone (issue 15 §2): the same page,
/// with headings, column names, status words and sentences from
/// `reports.ftl`; the policy's own words stay as written.
pub fn html_with(policy: &Policy, outcome: &Outcome, language: Language) -> String {
    write_page(policy, outcome, Voice::One(language))
}

fn write_page(policy: &Policy, outcome: &Outcome, voice: Voice) -> String {
    let places = places(policy);
    let header = &policy.header;
    let title = outcome
        .title
        .as_deref()
        .or(header.title.as_deref())
        .unwrap_or(&outcome.policy_id);
    let version = outcome.version.as_deref().or(header.version.as_deref());
    let mut out = String::new();
    let lang = match voice {
        Voice::One(Language::English) => "en",
        _ => "zh-CN",
    };
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">"
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<title>{}{}</title>",
        escape(title),
        version
            .map(|v| format!(" ({})", escape(v)))
            .unwrap_or_default()
    );
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");

    out.push_str("<header>\n");
    let _ = writeln!(out, "<h1>{}</h1>\n<dl>", escape(title));
    let mut fact = |term: &str, value: &str| {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{value}</dd>");
    };
    fact(
        &say!(voice, "政策 policy", "report-html-policy"),
        &format!("<span class=\"id\">{}</span>", escape(&outcome.policy_id)),
    );
    if let Some(version) = version {
        fact(
            &say!(voice, "版本 version", "report-xlsx-version"),
            &escape(version),
        );
    }
    if let Some(effective) = &header.effective {
        fact(
            &say!(voice, "生效日期 effective", "report-xlsx-effective"),
            &escape(effective),
        );
    }
    if let Some(source) = &header.source {
        fact(
            &say!(voice, "依据 source", "report-xlsx-source"),
            &escape(source),
        );
    }
    let rounding = rounding_words_in(policy, outcome, voice);
    fact(
        &say!(voice, "满分 total", "report-max"),
        &escape(&say!(
            voice,
            format!(
                "{}（{} 项指标 indicators；{rounding}）",
                header.total,
                policy.indicators.len()
            ),
            "report-html-total",
            total = header.total.to_string(),
            indicators = policy.indicators.len().to_string(),
            rounding = rounding.as_str()
        )),
    );
    out.push_str("</dl>\n</header>\n");

    let flags = flag_names(policy);
    for (index, group) in outcome.groups.iter().enumerate() {
        let members = members(outcome, group);
        if members.is_empty() {
            continue;
        }
        let heading = group_heading_in(group, voice);
        let title = match voice {
            Voice::Both => format!(
                "{} <span class=\"en\">{}</span>",
                escape(&heading),
                super::markdown::cohort_title(policy)
            ),
            Voice::One(_) => format!(
                "{} — {}",
                escape(&heading),
                escape(&cohort_title_in(policy, voice))
            ),
        };
        let _ = writeln!(
            out,
            "<section class=\"cohort\" id=\"cohort-{index}\">\n<h2>{title}</h2>"
        );
        let _ = writeln!(
            out,
            "<p class=\"summary\">{}</p>",
            escape(&cohort_words_in(policy, group, voice))
        );
        ranking_table(&mut out, policy, outcome, group, &members, places, voice);
        if breakdown::shows_grades(outcome) {
            let counts = escape(&grade_count_words(
                &breakdown::grade_scale(policy, outcome),
                &members,
            ));
            let _ = writeln!(
                out,
                "<p class=\"summary grades\">{}</p>",
                say!(
                    voice,
                    format!("等次分布 <span class=\"en\">grades</span>：{counts}"),
                    "report-md-grades",
                    counts = counts.as_str()
                )
            );
        }
        for finding in &group.findings {
            note(&mut out, finding, voice);
        }
        selected_lists(&mut out, policy, group, &members, &flags, places, voice);
        super::chart::chart(&mut out, policy, group, &members, places, voice);
        if breakdown::shows_details(policy, outcome) {
            details(&mut out, policy, &members, places, voice);
        }
        out.push_str("</section>\n");
    }

    findings(&mut out, outcome, voice);
    readings(&mut out, policy, voice);
    out.push_str("</body>\n</html>\n");
    out
}

fn ranking_table(
    out: &mut String,
    policy: &Policy,
    outcome: &Outcome,
    group: &GroupOutcome,
    members: &[&CandidateOutcome],
    places: u32,
    voice: Voice,
) {
    let adjustments = breakdown::shows_adjustments(outcome);
    let columns = breakdown::adjustment_columns(outcome);
    let grades = breakdown::shows_grades(outcome);
    match voice {
        Voice::Both => out.push_str("<table class=\"ranking\">\n<thead><tr><th class=\"num\">名次<br><span class=\"en\">rank</span></th><th>id</th><th>名称<br><span class=\"en\">name</span></th><th>状态<br><span class=\"en\">status</span></th>"),
        Voice::One(language) => {
            let _ = write!(
                out,
                "<table class=\"ranking\">\n<thead><tr><th class=\"num\">{}</th><th>{}</th><th>{}</th><th>{}</th>",
                escape(&tr!(language, "report-rank")),
                escape(&tr!(language, "report-id")),
                escape(&tr!(language, "report-name")),
                escape(&tr!(language, "report-status"))
            );
        }
    }
    for indicator in &policy.indicators {
        let label = indicator.label.as_deref().unwrap_or(&indicator.name);
        let _ = write!(
            out,
            "<th class=\"num\">{}<br><span class=\"id\">{}</span> /{}</th>",
            escape(label),
            escape(&indicator.name),
            indicator.max
        );
    }
    if adjustments {
        let _ = write!(
            out,
            "<th class=\"num\">{} /{}</th>",
            say!(
                voice,
                "基础分<br><span class=\"en\">base</span>",
                "report-base"
            ),
            policy.header.total
        );
        for column in &columns {
            let _ = write!(
                out,
                "<th class=\"num\">{}<br><span class=\"id\">{}</span></th>",
                escape(&column.heading()),
                escape(&column.name)
            );
        }
    }
    let _ = write!(
        out,
        "<th class=\"num\">{} /{}</th>",
        say!(
            voice,
            "总分<br><span class=\"en\">total</span>",
            "report-total"
        ),
        policy.header.total
    );
    if grades {
        let _ = write!(
            out,
            "<th>{}</th>",
            say!(
                voice,
                "等次<br><span class=\"en\">grade</span>",
                "report-grade"
            )
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let mut line_drawn = group.quota.is_none();
    for candidate in members {
        let mut classes = format!("status-{}", candidate.status.as_str());
        if !line_drawn && !matches!(candidate.status, Status::Selected | Status::Revoked) {
            line_drawn = true;
            classes.push_str(" below-line");
        }
        let _ = write!(
            out,
            "<tr class=\"{classes}\" data-candidate=\"{}\"><td class=\"num\">{}</td><td><span class=\"id\">{}</span></td><td>{}</td><td class=\"status\">{}</td>",
            escape(&candidate.id),
            candidate.rank.map_or("—".to_string(), |r| r.to_string()),
            escape(&candidate.id),
            escape(candidate.name.as_deref().unwrap_or("")),
            escape(&status_with_flags_in(candidate, voice))
        );
        for indicator in &policy.indicators {
            let score = candidate
                .indicator(&indicator.name)
                .and_then(|i| i.score.as_ref());
            let _ = write!(out, "<td class=\"num\">{}</td>", score_text(score, places));
        }
        if adjustments {
            let _ = write!(
                out,
                "<td class=\"num\">{}</td>",
                score_text(candidate.base.as_ref(), places)
            );
            for column in &columns {
                let points = breakdown::adjustment(candidate, &column.name)
                    .map_or("—".to_string(), |a| breakdown::signed_points(a, places));
                let _ = write!(out, "<td class=\"num\">{points}</td>");
            }
        }
        let _ = write!(
            out,
            "<td class=\"num\">{}</td>",
            score_text(candidate.total.as_ref(), places)
        );
        if grades {
            let _ = write!(
                out,
                "<td class=\"grade\">{}</td>",
                escape(&grade_text(candidate))
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn note(out: &mut String, finding: &Finding, voice: Voice) {
    let _ = writeln!(
        out,
        "<p class=\"note {}\"><strong>{}</strong>：{}{}</p>",
        finding.severity.as_str(),
        escape(&severity_in(finding.severity, voice)),
        escape(&finding.message),
        escape(&clause_words(finding))
    );
}

fn name_list(out: &mut String, candidates: &[&CandidateOutcome], places: u32, voice: Voice) {
    if candidates.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", say!(voice, "无 none.", "report-md-none"));
        return;
    }
    out.push_str("<ul class=\"names\">\n");
    for candidate in candidates {
        let id = format!("<span class=\"id\">{}</span>", escape(&candidate.id));
        let line = markdown::listed_line(candidate, places, voice, escape, &id);
        let _ = writeln!(out, "<li>{line}</li>");
    }
    out.push_str("</ul>\n");
}

fn selected_lists(
    out: &mut String,
    policy: &Policy,
    group: &GroupOutcome,
    members: &[&CandidateOutcome],
    flags: &[&str],
    places: u32,
    voice: Voice,
) {
    if breakdown::selects_nobody(policy) && flags.is_empty() {
        return;
    }
    out.push_str("<section class=\"selected\">\n");
    if breakdown::selects_nobody(policy) {
        // An assessment: no list of the selected, only the flags' lists.
    } else if group.quota.is_none() {
        let _ = writeln!(out, "<h3>{}</h3>", selected_heading(voice));
        let _ = writeln!(
            out,
            "<p>{}</p>",
            say!(
                voice,
                "本组不评选 no quota in this group.",
                "report-md-group-no-quota"
            )
        );
    } else {
        let _ = writeln!(out, "<h3>{}</h3>", selected_heading(voice));
        let chosen: Vec<&CandidateOutcome> = members
            .iter()
            .copied()
            .filter(|c| c.status == Status::Selected)
            .collect();
        name_list(out, &chosen, places, voice);
        let revoked: Vec<&CandidateOutcome> = members
            .iter()
            .copied()
            .filter(|c| c.status == Status::Revoked)
            .collect();
        if !revoked.is_empty() {
            let words = say!(
                voice,
                "撤销 revoked（选定后撤销，名额不递补 the place stays empty）：",
                "report-md-revoked"
            );
            let _ = writeln!(out, "<p>{words}</p>");
            name_list(out, &revoked, places, voice);
        }
    }
    for flag in flags {
        let flag_id = format!("<span class=\"id\">{}</span>", escape(flag));
        let _ = writeln!(
            out,
            "<h3>{}</h3>",
            say!(
                voice,
                format!("标记 <span class=\"en\">flag</span> {flag_id}"),
                "report-md-flag",
                flag = flag_id.as_str()
            )
        );
        let flagged: Vec<&CandidateOutcome> = members
            .iter()
            .copied()
            .filter(|c| c.flags.iter().any(|(name, on)| name == flag && *on))
            .collect();
        name_list(out, &flagged, places, voice);
        let revoked = revoked_within_flag(policy, group, members, flag);
        if !revoked.is_empty() {
            let words = say!(
                voice,
                "撤销 revoked（称号已撤销，不予报送，无人递补 not put forward, nobody moves up）：",
                "report-md-flag-revoked"
            );
            let _ = writeln!(out, "<p>{words}</p>");
            name_list(out, &revoked, places, voice);
        }
    }
    out.push_str("</section>\n");
}

fn selected_heading(voice: Voice) -> String {
    say!(
        voice,
        "入选名单 <span class=\"en\">selected</span>",
        "report-md-selected"
    )
}

/// Each candidate's score details: the item tree, base, bonus and
/// deductions with their reasons, total and grade. Indentation is inline so
/// that pages of policies without these constructs keep their stylesheet.
fn details(
    out: &mut String,
    policy: &Policy,
    members: &[&CandidateOutcome],
    places: u32,
    voice: Voice,
) {
    let _ = writeln!(
        out,
        "<section class=\"details\">\n<h3>{}</h3>",
        say!(
            voice,
            "得分明细 <span class=\"en\">score details</span>",
            "report-score-details"
        )
    );
    for candidate in members {
        let _ = writeln!(
            out,
            "<h4>{}（<span class=\"id\">{}</span>）</h4>",
            escape(display_name(candidate)),
            escape(&candidate.id)
        );
        let _ = writeln!(
            out,
            "<table class=\"detail\" data-candidate=\"{}\">\n<thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>\n<tbody>",
            escape(&candidate.id),
            say!(voice, "项目 <span class=\"en\">item</span>", "report-md-item"),
            say!(voice, "得分 <span class=\"en\">points</span>", "report-md-points"),
            say!(voice, "满分 <span class=\"en\">max</span>", "report-max"),
            say!(voice, "说明 <span class=\"en\">note</span>", "report-md-note")
        );
        for DetailRow {
            depth,
            what,
            value,
            max,
            note,
        } in breakdown::detail_rows(policy, candidate, places)
        {
            let _ = writeln!(
                out,
                "<tr data-depth=\"{depth}\"><td style=\"padding-left: {}px\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                8 + 16 * depth,
                escape(&what),
                escape(&value),
                escape(&max),
                escape(&note)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

fn findings(out: &mut String, outcome: &Outcome, voice: Voice) {
    let _ = writeln!(
        out,
        "<section class=\"findings\">\n<h2>{}</h2>",
        say!(
            voice,
            "发现 <span class=\"en\">findings</span>",
            "report-findings"
        )
    );
    for severity in SEVERITIES {
        let found: Vec<(&CandidateOutcome, &Finding)> = outcome
            .candidates
            .iter()
            .flat_map(|c| c.findings.iter().map(move |f| (c, f)))
            .filter(|(_, f)| f.severity == severity)
            .collect();
        let _ = writeln!(
            out,
            "<section class=\"severity\">\n<h3 class=\"severity-{}\">{}</h3>",
            severity.as_str(),
            escape(&say!(
                voice,
                format!(
                    "{}（{}）",
                    super::markdown::severity_words(severity),
                    found.len()
                ),
                "report-md-severity-count",
                severity = severity_in(severity, voice),
                count = found.len().to_string()
            ))
        );
        if found.is_empty() {
            let _ = writeln!(
                out,
                "<p>{}</p>\n</section>",
                say!(voice, "无 none.", "report-md-none")
            );
            continue;
        }
        let _ = writeln!(
            out,
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
            say!(voice, "候选 <span class=\"en\">candidate</span>", "report-md-candidate"),
            say!(voice, "id", "report-id"),
            say!(voice, "内容 <span class=\"en\">message</span>", "report-md-message"),
            say!(voice, "条款 <span class=\"en\">clause</span>", "report-md-clause"),
            say!(voice, "规则 <span class=\"en\">rule</span>", "report-md-rule")
        );
        for (candidate, finding) in found {
            let _ = writeln!(
                out,
                "<tr data-candidate=\"{}\"><td>{}</td><td><span class=\"id\">{}</span></td><td>{}</td><td>{}</td><td><span class=\"id\">{}</span></td></tr>",
                escape(&candidate.id),
                escape(display_name(candidate)),
                escape(&candidate.id),
                escape(&finding.message),
                escape(finding.clause.as_deref().unwrap_or("—")),
                escape(&super::finding_rule(finding))
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    out.push_str("</section>\n");
}

fn readings(out: &mut String, policy: &Policy, voice: Voice) {
    let _ = writeln!(
        out,
        "<section class=\"readings\">\n<h2>{}</h2>",
        say!(
            voice,
            "解释 <span class=\"en\">readings</span>",
            "report-md-readings"
        )
    );
    if policy.readings.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>\n</section>",
            say!(
                voice,
                "本政策未声明解释 the policy declares no readings.",
                "report-md-no-readings"
            )
        );
        return;
    }
    let _ = writeln!(
        out,
        "<p>{}</p>",
        say!(
            voice,
            "本政策在原文不明确处采用以下解释 how the policy reads its source:",
            "report-md-readings-intro"
        )
    );
    let _ = writeln!(
        out,
        "<table>\n<thead><tr><th class=\"num\">#</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        say!(voice, "位置 <span class=\"en\">place</span>", "report-md-place"),
        say!(voice, "条款 <span class=\"en\">cites</span>", "report-md-clause"),
        say!(voice, "解释 <span class=\"en\">reading</span>", "report-md-reading")
    );
    for (index, reading) in policy.readings.iter().enumerate() {
        let cites = if reading.cites.is_empty() {
            "—".to_string()
        } else {
            reading.cites.join("；")
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td><span class=\"id\">{}</span></td><td>{}</td><td>{}</td></tr>",
            index + 1,
            escape(&super::markdown::reading_place(reading)),
            escape(&cites),
            escape(&reading.text)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

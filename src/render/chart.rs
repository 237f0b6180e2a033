//! The HTML report's stacked bar chart (inline SVG): one bar per ranked
//! candidate, one segment per indicator.

use std::fmt::Write as _;

use crate::number::Number;
use crate::outcome::{CandidateOutcome, GroupOutcome, Status};
use crate::policy::Policy;
use crate::tr;

use super::html::escape;
use super::markdown::{display_name, group_heading_in, score_text, Voice};

/// The words for `voice`: the two-language page as written, or the
/// catalogue's message.
macro_rules! say {
    ($voice:expr, $both:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        match $voice {
            Voice::Both => String::from($both),
            Voice::One(language) => tr!(language, $id $(, $name = $value)*),
        }
    };
}

/// Indicator colours, in declaration order (repeated past ten indicators).
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];
/// Chart geometry, in px: the label column, the bar for the policy's full
/// total, the total column, a row, a bar, and the axis above the rows.
const LABEL_WIDTH: i128 = 230;
const SCALE_WIDTH: i128 = 600;
const TOTAL_WIDTH: i128 = 70;
const ROW_HEIGHT: i128 = 24;
const BAR_HEIGHT: i128 = 16;
const AXIS_HEIGHT: i128 = 22;

/// A px coordinate, exact to the hundredth.
fn px(number: &Number) -> String {
    number.to_fixed(2)
}

fn int(value: i128) -> Number {
    Number::from_integer(value)
}

/// The stacked bar chart: one bar per ranked candidate, one segment per
/// indicator whose width is the shown score × (scale width ÷ policy total),
/// over a faint track as wide as the policy's total (the sum of the maxima).
pub(super) fn chart(
    out: &mut String,
    policy: &Policy,
    group: &GroupOutcome,
    members: &[&CandidateOutcome],
    places: u32,
    voice: Voice,
) {
    // Everyone with a total gets a bar: ranked candidates, and the scored
    // ones of a policy that does not rank.
    let ranked: Vec<&CandidateOutcome> = members
        .iter()
        .copied()
        .filter(|c| c.total.is_some())
        .collect();
    let _ = writeln!(
        out,
        "<section class=\"chart\">\n<h3>{}</h3>",
        say!(
            voice,
            "得分构成 <span class=\"en\">score by indicator</span>",
            "report-html-chart"
        )
    );
    if ranked.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>\n</section>",
            say!(
                voice,
                "无排名候选 nobody was ranked.",
                "report-html-nobody-ranked"
            )
        );
        return;
    }
    out.push_str("<ul class=\"legend\">\n");
    for (index, indicator) in policy.indicators.iter().enumerate() {
        let label = indicator.label.as_deref().unwrap_or(&indicator.name);
        let _ = writeln!(
            out,
            "<li><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" fill=\"{}\"/></svg>{} <span class=\"id\">{}</span> /{}</li>",
            PALETTE[index % PALETTE.len()],
            escape(label),
            escape(&indicator.name),
            indicator.max
        );
    }
    out.push_str("</ul>\n");

    let total = &policy.header.total;
    let per_point = int(SCALE_WIDTH)
        .divide(total)
        .expect("the checker keeps the total positive");
    let width = LABEL_WIDTH + SCALE_WIDTH + TOTAL_WIDTH;
    let height = AXIS_HEIGHT + ROW_HEIGHT * ranked.len() as i128 + 4;
    let _ = writeln!(
        out,
        "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">",
        escape(&say!(
            voice,
            format!("{} 得分构成", group_heading_in(group, voice)),
            "report-html-chart-label",
            group = group_heading_in(group, voice)
        ))
    );

    // Axis: quarters of the total, with grid lines through the rows.
    out.push_str("<g class=\"axis\">\n");
    for quarter in 0..=4 {
        let value = total
            .multiply(&int(quarter))
            .divide(&int(4))
            .expect("4 is not zero");
        let x = int(LABEL_WIDTH).add(&value.multiply(&per_point));
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{height}\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            AXIS_HEIGHT - 4,
            AXIS_HEIGHT - 8,
            value.to_fixed(if value.is_integer() { 0 } else { 1 }),
            x = px(&x)
        );
    }
    out.push_str("</g>\n");

    let mut line_drawn = group.quota.is_none();
    for (row, candidate) in ranked.iter().enumerate() {
        let top = AXIS_HEIGHT + ROW_HEIGHT * row as i128;
        if !line_drawn && !matches!(candidate.status, Status::Selected | Status::Revoked) {
            line_drawn = true;
            let _ = writeln!(
                out,
                "<line class=\"quota-line\" x1=\"0\" y1=\"{top}\" x2=\"{width}\" y2=\"{top}\"><title>名额线 quota {}</title></line>",
                group.quota.unwrap_or(0)
            );
        }
        let bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2;
        let baseline = top + ROW_HEIGHT / 2 + 4;
        let _ = writeln!(
            out,
            "<g class=\"bar status-{}\" data-candidate=\"{}\">",
            candidate.status.as_str(),
            escape(&candidate.id)
        );
        let _ = writeln!(
            out,
            "<text x=\"4\" y=\"{baseline}\">{}{}{}</text>",
            candidate.rank.map_or(String::new(), |r| format!("{r} ")),
            escape(display_name(candidate)),
            match candidate.status {
                Status::Revoked => say!(voice, "（撤销）", "report-chart-revoked"),
                _ => String::new(),
            }
        );
        let _ = writeln!(
            out,
            "<rect class=\"track\" x=\"{LABEL_WIDTH}\" y=\"{bar_top}\" width=\"{SCALE_WIDTH}\" height=\"{BAR_HEIGHT}\"><title>满分 {total}</title></rect>"
        );
        let mut x = int(LABEL_WIDTH);
        for (index, indicator) in policy.indicators.iter().enumerate() {
            let label = indicator.label.as_deref().unwrap_or(&indicator.name);
            let shown = candidate
                .indicator(&indicator.name)
                .and_then(|i| i.score.as_ref())
                .map(|s| s.to_fixed(places))
                .unwrap_or_else(|| Number::zero().to_fixed(places));
            // The width follows the score as shown, so `data-score` and the
            // width are exactly proportional.
            let score = Number::parse_decimal(&shown).expect("to_fixed writes a decimal");
            let segment = score.multiply(&per_point);
            let _ = writeln!(
                out,
                "<rect class=\"segment\" x=\"{}\" y=\"{bar_top}\" width=\"{}\" height=\"{BAR_HEIGHT}\" fill=\"{}\" data-candidate=\"{}\" data-indicator=\"{}\" data-score=\"{shown}\"><title>{}: {shown} / {}</title></rect>",
                px(&x),
                px(&segment),
                PALETTE[index % PALETTE.len()],
                escape(&candidate.id),
                escape(&indicator.name),
                escape(label),
                indicator.max
            );
            x = x.add(&segment);
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{baseline}\">{}</text>\n</g>",
            LABEL_WIDTH + SCALE_WIDTH + 6,
            score_text(candidate.total.as_ref(), places)
        );
    }
    out.push_str("</svg>\n</section>\n");
}
